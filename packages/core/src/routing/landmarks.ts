import { gridSearch } from "../search/grid-search.ts";
import type { RouteGraph, ModelCosts } from "./routegraph.ts";

/** Unit vector of any node into out[0..2]. */
function nodeUnit(g: RouteGraph, node: number, out: Float64Array): void {
  if (node < g.cellCount) {
    const r = (node / g.width) | 0;
    const c = node - r * g.width;
    out[0] = g.rowCos[r]! * g.colCos[c]!;
    out[1] = g.rowCos[r]! * g.colSin[c]!;
    out[2] = g.rowSin[r]!;
  } else {
    const k = 3 * (node - g.cellCount);
    out[0] = g.unit[k]!;
    out[1] = g.unit[k + 1]!;
    out[2] = g.unit[k + 2]!;
  }
}

/** Central angle between two nodes' positions (radians). */
export function nodeAngle(g: RouteGraph, a: number, b: number): number {
  const ua = new Float64Array(3);
  const ub = new Float64Array(3);
  nodeUnit(g, a, ua);
  nodeUnit(g, b, ub);
  const dx = ua[0]! - ub[0]!;
  const dy = ua[1]! - ub[1]!;
  const dz = ua[2]! - ub[2]!;
  const chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
  return 2 * Math.asin(Math.min(1, chord / 2));
}

/**
 * Lower bound of the WGS84 geodesic between two nodes: the spherical distance on
 * the authalic sphere (R = 6 371 007 m) times 0.99. The sphere is within 0.6 % of
 * the ellipsoid for every pair in the region (test: routing/heuristic), so the bound is
 * admissible, and it obeys the triangle inequality, so A* with it is consistent.
 */
export const HEURISTIC_RADIUS_METRES = 6371007 * 0.99;

/**
 * ALT landmarks (Goldberg & Harrelson 2005): exact costs from and to a few far-apart
 * cells, with every crossing open and the model's own cell costs. By the triangle
 * inequality d(v,t) ≥ from[L][t] − from[L][v] and d(v,t) ≥ to[L][v] − to[L][t]; closures
 * and penalties only raise costs, so the bound stays admissible and consistent for any
 * query on the same model (it is NOT used with cheaper custom cell costs).
 */
export interface Landmarks {
  cells: number[];
  from: Float64Array[];
  to: Float64Array[];
  prepareMs: number;
}

/** Free cells nearest to the grid's corners and edge midpoints (up to `count`). */
function landmarkCells(g: RouteGraph, count: number): number[] {
  const W = g.width;
  const H = g.height;
  const anchors: Array<[number, number]> = [
    [0, 0],
    [0, W - 1],
    [H - 1, W - 1],
    [H - 1, 0],
    [0, W >> 1],
    [H >> 1, W - 1],
    [H - 1, W >> 1],
    [H >> 1, 0],
  ];
  const out: number[] = [];
  for (const [r0, c0] of anchors.slice(0, count)) {
    let best = -1;
    let bestD = Infinity;
    for (let r = 0; r < H; r++)
      for (let c = 0; c < W; c++) {
        if (g.blocked[r * W + c] !== 0) continue;
        const d = (r - r0) ** 2 + (c - c0) ** 2;
        if (d < bestD) (bestD = d), (best = r * W + c);
      }
    if (best >= 0 && !out.includes(best)) out.push(best);
  }
  return out;
}

/**
 * Computes landmarks for a model (2 full searches each) and keeps them on its ModelCosts.
 *
 * Worth it when many routes are searched with the same model; the landmarks' tables hold seconds.
 *
 * @example
 * ```ts
 * import { modelCosts, prepareLandmarks, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const landmarks = prepareLandmarks(graph, modelCosts(graph, routeModel("vehicle")));
 * ```
 */
export function prepareLandmarks(g: RouteGraph, costs: ModelCosts, count = 6): Landmarks {
  if (costs.landmarks && costs.landmarks.cells.length >= Math.min(count, 8)) return costs.landmarks;
  const t0 = Date.now();
  const open = new Uint8Array(g.edgeFrom.length);
  const cells = landmarkCells(g, count);
  const pace = costs.model.pace;
  const run = (cell: number, reverse: boolean) =>
    gridSearch({
      width: g.width,
      height: g.height,
      moves: g.moves,
      cellCost: costs.cellCost,
      blocked: g.blocked,
      anisotropic: { elevationMetres: g.elevation, pace: reverse ? (x: number) => pace(-x) : pace },
      sources: [{ node: cell }],
      extraEdges: reverse ? costs.extraReversed : costs.extra,
      closedEdges: open,
    }).cost;
  const lm: Landmarks = {
    cells,
    from: cells.map((c) => run(c, false)),
    to: cells.map((c) => run(c, true)),
    prepareMs: 0,
  };
  lm.prepareMs = Date.now() - t0;
  costs.landmarks = lm;
  return lm;
}

/**
 * A* heuristic towards one target node: lower bound of the remaining seconds.
 *
 * @example
 * ```ts
 * import { heuristicTo, modelCosts, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const costs = modelCosts(graph, routeModel("vehicle"));
 * const h = heuristicTo(graph, 12345, costs.maxSpeed, costs.landmarks);
 * h(0); // seconds: never more than the true cost from node 0 to node 12345
 * ```
 */
export function heuristicTo(
  g: RouteGraph,
  target: number,
  maxSpeed: number,
  landmarks?: Landmarks,
): (node: number) => number {
  const k = HEURISTIC_RADIUS_METRES / maxSpeed;
  const u = g.unit;
  const t = new Float64Array(3);
  nodeUnit(g, target, t);
  const tx = t[0]!;
  const ty = t[1]!;
  const tz = t[2]!;
  const N = g.cellCount;
  const W = g.width;
  const { rowCos, rowSin, colCos, colSin } = g;
  // same formula as nodeAngle, inlined: this runs for every node pushed
  const geo = (node: number) => {
    let x: number;
    let y: number;
    let z: number;
    if (node < N) {
      const r = (node / W) | 0;
      const c = node - r * W;
      const rc = rowCos[r]!;
      x = rc * colCos[c]!;
      y = rc * colSin[c]!;
      z = rowSin[r]!;
    } else {
      const j = 3 * (node - N);
      x = u[j]!;
      y = u[j + 1]!;
      z = u[j + 2]!;
    }
    const dx = x - tx;
    const dy = y - ty;
    const dz = z - tz;
    const half = Math.sqrt(dx * dx + dy * dy + dz * dz) / 2;
    return 2 * Math.asin(half < 1 ? half : 1) * k;
  };
  if (!landmarks?.cells.length) return geo;
  const L = landmarks.cells.length;
  const from = landmarks.from;
  const to = landmarks.to;
  const fromT = from.map((f) => f[target]!);
  const toT = to.map((f) => f[target]!);
  return (node) => {
    let h = geo(node);
    for (let l = 0; l < L; l++) {
      const a = fromT[l]! - from[l]![node]!; // from L: d(L,t) − d(L,v)
      if (a > h && a < Infinity) h = a;
      const b = to[l]![node]! - toT[l]!; // to L: d(v,L) − d(t,L)
      if (b > h && toT[l]! < Infinity) h = b; // v cannot reach L but t can: v cannot reach t (h = +Infinity)
    }
    return h;
  };
}
