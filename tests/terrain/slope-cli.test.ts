import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PACK_DEM, readRasterFile, resolveDataDir } from "../../packages/core/src/node.ts";
import { cli } from "../helpers/cli.ts";
import { describeWithPeer, hasExecutable } from "../helpers/peers.ts";

const work = mkdtempSync(join(tmpdir(), "syraq-slopecli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("syraq slope", () => {
  it("writes slope and aspect on the DEM grid with NaN edges; stats in --json", async () => {
    const r = await cli(
      "slope",
      "--bbox",
      "38,34,39,35",
      "--out",
      join(work, "s.tif"),
      "--aspect",
      join(work, "a.tif"),
      "--json",
    );
    expect(r.status).toBe(0);
    const j = r.json();
    const s = await readRasterFile(join(work, "s.tif"));
    expect([s.width, s.height]).toEqual([j.dem.width, j.dem.height]);
    expect(j.cells).toBe((s.width - 2) * (s.height - 2));
    expect(Number.isNaN(s.data[0]!)).toBe(true);
    expect(j.maxSlope).toBeGreaterThan(0);
    expect(j.maxSlope).toBeLessThan(90);
  });
  it("--percent is 100·tan(degrees)", async () => {
    await cli("slope", "--bbox", "38,34,39,35", "--out", join(work, "deg.tif"));
    await cli("slope", "--bbox", "38,34,39,35", "--percent", "--out", join(work, "pct.tif"));
    const d = await readRasterFile(join(work, "deg.tif"));
    const p = await readRasterFile(join(work, "pct.tif"));
    for (let i = 0; i < d.data.length; i += 37) {
      if (Number.isNaN(d.data[i]!)) continue;
      expect(p.data[i]).toBeCloseTo(100 * Math.tan((d.data[i]! * Math.PI) / 180), 3);
    }
  });
  it("bad input: missing DEM exits 3, bad --ew-width exits 2", async () => {
    expect((await cli("slope", "--dem", join(work, "none.tif"))).status).toBe(3);
    const r = await cli("slope", "--ew-width", "sideways");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/per-row, centre-row/);
  });
});

describeWithPeer(
  "syraq slope --percent vs gdaldem slope -p (UTM)",
  { name: "gdalwarp/gdaldem", available: hasExecutable("gdaldem"), install: "apt-get install gdal-bin" },
  () => {
    it("agrees to 1e-4 percent", async () => {
      const utm = join(work, "utm.tif");
      execFileSync("gdalwarp", [
        "-q",
        "-t_srs",
        "EPSG:32638",
        "-tr",
        "3000",
        "3000",
        "-r",
        "bilinear",
        "-ot",
        "Float32",
        "-te",
        "300000",
        "3600000",
        "600000",
        "3900000",
        "-te_srs",
        "EPSG:32638",
        join(resolveDataDir(), PACK_DEM),
        utm,
      ]);
      execFileSync("gdaldem", ["slope", "-q", "-p", utm, join(work, "gp.tif")]);
      const r = await cli("slope", "--dem", utm, "--percent", "--out", join(work, "ours.tif"));
      expect(r.status).toBe(0);
      const a = await readRasterFile(join(work, "ours.tif"));
      const b = await readRasterFile(join(work, "gp.tif"));
      let max = 0,
        n = 0,
        mismatch = 0;
      for (let i = 0; i < a.data.length; i++) {
        // the warp leaves nodata east of the DEM (45.5°E): both tools must leave the same cells undefined
        if (Number.isNaN(a.data[i]!) !== (b.data[i] === b.nodata)) mismatch++;
        if (Number.isNaN(a.data[i]!) || b.data[i] === b.nodata) continue;
        max = Math.max(max, Math.abs(a.data[i]! - b.data[i]!));
        n++;
      }
      expect(mismatch).toBe(0);
      expect(n).toBeGreaterThan(7000);
      expect(max).toBeLessThan(1e-4);
    });
  },
);
