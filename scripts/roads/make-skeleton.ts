/**
 * Regenerates data/roads/skeleton.geojson from data/roads/roads.json by routing
 * every leg over the pack's DEM with the road-building cost (routing/skeleton.ts).
 *   pnpm tsx scripts/roads/make-skeleton.ts [--check]
 * --check: exit 1 when the committed file differs from a fresh build.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadRoadsDefinition, loadRouteGraph, resolveDataDir, SKELETON_FILE } from "@syraq/core/node";
import { buildSkeleton, type SkeletonRoad } from "@syraq/core";

/** Stable text: one feature per line, so a changed road shows as one changed line. */
export function serialiseSkeleton(fc: any): string {
  const head = JSON.stringify({ type: fc.type, name: fc.name, description: fc.description });
  const lines = fc.features.map((f: unknown) => "  " + JSON.stringify(f));
  return `${head.slice(0, -1)},\n"features": [\n${lines.join(",\n")}\n]}\n`;
}

export async function makeSkeletonText(dataDir: string): Promise<string> {
  const g = await loadRouteGraph({ dataDir, roadsMode: "none" });
  const def = loadRoadsDefinition() as unknown as { roads: SkeletonRoad[]; sources: Record<string, string> };
  return serialiseSkeleton(buildSkeleton(g, def.roads, { sources: def.sources }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await makeSkeletonText(resolveDataDir());
  if (process.argv.includes("--check")) {
    const same = readFileSync(SKELETON_FILE, "utf8") === text;
    console.log(same ? "skeleton up to date" : "skeleton differs from a fresh build");
    process.exit(same ? 0 : 1);
  }
  writeFileSync(SKELETON_FILE, text);
  console.log(`wrote ${SKELETON_FILE}`);
}
