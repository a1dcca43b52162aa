/**
 * Seeded synthetic cost raster, the same recipe as the peers' make_synthetic.py
 * (not the same numbers: our own seeded generator): cost = 1 + 2·smooth noise
 * (white noise blurred with σ = N/60, rescaled to 0..1), plus a meandering
 * north-south river of cost 50 at ~70 % of the width, ~N/100 cells wide, with two
 * bridges (cost from the noise) at 30 % and 75 % of the height. UTM 37N, 90 m cells.
 */
import { type Raster, mulberry32 } from "@syraq/core";

/** One box blur of radius r along rows (horizontal) or columns, edges clamped. */
function boxBlur(src: Float32Array, dst: Float32Array, w: number, h: number, r: number, horizontal: boolean): void {
  const n = horizontal ? w : h;
  const lines = horizontal ? h : w;
  const stride = horizontal ? 1 : w;
  const inv = 1 / (2 * r + 1);
  for (let line = 0; line < lines; line++) {
    const base = horizontal ? line * w : line;
    const at = (i: number) => src[base + Math.min(n - 1, Math.max(0, i)) * stride]!;
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += at(i);
    for (let i = 0; i < n; i++) {
      dst[base + i * stride] = sum * inv;
      sum += at(i + r + 1) - at(i - r);
    }
  }
}

export function syntheticCostRaster(size: number, seed = 42, river = 50): Raster<Float32Array> {
  const w = size;
  const h = size;
  const rnd = mulberry32(seed);
  let a = new Float32Array(w * h);
  for (let i = 0; i < a.length; i++) a[i] = rnd() - 0.5;
  let b = new Float32Array(w * h);
  // three box blurs approximate a gaussian: σ² = 3 · ((2r+1)² − 1) / 12
  const sigma = Math.max(w, h) / 60;
  const r = Math.max(1, Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
  for (let pass = 0; pass < 3; pass++) {
    boxBlur(a, b, w, h, r, true);
    boxBlur(b, a, w, h, r, false);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const data = new Float32Array(w * h);
  for (let i = 0; i < data.length; i++) data[i] = 1 + (2 * (a[i]! - lo)) / (hi - lo);
  b = a = new Float32Array(0);
  const halfWidth = Math.max(1, w / 200);
  const gap = Math.max(1, Math.floor(h / 200));
  const bridges = [Math.floor(0.3 * h), Math.floor(0.75 * h)];
  for (let row = 0; row < h; row++) {
    if (bridges.some((b0) => row >= b0 - gap && row <= b0 + gap)) continue;
    const centre = 0.7 * w + 0.04 * w * Math.sin(((2 * Math.PI * row) / h) * 1.5);
    for (
      let col = Math.max(0, Math.ceil(centre - halfWidth));
      col <= Math.min(w - 1, Math.floor(centre + halfWidth));
      col++
    )
      data[row * w + col] = river;
  }
  return {
    width: w,
    height: h,
    originX: 500000 - (w / 2) * 90,
    originY: 3873000 + (h / 2) * 90,
    pixelSizeX: 90,
    pixelSizeY: 90,
    crs: { epsg: 32637, geographic: false, proj4: "+proj=utm +zone=37 +datum=WGS84 +units=m +no_defs" },
    data,
    nodata: null,
  };
}
