/**
 * Local relief: max − min elevation in a (2·kx+1) × (2·ky+1) window around each
 * cell, ignoring nodata neighbours (NaN where the cell itself is nodata).
 * Separable running max/min (van Herk / Gil–Werman), O(cells) whatever the window.
 */
import type { Raster } from "../raster/raster.ts";
import { rowCellSizes } from "../raster/cellsize.ts";

/**
 * Half-window sizes in cells for a radius in metres (at least 1), from the grid's middle row.
 *
 * @example
 * ```ts
 * import { windowForRadius } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const { kx, ky } = windowForRadius(await readRasterFile("dem.tif"), 5000); // cells within ≈ 5 km
 * ```
 */
export function windowForRadius(dem: Raster, radiusMetres: number): { kx: number; ky: number } {
  const { ewMetres, nsMetres } = rowCellSizes(dem);
  const mid = Math.floor(dem.height / 2);
  return {
    kx: Math.max(1, Math.round(radiusMetres / ewMetres[mid]!)),
    ky: Math.max(1, Math.round(radiusMetres / nsMetres[mid]!)),
  };
}

/** Running extreme over windows of half-width k along a strided line; NaN inputs are skipped. */
function running(
  src: Float64Array,
  dst: Float64Array,
  start: number,
  stride: number,
  len: number,
  k: number,
  isMax: boolean,
  g: Float64Array,
  hbuf: Float64Array,
): void {
  const size = 2 * k + 1;
  const neutral = isMax ? -Infinity : Infinity;
  const pick = isMax ? (a: number, b: number) => (a > b ? a : b) : (a: number, b: number) => (a < b ? a : b);
  // padded line: k neutral values each side
  const L = len + 2 * k;
  const val = (p: number) => {
    const q = p - k;
    if (q < 0 || q >= len) return neutral;
    const v = src[start + q * stride]!;
    return v !== v ? neutral : v;
  };
  for (let b = 0; b < L; b += size) {
    const e = Math.min(L, b + size);
    g[b] = val(b);
    for (let p = b + 1; p < e; p++) g[p] = pick(g[p - 1]!, val(p));
    hbuf[e - 1] = val(e - 1);
    for (let p = e - 2; p >= b; p--) hbuf[p] = pick(hbuf[p + 1]!, val(p));
  }
  for (let q = 0; q < len; q++) {
    // window [q, q + 2k] in padded coordinates
    const a = q,
      z = q + 2 * k;
    dst[start + q * stride] = pick(hbuf[a]!, g[z]!);
  }
}

/**
 * Local relief per cell: the highest minus the lowest elevation (metres) in the (2·kx+1) × (2·ky+1) window around it
 * (nodata cells skipped; NaN where the cell itself is nodata).
 *
 * @example
 * ```ts
 * import { localRelief, windowForRadius } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const dem = await readRasterFile("dem.tif");
 * const { kx, ky } = windowForRadius(dem, 5000);
 * const relief = localRelief(dem, kx, ky); // metres, one per cell
 * ```
 */
export function localRelief(dem: Raster, kx: number, ky: number): Float64Array {
  const { width: w, height: h, data } = dem;
  const n = w * h;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    z[i] = (dem.nodata !== null && v === dem.nodata) || !Number.isFinite(v) ? NaN : v;
  }
  const bufLen = Math.max(w + 2 * kx, h + 2 * ky) + 1;
  const g = new Float64Array(bufLen);
  const hb = new Float64Array(bufLen);
  const tmp = new Float64Array(n);
  const mx = new Float64Array(n);
  const mn = new Float64Array(n);
  for (let r = 0; r < h; r++) running(z, tmp, r * w, 1, w, kx, true, g, hb);
  for (let c = 0; c < w; c++) running(tmp, mx, c, w, h, ky, true, g, hb);
  for (let r = 0; r < h; r++) running(z, tmp, r * w, 1, w, kx, false, g, hb);
  for (let c = 0; c < w; c++) running(tmp, mn, c, w, h, ky, false, g, hb);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = z[i] !== z[i] ? NaN : mx[i]! - mn[i]!;
  return out;
}
