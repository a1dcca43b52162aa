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
import { buildRoadNetwork, parseRoadLines, type RoadLine, type RoadNetwork } from "../network.ts";
import { mergeRoadNetworks } from "../osm.ts";
import { crsLabel } from "../../raster/crs.ts";
import { WGS84_CRS } from "../../raster/raster.ts";
import { warpRaster } from "../../raster/warp.ts";
import { loadUserRoads } from "./user-roads.ts";
import type { RoadSpeedTable } from "../route-models.ts";
import { buildRouteGraph, type LandMask, type RouteGraph } from "../routegraph.ts";
import { landMaskFromGeoJson, packBarriersFromGeoJson } from "../pack-layers.ts";
import { PROJECT_DATA_DIR } from "../../io/node/datadir.ts";
import { verifiedDataFile } from "../../io/node/manifest.ts";
import { readGeoJsonFile } from "../../io/node/geojson.ts";
import { loadDem } from "../../io/node/dem.ts";
import { rowCellSizes } from "../../raster/cellsize.ts";
import type { GridSpec } from "../../raster/raster.ts";
import { classifyTerrain } from "../../terrain/classes.ts";
import { loadTerrainLayers } from "../../terrain/node/layers.ts";

/**
 * The project's crossings file (data/crossings/crossings.geojson).
 */
export const CROSSINGS_FILE = join(PROJECT_DATA_DIR, "crossings", "crossings.geojson");
/**
 * The project's road definition (data/roads/roads.json).
 */
export const ROADS_FILE = join(PROJECT_DATA_DIR, "roads", "roads.json");
/**
 * The project's road skeleton (data/roads/skeleton.geojson).
 */
export const SKELETON_FILE = join(PROJECT_DATA_DIR, "roads", "skeleton.geojson");

const readJson = (path: string, what: string): unknown => readGeoJsonFile(path, what);
/** The pack's GeoJSON layers as pack-layers.ts reads them. */
type PackCollection = Parameters<typeof landMaskFromGeoJson>[0];

/**
 * Barriers from the data pack (rules in routing/pack-layers.ts), files checksum-verified.
 *
 * @example
 * ```ts
 * import { loadPackBarriers, resolveDataDir } from "@syraq/core/node";
 * loadPackBarriers(resolveDataDir()).map((b) => b.name); // ["euphrates", "tigris", "khabur", …]
 * ```
 */
export function loadPackBarriers(dataDir: string): BarrierSource[] {
  const ne = readJson(
    verifiedDataFile(dataDir, "vector/ne10m_rivers_lake_centerlines.geojson"),
    "Natural Earth rivers",
  ) as PackCollection;
  const gshhg = readJson(
    verifiedDataFile(dataDir, "vector/gshhg_wdbii_rivers_full.geojson"),
    "GSHHG rivers",
  ) as PackCollection;
  const lakes = readJson(
    verifiedDataFile(dataDir, "vector/ne10m_lakes.geojson"),
    "Natural Earth lakes",
  ) as PackCollection;
  return packBarriersFromGeoJson(ne, gshhg, lakes);
}

/**
 * The pack's land polygon as the sea mask (routing/pack-layers.ts), checksum-verified.
 *
 * @example
 * ```ts
 * import { loadPackLand, resolveDataDir } from "@syraq/core/node";
 * const land = loadPackLand(resolveDataDir()); // polygons and bbox in degrees
 * ```
 */
export function loadPackLand(dataDir: string): LandMask {
  return landMaskFromGeoJson(
    readJson(verifiedDataFile(dataDir, "vector/ne10m_land.geojson"), "Natural Earth land") as PackCollection,
  );
}

/**
 * The declared river crossings (data/crossings/crossings.geojson, or a user file in the same form); BAD_GEOJSON
 * (exit 2) naming a bad feature.
 *
 * @example
 * ```ts
 * import { loadCrossings } from "@syraq/core/node";
 * loadCrossings().filter((c) => c.river === "euphrates").map((c) => c.name);
 * ```
 */
export function loadCrossings(path = CROSSINGS_FILE): Crossing[] {
  return parseCrossings(readJson(path, "crossings file"), path);
}

/**
 * data/roads/roads.json: speeds in km/h by model kind and road class, and the roads of the skeleton.
 */
export interface RoadsDefinition {
  speedsKmh: RoadSpeedTable;
  roads: Array<{ id: string; name: string; class: string; towns: Array<{ name: string; lonLat: LonLat }> }>;
}

/**
 * The road definition (data/roads/roads.json): road speeds in km/h per model kind and class, and the skeleton's roads.
 *
 * @example
 * ```ts
 * import { loadRoadsDefinition } from "@syraq/core/node";
 * loadRoadsDefinition().speedsKmh.vehicle!.primary; // km/h
 * ```
 */
export function loadRoadsDefinition(path = ROADS_FILE): RoadsDefinition {
  return readJson(path, "roads definition") as RoadsDefinition;
}

/**
 * The road skeleton (data/roads/skeleton.geojson) as road lines, [lon, lat] degrees.
 *
 * @example
 * ```ts
 * import { buildRoadNetwork } from "@syraq/core";
 * import { loadSkeletonLines } from "@syraq/core/node";
 * const net = buildRoadNetwork(loadSkeletonLines()); // net.stats.lengthMetres
 * ```
 */
export function loadSkeletonLines(path = SKELETON_FILE): RoadLine[] {
  return parseRoadLines(readJson(path, "road skeleton"), { origin: "skeleton" }).lines;
}

/**
 * Options of {@link loadRouteGraph}: the pack, a user DEM, user roads and crossings, terrain classes, a window.
 */
export interface LoadRouteGraphOptions {
  dataDir: string;
  demPath?: string;
  /** 1-based band of a multi-band demPath. */
  demBand?: number;
  /**
   * User road network: GeoJSON, GeoPackage, FlatGeobuf or Shapefile LineStrings, or an OpenStreetMap
   * extract (.osm.pbf, cached by sha256: routing/node/osm-load.ts).
   */
  roadsPath?: string;
  /** JSON overriding the OSM highway → class table (routing/osm.ts) for a .osm.pbf roadsPath. */
  osmTablePath?: string;
  /** Progress notes (OSM parsing). */
  onProgress?(message: string): void;
  /** "add" (default) joins the user roads to the skeleton, "replace" uses them alone, "none" uses no roads. */
  roadsMode?: "add" | "replace" | "none";
  crossingsPath?: string;
  /** Classify the terrain (terrain/classes.ts) so the models' per-class off-road speed factors apply; adds 1-3 s. */
  terrainClasses?: boolean;
  /**
   * Build the graph on a window of the DEM only (bounded searches, analysis/bounded.ts): `grid` is the
   * whole DEM's grid (rasterPathGrid), `cells` the window [col0, row0, col1, row1). Only the window is
   * read; road pieces are split at the WHOLE grid's smallest cell, so the window graph is the whole
   * graph's restriction to the window, cell for cell.
   */
  window?: { grid: GridSpec; cells: [number, number, number, number] };
}

const cache = new Map<string, Promise<RouteGraph>>();

/**
 * Loads (and caches) the route graph for a data pack and optional user files.
 *
 * Throws DATA_MISSING / CHECKSUM_MISMATCH (exit 3) for missing or changed pack files, BAD_GEOJSON or BAD_RASTER
 * (exit 2) for bad user files.
 *
 * Throws BAD_OPTION for `roadsMode` "replace" without `roadsPath`.
 *
 * @example
 * ```ts
 * import { findRoute, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() }); // GMTED2010 1.5′ cells + roads + crossings
 * const r = findRoute({ graph, model: routeModel("foot"), points: [
 *   { name: "Palmyra", lonLat: [38.284, 34.5624] },
 *   { name: "Sukhna", lonLat: [38.8761, 34.8826] },
 * ] });
 * ```
 */
export function loadRouteGraph(opts: LoadRouteGraphOptions): Promise<RouteGraph> {
  const key = JSON.stringify([
    resolve(opts.dataDir),
    opts.demPath && resolve(opts.demPath),
    opts.demBand ?? null,
    opts.roadsPath && resolve(opts.roadsPath),
    opts.osmTablePath && resolve(opts.osmTablePath),
    opts.roadsMode ?? "add",
    opts.crossingsPath && resolve(opts.crossingsPath),
    !!opts.terrainClasses,
    opts.window?.cells ?? null,
  ]);
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const win = opts.window;
      let dem = await loadDem({
        dataDir: opts.dataDir,
        ...(opts.demPath ? { demPath: opts.demPath } : {}),
        ...(opts.demBand !== undefined ? { band: opts.demBand } : {}),
        ...(win ? { bbox: windowBbox(win.grid, win.cells) } : {}),
      });
      if (win) checkWindowRead(dem, win.grid, win.cells);
      // the graph is built on lon/lat cells: a projected DEM is reprojected on read (bilinear, raster/warp.ts)
      let reprojected: string | undefined;
      if (!win && !dem.crs.geographic) {
        const from = crsLabel(dem.crs);
        dem = warpRaster(dem, WGS84_CRS, { resampling: "bilinear" });
        reprojected = `DEM in ${from} reprojected to WGS84 lon/lat on read (bilinear, ${dem.width} × ${dem.height} cells of ${dem.pixelSizeX.toPrecision(3)}°)`;
      }
      const barriers = loadPackBarriers(opts.dataDir);
      const crossings = loadCrossings(opts.crossingsPath ?? CROSSINGS_FILE);
      const mode = opts.roadsMode ?? "add";
      let lines: RoadLine[] = [];
      if (mode !== "replace" && mode !== "none") lines = loadSkeletonLines();
      // split road pieces at about one cell, so every cell a road passes holds a ramp
      const sizes = rowCellSizes(win ? win.grid : dem);
      const minCell = Math.min(...sizes.ewMetres, ...sizes.nsMetres);
      const maxSegmentMetres = Math.max(200, minCell);
      let userNetwork: RoadNetwork | undefined;
      let osmNote: string | undefined;
      if (opts.roadsPath) {
        const user = await loadUserRoads(opts.roadsPath, {
          maxSegmentMetres,
          ...(opts.osmTablePath ? { osmTablePath: opts.osmTablePath } : {}),
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        });
        if (user.network) {
          userNetwork = user.network;
          const o = user.osm!;
          osmNote =
            `${opts.roadsPath}: ${user.network.stats.links} road pieces from OpenStreetMap ` +
            (o.cached ? `(cached network ${o.cachePath})` : `(parsed in ${(o.buildMs / 1000).toFixed(1)} s)`);
          if (mode === "replace") lines = [];
        } else lines = mode === "replace" ? user.lines! : [...lines, ...user.lines!];
      } else if (mode === "replace") {
        throw new SyraqError("BAD_OPTION", "--roads-mode replace needs --roads FILE", {});
      }
      let network = buildRoadNetwork(lines, { maxSegmentMetres });
      if (userNetwork) network = lines.length ? mergeRoadNetworks(network, userNetwork) : userNetwork;
      const land = loadPackLand(opts.dataDir);
      const graph = buildRouteGraph({ dem, barriers, crossings, network, land });
      if (osmNote) graph.warnings.unshift(osmNote);
      if (reprojected) graph.warnings.unshift(reprojected);
      // on a window, crossings and road nodes outside it are expected: not worth a note
      if (win) graph.warnings = graph.warnings.filter((w) => !/outside the DEM/.test(w));
      if (opts.terrainClasses)
        graph.terrainClasses = classifyTerrain(dem, loadTerrainLayers(opts.dataDir)).classes.data;
      return graph;
    })();
    // window graphs are not kept: a bounded search loads a wider window when it must, the old one goes
    if (!opts.window) {
      cache.set(key, p);
      p.catch(() => cache.delete(key));
    }
  }
  return p;
}

/** A lon/lat box a quarter cell inside the window's edges: the cells it touches are exactly the window's. */
function windowBbox(grid: GridSpec, w: [number, number, number, number]): [number, number, number, number] {
  const qx = grid.pixelSizeX / 4;
  const qy = grid.pixelSizeY / 4;
  return [
    grid.originX + w[0] * grid.pixelSizeX + qx,
    grid.originY - w[3] * grid.pixelSizeY + qy,
    grid.originX + w[2] * grid.pixelSizeX - qx,
    grid.originY - w[1] * grid.pixelSizeY - qy,
  ];
}

function checkWindowRead(dem: GridSpec, grid: GridSpec, w: [number, number, number, number]): void {
  const c0 = Math.round((dem.originX - grid.originX) / grid.pixelSizeX);
  const r0 = Math.round((grid.originY - dem.originY) / grid.pixelSizeY);
  if (c0 !== w[0] || r0 !== w[1] || dem.width !== w[2] - w[0] || dem.height !== w[3] - w[1])
    throw new SyraqError(
      "INTERNAL",
      `DEM window read as ${dem.width}×${dem.height} at ${c0},${r0}, asked ${w[2] - w[0]}×${w[3] - w[1]} at ${w[0]},${w[1]}`,
      {},
    );
}
