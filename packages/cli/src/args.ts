import { SyraqError } from "@syraq/core";
import { GLOBAL_OPTIONS, type CommandSpec, type OptionSpec, type OptionValue } from "./command.ts";

export interface ParsedArgs {
  args: Record<string, string | string[] | undefined>;
  options: Record<string, OptionValue>;
  /** One line per old option name used ("--within is now --within-km"), for stderr. */
  notices: string[];
}

function parseNumber(spec: OptionSpec, raw: string): number {
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v)) {
    throw new SyraqError(
      "BAD_OPTION",
      `--${spec.name} expects a number${spec.unit ? ` (${spec.unit})` : ""}, got '${raw}'`,
      { option: spec.name, value: raw },
    );
  }
  return v;
}

/** Parses argv (after the command words) against a command's description. */
export function parseArgs(command: CommandSpec, argv: string[]): ParsedArgs {
  const specs = new Map<string, OptionSpec>();
  const aliasOf = new Map<string, OptionSpec>();
  for (const o of [...GLOBAL_OPTIONS, ...command.options]) {
    specs.set(o.name, o);
    for (const a of o.aliases ?? []) aliasOf.set(a, o);
  }
  const notices: string[] = [];
  const options: Record<string, OptionValue> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (token.startsWith("--") && token.length > 2) {
      const eq = token.indexOf("=");
      let name = eq >= 0 ? token.slice(2, eq) : token.slice(2);
      const renamed = aliasOf.get(name);
      if (renamed && !specs.has(name)) {
        const note = `--${name} is now --${renamed.name} (the unit is in the name); the old name still works`;
        if (!notices.includes(note)) notices.push(note);
        name = renamed.name;
      }
      const spec = specs.get(name) ?? (name.startsWith("no-") ? specs.get(name.slice(3)) : undefined);
      if (!spec) {
        const known = [...specs.keys()].map((k) => `--${k}`).join(", ");
        throw new SyraqError("BAD_OPTION", `unknown option --${name} for '${command.name}'; accepted: ${known}`, {
          option: name,
        });
      }
      if (spec.type === "boolean") {
        if (eq >= 0)
          throw new SyraqError("BAD_OPTION", `--${spec.name} is a flag and takes no value`, { option: spec.name });
        options[spec.name] = !name.startsWith("no-");
        continue;
      }
      const raws: string[] = [];
      if (eq >= 0) raws.push(token.slice(eq + 1));
      else {
        if (i + 1 >= argv.length)
          throw new SyraqError(
            "BAD_OPTION",
            `--${spec.name} needs a value${spec.placeholder ? ` (${spec.placeholder})` : ""}`,
            { option: spec.name },
          );
        // "--out --json": the value looks like an option (a forgotten value), so refuse rather than write a file
        // named "--json"; a value that really starts with "--" is written --out=--json
        const next = argv[i + 1]!;
        if (next.startsWith("--") || next === "-h")
          throw new SyraqError(
            "BAD_OPTION",
            `--${spec.name} needs a value${spec.placeholder ? ` (${spec.placeholder})` : ""} but is followed by the option ` +
              `${next}; give the value (or write --${spec.name}=${next} for a value that starts with dashes)`,
            { option: spec.name, value: next },
          );
        raws.push(argv[++i]!);
        // a variadic option stops at the next --option and at the "--" terminator
        if (spec.variadic) while (i + 1 < argv.length && !argv[i + 1]!.startsWith("--")) raws.push(argv[++i]!);
      }
      for (const raw of raws) {
        if (spec.choices && !spec.choices.includes(raw)) {
          throw new SyraqError("BAD_OPTION", `--${spec.name} must be one of ${spec.choices.join(", ")}; got '${raw}'`, {
            option: spec.name,
            value: raw,
          });
        }
        const value = spec.type === "number" ? parseNumber(spec, raw) : raw;
        if (spec.multiple || spec.variadic) {
          const prev = (options[spec.name] as Array<string | number> | undefined) ?? [];
          options[spec.name] = [...prev, value] as string[] | number[];
        } else {
          // "--country SY … --country IQ": say so rather than silently keep the last one
          const prev = options[spec.name];
          if (prev !== undefined && prev !== value) {
            throw new SyraqError(
              "BAD_OPTION",
              `--${spec.name} given twice ('${prev}' and '${value}'); it takes one value`,
              { option: spec.name, values: [prev, value] },
            );
          }
          options[spec.name] = value;
        }
      }
      continue;
    }
    positionals.push(token);
  }
  for (const spec of command.options) {
    if (options[spec.name] === undefined && spec.default !== undefined)
      options[spec.name] = spec.multiple || spec.variadic ? ([spec.default] as string[] | number[]) : spec.default;
  }
  const args: Record<string, string | string[] | undefined> = {};
  let p = 0;
  for (const a of command.args) {
    if (a.variadic) {
      const rest = positionals.slice(p);
      p = positionals.length;
      if (rest.length === 0 && !a.optional)
        throw new SyraqError("BAD_ARGUMENT", `'${command.name}' needs ${a.name} (${a.description})`, {
          argument: a.name,
        });
      args[a.name] = rest;
    } else if (p < positionals.length) {
      args[a.name] = positionals[p++];
    } else if (!a.optional && !options.help) {
      throw new SyraqError("BAD_ARGUMENT", `'${command.name}' needs ${a.name} (${a.description})`, {
        argument: a.name,
      });
    }
  }
  if (p < positionals.length && !options.help) {
    throw new SyraqError("BAD_ARGUMENT", `'${command.name}' got unexpected argument '${positionals[p]}'`, {
      argument: positionals[p],
    });
  }
  return { args, options, notices };
}
