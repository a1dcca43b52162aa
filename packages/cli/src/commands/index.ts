import type { CommandSpec } from "../command.ts";
// One import and one entry per command; keep alphabetical by file.
import { accumulateCommand } from "./accumulate.ts";
import { batchCommand } from "./batch.ts";
import { controlCommand } from "./control.ts";
import { corridorCommand } from "./corridor.ts";
import { dataCheckCommand } from "./data-check.ts";
import { depthCommand } from "./depth.ts";
import { distanceCommand } from "./distance.ts";
import { ensembleIsochroneCommand, ensembleRouteCommand } from "./ensemble.ts";
import { figureCommand } from "./figure.ts";
import { isochroneCommand } from "./isochrone.ts";
import { matrixCommand } from "./matrix.ts";
import { modelsCommand } from "./models.ts";
import { pathCommand } from "./path.ts";
import { placesCommand } from "./places.ts";
import { routeCommand } from "./route.ts";
import { serveCommand } from "./serve.ts";
import { slopeCommand } from "./slope.ts";
import { terrainCommand } from "./terrain.ts";
import { whereCommand } from "./where.ts";
import { zoneCommand } from "./zone.ts";

/**
 * Every `syraq` command's description (name, summary, arguments, options, examples) and implementation, in
 * alphabetical order; `syraq help` and the README's command table are generated from them.
 *
 * @example
 * ```ts
 * import { COMMANDS } from "@syraq/cli";
 * for (const c of COMMANDS) console.log(`${c.name}: ${c.summary}`);
 * ```
 */
export const COMMANDS: CommandSpec[] = [
  accumulateCommand,
  batchCommand,
  controlCommand,
  corridorCommand,
  dataCheckCommand,
  depthCommand,
  distanceCommand,
  ensembleIsochroneCommand,
  ensembleRouteCommand,
  figureCommand,
  isochroneCommand,
  matrixCommand,
  modelsCommand,
  pathCommand,
  placesCommand,
  routeCommand,
  serveCommand,
  slopeCommand,
  terrainCommand,
  whereCommand,
  zoneCommand,
];
