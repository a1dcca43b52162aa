/**
 * Live cross-check against GeographicLib's C++ GeodSolve and Planimeter
 * (geographiclib-tools). Skips without them, fails under CI=true.
 * The same cases, stored, are checked on every machine by
 * packages/core/test/geo/geodesic.test.ts.
 */
import { expect, it } from "vitest";
import { geodesicDirect, geodesicInverse, geodesicRingArea } from "../../packages/core/src/index.ts";
import { describeWithPeer } from "../helpers/peers.ts";
import { directCases, inverseCases, ringCases, seededRandom } from "./geodesic-cases.ts";
import { GEODSOLVE, PLANIMETER, geodSolveDirect, geodSolveInverse, planimeter } from "./geodsolve.ts";

const azimuthDiff = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);
/** larger of 1e-9° and the angle that moves the far end 1 µm sideways (short lines are ill-conditioned) */
const azimuthTol = (s: number) => Math.max(1e-9, ((1e-6 / Math.max(s, 1e-9)) * 180) / Math.PI);

describeWithPeer("geodesics agree with GeodSolve", GEODSOLVE, () => {
  it("inverse: ≤ 1 mm (in fact ≤ 1 µm) in length and tight azimuths on every case", () => {
    const cases = inverseCases();
    // plus a fresh batch of random pairs not in the stored fixture
    const rnd = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      cases.push({
        label: `extra ${i}`,
        lat1: 32 + rnd() * 5.5,
        lon1: 35.5 + rnd() * 10,
        lat2: -90 + rnd() * 180,
        lon2: -180 + rnd() * 360,
      });
    }
    const ref = geodSolveInverse(cases);
    expect(ref).toHaveLength(cases.length);
    let worstLength = 0;
    cases.forEach((c, i) => {
      const r = geodesicInverse([c.lon1, c.lat1], [c.lon2, c.lat2]);
      const dl = Math.abs(r.lengthMetres - ref[i].s12);
      worstLength = Math.max(worstLength, dl);
      expect(dl, c.label).toBeLessThanOrEqual(1e-3);
      expect(dl, c.label).toBeLessThanOrEqual(1e-6);
      expect(azimuthDiff(r.azimuthStartDegrees, ref[i].azi1), c.label).toBeLessThanOrEqual(azimuthTol(ref[i].s12));
      expect(azimuthDiff(r.azimuthEndDegrees, ref[i].azi2), c.label).toBeLessThanOrEqual(azimuthTol(ref[i].s12));
    });
    expect(worstLength).toBeLessThan(1e-6);
  });

  it("direct: end points within ~1 µm", () => {
    const cases = directCases();
    const ref = geodSolveDirect(cases);
    cases.forEach((c, i) => {
      const r = geodesicDirect([c.lon1, c.lat1], c.azi1, c.s12);
      expect(Math.abs(r.point[1] - ref[i].lat2), c.label).toBeLessThanOrEqual(1e-11);
      expect(azimuthDiff(r.point[0], ref[i].lon2), c.label).toBeLessThanOrEqual(1e-11);
      expect(azimuthDiff(r.azimuthEndDegrees, ref[i].azi2), c.label).toBeLessThanOrEqual(1e-9);
    });
  });
});

describeWithPeer("ring areas agree with Planimeter", PLANIMETER, () => {
  it.each(ringCases().map((c) => [c.label, c] as const))("%s", (_l, c) => {
    const ref = planimeter(c.ring);
    const r = geodesicRingArea(c.ring);
    expect(Math.abs(r.areaSquareMetres - Math.abs(ref.area))).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(r.perimeterMetres - ref.perimeter)).toBeLessThanOrEqual(1e-6);
  });
});
