// Browser-side analysis through @syraq/core. Features other helpers add to
// core are looked up at run time (coreFn), so the viewer degrades to a clear
// note while a feature is missing instead of failing to build.
import * as core from "@syraq/core";
import { coreFn } from "./geo.ts";
import type { BaseData } from "./load.ts";
import type { FeatureCollection, LonLat } from "./types.ts";

export interface RouteResult {
  engine: "route" | "geodesic";
  line: LonLat[];
  lengthMetres: number;
  durationSeconds?: number;
  note?: string;
}

/** Points along the geodesic a→b, at most `stepMetres` apart (so the line is drawn as a true geodesic). */
export function geodesicPath(a: LonLat, b: LonLat, stepMetres = 5000): LonLat[] {
  const inv = core.geodesicInverse(a, b);
  const n = Math.max(1, Math.ceil(inv.lengthMetres / stepMetres));
  const out: LonLat[] = [a];
  for (let k = 1; k < n; k++) out.push(core.geodesicDirect(a, inv.azimuthStartDegrees, (inv.lengthMetres * k) / n).point);
  out.push(b);
  return out;
}

type RouteFn = (data: BaseData, a: LonLat, b: LonLat) => Promise<RouteResult | undefined>;
/** A route engine the page can use, if core offers a browser-safe one (set by wireEngines). */
let routeEngine: RouteFn | undefined;
let isochroneEngine: ((data: BaseData, from: LonLat, hours: number[]) => Promise<FeatureCollection | undefined>) | undefined;

export function engines(): { route: boolean; isochrone: boolean; bank: boolean } {
  return { route: !!routeEngine, isochrone: !!isochroneEngine, bank: !!coreFn("euphratesBank") };
}

export async function route(data: BaseData, a: LonLat, b: LonLat): Promise<RouteResult> {
  if (routeEngine) {
    const r = await routeEngine(data, a, b);
    if (r) return r;
  }
  const line = geodesicPath(a, b);
  return { engine: "geodesic", line, lengthMetres: core.geodesicInverse(a, b).lengthMetres, note: "route engine not available in the browser yet: showing the geodesic (straight-line) distance, no travel time" };
}

export async function isochrones(data: BaseData, from: LonLat, hours: number[]): Promise<{ bands?: FeatureCollection; note?: string }> {
  if (isochroneEngine) {
    const bands = await isochroneEngine(data, from, hours);
    if (bands) return { bands };
  }
  return { note: "isochrone engine not available in the browser yet (use `syraq isochrone` on the command line)" };
}

/** Bank of the Euphrates at a point, when core has the river model (Helper C). */
export function euphratesBankAt(data: BaseData, p: LonLat): string | undefined {
  const bankFn = coreFn<(river: unknown, point: LonLat) => { bank: string; distanceMetres: number }>("euphratesBank");
  const build = coreFn<(fc: unknown) => unknown>("euphratesFromRivers") ?? coreFn<(fc: unknown) => unknown>("buildEuphrates");
  if (!bankFn || !build || !data.rivers) return undefined;
  try {
    const river = (euphratesBankAt as any).river ?? ((euphratesBankAt as any).river = build(data.rivers));
    const r = bankFn(river, p);
    return `${r.bank} bank (${(r.distanceMetres / 1000).toFixed(1)} km from the river)`;
  } catch {
    return undefined;
  }
}
