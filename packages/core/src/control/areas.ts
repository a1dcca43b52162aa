/**
 * Dated control areas: who held what on a date (data/control/*.geojson or a user's file).
 *
 * A control file is a GeoJSON FeatureCollection of Polygon / MultiPolygon features with properties
 *   holder: string (an id of HOLDERS or any name; aliases such as "regime", "Daesh", "PMU" are recognised),
 *   date: "YYYY-MM-DD" (features of one date form one snapshot), and optionally part, confidence, sources, note.
 * Browser-safe; the node loader is control/node/areas.ts (loadControl).
 */
import { SyraqError } from "../errors.ts";
import { nearestPointOnGeodesicLine } from "../geo/line.ts";
import { pointInRings } from "../geo/polygon.ts";
import type { LonLat } from "../geo/types.ts";

/** Holders the project knows, with the names and aliases `--as` accepts. */
export const HOLDERS: Record<string, { name: string; aliases: string[] }> = {
  SAA: {
    name: "Syrian Arab Army and allies (the regime)",
    aliases: ["regime", "syrian army", "syrian arab army", "government", "assad", "pro-government"],
  },
  IS: { name: "Islamic State (IS)", aliases: ["isis", "isil", "daesh", "islamic state"] },
  SDF: { name: "Syrian Democratic Forces (SDF)", aliases: ["syrian democratic forces", "ypg", "qsd"] },
  IRAQ: {
    name: "Iraqi security forces and Popular Mobilization Forces (PMU)",
    aliases: ["iraqi forces", "isf", "pmu", "pmf", "hashd", "iraqi army", "iraq"],
  },
  KRG: { name: "Kurdistan Regional Government (Peshmerga)", aliases: ["peshmerga", "kurdistan"] },
  OPP: { name: "Syrian opposition and HTS", aliases: ["opposition", "rebels", "hts", "fsa"] },
  TFSA: {
    name: "Turkish-backed Syrian opposition (Euphrates Shield)",
    aliases: ["turkish-backed", "euphrates shield", "sna", "turkey"],
  },
  COALITION: {
    name: "US-led coalition and Maghawir al-Thawra (al-Tanf)",
    aliases: ["us", "tanf", "maghawir al-thawra", "coalition"],
  },
  CONTESTED: { name: "contested (active fighting; no holder)", aliases: ["contested"] },
};

/**
 * Holder id of contested strips.
 */
export const CONTESTED = "CONTESTED";

/** Map colours per holder (RGB), shared by the viewer's control layer and the figures. */
export const HOLDER_COLORS: Record<string, [number, number, number]> = {
  SAA: [200, 40, 40],
  IS: [40, 40, 40],
  SDF: [230, 180, 20],
  IRAQ: [40, 120, 60],
  KRG: [240, 130, 40],
  OPP: [60, 160, 60],
  TFSA: [120, 170, 80],
  COALITION: [60, 90, 200],
  CONTESTED: [170, 90, 170],
};

/**
 * A holder's colour (a stable grey-blue for holders the project does not know).
 *
 * @example
 * ```ts
 * import { holderColor } from "@syraq/core";
 * holderColor("SAA"); // [r, g, b], 0-255
 * ```
 */
export function holderColor(holder: string): [number, number, number] {
  return HOLDER_COLORS[holder] ?? [110, 120, 140];
}

/**
 * One area held by one holder on a snapshot's date: polygons and bbox in degrees.
 */
export interface ControlPart {
  holder: string;
  holderName: string;
  part?: string;
  confidence?: string;
  sources: string[];
  note?: string;
  /** Polygons as rings of [lon, lat] (outer ring first, then holes). */
  polygons: LonLat[][][];
  bbox: [number, number, number, number];
}

/**
 * Who held what on one date: the control areas of every holder.
 */
export interface ControlSnapshot {
  date: string;
  /** Where the snapshot came from (file path or label). */
  origin: string;
  parts: ControlPart[];
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const norm = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/**
 * The holder id for a name or alias ("regime" → SAA); unknown names are kept as given (user holders).
 *
 * @example
 * ```ts
 * import { canonicalHolder } from "@syraq/core";
 * canonicalHolder("regime"); // "SAA"
 * ```
 */
export function canonicalHolder(name: string): string {
  const k = norm(name);
  for (const [id, h] of Object.entries(HOLDERS)) {
    if (norm(id) === k || norm(h.name) === k || h.aliases.some((a) => norm(a) === k)) return id;
  }
  return name.trim();
}

/**
 * `--as` value → holder id, checked against the holders present in the snapshots (BAD_OPTION otherwise).
 *
 * @example
 * ```ts
 * import { resolveHolder } from "@syraq/core";
 * import { loadControl } from "@syraq/core/node";
 * resolveHolder("regime", loadControl()); // "SAA"
 * ```
 */
export function resolveHolder(name: string, snapshots: ControlSnapshot[]): string {
  const id = canonicalHolder(name);
  const present = new Set(snapshots.flatMap((s) => s.parts.map((p) => p.holder)));
  if (!present.has(id) || id === CONTESTED) {
    throw new SyraqError(
      "BAD_OPTION",
      `--as '${name}' is not a holder of the control data: use one of ${[...present].filter((h) => h !== CONTESTED).join(", ")}`,
      { name },
    );
  }
  return id;
}

function ringsOf(geometry: { type?: string; coordinates?: unknown }, where: string): LonLat[][][] {
  const bad = () =>
    new SyraqError("BAD_GEOJSON", `${where}: geometry must be a Polygon or MultiPolygon of [lon, lat] positions`, {});
  const polys =
    geometry?.type === "Polygon"
      ? [geometry.coordinates]
      : geometry?.type === "MultiPolygon"
        ? geometry.coordinates
        : null;
  if (!Array.isArray(polys)) throw bad();
  return (polys as unknown[]).map((poly) => {
    if (!Array.isArray(poly) || !poly.length) throw bad();
    return poly.map((ring) => {
      if (!Array.isArray(ring) || ring.length < 4) throw bad();
      return ring.map((p) => {
        const lon = Number((p as number[])[0]);
        const lat = Number((p as number[])[1]);
        if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lon) > 360) throw bad();
        return [lon, lat] as LonLat;
      });
    });
  });
}

/**
 * Parses a control file into snapshots (one per date, sorted by date). Coded errors (BAD_GEOJSON) on bad input.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { parseControl } from "@syraq/core";
 * const snapshots = parseControl(JSON.parse(readFileSync("control.geojson", "utf8")), "control.geojson");
 * ```
 */
export function parseControl(json: unknown, origin = "control"): ControlSnapshot[] {
  const fc = json as { type?: string; features?: unknown[] };
  if (fc?.type !== "FeatureCollection" || !Array.isArray(fc.features) || !fc.features.length) {
    throw new SyraqError(
      "BAD_GEOJSON",
      `${origin}: expected a GeoJSON FeatureCollection of Polygon/MultiPolygon features with 'holder' and 'date'`,
      { origin },
    );
  }
  const byDate = new Map<string, ControlPart[]>();
  fc.features.forEach((f, i) => {
    const feat = f as { geometry?: { type?: string; coordinates?: unknown }; properties?: Record<string, unknown> };
    const p = feat?.properties ?? {};
    const where = `${origin} feature ${i}`;
    if (typeof p.holder !== "string" || !p.holder.trim())
      throw new SyraqError("BAD_GEOJSON", `${where}: property 'holder' is required (e.g. "SAA", "IS", "SDF")`, {
        origin,
      });
    const date = String(p.date ?? "");
    if (!DATE_RE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
      throw new SyraqError("BAD_GEOJSON", `${where}: property 'date' must be YYYY-MM-DD`, { origin });
    const polygons = ringsOf(feat.geometry ?? {}, where);
    let w = Infinity;
    let s = Infinity;
    let e = -Infinity;
    let n = -Infinity;
    for (const poly of polygons)
      for (const [x, y] of poly[0]!) {
        w = Math.min(w, x);
        e = Math.max(e, x);
        s = Math.min(s, y);
        n = Math.max(n, y);
      }
    const holder = canonicalHolder(p.holder);
    const part: ControlPart = {
      holder,
      holderName: typeof p.holderName === "string" ? p.holderName : (HOLDERS[holder]?.name ?? holder),
      sources: Array.isArray(p.sources) ? p.sources.map(String) : [],
      polygons,
      bbox: [w, s, e, n],
      ...(typeof p.part === "string" ? { part: p.part } : {}),
      ...(typeof p.confidence === "string" ? { confidence: p.confidence } : {}),
      ...(typeof p.note === "string" ? { note: p.note } : {}),
    };
    const list = byDate.get(date) ?? [];
    list.push(part);
    byDate.set(date, list);
  });
  return [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, parts]) => ({ date, origin, parts }));
}

/**
 * The snapshot {@link pickSnapshot} chose for a date, and how far its date is from the asked one (days).
 */
export interface SnapshotChoice {
  snapshot: ControlSnapshot;
  /** Days from the snapshot's date to the asked date (negative: the date is before the first snapshot). */
  daysFromSnapshot: number;
  note: string;
}

const dayOf = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/**
 * The latest snapshot on or before `date` (the first one, with a note, when the date is before all).
 *
 * Throws DATA_MISSING without snapshots and BAD_OPTION for a date that is not YYYY-MM-DD.
 *
 * @example
 * ```ts
 * import { pickSnapshot } from "@syraq/core";
 * import { loadControl } from "@syraq/core/node";
 * const { snapshot, daysFromSnapshot, note } = pickSnapshot(loadControl(), "2017-10-01");
 * ```
 */
export function pickSnapshot(snapshots: ControlSnapshot[], date?: string): SnapshotChoice {
  if (!snapshots.length) throw new SyraqError("DATA_MISSING", "no control snapshots", {});
  const sorted = [...snapshots].sort((a, b) => (a.date < b.date ? -1 : 1));
  if (!date) {
    const s = sorted.at(-1)!;
    return { snapshot: s, daysFromSnapshot: 0, note: `no --date: the latest control snapshot (${s.date})` };
  }
  if (!DATE_RE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    throw new SyraqError("BAD_OPTION", `--date '${date}' is not a date: use YYYY-MM-DD, e.g. 2017-10-01`, { date });
  let pick: ControlSnapshot | undefined;
  for (const s of sorted) if (s.date <= date) pick = s;
  if (!pick) {
    const s = sorted[0]!;
    const days = Math.round(dayOf(date) - dayOf(s.date));
    return {
      snapshot: s,
      daysFromSnapshot: days,
      note: `${date} is before the first control snapshot: using ${s.date} (${-days} days later)`,
    };
  }
  const days = Math.round(dayOf(date) - dayOf(pick.date));
  return {
    snapshot: pick,
    daysFromSnapshot: days,
    note:
      days === 0
        ? `control snapshot ${pick.date}`
        : `control snapshot ${pick.date} (${days} day${days === 1 ? "" : "s"} before ${date})`,
  };
}

function inPart(part: ControlPart, p: LonLat): boolean {
  const [w, s, e, n] = part.bbox;
  if (p[0] < w || p[0] > e || p[1] < s || p[1] > n) return false;
  return part.polygons.some((poly) => pointInRings(poly as unknown as number[][][], p[0], p[1]));
}

/**
 * The part holding a point (undefined outside every area).
 *
 * @example
 * ```ts
 * import { partAt, pickSnapshot } from "@syraq/core";
 * import { loadControl } from "@syraq/core/node";
 * const { snapshot } = pickSnapshot(loadControl(), "2017-10-01");
 * partAt(snapshot, [40.1408, 35.3354])?.holderName; // who held Deir ez-Zor
 * ```
 */
export function partAt(snapshot: ControlSnapshot, p: LonLat): ControlPart | undefined {
  return snapshot.parts.find((part) => inPart(part, p));
}

/**
 * Holder id at a point, or undefined outside the control data.
 *
 * @example
 * ```ts
 * import { holderAt, pickSnapshot } from "@syraq/core";
 * import { loadControl } from "@syraq/core/node";
 * holderAt(pickSnapshot(loadControl(), "2017-10-01").snapshot, [38.284, 34.5624]); // e.g. "SAA"
 * ```
 */
export function holderAt(snapshot: ControlSnapshot, p: LonLat): string | undefined {
  return partAt(snapshot, p)?.holder;
}

/**
 * The nearest area of another holder: distance in metres, nearest point [lon, lat] degrees.
 */
export interface NearestArea {
  holder: string;
  part?: string;
  /** Geodesic distance to the nearest point of that holder's area (0 inside it), metres. */
  distanceMetres: number;
  nearest: LonLat;
}

/**
 * The nearest area of a holder other than `holder` (contested strips count as their own holder unless
 * `skipContested`): true geodesic distance on WGS84 from the point to the nearest ring (geo/line.ts).
 *
 * @example
 * ```ts
 * import { nearestOtherHolder, pickSnapshot } from "@syraq/core";
 * import { loadControl } from "@syraq/core/node";
 * const { snapshot } = pickSnapshot(loadControl(), "2017-10-01");
 * const n = nearestOtherHolder(snapshot, [38.284, 34.5624], "SAA"); // n.distanceMetres, n.holder
 * ```
 */
export function nearestOtherHolder(
  snapshot: ControlSnapshot,
  p: LonLat,
  holder: string | undefined,
  opts: { skipContested?: boolean } = {},
): NearestArea | undefined {
  let best: NearestArea | undefined;
  for (const part of snapshot.parts) {
    if (part.holder === holder || (opts.skipContested && part.holder === CONTESTED)) continue;
    if (inPart(part, p)) return { holder: part.holder, part: part.part, distanceMetres: 0, nearest: p };
    // cheap bound: skip parts whose bbox is farther (in degrees of latitude, ≥ 110.5 km per degree) than the best
    if (best) {
      const dLat = Math.max(part.bbox[1] - p[1], p[1] - part.bbox[3], 0);
      if (dLat * 110_500 > best.distanceMetres) continue;
    }
    for (const poly of part.polygons) {
      const r = nearestPointOnGeodesicLine(p, poly as LonLat[][]);
      if (!best || r.distanceMetres < best.distanceMetres)
        best = { holder: part.holder, part: part.part, distanceMetres: r.distanceMetres, nearest: r.nearest };
    }
  }
  return best;
}

/**
 * The nearest area of every holder other than `holder` (geodesic metres, 0 inside), nearest first.
 *
 * @example
 * ```ts
 * import { nearestByHolder, pickSnapshot } from "@syraq/core";
 * import { loadControl } from "@syraq/core/node";
 * const { snapshot } = pickSnapshot(loadControl(), "2017-10-01");
 * nearestByHolder(snapshot, [38.284, 34.5624], "SAA").map((a) => `${a.holder} ${a.distanceMetres / 1000} km`);
 * ```
 */
export function nearestByHolder(snapshot: ControlSnapshot, p: LonLat, holder: string | undefined): NearestArea[] {
  const holders = [...new Set(snapshot.parts.map((x) => x.holder))].filter((h) => h !== holder);
  const out: NearestArea[] = [];
  for (const h of holders) {
    const only: ControlSnapshot = { ...snapshot, parts: snapshot.parts.filter((x) => x.holder === h) };
    const n = nearestOtherHolder(only, p, undefined);
    if (n) out.push(n);
  }
  return out.sort((a, b) => a.distanceMetres - b.distanceMetres);
}
