import {
  corridor,
  corridorToGeoJson,
  findRoute,
  type CrossingSelection,
  type RouteGraph,
  type RouteModel,
} from "@syraq/core";
import type { CommandSpec } from "../command.ts";
import { bigDemGrid, boundedCorridorFor, boundedNote } from "../shared/bounded.ts";
import {
  COUNTRY_OPTION,
  ROUTE_GRAPH_OPTIONS,
  formatDuration,
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

export const corridorCommand: CommandSpec = {
  name: "corridor",
  summary:
    "the corridor of near-best routes between two places (cells within a tolerance of the best cost) and k materially different routes",
  description: [
    "Through-cost of a cell = cost from A to it + cost from it to B (a Dijkstra each way; the reverse one mirrors the",
    "anisotropic slope cost exactly). The corridor is every cell within --tolerance of the best route's cost.",
    "Alternatives come from the penalty method: each accepted route's cells and road links get dearer and the search",
    "runs again; a route is kept when it shares at most half its length with every route kept before.",
  ].join("\n"),
  args: [
    { name: "from", description: "start: place name or coordinate" },
    { name: "to", description: "destination: place name or coordinate" },
  ],
  options: [
    {
      name: "tolerance",
      type: "number",
      default: 0.05,
      description: "relative tolerance on the through-cost (0.05 = within 5 % of the best)",
    },
    {
      name: "alternatives",
      type: "number",
      default: 3,
      description: "number of routes wanted, the best included (1-10)",
    },
    COUNTRY_OPTION,
    ...ROUTE_GRAPH_OPTIONS,
    ...CONTROL_OPTIONS,
    {
      name: "out",
      type: "string",
      placeholder: "corridor.geojson",
      description: "write the corridor polygon and the routes as GeoJSON",
    },
  ],
  examples: ["syraq corridor Palmyra 'Deir ez-Zor' --tolerance 0.1 --alternatives 3 --out corridor.geojson"],
  async run(ctx) {
    const [from, to] = routePoints(ctx, [String(ctx.args.from), String(ctx.args.to)]);
    const run = (graph: RouteGraph, model: RouteModel, crossings: CrossingSelection) => {
      const ctl = controlSetup(ctx, graph, model, crossings, [from!, to!]);
      const control = controlCosts(ctl);
      const r = withControlReason(ctl, () =>
        corridor({
          graph,
          model,
          from: from!,
          to: to!,
          tolerance: Number(ctx.options.tolerance),
          alternatives: Number(ctx.options.alternatives),
          crossings: ctl.crossings,
          ...(control ? { control } : {}),
        }),
      );
      return { r, ctl, model };
    };
    // a big --dem: the exact best route first, then only the window that holds the band (shared/bounded.ts)
    const big = await bigDemGrid(ctx);
    let found: ReturnType<typeof run>;
    let note: string[] = [];
    if (big) {
      const best = (graph: RouteGraph, model: RouteModel, crossings: CrossingSelection) => {
        const ctl = controlSetup(ctx, graph, model, crossings, [from!, to!]);
        return withControlReason(ctl, () =>
          findRoute({
            graph,
            model,
            points: [from!, to!],
            crossings: ctl.crossings,
            ...(ctl.mask ? { cellCost: ctl.mask.cellCost, extraClosed: ctl.mask.closedEdges } : {}),
          }),
        );
      };
      const b = await boundedCorridorFor(ctx, big, from!, to!, Number(ctx.options.tolerance), best, run);
      found = b.result;
      note = [`${boundedNote(b.bounded)}; alternatives searched inside that window`];
    } else {
      const loaded = await routeGraphFor(ctx);
      found = run(loaded.graph, loaded.model, loaded.crossings);
    }
    const { r, ctl, model } = found;
    const geojson = { ...(corridorToGeoJson(r) as object), control: controlSummaryJson(ctl) };
    if (ctx.options.out) writeGeoJson(String(ctx.options.out), geojson);
    const text = [
      `corridor ${from!.name} → ${to!.name} (model ${model.name}), best ${formatDuration(r.bestSeconds)}, tolerance ${(r.tolerance * 100).toFixed(1)} %`,
      `  band: ${(r.bandAreaSquareMetres / 1e6).toFixed(0)} km² (${r.bandCellCount} cells)`,
      ...r.routes.map(
        (x) =>
          `  route ${x.rank}: ${(x.leg.lengthMetres / 1000).toFixed(1)} km, ${formatDuration(x.leg.durationSeconds)}, road ${(x.leg.roadLengthMetres / 1000).toFixed(0)} km, shares ${(x.sharedFraction * 100).toFixed(0)} %, crossings: ${x.leg.crossings.join(", ") || "none"}`,
      ),
      ...(r.routes.length < Number(ctx.options.alternatives)
        ? [`  only ${r.routes.length} materially different route(s) found in ${r.attempts} penalised searches`]
        : []),
      ...note,
      controlSummaryText(geojson.control),
      ...(ctx.options.out ? [`wrote ${ctx.options.out}`] : []),
    ].join("\n");
    return { json: geojson, text };
  },
};
