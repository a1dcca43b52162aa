/**
 * The ensemble's DEM error model: Gaussian-filtered white noise with the filter's σ = L/√2
 * has the autocorrelation ρ(d) = exp(−d²/(2L²)) (the convolution of two Gaussians of σ = L/√2
 * is a Gaussian of σ = L). Hand values: ρ(L) = e^(−1/2) = 0.6065, ρ(2L) = e^(−2) = 0.1353,
 * ρ(4L) = e^(−8) ≈ 0.0003. The field is checked against them on a large grid, with a
 * tolerance for the sampling error of the estimate.
 */
import { describe, expect, it } from "vitest";
import { demErrorField, percentile, runSeed } from "../../src/analysis/ensemble.ts";
import { mulberry32 } from "../../src/util/random.ts";

function stats(field: Float64Array, W: number, H: number, lag: number, axis: "x" | "y") {
  let sum = 0;
  let sum2 = 0;
  for (const v of field) (sum += v), (sum2 += v * v);
  const n = field.length;
  const mean = sum / n;
  const variance = sum2 / n - mean * mean;
  let cov = 0;
  let m = 0;
  for (let r = 0; r < H - (axis === "y" ? lag : 0); r++)
    for (let c = 0; c < W - (axis === "x" ? lag : 0); c++) {
      const a = field[r * W + c]! - mean;
      const b = field[(r + (axis === "y" ? lag : 0)) * W + c + (axis === "x" ? lag : 0)]! - mean;
      cov += a * b;
      m++;
    }
  return { mean, sd: Math.sqrt(variance), rho: cov / m / variance };
}

describe("ensemble: the correlated DEM error field", () => {
  const W = 400;
  const H = 400;
  // 1 km cells, L = 6 km: lags of 6, 12 and 24 cells
  const field = demErrorField({ width: W, height: H, ewMetres: 1000, nsMetres: 1000 }, mulberry32(7), 15, 6000);

  it("has the asked standard deviation and zero mean", () => {
    const s = stats(field, W, H, 1, "x");
    expect(Math.abs(s.sd - 15) / 15).toBeLessThan(0.1);
    expect(Math.abs(s.mean)).toBeLessThan(1.5);
  });

  it("correlates as exp(−d²/2L²) along both axes", () => {
    for (const axis of ["x", "y"] as const) {
      expect(Math.abs(stats(field, W, H, 6, axis).rho - Math.exp(-0.5))).toBeLessThan(0.06);
      expect(Math.abs(stats(field, W, H, 12, axis).rho - Math.exp(-2))).toBeLessThan(0.06);
      expect(Math.abs(stats(field, W, H, 24, axis).rho)).toBeLessThan(0.06);
    }
  });

  it("is not white noise: neighbouring cells correlate strongly (white noise: ρ(1) = 0)", () => {
    expect(stats(field, W, H, 1, "x").rho).toBeGreaterThan(0.9);
  });

  it("honours different cell sizes per axis (correlation length in metres, not cells)", () => {
    // 500 m east-west, 2 000 m north-south: L = 6 km is 12 cells across and 3 cells down
    const f = demErrorField({ width: W, height: H, ewMetres: 500, nsMetres: 2000 }, mulberry32(9), 10, 6000);
    expect(Math.abs(stats(f, W, H, 12, "x").rho - Math.exp(-0.5))).toBeLessThan(0.07);
    expect(Math.abs(stats(f, W, H, 3, "y").rho - Math.exp(-0.5))).toBeLessThan(0.07);
  });

  it("is a pure function of the seed; zero sigma gives zeros", () => {
    const a = demErrorField(
      { width: 50, height: 40, ewMetres: 2000, nsMetres: 2500 },
      mulberry32(runSeed(1, 3)),
      15,
      5000,
    );
    const b = demErrorField(
      { width: 50, height: 40, ewMetres: 2000, nsMetres: 2500 },
      mulberry32(runSeed(1, 3)),
      15,
      5000,
    );
    const c = demErrorField(
      { width: 50, height: 40, ewMetres: 2000, nsMetres: 2500 },
      mulberry32(runSeed(1, 4)),
      15,
      5000,
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(
      demErrorField({ width: 5, height: 5, ewMetres: 1, nsMetres: 1 }, mulberry32(1), 0, 10).every((v) => v === 0),
    ).toBe(true);
  });
});

describe("ensemble: run seeds and percentiles", () => {
  it("gives distinct seeds per run and per ensemble seed", () => {
    const seeds = new Set<number>();
    for (let s = 0; s < 20; s++) for (let r = 0; r < 500; r++) seeds.add(runSeed(s, r));
    expect(seeds.size).toBe(20 * 500);
  });

  it("percentiles are nearest-rank (hand example)", () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
    // ranks ⌈0.05·20⌉ = 1, ⌈0.5·20⌉ = 10, ⌈0.95·20⌉ = 19
    expect([percentile(v, 5), percentile(v, 50), percentile(v, 95)]).toEqual([1, 10, 19]);
    expect(percentile([], 50)).toBeNull();
  });
});
