export { run, type RunIO } from "./run.ts";
export { COMMANDS } from "./commands/index.ts";
export type { CommandSpec, CommandContext, CommandResult, OptionSpec, ArgSpec } from "./command.ts";
