/**
 * Least-cost routes over the route graph (terrain grid + roads + crossings):
 * A* (grid-search.ts with an admissible geodesic lower bound) from A to B,
 * optionally via intermediate points; the result is a GeoJSON LineString with
 * lengths, duration, ascent/descent, per-leg figures and typed segments.
 *
 * The route's duration is the accumulated cost at the target (the sum of its
 * legs); the geometry starts and ends at the exact input points, but the cost
 * counts from and to the centres of their cells (or the nearest free cell on the
 * same bank when a point lies in a river cell).
 */
import { SyraqError } from "../errors.ts";
import { geodesicInverse } from "../geo/geodesic.ts";
import type { LonLat } from "../geo/types.ts";
import type { RouteModel } from "../routing/route-models.ts";
import {
  EDGE_CROSSING,
  EDGE_RAMP_OFF,
  EDGE_RAMP_ON,
  EDGE_ROAD,
  closedEdgesFor,
  freeCellFor,
  modelCosts,
  nodeElevation,
  nodePosition,
  type ModelCosts,
  type RouteGraph,
  type LandMask,
} from "../routing/routegraph.ts";
import { searchLeg } from "../routing/leg-search.ts";
import { SearchWorkspace } from "../search/grid-search.ts";
import type { CrossingSelection } from "../routing/crossings.ts";
import { insidePolygons, nearestSegment } from "../routing/barriers.ts";
import { cellAt, type GridSpec } from "../raster/raster.ts";

/**
 * A route's start, via or end: a display name and [lon, lat] in degrees.
 */
export interface RoutePoint {
  name: string;
  lonLat: LonLat;
}

/**
 * What a route segment moves on.
 */
export type SegmentType = "road" | "off-road" | "crossing" | "ferry";

/**
 * A stretch of one kind (road, off-road, crossing, ferry) along a leg, in metres and seconds.
 */
export interface RouteSegment {
  type: SegmentType;
  /** Road name or crossing name. */
  name?: string;
  roadClass?: string;
  coordinates: LonLat[];
  lengthMetres: number;
  durationSeconds: number;
}

/**
 * One leg of a route (between consecutive points), in metres and seconds.
 */
export interface RouteLeg {
  from: string;
  to: string;
  lengthMetres: number;
  durationSeconds: number;
  ascentMetres: number;
  descentMetres: number;
  roadLengthMetres: number;
  offRoadLengthMetres: number;
  crossings: string[];
  segments: RouteSegment[];
  /** Graph nodes of the least-cost path, source first. */
  nodes: number[];
}

/**
 * A route found by {@link findRoute}: lengths, ascent and descent in metres, durations in seconds, coordinates
 * [lon, lat] degrees; `crossings` names the river crossings used.
 */
export interface RouteResult {
  model: string;
  points: RoutePoint[];
  coordinates: LonLat[];
  lengthMetres: number;
  durationSeconds: number;
  ascentMetres: number;
  descentMetres: number;
  roadLengthMetres: number;
  offRoadLengthMetres: number;
  crossings: string[];
  legs: RouteLeg[];
  closedCrossings: string[];
  date?: string;
}

/**
 * Input of {@link findRoute}: the graph, the travel model, the points ([lon, lat] degrees) and the crossings open.
 */
export interface RouteQuery {
  graph: RouteGraph;
  model: RouteModel;
  /** Start, optional vias, end. */
  points: RoutePoint[];
  crossings?: CrossingSelection;
  /** Extra cost multipliers per cell for this query (corridor alternatives). */
  cellCost?: Float64Array;
  /** Replacement extra-edge costs for this query (corridor alternatives). */
  costs?: ModelCosts;
  /** Extra edges closed for this query on top of the crossing selection (1 = closed; control-aware routes). */
  extraClosed?: Uint8Array;
  /** The points' cells as snapPoint gives them, when the caller has snapped them already. */
  cells?: number[];
}

/**
 * Search buffers kept per model's costs (a warm engine answers many short legs: each then costs
 * the nodes it touches, not the grid's size); not for per-query cell costs, which may change.
 */
const workspaces = new WeakMap<ModelCosts, SearchWorkspace>();
function workspaceFor(costs: ModelCosts): SearchWorkspace {
  let ws = workspaces.get(costs);
  if (!ws) workspaces.set(costs, (ws = new SearchWorkspace()));
  return ws;
}

/**
 * True when a point lies at sea: outside the graph's land polygons (within the extent they
 * cover), in a sea cell, and more than 2 km from the coastline (harbour towns just off the
 * generalised coastline count as land).
 *
 * @example
 * ```ts
 * import { isAtSea } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * isAtSea(graph, [35.5, 35.0]); // true: the Mediterranean off Latakia
 * ```
 */
export function isAtSea(g: RouteGraph, p: LonLat): boolean {
  if (!g.land || !g.sea) return false;
  return pointAtSea(g.grid, g.land, g.sea, p);
}

/**
 * isAtSea for any grid with a sea mask (seaMask of routing/barriers.ts) built from `land`.
 *
 * @example
 * ```ts
 * import { pointAtSea, seaMask } from "@syraq/core";
 * import { loadDem, loadPackLand, resolveDataDir } from "@syraq/core/node";
 * const dataDir = resolveDataDir();
 * const dem = await loadDem({ dataDir });
 * const land = loadPackLand(dataDir);
 * pointAtSea(dem, land, seaMask(dem, land.polygons, land.bbox), [35.5, 35.0]); // true
 * ```
 */
export function pointAtSea(grid: GridSpec, land: LandMask, sea: Uint8Array, p: LonLat): boolean {
  const [w, s, e, n] = land.bbox;
  if (p[0] < w || p[0] > e || p[1] < s || p[1] > n) return false;
  const c = cellAt(grid, p[0], p[1]);
  if (!c || sea[c.row * grid.width + c.col] !== 1) return false;
  if (insidePolygons(land.polygons, p)) return false;
  // a harbour town just off the generalised 1:10m coastline is on land: at sea means more than 2 km out
  const rings = land.polygons.flat();
  const near = nearestSegment(rings, p);
  if (!near) return true;
  const ring = rings[near.lineIndex]!;
  const a = ring[near.segmentIndex]!;
  const b = ring[near.segmentIndex + 1]!;
  const q: LonLat = [a[0] + near.t * (b[0] - a[0]), a[1] + near.t * (b[1] - a[1])];
  return geodesicInverse(p, q).lengthMetres > SEA_COAST_TOLERANCE_METRES;
}

/** Distance beyond the land polygon's coastline from which a point counts as at sea. */
export const SEA_COAST_TOLERANCE_METRES = 2000;

/**
 * The free cell a point starts from / arrives at. Throws OUTSIDE_RASTER (exit 2) for a point outside the grid and
 * UNREACHABLE (exit 4) for a point at sea or with no free cell within reach (in a lake, a river).
 *
 * @example
 * ```ts
 * import { snapPoint } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const cell = snapPoint(graph, { name: "Raqqa", lonLat: [39.0079, 35.9528] });
 * ```
 */
export function snapPoint(g: RouteGraph, p: RoutePoint): number {
  if (isAtSea(g, p.lonLat)) {
    throw new SyraqError(
      "UNREACHABLE",
      `${p.name} (${p.lonLat[1].toFixed(4)}°N ${p.lonLat[0].toFixed(4)}°E) is at sea (outside the Natural Earth land polygon): no land route starts or ends there; give a point on land`,
      { point: p, atSea: true },
    );
  }
  const cell = freeCellFor(g, p.lonLat);
  if (cell >= 0) return cell;
  const inside =
    p.lonLat[0] >= g.grid.originX &&
    p.lonLat[0] <= g.grid.originX + g.width * g.grid.pixelSizeX &&
    p.lonLat[1] <= g.grid.originY &&
    p.lonLat[1] >= g.grid.originY - g.height * g.grid.pixelSizeY;
  if (!inside) {
    throw new SyraqError(
      "OUTSIDE_RASTER",
      `${p.name} (${p.lonLat[1].toFixed(4)}°N ${p.lonLat[0].toFixed(4)}°E) is outside the DEM; give a place inside the region's grid`,
      { point: p },
    );
  }
  throw new SyraqError(
    "UNREACHABLE",
    `${p.name} lies in a river, lake or nodata area with no free cell on its bank within reach`,
    { point: p },
  );
}

/** Finds the extra edge u→v used by a path (lowest index among equal costs); −1 for grid moves. */
export function edgeBetween(
  g: RouteGraph,
  costs: ModelCosts,
  closed: Uint8Array | undefined,
  u: number,
  v: number,
  stepCost: number,
): number {
  if (u < g.cellCount && v < g.cellCount) {
    const du = Math.abs((u % g.width) - (v % g.width));
    const dr = Math.abs(Math.floor(u / g.width) - Math.floor(v / g.width));
    if (du <= 1 && dr <= 1) return -1;
  }
  const ex = costs.extra;
  let s0: number;
  let s1: number;
  if (u < g.cellCount) {
    const r = ex.gridStart.get(u);
    if (!r) return -1;
    [s0, s1] = r;
  } else {
    s0 = ex.extraStart[u - g.cellCount]!;
    s1 = ex.extraStart[u - g.cellCount + 1]!;
  }
  let best = -1;
  let bestErr = Infinity;
  for (let s = s0; s < s1; s++) {
    if (ex.to[s] !== v) continue;
    const e = ex.edgeIndex[s]!;
    if (closed && closed[e] === 1) continue;
    const err = Math.abs(ex.cost[s]! - stepCost);
    if (err < bestErr) (best = e), (bestErr = err);
  }
  return best;
}

/**
 * Geodesic lengths of the graph steps routes have used, per graph (its nodes never move): a warm
 * engine describes every route it answers, mostly over steps it has measured before. Keyed by
 * u × nodeCount + v (< 2^53 for any grid a process can hold); emptied past 2 million steps.
 */
const stepLengths = new WeakMap<RouteGraph, Map<number, number>>();

/** Turns a node path into typed segments and figures. */
export function describePath(
  g: RouteGraph,
  costs: ModelCosts,
  closed: Uint8Array | undefined,
  nodes: number[],
  cost: Float64Array,
): Omit<RouteLeg, "from" | "to"> {
  const segments: RouteSegment[] = [];
  let ascent = 0;
  let descent = 0;
  let length = 0;
  let road = 0;
  let offRoad = 0;
  const crossings: string[] = [];
  let lengths = stepLengths.get(g);
  if (!lengths || lengths.size > 2_000_000) stepLengths.set(g, (lengths = new Map()));
  const nodeCount = g.cellCount + g.extraPositions.length;
  for (let i = 0; i + 1 < nodes.length; i++) {
    const u = nodes[i]!;
    const v = nodes[i + 1]!;
    const pu = nodePosition(g, u);
    const pv = nodePosition(g, v);
    const step = cost[v]! - cost[u]!;
    const e = edgeBetween(g, costs, closed, u, v, step);
    const key = u * nodeCount + v;
    let len = lengths.get(key);
    if (len === undefined) lengths.set(key, (len = geodesicInverse(pu, pv).lengthMetres));
    let type: SegmentType = "off-road";
    let name: string | undefined;
    let roadClass: string | undefined;
    if (e >= 0 && g.edgeCrossing[e]! >= 0) {
      type = "crossing";
      name = g.crossings[g.edgeCrossing[e]!]!.name;
    } else if (e >= 0 && g.edgeKind[e] === EDGE_ROAD) {
      type = "road";
      name = g.edgeName[e] || undefined;
      roadClass = ["motorway", "primary", "secondary", "track"][g.edgeClass[e]!];
    }
    if (e >= 0 && g.edgeKind[e] === EDGE_CROSSING) type = "crossing";
    // ferries and boat crossings are their own segment type (still listed among the route's crossings)
    if (type === "crossing" && g.crossings[g.edgeCrossing[e]!]?.kind === "ferry") type = "ferry";
    if (e >= 0 && (g.edgeKind[e] === EDGE_RAMP_ON || g.edgeKind[e] === EDGE_RAMP_OFF))
      name = g.edgeKind[e] === EDGE_RAMP_ON ? "onto the road" : "off the road";
    if ((type === "crossing" || type === "ferry") && name && crossings.at(-1) !== name) crossings.push(name);
    if (type === "road") road += len;
    else if (type === "off-road") offRoad += len;
    length += len;
    const zu = nodeElevation(g, u);
    const zv = nodeElevation(g, v);
    if (Number.isFinite(zu) && Number.isFinite(zv)) {
      if (zv > zu) ascent += zv - zu;
      else descent += zu - zv;
    }
    const last = segments.at(-1);
    if (last && last.type === type && last.name === name) {
      last.coordinates.push(pv);
      last.lengthMetres += len;
      last.durationSeconds += step;
    } else {
      segments.push({
        type,
        ...(name ? { name } : {}),
        ...(roadClass ? { roadClass } : {}),
        coordinates: [pu, pv],
        lengthMetres: len,
        durationSeconds: step,
      });
    }
  }
  return {
    lengthMetres: length,
    durationSeconds: nodes.length ? cost[nodes.at(-1)!]! - cost[nodes[0]!]! : 0,
    ascentMetres: ascent,
    descentMetres: descent,
    roadLengthMetres: road,
    offRoadLengthMetres: offRoad,
    crossings,
    segments,
    nodes,
  };
}

/**
 * Point-to-point route (with vias): one A* search per leg.
 *
 * Lengths in metres (geodesic), durations in seconds, ascent and descent in metres. Throws BAD_ARGUMENT for fewer
 * than two points, as {@link snapPoint} for a point that cannot be placed, and UNREACHABLE (exit 4) when no route
 * joins two points.
 *
 * @example
 * ```ts
 * import { findRoute, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const r = findRoute({
 *   graph,
 *   model: routeModel("vehicle"),
 *   points: [
 *     { name: "Raqqa", lonLat: [39.0079, 35.9528] },
 *     { name: "Palmyra", lonLat: [38.284, 34.5624] },
 *   ],
 *   crossings: { date: "2017-09-20" },
 * });
 * console.log(r.durationSeconds / 3600, "h", r.lengthMetres / 1000, "km");
 * ```
 */
export function findRoute(q: RouteQuery): RouteResult {
  const { graph: g, model, points } = q;
  if (points.length < 2)
    throw new SyraqError("BAD_ARGUMENT", `a route needs at least two points; got ${points.length}`, {});
  const costs = q.costs ?? modelCosts(g, model);
  const { closed, decisions } = closedEdgesFor(g, q.crossings ?? {});
  if (q.extraClosed) for (let e = 0; e < closed.length; e++) closed[e] = closed[e]! | q.extraClosed[e]!;
  const closedCrossings = decisions.filter((d) => !d.open).map((d) => d.crossing.name);
  const cells = q.cells ?? points.map((p) => snapPoint(g, p));
  if (cells.length !== points.length)
    throw new SyraqError("INTERNAL", `findRoute: ${cells.length} cells for ${points.length} points`, {});
  const ws = q.cellCost ? undefined : workspaceFor(costs);
  const legs: RouteLeg[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    // describePath reads the leg's costs before the next leg's search reuses the workspace
    const leg = searchLeg(g, costs, closed, cells[i]!, cells[i + 1]!, q.cellCost, ws);
    if (!leg.nodes.length) {
      const closedNote = closedCrossings.length ? ` Closed crossings: ${closedCrossings.join(", ")}.` : "";
      throw new SyraqError(
        "UNREACHABLE",
        `no route from ${points[i]!.name} to ${points[i + 1]!.name} with model ${model.name}: every way is blocked by rivers, lakes or closed crossings.${closedNote} Open one with --open NAME or change --date.`,
        { from: points[i]!.name, to: points[i + 1]!.name, closedCrossings },
      );
    }
    const d = describePath(g, costs, closed, leg.nodes, leg.result.cost);
    legs.push({ from: points[i]!.name, to: points[i + 1]!.name, ...d });
  }
  // geometry: exact start, path vertices, exact end
  const coordinates: LonLat[] = [points[0]!.lonLat];
  for (const leg of legs) {
    for (const n of leg.nodes) {
      const p = nodePosition(g, n);
      const lastP = coordinates.at(-1)!;
      if (lastP[0] !== p[0] || lastP[1] !== p[1]) coordinates.push(p);
    }
  }
  const end = points.at(-1)!.lonLat;
  if (coordinates.at(-1)![0] !== end[0] || coordinates.at(-1)![1] !== end[1]) coordinates.push(end);
  const sum = (f: (l: RouteLeg) => number) => legs.reduce((a, l) => a + f(l), 0);
  const crossings: string[] = [];
  for (const l of legs) for (const c of l.crossings) if (crossings.at(-1) !== c) crossings.push(c);
  return {
    model: model.name,
    points,
    coordinates,
    lengthMetres: sum((l) => l.lengthMetres),
    durationSeconds: sum((l) => l.durationSeconds),
    ascentMetres: sum((l) => l.ascentMetres),
    descentMetres: sum((l) => l.descentMetres),
    roadLengthMetres: sum((l) => l.roadLengthMetres),
    offRoadLengthMetres: sum((l) => l.offRoadLengthMetres),
    crossings,
    legs,
    closedCrossings,
    ...(q.crossings?.date ? { date: q.crossings.date } : {}),
  };
}

/**
 * GeoJSON Feature (LineString) of a route, plus one Feature per typed segment when asked.
 *
 * @example
 * ```ts
 * import { findRoute, routeModel, routeToGeoJson } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const points = [
 *   { name: "Raqqa", lonLat: [39.0079, 35.9528] as [number, number] },
 *   { name: "Palmyra", lonLat: [38.284, 34.5624] as [number, number] },
 * ];
 * const geojson = routeToGeoJson(findRoute({ graph, model: routeModel("vehicle"), points }));
 * ```
 */
export function routeToGeoJson(r: RouteResult, withSegments = true): unknown {
  const round = (p: LonLat): LonLat => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
  const legs = r.legs.map(({ segments, nodes, ...rest }) => ({ ...rest, segmentCount: segments.length }));
  const main = {
    type: "Feature",
    geometry: { type: "LineString", coordinates: r.coordinates.map(round) },
    properties: {
      kind: "route",
      model: r.model,
      from: r.points[0]!.name,
      to: r.points.at(-1)!.name,
      via: r.points.slice(1, -1).map((p) => p.name),
      lengthMetres: r.lengthMetres,
      durationSeconds: r.durationSeconds,
      ascentMetres: r.ascentMetres,
      descentMetres: r.descentMetres,
      roadLengthMetres: r.roadLengthMetres,
      offRoadLengthMetres: r.offRoadLengthMetres,
      crossings: r.crossings,
      closedCrossings: r.closedCrossings,
      ...(r.date ? { date: r.date } : {}),
      legs,
      segments: r.legs.flatMap((l) =>
        l.segments.map((s) => ({
          type: s.type,
          ...(s.name ? { name: s.name } : {}),
          ...(s.roadClass ? { roadClass: s.roadClass } : {}),
          lengthMetres: s.lengthMetres,
          durationSeconds: s.durationSeconds,
        })),
      ),
      approximate:
        "roads are a routed skeleton (data/roads), crossings approximate (data/crossings); terrain GMTED2010 1.5'",
    },
  };
  const features: unknown[] = [main];
  if (withSegments) {
    for (const l of r.legs)
      for (const s of l.segments)
        features.push({
          type: "Feature",
          geometry: { type: "LineString", coordinates: s.coordinates.map(round) },
          properties: {
            kind: "segment",
            type: s.type,
            ...(s.name ? { name: s.name } : {}),
            ...(s.roadClass ? { roadClass: s.roadClass } : {}),
            leg: `${l.from} → ${l.to}`,
            lengthMetres: s.lengthMetres,
            durationSeconds: s.durationSeconds,
          },
        });
  }
  return { type: "FeatureCollection", features };
}
