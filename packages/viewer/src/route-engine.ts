// Routing in the browser with Helper F's browser-safe route graph API: the same
// graph the CLI builds (DEM cells + road skeleton + crossings, rivers and lakes
// and the sea as barriers), built once from the data the page has already loaded.
import {
  canonicalHolder,
  controlMask,
  holderAt,
  modelCosts,
  pickSnapshot,
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

/**
 * Movement as one holder (the CLI's --as): the holder's mask over the graph for the control snapshot of `date`,
 * cached per holder and snapshot. Throws (with the reason) when a point lies outside the holder's area.
 */
function holderMask(data: BaseData, e: Engine, as: string, date: string | undefined, points: LonLat[]) {
  if (!data.control?.length) throw new Error("moving as a holder needs data/control");
  const choice = pickSnapshot(data.control, date);
  const holder = canonicalHolder(as);
  for (const p of points) {
    const h = holderAt(choice.snapshot, p);
    if (h !== holder)
      throw new Error(
        `${p[1].toFixed(3)}° N ${p[0].toFixed(3)}° E lies ${h ? `in the area of ${h}` : "outside the control data"} on ${choice.snapshot.date}, not in the area of ${holder}`,
      );
  }
  const key = `${holder}|${choice.snapshot.date}|${date ?? ""}`;
  let mask = masks.get(key);
  if (!mask) {
    mask = controlMask(e.graph, modelCosts(e.graph, e.model), {
      holder,
      snapshot: choice.snapshot,
      ...(date ? { date } : {}),
    });
    masks.set(key, mask);
  }
  return { mask, note: `as ${holder} inside its area (${choice.note})` };
}
const masks = new Map<string, ReturnType<typeof controlMask>>();

export async function engineRoute(data: BaseData, a: LonLat, b: LonLat, date?: string, as?: string) {
  const e = await routeEngine(data);
  const { graph, model } = e;
  const ctl = as ? holderMask(data, e, as, date, [a, b]) : undefined;
  const r = findRoute({
    graph,
    model,
    points: [
      { name: "A", lonLat: a },
      { name: "B", lonLat: b },
    ],
    crossings: date ? { date } : {},
    ...(ctl ? { cellCost: ctl.mask.cellCost, extraClosed: ctl.mask.closedEdges } : {}),
  });
  return { ...r, controlNote: ctl ? ctl.note : "control ignored (any holder's area)" };
}

export async function engineIsochrones(
  data: BaseData,
  from: LonLat,
  minutes: number[],
  date?: string,
  as?: string,
): Promise<FeatureCollection> {
  const e = await routeEngine(data);
  const { graph, model } = e;
  const ctl = as ? holderMask(data, e, as, date, [from]) : undefined;
  const r = isochrones({
    graph,
    model,
    sources: [{ name: "start", lonLat: from }],
    durationsSeconds: minutes.map((m) => m * 60),
    crossings: date ? { date } : {},
    ...(ctl ? { control: { cellCost: ctl.mask.cellCost, closedEdges: ctl.mask.closedEdges } } : {}),
  });
  return isochronesToGeoJson(r) as FeatureCollection;
}
