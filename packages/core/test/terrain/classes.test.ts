import { describe, expect, it } from "vitest";
import { geodesicInverse } from "../../src/geo/geodesic.ts";
import { nearestPointOnGeodesicLine } from "../../src/geo/line.ts";
import type { LonLat } from "../../src/geo/types.ts";
import type { Raster } from "../../src/raster/raster.ts";
import {
  classifyTerrain,
  checkThresholds,
  DEFAULT_TERRAIN_THRESHOLDS,
  terrainClassPolygons,
} from "../../src/terrain/classes.ts";
import { distanceToSeeds } from "../../src/raster/distance.ts";
import { rasterizeLines, rasterizePolygons } from "../../src/raster/rasterize.ts";
import { localRelief } from "../../src/terrain/relief.ts";

const ll = (w: number, h: number, data: Float64Array | Int16Array, px = 0.01): Raster => ({
  width: w,
  height: h,
  originX: 40,
  originY: 35,
  pixelSizeX: px,
  pixelSizeY: px,
  crs: { epsg: 4326, geographic: true },
  data,
  nodata: null,
});

describe("rasterizeLines / rasterizePolygons", () => {
  it("a diagonal line gives a 4-connected chain of cells (blocks 8-neighbour crossing)", () => {
    const g = ll(10, 10, new Float64Array(100));
    const seeds = rasterizeLines(g, [
      [
        [40.001, 34.999],
        [40.0987, 34.9013],
      ],
    ]);
    const cells = new Set(seeds.map((s) => s.index));
    expect(cells.has(0)).toBe(true);
    expect(cells.has(99)).toBe(true);
    // every consecutive pair along the chain shares an edge: for each touched cell except the last, the cell to the E or S is touched
    for (const i of cells) if (i !== 99) expect(cells.has(i + 1) || cells.has(i + 10)).toBe(true);
  });
  it("a line starting and ending far outside the grid marks exactly the row it crosses", () => {
    const g = ll(10, 10, new Float64Array(100));
    const seeds = rasterizeLines(g, [
      [
        [20, 34.955],
        [60, 34.955],
      ],
    ]);
    expect(seeds.map((s) => s.index)).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
    expect(seeds.every((s) => Math.abs(s.y - 34.955) < 1e-9)).toBe(true);
  });
  it("polygons mark cells whose centre is inside, holes excluded", () => {
    const g = ll(10, 10, new Float64Array(100));
    const out = new Uint8Array(100);
    const outer = [
      [40.02, 34.98],
      [40.08, 34.98],
      [40.08, 34.92],
      [40.02, 34.92],
      [40.02, 34.98],
    ];
    const hole = [
      [40.04, 34.96],
      [40.06, 34.96],
      [40.06, 34.94],
      [40.04, 34.94],
      [40.04, 34.96],
    ];
    rasterizePolygons(g, [{ type: "Polygon", coordinates: [outer, hole] }], out);
    // centres at 40.025..40.075 (cols 2..7) × rows 2..7 = 36 cells, minus the hole's 2×2 = 32
    expect(out.reduce((s, v) => s + v, 0)).toBe(32);
    expect(out[4 * 10 + 4]).toBe(0);
    expect(out[2 * 10 + 2]).toBe(1);
  });
});

describe("distanceToSeeds", () => {
  it("matches the geodesic distance to the line (nearestPointOnGeodesicLine) within 0.2 % + 20 m", () => {
    const w = 60,
      h = 50;
    const g = ll(w, h, new Float64Array(w * h));
    const line: LonLat[] = [
      [40.05, 34.97],
      [40.3, 34.8],
      [40.55, 34.62],
    ];
    const { distanceMetres } = distanceToSeeds(g, rasterizeLines(g, [line]), 30_000);
    for (let r = 0; r < h; r += 7) {
      for (let c = 0; c < w; c += 9) {
        const p: LonLat = [40 + (c + 0.5) * 0.01, 35 - (r + 0.5) * 0.01];
        const ref = nearestPointOnGeodesicLine(p, line).distanceMetres;
        const d = distanceMetres[r * w + c]!;
        if (ref > 29_000) continue;
        expect(Math.abs(d - ref)).toBeLessThan(0.002 * ref + 20);
      }
    }
  });
  it("cells beyond the limit are Infinity; no seeds → all Infinity", () => {
    const g = ll(30, 3, new Float64Array(90));
    const { distanceMetres } = distanceToSeeds(
      g,
      rasterizeLines(g, [
        [
          [40.005, 34.995],
          [40.005, 34.975],
        ],
      ]),
      5000,
    );
    // col 29 centre is 0.29° east: 0.29 × 91.3 km ≫ 5 km
    expect(distanceMetres[29]).toBe(Infinity);
    expect(distanceMetres[3]).toBeCloseTo(geodesicInverse([40.035, 34.995], [40.005, 34.995]).lengthMetres, -1);
    expect(distanceToSeeds(g, []).distanceMetres.every((v) => v === Infinity)).toBe(true);
  });
});

describe("localRelief", () => {
  it("equals a brute-force max − min over the window, ignoring nodata", () => {
    const w = 23,
      h = 17;
    const data = new Int16Array(w * h);
    let s = 7;
    for (let i = 0; i < data.length; i++) data[i] = (s = (s * 16807) % 2147483647) % 1000;
    data[5] = -32768;
    const g: Raster = { ...ll(w, h, data), nodata: -32768 };
    for (const [kx, ky] of [
      [1, 1],
      [3, 2],
      [5, 9],
    ]) {
      const rel = localRelief(g, kx!, ky!);
      for (let r = 0; r < h; r++)
        for (let c = 0; c < w; c++) {
          const i = r * w + c;
          if (i === 5) {
            expect(Number.isNaN(rel[i]!)).toBe(true);
            continue;
          }
          let mn = Infinity,
            mx = -Infinity;
          for (let rr = Math.max(0, r - ky!); rr <= Math.min(h - 1, r + ky!); rr++)
            for (let cc = Math.max(0, c - kx!); cc <= Math.min(w - 1, c + kx!); cc++) {
              const v = data[rr * w + cc]!;
              if (v === -32768) continue;
              mn = Math.min(mn, v);
              mx = Math.max(mx, v);
            }
          expect(rel[i]).toBe(mx - mn);
        }
    }
  });
});

describe("classifyTerrain rules", () => {
  // A 60×40 synthetic DEM at 0.01° (~0.9 × 1.1 km): a flat plain at 300 m with a river along row 20,
  // a valley (280 m) along it, a plateau (900 m) in the NE, a peak (2000 m) in the SE corner; a lake at the west.
  const w = 60,
    h = 40;
  const z = new Float64Array(w * h);
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++) {
      let v = 300;
      if (Math.abs(r - 20) <= 2) v = 280;
      if (r < 10 && c > 40) v = 900;
      if (r > 32 && c > 52) v = 2000;
      z[r * w + c] = v;
    }
  const dem = ll(w, h, z);
  const river: LonLat[] = [
    [40.0, 34.795],
    [40.6, 34.795],
  ];
  const lake = {
    type: "Polygon" as const,
    coordinates: [
      [
        [40.0, 34.9],
        [40.05, 34.9],
        [40.05, 34.85],
        [40.0, 34.85],
        [40.0, 34.9],
      ],
    ],
  };
  const layers = { lakes: [lake], rivers: [river], drainage: [river], euphrates: [] as LonLat[][] };
  const at = (cls: Uint8Array, r: number, c: number) => cls[r * w + c];

  it("water, valley floor, plain, upland, mountain where expected", () => {
    const res = classifyTerrain(dem, layers, { reliefRadiusMetres: 1000 });
    const cls = res.classes.data;
    expect(at(cls, 20, 30)).toBe(1); // on the river line
    expect(at(cls, 12, 2)).toBe(1); // in the lake (centre 40.025, 34.875)
    expect(at(cls, 21, 30)).toBe(2); // next to the river, 280 m, flat
    expect(at(cls, 30, 20)).toBe(4); // plain, far from everything: 10 rows ≈ 11 km > 8 km
    expect(at(cls, 3, 50)).toBe(5); // plateau interior: elevation 900 ≥ 800
    expect(at(cls, 38, 57)).toBe(6); // peak: 2000 ≥ 1500
    const sum = res.areas.reduce((s, a) => s + a.cells, 0);
    expect(sum).toBe(w * h);
  });
  it("valley floor needs height above drainage ≤ threshold: lowering it to 10 m keeps 280 m cells only if within 10 m", () => {
    const res = classifyTerrain(dem, layers, { valleyHeightMetres: 10, reliefRadiusMetres: 1000 });
    expect(at(res.classes.data, 21, 30)).toBe(2); // same height as the river cell (280)
    expect(at(res.classes.data, 25, 30)).toBe(4); // 300 m, 20 m above the river: now plain
    const def = classifyTerrain(dem, layers, { reliefRadiusMetres: 1000 });
    expect(at(def.classes.data, 25, 30)).toBe(2); // default 30 m: valley
  });
  it("the Euphrates corridor takes precedence over valley floor, limited by the distance", () => {
    const res = classifyTerrain(
      dem,
      { ...layers, euphrates: [river] },
      { corridorDistanceMetres: 3000, reliefRadiusMetres: 1000 },
    );
    expect(at(res.classes.data, 21, 30)).toBe(3); // 1 row ≈ 1.1 km from the river
    expect(at(res.classes.data, 25, 30)).toBe(2); // 5 rows ≈ 5.5 km: beyond 3 km, valley again
    expect(at(res.classes.data, 20, 30)).toBe(1); // water stays water
  });
  it("nodata cells stay 0 and polygons dissolve per class", () => {
    const d = new Float64Array(z);
    d[0] = NaN;
    const res = classifyTerrain({ ...dem, data: d }, layers, { reliefRadiusMetres: 1000 });
    expect(res.classes.data[0]).toBe(0);
    const fc = terrainClassPolygons(res);
    expect(fc.features.map((f) => f.properties.key).sort()).toEqual(
      ["mountain", "plain", "upland", "valley", "water"].sort(),
    );
  });
  it("rejects bad thresholds", () => {
    expect(() => checkThresholds({ valleyHeightMetres: -1 })).toThrow(/valleyHeightMetres/);
    expect(() => checkThresholds({ uplandElevationMetres: 3000 })).toThrow(/mountain thresholds/);
    expect(checkThresholds({})).toEqual(DEFAULT_TERRAIN_THRESHOLDS);
  });
});
