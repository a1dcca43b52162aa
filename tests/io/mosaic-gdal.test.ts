import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { PACK_DEM, loadDem } from "../../packages/core/src/io/node/dem.ts";
import { resolveDataDir } from "../../packages/core/src/io/node/datadir.ts";
import { readRasterFile } from "../../packages/core/src/io/node/raster-file.ts";
import { describeWithPeer, hasExecutable } from "../helpers/peers.ts";

const dataDir = resolveDataDir();
const work = mkdtempSync(join(tmpdir(), "syraq-mosaic-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describeWithPeer(
  "mosaic of GDAL-cut tiles of the pack DEM",
  { name: "gdal_translate", available: hasExecutable("gdal_translate"), install: "apt-get install gdal-bin" },
  () => {
    it("six tiles (LZW tiled / DEFLATE striped / Float32) mosaic back to the original DEM exactly; bbox windows match", async () => {
      const dir = join(work, "tiles");
      mkdirSync(dir);
      const src = join(dataDir, PACK_DEM);
      // 3 columns × 2 rows of tiles, uneven sizes, alternating layouts
      const cols = [
        [0, 150],
        [150, 140],
        [290, 111],
      ];
      const rows = [
        [0, 100],
        [100, 121],
      ];
      let k = 0;
      for (const [y, hgt] of rows)
        for (const [x, wid] of cols) {
          const opts =
            k % 3 === 0
              ? ["-co", "COMPRESS=LZW", "-co", "TILED=YES", "-co", "PREDICTOR=2"]
              : k % 3 === 1
                ? ["-co", "COMPRESS=DEFLATE"]
                : [];
          execFileSync("gdal_translate", [
            "-q",
            "-srcwin",
            String(x),
            String(y),
            String(wid),
            String(hgt),
            ...opts,
            src,
            join(dir, `t${k}.tif`),
          ]);
          k++;
        }
      const full = await loadDem({ dataDir });
      const mosaic = await loadDem({ dataDir, demPath: dir });
      expect([mosaic.width, mosaic.height]).toEqual([full.width, full.height]);
      expect(mosaic.originX).toBeCloseTo(full.originX, 9);
      expect(mosaic.originY).toBeCloseTo(full.originY, 9);
      expect(mosaic.data).toBeInstanceOf(Int16Array);
      expect(mosaic.nodata).toBe(-32768);
      expect(Buffer.from(mosaic.data.buffer).equals(Buffer.from(full.data.buffer))).toBe(true);
      const bbox: [number, number, number, number] = [39.1, 34.2, 39.9, 35.1]; // crosses the tile boundary at col 150 (39.25°E)
      const a = await loadDem({ dataDir, bbox });
      const b = await loadDem({ dataDir, demPath: dir, bbox });
      expect([b.width, b.height, b.originX, b.originY]).toEqual([a.width, a.height, a.originX, a.originY]);
      expect([...b.data]).toEqual([...a.data]);
    });
    it("a Float32 tile among Int16 tiles gives a Float32 mosaic with NaN nodata", async () => {
      const dir = join(work, "mixed");
      mkdirSync(dir);
      const src = join(dataDir, PACK_DEM);
      execFileSync("gdal_translate", ["-q", "-srcwin", "0", "0", "10", "10", src, join(dir, "a.tif")]);
      execFileSync("gdal_translate", [
        "-q",
        "-ot",
        "Float32",
        "-a_nodata",
        "none",
        "-srcwin",
        "10",
        "0",
        "10",
        "10",
        src,
        join(dir, "b.tif"),
      ]);
      const m = await loadDem({ dataDir, demPath: dir });
      expect(m.data).toBeInstanceOf(Float32Array);
      expect(m.nodata).toBeNull();
      const full = await readRasterFile(src, {
        bboxCrs: [m.originX + 1e-6, m.originY - 10 * 0.025 + 1e-6, m.originX + 20 * 0.025 - 1e-6, m.originY - 1e-6],
      });
      expect([...m.data]).toEqual([...full.data]);
    });
  },
);
