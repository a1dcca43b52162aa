/**
 * The one point-in-polygon of the project: even-odd ray casting on the lon/lat plane.
 * Containment is topology, so the planar test is exact for the vertices as given (edges are chords in lon/lat);
 * a geodesic edge and its chord differ by millimetres over the region's polygon edges.
 */
import type { MultiPolygonGeometry as PlaceMultiPolygon, PolygonGeometry as PlacePolygon } from "./types.ts";

type Bbox = [west: number, south: number, east: number, north: number];

function polygonsOf(geometry: PlacePolygon | PlaceMultiPolygon): number[][][][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

/**
 * [west, south, east, north] of a (multi)polygon's coordinates, degrees.
 *
 * @example
 * ```ts
 * import { geometryBbox } from "@syraq/core";
 * geometryBbox({ type: "Polygon", coordinates: [[[38, 34], [39, 34], [39, 35], [38, 34]]] }); // [38, 34, 39, 35]
 * ```
 */
export function geometryBbox(geometry: PlacePolygon | PlaceMultiPolygon): Bbox {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const poly of polygonsOf(geometry)) {
    for (const [x, y] of poly[0] ?? []) {
      if (x! < w) w = x!;
      if (x! > e) e = x!;
      if (y! < s) s = y!;
      if (y! > n) n = y!;
    }
  }
  return [w, s, e, n];
}

/**
 * Even-odd ray casting on one ring (lon/lat treated as a plane: fine for containment at this scale).
 *
 * @example
 * ```ts
 * import { pointInRing } from "@syraq/core";
 * pointInRing([[38, 34], [39, 34], [39, 35], [38, 35], [38, 34]], 38.5, 34.5); // true
 * ```
 */
export function pointInRing(ring: number[][], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!,
      yi = ring[i]![1]!;
    const xj = ring[j]![0]!,
      yj = ring[j]![1]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * True when (lon, lat) lies inside the polygon (outer ring minus holes) or any part of a multipolygon.
 *
 * @example
 * ```ts
 * import { pointInGeometry } from "@syraq/core";
 * const square = { type: "Polygon" as const, coordinates: [[[38, 34], [39, 34], [39, 35], [38, 35], [38, 34]]] };
 * pointInGeometry(square, 38.5, 34.5); // true
 * ```
 */
export function pointInGeometry(geometry: PlacePolygon | PlaceMultiPolygon, lon: number, lat: number): boolean {
  for (const poly of polygonsOf(geometry)) {
    if (!poly[0] || !pointInRing(poly[0], lon, lat)) continue;
    let inHole = false;
    for (let h = 1; h < poly.length; h++) if (pointInRing(poly[h]!, lon, lat)) inHole = true;
    if (!inHole) return true;
  }
  return false;
}

/**
 * Area centroid of a (multi)polygon computed on the lon/lat plane (the shoelace
 * formula). It is a label/representative point for a governorate, not a measure:
 * over a 3° governorate it sits within a few hundred metres of the ellipsoidal
 * centroid, which is far below the polygons' own generalisation.
 *
 * @example
 * ```ts
 * import { planarCentroid } from "@syraq/core";
 * planarCentroid({ type: "Polygon", coordinates: [[[38, 34], [40, 34], [40, 36], [38, 36], [38, 34]]] }); // [39, 35]
 * ```
 */
export function planarCentroid(geometry: PlacePolygon | PlaceMultiPolygon): [number, number] {
  let a = 0,
    cx = 0,
    cy = 0;
  for (const poly of polygonsOf(geometry)) {
    poly.forEach((ring, r) => {
      const sign = r === 0 ? 1 : -1;
      // shift to the first vertex for numerical stability
      const x0 = ring[0]![0]!,
        y0 = ring[0]![1]!;
      let ra = 0,
        rx = 0,
        ry = 0;
      for (let i = 0; i < ring.length - 1; i++) {
        const x1 = ring[i]![0]! - x0,
          y1 = ring[i]![1]! - y0;
        const x2 = ring[i + 1]![0]! - x0,
          y2 = ring[i + 1]![1]! - y0;
        const cross = x1 * y2 - x2 * y1;
        ra += cross;
        rx += (x1 + x2) * cross;
        ry += (y1 + y2) * cross;
      }
      // orientation-independent: use |area| with the ring's role deciding the sign
      const s = Math.sign(ra) || 1;
      const area = (ra / 2) * s * sign;
      if (ra !== 0) {
        a += area;
        cx += (rx / (3 * ra) + x0) * area;
        cy += (ry / (3 * ra) + y0) * area;
      }
    });
  }
  return [cx / a, cy / a];
}

/**
 * True when (lon, lat) lies exactly on an edge of the ring (collinear and between the edge's ends).
 *
 * @example
 * ```ts
 * import { pointOnRing } from "@syraq/core";
 * pointOnRing([[38, 34], [39, 34], [39, 35], [38, 34]], 38.5, 34); // true: on the southern edge
 * ```
 */
export function pointOnRing(ring: number[][], lon: number, lat: number): boolean {
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!,
      yi = ring[i]![1]!;
    const xj = ring[j]![0]!,
      yj = ring[j]![1]!;
    const cross = (xj - xi) * (lat - yi) - (yj - yi) * (lon - xi);
    if (cross !== 0) continue;
    if (lon >= Math.min(xi, xj) && lon <= Math.max(xi, xj) && lat >= Math.min(yi, yj) && lat <= Math.max(yi, yj))
      return true;
  }
  return false;
}

/**
 * Even-odd over every ring of one polygon (outer ring and holes), for rings of [lon, lat].
 *
 * @example
 * ```ts
 * import { pointInRings } from "@syraq/core";
 * const outer = [[38, 34], [40, 34], [40, 36], [38, 36], [38, 34]];
 * const hole = [[38.5, 34.5], [39.5, 34.5], [39.5, 35.5], [38.5, 35.5], [38.5, 34.5]];
 * pointInRings([outer, hole], 39, 35); // false: inside the hole
 * ```
 */
export function pointInRings(rings: ArrayLike<ArrayLike<number>>[] | number[][][], lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of rings as number[][][]) if (pointInRing(ring, lon, lat)) inside = !inside;
  return inside;
}

/**
 * True when the point lies inside any of the polygons (each a list of rings: outer first, then holes).
 *
 * @example
 * ```ts
 * import { pointInPolygons } from "@syraq/core";
 * pointInPolygons([[[[38, 34], [39, 34], [39, 35], [38, 35], [38, 34]]]], 38.5, 34.5); // true
 * ```
 */
export function pointInPolygons(polygons: number[][][][], lon: number, lat: number): boolean {
  for (const poly of polygons) if (pointInRings(poly, lon, lat)) return true;
  return false;
}
