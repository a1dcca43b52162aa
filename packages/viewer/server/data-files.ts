// Node side of the viewer: where the data pack and the project's data/ are,
// and which of their files the page may read. Used by the Vite plugin (dev,
// preview, build). The figure command has its own copy of the serving rules
// (the CLI must not import the viewer).
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const VIEWER_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const PROJECT_ROOT = resolve(VIEWER_ROOT, "../..");
export const PROJECT_DATA_DIR = join(PROJECT_ROOT, "data");

/** The data pack, resolved like the CLI: SYRAQ_DATA_DIR, then ../shared/data next to the repository. */
export function packDir(env: Record<string, string | undefined> = process.env): string {
  const dir = env.SYRAQ_DATA_DIR ? resolve(env.SYRAQ_DATA_DIR) : resolve(PROJECT_ROOT, "..", "shared", "data");
  if (!existsSync(join(dir, "SOURCES.md"))) {
    throw new Error(
      `Syraq viewer: data pack not found at ${dir}. Set SYRAQ_DATA_DIR to the folder holding SOURCES.md, raster/ and vector/.`,
    );
  }
  return dir;
}

const SERVED = /\.(geojson|json|tif|tiff|csv)$/i;

/** Files under `root` the page may read (relative, '/'-separated). */
export function listFiles(root: string, sub = ""): string[] {
  const out: string[] = [];
  const dir = join(root, sub);
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    const rel = sub ? `${sub}/${name}` : name;
    const p = join(root, rel);
    if (statSync(p).isDirectory()) out.push(...listFiles(root, rel));
    else if (SERVED.test(name)) out.push(rel);
  }
  return out;
}

/** Maps a URL path (/pack/… or /data/…) to a file, refusing anything outside the two roots. */
export function fileForUrl(urlPath: string, pack: string): string | null {
  const clean = decodeURIComponent(urlPath.split("?")[0]!);
  const m = /^\/(pack|data)\/(.+)$/.exec(clean);
  if (!m || !SERVED.test(m[2]!)) return null;
  const root = m[1] === "pack" ? pack : PROJECT_DATA_DIR;
  const p = resolve(root, m[2]!);
  if (!p.startsWith(root + sep) || !existsSync(p)) return null;
  return p;
}

/** What the page can load: the index it fetches at start. */
export function dataIndex(pack: string): { pack: string[]; data: string[] } {
  return {
    pack: listFiles(pack).filter((f) => f.startsWith("raster/") || f.startsWith("vector/")),
    data: listFiles(PROJECT_DATA_DIR),
  };
}
