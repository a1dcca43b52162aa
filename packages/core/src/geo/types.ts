/** A position in GeoJSON order: [longitude, latitude] in degrees (WGS84). */
export type LonLat = [number, number];

// Minimal GeoJSON polygon shapes, structurally compatible with `geojson`'s Polygon and MultiPolygon (RFC 7946), so
// core does not depend on @types/geojson.

/** GeoJSON Polygon geometry, [lon, lat] rings in degrees (outer ring first, then holes). */
export interface PolygonGeometry {
  type: "Polygon";
  coordinates: number[][][];
}

/** GeoJSON MultiPolygon geometry: polygons of [lon, lat] rings in degrees. */
export interface MultiPolygonGeometry {
  type: "MultiPolygon";
  coordinates: number[][][][];
}

/**
 * A GeoJSON Polygon or MultiPolygon, [lon, lat] degrees.
 */
export type PolygonalGeometry = PolygonGeometry | MultiPolygonGeometry;
