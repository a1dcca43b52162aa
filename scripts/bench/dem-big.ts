/**
 * Big DEMs for the route benchmarks (issue 15), made here, never downloaded:
 *
 *  - "real-shaped": the pack's GMTED2010 1.5′ DEM (401 × 221 cells) upsampled 30× by
 *    bilinear interpolation to 12 030 × 6 630 cells of 3″ (≈ 90 m, 80 M cells, the pack's
 *    region), plus seeded fractal detail (value noise, 4 octaves of 2.4 km … 300 m, amplitude
 *    growing with the local GMTED relief), rounded to Int16;
 *  - "synthetic": the same grid filled with fractal noise alone (hills of ±300 m on 40 km);
 *  - "tiles": a folder of 1° × 1° tiles at 1″ (3601 × 3601 cells each, sharing their edge row
 *    and column as SRTM1 / Copernicus GLO-30 tiles do), named like SRTM (N34E038.tif), with
 *    the real-shaped field continued to 1″.
 *
 * Files are written uncompressed by the project's GeoTIFF writer, then turned into tiled
 * (256 × 256) DEFLATE GeoTIFFs with gdal_translate when GDAL is installed (the project's
 * writer only writes strips; a tiled DEFLATE file is what SRTM/GLO-30 users bring). They are
 * cached in $TMPDIR/syraq-bench-dem/ by name, seed and version: a second run reuses them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WGS84_CRS, type Raster } from "@syraq/core";
import { readRasterFile, writeRasterFile, PACK_DEM } from "@syraq/core/node";

const VERSION = 1;
export const BENCH_DEM_DIR = join(tmpdir(), "syraq-bench-dem");

/** 32-bit integer hash of a lattice point and seed → [−1, 1). */
function lattice(ix: number, iy: number, seed: number): number {
  let h = Math.imul(ix, 0x27d4eb2d) ^ Math.imul(iy, 0x165667b1) ^ Math.imul(seed, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2147483648 - 1;
}

/**
 * Fills `out` (one row of `width` cells) with value noise at a lattice spacing of `period` cells,
 * for fine row `row` and fine columns `col0 …`, added with weight `amp` (smoothstep interpolation).
 */
function addNoiseRow(out: Float32Array, row: number, col0: number, period: number, amp: number, seed: number): void {
  const fy = row / period;
  const iy = Math.floor(fy);
  let ty = fy - iy;
  ty = ty * ty * (3 - 2 * ty);
  let ix = Math.floor(col0 / period);
  let a0 = lattice(ix, iy, seed);
  let a1 = lattice(ix, iy + 1, seed);
  let b0 = lattice(ix + 1, iy, seed);
  let b1 = lattice(ix + 1, iy + 1, seed);
  let left = a0 + (a1 - a0) * ty;
  let right = b0 + (b1 - b0) * ty;
  for (let c = 0; c < out.length; c++) {
    const fx = (col0 + c) / period;
    const jx = Math.floor(fx);
    if (jx !== ix) {
      ix = jx;
      a0 = lattice(ix, iy, seed);
      a1 = lattice(ix, iy + 1, seed);
      b0 = lattice(ix + 1, iy, seed);
      b1 = lattice(ix + 1, iy + 1, seed);
      left = a0 + (a1 - a0) * ty;
      right = b0 + (b1 - b0) * ty;
    }
    let tx = fx - jx;
    tx = tx * tx * (3 - 2 * tx);
    out[c]! += amp * (left + (right - left) * tx);
  }
}

export interface FieldSpec {
  /** Fine cells per GMTED cell (30 at 3″, 90 at 1″). */
  upsample: number;
  /** The GMTED DEM (real-shaped) or null (synthetic: noise only). */
  base: Raster | null;
  seed: number;
}

/**
 * Elevation of fine row `row`, columns col0 … col0 + out.length − 1 of the upsampled grid (cell
 * (0, 0) is the north-west corner of the GMTED grid), metres (not rounded).
 */
export function fieldRow(spec: FieldSpec, row: number, col0: number, out: Float32Array): void {
  const k = spec.upsample;
  out.fill(0);
  // fractal detail: 4 octaves; lattice periods in fine cells scale with the resolution
  const cellsPer300m = k / 10; // 3″ ≈ 90 m: 3 cells per 300 m; 1″: 9
  const periods = [8, 4, 2, 1].map((m) => m * cellsPer300m);
  const amps = [24, 12, 6, 3];
  for (let o = 0; o < 4; o++) addNoiseRow(out, row, col0, periods[o]!, amps[o]!, spec.seed + o);
  if (!spec.base) {
    // hills of ±300 m on ~40 km, ±120 m on ~10 km, around 400 m
    const big = new Float32Array(out.length);
    addNoiseRow(big, row, col0, 40 * 11 * cellsPer300m, 300, spec.seed + 10);
    addNoiseRow(big, row, col0, 10 * 11 * cellsPer300m, 120, spec.seed + 11);
    for (let c = 0; c < out.length; c++) out[c] = 400 + big[c]! + out[c]!;
    return;
  }
  const b = spec.base;
  const bw = b.width;
  const bh = b.height;
  const bd = b.data;
  const nd = b.nodata;
  const val = (r: number, c: number) => {
    const rr = Math.min(bh - 1, Math.max(0, r));
    const cc = Math.min(bw - 1, Math.max(0, c));
    const v = Number(bd[rr * bw + cc]);
    return v === nd || !Number.isFinite(v) ? 0 : v;
  };
  // bilinear on GMTED cell centres; detail amplitude × (1 + local relief / 200 m), clamped to 3
  const fy = (row + 0.5) / k - 0.5;
  const r0 = Math.floor(fy);
  const ty = fy - r0;
  for (let c = 0; c < out.length; c++) {
    const fx = (col0 + c + 0.5) / k - 0.5;
    const c0 = Math.floor(fx);
    const tx = fx - c0;
    const v00 = val(r0, c0);
    const v01 = val(r0, c0 + 1);
    const v10 = val(r0 + 1, c0);
    const v11 = val(r0 + 1, c0 + 1);
    const z = (v00 * (1 - tx) + v01 * tx) * (1 - ty) + (v10 * (1 - tx) + v11 * tx) * ty;
    const relief = Math.max(v00, v01, v10, v11) - Math.min(v00, v01, v10, v11);
    // flat ground stays flat-ish; sea and lakes at 0 m (GMTED 0) get no detail
    const gain = z <= 0 ? 0 : Math.min(3, 0.3 + relief / 200);
    out[c] = z + gain * out[c]!;
  }
}

function compressWithGdal(src: string, dst: string): boolean {
  try {
    execFileSync(
      "gdal_translate",
      ["-q", "-of", "GTiff", "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2", src, dst],
      { stdio: "ignore" },
    );
    return true;
  } catch {
    return false;
  }
}

function writeCompressed(path: string, raster: Raster): string {
  const raw = `${path}.raw.tif`;
  writeRasterFile(raw, raster);
  const tmp = `${path}.tmp.tif`;
  if (compressWithGdal(raw, tmp)) {
    renameSync(tmp, path);
    rmSync(raw);
    return "tiled DEFLATE (gdal_translate)";
  }
  renameSync(raw, path);
  return "uncompressed strips (gdal_translate not found)";
}

export async function readPackDem(dataDir: string): Promise<Raster> {
  return readRasterFile(join(dataDir, PACK_DEM));
}

/**
 * The 12 030 × 6 630 Int16 DEM at 3″ over the pack's region: "real" (GMTED + detail) or
 * "synthetic" (noise only). Returns its path (cached).
 */
export async function benchDem3s(kind: "real" | "synthetic", dataDir: string, seed = 15, log = console.log) {
  mkdirSync(BENCH_DEM_DIR, { recursive: true });
  const path = join(BENCH_DEM_DIR, `dem3s-${kind}-s${seed}-v${VERSION}.tif`);
  if (existsSync(path)) return path;
  const base = await readPackDem(dataDir);
  const k = 30;
  const W = base.width * k;
  const H = base.height * k;
  const t = Date.now();
  const data = new Int16Array(W * H);
  const row = new Float32Array(W);
  const spec: FieldSpec = { upsample: k, base: kind === "real" ? base : null, seed };
  for (let r = 0; r < H; r++) {
    fieldRow(spec, r, 0, row);
    const o = r * W;
    for (let c = 0; c < W; c++) data[o + c] = Math.round(row[c]!);
  }
  const raster: Raster = {
    width: W,
    height: H,
    originX: base.originX,
    originY: base.originY,
    pixelSizeX: base.pixelSizeX / k,
    pixelSizeY: base.pixelSizeY / k,
    crs: WGS84_CRS,
    data,
    nodata: -32768,
  };
  const how = writeCompressed(path, raster);
  log(`bench DEM ${kind}: ${W}×${H} Int16 at 3″ made in ${((Date.now() - t) / 1000).toFixed(1)} s, ${how}: ${path}`);
  return path;
}

/**
 * A folder of 1° × 1° tiles at 1″ (3601 × 3601 Int16 cells each, edges shared) covering
 * [west, west + nx] × [south, south + ny] degrees, the real-shaped field continued to 1″.
 */
export async function benchTiles1s(
  dataDir: string,
  west: number,
  south: number,
  nx: number,
  ny: number,
  seed = 15,
  log = console.log,
): Promise<string> {
  const dir = join(BENCH_DEM_DIR, `tiles1s-${west}-${south}-${nx}x${ny}-s${seed}-v${VERSION}`);
  if (existsSync(join(dir, "done"))) return dir;
  mkdirSync(dir, { recursive: true });
  const base = await readPackDem(dataDir);
  const k = 90; // 1.5′ = 90″
  const spec: FieldSpec = { upsample: k, base, seed };
  const t = Date.now();
  const S = 3601;
  const row = new Float32Array(S);
  for (let ty = 0; ty < ny; ty++)
    for (let tx = 0; tx < nx; tx++) {
      const lon = west + tx;
      const lat = south + ty;
      // tile cell (0, 0) is centred on (lon, lat + 1): the tile's origin is half a cell outside
      const originX = lon - 0.5 / 3600;
      const originY = lat + 1 + 0.5 / 3600;
      // fine grid of the field: cell (0, 0) at the GMTED origin; 1″ cells
      const col0 = Math.round((originX - base.originX) * 3600);
      const row0 = Math.round((base.originY - originY) * 3600);
      const data = new Int16Array(S * S);
      for (let r = 0; r < S; r++) {
        fieldRow(spec, row0 + r, col0, row);
        for (let c = 0; c < S; c++) data[r * S + c] = Math.round(row[c]!);
      }
      const name = `N${String(lat).padStart(2, "0")}E${String(lon).padStart(3, "0")}.tif`;
      writeCompressed(join(dir, name), {
        width: S,
        height: S,
        originX,
        originY,
        pixelSizeX: 1 / 3600,
        pixelSizeY: 1 / 3600,
        crs: WGS84_CRS,
        data,
        nodata: -32768,
      });
    }
  writeFileSync(join(dir, "done"), "tiles complete\n");
  log(`bench tiles: ${nx}×${ny} tiles of 3601² at 1″ made in ${((Date.now() - t) / 1000).toFixed(1)} s: ${dir}`);
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { resolveDataDir } = await import("@syraq/core/node");
  const dataDir = resolveDataDir();
  await benchDem3s("real", dataDir);
  await benchDem3s("synthetic", dataDir);
}
