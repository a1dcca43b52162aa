import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { SyraqError } from "../../errors.ts";
import { readGeoTiff, writeGeoTiff, type ReadGeoTiffOptions } from "../geotiff.ts";
import type { Raster } from "../raster.ts";

/** Reads a GeoTIFF file; missing file → DATA_MISSING (exit 3). */
export async function readRasterFile(path: string, options: ReadGeoTiffOptions = {}): Promise<Raster> {
  if (!existsSync(path)) throw new SyraqError("DATA_MISSING", `raster file not found: ${path}`, { path });
  const b = readFileSync(path);
  return readGeoTiff(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, { name: path, ...options });
}

export function writeRasterFile(path: string, raster: Raster): void {
  writeFileSync(path, writeGeoTiff(raster));
}
