/**
 * Shortest paths on a plain network (ngraph.graph) with ngraph.path's A*: the engine for
 * network-only queries (as OSM routers answer them). Knows nothing of roads: the caller gives
 * the link cost, which links are blocked in which direction, and an admissible heuristic.
 */
import type { Graph, Link, Node, NodeId } from "ngraph.graph";
import { aStar } from "ngraph.path";

/**
 * Cost, one-way and blocking rules of {@link networkShortestPath}.
 */
export interface NetworkPathOptions<N, L> {
  /** Links are one-way from their fromId to their toId (default false: both ways). */
  oriented?: boolean;
  /** Cost of traversing `link` from node `from` to node `to` (≥ 0). */
  cost(from: Node<N>, to: Node<N>, link: Link<L>): number;
  /** True when `link` may not be traversed from `from` to `to`. */
  blocked?(from: Node<N>, to: Node<N>, link: Link<L>): boolean;
  /** Lower bound of the cost from a node to the target (0 = Dijkstra). */
  heuristic?(from: Node<N>): number;
}

/**
 * A path found by {@link networkShortestPath}.
 */
export interface NetworkPath<L> {
  /** Node ids from source to target (empty when unreachable). */
  nodes: NodeId[];
  /** The link data used between consecutive nodes (the cheapest open link). */
  links: L[];
  /** Sum of the link costs along the path. */
  cost: number;
}

/**
 * Least-cost path between two nodes of an ngraph graph (A* with `heuristic`, Dijkstra without), with parallel links
 * resolved to the cheapest open one. Costs are in the caller's unit (seconds for travel times). Unreachable: empty
 * `nodes` and `cost` = +Infinity.
 *
 * @example
 * ```ts
 * import { networkShortestPath } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const { network } = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const path = networkShortestPath(network.graph, 0, 10, {
 *   cost: (_from, _to, link) => link.data.lengthMetres, // metres: the shortest path by length
 * });
 * ```
 */
export function networkShortestPath<N, L>(
  graph: Graph<N, L>,
  source: NodeId,
  target: NodeId,
  options: NetworkPathOptions<N, L>,
): NetworkPath<L> {
  const blocked = options.blocked;
  const heuristic = options.heuristic;
  // ngraph.path calls distance(next, current, link) and blocked(next, current, link): the step runs current → next
  const finder = aStar(graph, {
    oriented: options.oriented ?? false,
    distance: (next, current, link) => options.cost(current, next, link),
    ...(blocked ? { blocked: (next: Node<N>, current: Node<N>, link: Link<L>) => blocked(current, next, link) } : {}),
    ...(heuristic ? { heuristic: (from: Node<N>) => heuristic(from) } : {}),
  });
  if (source === target) return { nodes: [source], links: [], cost: 0 };
  // ngraph.path lists the path from the target back to the source
  const found = finder
    .find(source, target)
    .map((n) => n.id)
    .reverse();
  if (found.length < 2 || found[0] !== source || found.at(-1) !== target)
    return { nodes: [], links: [], cost: Infinity };
  let cost = 0;
  const links: L[] = [];
  for (let i = 0; i + 1 < found.length; i++) {
    const a = graph.getNode(found[i]!)!;
    const b = graph.getNode(found[i + 1]!)!;
    let best = Infinity;
    let bestLink: Link<L> | undefined;
    graph.forEachLinkedNode(
      a.id,
      (other, link) => {
        if (other.id !== b.id || (options.oriented && link.fromId !== a.id) || blocked?.(a, b, link)) return;
        const c = options.cost(a, b, link);
        if (c < best) (best = c), (bestLink = link);
      },
      options.oriented ?? false,
    );
    if (!bestLink) return { nodes: [], links: [], cost: Infinity };
    cost += best;
    links.push(bestLink.data);
  }
  return { nodes: found, links, cost };
}
