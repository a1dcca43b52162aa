/**
 * Corridors between A and B: the band of cells whose through-cost
 * accA(cell) + accB(cell) is within `tolerance` of the best route's cost, and up
 * to k alternative routes that differ materially from each other.
 *
 * accA is a Dijkstra from A; accB is the cost from every cell TO B, computed by
 * a Dijkstra from B over the reversed graph: extra edges reversed, and the
 * anisotropic pace mirrored (a reversed step u→v stands for the real move v→u,
 * whose slope is the negative), so accB is exact, not a symmetric approximation.
 *
 * Alternatives (penalty method): after each route found, the cells within one cell of
 * it and the road/crossing edges it uses get their costs multiplied (×2 for the best,
 * ×1.5 for later ones) and the search is repeated; a
 * candidate is accepted when at most `maxShare` (default 50 %) of its length runs within
 * one cell of any route accepted so far. Reported durations are re-summed with
 * the unpenalised costs.
 */
import { SyraqError } from "../errors.ts";
import { geodesicInverse } from "../geo/geodesic.ts";
import { type CellPolygons, cellsToPolygons } from "../raster/polygonize.ts";
import type { CrossingSelection } from "../routing/crossings.ts";
import { buildExtraEdges, gridSearch, type GridSearchResult } from "../search/grid-search.ts";
import { minimumPace, type RouteModel } from "../routing/route-models.ts";
import { closedEdgesFor, modelCosts, nodePosition, type ModelCosts, type RouteGraph } from "../routing/routegraph.ts";
import { applyControl, type ControlCosts } from "./control-route.ts";
import { describePath, findRoute, snapPoint, type RouteLeg, type RoutePoint, type RouteResult } from "./route.ts";
import { geodesicPolygonArea } from "../geo/geodesic.ts";

/**
 * Input of {@link corridor}: the two ends ([lon, lat] degrees), the tolerance relative to the best time, and how many
 * alternative routes to find.
 */
export interface CorridorQuery {
  graph: RouteGraph;
  model: RouteModel;
  from: RoutePoint;
  to: RoutePoint;
  /** Relative tolerance on the through-cost (0.05 = within 5 % of the best). */
  tolerance?: number;
  /** Number of routes wanted (the best one included). */
  alternatives?: number;
  /** Largest share of length an alternative may have in common with any other (default 0.5). */
  maxShare?: number;
  crossings?: CrossingSelection;
  /** Movement as one holder (analysis/control-route.ts): cell multipliers and closed edges. */
  control?: ControlCosts;
}

/**
 * One route of a corridor, ranked by duration.
 */
export interface CorridorRoute {
  rank: number;
  leg: RouteLeg;
  /** Largest share of this route's length in common with an earlier route (0 for the first). */
  sharedFraction: number;
}

/**
 * A corridor from {@link corridor}: the best time in seconds, the band's area in square metres, the routes found.
 */
export interface CorridorResult {
  model: string;
  from: RoutePoint;
  to: RoutePoint;
  bestSeconds: number;
  tolerance: number;
  band: CellPolygons;
  bandCellCount: number;
  bandAreaSquareMetres: number;
  routes: CorridorRoute[];
  /** How many penalised searches it took to find them. */
  attempts: number;
  closedCrossings: string[];
  best: RouteResult;
}

/** Cost from A (forward) or to B (reverse) at every node (+Infinity beyond `maxCost`, when given). */
export function accumulateBothWays(
  g: RouteGraph,
  costs: ModelCosts,
  closed: Uint8Array,
  source: number,
  reverse: boolean,
  maxCost?: number,
): GridSearchResult {
  const pace = costs.model.pace;
  return gridSearch({
    width: g.width,
    height: g.height,
    moves: g.moves,
    cellCost: costs.cellCost,
    blocked: g.blocked,
    // minPace bounds the mirrored pace too (sampled over slopes −1 … 1): the bucket search runs it, costs only
    anisotropic: {
      elevationMetres: g.elevation,
      pace: reverse ? (s: number) => pace(-s) : pace,
      minPace: minimumPace(costs.model),
    },
    sources: [{ node: source }],
    extraEdges: reverse ? costs.extraReversed : costs.extra,
    closedEdges: closed,
    predecessor: false,
    ...(maxCost !== undefined ? { maxCost } : {}),
  });
}

/**
 * The unpenalised cost of a node path (grid moves re-costed like grid-search.ts, extra edges by index).
 *
 * Seconds.
 *
 * @example
 * ```ts
 * import { closedEdgesFor, findRoute, modelCosts, pathCost, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const model = routeModel("vehicle");
 * const points = [
 *   { name: "Raqqa", lonLat: [39.0079, 35.9528] as [number, number] },
 *   { name: "Palmyra", lonLat: [38.284, 34.5624] as [number, number] },
 * ];
 * const r = findRoute({ graph, model, points });
 * pathCost(graph, modelCosts(graph, model), closedEdgesFor(graph, {}).closed, r.legs[0]!.nodes); // seconds
 * ```
 */
export function pathCost(g: RouteGraph, costs: ModelCosts, closed: Uint8Array, nodes: number[]): number {
  let total = 0;
  const K = g.moves.count;
  const ex = costs.extra;
  for (let i = 0; i + 1 < nodes.length; i++) {
    const u = nodes[i]!;
    const v = nodes[i + 1]!;
    let best = Infinity;
    if (u < g.cellCount && v < g.cellCount) {
      const r = Math.floor(u / g.width);
      const dr = Math.floor(v / g.width) - r;
      const dc = (v % g.width) - (u % g.width);
      for (let k = 0; k < K; k++) {
        if (g.moves.dr[k] !== dr || g.moves.dc[k] !== dc) continue;
        const acc = costs.cellCost[v]! + costs.cellCost[u]!;
        const L = g.moves.lengthMetres[r * K + k]!;
        best = costs.model.pace((g.elevation[v]! - g.elevation[u]!) / L) * (acc * g.moves.factor[r * K + k]!);
      }
    }
    const [s0, s1] =
      u < g.cellCount
        ? (ex.gridStart.get(u) ?? [0, 0])
        : [ex.extraStart[u - g.cellCount]!, ex.extraStart[u - g.cellCount + 1]!];
    for (let s = s0; s < s1; s++)
      if (ex.to[s] === v && closed[ex.edgeIndex[s]!] !== 1) best = Math.min(best, ex.cost[s]!);
    total += best;
  }
  return total;
}

/** Grid cell of any node (an extra node's cell is the one holding its position; −1 outside). */
function cellOfNode(g: RouteGraph, n: number): number {
  if (n < g.cellCount) return n;
  const p = nodePosition(g, n);
  const col = Math.floor((p[0] - g.grid.originX) / g.grid.pixelSizeX);
  const row = Math.floor((g.grid.originY - p[1]) / g.grid.pixelSizeY);
  return col >= 0 && row >= 0 && col < g.width && row < g.height ? row * g.width + col : -1;
}

/** The cells of a route and their 8 neighbours ("the route's footprint", one cell either side). */
function footprint(g: RouteGraph, nodes: number[]): Set<number> {
  const out = new Set<number>();
  for (const n of nodes) {
    const c = cellOfNode(g, n);
    if (c < 0) continue;
    const r = Math.floor(c / g.width);
    const col = c % g.width;
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr;
        const cc = col + dc;
        if (rr >= 0 && cc >= 0 && rr < g.height && cc < g.width) out.add(rr * g.width + cc);
      }
  }
  return out;
}

/**
 * Length of `nodes` (metres) running alongside `other`: a step counts as shared when
 * both its ends lie in the other route's footprint (within one cell of it), so two
 * routes one cell apart are "the same route" and do not count as alternatives.
 */
function sharedLength(g: RouteGraph, nodes: number[], other: Set<number>): { shared: number; total: number } {
  let shared = 0;
  let total = 0;
  for (let i = 0; i + 1 < nodes.length; i++) {
    const len = geodesicInverse(nodePosition(g, nodes[i]!), nodePosition(g, nodes[i + 1]!)).lengthMetres;
    total += len;
    if (other.has(cellOfNode(g, nodes[i]!)) && other.has(cellOfNode(g, nodes[i + 1]!))) shared += len;
  }
  return { shared, total };
}

/** Relative slack on the band's through-cost test (floating-point rounding, not a tolerance). */
export const CORRIDOR_EPSILON = 1e-9;

/**
 * The corridor between two points: every cell whose through-cost is within `tolerance` of the best route's
 * (seconds), and up to `alternatives` distinct routes through it. Throws UNREACHABLE (exit 4) when no route exists.
 *
 * Throws BAD_OPTION for a tolerance outside [0, 10) or alternatives outside 1-10.
 *
 * @example
 * ```ts
 * import { corridor, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const c = corridor({
 *   graph,
 *   model: routeModel("vehicle"),
 *   from: { name: "Damascus", lonLat: [36.2913, 33.5131] },
 *   to: { name: "Deir ez-Zor", lonLat: [40.1408, 35.3354] },
 *   tolerance: 0.1,
 *   alternatives: 2,
 * });
 * c.bandAreaSquareMetres / 1e6; // km² of the corridor
 * ```
 */
export function corridor(q: CorridorQuery): CorridorResult {
  const { graph: g, model } = q;
  const tolerance = q.tolerance ?? 0.05;
  const wanted = q.alternatives ?? 3;
  const maxShare = q.maxShare ?? 0.5;
  if (!(tolerance >= 0 && tolerance < 10))
    throw new SyraqError(
      "BAD_OPTION",
      `--tolerance is a fraction of the best route's cost, from 0 up to but not including 10 (0.05 = 5 %, 1 = 100 %); got ${tolerance}`,
      { tolerance },
    );
  if (!(Number.isInteger(wanted) && wanted >= 1 && wanted <= 10))
    throw new SyraqError("BAD_OPTION", `--alternatives ${wanted} must be an integer from 1 to 10`, {
      alternatives: wanted,
    });
  const { closed, decisions } = closedEdgesFor(g, q.crossings ?? {});
  const costs = applyControl(modelCosts(g, model), closed, q.control);
  const best = findRoute({
    graph: g,
    model,
    points: [q.from, q.to],
    ...(q.crossings ? { crossings: q.crossings } : {}),
    ...(q.control ? { cellCost: q.control.cellCost, extraClosed: q.control.closedEdges } : {}),
  });
  const a = snapPoint(g, q.from);
  const b = snapPoint(g, q.to);
  // a cell of the band has accA and accB each at most the band's limit: both searches stop beyond it (the best
  // route's duration is re-summed along its path, so the limit is taken a little wider; checked below)
  const reach = best.durationSeconds * (1 + tolerance) * (1 + 1e-6);
  let fa = accumulateBothWays(g, costs, closed, a, false, reach);
  let rb = accumulateBothWays(g, costs, closed, b, true, reach);
  // a relative epsilon: accA + accB on the best route's cells equals the best cost only up to
  // rounding (two searches sum the same steps in different orders), so --tolerance 0 must not
  // compare floats exactly
  const limitOf = (best: number) => best * (1 + tolerance) * (1 + CORRIDOR_EPSILON);
  if (!(limitOf(fa.cost[b]!) <= reach)) {
    fa = accumulateBothWays(g, costs, closed, a, false);
    rb = accumulateBothWays(g, costs, closed, b, true);
  }
  const bestSeconds = fa.cost[b]!;
  const limit = limitOf(bestSeconds);
  const N = g.cellCount;
  let bandCellCount = 0;
  const onBest = new Uint8Array(N);
  for (const n of best.legs[0]!.nodes) if (n < N) onBest[n] = 1;
  const inBand = (i: number) => onBest[i] === 1 || fa.cost[i]! + rb.cost[i]! <= limit;
  for (let i = 0; i < N; i++) if (inBand(i)) bandCellCount++;
  const band = cellsToPolygons(g.grid, inBand);

  // alternatives by penalties
  const routes: CorridorRoute[] = [{ rank: 1, leg: best.legs[0]!, sharedFraction: 0 }];
  const accepted: Array<Set<number>> = [footprint(g, best.legs[0]!.nodes)];
  const cellCost = Float64Array.from(costs.cellCost);
  const edgeCost = Float64Array.from(costs.edgeCost);
  const ex = costs.extra;
  const slotsOf = (u: number): [number, number] =>
    u < N ? (ex.gridStart.get(u) ?? [0, 0]) : [ex.extraStart[u - N]!, ex.extraStart[u - N + 1]!];
  const penalise = (nodes: number[], factor: number) => {
    for (const c of footprint(g, nodes)) cellCost[c] = cellCost[c]! * factor;
    for (let i = 0; i + 1 < nodes.length; i++) {
      for (const [u, v] of [
        [nodes[i]!, nodes[i + 1]!],
        [nodes[i + 1]!, nodes[i]!],
      ] as const) {
        const [s0, s1] = slotsOf(u);
        for (let s = s0; s < s1; s++)
          if (ex.to[s] === v) edgeCost[ex.edgeIndex[s]!] = edgeCost[ex.edgeIndex[s]!]! * factor;
      }
    }
  };
  penalise(best.legs[0]!.nodes, 2);
  let attempts = 0;
  while (routes.length < wanted && attempts < wanted * 4) {
    attempts++;
    const extra = buildExtraEdges(N, g.extraPositions.length, g.edgeFrom, g.edgeTo, edgeCost);
    const res = gridSearch({
      width: g.width,
      height: g.height,
      moves: g.moves,
      cellCost,
      blocked: g.blocked,
      anisotropic: { elevationMetres: g.elevation, pace: model.pace, minPace: minimumPace(model) },
      sources: [{ node: a }],
      extraEdges: extra,
      closedEdges: closed,
      targets: [b],
      predecessor: "path", // only the path to b is read: the bucket search finds the same one (grid-search.ts)
    });
    if (!(res.cost[b]! < Infinity)) break;
    const nodes: number[] = [];
    for (let n = b; n !== -1; n = res.predecessor[n]!) nodes.push(n);
    nodes.reverse();
    let worst = 0;
    for (const other of accepted) {
      const { shared, total } = sharedLength(g, nodes, other);
      worst = Math.max(worst, total > 0 ? shared / total : 1);
    }
    penalise(nodes, 1.5);
    if (worst > maxShare) continue;
    // describe with true (unpenalised) costs: re-sum step by step
    const trueCost = new Float64Array(g.cellCount + g.extraPositions.length);
    let acc = 0;
    for (let i = 0; i < nodes.length; i++) {
      if (i > 0) acc += pathCost(g, costs, closed, [nodes[i - 1]!, nodes[i]!]);
      trueCost[nodes[i]!] = acc;
    }
    const d = describePath(g, costs, closed, nodes, trueCost);
    routes.push({ rank: routes.length + 1, leg: { from: q.from.name, to: q.to.name, ...d }, sharedFraction: worst });
    accepted.push(footprint(g, nodes));
  }
  // alternatives in order of their true duration (the best route stays first)
  const rest = routes.slice(1).sort((x, y) => x.leg.durationSeconds - y.leg.durationSeconds);
  rest.forEach((r, i) => {
    r.rank = i + 2;
  });
  routes.splice(1, rest.length, ...rest);
  return {
    model: model.name,
    from: q.from,
    to: q.to,
    bestSeconds,
    tolerance,
    band,
    bandCellCount,
    bandAreaSquareMetres: band.coordinates.length ? geodesicPolygonArea(band).areaSquareMetres : 0,
    routes,
    attempts,
    closedCrossings: decisions.filter((x) => !x.open).map((x) => x.crossing.name),
    best,
  };
}

/**
 * GeoJSON FeatureCollection of a corridor: the band (kind "corridor") and one LineString per route (kind "route",
 * with rank, lengthMetres and durationSeconds).
 *
 * @example
 * ```ts
 * import { corridor, corridorToGeoJson, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const from = { name: "Palmyra", lonLat: [38.284, 34.5624] as [number, number] };
 * const to = { name: "Sukhna", lonLat: [38.8761, 34.8826] as [number, number] };
 * const fc = corridorToGeoJson(corridor({ graph, model: routeModel("foot"), from, to }));
 * ```
 */
export function corridorToGeoJson(r: CorridorResult): unknown {
  const round = (p: number[]) => [Math.round(p[0]! * 1e6) / 1e6, Math.round(p[1]! * 1e6) / 1e6];
  const features: unknown[] = [
    {
      type: "Feature",
      geometry: r.band.coordinates.length === 1 ? { type: "Polygon", coordinates: r.band.coordinates[0] } : r.band,
      properties: {
        kind: "corridor",
        model: r.model,
        from: r.from.name,
        to: r.to.name,
        bestDurationSeconds: r.bestSeconds,
        tolerance: r.tolerance,
        areaKm2: r.bandAreaSquareMetres / 1e6,
        cellCount: r.bandCellCount,
      },
    },
  ];
  for (const route of r.routes) {
    const coords: number[][] = [];
    for (const s of route.leg.segments)
      for (const p of s.coordinates) {
        const last = coords.at(-1);
        if (!last || last[0] !== p[0] || last[1] !== p[1]) coords.push(p);
      }
    features.push({
      type: "Feature",
      geometry: { type: "LineString", coordinates: coords.map(round) },
      properties: {
        kind: "route",
        rank: route.rank,
        lengthMetres: route.leg.lengthMetres,
        durationSeconds: route.leg.durationSeconds,
        ascentMetres: route.leg.ascentMetres,
        descentMetres: route.leg.descentMetres,
        roadLengthMetres: route.leg.roadLengthMetres,
        crossings: route.leg.crossings,
        sharedFraction: route.sharedFraction,
      },
    });
  }
  return { type: "FeatureCollection", features };
}
