/**
 * Every command describes itself; the parser, `syraq --help`, `syraq help CMD`
 * and the README's command table are all generated from these descriptions.
 */
export type OptionType = "string" | "number" | "boolean";

/** One `--option` of a command: its name, type, help text and unit (`syraq help CMD` prints it). */
export interface OptionSpec {
  /** Long name without dashes, e.g. "data-dir". */
  name: string;
  type: OptionType;
  description: string;
  /** Unit of a numeric value as typed by the user, e.g. "km", "minutes"; the name ends with it (`--within-km`). */
  unit?: string;
  /** Former names still accepted; using one prints a one-line notice on stderr. */
  aliases?: string[];
  /** Placeholder shown in help, e.g. "FILE.geojson". */
  placeholder?: string;
  /** May be given several times (values collected into an array). */
  multiple?: boolean;
  /** Takes every following value up to the next --option (implies multiple), e.g. `--contains A B C`. */
  variadic?: boolean;
  default?: string | number | boolean;
  /** Allowed values for a string option. */
  choices?: readonly string[];
}

/** One positional argument of a command. */
export interface ArgSpec {
  name: string;
  description: string;
  /** Takes all remaining positionals (at least one unless optional). */
  variadic?: boolean;
  optional?: boolean;
}

/** An option's value as parsed (a repeatable or variadic option gives an array; absent and no default: undefined). */
export type OptionValue = string | number | boolean | string[] | number[] | undefined;

/**
 * What a command runs with: its parsed arguments and options, the data pack, output lines and a progress reporter.
 * `syraq` builds one per call; a script builds one with `commandContext()`.
 */
export interface CommandContext {
  /** Positional arguments by name (variadic ones are arrays). */
  args: Record<string, string | string[] | undefined>;
  /** Options by long name, with defaults applied. */
  options: Record<string, OptionValue>;
  json: boolean;
  quiet: boolean;
  /** Resolves the data pack (`--data-dir`, SYRAQ_DATA_DIR, ../shared/data). */
  dataDir(): string;
  /** Writes a line to stdout. */
  out(line: string): void;
  /** Writes a line to stderr (warnings, notes). */
  err(line: string): void;
  /** Progress reporter: draws on a TTY stderr, silent with --quiet or when piped. */
  progress(label: string): Progress;
}

/** A progress reporter (see `makeProgress`): fractions in [0, 1], then `done()` once. */
export interface Progress {
  /** fraction in [0, 1] */
  update(fraction: number): void;
  done(): void;
}

/** A command's answer: JSON for `--json`, text otherwise. */
export interface CommandResult {
  /** Printed (pretty, 2-space) with --json. */
  json: unknown;
  /** Printed otherwise. */
  text: string;
}

/** A command: its name, help (summary, description, arguments, options, examples) and what it runs. */
export interface CommandSpec {
  /** One or two words, e.g. "distance" or "data check". */
  name: string;
  summary: string;
  description?: string;
  args: ArgSpec[];
  options: OptionSpec[];
  examples: string[];
  run(ctx: CommandContext): Promise<CommandResult> | CommandResult;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: OptionSpec[] = [
  { name: "json", type: "boolean", description: "print machine-readable JSON instead of text" },
  { name: "quiet", type: "boolean", description: "no progress bar or notes on stderr" },
  {
    name: "data-dir",
    type: "string",
    placeholder: "DIR",
    description: "the region's data pack (default: $SYRAQ_DATA_DIR, then ../shared/data)",
  },
  { name: "help", type: "boolean", description: "show help for the command" },
  {
    name: "strict",
    type: "boolean",
    description: "refuse place names matched only by nearest spelling (fuzzy); exact names and spelling variants only",
  },
  {
    name: "max-memory",
    type: "string",
    placeholder: "SIZE",
    description:
      "memory a job may use, e.g. 4G (default: $SYRAQ_MAX_MEMORY, then what the system has free); larger jobs stop early",
  },
];
