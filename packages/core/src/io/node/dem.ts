import { checkLonLatBbox, type Bbox } from "../crs.ts";
import type { Raster } from "../raster.ts";
import { verifiedDataFile } from "./manifest.ts";
import { readRasterPath } from "./raster-file.ts";

/** The pack's default DEM: GMTED2010 mean elevation at 1.5′ (metres above EGM96). */
export const PACK_DEM = "raster/syraq_dem_gmted2010_mea_1p5arcmin.tif";

export interface LoadDemOptions {
  /** The data pack (for the default DEM). */
  dataDir: string;
  /** A user DEM: one GeoTIFF, or a folder of tiles mosaicked (same CRS and resolution). */
  demPath?: string;
  /** WGS84 [west, south, east, north] degrees: read only the cells intersecting it. */
  bbox?: Bbox;
  /** 1-based band for multi-band files. */
  band?: number;
}

/**
 * Loads a DEM: the pack's GMTED2010 (checksum-verified against the manifest) or
 * a user file/folder. Projected DEMs keep their CRS (cell sizes in metres).
 */
export async function loadDem(opts: LoadDemOptions): Promise<Raster> {
  const bbox = opts.bbox ? checkLonLatBbox(opts.bbox) : undefined;
  const path = opts.demPath ?? verifiedDataFile(opts.dataDir, PACK_DEM);
  return readRasterPath(path, { bbox, band: opts.band });
}
