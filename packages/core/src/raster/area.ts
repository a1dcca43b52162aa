/**
 * Ground (ellipsoidal) areas of raster cells, summed per value.
 *
 * Lon/lat grids: exact WGS84 area of each row's cells (rowCellAreas).
 * Projected grids: the cell area on the ellipsoid varies across the grid (UTM
 * scale factor), so the grid is cut into blocks of 16×16 cells and each block's
 * outline (vertices every cell) is measured geodesically; its cells share the
 * block's area equally (the variation inside one block is < 1e-6 relative).
 */
import { geodesicRingArea } from "../geo/geodesic.ts";
import type { LonLat } from "../geo/types.ts";
import { fromRasterCrs } from "./crs.ts";
import type { Raster } from "./raster.ts";
import { rowCellAreas } from "./cellsize.ts";

const BLOCK = 16;

/** Area in m² of one cell per block (row-major blocks of BLOCK×BLOCK cells) of a projected grid. */
function blockCellAreas(grid: Raster): { areas: Float64Array; blocksX: number } {
  const blocksX = Math.ceil(grid.width / BLOCK);
  const blocksY = Math.ceil(grid.height / BLOCK);
  const areas = new Float64Array(blocksX * blocksY);
  const corner = (c: number, r: number): LonLat =>
    fromRasterCrs(grid.crs, grid.originX + c * grid.pixelSizeX, grid.originY - r * grid.pixelSizeY);
  for (let by = 0; by < blocksY; by++) {
    for (let bx = 0; bx < blocksX; bx++) {
      const c0 = bx * BLOCK,
        r0 = by * BLOCK;
      const c1 = Math.min(grid.width, c0 + BLOCK),
        r1 = Math.min(grid.height, r0 + BLOCK);
      const ring: LonLat[] = [];
      for (let c = c0; c < c1; c++) ring.push(corner(c, r1));
      for (let r = r1; r > r0; r--) ring.push(corner(c1, r));
      for (let c = c1; c > c0; c--) ring.push(corner(c, r0));
      for (let r = r0; r < r1; r++) ring.push(corner(c0, r));
      ring.push(ring[0]!);
      areas[by * blocksX + bx] = geodesicRingArea(ring).areaSquareMetres / ((c1 - c0) * (r1 - r0));
    }
  }
  return { areas, blocksX };
}

/**
 * Cell count and ellipsoidal area (m²) per integer value 0..nValues-1 (NaN and other values ignored).
 *
 * @example
 * ```ts
 * import { sumCellAreasByValue } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const classes = await readRasterFile("terrain-classes.tif"); // integer codes 1..6
 * const { cells, areaSquareMetres } = sumCellAreasByValue(classes, 7);
 * areaSquareMetres[6]! / 1e6; // km² of class 6
 * ```
 */
export function sumCellAreasByValue(
  raster: Raster,
  nValues: number,
): { cells: Float64Array; areaSquareMetres: Float64Array } {
  const cells = new Float64Array(nValues);
  const areaSquareMetres = new Float64Array(nValues);
  const { width: w, height: h, data } = raster;
  if (raster.crs.geographic) {
    const rowArea = rowCellAreas(raster);
    for (let r = 0; r < h; r++) {
      const a = rowArea[r]!;
      for (let c = 0; c < w; c++) {
        const v = data[r * w + c]!;
        if (v >= 0 && v < nValues && Number.isInteger(v)) {
          cells[v]++;
          areaSquareMetres[v] += a;
        }
      }
    }
    return { cells, areaSquareMetres };
  }
  const { areas, blocksX } = blockCellAreas(raster);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const v = data[r * w + c]!;
      if (v >= 0 && v < nValues && Number.isInteger(v)) {
        cells[v]++;
        areaSquareMetres[v] += areas[Math.floor(r / BLOCK) * blocksX + Math.floor(c / BLOCK)]!;
      }
    }
  }
  return { cells, areaSquareMetres };
}

/**
 * Ellipsoidal area (m²) of each cell of a raster, as used by sumCellAreasByValue.
 *
 * @example
 * ```ts
 * import { cellAreaAt } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const raster = await readRasterFile("dem.tif");
 * const area = cellAreaAt(raster)(0); // m² of the north-west cell
 * ```
 */
export function cellAreaAt(raster: Raster): (index: number) => number {
  if (raster.crs.geographic) {
    const rowArea = rowCellAreas(raster);
    return (i) => rowArea[Math.floor(i / raster.width)]!;
  }
  const { areas, blocksX } = blockCellAreas(raster);
  return (i) => {
    const r = Math.floor(i / raster.width);
    const c = i - r * raster.width;
    return areas[Math.floor(r / BLOCK) * blocksX + Math.floor(c / BLOCK)]!;
  };
}
