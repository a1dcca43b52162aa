import { describe, expect, it } from "vitest";
import { describeCostModels, terrainCostModel, TERRAIN_MODEL_NAMES } from "../../src/cost/models.ts";
import { terrainCostSurface } from "../../src/cost/surface.ts";
import { accumulateCost } from "../../src/analysis/accumulate.ts";
import type { Raster } from "../../src/raster/raster.ts";

describe("terrain cost models (hand-computed values)", () => {
  it("Tobler: 6 km/h at s = −0.05 (0.6 s/m); 6·e^−0.175 km/h on the flat", () => {
    const m = terrainCostModel("tobler");
    expect(m.pace(-0.05)).toBeCloseTo(0.6, 12);
    expect(m.pace(0)).toBeCloseTo(3.6 / (6 * Math.exp(-0.175)), 12); // 0.7148 s/m = 5.04 km/h
    expect(m.pace(0.1)).toBeGreaterThan(m.pace(-0.1)); // anisotropic: uphill slower
    expect(m.units).toBe("seconds per metre");
  });

  it("modified Tobler: 4.8·e^(−5.3·0.03) km/h on the flat, fastest at s = −0.03/0.7", () => {
    const m = terrainCostModel("tobler-modified");
    expect(m.pace(0)).toBeCloseTo(3.6 / (4.8 * Math.exp(-5.3 * 0.03)), 12);
    expect(m.pace(-0.03 / 0.7)).toBeCloseTo(3.6 / 4.8, 12);
  });

  it("Naismith–Langmuir: 0.72 s/m flat, +6 s per metre climbed, ±2 s per metre descended by angle", () => {
    const m = terrainCostModel("naismith-langmuir");
    expect(m.pace(0)).toBeCloseTo(0.72, 12);
    expect(m.pace(0.1)).toBeCloseTo(0.72 + 0.6, 12); // 1 km at 10 %: 12 min + 10 min for 100 m climbed
    expect(m.pace(-0.05)).toBeCloseTo(0.72, 12); // 2.9°: no correction
    expect(m.pace(-0.15)).toBeCloseTo(0.72 - 0.3, 12); // 8.5°: −10 min per 300 m
    expect(m.pace(-0.4)).toBeCloseTo(0.72 + 0.8, 12); // 21.8°: +10 min per 300 m
  });

  it("off-road vehicle: 40 km/h flat, slower uphill than downhill, impassable above 30°", () => {
    const m = terrainCostModel("vehicle-offroad");
    expect(m.pace(0)).toBeCloseTo(3.6 / 40, 12);
    const s15 = Math.tan((15 * Math.PI) / 180);
    expect(m.pace(s15)).toBeCloseTo(3.6 / (40 * (1 - 0.8 * 0.5)), 9);
    expect(m.pace(-s15)).toBeCloseTo(3.6 / (40 * (1 - 0.5 * 0.5)), 9);
    expect(m.pace(Math.tan((31 * Math.PI) / 180))).toBe(Infinity);
    expect(m.pace(-Math.tan((31 * Math.PI) / 180))).toBe(Infinity);
    expect(
      terrainCostModel("vehicle-offroad", { maxSlopeDegrees: 45 }).pace(Math.tan((31 * Math.PI) / 180)),
    ).toBeLessThan(Infinity);
  });

  it("minPace is a lower bound of the pace over all slopes, and attained (engine's bucket width relies on it)", () => {
    for (const name of TERRAIN_MODEL_NAMES) {
      const m = terrainCostModel(name);
      let lowest = Infinity;
      for (let s = -3; s <= 3; s += 0.0005) {
        expect(m.pace(s), `${name} at ${s}`).toBeGreaterThanOrEqual(m.minPace * (1 - 1e-12));
        lowest = Math.min(lowest, m.pace(s));
      }
      expect(lowest, name).toBeLessThan(m.minPace * 1.01);
    }
  });

  it("every model describes units, source and parameters; unknown names and parameters are coded errors", () => {
    const all = describeCostModels();
    expect(all.map((m) => m.name)).toEqual([...TERRAIN_MODEL_NAMES, "cost-raster"]);
    for (const m of all) {
      expect(m.units.length).toBeGreaterThan(0);
      expect(m.source.length).toBeGreaterThan(10);
      expect(m.formula.length).toBeGreaterThan(10);
    }
    expect(() => terrainCostModel("tobbler")).toThrow(/unknown cost model 'tobbler'; models: tobler/);
    expect(() => terrainCostModel("tobler", { speed: 3 })).toThrow(/no parameter 'speed'/);
  });
});

describe("terrain cost surface", () => {
  const grid = {
    width: 3,
    height: 1,
    originX: 38,
    originY: 35,
    pixelSizeX: 0.01,
    pixelSizeY: 0.01,
    crs: { epsg: 4326, geographic: true },
  };
  const dem: Raster = { ...grid, data: Float32Array.from([100, 100, 100]), nodata: null };
  it("water is impassable unless a crossing is declared near it; class factors become friction", () => {
    const classes: Raster = { ...grid, data: Uint8Array.from([4, 1, 6]), nodata: 0 };
    const m = terrainCostModel("vehicle-offroad");
    const s = terrainCostSurface(dem, m, { classes });
    expect(Number.isNaN(s.cellCost[1]!)).toBe(true);
    expect(s.cellCost[0]).toBe(1); // desert plain (code 4)
    expect(s.cellCost[2]).toBeCloseTo(1 / 0.4, 12); // mountain: 40 % of the speed
    const bridged = terrainCostSurface(dem, m, { classes, crossings: [[38.015, 34.995]], crossingRadiusMetres: 100 });
    expect(bridged.cellCost[1]).toBe(1);
  });

  it("an Int16 DEM without nodata cells is read as it is; with nodata cells, a Float32 copy with NaN there", () => {
    const int16: Raster = { ...grid, data: Int16Array.from([100, 250, -30]), nodata: -32768 };
    const m = terrainCostModel("tobler");
    const direct = terrainCostSurface(int16, m);
    expect(direct.anisotropic!.elevationMetres).toBe(int16.data); // no copy: 2 bytes a cell
    const voids: Raster = { ...grid, data: Int16Array.from([100, -32768, -30]), nodata: -32768 };
    const copied = terrainCostSurface(voids, m).anisotropic!.elevationMetres;
    expect(copied).toBeInstanceOf(Float32Array);
    expect([...copied]).toEqual([100, NaN, -30]);
    expect(voids.data[1]).toBe(-32768); // the DEM itself is left alone
  });

  it("accumulated seconds from an Int16 DEM read as it is equal those from its Float32 copy, bit for bit", () => {
    // 40 × 30 cells of integer elevations (a seeded ramp with bumps); the same search over both arrays
    const W = 40;
    const H = 30;
    const z = new Int16Array(W * H);
    for (let r = 0; r < H; r++)
      for (let c = 0; c < W; c++) z[r * W + c] = 300 + 7 * c - 5 * r + ((r * 31 + c * 17) % 23);
    const g = { ...grid, width: W, height: H };
    const m = terrainCostModel("tobler");
    const asInt16 = terrainCostSurface({ ...g, data: z, nodata: -32768 }, m);
    const asFloat32 = terrainCostSurface({ ...g, data: Float32Array.from(z), nodata: -32768 }, m);
    expect(asInt16.anisotropic!.elevationMetres).toBeInstanceOf(Int16Array);
    expect(asFloat32.anisotropic!.elevationMetres).toBeInstanceOf(Float32Array);
    const run = (s: typeof asInt16) =>
      accumulateCost({ grid: g, cellCost: s.cellCost, anisotropic: s.anisotropic, sources: [{ cells: [15 * W + 20] }] })
        .accumulated.data;
    const a = run(asInt16);
    const b = run(asFloat32);
    expect(a.every((v, i) => Object.is(v, b[i]))).toBe(true);
    expect(a[0]).toBeGreaterThan(0); // the corner is reached
  });
});
