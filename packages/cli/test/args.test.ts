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
