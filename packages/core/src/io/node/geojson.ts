/** Reading JSON / GeoJSON files with coded errors (Node-only). */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { SyraqError } from "../../errors.ts";

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

/** Names of the GeoJSON files in a project data folder (without extension). */
export function namesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".geojson"))
    .map((f) => f.replace(/\.geojson$/, ""))
    .sort();
}

const looksLikePath = (s: string) => /[\\/]/.test(s) || /\.(geo)?json$/i.test(s);

/** Finds `nameOrFile`: an existing file path, or a name in `dir` (matched on file name or on `label`/`name` properties). */
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

