/**
 * The bounded search over a folder of 1° × 1° tiles, as SRTM1 / GLO-30 deliver them (tiny tiles
 * here: 101 × 101 cells of 0.01°, sharing their edge row and column), with the pack's rivers,
 * crossings, roads and sea: only the window is read from the tiles (the loader checks the window
 * it got), and the answer equals the search over the whole mosaic (cost to 1e-9; the path up to ties).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { boundedRoute, findRoute, routeModel, WGS84_CRS, type RoutePoint } from "../../packages/core/src/index.ts";
import {
  loadRoadsDefinition,
  loadRouteGraph,
  rasterPathGrid,
  resolveDataDir,
  writeRasterFile,
} from "../../packages/core/src/node.ts";
import { mulberry32 } from "../../packages/core/src/util/random.ts";

const work = mkdtempSync(join(tmpdir(), "syraq-tiles-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// 2 × 2 tiles over 38–40°E, 35–37°N (Raqqa, Tabqa, the Euphrates and Lake Assad); smooth seeded
// hills from one field, so shared edges agree; one tile has a nodata corner
const S = 101;
const field = (lon: number, lat: number) =>
  300 + 120 * Math.sin(lon * 7.1) * Math.cos(lat * 5.3) + 40 * Math.sin((lon + 2 * lat) * 23);
const rand = mulberry32(15);
for (const [lon, lat] of [
  [38, 35],
  [39, 35],
  [38, 36],
  [39, 36],
] as const) {
  const data = new Int16Array(S * S);
  for (let r = 0; r < S; r++)
    for (let c = 0; c < S; c++) data[r * S + c] = Math.round(field(lon + c * 0.01, lat + 1 - r * 0.01) + rand());
  if (lon === 38 && lat === 36) for (let r = 0; r < 10; r++) for (let c = 0; c < 10; c++) data[r * S + c] = -32768;
  writeRasterFile(join(work, `N${lat}E0${lon}.tif`), {
    width: S,
    height: S,
    originX: lon - 0.005,
    originY: lat + 1 + 0.005,
    pixelSizeX: 0.01,
    pixelSizeY: 0.01,
    crs: WGS84_CRS,
    data,
    nodata: -32768,
  });
}

describe("bounded search over a folder of 1° tiles", () => {
  it("the grid of the folder is the union of its tiles, from headers alone", async () => {
    const g = await rasterPathGrid(work);
    expect(g.files).toBe(4);
    expect(g.width).toBe(201); // 2 × 101 − the shared column
    expect(g.height).toBe(201);
    expect(g.originX).toBeCloseTo(37.995, 12);
    expect(g.originY).toBeCloseTo(37.005, 12);
    expect(g.sampleType).toBe("int16");
  });

  it("routes equal the search over the whole mosaic (vehicle and foot, across the Euphrates and on one bank)", async () => {
    const dataDir = resolveDataDir();
    const grid = await rasterPathGrid(work);
    const full = await loadRouteGraph({ dataDir, demPath: work });
    const speeds = loadRoadsDefinition().speedsKmh;
    const trips: Array<[RoutePoint, RoutePoint]> = [
      [
        { name: "Raqqa", lonLat: [39.0079, 35.9528] },
        { name: "south", lonLat: [39.25, 35.62] },
      ],
      [
        { name: "Raqqa", lonLat: [39.0079, 35.9528] },
        { name: "north", lonLat: [38.9, 36.3] },
      ],
    ];
    let smaller = 0;
    for (const name of ["vehicle", "foot"]) {
      const model = routeModel(name, speeds);
      for (const points of trips) {
        const exact = findRoute({ graph: full, model, points });
        const windows: number[] = [];
        const r = await boundedRoute({
          grid,
          model,
          points,
          load: (cells) => {
            windows.push((cells[2] - cells[0]) * (cells[3] - cells[1]));
            return loadRouteGraph({ dataDir, demPath: work, window: { grid, cells } });
          },
        });
        expect(Math.abs(r.durationSeconds - exact.durationSeconds)).toBeLessThanOrEqual(1e-9 * exact.durationSeconds);
        expect(r.crossings).toEqual(exact.crossings);
        // the same path up to ties: window and mosaic differ in the last bits of cell positions (their origins
        // differ by whole cells), so among equal-cost paths (to 1e-9) either may be taken; nearly every vertex agrees
        const key = (p: readonly number[]) => `${p[0]!.toFixed(7)},${p[1]!.toFixed(7)}`;
        const inExact = new Set(exact.coordinates.map(key));
        const same = r.coordinates.filter((p) => inExact.has(key(p))).length;
        expect(same / r.coordinates.length).toBeGreaterThan(0.9);
        if (Math.max(...windows) < 201 * 201) smaller++;
      }
    }
    expect(smaller).toBeGreaterThan(0);
  });
});
