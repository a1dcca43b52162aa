import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadDem, readRasterFile, resolveDataDir, PACK_DEM } from "../../packages/core/src/node.ts";
import type { Raster } from "../../packages/core/src/raster/raster.ts";
import { slopeAspect } from "../../packages/core/src/terrain/slope.ts";
import { describeWithPeer, hasExecutable } from "../helpers/peers.ts";

const dataDir = resolveDataDir();
const work = mkdtempSync(join(tmpdir(), "syraq-slope-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Max |a-b| over cells where both are defined; NaN-pattern mismatches counted separately. */
function compare(a: Raster, b: Raster, opts: { angular?: boolean; where?: (i: number) => boolean } = {}) {
  let max = 0,
    n = 0,
    nanMismatch = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i]!,
      y = b.data[i]!;
    const xn = Number.isNaN(x),
      yn = Number.isNaN(y) || (b.nodata !== null && y === b.nodata);
    if (xn !== yn) {
      nanMismatch++;
      continue;
    }
    if (xn || (opts.where && !opts.where(i))) continue;
    let d = Math.abs(x - y);
    if (opts.angular) d = Math.min(d, 360 - d);
    max = Math.max(max, d);
    n++;
  }
  return { max, n, nanMismatch };
}

describeWithPeer(
  "slope/aspect vs GRASS r.slope.aspect 8.2 (lat/lon location, pack DEM)",
  { name: "grass", available: hasExecutable("grass"), install: "apt-get install grass-core" },
  () => {
    let grassSlope: Raster, grassAspectCcw: Raster, grassAspectN: Raster;
    beforeAll(() => {
      const dem = join(dataDir, PACK_DEM);
      const script = join(work, "inner.sh");
      writeFileSync(
        script,
        [
          "set -e",
          "export GRASS_VERBOSE=0",
          `r.in.gdal --quiet input=${dem} output=dem`,
          "g.region raster=dem",
          "r.slope.aspect --quiet elevation=dem slope=slope aspect=aspect format=degrees precision=DCELL",
          "r.slope.aspect --quiet -n elevation=dem aspect=aspectn precision=DCELL",
          ...["slope", "aspect", "aspectn"].map(
            (m) => `r.out.gdal --quiet -c -f input=${m} output=${work}/${m}.tif format=GTiff type=Float64 nodata=nan`,
          ),
        ].join("\n"),
      );
      execFileSync("grass", ["-c", dem, join(work, "db", "loc"), "-e"], { stdio: "ignore" });
      execFileSync("grass", [join(work, "db", "loc", "PERMANENT"), "--exec", "bash", script], { stdio: "ignore" });
    }, 120_000);
    beforeAll(async () => {
      grassSlope = await readRasterFile(join(work, "slope.tif"));
      grassAspectCcw = await readRasterFile(join(work, "aspect.tif"));
      grassAspectN = await readRasterFile(join(work, "aspectn.tif"));
    });

    it("slope agrees to ≤ 0.1° on every interior cell (measured: 0.0018°); same NaN edge ring", async () => {
      const { slope } = slopeAspect(await loadDem({ dataDir }));
      const c = compare(slope, grassSlope);
      expect(c.nanMismatch).toBe(0);
      expect(c.n).toBe(399 * 219);
      expect(c.max).toBeLessThan(0.01);
    });
    it("with GRASS's centre-row width rule it reproduces r.slope.aspect to 1e-5°", async () => {
      const { slope, aspect } = slopeAspect(await loadDem({ dataDir }), { eastWestWidth: "centre-row" });
      expect(compare(slope, grassSlope).max).toBeLessThan(1e-5);
      expect(compare(aspect, grassAspectN, { angular: true, where: (i) => slope.data[i]! > 0 }).max).toBeLessThan(1e-3);
    });
    it("aspect: ours (clockwise from north) = GRASS -n, and = (450° − GRASS default CCW-from-east) mod 360", async () => {
      const { slope, aspect } = slopeAspect(await loadDem({ dataDir }));
      const steep = (i: number) => slope.data[i]! > 0.5;
      expect(compare(aspect, grassAspectN, { angular: true, where: steep }).max).toBeLessThan(0.1);
      const converted = {
        ...grassAspectCcw,
        data: grassAspectCcw.data.map((v) => (((450 - v) % 360) + 360) % 360),
      } as Raster;
      expect(compare(aspect, converted, { angular: true, where: steep }).max).toBeLessThan(0.1);
    });
  },
);

describeWithPeer(
  "slope/aspect vs gdaldem on a UTM raster",
  {
    name: "gdalwarp/gdaldem",
    available: hasExecutable("gdaldem") && hasExecutable("gdalwarp"),
    install: "apt-get install gdal-bin",
  },
  () => {
    const utm = join(work, "dem_utm37.tif");
    beforeAll(() => {
      // A piece of the pack DEM around Palmyra warped to UTM 37N at 2 km (bilinear), Float32.
      execFileSync("gdalwarp", [
        "-q",
        "-t_srs",
        "EPSG:32637",
        "-tr",
        "2000",
        "2000",
        "-r",
        "bilinear",
        "-ot",
        "Float32",
        "-te",
        "300000",
        "3700000",
        "500000",
        "3900000",
        "-te_srs",
        "EPSG:32637",
        join(dataDir, PACK_DEM),
        utm,
      ]);
      execFileSync("gdaldem", ["slope", "-q", utm, join(work, "g_slope.tif")]);
      execFileSync("gdaldem", ["aspect", "-q", utm, join(work, "g_aspect.tif")]);
    });
    it("slope and aspect agree to 1e-3° (both Horn, constant metre cells)", async () => {
      const dem = await readRasterFile(utm);
      expect(dem.crs.epsg).toBe(32637);
      const { slope, aspect } = slopeAspect(dem);
      const gs = await readRasterFile(join(work, "g_slope.tif"));
      const ga = await readRasterFile(join(work, "g_aspect.tif"));
      const c = compare(slope, gs);
      expect(c.nanMismatch).toBe(0);
      expect(c.n).toBe(98 * 98);
      expect(c.max).toBeLessThan(1e-3);
      expect(compare(aspect, ga, { angular: true, where: (i) => slope.data[i]! > 0.01 }).max).toBeLessThan(1e-2);
    });
  },
);
