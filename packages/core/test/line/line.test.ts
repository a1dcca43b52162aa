import { describe, expect, it } from "vitest";
import { geodesicDirect, geodesicInverse } from "../../src/geo/geodesic.ts";
import { nearestPointOnGeodesicLine } from "../../src/geo/line.ts";
import type { LonLat } from "../../src/geo/types.ts";
import { sideOfLine } from "../../src/geo/side.ts";
import { mulberry32 } from "../../src/util/random.ts";

/**
 * Independent reference: walk every segment with geodesicDirect in 10 m steps,
 * keep the closest sample, then re-walk ±10 m around it in 1 cm steps. The
 * reference is therefore within (0.5 cm)²/2d (or 0.5 cm on the line) of the
 * true minimum, whatever the shape of the distance function.
 */
function bruteForce(
  p: LonLat,
  parts: LonLat[][],
): { distanceMetres: number; nearest: LonLat; partIndex: number; segmentIndex: number } {
  let best = {
    distanceMetres: Infinity,
    nearest: [0, 0] as LonLat,
    partIndex: -1,
    segmentIndex: -1,
    s: 0,
    azi: 0,
    from: [0, 0] as LonLat,
    len: 0,
  };
  parts.forEach((part, pi) => {
    for (let i = 0; i + 1 < part.length; i++) {
      const inv = geodesicInverse(part[i], part[i + 1]);
      const L = inv.lengthMetres;
      const n = Math.max(1, Math.ceil(L / 10));
      for (let k = 0; k <= n; k++) {
        const s = (L * k) / n;
        const q = geodesicDirect(part[i], inv.azimuthStartDegrees, s).point;
        const d = geodesicInverse(p, q).lengthMetres;
        if (d < best.distanceMetres)
          best = {
            distanceMetres: d,
            nearest: q,
            partIndex: pi,
            segmentIndex: i,
            s,
            azi: inv.azimuthStartDegrees,
            from: part[i],
            len: L,
          };
      }
    }
  });
  const lo = Math.max(0, best.s - 10);
  const hi = Math.min(best.len, best.s + 10);
  for (let s = lo; s <= hi; s += 0.01) {
    const q = geodesicDirect(best.from, best.azi, s).point;
    const d = geodesicInverse(p, q).lengthMetres;
    if (d < best.distanceMetres) best = { ...best, distanceMetres: d, nearest: q };
  }
  return best;
}

const rng = mulberry32;

describe("nearestPointOnGeodesicLine agrees with a dense brute-force walk to ≤ 1 m", () => {
  it("a 300 km segment, point off its middle", () => {
    const line: LonLat[] = [
      [38.0, 34.0],
      [41.0, 35.2],
    ];
    const p: LonLat = [39.8, 33.9];
    const r = nearestPointOnGeodesicLine(p, line);
    const ref = bruteForce(p, [line]);
    expect(Math.abs(r.distanceMetres - ref.distanceMetres)).toBeLessThanOrEqual(1);
    expect(geodesicInverse(r.nearest, ref.nearest).lengthMetres).toBeLessThan(5);
    expect(r.at).toBe("segment");
    // At an interior foot the connecting geodesic meets the line at a right angle.
    const delta = (((r.towardsPointAzimuthDegrees - r.lineAzimuthDegrees) % 360) + 360) % 360;
    expect(Math.abs(delta - 90)).toBeLessThan(1e-3);
  });

  it("random polylines (including long segments) and random points", () => {
    const rand = rng(20170929);
    for (let c = 0; c < 6; c++) {
      const nv = 2 + Math.floor(rand() * 3);
      const line: LonLat[] = [];
      for (let i = 0; i < nv; i++) line.push([35.5 + rand() * 10, 32 + rand() * 5.5]);
      const p: LonLat = [35.5 + rand() * 10, 32 + rand() * 5.5];
      const r = nearestPointOnGeodesicLine(p, line);
      const ref = bruteForce(p, [line]);
      expect(Math.abs(r.distanceMetres - ref.distanceMetres), `case ${c}`).toBeLessThanOrEqual(1);
      expect(r.segmentIndex).toBe(ref.segmentIndex);
    }
  });

  it("points at and near vertices and on the line", () => {
    const line: LonLat[] = [
      [38.87, 34.885],
      [39.6, 35.06],
      [40.14, 35.336],
    ];
    // Exactly on a vertex.
    const v = nearestPointOnGeodesicLine([39.6, 35.06], line);
    expect(v.distanceMetres).toBeLessThan(1e-6);
    expect(v.at).toBe("vertex");
    // On the line, mid-segment (a point produced by geodesicDirect along segment 1).
    const inv = geodesicInverse(line[1], line[2]);
    const mid = geodesicDirect(line[1], inv.azimuthStartDegrees, inv.lengthMetres * 0.3).point;
    const m = nearestPointOnGeodesicLine(mid, line);
    expect(m.distanceMetres).toBeLessThan(0.001);
    expect(m.segmentIndex).toBe(1);
    expect(m.fraction).toBeCloseTo(0.3, 6);
    // 50 m off the line, near the joint.
    const off = geodesicDirect(line[1], inv.azimuthStartDegrees + 90, 50).point;
    const o = nearestPointOnGeodesicLine(off, line);
    const ref = bruteForce(off, [line]);
    expect(Math.abs(o.distanceMetres - ref.distanceMetres)).toBeLessThanOrEqual(1);
    expect(o.distanceMetres).toBeCloseTo(50, 3);
  });

  it("points beyond either end of the line land on the end vertex", () => {
    const line: LonLat[] = [
      [39.0, 34.0],
      [40.0, 34.5],
    ];
    const inv = geodesicInverse(line[0], line[1]);
    // 80 km behind the start, on the extension of the geodesic.
    const behind = geodesicDirect(line[0], inv.azimuthStartDegrees + 180, 80_000).point;
    const b = nearestPointOnGeodesicLine(behind, line);
    expect(b.at).toBe("start");
    expect(b.nearest).toEqual(line[0]);
    expect(b.distanceMetres).toBeCloseTo(80_000, 3);
    expect(sideOfLine(behind, line).beyondEnd).toBe(true);
    // 120 km past the end and 30 km to the side: still the end vertex.
    const past = geodesicDirect(
      geodesicDirect(line[1], inv.azimuthEndDegrees, 120_000).point,
      inv.azimuthEndDegrees + 90,
      30_000,
    ).point;
    const e = nearestPointOnGeodesicLine(past, line);
    const ref = bruteForce(past, [line]);
    expect(e.at).toBe("end");
    expect(e.nearest).toEqual(line[1]);
    expect(Math.abs(e.distanceMetres - ref.distanceMetres)).toBeLessThanOrEqual(1);
  });

  it("a 900 km segment where a planar lon/lat answer is visibly wrong", () => {
    // Aleppo-ish to Basra-ish: a long geodesic bows away from the straight lon/lat chord.
    const line: LonLat[] = [
      [36.0, 37.4],
      [45.4, 32.1],
    ];
    const p: LonLat = [41.5, 35.6];
    const r = nearestPointOnGeodesicLine(p, line);
    const ref = bruteForce(p, [line]);
    expect(Math.abs(r.distanceMetres - ref.distanceMetres)).toBeLessThanOrEqual(1);
    // Planar answer: project in lon/lat degrees onto the chord, then measure geodesically to that foot.
    const [ax, ay] = line[0];
    const [bx, by] = line[1];
    const t = ((p[0] - ax) * (bx - ax) + (p[1] - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2);
    const planarFoot: LonLat = [ax + t * (bx - ax), ay + t * (by - ay)];
    const planarDist = geodesicInverse(p, planarFoot).lengthMetres;
    // The chord's foot is kilometres away from the true nearest point, and the distance is off by kilometres.
    expect(geodesicInverse(planarFoot, r.nearest).lengthMetres).toBeGreaterThan(5_000);
    expect(Math.abs(planarDist - r.distanceMetres)).toBeGreaterThan(1_000);
  });

  it("MultiLineString: the nearest part wins and is reported", () => {
    const parts: LonLat[][] = [
      [
        [38.0, 35.0],
        [38.5, 35.5],
      ],
      [
        [40.0, 34.0],
        [40.2, 34.6],
        [40.6, 34.9],
      ],
    ];
    const p: LonLat = [40.5, 34.5];
    const r = nearestPointOnGeodesicLine(p, parts);
    const ref = bruteForce(p, parts);
    expect(r.partIndex).toBe(1);
    expect(ref.partIndex).toBe(1);
    expect(r.segmentIndex).toBe(ref.segmentIndex);
    expect(Math.abs(r.distanceMetres - ref.distanceMetres)).toBeLessThanOrEqual(1);
  });

  it("rejects lines it cannot measure", () => {
    expect(() => nearestPointOnGeodesicLine([38, 34], [])).toThrow(/no positions/);
    expect(() => nearestPointOnGeodesicLine([38, 34], [[38, 34]])).toThrow(/at least two/);
    expect(() =>
      nearestPointOnGeodesicLine(
        [38, 34],
        [
          [38, 34],
          [38, "x" as unknown as number],
        ],
      ),
    ).toThrow(/not a \[lon, lat\]/);
  });
});

describe("sideOfLine", () => {
  it("right is the right-hand side walking along the line", () => {
    const northward: LonLat[] = [
      [40, 34],
      [40, 35],
    ];
    expect(sideOfLine([40.3, 34.5], northward).side).toBe("right");
    expect(sideOfLine([39.7, 34.5], northward).side).toBe("left");
    const southward: LonLat[] = [
      [40, 35],
      [40, 34],
    ];
    expect(sideOfLine([40.3, 34.5], southward).side).toBe("left");
  });

  it("is right on the inside and outside of a sharp bend (nearest point at the joint)", () => {
    // A V: north-east to (40,35) then back south-east; the joint points north.
    const v: LonLat[] = [
      [39.0, 34.0],
      [40.0, 35.0],
      [41.0, 34.0],
    ];
    // Above the tip: outside the bend, on the left of both segments.
    const above = sideOfLine([40.0, 35.3], v);
    expect(above.at).toBe("vertex");
    expect(above.side).toBe("left");
    // Inside the V, just below the tip: right of both segments.
    const inside = sideOfLine([40.0, 34.8], v);
    expect(inside.side).toBe("right");
    // Points whose nearest is the joint but which one segment's azimuth alone would misjudge:
    // from the tip at azimuth 315° the leaving segment (azimuth ~140°) would call it "right";
    // at azimuth 45° the arriving segment (azimuth ~40°) would call it "right". Both are outside the bend: left.
    for (const azi of [315, 45]) {
      const q = geodesicDirect([40.0, 35.0], azi, 40_000).point;
      const r = sideOfLine(q, v);
      expect(r.at, `azimuth ${azi}`).toBe("vertex");
      expect(r.side, `azimuth ${azi}`).toBe("left");
    }
  });
});

describe("closed rings and repeated vertices", () => {
  // A counter-clockwise square ring (interior on the left), first vertex = last vertex.
  const ring: LonLat[] = [
    [40, 34],
    [41, 34],
    [41, 35],
    [40, 35],
    [40, 34],
  ];
  it("the ring's first vertex is a joint, not a free end", () => {
    // South-west of the corner (40, 34): outside the ring, i.e. on the right of both segments meeting there.
    const outside = sideOfLine([39.8, 33.8], ring);
    expect(outside.at).toBe("vertex");
    expect(outside.beyondEnd).toBe(false);
    expect(outside.side).toBe("right");
    // Just inside the same corner.
    const inside = sideOfLine([40.05, 34.05], ring);
    expect(inside.side).toBe("left");
  });
  it("repeated vertices (zero-length segments) do not spoil the directions at a joint", () => {
    const dup: LonLat[] = [
      [39.0, 34.0],
      [40.0, 35.0],
      [40.0, 35.0],
      [41.0, 34.0],
    ];
    const q = geodesicDirect([40.0, 35.0], 315, 40_000).point;
    const r = sideOfLine(q, dup);
    expect(r.at).toBe("vertex");
    expect(r.side).toBe("left");
    expect(sideOfLine([40.0, 34.8], dup).side).toBe("right");
    const dupStart: LonLat[] = [
      [39.0, 34.0],
      [39.0, 34.0],
      [40.0, 34.0],
    ];
    const behind = sideOfLine([38.5, 34.0], dupStart);
    expect(behind.at).toBe("start");
    expect(behind.beyondEnd).toBe(true);
  });
});
