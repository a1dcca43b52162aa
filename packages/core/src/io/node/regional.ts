/**
 * Node loaders for the regional layers: the Euphrates (from the data pack),
 * zones and front lines (from the project's data/ or a user's file).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { SyraqError } from "../../errors.ts";
import { euphratesFromRivers, type EuphratesLine } from "../../analysis/euphrates.ts";
import { frontFromGeoJson, type FrontLine } from "../../analysis/depth.ts";
import { zoneFromGeoJson, type ZoneFeature } from "../../zones/zone.ts";
import { PROJECT_DATA_DIR } from "./datadir.ts";
import { verifiedDataFile } from "./manifest.ts";

export const RIVERS_FILE = "vector/ne10m_rivers_lake_centerlines.geojson";
export const ADMIN1_FILE = "vector/ne10m_admin1_states_provinces.geojson";
export const ZONES_DIR = join(PROJECT_DATA_DIR, "zones");
export const FRONTS_DIR = join(PROJECT_DATA_DIR, "fronts");

/**
 * Reads and parses a JSON file: DATA_MISSING (exit 3) when absent or unreadable, BAD_GEOJSON (exit 2) when not JSON.
 * `what` names the file in messages ("road network not found: …").
 */
export function readGeoJsonFile(path: string, what?: string): unknown {
  if (!existsSync(path)) throw new SyraqError("DATA_MISSING", `${what ?? "file"} not found: ${path}`, { path });
  if (!statSync(path).isFile())
    throw new SyraqError("BAD_ARGUMENT", `${path} is a folder, not a GeoJSON file`, { path });
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new SyraqError("DATA_MISSING", `cannot read ${path}: ${(e as Error).message}`, { path });
  }
  // Windows tools often write a UTF-8 byte-order mark; JSON.parse rejects it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new SyraqError("EMPTY_GEOJSON", `${path} is empty (expected GeoJSON)`, { path });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SyraqError("BAD_GEOJSON", `${what ? `${what} ` : ""}${path} is not valid JSON: ${(e as Error).message}`, {
      path,
    });
  }
}

const euphratesCache = new Map<string, EuphratesLine>();

/** The Euphrates of the data pack, merged into one line and oriented downstream (cached per data dir). */
export function loadEuphrates(dataDir: string): EuphratesLine {
  const hit = euphratesCache.get(dataDir);
  if (hit) return hit;
  const path = verifiedDataFile(dataDir, RIVERS_FILE);
  const river = euphratesFromRivers(readGeoJsonFile(path) as { features?: [] }, RIVERS_FILE);
  euphratesCache.set(dataDir, river);
  return river;
}

/** Names of the GeoJSON files in a project data folder (without extension). */
function namesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".geojson"))
    .map((f) => f.replace(/\.geojson$/, ""))
    .sort();
}

const looksLikePath = (s: string) => /[\\/]/.test(s) || /\.(geo)?json$/i.test(s);

/** Finds `nameOrFile`: an existing file path, or a name in `dir` (matched on file name or on `label`/`name` properties). */
function resolveNamed(nameOrFile: string, dir: string, kind: "zone" | "front"): string {
  if (looksLikePath(nameOrFile) || existsSync(nameOrFile)) {
    const p = resolve(nameOrFile);
    if (!existsSync(p)) throw new SyraqError("DATA_MISSING", `${kind} file not found: ${p}`, { path: p });
    return p;
  }
  const names = namesIn(dir);
  const want = nameOrFile.trim().toLowerCase();
  const direct = names.find((n) => n.toLowerCase() === want);
  if (direct) return join(dir, `${direct}.geojson`);
  for (const n of names) {
    const json = readGeoJsonFile(join(dir, `${n}.geojson`)) as {
      properties?: Record<string, unknown>;
      features?: Array<{ properties?: Record<string, unknown> }>;
    };
    const props = json.properties ?? json.features?.[0]?.properties ?? {};
    const labels = [props.label, props.name, props.id]
      .filter((x): x is string => typeof x === "string")
      .map((x) => x.toLowerCase());
    if (labels.includes(want)) return join(dir, `${n}.geojson`);
  }
  throw new SyraqError(
    "BAD_ARGUMENT",
    `unknown ${kind} '${nameOrFile}': known ${kind}s are ${names.length ? names.join(", ") : "(none)"} (in ${dir}), or pass a FILE.geojson`,
    { name: nameOrFile, known: names },
  );
}

/** Zone names available in data/zones/. */
export function listZones(): string[] {
  return namesIn(ZONES_DIR);
}

/** A zone by name (data/zones/NAME.geojson) or from a user's polygon file; validated (coded errors). */
export function loadZone(nameOrFile: string): ZoneFeature {
  const path = resolveNamed(nameOrFile, ZONES_DIR, "zone");
  return zoneFromGeoJson(readGeoJsonFile(path), path, basename(path).replace(/\.(geo)?json$/i, ""));
}

/** Front names available in data/fronts/. */
export function listFronts(): string[] {
  return namesIn(FRONTS_DIR);
}

/** A front line by name (data/fronts/NAME.geojson, or its label) or from a user's file; validated (coded errors). */
export function loadFront(nameOrFile: string): FrontLine {
  const path = resolveNamed(nameOrFile, FRONTS_DIR, "front");
  return frontFromGeoJson(readGeoJsonFile(path), path);
}

/** The pack's admin-1 FeatureCollection (checksum-verified). */
export function loadAdmin1(dataDir: string): { features: never[] } {
  return readGeoJsonFile(verifiedDataFile(dataDir, ADMIN1_FILE)) as { features: never[] };
}
