// The public API of @syraq/cli: the CLI run in-process, its command descriptions, and the library surface for
// scripts (headless figures, progress bars, the README's command table). Everything else is internal.
export { run, type RunIO } from "./run.ts";
export { COMMANDS } from "./commands/index.ts";
export type {
  CommandSpec,
  CommandContext,
  CommandResult,
  OptionSpec,
  OptionValue,
  ArgSpec,
  Progress,
} from "./command.ts";
export { commandContext, type CommandContextOptions } from "./context.ts";
export { makeProgress } from "./progress.ts";
export { markdownTable } from "./help.ts";
export {
  renderFigures,
  FIGURE_MAX_DEVICE_PIXELS,
  type FigureJob,
  type FigureResult,
} from "./commands/figure.ts";
