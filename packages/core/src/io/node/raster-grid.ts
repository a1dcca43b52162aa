/**
 * The grid of a raster file or of a folder of tiles WITHOUT reading any cell: the file's header,
 * or the union of the tiles' headers on the grid readRasterMosaic builds (the first tile by file
 * name sets the origin). Bounded searches (analysis/bounded.ts) size their windows on it and
 * then read only the window (readRasterPath with a bbox reads only the tiles, and the strips or
 * tiles inside them, that the window touches).
 */
import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import { gridSpecOf, type GridSpec } from "../../raster/raster.ts";
import { rasterFileInfo, rasterFilesIn } from "./raster-file.ts";

/**
 * The grid of a raster file or folder ({@link rasterPathGrid}), with its sample type and file count.
 */
export interface RasterPathGrid extends GridSpec {
  /** Sample type of the (first) file: "int16", "float32", … */
  sampleType: string;
  /** Number of files (1 for a single GeoTIFF). */
  files: number;
}

/**
 * The grid of a GeoTIFF or a folder of tiles (their mosaic's grid) from the headers alone: no pixel is read. Cell sizes
 * in CRS units.
 *
 * @example
 * ```ts
 * import { rasterPathGrid } from "@syraq/core/node";
 * const grid = await rasterPathGrid("dem.tif");
 * grid.width * grid.height; // cells, before deciding how much to read
 * ```
 */
export async function rasterPathGrid(path: string): Promise<RasterPathGrid> {
  const isDir = existsSync(path) && statSync(path).isDirectory();
  const paths = isDir ? rasterFilesIn(path) : [path];
  const sorted = [...paths].sort((a, b) =>
    basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : a < b ? -1 : 1,
  );
  const ref = await rasterFileInfo(sorted[0]!);
  if (sorted.length === 1) return { ...gridSpecOf(ref), sampleType: ref.sampleType, files: 1 };
  const px = ref.pixelSizeX;
  const py = ref.pixelSizeY;
  let c0 = 0;
  let r0 = 0;
  let c1 = ref.width;
  let r1 = ref.height;
  for (const p of sorted.slice(1)) {
    const info = await rasterFileInfo(p);
    // alignment and CRS are checked when the window is read (readRasterMosaic); round as it does
    const col = Math.round((info.originX - ref.originX) / px);
    const row = Math.round((ref.originY - info.originY) / py);
    c0 = Math.min(c0, col);
    r0 = Math.min(r0, row);
    c1 = Math.max(c1, col + info.width);
    r1 = Math.max(r1, row + info.height);
  }
  return {
    ...gridSpecOf(ref),
    originX: ref.originX + c0 * px,
    originY: ref.originY - r0 * py,
    width: c1 - c0,
    height: r1 - r0,
    sampleType: ref.sampleType,
    files: sorted.length,
  };
}
