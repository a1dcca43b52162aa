// The MGRS grid of figures: spacing by hand, lines on their easting/northing and square names checked against
// GeographicLib's GeoConvert (an independent program), lines cut at the zone meridian.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { mgrsGrid, mgrsSpacing } from "../../src/figures/mgrs-grid.ts";
import { describeWithPeer, hasExecutable } from "../../../../tests/helpers/peers.ts";

describe("MGRS grid spacing and zones", () => {
  it("chooses the smallest spacing with at most maxLines lines across", () => {
    // 183 km / 8 = 22.9 km: 20 km gives 9.2 lines (> 8), so 50 km
    expect(mgrsSpacing(183_000)).toBe(50_000);
    expect(mgrsSpacing(79_000)).toBe(10_000); // 7.9 lines
    expect(mgrsSpacing(81_000)).toBe(20_000); // 8.1 lines at 10 km
    expect(mgrsSpacing(5_000_000)).toBe(100_000);
  });

  it("draws each zone's lines only inside that zone (cut at 42° E) and names squares in both zones", () => {
    // [41, 34, 43, 35]: the larger side is 2° of longitude at 34.5° N = 2 × 111 km × cos 34.5° = 183 km → 50 km
    const g = mgrsGrid([41, 34, 43, 35]);
    expect(g.spacingMetres).toBe(50_000);
    expect(g.zones).toEqual(["37S", "38S"]);
    for (const l of g.lines)
      for (const p of l.paths)
        for (const [lon, lat] of p) {
          if (l.zone === 37) expect(lon).toBeLessThanOrEqual(42 + 1e-6);
          else expect(lon).toBeGreaterThanOrEqual(42 - 1e-6);
          expect(lat).toBeGreaterThanOrEqual(34 - 1e-6);
          expect(lat).toBeLessThanOrEqual(35 + 1e-6);
        }
    // Zone 37's northing lines reach the 42° E meridian (bisected to the edge, not stopped a sample short).
    const z37 = g.lines.filter((l) => l.zone === 37 && l.axis === "northing");
    expect(z37.length).toBeGreaterThan(0);
    for (const l of z37) expect(Math.max(...l.paths.flat().map((p) => p[0]))).toBeCloseTo(42, 6);
    // Every multiple of 50 km inside the zone's part is a line: eastings 700 and 750 km in 37 (41.17°, 41.71° E).
    expect(
      g.lines
        .filter((l) => l.zone === 37 && l.axis === "easting")
        .map((l) => l.metres)
        .sort(),
    ).toEqual([700_000, 750_000]);
    expect(g.lines.find((l) => l.metres === 700_000)!.hundredKm).toBe(true);
    expect(g.lines.find((l) => l.metres === 750_000)!.label).toBe("50");
  });

  it("is empty for an empty box", () => {
    expect(mgrsGrid([40, 35, 40, 36]).lines).toEqual([]);
  });
});

describeWithPeer(
  "MGRS grid against GeographicLib GeoConvert",
  { name: "GeoConvert", available: hasExecutable("GeoConvert"), install: "apt-get install geographiclib-tools" },
  () => {
    const geoconvert = (args: string[], points: Array<[number, number]>) =>
      execFileSync("GeoConvert", args, { input: points.map(([lon, lat]) => `${lat} ${lon}`).join("\n") + "\n" })
        .toString()
        .trim()
        .split("\n");

    it("every point of a line has the line's easting or northing (GeoConvert -u, to 1 cm)", () => {
      const g = mgrsGrid([38.2, 34.2, 40.6, 35.6]); // Palmyra to Deir ez-Zor, zone 37
      expect(g.spacingMetres).toBe(50_000);
      for (const l of g.lines) {
        const pts = l.paths.flat();
        const out = geoconvert(["-u", "-p", "2", "-z", String(l.zone)], pts);
        out.forEach((row) => {
          const [zone, x, y] = row.split(/\s+/);
          expect(zone).toBe(`${l.zone}n`);
          expect(Math.abs(Number(l.axis === "easting" ? x : y) - l.metres)).toBeLessThan(0.01);
        });
      }
    });

    it("names each 100 km square as GeoConvert names the point written in it", () => {
      const g = mgrsGrid([38.2, 34.2, 40.6, 35.6]);
      expect(g.squares.length).toBeGreaterThan(3);
      const out = geoconvert(
        ["-m", "-p", "-5"],
        g.squares.map((q) => q.lonLat),
      ); // -p -5: 100 km precision
      g.squares.forEach((q, k) => {
        const ref = out[k]!.trim(); // e.g. 37SDU
        expect(q.id).toBe(`${ref.slice(0, -2)} ${ref.slice(-2)}`);
      });
      // Palmyra (34.56° N, 38.27° E) lies in 37S DT or DU: one of the squares drawn names it
      const [palmyra] = geoconvert(["-m", "-p", "-5"], [[38.27, 34.56]]);
      expect(g.squares.map((q) => q.id.replace(" ", ""))).toContain(palmyra!.trim());
    });
  },
);
