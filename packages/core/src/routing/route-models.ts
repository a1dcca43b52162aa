/**
 * Travel models of the route graph: the off-road pace on the terrain grid (an
 * anisotropic function of the signed slope of a move), road speeds by class,
 * ramp and crossing costs. Off-road paces follow the cost models of issue 4
 * (Tobler's hiking function for foot; a slope-limited off-road vehicle); the
 * road part (speeds by class) is the route graph's own and comes from
 * data/roads/roads.json.
 */
import { SyraqError } from "../errors.ts";
import { TERRAIN_MODEL_NAMES, terrainCostModel } from "../cost/models.ts";
import { DEFAULT_CLASS_CODES, DEFAULT_CLASS_SPEED_FACTORS } from "../cost/surface.ts";
import type { RoadClass } from "./network.ts";

/**
 * A travel model for the route graph: off-road pace (seconds per metre), road and crossing speeds (km/h), ramp and
 * ferry delays (seconds).
 */
export interface RouteModel {
  name: string;
  description: string;
  /** Off-road seconds per metre of ground length at a signed slope (rise/run, uphill > 0); +Infinity = impassable. */
  pace(slope: number): number;
  /** Road speeds by class, km/h. */
  roadSpeedsKmh: Record<RoadClass, number>;
  /** Fixed cost of getting on or off the network at a node, seconds (each way). */
  rampSeconds: number;
  /** Speed over a bridge, dam or pontoon, km/h. */
  crossingSpeedKmh: number;
  /** Extra time to use a ferry / pontoon, seconds. */
  ferryDelaySeconds: number;
  /** Vehicles keep to one-way roads (OSM oneway); walkers do not. */
  respectsOneway?: boolean;
  source: string;
  /** Off-road speed factor per terrain class code (1 water … 6 mountain, terrain/classes.ts), used when the graph has classes. */
  classSpeedFactors?: Record<number, number>;
}

/**
 * Road speeds in km/h by model kind ("vehicle", "foot") and road class (data/roads/roads.json).
 */
export type RoadSpeedTable = Record<string, Record<RoadClass, number>>;

const DEFAULT_SPEEDS: RoadSpeedTable = {
  vehicle: { motorway: 90, primary: 70, secondary: 50, track: 25 },
  foot: { motorway: 5, primary: 5, secondary: 5, track: 4.5 },
};

/** Route model names: two short aliases, then every terrain model of cost/models.ts. */
export const ROUTE_MODEL_ALIASES: Record<string, string> = { vehicle: "vehicle-offroad", foot: "tobler" };
/**
 * Every name {@link routeModel} accepts (aliases and terrain models).
 */
export const ROUTE_MODEL_NAMES: readonly string[] = [...Object.keys(ROUTE_MODEL_ALIASES), ...TERRAIN_MODEL_NAMES];

/**
 * The named route model: the off-road pace of the terrain model (issue 4's cost
 * models: foot = tobler, vehicle = vehicle-offroad), road speeds from the "vehicle"
 * or "foot" table of data/roads/roads.json by the model's kind.
 *
 * Throws BAD_OPTION listing the known names for an unknown model.
 *
 * @example
 * ```ts
 * import { routeModel } from "@syraq/core";
 * import { loadRoadsDefinition } from "@syraq/core/node";
 * const vehicle = routeModel("vehicle", loadRoadsDefinition().speedsKmh);
 * vehicle.roadSpeedsKmh.primary; // km/h
 * vehicle.pace(0); // off-road seconds per metre on the flat
 * ```
 */
export function routeModel(name: string, speeds: RoadSpeedTable = DEFAULT_SPEEDS): RouteModel {
  const terrainName = ROUTE_MODEL_ALIASES[name] ?? name;
  if (!TERRAIN_MODEL_NAMES.includes(terrainName)) {
    throw new SyraqError("BAD_OPTION", `--model '${name}' is not a route model: use ${ROUTE_MODEL_NAMES.join(", ")}`, {
      model: name,
    });
  }
  const terrain = terrainCostModel(terrainName);
  const table = terrain.kind === "vehicle" ? "vehicle" : "foot";
  const vehicle = terrain.kind === "vehicle";
  return {
    name,
    description: `${terrain.title} off-road; roads at the ${table} speeds of data/roads/roads.json`,
    pace: terrain.pace,
    roadSpeedsKmh: speeds[table] ?? DEFAULT_SPEEDS[table]!,
    rampSeconds: vehicle ? 60 : 0,
    crossingSpeedKmh: vehicle ? 30 : 4.5,
    ferryDelaySeconds: 900,
    respectsOneway: vehicle,
    source: terrain.source,
    classSpeedFactors: Object.fromEntries(
      Object.entries(DEFAULT_CLASS_CODES).map(([code, name]) => [
        Number(code),
        DEFAULT_CLASS_SPEED_FACTORS[terrain.kind][name],
      ]),
    ),
  };
}

/** Smallest off-road pace over slopes in [-1, 1] (sampled every 0.0005, then 1 % margin): for A*'s lower bound. */
export function minimumPace(model: RouteModel): number {
  let m = Infinity;
  for (let i = -2000; i <= 2000; i++) m = Math.min(m, model.pace(i / 2000));
  return m * 0.99;
}
