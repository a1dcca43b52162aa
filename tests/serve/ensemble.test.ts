/**
 * `syraq ensemble route|isochrone`: deterministic per seed (and the same with one or two
 * worker threads); with every perturbation off, every run is `syraq route` / `syraq isochrone`
 * exactly; certain closures make the route unreachable in every run; the density and
 * probability GeoTIFFs read back with the right values.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRasterFile } from "../../packages/core/src/node.ts";
import { cli } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "syraq-ensemble-"));

describe("syraq ensemble route", () => {
  it("the same seed gives the same runs, in one thread or two; another seed differs", async () => {
    const args = ["ensemble", "route", "Raqqa", "Palmyra", "--runs", "8", "--seed", "5", "--json", "--quiet"];
    const one = await cli(...args, "--workers", "1", "--out-runs", join(dir, "a.geojson"));
    const two = await cli(...args, "--workers", "2", "--out-runs", join(dir, "b.geojson"));
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    const strip = (j: { outRuns?: string }) => ({ ...j, outRuns: undefined });
    expect(strip(two.json())).toEqual(strip(one.json()));
    expect(readFileSync(join(dir, "b.geojson"), "utf8")).toBe(readFileSync(join(dir, "a.geojson"), "utf8"));
    const other = await cli(
      "ensemble",
      "route",
      "Raqqa",
      "Palmyra",
      "--runs",
      "8",
      "--seed",
      "6",
      "--json",
      "--quiet",
      "--workers",
      "1",
    );
    expect(other.json().durationSeconds).not.toEqual(one.json().durationSeconds);
    const j = one.json();
    expect(j.durationSeconds.p5).toBeLessThanOrEqual(j.durationSeconds.p50);
    expect(j.durationSeconds.p50).toBeLessThanOrEqual(j.durationSeconds.p95);
    const runs = JSON.parse(readFileSync(join(dir, "a.geojson"), "utf8")).features;
    expect(runs).toHaveLength(8);
    const sorted = runs
      .map((f: { properties: { durationSeconds: number } }) => f.properties.durationSeconds)
      .sort((a: number, b: number) => a - b);
    // nearest rank over 8 runs: p50 = 4th value, p95 = 8th
    expect(j.durationSeconds.p50).toBe(sorted[3]);
    expect(j.durationSeconds.p95).toBe(sorted[7]);
  });

  it("with no DEM error, no speed error and no closures every run is `syraq route`; density 1 on its path", async () => {
    const density = join(dir, "d.tif");
    const r = await cli(
      "ensemble",
      "route",
      "Raqqa",
      "Palmyra",
      "--runs",
      "3",
      "--dem-error-m",
      "0",
      "--speed-error",
      "0",
      "--density",
      density,
      "--json",
      "--quiet",
      "--workers",
      "1",
    );
    expect(r.status, r.stderr).toBe(0);
    const ref = (await cli("route", "Raqqa", "Palmyra", "--json", "--quiet")).json().features[0].properties;
    const j = r.json();
    for (const p of ["p5", "p50", "p95"]) {
      expect(j.durationSeconds[p]).toBe(ref.durationSeconds);
      expect(j.lengthMetres[p]).toBe(ref.lengthMetres);
    }
    const raster = await readRasterFile(density);
    const values = [...(raster.data as Float32Array)];
    expect(values.every((v) => v === 0 || v === 1)).toBe(true);
    expect(values.filter((v) => v === 1).length).toBeGreaterThan(50);
  });

  it("closure probability 1 closes every crossing: Hajin (left bank) to al-Mayadin is unreachable in every run", async () => {
    const r = await cli(
      "ensemble",
      "route",
      "Hajin",
      "al-Mayadin",
      "--runs",
      "4",
      "--closure-probability",
      "1",
      "--json",
      "--quiet",
      "--workers",
      "1",
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.json().reachableRuns).toBe(0);
    expect(r.json().durationSeconds.p50).toBeNull();
  });

  it("bad options are exit 2", async () => {
    expect((await cli("ensemble", "route", "Raqqa", "Palmyra", "--runs", "0")).status).toBe(2);
    expect((await cli("ensemble", "route", "Raqqa", "Palmyra", "--closure-probability", "1.5")).status).toBe(2);
    expect((await cli("ensemble", "route", "Raqqa", "Palmyra", "--density", join(dir, "x.png"))).status).toBe(2);
  });
});

describe("syraq ensemble isochrone", () => {
  it("with no perturbation the probability is 1 exactly on the isochrone's cells", async () => {
    const out = join(dir, "reach.tif");
    const r = await cli(
      "ensemble",
      "isochrone",
      "Sukhna",
      "--minutes",
      "60",
      "--runs",
      "2",
      "--dem-error-m",
      "0",
      "--speed-error",
      "0",
      "--out",
      out,
      "--json",
      "--quiet",
      "--workers",
      "1",
    );
    expect(r.status, r.stderr).toBe(0);
    const ref = (await cli("isochrone", "Sukhna", "--minutes", "60", "--json", "--quiet")).json().features[0]
      .properties;
    const raster = await readRasterFile(out);
    const values = [...(raster.data as Float32Array)];
    expect(values.filter((v) => v === 1).length).toBe(ref.cellCount);
    expect(values.every((v) => v === 0 || v === 1)).toBe(true);
    expect(r.json().bands[0].cellsAlwaysReached).toBe(ref.cellCount);
  });

  it("with DEM and speed errors the probability takes values between 0 and 1 at the edge", async () => {
    const out = join(dir, "reach2.tif");
    const r = await cli(
      "ensemble",
      "isochrone",
      "Sukhna",
      "--minutes",
      "60,120",
      "--runs",
      "6",
      "--out",
      out,
      "--json",
      "--quiet",
      "--workers",
      "1",
    );
    expect(r.status, r.stderr).toBe(0);
    const b = r.json().bands;
    expect(b.map((x: { minutes: number }) => x.minutes)).toEqual([60, 120]);
    const raster = await readRasterFile(join(dir, "reach2-60min.tif"));
    const values = [...(raster.data as Float32Array)];
    expect(values.some((v) => v > 0 && v < 1)).toBe(true);
    expect(b[0].cellsEverReached).toBeGreaterThan(b[0].cellsAlwaysReached);
    expect(b[0].areaSquareMetres.p5).toBeLessThanOrEqual(b[0].areaSquareMetres.p95);
  });
});
