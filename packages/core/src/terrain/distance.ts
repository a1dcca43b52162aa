/**
 * Distance from every cell centre to the nearest of a set of seed points (e.g.
 * the points of a rasterised river line), in metres on the ground.
 *
 * The nearest seed is found by vector propagation over the grid (8SSEDT-style
 * two-pass raster scans, run twice), comparing candidates with the local
 * ellipsoidal metric of the cell's row (metres per degree east-west and
 * north-south from rowCellSizes). The distance to the chosen seed is then
 * measured on the WGS84 ellipsoid for lon/lat grids (below 20 km with the
 * meridional and parallel radii at the mid-latitude, ~1e-5 relative of the
 * geodesic; beyond, the geodesic itself), Euclidean in metres for projected
 * ones, for cells within `maxDistanceMetres`; cells beyond it are Infinity. Propagation can, in rare configurations, pick a seed a few metres
 * farther than the true nearest; it never reports a distance shorter than the
 * true distance to the chosen seed.
 */
import { geodesicInverse } from "../geo/geodesic.ts";
import { cellCentre, type GridSpec } from "../io/raster.ts";
import { rowCellSizes } from "./cellsize.ts";
import type { LineSeed } from "./rasterize.ts";

export interface DistanceResult {
  /** Metres to the nearest seed; Infinity where none within maxDistanceMetres (or no seeds). */
  distanceMetres: Float64Array;
  /** Cell index of the seed chosen for each cell, -1 when none. */
  seedCell: Int32Array;
}

export function distanceToSeeds(grid: GridSpec, seeds: readonly LineSeed[], maxDistanceMetres = Infinity): DistanceResult {
  const { width: w, height: h } = grid;
  const n = w * h;
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  const seedCell = new Int32Array(n).fill(-1);
  const d2 = new Float64Array(n).fill(Infinity);
  const { ewMetres, nsMetres } = rowCellSizes(grid);
  const kx = new Float64Array(h);
  const ky = new Float64Array(h);
  for (let r = 0; r < h; r++) {
    kx[r] = ewMetres[r]! / grid.pixelSizeX;
    ky[r] = nsMetres[r]! / grid.pixelSizeY;
  }
  for (const s of seeds) {
    const [cx, cy] = cellCentre(grid, s.index % w, Math.floor(s.index / w));
    const r = Math.floor(s.index / w);
    const dd = ((s.x - cx) * kx[r]!) ** 2 + ((s.y - cy) * ky[r]!) ** 2;
    if (dd < d2[s.index]!) {
      d2[s.index] = dd;
      sx[s.index] = s.x;
      sy[s.index] = s.y;
      seedCell[s.index] = s.index;
    }
  }
  if (seeds.length === 0) return { distanceMetres: new Float64Array(n).fill(Infinity), seedCell };
  const x0 = grid.originX + grid.pixelSizeX / 2;
  const y0 = grid.originY - grid.pixelSizeY / 2;
  // Cells farther than the limit (plus two cell diagonals of slack) do not relay seeds on.
  let maxCell = 0;
  for (let r = 0; r < h; r++) maxCell = Math.max(maxCell, Math.hypot(ewMetres[r]!, nsMetres[r]!));
  const relay2 = maxDistanceMetres === Infinity ? Infinity : (maxDistanceMetres * 1.02 + 2 * maxCell) ** 2;
  const tryFrom = (i: number, j: number, r: number, c: number) => {
    const src = seedCell[j]!;
    if (src < 0 || src === seedCell[i] || d2[j]! > relay2) return;
    const dx = (sx[j]! - (x0 + c * grid.pixelSizeX)) * kx[r]!;
    const dy = (sy[j]! - (y0 - r * grid.pixelSizeY)) * ky[r]!;
    const dd = dx * dx + dy * dy;
    if (dd < d2[i]!) {
      d2[i] = dd;
      sx[i] = sx[j]!;
      sy[i] = sy[j]!;
      seedCell[i] = src;
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
  const distanceMetres = new Float64Array(n).fill(Infinity);
  // Short distances: ellipsoidal metric at the mid-latitude (meridional radius M and
  // parallel radius N·cosφ), within ~(d/R)² ≈ 1e-5 relative of the geodesic below 20 km;
  // longer ones: the geodesic itself.
  const a = 6378137, f = 1 / 298.257223563, e2 = f * (2 - f), rad = Math.PI / 180;
  // Exact distance for cells that can be within the limit (local metric is within 1 % of the truth here).
  const limit2 = maxDistanceMetres === Infinity ? Infinity : (maxDistanceMetres * 1.02) ** 2;
  for (let i = 0; i < n; i++) {
    if (seedCell[i]! < 0 || d2[i]! > limit2) continue;
    const r = Math.floor(i / w);
    const c = i - r * w;
    const [cx, cy] = cellCentre(grid, c, r);
    let d: number;
    if (!grid.crs.geographic) d = Math.hypot(sx[i]! - cx, sy[i]! - cy);
    else if (d2[i]! < 4e8) {
      const phi = ((cy + sy[i]!) / 2) * rad;
      const s2 = Math.sin(phi) ** 2;
      const w2 = 1 - e2 * s2;
      const N = a / Math.sqrt(w2);
      const M = (a * (1 - e2)) / (w2 * Math.sqrt(w2));
      d = Math.hypot((sx[i]! - cx) * rad * N * Math.cos(phi), (sy[i]! - cy) * rad * M);
    } else d = geodesicInverse([cx, cy], [sx[i]!, sy[i]!]).lengthMetres;
    if (d <= maxDistanceMetres) distanceMetres[i] = d;
  }
  return { distanceMetres, seedCell };
}
