/** Reading JSON / GeoJSON files with coded errors (Node-only). */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { getHeapStatistics } from "node:v8";
import { SyraqError } from "../../errors.ts";
import { formatBytes } from "./memory.ts";

/**
 * Heap bytes JSON.parse needs per byte of GeoJSON text (coordinates become arrays of boxed numbers): measured on the
 * pack's rivers file (heapUsed before/after JSON.parse, after gc) 2.7, short coordinate pairs about 4; rounded up.
 */
export const JSON_HEAP_BYTES_PER_BYTE = 6;

/** Vector files (GeoPackage, FlatGeobuf, Shapefile) read ahead as lon/lat GeoJSON, or their read error, by real path. */
const preloadedVectors = new Map<string, { collection: unknown } | { error: unknown }>();

/**
 * Makes readGeoJsonFile(path) return `collection` (or throw `error`): io/node/vector.ts preloadVectorFiles
 * reads binary vector formats asynchronously ahead of the synchronous loaders (fronts, control areas, sources).
 *
 * @example
 * ```ts
 * import { readGeoJsonFile, setPreloadedVector } from "@syraq/core/node";
 * setPreloadedVector("/tmp/front.gpkg", { collection: { type: "FeatureCollection", features: [] } });
 * readGeoJsonFile("/tmp/front.gpkg"); // the collection above
 * ```
 */
export function setPreloadedVector(path: string, entry: { collection: unknown } | { error: unknown }): void {
  preloadedVectors.set(resolve(path), entry);
}

/**
 * "is not valid JSON (syntax error at line L, column C)" for a JSON.parse failure on `text`. JSON.parse's own
 * message quotes the text (a secret, when a hostile path points at one): never pass it on, use this.
 *
 * @example
 * ```ts
 * import { jsonSyntaxError } from "@syraq/core/node";
 * const text = '{"type": "Feature",}';
 * try {
 *   JSON.parse(text);
 * } catch (e) {
 *   jsonSyntaxError(text, e); // "is not valid JSON (syntax error at line 1, column 20)"
 * }
 * ```
 */
export function jsonSyntaxError(text: string, error: unknown): string {
  const m = /position (\d+)/.exec((error as Error)?.message ?? "");
  if (!m) return "is not valid JSON";
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  return `is not valid JSON (syntax error at line ${line}, column ${pos - before.lastIndexOf("\n")})`;
}

/**
 * Reads and parses a JSON file: DATA_MISSING (exit 3) when absent or unreadable, BAD_GEOJSON (exit 2) when not JSON
 * or not a JSON object, TOO_LARGE (exit 2) when parsing it would not fit in the JavaScript heap. Messages never
 * quote the file's contents. `what` names the file in messages ("road network not found: …").
 *
 * Also BAD_ARGUMENT for a folder or a device, EMPTY_GEOJSON for an empty file, and BAD_OPTION for a GeoPackage,
 * FlatGeobuf or Shapefile not preloaded (see `preloadVectorFiles`).
 *
 * @example
 * ```ts
 * import { frontFromGeoJson } from "@syraq/core";
 * import { readGeoJsonFile } from "@syraq/core/node";
 * const front = frontFromGeoJson(readGeoJsonFile("my-front.geojson", "front"), "my-front.geojson");
 * ```
 */
export function readGeoJsonFile(path: string, what?: string): unknown {
  const label = what ? `${what} ${path}` : path;
  const pre = preloadedVectors.get(resolve(path));
  if (pre) {
    if ("error" in pre) throw pre.error;
    return pre.collection;
  }
  if (/\.(gpkg|fgb|shp)$/i.test(path))
    throw new SyraqError(
      "BAD_OPTION",
      `${label}: GeoPackage, FlatGeobuf and Shapefile inputs are read by readVectorFile / preloadVectorFiles (@syraq/core/node)`,
      { path },
    );
  if (!existsSync(path)) throw new SyraqError("DATA_MISSING", `${what ?? "file"} not found: ${path}`, { path });
  const stat = statSync(path);
  if (stat.isDirectory()) throw new SyraqError("BAD_ARGUMENT", `${label} is a folder, not a GeoJSON file`, { path });
  if (!stat.isFile())
    throw new SyraqError("BAD_ARGUMENT", `${label} is not a regular file (a device or a pipe?)`, { path });
  const heapLimit = getHeapStatistics().heap_size_limit;
  if (stat.size * JSON_HEAP_BYTES_PER_BYTE > heapLimit * 0.8)
    throw new SyraqError(
      "TOO_LARGE",
      `${label} is too large to read whole: ${formatBytes(stat.size)} of JSON needs about ` +
        `${formatBytes(stat.size * JSON_HEAP_BYTES_PER_BYTE)} of heap, more than the ${formatBytes(heapLimit)} ` +
        "available; clip it to the region (ogr2ogr -clipsrc W S E N) or split it",
      { path, bytes: stat.size, heapLimitBytes: heapLimit },
    );
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new SyraqError("DATA_MISSING", `cannot read ${label}: ${(e as NodeJS.ErrnoException).code ?? "read error"}`, {
      path,
    });
  }
  // Windows tools often write a UTF-8 byte-order mark; JSON.parse rejects it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new SyraqError("EMPTY_GEOJSON", `${path} is empty (expected GeoJSON)`, { path });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // JSON.parse's message quotes the text: never pass it on
    throw new SyraqError("BAD_GEOJSON", `${label} ${jsonSyntaxError(text, e)}`, { path });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new SyraqError(
      "BAD_GEOJSON",
      `${label} is JSON but not a GeoJSON object (it holds ${value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`}); expected a FeatureCollection, Feature or geometry`,
      { path },
    );
  return value;
}

/**
 * Names of the GeoJSON files in a project data folder (without extension).
 *
 * @example
 * ```ts
 * import { FRONTS_DIR, namesIn } from "@syraq/core/node";
 * namesIn(FRONTS_DIR); // ["saa-2017-09-29", …]
 * ```
 */
export function namesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".geojson"))
    .map((f) => f.replace(/\.geojson$/, ""))
    .sort();
}

const looksLikePath = (s: string) => /[\\/]/.test(s) || /\.(geo)?json$/i.test(s);

/**
 * Finds `nameOrFile`: an existing file path, or a name in `dir` (matched on file name or on `label`/`name` properties).
 *
 * Throws BAD_ARGUMENT listing the names in `dir` (and the nearest spellings) when neither is found.
 *
 * Throws DATA_MISSING for a path that does not exist.
 *
 * @example
 * ```ts
 * import { FRONTS_DIR, resolveNamed } from "@syraq/core/node";
 * resolveNamed("saa-2017-09-29", FRONTS_DIR, "front"); // …/data/fronts/saa-2017-09-29.geojson
 * ```
 */
export function resolveNamed(nameOrFile: string, dir: string, kind: string): string {
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
