import type { CommandSpec } from "../command.ts";
// One import and one entry per command; keep alphabetical by file.
import { dataCheckCommand } from "./data-check.ts";

export const COMMANDS: CommandSpec[] = [
  dataCheckCommand,
];
