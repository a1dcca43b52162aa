import type { GeoTIFF, GeoTIFFImage } from "geotiff";
import { SyraqError } from "../errors.ts";
import { crsBboxToLonLat, crsLabel, lonLatBboxToCrs, proj4ForEpsg, type Bbox } from "../raster/crs.ts";
import { gridBounds, type Crs, type GridSpec, type Raster, type RasterArray } from "../raster/raster.ts";
import { bufferTiffSource, directTiff, readDirect, type TiffFile, TiffImage, type TiffImageLike } from "./tiff.ts";

export { proj4ForEpsg } from "../raster/crs.ts";

/**
 * Options of {@link readGeoTiff}: the band and an optional window (degrees or CRS units).
 */
export interface ReadGeoTiffOptions {
  /** 1-based band; required when the file has several. */
  band?: number;
  /** Name used in error messages (the file path). */
  name?: string;
  /**
   * Read only the cells that intersect this WGS84 [west, south, east, north]
   * box (degrees); on projected rasters the box is transformed (densified
   * outline) and its envelope used. Cells are whole: the window is snapped
   * outwards to the raster's grid. No overlap → OUTSIDE_RASTER.
   */
  bbox?: Bbox;
  /** Like `bbox` but in the raster's own CRS units [minX, minY, maxX, maxY]. */
  bboxCrs?: Bbox;
  /**
   * Size of the whole file in bytes (set by the readers): strips/tiles that
   * run past it mean a truncated file → BAD_RASTER.
   */
  fileBytes?: number;
  /**
   * Called with the window's cell count before any pixel is decoded: the Node readers stop a job that would not
   * fit in memory here (TOO_LARGE) instead of letting the decoder exhaust it.
   */
  beforeDecode?: (cells: number, what: string) => void;
}

/**
 * The message of anything thrown (decoders throw strings and objects without a message too).
 *
 * @example
 * ```ts
 * import { reasonOf } from "@syraq/core";
 * reasonOf("truncated strip"); // "truncated strip"
 * reasonOf(new Error("bad tile")); // "bad tile"
 * ```
 */
export function reasonOf(e: unknown): string {
  const m = e instanceof Error ? e.message : typeof e === "string" ? e : undefined;
  return m && m !== "undefined" ? m.slice(0, 200) : "the decoder gave no reason";
}

/** What a GeoTIFF's header says, before any pixel is decoded. */
export interface GeoTiffInfo extends GridSpec {
  bands: number;
  nodata: number | null;
  /** "int16", "float32", … */
  sampleType: string;
  tiled: boolean;
  /** TIFF compression tag value (1 none, 5 LZW, 8 DEFLATE, …). */
  compression: number;
  /**
   * The file stores rows south to north (positive y pixel size in the
   * geotransform). The grid above is already the north-up view: rows are
   * flipped when read.
   */
  southUp: boolean;
}

/**
 * Decodes a single-band GeoTIFF (any layout/compression geotiff.js supports).
 *
 * Throws BAD_RASTER (not a TIFF, truncated), NOT_GEOREFERENCED, or BAD_OPTION for a missing `band` on a multi-band
 * file; cell sizes come back in the file's CRS units (degrees or metres).
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { readGeoTiff } from "@syraq/core";
 * const bytes = readFileSync("dem.tif");
 * const dem = await readGeoTiff(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), {
 *   bbox: [38, 34, 39, 35], // degrees: only this window is decoded
 * });
 * ```
 */
export async function readGeoTiff(buffer: ArrayBuffer, options: ReadGeoTiffOptions = {}): Promise<Raster> {
  const name = options.name ?? "GeoTIFF";
  const own = directTiff(() => bufferTiffSource(buffer));
  if (own) return readGeoTiffImage(own, { fileBytes: buffer.byteLength, ...options });
  // geotiff is loaded on first use, and only for what our reader does not take (compressed, several samples…)
  const { fromArrayBuffer } = await import("geotiff");
  const tiff = await openTiff(() => fromArrayBuffer(buffer), name);
  return readGeoTiffImage(tiff, { fileBytes: buffer.byteLength, ...options });
}

/**
 * Opens a TIFF through a geotiff.js factory; BAD_RASTER when it is not one.
 *
 * @example
 * ```ts
 * import { fromArrayBuffer } from "geotiff";
 * import { openTiff } from "@syraq/core";
 * const tiff = await openTiff(() => fromArrayBuffer(new ArrayBuffer(8)), "empty.tif"); // throws BAD_RASTER
 * ```
 */
export async function openTiff(open: () => Promise<GeoTIFF>, name: string): Promise<GeoTIFF> {
  try {
    const tiff = await open();
    await tiff.getImage();
    return tiff;
  } catch (e) {
    if (e instanceof SyraqError) throw e;
    throw new SyraqError("BAD_RASTER", `${name} is not a readable TIFF (${reasonOf(e)})`, { name });
  }
}

/**
 * Grid, CRS, nodata and layout of the first image, without decoding pixels.
 *
 * Throws BAD_RASTER when the TIFF's header cannot be read.
 *
 * @example
 * ```ts
 * import { fromFile } from "geotiff";
 * import { geoTiffInfo, openTiff } from "@syraq/core";
 * const tiff = await openTiff(() => fromFile("dem.tif"), "dem.tif");
 * const info = await geoTiffInfo(tiff, "dem.tif"); // width, height, pixel sizes in CRS units, crs, nodata
 * ```
 */
export async function geoTiffInfo(tiff: GeoTIFF | TiffFile, name: string): Promise<GeoTiffInfo> {
  let image: TiffImageLike;
  try {
    image = imageLike(await tiff.getImage());
  } catch (e) {
    throw new SyraqError("BAD_RASTER", `${name} is not a readable TIFF (${reasonOf(e)})`, { name });
  }
  return imageInfo(image, name);
}

/** geotiff.js's image seen through the interface our own TiffImage has too. */
const imageLike = (image: GeoTIFFImage | TiffImage): TiffImageLike => image as TiffImageLike;

function imageInfo(image: TiffImageLike, name: string): GeoTiffInfo {
  const width = image.getWidth();
  const height = image.getHeight();
  const bands = image.getSamplesPerPixel();
  const fd = image.fileDirectory;
  const transform = fd.getValue("ModelTransformation") as number[] | undefined;
  if (transform && (transform[1] !== 0 || transform[4] !== 0)) {
    throw new SyraqError(
      "BAD_RASTER",
      `${name} is rotated or sheared (ModelTransformation has rotation terms); warp it north-up first (gdalwarp)`,
      { name },
    );
  }
  const tiepoint = fd.getValue("ModelTiepoint") as number[] | undefined;
  const scale = fd.getValue("ModelPixelScale") as number[] | undefined;
  if (!transform && (!tiepoint || !scale)) {
    throw new SyraqError(
      "NOT_GEOREFERENCED",
      `${name} has no georeferencing (no ModelTiepoint/ModelPixelScale or ModelTransformation); georeference it first (gdal_translate -a_srs -a_ullr)`,
      { name },
    );
  }
  if (!transform && tiepoint && tiepoint.length > 6) {
    throw new SyraqError(
      "NOT_GEOREFERENCED",
      `${name} is georeferenced by ${tiepoint.length / 6} ground control points, not a grid; warp it first (gdalwarp)`,
      { name },
    );
  }
  // The affine geotransform as GDAL builds it (x = ox + col·dx, y = oy + row·dy). geotiff.js's
  // getResolution() negates ModelTransformation's dy, so a south-up file would look north-up: read the tags here.
  let ox: number, oy: number, dx: number, dy: number;
  if (transform) {
    [dx, ox, dy, oy] = [transform[0]!, transform[3]!, transform[5]!, transform[7]!];
  } else {
    // ModelTiepoint (I, J, K, X, Y, Z): raster point (I, J) is at (X, Y).
    dx = scale![0]!;
    // A negative ScaleY is taken as north-up, as GDAL does by default (GTIFF_HONOUR_NEGATIVE_SCALEY=NO).
    dy = -Math.abs(scale![1]!);
    ox = tiepoint![3]! - tiepoint![0]! * dx;
    oy = tiepoint![4]! - tiepoint![1]! * dy;
  }
  if (!(dx > 0))
    throw new SyraqError(
      "BAD_RASTER",
      `${name} has a non-positive x pixel size (${dx}); flip it north-up first (gdalwarp)`,
      { name, resolution: [dx, dy] },
    );
  if (!(dy !== 0) || !Number.isFinite(dy) || !Number.isFinite(dx) || !Number.isFinite(ox) || !Number.isFinite(oy)) {
    throw new SyraqError(
      "BAD_RASTER",
      `${name} has an unusable geotransform (origin ${ox}, ${oy}; pixel size ${dx} × ${dy}); warp it north-up first (gdalwarp)`,
      { name, resolution: [dx, dy] },
    );
  }
  const keys = image.getGeoKeys();
  const crs = crsFromGeoKeys(keys, name);
  // PixelIsPoint: the tie point is a cell centre; shift to the corner as GDAL does.
  if (keys?.GTRasterTypeGeoKey === 2) {
    ox -= dx / 2;
    oy -= dy / 2;
  }
  // South-up (dy > 0: rows run northwards): the reader flips rows, so the grid's origin is the north edge.
  const southUp = dy > 0;
  const pixelSizeX = dx;
  const pixelSizeY = Math.abs(dy);
  const originX = ox;
  const originY = southUp ? oy + height * dy : oy;
  const nd = gdalNoData(image);
  const format = image.getSampleFormat(0);
  const bits = image.getBitsPerSample(0);
  const sampleType = `${format === 3 ? "float" : format === 2 ? "int" : "uint"}${bits}`;
  return {
    width,
    height,
    originX,
    originY,
    pixelSizeX,
    pixelSizeY,
    crs,
    bands,
    // GDAL casts the nodata text to the band type: "-3.40282346638529e+38" must match Float32 -FLT_MAX.
    nodata: nd === null || Number.isNaN(nd) ? null : sampleType === "float32" ? Math.fround(nd) : nd,
    sampleType,
    tiled: image.isTiled,
    compression: (fd.getValue("Compression") as number | undefined) ?? 1,
    southUp,
  };
}

/** The GDAL_NODATA tag as a number (NaN for "nan"), null when absent or unparseable; tolerant of padding NULs and spaces. */
function gdalNoData(image: TiffImageLike): number | null {
  const fd = image.fileDirectory;
  if (!fd.hasTag("GDAL_NODATA")) return null;
  const raw = fd.getValue("GDAL_NODATA");
  if (typeof raw !== "string") return null;
  const text = raw.replace(/\0/g, " ").trim();
  if (/^[-+]?nan$/i.test(text)) return NaN;
  if (/^[-+]?inf(inity)?$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  const v = Number(text);
  return text !== "" && !Number.isNaN(v) ? v : null;
}

/**
 * Pixel window [col0, row0, col1, row1) (end-exclusive) of a grid covering a CRS box.
 *
 * @example
 * ```ts
 * import { windowForBbox, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 100, height: 100, originX: 38, originY: 36, crs: WGS84_CRS,
 *   pixelSizeX: 0.01, pixelSizeY: 0.01 }; // degrees
 * windowForBbox(grid, [38.1, 35.5, 38.2, 35.9]); // [10, 10, 20, 50]
 * ```
 */
export function windowForBbox(grid: GridSpec, bboxCrs: Bbox): [number, number, number, number] | null {
  const eps = 1e-9;
  const c0 = Math.max(0, Math.floor((bboxCrs[0] - grid.originX) / grid.pixelSizeX + eps));
  const c1 = Math.min(grid.width, Math.ceil((bboxCrs[2] - grid.originX) / grid.pixelSizeX - eps));
  const r0 = Math.max(0, Math.floor((grid.originY - bboxCrs[3]) / grid.pixelSizeY + eps));
  const r1 = Math.min(grid.height, Math.ceil((grid.originY - bboxCrs[1]) / grid.pixelSizeY - eps));
  if (c1 <= c0 || r1 <= r0) return null;
  return [c0, r0, c1, r1];
}

/**
 * The window of `info` to read for the options' bbox, or null for the whole image.
 *
 * Throws OUTSIDE_RASTER when the box does not overlap the raster.
 *
 * @example
 * ```ts
 * import { requestedWindow, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 100, height: 100, originX: 38, originY: 36, crs: WGS84_CRS,
 *   pixelSizeX: 0.01, pixelSizeY: 0.01 }; // degrees
 * requestedWindow(grid, { bbox: [38.1, 35.5, 38.2, 35.9] }, "dem.tif"); // [10, 10, 20, 50]
 * ```
 */
export function requestedWindow(
  info: GridSpec,
  options: ReadGeoTiffOptions,
  name: string,
): [number, number, number, number] | null {
  const box = options.bboxCrs ?? (options.bbox ? lonLatBboxToCrs(info.crs, options.bbox) : undefined);
  if (!box) return null;
  const win = windowForBbox(info, box);
  if (!win) {
    const b = crsBboxToLonLat(info.crs, gridBounds(info)).map((v) => +v.toFixed(4));
    const asked = options.bbox
      ? `bbox ${JSON.stringify(options.bbox)}`
      : `box ${JSON.stringify(options.bboxCrs)} (${crsLabel(info.crs)})`;
    throw new SyraqError(
      "OUTSIDE_RASTER",
      `${asked} does not overlap ${name}, which covers lon ${b[0]}..${b[2]}, lat ${b[1]}..${b[3]}`,
      { name, bbox: options.bbox ?? options.bboxCrs, rasterBoundsLonLat: b },
    );
  }
  return win;
}

/**
 * Decodes the first image of an opened TIFF (optionally a bbox window of it).
 *
 * Throws BAD_RASTER for an unreadable, corrupt or truncated file, and BAD_OPTION for a missing or out-of-range band.
 *
 * @example
 * ```ts
 * import { fromFile } from "geotiff";
 * import { openTiff, readGeoTiffImage } from "@syraq/core";
 * const tiff = await openTiff(() => fromFile("dem.tif"), "dem.tif");
 * const window = await readGeoTiffImage(tiff, { bbox: [38, 34, 39, 35], name: "dem.tif" });
 * ```
 */
export async function readGeoTiffImage(tiff: GeoTIFF | TiffFile, options: ReadGeoTiffOptions = {}): Promise<Raster> {
  const name = options.name ?? "GeoTIFF";
  const opened: GeoTIFFImage | TiffImage = await tiff.getImage().catch((e: Error) => {
    throw new SyraqError("BAD_RASTER", `${name} is not a readable TIFF (${reasonOf(e)})`, { name });
  });
  const image = imageLike(opened);
  const info = imageInfo(image, name);
  const { bands } = info;
  if (bands > 1 && options.band === undefined) {
    throw new SyraqError("BAD_OPTION", `${name} has ${bands} bands; choose one with --band 1..${bands}`, {
      name,
      bands,
    });
  }
  const band = (options.band ?? 1) - 1;
  if (!Number.isInteger(band) || band < 0 || band >= bands)
    throw new SyraqError(
      "BAD_OPTION",
      `${name} has ${bands} band(s); --band ${band + 1} is out of range (1..${bands})`,
      { name, bands },
    );
  const win = requestedWindow(info, options, name) ?? [0, 0, info.width, info.height];
  const [c0, r0, c1, r1] = win;
  options.beforeDecode?.((c1 - c0) * (r1 - r0), `${name} (${c1 - c0} × ${r1 - r0} cells read)`);
  if (options.fileBytes !== undefined) await checkBlocksInFile(image, options.fileBytes, name);
  // A south-up file stores north-up row r as file row height-1-r.
  const fileWin = info.southUp ? [c0, info.height - r1, c1, info.height - r0] : win;
  let data: RasterArray;
  try {
    // our own TIFF reader's images are single-band, uncompressed or with a codec it was given (directTiff)
    if (opened instanceof TiffImage) data = readDirect(opened, fileWin as [number, number, number, number]);
    else {
      const rasters = await opened.readRasters({ samples: [band], window: fileWin });
      data = (rasters as unknown as RasterArray[])[0]!;
    }
  } catch (e) {
    throw new SyraqError("BAD_RASTER", `${name}: pixel data is corrupt or unreadable (${reasonOf(e)})`, {
      name,
    });
  }
  if (data.length !== (c1 - c0) * (r1 - r0))
    throw new SyraqError(
      "BAD_RASTER",
      `${name}: decoded ${data.length} cells, expected ${(c1 - c0) * (r1 - r0)}; the file is truncated or corrupt`,
      { name },
    );
  if (info.southUp) flipRows(data, c1 - c0, r1 - r0);
  return {
    width: c1 - c0,
    height: r1 - r0,
    originX: info.originX + c0 * info.pixelSizeX,
    originY: info.originY - r0 * info.pixelSizeY,
    pixelSizeX: info.pixelSizeX,
    pixelSizeY: info.pixelSizeY,
    crs: info.crs,
    data,
    nodata: info.nodata,
  };
}

/** Reverses the row order of a width×height grid in place. */
function flipRows(data: RasterArray, width: number, height: number): void {
  const tmp = data.slice(0, width);
  for (let top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
    tmp.set(data.subarray(top * width, (top + 1) * width));
    data.copyWithin(top * width, bottom * width, (bottom + 1) * width);
    data.set(tmp, bottom * width);
  }
}

/**
 * BAD_RASTER when a strip or tile's offset + byte count runs past the end of
 * the file (a cut-short download or copy): geotiff.js would decode the
 * missing bytes as zeros.
 */
async function checkBlocksInFile(image: TiffImageLike, fileBytes: number, name: string): Promise<void> {
  const fd = image.fileDirectory;
  const tiled = fd.hasTag("TileOffsets");
  let offsets: ArrayLike<number | bigint> | undefined;
  let counts: ArrayLike<number | bigint> | undefined;
  try {
    offsets = (await fd.loadValue(tiled ? "TileOffsets" : "StripOffsets")) as ArrayLike<number | bigint> | undefined;
    counts = (await fd.loadValue(tiled ? "TileByteCounts" : "StripByteCounts")) as
      | ArrayLike<number | bigint>
      | undefined;
  } catch (e) {
    throw new SyraqError(
      "BAD_RASTER",
      `${name}: cannot read its ${tiled ? "tile" : "strip"} table (${reasonOf(e)}); the file is truncated or corrupt`,
      { name },
    );
  }
  if (!offsets)
    throw new SyraqError("BAD_RASTER", `${name} has no ${tiled ? "tile" : "strip"} offsets; the file is corrupt`, {
      name,
    });
  for (let k = 0; k < offsets.length; k++) {
    // Without byte counts only the start of each block can be checked.
    const end = Number(offsets[k]!) + (counts ? Number(counts[k] ?? 0) : 1);
    if (end > fileBytes) {
      throw new SyraqError(
        "BAD_RASTER",
        `${name} is truncated: ${tiled ? "tile" : "strip"} ${k} ends at byte ${end} but the file has ${fileBytes} bytes; download or copy it again`,
        { name, fileBytes, blockEnd: end },
      );
    }
  }
}

const WGS84_GEOG = new Set([4326]);

function crsFromGeoKeys(keys: Record<string, unknown> | null, name: string): Crs {
  if (!keys)
    throw new SyraqError(
      "NOT_GEOREFERENCED",
      `${name} has no GeoKeyDirectory: its CRS is unknown; assign one (gdal_translate -a_srs EPSG:4326)`,
      { name },
    );
  const model = keys.GTModelTypeGeoKey;
  if (model === 2 || (model === undefined && keys.GeographicTypeGeoKey)) {
    const epsg = keys.GeographicTypeGeoKey as number | undefined;
    // User-defined (32767) geographic CRSs are accepted when their datum or ellipsoid is WGS84's.
    const userWgs84 =
      epsg === 32767 &&
      (keys.GeogGeodeticDatumGeoKey === 6326 ||
        keys.GeogEllipsoidGeoKey === 7030 ||
        keys.GeogSemiMajorAxisGeoKey === 6378137);
    if (epsg === undefined || !(WGS84_GEOG.has(epsg) || userWgs84)) {
      throw new SyraqError(
        "UNSUPPORTED_CRS",
        `${name} uses geographic CRS ${epsg === 32767 || epsg === undefined ? "(user-defined, not WGS84)" : `EPSG:${epsg}`}; only WGS84 lon/lat (EPSG:4326) and WGS84 UTM are supported. Reproject with gdalwarp -t_srs EPSG:4326`,
        { name, epsg },
      );
    }
    return { epsg: 4326, geographic: true };
  }
  if (model === 1) {
    const epsg = keys.ProjectedCSTypeGeoKey as number | undefined;
    const def = epsg ? proj4ForEpsg(epsg) : undefined;
    if (!epsg || !def) {
      throw new SyraqError(
        "UNSUPPORTED_CRS",
        `${name} uses projected CRS ${epsg && epsg !== 32767 ? `EPSG:${epsg}` : "(user-defined)"}; supported: EPSG:4326 and WGS84 UTM (EPSG:326xx/327xx). Reproject with gdalwarp -t_srs`,
        { name, epsg },
      );
    }
    return { epsg, geographic: false, proj4: def };
  }
  throw new SyraqError(
    "NOT_GEOREFERENCED",
    `${name}: GeoTIFF model type ${String(model)} is not geographic or projected; assign a CRS (gdal_translate -a_srs EPSG:4326)`,
    { name, model },
  );
}

// --- writer -----------------------------------------------------------------

const TYPE_SHORT = 3;
const TYPE_LONG = 4;
const TYPE_ASCII = 2;
const TYPE_DOUBLE = 12;

/** One TIFF tag to write (also used by the COG writer, io/cog.ts). */
export interface Tag {
  id: number;
  type: number;
  values: number[] | string;
}

/**
 * TIFF BitsPerSample and SampleFormat of a typed array (1 unsigned, 2 signed, 3 float).
 *
 * @example
 * ```ts
 * import { sampleFormatOf } from "@syraq/core";
 * sampleFormatOf(new Float32Array(1)); // { bits: 32, format: 3 }
 * sampleFormatOf(new Int16Array(1)); // { bits: 16, format: 2 }
 * ```
 */
export function sampleFormatOf(data: RasterArray): { bits: number; format: number } {
  if (data instanceof Float64Array) return { bits: 64, format: 3 };
  if (data instanceof Float32Array) return { bits: 32, format: 3 };
  if (data instanceof Int32Array) return { bits: 32, format: 2 };
  if (data instanceof Uint32Array) return { bits: 32, format: 1 };
  if (data instanceof Int16Array) return { bits: 16, format: 2 };
  if (data instanceof Uint16Array) return { bits: 16, format: 1 };
  if (data instanceof Int8Array) return { bits: 8, format: 2 };
  return { bits: 8, format: 1 };
}

/** Options of writeGeoTiff. */
export interface WriteGeoTiffOptions {
  /**
   * Palette for a Uint8 raster (class maps): value → [r, g, b] 0..255. Written as
   * a TIFF ColorMap (photometric "palette"), which GDAL and QGIS show as the
   * band's colour table. Values without an entry are black.
   */
  colourMap?: Record<number, [number, number, number]>;
}

/**
 * Encodes a raster as an uncompressed, stripped, little-endian GeoTIFF that GDAL
 * reads with CRS, geotransform and nodata (GDAL_NODATA tag). Writes the typed
 * array's bytes directly, so it is as fast as a memory copy.
 *
 * @example
 * ```ts
 * import { WGS84_CRS, writeGeoTiff } from "@syraq/core";
 * const raster = { width: 2, height: 1, originX: 38, originY: 35, pixelSizeX: 0.5, pixelSizeY: 0.5, crs: WGS84_CRS,
 *   data: new Float32Array([250, 310]), nodata: null }; // elevations in metres, cells of 0.5°
 * const bytes = writeGeoTiff(raster); // a complete .tif file in memory
 * ```
 */
export function writeGeoTiff(raster: Raster, options: WriteGeoTiffOptions = {}): Uint8Array {
  const [header, pixels] = geoTiffParts(raster, options);
  const out = new Uint8Array(header.length + pixels.length);
  out.set(header, 0);
  out.set(pixels, header.length);
  return out;
}

/**
 * The GeoTIFF that `writeGeoTiff` encodes, as two parts to be written one after the other: the header (tags and
 * padding) and a view of the raster's own bytes (not copied). A writer that takes parts saves a copy of the
 * pixels: `writeRasterFile` uses it.
 *
 * Throws UNSUPPORTED_CRS for a geographic CRS other than EPSG:4326 or a projected one without an EPSG code, and
 * BAD_OPTION for a colour map on a non-Uint8 raster or a file past classic TIFF's 4 GB.
 *
 * @example
 * ```ts
 * import { writeFileSync } from "node:fs";
 * import { geoTiffParts } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const [header, pixels] = geoTiffParts(await readRasterFile("dem.tif"));
 * writeFileSync("copy.tif", Buffer.concat([header, pixels]));
 * ```
 */
export function geoTiffParts(raster: Raster, options: WriteGeoTiffOptions = {}): [Uint8Array, Uint8Array] {
  const { width, height, data } = raster;
  if (data.length !== width * height)
    throw new SyraqError("INTERNAL", `raster data has ${data.length} cells, expected ${width}×${height}`);
  const { bits, format } = sampleFormatOf(data);
  const bytesPerSample = bits / 8;
  const rowBytes = width * bytesPerSample;
  const rowsPerStrip = Math.max(1, Math.min(height, Math.floor((1 << 20) / rowBytes)));
  const strips = Math.ceil(height / rowsPerStrip);
  const geoKeys: number[] = [];
  const addKey = (id: number, value: number) => geoKeys.push(id, 0, 1, value);
  // GTCitationGeoKey points into GeoAsciiParams: a human-readable CRS name for tools that show it.
  const citation = `${crsLabel(raster.crs).replace(/^EPSG:\d+ \((.*)\)$/, "$1")}|`;
  const addCitation = () => geoKeys.push(1026, 34737, citation.length, 0);
  if (raster.crs.geographic) {
    if ((raster.crs.epsg ?? 4326) !== 4326)
      throw new SyraqError("UNSUPPORTED_CRS", `cannot write geographic CRS EPSG:${raster.crs.epsg}; only EPSG:4326`);
    addKey(1024, 2); // GTModelType: geographic
    addKey(1025, 1); // GTRasterType: PixelIsArea
    addCitation();
    addKey(2048, 4326);
  } else {
    if (!raster.crs.epsg)
      throw new SyraqError("UNSUPPORTED_CRS", "cannot write a projected raster without an EPSG code");
    addKey(1024, 1);
    addKey(1025, 1);
    addCitation();
    addKey(3072, raster.crs.epsg);
  }
  const tags: Tag[] = [
    { id: 256, type: TYPE_LONG, values: [width] },
    { id: 257, type: TYPE_LONG, values: [height] },
    { id: 258, type: TYPE_SHORT, values: [bits] },
    { id: 259, type: TYPE_SHORT, values: [1] },
    { id: 262, type: TYPE_SHORT, values: [options.colourMap ? 3 : 1] },
    { id: 273, type: TYPE_LONG, values: new Array(strips).fill(0) },
    { id: 277, type: TYPE_SHORT, values: [1] },
    { id: 278, type: TYPE_LONG, values: [rowsPerStrip] },
    {
      id: 279,
      type: TYPE_LONG,
      values: Array.from({ length: strips }, (_, s) => Math.min(rowsPerStrip, height - s * rowsPerStrip) * rowBytes),
    },
    { id: 284, type: TYPE_SHORT, values: [1] },
    { id: 339, type: TYPE_SHORT, values: [format] },
    { id: 33550, type: TYPE_DOUBLE, values: [raster.pixelSizeX, raster.pixelSizeY, 0] },
    { id: 33922, type: TYPE_DOUBLE, values: [0, 0, 0, raster.originX, raster.originY, 0] },
    { id: 34735, type: TYPE_SHORT, values: [1, 1, 0, geoKeys.length / 4, ...geoKeys] },
    { id: 34737, type: TYPE_ASCII, values: `${citation}\0` },
  ];
  if (options.colourMap) {
    if (!(data instanceof Uint8Array)) throw new SyraqError("BAD_OPTION", "a colour map needs a Uint8 raster");
    const map = new Array<number>(768).fill(0);
    for (const [k, rgb] of Object.entries(options.colourMap)) {
      const v = Number(k);
      if (!Number.isInteger(v) || v < 0 || v > 255) continue;
      for (let ch = 0; ch < 3; ch++) map[ch * 256 + v] = Math.round(Math.min(255, Math.max(0, rgb[ch]!)) * 257);
    }
    tags.splice(tags.findIndex((t) => t.id === 284) + 1, 0, { id: 320, type: TYPE_SHORT, values: map });
  }
  if (raster.nodata !== null && raster.nodata !== undefined)
    tags.push({ id: 42113, type: TYPE_ASCII, values: `${Number.isNaN(raster.nodata) ? "nan" : raster.nodata}\0` });
  else if (data instanceof Float32Array || data instanceof Float64Array)
    tags.push({ id: 42113, type: TYPE_ASCII, values: "nan\0" });

  const sizeOf = (t: Tag) =>
    t.type === TYPE_ASCII
      ? (t.values as string).length
      : (t.values as number[]).length * (t.type === TYPE_DOUBLE ? 8 : t.type === TYPE_LONG ? 4 : 2);
  const ifdOffset = 8;
  const ifdSize = 2 + tags.length * 12 + 4;
  let extra = ifdOffset + ifdSize;
  const extraOffsets = new Map<Tag, number>();
  for (const t of tags) {
    const s = sizeOf(t);
    if (s > 4) {
      extra = (extra + 7) & ~7;
      extraOffsets.set(t, extra);
      extra += s;
    }
  }
  const dataOffset = (extra + 15) & ~15;
  const strip273 = tags.find((t) => t.id === 273)!;
  strip273.values = Array.from({ length: strips }, (_, s) => dataOffset + s * rowsPerStrip * rowBytes);
  const total = dataOffset + data.byteLength;
  if (total > 0xffffffff)
    throw new SyraqError("BAD_OPTION", `raster too large for classic TIFF (${total} bytes); write a smaller window`);
  const out = new Uint8Array(dataOffset);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0x4949, true); // "II"
  view.setUint16(2, 42, true);
  view.setUint32(4, ifdOffset, true);
  view.setUint16(ifdOffset, tags.length, true);
  const writeValues = (t: Tag, at: number) => {
    if (t.type === TYPE_ASCII) {
      const s = t.values as string;
      for (let k = 0; k < s.length; k++) out[at + k] = s.charCodeAt(k);
      return;
    }
    const vals = t.values as number[];
    for (let k = 0; k < vals.length; k++) {
      if (t.type === TYPE_DOUBLE) view.setFloat64(at + 8 * k, vals[k]!, true);
      else if (t.type === TYPE_LONG) view.setUint32(at + 4 * k, vals[k]!, true);
      else view.setUint16(at + 2 * k, vals[k]!, true);
    }
  };
  tags.forEach((t, k) => {
    const e = ifdOffset + 2 + 12 * k;
    view.setUint16(e, t.id, true);
    view.setUint16(e + 2, t.type, true);
    view.setUint32(e + 4, t.type === TYPE_ASCII ? (t.values as string).length : (t.values as number[]).length, true);
    const off = extraOffsets.get(t);
    if (off !== undefined) {
      view.setUint32(e + 8, off, true);
      writeValues(t, off);
    } else writeValues(t, e + 8);
  });
  view.setUint32(ifdOffset + 2 + tags.length * 12, 0, true);
  return [out, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
}
