import {
  SyraqError,
  isochrones,
  isochronesToGeoJson,
  type CrossingSelection,
  type RouteGraph,
  type RouteModel,
} from "@syraq/core";
import type { CommandSpec } from "../command.ts";
import { bigDemGrid, boundedIsochronesFor, boundedNote } from "../shared/bounded.ts";
import {
  COUNTRY_OPTION,
  ROUTE_GRAPH_OPTIONS,
  routeGraphFor,
  routePoints,
  writeGeoJson,
} from "../shared/route-graph.ts";
import {
  CONTROL_OPTIONS,
  controlCosts,
  controlSetup,
  controlSummaryJson,
  controlSummaryText,
  withControlReason,
} from "../shared/control.ts";

function parseMinutes(raw: unknown): number[] {
  const text = Array.isArray(raw) ? raw.join(",") : String(raw ?? "");
  const parts = text.split(",").map((s) => s.trim());
  // an empty entry ("60,,120", "60,") is a typo, not a band to drop silently; empty strings are not 0 here
  const values = parts.map((s) => (s === "" ? NaN : Number(s)));
  if (!parts.length || values.some((v) => !(v > 0 && Number.isFinite(v)))) {
    throw new SyraqError(
      "BAD_OPTION",
      `--minutes expects positive numbers separated by commas, e.g. 60,120,240; got '${text}'`,
      { minutes: text },
    );
  }
  return values;
}

export const isochroneCommand: CommandSpec = {
  name: "isochrone",
  summary:
    "travel-time isochrones from one or more places over terrain + roads + crossings: nested polygons with geodesic areas",
  description: [
    "One multi-source Dijkstra over the route graph (see 'syraq route'), cut off at the largest band. Each band is the",
    "union of the grid cells reached within its time (cells of GMTED2010 1.5', ~2.3 × 2.8 km), so the polygons follow",
    "cell edges; bands are cumulative (each contains the smaller ones) and keep their holes. Areas are geodesic (WGS84).",
  ].join("\n"),
  args: [{ name: "from", variadic: true, description: "one or more sources: place names or coordinates" }],
  options: [
    {
      name: "minutes",
      type: "string",
      default: "60,120,240",
      placeholder: "M,M,…",
      unit: "minutes",
      description: "band limits in minutes, comma-separated",
    },
    COUNTRY_OPTION,
    ...ROUTE_GRAPH_OPTIONS,
    ...CONTROL_OPTIONS,
    {
      name: "out",
      type: "string",
      placeholder: "iso.geojson",
      description: "write the bands as GeoJSON (one Feature per band, largest first)",
    },
  ],
  examples: [
    "syraq isochrone Sukhna --minutes 60,120,360 --out iso.geojson",
    "syraq isochrone Palmyra 'Deir ez-Zor' --model foot --minutes 600,1200 --json",
  ],
  async run(ctx) {
    const minutes = parseMinutes(ctx.options.minutes);
    const sources = routePoints(ctx, ctx.args.from as string[]);
    const search = (graph: RouteGraph, model: RouteModel, crossings: CrossingSelection) => {
      const ctl = controlSetup(ctx, graph, model, crossings, sources);
      const control = controlCosts(ctl);
      const r = withControlReason(ctl, () =>
        isochrones({
          graph,
          model,
          sources,
          durationsSeconds: minutes.map((m) => m * 60),
          crossings: ctl.crossings,
          ...(control ? { control } : {}),
        }),
      );
      return { r, ctl, model };
    };
    // a big --dem: only the window reachable within the largest band is read (shared/bounded.ts)
    const big = await bigDemGrid(ctx);
    let found: ReturnType<typeof search>;
    let note: string[] = [];
    if (big) {
      let last: ReturnType<typeof search> | undefined;
      const b = await boundedIsochronesFor(
        ctx,
        big,
        sources,
        minutes.map((m) => m * 60),
        (g, m, c) => {
          last = search(g, m, c);
          return last.r;
        },
      );
      found = last!;
      note = [boundedNote(b.bounded)];
    } else {
      const loaded = await routeGraphFor(ctx);
      found = search(loaded.graph, loaded.model, loaded.crossings);
    }
    const { r, ctl, model } = found;
    const geojson = { ...(isochronesToGeoJson(r) as object), control: controlSummaryJson(ctl) };
    if (ctx.options.out) writeGeoJson(String(ctx.options.out), geojson);
    const text = [
      `isochrones from ${sources.map((s) => s.name).join(", ")} (model ${model.name})`,
      ...r.bands.map(
        (b) =>
          `  ≤ ${String(b.durationSeconds / 60).padStart(5)} min: ${(b.areaSquareMetres / 1e6).toFixed(0).padStart(8)} km²  (${b.cellCount} cells, ${b.geometry.coordinates.length} polygon(s))`,
      ),
      ...note,
      controlSummaryText(geojson.control),
      ...(ctx.options.out ? [`wrote ${ctx.options.out}`] : []),
    ].join("\n");
    return { json: geojson, text };
  },
};
