import type { CommandSpec } from "../command.ts";
// One import and one entry per command; keep alphabetical by file.
import { dataCheckCommand } from "./data-check.ts";
import { distanceCommand } from "./distance.ts";
import { placesCommand } from "./places.ts";
import { whereCommand } from "./where.ts";

export const COMMANDS: CommandSpec[] = [
  dataCheckCommand,
  distanceCommand,
  placesCommand,
  whereCommand,
];
