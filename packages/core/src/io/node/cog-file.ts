/**
 * Node side of the Cloud-Optimized GeoTIFF writer: zlib's DEFLATE, the atomic write, and
 * the GDAL side-car (.aux.xml) that names the classes of a class raster.
 */
import { deflateSync } from "node:zlib";
import type { Raster } from "../../raster/raster.ts";
import { classNamesAuxXml, writeCog, type CogOptions } from "../cog.ts";
import { OutputTransaction } from "./atomic.ts";

/**
 * Options of {@link writeCogFile}: tile size, class names, DEFLATE level.
 */
export interface WriteCogFileOptions extends Omit<CogOptions, "deflate"> {
  /** Class names (and colours) written as FILE.aux.xml next to the raster (raster attribute table). */
  classNames?: Array<{ value: number; name: string; rgb?: [number, number, number] }>;
  /** DEFLATE level 1..9 (default 6, as GDAL's). */
  level?: number;
  /** Name of the option in messages ("--out"). */
  label?: string;
}

/**
 * The COG bytes of a raster with zlib's DEFLATE.
 *
 * @example
 * ```ts
 * import { encodeCog, readRasterFile } from "@syraq/core/node";
 * const bytes = encodeCog(await readRasterFile("slope.tif"), { level: 9 });
 * ```
 */
export function encodeCog(raster: Raster, options: Omit<WriteCogFileOptions, "classNames" | "label"> = {}): Uint8Array {
  const level = options.level ?? 6;
  return writeCog(raster, { ...options, deflate: (b) => deflateSync(b, { level }) });
}

/**
 * Writes FILE as a COG (and FILE.aux.xml with class names when given), atomically.
 *
 * @example
 * ```ts
 * import { readRasterFile, writeCogFile } from "@syraq/core/node";
 * writeCogFile("terrain-cog.tif", await readRasterFile("terrain.tif"), {
 *   classNames: [{ value: 1, name: "water" }, { value: 6, name: "mountain" }],
 * });
 * ```
 */
export function writeCogFile(path: string, raster: Raster, options: WriteCogFileOptions = {}): void {
  const label = options.label ?? "output";
  const outputs = [{ path, label }];
  const aux = `${path}.aux.xml`;
  if (options.classNames) outputs.push({ path: aux, label: `${label} class names` });
  const tx = OutputTransaction.begin(outputs);
  try {
    tx.write(path, encodeCog(raster, options));
    if (options.classNames) tx.write(aux, classNamesAuxXml(options.classNames));
    tx.commit();
  } finally {
    tx.abort();
  }
}
