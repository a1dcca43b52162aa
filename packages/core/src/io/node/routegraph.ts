/**
 * Node-side loading of the route graph: the DEM, the barrier rivers and lakes
 * from the data pack, the project's crossings (data/crossings) and road skeleton
 * (data/roads/skeleton.geojson), or user files. Cached per argument set.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SyraqError } from "../../errors.ts";
import type { LonLat } from "../../geo/types.ts";
import type { BarrierSource } from "../../graph/barriers.ts";
import { parseCrossings, type Crossing } from "../../graph/crossings.ts";
import { buildRoadNetwork, parseRoadLines, type RoadLine } from "../../graph/network.ts";
import type { RoadSpeedTable } from "../../graph/route-models.ts";
import { buildRouteGraph, type LandMask, type RouteGraph } from "../../graph/routegraph.ts";
import { PROJECT_DATA_DIR } from "./datadir.ts";
import { verifiedDataFile } from "./manifest.ts";
import { loadDem } from "./dem.ts";
import { rowCellSizes } from "../../terrain/cellsize.ts";
import { classifyTerrain } from "../../terrain/classes.ts";
import { loadTerrainLayers } from "./terrain-layers.ts";

export const CROSSINGS_FILE = join(PROJECT_DATA_DIR, "crossings", "crossings.geojson");
export const ROADS_FILE = join(PROJECT_DATA_DIR, "roads", "roads.json");
export const SKELETON_FILE = join(PROJECT_DATA_DIR, "roads", "skeleton.geojson");

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new SyraqError("DATA_MISSING", `${what} not found: ${path}`, { path });
  try {
    // a UTF-8 byte-order mark (common from Windows tools) is not JSON: drop it
    return JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new SyraqError("BAD_GEOJSON", `${what} ${path} is not valid JSON: ${(e as Error).message}`, { path });
  }
}

type Coords = number[][];
const asLines = (g: { type: string; coordinates: unknown }): Coords[] =>
  g.type === "LineString" ? [g.coordinates as Coords] : g.type === "MultiLineString" ? (g.coordinates as Coords[]) : [];
const asPolygons = (g: { type: string; coordinates: unknown }): Coords[][] =>
  g.type === "Polygon" ? [g.coordinates as Coords[]] : g.type === "MultiPolygon" ? (g.coordinates as Coords[][]) : [];
const toLonLat = (c: Coords): LonLat[] => c.map((p) => [p[0]!, p[1]!] as LonLat);

/** Points a line passes within `tolDeg` (planar degrees, a selection tolerance only) of. */
function passesNear(lines: Coords[], p: LonLat, tolDeg: number): boolean {
  return lines.some((l) => l.some((q) => Math.hypot((q[0]! - p[0]) * Math.cos((p[1] * Math.PI) / 180), q[1]! - p[1]) < tolDeg));
}

/**
 * Barriers from the data pack: Euphrates (Natural Earth: Euphrates, Firat, Al Furat,
 * including the lake centrelines), Tigris (NE: Tigris, Dicle), Khabur (GSHHG/WDBII
 * "Additional rivers" lines passing al-Hasakah and ash-Shaddadi) and every NE lake
 * (Lake Assad belongs to the Euphrates: the Tabqa Dam crosses it).
 */
export function loadPackBarriers(dataDir: string): BarrierSource[] {
  const ne = readJson(verifiedDataFile(dataDir, "vector/ne10m_rivers_lake_centerlines.geojson"), "Natural Earth rivers") as any;
  const gshhg = readJson(verifiedDataFile(dataDir, "vector/gshhg_wdbii_rivers_full.geojson"), "GSHHG rivers") as any;
  const lakes = readJson(verifiedDataFile(dataDir, "vector/ne10m_lakes.geojson"), "Natural Earth lakes") as any;
  const euphrates: Coords[] = [];
  const tigris: Coords[] = [];
  for (const f of ne.features) {
    const name = f.properties?.name;
    if (["Euphrates", "Firat", "Al Furat"].includes(name)) euphrates.push(...asLines(f.geometry));
    if (["Tigris", "Dicle"].includes(name)) tigris.push(...asLines(f.geometry));
  }
  const khabur: Coords[] = [];
  const hasakah: LonLat = [40.7477, 36.5024];
  const shaddadi: LonLat = [40.74, 36.055];
  for (const f of gshhg.features) {
    if (f.properties?.wdbii_class !== "Additional rivers") continue;
    const lines = asLines(f.geometry);
    if (passesNear(lines, hasakah, 0.06) && passesNear(lines, shaddadi, 0.06)) khabur.push(...lines);
  }
  if (!euphrates.length || !tigris.length || !khabur.length) {
    throw new SyraqError("DATA_CORRUPT", `the data pack's rivers lack ${[!euphrates.length && "the Euphrates", !tigris.length && "the Tigris", !khabur.length && "the Khabur"].filter(Boolean).join(", ")}`, { dataDir });
  }
  const out: BarrierSource[] = [
    { name: "euphrates", river: "euphrates", lines: euphrates.map(toLonLat), polygons: [] },
    { name: "tigris", river: "tigris", lines: tigris.map(toLonLat), polygons: [] },
    { name: "khabur", river: "khabur", lines: khabur.map(toLonLat), polygons: [] },
  ];
  for (const f of lakes.features) {
    const name: string = f.properties?.name ?? "lake";
    const river = name === "Buhayrat al-Assad" ? "euphrates" : `lake:${name}`;
    out.push({ name, river, lines: [], polygons: asPolygons(f.geometry).map((poly) => poly.map(toLonLat)) });
  }
  return out;
}

/**
 * The pack's land polygon (Natural Earth 1:10m, clipped to the region): the sea mask.
 * The bbox is the extent of its coordinates (the clip box): beyond it nothing is known
 * and nothing is masked.
 */
export function loadPackLand(dataDir: string): LandMask {
  const land = readJson(verifiedDataFile(dataDir, "vector/ne10m_land.geojson"), "Natural Earth land") as any;
  const polygons: LonLat[][][] = [];
  for (const f of land.features ?? []) if (f?.geometry) for (const poly of asPolygons(f.geometry)) polygons.push(poly.map(toLonLat));
  if (!polygons.length) throw new SyraqError("DATA_CORRUPT", "the data pack's land file holds no polygon", { dataDir });
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygons)
    for (const [x, y] of poly[0]!) (bbox[0] = Math.min(bbox[0], x)), (bbox[1] = Math.min(bbox[1], y)), (bbox[2] = Math.max(bbox[2], x)), (bbox[3] = Math.max(bbox[3], y));
  return { polygons, bbox };
}

export function loadCrossings(path = CROSSINGS_FILE): Crossing[] {
  return parseCrossings(readJson(path, "crossings file"), path);
}

export interface RoadsDefinition {
  speedsKmh: RoadSpeedTable;
  roads: Array<{ id: string; name: string; class: string; towns: Array<{ name: string; lonLat: LonLat }> }>;
}

export function loadRoadsDefinition(path = ROADS_FILE): RoadsDefinition {
  return readJson(path, "roads definition") as RoadsDefinition;
}

export function loadSkeletonLines(path = SKELETON_FILE): RoadLine[] {
  return parseRoadLines(readJson(path, "road skeleton"), { origin: "skeleton" }).lines;
}

export interface LoadRouteGraphOptions {
  dataDir: string;
  demPath?: string;
  /** 1-based band of a multi-band demPath. */
  demBand?: number;
  /** User road network (GeoJSON LineStrings). */
  roadsPath?: string;
  /** "add" (default) joins the user roads to the skeleton, "replace" uses them alone, "none" uses no roads. */
  roadsMode?: "add" | "replace" | "none";
  crossingsPath?: string;
  /** Classify the terrain (terrain/classes.ts) so the models' per-class off-road speed factors apply; adds 1-3 s. */
  terrainClasses?: boolean;
}

const cache = new Map<string, Promise<RouteGraph>>();

/** Loads (and caches) the route graph for a data pack and optional user files. */
export function loadRouteGraph(opts: LoadRouteGraphOptions): Promise<RouteGraph> {
  const key = JSON.stringify([resolve(opts.dataDir), opts.demPath && resolve(opts.demPath), opts.demBand ?? null, opts.roadsPath && resolve(opts.roadsPath), opts.roadsMode ?? "add", opts.crossingsPath && resolve(opts.crossingsPath), !!opts.terrainClasses]);
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const dem = await loadDem({ dataDir: opts.dataDir, ...(opts.demPath ? { demPath: opts.demPath } : {}), ...(opts.demBand !== undefined ? { band: opts.demBand } : {}) });
      const barriers = loadPackBarriers(opts.dataDir);
      const crossings = loadCrossings(opts.crossingsPath ?? CROSSINGS_FILE);
      const mode = opts.roadsMode ?? "add";
      let lines: RoadLine[] = [];
      if (mode !== "replace" && mode !== "none") lines = loadSkeletonLines();
      if (opts.roadsPath) {
        const user = parseRoadLines(readJson(opts.roadsPath, "road network"), { origin: `user:${opts.roadsPath}` });
        if (!user.lines.length) throw new SyraqError("EMPTY_GEOJSON", `${opts.roadsPath} holds no usable road LineStrings (need class/roadClass motorway|primary|secondary|track or an OSM highway tag)`, { path: opts.roadsPath });
        lines = mode === "replace" ? user.lines : [...lines, ...user.lines];
      } else if (mode === "replace") {
        throw new SyraqError("BAD_OPTION", "--roads-mode replace needs --roads FILE.geojson", {});
      }
      // split road pieces at about one cell, so every cell a road passes holds a ramp
      const sizes = rowCellSizes(dem);
      const minCell = Math.min(...sizes.ewMetres, ...sizes.nsMetres);
      const network = buildRoadNetwork(lines, { maxSegmentMetres: Math.max(200, minCell) });
      const land = loadPackLand(opts.dataDir);
      const graph = buildRouteGraph({ dem, barriers, crossings, network, land });
      if (opts.terrainClasses) graph.terrainClasses = classifyTerrain(dem, loadTerrainLayers(opts.dataDir)).classes.data;
      return graph;
    })();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}
