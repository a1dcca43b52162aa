/**
 * Coordinate parsing and MGRS cross-checked against GeographicLib's GeoConvert
 * (geographiclib-tools), an independent reader of the same notations.
 * Skips without it, fails under CI=true.
 */
import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { formatDms, formatLatLon, formatMgrs, parseCoordinate } from "../../packages/core/src/index.ts";
import { describeWithPeer, hasExecutable } from "../helpers/peers.ts";
import { seededRandom } from "./geodesic-cases.ts";

const GEOCONVERT = {
  name: "GeoConvert",
  available: hasExecutable("GeoConvert"),
  install: "apt-get install geographiclib-tools",
};

const geoConvert = (args: string[], lines: string[]) =>
  execFileSync("GeoConvert", args, { input: lines.join("\n") + "\n", encoding: "utf8" })
    .trim()
    .split("\n");

/** Seeded points over the region, plus a margin, rounded as a person would type them. */
function points(n: number): [number, number][] {
  const rnd = seededRandom(6709);
  return Array.from({ length: n }, () => [
    Math.round((34.5 + rnd() * 12) * 1e5) / 1e5,
    Math.round((31 + rnd() * 7.5) * 1e5) / 1e5,
  ]);
}

describeWithPeer("coordinates agree with GeoConvert", GEOCONVERT, () => {
  it("reads decimal, hemisphere and DMS text like GeoConvert -g does", () => {
    const texts: string[] = [];
    for (const [lon, lat] of points(80)) {
      texts.push(
        `${lat} ${lon}`,
        `${lat}N ${lon}E`,
        `${lon}E ${lat}N`,
        formatDms(lon, lat, 2).replace(/°/g, "d"),
        formatLatLon(lon, lat, 6).replace(/°/g, ""),
      );
      const d = Math.floor(lat);
      const m = (lat - d) * 60;
      texts.push(`${d}:${m.toFixed(4)}N ${Math.floor(lon)}:${((lon - Math.floor(lon)) * 60).toFixed(4)}E`);
    }
    texts.push("-33.5 -70.25", "33d30'S 70d15'W", "0 0");
    const ref = geoConvert(["-g", "-p", "9"], texts);
    texts.forEach((t, i) => {
      const [lat, lon] = ref[i].trim().split(/\s+/).map(Number);
      const p = parseCoordinate(t);
      expect(p, t).not.toBeNull();
      expect(Math.abs(p!.lat - lat), t).toBeLessThan(1e-12);
      expect(Math.abs(p!.lon - lon), t).toBeLessThan(1e-12);
    });
  });

  it("writes MGRS like GeoConvert -m and reads it back like GeoConvert -g", () => {
    const pts = points(120);
    const refMgrs = geoConvert(
      ["-m", "-p", "0"],
      pts.map(([lon, lat]) => `${lat} ${lon}`),
    );
    const ours = pts.map(([lon, lat]) => formatMgrs(lon, lat, 5));
    expect(ours).toEqual(refMgrs.map((s) => s.trim()));
    // reading: 1 m squares, 10 km squares, 100 km squares, all as the centre of the square
    const strings = [
      ...ours,
      ...ours.slice(0, 20).map((s) => s.slice(0, 5) + s.slice(5, 6) + s.slice(10, 11)),
      ...ours.slice(0, 10).map((s) => s.slice(0, 5)),
    ];
    const refPts = geoConvert(["-g", "-p", "9"], strings);
    strings.forEach((s, i) => {
      const [lat, lon] = refPts[i].trim().split(/\s+/).map(Number);
      const p = parseCoordinate(s)!;
      expect(p.format, s).toBe("mgrs");
      expect(Math.abs(p.lat - lat), s).toBeLessThan(1e-9); // ~0.1 mm
      expect(Math.abs(p.lon - lon), s).toBeLessThan(1e-9);
    });
  });
});
