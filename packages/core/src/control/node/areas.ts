/** Node loader for control areas: every snapshot of data/control/, one shipped file, or a user's file. */
import { join } from "node:path";
import { PROJECT_DATA_DIR } from "../../io/node/datadir.ts";
import { namesIn, readGeoJsonFile, resolveNamed } from "../../io/node/geojson.ts";
import { type ControlSnapshot, parseControl } from "../areas.ts";

/**
 * The project's control-area folder (data/control).
 */
export const CONTROL_DIR = join(PROJECT_DATA_DIR, "control");

/**
 * Shipped control files (data/control/*.geojson, without extension).
 *
 * @example
 * ```ts
 * import { listControl } from "@syraq/core/node";
 * listControl(); // ["control-2017-09-29", …]
 * ```
 */
export function listControl(): string[] {
  return namesIn(CONTROL_DIR);
}

/**
 * Control snapshots: without `nameOrFile` every shipped snapshot; a name picks a shipped file by file name
 * ("control-2017-10-14") or date ("2017-10-14"); anything else is a user's file (coded errors).
 *
 * @example
 * ```ts
 * import { holderAt, pickSnapshot } from "@syraq/core";
 * import { loadControl } from "@syraq/core/node";
 * const { snapshot } = pickSnapshot(loadControl(), "2017-10-14");
 * holderAt(snapshot, [40.1408, 35.3354]);
 * ```
 */
export function loadControl(nameOrFile?: string): ControlSnapshot[] {
  if (!nameOrFile)
    return listControl().flatMap((n) =>
      parseControl(readGeoJsonFile(join(CONTROL_DIR, `${n}.geojson`)), `data/control/${n}.geojson`),
    );
  const shipped = listControl().find((n) => n === nameOrFile || n === `control-${nameOrFile}`);
  const path = shipped
    ? join(CONTROL_DIR, `${shipped}.geojson`)
    : resolveNamed(nameOrFile, CONTROL_DIR, "control file");
  return parseControl(readGeoJsonFile(path, "control file"), shipped ? `data/control/${shipped}.geojson` : path);
}
