/**
 * Syraq's JSON request schema, shared by `syraq serve` (POST /syraq/v1/{command}) and
 * `syraq batch` (one request per line): `{"id": …, "command": "route", "args": {…}}`.
 * `args` holds the command's positional arguments and options by name (kebab-case or
 * camelCase): `{"from": "Raqqa", "to": "Palmyra", "via": ["Tabqa"], "model": "foot"}`.
 * The request is turned into the command line the CLI would parse and run by the very
 * command the CLI runs, so the answer is the JSON of `syraq COMMAND … --json`.
 */
import { SyraqError } from "@syraq/core";
import { parseArgs } from "../args.ts";
import type { CommandContext, CommandSpec } from "../command.ts";

/** Commands answered over the JSON API and in batch files (raster jobs stay in the CLI). */
export const API_COMMANDS = ["where", "distance", "depth", "zone", "route", "isochrone", "corridor"] as const;
export type ApiCommand = (typeof API_COMMANDS)[number];

/**
 * Options never taken from a request: they write or read files chosen by the caller, or
 * build another route graph (slow), or only make sense on a terminal.
 */
export const REFUSED_OPTIONS = new Set([
  "out",
  "dem",
  "band",
  "roads",
  "roads-mode",
  "crossings",
  "terrain-classes",
  "data-dir",
  "json",
  "quiet",
  "help",
]);

/** Options whose value may be a file path in the CLI (`--front FILE.geojson`, `zone FILE`): names only here. */
const NAME_ONLY = new Set(["front", "zone"]);

export interface ApiRequest {
  id?: unknown;
  command: string;
  args: Record<string, unknown>;
}

const kebab = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

function scalar(name: string, v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v))
      throw new SyraqError("BAD_ARGUMENT", `'${name}' must be a finite number; got ${v}`, { name });
    return String(v);
  }
  throw new SyraqError("BAD_ARGUMENT", `'${name}' must be a string or a number; got ${describe(v)}`, { name });
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : typeof v;
}

/** Validates the envelope of a request (a parsed JSON value). */
export function parseApiRequest(value: unknown): ApiRequest {
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new SyraqError(
      "BAD_ARGUMENT",
      `a request is a JSON object {"command": …, "args": {…}}; got ${describe(value)}`,
    );
  const v = value as Record<string, unknown>;
  if (typeof v.command !== "string")
    throw new SyraqError("BAD_ARGUMENT", `the request needs "command": one of ${API_COMMANDS.join(", ")}`);
  const args = v.args ?? {};
  if (!args || typeof args !== "object" || Array.isArray(args))
    throw new SyraqError("BAD_ARGUMENT", `"args" must be an object of arguments and options; got ${describe(args)}`);
  return { ...(v.id !== undefined ? { id: v.id } : {}), command: v.command, args: args as Record<string, unknown> };
}

/** The command line (after the command name) a request stands for; BAD_ARGUMENT/BAD_OPTION on what the CLI would refuse. */
export function requestArgv(spec: CommandSpec, args: Record<string, unknown>): string[] {
  const options: string[] = [];
  const positionals: string[] = [];
  const seen = new Set<string>();
  const argNames = new Map(spec.args.map((a) => [a.name.toLowerCase(), a]));
  const optionNames = new Map(spec.options.map((o) => [o.name, o]));
  for (const [rawKey, value] of Object.entries(args)) {
    const key = kebab(rawKey);
    if (seen.has(key)) throw new SyraqError("BAD_ARGUMENT", `'${rawKey}' given twice`, { name: rawKey });
    seen.add(key);
    if (value === undefined || value === null) continue;
    if (argNames.has(key.toLowerCase())) continue;
    if (REFUSED_OPTIONS.has(key))
      throw new SyraqError("BAD_OPTION", `option '${rawKey}' is not accepted in a request (files and terminal only)`, {
        option: rawKey,
      });
    const o = optionNames.get(key);
    if (!o) {
      const accepted = [...spec.args.map((a) => a.name), ...spec.options.map((x) => x.name)]
        .filter((n) => !REFUSED_OPTIONS.has(n))
        .join(", ");
      throw new SyraqError("BAD_OPTION", `unknown argument '${rawKey}' for '${spec.name}'; accepted: ${accepted}`, {
        option: rawKey,
      });
    }
    if (o.type === "boolean") {
      // query strings carry text: "true" / "false" stand for the flag
      const flag = value === "true" ? true : value === "false" ? false : value;
      if (typeof flag !== "boolean")
        throw new SyraqError("BAD_OPTION", `'${rawKey}' is a flag: true or false; got ${describe(value)}`, {
          option: rawKey,
        });
      options.push(flag ? `--${o.name}` : `--no-${o.name}`);
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) && !(o.multiple || o.variadic) && o.name !== "minutes")
      throw new SyraqError("BAD_OPTION", `'${rawKey}' takes one value; got an array`, { option: rawKey });
    const texts = values.map((x) => scalar(rawKey, x));
    if (o.name === "minutes") options.push(`--minutes=${texts.join(",")}`);
    else for (const t of texts) options.push(`--${o.name}=${t}`);
    if (NAME_ONLY.has(o.name)) for (const t of texts) nameOnly(rawKey, t);
  }
  for (const a of spec.args) {
    const entry = Object.entries(args).find(([k]) => kebab(k).toLowerCase() === a.name.toLowerCase());
    const value = entry?.[1];
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) && !a.variadic)
      throw new SyraqError("BAD_ARGUMENT", `'${a.name}' takes one value; got an array`, { name: a.name });
    const texts = values.map((x) => scalar(a.name, x));
    if (NAME_ONLY.has(a.name.toLowerCase())) for (const t of texts) nameOnly(a.name, t);
    positionals.push(...texts);
  }
  return [...options, "--", ...positionals];
}

function nameOnly(name: string, value: string): void {
  if (/[/\\]/.test(value) || /\.(geo)?json$/i.test(value))
    throw new SyraqError(
      "BAD_ARGUMENT",
      `'${name}' must be a name in a request (files are read by the CLI only); got '${value}'`,
      { name },
    );
}

/** Answer to a request: the command's JSON and the notes it wrote to stderr. */
export interface ApiAnswer {
  json: unknown;
  notes: string[];
}

/**
 * Runs a request through the command the CLI runs, with a context that collects notes
 * instead of printing them. `commands` is the CLI's command list (commands/index.ts).
 */
export async function runApiRequest(
  commands: readonly CommandSpec[],
  request: ApiRequest,
  dataDir: string,
  limits: { maxPoints?: number } = {},
): Promise<ApiAnswer> {
  if (!(API_COMMANDS as readonly string[]).includes(request.command))
    throw new SyraqError(
      "UNKNOWN_COMMAND",
      `'${request.command}' is not answered here; commands: ${API_COMMANDS.join(", ")}`,
      { command: request.command },
    );
  const spec = commands.find((c) => c.name === request.command);
  if (!spec) throw new SyraqError("INTERNAL", `command '${request.command}' is not registered`);
  const argv = requestArgv(spec, request.args);
  const parsed = parseArgs(spec, argv);
  const maxPoints = limits.maxPoints ?? 100;
  for (const [k, v] of Object.entries({ ...parsed.args, ...parsed.options }))
    if (Array.isArray(v) && v.length > maxPoints)
      throw new SyraqError("OUT_OF_RANGE", `'${k}' has ${v.length} values; at most ${maxPoints} per request`, {
        name: k,
        limit: maxPoints,
      });
  const notes: string[] = [];
  const ctx: CommandContext = {
    args: parsed.args,
    options: parsed.options,
    json: true,
    quiet: false,
    dataDir: () => dataDir,
    out: () => {},
    err: (line) => notes.push(line.replace(/^note: /, "")),
    progress: () => ({ update() {}, done() {} }),
  };
  const result = await spec.run(ctx);
  return { json: result.json, notes };
}

/** A coded error as the JSON API and batch files write it (the CLI's `--json` error shape). */
export function errorJson(e: unknown): { error: { code: string; message: string; details?: Record<string, unknown> } } {
  if (e instanceof SyraqError) return { error: { code: e.code, message: e.message, details: e.details } };
  return { error: { code: "INTERNAL", message: `internal error (a bug): ${(e as Error)?.message ?? String(e)}` } };
}
