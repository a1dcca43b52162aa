import * as core from "@syraq/core";
import type { Feature, FeatureCollection, LonLat } from "./types.ts";

/**
 * Optional @syraq/core features, looked up at run time so the viewer keeps
 * working (with a note) while a feature is not in core yet.
 */
const api = core as unknown as Record<string, unknown>;
export function coreFn<T extends (...args: any[]) => any>(name: string): T | undefined {
  const f = api[name];
  return typeof f === "function" ? (f as T) : undefined;
}

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

function ringContains(ring: number[][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}

/** Point in a GeoJSON Polygon/MultiPolygon (even-odd, holes respected), in lon/lat. */
export function polygonContains(geometry: Feature["geometry"], p: LonLat): boolean {
  if (!geometry) return false;
  const polys: number[][][][] =
    geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  return polys.some((rings) => rings.reduce((acc, ring) => (ringContains(ring, p[0], p[1]) ? !acc : acc), false));
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
