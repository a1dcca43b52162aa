// A cache folder for what is costly to rebuild from the data (e.g. the gazetteer's place list), keyed by the
// checksums of its inputs: a changed input gives a new key, never a stale answer. Deleting the folder is always
// safe. Where: SYRAQ_CACHE_DIR, else $XDG_CACHE_HOME/syraq, else ~/.cache/syraq; SYRAQ_CACHE=off turns it off.
// A cache that cannot be read or written is ignored (the value is rebuilt), never an error.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** Bump when a cached format changes. */
const FORMAT = 1;

/** The cache folder, or undefined when caching is off. */
export function cacheDir(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.SYRAQ_CACHE === "off") return undefined;
  if (env.SYRAQ_CACHE_DIR !== undefined) return env.SYRAQ_CACHE_DIR.trim() === "" ? undefined : env.SYRAQ_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "syraq");
}

/** A cache key: sha256 over the parts (e.g. input checksums), the cache format and the kind of entry. */
export function cacheKey(kind: string, parts: string[]): string {
  const h = createHash("sha256");
  h.update(`${kind}\u0000${FORMAT}`);
  for (const p of parts) h.update(`\u0000${p}`);
  return `${kind}-${h.digest("hex").slice(0, 32)}`;
}

/** The cached text for `key`, or undefined (absent, unreadable, or caching off). */
export function readCache(key: string): string | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    return readFileSync(join(dir, `${key}.json`), "utf8");
  } catch {
    return undefined;
  }
}

/** Stores `text` under `key` (temporary file renamed into place); failures are ignored. */
export function writeCache(key: string, text: string): void {
  const dir = cacheDir();
  if (!dir) return;
  const file = join(dir, `${key}.json`);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** sha256 of a file's bytes (hex). */
export function fileSha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/**
 * The value cached under (kind, parts), or `build()`'s, which is then cached. `valid` checks a parsed entry (a
 * damaged or foreign entry is rebuilt). The value must survive JSON (plain objects, arrays, numbers, strings).
 */
export function cachedJson<T>(kind: string, parts: string[], build: () => T, valid: (v: unknown) => boolean): T {
  const key = cacheKey(kind, parts);
  const text = readCache(key);
  if (text !== undefined) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (valid(parsed)) return parsed as T;
    } catch {
      // rebuilt below
    }
  }
  const value = build();
  writeCache(key, JSON.stringify(value));
  return value;
}
