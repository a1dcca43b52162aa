// Fast start. `pnpm build` writes dist/commands.json: every command's description (name, summary, arguments,
// options, examples) and the module that implements it. From the build, `syraq --version`, `syraq help` and
// `syraq CMD --help` answer from that file without loading @syraq/core or any command, and a command loads only
// its own module (and what it imports). From the sources there is no commands.json: every command is loaded.
// Light on purpose: node builtins and help.ts only.
import { existsSync, readFileSync } from "node:fs";
import type { CommandSpec } from "./command.ts";
import { commandHelp, generalHelp, markdownTable } from "./help.ts";

/** A command known by its description, its implementation loaded on first use. */
export interface LazyCommandSpec extends CommandSpec {
  load(): Promise<CommandSpec>;
}

/** One entry of dist/commands.json. */
export interface CommandManifestEntry extends Omit<CommandSpec, "run"> {
  /** The implementing module, relative to dist/ (e.g. "./commands/distance.js"). */
  module: string;
  /** Its export holding the CommandSpec. */
  exportName: string;
}

const MANIFEST = new URL("./commands.json", import.meta.url);

/** The commands from dist/commands.json (lazily loaded), or undefined when running from the sources. */
export function manifestCommands(): LazyCommandSpec[] | undefined {
  if (!existsSync(MANIFEST)) return undefined;
  const entries = JSON.parse(readFileSync(MANIFEST, "utf8")) as CommandManifestEntry[];
  return entries.map(({ module, exportName, ...spec }) => {
    let loaded: Promise<CommandSpec> | undefined;
    const load = () =>
      (loaded ??= import(new URL(module, import.meta.url).href).then((m) => m[exportName] as CommandSpec));
    return { ...spec, load, run: async (ctx) => (await load()).run(ctx) };
  });
}

/** The command's full spec (its module loaded when the entry is lazy). */
export async function loadCommand(c: CommandSpec): Promise<CommandSpec> {
  return "load" in c && typeof c.load === "function" ? (c as LazyCommandSpec).load() : c;
}

/** The @syraq/cli version, from its package.json (one folder up from src/ and from dist/). */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** The arguments before a "--" terminator (after it, "--json" or "--help" is a positional value). */
export const beforeTerminator = (argv: string[]) => (argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv);

/** The command named by the first words of argv (longest name first: "data check" before "data"). */
export function findCommand(
  commands: CommandSpec[],
  argv: string[],
): { command: CommandSpec; rest: string[] } | undefined {
  const sorted = [...commands].sort((a, b) => b.name.split(" ").length - a.name.split(" ").length);
  for (const c of sorted) {
    const words = c.name.split(" ");
    if (words.every((w, i) => argv[i] === w)) return { command: c, rest: argv.slice(words.length) };
  }
  return undefined;
}

/**
 * Answers `--version`, `--help`/`-h`/no arguments, `help [--markdown]`, `help CMD` and `CMD --help` from the
 * commands' descriptions alone; returns the exit status, or undefined when argv asks for more (a command to run,
 * an unknown name: the caller reports it).
 */
export function answerWithoutRunning(
  argv: string[],
  commands: CommandSpec[],
  stdout: (text: string) => void,
): number | undefined {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h") {
    stdout(generalHelp(commands) + "\n");
    return 0;
  }
  if (argv[0] === "--version") {
    stdout(`syraq ${cliVersion()}\n`);
    return 0;
  }
  if (argv[0] === "help") {
    if (argv[1] === "--markdown") {
      stdout(markdownTable(commands) + "\n");
      return 0;
    }
    if (argv.length === 1) {
      stdout(generalHelp(commands) + "\n");
      return 0;
    }
    const found = findCommand(commands, argv.slice(1));
    if (!found) return undefined;
    stdout(commandHelp(found.command) + "\n");
    return 0;
  }
  const found = findCommand(commands, argv);
  if (!found) return undefined;
  const rest = beforeTerminator(found.rest);
  if (rest.includes("--help") || rest.includes("-h")) {
    stdout(commandHelp(found.command) + "\n");
    return 0;
  }
  return undefined;
}
