import type { MultiPolygonGeometry, PolygonGeometry } from "../geo/types.ts";

/** A place's polygon (governorates): GeoJSON geometry. */
export type PlacePolygon = PolygonGeometry;
/**
 * A place's outline made of several polygons, [lon, lat] degrees.
 */
export type PlaceMultiPolygon = MultiPolygonGeometry;
/** GeoJSON polygon shapes (RFC 7946), structurally compatible with the `geojson` types. */

export type PlaceKind = "town" | "governorate" | "region" | "site";

/** One named place of the gazetteer. Coordinates are WGS84 degrees. */
export interface Place {
  /** Stable id: "gn:<geonameid>", "admin1:<ISO 3166-2>", "region:<slug>" or "seed:<slug>". */
  id: string;
  /** Display name (the seed's English form when the place is a seed place, else the source's name). */
  name: string;
  /** Arabic name, when a source (or the project's seed file) has one. */
  nameAr?: string;
  /** Every other spelling the place answers to (transliterations, source names, Arabic forms). */
  aliases: string[];
  lon: number;
  lat: number;
  /** ISO 3166-1 alpha-2. */
  country: string;
  countryName: string;
  /** Governorate / province (English name), from point-in-polygon in the pack's admin-1 layer. */
  admin1?: string;
  kind: PlaceKind;
  population?: number;
  /** Where the place (and its coordinates) come from, e.g. "GeoNames 173480 + seed". */
  source: string;
  /** Admin-1 and region polygons; lon/lat is then the polygon's area centroid. */
  geometry?: PlacePolygon | PlaceMultiPolygon;
  /** GeoNames id when the place is (or was matched to) a GeoNames entry. */
  geonameid?: number;
  /** ISO 3166-2 code of a governorate place (e.g. "IQ-AN"). */
  admin1Code?: string;
  /** Coordinates authored from public knowledge, not from a survey-grade source. */
  approximate?: boolean;
  /** True for the project's curated seed places (data/gazetteer/seed.json). */
  seed?: boolean;
  /** Caveats worth printing (e.g. a polygon clipped at the pack's edge). */
  notes?: string[];
}

/** How a text input was understood. */
export type MatchKind = "coordinate" | "exact" | "spelling" | "fuzzy";

/** A resolved location: a parsed coordinate or a gazetteer place. */
export interface Location {
  input: string;
  name: string;
  lon: number;
  lat: number;
  place?: Place;
  /** exact: same letters (ignoring case, diacritics, articles, spaces); spelling: transliteration variant; fuzzy: nearest spelling. */
  match?: MatchKind;
  /** Set on fuzzy matches (never silent): the warning text and the next candidate. */
  warning?: string;
  nextCandidate?: { name: string; distanceMetres: number };
}

/**
 * Options of a gazetteer lookup: restrict to a country, refuse fuzzy matches.
 */
export interface LookupOptions {
  /** ISO 3166-1 alpha-2 code or English country name ("SY", "Iraq"). */
  country?: string;
  /** Refuse fuzzy (nearest-spelling) matches: exact names and spelling variants only. */
  strict?: boolean;
}
