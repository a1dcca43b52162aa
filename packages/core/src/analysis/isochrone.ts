/**
 * Travel-time isochrones over the route graph: one Dijkstra from every source at
 * once (multi-source, cut off at the largest band), then for each band the union
 * of the cells reached within it (a river or coast cell counts once a bank cell that serves it is reached, as a
 * route to a town in it counts from that bank cell: routing/reach.ts), as a MultiPolygon traced along cell edges
 * (holes kept: a lake or a ridge inside the reach stays a hole). Bands are
 * cumulative, so band k contains band k−1 (nested). Areas are geodesic (WGS84).
 */
import { SyraqError } from "../errors.ts";
import { geodesicPolygonArea } from "../geo/geodesic.ts";
import { type CellPolygons, cellsToPolygons } from "../raster/polygonize.ts";
import type { CrossingSelection } from "../routing/crossings.ts";
import { gridSearch } from "../search/grid-search.ts";
import { minimumPace, type RouteModel } from "../routing/route-models.ts";
import { closedEdgesFor, modelCosts, type RouteGraph } from "../routing/routegraph.ts";
import { placeCosts } from "../routing/reach.ts";
import { applyControl, type ControlCosts } from "./control-route.ts";
import { snapPoint, type RoutePoint } from "./route.ts";

/**
 * The area reachable within `durationSeconds`: its cells, its area in square metres and its polygons.
 */
export interface IsochroneBand {
  durationSeconds: number;
  cellCount: number;
  areaSquareMetres: number;
  geometry: CellPolygons;
}

/**
 * Isochrones from {@link isochrones}: bands by duration (seconds), costs per node in seconds.
 */
export interface IsochroneResult {
  model: string;
  sources: RoutePoint[];
  bands: IsochroneBand[];
  closedCrossings: string[];
  /** Accumulated seconds per node (grid cells first), +Infinity beyond the last band. */
  cost: Float64Array;
  /** Seconds per grid cell for a place in it (routing/reach.ts): the bands are traced from these. */
  placeCost: Float64Array;
  /** Source index per node, −1 when unreached. */
  allocation: Int32Array;
}

/**
 * Input of {@link isochrones}: sources ([lon, lat] degrees) and band limits in seconds.
 */
export interface IsochroneQuery {
  graph: RouteGraph;
  model: RouteModel;
  sources: RoutePoint[];
  /** Band limits in seconds, ascending after sorting. */
  durationsSeconds: number[];
  crossings?: CrossingSelection;
  /** Movement as one holder (analysis/control-route.ts): cell multipliers and closed edges. */
  control?: ControlCosts;
}

/**
 * Areas reachable within each duration (seconds) from the sources over the route graph, as cell polygons with their
 * areas in square metres. Throws BAD_ARGUMENT without sources; a source that cannot be placed throws as
 * {@link snapPoint}.
 *
 * Throws BAD_OPTION for a band duration that is not positive.
 *
 * @example
 * ```ts
 * import { isochrones, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const r = isochrones({
 *   graph,
 *   model: routeModel("vehicle"),
 *   sources: [{ name: "Sukhna", lonLat: [38.8761, 34.8826] }],
 *   durationsSeconds: [3600, 7200],
 * });
 * r.bands[0]!.areaSquareMetres / 1e6; // km² within 1 h
 * ```
 */
export function isochrones(q: IsochroneQuery): IsochroneResult {
  const { graph: g, model } = q;
  if (!q.sources.length) throw new SyraqError("BAD_ARGUMENT", "an isochrone needs at least one source", {});
  const limits = [...new Set(q.durationsSeconds)].sort((a, b) => a - b);
  if (!limits.length || limits.some((t) => !(t > 0 && t < Infinity))) {
    throw new SyraqError(
      "BAD_OPTION",
      `isochrone bands must be positive durations; got ${q.durationsSeconds.join(", ")}`,
      { bands: q.durationsSeconds },
    );
  }
  const { closed, decisions } = closedEdgesFor(g, q.crossings ?? {});
  const costs = applyControl(modelCosts(g, model), closed, q.control);
  const cells = q.sources.map((s) => snapPoint(g, s));
  const result = gridSearch({
    width: g.width,
    height: g.height,
    moves: g.moves,
    cellCost: costs.cellCost,
    blocked: g.blocked,
    // minPace (the A* bound's, a lower bound of the pace) lets the bucket search run it: costs and allocation only
    anisotropic: { elevationMetres: g.elevation, pace: model.pace, minPace: minimumPace(model) },
    sources: cells.map((node) => ({ node })),
    extraEdges: costs.extra,
    closedEdges: closed,
    maxCost: limits.at(-1)!,
    allocation: true,
    predecessor: false,
  });
  const N = g.cellCount;
  const cost = result.cost;
  // a place in a river or coast cell is reached through a free cell nearby, as a route reaches it (routing/reach.ts)
  const place = placeCosts(g, cost);
  const bands = limits.map((t) => {
    let cellCount = 0;
    for (let i = 0; i < N; i++) if (place[i]! <= t) cellCount++;
    const geometry = cellsToPolygons(g.grid, (i) => place[i]! <= t);
    const areaSquareMetres = geometry.coordinates.length ? geodesicPolygonArea(geometry).areaSquareMetres : 0;
    return { durationSeconds: t, cellCount, areaSquareMetres, geometry };
  });
  return {
    model: model.name,
    sources: q.sources,
    bands,
    closedCrossings: decisions.filter((d) => !d.open).map((d) => d.crossing.name),
    cost,
    placeCost: place,
    allocation: result.allocation!,
  };
}

/**
 * GeoJSON FeatureCollection: one (Multi)Polygon per band, largest first (so smaller bands draw on top).
 *
 * @example
 * ```ts
 * import { isochrones, isochronesToGeoJson, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const sources = [{ name: "Sukhna", lonLat: [38.8761, 34.8826] as [number, number] }];
 * const fc = isochronesToGeoJson(isochrones({ graph, model: routeModel("foot"), sources, durationsSeconds: [3600] }));
 * ```
 */
export function isochronesToGeoJson(r: IsochroneResult): unknown {
  const features = [...r.bands].reverse().map((b) => {
    const polys = b.geometry.coordinates;
    const geometry =
      polys.length === 1 ? { type: "Polygon", coordinates: polys[0] } : { type: "MultiPolygon", coordinates: polys };
    return {
      type: "Feature",
      geometry,
      properties: {
        kind: "isochrone",
        model: r.model,
        sources: r.sources.map((s) => s.name),
        durationSeconds: b.durationSeconds,
        minutes: b.durationSeconds / 60,
        areaKm2: b.areaSquareMetres / 1e6,
        cellCount: b.cellCount,
        closedCrossings: r.closedCrossings,
      },
    };
  });
  return { type: "FeatureCollection", features };
}
