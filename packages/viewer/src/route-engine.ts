// Routing in the browser with Helper F's browser-safe route graph API: the same
// graph the CLI builds (DEM cells + road skeleton + crossings, rivers and lakes
// as barriers), built once from the data the page has already loaded.
import { buildRoadNetwork, buildRouteGraph, findRoute, isochrones, isochronesToGeoJson, parseCrossings, parseRoadLines, routeModel, rowCellSizes, type BarrierSource, type LonLat, type RouteGraph, type RouteModel } from "@syraq/core";
import type { BaseData } from "./load.ts";
import type { FeatureCollection } from "./types.ts";

type Coords = number[][];
const asLines = (g: { type: string; coordinates: any } | null): Coords[] => (!g ? [] : g.type === "LineString" ? [g.coordinates] : g.type === "MultiLineString" ? g.coordinates : []);
const asPolygons = (g: { type: string; coordinates: any } | null): Coords[][] => (!g ? [] : g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : []);
const toLonLat = (c: Coords): LonLat[] => c.map((p) => [p[0]!, p[1]!] as LonLat);

function passesNear(lines: Coords[], p: LonLat, tolDeg: number): boolean {
  return lines.some((l) => l.some((q) => Math.hypot((q[0]! - p[0]) * Math.cos((p[1] * Math.PI) / 180), q[1]! - p[1]) < tolDeg));
}

/** Barriers as the CLI takes them from the pack (core/io/node/routegraph.ts loadPackBarriers): Euphrates, Tigris, Khabur, lakes. */
export function packBarriers(neRivers: FeatureCollection, wdbRivers: FeatureCollection, lakes: FeatureCollection): BarrierSource[] {
  const euphrates: Coords[] = [];
  const tigris: Coords[] = [];
  for (const f of neRivers.features) {
    const name = f.properties?.name;
    if (["Euphrates", "Firat", "Al Furat"].includes(name)) euphrates.push(...asLines(f.geometry));
    if (["Tigris", "Dicle"].includes(name)) tigris.push(...asLines(f.geometry));
  }
  const khabur: Coords[] = [];
  for (const f of wdbRivers.features) {
    if (f.properties?.wdbii_class !== "Additional rivers") continue;
    const lines = asLines(f.geometry);
    if (passesNear(lines, [40.7477, 36.5024], 0.06) && passesNear(lines, [40.74, 36.055], 0.06)) khabur.push(...lines);
  }
  const out: BarrierSource[] = [
    { name: "euphrates", river: "euphrates", lines: euphrates.map(toLonLat), polygons: [] },
    { name: "tigris", river: "tigris", lines: tigris.map(toLonLat), polygons: [] },
    { name: "khabur", river: "khabur", lines: khabur.map(toLonLat), polygons: [] },
  ];
  for (const f of lakes.features) {
    const name: string = f.properties?.name ?? "lake";
    out.push({ name, river: name === "Buhayrat al-Assad" ? "euphrates" : `lake:${name}`, lines: [], polygons: asPolygons(f.geometry).map((poly) => poly.map(toLonLat)) });
  }
  return out;
}

export interface Engine {
  graph: RouteGraph;
  model: RouteModel;
}

let engine: Promise<Engine> | undefined;

/** Why the engine cannot be built from this page's data, or undefined when it can. */
export function engineMissing(data: BaseData): string | undefined {
  const missing = [!data.dem && "DEM", !data.raw.neRivers && "rivers", !data.raw.wdbRivers && "GSHHG rivers", !data.lakes && "lakes", !data.crossings && "data/crossings", !data.roads && "data/roads skeleton"].filter(Boolean);
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
    const graph = buildRouteGraph({ dem, barriers: packBarriers(data.raw.neRivers!, data.raw.wdbRivers!, data.lakes!), crossings: parseCrossings(data.crossings, "data/crossings"), network });
    const model = routeModel("vehicle", data.raw.roadSpeeds as any);
    return { graph, model };
  })();
  engine.catch(() => (engine = undefined));
  return engine;
}

export async function engineRoute(data: BaseData, a: LonLat, b: LonLat, date?: string) {
  const { graph, model } = await routeEngine(data);
  return findRoute({ graph, model, points: [{ name: "A", lonLat: a }, { name: "B", lonLat: b }], crossings: date ? { date } : {} });
}

export async function engineIsochrones(data: BaseData, from: LonLat, minutes: number[], date?: string): Promise<FeatureCollection> {
  const { graph, model } = await routeEngine(data);
  const r = isochrones({ graph, model, sources: [{ name: "start", lonLat: from }], durationsSeconds: minutes.map((m) => m * 60), crossings: date ? { date } : {} });
  return isochronesToGeoJson(r) as FeatureCollection;
}
