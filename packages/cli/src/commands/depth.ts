import {
  SyraqError,
  depthBehindFront,
  formatLatLon,
  type DepthResult,
  type FrontLine,
  type LonLat,
  type Location,
} from "@syraq/core";
import { listFronts, loadFront } from "@syraq/core/node";
import type { CommandContext, CommandSpec } from "../command.ts";
import { outsidePackNote, resolveLocations } from "../locations.ts";
import { ROUTE_GRAPH_OPTIONS, addAlongRoutes } from "../shared/route-graph.ts";
import { CONTROL_OPTIONS, addControlAreas } from "../shared/control.ts";

/** One place's depth: the straight-line (geodesic) measure, plus room for more (e.g. along routes). */
export interface DepthRecord extends DepthResult {
  place: { input: string; name: string; lon: number; lat: number };
  /** Further measures added by options (e.g. `alongRoutes`), keyed by name. */
  [extra: string]: unknown;
}

export interface DepthRun {
  front: FrontLine;
  locations: Location[];
  records: DepthRecord[];
  /** Extra text lines per record (same order), appended by option handlers. */
  extraText: string[][];
  notes: string[];
}

/** Loads the front named by --front (a name in data/fronts/, its label, or a FILE.geojson). */
export function frontFor(ctx: CommandContext): FrontLine {
  const name = ctx.options.front;
  if (typeof name !== "string" || name.trim() === "") {
    const known = listFronts();
    throw new SyraqError(
      "BAD_ARGUMENT",
      `--front is required: a front name (${known.join(", ") || "none in data/fronts/"}), its label, or a FILE.geojson`,
      { known },
    );
  }
  return loadFront(name);
}

export function frontSummary(front: FrontLine) {
  return {
    label: front.label,
    date: front.date,
    source: front.source,
    behind: front.behind,
    sideDescription: front.sideDescription ?? null,
    holder: front.holder ?? null,
    approximate: front.approximate,
    lengthMetres: front.lengthMetres,
  };
}

/** The straight-line part of `syraq depth`: resolve places, measure each against the front. */
export function straightDepth(ctx: CommandContext): DepthRun {
  const front = frontFor(ctx);
  const inputs = ctx.args.place as string[];
  const locations = resolveLocations(ctx, inputs);
  const records: DepthRecord[] = locations.map((l) => ({
    place: { input: l.input, name: l.name, lon: l.lon, lat: l.lat },
    ...depthBehindFront(front, [l.lon, l.lat] as LonLat),
  }));
  const notes: string[] = [];
  const far = outsidePackNote(`the front (${front.source})`, front.parts);
  if (far) notes.push(far);
  if (front.approximate || front.properties.illustrative)
    notes.push(
      `"${front.label}" is an approximate, illustrative reconstruction (see its note and sources): treat depths as ±10 km or so.`,
    );
  return { front, locations, records, extraText: records.map(() => []), notes };
}

const km = (m: number) => `${(m / 1000).toFixed(1)} km`;

function whereOnFront(r: DepthResult): string {
  const part = r.partName ? ` of part "${r.partName}"` : ` of part ${r.partIndex}`;
  if (r.at === "vertex" || r.at === "end") return `at vertex "${r.segmentTo ?? `#${r.segmentIndex + 1}`}"${part}`;
  if (r.at === "start") return `at vertex "${r.segmentFrom ?? "#0"}" (the part's first)${part}`;
  const between =
    r.segmentFrom !== undefined ? `between "${r.segmentFrom}" and "${r.segmentTo}"` : `on segment ${r.segmentIndex}`;
  return `${between} (${(r.fraction * 100).toFixed(0)}% along)${part}`;
}

export function renderDepth(run: DepthRun): { json: unknown; text: string } {
  const { front, records } = run;
  const lines: string[] = [
    `front: ${front.label} (${front.date})${front.approximate ? ", approximate" : ""} — ${front.source}`,
  ];
  if (front.sideDescription) lines.push(`  sides: ${front.sideDescription}`);
  records.forEach((r, i) => {
    const p = r.place;
    const sideWords =
      r.side === "on"
        ? "on the front line"
        : r.side === "behind"
          ? `behind the front (holder's side${front.holder ? `: ${front.holder}` : ""})`
          : `in front of the front (the far side${front.opponent ? `: ${front.opponent}` : ""})`;
    lines.push(`${p.name} (${formatLatLon(p.lon, p.lat)}): ${km(r.depthMetres)} ${sideWords}`);
    lines.push(`  nearest point of the front: ${formatLatLon(r.nearest[0], r.nearest[1])}, ${whereOnFront(r)}`);
    lines.push(`  straight-line geodesic distance on WGS84 (${r.depthMetres.toFixed(0)} m)`);
    if (r.beyondEnd)
      lines.push(
        `  note: the place lies past the end of this front line; "${r.side}" is the line's extension, not a front the file covers`,
      );
    for (const t of run.extraText[i]) lines.push(`  ${t}`);
  });
  const first = records[0];
  const json = { ...first, front: frontSummary(front), places: records, notes: run.notes };
  return { json, text: lines.join("\n") };
}

/**
 * The route-graph options (--model, --date, --dem, …) only act with --along-routes;
 * without it they would be silently ignored, so a typo'd model or a bad DEM would look accepted.
 */
function refuseRouteOptions(ctx: CommandContext): void {
  const given = ROUTE_GRAPH_OPTIONS.filter((o) => {
    const v = ctx.options[o.name];
    if (v === undefined || v === false) return false;
    if (Array.isArray(v)) return v.length > 0;
    return o.default === undefined || v !== o.default;
  }).map((o) => `--${o.name}`);
  if (given.length) {
    throw new SyraqError(
      "BAD_OPTION",
      `${given.join(", ")} only ${given.length > 1 ? "apply" : "applies"} to travel along routes: add --along-routes, or drop ${given.length > 1 ? "them" : "it"} for the straight-line depth`,
      { options: given },
    );
  }
}

export const depthCommand: CommandSpec = {
  name: "depth",
  summary:
    "how deep a place lies behind (or in front of) a dated front line: true geodesic distance, nearest point, side",
  description:
    "Shortest WGS84 geodesic distance from each PLACE to the front line (to any point of any segment, not just vertices), the nearest point of the front and which side the place is on ('behind' = the holder's side, as the front file's side.behind says). Fronts live in data/fronts/ (e.g. saa-2017-09-29, an illustrative reconstruction); any GeoJSON LineString/MultiLineString Feature with properties date, label and side works. --json prints { depthMetres, nearest: [lon, lat], side, … } for the first place, and every place under 'places'.",
  args: [{ name: "place", description: "place name or coordinate (several allowed)", variadic: true }],
  options: [
    {
      name: "front",
      type: "string",
      placeholder: "NAME|FILE.geojson",
      description: "the front line: a name in data/fronts/ (or its label) or a GeoJSON file",
    },
    {
      name: "along-routes",
      type: "boolean",
      description:
        "also the travel time and route length to the nearest point of the front over the route graph (terrain + roads + crossings; see syraq route)",
    },
    ...ROUTE_GRAPH_OPTIONS,
    ...CONTROL_OPTIONS,
  ],
  examples: [
    "syraq depth Qaryatayn --front saa-2017-09-29",
    "syraq depth Qaryatayn --front saa-2017-09-29 --along-routes --as SAA --control 2017-09-29",
    'syraq depth Palmyra Sukhna "35.02N 40.45E" --front saa-2017-10-14 --json',
    "syraq depth Mayadeen --front my-front.geojson",
  ],
  async run(ctx) {
    if (!ctx.options["along-routes"]) refuseRouteOptions(ctx);
    const run = straightDepth(ctx);
    // Options that add measures (e.g. --along-routes) extend `run.records[i]` and `run.extraText[i]` here.
    if (ctx.options["along-routes"]) await addAlongRoutes(ctx, run);
    if (ctx.options.control !== undefined || ctx.options.as !== undefined) addControlAreas(ctx, run);
    // notes go to stderr (silenced by --quiet) and into the JSON, not into the answer on stdout
    for (const n of run.notes) ctx.err(`note: ${n}`);
    return renderDepth(run);
  },
};
