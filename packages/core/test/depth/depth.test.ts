import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { depthBehindFront } from "../../src/analysis/depth.ts";
import { frontFromGeoJson } from "../../src/control/front.ts";
import { SyraqError } from "../../src/errors.ts";
import { geodesicDirect, geodesicInverse } from "../../src/geo/geodesic.ts";
import type { LonLat } from "../../src/geo/types.ts";
import { FRONTS_DIR, listFronts, loadFront } from "../../src/control/node/load.ts";

/** Brute force: every segment walked in 10 m steps with geodesicDirect, then ±10 m around the best in 1 cm steps. */
function bruteForce(p: LonLat, parts: LonLat[][]): number {
  let best = { d: Infinity, from: [0, 0] as LonLat, azi: 0, s: 0, len: 0 };
  for (const part of parts) {
    for (let i = 0; i + 1 < part.length; i++) {
      const inv = geodesicInverse(part[i], part[i + 1]);
      // Skip segments that cannot beat the best (triangle inequality on the vertices; exact, not a heuristic).
      const lb =
        (geodesicInverse(p, part[i]).lengthMetres + geodesicInverse(p, part[i + 1]).lengthMetres - inv.lengthMetres) /
        2;
      if (lb > best.d) continue;
      const n = Math.max(1, Math.ceil(inv.lengthMetres / 10));
      for (let k = 0; k <= n; k++) {
        const s = (inv.lengthMetres * k) / n;
        const d = geodesicInverse(p, geodesicDirect(part[i], inv.azimuthStartDegrees, s).point).lengthMetres;
        if (d < best.d) best = { d, from: part[i], azi: inv.azimuthStartDegrees, s, len: inv.lengthMetres };
      }
    }
  }
  for (let s = Math.max(0, best.s - 10); s <= Math.min(best.len, best.s + 10); s += 0.01) {
    const d = geodesicInverse(p, geodesicDirect(best.from, best.azi, s).point).lengthMetres;
    if (d < best.d) best = { ...best, d };
  }
  return best.d;
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof SyraqError ? e.code : String(e);
  }
  return "no error";
};

describe("shipped fronts", () => {
  it("every file in data/fronts/ validates and is marked approximate, with date, label, sources and an illustrative note", () => {
    const names = listFronts();
    expect(names).toContain("saa-2017-09-29");
    for (const n of names) {
      const f = loadFront(n);
      expect(f.approximate, n).toBe(true);
      expect(f.date).toMatch(/^2017-\d\d-\d\d$/);
      expect(f.sources.length, n).toBeGreaterThanOrEqual(3);
      expect(f.note, n).toMatch(/[Ii]llustrative reconstruction/);
      expect(
        f.partInfo.every((p) => p.name && p.vertices),
        n,
      ).toBe(true);
    }
  });

  it("resolves a front by file name, by label and by path", () => {
    const byName = loadFront("saa-2017-09-29");
    expect(loadFront("SAA front facing IS, late September 2017").source).toBe(byName.source);
    expect(loadFront(join(FRONTS_DIR, "saa-2017-09-29.geojson")).label).toBe(byName.label);
    expect(code(() => loadFront("saa-1999-01-01"))).toBe("BAD_ARGUMENT");
  });

  const front = loadFront("saa-2017-09-29");
  // GeoNames (pack) coordinates.
  const places: Record<string, { p: LonLat; side: "behind" | "in front" }> = {
    Qaryatayn: { p: [37.24066, 34.22956], side: "behind" },
    Palmyra: { p: [38.28402, 34.5624], side: "behind" },
    "Deir ez-Zor": { p: [40.14084, 35.33588], side: "behind" },
    "al-Mayadin": { p: [40.45154, 35.01982], side: "in front" },
    "al-Bukamal": { p: [40.91854, 34.45226], side: "in front" },
    Maadan: { p: [39.59835, 35.7552], side: "in front" },
  };
  for (const [name, { p, side }] of Object.entries(places)) {
    it(`${name}: depth agrees with a dense brute-force walk to ≤ 1 m and is ${side}`, () => {
      const r = depthBehindFront(front, p);
      expect(Math.abs(r.depthMetres - bruteForce(p, front.parts))).toBeLessThanOrEqual(1);
      expect(r.side).toBe(side);
      expect(r.beyondEnd).toBe(false);
    });
  }

  it("Qaryatayn on 29 Sept: about 172 km behind, nearest the line east of as-Sukhnah (the seed account says 'nearly 200 km')", () => {
    const r = depthBehindFront(front, places.Qaryatayn.p);
    expect(r.depthMetres).toBeGreaterThan(165_000);
    expect(r.depthMetres).toBeLessThan(180_000);
    expect(r.segmentTo).toMatch(/as-Sukhnah/);
    // The straight line to as-Sukhnah town itself (GeoNames) is ≈166 km (DESIGN.md §7): the front runs just east of the town.
    expect(geodesicInverse(places.Qaryatayn.p, [38.8711, 34.88533]).lengthMetres).toBeCloseTo(166_300, -3);
  });

  it("al-Bukamal moves from in front (29 Sept) to behind (19 Nov); al-Asharah stays in an IS pocket on 19 Nov", () => {
    const nov = loadFront("saa-2017-11-19");
    expect(depthBehindFront(front, places["al-Bukamal"].p).side).toBe("in front");
    expect(depthBehindFront(nov, places["al-Bukamal"].p).side).toBe("behind");
    expect(depthBehindFront(nov, [40.56007, 34.92133]).side).toBe("in front"); // al-Asharah (GeoNames)
    expect(depthBehindFront(nov, [40.83138, 34.69508]).side).toBe("in front"); // Hajin, IS-held left bank
  });

  it("Qaryatayn on 14 Oct lies inside the IS pocket ring (in front of the SAA line)", () => {
    const r = depthBehindFront(loadFront("saa-2017-10-14"), places.Qaryatayn.p);
    expect(r.side).toBe("in front");
    expect(r.partName).toMatch(/Qaryatayn/);
    expect(r.depthMetres).toBeLessThan(15_000);
  });
});

describe("front validation (coded errors)", () => {
  const good = {
    type: "Feature",
    properties: { date: "2017-09-29", label: "t", side: { behind: "left" } },
    geometry: {
      type: "LineString",
      coordinates: [
        [40, 34],
        [40, 35],
      ],
    },
  };
  it("accepts a minimal front and measures sides from its own words", () => {
    const f = frontFromGeoJson(good, "t");
    // Northward line, behind = left = west.
    expect(depthBehindFront(f, [39.5, 34.5]).side).toBe("behind");
    expect(depthBehindFront(f, [40.5, 34.5]).side).toBe("in front");
    // Hand check: 0.5° of longitude at 34.5°N ≈ 0.5 × 91.9 km; the nearest point is on the meridian at the same latitude (±0.01°).
    const r = depthBehindFront(f, [40.5, 34.5]);
    expect(r.depthMetres).toBeGreaterThan(45_800);
    expect(r.depthMetres).toBeLessThan(46_100);
    expect(r.nearest[0]).toBeCloseTo(40, 9);
    expect(Math.abs(r.nearest[1] - 34.5)).toBeLessThan(0.01);
  });
  it("rejects empty, wrong geometry, missing properties, bad side and bad dates", () => {
    expect(code(() => frontFromGeoJson({ type: "FeatureCollection", features: [] }, "t"))).toBe("EMPTY_GEOJSON");
    expect(
      code(() =>
        frontFromGeoJson(
          {
            ...good,
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [40, 34],
                  [41, 34],
                  [41, 35],
                  [40, 34],
                ],
              ],
            },
          },
          "t",
        ),
      ),
    ).toBe("BAD_GEOJSON");
    expect(code(() => frontFromGeoJson({ ...good, geometry: { type: "Point", coordinates: [40, 34] } }, "t"))).toBe(
      "BAD_GEOJSON",
    );
    expect(
      code(() => frontFromGeoJson({ ...good, geometry: { type: "LineString", coordinates: [[40, 34]] } }, "t")),
    ).toBe("BAD_GEOJSON");
    expect(code(() => frontFromGeoJson({ ...good, properties: { label: "t" } }, "t"))).toBe("BAD_GEOJSON");
    expect(() => frontFromGeoJson({ ...good, properties: { label: "t" } }, "t")).toThrow(
      /missing properties date, side/,
    );
    expect(
      code(() => frontFromGeoJson({ ...good, properties: { ...good.properties, side: { behind: "north" } } }, "t")),
    ).toBe("BAD_GEOJSON");
    expect(code(() => frontFromGeoJson({ ...good, properties: { ...good.properties, date: "29/09/2017" } }, "t"))).toBe(
      "BAD_GEOJSON",
    );
    expect(code(() => frontFromGeoJson({ ...good, properties: { ...good.properties, date: "2017-02-30" } }, "t"))).toBe(
      "BAD_GEOJSON",
    );
    // Lenient where it costs nothing: "Left", a full ISO timestamp.
    const lenient = frontFromGeoJson(
      { ...good, properties: { ...good.properties, date: "2017-09-29T06:00:00Z", side: { behind: "Left" } } },
      "t",
    );
    expect(lenient.behind).toBe("left");
    expect(lenient.date).toBe("2017-09-29");
    expect(code(() => frontFromGeoJson(good.geometry, "t"))).toBe("BAD_GEOJSON");
    expect(code(() => frontFromGeoJson(null, "t"))).toBe("BAD_GEOJSON");
  });
  it("a Polygon front (the held area's outline) with behind inside/outside, whatever the ring orientation", () => {
    const cw = [
      [40, 34],
      [40, 35],
      [41, 35],
      [41, 34],
      [40, 34],
    ]; // clockwise
    const ccw = cw.slice().reverse();
    const hole = [
      [40.4, 34.4],
      [40.6, 34.4],
      [40.6, 34.6],
      [40.4, 34.6],
      [40.4, 34.4],
    ]; // counter-clockwise (wrong for a hole)
    for (const ring of [cw, ccw]) {
      const held = frontFromGeoJson(
        {
          type: "Feature",
          properties: { date: "2017-09-29", label: "held", side: { behind: "inside" } },
          geometry: { type: "Polygon", coordinates: [ring, hole] },
        },
        "t",
      );
      expect(depthBehindFront(held, [40.2, 34.5]).side).toBe("behind"); // inside the held area
      expect(depthBehindFront(held, [41.3, 34.5]).side).toBe("in front"); // outside
      expect(depthBehindFront(held, [40.5, 34.5]).side).toBe("in front"); // in the hole
      const r = depthBehindFront(held, [40.2, 34.5]);
      // Hand check: 0.2° of longitude at 34.5°N ≈ 0.2 × 91.9 km = 18.4 km to the western edge (the hole is 0.2° away too: ties go to the first ring).
      expect(r.depthMetres).toBeGreaterThan(18_200);
      expect(r.depthMetres).toBeLessThan(18_500);
      const enemy = frontFromGeoJson(
        {
          type: "Feature",
          properties: { date: "2017-09-29", label: "enemy", side: "outside" },
          geometry: { type: "Polygon", coordinates: [ring] },
        },
        "t",
      );
      expect(depthBehindFront(enemy, [40.2, 34.5]).side).toBe("in front");
      expect(depthBehindFront(enemy, [39.5, 34.5]).side).toBe("behind");
    }
    expect(code(() => frontFromGeoJson({ ...good, properties: { ...good.properties, side: "inside" } }, "t"))).toBe(
      "BAD_GEOJSON",
    );
  });

  it("missing file → DATA_MISSING, unreadable JSON → BAD_GEOJSON, empty file → EMPTY_GEOJSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "syraq-front-"));
    expect(code(() => loadFront(join(dir, "none.geojson")))).toBe("DATA_MISSING");
    writeFileSync(join(dir, "bad.geojson"), "{ nope");
    expect(code(() => loadFront(join(dir, "bad.geojson")))).toBe("BAD_GEOJSON");
    writeFileSync(join(dir, "empty.geojson"), "");
    expect(code(() => loadFront(join(dir, "empty.geojson")))).toBe("EMPTY_GEOJSON");
  });
  it("the shipped file is plain GeoJSON (readable by any GIS)", () => {
    const j = JSON.parse(readFileSync(join(FRONTS_DIR, "saa-2017-09-29.geojson"), "utf8"));
    expect(j.type).toBe("FeatureCollection");
    expect(j.features[0].geometry.type).toBe("MultiLineString");
  });
});
