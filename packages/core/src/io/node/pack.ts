/** Node loaders for regional layers of the data pack: the Euphrates and the admin-1 polygons. */
import { type EuphratesLine, euphratesFromRivers } from "../../geo/euphrates.ts";
import { readGeoJsonFile } from "./geojson.ts";
import { verifiedDataFile } from "./manifest.ts";

export const RIVERS_FILE = "vector/ne10m_rivers_lake_centerlines.geojson";
export const ADMIN1_FILE = "vector/ne10m_admin1_states_provinces.geojson";

const euphratesCache = new Map<string, EuphratesLine>();

/** The Euphrates of the data pack, merged into one line and oriented downstream (cached per data dir). */
export function loadEuphrates(dataDir: string): EuphratesLine {
  const hit = euphratesCache.get(dataDir);
  if (hit) return hit;
  const path = verifiedDataFile(dataDir, RIVERS_FILE);
  const river = euphratesFromRivers(readGeoJsonFile(path) as { features?: [] }, RIVERS_FILE);
  euphratesCache.set(dataDir, river);
  return river;
}

/** The pack's admin-1 FeatureCollection (checksum-verified). */
export function loadAdmin1(dataDir: string): { features: never[] } {
  return readGeoJsonFile(verifiedDataFile(dataDir, ADMIN1_FILE)) as { features: never[] };
}
