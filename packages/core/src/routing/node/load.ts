/**
 * Node-side loading of the route graph: the DEM, the barrier rivers and lakes
 * from the data pack, the project's crossings (data/crossings) and road skeleton
 * (data/roads/skeleton.geojson), or user files. Cached per argument set.
 */
import { join, resolve } from "node:path";
import { SyraqError } from "../../errors.ts";
import type { LonLat } from "../../geo/types.ts";
import type { BarrierSource } from "../barriers.ts";
import { parseCrossings, type Crossing } from "../crossings.ts";
import { buildRoadNetwork, parseRoadLines, type RoadLine } from "../network.ts";
import type { RoadSpeedTable } from "../route-models.ts";
import { buildRouteGraph, type LandMask, type RouteGraph } from "../routegraph.ts";
import { landMaskFromGeoJson, packBarriersFromGeoJson } from "../pack-layers.ts";
import { PROJECT_DATA_DIR } from "../../io/node/datadir.ts";
import { verifiedDataFile } from "../../io/node/manifest.ts";
import { readGeoJsonFile } from "../../io/node/geojson.ts";
import { loadDem } from "../../io/node/dem.ts";
import { rowCellSizes } from "../../raster/cellsize.ts";
import { classifyTerrain } from "../../terrain/classes.ts";
import { loadTerrainLayers } from "../../terrain/node/layers.ts";

export const CROSSINGS_FILE = join(PROJECT_DATA_DIR, "crossings", "crossings.geojson");
export const ROADS_FILE = join(PROJECT_DATA_DIR, "roads", "roads.json");
export const SKELETON_FILE = join(PROJECT_DATA_DIR, "roads", "skeleton.geojson");

const readJson = (path: string, what: string): unknown => readGeoJsonFile(path, what);

/** Barriers from the data pack (rules in routing/pack-layers.ts), files checksum-verified. */
export function loadPackBarriers(dataDir: string): BarrierSource[] {
  const ne = readJson(
    verifiedDataFile(dataDir, "vector/ne10m_rivers_lake_centerlines.geojson"),
    "Natural Earth rivers",
  ) as any;
  const gshhg = readJson(verifiedDataFile(dataDir, "vector/gshhg_wdbii_rivers_full.geojson"), "GSHHG rivers") as any;
  const lakes = readJson(verifiedDataFile(dataDir, "vector/ne10m_lakes.geojson"), "Natural Earth lakes") as any;
  return packBarriersFromGeoJson(ne, gshhg, lakes);
}

/** The pack's land polygon as the sea mask (routing/pack-layers.ts), checksum-verified. */
export function loadPackLand(dataDir: string): LandMask {
  return landMaskFromGeoJson(
    readJson(verifiedDataFile(dataDir, "vector/ne10m_land.geojson"), "Natural Earth land") as any,
  );
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
  const key = JSON.stringify([
    resolve(opts.dataDir),
    opts.demPath && resolve(opts.demPath),
    opts.demBand ?? null,
    opts.roadsPath && resolve(opts.roadsPath),
    opts.roadsMode ?? "add",
    opts.crossingsPath && resolve(opts.crossingsPath),
    !!opts.terrainClasses,
  ]);
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const dem = await loadDem({
        dataDir: opts.dataDir,
        ...(opts.demPath ? { demPath: opts.demPath } : {}),
        ...(opts.demBand !== undefined ? { band: opts.demBand } : {}),
      });
      const barriers = loadPackBarriers(opts.dataDir);
      const crossings = loadCrossings(opts.crossingsPath ?? CROSSINGS_FILE);
      const mode = opts.roadsMode ?? "add";
      let lines: RoadLine[] = [];
      if (mode !== "replace" && mode !== "none") lines = loadSkeletonLines();
      if (opts.roadsPath) {
        const user = parseRoadLines(readJson(opts.roadsPath, "road network"), { origin: `user:${opts.roadsPath}` });
        if (!user.lines.length)
          throw new SyraqError(
            "EMPTY_GEOJSON",
            `${opts.roadsPath} holds no usable road LineStrings (need class/roadClass motorway|primary|secondary|track or an OSM highway tag)`,
            { path: opts.roadsPath },
          );
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
      if (opts.terrainClasses)
        graph.terrainClasses = classifyTerrain(dem, loadTerrainLayers(opts.dataDir)).classes.data;
      return graph;
    })();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}
