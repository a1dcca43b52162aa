/**
 * The road skeleton: each road of data/roads/roads.json is an ordered sequence of
 * towns; each leg between consecutive towns is routed over the terrain grid with
 * a road-building cost, and the legs are joined into one LineString per road.
 *
 * Road-building cost (dimensionless "effort" per metre, isotropic):
 *   pace(slope) = 1 + (|slope| / 0.02)²        gentle grades cheap, steep ones dear
 *   cell multiplier = (1 + relief / 100 m)     relief = max − min elevation of the 3×3
 *                                              window: broken ground dear, plains cheap
 *                     × 0.7 near a river       within 2 cells (Chebyshev) of a river cell:
 *                                              valley roads follow the river, as the
 *                                              Euphrates, Khabur and Tigris roads do
 * Rivers and lakes are barriers; every permanent crossing (bridge, dam) is open,
 * temporary ones (pontoons, ferries) are not used. The result is deterministic
 * (grid-search's tie rule) and reproducible by scripts/roads/make-skeleton.ts.
 */
import { SyraqError } from "../errors.ts";
import type { LonLat } from "../geo/types.ts";
import { closedEdgesFor, freeCellFor, modelCosts, nodePosition, type RouteGraph } from "./routegraph.ts";
import { searchLeg } from "./leg-search.ts";
import type { RouteModel } from "./route-models.ts";
import type { RoadClass } from "./network.ts";

/**
 * A road of data/roads/roads.json: the towns it joins in order, [lon, lat] degrees.
 */
export interface SkeletonRoad {
  id: string;
  name: string;
  class: RoadClass;
  towns: Array<{ name: string; lonLat: LonLat }>;
  sources?: string[];
}

/**
 * The road-building model (used only to lay out the skeleton; not a travel model).
 *
 * @example
 * ```ts
 * import { roadBuildingModel } from "@syraq/core";
 * const m = roadBuildingModel(); // m.pace(0.1): seconds per metre on a 10 % climb
 * ```
 */
export function roadBuildingModel(): RouteModel {
  const zero = { motorway: 1, primary: 1, secondary: 1, track: 1 };
  return {
    name: "road-building",
    description:
      "road-building effort: 1 + (|slope|/0.02)² per metre, × (1 + local relief / 100 m), × 0.7 within 2 cells of a river",
    pace: (s: number) => 1 + (Math.abs(s) / 0.02) ** 2,
    roadSpeedsKmh: zero,
    rampSeconds: 0,
    crossingSpeedKmh: 3.6,
    ferryDelaySeconds: 0,
    source: "Syraq skeleton heuristic (docs/route-graph.md)",
  };
}

/** Cell multipliers 1 + relief/100 m over the 3×3 window (blocked and nodata cells ignored). */
export function reliefMultiplier(g: RouteGraph): Float64Array {
  const { width: W, height: H, elevation } = g;
  const out = new Float64Array(W * H).fill(1);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
          const z = elevation[rr * W + cc]!;
          if (Number.isNaN(z)) continue;
          lo = Math.min(lo, z);
          hi = Math.max(hi, z);
        }
      if (hi >= lo) out[r * W + c] = 1 + (hi - lo) / 100;
    }
  return out;
}

/** 0.7 within `reach` cells (Chebyshev) of a river-line barrier cell (lakes excluded), else 1. */
export function riverValleyMultiplier(g: RouteGraph, reach = 2, factor = 0.7): Float64Array {
  const { width: W, height: H } = g;
  const out = new Float64Array(W * H).fill(1);
  const mask = g.barriers.mask;
  const isRiver = g.barriers.sources.map((s) => s.lines.length > 0);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const k = mask[r * W + c]!;
      if (k === 0 || !isRiver[k - 1]) continue;
      for (let dr = -reach; dr <= reach; dr++)
        for (let dc = -reach; dc <= reach; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr >= 0 && cc >= 0 && rr < H && cc < W) out[rr * W + cc] = factor;
        }
    }
  return out;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Routes every leg of every road; returns a GeoJSON FeatureCollection (one LineString per road).
 *
 * Throws DATA_CORRUPT when a town has no free cell and UNREACHABLE when two towns of a road have no terrain path.
 *
 * @example
 * ```ts
 * import { buildSkeleton } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir(), roadsMode: "none" });
 * const fc = buildSkeleton(
 *   graph,
 *   [{ id: "r1", name: "Raqqa–Palmyra", class: "primary", towns: [
 *     { name: "Raqqa", lonLat: [39.0079, 35.9528] },
 *     { name: "Palmyra", lonLat: [38.284, 34.5624] },
 *   ] }],
 *   { sources: {} },
 * );
 * ```
 */
export function buildSkeleton(
  g: RouteGraph,
  roads: SkeletonRoad[],
  meta: { sources: Record<string, string> },
  onProgress?: (done: number, total: number) => void,
): unknown {
  const model = roadBuildingModel();
  const costs = modelCosts(g, model);
  const cellCost = reliefMultiplier(g);
  const valley = riverValleyMultiplier(g);
  for (let i = 0; i < cellCost.length; i++) cellCost[i] = cellCost[i]! * valley[i]!;
  // no date: permanent crossings open, temporary ones absent
  const { closed } = closedEdgesFor(g, {});
  const total = roads.reduce((a, r) => a + r.towns.length - 1, 0);
  let done = 0;
  const features = roads.map((road) => {
    const coords: LonLat[] = [];
    const push = (p: LonLat) => {
      const q: LonLat = [round6(p[0]), round6(p[1])];
      const last = coords.at(-1);
      if (!last || last[0] !== q[0] || last[1] !== q[1]) coords.push(q);
    };
    const legs: Array<{ from: string; to: string }> = [];
    for (let i = 0; i + 1 < road.towns.length; i++) {
      const a = road.towns[i]!;
      const b = road.towns[i + 1]!;
      const ca = freeCellFor(g, a.lonLat);
      const cb = freeCellFor(g, b.lonLat);
      if (ca < 0 || cb < 0)
        throw new SyraqError("DATA_CORRUPT", `road ${road.id}: town ${ca < 0 ? a.name : b.name} has no free cell`, {
          road: road.id,
        });
      const leg = searchLeg(g, costs, closed, ca, cb, cellCost);
      if (!leg.nodes.length)
        throw new SyraqError("UNREACHABLE", `road ${road.id}: no terrain path from ${a.name} to ${b.name}`, {
          road: road.id,
        });
      push(a.lonLat);
      for (const n of leg.nodes) push(nodePosition(g, n));
      push(b.lonLat);
      legs.push({ from: a.name, to: b.name });
      onProgress?.(++done, total);
    }
    return {
      type: "Feature",
      properties: {
        id: road.id,
        name: road.name,
        class: road.class,
        towns: road.towns.map((t) => t.name),
        approximate: true,
        sources: (road.sources ?? []).map((s) => meta.sources[s] ?? s),
        geometry: "routed over GMTED2010 1.5' with the road-building cost (routing/skeleton.ts); not surveyed",
      },
      geometry: { type: "LineString", coordinates: coords },
    };
  });
  return {
    type: "FeatureCollection",
    name: "syraq-road-skeleton",
    description:
      "GENERATED by scripts/roads/make-skeleton.ts from data/roads/roads.json: do not edit by hand. Approximate road geometry (see docs/route-graph.md).",
    features,
  };
}
