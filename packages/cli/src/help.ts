import { GLOBAL_OPTIONS, type CommandSpec, type OptionSpec } from "./command.ts";

function usage(c: CommandSpec): string {
  const args = c.args.map((a) => {
    const n = a.variadic ? `${a.name}…` : a.name;
    return a.optional ? `[${n}]` : n;
  });
  return ["syraq", c.name, ...args, c.options.length ? "[options]" : ""].filter(Boolean).join(" ");
}

function optionLine(o: OptionSpec): string {
  const value =
    o.type === "boolean" ? "" : ` ${o.placeholder ?? (o.type === "number" ? "N" : "VALUE")}${o.variadic ? "…" : ""}`;
  const extras: string[] = [];
  if (o.unit) extras.push(`unit: ${o.unit}`);
  if (o.choices) extras.push(`one of ${o.choices.join("|")}`);
  if (o.default !== undefined) extras.push(`default ${String(o.default)}`);
  if (o.multiple && !o.variadic) extras.push("repeatable");
  return `  --${o.name}${value}`.padEnd(30) + ` ${o.description}${extras.length ? ` (${extras.join("; ")})` : ""}`;
}

export function commandHelp(c: CommandSpec): string {
  const lines = [`Usage: ${usage(c)}`, "", c.summary];
  if (c.description) lines.push("", c.description);
  if (c.args.length) {
    lines.push("", "Arguments:");
    for (const a of c.args) lines.push(`  ${a.name}`.padEnd(30) + ` ${a.description}`);
  }
  if (c.options.length) {
    lines.push("", "Options:");
    for (const o of c.options) lines.push(optionLine(o));
  }
  lines.push("", "Global options:");
  for (const o of GLOBAL_OPTIONS) lines.push(optionLine(o));
  if (c.examples.length) {
    lines.push("", "Examples:");
    for (const e of c.examples) lines.push(`  ${e}`);
  }
  return lines.join("\n");
}

export function generalHelp(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    "syraq: terrain and corridor analysis over the Syrian–Iraqi borderlands",
    "",
    "Usage: syraq <command> [arguments] [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Run 'syraq help <command>' for a command's arguments, options and examples.",
    "Every command takes --json. Exit status: 0 ok, 1 internal error, 2 bad arguments or input,",
    "3 data missing or unreadable, 4 no result (unreachable target, empty intersection).",
  ].join("\n");
}

/**
 * The README's command table (Markdown: usage, summary and first example of each command, `|` escaped), generated
 * from the same descriptions as `syraq help`; `syraq help --markdown` prints it too.
 *
 * @example
 * ```ts
 * import { COMMANDS, markdownTable } from "@syraq/cli";
 * const table = markdownTable(COMMANDS); // "| command | what it does | example |\n| --- | --- | --- |\n| `syraq …"
 * ```
 */
export function markdownTable(commands: readonly CommandSpec[]): string {
  const rows = commands.map(
    (c) => `| \`${usage(c)}\` | ${c.summary} | \`${(c.examples[0] ?? "").replace(/\|/g, "\\|")}\` |`,
  );
  return ["| command | what it does | example |", "| --- | --- | --- |", ...rows].join("\n");
}
