import { readFileSync } from "node:fs";
import { SyraqError } from "../../errors.ts";
import type { LonLat, PolygonalGeometry } from "../../geo/types.ts";
import type { TerrainLayers } from "../classes.ts";
import { verifiedDataFile } from "../../io/node/manifest.ts";
import { jsonSyntaxError } from "../../io/node/geojson.ts";

/**
 * The pack's Natural Earth lakes (path inside the pack).
 */
export const LAKES_FILE = "vector/ne10m_lakes.geojson";
/**
 * The pack's Natural Earth rivers (path inside the pack).
 */
export const NE_RIVERS_FILE = "vector/ne10m_rivers_lake_centerlines.geojson";
/**
 * The pack's GSHHG/WDBII rivers and wadis (path inside the pack).
 */
export const WDBII_RIVERS_FILE = "vector/gshhg_wdbii_rivers_full.geojson";
/** WDBII levels drawn as water: double-lined rivers, permanent major, additional major. */
export const WATER_RIVER_LEVELS = [0, 1, 2];
/** WDBII levels that valley floors follow: all rivers incl. intermittent (wadis), no canals (8-10). */
export const DRAINAGE_LEVELS = [0, 1, 2, 3, 4, 5, 6, 7];
const EUPHRATES_NAMES = /euphrates|furat|firat/i;

interface Feature {
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates: unknown } | null;
}

function readFeatures(path: string): Feature[] {
  let json: { features?: Feature[] } | null;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new SyraqError("DATA_CORRUPT", `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? "read error"}`, {
      path,
    });
  }
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SyraqError("DATA_CORRUPT", `${path} ${jsonSyntaxError(text, e)}`, { path });
  }
  if (!json || !Array.isArray(json.features))
    throw new SyraqError("DATA_CORRUPT", `${path} is not a GeoJSON FeatureCollection`, { path });
  return json.features;
}

function lines(f: Feature): LonLat[][] {
  const g = f.geometry;
  if (!g) return [];
  if (g.type === "LineString") return [g.coordinates as LonLat[]];
  if (g.type === "MultiLineString") return g.coordinates as LonLat[][];
  return [];
}

/**
 * Lakes, rivers, wadis and the Euphrates from the data pack (files checksum-verified).
 *
 * Throws DATA_CORRUPT when the rivers file has no Euphrates pieces.
 *
 * @example
 * ```ts
 * import { loadTerrainLayers, resolveDataDir } from "@syraq/core/node";
 * const layers = loadTerrainLayers(resolveDataDir()); // lakes, rivers, drainage, euphrates: [lon, lat] degrees
 * ```
 */
export function loadTerrainLayers(dataDir: string): TerrainLayers {
  const lakes = readFeatures(verifiedDataFile(dataDir, LAKES_FILE))
    .map((f) => f.geometry)
    .filter((g): g is PolygonalGeometry => !!g && (g.type === "Polygon" || g.type === "MultiPolygon"));
  const ne = readFeatures(verifiedDataFile(dataDir, NE_RIVERS_FILE));
  const wdbii = readFeatures(verifiedDataFile(dataDir, WDBII_RIVERS_FILE));
  const level = (f: Feature) => Number(f.properties?.gmt_river_level);
  const neLines = ne.flatMap(lines);
  const rivers = [...neLines, ...wdbii.filter((f) => WATER_RIVER_LEVELS.includes(level(f))).flatMap(lines)];
  const drainage = [...neLines, ...wdbii.filter((f) => DRAINAGE_LEVELS.includes(level(f))).flatMap(lines)];
  const euphrates = ne.filter((f) => EUPHRATES_NAMES.test(String(f.properties?.name ?? ""))).flatMap(lines);
  if (euphrates.length === 0)
    throw new SyraqError("DATA_CORRUPT", `no Euphrates pieces (Euphrates / Al Furat / Firat) in ${NE_RIVERS_FILE}`, {
      file: NE_RIVERS_FILE,
    });
  return { lakes, rivers, drainage, euphrates };
}
