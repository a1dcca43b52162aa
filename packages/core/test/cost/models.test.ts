import { describe, expect, it } from "vitest";
import { describeCostModels, terrainCostModel, TERRAIN_MODEL_NAMES } from "../../src/cost/models.ts";
import { terrainCostSurface } from "../../src/cost/surface.ts";
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
});
