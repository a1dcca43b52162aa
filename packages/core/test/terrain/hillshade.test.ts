import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hillshade } from "../../src/terrain/hillshade.ts";
import type { Raster } from "../../src/raster/raster.ts";
import { describeWithPeer, hasExecutable } from "../../../../tests/helpers/peers.ts";

function grid(
  width: number,
  height: number,
  f: (c: number, r: number) => number,
  geographic: boolean,
  origin: [number, number],
  size: number,
): Raster<Float32Array> {
  const data = new Float32Array(width * height);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) data[r * width + c] = f(c, r);
  return {
    width,
    height,
    originX: origin[0],
    originY: origin[1],
    pixelSizeX: size,
    pixelSizeY: size,
    crs: geographic ? { epsg: 4326, geographic: true } : { epsg: 32637, geographic: false },
    data,
    nodata: -9999,
  };
}

describe("hillshade", () => {
  it("uses the true east-west cell width on a lon/lat grid (east-facing plane at 35° N)", () => {
    // Rows centred on 35° N: origin 35.0125 N, 0.025° cells, middle row r=1 centred at 34.9875… use 3 rows around 35.0.
    // Row 1 centre = 35.0125 - 1.5*0.025 = 34.975; pick origin so row 1 is centred on 35.0: 35.0375.
    const dem = grid(5, 3, (c) => 100 * c, true, [0, 35.0375], 0.025);
    const hs = hillshade(dem, { azimuthDegrees: 90, altitudeDegrees: 45 });
    // GeodSolve -i 35 0 35 0.025 → 2282.204235 m (one cell along the 35° N parallel).
    const s = 100 / 2282.204235;
    const expected = (-s * Math.cos(Math.PI / 4) + Math.sin(Math.PI / 4)) / Math.sqrt(1 + s * s);
    expect(hs.data[1 * 5 + 2]).toBeCloseTo(expected, 5);
    // Degrees-as-equator-metres (2783 m) would give a visibly different value.
    const wrong = 100 / 2782.987;
    expect(
      Math.abs(hs.data[7]! - (-wrong * Math.SQRT1_2 + Math.SQRT1_2) / Math.sqrt(1 + wrong * wrong)),
    ).toBeGreaterThan(1e-3);
  });

  it("flat ground is lit by sin(altitude); nodata stays NaN; options are validated", () => {
    const dem = grid(4, 4, () => 250, false, [0, 0], 30);
    dem.data[5] = -9999;
    const hs = hillshade(dem, { altitudeDegrees: 30 });
    expect(hs.data[0]).toBeCloseTo(0.5, 6);
    expect(Number.isNaN(hs.data[5]!)).toBe(true);
    expect(() => hillshade(dem, { altitudeDegrees: 0 })).toThrow(/altitude/);
    expect(() => hillshade(dem, { zFactor: -1 })).toThrow(/zFactor/);
  });

  it("a slope facing away from the light is darker than one facing it", () => {
    const dem = grid(5, 5, (c) => 200 * c, false, [0, 0], 100);
    const east = hillshade(dem, { azimuthDegrees: 90 }).data[12]!;
    const west = hillshade(dem, { azimuthDegrees: 270 }).data[12]!;
    expect(west).toBeGreaterThan(east);
  });
});

describeWithPeer(
  "hillshade vs gdaldem (projected grid, interior cells)",
  { name: "gdaldem", available: hasExecutable("gdaldem"), install: "apt-get install -y gdal-bin" },
  () => {
    it("matches gdaldem hillshade within one grey level", () => {
      const w = 24,
        h = 18,
        cell = 90;
      // A bumpy, deterministic surface (no symmetry that could hide a sign error).
      const f = (c: number, r: number) =>
        300 + 120 * Math.sin(c / 3.1) * Math.cos(r / 2.3) + 7 * c - 4 * r + ((c * 7 + r * 13) % 5) * 3;
      const dem = grid(w, h, f, false, [500000, 3800000], cell);
      const dir = mkdtempSync(join(tmpdir(), "syraq-hs-"));
      const rows: string[] = [];
      for (let r = 0; r < h; r++)
        rows.push(Array.from({ length: w }, (_, c) => dem.data[r * w + c]!.toFixed(4)).join(" "));
      writeFileSync(
        join(dir, "in.asc"),
        `ncols ${w}\nnrows ${h}\nxllcorner 500000\nyllcorner ${3800000 - h * cell}\ncellsize ${cell}\nNODATA_value -9999\n${rows.join("\n")}\n`,
      );
      for (const [az, alt] of [
        [315, 45],
        [120, 30],
      ] as const) {
        execFileSync(
          "gdaldem",
          [
            "hillshade",
            "-az",
            String(az),
            "-alt",
            String(alt),
            "-of",
            "AAIGrid",
            join(dir, "in.asc"),
            join(dir, "out.asc"),
          ],
          { stdio: "ignore" },
        );
        const text = readFileSync(join(dir, "out.asc"), "utf8").trim().split("\n");
        const values = text
          .filter((l) => /^[\s\d.-]+$/.test(l))
          .join(" ")
          .trim()
          .split(/\s+/)
          .map(Number);
        expect(values.length).toBe(w * h);
        const hs = hillshade(dem, { azimuthDegrees: az, altitudeDegrees: alt });
        let maxDiff = 0;
        for (let r = 1; r < h - 1; r++) {
          for (let c = 1; c < w - 1; c++) {
            const s = hs.data[r * w + c]!;
            const ours = s <= 0 ? 1 : 1 + 254 * s;
            maxDiff = Math.max(maxDiff, Math.abs(ours - values[r * w + c]!));
          }
        }
        expect(maxDiff).toBeLessThanOrEqual(1);
      }
    });
  },
);
