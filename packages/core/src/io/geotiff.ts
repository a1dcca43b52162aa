import { fromArrayBuffer } from "geotiff";
import { SyraqError } from "../errors.ts";
import type { Crs, Raster, RasterArray } from "./raster.ts";

/** proj4 definition for an EPSG code we can handle without a database. */
export function proj4ForEpsg(epsg: number): string | undefined {
  if (epsg === 4326) return "+proj=longlat +datum=WGS84 +no_defs";
  if (epsg >= 32601 && epsg <= 32660) return `+proj=utm +zone=${epsg - 32600} +datum=WGS84 +units=m +no_defs`;
  if (epsg >= 32701 && epsg <= 32760) return `+proj=utm +zone=${epsg - 32700} +south +datum=WGS84 +units=m +no_defs`;
  return undefined;
}

export interface ReadGeoTiffOptions {
  /** 1-based band; required when the file has several. */
  band?: number;
  /** Name used in error messages (the file path). */
  name?: string;
}

/** Decodes a single-band GeoTIFF (any layout/compression geotiff.js supports). */
export async function readGeoTiff(buffer: ArrayBuffer, options: ReadGeoTiffOptions = {}): Promise<Raster> {
  const name = options.name ?? "GeoTIFF";
  let image;
  try {
    const tiff = await fromArrayBuffer(buffer);
    image = await tiff.getImage();
  } catch (e) {
    throw new SyraqError("BAD_RASTER", `${name} is not a readable TIFF (${(e as Error).message})`, { name });
  }
  const width = image.getWidth();
  const height = image.getHeight();
  const bands = image.getSamplesPerPixel();
  if (bands > 1 && options.band === undefined) {
    throw new SyraqError("BAD_OPTION", `${name} has ${bands} bands; choose one with --band 1..${bands}`, { name, bands });
  }
  const band = (options.band ?? 1) - 1;
  if (band < 0 || band >= bands) throw new SyraqError("BAD_OPTION", `${name} has ${bands} band(s); --band ${band + 1} is out of range`, { name, bands });
  const fd = image.fileDirectory;
  const transform = fd.getValue("ModelTransformation") as number[] | undefined;
  if (transform && (transform[1] !== 0 || transform[4] !== 0)) {
    throw new SyraqError("BAD_RASTER", `${name} is rotated or sheared (ModelTransformation has rotation terms); warp it north-up first (gdalwarp)`, { name });
  }
  const tiepoint = fd.getValue("ModelTiepoint") as number[] | undefined;
  const scale = fd.getValue("ModelPixelScale") as number[] | undefined;
  if (!transform && (!tiepoint || !scale)) {
    throw new SyraqError("NOT_GEOREFERENCED", `${name} has no georeferencing (no ModelTiepoint/ModelPixelScale or ModelTransformation)`, { name });
  }
  let origin: number[];
  let resolution: number[];
  try {
    origin = image.getOrigin();
    resolution = image.getResolution();
  } catch (e) {
    throw new SyraqError("NOT_GEOREFERENCED", `${name}: cannot read its georeferencing (${(e as Error).message})`, { name });
  }
  const crs = crsFromGeoKeys(image.getGeoKeys(), name);
  let data: RasterArray;
  try {
    const rasters = await image.readRasters({ samples: [band] });
    data = (rasters as unknown as RasterArray[])[0]!;
  } catch (e) {
    throw new SyraqError("BAD_RASTER", `${name}: pixel data is corrupt or unreadable (${(e as Error).message})`, { name });
  }
  const nodata = image.getGDALNoData();
  return {
    width,
    height,
    originX: origin[0]!,
    originY: origin[1]!,
    pixelSizeX: Math.abs(resolution[0]!),
    pixelSizeY: Math.abs(resolution[1]!),
    crs,
    data,
    nodata: nodata === null || Number.isNaN(nodata) ? null : nodata,
  };
}

function crsFromGeoKeys(keys: Record<string, any> | null, name: string): Crs {
  if (!keys) throw new SyraqError("NOT_GEOREFERENCED", `${name} has no GeoKeyDirectory: its CRS is unknown`, { name });
  const model = keys.GTModelTypeGeoKey;
  if (model === 2 || (model === undefined && keys.GeographicTypeGeoKey)) {
    const epsg = keys.GeographicTypeGeoKey ?? 4326;
    if (epsg !== 4326 && epsg !== 32767) {
      throw new SyraqError("UNSUPPORTED_CRS", `${name} uses geographic CRS EPSG:${epsg}; only WGS84 (EPSG:4326) lon/lat is supported`, { name, epsg });
    }
    return { epsg: 4326, geographic: true };
  }
  if (model === 1) {
    const epsg = keys.ProjectedCSTypeGeoKey as number | undefined;
    const def = epsg ? proj4ForEpsg(epsg) : undefined;
    if (!epsg || !def) {
      throw new SyraqError("UNSUPPORTED_CRS", `${name} uses projected CRS ${epsg ? `EPSG:${epsg}` : "(user-defined)"}; supported: EPSG:4326 and WGS84 UTM (EPSG:326xx/327xx). Reproject with gdalwarp -t_srs`, { name, epsg });
    }
    return { epsg, geographic: false, proj4: def };
  }
  throw new SyraqError("NOT_GEOREFERENCED", `${name}: GeoTIFF model type ${String(model)} is not geographic or projected`, { name });
}

// --- writer -----------------------------------------------------------------

const TYPE_SHORT = 3;
const TYPE_LONG = 4;
const TYPE_ASCII = 2;
const TYPE_DOUBLE = 12;

interface Tag {
  id: number;
  type: number;
  values: number[] | string;
}

function sampleFormatOf(data: RasterArray): { bits: number; format: number } {
  if (data instanceof Float64Array) return { bits: 64, format: 3 };
  if (data instanceof Float32Array) return { bits: 32, format: 3 };
  if (data instanceof Int32Array) return { bits: 32, format: 2 };
  if (data instanceof Uint32Array) return { bits: 32, format: 1 };
  if (data instanceof Int16Array) return { bits: 16, format: 2 };
  if (data instanceof Uint16Array) return { bits: 16, format: 1 };
  if (data instanceof Int8Array) return { bits: 8, format: 2 };
  return { bits: 8, format: 1 };
}

/**
 * Encodes a raster as an uncompressed, stripped, little-endian GeoTIFF that GDAL
 * reads with CRS, geotransform and nodata (GDAL_NODATA tag). Writes the typed
 * array's bytes directly, so it is as fast as a memory copy.
 */
export function writeGeoTiff(raster: Raster): Uint8Array {
  const { width, height, data } = raster;
  if (data.length !== width * height) throw new SyraqError("INTERNAL", `raster data has ${data.length} cells, expected ${width}×${height}`);
  const { bits, format } = sampleFormatOf(data);
  const bytesPerSample = bits / 8;
  const rowBytes = width * bytesPerSample;
  const rowsPerStrip = Math.max(1, Math.min(height, Math.floor((1 << 20) / rowBytes)));
  const strips = Math.ceil(height / rowsPerStrip);
  const geoKeys: number[] = [];
  const addKey = (id: number, value: number) => geoKeys.push(id, 0, 1, value);
  if (raster.crs.geographic) {
    addKey(1024, 2); // GTModelType: geographic
    addKey(1025, 1); // GTRasterType: PixelIsArea
    addKey(2048, raster.crs.epsg ?? 4326);
  } else {
    if (!raster.crs.epsg) throw new SyraqError("UNSUPPORTED_CRS", "cannot write a projected raster without an EPSG code");
    addKey(1024, 1);
    addKey(1025, 1);
    addKey(3072, raster.crs.epsg);
  }
  const tags: Tag[] = [
    { id: 256, type: TYPE_LONG, values: [width] },
    { id: 257, type: TYPE_LONG, values: [height] },
    { id: 258, type: TYPE_SHORT, values: [bits] },
    { id: 259, type: TYPE_SHORT, values: [1] },
    { id: 262, type: TYPE_SHORT, values: [1] },
    { id: 273, type: TYPE_LONG, values: new Array(strips).fill(0) },
    { id: 277, type: TYPE_SHORT, values: [1] },
    { id: 278, type: TYPE_LONG, values: [rowsPerStrip] },
    { id: 279, type: TYPE_LONG, values: Array.from({ length: strips }, (_, s) => Math.min(rowsPerStrip, height - s * rowsPerStrip) * rowBytes) },
    { id: 284, type: TYPE_SHORT, values: [1] },
    { id: 339, type: TYPE_SHORT, values: [format] },
    { id: 33550, type: TYPE_DOUBLE, values: [raster.pixelSizeX, raster.pixelSizeY, 0] },
    { id: 33922, type: TYPE_DOUBLE, values: [0, 0, 0, raster.originX, raster.originY, 0] },
    { id: 34735, type: TYPE_SHORT, values: [1, 1, 0, geoKeys.length / 4, ...geoKeys] },
  ];
  if (raster.nodata !== null && raster.nodata !== undefined) tags.push({ id: 42113, type: TYPE_ASCII, values: `${Number.isNaN(raster.nodata) ? "nan" : raster.nodata}\0` });
  else if (data instanceof Float32Array || data instanceof Float64Array) tags.push({ id: 42113, type: TYPE_ASCII, values: "nan\0" });

  const sizeOf = (t: Tag) => (t.type === TYPE_ASCII ? (t.values as string).length : (t.values as number[]).length * (t.type === TYPE_DOUBLE ? 8 : t.type === TYPE_LONG ? 4 : 2));
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
  if (total > 0xffffffff) throw new SyraqError("BAD_OPTION", `raster too large for classic TIFF (${total} bytes); write a smaller window`);
  const out = new Uint8Array(total);
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
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), dataOffset);
  return out;
}
