/**
 * Network-only routes (`route --network-only`), as OSM routers (OSRM, Valhalla) answer: the ends
 * snap to the nearest road node and the route stays on the road network (no off-road legs, no
 * terrain), searched with ngraph.path (routing/network-path.ts) over the route graph's own road
 * edges: the same pieces (those dropped at rivers are dropped here too), the same costs
 * (routegraph.ts modelCosts: class speed or the road's speed capped at it, ferries at their
 * crossing time plus the model's ferry delay, one-ways closed to vehicles) and the same crossing
 * closures. So the joint grid + network search between the same two road nodes can only be as
 * fast or faster, and is equal when the best way between them is on the roads (tested).
 */
import createGraph, { type Graph } from "ngraph.graph";
import { SyraqError } from "../errors.ts";
import { geodesicInverse } from "../geo/geodesic.ts";
import type { LonLat } from "../geo/types.ts";
import { networkShortestPath } from "./network-path.ts";
import type { RouteModel } from "./route-models.ts";
import { EDGE_ROAD, modelCosts, type RouteGraph } from "./routegraph.ts";
import { HEURISTIC_RADIUS_METRES } from "./landmarks.ts";

/**
 * One end of a network-only route: the road node it snapped to.
 */
export interface NetworkOnlyEnd {
  /** Road node the end snapped to (index into the network's positions). */
  node: number;
  position: LonLat;
  /** Geodesic distance from the given point to that node, metres (not part of the route). */
  snapMetres: number;
}

/**
 * A route on the roads alone ({@link networkOnlyRoute}): length in metres, duration in seconds, [lon, lat] degrees.
 */
export interface NetworkOnlyRoute {
  from: NetworkOnlyEnd;
  to: NetworkOnlyEnd;
  lengthMetres: number;
  durationSeconds: number;
  /** Road nodes along the route. */
  nodes: number[];
  coordinates: LonLat[];
}

/**
 * Nearest road node to a point (geodesic): planar screening, then the geodesic for the 8 closest.
 *
 * Throws EMPTY_RESULT when the graph has no road.
 *
 * @example
 * ```ts
 * import { nearestRoadNode } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const end = nearestRoadNode(graph, [40.45, 35.02]); // end.snapMetres: metres to that node
 * ```
 */
export function nearestRoadNode(g: RouteGraph, p: LonLat): NetworkOnlyEnd {
  const pos = g.extraPositions;
  const n = g.roadNodeCount;
  if (!n) throw new SyraqError("EMPTY_RESULT", "the route graph has no road: nothing to route on network-only", {});
  const k = Math.cos((p[1] * Math.PI) / 180);
  const best: Array<{ i: number; d2: number }> = [];
  for (let i = 0; i < n; i++) {
    const dx = (pos[i]![0] - p[0]) * k;
    const dy = pos[i]![1] - p[1];
    const d2 = dx * dx + dy * dy;
    if (best.length < 8 || d2 < best[best.length - 1]!.d2) {
      best.push({ i, d2 });
      best.sort((a, b) => a.d2 - b.d2 || a.i - b.i);
      if (best.length > 8) best.pop();
    }
  }
  let node = -1;
  let dist = Infinity;
  for (const { i } of best) {
    const d = geodesicInverse(p, pos[i]!).lengthMetres;
    if (d < dist || (d === dist && i < node)) (dist = d), (node = i);
  }
  return { node, position: pos[node]!, snapMetres: dist };
}

interface EdgeRef {
  e: number;
}
const graphs = new WeakMap<RouteGraph, Graph<null, EdgeRef>>();

/** The route graph's road edges as an oriented ngraph graph (node = road node index; built once per graph). */
function roadGraph(g: RouteGraph): Graph<null, EdgeRef> {
  let ng = graphs.get(g);
  if (ng) return ng;
  ng = createGraph<null, EdgeRef>({ multigraph: true });
  const N = g.cellCount;
  for (let i = 0; i < g.roadNodeCount; i++) ng.addNode(i, null);
  for (let e = 0; e < g.edgeFrom.length; e++)
    if (g.edgeKind[e] === EDGE_ROAD) ng.addLink(g.edgeFrom[e]! - N, g.edgeTo[e]! - N, { e });
  graphs.set(g, ng);
  return ng;
}

/**
 * The fastest route on the roads alone between the road nodes nearest to `from` and `to`.
 *
 * Lengths in metres (geodesic), durations in seconds at the model's road speeds; the snap distances are not part of
 * the route. Throws UNREACHABLE (exit 4) when the roads do not join the two nodes.
 *
 * @example
 * ```ts
 * import { closedEdgesFor, networkOnlyRoute, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const { closed } = closedEdgesFor(graph, {});
 * const r = networkOnlyRoute(graph, routeModel("vehicle"), closed, [39.0079, 35.9528], [38.284, 34.5624]);
 * // r.durationSeconds, r.lengthMetres
 * ```
 */
export function networkOnlyRoute(
  g: RouteGraph,
  model: RouteModel,
  closed: Uint8Array,
  from: LonLat,
  to: LonLat,
): NetworkOnlyRoute {
  return networkOnlyBetween(g, model, closed, nearestRoadNode(g, from), nearestRoadNode(g, to));
}

/**
 * The fastest network route between two road nodes; UNREACHABLE when the roads do not join them.
 *
 * @example
 * ```ts
 * import { closedEdgesFor, nearestRoadNode, networkOnlyBetween, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const a = nearestRoadNode(graph, [39.0079, 35.9528]);
 * const b = nearestRoadNode(graph, [38.284, 34.5624]);
 * const r = networkOnlyBetween(graph, routeModel("vehicle"), closedEdgesFor(graph, {}).closed, a, b);
 * ```
 */
export function networkOnlyBetween(
  g: RouteGraph,
  model: RouteModel,
  closed: Uint8Array,
  a: NetworkOnlyEnd,
  b: NetworkOnlyEnd,
): NetworkOnlyRoute {
  const costs = modelCosts(g, model);
  const edgeCost = costs.edgeCost;
  const pos = g.extraPositions;
  const target = pos[b.node]!;
  // the route graph's bound: spherical distance on R = 6 371 007 m × 0.99 at the fastest speed
  const k = HEURISTIC_RADIUS_METRES / costs.maxSpeed;
  const path = networkShortestPath<null, EdgeRef>(roadGraph(g), a.node, b.node, {
    oriented: true,
    cost: (_f, _t, link) => edgeCost[link.data.e]!,
    blocked: (_f, _t, link) => closed[link.data.e] === 1 || !(edgeCost[link.data.e]! < Infinity),
    heuristic: (f) => centralAngle(pos[f.id as number]!, target) * k,
  });
  if (!path.nodes.length)
    throw new SyraqError(
      "UNREACHABLE",
      "no road joins the road nodes nearest to the two ends (network-only: the roads are not connected there, a river has no bridge on them, or one-ways forbid it)",
      { from: a.position, to: b.position },
    );
  const nodes = path.nodes.map(Number);
  let lengthMetres = 0;
  for (const e of path.links) lengthMetres += g.edgeLengthMetres[e.e]!;
  return {
    from: a,
    to: b,
    lengthMetres,
    durationSeconds: path.cost,
    nodes,
    coordinates: nodes.map((n) => pos[n]!),
  };
}

function centralAngle(p: LonLat, q: LonLat): number {
  const r = Math.PI / 180;
  const dlat = (q[1] - p[1]) * r;
  const dlon = (q[0] - p[0]) * r;
  const h = Math.sin(dlat / 2) ** 2 + Math.cos(p[1] * r) * Math.cos(q[1] * r) * Math.sin(dlon / 2) ** 2;
  return 2 * Math.asin(Math.min(1, Math.sqrt(h)));
}
