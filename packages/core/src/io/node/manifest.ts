import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { SyraqError } from "../../errors.ts";
import { PROJECT_DATA_DIR } from "./datadir.ts";

/**
 * One external data file of the manifest: path in the pack, source, licence, credit and SHA-256.
 */
export interface ManifestEntry {
  /** Path inside the data pack, e.g. "raster/syraq_dem_gmted2010_mea_1p5arcmin.tif". */
  file: string;
  what: string;
  source: string;
  licence: string;
  /** Short attribution shown in the viewer and on figures. */
  credit: string;
  sha256: string;
}

/**
 * The manifest of the external data pack (data/manifest.json).
 */
export interface Manifest {
  description: string;
  files: ManifestEntry[];
}

let cached: Manifest | undefined;

/**
 * The project's manifest of external data (data/manifest.json).
 *
 * Throws DATA_MISSING when the manifest is absent.
 *
 * @example
 * ```ts
 * import { loadManifest } from "@syraq/core/node";
 * loadManifest().files.map((f) => `${f.file}: ${f.credit}`);
 * ```
 */
export function loadManifest(path = join(PROJECT_DATA_DIR, "manifest.json")): Manifest {
  if (cached && path === join(PROJECT_DATA_DIR, "manifest.json")) return cached;
  if (!existsSync(path)) throw new SyraqError("DATA_MISSING", `manifest not found at ${path}`, { path });
  const m = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  if (path === join(PROJECT_DATA_DIR, "manifest.json")) cached = m;
  return m;
}

/**
 * Outcome of checking one pack file.
 */
export type FileCheckStatus = "ok" | "missing" | "mismatch";
/**
 * One pack file checked against the manifest ({@link checkDataPack}).
 */
export interface FileCheck {
  file: string;
  status: FileCheckStatus;
  expectedSha256: string;
  actualSha256?: string;
}

const verified = new Set<string>();

/**
 * Hex SHA-256 of a file's bytes (read whole; for the pack's files).
 *
 * @example
 * ```ts
 * import { sha256OfFile } from "@syraq/core/node";
 * sha256OfFile("dem.tif"); // "3f5a…" (64 hex digits)
 * ```
 */
export function sha256OfFile(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/**
 * Checks every manifest file in the pack (used by `syraq data check`).
 *
 * @example
 * ```ts
 * import { checkDataPack, resolveDataDir } from "@syraq/core/node";
 * const bad = checkDataPack(resolveDataDir()).filter((c) => c.status !== "ok"); // missing or changed files
 * ```
 */
export function checkDataPack(dataDir: string, manifest = loadManifest()): FileCheck[] {
  return manifest.files.map((entry) => {
    const p = join(dataDir, entry.file);
    if (!existsSync(p)) return { file: entry.file, status: "missing", expectedSha256: entry.sha256 };
    // a folder in place of a file cannot match its checksum
    const actual = statSync(p).isFile() ? sha256OfFile(p) : "(not a file)";
    if (actual === entry.sha256) verified.add(p);
    return {
      file: entry.file,
      status: actual === entry.sha256 ? "ok" : "mismatch",
      expectedSha256: entry.sha256,
      actualSha256: actual,
    };
  });
}

/**
 * Path of a pack file, verified against the manifest the first time it is used
 * in this process (lazy: only files actually read are hashed). Throws
 * DATA_MISSING (absent) or CHECKSUM_MISMATCH (changed or corrupt), both exit 3.
 *
 * Throws DATA_CORRUPT when the path is not a file (a folder).
 *
 * @example
 * ```ts
 * import { resolveDataDir, verifiedDataFile } from "@syraq/core/node";
 * const path = verifiedDataFile(resolveDataDir(), "vector/ne10m_lakes.geojson");
 * ```
 */
export function verifiedDataFile(dataDir: string, relativePath: string): string {
  const p = join(dataDir, relativePath);
  if (verified.has(p)) return p;
  if (!existsSync(p))
    throw new SyraqError(
      "DATA_MISSING",
      `data file missing: ${p} (expected in the data pack at ${dataDir}; run 'syraq data check')`,
      { path: p },
    );
  if (!statSync(p).isFile())
    throw new SyraqError(
      "DATA_CORRUPT",
      `data file ${p} is not a file (a folder?); restore it from the data pack and run 'syraq data check'`,
      { path: p },
    );
  const entry = loadManifest().files.find((f) => f.file === relativePath);
  if (entry) {
    const actual = sha256OfFile(p);
    if (actual !== entry.sha256) {
      throw new SyraqError(
        "CHECKSUM_MISMATCH",
        `data file ${p} does not match the manifest (sha256 ${actual.slice(0, 12)}…, expected ${entry.sha256.slice(0, 12)}…); it is corrupt or a different version. Run 'syraq data check'.`,
        { path: p, expected: entry.sha256, actual },
      );
    }
  }
  verified.add(p);
  return p;
}
