/**
 * The gazetteer: named places of the region with transliteration-tolerant lookup.
 * Browser-safe: it is built from GeoJSON FeatureCollections already in memory
 * (see build.ts); the node loader reads them from the data pack.
 *
 * Lookup tiers, first hit wins:
 *   1. exact    strictKey (case, diacritics, articles, spaces, hyphens, apostrophes ignored; Arabic normalised)
 *   2. spelling spellingKey (q/k, ou/u, ee/i, e/a, dh/d/z, th/t, kh/k, sh/ch, -ah/-a, doubled letters …)
 *   3. spelling again with a glued article stripped from the first word ("Alqamishli", "Elmayadin")
 *   4. fuzzy    nearest spellingKey by edit distance, within a tolerance growing with the length,
 *               accepted only when one place is strictly nearest
 * Qualifiers narrow any tier: "Name, Country", "Name, Governorate", `opts.country`, and a
 * "governorate"/"province"/"محافظة" word selects governorates.
 *
 * Choosing among several distinct places (the ambiguity rule, in order):
 *   a. matches lying within 10 km of each other with the same kind are one place (duplicates in sources);
 *   b. towns and sites beat governorates and regions of the same name ("Aleppo" is the city;
 *      say "Aleppo governorate" for the province);
 *   c. a single seed place among them wins (the project's curated places, e.g. Iraq's Sinjar);
 *   d. the most populous wins when it has at least 10× the population of the next one
 *      (unknown population counts as 5 000);
 *   e. otherwise AMBIGUOUS_PLACE, listing each candidate with governorate and country.
 */
import { SyraqError } from "../errors.ts";
import { editDistance } from "../util/strings.ts";
import { geodesicInverse } from "../geo/geodesic.ts";
import { parseCoordinate } from "../geo/coordinates.ts";
import { fuzzyTolerance, isArabicScript, latinTokens, spellingKey, strictKey } from "./normalize.ts";
import { pointInGeometry } from "../geo/polygon.ts";
import type { Location, LookupOptions, MatchKind, Place } from "./types.ts";

/** Countries of the pack's bbox with the names a user may type. */
export const COUNTRIES: Record<string, { name: string; aliases: string[] }> = {
  SY: { name: "Syria", aliases: ["Syrian Arab Republic", "Syrie", "سوريا", "سورية", "SYR"] },
  IQ: { name: "Iraq", aliases: ["Irak", "العراق", "IRQ"] },
  TR: { name: "Turkey", aliases: ["Türkiye", "Turkiye", "تركيا", "TUR"] },
  JO: { name: "Jordan", aliases: ["Jordanie", "الأردن", "JOR"] },
  LB: { name: "Lebanon", aliases: ["Liban", "لبنان", "LBN"] },
  IL: { name: "Israel", aliases: ["ISR"] },
  PS: { name: "Palestine", aliases: ["West Bank", "PSE"] },
  IR: { name: "Iran", aliases: ["ایران", "إيران", "IRN"] },
  SA: { name: "Saudi Arabia", aliases: ["KSA", "السعودية", "SAU"] },
};

/**
 * English name of an ISO 3166-1 alpha-2 code of the region ("SY" → "Syria"); the code itself when unknown.
 *
 * @example
 * ```ts
 * import { countryName } from "@syraq/core";
 * countryName("IQ"); // "Iraq"
 * ```
 */
export function countryName(code: string): string {
  return COUNTRIES[code]?.name ?? code;
}

const KIND_WORDS = new Set([
  "governorate",
  "governorates",
  "province",
  "gouvernorat",
  "muhafazat",
  "muhafazah",
  "muhafaza",
  "mohafazat",
  "mohafaza",
  "wilayat",
  "محافظه",
  "محافظة",
]);

/** A match with how it was found. */
export interface PlaceMatch {
  place: Place;
  match: Exclude<MatchKind, "coordinate">;
  /** A fuzzy match is never silent: what was matched, and the next candidate with its distance from the match. */
  warning?: string;
  nextCandidate?: { name: string; distanceMetres: number };
}

interface Query {
  text: string;
  name: string;
  country?: string;
  admin1?: Place;
  kind?: Place["kind"];
}

const DUPLICATE_RADIUS_METRES = 10_000;
const UNKNOWN_POPULATION = 5_000;

/** Per place, the [strictKey, spellingKey] of each of its names (name, Arabic name, aliases). */
export type GazetteerKeys = ReadonlyArray<ReadonlyArray<readonly [string, string]>>;

/**
 * The lookup keys of every place's names, in `places` order: what `new Gazetteer(places, keys)` would otherwise
 * compute. Plain strings, so they can be cached beside the places (the CLI does, keyed by the data's checksums).
 *
 * @example
 * ```ts
 * import { Gazetteer, gazetteerKeys } from "@syraq/core";
 * import { loadGazetteer, resolveDataDir } from "@syraq/core/node";
 * const places = loadGazetteer(resolveDataDir()).all();
 * const keys = gazetteerKeys(places); // cache these; then:
 * const fast = new Gazetteer(places, keys);
 * ```
 */
export function gazetteerKeys(places: readonly Place[]): Array<Array<[string, string]>> {
  return places.map((p) => namesOf(p).map((n): [string, string] => [strictKey(n), spellingKey(n)]));
}

/**
 * The place index: lookups by name in Latin or Arabic script, tolerant of transliteration variants and (with a
 * warning) of misspellings, optionally restricted to a country. Coordinates are degrees (WGS84).
 *
 * Lookups throw UNKNOWN_PLACE (with the nearest spellings), AMBIGUOUS_PLACE (listing the candidates and how to
 * qualify them), BAD_ARGUMENT for an empty name or a qualifier contradicting `country`, and BAD_OPTION for an unknown
 * country; all exit 2 in the CLI.
 *
 * @example
 * ```ts
 * import { loadGazetteer, resolveDataDir } from "@syraq/core/node";
 * const gazetteer = loadGazetteer(resolveDataDir());
 * const p = gazetteer.lookup("Deir ez-Zor", { country: "SY" }); // p.lon, p.lat, p.population, p.nameAr
 * gazetteer.governorateAt(40.45, 35.02)?.name; // "Deir ez-Zor"
 * ```
 */
export class Gazetteer {
  private readonly places: Place[];
  private readonly byId = new Map<string, Place>();
  private readonly strict = new Map<string, Set<Place>>();
  private readonly spelling = new Map<string, Set<Place>>();
  private readonly countryKeys = new Map<string, string>();
  private spellingKeys: string[] | undefined;
  private skeletons: Map<string, string[]> | undefined;

  /**
   * @param places every place (ids unique)
   * @param keys the lookup keys of each place's names, as `gazetteerKeys(places)` gives them: pass them when they
   *   were cached (computing them is most of the construction time); computed here when absent.
   */
  constructor(places: Place[], keys?: GazetteerKeys) {
    this.places = places;
    const known = keys && keys.length === places.length ? keys : gazetteerKeys(places);
    places.forEach((p, i) => {
      if (this.byId.has(p.id)) throw new SyraqError("INTERNAL", `duplicate place id ${p.id}`);
      this.byId.set(p.id, p);
      for (const [strict, spelling] of known[i]) {
        add(this.strict, strict, p);
        add(this.spelling, spelling, p);
      }
    });
    for (const [code, c] of Object.entries(COUNTRIES)) {
      for (const n of [code, c.name, ...c.aliases]) this.countryKeys.set(strictKey(n), code);
    }
  }

  /** Every place (towns, sites, governorates, regions). */
  all(): Place[] {
    return this.places;
  }

  get(id: string): Place | undefined {
    return this.byId.get(id);
  }

  /** Governorates / provinces (admin-1 polygons of the pack). */
  governorates(): Place[] {
    return this.places.filter((p) => p.kind === "governorate");
  }

  /** The governorate containing a point (pack admin-1 polygons), if any. */
  governorateAt(lon: number, lat: number): Place | undefined {
    return this.governorates().find((g) => g.geometry && pointInGeometry(g.geometry, lon, lat));
  }

  /** ISO alpha-2 code for a country name or code, or undefined. */
  countryCode(text: string): string | undefined {
    return this.countryKeys.get(strictKey(text));
  }

  /**
   * The single place a name denotes. Throws UNKNOWN_PLACE (with the three
   * nearest names) or AMBIGUOUS_PLACE (listing candidates and how to choose).
   */
  lookup(name: string, opts: LookupOptions = {}): Place {
    return this.match(name, opts).place;
  }

  /** Like lookup, and says how the name matched (exact, spelling variant or fuzzy). */
  match(name: string, opts: LookupOptions = {}): PlaceMatch {
    const q = this.parseQuery(name, opts);
    const tiers: Array<[PlaceMatch["match"], () => Place[]]> = [
      ["exact", () => [...(this.strict.get(strictKey(q.name)) ?? [])]],
      ["spelling", () => [...(this.spelling.get(spellingKey(q.name)) ?? [])]],
      ["spelling", () => this.gluedArticleMatches(q.name)],
    ];
    let filteredOut: Place[] = [];
    // A tier holding only governorates/regions does not stop the search when a later
    // tier finds a town: "Rakka" is a listed alias of the governorate but the town is meant.
    let areaOnly: { hits: Place[]; match: PlaceMatch["match"] } | undefined;
    for (const [kind, find] of tiers) {
      const raw = find();
      if (!raw.length) continue;
      const hits = this.applyQualifiers(raw, q);
      if (!hits.length) {
        filteredOut = raw;
        continue;
      }
      if (!q.kind && !hits.some(isPointPlace)) {
        areaOnly ??= { hits, match: kind };
        continue;
      }
      return { place: this.choose(hits, q), match: areaOnly ? areaOnly.match : kind };
    }
    if (areaOnly) return { place: this.choose(areaOnly.hits, q), match: areaOnly.match };
    if (filteredOut.length) throw this.noneWithQualifiers(q, filteredOut);
    const fuzzy = this.skeletonMatch(q) ?? this.fuzzyMatch(q);
    if (fuzzy) {
      if (opts.strict)
        throw new SyraqError(
          "UNKNOWN_PLACE",
          `'${name.trim()}' is not a known name; the nearest spelling is ${placeLabel(fuzzy)} (refused: strict lookup takes exact names and spelling variants only)`,
          { input: name, nearest: fuzzy.name },
        );
      return { place: fuzzy, match: "fuzzy", ...this.fuzzyWarning(name, fuzzy, opts) };
    }
    const asCountry = this.countryCode(q.name);
    if (asCountry) {
      throw new SyraqError(
        "UNKNOWN_PLACE",
        `'${q.name}' is a country, not a place: name a town, site or governorate, or use the country as a qualifier ("Sinjar, ${countryName(asCountry)}" or --country ${asCountry})`,
        { input: name, country: asCountry },
      );
    }
    const suggestions = this.suggest(q.name, 3, opts);
    throw new SyraqError(
      "UNKNOWN_PLACE",
      `unknown place '${name.trim()}'${suggestions.length ? `: did you mean ${suggestions.map(placeLabel).join(", ")}?` : ""}` +
        ' (or give coordinates, e.g. "34.229,37.240" lat,lon)',
      {
        input: name,
        suggestions: suggestions.map((s) => ({ id: s.id, name: s.name, admin1: s.admin1, country: s.country })),
      },
    );
  }

  /** Every distinct place a name could denote (qualifiers applied, duplicates merged, no winner picked). */
  candidates(name: string, opts: LookupOptions = {}): Place[] {
    const q = this.parseQuery(name, opts);
    const raw = [...(this.strict.get(strictKey(q.name)) ?? [])];
    const hits = raw.length ? raw : [...(this.spelling.get(spellingKey(q.name)) ?? [])];
    return mergeDuplicates(this.applyQualifiers(hits, q));
  }

  /** The `count` places whose names are nearest to `name` (edit distance on spelling keys). */
  suggest(name: string, count = 3, opts: LookupOptions = {}): Place[] {
    const key = spellingKey(stripKindWords(name));
    if (!key) return [];
    const country = opts.country ? this.requireCountry(opts.country) : undefined;
    const scored: Array<{ place: Place; d: number; prefix: number }> = [];
    const best = new Map<Place, { d: number; prefix: number }>();
    for (const [k, set] of this.spelling) {
      const d = editDistance(key, k);
      const prefix = commonPrefix(key, k);
      for (const p of set) {
        if (country && p.country !== country) continue;
        const prev = best.get(p);
        if (prev === undefined || d < prev.d || (d === prev.d && prefix > prev.prefix)) best.set(p, { d, prefix });
      }
    }
    for (const [place, v] of best) scored.push({ place, ...v });
    // nearest first; among equals the one sharing the longest beginning, then seed/population
    scored.sort(
      (a, b) =>
        a.d - b.d || b.prefix - a.prefix || rank(b.place) - rank(a.place) || a.place.name.localeCompare(b.place.name),
    );
    const out: Place[] = [];
    const seen = new Set<string>();
    for (const s of scored) {
      const l = placeLabel(s.place);
      if (seen.has(l)) continue;
      seen.add(l);
      out.push(s.place);
      if (out.length === count) break;
    }
    return out;
  }

  // ---------------------------------------------------------------- internals

  /** ISO alpha-2 code for a country name or code; BAD_OPTION listing the accepted ones otherwise. */
  requireCountry(text: string): string {
    const code = this.countryCode(text);
    if (!code) {
      throw new SyraqError(
        "BAD_OPTION",
        `unknown country '${text}': use an ISO 3166-1 code or name, one of ${Object.entries(COUNTRIES)
          .map(([c, v]) => `${c} (${v.name})`)
          .join(", ")}`,
        { country: text },
      );
    }
    return code;
  }

  private parseQuery(text: string, opts: LookupOptions): Query {
    let body = text.trim().replace(/\s+/g, " ");
    const qualifiers: string[] = [];
    const paren = /\(([^()]*)\)\s*$/.exec(body);
    if (paren) {
      qualifiers.push(paren[1]!.trim());
      body = body.slice(0, paren.index).trim();
    }
    const parts = body
      .split(/[,،]/)
      .map((s) => s.trim())
      .filter(Boolean);
    const name = parts.shift() ?? "";
    qualifiers.unshift(...parts);
    const q: Query = { text, name };
    if (opts.country) q.country = this.requireCountry(opts.country);
    const stripped = stripKindWords(name);
    if (stripped !== name.trim() && stripped) {
      q.kind = "governorate";
      q.name = stripped;
    }
    if (!q.name) throw new SyraqError("BAD_ARGUMENT", `empty place name in '${text}'`, { input: text });
    for (const qual of qualifiers) {
      const code = this.countryCode(qual);
      if (code) {
        if (q.country && q.country !== code) {
          throw new SyraqError("BAD_ARGUMENT", `'${text}' names country ${code} but --country is ${q.country}`, {
            input: text,
          });
        }
        q.country = code;
        continue;
      }
      const gov = this.resolveGovernorate(qual);
      if (gov) {
        q.admin1 = gov;
        continue;
      }
      throw new SyraqError(
        "UNKNOWN_PLACE",
        `in '${text}': '${qual}' is neither a country (SY, IQ, Syria, Iraq, …) nor a governorate (e.g. ${this.governorates()
          .filter((g) => (g.country === "SY" || g.country === "IQ") && !g.admin1Code?.startsWith("SY-X"))
          .slice(0, 6)
          .map((g) => g.name)
          .join(", ")}, …)`,
        { input: text, qualifier: qual },
      );
    }
    return q;
  }

  private resolveGovernorate(text: string): Place | undefined {
    const t = stripKindWords(text) || text;
    for (const map of [this.strict, this.spelling] as const) {
      const key = map === this.strict ? strictKey(t) : spellingKey(t);
      const govs = [...(map.get(key) ?? [])].filter((p) => p.kind === "governorate");
      if (govs.length === 1) return govs[0];
      if (govs.length > 1) {
        // "Damascus" is both the city governorate and, in some sources, Rif Dimashq: prefer the primary name
        const primary = govs.filter((g) => strictKey(g.name) === strictKey(t));
        if (primary.length === 1) return primary[0];
        return govs[0];
      }
    }
    return undefined;
  }

  private applyQualifiers(places: Place[], q: Query): Place[] {
    return places.filter(
      (p) =>
        (!q.country || p.country === q.country) &&
        (!q.kind || p.kind === q.kind) &&
        (!q.admin1 || p === q.admin1 || p.admin1 === q.admin1.name),
    );
  }

  private gluedArticleMatches(name: string): Place[] {
    if (isArabicScript(name)) return [];
    const words = latinTokens(name);
    const glued = /^(?:al|el|ul)(.{3,})$/;
    if (!words.some((w) => glued.test(w))) return [];
    // "Alqamishli", "Dair Alzour": the article written together with the word
    const rest = words.map((w) => glued.exec(w)?.[1] ?? w).join(" ");
    return [...(this.strict.get(strictKey(rest)) ?? this.spelling.get(spellingKey(rest)) ?? [])];
  }

  /** Same consonants in the same order (vowels dropped): "Khsham" = "Khusham", "Kbajeb" = "Kabajeb". Only a clear winner counts. */
  private skeletonMatch(q: Query): Place | undefined {
    const key = skeletonOf(spellingKey(q.name));
    if (key.length < 2 || (key.length < 3 && strictKey(q.name).length < 4)) return undefined;
    if (!this.skeletons) {
      this.skeletons = new Map();
      for (const k of this.spelling.keys()) {
        const sk = skeletonOf(k);
        this.skeletons.set(sk, [...(this.skeletons.get(sk) ?? []), k]);
      }
    }
    const full = spellingKey(q.name);
    // vowels may differ, but not too many of them ("Kbn" must not become any k-b-n word)
    const maxEdits = key.length < 3 ? 1 : 2; // two-consonant names ("Qaem" = "Qaim") may differ by one vowel only
    const keys = (this.skeletons.get(key) ?? []).filter((k) => editDistance(k, full) <= maxEdits);
    const hits = this.applyQualifiers(
      keys.flatMap((k) => [...this.spelling.get(k)!]),
      q,
    );
    if (!hits.length) return undefined;
    try {
      return this.choose(hits, q);
    } catch {
      return undefined; // several comparable places: leave it to suggestions
    }
  }

  /** The warning a fuzzy match carries: the next candidate by spelling and its geodesic distance from the match. */
  private fuzzyWarning(name: string, place: Place, opts: LookupOptions): Pick<PlaceMatch, "warning" | "nextCandidate"> {
    const next = this.suggest(name, 4, { ...opts, strict: false }).find((p) => p.name !== place.name);
    const nextCandidate = next
      ? {
          name: placeLabel(next),
          distanceMetres: geodesicInverse([place.lon, place.lat], [next.lon, next.lat]).lengthMetres,
        }
      : undefined;
    return {
      warning:
        `'${name.trim()}' is not a known name: read as ${placeLabel(place)} by nearest spelling` +
        (nextCandidate
          ? `; next candidate ${nextCandidate.name}, ${(nextCandidate.distanceMetres / 1000).toFixed(0)} km away from it`
          : "") +
        " (check this is the place you mean; strict lookup refuses it)",
      ...(nextCandidate ? { nextCandidate } : {}),
    };
  }

  private fuzzyMatch(q: Query): Place | undefined {
    const key = spellingKey(q.name);
    const tol = fuzzyTolerance(key.length);
    if (tol === 0) return undefined;
    this.spellingKeys ??= [...this.spelling.keys()];
    let bestD = Infinity;
    let bestPlaces: Place[] = [];
    for (const k of this.spellingKeys) {
      if (Math.abs(k.length - key.length) > tol) continue;
      const d = editDistance(key, k);
      if (d > tol || d > bestD) continue;
      const ps = this.applyQualifiers([...this.spelling.get(k)!], q);
      if (!ps.length) continue;
      if (d < bestD) {
        bestD = d;
        bestPlaces = ps;
      } else bestPlaces.push(...ps);
    }
    if (!bestPlaces.length) return undefined;
    const distinct = mergeDuplicates(preferTowns([...new Set(bestPlaces)], q));
    return distinct.length === 1 ? distinct[0] : undefined;
  }

  private choose(hits: Place[], q: Query): Place {
    let c = mergeDuplicates([...new Set(hits)]);
    if (c.length === 1) return c[0]!;
    c = preferTowns(c, q);
    if (c.length === 1) return c[0]!;
    const seeds = c.filter((p) => p.seed);
    if (seeds.length === 1) return seeds[0]!;
    const byPop = [...c].sort((a, b) => pop(b) - pop(a));
    if (pop(byPop[0]!) >= 10 * pop(byPop[1]!)) return byPop[0]!;
    c.sort(
      (a, b) =>
        a.country.localeCompare(b.country) ||
        (a.admin1 ?? "").localeCompare(b.admin1 ?? "") ||
        a.name.localeCompare(b.name),
    );
    const count = (f: (p: Place) => string | undefined, p: Place) => c.filter((o) => f(o) === f(p)).length;
    // the shortest qualifier that singles each candidate out: governorate, else country, else its coordinates
    const how = (p: Place) =>
      p.admin1 && count((o) => o.admin1, p) === 1
        ? `"${q.name}, ${p.admin1}"`
        : count((o) => o.country, p) === 1
          ? `"${q.name}, ${p.country}" or --country ${p.country}`
          : `"${p.lat.toFixed(4)},${p.lon.toFixed(4)}" (its coordinates)`;
    throw new SyraqError(
      "AMBIGUOUS_PLACE",
      `'${q.text.trim()}' matches ${c.length} places; say which one:\n${c.map((p) => `  ${describe(p)}\n      -> ${how(p)}`).join("\n")}`,
      {
        input: q.text,
        candidates: c.map((p) => ({
          id: p.id,
          name: p.name,
          kind: p.kind,
          admin1: p.admin1,
          country: p.country,
          lon: p.lon,
          lat: p.lat,
          population: p.population,
          qualifier: how(p),
        })),
      },
    );
  }

  private noneWithQualifiers(q: Query, found: Place[]): SyraqError {
    const where = [
      q.kind,
      q.admin1 ? `${q.admin1.name} (${q.admin1.country})` : undefined,
      q.country ? countryName(q.country) : undefined,
    ]
      .filter(Boolean)
      .join(", ");
    const distinct = mergeDuplicates([...new Set(found)]);
    return new SyraqError(
      "UNKNOWN_PLACE",
      `no place '${q.name}' in ${where}; '${q.name}' is ${distinct.map(describe).join("; ")}`,
      {
        input: q.text,
        candidates: distinct.map((p) => ({ id: p.id, name: p.name, admin1: p.admin1, country: p.country })),
      },
    );
  }
}

function add(map: Map<string, Set<Place>>, key: string, p: Place): void {
  if (!key) return;
  let s = map.get(key);
  if (!s) map.set(key, (s = new Set()));
  s.add(p);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function isPointPlace(p: Place): boolean {
  return p.kind === "town" || p.kind === "site";
}

/** Consonant skeleton of a spelling key (vowels a/i/u removed). */
function skeletonOf(key: string): string {
  return key.replace(/[aiu]/g, "");
}

function namesOf(p: Place): string[] {
  return [p.name, ...(p.nameAr ? [p.nameAr] : []), ...p.aliases];
}

function stripKindWords(name: string): string {
  const words = name.trim().split(/\s+/);
  const kept = words.filter((w) => !KIND_WORDS.has(w.toLowerCase().replace(/[.,]/g, "")));
  return kept.join(" ");
}

function pop(p: Place): number {
  return p.population && p.population > 0 ? p.population : UNKNOWN_POPULATION;
}

/** Ordering used for suggestions and duplicate merging: seed, then governorate-level, then population. */
function rank(p: Place): number {
  return (p.seed ? 1e12 : 0) + (p.population ?? 0);
}

function preferTowns(c: Place[], q: Query): Place[] {
  if (q.kind) return c;
  const towns = c.filter(isPointPlace);
  return towns.length ? towns : c;
}

/** Candidates of the same kind within 10 km of each other are the same place (keep the best ranked). */
function mergeDuplicates(c: Place[]): Place[] {
  const sorted = [...c].sort((a, b) => rank(b) - rank(a) || a.id.localeCompare(b.id));
  const kept: Place[] = [];
  for (const p of sorted) {
    const dup = kept.some(
      (k) =>
        k.kind === p.kind &&
        k.kind !== "governorate" &&
        geodesicInverse([k.lon, k.lat], [p.lon, p.lat]).lengthMetres < DUPLICATE_RADIUS_METRES,
    );
    if (!dup) kept.push(p);
  }
  return kept;
}

/**
 * "al-Bukamal (Deir ez-Zor, SY)"
 *
 * @example
 * ```ts
 * import { placeLabel } from "@syraq/core";
 * import { loadGazetteer, resolveDataDir } from "@syraq/core/node";
 * placeLabel(loadGazetteer(resolveDataDir()).lookup("Abu Kamal")); // "al-Bukamal (Deir ez-Zor, SY)"
 * ```
 */
export function placeLabel(p: Place): string {
  const where = [p.kind === "governorate" ? "governorate" : p.admin1, p.country].filter(Boolean).join(", ");
  return `${p.name} (${where})`;
}

function describe(p: Place): string {
  const kind = p.kind === "town" ? "" : `${p.kind}, `;
  const popText = p.population ? `, pop. ${p.population.toLocaleString("en-US")}` : "";
  return `${p.name} (${kind}${p.admin1 ?? "?"}, ${p.countryName}${popText}) at ${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}`;
}

/**
 * Resolves user text to a location: a coordinate (decimal "lat,lon", hemisphere,
 * DMS, MGRS; see geo/coordinates.ts) when it looks like one, otherwise a place
 * of the gazetteer. `gazetteer` may be a function, called only when a name
 * must be looked up (coordinates then need no data pack).
 *
 * Coordinates come back in degrees; names throw UNKNOWN_PLACE or AMBIGUOUS_PLACE (exit 2) when unresolved.
 *
 * @example
 * ```ts
 * import { resolveLocation } from "@syraq/core";
 * import { loadGazetteer, resolveDataDir } from "@syraq/core/node";
 * resolveLocation("34.229,37.240", () => loadGazetteer(resolveDataDir())); // a coordinate: no gazetteer loaded
 * const palmyra = resolveLocation("Tadmur", () => loadGazetteer(resolveDataDir())); // palmyra.lon, palmyra.lat
 * ```
 */
export function resolveLocation(
  text: string,
  gazetteer: Gazetteer | (() => Gazetteer),
  opts: LookupOptions = {},
): Location {
  const coord = parseCoordinate(text);
  if (coord) return { input: text, name: text.trim(), lon: coord.lon, lat: coord.lat, match: "coordinate" };
  // a function defers loading the gazetteer until a name actually needs it
  const g = typeof gazetteer === "function" ? gazetteer() : gazetteer;
  const m = g.match(text, opts);
  return {
    input: text,
    name: m.place.name,
    lon: m.place.lon,
    lat: m.place.lat,
    place: m.place,
    match: m.match,
    ...(m.warning ? { warning: m.warning } : {}),
    ...(m.nextCandidate ? { nextCandidate: m.nextCandidate } : {}),
  };
}
