import { describe, expect, it } from "vitest";
import {
  BOUNDED_SEARCH_MIN_CELLS,
  boundedCorridor,
  boundedDepth,
  boundedIsochrones,
  boundedRoute,
  ellipseWindow,
  modelTopSpeed,
  windowCells,
  windowMarginCells,
  type CellWindow,
} from "../../src/analysis/bounded.ts";
import { findRoute, type RoutePoint } from "../../src/analysis/route.ts";
import { isochrones } from "../../src/analysis/isochrone.ts";
import { corridor } from "../../src/analysis/corridor.ts";
import { routeDepth } from "../../src/analysis/route-depth.ts";
import { buildRouteGraph, crossingBankRadiusCells, modelCosts } from "../../src/routing/routegraph.ts";
import { HEURISTIC_RADIUS_METRES } from "../../src/routing/landmarks.ts";
import { buildRoadNetwork, parseRoadLines } from "../../src/routing/network.ts";
import { parseCrossings } from "../../src/routing/crossings.ts";
import { routeModel } from "../../src/routing/route-models.ts";
import { WGS84_CRS, cellCentre, type GridSpec, type Raster } from "../../src/raster/raster.ts";
import { geodesicInverse } from "../../src/geo/geodesic.ts";
import { mulberry32 } from "../../src/util/random.ts";
import { isSyraqError } from "../../src/errors.ts";
import type { LonLat } from "../../src/geo/types.ts";

// Seeded synthetic worlds: 300 × 200 cells of 0.005° (≈ 450 × 555 m) from 38°E 36°N, Int16 hills
// (value noise, 3 octaves, up to ±250 m) with a few nodata holes, a sinuous river (a barrier line)
// with two bridges, and two roads (one crosses the river at the east bridge).
const W = 300;
const H = 200;
const PX = 0.005;
const X0 = 38;
const Y0 = 36;

function world(seed: number) {
  const rand = mulberry32(seed);
  const lattice = (n: number) => Array.from({ length: n * n }, () => rand() * 2 - 1);
  const octaves = [
    { period: 60, amp: 250, l: lattice(8) },
    { period: 20, amp: 60, l: lattice(18) },
    { period: 6, amp: 15, l: lattice(54) },
  ];
  const data = new Int16Array(W * H);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      let z = 400;
      for (const o of octaves) {
        const n = Math.sqrt(o.l.length);
        const fx = c / o.period;
        const fy = r / o.period;
        const ix = Math.floor(fx);
        const iy = Math.floor(fy);
        const tx = fx - ix;
        const ty = fy - iy;
        const v = (a: number, b: number) => o.l[(b % n) * n + (a % n)]!;
        z +=
          o.amp *
          ((v(ix, iy) * (1 - tx) + v(ix + 1, iy) * tx) * (1 - ty) +
            (v(ix, iy + 1) * (1 - tx) + v(ix + 1, iy + 1) * tx) * ty);
      }
      data[r * W + c] = Math.round(z);
    }
  // nodata holes (lakes of missing data)
  for (let k = 0; k < 6; k++) {
    const r0 = Math.floor(rand() * (H - 6));
    const c0 = Math.floor(rand() * (W - 6));
    for (let r = r0; r < r0 + 4; r++) for (let c = c0; c < c0 + 4; c++) data[r * W + c] = -32768;
  }
  const dem: Raster = {
    width: W,
    height: H,
    originX: X0,
    originY: Y0,
    pixelSizeX: PX,
    pixelSizeY: PX,
    crs: WGS84_CRS,
    data,
    nodata: -32768,
  };
  const riverLat = (lon: number) => Y0 - H * PX * (0.5 + 0.15 * Math.sin((lon - X0) * 9 + seed));
  const line: LonLat[] = [];
  for (let k = 0; k <= 100; k++) {
    const lon = X0 - 0.01 + (k / 100) * (W * PX + 0.02);
    line.push([lon, riverLat(lon)]);
  }
  const river = { name: "river", river: "euphrates", lines: [line], polygons: [] };
  const bx = [X0 + W * PX * 0.25, X0 + W * PX * 0.8];
  const fc = (features: unknown[]) => ({ type: "FeatureCollection", features });
  const crossings = parseCrossings(
    fc(
      bx.map((lon, i) => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [lon, riverLat(lon)] },
        properties: {
          name: i ? "East bridge" : "West bridge",
          river: "euphrates",
          kind: "bridge",
          status: [],
          sources: ["test"],
        },
      })),
    ),
  );
  const road = (cls: string, coords: LonLat[]) => ({
    type: "Feature",
    geometry: { type: "LineString", coordinates: coords },
    properties: { class: cls, name: cls },
  });
  const { lines } = parseRoadLines(
    fc([
      road("primary", [
        [X0 + 0.05, Y0 - 0.1],
        [X0 + 0.7, Y0 - 0.12],
        [X0 + 1.4, Y0 - 0.2],
      ]),
      road("secondary", [
        [bx[1]!, Y0 - 0.05],
        [bx[1]!, riverLat(bx[1]!)],
        [bx[1]! - 0.05, Y0 - 0.95],
      ]),
    ]),
    { origin: "test" },
  );
  const network = buildRoadNetwork(lines, { maxSegmentMetres: 600 });
  const full = buildRouteGraph({ dem, barriers: [river], crossings, network });
  const grid: GridSpec = {
    width: W,
    height: H,
    originX: X0,
    originY: Y0,
    pixelSizeX: PX,
    pixelSizeY: PX,
    crs: WGS84_CRS,
  };
  let loads = 0;
  // the window loader: the same DEM cells, barriers, crossings and road network on a window
  const load = async (w: CellWindow) => {
    loads++;
    const [c0, r0, c1, r1] = w;
    const ww = c1 - c0;
    const wh = r1 - r0;
    const sub = new Int16Array(ww * wh);
    for (let r = 0; r < wh; r++) sub.set(data.subarray((r0 + r) * W + c0, (r0 + r) * W + c1), r * ww);
    const win: Raster = { ...dem, width: ww, height: wh, originX: X0 + c0 * PX, originY: Y0 - r0 * PX, data: sub };
    return buildRouteGraph({ dem: win, barriers: [river], crossings, network });
  };
  return { full, grid, load, loads: () => loads };
}

const at = (c: number, r: number): LonLat =>
  cellCentre({ originX: X0, originY: Y0, pixelSizeX: PX, pixelSizeY: PX } as GridSpec, c, r) as LonLat;
const pt = (name: string, p: LonLat): RoutePoint => ({ name, lonLat: [p[0] + 0.0011, p[1] - 0.0007] });

describe("bounded search on a window of a big DEM", () => {
  it("is used above 4 M cells (the pack's DEM, 88 k cells, is searched whole)", () => {
    expect(BOUNDED_SEARCH_MIN_CELLS).toBe(4_000_000);
  });

  it("the window holds every cell whose two geodesic bounds sum to at most the budget (brute force)", () => {
    const grid: GridSpec = {
      width: W,
      height: H,
      originX: X0,
      originY: Y0,
      pixelSizeX: PX,
      pixelSizeY: PX,
      crs: WGS84_CRS,
    };
    const a = at(40, 150);
    const b = at(120, 60);
    const maxAngle = (1.3 * geodesicInverse(a, b).lengthMetres) / HEURISTIC_RADIUS_METRES;
    const w = ellipseWindow(grid, [{ a, b, maxAngle }], 0)!;
    let inside = 0;
    for (let r = 0; r < H; r++)
      for (let c = 0; c < W; c++) {
        const v = at(c, r);
        // Karney geodesics ≥ the 0.99 sphere: a cell within the ellipse by geodesics is within it by angles
        const s = (geodesicInverse(a, v).lengthMetres + geodesicInverse(v, b).lengthMetres) * 0.99;
        if (s / HEURISTIC_RADIUS_METRES > maxAngle) continue;
        inside++;
        expect(c >= w[0] && c < w[2] && r >= w[1] && r < w[3]).toBe(true);
      }
    expect(inside).toBeGreaterThan(1000);
    expect(windowCells(w)).toBeLessThan(W * H);
  });

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: the same cost (1e-9) and path as the search over the whole grid, vehicle and foot`, async () => {
      const wd = world(seed);
      const pairs: Array<[LonLat, LonLat]> = [
        [at(30, 20), at(80, 60)], // short, one bank
        [at(150, 15), at(170, 185)], // across the river
        [at(10, 190), at(290, 10)], // corner to corner
        [at(200, 100), at(230, 140)],
      ];
      let smaller = 0;
      for (const name of ["vehicle", "foot"]) {
        const model = routeModel(name);
        for (const [a, b] of pairs) {
          const points = [pt("A", a), pt("B", b)];
          let exact: ReturnType<typeof findRoute> | null = null;
          try {
            exact = findRoute({ graph: wd.full, model, points });
          } catch (e) {
            if (!isSyraqError(e)) throw e;
          }
          const r = await boundedRoute({ grid: wd.grid, model, points, load: wd.load });
          expect(exact).not.toBeNull();
          expect(Math.abs(r.durationSeconds - exact!.durationSeconds)).toBeLessThanOrEqual(
            1e-9 * exact!.durationSeconds,
          );
          expect(r.coordinates.length).toBe(exact!.coordinates.length);
          r.coordinates.forEach((p, i) => {
            expect(Math.abs(p[0] - exact!.coordinates[i]![0])).toBeLessThan(1e-9);
            expect(Math.abs(p[1] - exact!.coordinates[i]![1])).toBeLessThan(1e-9);
          });
          expect(r.crossings).toEqual(exact!.crossings);
          expect(r.bounded.exact).toBe(true);
          if (r.bounded.windowCells < W * H) smaller++;
        }
      }
      expect(smaller).toBeGreaterThan(0);
    });
  }

  it("with a crossing closed and with vias, still the full search's answer; with both closed: UNREACHABLE", async () => {
    const wd = world(4);
    const model = routeModel("vehicle");
    const points = [pt("A", at(150, 15)), pt("V", at(100, 90)), pt("B", at(160, 185))];
    for (const closed of [["East bridge"], ["West bridge"]]) {
      const exact = findRoute({ graph: wd.full, model, points, crossings: { closed } });
      const r = await boundedRoute({ grid: wd.grid, model, points, crossings: { closed }, load: wd.load });
      expect(Math.abs(r.durationSeconds - exact.durationSeconds)).toBeLessThanOrEqual(1e-9 * exact.durationSeconds);
      expect(r.crossings).toEqual(exact.crossings);
      expect(r.legs.length).toBe(2);
    }
    await expect(
      boundedRoute({
        grid: wd.grid,
        model,
        points,
        crossings: { closed: ["East bridge", "West bridge"] },
        load: wd.load,
      }),
    ).rejects.toMatchObject({ code: "UNREACHABLE" });
  });

  it("a window over the cell limit stops early with TOO_LARGE saying how to narrow it", async () => {
    const wd = world(5);
    const points = [pt("A", at(10, 190)), pt("B", at(290, 10))];
    const err = await boundedRoute({
      grid: wd.grid,
      model: routeModel("vehicle"),
      points,
      load: wd.load,
      maxCells: 1000,
    }).catch((e) => e);
    expect(isSyraqError(err) && err.code).toBe("TOO_LARGE");
    expect(String(err.message)).toMatch(/crop the DEM/);
    expect(String(err.message)).toMatch(/gdalwarp -tr/);
    expect(wd.loads()).toBe(0);
  });

  it("isochrones: the same bands (cells and costs) as over the whole grid", async () => {
    const wd = world(6);
    const model = routeModel("vehicle");
    const sources = [pt("S", at(60, 50))];
    const durationsSeconds = [600, 1200];
    const exact = isochrones({ graph: wd.full, model, sources, durationsSeconds });
    const r = await boundedIsochrones({ grid: wd.grid, model, sources, durationsSeconds, load: wd.load });
    expect(r.bounded.windowCells).toBeLessThan(W * H);
    const [c0, r0, c1] = r.bounded.window;
    const ww = c1 - c0;
    exact.bands.forEach((b, k) => {
      expect(r.bands[k]!.cellCount).toBe(b.cellCount);
      expect(Math.abs(r.bands[k]!.areaSquareMetres - b.areaSquareMetres)).toBeLessThanOrEqual(
        1e-6 * b.areaSquareMetres,
      );
    });
    for (let i = 0; i < W * H; i++) {
      const c = i % W;
      const rr = Math.floor(i / W);
      const e = exact.cost[i]!;
      const inWin = c >= c0 && c < c1 && rr >= r0 && rr < r.bounded.window[3];
      if (!inWin) {
        expect(e).toBe(Infinity);
        continue;
      }
      const v = r.cost[(rr - r0) * ww + (c - c0)]!;
      if (e === Infinity) expect(v).toBe(Infinity);
      else expect(Math.abs(v - e)).toBeLessThanOrEqual(1e-9 * e);
    }
  });

  it("corridors: the same best cost and band as over the whole grid", async () => {
    const wd = world(8);
    const model = routeModel("vehicle");
    const from = pt("A", at(40, 30));
    const to = pt("B", at(120, 80));
    for (const tolerance of [0, 0.1]) {
      const exact = corridor({ graph: wd.full, model, from, to, tolerance, alternatives: 1 });
      const r = await boundedCorridor({
        grid: wd.grid,
        model,
        from,
        to,
        tolerance,
        load: wd.load,
        corridor: (g) => corridor({ graph: g, model, from, to, tolerance, alternatives: 1 }),
      });
      expect(r.bounded.windowCells).toBeLessThan(W * H);
      expect(Math.abs(r.result.bestSeconds - exact.bestSeconds)).toBeLessThanOrEqual(1e-9 * exact.bestSeconds);
      expect(r.result.bandCellCount).toBe(exact.bandCellCount);
      expect(Math.abs(r.result.bandAreaSquareMetres - exact.bandAreaSquareMetres)).toBeLessThanOrEqual(
        1e-6 * exact.bandAreaSquareMetres,
      );
    }
  });

  it("depth along routes: the same time to the front and front point as over the whole grid", async () => {
    const wd = world(9);
    // a front line across the south-east part of the grid
    const front: LonLat[][] = [[at(150, 199), at(299, 120)]];
    let smaller = 0;
    for (const [name, place] of [
      ["vehicle", pt("P", at(200, 60))],
      ["vehicle", pt("Q", at(40, 40))],
      ["foot", pt("R", at(230, 110))],
    ] as const) {
      const model = routeModel(name);
      const exact = routeDepth({ graph: wd.full, model, place, front });
      const r = await boundedDepth({
        grid: wd.grid,
        model,
        place,
        front,
        load: wd.load,
        search: (g) => routeDepth({ graph: g, model, place, front }),
      });
      expect(Math.abs(r.result.durationSeconds - exact.durationSeconds)).toBeLessThanOrEqual(
        1e-9 * exact.durationSeconds,
      );
      expect(Math.abs(r.result.frontPoint[0] - exact.frontPoint[0])).toBeLessThan(1e-9);
      expect(Math.abs(r.result.frontPoint[1] - exact.frontPoint[1])).toBeLessThan(1e-9);
      if (r.bounded.windowCells < W * H) smaller++;
    }
    expect(smaller).toBeGreaterThan(0);
  });

  it("on fine grids crossing banks are searched within 1.5 km, and the window margin covers twice that", () => {
    // 3″ cells from 37.5°N: the smallest side is the east-west one of the northern row, 1/1200° × cos(37.5°) ×
    // 111.3 km ≈ 73.6 m (WGS84 is within 0.3 % of this), so ⌈1500 / 73.6⌉ = 21 cells
    const fine: GridSpec = {
      width: 100,
      height: 100,
      originX: 38,
      originY: 37.5,
      pixelSizeX: 1 / 1200,
      pixelSizeY: 1 / 1200,
      crs: WGS84_CRS,
    };
    expect(crossingBankRadiusCells(fine)).toBe(21);
    expect(windowMarginCells(fine)).toBe(2 * 21 + 2);
    // the test worlds' 0.005° cells (≈ 450 m) keep the 4-cell radius of the pack's grid
    const coarse: GridSpec = {
      width: W,
      height: H,
      originX: X0,
      originY: Y0,
      pixelSizeX: PX,
      pixelSizeY: PX,
      crs: WGS84_CRS,
    };
    expect(crossingBankRadiusCells(coarse)).toBe(4);
    expect(windowMarginCells(coarse)).toBe(10);
  });

  it("the top speed bounds every edge of the vehicle and foot graphs", () => {
    const wd = world(7);
    for (const name of ["vehicle", "foot"]) {
      const model = routeModel(name);
      const v = modelTopSpeed(model);
      // modelCosts' own top speed (roads, crossings, off-road) of a graph never exceeds it
      expect(modelCosts(wd.full, model).maxSpeed).toBeLessThanOrEqual(v);
      expect(v).toBeGreaterThanOrEqual(1 / model.pace(0));
    }
  });
});
