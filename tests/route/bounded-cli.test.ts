/**
 * The route commands on a --dem above the bounded-search threshold (lowered to 1000 cells with
 * SYRAQ_BOUNDED_MIN_CELLS, so a small DEM made here takes the bounded path): the same answers as
 * --full-search, and the JSON and text say how much of the DEM was read.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WGS84_CRS } from "../../packages/core/src/index.ts";
import { writeRasterFile } from "../../packages/core/src/node.ts";
import { cli } from "../helpers/cli.ts";

const work = mkdtempSync(join(tmpdir(), "syraq-bounded-cli-"));
const dem = join(work, "raqqa.tif");
const saved = process.env.SYRAQ_BOUNDED_MIN_CELLS;
beforeAll(() => {
  process.env.SYRAQ_BOUNDED_MIN_CELLS = "1000";
});
afterAll(() => {
  if (saved === undefined) delete process.env.SYRAQ_BOUNDED_MIN_CELLS;
  else process.env.SYRAQ_BOUNDED_MIN_CELLS = saved;
  rmSync(work, { recursive: true, force: true });
});

// 260 × 180 cells of 0.005° over 38.6–39.9°E, 35.4–36.3°N (Raqqa and the Euphrates), smooth Int16 hills
const W = 260;
const H = 180;
const data = new Int16Array(W * H);
for (let r = 0; r < H; r++)
  for (let c = 0; c < W; c++) data[r * W + c] = Math.round(280 + 60 * Math.sin(c / 17) * Math.cos(r / 23) + (c % 7));
writeRasterFile(dem, {
  width: W,
  height: H,
  originX: 38.6,
  originY: 36.3,
  pixelSizeX: 0.005,
  pixelSizeY: 0.005,
  crs: WGS84_CRS,
  data,
  nodata: -32768,
});

describe("route commands on a big --dem take the bounded search", () => {
  it("route: the same duration and crossings as --full-search; JSON and text report the window", async () => {
    const args = ["route", "35.9528,39.0079", "35.62,39.25", "--dem", dem, "--quiet"];
    const b = await cli(...args, "--json");
    const f = await cli(...args, "--json", "--full-search");
    expect(b.status).toBe(0);
    expect(f.status).toBe(0);
    const pb = b.json().features[0].properties;
    const pf = f.json().features[0].properties;
    expect(Math.abs(pb.durationSeconds - pf.durationSeconds)).toBeLessThanOrEqual(1e-9 * pf.durationSeconds);
    expect(pb.crossings).toEqual(pf.crossings);
    expect(pb.bounded.exact).toBe(true);
    expect(pb.bounded.windowCells).toBeLessThan(W * H);
    expect(pf.bounded).toBeUndefined();
    const text = await cli(...args);
    expect(text.stdout).toMatch(/bounded search: exact optimum over the whole DEM, read [\d.]+ M of [\d.]+ M cells/);
  });

  it("isochrone: the same band areas as --full-search", async () => {
    const args = ["isochrone", "35.9528,39.0079", "--minutes", "20,40", "--dem", dem, "--quiet", "--json"];
    const b = (await cli(...args)).json();
    const f = (await cli(...args, "--full-search")).json();
    expect(b.features.length).toBe(2);
    b.features.forEach((x: { properties: { areaKm2: number; cellCount: number } }, i: number) => {
      expect(x.properties.cellCount).toBe(f.features[i].properties.cellCount);
      expect(Math.abs(x.properties.areaKm2 - f.features[i].properties.areaKm2)).toBeLessThan(
        1e-6 * f.features[i].properties.areaKm2,
      );
    });
  });

  it("a window over the memory limit stops at once with exit 2 TOO_LARGE", async () => {
    const r = await cli("route", "35.9528,39.0079", "35.62,39.25", "--dem", dem, "--quiet", "--max-memory", "100K");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/TOO_LARGE/);
  });
});
