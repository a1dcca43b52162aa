/**
 * Sanity of the route graph on the real region (data pack + data/roads + data/crossings).
 * Independent references: the Euphrates bank of each end (analysis/euphrates.ts, Helper C's
 * merged river), the Lake Assad polygon of the pack (point-in-polygon / segment tests written
 * here), geodesic distances to the river (geo/line.ts), and a plain Dijkstra (no target, no
 * heuristic) for the cost at the target.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadEuphrates, loadRouteGraph, loadRoadsDefinition } from "../../packages/core/src/node.ts";
import { findRoute, type RoutePoint } from "../../packages/core/src/analysis/route.ts";
import { isochrones } from "../../packages/core/src/analysis/isochrone.ts";
import { accumulateBothWays, corridor, pathCost } from "../../packages/core/src/analysis/corridor.ts";
import { routeModel } from "../../packages/core/src/routing/route-models.ts";
import { closedEdgesFor, modelCosts, type RouteGraph } from "../../packages/core/src/routing/routegraph.ts";
import { gridSearch } from "../../packages/core/src/search/grid-search.ts";
import { euphratesBank, type EuphratesLine } from "../../packages/core/src/geo/euphrates.ts";
import { nearestPointOnGeodesicLine } from "../../packages/core/src/geo/line.ts";
import { geodesicPolygonArea, geodesicInverse } from "../../packages/core/src/geo/geodesic.ts";
import { resolveDataDir } from "../../packages/core/src/io/node/datadir.ts";
import { isSyraqError } from "../../packages/core/src/errors.ts";
import type { LonLat } from "../../packages/core/src/geo/types.ts";

const DATA = resolveDataDir();
// GeoNames positions (data pack) unless noted
const P: Record<string, LonLat> = {
  Raqqa: [39.00788, 35.95283],
  Palmyra: [38.28402, 34.5624],
  "Deir ez-Zor": [40.14084, 35.33588],
  "al-Bukamal": [40.91854, 34.45226],
  "al-Mayadin": [40.45154, 35.01982],
  Hajin: [40.835, 34.695], // hand-placed, left bank (DESIGN.md §7)
  Khusham: [40.28916, 35.30088],
  Tabqa: [38.54828, 35.83758],
  Sukhna: [38.8711, 34.88533],
  Hasakah: [40.74772, 36.50237],
  Ramadi: [43.30778, 33.42056],
  Rawa: [41.91898, 34.48229],
};
const pt = (name: string): RoutePoint => ({ name, lonLat: P[name]! });

let g: RouteGraph;
let river: EuphratesLine;
let speeds: ReturnType<typeof loadRoadsDefinition>["speedsKmh"];
beforeAll(async () => {
  g = await loadRouteGraph({ dataDir: DATA });
  river = loadEuphrates(DATA);
  speeds = loadRoadsDefinition().speedsKmh;
}, 60_000);

const vehicle = () => routeModel("vehicle", speeds);
const foot = () => routeModel("foot", speeds);

function lakeAssad(): LonLat[][][] {
  const lakes = JSON.parse(readFileSync(join(DATA, "vector/ne10m_lakes.geojson"), "utf8"));
  const f = lakes.features.find((x: any) => x.properties.name === "Buhayrat al-Assad");
  return f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
}
function inRing(p: LonLat, ring: LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function cross(a: LonLat, b: LonLat, c: LonLat, d: LonLat): boolean {
  const o = (p: LonLat, q: LonLat, r: LonLat) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) !== o(a, b, d) && o(c, d, a) !== o(c, d, b);
}
/** Points where a polyline crosses the merged Euphrates. */
function euphratesCrossPoints(line: LonLat[]): LonLat[] {
  const out: LonLat[] = [];
  const r = river.coordinates;
  for (let i = 0; i + 1 < line.length; i++)
    for (let j = 0; j + 1 < r.length; j++) if (cross(line[i]!, line[i + 1]!, r[j]!, r[j + 1]!)) out.push(line[i]!);
  return out;
}

describe("route sanity on the real region", () => {
  it("Raqqa → Palmyra (vehicle and foot) never enters or crosses Lake Assad", () => {
    const lake = lakeAssad();
    for (const model of [vehicle(), foot()]) {
      const r = findRoute({ graph: g, model, points: [pt("Raqqa"), pt("Palmyra")] });
      for (const p of r.coordinates)
        for (const poly of lake) expect(inRing(p, poly[0]!) && !poly.slice(1).some((h) => inRing(p, h))).toBe(false);
      for (let i = 0; i + 1 < r.coordinates.length; i++)
        for (const poly of lake)
          for (const ring of poly)
            for (let j = 0; j + 1 < ring.length; j++)
              expect(cross(r.coordinates[i]!, r.coordinates[i + 1]!, ring[j]!, ring[j + 1]!)).toBe(false);
    }
  });

  it("routes between the banks cross the Euphrates only at a declared, open crossing; closing it moves the route", () => {
    const pairs: Array<[string, string]> = [
      ["Hajin", "al-Mayadin"],
      ["Khusham", "Deir ez-Zor"],
      ["Raqqa", "Tabqa"],
      ["Rawa", "Ramadi"],
    ];
    for (const [a, b] of pairs) {
      // independent bank test (Helper C's merged river)
      expect(euphratesBank(river, P[a]!).bank).not.toBe(euphratesBank(river, P[b]!).bank);
      const closed: string[] = [];
      let previous: string[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const r = findRoute({ graph: g, model: vehicle(), points: [pt(a), pt(b)], crossings: { closed } });
        const used = r.crossings.filter((c) => g.crossings.find((x) => x.name === c)!.river === "euphrates");
        expect(used.length).toBeGreaterThanOrEqual(1);
        for (const c of used) expect(closed).not.toContain(c);
        // every geometric crossing of the river lies within 6 km of a crossing the route names
        const declared = used.map((c) => g.crossings.find((x) => x.name === c)!.position);
        for (const q of euphratesCrossPoints(r.coordinates)) {
          const d = Math.min(...declared.map((x) => geodesicInverse(q, x).lengthMetres));
          expect(d).toBeLessThan(6000);
        }
        expect(used).not.toEqual(previous);
        previous = used;
        closed.push(...used);
      }
    }
  }, 60_000);

  it("with every Euphrates crossing closed there is no route between the banks (UNREACHABLE)", () => {
    const all = g.crossings.filter((c) => c.river === "euphrates").map((c) => c.name);
    try {
      findRoute({ graph: g, model: vehicle(), points: [pt("Hajin"), pt("al-Mayadin")], crossings: { closed: all } });
      expect.unreachable();
    } catch (e) {
      expect(isSyraqError(e) && e.code).toBe("UNREACHABLE");
      expect((e as Error).message).toMatch(/no route from Hajin to al-Mayadin/);
    }
  });

  it("--date 2017-10-01 uses only crossings open on that date", () => {
    const r = findRoute({
      graph: g,
      model: vehicle(),
      points: [pt("Hajin"), pt("al-Mayadin")],
      crossings: { date: "2017-10-01" },
    });
    const open = closedEdgesFor(g, { date: "2017-10-01" })
      .decisions.filter((d) => d.open)
      .map((d) => d.crossing.name);
    expect(r.crossings.length).toBeGreaterThan(0);
    for (const c of r.crossings) expect(open).toContain(c);
    expect(r.crossings).not.toContain("al-Asharah bridge");
    expect(r.crossings).not.toContain("al-Mayadin bridge");
  });

  it("Deir ez-Zor → al-Bukamal by vehicle follows the valley: ≥ 90 % of its length within 8 km of the river, on the right bank", () => {
    const r = findRoute({ graph: g, model: vehicle(), points: [pt("Deir ez-Zor"), pt("al-Bukamal")] });
    let near = 0;
    let total = 0;
    for (let i = 0; i + 1 < r.coordinates.length; i++) {
      const a = r.coordinates[i]!;
      const b = r.coordinates[i + 1]!;
      const len = geodesicInverse(a, b).lengthMetres;
      const mid: LonLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      total += len;
      if (nearestPointOnGeodesicLine(mid, river.coordinates).distanceMetres < 8000) near += len;
    }
    expect(near / total).toBeGreaterThan(0.9);
    expect(r.crossings).toEqual([]);
    for (const p of r.coordinates) {
      const b = euphratesBank(river, p);
      if (b.distanceMetres > 3000) expect(b.bank).toBe("right");
    }
  });

  it("route cost at the target equals the accumulated cost there (plain Dijkstra) and the re-summed path cost", () => {
    for (const [a, b] of [
      ["Sukhna", "Deir ez-Zor"],
      ["Raqqa", "Palmyra"],
    ] as const) {
      for (const model of [vehicle(), foot()]) {
        const r = findRoute({ graph: g, model, points: [pt(a), pt(b)] });
        const costs = modelCosts(g, model);
        const { closed } = closedEdgesFor(g, {});
        const leg = r.legs[0]!;
        const src = leg.nodes[0]!;
        const dst = leg.nodes.at(-1)!;
        const full = gridSearch({
          width: g.width,
          height: g.height,
          moves: g.moves,
          cellCost: costs.cellCost,
          blocked: g.blocked,
          anisotropic: { elevationMetres: g.elevation, pace: model.pace },
          sources: [{ node: src }],
          extraEdges: costs.extra,
          closedEdges: closed,
        });
        expect(Math.abs(full.cost[dst]! - r.durationSeconds) / r.durationSeconds).toBeLessThan(1e-12);
        expect(Math.abs(pathCost(g, costs, closed, leg.nodes) - r.durationSeconds) / r.durationSeconds).toBeLessThan(
          1e-9,
        );
      }
    }
  });

  it("a via point splits the route into legs whose figures add up", () => {
    const r = findRoute({ graph: g, model: vehicle(), points: [pt("Palmyra"), pt("Sukhna"), pt("Deir ez-Zor")] });
    const a = findRoute({ graph: g, model: vehicle(), points: [pt("Palmyra"), pt("Sukhna")] });
    const b = findRoute({ graph: g, model: vehicle(), points: [pt("Sukhna"), pt("Deir ez-Zor")] });
    expect(r.legs).toHaveLength(2);
    expect(r.durationSeconds).toBeCloseTo(a.durationSeconds + b.durationSeconds, 6);
    expect(r.lengthMetres).toBeCloseTo(a.lengthMetres + b.lengthMetres, 3);
    const types = new Set(r.legs.flatMap((l) => l.segments.map((s) => s.type)));
    expect(types.has("road")).toBe(true);
  });
});

describe("corridor and isochrone on the real region", () => {
  it("reverse accumulation to B equals forward accumulation from A at the ends; the best route lies in the band", () => {
    const model = foot();
    const costs = modelCosts(g, model);
    const { closed } = closedEdgesFor(g, {});
    const c = corridor({ graph: g, model, from: pt("Palmyra"), to: pt("Sukhna"), tolerance: 0.05, alternatives: 3 });
    const a = c.best.legs[0]!.nodes[0]!;
    const b = c.best.legs[0]!.nodes.at(-1)!;
    const fa = accumulateBothWays(g, costs, closed, a, false);
    const rb = accumulateBothWays(g, costs, closed, b, true);
    expect(Math.abs(rb.cost[a]! - fa.cost[b]!) / fa.cost[b]!).toBeLessThan(1e-9);
    expect(c.bestSeconds).toBeCloseTo(c.best.durationSeconds, 6);
    for (const n of c.best.legs[0]!.nodes)
      if (n < g.cellCount) expect(fa.cost[n]! + rb.cost[n]!).toBeLessThanOrEqual(c.bestSeconds * 1.05 + 1e-6);
    expect(c.routes.length).toBeGreaterThanOrEqual(2);
    for (const r of c.routes.slice(1)) {
      expect(r.sharedFraction).toBeLessThanOrEqual(0.5);
      expect(r.leg.durationSeconds).toBeGreaterThanOrEqual(c.bestSeconds * (1 - 1e-9));
    }
  }, 60_000);

  it("isochrone bands are nested, multi-source allocation is consistent, areas match the cells' ellipsoidal areas", () => {
    const model = vehicle();
    const r = isochrones({
      graph: g,
      model,
      sources: [pt("Sukhna"), pt("Hasakah")],
      durationsSeconds: [3600, 7200, 14400],
    });
    expect(r.bands.map((b) => b.durationSeconds)).toEqual([3600, 7200, 14400]);
    for (let k = 1; k < r.bands.length; k++) expect(r.bands[k]!.cellCount).toBeGreaterThan(r.bands[k - 1]!.cellCount);
    for (let i = 0; i < g.cellCount; i++) if (r.cost[i]! < Infinity) expect([0, 1]).toContain(r.allocation[i]);
    // exact ellipsoidal area of a lon/lat cell: a²(1−e²)Δλ/2 · [f(φ2) − f(φ1)], f = sinφ/(1−e²sin²φ) + atanh(e sinφ)/e
    const A = 6378137;
    const F = 1 / 298.257223563;
    const E2 = F * (2 - F);
    const E = Math.sqrt(E2);
    const f = (phi: number) => Math.sin(phi) / (1 - E2 * Math.sin(phi) ** 2) + Math.atanh(E * Math.sin(phi)) / E;
    const rad = Math.PI / 180;
    for (const band of r.bands) {
      let cellsArea = 0;
      for (let i = 0; i < g.cellCount; i++) {
        if (!(r.placeCost[i]! <= band.durationSeconds)) continue;
        const row = Math.floor(i / g.width);
        const north = g.grid.originY - row * g.grid.pixelSizeY;
        const south = north - g.grid.pixelSizeY;
        cellsArea += ((A * A * (1 - E2) * g.grid.pixelSizeX * rad) / 2) * (f(north * rad) - f(south * rad));
      }
      expect(Math.abs(band.areaSquareMetres - cellsArea) / cellsArea).toBeLessThan(1e-4);
      expect(geodesicPolygonArea(band.geometry).areaSquareMetres).toBe(band.areaSquareMetres);
    }
  }, 60_000);
});

describe("terrain-class speed factors (--terrain-classes)", () => {
  it("never make a route cheaper, keep A* equal to Dijkstra, and slow off-road driving in the Euphrates corridor", async () => {
    const gc = await loadRouteGraph({ dataDir: DATA, terrainClasses: true });
    expect(gc.terrainClasses).toBeDefined();
    const model = vehicle();
    for (const [a, b] of [
      ["Raqqa", "Palmyra"],
      ["Hajin", "al-Mayadin"],
      ["Sukhna", "Hasakah"],
    ] as const) {
      const plain = findRoute({ graph: g, model, points: [pt(a), pt(b)] });
      const slow = findRoute({ graph: gc, model, points: [pt(a), pt(b)] });
      expect(slow.durationSeconds).toBeGreaterThanOrEqual(plain.durationSeconds * (1 - 1e-12));
      const costs = modelCosts(gc, model);
      const { closed } = closedEdgesFor(gc, {});
      const nodes = slow.legs[0]!.nodes;
      const full = gridSearch({
        width: gc.width,
        height: gc.height,
        moves: gc.moves,
        cellCost: costs.cellCost,
        blocked: gc.blocked,
        anisotropic: { elevationMetres: gc.elevation, pace: model.pace },
        sources: [{ node: nodes[0]! }],
        extraEdges: costs.extra,
        closedEdges: closed,
      });
      expect(Math.abs(full.cost[nodes.at(-1)!]! - slow.durationSeconds) / slow.durationSeconds).toBeLessThan(1e-12);
    }
    // class 3 (Euphrates corridor) cells cost 1 / 0.5 = 2× the flat pace for the vehicle model
    const costs = modelCosts(gc, model);
    const i = gc.terrainClasses!.findIndex((c, k) => c === 3 && gc.blocked[k] === 0);
    expect(costs.cellCost[i]).toBe(2);
  }, 120_000);
});

describe("data/crossings against the pack's rivers", () => {
  it("every crossing lies within 3 km of its river line and is joined to a free cell on each bank", () => {
    const riverLines = (name: string) => g.barriers.sources.filter((s) => s.river === name).flatMap((s) => s.lines);
    g.crossings.forEach((c, i) => {
      const d = nearestPointOnGeodesicLine(c.position, riverLines(c.river)).distanceMetres;
      expect(d, c.name).toBeLessThan(3000);
      expect(g.crossingBanks[i], c.name).not.toBeNull();
    });
  });

  it("a point in the middle of Lake Assad has no free cell on its shore: UNREACHABLE (exit 4 in the CLI)", () => {
    try {
      findRoute({ graph: g, model: vehicle(), points: [{ name: "lake", lonLat: [38.3, 35.95] }, pt("Raqqa")] });
      expect.unreachable();
    } catch (e) {
      expect(isSyraqError(e) && e.code).toBe("UNREACHABLE");
    }
  });
});
