/**
 * OSRM HTTP API v1 (project-osrm.org/docs/v5.24.0/api): `GET /route/v1/{profile}/{coordinates}`
 * and `GET /table/v1/{profile}/{coordinates}` answered from the route engine, with OSRM's
 * response shapes and error codes, so clients written for OSRM work unchanged. Syraq's
 * extras: query parameters `date`, `closed`, `open` (crossing statuses, as in `syraq route`)
 * and a `syraq` object on routes, legs and steps (typed segments, crossings used) that OSRM
 * clients ignore.
 */
import {
  cellAt,
  cellCentre,
  closedEdgesFor,
  type CrossingSelection,
  corridor,
  findRoute,
  geodesicInverse,
  isSyraqError,
  type LonLat,
  modelCosts,
  pathCost,
  ROUTE_MODEL_NAMES,
  type RouteLeg,
  type RoutePoint,
} from "@syraq/core";
import type { RouteEngine } from "../shared/engine.ts";
import { decodePolyline, encodePolyline } from "../shared/polyline.ts";

export const OSRM_LIMITS = { routeCoordinates: 100, tableSources: 200, tableDestinations: 200, alternatives: 3 };

/** OSRM profile names and Syraq's own model names → the route model. */
export const OSRM_PROFILES: Record<string, string> = {
  driving: "vehicle",
  car: "vehicle",
  foot: "foot",
  walking: "foot",
  ...Object.fromEntries(ROUTE_MODEL_NAMES.map((n) => [n, n])),
};

export interface HttpAnswer {
  status: number;
  body: unknown;
  /** The body already serialised (a worker's answer: one string crosses the thread boundary, not an object tree). */
  text?: string;
}

export type OsrmCode =
  | "InvalidUrl"
  | "InvalidService"
  | "InvalidVersion"
  | "InvalidOptions"
  | "InvalidQuery"
  | "InvalidValue"
  | "NoSegment"
  | "NoRoute"
  | "TooBig"
  | "NoTable";

export class OsrmError extends Error {
  readonly code: OsrmCode;
  readonly status: number;
  constructor(code: OsrmCode, message: string, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export const osrmError = (code: string, message: string, status = 400): HttpAnswer => ({
  status,
  body: { code, message },
});

/** OSRM's per-coordinate options (snapping and hints), accepted by route, table and nearest alike. */
const COORDINATE_PARAMS = ["radiuses", "bearings", "hints", "approaches", "exclude", "snapping", "generate_hints"];
/** Syraq's extras that every routing service takes (crossing statuses on a date, crossings closed or opened). */
const SYRAQ_PARAMS = ["date", "closed", "open"];

const ROUTE_PARAMS = new Set([
  "alternatives",
  "steps",
  "annotations",
  "geometries",
  "overview",
  "continue_straight",
  "waypoints",
  "skip_waypoints",
  ...COORDINATE_PARAMS,
  ...SYRAQ_PARAMS,
]);
const TABLE_PARAMS = new Set([
  "sources",
  "destinations",
  "annotations",
  "fallback_speed",
  "fallback_coordinate",
  "scale_factor",
  "skip_waypoints",
  ...COORDINATE_PARAMS,
  ...SYRAQ_PARAMS,
]);

const NEAREST_PARAMS = new Set(["number", ...COORDINATE_PARAMS]);

interface ParsedUrl {
  service: string;
  profile: string;
  model: string;
  coordinates: LonLat[];
  params: URLSearchParams;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Parses `/{service}/v1/{profile}/{coordinates}[.json]?…`; throws OsrmError. */
export function parseOsrmUrl(url: string, service: "route" | "table" | "nearest"): ParsedUrl {
  const q = url.indexOf("?");
  const path = q >= 0 ? url.slice(0, q) : url;
  const query = q >= 0 ? url.slice(q + 1) : "";
  const parts = path.split("/");
  // ["", service, version, profile, coordinates]
  if (parts.length !== 5 || parts[1] !== service)
    throw new OsrmError("InvalidUrl", `URL must be /${service}/v1/{profile}/{coordinates}[?options]`);
  if (parts[2] !== "v1") throw new OsrmError("InvalidVersion", `version '${parts[2]}' is not supported; use v1`);
  const profile = safeDecode(parts[3]!);
  const model = OSRM_PROFILES[profile];
  if (!model)
    throw new OsrmError(
      "InvalidValue",
      `unknown profile '${profile}'; use driving, foot, walking or a Syraq model (${ROUTE_MODEL_NAMES.join(", ")})`,
    );
  let coordText = safeDecode(parts[4]!);
  if (coordText.endsWith(".json")) coordText = coordText.slice(0, -5);
  const coordinates = parseCoordinates(coordText);
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query);
  } catch {
    throw new OsrmError("InvalidQuery", "query string malformed");
  }
  const known = service === "route" ? ROUTE_PARAMS : service === "table" ? TABLE_PARAMS : NEAREST_PARAMS;
  for (const key of params.keys())
    if (!known.has(key))
      throw new OsrmError("InvalidQuery", `unknown parameter '${clip(key)}'; accepted: ${[...known].join(", ")}`);
  for (const [key, value] of params) {
    if (key !== "closed" && key !== "open" && params.getAll(key).length > 1)
      throw new OsrmError("InvalidQuery", `parameter '${key}' given more than once`);
    if (value.length > 10_000) throw new OsrmError("InvalidQuery", `parameter '${key}' is too long`);
  }
  return { service, profile, model, coordinates, params };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new OsrmError("InvalidUrl", "URL holds a malformed percent-escape");
  }
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

function parseCoordinates(text: string): LonLat[] {
  let coords: LonLat[];
  const poly = /^polyline(6?)\((.*)\)$/.exec(text);
  if (poly) {
    const decoded = decodePolyline(poly[2]!, poly[1] ? 6 : 5);
    if (!decoded?.length) throw new OsrmError("InvalidQuery", "coordinates: malformed polyline");
    coords = decoded;
  } else {
    if (!text) throw new OsrmError("InvalidUrl", "no coordinates: give {lon},{lat};{lon},{lat}[;…]");
    coords = text.split(";").map((pair, i) => {
      const xy = pair.split(",");
      if (xy.length !== 2 || !NUMBER.test(xy[0]!) || !NUMBER.test(xy[1]!))
        throw new OsrmError(
          "InvalidQuery",
          `coordinate ${i} ('${clip(pair)}') is not {lon},{lat} in decimal degrees (OSRM order: longitude first)`,
        );
      return [Number(xy[0]), Number(xy[1])] as LonLat;
    });
  }
  coords.forEach(([lon, lat], i) => {
    if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90))
      throw new OsrmError(
        "InvalidValue",
        `coordinate ${i} (${lon},${lat}) is not a longitude in [-180, 180] and a latitude in [-90, 90]`,
      );
  });
  return coords;
}

function boolParam(params: URLSearchParams, name: string, fallback: boolean): boolean {
  const v = params.get(name);
  if (v === null) return fallback;
  if (v === "true") return true;
  if (v === "false") return false;
  throw new OsrmError("InvalidValue", `${name} must be true or false; got '${clip(v)}'`);
}

function choiceParam<T extends string>(params: URLSearchParams, name: string, choices: readonly T[], fallback: T): T {
  const v = params.get(name);
  if (v === null) return fallback;
  if (!(choices as readonly string[]).includes(v))
    throw new OsrmError("InvalidValue", `${name} must be one of ${choices.join(", ")}; got '${clip(v)}'`);
  return v as T;
}

/** `sources=0;2` / `destinations=all`; throws InvalidValue for bad or out-of-range indices. */
function indexList(params: URLSearchParams, name: string, count: number): number[] {
  const v = params.get(name);
  if (v === null || v === "all") return Array.from({ length: count }, (_, i) => i);
  return v.split(";").map((s) => {
    if (!/^\d{1,6}$/.test(s)) throw new OsrmError("InvalidValue", `${name}: '${clip(s)}' is not a coordinate index`);
    const i = Number(s);
    if (i >= count)
      throw new OsrmError("InvalidValue", `${name}: index ${i} is out of range (there are ${count} coordinates)`);
    return i;
  });
}

/**
 * Per-coordinate lists (radiuses, bearings, hints, approaches) must have one entry per coordinate;
 * radiuses and bearings must have OSRM's form. Returns the radius per coordinate in metres
 * (Infinity where none is given: empty entry or `unlimited`).
 */
function checkPerCoordinate(params: URLSearchParams, count: number): number[] {
  for (const name of ["radiuses", "bearings", "hints", "approaches"]) {
    const v = params.get(name);
    if (v !== null && v.split(";").length !== count)
      throw new OsrmError("InvalidOptions", `${name} must have one entry per coordinate (${count})`);
  }
  const bearings = params.get("bearings");
  if (bearings !== null)
    bearings.split(";").forEach((b, i) => {
      const m = /^(\d{1,3}),(\d{1,3})$/.exec(b);
      if (b !== "" && !(m && Number(m[1]) <= 360 && Number(m[2]) <= 180))
        throw new OsrmError(
          "InvalidValue",
          `bearings: entry ${i} ('${clip(b)}') is not {value},{range} with value 0–360 and range 0–180`,
        );
    });
  const approaches = params.get("approaches");
  if (approaches !== null)
    approaches.split(";").forEach((a, i) => {
      if (a !== "" && a !== "curb" && a !== "unrestricted" && a !== "opposite")
        throw new OsrmError(
          "InvalidValue",
          `approaches: entry ${i} ('${clip(a)}') is not curb, unrestricted or opposite`,
        );
    });
  // OSRM refuses classes its profile cannot exclude; these profiles have none
  const exclude = params.get("exclude");
  if (exclude)
    throw new OsrmError(
      "InvalidValue",
      `exclude: '${clip(exclude)}' cannot be excluded: these profiles have no excludable classes (close crossings with closed=NAME)`,
    );
  choiceParam(params, "snapping", ["default", "any"] as const, "default");
  boolParam(params, "generate_hints", true);
  const radiuses = params.get("radiuses");
  if (radiuses === null) return new Array<number>(count).fill(Infinity);
  return radiuses.split(";").map((r, i) => {
    if (r === "" || r === "unlimited") return Infinity;
    if (!(NUMBER.test(r) && Number(r) >= 0 && Number.isFinite(Number(r))))
      throw new OsrmError(
        "InvalidValue",
        `radiuses: entry ${i} ('${clip(r)}') is not a distance in metres (≥ 0) or 'unlimited'`,
      );
    return Number(r);
  });
}

/**
 * OSRM's radiuses: a coordinate whose start cell (the position a route starts from, reported as
 * the waypoint's location) lies farther than its radius gets NoSegment.
 */
function checkRadiuses(
  engine: RouteEngine,
  coordinates: LonLat[],
  cells: number[],
  radiuses: number[],
  used: Iterable<number>,
): void {
  for (const i of used) {
    const r = radiuses[i]!;
    if (r === Infinity || cells[i]! < 0) continue;
    const d = geodesicInverse(coordinates[i]!, engine.position(cells[i]!)).lengthMetres;
    if (d > r)
      throw new OsrmError(
        "NoSegment",
        `could not find a matching segment for coordinate ${i} within its radius of ${r} m: the cell it starts from is centred ${Math.round(d)} m away`,
      );
  }
}

/** date / closed / open → the crossing selection of `syraq route`. */
function crossingSelection(params: URLSearchParams): CrossingSelection {
  const list = (name: string) =>
    params
      .getAll(name)
      .flatMap((v) => v.split(";"))
      .map((s) => s.trim())
      .filter(Boolean);
  const date = params.get("date");
  return { ...(date ? { date } : {}), closed: list("closed"), open: list("open") };
}

/** Input errors of core (bad date, unknown crossing) as InvalidValue. */
function coreToOsrm(e: unknown): never {
  if (e instanceof OsrmError) throw e;
  if (isSyraqError(e) && e.category === "input") throw new OsrmError("InvalidValue", e.message);
  throw e;
}

function waypoint(engine: RouteEngine, input: LonLat, cell: number): Record<string, unknown> {
  const location = engine.position(cell);
  return {
    hint: "",
    distance: round(geodesicInverse(input, location).lengthMetres, 1),
    name: "",
    location: [round(location[0], 6), round(location[1], 6)],
  };
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

type GeometryFormat = "polyline" | "polyline6" | "geojson";

function geometry(coords: LonLat[], format: GeometryFormat): unknown {
  if (format === "geojson")
    return { type: "LineString", coordinates: coords.map((p) => [round(p[0], 6), round(p[1], 6)]) };
  return encodePolyline(coords, format === "polyline6" ? 6 : 5);
}

/**
 * Douglas–Peucker in degrees (longitude scaled by cos latitude) with a 100 m tolerance: OSRM's
 * `overview=simplified` keeps the shape at city-to-region zoom; the grid's cells are ~2.5 km.
 */
export function simplify(coords: LonLat[], toleranceMetres = 100): LonLat[] {
  if (coords.length <= 2) return coords;
  const tol = toleranceMetres / 111_320;
  const keep = new Uint8Array(coords.length);
  keep[0] = 1;
  keep[coords.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, coords.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const pa = coords[a]!;
    const pb = coords[b]!;
    const k = Math.cos((((pa[1] + pb[1]) / 2) * Math.PI) / 180);
    const dx = (pb[0] - pa[0]) * k;
    const dy = pb[1] - pa[1];
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD = tol;
    for (let i = a + 1; i < b; i++) {
      const p = coords[i]!;
      const px = (p[0] - pa[0]) * k;
      const py = p[1] - pa[1];
      const t = len2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0;
      const d = Math.hypot(px - t * dx, py - t * dy);
      if (d > worstD) (worst = i), (worstD = d);
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return coords.filter((_, i) => keep[i] === 1);
}

const bearing = (a: LonLat, b: LonLat) => {
  if (a[0] === b[0] && a[1] === b[1]) return 0;
  return Math.round((geodesicInverse(a, b).azimuthStartDegrees + 360) % 360) % 360;
};

interface LegContext {
  engine: RouteEngine;
  model: ReturnType<RouteEngine["model"]>;
  crossings: CrossingSelection;
  mode: string;
  format: GeometryFormat;
  steps: boolean;
  annotations: Set<string>;
}

/** One OSRM leg from a route leg (node path from cell centre to cell centre). */
function osrmLeg(c: LegContext, leg: RouteLeg, start: LonLat, end: LonLat): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (c.steps) {
    const steps: unknown[] = [];
    let before = 0;
    leg.segments.forEach((s, i) => {
      const coords = [...s.coordinates];
      if (i === 0) coords[0] = start;
      const after = bearing(coords[0]!, coords[1] ?? coords[0]!);
      const previous = i > 0 ? leg.segments[i - 1] : undefined;
      const type = i === 0 ? "depart" : previous?.name === s.name ? "continue" : "new name";
      steps.push({
        distance: s.lengthMetres,
        duration: s.durationSeconds,
        weight: s.durationSeconds,
        name: s.name ?? "",
        mode: c.mode,
        driving_side: "right",
        geometry: geometry(coords, c.format),
        maneuver: { location: coords[0], bearing_before: before, bearing_after: after, type },
        intersections: [{ location: coords[0], bearings: [after], entry: [true], out: 0 }],
        syraq: { type: s.type, ...(s.roadClass ? { roadClass: s.roadClass } : {}) },
      });
      const n = s.coordinates.length;
      before = n >= 2 ? bearing(s.coordinates[n - 2]!, s.coordinates[n - 1]!) : before;
    });
    steps.push({
      distance: 0,
      duration: 0,
      weight: 0,
      name: leg.segments.at(-1)?.name ?? "",
      mode: c.mode,
      driving_side: "right",
      geometry: geometry([end, end], c.format),
      maneuver: { location: end, bearing_before: before, bearing_after: 0, type: "arrive" },
      intersections: [{ location: end, bearings: [(before + 180) % 360], entry: [true], in: 0 }],
    });
    out.steps = steps;
  } else out.steps = [];
  // OSRM's summary: the names of the two longest named roads of the leg
  const byName = new Map<string, number>();
  for (const s of leg.segments)
    if (s.type === "road" && s.name) byName.set(s.name, (byName.get(s.name) ?? 0) + s.lengthMetres);
  out.summary = [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([n]) => n)
    .join(", ");
  out.weight = leg.durationSeconds;
  out.duration = leg.durationSeconds;
  out.distance = leg.lengthMetres;
  if (c.annotations.size) {
    const nodes = leg.nodes;
    const closed = closedEdgesFor(c.engine.graph, c.crossings).closed;
    const costs = modelCosts(c.engine.graph, c.model);
    const distance: number[] = [];
    const duration: number[] = [];
    for (let i = 0; i + 1 < nodes.length; i++) {
      distance.push(geodesicInverse(c.engine.position(nodes[i]!), c.engine.position(nodes[i + 1]!)).lengthMetres);
      duration.push(pathCost(c.engine.graph, costs, closed, [nodes[i]!, nodes[i + 1]!]));
    }
    const a: Record<string, unknown> = {};
    if (c.annotations.has("distance")) a.distance = distance;
    if (c.annotations.has("duration")) a.duration = duration;
    if (c.annotations.has("weight")) a.weight = duration;
    if (c.annotations.has("speed"))
      a.speed = distance.map((d, i) => (duration[i]! > 0 ? round(d / duration[i]!, 1) : 0));
    if (c.annotations.has("nodes")) a.nodes = nodes;
    if (c.annotations.has("datasources")) a.datasources = distance.map(() => 0);
    out.annotation = a;
  }
  out.syraq = {
    from: leg.from,
    to: leg.to,
    ascentMetres: leg.ascentMetres,
    descentMetres: leg.descentMetres,
    roadLengthMetres: leg.roadLengthMetres,
    offRoadLengthMetres: leg.offRoadLengthMetres,
    crossings: leg.crossings,
    segments: leg.segments.map((s) => ({
      type: s.type,
      ...(s.name ? { name: s.name } : {}),
      ...(s.roadClass ? { roadClass: s.roadClass } : {}),
      lengthMetres: s.lengthMetres,
      durationSeconds: s.durationSeconds,
    })),
  };
  return out;
}

/** Merges consecutive legs between the requested `waypoints` (OSRM: other coordinates are via points). */
function mergeLegs(legs: RouteLeg[], waypoints: number[]): RouteLeg[] {
  const out: RouteLeg[] = [];
  for (let w = 0; w + 1 < waypoints.length; w++) {
    const part = legs.slice(waypoints[w], waypoints[w + 1]);
    if (part.length === 1) {
      out.push(part[0]!); // one leg between consecutive waypoints (the usual case): nothing to merge
      continue;
    }
    const sum = (f: (l: RouteLeg) => number) => part.reduce((a, l) => a + f(l), 0);
    out.push({
      from: part[0]!.from,
      to: part.at(-1)!.to,
      lengthMetres: sum((l) => l.lengthMetres),
      durationSeconds: sum((l) => l.durationSeconds),
      ascentMetres: sum((l) => l.ascentMetres),
      descentMetres: sum((l) => l.descentMetres),
      roadLengthMetres: sum((l) => l.roadLengthMetres),
      offRoadLengthMetres: sum((l) => l.offRoadLengthMetres),
      crossings: part.flatMap((l) => l.crossings),
      segments: part.flatMap((l) => l.segments),
      nodes: part.flatMap((l, i) => (i === 0 ? l.nodes : l.nodes.slice(1))),
    });
  }
  return out;
}

/** GET /route/v1/… */
export function answerRoute(engine: RouteEngine, url: string): HttpAnswer {
  try {
    return routeAnswer(engine, url);
  } catch (e) {
    if (e instanceof OsrmError) return osrmError(e.code, e.message, e.status);
    throw e;
  }
}

function routeAnswer(engine: RouteEngine, url: string): HttpAnswer {
  const { model: modelName, coordinates, params } = parseOsrmUrl(url, "route");
  if (coordinates.length < 2) throw new OsrmError("InvalidValue", "a route needs at least two coordinates");
  if (coordinates.length > OSRM_LIMITS.routeCoordinates)
    throw new OsrmError(
      "TooBig",
      `${coordinates.length} coordinates; at most ${OSRM_LIMITS.routeCoordinates} per route request`,
    );
  const radiuses = checkPerCoordinate(params, coordinates.length);
  const altRaw = params.get("alternatives") ?? "false";
  let alternatives = 0;
  if (altRaw === "true") alternatives = 1;
  else if (altRaw !== "false") {
    if (!/^\d{1,3}$/.test(altRaw))
      throw new OsrmError("InvalidValue", `alternatives must be true, false or a number; got '${clip(altRaw)}'`);
    alternatives = Math.min(Number(altRaw), OSRM_LIMITS.alternatives);
  }
  const steps = boolParam(params, "steps", false);
  const annRaw = params.get("annotations") ?? "false";
  const ALL_ANN = ["duration", "distance", "speed", "weight", "nodes", "datasources"];
  let annotations = new Set<string>();
  if (annRaw === "true") annotations = new Set(ALL_ANN);
  else if (annRaw !== "false") {
    for (const a of annRaw.split(",")) {
      if (!ALL_ANN.includes(a))
        throw new OsrmError(
          "InvalidValue",
          `annotations: '${clip(a)}' is not one of true, false, ${ALL_ANN.join(", ")}`,
        );
      annotations.add(a);
    }
  }
  const format = choiceParam(params, "geometries", ["polyline", "polyline6", "geojson"] as const, "polyline");
  const overview = choiceParam(params, "overview", ["simplified", "full", "false"] as const, "simplified");
  choiceParam(params, "continue_straight", ["default", "true", "false"] as const, "default");
  const skipWaypoints = boolParam(params, "skip_waypoints", false);
  const wpRaw = params.get("waypoints");
  const waypoints = wpRaw === null ? coordinates.map((_, i) => i) : indexList(params, "waypoints", coordinates.length);
  if (
    waypoints[0] !== 0 ||
    waypoints.at(-1) !== coordinates.length - 1 ||
    waypoints.some((w, i) => i > 0 && w <= waypoints[i - 1]!)
  )
    throw new OsrmError("InvalidValue", "waypoints must start with 0, end with the last index and increase");
  if (alternatives && coordinates.length > 2) alternatives = 0; // as OSRM: alternatives only between two points
  const crossings = crossingSelection(params);

  const points: RoutePoint[] = coordinates.map((c, i) => ({ name: `coordinate ${i}`, lonLat: c }));
  const { cells, failures } = engine.snap(points);
  if (failures.length)
    throw new OsrmError(
      "NoSegment",
      `could not find a matching segment for coordinate ${failures[0]!.index}: ${failures[0]!.error.message}`,
    );
  checkRadiuses(engine, coordinates, cells, radiuses, coordinates.keys());
  const model = (() => {
    try {
      return engine.model(modelName);
    } catch (e) {
      return coreToOsrm(e);
    }
  })();
  let best: ReturnType<typeof findRoute>;
  try {
    // a bad date or crossing name is an input error of findRoute (InvalidValue below)
    best = findRoute({ graph: engine.graph, model, points, crossings, cells });
  } catch (e) {
    if (isSyraqError(e) && e.code === "UNREACHABLE") throw new OsrmError("NoRoute", e.message);
    coreToOsrm(e);
  }
  const candidates: Array<{ legs: RouteLeg[]; coordinates: LonLat[]; closedCrossings: string[] }> = [
    { legs: best.legs, coordinates: best.coordinates, closedCrossings: best.closedCrossings },
  ];
  if (alternatives > 0) {
    const c = corridor({
      graph: engine.graph,
      model,
      from: points[0]!,
      to: points[1]!,
      alternatives: alternatives + 1,
      crossings,
    });
    for (const r of c.routes.slice(1, alternatives + 1)) {
      const path = r.leg.nodes.map((n) => engine.position(n));
      candidates.push({
        legs: [r.leg],
        coordinates: [coordinates[0]!, ...path, coordinates[1]!],
        closedCrossings: c.closedCrossings,
      });
    }
  }
  const mode = model.rampSeconds > 0 ? "driving" : "walking";
  const ctx: LegContext = { engine, model, crossings, mode, format, steps, annotations };
  const routes = candidates.map((cand) => {
    const legs = mergeLegs(cand.legs, waypoints);
    const osrmLegs = legs.map((l, i) => osrmLeg(ctx, l, coordinates[waypoints[i]!]!, coordinates[waypoints[i + 1]!]!));
    const duration = legs.reduce((a, l) => a + l.durationSeconds, 0);
    const distance = legs.reduce((a, l) => a + l.lengthMetres, 0);
    const route: Record<string, unknown> = {};
    if (overview !== "false")
      route.geometry = geometry(overview === "full" ? cand.coordinates : simplify(cand.coordinates), format);
    Object.assign(route, {
      legs: osrmLegs,
      weight_name: "duration",
      weight: duration,
      duration,
      distance,
      syraq: {
        model: model.name,
        ...(crossings.date ? { date: crossings.date } : {}),
        crossings: [...new Set(legs.flatMap((l) => l.crossings))],
        closedCrossings: cand.closedCrossings,
        roadLengthMetres: legs.reduce((a, l) => a + l.roadLengthMetres, 0),
        offRoadLengthMetres: legs.reduce((a, l) => a + l.offRoadLengthMetres, 0),
        ascentMetres: legs.reduce((a, l) => a + l.ascentMetres, 0),
        descentMetres: legs.reduce((a, l) => a + l.descentMetres, 0),
      },
    });
    return route;
  });
  const body: Record<string, unknown> = { code: "Ok", routes };
  if (!skipWaypoints) body.waypoints = waypoints.map((w) => waypoint(engine, coordinates[w]!, cells[w]!));
  return { status: 200, body };
}

/** GET /table/v1/… */
export function answerTable(
  engine: RouteEngine,
  url: string,
  deadline?: number,
  sourceRange?: [number, number],
): HttpAnswer {
  try {
    return tableAnswer(engine, url, deadline, sourceRange);
  } catch (e) {
    if (e instanceof OsrmError) return osrmError(e.code, e.message, e.status);
    throw e;
  }
}

/** Sources and destinations of a table request (checked against the limits); throws OsrmError. */
export function tableShape(url: string): { sources: number[]; destinations: number[] } {
  const { coordinates, params } = parseOsrmUrl(url, "table");
  return {
    sources: indexList(params, "sources", coordinates.length),
    destinations: indexList(params, "destinations", coordinates.length),
  };
}

function tableAnswer(engine: RouteEngine, url: string, deadline?: number, sourceRange?: [number, number]): HttpAnswer {
  const { model: modelName, coordinates, params } = parseOsrmUrl(url, "table");
  if (coordinates.length < 1) throw new OsrmError("InvalidValue", "a table needs at least one coordinate");
  if (coordinates.length > OSRM_LIMITS.tableSources + OSRM_LIMITS.tableDestinations)
    throw new OsrmError(
      "TooBig",
      `${coordinates.length} coordinates; a table takes at most 200 sources × 200 destinations`,
    );
  const radiuses = checkPerCoordinate(params, coordinates.length);
  const allSources = indexList(params, "sources", coordinates.length);
  const destinations = indexList(params, "destinations", coordinates.length);
  const sources = sourceRange ? allSources.slice(sourceRange[0], sourceRange[1]) : allSources;
  if (allSources.length > OSRM_LIMITS.tableSources || destinations.length > OSRM_LIMITS.tableDestinations)
    throw new OsrmError(
      "TooBig",
      `${allSources.length} sources × ${destinations.length} destinations; at most ${OSRM_LIMITS.tableSources} × ${OSRM_LIMITS.tableDestinations}`,
    );
  const annRaw = params.get("annotations") ?? "duration";
  const ann = new Set(annRaw.split(","));
  for (const a of ann)
    if (a !== "duration" && a !== "distance")
      throw new OsrmError("InvalidValue", `annotations: '${clip(a)}' is not duration or distance`);
  for (const name of ["fallback_speed", "scale_factor"]) {
    const v = params.get(name);
    if (v !== null && !(NUMBER.test(v) && Number(v) > 0))
      throw new OsrmError("InvalidValue", `${name} must be a positive number; got '${clip(v)}'`);
  }
  choiceParam(params, "fallback_coordinate", ["input", "snapped"] as const, "input");
  const scale = Number(params.get("scale_factor") ?? 1);
  const skipWaypoints = boolParam(params, "skip_waypoints", false);
  const crossings = crossingSelection(params);
  try {
    engine.model(modelName);
    closedEdgesFor(engine.graph, crossings);
  } catch (e) {
    coreToOsrm(e);
  }
  const points: RoutePoint[] = coordinates.map((c, i) => ({ name: `coordinate ${i}`, lonLat: c }));
  const { cells, failures } = engine.snap(points);
  const used = new Set([...sources, ...destinations]);
  const bad = failures.find((f) => used.has(f.index));
  if (bad)
    throw new OsrmError(
      "NoSegment",
      `could not find a matching segment for coordinate ${bad.index}: ${bad.error.message}`,
    );
  checkRadiuses(
    engine,
    coordinates,
    cells,
    radiuses,
    [...used].sort((a, b) => a - b),
  );
  let rows: ReturnType<RouteEngine["table"]>;
  try {
    rows = engine.table({
      sourceCells: sources.map((i) => cells[i]!),
      targetCells: destinations.map((i) => cells[i]!),
      model: modelName,
      crossings,
      distances: ann.has("distance"),
      ...(deadline !== undefined ? { deadline } : {}),
    });
  } catch (e) {
    if (isSyraqError(e) && e.details.timeout) throw new OsrmError("TooBig", e.message);
    throw e;
  }
  const body: Record<string, unknown> = { code: "Ok" };
  if (ann.has("duration"))
    body.durations = rows.map((r) => r.durationsSeconds.map((d) => (d === null ? null : d * scale)));
  if (ann.has("distance")) body.distances = rows.map((r) => r.distancesMetres);
  if (!skipWaypoints) {
    body.sources = sources.map((i) => waypoint(engine, coordinates[i]!, cells[i]!));
    body.destinations = destinations.map((i) => waypoint(engine, coordinates[i]!, cells[i]!));
  }
  return { status: 200, body };
}

/**
 * GET /nearest/v1/{profile}/{lon},{lat}?number=N: the free cells a point can start from, nearest
 * first: the cell a route starts from (its own, or the nearest free cell on its bank), then the
 * other free cells within 4 cells reached without crossing a river or lake line, by geodesic
 * distance from the point. `nodes` holds the cell index twice (OSRM gives the segment's two nodes).
 */
export function answerNearest(engine: RouteEngine, url: string): HttpAnswer {
  try {
    const { coordinates, params } = parseOsrmUrl(url, "nearest");
    if (coordinates.length !== 1)
      throw new OsrmError("InvalidOptions", `nearest takes exactly one coordinate; got ${coordinates.length}`);
    const radius = checkPerCoordinate(params, 1)[0]!;
    const numberText = params.get("number") ?? "1";
    if (!/^\d{1,3}$/.test(numberText) || Number(numberText) < 1 || Number(numberText) > 100)
      throw new OsrmError("InvalidValue", `number must be an integer from 1 to 100; got '${clip(numberText)}'`);
    const number = Number(numberText);
    const p = coordinates[0]!;
    const { cells, failures } = engine.snap([{ name: "coordinate 0", lonLat: p }]);
    if (failures.length)
      throw new OsrmError(
        "NoSegment",
        `could not find a matching segment for coordinate 0: ${failures[0]!.error.message}`,
      );
    checkRadiuses(engine, coordinates, cells, [radius], [0]);
    const g = engine.graph;
    const first = cells[0]!;
    const found: Array<{ cell: number; d: number }> = [];
    const own = cellAt(g.grid, p[0], p[1]) ?? {
      col: first % g.width,
      row: Math.floor(first / g.width),
    };
    for (let dr = -4; dr <= 4; dr++)
      for (let dc = -4; dc <= 4; dc++) {
        const r = own.row + dr;
        const c = own.col + dc;
        if (r < 0 || c < 0 || r >= g.height || c >= g.width) continue;
        const i = r * g.width + c;
        if (i === first || g.blocked[i] !== 0) continue;
        const centre = cellCentre(g.grid, c, r) as LonLat;
        if (g.barrierIndex.crossings(p, centre).length > 0) continue;
        const d = geodesicInverse(p, centre).lengthMetres;
        if (d <= radius) found.push({ cell: i, d });
      }
    found.sort((a, b) => a.d - b.d || a.cell - b.cell);
    const chosen = [first, ...found.map((f) => f.cell)].slice(0, number);
    const waypoints = chosen.map((cell) => ({ ...waypoint(engine, p, cell), nodes: [cell, cell] }));
    return { status: 200, body: { code: "Ok", waypoints } };
  } catch (e) {
    if (e instanceof OsrmError) return osrmError(e.code, e.message, e.status);
    throw e;
  }
}
