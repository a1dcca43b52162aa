// `syraq figure` through the CLI: argument errors (no browser needed) and one
// real render writing PNG + GeoJSON + CSV.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { CHROMIUM } from "../../packages/cli/src/shared/figure-render.ts";
import { cli } from "../helpers/cli.ts";
import { describeWithPeer } from "../helpers/peers.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "syraq-figure-cli-"));
const spec = (name: string, value: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(value));
  return p;
};

describe("syraq figure: bad input fails before any browser starts", () => {
  it("unknown basemap layer → exit 2 naming the known layers", async () => {
    const r = await cli(
      "figure",
      spec("a.json", { title: "t", layers: ["hillshade", "motorways"] }),
      "--out",
      join(dir, "a.png"),
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/field 'layers\[1\]': must be one of hillshade.*got "motorways"/);
  });
  it("schema errors name the field: unknown field, wrong type, absurd size (exit 2, one line, no browser)", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ title: "t", colour: "red" }, /\[BAD_ARGUMENT\]: figure spec field 'colour': unknown field/],
      [{ title: "t", maxPlaceLabels: "many" }, /field 'maxPlaceLabels': must be an integer/],
      [{ title: "t", width: 100000 }, /field 'width': must be ≤ 8000/],
      [{ title: "t", date: "2017-02-30" }, /field 'date': must be a calendar date/],
    ];
    for (const [k, [value, message]] of cases.entries()) {
      const r = await cli("figure", spec(`schema${k}.json`, value), "--out", join(dir, `schema${k}.png`));
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const dpi = await cli("figure", spec("dpi.json", { title: "t" }), "--out", join(dir, "dpi.png"), "--dpi", "300");
    expect(dpi.status).toBe(2);
    expect(dpi.stderr).toContain("--dpi needs --paper");
    const paper = await cli("figure", spec("paper.json", { title: "t" }), "--out", join(dir, "p.png"), "--paper", "A5");
    expect(paper.status).toBe(2);
    expect(paper.stderr).toContain("A4-landscape");
  });
  it("missing title, bad date, unknown analysis → exit 2", async () => {
    expect((await cli("figure", spec("b.json", { layers: [] }), "--out", join(dir, "b.png"))).status).toBe(2);
    expect(
      (await cli("figure", spec("c.json", { title: "t", date: "29/09/2017" }), "--out", join(dir, "c.png"))).status,
    ).toBe(2);
    const r = await cli(
      "figure",
      spec("d.json", { title: "t", analysis: [{ type: "heatmap" }] }),
      "--out",
      join(dir, "d.png"),
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown analysis type 'heatmap'");
  });
  it("--out must be a PNG; sizes must be positive; a missing spec is exit 3", async () => {
    expect((await cli("figure", spec("e.json", { title: "t" }), "--out", join(dir, "e.jpg"))).status).toBe(2);
    expect(
      (await cli("figure", spec("f.json", { title: "t" }), "--out", join(dir, "f.png"), "--width", "-5")).status,
    ).toBe(2);
    expect((await cli("figure", join(dir, "nope.json"), "--out", join(dir, "g.png"))).status).toBe(3);
    const r = await cli(
      "figure",
      spec("h.json", { title: "t", data: [{ file: "no/such/file.geojson", label: "x" }] }),
      "--out",
      join(dir, "h.png"),
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("no/such/file.geojson");
  });
});

describeWithPeer(
  "syraq figure renders",
  { name: "chromium", available: existsSync(CHROMIUM), install: "apt-get install -y chromium" },
  () => {
    it("writes the PNG at width×scale, and GeoJSON/CSV of what it shows", { timeout: 600_000 }, async () => {
      const out = join(dir, "depth.png");
      const r = await cli(
        "figure",
        join(ROOT, "scripts", "figures", "qaryatayn-depth.json"),
        "--out",
        out,
        "--width",
        "320",
        "--height",
        "240",
        "--scale",
        "2",
        "--json",
      );
      expect(r.status, r.stderr).toBe(0);
      const png = PNG.sync.read(readFileSync(out));
      expect([png.width, png.height]).toEqual([640, 480]);
      const gj = JSON.parse(readFileSync(join(dir, "depth.geojson"), "utf8"));
      const depthLine = gj.features.find(
        (f: any) => f.properties.layer === "depth" && f.geometry.type === "LineString",
      );
      expect(depthLine.properties.depthMetres).toBeGreaterThan(100_000);
      const csv = readFileSync(join(dir, "depth.csv"), "utf8").trim().split("\n");
      expect(csv[0]!.split(",")).toEqual(expect.arrayContaining(["layer", "depthMetres", "geometry", "lon", "lat"]));
      expect(csv.length).toBe(gj.features.length + 1);
      // The depth drawn is the one `syraq depth` reports for the same place and front.
      const d = await cli("depth", "Qaryatayn", "--front", "saa-2017-09-29", "--json");
      if (d.status === 0) {
        const text = JSON.stringify(d.json());
        const m = /"depthMetres":\s*([\d.]+)/.exec(text);
        expect(m).not.toBeNull();
        expect(Math.abs(Number(m![1]) - depthLine.properties.depthMetres)).toBeLessThanOrEqual(1);
      }
      expect(r.json().credits).toEqual(expect.arrayContaining(["GMTED2010: USGS/NGA", "Natural Earth"]));
    });
  },
);
