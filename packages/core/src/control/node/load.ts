/** Node loaders for front lines: the project's data/fronts/ or a user's file. */
import { join } from "node:path";
import { PROJECT_DATA_DIR } from "../../io/node/datadir.ts";
import { namesIn, readGeoJsonFile, resolveNamed } from "../../io/node/geojson.ts";
import { type FrontLine, frontFromGeoJson } from "../front.ts";

/**
 * The project's front folder (data/fronts).
 */
export const FRONTS_DIR = join(PROJECT_DATA_DIR, "fronts");

/**
 * Front names available in data/fronts/.
 *
 * @example
 * ```ts
 * import { listFronts } from "@syraq/core/node";
 * listFronts(); // ["saa-2017-09-29", "saa-2017-10-14", "saa-2017-11-19"]
 * ```
 */
export function listFronts(): string[] {
  return namesIn(FRONTS_DIR);
}

/**
 * A front line by name (data/fronts/NAME.geojson, or its label) or from a user's file; validated (coded errors:
 * BAD_ARGUMENT for an unknown name, DATA_MISSING, BAD_GEOJSON, EMPTY_GEOJSON).
 *
 * @example
 * ```ts
 * import { listFronts, loadFront } from "@syraq/core/node";
 * listFronts(); // ["saa-2017-09-29", "saa-2017-10-14", "saa-2017-11-19"]
 * const front = loadFront("saa-2017-10-14");
 * ```
 */
export function loadFront(nameOrFile: string): FrontLine {
  const path = resolveNamed(nameOrFile, FRONTS_DIR, "front");
  return frontFromGeoJson(readGeoJsonFile(path), path);
}
