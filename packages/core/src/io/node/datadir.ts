import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SyraqError } from "../../errors.ts";

/**
 * The @syraq/core package folder: the nearest folder above this module whose package.json is @syraq/core's,
 * whether it runs from the sources (src/io/node/) or from the bundled build (dist/), in the repository or
 * installed under node_modules.
 */
export const PACKAGE_ROOT = ((): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "@syraq/core") return dir;
      } catch {
        // an unreadable package.json is not ours: keep climbing
      }
    }
    if (dirname(dir) === dir) return resolve(here, "../../.."); // the sources' layout, as a last resort
  }
})();

/** The repository checkout holding this package as packages/core (with its data/), or undefined when installed. */
const CHECKOUT_ROOT = ((): string | undefined => {
  const root = resolve(PACKAGE_ROOT, "../..");
  const isCheckout =
    resolve(root, "packages", "core") === PACKAGE_ROOT && existsSync(join(root, "data", "manifest.json"));
  return isCheckout ? root : undefined;
})();

/**
 * Root of the project's own files: the repository checkout when running inside it (data/ edited there is used
 * at once), otherwise the installed package, which carries a copy of data/ made by `pnpm build`.
 */
export const PROJECT_ROOT = CHECKOUT_ROOT ?? PACKAGE_ROOT;
/** The project's own curated data (gazetteer aliases, zones, fronts, control areas, roads, crossings, manifest). */
export const PROJECT_DATA_DIR = join(PROJECT_ROOT, "data");

/**
 * Where the data pack is looked for when neither `--data-dir` nor SYRAQ_DATA_DIR is given: `../shared/data`
 * next to the repository root in a checkout, or next to the current folder for an installed package.
 *
 * @example
 * ```ts
 * import { defaultDataDir } from "@syraq/core/node";
 * defaultDataDir(); // e.g. "/work/shared/data"
 * ```
 */
export function defaultDataDir(cwd: string = process.cwd()): string {
  return resolve(CHECKOUT_ROOT ?? cwd, "..", "shared", "data");
}

/**
 * Options of `resolveDataDir`: an explicit folder, and the environment holding SYRAQ_DATA_DIR.
 */
export interface DataDirOptions {
  /** Explicit `--data-dir`; wins over everything else. */
  dataDir?: string;
  /** Environment to read SYRAQ_DATA_DIR from (defaults to process.env). */
  env?: Record<string, string | undefined>;
}

/**
 * Finds the region's data pack: `--data-dir`, then `SYRAQ_DATA_DIR`, then `../shared/data` (see
 * {@link defaultDataDir}). Throws DATA_MISSING (exit 3) naming where it looked and all three ways to give it.
 *
 * Throws BAD_OPTION for an empty `dataDir`.
 *
 * @example
 * ```ts
 * import { resolveDataDir } from "@syraq/core/node";
 * const pack = resolveDataDir({ dataDir: "/data/syraq-pack" }); // absolute path of the pack
 * ```
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
  else candidates.push({ path: defaultDataDir(), from: "default ../shared/data" });
  for (const c of candidates) {
    if (existsSync(c.path) && statSync(c.path).isDirectory() && existsSync(join(c.path, "SOURCES.md"))) return c.path;
  }
  const looked = candidates.map((c) => `${c.path} (${c.from})`).join(", ");
  throw new SyraqError(
    "DATA_MISSING",
    `data pack not found: looked in ${looked}. Give the folder holding SOURCES.md, raster/ and vector/ in one ` +
      `of three ways: --data-dir DIR, the SYRAQ_DATA_DIR environment variable, or a folder ../shared/data ` +
      `(${defaultDataDir()}).`,
    { looked: candidates.map((c) => c.path), ways: ["--data-dir", "SYRAQ_DATA_DIR", defaultDataDir()] },
  );
}

/**
 * Path of a file inside the data pack; throws DATA_MISSING when absent.
 *
 * @example
 * ```ts
 * import { dataFile, resolveDataDir } from "@syraq/core/node";
 * dataFile(resolveDataDir(), "vector/ne10m_lakes.geojson"); // absolute path; DATA_MISSING (exit 3) when absent
 * ```
 */
export function dataFile(dataDir: string, relativePath: string): string {
  const p = join(dataDir, relativePath);
  if (!existsSync(p)) {
    throw new SyraqError("DATA_MISSING", `data file missing: ${p} (expected in the data pack at ${dataDir})`, {
      path: p,
    });
  }
  return p;
}
