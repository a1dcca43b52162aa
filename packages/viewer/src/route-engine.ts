// Routing in the browser with Helper F's browser-safe route graph API: the same
// graph the CLI builds (DEM cells + road skeleton + crossings, rivers and lakes
// and the sea as barriers), built once from the data the page has already loaded.
import {
  buildRoadNetwork,
  buildRouteGraph,
  findRoute,
  isochrones,
  isochronesToGeoJson,
  landMaskFromGeoJson,
  packBarriersFromGeoJson,
  parseCrossings,
  parseRoadLines,
  routeModel,
  rowCellSizes,
  type LonLat,
  type RouteGraph,
  type RouteModel,
} from "@syraq/core";
import type { BaseData } from "./load.ts";
import type { FeatureCollection } from "./types.ts";

export interface Engine {
  graph: RouteGraph;
  model: RouteModel;
}

let engine: Promise<Engine> | undefined;

/** Why the engine cannot be built from this page's data, or undefined when it can. */
export function engineMissing(data: BaseData): string | undefined {
  const missing = [
    !data.dem && "DEM",
    !data.raw.neRivers && "rivers",
    !data.raw.wdbRivers && "GSHHG rivers",
    !data.lakes && "lakes",
    !data.raw.land && "land polygon",
    !data.crossings && "data/crossings",
    !data.roads && "data/roads skeleton",
  ].filter(Boolean);
  return missing.length ? `route engine needs ${missing.join(", ")}` : undefined;
}

export function routeEngine(data: BaseData): Promise<Engine> {
  engine ??= (async () => {
    const why = engineMissing(data);
    if (why) throw new Error(why);
    const dem = data.dem!;
    const sizes = rowCellSizes(dem);
    const minCell = Math.min(...sizes.ewMetres, ...sizes.nsMetres);
    const lines = parseRoadLines(data.roads, { origin: "skeleton" }).lines;
    const network = buildRoadNetwork(lines, { maxSegmentMetres: Math.max(200, minCell) });
    const barriers = packBarriersFromGeoJson(data.raw.neRivers!, data.raw.wdbRivers!, data.lakes!);
    const land = landMaskFromGeoJson(data.raw.land!);
    const graph = buildRouteGraph({
      dem,
      barriers,
      crossings: parseCrossings(data.crossings, "data/crossings"),
      network,
      land,
    });
    const model = routeModel("vehicle", data.raw.roadSpeeds as any);
    return { graph, model };
  })();
  engine.catch(() => (engine = undefined));
  return engine;
}

export async function engineRoute(data: BaseData, a: LonLat, b: LonLat, date?: string) {
  const { graph, model } = await routeEngine(data);
  return findRoute({
    graph,
    model,
    points: [
      { name: "A", lonLat: a },
      { name: "B", lonLat: b },
    ],
    crossings: date ? { date } : {},
  });
}

export async function engineIsochrones(
  data: BaseData,
  from: LonLat,
  minutes: number[],
  date?: string,
): Promise<FeatureCollection> {
  const { graph, model } = await routeEngine(data);
  const r = isochrones({
    graph,
    model,
    sources: [{ name: "start", lonLat: from }],
    durationsSeconds: minutes.map((m) => m * 60),
    crossings: date ? { date } : {},
  });
  return isochronesToGeoJson(r) as FeatureCollection;
}
