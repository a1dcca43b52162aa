import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { rowCellAreas, rowCellSizes } from "../../src/raster/cellsize.ts";
import type { GridSpec } from "../../src/raster/raster.ts";
import { describeWithPeer, hasExecutable } from "../../../../tests/helpers/peers.ts";

const latlon: GridSpec = {
  width: 10,
  height: 221,
  originX: 35.499861111,
  originY: 37.524861111,
  pixelSizeX: 0.025,
  pixelSizeY: 0.025,
  crs: { epsg: 4326, geographic: true },
};

describe("rowCellSizes", () => {
  it("uses the pixel size on projected grids", () => {
    const s = rowCellSizes({ ...latlon, pixelSizeX: 90, pixelSizeY: 92.5, crs: { epsg: 32637, geographic: false } });
    expect([...s.ewMetres].every((v) => v === 90)).toBe(true);
    expect([...s.nsMetres].every((v) => v === 92.5)).toBe(true);
  });
  it("matches the parallel's radius N·cosφ·Δλ (hand formula) at row centres", () => {
    const s = rowCellSizes(latlon);
    const a = 6378137,
      f = 1 / 298.257223563,
      e2 = f * (2 - f);
    for (const r of [0, 100, 220]) {
      const lat = ((latlon.originY - (r + 0.5) * 0.025) * Math.PI) / 180;
      const N = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
      const parallel = (N * Math.cos(lat) * (0.025 * Math.PI)) / 180;
      // geodesic chord along a 0.025° parallel is shorter than the parallel by < 1e-9 relative
      expect(Math.abs(s.ewMetres[r]! - parallel) / parallel).toBeLessThan(1e-8);
    }
  });
  it("shrinks east-west going north and grows north-south going north (ellipsoid)", () => {
    const s = rowCellSizes(latlon);
    expect(s.ewMetres[0]!).toBeLessThan(s.ewMetres[220]!);
    expect(s.nsMetres[0]!).toBeGreaterThan(s.nsMetres[220]!);
  });
});

describeWithPeer(
  "rowCellSizes vs GeodSolve",
  { name: "GeodSolve", available: hasExecutable("GeodSolve"), install: "apt-get install geographiclib-tools" },
  () => {
    it("agrees to 1e-6 m on rows of the pack DEM grid", () => {
      const s = rowCellSizes(latlon);
      for (const r of [0, 57, 220]) {
        const north = latlon.originY - r * 0.025;
        const c = north - 0.0125;
        const ew = Number(
          execFileSync("GeodSolve", ["-i", "-p", "9"], { input: `${c} 0 ${c} 0.025\n` })
            .toString()
            .trim()
            .split(/\s+/)[2],
        );
        const ns = Number(
          execFileSync("GeodSolve", ["-i", "-p", "9"], { input: `${north} 0 ${north - 0.025} 0\n` })
            .toString()
            .trim()
            .split(/\s+/)[2],
        );
        expect(Math.abs(s.ewMetres[r]! - ew)).toBeLessThan(1e-6);
        expect(Math.abs(s.nsMetres[r]! - ns)).toBeLessThan(1e-6);
      }
    });
  },
);

describeWithPeer(
  "rowCellAreas vs GeographicLib Planimeter -R (rhumb edges = parallels and meridians)",
  { name: "Planimeter", available: hasExecutable("Planimeter"), install: "apt-get install geographiclib-tools" },
  () => {
    it("one cell and the whole pack DEM agree to 1e-9 relative", () => {
      const areas = rowCellAreas({ ...latlon, width: 401 });
      const planimeter = (n: number, s: number, w: number, e: number) =>
        Math.abs(
          Number(
            execFileSync("Planimeter", ["-R", "-p", "9"], { input: `${n} ${w}\n${n} ${e}\n${s} ${e}\n${s} ${w}\n` })
              .toString()
              .trim()
              .split(/\s+/)[2],
          ),
        );
      const one = planimeter(latlon.originY, latlon.originY - 0.025, 35.5, 35.525);
      expect(Math.abs(areas[0]! - one) / one).toBeLessThan(1e-9);
      const total = areas.reduce((s, a) => s + a * 401, 0);
      const ref = planimeter(37.524861111, 31.999861111, 35.499861111, 45.524861111);
      expect(Math.abs(total - ref) / ref).toBeLessThan(1e-9);
    });
  },
);
