/**
 * The user's road network (--roads FILE): an OpenStreetMap extract (.osm.pbf, through the
 * sha256-keyed cache of osm-load.ts) becomes a road network directly; any other file is
 * read as vector lines (GeoJSON, or GeoPackage / FlatGeobuf / Shapefile through
 * io/node/vector.ts) and parsed like GeoJSON roads.
 */
import { readFileSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { SyraqError } from "../../errors.ts";
import { checkMemory, memoryLimitBytes } from "../../io/node/memory.ts";
import { readVectorFile } from "../../io/node/vector.ts";
import { parseRoadLines, type RoadLine, type RoadNetwork } from "../network.ts";
import { osmRoadTable, roadNetworkFromCompact } from "../osm.ts";
import { loadOsmNetwork, type LoadedOsmNetwork } from "./osm-load.ts";

/**
 * True for OpenStreetMap PBF files (by name: *.osm.pbf or *.pbf).
 *
 * @example
 * ```ts
 * import { isOsmPbfPath } from "@syraq/core/node";
 * isOsmPbfPath("syria-latest.osm.pbf"); // true
 * ```
 */
export const isOsmPbfPath = (path: string): boolean => /\.pbf$/i.test(path);

/**
 * A user's roads, as lines or as a ready network.
 */
export interface UserRoads {
  /** Lines to node with the skeleton (vector files). */
  lines?: RoadLine[];
  /** A ready network (OSM). */
  network?: RoadNetwork;
  osm?: Omit<LoadedOsmNetwork, "network">;
}

/**
 * Options of {@link loadUserRoads}: piece length in metres, OSM table and cache.
 */
export interface LoadUserRoadsOptions {
  maxSegmentMetres: number;
  /** JSON file overriding the OSM highway → class table ({ "highway": { "track": null, … }, "ferrySpeedKmh": 12 }). */
  osmTablePath?: string;
  /** OSM cache folder (default ~/.cache/syraq/osm or $SYRAQ_CACHE_DIR/osm); false: no cache. */
  osmCacheDir?: string | false;
  onProgress?(message: string): void;
}

/**
 * Memory of the route graph per vertex of a user road file (network nodes, links, ramps, intersections), mostly
 * JavaScript heap: peak RSS 1.34 GB for 0.40 M vertices of random tracks (8 MB of GeoJSON) over a 135 MB base;
 * rounded up.
 */
export const ROAD_GRAPH_BYTES_PER_VERTEX = 3200;

/**
 * A user's road file for the route graph: vector lines (GeoJSON, GeoPackage, FlatGeobuf, Shapefile) to node with the
 * skeleton, or an .osm.pbf network (cached); link pieces at most `maxSegmentMetres` metres long.
 *
 * Throws EMPTY_GEOJSON when the file holds no usable road line.
 *
 * @example
 * ```ts
 * import { loadUserRoads } from "@syraq/core/node";
 * const roads = await loadUserRoads("my-roads.geojson", { maxSegmentMetres: 2000 });
 * roads.lines?.length;
 * ```
 */
export async function loadUserRoads(path: string, options: LoadUserRoadsOptions): Promise<UserRoads> {
  if (isOsmPbfPath(path)) {
    let override: unknown;
    if (options.osmTablePath) {
      try {
        override = JSON.parse(readFileSync(options.osmTablePath, "utf8"));
      } catch (e) {
        const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
        throw new SyraqError(
          missing ? "DATA_MISSING" : "BAD_OPTION",
          missing
            ? `OSM road table not found: ${options.osmTablePath}`
            : `OSM road table ${options.osmTablePath} is not valid JSON`,
          { path: options.osmTablePath },
        );
      }
    }
    const table = osmRoadTable(override, options.osmTablePath ?? "OSM road table");
    const loaded = await loadOsmNetwork(path, {
      table,
      ...(options.osmCacheDir !== undefined ? { cacheDir: options.osmCacheDir } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const { network: compact, ...osm } = loaded;
    const network = roadNetworkFromCompact(compact, {
      maxSegmentMetres: options.maxSegmentMetres,
      origin: `osm:${path}`,
    });
    return { network, osm };
  }
  const fc = await readVectorFile(path, "road network");
  const user = parseRoadLines(fc, { origin: `user:${path}` });
  // a clear limit instead of a heap abort: the road graph lives in the JavaScript heap
  let vertices = 0;
  for (const l of user.lines) vertices += l.coordinates.length;
  checkMemory(
    {
      cells: vertices,
      bytesPerCell: ROAD_GRAPH_BYTES_PER_VERTEX,
      unit: "vertices",
      what: `the road network ${path} (${vertices.toLocaleString("en")} vertices)`,
      hint: "clip it to the region (ogr2ogr -clipsrc W S E N), simplify it (ogr2ogr -simplify 0.0005) or drop minor roads",
    },
    Math.min(memoryLimitBytes(), getHeapStatistics().heap_size_limit * 0.8),
  );
  if (!user.lines.length)
    throw new SyraqError(
      "EMPTY_GEOJSON",
      `${path} holds no usable road LineStrings (need class/roadClass motorway|primary|secondary|track or an OSM highway tag)`,
      { path },
    );
  return { lines: user.lines };
}
