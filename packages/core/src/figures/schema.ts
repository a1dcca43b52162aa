/**
 * The figure spec's JSON Schema (draft 2020-12; shipped as docs/figure-spec.schema.json, kept equal by a test) and
 * the validator `syraq figure` runs before anything else. The validator interprets this schema (the subset it uses:
 * type, properties, required, additionalProperties: false, enum, const, minimum/maximum, minLength/maxLength,
 * minItems/maxItems, items, prefixItems, oneOf by `type`, format: date), so the documented schema and the checks
 * are one. Every failure is a SyraqError BAD_ARGUMENT whose message and `details.field` name the field
 * ("analysis[0].hours[1]").
 */
import { SyraqError } from "../errors.ts";
import { ROUTE_MODEL_NAMES } from "../routing/route-models.ts";
import { isIsoCalendarDate } from "../util/dates.ts";
import type { FigureSpec } from "./spec.ts";

/**
 * The subset of JSON Schema (2020-12) the figure spec schema uses.
 */
export type JsonSchema = {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: "object" | "array" | "string" | "number" | "integer" | "boolean";
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  enum?: readonly (string | number)[];
  const?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: "date";
};

/** Dates a figure may show: the project's period with room (fronts 2011 on); outside this is a typo. */
export const FIGURE_DATE_RANGE = ["1990-01-01", "2100-12-31"] as const;
/** Largest figure side in CSS pixels (A3 at 300 dpi is 4961 px; with --dpi the CSS size stays ≤ 1587). */
export const FIGURE_MAX_PIXELS = 8000;

const str = (description: string, extra: Partial<JsonSchema> = {}): JsonSchema => ({
  type: "string",
  minLength: 1,
  maxLength: 300,
  description,
  ...extra,
});
const place = (description: string) => str(description, { maxLength: 120 });
const date = (description: string): JsonSchema => ({ type: "string", format: "date", description });
const colour: JsonSchema = {
  type: "array",
  description: "[r, g, b] or [r, g, b, a], each 0-255",
  minItems: 3,
  maxItems: 4,
  items: { type: "number", minimum: 0, maximum: 255 },
};
const model = str("route model (vehicle, foot or a terrain model of `syraq models`)", { enum: ROUTE_MODEL_NAMES });
const crossingList: JsonSchema = { type: "array", maxItems: 200, items: str("crossing name") };
const routeCommon = {
  model,
  date: date("crossings as on this date (YYYY-MM-DD)"),
  closed: { ...crossingList, description: "crossings to treat as cut" },
  open: { ...crossingList, description: "crossings to treat as open" },
  as: str("move as this holder inside its control area of the date (SAA, IS, SDF, IRAQ, … or an alias)"),
};
const analysis = (type: string, description: string, properties: Record<string, JsonSchema>, required: string[]) => ({
  type: "object" as const,
  description,
  properties: { type: { type: "string" as const, const: type }, ...properties },
  required: ["type", ...required],
  additionalProperties: false,
});

/**
 * The figure spec's JSON Schema (written to docs/figure-spec.schema.json).
 */
export const FIGURE_SPEC_SCHEMA: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://syraq.invalid/figure-spec.schema.json",
  title: "Syraq figure spec",
  description: "What `syraq figure SPEC.json` renders. Generated from packages/core/src/figures/schema.ts.",
  type: "object",
  required: ["title"],
  additionalProperties: false,
  properties: {
    $schema: { type: "string", description: "this schema's location (ignored)" },
    title: str("title printed above the map"),
    subtitle: str("second line under the title", { maxLength: 400 }),
    width: { type: "number", minimum: 200, maximum: FIGURE_MAX_PIXELS, description: "figure width, CSS pixels" },
    height: { type: "number", minimum: 150, maximum: FIGURE_MAX_PIXELS, description: "figure height, CSS pixels" },
    scale: { type: "number", exclusiveMinimum: 0, maximum: 8, description: "device pixel ratio (PNG = size × scale)" },
    paper: str("print size instead of width/height: A4 or A3, landscape or portrait (see --paper, --dpi)", {
      enum: ["A4-landscape", "A4-portrait", "A3-landscape", "A3-portrait"],
    }),
    dpi: { type: "number", minimum: 72, maximum: 300, description: "with `paper`: dots per inch of the PNG" },
    view: {
      type: "object",
      description: "map centre and Web Mercator zoom",
      required: ["longitude", "latitude", "zoom"],
      additionalProperties: false,
      properties: {
        longitude: { type: "number", minimum: -180, maximum: 180 },
        latitude: { type: "number", minimum: -85, maximum: 85 },
        zoom: { type: "number", minimum: 0, maximum: 20 },
      },
    },
    mapSize: {
      type: "array",
      description:
        "exact map frame [width, height] in CSS pixels (views exported by the viewer); the sheet grows around it",
      prefixItems: [
        { type: "number", minimum: 100, maximum: FIGURE_MAX_PIXELS },
        { type: "number", minimum: 100, maximum: FIGURE_MAX_PIXELS },
      ],
      minItems: 2,
      maxItems: 2,
    },
    bbox: {
      type: "array",
      description: "[west, south, east, north] in degrees",
      prefixItems: [
        { type: "number", minimum: -180, maximum: 180 },
        { type: "number", minimum: -85, maximum: 85 },
        { type: "number", minimum: -180, maximum: 180 },
        { type: "number", minimum: -85, maximum: 85 },
      ],
      minItems: 4,
      maxItems: 4,
    },
    fit: { type: "array", minItems: 1, maxItems: 50, items: place("a place the view must show") },
    layers: {
      type: "array",
      maxItems: 20,
      items: {
        type: "string",
        enum: [
          "hillshade",
          "lakes",
          "governorates",
          "countries",
          "rivers",
          "zone",
          "roads",
          "crossings",
          "fronts",
          "places",
        ],
      },
    },
    date: date("fronts and crossings as on this date (YYYY-MM-DD)"),
    labels: { type: "array", maxItems: 100, items: place("a place always labelled") },
    maxPlaceLabels: { type: "integer", minimum: 0, maximum: 500, description: "optional place labels at most" },
    legend: { type: "boolean", description: "draw the legend (default true)" },
    graticule: { type: "boolean", description: "graticule and degree ticks (default true)" },
    locator: { type: "boolean", description: "locator inset (default true)" },
    mgrs: {
      type: "boolean",
      description: "MGRS grid references: UTM grid lines, their digits on the neat line, 100 km squares named",
    },
    source: str("added to the source line"),
    notes: { type: "array", maxItems: 30, items: str("a line in the notes box", { maxLength: 400 }) },
    data: {
      type: "array",
      maxItems: 50,
      items: {
        type: "object",
        required: ["file"],
        additionalProperties: false,
        properties: {
          file: str("GeoJSON file, relative to the spec's folder (then the repository root)", { maxLength: 1000 }),
          label: str("legend label"),
          color: colour,
          fillColor: colour,
          lineWidth: { type: "number", minimum: 0, maximum: 50 },
          labelProperty: str("property labelled on the map", { maxLength: 100 }),
          dashed: { type: "boolean", description: "dashed line (approximate, illustrative)" },
          lineStyle: str("solid, dashed or dotted", { enum: ["solid", "dashed", "dotted"] }),
        },
      },
    },
    analysis: {
      type: "array",
      maxItems: 20,
      items: {
        type: "object",
        oneOf: [
          analysis("geodesic", "geodesic line between two places", { from: place("start"), to: place("end") }, [
            "from",
            "to",
          ]),
          analysis(
            "depth",
            "depth of a place behind a dated front",
            { place: place("the place"), front: str("front name in data/fronts or FILE.geojson", { maxLength: 1000 }) },
            ["place", "front"],
          ),
          analysis(
            "route",
            "least-cost route",
            {
              from: place("start"),
              to: place("end"),
              via: { type: "array", maxItems: 20, items: place("via") },
              color: colour,
              ...routeCommon,
            },
            ["from", "to"],
          ),
          analysis(
            "isochrone",
            "travel-time bands",
            {
              from: place("start"),
              hours: {
                type: "array",
                minItems: 1,
                maxItems: 8,
                items: { type: "number", exclusiveMinimum: 0, maximum: 72 },
              },
              ...routeCommon,
            },
            ["from"],
          ),
          analysis(
            "corridor",
            "near-best corridor and alternatives",
            {
              from: place("start"),
              to: place("end"),
              tolerance: { type: "number", exclusiveMinimum: 0, maximum: 2 },
              alternatives: { type: "integer", minimum: 0, maximum: 10 },
              ...routeCommon,
            },
            ["from", "to"],
          ),
          analysis(
            "euphrates-banks",
            "the two banks of the Euphrates between two towns",
            {
              from: place("upstream or downstream town"),
              to: place("the other town"),
              widthKm: { type: "number", exclusiveMinimum: 0, maximum: 50 },
              date: date("date the control shown refers to"),
              control: {
                type: "boolean",
                description:
                  "colour each bank by the control areas of the date (default true; false: the right/left labels)",
              },
              right: {
                type: "object",
                additionalProperties: false,
                properties: { label: str("right bank holder"), color: colour },
              },
              left: {
                type: "object",
                additionalProperties: false,
                properties: { label: str("left bank holder"), color: colour },
              },
            },
            ["from", "to"],
          ),
        ],
      },
    },
  },
};

function fail(field: string, message: string, value?: unknown): never {
  const shown = value === undefined ? "" : `, got ${JSON.stringify(value)?.slice(0, 60)}`;
  throw new SyraqError("BAD_ARGUMENT", `figure spec field '${field}': ${message}${shown}`, { field });
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/**
 * Checks `value` against `schema`; throws naming the first field that fails.
 *
 * Throws BAD_ARGUMENT ("figure spec field 'width': must be ≤ 8000").
 *
 * @example
 * ```ts
 * import { checkAgainstSchema } from "@syraq/core";
 * checkAgainstSchema(12, { type: "integer", minimum: 0, maximum: 10 }, "maxPlaceLabels"); // throws BAD_ARGUMENT
 * ```
 */
export function checkAgainstSchema(value: unknown, schema: JsonSchema, field: string): void {
  if (schema.oneOf) {
    const t = (value as { type?: unknown } | null)?.type;
    const branch = schema.oneOf.find((b) => b.properties?.type?.const === t);
    if (!branch) {
      const known = schema.oneOf.map((b) => b.properties?.type?.const).join(", ");
      fail(`${field}.type`, `unknown analysis type${typeof t === "string" ? ` '${t}'` : ""}; known: ${known}`);
    }
    checkAgainstSchema(value, branch, field);
    return;
  }
  const t = typeOf(value);
  if (schema.type) {
    const ok =
      schema.type === t ||
      (schema.type === "number" && t === "integer") ||
      (schema.type === "number" && typeof value === "number");
    if (!ok || (typeof value === "number" && !Number.isFinite(value)))
      fail(field, `must be ${schema.type === "integer" ? "an integer" : `a ${schema.type}`}`, value);
  }
  if (schema.const !== undefined && value !== schema.const) fail(field, `must be '${schema.const}'`, value);
  if (schema.enum && !schema.enum.includes(value as string))
    fail(field, `must be one of ${schema.enum.join(", ")}`, value);
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) fail(field, `must be ≥ ${schema.minimum}`, value);
    if (schema.maximum !== undefined && value > schema.maximum) fail(field, `must be ≤ ${schema.maximum}`, value);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      fail(field, `must be > ${schema.exclusiveMinimum}`, value);
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) fail(field, "must not be empty");
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      fail(field, `must be at most ${schema.maxLength} characters`);
    if (schema.format === "date") {
      if (!isIsoCalendarDate(value)) fail(field, "must be a calendar date YYYY-MM-DD", value);
      if (value < FIGURE_DATE_RANGE[0] || value > FIGURE_DATE_RANGE[1])
        fail(field, `must lie between ${FIGURE_DATE_RANGE[0]} and ${FIGURE_DATE_RANGE[1]}`, value);
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      fail(field, `needs at least ${schema.minItems} item(s)`, value);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      fail(field, `takes at most ${schema.maxItems} item(s)`);
    value.forEach((v, k) => {
      const s = schema.prefixItems?.[k] ?? (schema.items === false ? undefined : schema.items);
      if (s) checkAgainstSchema(v, s, `${field}[${k}]`);
    });
  }
  if (t === "object" && schema.type === "object") {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (obj[r] === undefined) fail(field ? `${field}.${r}` : r, "is required");
    for (const [k, v] of Object.entries(obj)) {
      const sub = schema.properties?.[k];
      const name = field ? `${field}.${k}` : k;
      if (!sub) {
        if (schema.additionalProperties === false) {
          const known = Object.keys(schema.properties ?? {}).filter((p) => p !== "$schema" && p !== "type");
          fail(name, `unknown field; known: ${known.join(", ")}`);
        }
        continue;
      }
      if (v !== undefined) checkAgainstSchema(v, sub, name);
    }
  }
}

/**
 * Validates a parsed figure spec against FIGURE_SPEC_SCHEMA plus the rules a schema cannot say.
 *
 * Throws BAD_ARGUMENT (exit 2) naming the first bad field.
 *
 * @example
 * ```ts
 * import { validateFigureSpec } from "@syraq/core";
 * const spec = validateFigureSpec({
 *   title: "What can be reached from as-Sukhnah",
 *   width: 960, // CSS pixels
 *   height: 640,
 *   date: "2017-09-20",
 *   analysis: [{ type: "isochrone", from: "Sukhna", hours: [1, 2, 4], model: "vehicle" }],
 * });
 * ```
 */
export function validateFigureSpec(value: unknown): FigureSpec {
  if (typeOf(value) !== "object") fail("(spec)", "a figure spec is a JSON object", typeOf(value));
  checkAgainstSchema(value, FIGURE_SPEC_SCHEMA, "");
  const spec = value as FigureSpec & { bbox?: number[]; paper?: string; dpi?: number };
  if (spec.bbox) {
    const [w, s, e, n] = spec.bbox as [number, number, number, number];
    if (!(e > w)) fail("bbox", "east must be greater than west", spec.bbox);
    if (!(n > s)) fail("bbox", "north must be greater than south", spec.bbox);
  }
  const ways = ["view", "bbox", "fit"].filter((k) => (spec as unknown as Record<string, unknown>)[k] !== undefined);
  if (ways.length > 1) fail(ways[1]!, `give one of view, bbox or fit, not ${ways.join(" and ")}`);
  if (spec.dpi !== undefined && spec.paper === undefined) fail("dpi", "needs 'paper' (A4-landscape, …)");
  if (spec.paper !== undefined && (spec.width !== undefined || spec.height !== undefined))
    fail("paper", "give either paper or width/height");
  return spec;
}

/** Paper sizes in millimetres (ISO 216) → CSS pixels (96 per inch) and the device scale for a dpi. */
export const PAPER_MM = { A4: [297, 210], A3: [420, 297] } as const;
/**
 * Figure size in CSS pixels and the device scale for a print size ("A4-landscape", "A3-portrait", …) at `dpi`
 * dots per inch; BAD_ARGUMENT for another paper.
 *
 * @example
 * ```ts
 * import { paperSize } from "@syraq/core";
 * paperSize("A4-landscape", 300); // { width: 1123, height: 794, scale: 3.125 }: a PNG of ≈ 3508 × 2480 pixels
 * ```
 */
export function paperSize(paper: string, dpi = 150): { width: number; height: number; scale: number } {
  const m = /^(A4|A3)-(landscape|portrait)$/.exec(paper);
  if (!m) fail("paper", "must be A4-landscape, A4-portrait, A3-landscape or A3-portrait", paper);
  const [long, short] = PAPER_MM[m[1] as "A4" | "A3"];
  const [wmm, hmm] = m[2] === "landscape" ? [long, short] : [short, long];
  const px = (mm: number) => Math.round((mm / 25.4) * 96);
  return { width: px(wmm), height: px(hmm), scale: dpi / 96 };
}
