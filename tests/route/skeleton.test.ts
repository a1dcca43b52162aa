import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeSkeletonText } from "../../scripts/roads/make-skeleton.ts";
import { SKELETON_FILE, ROADS_FILE, loadRouteGraph } from "../../packages/core/src/routing/node/load.ts";
import { resolveDataDir } from "../../packages/core/src/io/node/datadir.ts";

describe("data/roads/skeleton.geojson", () => {
  it("is reproduced byte for byte by scripts/roads/make-skeleton.ts", async () => {
    const fresh = await makeSkeletonText(resolveDataDir());
    expect(fresh === readFileSync(SKELETON_FILE, "utf8")).toBe(true);
  }, 120_000);

  it("has one approximate, sourced LineString per road of roads.json, passing through its towns", () => {
    const def = JSON.parse(readFileSync(ROADS_FILE, "utf8"));
    const sk = JSON.parse(readFileSync(SKELETON_FILE, "utf8"));
    expect(sk.features.map((f: any) => f.properties.id)).toEqual(def.roads.map((r: any) => r.id));
    for (const f of sk.features) {
      const road = def.roads.find((r: any) => r.id === f.properties.id);
      expect(f.properties.approximate).toBe(true);
      expect(f.properties.sources.length).toBeGreaterThan(0);
      expect(["motorway", "primary", "secondary", "track"]).toContain(f.properties.class);
      const key = (p: number[]) => `${p[0]!.toFixed(6)},${p[1]!.toFixed(6)}`;
      const vertices = new Set(f.geometry.coordinates.map(key));
      for (const t of road.towns)
        expect(vertices.has(key(t.lonLat.map((v: number) => Math.round(v * 1e6) / 1e6)))).toBe(true);
    }
  });

  it("every place a skeleton road crosses a river is tied to a declared crossing (no road piece dropped)", async () => {
    const g = await loadRouteGraph({ dataDir: resolveDataDir() });
    expect(g.warnings.filter((w) => /dropped/.test(w))).toEqual([]);
    const tied = new Set<string>();
    for (let e = 0; e < g.edgeFrom.length; e++)
      if (g.edgeKind[e] === 0 && g.edgeCrossing[e]! >= 0) tied.add(g.crossings[g.edgeCrossing[e]!]!.name);
    // the Euphrates valley and Raqqa roads cross at Raqqa; Deir ez-Zor-Hasakah at Deir ez-Zor
    expect(tied.has("Raqqa old bridge") || tied.has("Raqqa new bridge")).toBe(true);
    expect([...tied].some((n) => /Deir ez-Zor|Siyasiya/.test(n))).toBe(true);
  }, 60_000);
});
