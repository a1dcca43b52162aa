/**
 * Zones: named (multi)polygons (data/zones/*.geojson or a user's file).
 * Validation with coded errors, point-in-zone, geodesic area and perimeter.
 * Browser-safe (no I/O); the node loader is zones/node/load.ts.
 */
import { featureCollection, feature as turfFeature } from "@turf/helpers";
import { union } from "@turf/union";
import { SyraqError } from "../errors.ts";
import { geodesicPolygonArea } from "../geo/geodesic.ts";
import type { LonLat, PolygonalGeometry } from "../geo/types.ts";
import { pointInGeometry, pointInRing, pointOnRing } from "../geo/polygon.ts";

/**
 * An admin-1 unit belonging to a zone, and why.
 */
export interface ZoneMember {
  /** ISO 3166-2 code of the admin-1 unit, e.g. "SY-DY". */
  iso: string;
  name: string;
  country: string;
  /** Why the unit belongs to the zone. */
  why: string;
  /** Set when only part of the unit is in the zone (e.g. "east of 37°E"). */
  clip?: string;
}

/**
 * A zone's properties: name, label, description, members and notes.
 */
export interface ZoneProperties {
  name: string;
  label?: string;
  description?: string;
  members?: ZoneMember[];
  notes?: string[];
  source?: string;
  [key: string]: unknown;
}

/**
 * A zone: one GeoJSON Feature with a (Multi)Polygon in [lon, lat] degrees.
 */
export interface ZoneFeature {
  type: "Feature";
  geometry: PolygonalGeometry;
  properties: ZoneProperties;
}

/**
 * A zone's geodesic measures on WGS84: area in square metres, perimeter in metres.
 */
export interface ZoneMeasures {
  areaSquareMetres: number;
  perimeterMetres: number;
  /** Number of polygons (outer rings) and holes. */
  polygons: number;
  holes: number;
}

interface GeoJsonLike {
  type?: unknown;
  features?: unknown;
  geometry?: unknown;
  coordinates?: unknown;
  properties?: unknown;
}

function checkRing(ring: unknown, where: string, source: string): void {
  if (!Array.isArray(ring) || ring.length < 4) {
    throw new SyraqError(
      "BAD_GEOJSON",
      `${source}: ${where} has ${Array.isArray(ring) ? ring.length : 0} position(s); a polygon ring needs at least 4 (closed) [lon, lat] positions`,
      { source },
    );
  }
  ring.forEach((p, i) => {
    if (
      !Array.isArray(p) ||
      p.length < 2 ||
      !Number.isFinite(p[0]) ||
      !Number.isFinite(p[1]) ||
      Math.abs(p[1]) > 90 ||
      Math.abs(p[0]) > 180
    ) {
      throw new SyraqError(
        "BAD_GEOJSON",
        `${source}: ${where}, position ${i} is ${JSON.stringify(p)}, not a [lon, lat] pair in degrees (projected coordinates? convert the file to EPSG:4326)`,
        { source },
      );
    }
  });
  const a = ring[0] as number[];
  const b = ring[ring.length - 1] as number[];
  if (a[0] !== b[0] || a[1] !== b[1]) {
    throw new SyraqError(
      "BAD_GEOJSON",
      `${source}: ${where} is not closed (first position ${JSON.stringify(a)}, last ${JSON.stringify(b)}); GeoJSON rings repeat the first position at the end`,
      { source },
    );
  }
}

/** Sign of the turn a→b→c (planar lon/lat): +1 left, −1 right, 0 collinear. */
function orient(a: number[], b: number[], c: number[]): number {
  const v = (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/**
 * First pair of edges of a closed ring that cross each other properly (each
 * passes through the other's interior), or null. Touching at a vertex and
 * collinear overlaps are not reported. A sweep over edges sorted by west end
 * keeps it near-linear on real boundaries.
 *
 * @example
 * ```ts
 * import { ringSelfCrossing } from "@syraq/core";
 * ringSelfCrossing([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]); // [0, 2]: a bow tie
 * ```
 */
export function ringSelfCrossing(ring: readonly (readonly number[])[]): [number, number] | null {
  const n = ring.length - 1;
  if (n < 4) return null;
  const order = Array.from({ length: n }, (_, i) => i);
  const west = (i: number) => Math.min(ring[i]![0]!, ring[i + 1]![0]!);
  const east = (i: number) => Math.max(ring[i]![0]!, ring[i + 1]![0]!);
  order.sort((a, b) => west(a) - west(b));
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const ie = east(i);
    const [a, b] = [ring[i]! as number[], ring[i + 1]! as number[]];
    for (let m = k + 1; m < n && west(order[m]!) <= ie; m++) {
      const j = order[m]!;
      if (Math.abs(i - j) <= 1 || Math.abs(i - j) === n - 1) continue; // neighbours share a vertex
      const [c, d] = [ring[j]! as number[], ring[j + 1]! as number[]];
      if (Math.max(c[1]!, d[1]!) < Math.min(a[1]!, b[1]!) || Math.min(c[1]!, d[1]!) > Math.max(a[1]!, b[1]!)) continue;
      const o1 = orient(a, b, c);
      const o2 = orient(a, b, d);
      const o3 = orient(c, d, a);
      const o4 = orient(c, d, b);
      if (o1 * o2 < 0 && o3 * o4 < 0) return i < j ? [i, j] : [j, i];
    }
  }
  return null;
}

function checkPolygonal(g: unknown, source: string): PolygonalGeometry {
  const geom = g as { type?: unknown; coordinates?: unknown } | null;
  if (!geom || (geom.type !== "Polygon" && geom.type !== "MultiPolygon")) {
    throw new SyraqError(
      "BAD_GEOJSON",
      `${source}: a zone must be a Polygon or MultiPolygon, got ${geom ? JSON.stringify(geom.type) : "no geometry"}`,
      { source },
    );
  }
  const polys = (geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates) as unknown[];
  if (!Array.isArray(polys) || polys.length === 0)
    throw new SyraqError("EMPTY_GEOJSON", `${source}: the ${geom.type} has no coordinates`, { source });
  polys.forEach((rings, pi) => {
    if (!Array.isArray(rings) || rings.length === 0)
      throw new SyraqError("EMPTY_GEOJSON", `${source}: polygon ${pi} has no rings`, { source });
    rings.forEach((r, ri) => {
      checkRing(r, `polygon ${pi} ring ${ri}`, source);
      // a hole outside its shell would still be subtracted from the area
      if (ri > 0) {
        // a hole may touch its shell (valid simple features): a vertex on the shell's boundary counts as inside
        const shell = rings[0] as number[][];
        const out = (r as number[][]).find(
          (v) => !pointInRing(shell, v[0]!, v[1]!) && !pointOnRing(shell, v[0]!, v[1]!),
        );
        if (out) {
          throw new SyraqError(
            "BAD_GEOJSON",
            `${source}: polygon ${pi} ring ${ri} is a hole, but its position ${JSON.stringify(out)} lies outside the polygon's outer ring (ring 0); a hole must lie inside it`,
            { source, polygon: pi, ring: ri },
          );
        }
      }
      // A self-crossing ring (a "bow tie") has no well-defined inside: its signed areas cancel (area ≈ 0).
      const crossing = ringSelfCrossing(r as number[][]);
      if (crossing) {
        const [e1, e2] = crossing;
        throw new SyraqError(
          "BAD_GEOJSON",
          `${source}: polygon ${pi} ring ${ri} crosses itself (edge ${e1}→${e1 + 1} crosses edge ${e2}→${e2 + 1}); a zone's rings must be simple: fix the vertex order (e.g. ogr2ogr -makevalid, or QGIS "Fix geometries")`,
          { source, polygon: pi, ring: ri, edges: crossing },
        );
      }
    });
  });
  return geom as PolygonalGeometry;
}

/**
 * The parts of a MultiPolygon may overlap (two copies of one square); their areas
 * would then be counted twice. Dissolve them into one geometry, as for a
 * FeatureCollection of several polygons.
 */
function dissolveParts(g: PolygonalGeometry, source: string): PolygonalGeometry {
  if (g.type !== "MultiPolygon" || g.coordinates.length < 2) return g;
  const merged = union(
    featureCollection(g.coordinates.map((p) => turfFeature({ type: "Polygon" as const, coordinates: p }))),
  );
  if (!merged) throw new SyraqError("EMPTY_GEOJSON", `${source}: the polygons dissolve to nothing`, { source });
  return merged.geometry as PolygonalGeometry;
}

/**
 * RFC 7946 GeoJSON is WGS84 lon/lat. Old files (GeoJSON 2008) may carry a `crs`
 * member; anything but CRS84/EPSG:4326 there is refused with a way out.
 *
 * @example
 * ```ts
 * import { assertLonLatGeoJson } from "@syraq/core";
 * assertLonLatGeoJson({ type: "FeatureCollection", features: [],
 *   crs: { type: "name", properties: { name: "EPSG:32637" } } }, "zone.geojson"); // throws UNSUPPORTED_CRS
 * ```
 */
export function assertLonLatGeoJson(json: unknown, source: string): void {
  const crs = (json as { crs?: { properties?: { name?: unknown } } } | null)?.crs;
  const name = crs?.properties?.name;
  if (crs && typeof name === "string" && !/(CRS84|EPSG:{1,2}4326)$/i.test(name)) {
    throw new SyraqError(
      "UNSUPPORTED_CRS",
      `${source} declares crs ${name}; GeoJSON here must be WGS84 lon/lat (EPSG:4326): convert it, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`,
      { source, crs: name },
    );
  }
}

/**
 * Turns parsed GeoJSON into a zone: a Polygon/MultiPolygon geometry, a Feature
 * or a FeatureCollection of polygon features (dissolved into one with turf).
 * Errors: EMPTY_GEOJSON (nothing in it), BAD_GEOJSON (not polygons, broken rings).
 *
 * @example
 * ```ts
 * import { pointInZone, zoneFromGeoJson } from "@syraq/core";
 * const zone = zoneFromGeoJson(
 *   { type: "Polygon", coordinates: [[[38, 34], [41, 34], [41, 36], [38, 36], [38, 34]]] },
 *   "box.geojson",
 *   "box",
 * );
 * pointInZone(zone, [38.284, 34.5624]); // true
 * ```
 */
export function zoneFromGeoJson(json: unknown, source: string, defaultName = "zone"): ZoneFeature {
  const obj = json as GeoJsonLike | null;
  if (!obj || typeof obj !== "object" || typeof obj.type !== "string") {
    throw new SyraqError(
      "BAD_GEOJSON",
      `${source}: not GeoJSON (expected a Polygon, MultiPolygon, Feature or FeatureCollection object)`,
      { source },
    );
  }
  assertLonLatGeoJson(obj, source);
  const props = (p: unknown): ZoneProperties => {
    const o = p && typeof p === "object" ? (p as Record<string, unknown>) : {};
    return { ...o, name: typeof o.name === "string" && o.name ? o.name : defaultName } as ZoneProperties;
  };
  if (obj.type === "Polygon" || obj.type === "MultiPolygon") {
    return {
      type: "Feature",
      geometry: dissolveParts(checkPolygonal(obj, source), source),
      properties: props(undefined),
    };
  }
  if (obj.type === "Feature") {
    return {
      type: "Feature",
      geometry: dissolveParts(checkPolygonal(obj.geometry, source), source),
      properties: props(obj.properties),
    };
  }
  if (obj.type === "FeatureCollection") {
    const feats = Array.isArray(obj.features) ? (obj.features as GeoJsonLike[]) : [];
    if (feats.length === 0)
      throw new SyraqError(
        "EMPTY_GEOJSON",
        `${source}: the FeatureCollection has no features; a zone needs at least one Polygon or MultiPolygon`,
        { source },
      );
    const geoms = feats.map((f, i) => checkPolygonal(f?.geometry, `${source} (feature ${i})`));
    if (geoms.length === 1) return { type: "Feature", geometry: geoms[0], properties: props(feats[0].properties) };
    const merged = union(featureCollection(geoms.map((g) => turfFeature(g))));
    if (!merged) throw new SyraqError("EMPTY_GEOJSON", `${source}: the polygons dissolve to nothing`, { source });
    return { type: "Feature", geometry: merged.geometry as PolygonalGeometry, properties: props(feats[0].properties) };
  }
  throw new SyraqError(
    "BAD_GEOJSON",
    `${source}: a zone must be a Polygon, MultiPolygon, Feature or FeatureCollection, got type ${JSON.stringify(obj.type)}`,
    { source },
  );
}

/**
 * True when the point is inside the zone (even-odd, geo/polygon.ts; a point exactly on an edge may fall
 * either side). The test is done in lon/lat: exact for the dense vertices of admin boundaries, where
 * a geodesic edge and its lon/lat chord differ by millimetres. `point` is [lon, lat] in degrees.
 *
 * @example
 * ```ts
 * import { pointInZone } from "@syraq/core";
 * import { loadZone } from "@syraq/core/node";
 * pointInZone(loadZone("syraq"), [40.4519, 35.0207]); // true: Mayadeen, Deir ez-Zor governorate
 * ```
 */
export function pointInZone(zone: ZoneFeature, point: LonLat): boolean {
  return pointInGeometry(zone.geometry, point[0], point[1]);
}

/**
 * Geodesic (WGS84) area in square metres, holes subtracted, and perimeter in metres (all rings) of the zone.
 *
 * @example
 * ```ts
 * import { zoneMeasures } from "@syraq/core";
 * import { loadZone } from "@syraq/core/node";
 * const m = zoneMeasures(loadZone("syraq")); // m.areaSquareMetres / 1e6 → km²
 * ```
 */
export function zoneMeasures(zone: ZoneFeature): ZoneMeasures {
  const { areaSquareMetres, perimeterMetres } = geodesicPolygonArea(zone.geometry);
  const polys = zone.geometry.type === "Polygon" ? [zone.geometry.coordinates] : zone.geometry.coordinates;
  return {
    areaSquareMetres,
    perimeterMetres,
    polygons: polys.length,
    holes: polys.reduce((n, p) => n + p.length - 1, 0),
  };
}
