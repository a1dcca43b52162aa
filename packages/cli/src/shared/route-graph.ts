/** Route-graph options and helpers shared by route, isochrone, corridor, depth --along-routes and figure. */
import { SyraqError, formatLatLon } from "@syraq/core";
import {
  routeDepth,
  routeModel,
  ROUTE_MODEL_NAMES,
  type RouteModel,
  type RoutePoint,
  type RouteResult,
  type RouteGraph,
  type CrossingSelection,
  type GridSpec,
} from "@syraq/core";
import { loadRoadsDefinition, loadRouteGraph, writeFileAtomic } from "@syraq/core/node";
import type { CommandContext, OptionSpec } from "../command.ts";
import { resolveLocations } from "../locations.ts";
import { checkInHolderArea, controlCosts, controlSetup, controlSummaryJson, withControlReason } from "./control.ts";
import { beginOutputs } from "./outputs.ts";
import { bigDemGrid, boundedDepthFor, boundedNote } from "./bounded.ts";

/** Options shared by route, isochrone, corridor (and depth --along-routes). */
export const ROUTE_GRAPH_OPTIONS: OptionSpec[] = [
  {
    name: "model",
    type: "string",
    default: "vehicle",
    placeholder: "NAME",
    description: `travel model: ${ROUTE_MODEL_NAMES.join(", ")} (vehicle = vehicle-offroad off-road + vehicle road speeds; foot = tobler + walking road speeds)`,
  },
  {
    name: "date",
    type: "string",
    placeholder: "YYYY-MM-DD",
    description:
      "crossing statuses on this date (data/crossings); without it: the pre-war network, every bridge and dam open, no pontoons",
  },
  {
    name: "closed",
    type: "string",
    multiple: true,
    placeholder: "NAME",
    description: "close a crossing by name or alias, e.g. --closed 'Tabqa Dam'",
  },
  {
    name: "open",
    type: "string",
    multiple: true,
    placeholder: "NAME",
    description: "open a crossing by name or alias, e.g. --open 'al-Mayadin bridge'",
  },
  {
    name: "roads",
    type: "string",
    placeholder: "FILE",
    description:
      "your own road network: an OpenStreetMap extract (.osm.pbf, cached by checksum) or LineStrings (GeoJSON, GeoPackage, FlatGeobuf, Shapefile) with class (motorway|primary|secondary|track) or OSM highway tags, optional speedKmh/maxspeed",
  },
  {
    name: "osm-table",
    type: "string",
    placeholder: "FILE.json",
    description:
      'override the OSM highway → class table for a .osm.pbf --roads, e.g. {"highway": {"track": null, "living_street": "track"}, "ferrySpeedKmh": 12}',
  },
  {
    name: "roads-mode",
    type: "string",
    default: "add",
    choices: ["add", "replace", "none"],
    description: "add --roads to the skeleton, replace the skeleton with them, or use no roads at all",
  },
  {
    name: "dem",
    type: "string",
    placeholder: "DEM.tif",
    description: "a lon/lat DEM to use instead of the pack's GMTED2010 1.5'",
  },
  { name: "band", type: "number", placeholder: "N", description: "band of a multi-band --dem (1-based)" },
  {
    name: "crossings",
    type: "string",
    placeholder: "FILE.geojson",
    description: "a crossings file to use instead of data/crossings/crossings.geojson (same format)",
  },
  {
    name: "terrain-classes",
    type: "boolean",
    description:
      "classify the terrain and apply the model's off-road speed factors per class (valley, Euphrates corridor, upland, mountain; see syraq models); slower to load",
  },
  {
    name: "full-search",
    type: "boolean",
    description:
      "search the whole --dem even when it has more than 4 M cells (by default route and isochrone read only the window of the DEM that can hold the exact answer)",
  },
];

export interface RouteGraphContext {
  graph: RouteGraph;
  model: RouteModel;
  crossings: CrossingSelection;
}

/** --band: a 1-based band of a multi-band --dem (the pack's DEM has one band). */
export function demBand(o: Record<string, unknown>, rasterOption = "--dem"): number {
  const band = o.band as number;
  if (!o[rasterOption.replace(/^--/, "")])
    throw new SyraqError(
      "BAD_OPTION",
      `--band picks a band of a multi-band ${rasterOption}; the pack's DEM has one band`,
      { band },
    );
  if (!(Number.isInteger(band) && band >= 1))
    throw new SyraqError("BAD_OPTION", `--band must be a band number from 1; got ${band}`, { band });
  return band;
}

/**
 * Loads the route graph (with `window`: on that window of a big --dem only, see shared/bounded.ts; `notes`
 * false skips the notes, for the second and later windows of one query).
 */
export async function routeGraphFor(
  ctx: CommandContext,
  window?: { grid: GridSpec; cells: [number, number, number, number] },
  notes = true,
): Promise<RouteGraphContext> {
  const o = ctx.options;
  // --out is checked before the graph is built (folder writable, not a folder, not one of the inputs)
  beginOutputs({ "--out": o.out }, { "--dem": o.dem, "--roads": o.roads, "--crossings": o.crossings });
  const p = ctx.progress("loading the route graph");
  const graph = await loadRouteGraph({
    dataDir: ctx.dataDir(),
    ...(o.dem ? { demPath: String(o.dem) } : {}),
    ...(o.band !== undefined ? { demBand: demBand(o) } : {}),
    ...(o.roads ? { roadsPath: String(o.roads) } : {}),
    ...(o["osm-table"] ? { osmTablePath: String(o["osm-table"]) } : {}),
    roadsMode: (o["roads-mode"] as "add" | "replace" | "none") ?? "add",
    ...(o.crossings ? { crossingsPath: String(o.crossings) } : {}),
    terrainClasses: o["terrain-classes"] === true,
    ...(window ? { window } : {}),
  });
  p.done();
  const model = routeModel(String(o.model ?? "vehicle"), loadRoadsDefinition().speedsKmh);
  const crossings: CrossingSelection = {
    ...(o.date ? { date: String(o.date) } : {}),
    closed: (o.closed as string[] | undefined) ?? [],
    open: (o.open as string[] | undefined) ?? [],
  };
  if (!ctx.quiet && notes) for (const w of graph.warnings) ctx.err(`note: ${w}`);
  if (!ctx.quiet && notes) {
    // a road's own speed (speedKmh / maxspeed) above its class's speed in this model is capped at the class speed: say so
    const capped = new Map<string, { count: number; fastest: number; classKmh: number }>();
    for (const link of graph.network.links) {
      const sp = link.data.speedKmh;
      const cls = link.data.roadClass;
      const classKmh = model.roadSpeedsKmh[cls];
      if (sp === undefined || !(sp > classKmh)) continue;
      const c = capped.get(cls) ?? { count: 0, fastest: 0, classKmh };
      c.count++;
      c.fastest = Math.max(c.fastest, sp);
      capped.set(cls, c);
    }
    for (const [cls, c] of capped)
      ctx.err(
        `note: ${c.count} ${cls} road piece(s) declare up to ${c.fastest} km/h; model ${model.name} caps ${cls} roads at ${c.classKmh} km/h`,
      );
  }
  return { graph, model, crossings };
}

/** --country for place names that exist in several countries (e.g. Sinjar: Iraq, also a village in Idlib). */
export const COUNTRY_OPTION: OptionSpec = {
  name: "country",
  type: "string",
  placeholder: "CC",
  description: "prefer places in this country (ISO code, e.g. IQ or SY) when a name is ambiguous",
};

export function routePoints(ctx: CommandContext, inputs: string[]): RoutePoint[] {
  const country =
    typeof ctx.options.country === "string" && ctx.options.country ? { country: ctx.options.country } : {};
  return resolveLocations(ctx, inputs, country).map((l) => ({ name: l.name, lonLat: [l.lon, l.lat] }));
}

/** Writes --out atomically (temporary file in the same folder, renamed when complete). */
export function writeGeoJson(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value) + "\n", "--out");
}

export function formatDuration(seconds: number): string {
  const m = Math.round(seconds / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

const km = (m: number) => `${(m / 1000).toFixed(1)} km`;

export function routeText(r: RouteResult): string {
  const lines = [
    `route ${r.points.map((p) => p.name).join(" → ")} (model ${r.model}${r.date ? `, crossings as of ${r.date}` : ""})`,
    `  from ${formatLatLon(r.points[0]!.lonLat[0], r.points[0]!.lonLat[1])} to ${formatLatLon(r.points.at(-1)!.lonLat[0], r.points.at(-1)!.lonLat[1])}`,
    `  length ${km(r.lengthMetres)} (road ${km(r.roadLengthMetres)}, off-road ${km(r.offRoadLengthMetres)}), duration ${formatDuration(r.durationSeconds)}`,
    `  ascent ${Math.round(r.ascentMetres)} m, descent ${Math.round(r.descentMetres)} m`,
    `  crossings: ${r.crossings.length ? r.crossings.join(", ") : "none"}`,
  ];
  if (r.legs.length > 1) {
    for (const l of r.legs)
      lines.push(`  leg ${l.from} → ${l.to}: ${km(l.lengthMetres)}, ${formatDuration(l.durationSeconds)}`);
  }
  lines.push("  segments:");
  for (const l of r.legs)
    for (const s of l.segments)
      lines.push(
        `    ${s.type.padEnd(8)} ${km(s.lengthMetres).padStart(9)} ${formatDuration(s.durationSeconds).padStart(12)}  ${s.name ?? ""}${s.roadClass ? ` (${s.roadClass})` : ""}`,
      );
  return lines.join("\n");
}

/** Minimal view of `syraq depth`'s run (commands/depth.ts) that --along-routes extends. */
export interface DepthRunLike {
  front: { parts: Array<Array<[number, number]>> };
  records: Array<{ place: { name: string; lon: number; lat: number }; [extra: string]: unknown }>;
  extraText: string[][];
}

/** `syraq depth … --along-routes`: adds the travel time and route length to the front over the route graph. */
export async function addAlongRoutes(ctx: CommandContext, run: DepthRunLike): Promise<void> {
  // a big --dem: each place reads only the disk of the DEM that can hold its exact answer (shared/bounded.ts)
  const big = await bigDemGrid(ctx);
  const loaded = big ? null : await routeGraphFor(ctx);
  for (const [i, r] of run.records.entries()) {
    const place = { name: r.place.name, lonLat: [r.place.lon, r.place.lat] as [number, number] };
    let ctl: ReturnType<typeof controlSetup> | undefined;
    let model: RouteModel | undefined;
    const search = (graph: RouteGraph, m: RouteModel, crossings: CrossingSelection) => {
      model = m;
      ctl = controlSetup(ctx, graph, m, crossings);
      const control = controlCosts(ctl);
      checkInHolderArea(ctx, ctl, [place]); // with --as the place must lie in the holder's area
      const c = ctl;
      return withControlReason(c, () =>
        routeDepth({
          graph,
          model: m,
          place,
          front: run.front.parts,
          crossings: c.crossings,
          ...(control ? { control } : {}),
        }),
      );
    };
    try {
      let d: ReturnType<typeof routeDepth>;
      let note = "";
      if (big) {
        const b = await boundedDepthFor(ctx, big, place, run.front.parts, search);
        d = b.result;
        note = ` [${boundedNote(b.bounded).trim()}]`;
      } else d = search(loaded!.graph, loaded!.model, loaded!.crossings);
      const c = ctl!;
      r.alongRoutes = {
        model: model!.name,
        durationSeconds: d.durationSeconds,
        lengthMetres: d.lengthMetres,
        roadLengthMetres: d.roadLengthMetres,
        offRoadLengthMetres: d.offRoadLengthMetres,
        crossings: d.crossings,
        frontPoint: d.frontPoint,
        control: controlSummaryJson(c),
      };
      run.extraText[i]!.push(
        `along routes (model ${model!.name}${c.holder ? `, as ${c.holder} in its area of ${c.choice!.snapshot.date}` : ", control ignored"}): ${formatDuration(d.durationSeconds)} to the front at ${formatLatLon(d.frontPoint[0], d.frontPoint[1])}, route ${km(d.lengthMetres)} (road ${km(d.roadLengthMetres)}, off-road ${km(d.offRoadLengthMetres)})${d.crossings.length ? `, crossing ${d.crossings.join(", ")}` : ""}${note}`,
      );
    } catch (e) {
      if (!(e instanceof SyraqError) || e.code !== "UNREACHABLE") throw e;
      const name = model?.name ?? String(ctx.options.model ?? "vehicle");
      r.alongRoutes = { model: name, unreachable: true, message: e.message };
      run.extraText[i]!.push(`along routes (model ${name}): ${e.message}`);
    }
  }
}
