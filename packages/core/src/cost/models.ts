/**
 * Travel-cost models. Each describes itself (name, units, source, parameters,
 * formula); `syraq models` and docs/cost-and-accumulation.md list these
 * descriptions. Terrain models give a pace in seconds per metre of horizontal
 * ground length as a function of the signed slope s = Δz / Δx of a move
 * (uphill > 0), so they are anisotropic: A→B and B→A differ.
 */
import { SyraqError } from "../errors.ts";

/**
 * Units of a cost model's cost per metre of ground.
 */
export type CostUnits = "seconds per metre" | "cost per metre" | "cost per cell";

/**
 * One parameter of a cost model, with its value and unit.
 */
export interface CostModelParameter {
  name: string;
  value: number;
  unit: string;
  description: string;
}

/**
 * A cost model as `syraq models` lists it: kind, units, formula, source and parameters.
 */
export interface CostModelDescription {
  name: string;
  title: string;
  kind: "walking" | "vehicle" | "raster";
  /** True when the cost of A→B depends on the direction (sign of the slope). */
  anisotropic: boolean;
  /** Units of the model's per-metre cost (the accumulated cost is this × metres). */
  units: CostUnits;
  /** Citation of the formula. */
  source: string;
  formula: string;
  parameters: CostModelParameter[];
}

/**
 * A walking or vehicle model: pace in seconds per metre as a function of slope (rise/run).
 */
export interface TerrainCostModel extends CostModelDescription {
  kind: "walking" | "vehicle";
  /** Seconds per metre of horizontal length at slope s (rise / run); +Infinity = impassable. */
  pace(slope: number): number;
  /** The smallest pace over all slopes (s/m, > 0): the fastest the model ever moves. */
  minPace: number;
}

const RAD_TO_DEG = 180 / Math.PI;

/** Parameters by name with overrides applied (unknown override names are errors). */
function params(
  defaults: CostModelParameter[],
  overrides: Record<string, number>,
  model: string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of defaults) out[p.name] = p.value;
  for (const [k, v] of Object.entries(overrides)) {
    if (!(k in out))
      throw new SyraqError(
        "BAD_OPTION",
        `model ${model} has no parameter '${k}'; parameters: ${defaults.map((p) => p.name).join(", ")}`,
        { model, parameter: k },
      );
    if (!Number.isFinite(v))
      throw new SyraqError("BAD_OPTION", `model ${model}: parameter ${k} must be a finite number; got ${v}`, {
        model,
        parameter: k,
      });
    out[k] = v;
  }
  return out;
}

type Factory = (overrides?: Record<string, number>) => TerrainCostModel;

const TOBLER_PARAMS: CostModelParameter[] = [
  { name: "topSpeedKmh", value: 6, unit: "km/h", description: "speed at the optimal slope" },
  { name: "decay", value: 3.5, unit: "1", description: "exponential decay per unit of slope" },
  {
    name: "optimalSlope",
    value: -0.05,
    unit: "rise/run",
    description: "slope of the fastest walk (slightly downhill)",
  },
];

const tobler: Factory = (o = {}) => {
  const p = params(TOBLER_PARAMS, o, "tobler");
  const v0 = p.topSpeedKmh! / 3.6;
  return {
    name: "tobler",
    title: "Tobler's hiking function (walking)",
    kind: "walking",
    anisotropic: true,
    units: "seconds per metre",
    source: "W. Tobler (1993), Three presentations on geographical analysis and modeling, NCGIA Technical Report 93-1",
    formula: "v = 6 · exp(−3.5 · |s + 0.05|) km/h; pace = 1 / v (s/m); s = Δz/Δx along the move",
    parameters: TOBLER_PARAMS.map((q) => ({ ...q, value: p[q.name]! })),
    pace: (s) => 1 / (v0 * Math.exp(-p.decay! * Math.abs(s - p.optimalSlope!))),
    minPace: p.decay! >= 0 ? 1 / v0 : 0, // 0: no positive bound (the engine then uses its heap)
  };
};

const MODIFIED_TOBLER_PARAMS: CostModelParameter[] = [
  { name: "topSpeedKmh", value: 4.8, unit: "km/h", description: "speed at the optimal slope" },
  { name: "decay", value: 5.3, unit: "1", description: "exponential decay" },
  { name: "slopeWeight", value: 0.7, unit: "1", description: "weight of the slope inside the exponent" },
  {
    name: "offset",
    value: 0.03,
    unit: "1",
    description: "offset inside the exponent (optimum at s = −offset/slopeWeight)",
  },
];

const toblerModified: Factory = (o = {}) => {
  const p = params(MODIFIED_TOBLER_PARAMS, o, "tobler-modified");
  const v0 = p.topSpeedKmh! / 3.6;
  return {
    name: "tobler-modified",
    title: "Modified Tobler hiking function for walking trails (walking)",
    kind: "walking",
    anisotropic: true,
    units: "seconds per metre",
    source:
      "J. Márquez-Pérez, I. Vallejo-Villalta, J. I. Álvarez-Francoso (2017), Estimated travel time for walking trails in natural areas, Geografisk Tidsskrift 117(1), 53–62",
    formula: "v = 4.8 · exp(−5.3 · |0.7 · s + 0.03|) km/h; pace = 1 / v (s/m)",
    parameters: MODIFIED_TOBLER_PARAMS.map((q) => ({ ...q, value: p[q.name]! })),
    pace: (s) => 1 / (v0 * Math.exp(-p.decay! * Math.abs(p.slopeWeight! * s + p.offset!))),
    minPace: p.decay! >= 0 ? 1 / v0 : 0,
  };
};

const NAISMITH_PARAMS: CostModelParameter[] = [
  { name: "flatSpeedKmh", value: 5, unit: "km/h", description: "Naismith: horizontal walking speed" },
  {
    name: "ascentSecondsPerMetre",
    value: 6,
    unit: "s per m climbed",
    description: "Naismith: 1 hour per 600 m of ascent",
  },
  {
    name: "gentleDescentSecondsPerMetre",
    value: -2,
    unit: "s per m descended",
    description: "Langmuir: −10 min per 300 m on descents between the two angles",
  },
  {
    name: "steepDescentSecondsPerMetre",
    value: 2,
    unit: "s per m descended",
    description: "Langmuir: +10 min per 300 m on descents steeper than the upper angle",
  },
  {
    name: "gentleDescentMinDegrees",
    value: 5,
    unit: "degrees",
    description: "Langmuir: descents gentler than this cost no correction",
  },
  {
    name: "steepDescentMinDegrees",
    value: 12,
    unit: "degrees",
    description: "Langmuir: descents steeper than this are slowed",
  },
];

const naismith: Factory = (o = {}) => {
  const p = params(NAISMITH_PARAMS, o, "naismith-langmuir");
  const flat = 3.6 / p.flatSpeedKmh!;
  const tanGentle = Math.tan(p.gentleDescentMinDegrees! / RAD_TO_DEG);
  const tanSteep = Math.tan(p.steepDescentMinDegrees! / RAD_TO_DEG);
  return {
    name: "naismith-langmuir",
    title: "Naismith's rule with Langmuir's descent corrections (walking)",
    kind: "walking",
    anisotropic: true,
    units: "seconds per metre",
    source:
      "W. W. Naismith (1892), Scottish Mountaineering Club Journal 2; E. Langmuir (1984/2013), Mountaincraft and Leadership, Mountain Leader Training Board",
    formula:
      "pace = 0.72 s/m (5 km/h) + per metre of ground: uphill 6·s (1 h per 600 m climbed); downhill 5°–12°: −2·|s| (−10 min per 300 m); steeper than 12°: +2·|s| (+10 min per 300 m)",
    parameters: NAISMITH_PARAMS.map((q) => ({ ...q, value: p[q.name]! })),
    pace: (s) => {
      if (s >= 0) return flat + p.ascentSecondsPerMetre! * s;
      const d = -s;
      if (d > tanSteep) return flat + p.steepDescentSecondsPerMetre! * d;
      if (d >= tanGentle) return flat + p.gentleDescentSecondsPerMetre! * d;
      return flat;
    },
    // piecewise linear in s: the minimum is at a branch end (flat, or the ends of the gentle-descent band)
    minPace:
      p.ascentSecondsPerMetre! >= 0 && p.steepDescentSecondsPerMetre! >= 0
        ? Math.max(
            0,
            Math.min(
              flat,
              flat + p.gentleDescentSecondsPerMetre! * tanGentle,
              flat + p.gentleDescentSecondsPerMetre! * tanSteep,
              flat + p.steepDescentSecondsPerMetre! * tanSteep,
            ),
          )
        : 0,
  };
};

const VEHICLE_PARAMS: CostModelParameter[] = [
  { name: "flatSpeedKmh", value: 40, unit: "km/h", description: "off-road speed on level desert plain" },
  { name: "maxSlopeDegrees", value: 30, unit: "degrees", description: "steeper moves (up or down) are impassable" },
  {
    name: "uphillLoss",
    value: 0.8,
    unit: "1",
    description: "share of speed lost climbing at the maximum slope (linear in the angle)",
  },
  {
    name: "downhillLoss",
    value: 0.5,
    unit: "1",
    description: "share of speed lost descending at the maximum slope (linear in the angle)",
  },
];

const vehicle: Factory = (o = {}) => {
  const p = params(VEHICLE_PARAMS, o, "vehicle-offroad");
  const v0 = p.flatSpeedKmh! / 3.6;
  const max = p.maxSlopeDegrees!;
  return {
    name: "vehicle-offroad",
    title: "Off-road vehicle: speed falls linearly with the slope angle, impassable above a maximum slope",
    kind: "vehicle",
    anisotropic: true,
    units: "seconds per metre",
    source:
      "Syraq project model (an assumption, not a published formula): parameters are tunable; per-terrain-class speed factors multiply the speed",
    formula:
      "θ = atan(s); |θ| > 30° → impassable; v = 40 km/h · (1 − 0.8 · θ/30°) uphill, · (1 − 0.5 · |θ|/30°) downhill; pace = 1 / v",
    parameters: VEHICLE_PARAMS.map((q) => ({ ...q, value: p[q.name]! })),
    pace: (s) => {
      const deg = Math.atan(s) * RAD_TO_DEG;
      const a = Math.abs(deg);
      if (a > max) return Infinity;
      const loss = deg > 0 ? p.uphillLoss! : p.downhillLoss!;
      return 1 / (v0 * (1 - (loss * a) / max));
    },
    // fastest on the level (losses >= 0), or at the steepest descent when a negative loss speeds descents up
    minPace: Math.min(1 / v0, 1 / (v0 * (1 - Math.min(p.downhillLoss!, p.uphillLoss!)))),
  };
};

const FACTORIES: Record<string, Factory> = {
  tobler,
  "tobler-modified": toblerModified,
  "naismith-langmuir": naismith,
  "vehicle-offroad": vehicle,
};

/**
 * Names {@link terrainCostModel} accepts.
 */
export const TERRAIN_MODEL_NAMES = Object.keys(FACTORIES);

/**
 * A terrain model by name, with optional parameter overrides.
 *
 * Throws BAD_OPTION for an unknown model or parameter name.
 *
 * @example
 * ```ts
 * import { terrainCostModel } from "@syraq/core";
 * const tobler = terrainCostModel("tobler");
 * 1 / tobler.pace(0); // ≈ 1.4 m/s (5 km/h) on the flat
 * tobler.pace(0.1); // seconds per metre on a 10 % climb
 * ```
 */
export function terrainCostModel(name: string, overrides: Record<string, number> = {}): TerrainCostModel {
  const f = FACTORIES[name];
  if (!f)
    throw new SyraqError(
      "BAD_OPTION",
      `unknown cost model '${name}'; models: ${TERRAIN_MODEL_NAMES.join(", ")} (or --cost FILE.tif)`,
      { model: name },
    );
  return f(overrides);
}

/**
 * Description of the user cost-raster model (`--cost FILE.tif`).
 */
export const COST_RASTER_MODEL: CostModelDescription = {
  name: "cost-raster",
  title: "User cost raster (--cost FILE.tif)",
  kind: "raster",
  anisotropic: false,
  units: "cost per metre",
  source:
    "supplied by the user; --cost-units per-metre (default) or per-cell (divided by the cell's mean ground size √(ew·ns) of its row)",
  formula: "step = mean of the cells' costs along the move × ground length of the move (rule geodesic)",
  parameters: [],
};

/**
 * Every model's description, for `syraq models` and the docs.
 *
 * @example
 * ```ts
 * import { describeCostModels } from "@syraq/core";
 * describeCostModels().map((m) => `${m.name}: ${m.units}`);
 * ```
 */
export function describeCostModels(): CostModelDescription[] {
  return [
    ...TERRAIN_MODEL_NAMES.map((n) => {
      const { pace: _pace, minPace: _minPace, ...d } = terrainCostModel(n);
      return d;
    }),
    COST_RASTER_MODEL,
  ];
}
