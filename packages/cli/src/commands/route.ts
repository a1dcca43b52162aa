import { findRoute, routeToGeoJson } from "@syraq/core";
import type { CommandSpec } from "../command.ts";
import {
  COUNTRY_OPTION,
  ROUTE_GRAPH_OPTIONS,
  routeGraphFor,
  routePoints,
  routeText,
  writeGeoJson,
} from "../shared/route-graph.ts";

export const routeCommand: CommandSpec = {
  name: "route",
  summary:
    "least-cost route over terrain + roads + river crossings (A*), with length, duration, ascent and typed segments",
  description: [
    "One search over the terrain grid (GMTED2010 1.5', 8 neighbours, anisotropic off-road pace), the road skeleton",
    "(data/roads, approximate) and the declared river crossings (data/crossings). The Euphrates, Khabur, Tigris and",
    "the lakes are barriers except at crossings. The duration is the accumulated cost at the target (from the centre",
    "of the start's cell); the geometry starts and ends at the exact points. Exit 4 when no route exists.",
  ].join("\n"),
  args: [
    { name: "from", description: "start: place name or coordinate" },
    { name: "to", description: "destination: place name or coordinate" },
  ],
  options: [
    { name: "via", type: "string", multiple: true, placeholder: "PLACE", description: "intermediate stop, in order" },
    COUNTRY_OPTION,
    ...ROUTE_GRAPH_OPTIONS,
    {
      name: "out",
      type: "string",
      placeholder: "route.geojson",
      description: "write the route (and its typed segments) as GeoJSON",
    },
  ],
  examples: [
    "syraq route Raqqa Palmyra",
    "syraq route 'Deir ez-Zor' 'al-Bukamal' --model vehicle --date 2017-10-01 --out route.geojson",
    "syraq route Hajin Mayadeen --closed 'al-Asharah bridge' --json",
  ],
  async run(ctx) {
    const via = (ctx.options.via as string[] | undefined) ?? [];
    const points = routePoints(ctx, [String(ctx.args.from), ...via, String(ctx.args.to)]);
    const { graph, model, crossings } = await routeGraphFor(ctx);
    const r = findRoute({ graph, model, points, crossings });
    const geojson = routeToGeoJson(r);
    if (ctx.options.out) writeGeoJson(String(ctx.options.out), geojson);
    return { json: geojson, text: routeText(r) + (ctx.options.out ? `\nwrote ${ctx.options.out}` : "") };
  },
};
