/**
 * Depth behind a front ALONG ROUTES: the least travel time (and the length of
 * that route, on and off road) from a place to the nearest point of a front line
 * over the route graph, next to the straight-line geodesic depth.
 *
 * The front's lines are burnt into grid cells (every cell they pass through);
 * where a front cell is impassable (the front follows a river), its free
 * neighbours stand in for it. One Dijkstra from the place settles them all; the
 * cheapest wins (ties: lowest cell index).
 */
import { SyraqError } from "../errors.ts";
import type { LonLat } from "../geo/types.ts";
import { toGridXY, walkSegmentCells } from "../routing/barriers.ts";
import type { CrossingSelection } from "../routing/crossings.ts";
import { gridSearch } from "../search/grid-search.ts";
import type { RouteModel } from "../routing/route-models.ts";
import { closedEdgesFor, modelCosts, nodePosition, type RouteGraph } from "../routing/routegraph.ts";
import { applyControl, type ControlCosts } from "./control-route.ts";
import { describePath, snapPoint, type RouteLeg, type RoutePoint } from "./route.ts";

/**
 * Input of {@link routeDepth}: the place and the front's lines, [lon, lat] degrees.
 */
export interface RouteDepthQuery {
  graph: RouteGraph;
  model: RouteModel;
  place: RoutePoint;
  /** The front's parts (lines), [lon, lat]. */
  front: LonLat[][];
  crossings?: CrossingSelection;
  /** Movement as one holder (analysis/control-route.ts): cell multipliers and closed edges. */
  control?: ControlCosts;
}

/**
 * The fastest way to a front ({@link routeDepth}): seconds, metres, [lon, lat] degrees.
 */
export interface RouteDepthResult {
  model: string;
  durationSeconds: number;
  lengthMetres: number;
  roadLengthMetres: number;
  offRoadLengthMetres: number;
  crossings: string[];
  /** Centre of the front cell reached first, [lon, lat]. */
  frontPoint: LonLat;
  coordinates: LonLat[];
  leg: RouteLeg;
}

/**
 * Free cells standing for the front line (see file comment), ascending.
 *
 * @example
 * ```ts
 * import { frontCells } from "@syraq/core";
 * import { loadFront, loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const cells = frontCells(graph, loadFront("saa-2017-09-29").parts);
 * ```
 */
export function frontCells(g: RouteGraph, front: LonLat[][]): number[] {
  const { width: W, height: H } = g;
  const set = new Set<number>();
  const add = (c: number, r: number) => {
    if (c < 0 || r < 0 || c >= W || r >= H) return;
    const i = r * W + c;
    if (g.blocked[i] === 0) {
      set.add(i);
      return;
    }
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr;
        const cc = c + dc;
        if (rr >= 0 && cc >= 0 && rr < H && cc < W && g.blocked[rr * W + cc] === 0) set.add(rr * W + cc);
      }
  };
  for (const part of front) {
    for (let i = 0; i + 1 < part.length; i++) {
      const [ax, ay] = toGridXY(g.grid, part[i]!);
      const [bx, by] = toGridXY(g.grid, part[i + 1]!);
      walkSegmentCells(ax, ay, bx, by, add);
    }
    if (part.length === 1) {
      const [x, y] = toGridXY(g.grid, part[0]!);
      add(Math.floor(x), Math.floor(y));
    }
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * Depth behind a front along the routes: the fastest time (seconds) and its length (metres) from a place to the
 * nearest reachable cell of the front line. Throws EMPTY_RESULT when the front does not cross the graph's grid and
 * UNREACHABLE (exit 4) when it cannot be reached.
 *
 * @example
 * ```ts
 * import { routeDepth, routeModel } from "@syraq/core";
 * import { loadFront, loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const d = routeDepth({
 *   graph,
 *   model: routeModel("vehicle"),
 *   place: { name: "Qaryatayn", lonLat: [37.2400, 34.2290] },
 *   front: loadFront("saa-2017-09-29").parts,
 * });
 * d.durationSeconds / 60; // minutes to the front
 * ```
 */
export function routeDepth(q: RouteDepthQuery): RouteDepthResult {
  const { graph: g, model } = q;
  const cells = frontCells(g, q.front);
  if (!cells.length) throw new SyraqError("EMPTY_RESULT", "the front line does not cross the route graph's grid", {});
  const { closed } = closedEdgesFor(g, q.crossings ?? {});
  const costs = applyControl(modelCosts(g, model), closed, q.control);
  const source = snapPoint(g, q.place);
  const res = gridSearch({
    width: g.width,
    height: g.height,
    moves: g.moves,
    cellCost: costs.cellCost,
    blocked: g.blocked,
    anisotropic: { elevationMetres: g.elevation, pace: model.pace },
    sources: [{ node: source }],
    extraEdges: costs.extra,
    closedEdges: closed,
  });
  let best = -1;
  for (const c of cells) if (res.cost[c]! < Infinity && (best < 0 || res.cost[c]! < res.cost[best]!)) best = c;
  if (best < 0) {
    throw new SyraqError(
      "UNREACHABLE",
      `no route from ${q.place.name} reaches the front with model ${model.name} (rivers, lakes or closed crossings in the way)`,
      { place: q.place.name },
    );
  }
  const nodes: number[] = [];
  for (let n = best; n !== -1; n = res.predecessor[n]!) nodes.push(n);
  nodes.reverse();
  const d = describePath(g, costs, closed, nodes, res.cost);
  const leg: RouteLeg = { from: q.place.name, to: "front", ...d };
  return {
    model: model.name,
    durationSeconds: d.durationSeconds,
    lengthMetres: d.lengthMetres,
    roadLengthMetres: d.roadLengthMetres,
    offRoadLengthMetres: d.offRoadLengthMetres,
    crossings: d.crossings,
    frontPoint: nodePosition(g, best),
    coordinates: [q.place.lonLat, ...nodes.map((n) => nodePosition(g, n))],
    leg,
  };
}
