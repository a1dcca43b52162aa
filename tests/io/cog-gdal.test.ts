/**
 * The COG writer checked by GDAL: validate_cloud_optimized_geotiff.py (GDAL's own COG
 * rules: IFDs before data, overviews in order, tiled, smallest overview's data first),
 * gdalinfo (tiling, DEFLATE, predictor, overviews, class names) and the values as GDAL
 * decodes them, full resolution bit for bit and overviews against numpy's 2×2 means.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { writeCogFile } from "../../packages/core/src/io/node/cog-file.ts";
import type { Raster, RasterArray } from "../../packages/core/src/raster/raster.ts";
import { mulberry32 } from "../../packages/core/src/util/random.ts";
import { describeWithPeer, hasExecutable, hasPythonModule } from "../helpers/peers.ts";

const dir = mkdtempSync(join(tmpdir(), "syraq-cog-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PY = `
import sys, json
import numpy as np
from osgeo import gdal
from osgeo_utils.samples.validate_cloud_optimized_geotiff import validate
path = sys.argv[1]
warnings, errors, details = validate(path, full_check=True)
ds = gdal.Open(path)
b = ds.GetRasterBand(1)
a = b.ReadAsArray()
ovr = []
for i in range(b.GetOverviewCount()):
    o = b.GetOverview(i)
    ovr.append({"w": o.XSize, "h": o.YSize, "block": o.GetBlockSize(), "values": o.ReadAsArray().astype("float64").ravel().tolist()})
md = ds.GetMetadata("IMAGE_STRUCTURE")
print(json.dumps({"errors": errors, "warnings": warnings, "details": details, "bytes": a.tobytes().hex(),
  "dtype": str(a.dtype), "block": b.GetBlockSize(), "md": md, "ovr": ovr,
  "categories": b.GetCategoryNames(), "rat": None if b.GetDefaultRAT() is None else
  [[b.GetDefaultRAT().GetValueAsString(r, c) for c in range(b.GetDefaultRAT().GetColumnCount())] for r in range(b.GetDefaultRAT().GetRowCount())]},
  allow_nan=True).replace("NaN", "null"))
`;

interface GdalView {
  errors: string[];
  warnings: string[];
  bytes: string;
  dtype: string;
  block: [number, number];
  md: Record<string, string>;
  ovr: Array<{ w: number; h: number; block: [number, number]; values: Array<number | null> }>;
  categories: string[] | null;
  rat: string[][] | null;
}
const gdalView = (p: string): GdalView =>
  JSON.parse(execFileSync("/usr/bin/python3", ["-c", PY, p], { maxBuffer: 1 << 28 }).toString());

const hex = (a: RasterArray) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

function raster(width: number, height: number, data: RasterArray, over: Partial<Raster> = {}): Raster {
  return {
    width,
    height,
    originX: 38,
    originY: 36,
    pixelSizeX: 0.001,
    pixelSizeY: 0.001,
    crs: { epsg: 4326, geographic: true },
    data,
    nodata: null,
    ...over,
  };
}

/** Overview k as numpy would compute it: the mean of the valid cells of each 2×2 block, level by level. */
function meanPyramid(data: Float64Array, w: number, h: number, levels: number): Array<Array<number | null>> {
  const out: Array<Array<number | null>> = [];
  let cur = data;
  let cw = w;
  let ch = h;
  for (let k = 0; k < levels; k++) {
    const ow = Math.ceil(cw / 2);
    const oh = Math.ceil(ch / 2);
    const next = new Float64Array(ow * oh);
    for (let r = 0; r < oh; r++)
      for (let c = 0; c < ow; c++) {
        const vals: number[] = [];
        for (const [dr, dc] of [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ] as const) {
          const rr = 2 * r + dr;
          const cc = 2 * c + dc;
          if (rr < ch && cc < cw && !Number.isNaN(cur[rr * cw + cc]!)) vals.push(cur[rr * cw + cc]!);
        }
        next[r * ow + c] = vals.length ? vals.reduce((s, v) => s + v, 0) / vals.length : Number.NaN;
      }
    out.push(Array.from(next, (v) => (Number.isNaN(v) ? null : v)));
    cur = next;
    cw = ow;
    ch = oh;
  }
  return out;
}

describeWithPeer(
  "COG output checked by GDAL (validate_cloud_optimized_geotiff, gdalinfo)",
  {
    name: "GDAL python (osgeo_utils) + gdalinfo",
    available: hasExecutable("gdalinfo") && hasPythonModule("osgeo_utils.samples.validate_cloud_optimized_geotiff"),
    install: "apt-get install gdal-bin python3-gdal",
  },
  () => {
    it("Float32 700×500 with NaN holes: a valid COG, predictor 3, 2 overviews, values intact", () => {
      const rand = mulberry32(7);
      const w = 700;
      const h = 500;
      const data = new Float32Array(w * h);
      for (let i = 0; i < data.length; i++) data[i] = 200 + 50 * Math.sin(i / 900) + rand() * 10;
      for (let r = 100; r < 140; r++) for (let c = 300; c < 380; c++) data[r * w + c] = Number.NaN;
      const p = join(dir, "f32.tif");
      writeCogFile(p, raster(w, h, data));
      const v = gdalView(p);
      expect(v.errors).toEqual([]);
      expect(v.block).toEqual([256, 256]);
      expect(v.md.COMPRESSION).toBe("DEFLATE");
      expect(v.md.PREDICTOR).toBe("3");
      expect(v.bytes).toBe(hex(data));
      // 700×500 → 350×250 → 175×125 (fits one 256 tile)
      expect(v.ovr.map((o) => [o.w, o.h])).toEqual([
        [350, 250],
        [175, 125],
      ]);
      const want = meanPyramid(Float64Array.from(data), w, h, 2);
      v.ovr.forEach((o, k) => {
        expect(o.values.length).toBe(want[k]!.length);
        o.values.forEach((x, i) => {
          const y = want[k]![i]!;
          if (y === null) expect(x).toBeNull();
          // overview k is computed from level k-1 stored as Float32
          else expect(Math.abs(x! - y)).toBeLessThan(1e-3);
        });
      });
    });

    it("Int16 in UTM 37N with nodata: predictor 2, values bit for bit, nodata and CRS kept", () => {
      const w = 600;
      const h = 300;
      const data = new Int16Array(w * h);
      for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 4001) - 1000;
      data[5] = -32768;
      const p = join(dir, "i16.tif");
      writeCogFile(
        p,
        raster(w, h, data, {
          crs: { epsg: 32637, geographic: false, proj4: "+proj=utm +zone=37 +datum=WGS84 +units=m +no_defs" },
          originX: 500000,
          originY: 3900000,
          pixelSizeX: 30,
          pixelSizeY: 30,
          nodata: -32768,
        }),
      );
      const v = gdalView(p);
      expect(v.errors).toEqual([]);
      expect(v.md.PREDICTOR).toBe("2");
      expect(v.bytes).toBe(hex(data));
      const info = JSON.parse(execFileSync("gdalinfo", ["-json", p]).toString());
      expect(info.bands[0].noDataValue).toBe(-32768);
      expect(info.coordinateSystem.wkt).toContain("UTM zone 37N");
      expect(info.geoTransform).toEqual([500000, 30, 0, 3900000, 0, -30]);
    });

    it("class raster: palette, nearest overviews, class names in .aux.xml (gdalinfo lists them)", () => {
      const w = 520;
      const h = 260;
      const data = new Uint8Array(w * h);
      for (let r = 0; r < h; r++)
        for (let c = 0; c < w; c++) data[r * w + c] = 1 + ((Math.floor(r / 37) + Math.floor(c / 53)) % 6);
      const names = ["water", "valley floor", "Euphrates corridor", "desert plain", "upland", "mountain"];
      const p = join(dir, "classes.tif");
      writeCogFile(p, raster(w, h, data, { nodata: 0 }), {
        colourMap: {
          1: [30, 90, 200],
          2: [120, 190, 90],
          3: [60, 150, 60],
          4: [230, 210, 150],
          5: [180, 140, 90],
          6: [120, 100, 90],
        },
        classNames: [{ value: 0, name: "nodata" }, ...names.map((name, i) => ({ value: i + 1, name }))],
      });
      const v = gdalView(p);
      expect(v.errors).toEqual([]);
      expect(v.bytes).toBe(hex(data));
      expect(v.categories!.slice(0, 7)).toEqual(["nodata", ...names]);
      expect(v.rat!.map((row) => row[1])).toEqual(["nodata", ...names]);
      // nearest: overview 1 cell (r, c) is the full-resolution cell (2r, 2c)
      const o = v.ovr[0]!;
      for (let r = 0; r < o.h; r += 17)
        for (let c = 0; c < o.w; c += 13) expect(o.values[r * o.w + c]).toBe(data[2 * r * w + 2 * c]);
      const text = execFileSync("gdalinfo", [p]).toString();
      expect(text).toMatch(/Color Table/);
      expect(text).toContain("Euphrates corridor");
      expect(readFileSync(`${p}.aux.xml`, "utf8")).toContain("<GDALRasterAttributeTable");
    });

    it("a raster that fits one tile has no overview and is still a valid COG", () => {
      const data = Float64Array.from({ length: 100 * 80 }, (_, i) => i / 3);
      const p = join(dir, "small.tif");
      writeCogFile(p, raster(100, 80, data));
      const v = gdalView(p);
      expect(v.errors).toEqual([]);
      expect(v.ovr).toEqual([]);
      expect(v.bytes).toBe(hex(data));
    });
  },
);

describeWithPeer(
  "syraq terrain / slope --cog read by GDAL",
  {
    name: "GDAL python (osgeo_utils) + gdalinfo",
    available: hasExecutable("gdalinfo") && hasPythonModule("osgeo_utils.samples.validate_cloud_optimized_geotiff"),
    install: "apt-get install gdal-bin python3-gdal",
  },
  () => {
    it("the class raster is a valid COG whose class names gdalinfo lists; slope too", async () => {
      const { cli } = await import("../helpers/cli.ts");
      const out = join(dir, "terrain-classes.tif");
      const r = await cli("terrain", "--bbox", "38,34,40,35.5", "--out", out, "--cog", "--quiet");
      expect(r.status).toBe(0);
      const v = gdalView(out);
      expect(v.errors).toEqual([]);
      expect(v.md.COMPRESSION).toBe("DEFLATE");
      expect(v.categories!.slice(0, 7)).toEqual([
        "nodata",
        "water",
        "valley floor",
        "Euphrates corridor",
        "desert plain",
        "upland",
        "mountain",
      ]);
      const slope = join(dir, "terrain-slope.tif");
      expect((await cli("slope", "--bbox", "38,34,40,35.5", "--out", slope, "--cog", "--quiet")).status).toBe(0);
      expect(gdalView(slope).errors).toEqual([]);
    });
  },
);
