import {
  closedEdgesFor,
  findRoute,
  networkOnlyRoute,
  routeToGeoJson,
  type CrossingSelection,
  type RouteGraph,
  type RouteModel,
  type RoutePoint,
} from "@syraq/core";
import type { CommandContext } from "../command.ts";
import type { CommandSpec } from "../command.ts";
import { bigDemGrid, boundedNote, boundedRouteFor } from "../shared/bounded.ts";
import {
  COUNTRY_OPTION,
  ROUTE_GRAPH_OPTIONS,
  routeGraphFor,
  routePoints,
  routeText,
  writeGeoJson,
} from "../shared/route-graph.ts";
import {
  CONTROL_OPTIONS,
  controlSetup,
  routeControlJson,
  routeControlText,
  withControlReason,
} from "../shared/control.ts";

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
    {
      name: "network-only",
      type: "boolean",
      description:
        "route on the roads alone, as OSM routers answer (ends snapped to the nearest road node, no off-road legs; ngraph.path)",
    },
    COUNTRY_OPTION,
    ...ROUTE_GRAPH_OPTIONS,
    ...CONTROL_OPTIONS,
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
    "syraq route Palmyra 'Deir ez-Zor' --date 2017-10-20 --as SAA",
  ],
  async run(ctx) {
    const via = (ctx.options.via as string[] | undefined) ?? [];
    const points = routePoints(ctx, [String(ctx.args.from), ...via, String(ctx.args.to)]);
    if (ctx.options["network-only"] === true) return networkOnly(ctx, points);
    const search = (graph: RouteGraph, model: RouteModel, crossings: CrossingSelection) => {
      const ctl = controlSetup(ctx, graph, model, crossings, points);
      const r = withControlReason(ctl, () =>
        findRoute({
          graph,
          model,
          points,
          crossings: ctl.crossings,
          ...(ctl.mask ? { cellCost: ctl.mask.cellCost, extraClosed: ctl.mask.closedEdges } : {}),
        }),
      );
      return { r, ctl };
    };
    // a big --dem: only the window that can hold the exact answer is read (shared/bounded.ts)
    const big = await bigDemGrid(ctx);
    let found: ReturnType<typeof search>;
    let graph: RouteGraph;
    let crossings: CrossingSelection;
    let note = "";
    if (big) {
      let last: ReturnType<typeof search> | undefined;
      const b = await boundedRouteFor(ctx, big, points, (g, m, c) => {
        last = search(g, m, c);
        return last.r;
      });
      found = { r: b, ctl: last!.ctl };
      graph = b.graph;
      crossings = b.selection;
      note = `\n${boundedNote(b.bounded)}`;
    } else {
      const loaded = await routeGraphFor(ctx);
      found = search(loaded.graph, loaded.model, loaded.crossings);
      graph = loaded.graph;
      crossings = loaded.crossings;
    }
    const { r, ctl } = found;
    const geojson = routeToGeoJson(r) as { features: Array<{ properties: Record<string, unknown> }> };
    const control = routeControlJson(ctl, graph, r);
    geojson.features[0]!.properties.control = control;
    if ("bounded" in r) geojson.features[0]!.properties.bounded = (r as { bounded: unknown }).bounded;
    if (ctx.options.out) writeGeoJson(String(ctx.options.out), geojson);
    const text = `${routeText(r)}${note}\n${routeControlText(control, crossings.date)}`;
    return { json: geojson, text: text + (ctx.options.out ? `\nwrote ${ctx.options.out}` : "") };
  },
};

const km = (m: number) => `${(m / 1000).toFixed(1)} km`;

/** route --network-only: leg by leg on the road edges of the route graph (routing/network-route.ts). */
async function networkOnly(ctx: CommandContext, points: RoutePoint[]) {
  const { graph, model, crossings } = await routeGraphFor(ctx);
  const { closed } = closedEdgesFor(graph, crossings);
  const legs = points.slice(1).map((p, i) => networkOnlyRoute(graph, model, closed, points[i]!.lonLat, p.lonLat));
  const coordinates = legs.flatMap((l, i) => (i === 0 ? l.coordinates : l.coordinates.slice(1)));
  const lengthMetres = legs.reduce((s, l) => s + l.lengthMetres, 0);
  const durationSeconds = legs.reduce((s, l) => s + l.durationSeconds, 0);
  const properties = {
    networkOnly: true,
    model: model.name,
    points: points.map((p) => p.name),
    lengthMetres,
    durationSeconds,
    legs: legs.map((l, i) => ({
      from: points[i]!.name,
      to: points[i + 1]!.name,
      lengthMetres: l.lengthMetres,
      durationSeconds: l.durationSeconds,
      fromSnapMetres: l.from.snapMetres,
      toSnapMetres: l.to.snapMetres,
    })),
  };
  const geojson = {
    type: "FeatureCollection",
    features: [{ type: "Feature", properties, geometry: { type: "LineString", coordinates } }],
  };
  if (ctx.options.out) writeGeoJson(String(ctx.options.out), geojson);
  const h = Math.floor(durationSeconds / 3600);
  const m = Math.round((durationSeconds - 3600 * h) / 60);
  const lines = [
    `network-only route ${points.map((p) => p.name).join(" → ")} (model ${model.name}; roads only, as OSM routers answer)`,
    `  length ${km(lengthMetres)}, duration ${h} h ${String(m).padStart(2, "0")} min`,
    ...legs.map(
      (l, i) =>
        `  leg ${points[i]!.name} → ${points[i + 1]!.name}: ${km(l.lengthMetres)}; ends snapped to roads ${Math.round(l.from.snapMetres)} m and ${Math.round(l.to.snapMetres)} m away`,
    ),
  ];
  return { json: geojson, text: lines.join("\n") + (ctx.options.out ? `\nwrote ${ctx.options.out}` : "") };
}
