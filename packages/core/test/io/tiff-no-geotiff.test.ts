// readRasterFile reads uncompressed and DEFLATE single-band GeoTIFFs with our own TIFF reader (io/tiff.ts), without
// loading geotiff.js (74 ms of every process that reads a raster). The "geotiff" module is mocked here by a factory
// that counts how often it is loaded and then returns the real module: the factory runs only when something imports
// geotiff (statically or with import()). An LZW file, which only geotiff.js decodes, shows that the count moves.
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
// the public entry points, as a user's program imports them (the whole module graph of @syraq/core/node)
import { rasterFileInfo, readGeoTiff, readRasterFile, setMemoryLimit, WGS84_CRS, writeGeoTiff } from "@syraq/core/node";

const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock("geotiff", async (importOriginal) => {
  loads.count++;
  return importOriginal();
});

const FX = join(import.meta.dirname, "fixtures");

describe("geotiff.js is loaded only for what our own reader does not take", () => {
  it("uncompressed and DEFLATE files, a header, and a file in memory are read without geotiff.js", async () => {
    // make_fixtures.py: utm37s_int16.tif is uncompressed, single band; v(r, c) = 37 r - 11 c - 300
    const r = await readRasterFile(join(FX, "utm37s_int16.tif"));
    expect(r.data[1 * r.width + 2]).toBe(37 - 22 - 300);
    // DEFLATE tiles: v(0, 0) = -300, v(1, 2) = 37 - 22 - 300
    const d = await readRasterFile(join(FX, "ll_int16_deflate_tiled.tif"));
    expect([d.data[0], d.data[1 * d.width + 2]]).toEqual([-300, 37 - 22 - 300]);
    await rasterFileInfo(join(FX, "ll_float32_lzw_pred3.tif")); // a header alone: no decoder needed
    const bytes = writeGeoTiff({
      width: 2,
      height: 1,
      originX: 38,
      originY: 35,
      pixelSizeX: 0.5,
      pixelSizeY: 0.5,
      crs: WGS84_CRS,
      data: new Float32Array([250, 310]),
      nodata: null,
    });
    const mem = await readGeoTiff(new Uint8Array(bytes).buffer);
    expect(Array.from(mem.data)).toEqual([250, 310]);
    expect(loads.count).toBe(0);
  });
  it("the memory guard stops a job too large for the memory limit before the direct read (TOO_LARGE)", async () => {
    // utm37s_int16.tif (12 × 10 cells, gdalinfo): 120 cells × 8 bytes = 960 bytes > a limit of 900 bytes
    setMemoryLimit(900);
    try {
      await expect(readRasterFile(join(FX, "utm37s_int16.tif"), { jobBytesPerCell: 8 })).rejects.toMatchObject({
        code: "TOO_LARGE",
      });
    } finally {
      setMemoryLimit(undefined);
    }
    expect(loads.count).toBe(0);
  });
  it("an LZW-compressed file loads geotiff.js to decode it", async () => {
    const r = await readRasterFile(join(FX, "ll_float32_lzw_pred3.tif"));
    // v(0, 0) = 0.125 in make_fixtures.py's float grid
    expect(r.data[0]).toBe(0.125);
    expect(loads.count).toBe(1);
  });
});
