import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/args.ts";
import type { CommandSpec } from "../src/command.ts";

const spec: CommandSpec = {
  name: "probe",
  summary: "test command",
  args: [
    { name: "A", description: "first" },
    { name: "REST", description: "rest", variadic: true, optional: true },
  ],
  options: [
    { name: "minutes", type: "string", description: "bands" },
    { name: "within", type: "number", unit: "km", description: "radius" },
    { name: "from", type: "string", multiple: true, description: "sources" },
    { name: "contains", type: "string", variadic: true, description: "places" },
    { name: "rule", type: "string", choices: ["geodesic", "grass"], default: "geodesic", description: "rule" },
    { name: "flag", type: "boolean", description: "a flag" },
  ],
  examples: [],
  run: () => ({ json: null, text: "" }),
};

describe("argument parser", () => {
  it("collects positionals, repeatable and variadic options, defaults", () => {
    const p = parseArgs(spec, [
      "x",
      "--from",
      "Raqqa",
      "--contains",
      "Palmyra",
      "Mosul",
      "33.5N 36.3E",
      "--from=Homs",
      "y",
      "--flag",
    ]);
    expect(p.args).toEqual({ A: "x", REST: ["y"] });
    expect(p.options.from).toEqual(["Raqqa", "Homs"]);
    expect(p.options.contains).toEqual(["Palmyra", "Mosul", "33.5N 36.3E"]);
    expect(p.options.rule).toBe("geodesic");
    expect(p.options.flag).toBe(true);
  });
  it("parses numbers and rejects non-numbers with the unit in the message", () => {
    expect(parseArgs(spec, ["x", "--within", "12.5"]).options.within).toBe(12.5);
    expect(() => parseArgs(spec, ["x", "--within", "ten"])).toThrow(/--within expects a number \(km\), got 'ten'/);
  });
  it("rejects values outside the choices, unknown options, missing values and missing arguments", () => {
    expect(() => parseArgs(spec, ["x", "--rule", "mcp"])).toThrow(/one of geodesic, grass/);
    expect(() => parseArgs(spec, ["x", "--nope"])).toThrow(/unknown option --nope/);
    expect(() => parseArgs(spec, ["x", "--within"])).toThrow(/needs a value/);
    expect(() => parseArgs(spec, [])).toThrow(/needs A/);
    expect(() => parseArgs(spec, ["x", "--flag=yes"])).toThrow(/takes no value/);
  });
  it("treats everything after -- as positional", () => {
    expect(parseArgs(spec, ["x", "--", "--flag"]).args.REST).toEqual(["--flag"]);
  });
  it("accepts negative coordinates as option values", () => {
    expect(parseArgs(spec, ["x", "--from", "-33.5,36.3"]).options.from).toEqual(["-33.5,36.3"]);
  });
});

describe("options renamed with their unit keep their old names", () => {
  const spec: CommandSpec = {
    name: "x",
    summary: "s",
    description: "d",
    args: [],
    options: [{ name: "within-km", aliases: ["within"], type: "number", unit: "km", description: "radius" }],
    examples: [],
    run: async () => ({ json: null, text: "" }),
  };

  it("an old name sets the new option and leaves one notice; the new name leaves none", () => {
    const old = parseArgs(spec, ["--within", "12"]);
    expect(old.options["within-km"]).toBe(12);
    expect(old.notices).toEqual(["--within is now --within-km (the unit is in the name); the old name still works"]);
    const now = parseArgs(spec, ["--within-km=12"]);
    expect(now.options["within-km"]).toBe(12);
    expect(now.notices).toEqual([]);
  });

  it("giving both names with different values is the same error as giving one twice", () => {
    expect(() => parseArgs(spec, ["--within", "1", "--within-km", "2"])).toThrow(/given twice/);
  });
});

describe("every numeric option with a physical unit carries the unit in its name", () => {
  // "pixels" (image sizes) are the only unit left out: an image width is never anything else.
  const SUFFIX: Record<string, string> = {
    km: "km",
    m: "m",
    degrees: "degrees",
    seconds: "seconds",
    minutes: "minutes",
    hours: "hours",
    percent: "percent",
  };
  it("--within-km, --crossing-radius-m, --valley-height-m, …", async () => {
    const { COMMANDS } = await import("../src/commands/index.ts");
    const bad: string[] = [];
    for (const c of COMMANDS)
      for (const o of c.options) {
        const suffix = o.unit ? SUFFIX[o.unit] : undefined;
        if (suffix && o.name !== suffix && !o.name.endsWith(`-${suffix}`))
          bad.push(`${c.name} --${o.name} (${o.unit})`);
      }
    expect(bad).toEqual([]);
  });
});
