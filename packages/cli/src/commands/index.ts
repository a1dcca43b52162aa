import type { CommandSpec } from "../command.ts";
// One import and one entry per command; keep alphabetical by file.
import { accumulateCommand } from "./accumulate.ts";
import { dataCheckCommand } from "./data-check.ts";
import { distanceCommand } from "./distance.ts";
import { figureCommand } from "./figure.ts";
import { modelsCommand } from "./models.ts";
import { pathCommand } from "./path.ts";
import { placesCommand } from "./places.ts";
import { whereCommand } from "./where.ts";

export const COMMANDS: CommandSpec[] = [
  accumulateCommand,
  dataCheckCommand,
  distanceCommand,
  figureCommand,
  modelsCommand,
  pathCommand,
  placesCommand,
  whereCommand,
];
