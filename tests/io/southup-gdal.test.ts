/**
 * South-up GeoTIFFs (geotransform dy > 0) written by rasterio are read where GDAL reads them:
 * `syraq where` and readRasterFile against `gdallocationinfo -wgs84 -valonly`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readRasterFile } from "../../packages/core/src/io/node/raster-file.ts";
import { cellAt } from "../../packages/core/src/raster/raster.ts";
import { cli } from "../helpers/cli.ts";
import { describeWithPeer, hasExecutable, hasPythonModule } from "../helpers/peers.ts";

const dir = mkdtempSync(join(tmpdir(), "syraq-southup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GDAL's value of the cell holding each (lon, lat), null off the raster (one gdallocationinfo call, points on stdin). */
const gdalAt = (p: string, points: Array<[number, number]>): Array<number | null> => {
  const out = execFileSync("gdallocationinfo", ["-wgs84", "-valonly", p], {
    input: points.map(([x, y]) => `${x} ${y}`).join("\n") + "\n",
    stdio: ["pipe", "pipe", "ignore"],
  }).toString();
  const lines = out.split("\n").slice(0, points.length);
  expect(lines).toHaveLength(points.length);
  return lines.map((l) => (l.trim() === "" ? null : Number(l)));
};

// Points on and off the raster (lon 38..39, lat 34.4..35.15); 33.5 N is the QA's off-raster point.
const POINTS: Array<[number, number]> = [
  [38.5, 34.5],
  [38.1, 34.41],
  [38.95, 35.1],
  [38.28402, 34.5624],
  [38.5, 33.5],
  [38.5, 34.39],
  [38.5, 35.16],
];

describeWithPeer(
  "south-up GeoTIFFs vs GDAL",
  {
    name: "gdallocationinfo + rasterio",
    available: hasExecutable("gdallocationinfo") && hasPythonModule("rasterio"),
    install: "apt-get install gdal-bin python3-rasterio",
  },
  () => {
    beforeAll(() => {
      // the plane z = 300 + 100·(lon − 38) + 50·(lat − 34) at cell centres, 40 × 30 cells of 0.025°,
      // stored south-up (row 0 = the south edge, 34.4) stripped and tiled/DEFLATE
      const py = [
        "import sys, numpy as np, rasterio",
        "from rasterio.transform import Affine",
        "r, c = np.mgrid[0:30, 0:40]",
        "lat = 34.4 + (r + 0.5) * 0.025; lon = 38 + (c + 0.5) * 0.025",
        "z = (300 + 100 * (lon - 38) + 50 * (lat - 34)).astype('float32')",
        "p = dict(driver='GTiff', height=30, width=40, count=1, dtype='float32', crs='EPSG:4326', transform=Affine(0.025, 0, 38, 0, 0.025, 34.4))",
        "with rasterio.open(sys.argv[1] + '/southup.tif', 'w', **p) as d: d.write(z, 1)",
        "with rasterio.open(sys.argv[1] + '/southup_tiled.tif', 'w', tiled=True, blockxsize=16, blockysize=16, compress='deflate', **p) as d: d.write(z, 1)",
      ].join("\n");
      execFileSync("/usr/bin/python3", ["-c", py, dir]);
    });

    it("gdalinfo confirms the files are south-up (positive y pixel size)", () => {
      const info = JSON.parse(execFileSync("gdalinfo", ["-json", join(dir, "southup.tif")]).toString());
      expect(info.geoTransform).toEqual([38, 0.025, 0, 34.4, 0, 0.025]);
    });

    for (const name of ["southup.tif", "southup_tiled.tif"]) {
      it(`${name}: every cell value at the test points equals gdallocationinfo's (null off the raster)`, async () => {
        const p = join(dir, name);
        const r = await readRasterFile(p);
        expect(r.originY).toBeCloseTo(35.15, 12);
        const ours = POINTS.map(([lon, lat]) => {
          const c = cellAt(r, lon, lat);
          return c ? r.data[c.row * r.width + c.col]! : null;
        });
        const gdal = gdalAt(p, POINTS);
        expect(gdal.filter((v) => v === null)).toHaveLength(3);
        expect(ours).toEqual(gdal);
      });
    }

    it("syraq where 33.5,38.5 is off the raster (as GDAL says); 34.5,38.5 reads the plane: 300 + 50 + 25 = 375 m", async () => {
      const p = join(dir, "southup.tif");
      expect(gdalAt(p, [[38.5, 33.5]])).toEqual([null]);
      const r = await cli("where", "33.5,38.5", "34.5,38.5", "--dem", p, "--json", "--quiet");
      expect(r.status, r.stderr).toBe(0);
      expect(r.json().places.map((q: { elevationMetres: number | null }) => q.elevationMetres)).toEqual([null, 375]);
    });
  },
);
