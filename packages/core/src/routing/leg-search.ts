import { gridSearch, type GridSearchResult, type SearchWorkspace } from "../search/grid-search.ts";
import type { RouteGraph, ModelCosts } from "./routegraph.ts";
import { heuristicTo } from "./landmarks.ts";

/**
 * One leg searched by {@link searchLeg}: the search result (seconds per node) and the node path.
 */
export interface LegSearch {
  source: number;
  target: number;
  result: GridSearchResult;
  nodes: number[];
}

/** Smallest cell multiplier over free cells (a custom cell cost below 1 makes moves cheaper than the model's pace). */
function minFreeCost(g: RouteGraph, cellCost: Float32Array | Float64Array): number {
  let m = Infinity;
  for (let i = 0; i < cellCost.length; i++) if (g.blocked[i] === 0 && cellCost[i]! < m) m = cellCost[i]!;
  return m > 0 && m < Infinity ? m : 1;
}

/**
 * Runs one A* leg search (nodes empty when the target cannot be reached). With a
 * custom `cellCost` the geodesic bound is scaled by its smallest multiplier and the
 * landmarks are not used (they hold for the model's own costs only). With a `workspace` the
 * result's arrays are the workspace's, valid until its next search (grid-search.ts).
 *
 * Costs in seconds; `result.cost` holds the accumulated seconds per node.
 *
 * @example
 * ```ts
 * import { closedEdgesFor, freeCellFor, modelCosts, routeModel, searchLeg } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const costs = modelCosts(graph, routeModel("vehicle"));
 * const from = freeCellFor(graph, [39.0079, 35.9528]);
 * const to = freeCellFor(graph, [38.284, 34.5624]);
 * const leg = searchLeg(graph, costs, closedEdgesFor(graph, {}).closed, from, to);
 * leg.result.cost[to]; // seconds
 * ```
 */
export function searchLeg(
  g: RouteGraph,
  costs: ModelCosts,
  closed: Uint8Array,
  source: number,
  target: number,
  cellCost?: Float32Array | Float64Array,
  workspace?: SearchWorkspace,
): LegSearch {
  const result = gridSearch({
    width: g.width,
    height: g.height,
    moves: g.moves,
    cellCost: cellCost ?? costs.cellCost,
    blocked: g.blocked,
    anisotropic: { elevationMetres: g.elevation, pace: costs.model.pace },
    sources: [{ node: source }],
    extraEdges: costs.extra,
    closedEdges: closed,
    targets: [target],
    heuristic: cellCost
      ? heuristicTo(g, target, costs.maxSpeed / Math.min(1, minFreeCost(g, cellCost)))
      : heuristicTo(g, target, costs.maxSpeed, costs.landmarks),
    ...(workspace ? { workspace } : {}),
  });
  if (!(result.cost[target]! < Infinity)) return { source, target, result, nodes: [] };
  const nodes: number[] = [];
  for (let n = target; n !== -1; n = result.predecessor[n]!) nodes.push(n);
  nodes.reverse();
  return { source, target, result, nodes };
}
