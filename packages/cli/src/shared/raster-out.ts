/**
 * Raster outputs of the commands: a plain striped GeoTIFF (core's fast writer) or, with --cog, a
 * Cloud-Optimized GeoTIFF (tiled 256, DEFLATE with predictor, internal overviews; io/cog.ts).
 */
import { writeGeoTiff, type Raster } from "@syraq/core";
import { encodeCog } from "@syraq/core/node";
import type { OptionSpec } from "../command.ts";

export const COG_OPTION: OptionSpec = {
  name: "cog",
  type: "boolean",
  description:
    "write rasters as Cloud-Optimized GeoTIFFs (256 × 256 tiles, DEFLATE with predictor, internal overviews; valid by GDAL's COG checks)",
};

/** The bytes of a raster output: COG with --cog, else the plain GeoTIFF. */
export function rasterOutputBytes(
  options: Record<string, unknown>,
  raster: Raster,
  extra: { colourMap?: Record<number, [number, number, number]> } = {},
): Uint8Array {
  return options.cog === true ? encodeCog(raster, extra) : writeGeoTiff(raster, extra);
}
