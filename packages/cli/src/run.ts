import { editDistance, exitStatusFor, isSyraqError, SyraqError } from "@syraq/core";
import { parseMemorySize, resolveDataDir, setMemoryLimit } from "@syraq/core/node";
import type { CommandContext, CommandSpec } from "./command.ts";
import { parseArgs } from "./args.ts";
import { commandHelp, generalHelp, markdownTable } from "./help.ts";
import { makeProgress } from "./progress.ts";
import { COMMANDS } from "./commands/index.ts";

export interface RunIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env?: Record<string, string | undefined>;
}

const defaultIO: RunIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

function findCommand(argv: string[]): { command: CommandSpec; rest: string[] } | undefined {
  // longest match first: "data check" before "data"
  const sorted = [...COMMANDS].sort((a, b) => b.name.split(" ").length - a.name.split(" ").length);
  for (const c of sorted) {
    const words = c.name.split(" ");
    if (words.every((w, i) => argv[i] === w)) return { command: c, rest: argv.slice(words.length) };
  }
  return undefined;
}

/** The arguments before a "--" terminator (after it, "--json" or "--help" is a positional value). */
const beforeTerminator = (argv: string[]) => (argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv);

/** Runs the CLI in-process and returns the exit status (never throws, never exits). */
export async function run(argv: string[], io: RunIO = defaultIO): Promise<number> {
  const json = beforeTerminator(argv).includes("--json");
  try {
    if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h") {
      io.stdout(generalHelp(COMMANDS) + "\n");
      return 0;
    }
    if (argv[0] === "--version") {
      io.stdout("syraq 0.1.0\n");
      return 0;
    }
    if (argv[0] === "help") {
      if (argv[1] === "--markdown") {
        io.stdout(markdownTable(COMMANDS) + "\n");
        return 0;
      }
      if (argv.length === 1) {
        io.stdout(generalHelp(COMMANDS) + "\n");
        return 0;
      }
      const found = findCommand(argv.slice(1));
      if (!found) throw unknownCommand(argv.slice(1));
      io.stdout(commandHelp(found.command) + "\n");
      return 0;
    }
    const found = findCommand(argv);
    if (!found) throw unknownCommand(argv);
    const { command, rest } = found;
    if (beforeTerminator(rest).includes("--help") || beforeTerminator(rest).includes("-h")) {
      io.stdout(commandHelp(command) + "\n");
      return 0;
    }
    const parsed = parseArgs(command, rest);
    const quiet = Boolean(parsed.options.quiet);
    const maxMemory = parsed.options["max-memory"];
    setMemoryLimit(typeof maxMemory === "string" ? parseMemorySize(maxMemory) : undefined);
    let dataDirCache: string | undefined;
    const ctx: CommandContext = {
      args: parsed.args,
      options: parsed.options,
      json,
      quiet,
      dataDir: () =>
        (dataDirCache ??= resolveDataDir({
          dataDir: parsed.options["data-dir"] as string | undefined,
          env: io.env ?? process.env,
        })),
      out: (line) => io.stdout(line + "\n"),
      err: (line) => {
        if (!quiet) io.stderr(line + "\n");
      },
      progress: (label) => makeProgress(label, !quiet),
    };
    for (const note of parsed.notices) ctx.err(`syraq: note: ${note}`);
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

function unknownCommand(argv: string[]): SyraqError {
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
