/**
 * The sea is a barrier: the pack's DEM is 0 m over the Mediterranean, so without a
 * mask the search drove over it. Cells whose centre lies outside the pack's
 * Natural Earth land polygon (within the polygon's extent) are blocked.
 */
import { describe, expect, it } from "vitest";
import { insidePolygons } from "../../packages/core/src/routing/barriers.ts";
import { WGS84_CRS, seaMask } from "../../packages/core/src/index.ts";
import { readRasterFile } from "../../packages/core/src/node.ts";
import { cli } from "../helpers/cli.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const work = mkdtempSync(join(tmpdir(), "syraq-sea-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("sea mask", () => {
  it("seaMask: hand-checked 4×3 grid, a land triangle, cells beyond the land data's extent stay free", () => {
    // cells of 1°, origin 0 E 3 N; centres at x + 0.5, y − 0.5: rows at 2.5, 1.5, 0.5 N
    const grid = { width: 4, height: 3, originX: 0, originY: 3, pixelSizeX: 1, pixelSizeY: 1, crs: WGS84_CRS };
    // land = the triangle (0,0) (3,0) (0,3): centre (x, y) is land when x + y < 3
    const land = [
      [
        [
          [0, 0],
          [3, 0],
          [0, 3],
          [0, 0],
        ] as [number, number][],
      ],
    ];
    const sea = seaMask(grid, land, [0, 0, 3, 3]);
    // row 0 (2.5 N): 0.5+2.5=3 → not inside (on the edge, even-odd counts it out), 1.5 sea, 2.5 sea; col 3 (3.5 E) is beyond the extent → free
    expect([...sea]).toEqual([1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0]);
  });

  it("isochrone Sukhna with no time limit stops at the coast: the sea point 35.0 N 35.6 E is outside every band", async () => {
    const r = await cli("isochrone", "Sukhna", "--minutes", "100000", "--json", "--quiet");
    expect(r.status, r.stderr).toBe(0);
    const g = r.json().features[0].geometry;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    expect(insidePolygons(polys, [35.6, 35.0])).toBe(false);
    // ... while it does cover land near the coast (Homs, Tartus' cell) — the mask is not too wide
    expect(insidePolygons(polys, [36.7234, 34.7268])).toBe(true);
    expect(insidePolygons(polys, [35.9, 34.9])).toBe(true);
  });

  it("accumulate --model over the pack DEM leaves the sea unreached (NaN)", async () => {
    const out = join(work, "acc.tif");
    const r = await cli(
      "accumulate",
      "--from",
      "Tartus",
      "--model",
      "tobler",
      "--bbox",
      "35.5,34.5,36.5,35.5",
      "--out",
      out,
      "--quiet",
    );
    expect(r.status, r.stderr).toBe(0);
    const acc = await readRasterFile(out);
    const at = (lon: number, lat: number) =>
      acc.data[
        Math.floor((acc.originY - lat) / acc.pixelSizeY) * acc.width + Math.floor((lon - acc.originX) / acc.pixelSizeX)
      ]!;
    expect(Number.isNaN(at(35.6, 35.0))).toBe(true);
    expect(at(36.0, 35.0)).toBeGreaterThan(0);
  });

  it("a harbour town whose point lies just off the 1:10m coastline, in a sea cell (Yumurtalık), still routes and accumulates", async () => {
    expect((await cli("route", "Yumurtalik", "Adana", "--quiet")).status).toBe(0);
    const r = await cli(
      "accumulate",
      "--from",
      "Yumurtalik",
      "--model",
      "tobler",
      "--bbox",
      "35.5,36.5,36.2,37",
      "--out",
      join(work, "y.tif"),
      "--quiet",
    );
    expect(r.status, r.stderr).toBe(0);
  });
});
