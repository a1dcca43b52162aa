import { describe, expect, it } from "vitest";
import { resolveDataDir } from "../../src/io/node/datadir.ts";
import { loadDem } from "../../src/io/node/dem.ts";
import { cellAt } from "../../src/raster/raster.ts";

const dataDir = resolveDataDir();

describe("loadDem", () => {
  it("loads the pack's GMTED2010 DEM with its documented grid (SOURCES.md §2.1)", async () => {
    const dem = await loadDem({ dataDir });
    expect([dem.width, dem.height]).toEqual([401, 221]);
    expect(dem.pixelSizeX).toBeCloseTo(0.025, 12);
    expect(dem.originX).toBeCloseTo(35.499861111, 8);
    expect(dem.originY).toBeCloseTo(37.524861111, 8);
    expect(dem.crs.epsg).toBe(4326);
    expect(dem.nodata).toBe(-32768);
    expect(dem.data).toBeInstanceOf(Int16Array);
    let min = Infinity,
      max = -Infinity;
    for (const v of dem.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([-344, 3488]);
    // SOURCES.md §2.4: Palmyra 449 m, Deir ez-Zor 213 m
    const at = (lon: number, lat: number) =>
      dem.data[cellAt(dem, lon, lat)!.row * dem.width + cellAt(dem, lon, lat)!.col];
    expect(at(38.27, 34.56)).toBe(449);
    expect(at(40.14, 35.33)).toBe(213);
  });
  it("reads only a bbox window, cells snapped outwards, same values as the full read", async () => {
    const full = await loadDem({ dataDir });
    const win = await loadDem({ dataDir, bbox: [38, 34, 39, 35] });
    // (38 - 35.499861111)/0.025 = 100.0056 → col 100; (39 - …)/0.025 = 140.0056 → ceil 141
    expect(win.width).toBe(41);
    expect(win.height).toBe(41);
    const c0 = Math.round((win.originX - full.originX) / 0.025);
    const r0 = Math.round((full.originY - win.originY) / 0.025);
    expect(c0).toBe(100);
    for (let r = 0; r < win.height; r += 7)
      for (let c = 0; c < win.width; c += 5)
        expect(win.data[r * win.width + c]).toBe(full.data[(r + r0) * full.width + c + c0]);
  });
  it("rejects a bbox outside the DEM with OUTSIDE_RASTER", async () => {
    await expect(loadDem({ dataDir, bbox: [10, 10, 11, 11] })).rejects.toMatchObject({ code: "OUTSIDE_RASTER" });
  });
});
