/**
 * The shipped control snapshots (data/control): they parse, their parts do not overlap, the SAA/IS boundary agrees
 * with the front line of the same date (data/fronts), and known places have the holders the named sources give.
 */
import { describe, expect, it } from "vitest";
import { holderAt, pickSnapshot } from "../../packages/core/src/control/areas.ts";
import { loadControl } from "../../packages/core/src/control/node/areas.ts";
import { loadFront } from "../../packages/core/src/control/node/load.ts";
import { geodesicDirect, geodesicInverse } from "../../packages/core/src/geo/geodesic.ts";
import { nearestPointOnGeodesicLine } from "../../packages/core/src/geo/line.ts";
import type { LonLat } from "../../packages/core/src/geo/types.ts";

const snapshots = loadControl();
// 2017-11-03 is derived from its neighbours (docs/control.md, "Derived snapshots")
const DATES = ["2017-09-29", "2017-10-14", "2017-11-03", "2017-11-19"];

describe("data/control", () => {
  it("has one snapshot per front date, every part approximate with a holder, confidence and sources", () => {
    expect(snapshots.map((s) => s.date)).toEqual(DATES);
    for (const s of snapshots)
      for (const p of s.parts) {
        expect(p.sources.length).toBeGreaterThan(0);
        expect(p.confidence).toBeTruthy();
      }
  });

  it("parts never overlap (every point of a 0.1° grid lies in at most one part)", () => {
    for (const s of snapshots) {
      for (let lon = 35.55; lon < 45.5; lon += 0.1)
        for (let lat = 32.05; lat < 37.5; lat += 0.1) {
          const n = s.parts.filter((p) => p.polygons.some((poly) => inRings(poly, [lon, lat]))).length;
          expect(n, `${s.date} ${lon.toFixed(2)},${lat.toFixed(2)}`).toBeLessThanOrEqual(1);
        }
    }
  });

  // the fronts are good to 5-15 km; the control areas take their SAA/IS boundary from them, so every point of a
  // front (sampled every 2 km along its geodesic segments) must lie within 5 km of the boundary of the SAA area
  it.each(DATES)(
    "the SAA area's boundary follows the front of %s within 5 km",
    (date) => {
      const front = loadFront(`saa-${date}`);
      const s = snapshots.find((x) => x.date === date)!;
      const saaRings = s.parts.filter((p) => p.holder === "SAA").flatMap((p) => p.polygons.flat());
      let worst = 0;
      for (const part of front.parts) {
        for (let i = 0; i + 1 < part.length; i++) {
          const a = part[i] as LonLat;
          const b = part[i + 1] as LonLat;
          const inv = geodesicInverse(a, b);
          for (let d = 0; d <= inv.lengthMetres; d += 2000) {
            const q = geodesicDirect(a, inv.azimuthStartDegrees, d);
            const p: LonLat = q.point;
            const dist = Math.min(...saaRings.map((r) => nearestPointOnGeodesicLine(p, r).distanceMetres));
            worst = Math.max(worst, dist);
          }
        }
      }
      expect(worst).toBeLessThan(5000);
    },
    120_000,
  );

  // holders from the named sources (data/control/README.md): AFP 21 Oct (al-Qaryatayn 1-21 Oct), SOHR 19 Nov
  // (al-Bukamal), Reuters 3 and 17 Nov (al-Qaim, Rawa), Diyaruna 22 Sept (Anah), Reuters 16 Oct (Kirkuk),
  // Reuters 10 May (Tabqa), Reuters 17 Oct (Raqqa), the fronts (T-2 until 26 Oct, Hajin on the IS left bank)
  // (3 Nov: Reuters/AFP 3 Nov for the city of Deir ez-Zor and al-Qaim; Rawa until 17 Nov; al-Bukamal until 19 Nov)
  const cases: Array<[string, LonLat, string, string, string, string]> = [
    ["al-Qaryatayn", [37.2407, 34.2296], "SAA", "IS", "SAA", "SAA"],
    ["al-Bukamal", [40.9185, 34.4523], "IS", "IS", "IS", "SAA"],
    ["al-Qaim", [40.9894, 34.3925], "IS", "IS", "IRAQ", "IRAQ"],
    ["Rawa", [41.92, 34.47], "IS", "IS", "IS", "IRAQ"],
    ["Anah", [41.982, 34.369], "IRAQ", "IRAQ", "IRAQ", "IRAQ"],
    ["Kirkuk", [44.39, 35.47], "KRG", "KRG", "IRAQ", "IRAQ"],
    ["Tabqa", [38.548, 35.838], "SDF", "SDF", "SDF", "SDF"],
    ["Raqqa (stadium)", [39.01, 35.953], "IS", "IS", "SDF", "SDF"],
    ["Hajin", [40.831, 34.695], "IS", "IS", "IS", "IS"],
    ["T-2", [40.17, 34.41], "IS", "IS", "SAA", "SAA"],
    ["al-Mayadin", [40.4515, 35.0198], "IS", "SAA", "SAA", "SAA"],
    // inside the IS-held districts of Deir ez-Zor (the fronts' ring, 40.14-40.18° E), cleared on 3 Nov
    ["Deir ez-Zor (IS-held districts)", [40.16, 35.35], "IS", "IS", "SAA", "SAA"],
    ["Palmyra", [38.284, 34.562], "SAA", "SAA", "SAA", "SAA"],
    ["al-Tanf", [38.6178, 33.5058], "COALITION", "COALITION", "COALITION", "COALITION"],
    ["Idlib", [36.633, 35.931], "OPP", "OPP", "OPP", "OPP"],
    ["al-Bab", [37.515, 36.37], "TFSA", "TFSA", "TFSA", "TFSA"],
  ];
  it.each(cases)("%s is held as the sources say", (_name, p, ...holders) => {
    expect(DATES.map((d) => holderAt(pickSnapshot(snapshots, d).snapshot, p))).toEqual(holders);
  });

  it("the derived 3 Nov snapshot says so: every part marked low where carried over, its front names both neighbours", () => {
    const nov3 = snapshots.find((x) => x.date === "2017-11-03")!;
    const front = loadFront("saa-2017-11-03");
    expect(front.date).toBe("2017-11-03");
    expect(JSON.stringify(front)).toContain("DERIVED from the neighbouring snapshots");
    // the parts the derivation could not date are low confidence and say where they come from
    const carried = nov3.parts.filter((p) => /carried over/.test(p.part ?? ""));
    expect(carried.length).toBeGreaterThanOrEqual(2);
    for (const p of carried) expect(p.confidence).toMatch(/low|medium \(low/);
  });
});

function inRings(rings: LonLat[][], p: LonLat): boolean {
  let inside = false;
  for (const ring of rings) {
    // even-odd crossing test written out here (independent of geo/polygon.ts)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
