// The package's own index.d.ts declares `module "mgrs"` (not a module file), so
// TypeScript cannot use it for "geographiclib-mgrs". This declares what we use.
declare module "geographiclib-mgrs" {
  interface GeographicLibMgrs {
    /** [lon, lat] -> MGRS string; accuracy 5 = 1 m … 0 = 100 km. */
    forward(lonLat: [number, number], accuracy?: number): string;
    /** MGRS -> [west, south, east, north] of the referenced square. */
    inverse(mgrs: string): [number, number, number, number];
    /** MGRS -> [lon, lat] of the square's centre (default) or SW corner. Throws Error on bad input. */
    toPoint(mgrs: string, centre?: boolean): [number, number];
  }
  const mgrs: GeographicLibMgrs;
  export default mgrs;
}
