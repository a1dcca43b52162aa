import * as core from "@syraq/core";
import type { Feature, FeatureCollection, LonLat } from "./types.ts";

/** Geodesic length in metres (WGS84, Karney) between two points. */
export function geodesicMetres(a: LonLat, b: LonLat): number {
  return core.geodesicInverse(a, b).lengthMetres;
}

export function formatLength(metres: number): string {
  return metres >= 10_000
    ? `${(metres / 1000).toFixed(0)} km`
    : metres >= 1000
      ? `${(metres / 1000).toFixed(1)} km`
      : `${metres.toFixed(0)} m`;
}
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds - h * 3600) / 60);
  return h ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min`;
}

/** Point in a GeoJSON Polygon/MultiPolygon (even-odd, holes respected), in lon/lat: core's one point-in-polygon. */
export function polygonContains(geometry: Feature["geometry"], p: LonLat): boolean {
  if (geometry?.type !== "Polygon" && geometry?.type !== "MultiPolygon") return false;
  return core.pointInGeometry(geometry as Parameters<typeof core.pointInGeometry>[0], p[0], p[1]);
}

export function featureAt(fc: FeatureCollection | undefined, p: LonLat): Feature | undefined {
  return fc?.features.find((f) => polygonContains(f.geometry, p));
}

/** A "nice" scale-bar length (1, 2 or 5 × 10^n metres) not longer than maxMetres. */
export function niceLength(maxMetres: number): number {
  const p = 10 ** Math.floor(Math.log10(maxMetres));
  for (const m of [5, 2, 1]) if (m * p <= maxMetres) return m * p;
  return p;
}
