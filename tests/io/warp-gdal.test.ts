/**
 * Reprojection (--t-srs, raster/warp.ts) against gdalwarp with exact transforms (-et 0) on the
 * same target grid: bilinear for floats, nearest for integers.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { readRasterFile, writeRasterFile } from "../../packages/core/src/io/node/raster-file.ts";
import { crsFromEpsg, fromRasterCrs } from "../../packages/core/src/raster/crs.ts";
import { ensureEpsg } from "../../packages/core/src/raster/node/epsg.ts";
import { warpRaster, warpedGrid } from "../../packages/core/src/raster/warp.ts";
import type { Raster } from "../../packages/core/src/raster/raster.ts";
import { describeWithPeer, hasExecutable } from "../helpers/peers.ts";

const dir = mkdtempSync(join(tmpdir(), "syraq-warp-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function source(data: Float32Array | Int16Array): Raster {
  return {
    width: 200,
    height: 150,
    originX: 38,
    originY: 36,
    pixelSizeX: 0.01,
    pixelSizeY: 0.01,
    crs: { epsg: 4326, geographic: true },
    data,
    nodata: null,
  };
}

function gdalwarpOnto(src: string, out: string, r: Raster, epsg: number, method: string): void {
  const te = [r.originX, r.originY - r.height * r.pixelSizeY, r.originX + r.width * r.pixelSizeX, r.originY];
  execFileSync("gdalwarp", [
    "-q",
    "-overwrite",
    "-et",
    "0",
    "-r",
    method,
    "-t_srs",
    `EPSG:${epsg}`,
    "-te",
    ...te.map(String),
    "-ts",
    String(r.width),
    String(r.height),
    src,
    out,
  ]);
}

describeWithPeer(
  "warpRaster against gdalwarp -et 0",
  { name: "gdalwarp", available: hasExecutable("gdalwarp"), install: "apt-get install gdal-bin" },
  () => {
    it("Float32 lon/lat → UTM 37N and EPSG:3857, bilinear: interior cells equal to 1e-3", async () => {
      const data = new Float32Array(200 * 150);
      for (let r = 0; r < 150; r++)
        for (let c = 0; c < 200; c++) data[r * 200 + c] = 300 + 40 * Math.sin(c / 17) * Math.cos(r / 23) + r;
      const src = join(dir, "f32.tif");
      writeRasterFile(src, source(data));
      for (const epsg of [32637, 3857]) {
        ensureEpsg(epsg);
        // a target grid finer than the source: gdalwarp widens its bilinear kernel when it downsamples
        const g = warpedGrid(source(data), crsFromEpsg(epsg));
        const grid = {
          ...g,
          width: 2 * g.width,
          height: 2 * g.height,
          pixelSizeX: g.pixelSizeX / 2,
          pixelSizeY: g.pixelSizeY / 2,
        };
        const ours = warpRaster(source(data), crsFromEpsg(epsg), { grid });
        const ref = join(dir, `f32-${epsg}.tif`);
        gdalwarpOnto(src, ref, ours, epsg, "bilinear");
        const theirs = await readRasterFile(ref);
        let compared = 0;
        for (let i = 0; i < ours.data.length; i++) {
          const a = ours.data[i]!;
          const b = theirs.data[i]!;
          if (Number.isNaN(a) || Number.isNaN(b)) continue;
          // compare where the four source cells around the point all exist (edges: GDAL extrapolates differently)
          const col = i % ours.width;
          const row = (i - col) / ours.width;
          const [lon, lat] = fromRasterCrs(
            ours.crs,
            ours.originX + (col + 0.5) * ours.pixelSizeX,
            ours.originY - (row + 0.5) * ours.pixelSizeY,
          );
          const u = (lon - 38) / 0.01 - 0.5;
          const v = (36 - lat) / 0.01 - 0.5;
          if (u < 0 || v < 0 || u > 199 || v > 149) continue;
          expect(Math.abs(a - b), `EPSG:${epsg} cell ${i}`).toBeLessThan(1e-3);
          compared++;
        }
        expect(compared).toBeGreaterThan(0.5 * ours.data.length);
      }
    });

    it("Int16 lon/lat → UTM 37N, nearest: the same cells as gdalwarp (≥ 99.9 %)", async () => {
      const data = new Int16Array(200 * 150);
      for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 2000;
      const src = join(dir, "i16.tif");
      writeRasterFile(src, source(data));
      ensureEpsg(32637);
      const ours = warpRaster(source(data), crsFromEpsg(32637));
      const ref = join(dir, "i16-utm.tif");
      gdalwarpOnto(src, ref, ours, 32637, "near");
      const theirs = await readRasterFile(ref);
      let same = 0;
      let inside = 0;
      for (let i = 0; i < ours.data.length; i++) {
        if (ours.data[i] === 0 && theirs.data[i] === 0) continue;
        inside++;
        if (ours.data[i] === theirs.data[i]) same++;
      }
      expect(inside).toBeGreaterThan(20000);
      expect(same / inside).toBeGreaterThan(0.999);
    });

    it("syraq slope --t-srs EPSG:3857 writes the slope in Web Mercator; --direction with --t-srs is refused", async () => {
      const { cli } = await import("../helpers/cli.ts");
      const out = join(dir, "slope-3857.tif");
      const r = await cli("slope", "--bbox", "38,34,39,35", "--out", out, "--t-srs", "EPSG:3857", "--quiet");
      expect(r.status, r.stderr).toBe(0);
      const info = JSON.parse(execFileSync("gdalinfo", ["-json", out]).toString());
      expect(info.coordinateSystem.wkt).toContain("Pseudo-Mercator");
      const bad = await cli(
        "accumulate",
        "--from",
        "Palmyra",
        "--model",
        "tobler",
        "--bbox",
        "37.5,34,39,35",
        "--out",
        join(dir, "acc.tif"),
        "--direction",
        join(dir, "dir.tif"),
        "--t-srs",
        "EPSG:3857",
        "--quiet",
      );
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--direction refers to the input grid/);
      const unknown = await cli("slope", "--bbox", "38,34,39,35", "--out", out, "--t-srs", "EPSG:999999", "--quiet");
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toMatch(/UNSUPPORTED_CRS.*EPSG:999999/);
    });
  },
);
