import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  readRasterFile,
  readRasterMosaic,
  readRasterPath,
  rasterFileInfo,
  rasterFilesIn,
} from "../../src/io/node/raster-file.ts";
import { isNodata, type Raster } from "../../src/raster/raster.ts";

// Fixtures made by make_fixtures.py (GDAL); the value formulas are restated here.
const FX = join(import.meta.dirname, "fixtures");
const intV = (r: number, c: number) => 37 * r - 11 * c - 300;
const floatV = (r: number, c: number) => 0.5 * r - 0.25 * c + 0.125;
const at = (ras: Raster, r: number, c: number) => ras.data[r * ras.width + c]!;

describe("readRasterFile: layouts, types, compression", () => {
  it("Int16, tiled 16×16, DEFLATE + predictor 2, nodata tag", async () => {
    const r = await readRasterFile(join(FX, "ll_int16_deflate_tiled.tif"));
    expect(r.data).toBeInstanceOf(Int16Array);
    expect([r.width, r.height, r.originX, r.originY, r.pixelSizeX, r.pixelSizeY]).toEqual([40, 30, 38, 35, 0.01, 0.01]);
    expect(r.crs).toEqual({ epsg: 4326, geographic: true });
    expect(r.nodata).toBe(-32768);
    for (let row = 0; row < 30; row++)
      for (let c = 0; c < 40; c++) if (!(row === 2 && c === 3)) expect(at(r, row, c)).toBe(intV(row, c));
    expect(isNodata(r, 2 * 40 + 3)).toBe(true);
  });
  it("Float32, strips of 7 rows, LZW + predictor 3, NaN cells", async () => {
    const r = await readRasterFile(join(FX, "ll_float32_lzw_pred3.tif"));
    expect(r.data).toBeInstanceOf(Float32Array);
    expect(r.nodata).toBeNull();
    expect(Number.isNaN(at(r, 5, 6))).toBe(true);
    expect(isNodata(r, 5 * 40 + 6)).toBe(true);
    expect(at(r, 29, 39)).toBe(floatV(29, 39));
    expect(at(r, 7, 0)).toBe(floatV(7, 0));
  });
  it("Int32 uncompressed with nodata -9999", async () => {
    const r = await readRasterFile(join(FX, "ll_int32_nodata.tif"));
    expect(r.data).toBeInstanceOf(Int32Array);
    expect(r.nodata).toBe(-9999);
    expect(isNodata(r, 0)).toBe(true);
    expect(at(r, 29, 39)).toBe(intV(29, 39) * 1000);
  });
  it("Float32 nodata written with 12 digits (-3.40282346639e+038) still matches -FLT_MAX cells, as in GDAL", async () => {
    const r = await readRasterFile(join(FX, "ll_float32_fltmax_nodata.tif"));
    expect(r.nodata).toBe(Math.fround(-3.40282346639e38));
    expect(isNodata(r, 0)).toBe(true);
    expect(isNodata(r, 1)).toBe(false);
  });
  it("UTM 37N Float64, non-square cells, keeps the projected CRS", async () => {
    const r = await readRasterFile(join(FX, "utm37n_float64_deflate.tif"));
    expect(r.data).toBeInstanceOf(Float64Array);
    expect(r.crs.epsg).toBe(32637);
    expect(r.crs.geographic).toBe(false);
    expect(r.crs.proj4).toContain("+zone=37");
    expect([r.originX, r.originY, r.pixelSizeX, r.pixelSizeY]).toEqual([500000, 3800000, 30, 40]);
    expect(r.nodata).toBe(-1e30);
    expect(at(r, 19, 24)).toBe(floatV(19, 24));
  });
  it("UTM 37S", async () => {
    const r = await readRasterFile(join(FX, "utm37s_int16.tif"));
    expect(r.crs.epsg).toBe(32737);
    expect(r.crs.proj4).toContain("+south");
  });
  it("PixelIsPoint: origin shifted half a cell as GDAL does (gdalinfo Origin = 38.0, 35.0)", async () => {
    const r = await readRasterFile(join(FX, "ll_int16_point.tif"));
    expect(r.originX).toBeCloseTo(38.0, 12);
    expect(r.originY).toBeCloseTo(35.0, 12);
  });
  it("multi-band needs a band; band 2 reads the second band", async () => {
    await expect(readRasterFile(join(FX, "ll_int16_3band.tif"))).rejects.toMatchObject({
      code: "BAD_OPTION",
      message: expect.stringContaining("3 bands"),
    });
    const r = await readRasterFile(join(FX, "ll_int16_3band.tif"), { band: 2 });
    expect(at(r, 4, 5)).toBe(intV(4, 5) + 1000);
    await expect(readRasterFile(join(FX, "ll_int16_3band.tif"), { band: 4 })).rejects.toMatchObject({
      code: "BAD_OPTION",
    });
  });
  it("header only: rasterFileInfo", async () => {
    const i = await rasterFileInfo(join(FX, "ll_int16_deflate_tiled.tif"));
    expect(i).toMatchObject({
      width: 40,
      height: 30,
      bands: 1,
      sampleType: "int16",
      tiled: true,
      compression: 8,
      nodata: -32768,
    });
    const j = await rasterFileInfo(join(FX, "ll_float32_lzw_pred3.tif"));
    expect(j).toMatchObject({ sampleType: "float32", tiled: false, compression: 5 });
  });
});

describe("readRasterFile: bad input gives coded errors", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["plain_no_geo.tif", "NOT_GEOREFERENCED", /georeferenc/],
    ["ll_rotated.tif", "BAD_RASTER", /rotated/],
    ["nad27.tif", "UNSUPPORTED_CRS", /EPSG:4267/],
    ["not_a_tiff.tif", "BAD_RASTER", /not a readable TIFF/],
    ["corrupt_truncated.tif", "BAD_RASTER", /corrupt|truncated|readable/],
    ["missing.tif", "DATA_MISSING", /not found/],
  ];
  it("webmercator.tif reads in EPSG:3857 (any projected EPSG code, from the EPSG database)", async () => {
    const r = await readRasterFile(join(FX, "webmercator.tif"));
    expect(r.crs.epsg).toBe(3857);
    expect(r.crs.geographic).toBe(false);
  });
  for (const [file, code, msg] of cases) {
    it(`${file} → ${code}`, async () => {
      await expect(readRasterFile(join(FX, file))).rejects.toMatchObject({ code, message: expect.stringMatching(msg) });
    });
  }
});

describe("window reads", () => {
  it("reads the cells intersecting a lon/lat bbox, snapped outwards", async () => {
    // bbox 38.053..38.117 × 34.851..34.93 → cols floor(5.3)=5..ceil(11.7)=12, rows floor(7)=7..ceil(14.9)=15
    const r = await readRasterFile(join(FX, "ll_int16_deflate_tiled.tif"), { bbox: [38.053, 34.851, 38.117, 34.93] });
    expect([r.width, r.height]).toEqual([7, 8]);
    expect(r.originX).toBeCloseTo(38.05, 12);
    expect(r.originY).toBeCloseTo(34.93, 12);
    for (let row = 0; row < 8; row++) for (let c = 0; c < 7; c++) expect(at(r, row, c)).toBe(intV(row + 7, c + 5));
  });
  it("transforms a lon/lat bbox into a UTM raster's CRS", async () => {
    // The raster covers E 500000..500750, N 3799200..3800000 (zone 37, central meridian 39°E).
    const r = await readRasterFile(join(FX, "utm37n_float64_deflate.tif"), {
      bboxCrs: [500100, 3799500, 500200, 3799600],
    });
    expect([r.width, r.height, r.originX, r.originY]).toEqual([4, 3, 500090, 3799600]); // cols floor(3.33)=3..ceil(6.67)=7, rows floor(10)=10..ceil(12.5)=13
    expect(at(r, 0, 0)).toBe(floatV(10, 3));
    const all = await readRasterFile(join(FX, "utm37n_float64_deflate.tif"), { bbox: [38.9, 34.0, 39.1, 34.5] });
    expect([all.width, all.height]).toEqual([25, 20]);
    await expect(
      readRasterFile(join(FX, "utm37n_float64_deflate.tif"), { bbox: [40, 30, 41, 31] }),
    ).rejects.toMatchObject({ code: "OUTSIDE_RASTER" });
  });
});

describe("mosaic of tiles", () => {
  it("joins 2×2 tiles that share edge rows/cols into one 21×21 grid", async () => {
    const m = await readRasterMosaic(rasterFilesIn(join(FX, "tiles")));
    expect([m.width, m.height]).toEqual([21, 21]);
    expect(m.originX).toBeCloseTo(37.995, 12);
    expect(m.originY).toBeCloseTo(35.205, 12);
    expect(m.data).toBeInstanceOf(Int16Array);
    expect(m.nodata).toBe(-32768);
    for (let r = 0; r < 21; r++)
      for (let c = 0; c < 21; c++) if (!(r === 20 && c === 20)) expect(at(m, r, c)).toBe(intV(r, c));
    expect(isNodata(m, 20 * 21 + 20)).toBe(true);
  });
  it("reads a bbox window across tile boundaries; readRasterPath takes the folder", async () => {
    const m = await readRasterPath(join(FX, "tiles"), { bbox: [38.08, 35.08, 38.12, 35.12] });
    // cols floor((38.08-37.995)/0.01 = 8.5) = 8 .. ceil(12.5) = 13; rows floor(8.5) = 8 .. 13
    expect([m.width, m.height]).toEqual([5, 5]);
    for (let r = 0; r < 5; r++) for (let c = 0; c < 5; c++) expect(at(m, r, c)).toBe(intV(r + 8, c + 8));
  });
  it("rejects tiles of different resolution, CRS or alignment", async () => {
    await expect(readRasterMosaic(rasterFilesIn(join(FX, "tiles_badres")))).rejects.toMatchObject({
      code: "GRID_MISMATCH",
      message: expect.stringContaining("resolution"),
    });
    await expect(readRasterMosaic(rasterFilesIn(join(FX, "tiles_badcrs")))).rejects.toMatchObject({
      code: "CRS_MISMATCH",
      message: expect.stringContaining("EPSG:32637"),
    });
    await expect(readRasterMosaic(rasterFilesIn(join(FX, "tiles_misaligned")))).rejects.toMatchObject({
      code: "GRID_MISMATCH",
      message: expect.stringContaining("aligned"),
    });
  });
});
