/**
 * Reprojection of a raster onto another CRS (`--t-srs`): the target grid covers the source's
 * bounds (outline densified, 32 points an edge, then enveloped) with square cells of the size that
 * keeps the cell count (√(target area / source cells)), or a grid the caller gives; each target
 * cell's centre is carried to the source CRS (through WGS84 lon/lat, proj4) and sampled there:
 * nearest cell for integer and class rasters, bilinear between the four nearest cell centres for
 * float rasters (nodata when any of the four is nodata or outside). Exact per cell (no approximate
 * transformer), so it matches `gdalwarp -et 0` with the same target grid.
 */
import { SyraqError } from "../errors.ts";
import { crsBboxToLonLat, fromRasterCrs, lonLatBboxToCrs, sameCrs, toRasterCrs } from "./crs.ts";
import { gridBounds, type Crs, type GridSpec, type Raster, type RasterArray } from "./raster.ts";

/**
 * Options of {@link warpRaster}.
 */
export interface WarpOptions {
  /** "nearest" (integers' default) or "bilinear" (floats' default). */
  resampling?: "nearest" | "bilinear";
  /** Target grid (its crs must be `target`); default: the source bounds with square cells. */
  grid?: GridSpec;
}

/**
 * The default target grid: the source's bounds in `target` with square cells keeping the cell count.
 *
 * Throws UNSUPPORTED_CRS when the source's bounds cannot be transformed to `target`.
 *
 * @example
 * ```ts
 * import { crsFromEpsg, warpedGrid } from "@syraq/core";
 * import { rasterPathGrid } from "@syraq/core/node";
 * const grid = warpedGrid(await rasterPathGrid("dem.tif"), crsFromEpsg(32637));
 * // grid.pixelSizeX === grid.pixelSizeY, in metres
 * ```
 */
export function warpedGrid(src: GridSpec, target: Crs): GridSpec {
  const lonLat = crsBboxToLonLat(src.crs, gridBounds(src));
  const [w, s, e, n] = lonLatBboxToCrs(target, lonLat);
  // the envelope of the lon/lat envelope is loose under rotation: take the densified outline directly
  const pts: Array<[number, number]> = [];
  const [sw, ss, se, sn] = gridBounds(src);
  for (let k = 0; k <= 32; k++) {
    const t = k / 32;
    for (const [x, y] of [
      [sw + (se - sw) * t, ss],
      [sw + (se - sw) * t, sn],
      [sw, ss + (sn - ss) * t],
      [se, ss + (sn - ss) * t],
    ] as Array<[number, number]>) {
      const [lon, lat] = fromRasterCrs(src.crs, x, y);
      pts.push(toRasterCrs(target, lon, lat));
    }
  }
  let minX = Math.min(...pts.map((p) => p[0]));
  let maxX = Math.max(...pts.map((p) => p[0]));
  let minY = Math.min(...pts.map((p) => p[1]));
  let maxY = Math.max(...pts.map((p) => p[1]));
  if (!(Number.isFinite(minX) && Number.isFinite(maxX) && Number.isFinite(minY) && Number.isFinite(maxY))) {
    [minX, minY, maxX, maxY] = [w, s, e, n];
  }
  const res = Math.sqrt(((maxX - minX) * (maxY - minY)) / (src.width * src.height));
  if (!(res > 0))
    throw new SyraqError("UNSUPPORTED_CRS", "the raster's bounds cannot be transformed to the target CRS", {});
  const width = Math.max(1, Math.round((maxX - minX) / res));
  const height = Math.max(1, Math.round((maxY - minY) / res));
  return { width, height, originX: minX, originY: maxY, pixelSizeX: res, pixelSizeY: res, crs: target };
}

/**
 * The raster reprojected to `target` (the same raster when it is already in it).
 *
 * Cell values are resampled at the target cells' centres; pixel sizes of the result are in the target CRS's units
 * (degrees for EPSG:4326, metres for UTM).
 *
 * @example
 * ```ts
 * import { crsFromEpsg, warpRaster } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const dem = await readRasterFile("dem.tif");
 * const utm = warpRaster(dem, crsFromEpsg(32637), { resampling: "bilinear" }); // metres
 * ```
 */
export function warpRaster(src: Raster, target: Crs, options: WarpOptions = {}): Raster {
  if (!options.grid && sameCrs(src.crs, target)) return src;
  const grid = options.grid ?? warpedGrid(src, target);
  const isFloat = src.data instanceof Float32Array || src.data instanceof Float64Array;
  const mode = options.resampling ?? (isFloat ? "bilinear" : "nearest");
  const n = grid.width * grid.height;
  const Ctor = src.data.constructor as new (n: number) => RasterArray;
  const out = new Ctor(n);
  const nodata = src.nodata ?? null;
  const fill = nodata ?? (isFloat ? Number.NaN : 0);
  const bad = (v: number) => !Number.isFinite(v) || (nodata !== null && v === nodata);
  const W = src.width;
  const H = src.height;
  for (let r = 0; r < grid.height; r++) {
    const y = grid.originY - (r + 0.5) * grid.pixelSizeY;
    for (let c = 0; c < grid.width; c++) {
      const x = grid.originX + (c + 0.5) * grid.pixelSizeX;
      const [lon, lat] = fromRasterCrs(grid.crs, x, y);
      const [sx, sy] = toRasterCrs(src.crs, lon, lat);
      // fractional source pixel coordinates (cell centres at integer + 0.5)
      const fc = (sx - src.originX) / src.pixelSizeX;
      const fr = (src.originY - sy) / src.pixelSizeY;
      const i = r * grid.width + c;
      if (!(fc >= 0 && fr >= 0 && fc < W && fr < H)) {
        out[i] = fill;
        continue;
      }
      if (mode === "nearest") {
        out[i] = src.data[Math.floor(fr) * W + Math.floor(fc)]!;
        continue;
      }
      const u = fc - 0.5;
      const v = fr - 0.5;
      const c0 = Math.max(0, Math.min(W - 1, Math.floor(u)));
      const r0 = Math.max(0, Math.min(H - 1, Math.floor(v)));
      const c1 = Math.min(W - 1, c0 + 1);
      const r1 = Math.min(H - 1, r0 + 1);
      const tx = Math.max(0, Math.min(1, u - c0));
      const ty = Math.max(0, Math.min(1, v - r0));
      const a = src.data[r0 * W + c0]!;
      const b = src.data[r0 * W + c1]!;
      const d = src.data[r1 * W + c0]!;
      const e = src.data[r1 * W + c1]!;
      if (bad(a) || bad(b) || bad(d) || bad(e)) {
        out[i] = fill;
        continue;
      }
      out[i] = (a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty;
    }
  }
  return { ...grid, data: out, nodata: src.nodata ?? null };
}
