import { geodesicInverse } from "../geo/geodesic.ts";
import { fromRasterCrs } from "./crs.ts";
import type { GridSpec } from "./raster.ts";

function lengthMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return geodesicInverse([lon1, lat1], [lon2, lat2]).lengthMetres;
}

/**
 * Ground size of one cell per row of a grid, in metres ({@link rowCellSizes}).
 */
export interface RowCellSizes {
  /** East-west size of one cell per row, metres. */
  ewMetres: Float64Array;
  /** North-south size of one cell per row, metres. */
  nsMetres: Float64Array;
}

/**
 * True ground size of the cells of each row.
 *
 * On lon/lat grids: `ewMetres[r]` is the geodesic length of one cell east-west
 * along the parallel at the centre latitude of row r (a parallel is not a
 * geodesic, but over one cell the difference is < 1e-9 relative); `nsMetres[r]`
 * is the meridian arc between the row's north and south edges. Both depend only
 * on latitude, so one row's value holds for every column.
 *
 * On WGS84 UTM grids the sizes are the pixel sizes in metres, the same for every
 * row (the UTM scale factor, ≤ 1.0004 inside a zone, is ignored as GRASS and
 * gdaldem do). On other projected grids (EPSG:3857, national grids) the pixel is
 * not a ground length (Web Mercator's scale is 1/cos φ: +22 % at 35° N), so each
 * row's sizes are the geodesic lengths of one cell at the grid's middle column,
 * through the CRS's inverse transform.
 *
 * @example
 * ```ts
 * import { rowCellSizes, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 1, height: 1, originX: 38, originY: 35.0125, crs: WGS84_CRS,
 *   pixelSizeX: 0.025, pixelSizeY: 0.025 }; // 1.5′ cells, degrees
 * const { ewMetres, nsMetres } = rowCellSizes(grid); // ≈ 2 282 m east-west, ≈ 2 772 m north-south at 35° N
 * ```
 */
export function rowCellSizes(grid: GridSpec): RowCellSizes {
  const { height, pixelSizeX, pixelSizeY } = grid;
  const ewMetres = new Float64Array(height);
  const nsMetres = new Float64Array(height);
  if (!grid.crs.geographic) {
    const e = grid.crs.epsg ?? 0;
    if ((e >= 32601 && e <= 32660) || (e >= 32701 && e <= 32760) || !grid.crs.proj4) {
      ewMetres.fill(pixelSizeX);
      nsMetres.fill(pixelSizeY);
      return { ewMetres, nsMetres };
    }
    const xc = grid.originX + (grid.width / 2) * pixelSizeX;
    for (let r = 0; r < height; r++) {
      const yc = grid.originY - (r + 0.5) * pixelSizeY;
      const [w0, w1] = fromRasterCrs(grid.crs, xc - pixelSizeX / 2, yc);
      const [e0, e1] = fromRasterCrs(grid.crs, xc + pixelSizeX / 2, yc);
      const [n0, n1] = fromRasterCrs(grid.crs, xc, yc + pixelSizeY / 2);
      const [s0, s1] = fromRasterCrs(grid.crs, xc, yc - pixelSizeY / 2);
      ewMetres[r] = lengthMetres(w0, w1, e0, e1);
      nsMetres[r] = lengthMetres(n0, n1, s0, s1);
    }
    return { ewMetres, nsMetres };
  }
  for (let r = 0; r < height; r++) {
    const north = grid.originY - r * pixelSizeY;
    const south = north - pixelSizeY;
    const centre = (north + south) / 2;
    ewMetres[r] = lengthMetres(0, centre, pixelSizeX, centre);
    nsMetres[r] = lengthMetres(0, Math.min(90, north), 0, Math.max(-90, south));
  }
  return { ewMetres, nsMetres };
}

const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
/** Authalic function q(φ): the WGS84 zone from the equator to φ has area a²·q(φ)/2 per radian of longitude. */
function q(latDegrees: number): number {
  const s = Math.sin((latDegrees * Math.PI) / 180);
  return (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * Math.log((1 - E * s) / (1 + E * s)));
}

/**
 * Ellipsoidal area in m² of one cell of each row of a lon/lat grid: the exact
 * area on WGS84 between the row's bounding parallels and two meridians
 * pixelSizeX apart. On projected grids (where the area varies along the row
 * too) use `sumCellAreas`.
 *
 * @example
 * ```ts
 * import { rowCellAreas, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 1, height: 2, originX: 38, originY: 36, pixelSizeX: 1, pixelSizeY: 1, crs: WGS84_CRS };
 * const areas = rowCellAreas(grid); // m² of a 1° cell at 35.5° N and at 34.5° N
 * ```
 */
export function rowCellAreas(grid: GridSpec): Float64Array {
  const out = new Float64Array(grid.height);
  if (!grid.crs.geographic) return out.fill(grid.pixelSizeX * grid.pixelSizeY);
  const dLon = (grid.pixelSizeX * Math.PI) / 180;
  for (let r = 0; r < grid.height; r++) {
    const north = Math.min(90, grid.originY - r * grid.pixelSizeY);
    const south = Math.max(-90, north - grid.pixelSizeY);
    out[r] = ((A * A) / 2) * (q(north) - q(south)) * dLon;
  }
  return out;
}
