/** A position in GeoJSON order: [longitude, latitude] in degrees (WGS84). */
export type LonLat = [number, number];

/**
 * Minimal GeoJSON polygon shapes, structurally compatible with `geojson`'s
 * Polygon and MultiPolygon (RFC 7946), so core does not depend on @types/geojson.
 */
export interface PolygonGeometry {
  type: "Polygon";
  coordinates: number[][][];
}
export interface MultiPolygonGeometry {
  type: "MultiPolygon";
  coordinates: number[][][][];
}
/**
 * A GeoJSON Polygon or MultiPolygon, [lon, lat] degrees.
 */
export type PolygonalGeometry = PolygonGeometry | MultiPolygonGeometry;

/** GeoJSON Polygon geometry, [lon, lat] rings (outer ring first, then holes). */
export interface PolygonGeometry {
  type: "Polygon";
  coordinates: number[][][];
}

/** GeoJSON MultiPolygon geometry. */
export interface MultiPolygonGeometry {
  type: "MultiPolygon";
  coordinates: number[][][][];
}
