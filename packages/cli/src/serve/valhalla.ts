/**
 * Valhalla's isochrone service (valhalla.github.io/valhalla/api/isochrone/api-reference):
 * `POST /isochrone` with a JSON body, or `GET /isochrone?json={…}`, answered by the same
 * multi-source search as `syraq isochrone`. Request: `locations: [{lat, lon}]`, `costing`
 * (`auto` = vehicle, `pedestrian` = foot, or a Syraq model name), `contours: [{time:
 * minutes, color?}]`, `polygons`, `show_locations`; Syraq's extras `date`, `closed`, `open`.
 * Answer: a GeoJSON FeatureCollection, one feature per contour, largest first, with
 * Valhalla's `contour`, `metric`, `color`, `fill`, `opacity` properties (plus Syraq's
 * `areaSquareMetres` and `cellCount`). Errors use Valhalla's codes and shape.
 */
import { type CrossingSelection, isochrones, isSyraqError, type LonLat, type RoutePoint } from "@syraq/core";
import type { RouteEngine } from "../shared/engine.ts";
import type { HttpAnswer } from "./osrm.ts";

export const VALHALLA_LIMITS = { locations: 20, contours: 4, maxMinutes: 1440 };

const COSTINGS: Record<string, string> = { auto: "vehicle", pedestrian: "foot" };

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 404: "Not Found", 413: "Payload Too Large" };

export class ValhallaError extends Error {
  readonly errorCode: number;
  readonly status: number;
  constructor(errorCode: number, message: string, status = 400) {
    super(message);
    this.errorCode = errorCode;
    this.status = status;
  }
}

export const valhallaError = (errorCode: number, message: string, status = 400): HttpAnswer => ({
  status,
  body: { error_code: errorCode, error: message, status_code: status, status: STATUS_TEXT[status] ?? "Error" },
});

const DEFAULT_COLOURS = ["ff0000", "ff8000", "ffff00", "00ff00"];

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v;
}

/** Parses and validates a request body (already JSON-parsed). */
export function parseIsochroneRequest(body: unknown): {
  points: RoutePoint[];
  model: string;
  minutes: number[];
  colours: string[];
  polygons: boolean;
  showLocations: boolean;
  crossings: CrossingSelection;
} {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new ValhallaError(100, `Failed to parse json request: expected an object, got ${describe(body)}`);
  const b = body as Record<string, unknown>;
  const locs = b.locations;
  if (!Array.isArray(locs)) throw new ValhallaError(110, "Insufficiently specified required parameter 'locations'");
  if (locs.length < 1) throw new ValhallaError(120, "Insufficient number of locations provided");
  if (locs.length > VALHALLA_LIMITS.locations)
    throw new ValhallaError(150, `Exceeded max locations of ${VALHALLA_LIMITS.locations}.`);
  const points = locs.map((l, i) => {
    const o = (l ?? {}) as Record<string, unknown>;
    const lat = o.lat;
    const lon = o.lon;
    if (typeof lat !== "number" || typeof lon !== "number" || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180))
      throw new ValhallaError(130, `Failed to parse location ${i}: lat and lon must be numbers in range`);
    return { name: `location ${i} (${lat.toFixed(5)}°N ${lon.toFixed(5)}°E)`, lonLat: [lon, lat] as LonLat };
  });
  if (b.costing === undefined) throw new ValhallaError(124, "No edge/node costing provided");
  if (typeof b.costing !== "string") throw new ValhallaError(125, "No costing method found: costing must be a string");
  const model = COSTINGS[b.costing] ?? b.costing;
  const contours = b.contours;
  if (!Array.isArray(contours) || !contours.length)
    throw new ValhallaError(113, "Insufficiently specified required parameter 'contours'");
  if (contours.length > VALHALLA_LIMITS.contours)
    throw new ValhallaError(152, `Exceeded max contours of ${VALHALLA_LIMITS.contours}.`);
  const minutes: number[] = [];
  const colours: string[] = [];
  contours.forEach((c, i) => {
    const o = (c ?? {}) as Record<string, unknown>;
    if (o.distance !== undefined && o.time === undefined)
      throw new ValhallaError(
        111,
        "Insufficiently specified required parameter 'time' (distance contours are not supported)",
      );
    const t = o.time;
    if (typeof t !== "number" || !(t > 0) || !Number.isFinite(t))
      throw new ValhallaError(111, `Insufficiently specified required parameter 'time' in contour ${i}`);
    if (t > VALHALLA_LIMITS.maxMinutes)
      throw new ValhallaError(151, `Exceeded max time of ${VALHALLA_LIMITS.maxMinutes}.`);
    minutes.push(t);
    const colour = typeof o.color === "string" && /^[0-9a-fA-F]{6}$/.test(o.color) ? o.color : DEFAULT_COLOURS[i]!;
    colours.push(colour);
  });
  if (new Set(minutes).size !== minutes.length)
    throw new ValhallaError(111, "Insufficiently specified required parameter 'time': contours repeat a time");
  const list = (name: string): string[] => {
    const v = b[name];
    if (v === undefined) return [];
    if (typeof v === "string") return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
    throw new ValhallaError(100, `Failed to parse json request: '${name}' must be a crossing name or a list of names`);
  };
  if (b.date !== undefined && typeof b.date !== "string")
    throw new ValhallaError(100, "Failed to parse json request: 'date' must be YYYY-MM-DD");
  const crossings: CrossingSelection = {
    ...(typeof b.date === "string" ? { date: b.date } : {}),
    closed: list("closed"),
    open: list("open"),
  };
  return {
    points,
    model,
    minutes,
    colours,
    polygons: b.polygons === true,
    showLocations: b.show_locations === true,
    crossings,
  };
}

/** Answers an isochrone request; `body` is the parsed JSON (POST body or GET ?json=). */
export function answerIsochrone(engine: RouteEngine, body: unknown): HttpAnswer {
  try {
    return isochroneAnswer(engine, body);
  } catch (e) {
    if (e instanceof ValhallaError) return valhallaError(e.errorCode, e.message, e.status);
    throw e;
  }
}

function isochroneAnswer(engine: RouteEngine, body: unknown): HttpAnswer {
  const q = parseIsochroneRequest(body);
  let model: ReturnType<RouteEngine["model"]>;
  try {
    model = engine.model(q.model);
  } catch {
    throw new ValhallaError(
      125,
      `No costing method found for '${q.model}': use auto, pedestrian or a Syraq model name`,
    );
  }
  const { cells, failures } = engine.snap(q.points);
  if (failures.length)
    throw new ValhallaError(
      171,
      `No suitable edges near location ${failures[0]!.index}: ${failures[0]!.error.message}`,
    );
  let r: ReturnType<typeof isochrones>;
  try {
    r = isochrones({
      graph: engine.graph,
      model,
      sources: q.points,
      durationsSeconds: q.minutes.map((m) => m * 60),
      crossings: q.crossings,
    });
  } catch (e) {
    if (isSyraqError(e) && e.category === "input")
      throw new ValhallaError(100, `Failed to parse json request: ${e.message}`);
    throw e;
  }
  const byMinutes = new Map(q.minutes.map((m, i) => [m, q.colours[i]!]));
  const round = (p: number[]) => [Math.round(p[0]! * 1e6) / 1e6, Math.round(p[1]! * 1e6) / 1e6];
  const features: unknown[] = [...r.bands].reverse().map((band) => {
    const minutes = band.durationSeconds / 60;
    const colour = `#${byMinutes.get(minutes) ?? "ff0000"}`;
    const polys = band.geometry.coordinates.map((poly) => poly.map((ring) => ring.map(round)));
    const geometry = q.polygons
      ? { type: "MultiPolygon", coordinates: polys }
      : polys.length === 1
        ? { type: "LineString", coordinates: polys[0]![0] ?? [] }
        : { type: "MultiLineString", coordinates: polys.map((p) => p[0] ?? []) };
    return {
      type: "Feature",
      geometry,
      properties: {
        fill: colour,
        fillColor: colour,
        "fill-opacity": 0.33,
        fillOpacity: 0.33,
        color: colour,
        opacity: 0.33,
        contour: minutes,
        metric: "time",
        areaSquareMetres: band.areaSquareMetres,
        cellCount: band.cellCount,
        model: r.model,
      },
    };
  });
  if (q.showLocations) {
    q.points.forEach((p, i) => {
      const snapped = engine.position(cells[i]!);
      features.push({
        type: "Feature",
        geometry: { type: "MultiPoint", coordinates: [round(snapped), round(p.lonLat)] },
        properties: { location_index: i, type: "snapped, input" },
      });
    });
  }
  return { status: 200, body: { type: "FeatureCollection", features, syraq: { closedCrossings: r.closedCrossings } } };
}
