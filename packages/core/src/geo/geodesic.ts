/**
 * Geodesic measures on the WGS84 ellipsoid with Karney's algorithms
 * (geographiclib-geodesic): lengths good to a few nanometres, areas exact to
 * round-off. Never a sphere, never a projection.
 */
import { SyraqError } from "../errors.ts";
import { GeodesicMasks, PolygonArea, WGS84 } from "./geographiclib.ts";
import type { LonLat, PolygonalGeometry } from "./types.ts";

/**
 * Length (metres) and azimuths (degrees) of the geodesic between two points ({@link geodesicInverse}).
 */
export interface GeodesicInverseResult {
  lengthMetres: number;
  /** Forward azimuth at the start, degrees clockwise from north, in [-180, 180]. */
  azimuthStartDegrees: number;
  /** Forward azimuth at the end (direction of travel on arrival), degrees in [-180, 180]. */
  azimuthEndDegrees: number;
}

/**
 * The end point ([lon, lat] degrees) and arrival azimuth (degrees clockwise from north) of {@link geodesicDirect}.
 */
export interface GeodesicDirectResult {
  point: LonLat;
  azimuthEndDegrees: number;
}

/**
 * Geodesic area (m²) and perimeter (metres) on WGS84.
 */
export interface GeodesicAreaResult {
  areaSquareMetres: number;
  perimeterMetres: number;
}

function checkPosition(p: LonLat, what: string): void {
  const [lon, lat] = p;
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw new SyraqError("BAD_COORDINATE", `${what} [${lon}, ${lat}] is not a finite [lon, lat] pair`, { position: p });
  }
  if (lat < -90 || lat > 90) {
    throw new SyraqError(
      "OUT_OF_RANGE",
      `${what} [${lon}, ${lat}]: latitude ${lat} is outside -90..90 (positions are [lon, lat])`,
      { position: p },
    );
  }
}

const INVERSE_MASK = GeodesicMasks.DISTANCE | GeodesicMasks.AZIMUTH;

/**
 * Length (metres) and initial/final azimuths (degrees clockwise from true north) of the shortest geodesic from
 * `a` to `b` on the WGS84 ellipsoid (Karney's algorithm, geographiclib; agrees with GeodSolve to a micrometre).
 * Points are [lon, lat] in degrees. Throws SyraqError BAD_COORDINATE (a non-finite value) or OUT_OF_RANGE (a
 * latitude outside ±90°).
 *
 * @example
 * ```ts
 * import { geodesicInverse } from "@syraq/core";
 * const { lengthMetres, azimuthStartDegrees } = geodesicInverse([39.0079, 35.9528], [38.284, 34.5624]);
 * // lengthMetres ≈ 167 736 (Raqqa → Palmyra), azimuthStartDegrees ≈ -156.7 (SSW)
 * ```
 */
export function geodesicInverse(a: LonLat, b: LonLat): GeodesicInverseResult {
  checkPosition(a, "start");
  checkPosition(b, "end");
  const r = WGS84.Inverse(a[1], a[0], b[1], b[0], INVERSE_MASK);
  return { lengthMetres: r.s12!, azimuthStartDegrees: r.azi1!, azimuthEndDegrees: r.azi2! };
}

const DIRECT_MASK = GeodesicMasks.LATITUDE | GeodesicMasks.LONGITUDE | GeodesicMasks.AZIMUTH;

/**
 * The point ([lon, lat], degrees) reached after `lengthMetres` metres along the WGS84 geodesic leaving `from` at
 * `azimuthDegrees` (clockwise from true north), with the azimuth on arrival.
 *
 * Throws BAD_ARGUMENT for a non-finite azimuth or length.
 *
 * @example
 * ```ts
 * import { geodesicDirect } from "@syraq/core";
 * const { point } = geodesicDirect([38.284, 34.5624], 90, 50_000); // 50 km due east of Palmyra
 * ```
 */
export function geodesicDirect(from: LonLat, azimuthDegrees: number, lengthMetres: number): GeodesicDirectResult {
  checkPosition(from, "start");
  if (!Number.isFinite(azimuthDegrees) || !Number.isFinite(lengthMetres)) {
    throw new SyraqError(
      "BAD_ARGUMENT",
      `geodesicDirect needs a finite azimuth and length (got ${azimuthDegrees}°, ${lengthMetres} m)`,
    );
  }
  const r = WGS84.Direct(from[1], from[0], azimuthDegrees, lengthMetres, DIRECT_MASK);
  return { point: [r.lon2!, r.lat2!], azimuthEndDegrees: r.azi2! };
}

/**
 * Total geodesic length of a polyline, metres (0 for fewer than two points).
 *
 * @example
 * ```ts
 * import { geodesicLineLength } from "@syraq/core";
 * // Raqqa → Deir ez-Zor → Mayadeen: ≈ 168 335 metres
 * geodesicLineLength([[39.0079, 35.9528], [40.1408, 35.3354], [40.4519, 35.0207]]);
 * ```
 */
export function geodesicLineLength(coords: LonLat[]): number {
  let total = 0;
  for (let i = 1; i < coords.length; i++) {
    const a = coords[i - 1];
    const b = coords[i];
    checkPosition(a, `vertex ${i - 1}`);
    checkPosition(b, `vertex ${i}`);
    total += WGS84.Inverse(a[1], a[0], b[1], b[0], GeodesicMasks.DISTANCE).s12!;
  }
  return total;
}

/**
 * Area and perimeter of one ring (open or closed; either orientation), as the
 * absolute value of Karney's signed area. A ring must enclose less than half
 * the ellipsoid, which every ring in this toolkit does.
 *
 * @example
 * ```ts
 * import { geodesicRingArea } from "@syraq/core";
 * const { areaSquareMetres, perimeterMetres } = geodesicRingArea([[38, 34], [39, 34], [39, 35], [38, 35]]);
 * // a 1° × 1° cell at 34.5° N: ≈ 1.02e10 m² (10 200 km²)
 * ```
 */
export function geodesicRingArea(ring: readonly (LonLat | number[])[]): GeodesicAreaResult {
  const pts = ring.slice();
  if (pts.length > 1) {
    const f = pts[0];
    const l = pts[pts.length - 1];
    if (f[0] === l[0] && f[1] === l[1]) pts.pop();
  }
  if (pts.length < 3)
    return {
      areaSquareMetres: 0,
      perimeterMetres: pts.length === 2 ? 2 * geodesicLineLength([pts[0] as LonLat, pts[1] as LonLat]) : 0,
    };
  const poly = new PolygonArea(WGS84, false);
  pts.forEach((p, i) => {
    checkPosition([p[0], p[1]], `ring vertex ${i}`);
    poly.AddPoint(p[1], p[0]);
  });
  const r = poly.Compute(false, true);
  return { areaSquareMetres: Math.abs(r.area ?? 0), perimeterMetres: r.perimeter };
}

/**
 * Geodesic area of a GeoJSON Polygon or MultiPolygon: outer rings minus holes,
 * summed over parts. The perimeter is the length of every ring, holes included.
 *
 * Throws BAD_GEOJSON for another geometry type.
 *
 * @example
 * ```ts
 * import { geodesicPolygonArea } from "@syraq/core";
 * geodesicPolygonArea({ type: "Polygon", coordinates: [[[38, 34], [39, 34], [39, 35], [38, 35], [38, 34]]] })
 *   .areaSquareMetres / 1e6; // km²
 * ```
 */
export function geodesicPolygonArea(geometry: PolygonalGeometry): GeodesicAreaResult {
  const polygons: number[][][][] =
    geometry?.type === "Polygon"
      ? [geometry.coordinates]
      : geometry?.type === "MultiPolygon"
        ? geometry.coordinates
        : (null as never);
  if (!polygons) {
    throw new SyraqError(
      "BAD_GEOJSON",
      `expected a Polygon or MultiPolygon geometry, got ${JSON.stringify((geometry as { type?: unknown })?.type)}`,
    );
  }
  let area = 0;
  let perimeter = 0;
  for (const rings of polygons) {
    rings.forEach((ring, i) => {
      const r = geodesicRingArea(ring);
      area += i === 0 ? r.areaSquareMetres : -r.areaSquareMetres;
      perimeter += r.perimeterMetres;
    });
  }
  return { areaSquareMetres: area, perimeterMetres: perimeter };
}

/**
 * Points along the geodesics between consecutive vertices, no two more than
 * maxSegmentMetres apart (vertices kept). For drawing: a straight segment on a
 * Web-Mercator map is not the shortest path, a densified geodesic is.
 *
 * Throws BAD_ARGUMENT unless `maxSegmentMetres` is a positive finite number.
 *
 * @example
 * ```ts
 * import { geodesicDensify } from "@syraq/core";
 * const points = geodesicDensify([[39.0079, 35.9528], [38.284, 34.5624]], 5000); // a vertex at least every 5 km
 * ```
 */
export function geodesicDensify(coords: LonLat[], maxSegmentMetres: number): LonLat[] {
  if (!(maxSegmentMetres > 0) || !Number.isFinite(maxSegmentMetres)) {
    throw new SyraqError(
      "BAD_ARGUMENT",
      `geodesicDensify needs a positive finite segment length in metres, got ${maxSegmentMetres}`,
    );
  }
  if (coords.length === 0) return [];
  const out: LonLat[] = [[coords[0][0], coords[0][1]]];
  const mask = GeodesicMasks.LATITUDE | GeodesicMasks.LONGITUDE | GeodesicMasks.DISTANCE_IN;
  for (let i = 1; i < coords.length; i++) {
    const a = coords[i - 1];
    const b = coords[i];
    checkPosition(a, `vertex ${i - 1}`);
    checkPosition(b, `vertex ${i}`);
    const line = WGS84.InverseLine(a[1], a[0], b[1], b[0], mask);
    const n = Math.ceil(line.s13 / maxSegmentMetres);
    for (let k = 1; k < n; k++) {
      const p = line.Position((line.s13 * k) / n, GeodesicMasks.LATITUDE | GeodesicMasks.LONGITUDE);
      out.push([p.lon2!, p.lat2!]);
    }
    out.push([b[0], b[1]]);
  }
  return out;
}
