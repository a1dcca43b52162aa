import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { GeoTIFF } from "geotiff";
import { SyraqError } from "../../errors.ts";
import { crsLabel, proj4ForEpsg, sameCrs, type Bbox } from "../../raster/crs.ts";
import { ensureEpsg } from "../../raster/node/epsg.ts";
import {
  geoTiffInfo,
  openTiff,
  readGeoTiffImage,
  requestedWindow,
  windowForBbox,
  geoTiffParts,
  type GeoTiffInfo,
  type ReadGeoTiffOptions,
  type WriteGeoTiffOptions,
} from "../geotiff.ts";
import { directTiff, type TiffFile } from "../tiff.ts";
import { fileTiffSource, NODE_TIFF_CODECS } from "./tiff-file.ts";
import type { Raster, RasterArray } from "../../raster/raster.ts";
import { writeFileAtomic } from "./atomic.ts";
import { BYTES_PER_CELL, checkMemory } from "./memory.ts";

/** How the memory guard sizes a read: bytes per cell of the whole job that reads the raster (memory.ts). */
export interface JobSizeOptions {
  /** Default BYTES_PER_CELL.read (the raster alone); commands pass their job's figure. */
  jobBytesPerCell?: number;
}

/** The memory guard as a geotiff.js `beforeDecode` hook. */
const memoryGuard =
  (options: JobSizeOptions) =>
  (cells: number, what: string): void =>
    checkMemory({ cells, bytesPerCell: options.jobBytesPerCell ?? BYTES_PER_CELL.read, what });

function checkFile(path: string): void {
  if (!existsSync(path)) throw new SyraqError("DATA_MISSING", `raster file not found: ${path}`, { path });
  if (statSync(path).isDirectory())
    throw new SyraqError(
      "BAD_OPTION",
      `${path} is a folder; expected a GeoTIFF file (a folder of tiles is read with readRasterMosaic / --dem DIR)`,
      { path },
    );
  // TIFF magic ("II*\0", "MM\0*", BigTIFF 43) before geotiff.js opens a file handle it would not close on failure.
  const head = new Uint8Array(16);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    readSync(fd, head, 0, 16, 0);
  } catch (e) {
    throw new SyraqError(
      "DATA_MISSING",
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      { path },
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const le = head[0] === 0x49 && head[1] === 0x49 && (head[2] === 42 || head[2] === 43) && head[3] === 0;
  const be = head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && (head[3] === 42 || head[3] === 43);
  if (!le && !be)
    throw new SyraqError("BAD_RASTER", `${path} is not a readable TIFF (no TIFF header); expected a GeoTIFF`, { path });
  // the first image directory must lie inside the file (an 8-byte file is a header and nothing else)
  const view = new DataView(head.buffer);
  const big = head[2] === 43 || head[3] === 43;
  const ifd = big ? Number(view.getBigUint64(8, le)) : view.getUint32(4, le);
  const size = statSync(path).size;
  if (ifd < 8 || ifd + 2 > size)
    throw new SyraqError(
      "BAD_RASTER",
      `${path} is truncated or corrupt: its TIFF header points to an image directory at byte ${ifd}, but the file ` +
        `has ${size} bytes`,
      { path, bytes: size },
    );
}

/**
 * Runs `f` on the opened file: our own TIFF reader (io/tiff.ts) when it takes the file (for the header alone, or
 * for pixels when `pixels` and they are single-band, uncompressed or DEFLATE), otherwise geotiff.js, which is then
 * loaded (about 40 modules, 70 ms) and decodes or reports the file as it always has.
 */
async function withTiff<T>(path: string, pixels: boolean, f: (tiff: GeoTIFF | TiffFile) => Promise<T>): Promise<T> {
  checkFile(path);
  const own = directTiff(() => fileTiffSource(path), pixels, NODE_TIFF_CODECS);
  if (own) {
    try {
      await registerProjectedCrs(own, path);
      return await f(own);
    } finally {
      await own.close();
    }
  }
  const { fromFile } = await import("geotiff");
  const tiff = await openTiff(() => fromFile(path), path);
  try {
    await registerProjectedCrs(tiff, path);
    return await f(tiff);
  } finally {
    await tiff.close();
  }
}

/**
 * Reads a GeoTIFF file; missing file → DATA_MISSING (exit 3). With `bbox`
 * (lon/lat) or `bboxCrs` only the strips/tiles that hold the window are read. Cell values keep the file's units
 * (metres for the pack's DEMs); nodata cells are the raster's `nodata` value or NaN. Coded errors: BAD_RASTER,
 * NOT_GEOREFERENCED, UNSUPPORTED_CRS, TOO_LARGE.
 *
 * @example
 * ```ts
 * import { readRasterFile } from "@syraq/core/node";
 * const dem = await readRasterFile("dem.tif", { bbox: [38, 34, 39, 35] }); // west, south, east, north (degrees)
 * console.log(dem.width, dem.height, dem.crs.epsg);
 * ```
 */
export async function readRasterFile(path: string, options: ReadGeoTiffOptions & JobSizeOptions = {}): Promise<Raster> {
  return withTiff(path, true, (tiff) =>
    readGeoTiffImage(tiff, {
      name: path,
      fileBytes: statSync(path).size,
      beforeDecode: memoryGuard(options),
      ...options,
    }),
  );
}

/**
 * Header of a GeoTIFF file (grid, CRS, bands, nodata, layout) without reading pixels.
 *
 * @example
 * ```ts
 * import { rasterFileInfo } from "@syraq/core/node";
 * const info = await rasterFileInfo("dem.tif"); // width, height, pixel sizes (CRS units), crs, nodata, bands
 * ```
 */
export async function rasterFileInfo(path: string): Promise<GeoTiffInfo> {
  return withTiff(path, false, (tiff) => geoTiffInfo(tiff, path));
}

/**
 * Writes a GeoTIFF atomically (temporary file in the same folder, renamed when complete); an unwritable path →
 * BAD_OPTION (exit 2) naming it. Commands with several outputs use an OutputTransaction (atomic.ts) instead.
 *
 * @example
 * ```ts
 * import { slopeAspect } from "@syraq/core";
 * import { readRasterFile, writeRasterFile } from "@syraq/core/node";
 * const { slope } = slopeAspect(await readRasterFile("dem.tif"));
 * writeRasterFile("slope.tif", slope); // degrees, Float32, NaN nodata; CRS and geotransform kept
 * ```
 */
export function writeRasterFile(path: string, raster: Raster, options: WriteGeoTiffOptions = {}): void {
  writeFileAtomic(path, geoTiffParts(raster, options), "raster");
}

/**
 * GeoTIFF files (*.tif, *.tiff) directly inside a folder, sorted by name.
 *
 * Throws DATA_MISSING when the folder is absent or holds no GeoTIFF.
 *
 * @example
 * ```ts
 * import { rasterFilesIn } from "@syraq/core/node";
 * rasterFilesIn("srtm-tiles"); // ["srtm-tiles/N34E038.tif", …]
 * ```
 */
export function rasterFilesIn(dir: string): string[] {
  if (!existsSync(dir)) throw new SyraqError("DATA_MISSING", `raster folder not found: ${dir}`, { path: dir });
  const files = readdirSync(dir)
    .filter((f) => /\.tiff?$/i.test(f))
    .sort()
    .map((f) => join(dir, f));
  if (files.length === 0)
    throw new SyraqError("DATA_MISSING", `no GeoTIFF (*.tif, *.tiff) in folder ${dir}`, { path: dir });
  return files;
}

/**
 * Options of {@link readRasterMosaic}: band, a window in degrees (`bbox`) or CRS units (`bboxCrs`), memory limits.
 */
export interface MosaicOptions extends JobSizeOptions {
  band?: number;
  bbox?: Bbox;
  bboxCrs?: Bbox;
  /** Name in messages (default: the folder or first file). */
  name?: string;
}

/**
 * Mosaics tiles that share a CRS, pixel size and grid alignment (e.g. 1°×1°
 * SRTM/Copernicus tiles). Mismatches → CRS_MISMATCH or GRID_MISMATCH (exit 2)
 * naming both files. The result covers the union of the tiles (cut to the
 * bbox when given); gaps are nodata. Where tiles overlap (SRTM tiles share
 * their edge row and column) the first tile by file name that has a valid
 * value wins, so the result does not depend on the order files are listed.
 * Integer tiles with one common nodata keep their type; otherwise the mosaic
 * is Float32 (Float64 if any tile is Float64 or 32-bit integer) with NaN nodata.
 *
 * Throws BAD_OPTION for an empty list or a multi-band tile without `band`.
 *
 * @example
 * ```ts
 * import { rasterFilesIn, readRasterMosaic } from "@syraq/core/node";
 * const dem = await readRasterMosaic(rasterFilesIn("srtm-tiles"), { bbox: [38, 34, 39.5, 35] }); // degrees
 * ```
 */
export async function readRasterMosaic(paths: string[], options: MosaicOptions = {}): Promise<Raster> {
  if (paths.length === 0) throw new SyraqError("BAD_OPTION", "no raster files to mosaic", {});
  const sorted = [...paths].sort((a, b) =>
    basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : a < b ? -1 : 1,
  );
  if (sorted.length === 1) return readRasterFile(sorted[0]!, options);
  const infos: Array<{ path: string; info: GeoTiffInfo }> = [];
  for (const path of sorted) infos.push({ path, info: await rasterFileInfo(path) });
  const ref = infos[0]!;
  const px = ref.info.pixelSizeX;
  const py = ref.info.pixelSizeY;
  const offsets: Array<{ col: number; row: number }> = [];
  for (const { path, info } of infos) {
    if (!sameCrs(info.crs, ref.info.crs)) {
      throw new SyraqError(
        "CRS_MISMATCH",
        `tiles must share one CRS: ${path} is ${crsLabel(info.crs)} but ${ref.path} is ${crsLabel(ref.info.crs)}; reproject with gdalwarp -t_srs`,
        { files: [ref.path, path] },
      );
    }
    if (Math.abs(info.pixelSizeX - px) > 1e-9 * px || Math.abs(info.pixelSizeY - py) > 1e-9 * py) {
      throw new SyraqError(
        "GRID_MISMATCH",
        `tiles must share one resolution: ${path} has pixel ${info.pixelSizeX} × ${info.pixelSizeY} but ${ref.path} has ${px} × ${py}; resample with gdalwarp -tr`,
        { files: [ref.path, path] },
      );
    }
    const fc = (info.originX - ref.info.originX) / px;
    const fr = (ref.info.originY - info.originY) / py;
    if (Math.abs(fc - Math.round(fc)) > 1e-3 || Math.abs(fr - Math.round(fr)) > 1e-3) {
      throw new SyraqError(
        "GRID_MISMATCH",
        `tiles are not aligned: ${path} is offset by ${(fc - Math.round(fc)).toFixed(3)} × ${(fr - Math.round(fr)).toFixed(3)} cells from the grid of ${ref.path}; warp them to one grid (gdalwarp -tap)`,
        { files: [ref.path, path] },
      );
    }
    if (info.bands > 1 && options.band === undefined) {
      throw new SyraqError("BAD_OPTION", `${path} has ${info.bands} bands; choose one with --band 1..${info.bands}`, {
        name: path,
        bands: info.bands,
      });
    }
    offsets.push({ col: Math.round(fc), row: Math.round(fr) });
  }
  // Union grid in cells relative to the first tile.
  let c0 = Infinity,
    r0 = Infinity,
    c1 = -Infinity,
    r1 = -Infinity;
  infos.forEach(({ info }, k) => {
    c0 = Math.min(c0, offsets[k]!.col);
    r0 = Math.min(r0, offsets[k]!.row);
    c1 = Math.max(c1, offsets[k]!.col + info.width);
    r1 = Math.max(r1, offsets[k]!.row + info.height);
  });
  const name = options.name ?? `mosaic of ${sorted.length} tiles`;
  let union = {
    ...ref.info,
    originX: ref.info.originX + c0 * px,
    originY: ref.info.originY - r0 * py,
    width: c1 - c0,
    height: r1 - r0,
  };
  const win = requestedWindow(union, options, name) ?? [0, 0, union.width, union.height];
  union = {
    ...union,
    originX: union.originX + win[0] * px,
    originY: union.originY - win[1] * py,
    width: win[2] - win[0],
    height: win[3] - win[1],
  };
  // Output type and fill.
  const types = new Set(infos.map((t) => t.info.sampleType));
  const nodatas = new Set(infos.map((t) => t.info.nodata));
  const onlyType = types.size === 1 ? [...types][0]! : null;
  const intType =
    onlyType && /^u?int(8|16|32)$/.test(onlyType) && nodatas.size === 1 && [...nodatas][0] !== null ? onlyType : null;
  const n = union.width * union.height;
  // an absurd union extent (tiles far apart, a bad geotransform) stops here, before any allocation
  checkMemory({
    cells: n,
    bytesPerCell: options.jobBytesPerCell ?? BYTES_PER_CELL.read,
    what: `${name} (${union.width} × ${union.height} cells)`,
  });
  let data: RasterArray;
  let nodata: number | null;
  if (intType) {
    const ctor = {
      int8: Int8Array,
      uint8: Uint8Array,
      int16: Int16Array,
      uint16: Uint16Array,
      int32: Int32Array,
      uint32: Uint32Array,
    }[intType]!;
    data = new ctor(n);
    nodata = [...nodatas][0]!;
  } else {
    data = [...types].some((t) => t === "float64" || /int32/.test(t)) ? new Float64Array(n) : new Float32Array(n);
    nodata = null;
  }
  const fill = nodata ?? NaN;
  data.fill(fill);
  const filled = new Uint8Array(n);
  const tileBox: Bbox = [
    union.originX,
    union.originY - union.height * py,
    union.originX + union.width * px,
    union.originY,
  ];
  for (let k = 0; k < infos.length; k++) {
    const { path, info } = infos[k]!;
    const tw = windowForBbox(info, tileBox);
    if (!tw) continue;
    const tile = await readRasterFile(path, {
      band: options.band,
      jobBytesPerCell: BYTES_PER_CELL.read,
      bboxCrs: [
        info.originX + tw[0] * px + px / 2,
        info.originY - tw[3] * py + py / 2,
        info.originX + tw[2] * px - px / 2,
        info.originY - tw[1] * py - py / 2,
      ],
    });
    const dc = Math.round((tile.originX - union.originX) / px);
    const dr = Math.round((union.originY - tile.originY) / py);
    const tnd = tile.nodata;
    for (let r = 0; r < tile.height; r++) {
      const orow = r + dr;
      if (orow < 0 || orow >= union.height) continue;
      for (let c = 0; c < tile.width; c++) {
        const ocol = c + dc;
        if (ocol < 0 || ocol >= union.width) continue;
        const o = orow * union.width + ocol;
        if (filled[o]) continue;
        const v = tile.data[r * tile.width + c]!;
        if (!Number.isFinite(v) || (tnd !== null && v === tnd)) continue; // nodata as isNodata sees it (NaN, ±Inf)
        data[o] = v;
        filled[o] = 1;
      }
    }
  }
  return {
    width: union.width,
    height: union.height,
    originX: union.originX,
    originY: union.originY,
    pixelSizeX: px,
    pixelSizeY: py,
    crs: ref.info.crs,
    data,
    nodata,
  };
}

/**
 * A file or a folder of tiles; bbox in lon/lat.
 *
 * @example
 * ```ts
 * import { readRasterPath } from "@syraq/core/node";
 * const dem = await readRasterPath("srtm-tiles", { bbox: [38, 34, 39.5, 35] }); // a folder of tiles or one GeoTIFF
 * ```
 */
export async function readRasterPath(path: string, options: MosaicOptions = {}): Promise<Raster> {
  if (existsSync(path) && statSync(path).isDirectory())
    return readRasterMosaic(rasterFilesIn(path), { name: path, ...options });
  return readRasterFile(path, options);
}

/**
 * A projected CRS other than WGS84 UTM (EPSG:3857, the Syrian and Iraqi national grids, any
 * EPSG code): its definition is read from the EPSG database before the header is decoded, so
 * the raster reads in its own CRS and points and boxes are transformed into it. An unknown
 * code is UNSUPPORTED_CRS naming it (exit 2).
 */
async function registerProjectedCrs(tiff: GeoTIFF | TiffFile, path: string): Promise<void> {
  let keys: Record<string, unknown> | null = null;
  try {
    keys = (await tiff.getImage()).getGeoKeys() as Record<string, unknown> | null;
  } catch {
    return; // the header decoder reports unreadable files with its own message
  }
  const epsg = keys?.ProjectedCSTypeGeoKey;
  if (keys?.GTModelTypeGeoKey !== 1 || typeof epsg !== "number" || epsg === 32767 || proj4ForEpsg(epsg)) return;
  try {
    ensureEpsg(epsg);
  } catch (e) {
    throw new SyraqError(
      "UNSUPPORTED_CRS",
      `${path} uses projected CRS EPSG:${epsg}, which cannot be used: ${(e as Error).message}. Reproject with gdalwarp -t_srs EPSG:4326`,
      { name: path, epsg },
    );
  }
}
