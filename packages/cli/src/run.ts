import { editDistance, exitStatusFor, isSyraqError, SyraqError } from "@syraq/core";
import { parseMemorySize, setMemoryLimit } from "@syraq/core/node";
import type { CommandSpec } from "./command.ts";
import { parseArgs } from "./args.ts";
import { commandContext } from "./context.ts";
import { answerWithoutRunning, beforeTerminator, findCommand, loadCommand } from "./launch.ts";

/** Where {@link run} writes and what environment it reads (SYRAQ_DATA_DIR); default: the process's own. */
export interface RunIO {
  /** Receives stdout text (whole lines, with their newlines). */
  stdout(text: string): void;
  /** Receives stderr text (notes, warnings, the error line). */
  stderr(text: string): void;
  /** Environment to read SYRAQ_DATA_DIR from; default process.env. */
  env?: Record<string, string | undefined>;
}

const defaultIO: RunIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/**
 * Runs the CLI in-process and returns the exit status (never throws, never exits). `commands` defaults to every
 * command (commands/index.ts, loaded here); the built bin passes the lazily loaded ones of dist/commands.json.
 * Exit status: 0 ok, 1 internal error, 2 bad arguments or input, 3 data missing or unreadable, 4 no result.
 *
 * @example
 * ```ts
 * import { run } from "@syraq/cli";
 * let text = "";
 * const status = await run(["distance", "Raqqa", "Palmyra", "--json"], {
 *   stdout: (t) => (text += t),
 *   stderr: (t) => process.stderr.write(t),
 * });
 * if (status === 0) console.log(JSON.parse(text).lengthMetres); // metres
 * ```
 */
export async function run(argv: string[], io: RunIO = defaultIO, commands?: CommandSpec[]): Promise<number> {
  const json = beforeTerminator(argv).includes("--json");
  try {
    const COMMANDS = commands ?? (await import("./commands/index.ts")).COMMANDS;
    const answered = answerWithoutRunning(argv, COMMANDS, io.stdout);
    if (answered !== undefined) return answered;
    if (argv[0] === "help") throw unknownCommand(COMMANDS, argv.slice(1));
    const found = findCommand(COMMANDS, argv);
    if (!found) throw unknownCommand(COMMANDS, argv);
    const { rest } = found;
    const command = await loadCommand(found.command);
    const parsed = parseArgs(command, rest);
    const quiet = Boolean(parsed.options.quiet);
    const maxMemory = parsed.options["max-memory"];
    setMemoryLimit(typeof maxMemory === "string" ? parseMemorySize(maxMemory) : undefined);
    const ctx = commandContext({
      args: parsed.args,
      options: parsed.options,
      json,
      quiet,
      dataDir: parsed.options["data-dir"] as string | undefined,
      env: io.env ?? process.env,
      out: (line) => io.stdout(line + "\n"),
      err: (line) => io.stderr(line + "\n"),
    });
    for (const note of parsed.notices) ctx.err(`syraq: note: ${note}`);
    // GeoPackage / FlatGeobuf / Shapefile inputs are read ahead (async) for the synchronous loaders
    const vectorInputs = [...Object.values(parsed.options), ...Object.values(parsed.args)]
      .flat()
      .filter((v): v is string => typeof v === "string" && /\.(gpkg|fgb|shp)$/i.test(v));
    if (vectorInputs.length) await (await import("@syraq/core/node")).preloadVectorFiles(vectorInputs);
    const result = await command.run(ctx);
    if (json) io.stdout(JSON.stringify(result.json, null, 2) + "\n");
    else if (result.text) io.stdout(result.text.endsWith("\n") ? result.text : result.text + "\n");
    return 0;
  } catch (error) {
    const status = exitStatusFor(error);
    if (isSyraqError(error)) {
      if (json)
        io.stdout(
          JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } }, null, 2) +
            "\n",
        );
      io.stderr(`syraq: error [${error.code}]: ${error.message}\n`);
    } else {
      const e = error as Error;
      io.stderr(
        `syraq: internal error (a bug; please report it with the command you ran): ${e?.message ?? String(e)}\n`,
      );
      if (process.env.SYRAQ_DEBUG) io.stderr(`${e?.stack ?? ""}\n`);
    }
    return status;
  } finally {
    setMemoryLimit(undefined);
  }
}

function unknownCommand(COMMANDS: CommandSpec[], argv: string[]): SyraqError {
  const name = argv.join(" ");
  // Compare as many words as each command name has ("dta check" ~ "data check").
  const scored = COMMANDS.map((c) => {
    const words = c.name.split(" ");
    // "syraq data" alone: the first word of "data check" is an exact match
    if (words.length > 1 && argv.length < words.length && argv.every((w, i) => w === words[i]))
      return { name: c.name, d: -1 };
    return { name: c.name, d: editDistance(argv.slice(0, words.length).join(" "), c.name) };
  }).sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : 1));
  const suggestions = scored.slice(0, 3).map((s) => s.name);
  return new SyraqError(
    "UNKNOWN_COMMAND",
    `unknown command '${argv[0]}'; did you mean ${suggestions.map((s) => `'${s}'`).join(", ")}? Run 'syraq --help' for the list.`,
    { command: name, suggestions },
  );
}
