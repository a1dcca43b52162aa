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

/**
 * A grid's coordinate reference system: WGS84 lon/lat (degrees) or a projected CRS (metres).
 */
export interface Crs {
  /** EPSG code when known (4326 for WGS84 lon/lat, 326zz/327zz for UTM). */
  epsg: number | null;
  /** True for lon/lat grids (cell sizes in degrees). */
  geographic: boolean;
  /** proj4 definition for projected CRSs (set by the reader when known). */
  proj4?: string;
}

/**
 * A north-up grid: size in cells, origin (north-west corner) and cell size in CRS units (degrees or metres).
 */
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

/**
 * A grid with one value per cell (row-major from the north-west corner) and its nodata value.
 */
export interface Raster<T extends RasterArray = RasterArray> extends GridSpec {
  data: T;
  /** Declared nodata value (NaN and ±Infinity cells are always nodata too). */
  nodata: number | null;
}

/**
 * WGS84 lon/lat (EPSG:4326): coordinates and cell sizes in degrees.
 */
export const WGS84_CRS: Crs = Object.freeze({ epsg: 4326, geographic: true });

/**
 * Centre of cell (col, row) in CRS coordinates.
 *
 * @example
 * ```ts
 * import { cellCentre, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 10, height: 10, originX: 38, originY: 36, pixelSizeX: 0.1, pixelSizeY: 0.1, crs: WGS84_CRS };
 * cellCentre(grid, 0, 0); // [38.05, 35.95]
 * ```
 */
export function cellCentre(grid: GridSpec, col: number, row: number): [number, number] {
  return [grid.originX + (col + 0.5) * grid.pixelSizeX, grid.originY - (row + 0.5) * grid.pixelSizeY];
}

/**
 * Cell containing (x, y) (floor rule, as GRASS and skimage use), or null outside.
 *
 * @example
 * ```ts
 * import { cellAt, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 10, height: 10, originX: 38, originY: 36, pixelSizeX: 0.1, pixelSizeY: 0.1, crs: WGS84_CRS };
 * cellAt(grid, 38.25, 35.95); // { col: 2, row: 0 }
 * cellAt(grid, 40, 35); // null: outside
 * ```
 */
export function cellAt(grid: GridSpec, x: number, y: number): { col: number; row: number } | null {
  const col = Math.floor((x - grid.originX) / grid.pixelSizeX);
  const row = Math.floor((grid.originY - y) / grid.pixelSizeY);
  if (col < 0 || row < 0 || col >= grid.width || row >= grid.height) return null;
  return { col, row };
}

/**
 * Nodata: the declared nodata value, NaN, or ±Infinity (no real elevation or cost is infinite).
 *
 * @example
 * ```ts
 * import { isNodata, WGS84_CRS } from "@syraq/core";
 * const r = { width: 2, height: 1, originX: 0, originY: 1, pixelSizeX: 1, pixelSizeY: 1, crs: WGS84_CRS,
 *   data: new Float32Array([-9999, 250]), nodata: -9999 };
 * isNodata(r, 0); // true
 * ```
 */
export function isNodata(raster: Raster, index: number): boolean {
  const v = raster.data[index]!;
  return !Number.isFinite(v) || (raster.nodata !== null && v === raster.nodata);
}

/**
 * [west, south, east, north] of the grid in CRS units.
 *
 * @example
 * ```ts
 * import { gridBounds, WGS84_CRS } from "@syraq/core";
 * gridBounds({ width: 10, height: 5, originX: 38, originY: 36, pixelSizeX: 0.1, pixelSizeY: 0.1, crs: WGS84_CRS });
 * // [38, 35.5, 39, 36]
 * ```
 */
export function gridBounds(grid: GridSpec): [number, number, number, number] {
  return [
    grid.originX,
    grid.originY - grid.height * grid.pixelSizeY,
    grid.originX + grid.width * grid.pixelSizeX,
    grid.originY,
  ];
}

/**
 * The grid alone (size, origin, pixel size in CRS units, CRS) of a raster or any object that carries one: a new
 * object without the cell values or other fields, so keeping it does not keep a raster's array alive.
 *
 * @example
 * ```ts
 * import { gridSpecOf } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const grid = gridSpecOf(await readRasterFile("dem.tif")); // no `data`, no `nodata`
 * ```
 */
export function gridSpecOf(g: GridSpec): GridSpec {
  return {
    width: g.width,
    height: g.height,
    originX: g.originX,
    originY: g.originY,
    pixelSizeX: g.pixelSizeX,
    pixelSizeY: g.pixelSizeY,
    crs: g.crs,
  };
}

/**
 * Bilinear interpolation between cell centres; NaN when any of the four
 * neighbours is nodata or (x, y) lies outside the centres' hull.
 *
 * @example
 * ```ts
 * import { sampleBilinear } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const dem = await readRasterFile("dem.tif"); // lon/lat DEM, metres
 * const elevation = sampleBilinear(dem, 38.284, 34.5624); // metres at Palmyra
 * ```
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
