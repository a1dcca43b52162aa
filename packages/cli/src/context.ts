import { resolveDataDir } from "@syraq/core/node";
import type { CommandContext, OptionValue } from "./command.ts";
import { makeProgress } from "./progress.ts";

/** What {@link commandContext} builds a {@link CommandContext} from; every field is optional. */
export interface CommandContextOptions {
  /** Positional arguments by name (variadic ones are arrays). Default: none. */
  args?: CommandContext["args"];
  /** Options by long name, as the parser gives them (e.g. `"allow-path": ["/srv/extra"]`). Default: none. */
  options?: Record<string, OptionValue>;
  /** The data pack's folder; default: `$SYRAQ_DATA_DIR`, then `../shared/data` (resolved on first use). */
  dataDir?: string;
  /** Environment to read SYRAQ_DATA_DIR from; default: process.env. */
  env?: Record<string, string | undefined>;
  /** Machine-readable output wanted (as `--json`). Default false. */
  json?: boolean;
  /** No notes on stderr and no progress bar (as `--quiet`). Default false. */
  quiet?: boolean;
  /** Receives each stdout line (without its newline); default: written to process.stdout. */
  out?(line: string): void;
  /** Receives each stderr line (warnings, notes; none when quiet); default: written to process.stderr. */
  err?(line: string): void;
}

/**
 * A {@link CommandContext} for calling the CLI's library functions (e.g. {@link renderFigures}) from a script, with
 * the defaults `syraq` itself uses: the data pack found as `--data-dir`, SYRAQ_DATA_DIR, then `../shared/data`
 * (resolved on first use, once; DATA_MISSING, exit 3, when none is found), lines to stdout and stderr, and a progress
 * bar on a TTY stderr unless `quiet`.
 *
 * @example
 * ```ts
 * import { commandContext, renderFigures } from "@syraq/cli";
 * const ctx = commandContext({ dataDir: "/data/syraq-pack", quiet: true });
 * const [figure] = await renderFigures(ctx, [{ spec: "my-spec.json", out: "figures/my-spec.png" }]);
 * ```
 */
export function commandContext(o: CommandContextOptions = {}): CommandContext {
  const quiet = o.quiet ?? false;
  const out = o.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = o.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let dataDir: string | undefined;
  return {
    args: o.args ?? {},
    options: o.options ?? {},
    json: o.json ?? false,
    quiet,
    dataDir: () => (dataDir ??= resolveDataDir({ dataDir: o.dataDir, env: o.env ?? process.env })),
    out,
    err: (line) => {
      if (!quiet) err(line);
    },
    progress: (label) => makeProgress(label, !quiet),
  };
}
