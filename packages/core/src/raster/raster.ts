/**
 * The raster model shared by terrain, cost and analysis code: one band in a
 * typed array, flat index `row * width + col`, north-up (no rotation).
 */
export type RasterArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

export interface Crs {
  /** EPSG code when known (4326 for WGS84 lon/lat, 326zz/327zz for UTM). */
  epsg: number | null;
  /** True for lon/lat grids (cell sizes in degrees). */
  geographic: boolean;
  /** proj4 definition for projected CRSs (set by the reader when known). */
  proj4?: string;
}

export interface GridSpec {
  width: number;
  height: number;
  /** x (easting or longitude) of the west edge of column 0. */
  originX: number;
  /** y (northing or latitude) of the north edge of row 0. */
  originY: number;
  /** Cell size along x, > 0, in CRS units (degrees on geographic grids). */
  pixelSizeX: number;
  /** Cell size along y, > 0; rows run southwards. */
  pixelSizeY: number;
  crs: Crs;
}

export interface Raster<T extends RasterArray = RasterArray> extends GridSpec {
  data: T;
  /** Declared nodata value (NaN and ±Infinity cells are always nodata too). */
  nodata: number | null;
}

export const WGS84_CRS: Crs = Object.freeze({ epsg: 4326, geographic: true });

/** Centre of cell (col, row) in CRS coordinates. */
export function cellCentre(grid: GridSpec, col: number, row: number): [number, number] {
  return [grid.originX + (col + 0.5) * grid.pixelSizeX, grid.originY - (row + 0.5) * grid.pixelSizeY];
}

/** Cell containing (x, y) (floor rule, as GRASS and skimage use), or null outside. */
export function cellAt(grid: GridSpec, x: number, y: number): { col: number; row: number } | null {
  const col = Math.floor((x - grid.originX) / grid.pixelSizeX);
  const row = Math.floor((grid.originY - y) / grid.pixelSizeY);
  if (col < 0 || row < 0 || col >= grid.width || row >= grid.height) return null;
  return { col, row };
}

/** Nodata: the declared nodata value, NaN, or ±Infinity (no real elevation or cost is infinite). */
export function isNodata(raster: Raster, index: number): boolean {
  const v = raster.data[index]!;
  return !Number.isFinite(v) || (raster.nodata !== null && v === raster.nodata);
}

/** [west, south, east, north] of the grid in CRS units. */
export function gridBounds(grid: GridSpec): [number, number, number, number] {
  return [
    grid.originX,
    grid.originY - grid.height * grid.pixelSizeY,
    grid.originX + grid.width * grid.pixelSizeX,
    grid.originY,
  ];
}

/**
 * Bilinear interpolation between cell centres; NaN when any of the four
 * neighbours is nodata or (x, y) lies outside the centres' hull.
 */
export function sampleBilinear(raster: Raster, x: number, y: number): number {
  const fx = (x - raster.originX) / raster.pixelSizeX - 0.5;
  const fy = (raster.originY - y) / raster.pixelSizeY - 0.5;
  const c0 = Math.floor(fx);
  const r0 = Math.floor(fy);
  const { width, height } = raster;
  // Clamp to the outermost centres within half a cell of the edge.
  const cc0 = Math.min(Math.max(c0, 0), width - 1);
  const rr0 = Math.min(Math.max(r0, 0), height - 1);
  const cc1 = Math.min(c0 + 1, width - 1);
  const rr1 = Math.min(r0 + 1, height - 1);
  if (fx < -0.5 || fy < -0.5 || fx > width - 0.5 || fy > height - 0.5) return NaN;
  const tx = c0 < 0 ? 0 : c0 >= width - 1 ? 0 : fx - c0;
  const ty = r0 < 0 ? 0 : r0 >= height - 1 ? 0 : fy - r0;
  const i00 = rr0 * width + cc0;
  const i01 = rr0 * width + Math.max(cc1, 0);
  const i10 = Math.max(rr1, 0) * width + cc0;
  const i11 = Math.max(rr1, 0) * width + Math.max(cc1, 0);
  for (const i of [i00, i01, i10, i11]) if (isNodata(raster, i)) return NaN;
  const d = raster.data;
  const top = d[i00]! * (1 - tx) + d[i01]! * tx;
  const bottom = d[i10]! * (1 - tx) + d[i11]! * tx;
  return top * (1 - ty) + bottom * ty;
}
