// readRasterFile copies uncompressed single-band blocks straight from the file, and inflates DEFLATE ones, with
// our own TIFF reader (io/tiff.ts, readDirect). Files written by GDAL in every layout that path takes (strips, tiles with partial edge
// tiles, several sample types) and windows that cut blocks are read and compared value by value with what
// rasterio (GDAL, an independent decoder) reads from the same file; LZW files, which take geotiff.js's path, are
// compared the same way, so both paths answer alike.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GeoTIFFImage } from "geotiff";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { readRasterFile } from "../../src/io/node/raster-file.ts";
import { describeWithPeer, hasExecutable, hasPythonModule } from "../../../../tests/helpers/peers.ts";

const dir = mkdtempSync(join(tmpdir(), "syraq-direct-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PY = "/usr/bin/python3";

const LAYOUTS: Array<{ name: string; co: Record<string, string>; direct: boolean }> = [
  { name: "strips of 7 rows", co: { BLOCKYSIZE: "7" }, direct: true },
  { name: "one strip", co: { BLOCKYSIZE: "53" }, direct: true },
  { name: "16×16 tiles (partial edge tiles)", co: { TILED: "YES", BLOCKXSIZE: "16", BLOCKYSIZE: "16" }, direct: true },
  {
    name: "DEFLATE tiles",
    co: { TILED: "YES", BLOCKXSIZE: "16", BLOCKYSIZE: "16", COMPRESS: "DEFLATE" },
    direct: true,
  },
  {
    name: "LZW tiles (geotiff.js path)",
    co: { TILED: "YES", BLOCKXSIZE: "16", BLOCKYSIZE: "16", COMPRESS: "LZW" },
    direct: false,
  },
];
const TYPES = ["uint8", "int8", "uint16", "int16", "int32", "float32", "float64"];
// 45 × 53 cells: neither a multiple of the tiles (16) nor of the strips (7)
const W = 45;
const H = 53;
// window of the bbox [38.051, 34.601, 38.329, 34.909] on the 0.01° grid from (38.0, 35.0): columns 5..33, rows 9..40
const WINDOW = [5, 9, 33, 40] as const;

/**
 * Writes every (layout, type) file with GDAL (through rasterio; one Python process for all) and returns, per
 * file, the whole image and the window as rasterio reads them back. Cell (r, c) holds a value that differs from
 * its neighbours and exercises the type (negative for signed types, fractions for floats).
 */
function writeAllWithGdal(): Record<string, { whole: number[]; window: number[] }> {
  const script = `
import sys, json, numpy as np, rasterio
from rasterio.transform import from_origin
from rasterio.windows import Window
out, w, h, jobs, win = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4]), json.loads(sys.argv[5])
r, c = np.mgrid[0:h, 0:w]
res = {}
for job in jobs:
    dtype, co, path = job["dtype"], job["co"], job["path"]
    v = (r * 37 + c * 11) % 251
    if dtype in ("int8", "int16", "int32"): v = v - 120
    if dtype.startswith("float"): v = v / 8.0 - 10.25
    with rasterio.open(path, "w", driver="GTiff", width=w, height=h, count=1, dtype=dtype, crs="EPSG:4326",
                       transform=from_origin(38.0, 35.0, 0.01, 0.01), **co) as d:
        d.write(v.astype(dtype), 1)
    with rasterio.open(path) as d:
        whole = d.read(1)
        part = d.read(1, window=Window(win[0], win[1], win[2] - win[0], win[3] - win[1]))
    res[path] = {"whole": whole.ravel().tolist(), "window": part.ravel().tolist()}
print(json.dumps(res))
`;
  const jobs = LAYOUTS.flatMap((l) => TYPES.map((dtype) => ({ dtype, co: l.co, path: fileFor(l.name, dtype) })));
  return JSON.parse(
    execFileSync(PY, ["-c", script, dir, String(W), String(H), JSON.stringify(jobs), JSON.stringify(WINDOW)], {
      maxBuffer: 1 << 26,
    }).toString(),
  );
}

const fileFor = (layout: string, dtype: string) => join(dir, `${dtype}-${layout.replace(/\W+/g, "_")}.tif`);

describeWithPeer(
  "uncompressed GeoTIFF blocks read directly agree with GDAL",
  {
    name: "rasterio",
    available: hasExecutable("gdalinfo") && hasPythonModule("rasterio"),
    install: "apt-get install gdal-bin python3-rasterio",
  },
  () => {
    let expected: Record<string, { whole: number[]; window: number[] }>;
    beforeAll(() => {
      expected = writeAllWithGdal();
    });
    for (const layout of LAYOUTS) {
      it(`${layout.name}: every type, whole image and a window cutting blocks`, async () => {
        // the direct path reads without geotiff.js's readRasters; the compressed layout goes through it
        const viaGeotiff = vi.spyOn(GeoTIFFImage.prototype, "readRasters");
        try {
          for (const dtype of TYPES) {
            const p = fileFor(layout.name, dtype);
            const whole = await readRasterFile(p);
            expect([whole.width, whole.height], dtype).toEqual([W, H]);
            expect(Array.from(whole.data), dtype).toEqual(expected[p]!.whole);
            const win = await readRasterFile(p, { bbox: [38.051, 34.601, 38.329, 34.909] });
            const c0 = Math.round((win.originX - 38.0) / 0.01);
            const r0 = Math.round((35.0 - win.originY) / 0.01);
            expect([c0, r0, c0 + win.width, r0 + win.height], dtype).toEqual([...WINDOW]);
            expect(Array.from(win.data), dtype).toEqual(expected[p]!.window);
          }
          if (layout.direct) expect(viaGeotiff).not.toHaveBeenCalled();
          else expect(viaGeotiff).toHaveBeenCalled();
        } finally {
          viaGeotiff.mockRestore();
        }
      });
    }
  },
);
