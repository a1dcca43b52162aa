import { SyraqError } from "../errors.ts";
import type { GridSpec, Raster } from "../raster/raster.ts";
import { rowCellSizes } from "../raster/cellsize.ts";

/**
 * Options of {@link slopeAspect}: edge handling, elevation units (zFactor) and the east-west width rule.
 */
export interface SlopeAspectOptions {
  /**
   * Cells on the raster's outer ring and cells with a nodata neighbour:
   * false (default, as GRASS r.slope.aspect and gdaldem) → NaN;
   * true → the missing neighbours take the centre cell's elevation
   * (gdaldem -compute_edges does the same).
   */
  computeEdges?: boolean;
  /** Multiplies elevations before differencing (elevation units → metres); default 1. */
  zFactor?: number;
  /**
   * East-west width used for the three rows of the 3×3 window on lon/lat grids:
   * "per-row" (default) each row's own width; "centre-row" the centre row's
   * width for all three, as GRASS r.slope.aspect does (reproduces it to ~1e-6°).
   * No effect on projected grids.
   */
  eastWestWidth?: "per-row" | "centre-row";
}

/**
 * Slope and aspect rasters of {@link slopeAspect}, both in degrees.
 */
export interface SlopeAspect {
  /** Slope in degrees from horizontal, Float32, NaN where undefined. */
  slope: Raster<Float32Array>;
  /**
   * Aspect: the compass direction the slope faces (steepest descent), degrees
   * clockwise from north in [0, 360) (gdaldem's convention, GRASS `-n`).
   * Flat cells (zero gradient) and nodata → NaN.
   */
  aspect: Raster<Float32Array>;
}

function floatRaster(grid: GridSpec, data: Float32Array): Raster<Float32Array> {
  const { width, height, originX, originY, pixelSizeX, pixelSizeY, crs } = grid;
  return { width, height, originX, originY, pixelSizeX, pixelSizeY, crs, data, nodata: null };
}

/**
 * Slope and aspect by Horn's (1981) 3×3 weighted differences with true cell
 * sizes. With rows r-1, r, r+1 (north to south) and columns west to east:
 *
 *   dz/dx = Σ_rows w_i (z_east,i − z_west,i) / (2·ew_i) / 4,   w = 1, 2, 1
 *   dz/dy = [(z_nw + 2 z_n + z_ne) − (z_sw + 2 z_s + z_se)] / (4·ns)
 *
 * where ew_i is the east-west cell size of row i (metres; on lon/lat grids
 * from the WGS84 ellipsoid, so each row's difference uses its own width) and
 * ns the ground distance between the centres of rows r-1 and r+1 (the
 * meridian arc, ns_{r-1}/2 + ns_r + ns_{r+1}/2). GRASS uses the centre row's
 * width for all three rows; the two differ by < 1e-3 relative at 0.025°.
 * Elevations in metres (a projected DEM in metres too); slope and aspect come back in degrees.
 *
 * Throws BAD_OPTION for a `zFactor` that is not positive.
 *
 * @example
 * ```ts
 * import { slopeAspect } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const { slope, aspect } = slopeAspect(await readRasterFile("dem.tif"));
 * ```
 */
export function slopeAspect(dem: Raster, options: SlopeAspectOptions = {}): SlopeAspect {
  const { width, height, data } = dem;
  const zf = options.zFactor ?? 1;
  if (!(zf > 0)) throw new SyraqError("BAD_OPTION", `zFactor must be > 0, got ${zf}`, { zFactor: zf });
  const edges = options.computeEdges ?? false;
  const perRow = (options.eastWestWidth ?? "per-row") === "per-row";
  const { ewMetres, nsMetres } = rowCellSizes(dem);
  const n = width * height;
  const slope = new Float32Array(n).fill(NaN);
  const aspect = new Float32Array(n).fill(NaN);
  // Elevation as Float64 with NaN for nodata, once (no per-cell nodata tests below).
  const z = new Float64Array(n);
  const nd = dem.nodata;
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    z[i] = (nd !== null && v === nd) || !Number.isFinite(v) ? NaN : v * zf; // ±Inf is nodata, as isNodata says
  }
  const RAD = 180 / Math.PI;
  for (let r = 0; r < height; r++) {
    const rn = r - 1;
    const rs = r + 1;
    const hasN = rn >= 0;
    const hasS = rs < height;
    if (!edges && (!hasN || !hasS)) continue;
    const ewC = ewMetres[r]!;
    const ewN = perRow && hasN ? ewMetres[rn]! : ewC;
    const ewS = perRow && hasS ? ewMetres[rs]! : ewC;
    const nsSpan = (hasN ? nsMetres[rn]! : nsMetres[r]!) / 2 + nsMetres[r]! + (hasS ? nsMetres[rs]! : nsMetres[r]!) / 2;
    const oN = rn * width;
    const oC = r * width;
    const oS = rs * width;
    for (let c = 0; c < width; c++) {
      const zc = z[oC + c]!;
      if (zc !== zc) continue;
      const hasW = c > 0;
      const hasE = c < width - 1;
      if (!edges && (!hasW || !hasE)) continue;
      let a = hasN && hasW ? z[oN + c - 1]! : NaN; // nw
      let b = hasN ? z[oN + c]! : NaN; // n
      let d = hasN && hasE ? z[oN + c + 1]! : NaN; // ne
      let e = hasW ? z[oC + c - 1]! : NaN; // w
      let f = hasE ? z[oC + c + 1]! : NaN; // e
      let g = hasS && hasW ? z[oS + c - 1]! : NaN; // sw
      let h = hasS ? z[oS + c]! : NaN; // s
      let k = hasS && hasE ? z[oS + c + 1]! : NaN; // se
      // NaN !== NaN: any missing neighbour
      if (a !== a || b !== b || d !== d || e !== e || f !== f || g !== g || h !== h || k !== k) {
        if (!edges) continue;
        if (a !== a) a = zc;
        if (b !== b) b = zc;
        if (d !== d) d = zc;
        if (e !== e) e = zc;
        if (f !== f) f = zc;
        if (g !== g) g = zc;
        if (h !== h) h = zc;
        if (k !== k) k = zc;
      }
      const gx = ((d - a) / ewN + (2 * (f - e)) / ewC + (k - g) / ewS) / 8;
      const gy = (a + 2 * b + d - (g + 2 * h + k)) / (4 * nsSpan);
      const i = oC + c;
      slope[i] = Math.atan(Math.sqrt(gx * gx + gy * gy)) * RAD;
      if (gx !== 0 || gy !== 0) {
        let az = Math.atan2(-gx, -gy) * RAD;
        if (az < 0) az += 360;
        aspect[i] = az;
        if (aspect[i]! >= 360) aspect[i] = 0; // 359.99999… rounds up in Float32
      }
    }
  }
  return { slope: floatRaster(dem, slope), aspect: floatRaster(dem, aspect) };
}
