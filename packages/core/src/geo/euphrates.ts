/**
 * The Euphrates as one line, oriented downstream (Turkey → Syria → Iraq), and
 * the bank of a point: right bank = right-hand side looking downstream (the
 * south-west bank in Syria, the "Shamiya"); left bank = the "Jazira" side.
 *
 * Natural Earth 1:10m splits the river into Firat / Al Furat / Euphrates
 * pieces (river and lake-centreline features), and the Lake Assad centreline
 * is digitised upstream. `mergeRiverPieces` chains the pieces end to end
 * (reversing any that point the wrong way, bridging small gaps between
 * pieces) and orients the result from its northern (Turkish) end. Browser-safe:
 * it takes GeoJSON features, the node loader lives in io/node/pack.ts.
 */
import { SyraqError } from "../errors.ts";
import { geodesicInverse, geodesicLineLength } from "./geodesic.ts";
import type { LonLat } from "./types.ts";
import { sideOfLine } from "./side.ts";

/**
 * One LineString piece of a river, [lon, lat] degrees.
 */
export interface RiverPiece {
  name: string;
  featureClass: string;
  coordinates: LonLat[];
}

/**
 * The Euphrates as one line oriented downstream, [lon, lat] degrees, with its geodesic length in metres.
 */
export interface EuphratesLine {
  /** One line, first vertex upstream (Turkey), last vertex downstream (Iraq). */
  coordinates: LonLat[];
  lengthMetres: number;
  /** How the pieces were joined, in downstream order. */
  pieces: Array<{ name: string; featureClass: string; vertices: number; reversed: boolean; gapBeforeMetres: number }>;
  source: string;
}

/**
 * A river bank, looking downstream.
 */
export type Bank = "right" | "left";

/**
 * Which bank a point is on ({@link euphratesBank}), its distance to the river and position along it in metres.
 */
export interface BankResult {
  bank: Bank;
  /** Geodesic distance from the point to the river centreline, metres. */
  distanceMetres: number;
  /** Nearest point of the centreline, [lon, lat]. */
  nearest: LonLat;
  /** Distance along the river from its upstream end (the pack's northern edge) to the nearest point, metres. */
  riverMetres: number;
  /** True when the nearest point is the river's first or last vertex and the point lies past it (the bank is then an extrapolation). */
  beyondEnd: boolean;
}

/** Names of the Euphrates pieces in Natural Earth (Turkish, Arabic, English). */
export const EUPHRATES_NAMES = /^(firat|al furat|euphrates)$/i;

/** Largest gap bridged between consecutive pieces. */
const MAX_GAP_METRES = 5_000;

interface LineFeatureLike {
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates: unknown } | null;
}

/**
 * The Euphrates pieces of a rivers FeatureCollection (each LineString part is one piece).
 *
 * @example
 * ```ts
 * import { euphratesPieces } from "@syraq/core";
 * import { dataFile, readGeoJsonFile, resolveDataDir, RIVERS_FILE } from "@syraq/core/node";
 * const rivers = readGeoJsonFile(dataFile(resolveDataDir(), RIVERS_FILE)) as { features?: never[] };
 * euphratesPieces(rivers).length;
 * ```
 */
export function euphratesPieces(collection: { features?: LineFeatureLike[] }): RiverPiece[] {
  const out: RiverPiece[] = [];
  for (const f of collection.features ?? []) {
    const name = String(f.properties?.name ?? "");
    if (!EUPHRATES_NAMES.test(name) || !f.geometry) continue;
    const featureClass = String(f.properties?.featurecla ?? "");
    const g = f.geometry;
    const parts =
      g.type === "LineString"
        ? [g.coordinates as LonLat[]]
        : g.type === "MultiLineString"
          ? (g.coordinates as LonLat[][])
          : [];
    for (const c of parts)
      if (c.length >= 2) out.push({ name, featureClass, coordinates: c.map((p) => [p[0], p[1]] as LonLat) });
  }
  return out;
}

/**
 * Chains river pieces into one line, reversing pieces as needed, and orients it
 * so that it starts at the more northern free end (the Euphrates flows from
 * Turkey south-east to Iraq). Throws DATA_CORRUPT when a piece cannot be joined.
 *
 * @example
 * ```ts
 * import { mergeRiverPieces } from "@syraq/core";
 * const river = mergeRiverPieces([
 *   { name: "Euphrates", featureClass: "River", coordinates: [[39.5, 35.9], [40.1, 35.3]] },
 *   { name: "Euphrates", featureClass: "River", coordinates: [[38.2, 36.7], [39.5, 35.9]] },
 * ]); // river.coordinates run from 36.7° N (upstream) downstream
 * ```
 */
export function mergeRiverPieces(pieces: RiverPiece[], source = "pieces"): EuphratesLine {
  if (pieces.length === 0)
    throw new SyraqError("DATA_CORRUPT", `no Euphrates pieces (Firat / Al Furat / Euphrates) found in ${source}`, {
      source,
    });
  const d = (a: LonLat, b: LonLat) => geodesicInverse(a, b).lengthMetres;
  // Free ends: endpoints with no other piece's endpoint within MAX_GAP_METRES.
  const ends: Array<{ piece: number; atStart: boolean; p: LonLat }> = [];
  pieces.forEach((pc, i) => {
    ends.push({ piece: i, atStart: true, p: pc.coordinates[0] });
    ends.push({ piece: i, atStart: false, p: pc.coordinates[pc.coordinates.length - 1] });
  });
  const free = ends.filter((e) => !ends.some((o) => o.piece !== e.piece && d(e.p, o.p) <= MAX_GAP_METRES));
  if (free.length === 0)
    throw new SyraqError("DATA_CORRUPT", `the Euphrates pieces in ${source} form a loop`, { source });
  // Upstream = the northernmost free end (ties: the westernmost).
  free.sort((a, b) => b.p[1] - a.p[1] || a.p[0] - b.p[0]);
  const first = free[0];
  const used = new Set<number>([first.piece]);
  const orient = (i: number, reverse: boolean) =>
    reverse ? pieces[i].coordinates.slice().reverse() : pieces[i].coordinates.slice();
  const coords: LonLat[] = orient(first.piece, !first.atStart);
  const joined: EuphratesLine["pieces"] = [
    {
      name: pieces[first.piece].name,
      featureClass: pieces[first.piece].featureClass,
      vertices: pieces[first.piece].coordinates.length,
      reversed: !first.atStart,
      gapBeforeMetres: 0,
    },
  ];
  while (used.size < pieces.length) {
    const tail = coords[coords.length - 1];
    let best: { piece: number; reverse: boolean; gap: number } | undefined;
    pieces.forEach((pc, i) => {
      if (used.has(i)) return;
      const gs = d(tail, pc.coordinates[0]);
      const ge = d(tail, pc.coordinates[pc.coordinates.length - 1]);
      const cand = gs <= ge ? { piece: i, reverse: false, gap: gs } : { piece: i, reverse: true, gap: ge };
      if (!best || cand.gap < best.gap) best = cand;
    });
    if (!best || best.gap > MAX_GAP_METRES) {
      const left = pieces.filter((_, i) => !used.has(i)).map((p) => p.name);
      throw new SyraqError(
        "DATA_CORRUPT",
        `cannot chain the Euphrates pieces in ${source}: ${left.join(", ")} do not join the line within ${MAX_GAP_METRES / 1000} km`,
        { source },
      );
    }
    const seg = orient(best.piece, best.reverse);
    const startIndex = best.gap === 0 ? 1 : 0;
    for (let k = startIndex; k < seg.length; k++) coords.push(seg[k]);
    used.add(best.piece);
    const pc = pieces[best.piece];
    joined.push({
      name: pc.name,
      featureClass: pc.featureClass,
      vertices: pc.coordinates.length,
      reversed: best.reverse,
      gapBeforeMetres: best.gap,
    });
  }
  return { coordinates: coords, lengthMetres: geodesicLineLength(coords), pieces: joined, source };
}

/**
 * Builds the downstream-oriented Euphrates from a Natural Earth rivers FeatureCollection.
 *
 * @example
 * ```ts
 * import { euphratesFromRivers } from "@syraq/core";
 * import { dataFile, readGeoJsonFile, resolveDataDir, RIVERS_FILE } from "@syraq/core/node";
 * const rivers = readGeoJsonFile(dataFile(resolveDataDir(), RIVERS_FILE)) as { features?: never[] };
 * const river = euphratesFromRivers(rivers);
 * river.lengthMetres / 1000; // km within the pack
 * ```
 */
export function euphratesFromRivers(collection: { features?: LineFeatureLike[] }, source = "rivers"): EuphratesLine {
  return mergeRiverPieces(euphratesPieces(collection), source);
}

/**
 * Which bank of the Euphrates a point is on (right = right-hand side looking downstream).
 *
 * @example
 * ```ts
 * import { euphratesBank } from "@syraq/core";
 * import { loadEuphrates, resolveDataDir } from "@syraq/core/node";
 * const b = euphratesBank(loadEuphrates(resolveDataDir()), [40.4519, 35.0207]); // Mayadeen
 * b.bank; // "right": south-west of the river; b.distanceMetres to the centreline
 * ```
 */
export function euphratesBank(river: EuphratesLine, point: LonLat): BankResult {
  const s = sideOfLine(point, river.coordinates);
  // A point exactly on the centreline has no bank; call it by the side it would fall on a hair to the right.
  const bank: Bank = s.side === "left" ? "left" : "right";
  return {
    bank,
    distanceMetres: s.distanceMetres,
    nearest: s.nearest,
    riverMetres: s.alongPartMetres,
    beyondEnd: s.beyondEnd,
  };
}
