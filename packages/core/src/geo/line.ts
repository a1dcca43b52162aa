/**
 * Shortest geodesic distance from a point to a polyline whose segments are
 * geodesics on WGS84 (not planar, not chords in lon/lat, not just vertices).
 *
 * Method, per segment A→B of length L: the distance f(s) from P to the point at
 * distance s along the geodesic A→B is unimodal on [0, L] for any segment
 * shorter than a few thousand km (its maximum lies near the antipode of P),
 * so a coarse sampling brackets the minimum and a golden-section search
 * refines it to a tenth of a millimetre along the segment; both ends are
 * compared explicitly, so a foot of the perpendicular that falls beyond the
 * segment lands exactly on the end vertex. Segments are visited in order of
 * the lower bound (|PA| + |PB| − L) / 2 (triangle inequality: every point X of
 * the segment has |PX| ≥ |PA| − |AX| and |PX| ≥ |PB| − |XB|), and the search
 * stops as soon as that bound exceeds the best distance found. The vertex
 * distances in the first pass are spherical (×0.99, a safe lower bound), exact
 * ones are computed only for segments that survive it, so a query against the
 * 766-vertex Euphrates costs a few milliseconds. Segment lengths are cached per
 * line array: treat lines passed here as immutable.
 */
import { SyraqError } from "../errors.ts";
import { geodesicInverse } from "./geodesic.ts";
import { GeodesicMasks, WGS84 } from "./geographiclib.ts";
import type { LonLat } from "./types.ts";

/**
 * The nearest point of a line to a point ({@link nearestPointOnGeodesicLine}): distances in metres, azimuths in
 * degrees.
 */
export interface NearestOnLine {
  /** Shortest geodesic distance from the point to the line, metres. */
  distanceMetres: number;
  /** The nearest point on the line, [lon, lat]. */
  nearest: LonLat;
  /** Index of the part (0 for a single LineString). */
  partIndex: number;
  /** Index of the segment within its part: segment i joins vertices i and i+1. */
  segmentIndex: number;
  /** Position of the nearest point along that segment, 0 (vertex i) .. 1 (vertex i+1), by length. */
  fraction: number;
  /** Distance from the segment's first vertex to the nearest point, metres. */
  alongSegmentMetres: number;
  /** Distance from the start of the part to the nearest point, metres. */
  alongPartMetres: number;
  /** Direction of the line (as digitised) at the nearest point, degrees clockwise from north. */
  lineAzimuthDegrees: number;
  /** Direction from the nearest point towards the query point (NaN when they coincide). */
  towardsPointAzimuthDegrees: number;
  /**
   * Where on the line the nearest point lies: inside a segment, on an interior
   * vertex (joint of two segments) or on the first/last vertex of a part.
   */
  at: "segment" | "vertex" | "start" | "end";
  /** At a vertex: the azimuths of the arriving and the leaving segment. */
  vertexAzimuths?: { arrivingDegrees: number; leavingDegrees: number };
}

/** A line: one LineString's positions, or the parts of a MultiLineString. */
export type LineInput = readonly LonLat[] | readonly (readonly LonLat[])[];

const LINE_CAPS = GeodesicMasks.LATITUDE | GeodesicMasks.LONGITUDE | GeodesicMasks.AZIMUTH | GeodesicMasks.DISTANCE_IN;
const POS_MASK = GeodesicMasks.LATITUDE | GeodesicMasks.LONGITUDE | GeodesicMasks.AZIMUTH;
const DIST_MASK = GeodesicMasks.DISTANCE;
/** Golden-section stops when the bracket along the segment is this short (metres). */
const TOLERANCE_ALONG_METRES = 1e-4;
/** Coarse samples are at most this far apart before the refinement. */
const COARSE_STEP_METRES = 20_000;
const INV_PHI = (Math.sqrt(5) - 1) / 2;

function dist(a: LonLat, b: LonLat): number {
  return WGS84.Inverse(a[1], a[0], b[1], b[0], DIST_MASK).s12!;
}

/**
 * Splits a LineString or MultiLineString coordinate array into parts and checks the numbers.
 *
 * Throws EMPTY_GEOJSON (no positions), BAD_GEOJSON (a malformed part) or BAD_COORDINATE (a number out of range).
 *
 * @example
 * ```ts
 * import { lineParts } from "@syraq/core";
 * lineParts([[38, 34], [39, 35]]); // [[[38, 34], [39, 35]]]: one part
 * ```
 */
export function lineParts(line: LineInput): LonLat[][] {
  if (!Array.isArray(line) || line.length === 0) {
    throw new SyraqError("EMPTY_GEOJSON", "the line has no positions (need at least two [lon, lat] positions)");
  }
  const isMulti = Array.isArray(line[0]) && Array.isArray((line[0] as unknown[])[0]);
  const parts = (isMulti ? line : [line]) as LonLat[][];
  parts.forEach((part, pi) => {
    if (!Array.isArray(part) || part.length < 2) {
      throw new SyraqError(
        "BAD_GEOJSON",
        `line part ${pi} has ${Array.isArray(part) ? part.length : 0} position(s); a line part needs at least two [lon, lat] positions`,
        { partIndex: pi },
      );
    }
    part.forEach((p, vi) => {
      if (
        !Array.isArray(p) ||
        p.length < 2 ||
        !Number.isFinite(p[0]) ||
        !Number.isFinite(p[1]) ||
        Math.abs(p[1]) > 90 ||
        Math.abs(p[0]) > 540
      ) {
        throw new SyraqError(
          "BAD_GEOJSON",
          `line part ${pi}, vertex ${vi}: ${JSON.stringify(p)} is not a [lon, lat] position in degrees`,
          { partIndex: pi, vertexIndex: vi },
        );
      }
    });
  });
  return parts;
}

interface SegmentResult {
  distanceMetres: number;
  s: number;
  length: number;
  point: LonLat;
  azimuth: number;
}

/**
 * Nearest point of one geodesic segment a→b to p.
 *
 * Distances in metres.
 *
 * @example
 * ```ts
 * import { nearestOnGeodesicSegment } from "@syraq/core";
 * const r = nearestOnGeodesicSegment([38.5, 35], [38, 34], [39, 34]);
 * r.distanceMetres; // ≈ 111 km: the point is 1° north of the segment
 * ```
 */
export function nearestOnGeodesicSegment(p: LonLat, a: LonLat, b: LonLat): SegmentResult {
  const line = WGS84.InverseLine(a[1], a[0], b[1], b[0], LINE_CAPS);
  const length = line.s13;
  const at = (s: number): { point: LonLat; azimuth: number } => {
    const r = line.Position(s, POS_MASK);
    return { point: [r.lon2!, r.lat2!], azimuth: r.azi2! };
  };
  const f = (s: number): number => dist(p, at(s).point);
  if (!(length > 0)) {
    return { distanceMetres: dist(p, a), s: 0, length: 0, point: [a[0], a[1]], azimuth: line.azi1 };
  }
  // Coarse sampling brackets the minimum (robust even if f were only piecewise unimodal).
  const n = Math.min(256, Math.max(4, Math.ceil(length / COARSE_STEP_METRES)));
  let bestI = 0;
  let bestF = Infinity;
  for (let i = 0; i <= n; i++) {
    const v = f((length * i) / n);
    if (v < bestF) {
      bestF = v;
      bestI = i;
    }
  }
  let lo = (length * Math.max(0, bestI - 1)) / n;
  let hi = (length * Math.min(n, bestI + 1)) / n;
  let x1 = hi - INV_PHI * (hi - lo);
  let x2 = lo + INV_PHI * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  while (hi - lo > TOLERANCE_ALONG_METRES) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - INV_PHI * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + INV_PHI * (hi - lo);
      f2 = f(x2);
    }
  }
  let s = f1 <= f2 ? x1 : x2;
  let d = Math.min(f1, f2);
  // The ends, exactly: a perpendicular foot beyond the segment lands on the vertex.
  const d0 = dist(p, a);
  const dL = dist(p, b);
  if (d0 <= d) {
    s = 0;
    d = d0;
  }
  if (dL < d) {
    s = length;
    d = dL;
  }
  const pos = at(s);
  const point: LonLat = s === 0 ? [a[0], a[1]] : s === length ? [b[0], b[1]] : pos.point;
  return { distanceMetres: d, s, length, point, azimuth: pos.azimuth };
}

const MEAN_RADIUS_METRES = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle (haversine) distance on the mean sphere: only used as a pruning bound. */
function sphericalMetres(a: LonLat, b: LonLat): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * MEAN_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface Prepared {
  parts: LonLat[][];
  /** Geodesic length of segment i of part pi, metres: computed on first use and memoised. */
  segLength(pi: number, i: number): number;
  /** An upper bound of that length from the sphere (no geodesic solved). */
  segUpper(pi: number, i: number): number;
}

/**
 * Validated parts, with lazily measured segment lengths, cached per line array (lines are reused across queries).
 * Lengths are solved only for the segments a query looks at: measuring every segment of a long river up front cost
 * more than the query.
 */
const preparedCache = new WeakMap<object, Prepared>();
function prepared(line: LineInput): Prepared {
  const hit = typeof line === "object" && line !== null ? preparedCache.get(line) : undefined;
  if (hit) return hit;
  const parts = lineParts(line);
  const lengths = parts.map((part) => new Float64Array(Math.max(0, part.length - 1)).fill(Number.NaN));
  const value: Prepared = {
    parts,
    segLength(pi, i) {
      let v = lengths[pi][i];
      if (Number.isNaN(v)) {
        v = dist(parts[pi][i], parts[pi][i + 1]);
        lengths[pi][i] = v;
      }
      return v;
    },
    // the WGS84 geodesic and the mean-sphere great circle differ by < 0.6 %
    segUpper: (pi, i) => 1.01 * sphericalMetres(parts[pi][i], parts[pi][i + 1]),
  };
  if (typeof line === "object" && line !== null) preparedCache.set(line, value);
  return value;
}

/**
 * The nearest point of a (multi)line to `point`, the true geodesic distance to
 * it, and where it lies on the line (part, segment, fraction, vertex or not).
 *
 * Throws BAD_COORDINATE when `point` is not a [lon, lat] position in degrees; a malformed line throws as
 * {@link lineParts}.
 *
 * @example
 * ```ts
 * import { nearestPointOnGeodesicLine } from "@syraq/core";
 * import { loadFront } from "@syraq/core/node";
 * const front = loadFront("saa-2017-09-29");
 * const n = nearestPointOnGeodesicLine([37.24, 34.229], front.parts); // n.distanceMetres, n.nearest [lon, lat]
 * ```
 */
export function nearestPointOnGeodesicLine(point: LonLat, line: LineInput): NearestOnLine {
  if (!Array.isArray(point) || !Number.isFinite(point[0]) || !Number.isFinite(point[1]) || Math.abs(point[1]) > 90) {
    throw new SyraqError(
      "BAD_COORDINATE",
      `query point ${JSON.stringify(point)} is not a [lon, lat] position in degrees`,
    );
  }
  const { parts, segLength, segUpper } = prepared(line);
  // Lower bounds of the vertex distances from a sphere (cheap); the exact geodesic
  // differs from the great circle by < 0.6 %, so 0.99 × the spherical value is safe.
  const vertexBound = parts.map((part) => part.map((v) => 0.99 * sphericalMetres(point, v)));
  const candidates: Array<{ part: number; seg: number; bound: number }> = [];
  parts.forEach((part, pi) => {
    for (let i = 0; i + 1 < part.length; i++) {
      // d(P, segment) ≥ (d(P, A) + d(P, B) − |AB|) / 2 by the triangle inequality, with |AB| bounded above
      const bound = (vertexBound[pi][i] + vertexBound[pi][i + 1] - segUpper(pi, i)) / 2;
      candidates.push({ part: pi, seg: i, bound });
    }
  });
  const exactCache = new Map<number, number>();
  const exactVertex = (pi: number, vi: number): number => {
    const key = pi * 1_000_000_007 + vi;
    let d = exactCache.get(key);
    if (d === undefined) {
      d = dist(point, parts[pi][vi]);
      exactCache.set(key, d);
    }
    return d;
  };
  // Deterministic order: by bound, then part, then segment.
  candidates.sort((x, y) => x.bound - y.bound || x.part - y.part || x.seg - y.seg);
  let best: { part: number; seg: number; r: SegmentResult } | undefined;
  for (const c of candidates) {
    // A small slack keeps ties (a shared vertex) deterministic: the earlier segment wins.
    if (best && c.bound > best.r.distanceMetres + 1e-6) break;
    const part = parts[c.part];
    if (best) {
      // The exact bound (exact vertex distances, memoised) usually rules the segment out without a search.
      const exact = (exactVertex(c.part, c.seg) + exactVertex(c.part, c.seg + 1) - segLength(c.part, c.seg)) / 2;
      if (exact > best.r.distanceMetres + 1e-6) continue;
    }
    const r = nearestOnGeodesicSegment(point, part[c.seg], part[c.seg + 1]);
    if (
      !best ||
      r.distanceMetres < best.r.distanceMetres - 1e-9 ||
      (Math.abs(r.distanceMetres - best.r.distanceMetres) <= 1e-9 &&
        (c.part < best.part || (c.part === best.part && c.seg < best.seg)))
    ) {
      best = { part: c.part, seg: c.seg, r };
    }
  }
  const { part: pi, r } = best!;
  let { seg } = best!;
  const part = parts[pi];
  const len = (i: number) => segLength(pi, i);
  const last = part.length - 2;
  const closed = part.length >= 4 && part[0][0] === part[last + 1][0] && part[0][1] === part[last + 1][1];
  let onStartVertex = r.s === 0;
  let onEndVertex = r.s === r.length && r.length > 0;
  // A vertex hit is normalised to "end of the arriving segment" so the joint is seen from both sides;
  // on a closed ring the first vertex is the joint of the last and the first segment.
  if (onStartVertex && (seg > 0 || closed)) {
    seg = seg > 0 ? seg - 1 : last;
    onStartVertex = false;
    onEndVertex = true;
  }
  const segLen = len(seg);
  const s = onEndVertex ? segLen : onStartVertex ? 0 : r.s;
  const nearest: LonLat = r.point;
  // Directions at a joint skip zero-length segments (repeated vertices), which have no azimuth.
  const arrivingAt = (k: number): number => {
    for (let i = k, n = 0; n <= last; n++, i = i > 0 ? i - 1 : closed ? last : -1) {
      if (i < 0) break;
      if (len(i) > 0) return geodesicInverse(part[i], part[i + 1]).azimuthEndDegrees;
    }
    return Number.NaN;
  };
  const leavingAt = (k: number): number => {
    for (let i = k, n = 0; n <= last; n++, i = i < last ? i + 1 : closed ? 0 : last + 1) {
      if (i > last) break;
      if (len(i) > 0) return geodesicInverse(part[i], part[i + 1]).azimuthStartDegrees;
    }
    return Number.NaN;
  };
  let at: NearestOnLine["at"] = "segment";
  let lineAzimuth: number;
  let vertexAzimuths: NearestOnLine["vertexAzimuths"];
  const nextSeg = seg < last ? seg + 1 : closed ? 0 : -1;
  const arriving = onEndVertex ? arrivingAt(seg) : Number.NaN;
  const leaving = onEndVertex && nextSeg >= 0 ? leavingAt(nextSeg) : Number.NaN;
  if (onStartVertex) {
    at = "start";
    lineAzimuth = leavingAt(0);
  } else if (onEndVertex && Number.isNaN(arriving)) {
    // Only zero-length segments before this vertex: it is the line's effective start.
    at = "start";
    lineAzimuth = leaving;
  } else if (onEndVertex && Number.isNaN(leaving)) {
    at = "end";
    lineAzimuth = arriving;
  } else if (onEndVertex) {
    at = "vertex";
    vertexAzimuths = { arrivingDegrees: arriving, leavingDegrees: leaving };
    lineAzimuth = leaving;
  } else {
    lineAzimuth = r.azimuth;
  }
  const towards = r.distanceMetres > 0 ? geodesicInverse(nearest, point).azimuthStartDegrees : Number.NaN;
  let alongPart = 0;
  for (let i = 0; i < seg; i++) alongPart += len(i);
  alongPart += s;
  return {
    distanceMetres: r.distanceMetres,
    nearest,
    partIndex: pi,
    segmentIndex: seg,
    fraction: segLen > 0 ? s / segLen : 0,
    alongSegmentMetres: s,
    alongPartMetres: alongPart,
    lineAzimuthDegrees: lineAzimuth,
    towardsPointAzimuthDegrees: towards,
    at,
    ...(vertexAzimuths ? { vertexAzimuths } : {}),
  };
}
