import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { writeRasterFile } from "../../packages/core/src/io/node/raster-file.ts";
import type { Raster, RasterArray } from "../../packages/core/src/raster/raster.ts";
import { describeWithPeer, hasExecutable, hasPythonModule } from "../helpers/peers.ts";

const dir = mkdtempSync(join(tmpdir(), "syraq-gtiff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gdalinfo = (p: string) => JSON.parse(execFileSync("gdalinfo", ["-json", "-mm", p]).toString());
/** All values as GDAL/rasterio read them (independent decoder). */
const rasterioValues = (p: string): Array<number | null> =>
  JSON.parse(
    execFileSync("/usr/bin/python3", [
      "-c",
      "import sys, json, rasterio, math\nwith rasterio.open(sys.argv[1]) as d: a = d.read(1)\nprint(json.dumps([None if (isinstance(v, float) and math.isnan(v)) else v for v in a.ravel().tolist()]))",
      p,
    ]).toString(),
  );

function grid(data: RasterArray, over: Partial<Raster>): Raster {
  return {
    width: 5,
    height: 4,
    originX: 38.5,
    originY: 35.25,
    pixelSizeX: 0.025,
    pixelSizeY: 0.025,
    crs: { epsg: 4326, geographic: true },
    data,
    nodata: null,
    ...over,
  };
}

describeWithPeer(
  "writeGeoTiff read back by GDAL",
  {
    name: "gdalinfo + rasterio",
    available: hasExecutable("gdalinfo") && hasPythonModule("rasterio"),
    install: "apt-get install gdal-bin python3-rasterio",
  },
  () => {
    it("EPSG:4326 Float32: CRS, geotransform, NaN nodata and values intact", () => {
      const data = Float32Array.from({ length: 20 }, (_, i) => i * 1.25 - 3);
      data[7] = NaN;
      const p = join(dir, "ll.tif");
      writeRasterFile(p, grid(data, {}));
      const info = gdalinfo(p);
      expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",4326\]\]$/);
      expect(info.geoTransform).toEqual([38.5, 0.025, 0, 35.25, 0, -0.025]);
      expect(info.size).toEqual([5, 4]);
      expect(info.bands[0].type).toBe("Float32");
      expect(String(info.bands[0].noDataValue)).toBe("NaN");
      expect(info.metadata[""].AREA_OR_POINT).toBe("Area");
      const vals = rasterioValues(p);
      expect(vals[7]).toBeNull();
      vals.forEach((v, i) => {
        if (i !== 7) expect(v).toBe(data[i]);
      });
    });
    it("UTM 37N Int16 with nodata -32768", () => {
      const data = Int16Array.from({ length: 20 }, (_, i) => 100 * i - 900);
      data[0] = -32768;
      const p = join(dir, "utm.tif");
      writeRasterFile(
        p,
        grid(data, {
          originX: 412345,
          originY: 3812340,
          pixelSizeX: 90,
          pixelSizeY: 92,
          crs: { epsg: 32637, geographic: false },
          nodata: -32768,
        }),
      );
      const info = gdalinfo(p);
      expect(info.coordinateSystem.wkt).toMatch(/^PROJCRS\["WGS 84 \/ UTM zone 37N"/);
      expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",32637\]\]$/);
      expect(info.geoTransform).toEqual([412345, 90, 0, 3812340, 0, -92]);
      expect(info.bands[0].noDataValue).toBe(-32768);
      expect(info.bands[0].type).toBe("Int16");
      expect(info.bands[0].computedMin).toBe(-800); // -32768 excluded as nodata
      expect(rasterioValues(p)).toEqual([...data]);
    });
    it("UTM 38S Float64 and Int32 round-trip", () => {
      const data = Float64Array.from({ length: 20 }, (_, i) => Math.PI * i);
      const p = join(dir, "utm38s.tif");
      writeRasterFile(
        p,
        grid(data, {
          originX: 400000,
          originY: 9000000,
          pixelSizeX: 10,
          pixelSizeY: 10,
          crs: { epsg: 32738, geographic: false },
        }),
      );
      expect(gdalinfo(p).coordinateSystem.wkt).toMatch(/UTM zone 38S/);
      expect(rasterioValues(p)).toEqual([...data]);
      const ints = Int32Array.from({ length: 20 }, (_, i) => 70000 * i - 1);
      const q = join(dir, "int32.tif");
      writeRasterFile(q, grid(ints, { nodata: -9999 }));
      expect(gdalinfo(q).bands[0].noDataValue).toBe(-9999);
      expect(rasterioValues(q)).toEqual([...ints]);
    });
  },
);
