/**
 * Travel cost of a place, cell by cell, from the node costs of a search over the route graph.
 *
 * A route to a place counts its cost from the place's free cell (routegraph.ts freeCellFor): the place's own cell,
 * or, when a river line, a lake or the sea blocks that cell, the nearest free cell on the same bank within
 * FREE_SEARCH_RADIUS cells. On the pack grid (0.025°, about 2.5 km) the Euphrates line crosses the cells of most
 * riverside towns (Deir ez-Zor, al-Mayadin, Anah, Hit), so tracing isochrones from free cells only left those towns
 * outside every band while `route` reached them: `route Sukhna "Deir ez-Zor"` took 122 min, yet Deir ez-Zor lay
 * outside the 600-min isochrone. Here a blocked cell takes the least cost of the free cells that can serve a place
 * in it: the nearest ring of free cells around it and the ring after (a place on the other bank of the line snaps
 * to that bank, which may be one ring further). So a place that a route reaches in T lies inside the T isochrone;
 * a river cell is drawn in a band once a bank cell next to it is reached. Sea cells count only next to land (a
 * harbour within a cell of the coast); nodata cells are never reached.
 */
import type { RouteGraph } from "./routegraph.ts";

/** As routegraph.ts FREE_SEARCH_RADIUS: how far (cells) a place in a blocked cell looks for its free cell. */
export const PLACE_SNAP_RADIUS_CELLS = 4;

/**
 * Cost per grid cell of a place in it (`cost`: node costs of a search, grid cells first; +Infinity = unreached).
 * Free cells keep their cost; blocked cells take the least cost of the free cells that serve them (file comment).
 */
export function placeCosts(
  g: Pick<RouteGraph, "width" | "height" | "blocked" | "elevation" | "sea">,
  cost: ArrayLike<number>,
): Float64Array {
  const { width: W, height: H, blocked } = g;
  const N = W * H;
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) out[i] = blocked[i] === 0 ? cost[i]! : Infinity;
  for (let i = 0; i < N; i++) {
    if (blocked[i] === 0 || Number.isNaN(g.elevation[i]!)) continue;
    const sea = g.sea?.[i] === 1;
    const col = i % W;
    const row = (i - col) / W;
    let nearestRing = Infinity;
    let best = Infinity;
    const lastRing = sea ? 1 : PLACE_SNAP_RADIUS_CELLS;
    for (let r = 1; r <= lastRing && r <= nearestRing + 1; r++) {
      for (let dr = -r; dr <= r; dr++) {
        const rr = row + dr;
        if (rr < 0 || rr >= H) continue;
        // the ring: whole top and bottom rows, only the two end cells of the rows between
        const step = dr === -r || dr === r ? 1 : 2 * r;
        for (let dc = -r; dc <= r; dc += step) {
          const cc = col + dc;
          if (cc < 0 || cc >= W) continue;
          const j = rr * W + cc;
          if (blocked[j] !== 0) continue;
          if (nearestRing === Infinity) nearestRing = r;
          const c = cost[j]!;
          if (c < best) best = c;
        }
      }
    }
    out[i] = best;
  }
  return out;
}
