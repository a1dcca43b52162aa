/**
 * River crossings (bridges, dams, pontoons, ferries) and their status by date.
 *
 * Rule (documented in docs/route-graph.md):
 *  - without a date, permanent crossings (bridge, dam) are open and temporary ones
 *    (pontoon, ferry) do not exist: the pre-war network;
 *  - with a date D, a crossing's state is that of its last status entry dated ≤ D;
 *    before any entry a permanent crossing is open and a temporary one absent;
 *    states "open" count as usable, everything else ("destroyed", "damaged", "closed") not;
 *  - then `--closed NAME` closes and `--open NAME` opens named crossings (names,
 *    aliases, case- and punctuation-insensitive); an unknown name is an error.
 */
import { SyraqError } from "../errors.ts";
import { checkIsoDate, isIsoCalendarDate } from "../util/dates.ts";
import type { LonLat } from "../geo/types.ts";
import { normaliseName, suggest } from "./names.ts";

/**
 * How a crossing spans its river.
 */
export type CrossingKind = "bridge" | "dam" | "pontoon" | "ferry";
/**
 * A crossing's state from a status date on; only "open" lets traffic across.
 */
export type CrossingState = "open" | "destroyed" | "damaged" | "closed";

/**
 * One dated entry of a crossing's history: the state holding from `from` (YYYY-MM-DD) on.
 */
export interface CrossingStatus {
  /** ISO date YYYY-MM-DD from which this state holds. */
  from: string;
  state: CrossingState;
  controlledBy?: string;
  note?: string;
}

/**
 * A declared river crossing (bridge, dam, pontoon or ferry) with its dated status history; `position` is [lon, lat]
 * in degrees.
 */
export interface Crossing {
  name: string;
  aliases: string[];
  /** Barrier river it spans ("euphrates", "khabur", "tigris", …). */
  river: string;
  kind: CrossingKind;
  position: LonLat;
  status: CrossingStatus[];
  sources: string[];
  approximate: boolean;
  note?: string;
  /** Ferries: waiting + crossing time, minutes (replaces the model's ferry delay). */
  crossingMinutes?: number;
  /** false: people only (boats); vehicle models cannot use it. */
  vehicles?: boolean;
}

/**
 * Which crossings are open for a search: the statuses on `date`, then names forced `closed` and `open`.
 */
export interface CrossingSelection {
  /** ISO date YYYY-MM-DD; statuses by date. */
  date?: string;
  closed?: string[];
  open?: string[];
}

/**
 * The outcome of {@link selectCrossings} for one crossing.
 */
export interface CrossingDecision {
  crossing: Crossing;
  open: boolean;
  /** Why: "peacetime", "status 2016-09-28 destroyed", "--closed", "--open". */
  reason: string;
}

const KINDS: readonly CrossingKind[] = ["bridge", "dam", "pontoon", "ferry"];
const STATES: readonly CrossingState[] = ["open", "destroyed", "damaged", "closed"];

/**
 * Parses crossings from a GeoJSON FeatureCollection of Points (data/crossings/*.geojson or a user file).
 *
 * Throws BAD_GEOJSON (exit 2) naming the feature when a crossing lacks a name, position or valid status dates.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { parseCrossings } from "@syraq/core";
 * const crossings = parseCrossings(JSON.parse(readFileSync("crossings.geojson", "utf8")), "crossings.geojson");
 * ```
 */
export function parseCrossings(fc: unknown, origin = "crossings"): Crossing[] {
  const f = fc as { type?: string; features?: unknown[] };
  if (f?.type !== "FeatureCollection" || !Array.isArray(f.features)) {
    throw new SyraqError("BAD_GEOJSON", `${origin}: expected a GeoJSON FeatureCollection of Point crossings`, {
      origin,
    });
  }
  return f.features.map((feat, i) => {
    const fe = (feat ?? {}) as {
      geometry?: { type?: unknown; coordinates?: unknown } | null;
      properties?: Record<string, unknown> | null;
    };
    const g = fe.geometry;
    const p = fe.properties ?? {};
    const where = `${origin} feature ${i}${p.name ? ` ('${p.name}')` : ""}`;
    if (g?.type !== "Point" || !Array.isArray(g.coordinates) || g.coordinates.length < 2) {
      throw new SyraqError("BAD_GEOJSON", `${where}: geometry must be a Point [lon, lat]`, { origin, index: i });
    }
    const [lon, lat] = g.coordinates as unknown[];
    if (typeof lon !== "number" || typeof lat !== "number" || !Number.isFinite(lon) || !Number.isFinite(lat))
      throw new SyraqError("BAD_GEOJSON", `${where}: the Point's coordinates must be two numbers [lon, lat]`, {
        origin,
        index: i,
      });
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90)
      throw new SyraqError(
        "BAD_GEOJSON",
        `${where}: [${lon}, ${lat}] is not a position in degrees (longitude within ±180, latitude within ±90)`,
        { origin, index: i },
      );
    if (typeof p.name !== "string" || !p.name)
      throw new SyraqError("BAD_GEOJSON", `${where}: property 'name' is required`, { origin, index: i });
    if (typeof p.river !== "string" || !p.river)
      throw new SyraqError("BAD_GEOJSON", `${where}: property 'river' is required (euphrates, khabur, tigris)`, {
        origin,
        index: i,
      });
    const kind = (p.kind ?? "bridge") as CrossingKind;
    if (!KINDS.includes(kind))
      throw new SyraqError("BAD_GEOJSON", `${where}: kind '${kind}' is not one of ${KINDS.join(", ")}`, {
        origin,
        index: i,
      });
    const status: CrossingStatus[] = (Array.isArray(p.status) ? p.status : []).map((raw: unknown, j: number) => {
      const s = (raw ?? {}) as { from?: unknown; state?: unknown; controlledBy?: unknown; note?: unknown };
      if (!s || typeof s.from !== "string" || !isIsoCalendarDate(s.from)) {
        throw new SyraqError("BAD_GEOJSON", `${where}: status[${j}].from must be YYYY-MM-DD`, { origin, index: i });
      }
      if (!STATES.includes(s.state as CrossingState))
        throw new SyraqError(
          "BAD_GEOJSON",
          `${where}: status[${j}].state '${s.state}' is not one of ${STATES.join(", ")}`,
          { origin, index: i },
        );
      return {
        from: s.from,
        state: s.state as CrossingState,
        ...(s.controlledBy ? { controlledBy: String(s.controlledBy) } : {}),
        ...(s.note ? { note: String(s.note) } : {}),
      };
    });
    status.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    return {
      name: p.name,
      aliases: Array.isArray(p.aliases) ? p.aliases.map(String) : [],
      river: String(p.river).toLowerCase(),
      kind,
      position: [Number(g.coordinates[0]), Number(g.coordinates[1])] as LonLat,
      status,
      sources: Array.isArray(p.sources) ? p.sources.map(String) : [],
      approximate: p.approximate !== false,
      ...(p.note ? { note: String(p.note) } : {}),
      ...(typeof p.crossingMinutes === "number" && p.crossingMinutes >= 0
        ? { crossingMinutes: p.crossingMinutes }
        : {}),
      ...(p.vehicles === false ? { vehicles: false } : {}),
    };
  });
}

const isTemporary = (c: Crossing) => c.kind === "pontoon" || c.kind === "ferry";

/**
 * State of one crossing on a date (no date: peacetime rule).
 *
 * @example
 * ```ts
 * import { crossingStateOn, findCrossing } from "@syraq/core";
 * import { loadCrossings } from "@syraq/core/node";
 * const c = findCrossing(loadCrossings(), "Raqqa old bridge");
 * crossingStateOn(c, "2017-09-20"); // { open: false, reason: "destroyed since 2017-02-02 (…)" }
 * ```
 */
export function crossingStateOn(c: Crossing, date?: string): { open: boolean; reason: string } {
  if (!date)
    return isTemporary(c)
      ? { open: false, reason: "temporary crossing, no --date" }
      : { open: true, reason: "peacetime (no --date)" };
  let current: CrossingStatus | undefined;
  for (const s of c.status) if (s.from <= date) current = s;
  if (!current)
    return isTemporary(c)
      ? { open: false, reason: `not yet in place on ${date}` }
      : { open: true, reason: `no recorded event before ${date}` };
  return {
    open: current.state === "open",
    reason: `${current.state} since ${current.from}${current.note ? ` (${current.note})` : ""}`,
  };
}

/**
 * Finds a crossing by name or alias; UNKNOWN_CROSSING-style BAD_OPTION with suggestions otherwise.
 *
 * @example
 * ```ts
 * import { findCrossing } from "@syraq/core";
 * import { loadCrossings } from "@syraq/core/node";
 * const bridge = findCrossing(loadCrossings(), "Raqqa old bridge"); // bridge.position: [lon, lat] degrees
 * ```
 */
export function findCrossing(crossings: Crossing[], name: string, flag = "--closed"): Crossing {
  const key = normaliseName(name);
  const exact = crossings.filter(
    (c) => normaliseName(c.name) === key || c.aliases.some((a) => normaliseName(a) === key),
  );
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) {
    throw new SyraqError(
      "BAD_OPTION",
      `${flag} '${name}' matches several crossings: ${exact.map((c) => c.name).join(", ")}; use the full name`,
      { name },
    );
  }
  const partial = crossings.filter((c) => normaliseName(c.name).includes(key));
  if (partial.length === 1) return partial[0]!;
  const names = crossings.map((c) => c.name);
  const hint =
    partial.length > 1
      ? `it matches ${partial.map((c) => c.name).join(", ")}`
      : `did you mean ${suggest(name, names, 3).join(", ")}?`;
  throw new SyraqError(
    "BAD_OPTION",
    `${flag} '${name}' is not a known crossing: ${hint} (the crossings are listed in data/crossings/crossings.geojson)`,
    { name },
  );
}

/**
 * Applies the date rule, then --closed and --open, to every crossing.
 *
 * @example
 * ```ts
 * import { selectCrossings } from "@syraq/core";
 * import { loadCrossings } from "@syraq/core/node";
 * const decisions = selectCrossings(loadCrossings(), { date: "2017-09-20", closed: ["Raqqa old bridge"] });
 * const open = decisions.filter((d) => d.open).map((d) => d.crossing.name);
 * ```
 */
export function selectCrossings(crossings: Crossing[], sel: CrossingSelection = {}): CrossingDecision[] {
  if (sel.date) checkIsoDate(sel.date);
  const decisions = crossings.map((c) => ({ crossing: c, ...crossingStateOn(c, sel.date) }));
  for (const name of sel.closed ?? []) {
    const c = findCrossing(crossings, name, "--closed");
    const d = decisions.find((x) => x.crossing === c)!;
    d.open = false;
    d.reason = "--closed";
  }
  for (const name of sel.open ?? []) {
    const c = findCrossing(crossings, name, "--open");
    const d = decisions.find((x) => x.crossing === c)!;
    d.open = true;
    d.reason = "--open";
  }
  return decisions;
}
