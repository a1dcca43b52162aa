/**
 * Distance from every cell centre to the nearest of a set of line seeds (the
 * cells of a rasterised line, each carrying its line segment), in metres on
 * the ground.
 *
 * The nearest seed is found by propagation over the grid (8SSEDT-style
 * two-pass raster scans, run twice): each cell keeps the seed whose segment is
 * closest, measured with the local ellipsoidal metric of the cell's row (metres
 * per degree east-west and north-south from rowCellSizes). Seeds without a
 * segment count as points. Then the segments held by line cells within ±4
 * cells of the chosen one are tried too (a bend's other segment, a parallel
 * branch). The distance to the nearest point of the chosen
 * segment is then measured on the WGS84 ellipsoid for lon/lat grids (below 20 km
 * with the meridional and parallel radii at the mid-latitude, ~1e-5 relative of
 * the geodesic; beyond, the geodesic itself), Euclidean in metres for projected
 * grids, for cells within `maxDistanceMetres`; cells beyond it are Infinity.
 * Where a line curves around a cell and distant parts are nearly equidistant,
 * propagation can keep a part up to ~1 % farther than the true nearest one
 * (measured on the Euphrates: 99.9 % of cells within 50 m).
 */
import { geodesicInverse } from "../geo/geodesic.ts";
import { cellCentre, type GridSpec } from "./raster.ts";
import { rowCellSizes } from "./cellsize.ts";
import type { LineSeed } from "./rasterize.ts";

const REFINE = 4;

/**
 * Distances (metres) from each cell to its nearest seed ({@link distanceToSeeds}).
 */
export interface DistanceResult {
  /** Metres to the nearest seed; Infinity where none within maxDistanceMetres (or no seeds). */
  distanceMetres: Float64Array;
  /** Cell index of the seed chosen for each cell, -1 when none. */
  seedCell: Int32Array;
}

/**
 * Distance in metres from every cell centre to the nearest seed (e.g. the cells a line touches, from
 * {@link rasterizeLines}), up to `maxDistanceMetres`; geodesic on lon/lat grids.
 *
 * @example
 * ```ts
 * import { distanceToSeeds, rasterizeLines, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 100, height: 100, originX: 38, originY: 36, crs: WGS84_CRS,
 *   pixelSizeX: 0.01, pixelSizeY: 0.01 }; // degrees
 * const seeds = rasterizeLines(grid, [[[38.05, 35.95], [38.95, 35.05]]]);
 * const { distanceMetres } = distanceToSeeds(grid, seeds, 20_000); // Infinity beyond 20 km
 * ```
 */
export function distanceToSeeds(
  grid: GridSpec,
  seeds: readonly LineSeed[],
  maxDistanceMetres = Infinity,
): DistanceResult {
  const { width: w, height: h } = grid;
  const n = w * h;
  const seedCell = new Int32Array(n).fill(-1);
  if (seeds.length === 0) return { distanceMetres: new Float64Array(n).fill(Infinity), seedCell };
  // Seed geometry as flat arrays: segment (x1, y1, x2, y2); a point seed has x1 = x2, y1 = y2.
  const m = seeds.length;
  const sx1 = new Float64Array(m),
    sy1 = new Float64Array(m),
    sx2 = new Float64Array(m),
    sy2 = new Float64Array(m);
  const sCell = new Int32Array(m);
  const sorted = [...seeds].sort((p, q) => p.index - q.index); // seeds of one cell are contiguous
  sorted.forEach((s, k) => {
    const g = s.segment ?? [s.x, s.y, s.x, s.y];
    sx1[k] = g[0];
    sy1[k] = g[1];
    sx2[k] = g[2];
    sy2[k] = g[3];
    sCell[k] = s.index;
  });
  const { ewMetres, nsMetres } = rowCellSizes(grid);
  const kx = new Float64Array(h);
  const ky = new Float64Array(h);
  for (let r = 0; r < h; r++) {
    kx[r] = ewMetres[r]! / grid.pixelSizeX;
    ky[r] = nsMetres[r]! / grid.pixelSizeY;
  }
  const x0 = grid.originX + grid.pixelSizeX / 2;
  const y0 = grid.originY - grid.pixelSizeY / 2;
  /** Squared local-metric distance from the centre of (r, c) to seed k's segment; sets qx/qy to the nearest point. */
  let qx = 0,
    qy = 0;
  const segDist2 = (k: number, r: number, c: number): number => {
    const px = x0 + c * grid.pixelSizeX,
      py = y0 - r * grid.pixelSizeY;
    const ax = (sx1[k]! - px) * kx[r]!,
      ay = (sy1[k]! - py) * ky[r]!;
    const dx = (sx2[k]! - sx1[k]!) * kx[r]!,
      dy = (sy2[k]! - sy1[k]!) * ky[r]!;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    qx = sx1[k]! + t * (sx2[k]! - sx1[k]!);
    qy = sy1[k]! + t * (sy2[k]! - sy1[k]!);
    const ex = ax + t * dx,
      ey = ay + t * dy;
    return ex * ex + ey * ey;
  };
  const seedOf = new Int32Array(n).fill(-1);
  const d2 = new Float64Array(n).fill(Infinity);
  for (let k = 0; k < m; k++) {
    const i = sCell[k]!;
    const r = Math.floor(i / w);
    const dd = segDist2(k, r, i - r * w);
    if (dd < d2[i]!) {
      d2[i] = dd;
      seedOf[i] = k;
    }
  }
  // Cells farther than the limit (plus two cell diagonals of slack) do not relay seeds on.
  let maxCell = 0;
  for (let r = 0; r < h; r++) maxCell = Math.max(maxCell, Math.hypot(ewMetres[r]!, nsMetres[r]!));
  const relay2 = maxDistanceMetres === Infinity ? Infinity : (maxDistanceMetres * 1.02 + 2 * maxCell) ** 2;
  const tryFrom = (i: number, j: number, r: number, c: number) => {
    const k = seedOf[j]!;
    if (k < 0 || k === seedOf[i] || d2[j]! > relay2) return;
    const dd = segDist2(k, r, c);
    if (dd < d2[i]!) {
      d2[i] = dd;
      seedOf[i] = k;
    }
  };
  for (let iter = 0; iter < 2; iter++) {
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const i = r * w + c;
        if (c > 0) tryFrom(i, i - 1, r, c);
        if (r > 0) {
          tryFrom(i, i - w, r, c);
          if (c > 0) tryFrom(i, i - w - 1, r, c);
          if (c < w - 1) tryFrom(i, i - w + 1, r, c);
        }
      }
      for (let c = w - 2; c >= 0; c--) tryFrom(r * w + c, r * w + c + 1, r, c);
    }
    for (let r = h - 1; r >= 0; r--) {
      for (let c = w - 1; c >= 0; c--) {
        const i = r * w + c;
        if (c < w - 1) tryFrom(i, i + 1, r, c);
        if (r < h - 1) {
          tryFrom(i, i + w, r, c);
          if (c > 0) tryFrom(i, i + w - 1, r, c);
          if (c < w - 1) tryFrom(i, i + w + 1, r, c);
        }
      }
      for (let c = 1; c < w; c++) tryFrom(r * w + c, r * w + c - 1, r, c);
    }
  }
  // Refinement: the segments held by river cells within ±2 cells of the chosen one (a bend's other
  // segment, a parallel branch) may be nearer than what propagation delivered.
  const firstSeedAt = new Int32Array(n).fill(-1);
  for (let k = m - 1; k >= 0; k--) firstSeedAt[sCell[k]!] = k;
  for (let i = 0; i < n; i++) {
    const k0 = seedOf[i]!;
    if (k0 < 0 || d2[i]! > relay2) continue;
    const r = Math.floor(i / w),
      c = i - r * w;
    const s0 = sCell[k0]!;
    const sr = Math.floor(s0 / w),
      sc = s0 - sr * w;
    for (let rr = Math.max(0, sr - REFINE); rr <= Math.min(h - 1, sr + REFINE); rr++) {
      for (let cc = Math.max(0, sc - REFINE); cc <= Math.min(w - 1, sc + REFINE); cc++) {
        const cell = rr * w + cc;
        for (let k = firstSeedAt[cell]!; k >= 0 && k < m && sCell[k] === cell; k++) {
          const dd = segDist2(k, r, c);
          if (dd < d2[i]!) {
            d2[i] = dd;
            seedOf[i] = k;
          }
        }
      }
    }
  }
  const distanceMetres = new Float64Array(n).fill(Infinity);
  const limit2 = maxDistanceMetres === Infinity ? Infinity : (maxDistanceMetres * 1.02) ** 2;
  const a = 6378137,
    f = 1 / 298.257223563,
    e2 = f * (2 - f),
    rad = Math.PI / 180;
  for (let i = 0; i < n; i++) {
    const k = seedOf[i]!;
    if (k < 0 || d2[i]! > limit2) continue;
    seedCell[i] = sCell[k]!;
    const r = Math.floor(i / w);
    const c = i - r * w;
    segDist2(k, r, c); // sets qx, qy: the nearest point of the segment
    const [cx, cy] = cellCentre(grid, c, r);
    let d: number;
    if (!grid.crs.geographic) d = Math.hypot(qx - cx, qy - cy);
    else if (d2[i]! < 4e8) {
      const phi = ((cy + qy) / 2) * rad;
      const s2 = Math.sin(phi) ** 2;
      const w2 = 1 - e2 * s2;
      const N = a / Math.sqrt(w2);
      const M = (a * (1 - e2)) / (w2 * Math.sqrt(w2));
      d = Math.hypot((qx - cx) * rad * N * Math.cos(phi), (qy - cy) * rad * M);
    } else d = geodesicInverse([cx, cy], [qx, qy]).lengthMetres;
    if (d <= maxDistanceMetres) distanceMetres[i] = d;
  }
  return { distanceMetres, seedCell };
}
