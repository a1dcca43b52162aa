// The figure spec schema: shipped specs pass; wrong types, unknown fields, absurd sizes and bad dates fail with
// BAD_ARGUMENT naming the field; the docs copy of the schema is the one the validator reads.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSyraqError } from "../../src/errors.ts";
import { FIGURE_SPEC_SCHEMA, paperSize, validateFigureSpec } from "../../src/figures/schema.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..", "..");

function fieldOf(spec: unknown): { code: string; field: unknown; message: string } {
  try {
    validateFigureSpec(spec);
  } catch (e) {
    if (isSyraqError(e)) return { code: e.code, field: e.details.field, message: e.message };
    throw e;
  }
  throw new Error(`accepted: ${JSON.stringify(spec)}`);
}

describe("figure spec schema", () => {
  it("accepts every shipped spec", () => {
    const dir = join(ROOT, "scripts", "figures");
    const specs = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(specs.length).toBeGreaterThanOrEqual(5);
    for (const f of specs)
      expect(() => validateFigureSpec(JSON.parse(readFileSync(join(dir, f), "utf8"))), f).not.toThrow();
  });

  it("docs/figure-spec.schema.json is the schema the validator uses (regenerate: npx tsx scripts/figures/write-schema.ts)", () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, "docs", "figure-spec.schema.json"), "utf8"));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(FIGURE_SPEC_SCHEMA)));
  });

  it.each([
    [{}, "title", /is required/],
    [{ title: 5 }, "title", /must be a string/],
    [{ title: "t", colour: "red" }, "colour", /unknown field; known: title/],
    [{ title: "t", width: 100000 }, "width", /≤ 8000/],
    [{ title: "t", width: -3 }, "width", /≥ 200/],
    [{ title: "t", scale: 0 }, "scale", /> 0/],
    [{ title: "t", date: "2017-02-30" }, "date", /calendar date/],
    [{ title: "t", date: "29/09/2017" }, "date", /calendar date/],
    [{ title: "t", date: "1066-10-14" }, "date", /between 1990-01-01/],
    [{ title: "t", layers: ["hillshade", "motorways"] }, "layers[1]", /one of hillshade/],
    [{ title: "t", bbox: [40, 34, 39, 35] }, "bbox", /east must be greater/],
    [{ title: "t", bbox: [40, 34, 41] }, "bbox", /at least 4/],
    [{ title: "t", view: { longitude: 40, latitude: 34 } }, "view.zoom", /required/],
    [{ title: "t", analysis: [{ type: "heatmap" }] }, "analysis[0].type", /unknown analysis type 'heatmap'/],
    [
      { title: "t", analysis: [{ type: "isochrone", from: "Sukhna", hours: [1, "2"] }] },
      "analysis[0].hours[1]",
      /number/,
    ],
    [{ title: "t", analysis: [{ type: "route", from: "A", to: "B", speed: 3 }] }, "analysis[0].speed", /unknown field/],
    [{ title: "t", analysis: [{ type: "route", from: "A", to: "B", model: "horse" }] }, "analysis[0].model", /one of/],
    [{ title: "t", data: [{ file: "x.geojson", color: [300, 0, 0] }] }, "data[0].color[0]", /≤ 255/],
    [
      { title: "t", view: { longitude: 40, latitude: 34, zoom: 6 }, fit: ["Raqqa"] },
      "bbox",
      /one of view, bbox or fit/,
    ],
    [{ title: "t", paper: "A4-landscape", width: 900 }, "paper", /either paper or width/],
    [{ title: "t", paper: "A4-landscape", dpi: 600 }, "dpi", /≤ 300/],
  ])("%j → field %s", (spec, field, message) => {
    const r = fieldOf(spec);
    expect(r.code).toBe("BAD_ARGUMENT");
    // "one of view, bbox or fit" names the second way given, whichever it is.
    if (field !== "bbox" || !/one of view/.test(String(message))) expect(r.field).toBe(field);
    expect(r.message).toMatch(message);
    expect(r.message).toContain("figure spec field");
  });

  it("paper sizes: A4 landscape at 300 dpi is 3508 × 2480 px (ISO 216: 297 × 210 mm; 300/25.4 px per mm)", () => {
    const a4 = paperSize("A4-landscape", 300);
    // CSS size at 96 px/in: 297 mm = 1122.5 → 1123 px, 210 mm = 793.7 → 794 px.
    expect([a4.width, a4.height]).toEqual([1123, 794]);
    expect(Math.round(a4.width * a4.scale)).toBe(3509); // 1123 × 3.125 (rounding of the CSS size: ≤ 1 px off 3508)
    expect(Math.round(a4.height * a4.scale)).toBe(2481);
    const a3 = paperSize("A3-portrait", 150);
    expect([a3.width, a3.height]).toEqual([1123, 1587]);
  });
});
