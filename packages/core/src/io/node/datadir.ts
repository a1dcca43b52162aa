import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SyraqError } from "../../errors.ts";

/** Root of the repository (where data/ and packages/ live). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../..");
/** The project's own curated data (gazetteer aliases, zones, fronts, roads…). */
export const PROJECT_DATA_DIR = join(PROJECT_ROOT, "data");

export interface DataDirOptions {
  /** Explicit `--data-dir`; wins over everything else. */
  dataDir?: string;
  /** Environment to read SYRAQ_DATA_DIR from (defaults to process.env). */
  env?: Record<string, string | undefined>;
}

/**
 * Finds the region's data pack: `--data-dir`, then `SYRAQ_DATA_DIR`, then
 * `../shared/data` next to the repository root. Throws DATA_MISSING (exit 3)
 * naming every place it looked.
 */
export function resolveDataDir(options: DataDirOptions = {}): string {
  const env = options.env ?? process.env;
  const candidates: Array<{ path: string; from: string }> = [];
  // `--data-dir ""` (an unset shell variable) must not fall back silently to another pack
  if (options.dataDir !== undefined && options.dataDir.trim() === "") {
    throw new SyraqError(
      "BAD_OPTION",
      "--data-dir is empty; give the folder holding SOURCES.md, raster/ and vector/ (or leave the option out)",
      { option: "data-dir" },
    );
  }
  if (options.dataDir) candidates.push({ path: resolve(options.dataDir), from: "--data-dir" });
  else if (env.SYRAQ_DATA_DIR) candidates.push({ path: resolve(env.SYRAQ_DATA_DIR), from: "SYRAQ_DATA_DIR" });
  else candidates.push({ path: resolve(PROJECT_ROOT, "..", "shared", "data"), from: "default (../shared/data)" });
  for (const c of candidates) {
    if (existsSync(c.path) && statSync(c.path).isDirectory() && existsSync(join(c.path, "SOURCES.md"))) return c.path;
  }
  const looked = candidates.map((c) => `${c.path} (${c.from})`).join(", ");
  throw new SyraqError(
    "DATA_MISSING",
    `data pack not found: looked in ${looked}. Pass --data-dir DIR or set SYRAQ_DATA_DIR to the folder holding SOURCES.md, raster/ and vector/.`,
    { looked: candidates.map((c) => c.path) },
  );
}

/** Path of a file inside the data pack; throws DATA_MISSING when absent. */
export function dataFile(dataDir: string, relativePath: string): string {
  const p = join(dataDir, relativePath);
  if (!existsSync(p)) {
    throw new SyraqError("DATA_MISSING", `data file missing: ${p} (expected in the data pack at ${dataDir})`, {
      path: p,
    });
  }
  return p;
}
