/** Node loaders for zones: the project's data/zones/ or a user's polygon file. */
import { basename, join } from "node:path";
import { PROJECT_DATA_DIR } from "../../io/node/datadir.ts";
import { namesIn, readGeoJsonFile, resolveNamed } from "../../io/node/geojson.ts";
import { type ZoneFeature, zoneFromGeoJson } from "../zone.ts";

/**
 * The project's zone folder (data/zones).
 */
export const ZONES_DIR = join(PROJECT_DATA_DIR, "zones");

/**
 * Zone names available in data/zones/.
 *
 * @example
 * ```ts
 * import { listZones } from "@syraq/core/node";
 * listZones(); // ["syraq", …]
 * ```
 */
export function listZones(): string[] {
  return namesIn(ZONES_DIR);
}

/**
 * A zone by name (data/zones/NAME.geojson) or from a user's polygon file; validated (coded errors).
 *
 * @example
 * ```ts
 * import { loadZone } from "@syraq/core/node";
 * const zone = loadZone("syraq"); // or loadZone("my-area.geojson")
 * ```
 */
export function loadZone(nameOrFile: string): ZoneFeature {
  const path = resolveNamed(nameOrFile, ZONES_DIR, "zone");
  return zoneFromGeoJson(readGeoJsonFile(path), path, basename(path).replace(/\.(geo)?json$/i, ""));
}
