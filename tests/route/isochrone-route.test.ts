/**
 * Isochrones agree with routes (issue 14): a place that `route` reaches in T lies inside the T isochrone from the
 * same source, over the real region (data pack + data/roads + data/crossings). The reference for each place is
 * the route's own duration (A* with its own snapping), checked against the isochrone's polygon geometry with a
 * point-in-polygon test, so the two code paths are compared end to end. Places: the riverside towns where they
 * disagreed (their cells are crossed by the Euphrates line) plus gazetteer towns drawn with a seeded PRNG.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { findRoute, type RoutePoint } from "../../packages/core/src/analysis/route.ts";
import { isochrones } from "../../packages/core/src/analysis/isochrone.ts";
import { isSyraqError } from "../../packages/core/src/errors.ts";
import { pointInPolygons } from "../../packages/core/src/geo/polygon.ts";
import type { LonLat } from "../../packages/core/src/geo/types.ts";
import { loadGazetteer } from "../../packages/core/src/gazetteer/node/load.ts";
import { resolveDataDir } from "../../packages/core/src/io/node/datadir.ts";
import { loadRouteGraph, loadRoadsDefinition } from "../../packages/core/src/routing/node/load.ts";
import { routeModel } from "../../packages/core/src/routing/route-models.ts";
import type { RouteGraph } from "../../packages/core/src/routing/routegraph.ts";
import { mulberry32 } from "../../packages/core/src/util/random.ts";

const DATA = resolveDataDir();
// GeoNames positions (data pack): the riverside towns whose cells the Euphrates line crosses
const RIVERSIDE: Record<string, LonLat> = {
  "Deir ez-Zor": [40.14084, 35.33588],
  "al-Mayadin": [40.45154, 35.01982],
  "al-Bukamal": [40.91854, 34.45226],
  Raqqa: [39.00788, 35.95283],
  Rawa: [41.91898, 34.48229],
};
const SOURCES: Record<string, LonLat> = {
  Sukhna: [38.8711, 34.88533],
  Palmyra: [38.28402, 34.5624],
  Hasakah: [40.74772, 36.50237],
};

let graph: RouteGraph;
let targets: RoutePoint[];
beforeAll(async () => {
  graph = await loadRouteGraph({ dataDir: DATA });
  const g = graph.grid;
  const east = g.originX + graph.width * g.pixelSizeX;
  const south = g.originY - graph.height * g.pixelSizeY;
  // towns well inside the grid (east of 37.5°E: the coast and the Turkish border hills are far from any source)
  const towns = loadGazetteer(DATA)
    .all()
    .filter(
      (p) => p.kind === "town" && p.lon > 37.5 && p.lon < east - 0.1 && p.lat > south + 0.1 && p.lat < g.originY - 0.1,
    );
  const random = mulberry32(14);
  const drawn: RoutePoint[] = [];
  while (drawn.length < 12 && towns.length) {
    const p = towns.splice(Math.floor(random() * towns.length), 1)[0]!;
    drawn.push({ name: p.name, lonLat: [p.lon, p.lat] });
  }
  targets = [...Object.entries(RIVERSIDE).map(([name, lonLat]) => ({ name, lonLat })), ...drawn];
}, 120_000);

describe("a place a route reaches in T lies inside the T isochrone", () => {
  for (const [sourceName, lonLat] of Object.entries(SOURCES)) {
    it(`from ${sourceName}: every target reached by route is inside the isochrone band of its duration (and later ones)`, () => {
      const model = routeModel("vehicle", loadRoadsDefinition().speedsKmh);
      const source = { name: sourceName, lonLat };
      const reached: Array<{ target: RoutePoint; seconds: number }> = [];
      for (const target of targets) {
        try {
          const r = findRoute({ graph, model, points: [source, target] });
          reached.push({ target, seconds: r.durationSeconds });
        } catch (e) {
          // a town at sea or with no free cell is unreachable for both; nothing to compare
          if (!isSyraqError(e)) throw e;
        }
      }
      expect(reached.length).toBeGreaterThan(10);
      // bands: each route's duration (a hair above: A* and Dijkstra sum the same edges in another order) and one
      // later time, drawn per target, for nesting
      const random = mulberry32(sourceName.length);
      const bands = reached.flatMap((x) => [x.seconds * (1 + 1e-9), x.seconds * (1.05 + random())]);
      const iso = isochrones({ graph, model, sources: [source], durationsSeconds: bands });
      const bandOf = new Map(iso.bands.map((b) => [b.durationSeconds, b]));
      const outside: string[] = [];
      for (const [k, x] of reached.entries()) {
        for (const t of [bands[2 * k]!, bands[2 * k + 1]!]) {
          const band = bandOf.get(t)!;
          if (!pointInPolygons(band.geometry.coordinates, x.target.lonLat[0], x.target.lonLat[1]))
            outside.push(
              `${x.target.name} (route ${(x.seconds / 60).toFixed(1)} min) outside the ${(t / 60).toFixed(1)}-min band`,
            );
        }
      }
      expect(outside).toEqual([]);
      expect(reached.map((x) => x.target.name)).toContain("Deir ez-Zor");
    }, 120_000);
  }
});
