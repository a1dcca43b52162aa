/**
 * A TIFF / BigTIFF directory reader of our own: the header and the first image file directory (IFD), parsed over a
 * "read bytes at offset" source, with the part of geotiff.js's GeoTIFF/GeoTIFFImage API that io/geotiff.ts uses
 * (sizes, sample layout, tags by name, GeoKeys), and a pixel reader (readDirect) for single-band images,
 * uncompressed (bytes copied from the file straight into the result) or compressed with a codec the caller passes
 * (the Node readers pass zlib's DEFLATE). readRasterFile uses it so that geotiff.js is not loaded for such files;
 * anything this reader rejects or does not read is opened with geotiff.js instead, which then decodes or reports
 * it as it always has.
 */
import type { RasterArray } from "../raster/raster.ts";

/** Bytes of a TIFF: the whole file in memory or a file read on demand (io/node/tiff-file.ts). */
export interface TiffSource {
  /** Size of the file in bytes. */
  readonly size: number;
  /**
   * Copies `length` bytes from file position `position` into `target` at `targetOffset`; returns how many were
   * copied (fewer only at the end of the file).
   */
  readInto(target: Uint8Array, targetOffset: number, length: number, position: number): number;
  /** Releases the source (closes the file). */
  close(): void;
}

/** A source over bytes in memory. */
export function bufferTiffSource(buffer: ArrayBuffer | Uint8Array): TiffSource {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  return {
    size: bytes.byteLength,
    readInto(target, targetOffset, length, position) {
      const n = Math.max(0, Math.min(length, bytes.byteLength - position));
      target.set(bytes.subarray(position, position + n), targetOffset);
      return n;
    },
    close() {},
  };
}

/** Reads exactly `length` bytes at `position` into `target` (looping over short reads); throws past the end. */
export function readFully(
  source: TiffSource,
  target: Uint8Array,
  targetOffset: number,
  length: number,
  position: number,
): void {
  let done = 0;
  while (done < length) {
    const n = source.readInto(target, targetOffset + done, length - done, position + done);
    if (!(n > 0))
      throw new Error(`unexpected end of file at byte ${position + done} (the file has ${source.size} bytes)`);
    done += n;
  }
}

// TIFF field types: byte size of one value.
const TYPE_SIZES: Record<number, number> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  16: 8, // LONG8
  17: 8, // SLONG8
  18: 8, // IFD8
};

/** Tags by the names geotiff.js gives them (those the readers ask for, and a few more). */
const TAG_IDS: Record<string, number> = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  PhotometricInterpretation: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  Predictor: 317,
  ColorMap: 320,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  ExtraSamples: 338,
  SampleFormat: 339,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GDAL_METADATA: 42112,
  GDAL_NODATA: 42113,
};

/** Tags geotiff.js always returns as arrays, even with one value. */
const ARRAY_TAGS = new Set([
  258, 273, 279, 280, 281, 291, 297, 301, 318, 319, 320, 321, 324, 325, 330, 336, 338, 339, 340, 341, 342, 347, 517,
  518, 519, 520, 521, 529, 530, 532, 559, 33550, 33922, 34264, 34735, 34736,
]);

/** GeoKey ids → names, as geotiff.js (and the GeoTIFF specification) name them. */
const GEO_KEY_NAMES: Record<number, string> = {
  1024: "GTModelTypeGeoKey",
  1025: "GTRasterTypeGeoKey",
  1026: "GTCitationGeoKey",
  2048: "GeographicTypeGeoKey",
  2049: "GeogCitationGeoKey",
  2050: "GeogGeodeticDatumGeoKey",
  2051: "GeogPrimeMeridianGeoKey",
  2052: "GeogLinearUnitsGeoKey",
  2053: "GeogLinearUnitSizeGeoKey",
  2054: "GeogAngularUnitsGeoKey",
  2055: "GeogAngularUnitSizeGeoKey",
  2056: "GeogEllipsoidGeoKey",
  2057: "GeogSemiMajorAxisGeoKey",
  2058: "GeogSemiMinorAxisGeoKey",
  2059: "GeogInvFlatteningGeoKey",
  2060: "GeogAzimuthUnitsGeoKey",
  2061: "GeogPrimeMeridianLongGeoKey",
  2062: "GeogTOWGS84GeoKey",
  3072: "ProjectedCSTypeGeoKey",
  3073: "PCSCitationGeoKey",
  3074: "ProjectionGeoKey",
  3075: "ProjCoordTransGeoKey",
  3076: "ProjLinearUnitsGeoKey",
  3077: "ProjLinearUnitSizeGeoKey",
  3078: "ProjStdParallel1GeoKey",
  3079: "ProjStdParallel2GeoKey",
  3080: "ProjNatOriginLongGeoKey",
  3081: "ProjNatOriginLatGeoKey",
  3082: "ProjFalseEastingGeoKey",
  3083: "ProjFalseNorthingGeoKey",
  3084: "ProjFalseOriginLongGeoKey",
  3085: "ProjFalseOriginLatGeoKey",
  3086: "ProjFalseOriginEastingGeoKey",
  3087: "ProjFalseOriginNorthingGeoKey",
  3088: "ProjCenterLongGeoKey",
  3089: "ProjCenterLatGeoKey",
  3090: "ProjCenterEastingGeoKey",
  3091: "ProjCenterNorthingGeoKey",
  3092: "ProjScaleAtNatOriginGeoKey",
  3093: "ProjScaleAtCenterGeoKey",
  3094: "ProjAzimuthAngleGeoKey",
  3095: "ProjStraightVertPoleLongGeoKey",
  3096: "ProjRectifiedGridAngleGeoKey",
  4096: "VerticalCSTypeGeoKey",
  4097: "VerticalCitationGeoKey",
  4098: "VerticalDatumGeoKey",
  4099: "VerticalUnitsGeoKey",
};

type TagValue = number | string | ArrayLike<number>;

const tagId = (tag: string | number): number | undefined => (typeof tag === "number" ? tag : TAG_IDS[tag]);

/** The first IFD's tags, decoded (same value shapes as geotiff.js: a number, a string, or an array). */
export class TiffDirectory {
  constructor(private readonly values: Map<number, TagValue>) {}

  /** Whether the tag is present. */
  hasTag(tag: string | number): boolean {
    const id = tagId(tag);
    return id !== undefined && this.values.has(id);
  }

  /** The tag's value, undefined when absent. */
  getValue(tag: string | number): TagValue | undefined {
    const id = tagId(tag);
    return id === undefined ? undefined : this.values.get(id);
  }

  /** As getValue: every value is already decoded (geotiff.js loads large arrays on demand). */
  async loadValue(tag: string | number): Promise<TagValue | undefined> {
    return this.getValue(tag);
  }
}

/** The first image of a TIFF: the subset of geotiff.js's GeoTIFFImage that the readers use. */
export class TiffImage {
  /** Tiles (TileOffsets) rather than strips (StripOffsets), as geotiff.js decides it. */
  readonly isTiled: boolean;
  /** Decompressors readDirect may use (set by directTiff). */
  codecs: TiffCodecs = {};

  constructor(
    readonly fileDirectory: TiffDirectory,
    readonly littleEndian: boolean,
    readonly source: TiffSource,
  ) {
    this.isTiled = !fileDirectory.hasTag("StripOffsets");
  }

  private num(tag: string): number | undefined {
    const v = this.fileDirectory.getValue(tag);
    return typeof v === "number" ? v : typeof v === "object" && v.length > 0 ? v[0] : undefined;
  }

  getWidth(): number {
    return this.num("ImageWidth") || 0;
  }

  getHeight(): number {
    return this.num("ImageLength") || 0;
  }

  getSamplesPerPixel(): number {
    return this.num("SamplesPerPixel") ?? 1;
  }

  getTileWidth(): number {
    return this.isTiled ? this.num("TileWidth") || 0 : this.getWidth();
  }

  getTileHeight(): number {
    if (this.isTiled) return this.num("TileLength") || 0;
    const rowsPerStrip = this.num("RowsPerStrip");
    return rowsPerStrip ? Math.min(rowsPerStrip, this.getHeight()) : this.getHeight();
  }

  getSampleFormat(sample = 0): number {
    const v = this.fileDirectory.getValue("SampleFormat");
    return v !== undefined && typeof v === "object" ? (v[sample] as number) : 1;
  }

  getBitsPerSample(sample = 0): number {
    const v = this.fileDirectory.getValue("BitsPerSample");
    return v !== undefined && typeof v === "object" ? (v[sample] as number) : 0;
  }

  /** The GeoKeyDirectory as geotiff.js parses it (key name → value), null without one. */
  getGeoKeys(): Record<string, unknown> | null {
    const dir = this.fileDirectory.getValue("GeoKeyDirectory");
    if (!dir || typeof dir !== "object") return null;
    const keys: Record<string, unknown> = {};
    for (let i = 4; i <= (dir[3] ?? 0) * 4; i += 4) {
      const name = GEO_KEY_NAMES[dir[i]!] ?? String(undefined);
      const location = dir[i + 1] || null;
      const count = dir[i + 2]!;
      const offset = dir[i + 3]!;
      let value: unknown = offset;
      if (location) {
        const v = this.fileDirectory.getValue(location);
        if (v === undefined || v === null) throw new Error(`Could not get value of geoKey '${name}'.`);
        if (typeof v === "string") value = v.substring(offset, offset + count - 1);
        else if (typeof v === "object" && "subarray" in v) {
          const part = (v as Float64Array).subarray(offset, offset + count);
          value = count === 1 ? part[0] : part;
        } else value = v;
      }
      keys[name] = value;
    }
    return keys;
  }
}

/** An opened TIFF: its first image, and the source to close. Same shape as geotiff.js's GeoTIFF for the readers. */
export class TiffFile {
  constructor(readonly image: TiffImage) {}

  async getImage(): Promise<TiffImage> {
    return this.image;
  }

  async close(): Promise<void> {
    this.image.source.close();
  }
}

/** Bytes [offset, offset + length) of the source; throws when they are not all in the file. */
function bytesAt(source: TiffSource, offset: number, length: number): DataView {
  if (!(offset >= 0) || !(length >= 0) || offset + length > source.size)
    throw new Error(`bytes ${offset}..${offset + length} lie outside the file (${source.size} bytes)`);
  const out = new Uint8Array(length);
  readFully(source, out, 0, length, offset);
  return new DataView(out.buffer);
}

function readUint64(view: DataView, at: number, le: boolean): number {
  const v = view.getBigUint64(at, le);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`offset ${v} is beyond 2^53`);
  return Number(v);
}

/** The `count` values of field `type` at byte `at` of `view`. */
function decodeValues(view: DataView, at: number, type: number, count: number, le: boolean, array: boolean): TagValue {
  if (type === 2) {
    const bytes = new Uint8Array(view.buffer, view.byteOffset + at, count);
    return new TextDecoder("utf-8").decode(bytes);
  }
  let values: number[] | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;
  let out: ArrayLike<number>;
  const size = TYPE_SIZES[type]!;
  switch (type) {
    case 1:
    case 7:
      out = values = new Uint8Array(count);
      for (let i = 0; i < count; i++) values[i] = view.getUint8(at + i);
      break;
    case 6:
      out = values = new Int8Array(count);
      for (let i = 0; i < count; i++) values[i] = view.getInt8(at + i);
      break;
    case 3:
      out = values = new Uint16Array(count);
      for (let i = 0; i < count; i++) values[i] = view.getUint16(at + 2 * i, le);
      break;
    case 8:
      out = values = new Int16Array(count);
      for (let i = 0; i < count; i++) values[i] = view.getInt16(at + 2 * i, le);
      break;
    case 4:
    case 13:
      out = values = new Uint32Array(count);
      for (let i = 0; i < count; i++) values[i] = view.getUint32(at + 4 * i, le);
      break;
    case 9:
      out = values = new Int32Array(count);
      for (let i = 0; i < count; i++) values[i] = view.getInt32(at + 4 * i, le);
      break;
    case 5:
    case 10: {
      // numerator, denominator pairs
      const pairs = type === 5 ? new Uint32Array(2 * count) : new Int32Array(2 * count);
      for (let i = 0; i < 2 * count; i++)
        pairs[i] = type === 5 ? view.getUint32(at + 4 * i, le) : view.getInt32(at + 4 * i, le);
      return pairs;
    }
    case 11: {
      const f = new Float32Array(count);
      for (let i = 0; i < count; i++) f[i] = view.getFloat32(at + 4 * i, le);
      out = f;
      break;
    }
    case 12: {
      const f = new Float64Array(count);
      for (let i = 0; i < count; i++) f[i] = view.getFloat64(at + 8 * i, le);
      out = f;
      break;
    }
    case 16:
    case 18:
      out = values = Array.from({ length: count }, (_, i) => readUint64(view, at + size * i, le));
      break;
    case 17:
      out = values = Array.from({ length: count }, (_, i) => Number(view.getBigInt64(at + size * i, le)));
      break;
    default:
      throw new Error(`Invalid field type: ${type}`);
  }
  return count === 1 && !array ? out[0]! : out;
}

/**
 * Parses the header and the first IFD of a TIFF or BigTIFF (either byte order). Throws a plain Error naming what is
 * wrong (not a TIFF, a directory or a tag value outside the file, an unknown field type, an invalid planar
 * configuration): the callers then open the file with geotiff.js, which reports it.
 */
export function openTiffDirectory(source: TiffSource): TiffFile {
  const head = bytesAt(source, 0, Math.min(16, source.size));
  if (head.byteLength < 8) throw new Error("too short for a TIFF header");
  const b0 = head.getUint8(0);
  const b1 = head.getUint8(1);
  const le = b0 === 0x49 && b1 === 0x49;
  if (!le && !(b0 === 0x4d && b1 === 0x4d)) throw new Error("no TIFF byte-order mark");
  const magic = head.getUint16(2, le);
  let big: boolean;
  let ifdOffset: number;
  if (magic === 42) {
    big = false;
    ifdOffset = head.getUint32(4, le);
  } else if (magic === 43) {
    if (head.byteLength < 16 || head.getUint16(4, le) !== 8) throw new Error("bad BigTIFF header");
    big = true;
    ifdOffset = readUint64(head, 8, le);
  } else throw new Error(`bad TIFF magic number ${magic}`);
  const entrySize = big ? 20 : 12;
  const countView = bytesAt(source, ifdOffset, big ? 8 : 2);
  const entries = big ? readUint64(countView, 0, le) : countView.getUint16(0, le);
  const ifd = bytesAt(source, ifdOffset + (big ? 8 : 2), entries * entrySize);
  const inline = big ? 8 : 4;
  const values = new Map<number, TagValue>();
  for (let e = 0; e < entries; e++) {
    const at = e * entrySize;
    const tag = ifd.getUint16(at, le);
    const type = ifd.getUint16(at + 2, le);
    const count = big ? readUint64(ifd, at + 4, le) : ifd.getUint32(at + 4, le);
    const size = TYPE_SIZES[type];
    if (size === undefined) throw new Error(`Invalid field type: ${type}`);
    const bytes = size * count;
    const valueAt = at + (big ? 12 : 8);
    const array = ARRAY_TAGS.has(tag);
    if (bytes <= inline) values.set(tag, decodeValues(ifd, valueAt, type, count, le, array));
    else {
      const offset = big ? readUint64(ifd, valueAt, le) : ifd.getUint32(valueAt, le);
      values.set(tag, decodeValues(bytesAt(source, offset, bytes), 0, type, count, le, array));
    }
  }
  const directory = new TiffDirectory(values);
  const planar = directory.getValue("PlanarConfiguration") ?? 1;
  if (planar !== 1 && planar !== 2) throw new Error("Invalid planar configuration.");
  return new TiffFile(new TiffImage(directory, le, source));
}

/**
 * The part of an image that io/geotiff.ts reads: a TiffImage, or geotiff.js's GeoTIFFImage (which has all of it).
 */
export interface TiffImageLike {
  readonly fileDirectory: {
    hasTag(tag: string): boolean;
    getValue(tag: string): unknown;
    loadValue(tag: string): Promise<unknown>;
  };
  readonly littleEndian: boolean;
  readonly isTiled: boolean;
  getWidth(): number;
  getHeight(): number;
  getSamplesPerPixel(): number;
  getTileWidth(): number;
  getTileHeight(): number;
  getSampleFormat(sample?: number): number;
  getBitsPerSample(sample?: number): number;
  getGeoKeys(): Record<string, unknown> | null;
}

type RasterArrayConstructor = new (length: number) => RasterArray;
/** The typed array for a (SampleFormat, BitsPerSample) pair, as geotiff.js returns it; undefined for others. */
export function arrayTypeFor(format: number, bits: number): RasterArrayConstructor | undefined {
  const table: Record<string, RasterArrayConstructor> = {
    "1:8": Uint8Array,
    "1:16": Uint16Array,
    "1:32": Uint32Array,
    "2:8": Int8Array,
    "2:16": Int16Array,
    "2:32": Int32Array,
    "3:32": Float32Array,
    "3:64": Float64Array,
  };
  return table[`${format}:${bits}`];
}

/** Strip or tile layout of an image, null when it has no usable block table. */
interface Blocks {
  tw: number;
  th: number;
  perRow: number;
  perCol: number;
  offsets: ArrayLike<number>;
  counts: ArrayLike<number>;
}

function blocksOf(image: TiffImage): Blocks | null {
  const fd = image.fileDirectory;
  const tw = image.getTileWidth();
  const th = image.getTileHeight();
  const offsets = fd.getValue(image.isTiled ? "TileOffsets" : "StripOffsets");
  const counts = fd.getValue(image.isTiled ? "TileByteCounts" : "StripByteCounts");
  if (!(tw > 0 && th > 0) || typeof offsets !== "object" || typeof counts !== "object") return null;
  return {
    tw,
    th,
    perRow: Math.ceil(image.getWidth() / tw),
    perCol: Math.ceil(image.getHeight() / th),
    offsets,
    counts,
  };
}

/**
 * Decompressors by TIFF Compression value, each from a block's bytes to its decoded bytes. The pure reader has
 * none; the Node side passes zlib's inflate for DEFLATE (8 and 32946: io/node/tiff-file.ts).
 */
export type TiffCodecs = Partial<Record<number, (data: Uint8Array) => Uint8Array>>;

/**
 * Whether `readDirect` reads the image: one sample per pixel of a type it knows (8/16/32-bit integers, 32/64-bit
 * floats); uncompressed, or (little-endian files) compressed with one of `codecs` with no predictor, the
 * horizontal one (2, for 8/16/32 bits) or the floating-point one (3); every strip or tile present, uncompressed
 * ones complete (GDAL leaves sparse blocks empty: geotiff.js fills them with nodata).
 */
export function directReadable(image: TiffImage, codecs: TiffCodecs = {}): boolean {
  const fd = image.fileDirectory;
  const compression = fd.getValue("Compression") ?? 1;
  const predictor = fd.getValue("Predictor") ?? 1;
  if (image.getSamplesPerPixel() !== 1) return false;
  const bits = image.getBitsPerSample(0);
  if (!arrayTypeFor(image.getSampleFormat(0) ?? 1, bits)) return false;
  const compressed = compression !== 1;
  if (compressed) {
    if (typeof compression !== "number" || !codecs[compression] || !image.littleEndian || !HOST_LITTLE_ENDIAN)
      return false;
    if (!(predictor === 1 || (predictor === 2 && bits <= 32) || predictor === 3)) return false;
  } else if (predictor !== 1) return false;
  const b = blocksOf(image);
  if (!b || b.offsets.length < b.perRow * b.perCol || b.counts.length < b.perRow * b.perCol) return false;
  const height = image.getHeight();
  for (let ty = 0; ty < b.perCol; ty++) {
    const rows = image.isTiled ? b.th : Math.min(b.th, height - ty * b.th);
    const least = compressed ? 1 : rows * b.tw * (bits / 8);
    for (let tx = 0; tx < b.perRow; tx++) if (b.counts[ty * b.perRow + tx]! < least) return false;
  }
  return true;
}

/**
 * Our own reader's TIFF when it can read the image's pixels (`pixels`, the default: see directReadable, with
 * `codecs`) or when only the header is wanted (`pixels: false`); null otherwise, or when the directory reader
 * rejects the file: the caller then opens it with geotiff.js, which decodes it or reports it as it always has. The
 * source is closed when null is returned.
 */
export function directTiff(open: () => TiffSource, pixels = true, codecs: TiffCodecs = {}): TiffFile | null {
  let source: TiffSource | undefined;
  try {
    source = open();
    const tiff = openTiffDirectory(source);
    tiff.image.codecs = codecs;
    if (!pixels || directReadable(tiff.image, codecs)) return tiff;
  } catch {
    // rejected: geotiff.js opens it
  }
  source?.close();
  return null;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Largest run of tiles read at once into the scratch buffer. */
const SCRATCH_BYTES = 8 << 20;

/**
 * The window `[c0, r0, c1, r1)` (file rows and columns) of a `directReadable` image. Bytes go from the file straight
 * into the result's memory: rows of full-width strips in one read per run of contiguous strips, rows of a window of
 * strips one read per row; tiles through one reused scratch buffer (a run of tiles contiguous in the file at once),
 * then copied row by row. Big-endian samples are swapped in place. Throws (a plain Error) when the file ends early.
 */
export function readDirect(image: TiffImage, [c0, r0, c1, r1]: [number, number, number, number]): RasterArray {
  const bits = image.getBitsPerSample(0);
  const Type = arrayTypeFor(image.getSampleFormat(0) ?? 1, bits);
  const b = blocksOf(image);
  if (!Type || !b) throw new Error("not a single-band image of a known sample type");
  const bytes = bits / 8;
  const { tw, th, perRow, offsets } = b;
  const width = image.getWidth();
  const source = image.source;
  const w = c1 - c0;
  const out = new Type(w * (r1 - r0));
  const outBytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  const rowOut = w * bytes;
  const compression = image.fileDirectory.getValue("Compression") ?? 1;
  if (compression !== 1) {
    const codec = image.codecs[compression as number];
    if (!codec) throw new Error(`no decoder for compression ${compression}`);
    readCompressed(image, b, codec, outBytes, [c0, r0, c1, r1], bytes);
    return out;
  }
  // a pending read straight into `out`: extended while the next piece follows it both in the file and in `out`
  let run = { file: 0, at: 0, length: 0 };
  const direct = (file: number, at: number, length: number) => {
    if (run.length > 0 && run.file + run.length === file && run.at + run.length === at) run.length += length;
    else {
      if (run.length > 0) readFully(source, outBytes, run.at, run.length, run.file);
      run = { file, at, length };
    }
  };
  if (!image.isTiled) {
    for (let s = Math.floor(r0 / th); s * th < r1; s++) {
      const from = Math.max(r0, s * th);
      const to = Math.min(r1, (s + 1) * th);
      const base = offsets[s]! + (from - s * th) * width * bytes;
      if (w === width) direct(base, (from - r0) * rowOut, (to - from) * rowOut);
      else for (let r = from; r < to; r++) direct(base + ((r - from) * width + c0) * bytes, (r - r0) * rowOut, rowOut);
    }
  } else {
    const tileBytes = tw * th * bytes;
    const tiles: Array<{ tx: number; ty: number; offset: number }> = [];
    for (let ty = Math.floor(r0 / th); ty * th < r1; ty++)
      for (let tx = Math.floor(c0 / tw); tx * tw < c1; tx++) tiles.push({ tx, ty, offset: offsets[ty * perRow + tx]! });
    let scratch: Uint8Array | undefined;
    for (let i = 0; i < tiles.length; ) {
      // a run of tiles that follow each other in the file, read at once
      let j = i + 1;
      while (
        j < tiles.length &&
        (j - i + 1) * tileBytes <= SCRATCH_BYTES &&
        tiles[j]!.offset === tiles[j - 1]!.offset + tileBytes
      )
        j++;
      const length = (j - i) * tileBytes;
      if (!scratch || scratch.length < length)
        scratch = new Uint8Array(Math.max(length, Math.min(SCRATCH_BYTES, tiles.length * tileBytes)));
      readFully(source, scratch, 0, length, tiles[i]!.offset);
      for (let k = i; k < j; k++) {
        const { tx, ty } = tiles[k]!;
        const bc0 = Math.max(c0, tx * tw);
        const bc1 = Math.min(c1, (tx + 1) * tw, width);
        const base = (k - i) * tileBytes;
        for (let r = Math.max(r0, ty * th); r < Math.min(r1, (ty + 1) * th); r++) {
          const from = base + ((r - ty * th) * tw + (bc0 - tx * tw)) * bytes;
          outBytes.set(scratch.subarray(from, from + (bc1 - bc0) * bytes), (r - r0) * rowOut + (bc0 - c0) * bytes);
        }
      }
      i = j;
    }
  }
  if (run.length > 0) readFully(source, outBytes, run.at, run.length, run.file);
  if (image.littleEndian !== HOST_LITTLE_ENDIAN && bytes > 1) swapBytes(outBytes, bytes);
  return out;
}

/**
 * The window of a compressed image (little-endian, see directReadable): each strip or tile holding part of it is
 * read, decompressed, its predictor undone, and its rows copied into `outBytes`.
 */
function readCompressed(
  image: TiffImage,
  { tw, th, perRow, offsets, counts }: Blocks,
  codec: (data: Uint8Array) => Uint8Array,
  outBytes: Uint8Array,
  [c0, r0, c1, r1]: [number, number, number, number],
  bytes: number,
): void {
  const height = image.getHeight();
  const width = image.getWidth();
  const predictor = (image.fileDirectory.getValue("Predictor") ?? 1) as number;
  const w = c1 - c0;
  let scratch = new Uint8Array(0);
  for (let ty = Math.floor(r0 / th); ty * th < r1; ty++) {
    for (let tx = Math.floor(c0 / tw); tx * tw < c1; tx++) {
      const k = ty * perRow + tx;
      const count = counts[k]!;
      if (scratch.length < count) scratch = new Uint8Array(Math.max(count, 2 * scratch.length));
      readFully(image.source, scratch, 0, count, offsets[k]!);
      let block = codec(scratch.subarray(0, count));
      const rows = image.isTiled ? th : Math.min(th, height - ty * th);
      if (block.length < rows * tw * bytes)
        throw new Error(
          `${image.isTiled ? "tile" : "strip"} ${k} decodes to ${block.length} bytes, expected ${rows * tw * bytes}`,
        );
      if (predictor !== 1) {
        if (block.byteOffset % bytes !== 0) block = new Uint8Array(block); // typed views need alignment
        undoPredictor(block, predictor, tw, rows, bytes);
      }
      const bc0 = Math.max(c0, tx * tw);
      const bc1 = Math.min(c1, (tx + 1) * tw, width);
      for (let r = Math.max(r0, ty * th); r < Math.min(r1, (ty + 1) * th); r++) {
        const from = ((r - ty * th) * tw + (bc0 - tx * tw)) * bytes;
        outBytes.set(block.subarray(from, from + (bc1 - bc0) * bytes), ((r - r0) * w + (bc0 - c0)) * bytes);
      }
    }
  }
}

/**
 * Undoes a TIFF predictor in place over `rows` rows of `width` samples of `bytes` bytes (little-endian): 2, each
 * sample the difference from its left neighbour; 3, the floating-point predictor (the row's bytes split into planes,
 * most significant first, then differenced byte by byte), as libtiff and geotiff.js decode them.
 */
function undoPredictor(block: Uint8Array, predictor: number, width: number, rows: number, bytes: number): void {
  const rowBytes = width * bytes;
  const copy = predictor === 3 ? new Uint8Array(rowBytes) : undefined;
  for (let r = 0; r < rows; r++) {
    const at = block.byteOffset + r * rowBytes;
    if (predictor === 2) {
      const row =
        bytes === 1
          ? new Uint8Array(block.buffer, at, width)
          : bytes === 2
            ? new Uint16Array(block.buffer, at, width)
            : new Uint32Array(block.buffer, at, width);
      for (let i = 1; i < width; i++) row[i]! += row[i - 1]!;
    } else {
      const row = new Uint8Array(block.buffer, at, rowBytes);
      for (let i = 1; i < rowBytes; i++) row[i]! += row[i - 1]!;
      copy!.set(row);
      for (let i = 0; i < width; i++)
        for (let b = 0; b < bytes; b++) row[bytes * i + b] = copy![(bytes - b - 1) * width + i]!;
    }
  }
}

/** Reverses the byte order of every `size`-byte sample in place. */
function swapBytes(data: Uint8Array, size: number): void {
  for (let i = 0; i < data.length; i += size) {
    for (let a = i, z = i + size - 1; a < z; a++, z--) {
      const t = data[a]!;
      data[a] = data[z]!;
      data[z] = t;
    }
  }
}
