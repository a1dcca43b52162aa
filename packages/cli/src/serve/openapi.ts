/** The OpenAPI 3.0 description served at GET /openapi.json. */
import { ROUTE_MODEL_NAMES } from "@syraq/core";
import { API_COMMANDS } from "../shared/requests.ts";
import { OSRM_LIMITS, OSRM_PROFILES } from "./osrm.ts";
import { VALHALLA_LIMITS } from "./valhalla.ts";

const osrmError = {
  description:
    "OSRM error: code InvalidUrl, InvalidService, InvalidVersion, InvalidOptions, InvalidQuery, InvalidValue, NoSegment, NoRoute or TooBig",
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["code", "message"],
        properties: { code: { type: "string" }, message: { type: "string" } },
      },
    },
  },
};

const syraqError = {
  description:
    "Syraq error (the CLI's --json error): 400 bad input, 422 no result, 503 loading or data missing, 504 time limit",
  content: {
    "application/json": {
      schema: {
        type: "object",
        properties: {
          error: {
            type: "object",
            properties: { code: { type: "string" }, message: { type: "string" }, details: { type: "object" } },
          },
        },
      },
    },
  },
};

const crossingParams = [
  {
    name: "date",
    in: "query",
    schema: { type: "string", format: "date" },
    description: "crossing statuses on this date",
  },
  { name: "closed", in: "query", schema: { type: "string" }, description: "crossing names to close, ';'-separated" },
  { name: "open", in: "query", schema: { type: "string" }, description: "crossing names to open, ';'-separated" },
];

const radiusesParam = {
  name: "radiuses",
  in: "query",
  schema: { type: "string" },
  description:
    "per coordinate, ';'-separated: metres (≥ 0), 'unlimited' or empty. A coordinate whose start cell (the waypoint's location) is centred farther away gets NoSegment; on the 1.5′ grid a point's own cell centre can lie up to about 2 km from it",
};

/** OSRM parameters a grid engine accepts for compatibility, checks for shape, and does not use. */
const ignored = (names: string[]) =>
  names.map((name) => ({
    name,
    in: "query",
    schema: { type: "string" },
    description:
      "accepted for OSRM clients and checked for OSRM's shape, but it does not change the answer: a grid cell has no direction, side of the road or hint to reuse",
  }));

const pathParams = [
  {
    name: "profile",
    in: "path",
    required: true,
    schema: { type: "string", enum: Object.keys(OSRM_PROFILES) },
    description: `driving/car = vehicle, foot/walking = foot, or a Syraq model (${ROUTE_MODEL_NAMES.join(", ")})`,
  },
  {
    name: "coordinates",
    in: "path",
    required: true,
    schema: { type: "string" },
    description: "{lon},{lat};{lon},{lat}[;…] or polyline({…}) / polyline6({…})",
  },
];

export function openApiDocument(): unknown {
  const syraqPaths = Object.fromEntries(
    API_COMMANDS.map((c) => [
      `/syraq/v1/${c}`,
      {
        post: {
          summary: `the JSON of 'syraq ${c} … --json'`,
          description:
            'Body: the command\'s arguments and options by name, e.g. {"from": "Raqqa", "to": "Palmyra", "model": "foot"} (see \'syraq help ' +
            c +
            "'). Options that read or write files (out, dem, roads, crossings, data-dir) are refused. Notes the CLI prints on stderr come back URI-encoded in the Syraq-Notes header.",
          requestBody: { content: { "application/json": { schema: { type: "object" } } } },
          responses: { "200": { description: `as 'syraq ${c} --json'` }, "400": syraqError, "422": syraqError },
        },
        get: {
          summary: `the same with the arguments in the query string (repeat a name for a list)`,
          responses: { "200": { description: `as 'syraq ${c} --json'` }, "400": syraqError },
        },
      },
    ]),
  );
  return {
    openapi: "3.0.3",
    info: {
      title: "Syraq engine",
      version: "0.1.0",
      description:
        "Routes, tables and isochrones over the Syraq route graph (terrain + road skeleton + river crossings) through the OSRM v1 and Valhalla isochrone APIs, and Syraq's own JSON API. Limits: body ≤ 1 MB, " +
        `≤ ${OSRM_LIMITS.routeCoordinates} coordinates per route, table ≤ ${OSRM_LIMITS.tableSources} × ${OSRM_LIMITS.tableDestinations}, ` +
        `isochrone ≤ ${VALHALLA_LIMITS.contours} contours of ≤ ${VALHALLA_LIMITS.maxMinutes} min, a per-request time limit (syraq serve --time-limit-seconds).`,
    },
    paths: {
      "/health": { get: { summary: "200 once the engine is loaded, 503 while loading or stopping", responses: {} } },
      "/route/v1/{profile}/{coordinates}": {
        get: {
          summary: "OSRM route service",
          parameters: [
            ...pathParams,
            {
              name: "alternatives",
              in: "query",
              schema: { type: "string" },
              description: "true, false or a number (≤ 3)",
            },
            { name: "steps", in: "query", schema: { type: "boolean" } },
            {
              name: "annotations",
              in: "query",
              schema: { type: "string" },
              description: "true, false or duration,distance,speed,weight,nodes,datasources",
            },
            { name: "geometries", in: "query", schema: { type: "string", enum: ["polyline", "polyline6", "geojson"] } },
            { name: "overview", in: "query", schema: { type: "string", enum: ["simplified", "full", "false"] } },
            { name: "waypoints", in: "query", schema: { type: "string" } },
            { name: "skip_waypoints", in: "query", schema: { type: "boolean" } },
            radiusesParam,
            {
              name: "exclude",
              in: "query",
              schema: { type: "string" },
              description: "refused (InvalidValue) when not empty: the profiles have no excludable classes",
            },
            ...ignored(["bearings", "hints", "approaches", "continue_straight", "snapping", "generate_hints"]),
            ...crossingParams,
          ],
          responses: {
            "200": { description: "{code: Ok, routes[{distance m, duration s, geometry, legs, syraq}], waypoints}" },
            "400": osrmError,
          },
        },
      },
      "/table/v1/{profile}/{coordinates}": {
        get: {
          summary: "OSRM table service (one-to-many searches)",
          parameters: [
            ...pathParams,
            { name: "sources", in: "query", schema: { type: "string" }, description: "indices ';'-separated or all" },
            { name: "destinations", in: "query", schema: { type: "string" } },
            { name: "annotations", in: "query", schema: { type: "string" }, description: "duration, distance or both" },
            {
              name: "scale_factor",
              in: "query",
              schema: { type: "number" },
              description: "durations multiplied by it",
            },
            { name: "skip_waypoints", in: "query", schema: { type: "boolean" } },
            radiusesParam,
            ...ignored([
              "fallback_speed",
              "fallback_coordinate",
              "bearings",
              "hints",
              "approaches",
              "snapping",
              "generate_hints",
            ]),
            ...crossingParams,
          ],
          responses: {
            "200": {
              description: "{code: Ok, durations[][] s, distances[][] m, sources, destinations}; null = unreachable",
            },
            "400": osrmError,
          },
        },
      },
      "/nearest/v1/{profile}/{coordinates}": {
        get: {
          summary: "OSRM nearest service: the free grid cells a point can start from, nearest first",
          parameters: [
            ...pathParams,
            { name: "number", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } },
            radiusesParam,
            ...ignored(["bearings", "hints", "approaches", "snapping", "generate_hints"]),
          ],
          responses: {
            "200": { description: "{code: Ok, waypoints[{location, distance, name, nodes}]}" },
            "400": osrmError,
          },
        },
      },
      "/isochrone": {
        post: {
          summary: "Valhalla isochrone service",
          requestBody: {
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["locations", "costing", "contours"],
                  properties: {
                    locations: { type: "array", items: { type: "object", properties: { lat: {}, lon: {} } } },
                    costing: { type: "string", description: "auto, pedestrian or a Syraq model" },
                    contours: { type: "array", items: { type: "object", properties: { time: {}, color: {} } } },
                    polygons: { type: "boolean" },
                    show_locations: { type: "boolean" },
                    date: { type: "string" },
                    closed: { type: "array", items: { type: "string" } },
                    open: { type: "array", items: { type: "string" } },
                  },
                },
              },
            },
          },
          responses: {
            "200": { description: "GeoJSON FeatureCollection, one feature per contour (largest first)" },
            "400": { description: "{error_code, error, status_code, status} as Valhalla" },
          },
        },
        get: {
          summary: "the same with ?json={…}",
          parameters: [{ name: "json", in: "query", required: true, schema: { type: "string" } }],
          responses: {},
        },
      },
      "/syraq/v1": {
        post: {
          summary: 'one request of a batch file: {"id": …, "command": …, "args": {…}}',
          responses: { "200": { description: "the command's JSON" }, "400": syraqError },
        },
      },
      ...syraqPaths,
    },
  };
}
