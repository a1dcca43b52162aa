import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  SyraqError,
  geodesicDensify,
  geodesicDirect,
  geodesicInverse,
  geodesicLineLength,
  geodesicPolygonArea,
  geodesicRingArea,
  type LonLat,
} from "../../src/index.ts";

/**
 * Stored output of GeographicLib's C++ GeodSolve / Planimeter (see the file's
 * "commands"; regenerate with tests/geo/make-geodsolve-reference.ts). Checked on
 * every machine, with or without geographiclib-tools.
 */
const ref = JSON.parse(readFileSync(new URL("./fixtures/geodsolve-reference.json", import.meta.url), "utf8")) as {
  commands: Record<string, string>;
  inverse: {
    label: string;
    lat1: number;
    lon1: number;
    lat2: number;
    lon2: number;
    azi1: number;
    azi2: number;
    s12: number;
  }[];
  direct: {
    label: string;
    lat1: number;
    lon1: number;
    azi1: number;
    s12: number;
    lat2: number;
    lon2: number;
    azi2: number;
  }[];
  rings: { label: string; ring: LonLat[]; perimeter: number; area: number }[];
};

/** Smallest difference between two azimuths, degrees (180 and -180 are the same). */
export const azimuthDiff = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);

// GeodSolve prints azimuths with prec+5 = 14 decimals and lengths to 1e-9 m.
const LENGTH_TOL_METRES = 1e-6; // far inside the 1 mm the issue asks for
const AZIMUTH_TOL_DEGREES = 1e-9; // 1e-9 deg ~ 0.1 mm sideways at 6000 km
/**
 * On very short lines the azimuth is ill-conditioned (a few metres apart, 1e-8°
 * is 1e-9 m sideways), so the tolerance is the larger of 1e-9° and the angle
 * that moves the far end 1 µm sideways.
 */
const azimuthTol = (lengthMetres: number) =>
  Math.max(AZIMUTH_TOL_DEGREES, ((1e-6 / Math.max(lengthMetres, 1e-9)) * 180) / Math.PI);

describe("geodesicInverse against stored GeodSolve output", () => {
  it("has the command that produced the references and enough cases", () => {
    expect(ref.commands.inverse).toMatch(/^GeodSolve -i -p 9/);
    expect(ref.inverse.length).toBeGreaterThan(250);
  });
  it.each(ref.inverse.map((c) => [c.label, c] as const))("%s", (_label, c) => {
    const r = geodesicInverse([c.lon1, c.lat1], [c.lon2, c.lat2]);
    expect(Math.abs(r.lengthMetres - c.s12)).toBeLessThanOrEqual(LENGTH_TOL_METRES);
    expect(azimuthDiff(r.azimuthStartDegrees, c.azi1)).toBeLessThanOrEqual(azimuthTol(c.s12));
    expect(azimuthDiff(r.azimuthEndDegrees, c.azi2)).toBeLessThanOrEqual(azimuthTol(c.s12));
  });
});

describe("geodesicDirect against stored GeodSolve output", () => {
  it.each(ref.direct.map((c) => [c.label, c] as const))("%s", (_label, c) => {
    const r = geodesicDirect([c.lon1, c.lat1], c.azi1, c.s12);
    expect(Math.abs(r.point[1] - c.lat2)).toBeLessThanOrEqual(1e-11); // ~1 µm
    expect(azimuthDiff(r.point[0], c.lon2)).toBeLessThanOrEqual(1e-11);
    expect(azimuthDiff(r.azimuthEndDegrees, c.azi2)).toBeLessThanOrEqual(AZIMUTH_TOL_DEGREES);
  });
});

describe("geodesicRingArea against stored Planimeter output", () => {
  it.each(ref.rings.map((c) => [c.label, c] as const))("%s", (_label, c) => {
    const r = geodesicRingArea(c.ring);
    // Planimeter prints the area to 1e-4 m²; the signed area's sign is dropped by design
    expect(Math.abs(r.areaSquareMetres - Math.abs(c.area))).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(r.perimeterMetres - c.perimeter)).toBeLessThanOrEqual(1e-6);
    // closed ring and reversed ring give the same answer
    const closed = geodesicRingArea([...c.ring, c.ring[0]]);
    const reversed = geodesicRingArea([...c.ring].reverse());
    expect(closed.areaSquareMetres).toBeCloseTo(r.areaSquareMetres, 3);
    expect(reversed.areaSquareMetres).toBeCloseTo(r.areaSquareMetres, 3);
  });
});

describe("invariants", () => {
  const q: LonLat = [37.24, 34.229];
  const d: LonLat = [40.14, 35.336];
  it("is symmetric: length equal, azimuths swap and turn by 180°", () => {
    const ab = geodesicInverse(q, d);
    const ba = geodesicInverse(d, q);
    expect(ba.lengthMetres).toBeCloseTo(ab.lengthMetres, 6);
    expect(azimuthDiff(ba.azimuthStartDegrees, ab.azimuthEndDegrees + 180)).toBeLessThan(1e-9);
    expect(azimuthDiff(ba.azimuthEndDegrees, ab.azimuthStartDegrees + 180)).toBeLessThan(1e-9);
  });
  it("direct inverts inverse", () => {
    const ab = geodesicInverse(q, d);
    const r = geodesicDirect(q, ab.azimuthStartDegrees, ab.lengthMetres);
    expect(r.point[0]).toBeCloseTo(d[0], 10);
    expect(r.point[1]).toBeCloseTo(d[1], 10);
    expect(r.azimuthEndDegrees).toBeCloseTo(ab.azimuthEndDegrees, 9);
  });
  it("satisfies the triangle inequality on the seed towns", () => {
    const p: LonLat = [38.267, 34.56]; // Palmyra
    expect(geodesicInverse(q, d).lengthMetres).toBeLessThanOrEqual(
      geodesicInverse(q, p).lengthMetres + geodesicInverse(p, d).lengthMetres,
    );
  });
  it("one degree of latitude at 34–35 N is about 110.9 km, one of longitude about 91.9 km", () => {
    // hand check: meridian arc M(φ) = a(1−e²)/(1−e² sin²φ)^{3/2} ≈ 110 9xx m at 34.5°;
    // parallel: a cos φ /(1−e² sin²φ)^{1/2} · π/180 ≈ 91 9xx m at 34.5°
    expect(geodesicInverse([37, 34], [37, 35]).lengthMetres).toBeGreaterThan(110_900);
    expect(geodesicInverse([37, 34], [37, 35]).lengthMetres).toBeLessThan(110_960);
    const ew = geodesicInverse([37, 34.5], [38, 34.5]).lengthMetres;
    expect(ew).toBeGreaterThan(91_800);
    expect(ew).toBeLessThan(92_000);
  });
  it("line length is the sum of leg lengths and does not mutate its input", () => {
    const line: LonLat[] = [q, [38.267, 34.56], d];
    const copy = JSON.stringify(line);
    const total = geodesicLineLength(line);
    expect(total).toBeCloseTo(
      geodesicInverse(line[0], line[1]).lengthMetres + geodesicInverse(line[1], line[2]).lengthMetres,
      6,
    );
    expect(JSON.stringify(line)).toBe(copy);
    expect(geodesicLineLength([q])).toBe(0);
    expect(geodesicLineLength([])).toBe(0);
  });
  it("polygon area subtracts holes and sums multipolygon parts", () => {
    const outer: LonLat[] = [
      [38, 34],
      [40, 34],
      [40, 36],
      [38, 36],
      [38, 34],
    ];
    const hole: LonLat[] = [
      [38.5, 34.5],
      [39.5, 34.5],
      [39.5, 35.5],
      [38.5, 35.5],
      [38.5, 34.5],
    ];
    const a = geodesicRingArea(outer);
    const h = geodesicRingArea(hole);
    const poly = geodesicPolygonArea({ type: "Polygon", coordinates: [outer, hole] });
    expect(poly.areaSquareMetres).toBeCloseTo(a.areaSquareMetres - h.areaSquareMetres, 3);
    expect(poly.perimeterMetres).toBeCloseTo(a.perimeterMetres + h.perimeterMetres, 6);
    const multi = geodesicPolygonArea({ type: "MultiPolygon", coordinates: [[outer, hole], [hole]] });
    expect(multi.areaSquareMetres).toBeCloseTo(a.areaSquareMetres, 3);
  });
  it("rejects bad input with SyraqError", () => {
    expect(() => geodesicInverse([37, 95], [38, 34])).toThrow(SyraqError);
    expect(() => geodesicInverse([Number.NaN, 34], [38, 34])).toThrow(/finite/);
    expect(() => geodesicDirect(q, 0, Number.POSITIVE_INFINITY)).toThrow(SyraqError);
    expect(() => geodesicPolygonArea({ type: "LineString" } as never)).toThrow(/Polygon or MultiPolygon/);
  });
});

describe("geodesicDensify", () => {
  const q: LonLat = [37.24066, 34.22956];
  const d: LonLat = [40.14084, 35.33588];
  it("keeps the vertices, spaces points evenly and stays on the geodesic", () => {
    const pts = geodesicDensify([q, d], 10_000);
    // 292.43 km / 10 km -> 30 equal pieces, 31 points
    expect(pts).toHaveLength(31);
    expect(pts[0]).toEqual(q);
    expect(pts[30]).toEqual(d);
    const whole = geodesicInverse(q, d).lengthMetres;
    const pieces = pts.slice(1).map((p, i) => geodesicInverse(pts[i], p).lengthMetres);
    for (const piece of pieces) expect(piece).toBeCloseTo(whole / 30, 6);
    // on the geodesic: the sum of pieces equals the whole (any detour would be longer)
    expect(pieces.reduce((s, x) => s + x, 0)).toBeCloseTo(whole, 6);
    // and each point is where geodesicDirect puts it
    const start = geodesicInverse(q, d).azimuthStartDegrees;
    const p10 = geodesicDirect(q, start, (whole * 10) / 30).point;
    expect(pts[10][0]).toBeCloseTo(p10[0], 10);
    expect(pts[10][1]).toBeCloseTo(p10[1], 10);
  });
  it("leaves short segments alone and rejects a bad spacing", () => {
    expect(geodesicDensify([q, d], 1e6)).toEqual([q, d]);
    expect(geodesicDensify([], 1000)).toEqual([]);
    expect(() => geodesicDensify([q, d], 0)).toThrow(SyraqError);
  });
});
