/**
 * Raster outputs of the commands: a plain striped GeoTIFF (core's fast writer) or, with --cog, a
 * Cloud-Optimized GeoTIFF (tiled 256, DEFLATE with predictor, internal overviews; io/cog.ts); in
 * the input's CRS, or reprojected with --t-srs EPSG:n (raster/warp.ts: nearest for integer and
 * class rasters, bilinear for floats).
 */
import { SyraqError, crsFromEpsg, geoTiffParts, warpRaster, type Raster } from "@syraq/core";
import { encodeCog, ensureEpsg, parseEpsgOption } from "@syraq/core/node";
import type { OptionSpec } from "../command.ts";

export const COG_OPTION: OptionSpec = {
  name: "cog",
  type: "boolean",
  description:
    "write rasters as Cloud-Optimized GeoTIFFs (256 × 256 tiles, DEFLATE with predictor, internal overviews; valid by GDAL's COG checks)",
};

export const T_SRS_OPTION: OptionSpec = {
  name: "t-srs",
  type: "string",
  placeholder: "EPSG:N",
  description:
    "write rasters in this CRS (any EPSG code of the EPSG database; nearest for classes, bilinear for values); default: the input's CRS",
};

/**
 * The bytes of a raster output: COG with --cog, else the plain GeoTIFF as its header and a view of the pixels
 * (written one after the other, without copying the pixels); reprojected with --t-srs.
 */
export function rasterOutputBytes(
  options: Record<string, unknown>,
  raster: Raster,
  extra: { colourMap?: Record<number, [number, number, number]>; noWarp?: string } = {},
): Uint8Array | [Uint8Array, Uint8Array] {
  let out = raster;
  if (typeof options["t-srs"] === "string") {
    if (extra.noWarp)
      throw new SyraqError(
        "BAD_OPTION",
        `${extra.noWarp} refers to the input grid's neighbours and cannot be reprojected; drop --t-srs or ${extra.noWarp}`,
        {},
      );
    const code = parseEpsgOption(options["t-srs"]);
    if (code !== 4326) ensureEpsg(code);
    out = warpRaster(raster, crsFromEpsg(code));
  }
  const { colourMap } = extra;
  const write = colourMap ? { colourMap } : {};
  return options.cog === true ? encodeCog(out, write) : geoTiffParts(out, write);
}
