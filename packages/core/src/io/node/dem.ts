import { checkLonLatBbox, type Bbox } from "../../raster/crs.ts";
import { SyraqError } from "../../errors.ts";
import { isNodata, type Raster } from "../../raster/raster.ts";
import { verifiedDataFile } from "./manifest.ts";
import { readRasterPath } from "./raster-file.ts";

/** The pack's default DEM: GMTED2010 mean elevation at 1.5′ (metres above EGM96). */
export const PACK_DEM = "raster/syraq_dem_gmted2010_mea_1p5arcmin.tif";

/**
 * Options of {@link loadDem}: the pack, a user DEM, a window in degrees and the band.
 */
export interface LoadDemOptions {
  /** The data pack (for the default DEM). */
  dataDir: string;
  /** A user DEM: one GeoTIFF, or a folder of tiles mosaicked (same CRS and resolution). */
  demPath?: string;
  /** WGS84 [west, south, east, north] degrees: read only the cells intersecting it. */
  bbox?: Bbox;
  /** 1-based band for multi-band files. */
  band?: number;
  /** Bytes per cell of the job the DEM is read for (memory guard, memory.ts). */
  jobBytesPerCell?: number;
}

/**
 * Loads a DEM: the pack's GMTED2010 (checksum-verified against the manifest) or
 * a user file/folder. Projected DEMs keep their CRS (cell sizes in metres).
 *
 * Elevations in metres. Throws DATA_MISSING / CHECKSUM_MISMATCH (exit 3) for the pack's DEM, BAD_RASTER or
 * OUTSIDE_RASTER for a user file.
 *
 * @example
 * ```ts
 * import { loadDem, resolveDataDir } from "@syraq/core/node";
 * const dem = await loadDem({ dataDir: resolveDataDir(), bbox: [38, 34, 39.5, 35.5] }); // degrees
 * ```
 */
export async function loadDem(opts: LoadDemOptions): Promise<Raster> {
  const bbox = opts.bbox ? checkLonLatBbox(opts.bbox) : undefined;
  const path = opts.demPath ?? verifiedDataFile(opts.dataDir, PACK_DEM);
  const dem = await readRasterPath(path, { bbox, band: opts.band, jobBytesPerCell: opts.jobBytesPerCell });
  // ±Infinity is no elevation: make it NaN so every consumer (which tests NaN) sees nodata.
  const d = dem.data;
  let valid = 0;
  if (d instanceof Float32Array || d instanceof Float64Array) {
    const nd = dem.nodata;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (v === Infinity || v === -Infinity) d[i] = NaN;
      else if (v === v && v !== nd) valid++;
    }
  } else {
    for (let i = 0; i < d.length; i++) if (!isNodata(dem, i)) valid++;
  }
  if (valid === 0) {
    const where = bbox ? ` inside bbox ${JSON.stringify(bbox)}` : "";
    throw new SyraqError(
      "BAD_RASTER",
      `DEM ${path} has no valid cells${where} (all nodata/NaN); use a DEM with elevations${bbox ? " or another --bbox" : ""}`,
      { path, bbox, cells: d.length },
    );
  }
  return dem;
}
