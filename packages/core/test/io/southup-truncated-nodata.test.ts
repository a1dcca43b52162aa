/**
 * Regression tests (QA): south-up GeoTIFFs, cut-short uncompressed GeoTIFFs,
 * ±Infinity DEM cells and all-nodata DEMs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readGeoTiff, writeGeoTiff } from "../../src/io/geotiff.ts";
import { loadDem } from "../../src/io/node/dem.ts";
import { rasterFileInfo, readRasterFile, readRasterMosaic } from "../../src/io/node/raster-file.ts";
import { cellAt, isNodata, sampleBilinear, WGS84_CRS, type Raster } from "../../src/raster/raster.ts";

// Fixtures made by make_fixtures.py §14 (GDAL, geotransform dy > 0). File row r (from the south) holds
// v(r, c); read north-up, row R is file row height-1-R.
const FX = join(import.meta.dirname, "fixtures");
const intV = (r: number, c: number) => 37 * r - 11 * c - 300;
const floatV = (r: number, c: number) => 0.5 * r - 0.25 * c + 0.125;
const at = (ras: Raster, r: number, c: number) => ras.data[r * ras.width + c]!;

const work = mkdtempSync(join(tmpdir(), "syraq-io-fixes-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("south-up GeoTIFFs are flipped north-up on read", () => {
  it("Int16 tiled DEFLATE, gdalinfo Origin (38.0, 34.7), Pixel Size (0.01, +0.01): north edge 35.0, rows reversed", async () => {
    const r = await readRasterFile(join(FX, "ll_int16_southup_tiled.tif"));
    expect([r.width, r.height, r.originX, r.pixelSizeX, r.pixelSizeY]).toEqual([40, 30, 38, 0.01, 0.01]);
    // north edge = 34.7 + 30 × 0.01
    expect(r.originY).toBeCloseTo(35.0, 12);
    for (let row = 0; row < 30; row++) for (let c = 0; c < 40; c++) expect(at(r, row, c)).toBe(intV(29 - row, c));
    // gdallocationinfo -wgs84 -valonly: (38.005, 34.705) → -300, (38.115, 34.955) → 504, (38.395, 34.995) → 344
    const v = (x: number, y: number) => {
      const c = cellAt(r, x, y);
      return c ? at(r, c.row, c.col) : null;
    };
    expect([v(38.005, 34.705), v(38.115, 34.955), v(38.395, 34.995)]).toEqual([-300, 504, 344]);
    // a point south of the file's south edge (34.7) is off the raster, as GDAL says
    expect(v(38.2, 34.65)).toBeNull();
  });
  it("header: rasterFileInfo reports the north-up grid and southUp", async () => {
    const i = await rasterFileInfo(join(FX, "ll_int16_southup_tiled.tif"));
    expect(i.southUp).toBe(true);
    expect(i.originY).toBeCloseTo(35.0, 12);
    expect(i.pixelSizeY).toBe(0.01);
    const n = await rasterFileInfo(join(FX, "ll_int16_deflate_tiled.tif"));
    expect(n.southUp).toBe(false);
  });
  it("a bbox window of a south-up file holds the same cells as the full read", async () => {
    const full = await readRasterFile(join(FX, "ll_int16_southup_tiled.tif"));
    const win = await readRasterFile(join(FX, "ll_int16_southup_tiled.tif"), {
      bbox: [38.101, 34.751, 38.199, 34.849],
    });
    // cols 10..19, rows from north (35.0 − 34.849)/0.01 = 15.1 → 15 .. (35.0 − 34.751)/0.01 = 24.9 → 25 (exclusive)
    expect([win.width, win.height]).toEqual([10, 10]);
    expect(win.originX).toBeCloseTo(38.1, 12);
    expect(win.originY).toBeCloseTo(34.85, 12);
    for (let r = 0; r < 10; r++) for (let c = 0; c < 10; c++) expect(at(win, r, c)).toBe(at(full, r + 15, c + 10));
  });
  it("PixelIsPoint south-up Float32: gdalinfo corner origin (38.0, 34.9) → north edge 35.0", async () => {
    const r = await readRasterFile(join(FX, "ll_float32_southup_point.tif"));
    expect(r.originX).toBeCloseTo(38.0, 12);
    expect(r.originY).toBeCloseTo(35.0, 12);
    for (let row = 0; row < 10; row++) for (let c = 0; c < 12; c++) expect(at(r, row, c)).toBe(floatV(9 - row, c));
    // gdallocationinfo -wgs84 -valonly (38.115, 34.955) → -0.125, (38.005, 34.995) → 4.625
    expect(sampleBilinear(r, 38.115, 34.955)).toBeCloseTo(-0.125, 12);
    expect(sampleBilinear(r, 38.005, 34.995)).toBeCloseTo(4.625, 12);
  });
  it("a tile folder mixing a south-up and a north-up tile mosaics into one north-up grid", async () => {
    const north = await readRasterFile(join(FX, "ll_int16_deflate_tiled.tif")); // 38.0..38.4, 34.7..35.0, north-up
    const south = await readRasterFile(join(FX, "ll_int16_southup_tiled.tif"));
    // same grid: the mosaic (first file by name wins where valid) must equal the north-up file where it is valid
    const m = await readRasterMosaic([join(FX, "ll_int16_southup_tiled.tif"), join(FX, "ll_int16_deflate_tiled.tif")]);
    expect([m.width, m.height, m.originY]).toEqual([north.width, north.height, north.originY]);
    // "ll_int16_deflate…" sorts first; its nodata cell (2, 3) is filled from the south-up tile
    expect(at(m, 2, 3)).toBe(at(south, 2, 3));
    expect(at(m, 10, 10)).toBe(at(north, 10, 10));
  });
  it("a negative ModelPixelScale y is taken as north-up, as GDAL does by default", async () => {
    const data = Float32Array.from({ length: 12 }, (_, i) => i);
    const bytes = writeGeoTiff({
      width: 4,
      height: 3,
      originX: 38,
      originY: 35,
      pixelSizeX: 0.1,
      pixelSizeY: -0.1,
      crs: WGS84_CRS,
      data,
      nodata: null,
    });
    const r = await readGeoTiff(bytes.slice().buffer);
    expect([r.originY, r.pixelSizeY]).toEqual([35, 0.1]);
    expect(Array.from(r.data)).toEqual(Array.from(data));
  });
});

describe("a cut-short uncompressed GeoTIFF is BAD_RASTER naming the file", () => {
  const dem: Raster = {
    width: 40,
    height: 30,
    originX: 38,
    originY: 35.15,
    pixelSizeX: 0.025,
    pixelSizeY: 0.025,
    crs: WGS84_CRS,
    data: Float32Array.from({ length: 1200 }, (_, i) => 300 + i),
    nodata: null,
  };
  const full = writeGeoTiff(dem);
  it("file: head -c 2568 of a 5136-byte Float32 GeoTIFF (strip 0 runs past the end)", async () => {
    expect(full.length).toBe(5136);
    const p = join(work, "cut.tif");
    writeFileSync(p, full.subarray(0, 2568));
    await expect(readRasterFile(p)).rejects.toMatchObject({
      code: "BAD_RASTER",
      message: expect.stringMatching(/cut\.tif is truncated: strip 0 ends at byte 5136 but the file has 2568 bytes/),
    });
    // a bbox window of the cut file is refused too
    await expect(readRasterFile(p, { bbox: [38, 35, 38.1, 35.1] })).rejects.toMatchObject({ code: "BAD_RASTER" });
    // one byte short is still truncated; the whole file reads
    writeFileSync(p, full.subarray(0, full.length - 1));
    await expect(readRasterFile(p)).rejects.toMatchObject({ code: "BAD_RASTER" });
    writeFileSync(p, full);
    expect((await readRasterFile(p)).data[1199]).toBe(1499);
  });
  it("buffer: readGeoTiff of a cut buffer", async () => {
    await expect(readGeoTiff(full.slice(0, 3000).buffer, { name: "cut buffer" })).rejects.toMatchObject({
      code: "BAD_RASTER",
      message: expect.stringContaining("cut buffer is truncated"),
    });
  });
});

describe("±Infinity and all-nodata DEMs", () => {
  const grid = { width: 4, height: 3, originX: 38, originY: 35, pixelSizeX: 0.1, pixelSizeY: 0.1, crs: WGS84_CRS };
  it("isNodata: NaN, +Infinity, −Infinity and the declared value; finite values are data", () => {
    const r: Raster = {
      ...grid,
      data: Float32Array.from([1, NaN, Infinity, -Infinity, -9999, 0, 2, 3, 4, 5, 6, 7]),
      nodata: -9999,
    };
    expect([0, 1, 2, 3, 4, 5].map((i) => isNodata(r, i))).toEqual([false, true, true, true, true, false]);
    // bilinear touching an Inf cell is NaN (no number), not Infinity: at (38.25, 34.9) the
    // neighbours are cells 2 (Inf), 3, 6, 7 with weights 0.5, 0, 0.5, 0 → was Infinity
    const s: Raster = {
      ...grid,
      data: Float32Array.from([1, 2, Infinity, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
      nodata: null,
    };
    expect(sampleBilinear(s, 38.25, 34.9)).toBeNaN();
    expect(sampleBilinear(s, 38.05, 34.9)).toBeCloseTo(3, 6); // cells 0 (1) and 4 (5), half each
  });
  it("a mosaic takes the next tile's value where the first tile is ±Infinity (nodata), as where it is NaN", async () => {
    const a = join(work, "mos-a.tif");
    const b = join(work, "mos-b.tif");
    writeFileSync(
      a,
      writeGeoTiff({
        ...grid,
        data: Float32Array.from({ length: 12 }, (_, i) =>
          i === 2 ? Infinity : i === 3 ? -Infinity : i === 4 ? NaN : i,
        ),
        nodata: null,
      }),
    );
    writeFileSync(b, writeGeoTiff({ ...grid, data: new Float32Array(12).fill(70), nodata: null }));
    const m = await readRasterMosaic([b, a]);
    expect(Array.from(m.data.subarray(0, 6))).toEqual([0, 1, 70, 70, 70, 5]);
  });
  it("loadDem turns ±Infinity into NaN and keeps finite cells", async () => {
    const p = join(work, "inf.tif");
    writeFileSync(
      p,
      writeGeoTiff({
        ...grid,
        data: Float32Array.from([1, Infinity, -Infinity, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
        nodata: null,
      }),
    );
    const dem = await loadDem({ dataDir: "", demPath: p });
    expect(dem.data[1]).toBeNaN();
    expect(dem.data[2]).toBeNaN();
    expect([dem.data[0], dem.data[3], dem.data[11]]).toEqual([1, 4, 12]);
  });
  it("loadDem refuses a DEM with no valid cell: all NaN, all ±Inf, all the declared nodata (Int16)", async () => {
    const cases: Array<[string, Raster]> = [
      ["nan.tif", { ...grid, data: new Float32Array(12).fill(NaN), nodata: null }],
      [
        "allinf.tif",
        { ...grid, data: Float32Array.from({ length: 12 }, (_, i) => (i % 2 ? Infinity : -Infinity)), nodata: null },
      ],
      ["int-nodata.tif", { ...grid, data: new Int16Array(12).fill(-32768), nodata: -32768 }],
    ];
    for (const [name, r] of cases) {
      const p = join(work, name);
      writeFileSync(p, writeGeoTiff(r));
      await expect(loadDem({ dataDir: "", demPath: p })).rejects.toMatchObject({
        code: "BAD_RASTER",
        message: expect.stringContaining(`${name} has no valid cells (all nodata/NaN)`),
      });
    }
    // one valid cell is enough
    const p = join(work, "one.tif");
    writeFileSync(
      p,
      writeGeoTiff({ ...grid, data: Float32Array.from({ length: 12 }, (_, i) => (i === 5 ? 100 : NaN)), nodata: null }),
    );
    expect((await loadDem({ dataDir: "", demPath: p })).data[5]).toBe(100);
  });
  it("loadDem with a bbox over only nodata cells says so", async () => {
    const p = join(work, "half.tif");
    // west half (cols 0-1, 38.0..38.2) NaN, east half valid
    writeFileSync(
      p,
      writeGeoTiff({
        ...grid,
        data: Float32Array.from({ length: 12 }, (_, i) => (i % 4 < 2 ? NaN : 50)),
        nodata: null,
      }),
    );
    await expect(loadDem({ dataDir: "", demPath: p, bbox: [38.01, 34.75, 38.15, 34.95] })).rejects.toMatchObject({
      code: "BAD_RASTER",
      message: expect.stringMatching(/no valid cells inside bbox/),
    });
    expect((await loadDem({ dataDir: "", demPath: p, bbox: [38.25, 34.75, 38.35, 34.95] })).data[0]).toBe(50);
  });
});
