/**
 * Cloud-Optimized GeoTIFF encoder (browser-safe; the DEFLATE codec is passed in, the
 * Node writer io/node/cog-file.ts gives zlib's). Layout as GDAL's COG driver writes it
 * and as `validate_cloud_optimized_geotiff.py` checks it:
 *
 *   header (8 bytes) · GDAL structural metadata ("ghost area": LAYOUT=IFDS_BEFORE_DATA,
 *   BLOCK_ORDER=ROW_MAJOR) · IFD of the full image · IFDs of the overviews, largest
 *   first · tile data of the smallest overview · … · tile data of the full image
 *
 * Tiles are square (256 by default), edge tiles padded to full size with nodata (or 0);
 * DEFLATE with predictor 2 (horizontal differencing) for integers and 3 (floating
 * point) for floats; overviews halve the size until the image fits one tile, by the
 * mean of the valid cells of each 2×2 block for float rasters and the top-left cell
 * (nearest) for integer and class rasters. Classic TIFF (files < 4 GiB).
 */
import { SyraqError } from "../errors.ts";
import { crsLabel } from "../raster/crs.ts";
import type { Raster, RasterArray } from "../raster/raster.ts";
import { sampleFormatOf, type Tag } from "./geotiff.ts";

/**
 * Options of {@link writeCog}: tiling, compression, palette and overview resampling.
 */
export interface CogOptions {
  /** Tile width and height (multiple of 16); default 256. */
  tileSize?: number;
  /** DEFLATE (zlib stream) of one tile's bytes. */
  deflate(bytes: Uint8Array): Uint8Array;
  /** Palette for a Uint8 raster (value → [r, g, b] 0..255), as writeGeoTiff's colourMap. */
  colourMap?: Record<number, [number, number, number]>;
  /** Overview resampling: "average" (floats' default) or "nearest" (integers' default). */
  resampling?: "average" | "nearest";
}

const SHORT = 3;
const LONG = 4;
const ASCII = 2;
const DOUBLE = 12;

/**
 * GeoKeyDirectory, citation and georeferencing tags of the full image (any EPSG CRS).
 *
 * Throws UNSUPPORTED_CRS for a projected raster without an EPSG code.
 *
 * @example
 * ```ts
 * import { geoTiffGeoTags } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const tags = geoTiffGeoTags(await readRasterFile("dem.tif")); // ModelPixelScale, ModelTiepoint, GeoKeyDirectory, …
 * ```
 */
export function geoTiffGeoTags(raster: Raster): Tag[] {
  const keys: number[] = [];
  const key = (id: number, v: number) => keys.push(id, 0, 1, v);
  const citation = `${crsLabel(raster.crs).replace(/^EPSG:\d+ \((.*)\)$/, "$1")}|`;
  if (raster.crs.geographic) {
    key(1024, 2);
    key(1025, 1);
    keys.push(1026, 34737, citation.length, 0);
    key(2048, raster.crs.epsg ?? 4326);
  } else {
    if (!raster.crs.epsg)
      throw new SyraqError("UNSUPPORTED_CRS", "cannot write a projected raster without an EPSG code");
    key(1024, 1);
    key(1025, 1);
    keys.push(1026, 34737, citation.length, 0);
    key(3072, raster.crs.epsg);
  }
  return [
    { id: 33550, type: DOUBLE, values: [raster.pixelSizeX, raster.pixelSizeY, 0] },
    { id: 33922, type: DOUBLE, values: [0, 0, 0, raster.originX, raster.originY, 0] },
    { id: 34735, type: SHORT, values: [1, 1, 0, keys.length / 4, ...keys] },
    { id: 34737, type: ASCII, values: `${citation}\0` },
  ];
}

function isNodataValue(v: number, nodata: number | null): boolean {
  return !Number.isFinite(v) || (nodata !== null && v === nodata);
}

/** One overview level: half the size (rounded up). */
function downsample(
  src: RasterArray,
  w: number,
  h: number,
  nodata: number | null,
  mode: "average" | "nearest",
): { data: RasterArray; w: number; h: number } {
  const ow = Math.ceil(w / 2);
  const oh = Math.ceil(h / 2);
  const Ctor = src.constructor as new (n: number) => RasterArray;
  const out = new Ctor(ow * oh);
  const fill = nodata ?? Number.NaN;
  for (let r = 0; r < oh; r++)
    for (let c = 0; c < ow; c++) {
      if (mode === "nearest") {
        out[r * ow + c] = src[2 * r * w + 2 * c]!;
        continue;
      }
      let sum = 0;
      let n = 0;
      for (let dr = 0; dr < 2; dr++)
        for (let dc = 0; dc < 2; dc++) {
          const rr = 2 * r + dr;
          const cc = 2 * c + dc;
          if (rr >= h || cc >= w) continue;
          const v = src[rr * w + cc]!;
          if (isNodataValue(v, nodata)) continue;
          sum += v;
          n++;
        }
      out[r * ow + c] = n ? sum / n : fill;
    }
  return { data: out, w: ow, h: oh };
}

/** The bytes of one tile (padded), with the predictor applied, before compression. */
function tileBytes(
  data: RasterArray,
  w: number,
  h: number,
  tx: number,
  ty: number,
  T: number,
  pad: number,
  isFloat: boolean,
): Uint8Array {
  const Ctor = data.constructor as new (n: number) => RasterArray;
  const tile = new Ctor(T * T);
  tile.fill(pad);
  const c0 = tx * T;
  const r0 = ty * T;
  const cw = Math.min(T, w - c0);
  for (let r = 0; r < T && r0 + r < h; r++) tile.set(data.subarray((r0 + r) * w + c0, (r0 + r) * w + c0 + cw), r * T);
  const bytes = new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
  if (!isFloat) {
    // predictor 2: each sample minus its left neighbour, wrapping in the sample type (rows are independent)
    for (let r = 0; r < T; r++)
      for (let c = T - 1; c > 0; c--) tile[r * T + c] = tile[r * T + c]! - tile[r * T + c - 1]!;
    return bytes;
  }
  // predictor 3 (libtiff fpDiff): per row, bytes regrouped most significant first, then byte differences
  const bps = data.BYTES_PER_ELEMENT;
  const rowBytes = T * bps;
  const out = new Uint8Array(bytes.length);
  for (let r = 0; r < T; r++) {
    const base = r * rowBytes;
    for (let i = 0; i < T; i++)
      for (let b = 0; b < bps; b++) out[base + (bps - b - 1) * T + i] = bytes[base + i * bps + b]!;
    for (let k = rowBytes - 1; k > 0; k--) out[base + k] = (out[base + k]! - out[base + k - 1]!) & 0xff;
  }
  return out;
}

/**
 * Encodes a raster as a Cloud-Optimized GeoTIFF.
 *
 * Pixel sizes and bounds are written in the raster's CRS units; overviews halve the resolution level by level.
 *
 * Throws BAD_OPTION for a tile size that is not a multiple of 16, a colour map on a non-Uint8 raster, or a file past
 * classic TIFF's 4 GB.
 *
 * @example
 * ```ts
 * import { deflateSync } from "node:zlib";
 * import { writeCog } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const bytes = writeCog(await readRasterFile("slope.tif"), { deflate: (b) => deflateSync(b) });
 * ```
 */
export function writeCog(raster: Raster, options: CogOptions): Uint8Array {
  const { width, height, data } = raster;
  if (data.length !== width * height)
    throw new SyraqError("INTERNAL", `raster data has ${data.length} cells, expected ${width}×${height}`);
  const T = options.tileSize ?? 256;
  if (!(Number.isInteger(T) && T >= 16 && T % 16 === 0))
    throw new SyraqError("BAD_OPTION", `COG tile size must be a multiple of 16; got ${T}`, { tileSize: T });
  const { bits, format } = sampleFormatOf(data);
  const isFloat = format === 3;
  if (options.colourMap && !(data instanceof Uint8Array))
    throw new SyraqError("BAD_OPTION", "a colour map needs a Uint8 raster");
  const nodata = raster.nodata ?? null;
  const pad = nodata ?? (isFloat ? Number.NaN : 0);
  const mode = options.resampling ?? (isFloat && !options.colourMap ? "average" : "nearest");

  // levels: full image, then halvings until one tile holds the image
  const levels: Array<{ data: RasterArray; w: number; h: number }> = [{ data, w: width, h: height }];
  while (levels.at(-1)!.w > T || levels.at(-1)!.h > T) {
    const l = levels.at(-1)!;
    levels.push(downsample(l.data, l.w, l.h, nodata, mode));
  }
  // compressed tiles per level, row-major
  const tiles = levels.map((l) => {
    const nx = Math.ceil(l.w / T);
    const ny = Math.ceil(l.h / T);
    const list: Uint8Array[] = [];
    for (let ty = 0; ty < ny; ty++)
      for (let tx = 0; tx < nx; tx++) list.push(options.deflate(tileBytes(l.data, l.w, l.h, tx, ty, T, pad, isFloat)));
    return list;
  });

  const nodataText =
    raster.nodata !== null && raster.nodata !== undefined
      ? `${Number.isNaN(raster.nodata) ? "nan" : raster.nodata}\0`
      : isFloat
        ? "nan\0"
        : null;
  let colourMap: number[] | null = null;
  if (options.colourMap) {
    colourMap = new Array<number>(768).fill(0);
    for (const [k, rgb] of Object.entries(options.colourMap)) {
      const v = Number(k);
      if (!Number.isInteger(v) || v < 0 || v > 255) continue;
      for (let ch = 0; ch < 3; ch++) colourMap[ch * 256 + v] = Math.round(Math.min(255, Math.max(0, rgb[ch]!)) * 257);
    }
  }
  const ifdTags = levels.map((l, k) => {
    const tags: Tag[] = [
      { id: 254, type: LONG, values: [k === 0 ? 0 : 1] },
      { id: 256, type: LONG, values: [l.w] },
      { id: 257, type: LONG, values: [l.h] },
      { id: 258, type: SHORT, values: [bits] },
      { id: 259, type: SHORT, values: [8] },
      { id: 262, type: SHORT, values: [colourMap ? 3 : 1] },
      { id: 277, type: SHORT, values: [1] },
      { id: 284, type: SHORT, values: [1] },
      { id: 317, type: SHORT, values: [isFloat ? 3 : 2] },
      { id: 322, type: LONG, values: [T] },
      { id: 323, type: LONG, values: [T] },
      { id: 324, type: LONG, values: new Array(tiles[k]!.length).fill(0) },
      { id: 325, type: LONG, values: tiles[k]!.map((t) => t.length) },
      { id: 339, type: SHORT, values: [format] },
    ];
    if (colourMap) tags.push({ id: 320, type: SHORT, values: colourMap });
    if (k === 0) tags.push(...geoTiffGeoTags(raster));
    if (nodataText) tags.push({ id: 42113, type: ASCII, values: nodataText });
    return tags.sort((a, b) => a.id - b.id);
  });

  const ghostBody = "LAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nKNOWN_INCOMPATIBLE_EDITION=NO\n";
  const ghost = `GDAL_STRUCTURAL_METADATA_SIZE=${String(ghostBody.length).padStart(6, "0")} bytes\n${ghostBody}`;
  const sizeOf = (t: Tag) =>
    t.type === ASCII
      ? (t.values as string).length
      : (t.values as number[]).length * (t.type === DOUBLE ? 8 : t.type === LONG ? 4 : 2);
  // IFD positions: each IFD followed by its out-of-line values
  let pos = 8 + ghost.length;
  pos += pos % 2;
  const ifdAt: number[] = [];
  const extraAt: Array<Map<Tag, number>> = [];
  for (const tags of ifdTags) {
    ifdAt.push(pos);
    pos += 2 + tags.length * 12 + 4;
    const m = new Map<Tag, number>();
    for (const t of tags) {
      const s = sizeOf(t);
      if (s > 4) {
        pos = (pos + 1) & ~1;
        m.set(t, pos);
        pos += s;
      }
    }
    pos = (pos + 1) & ~1;
    extraAt.push(m);
  }
  // tile data: smallest overview first, full image last
  for (let k = levels.length - 1; k >= 0; k--) {
    const offsets = ifdTags[k]!.find((t) => t.id === 324)!.values as number[];
    tiles[k]!.forEach((t, i) => {
      offsets[i] = pos;
      pos += t.length;
    });
  }
  if (pos > 0xffffffff)
    throw new SyraqError(
      "BAD_OPTION",
      `raster too large for a classic-TIFF COG (${pos} bytes); write a smaller window`,
    );
  const out = new Uint8Array(pos);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0x4949, true);
  view.setUint16(2, 42, true);
  view.setUint32(4, ifdAt[0]!, true);
  for (let i = 0; i < ghost.length; i++) out[8 + i] = ghost.charCodeAt(i);
  const writeValues = (t: Tag, at: number) => {
    if (t.type === ASCII) {
      const s = t.values as string;
      for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
      return;
    }
    const vals = t.values as number[];
    for (let i = 0; i < vals.length; i++) {
      if (t.type === DOUBLE) view.setFloat64(at + 8 * i, vals[i]!, true);
      else if (t.type === LONG) view.setUint32(at + 4 * i, vals[i]!, true);
      else view.setUint16(at + 2 * i, vals[i]!, true);
    }
  };
  ifdTags.forEach((tags, k) => {
    const at = ifdAt[k]!;
    view.setUint16(at, tags.length, true);
    tags.forEach((t, i) => {
      const e = at + 2 + 12 * i;
      view.setUint16(e, t.id, true);
      view.setUint16(e + 2, t.type, true);
      view.setUint32(e + 4, t.type === ASCII ? (t.values as string).length : (t.values as number[]).length, true);
      const off = extraAt[k]!.get(t);
      if (off !== undefined) {
        view.setUint32(e + 8, off, true);
        writeValues(t, off);
      } else writeValues(t, e + 8);
    });
    view.setUint32(at + 2 + 12 * tags.length, k + 1 < ifdAt.length ? ifdAt[k + 1]! : 0, true);
  });
  for (let k = 0; k < levels.length; k++) {
    const offsets = ifdTags[k]!.find((t) => t.id === 324)!.values as number[];
    tiles[k]!.forEach((t, i) => {
      out.set(t, offsets[i]!);
    });
  }
  return out;
}

/**
 * GDAL PAM side-car (FILE.tif.aux.xml) naming the classes of a class raster: a raster
 * attribute table (value, name, colour) and the category names, which gdalinfo lists
 * and QGIS shows as the legend of a paletted band.
 *
 * @example
 * ```ts
 * import { classNamesAuxXml } from "@syraq/core";
 * const xml = classNamesAuxXml([
 *   { value: 1, name: "water", rgb: [60, 120, 220] },
 *   { value: 2, name: "plain" },
 * ]); // write it as terrain.tif.aux.xml
 * ```
 */
export function classNamesAuxXml(
  classes: Array<{ value: number; name: string; rgb?: [number, number, number] }>,
): string {
  const esc = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const sorted = [...classes].sort((a, b) => a.value - b.value);
  const max = sorted.length ? sorted.at(-1)!.value : -1;
  const cats: string[] = [];
  for (let v = 0; v <= max; v++)
    cats.push(`      <Category>${esc(sorted.find((c) => c.value === v)?.name ?? "")}</Category>`);
  const rows = sorted.map(
    (c, i) =>
      `      <Row index="${i}"><F>${c.value}</F><F>${esc(c.name)}</F><F>${c.rgb?.[0] ?? 0}</F><F>${c.rgb?.[1] ?? 0}</F><F>${c.rgb?.[2] ?? 0}</F></Row>`,
  );
  return [
    "<PAMDataset>",
    '  <PAMRasterBand band="1">',
    "    <CategoryNames>",
    ...cats,
    "    </CategoryNames>",
    '    <GDALRasterAttributeTable tableType="thematic">',
    '      <FieldDefn index="0"><Name>Value</Name><Type>0</Type><Usage>5</Usage></FieldDefn>',
    '      <FieldDefn index="1"><Name>Class</Name><Type>2</Type><Usage>2</Usage></FieldDefn>',
    '      <FieldDefn index="2"><Name>Red</Name><Type>0</Type><Usage>6</Usage></FieldDefn>',
    '      <FieldDefn index="3"><Name>Green</Name><Type>0</Type><Usage>7</Usage></FieldDefn>',
    '      <FieldDefn index="4"><Name>Blue</Name><Type>0</Type><Usage>8</Usage></FieldDefn>',
    ...rows,
    "    </GDALRasterAttributeTable>",
    "  </PAMRasterBand>",
    "</PAMDataset>",
    "",
  ].join("\n");
}
