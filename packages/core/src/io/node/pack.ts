/** Node loaders for regional layers of the data pack: the Euphrates and the admin-1 polygons. */
import { type EuphratesLine, euphratesFromRivers } from "../../geo/euphrates.ts";
import { readGeoJsonFile } from "./geojson.ts";
import { cachedJson } from "./cache.ts";
import { loadManifest, sha256OfFile, verifiedDataFile } from "./manifest.ts";

/**
 * The pack's Natural Earth rivers and lake centrelines (path inside the pack).
 */
export const RIVERS_FILE = "vector/ne10m_rivers_lake_centerlines.geojson";
/**
 * The pack's Natural Earth admin-1 polygons (path inside the pack).
 */
export const ADMIN1_FILE = "vector/ne10m_admin1_states_provinces.geojson";

const euphratesCache = new Map<string, EuphratesLine>();

/**
 * The Euphrates of the data pack, merged into one line and oriented downstream (cached per data dir).
 *
 * @example
 * ```ts
 * import { euphratesBank } from "@syraq/core";
 * import { loadEuphrates, resolveDataDir } from "@syraq/core/node";
 * const river = loadEuphrates(resolveDataDir()); // river.lengthMetres
 * euphratesBank(river, [40.45, 35.02]).bank; // Mayadeen: "right"
 * ```
 */
export function loadEuphrates(dataDir: string): EuphratesLine {
  const hit = euphratesCache.get(dataDir);
  if (hit) return hit;
  const path = verifiedDataFile(dataDir, RIVERS_FILE);
  // Chaining the pieces and measuring the line geodesically costs more than the rest of `syraq where`: the merged
  // line is cached on disk under the rivers file's checksum.
  const sha256 = loadManifest().files.find((f) => f.file === RIVERS_FILE)?.sha256 ?? sha256OfFile(path);
  const river = cachedJson(
    "euphrates",
    [sha256],
    () => euphratesFromRivers(readGeoJsonFile(path) as { features?: [] }, RIVERS_FILE),
    (v) => {
      const r = v as Partial<EuphratesLine> | null;
      return !!r && Array.isArray(r.coordinates) && r.coordinates.length >= 2 && typeof r.lengthMetres === "number";
    },
  );
  euphratesCache.set(dataDir, river);
  return river;
}

/**
 * The pack's admin-1 FeatureCollection (checksum-verified).
 *
 * @example
 * ```ts
 * import { buildSyraqZone } from "@syraq/core";
 * import { loadAdmin1, resolveDataDir } from "@syraq/core/node";
 * const zone = buildSyraqZone(loadAdmin1(resolveDataDir()));
 * ```
 */
export function loadAdmin1(dataDir: string): { features: never[] } {
  return readGeoJsonFile(verifiedDataFile(dataDir, ADMIN1_FILE)) as { features: never[] };
}
