// Browser-side analysis through @syraq/core (the browser-safe part): routes, isochrones, the Euphrates bank.
import * as core from "@syraq/core";
import type { BaseData } from "./load.ts";
import { engineIsochrones, engineMissing, engineRoute } from "./route-engine.ts";
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
  for (let k = 1; k < n; k++)
    out.push(core.geodesicDirect(a, inv.azimuthStartDegrees, (inv.lengthMetres * k) / n).point);
  out.push(b);
  return out;
}

export function engines(data: BaseData): { route: boolean; isochrone: boolean; bank: boolean; why?: string } {
  const why = engineMissing(data);
  return { route: !why, isochrone: !why, bank: true, why };
}

/** Route a→b over the route graph (vehicle model, crossings on `date`); the geodesic with a note when the engine cannot run. */
export async function route(data: BaseData, a: LonLat, b: LonLat, date?: string, as?: string): Promise<RouteResult> {
  let note = engineMissing(data);
  if (!note) {
    try {
      const r = await engineRoute(data, a, b, date, as);
      return {
        engine: "route",
        line: r.coordinates,
        lengthMetres: r.lengthMetres,
        durationSeconds: r.durationSeconds,
        note: [r.crossings.length ? `crosses ${r.crossings.join(", ")}` : "", r.controlNote].filter(Boolean).join("; "),
      };
    } catch (err) {
      note = `no route: ${(err as Error).message}`;
    }
  }
  const line = geodesicPath(a, b);
  return {
    engine: "geodesic",
    line,
    lengthMetres: core.geodesicInverse(a, b).lengthMetres,
    note: `${note}; showing the geodesic (straight line), no travel time`,
  };
}

export async function isochrones(
  data: BaseData,
  from: LonLat,
  minutes: number[],
  date?: string,
  as?: string,
): Promise<{ bands?: FeatureCollection; note?: string }> {
  const why = engineMissing(data);
  if (why) return { note: `isochrones not available: ${why}` };
  try {
    return { bands: await engineIsochrones(data, from, minutes, date, as) };
  } catch (err) {
    return { note: `no isochrones: ${(err as Error).message}` };
  }
}

let euphrates: { rivers: FeatureCollection; line: core.EuphratesLine } | undefined;

/** Bank of the Euphrates at a point (the pack's river merged and oriented downstream once per river file). */
export function euphratesBankAt(data: BaseData, p: LonLat): string | undefined {
  if (!data.rivers) return undefined;
  try {
    if (euphrates?.rivers !== data.rivers)
      euphrates = {
        rivers: data.rivers,
        line: core.euphratesFromRivers(data.rivers as Parameters<typeof core.euphratesFromRivers>[0]),
      };
    const r = core.euphratesBank(euphrates.line, p);
    return `${r.bank} bank (${(r.distanceMetres / 1000).toFixed(1)} km from the river)`;
  } catch {
    return undefined;
  }
}
