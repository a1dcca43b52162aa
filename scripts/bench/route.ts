/**
 * Route-graph benchmark: load time of the graph (DEM + barriers + skeleton +
 * crossings) and warm point-to-point query times between seeded random pairs of
 * skeleton towns, for the vehicle and foot models, with the geodesic A* bound alone
 * and with ALT landmarks (6 landmarks, prepared once per model after load). Prints p50/p90/p99 and
 * queries/s with the machine's CPU; then the big-DEM targets of issue 15 (route-dem.ts, with the 300 km route
 * on 1″ tiles; --no-big skips them, --no-tiles the tiles, --tiles-foot adds the foot model on them). Run: pnpm bench:route (or from bench/index.ts:
 * `await runRouteBench()`).
 */
import { cpus } from "node:os";
import {
  findRoute,
  isochrones,
  modelCosts,
  routeModel,
  type RoutePoint,
  prepareLandmarks,
  mulberry32,
} from "@syraq/core";
import { loadRoadsDefinition, loadRouteGraph, resolveDataDir } from "@syraq/core/node";

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export interface RouteBenchResult {
  loadMs: number;
  models: Array<{
    model: string;
    landmarks: boolean;
    queries: number;
    p50Ms: number;
    p90Ms: number;
    p99Ms: number;
    maxMs: number;
    queriesPerSecond: number;
    prepareMs?: number;
  }>;
  isochroneMs: number;
}

export async function runRouteBench(
  opts: { queries?: number; seed?: number; log?: (s: string) => void } = {},
): Promise<RouteBenchResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const dataDir = resolveDataDir();
  const t0 = performance.now();
  const graph = await loadRouteGraph({ dataDir });
  const loadMs = performance.now() - t0;
  const def = loadRoadsDefinition();
  log(
    `route graph: ${graph.width}×${graph.height} cells, ${graph.roadNodeCount} road nodes, ${graph.edgeFrom.length} extra edges, ${graph.barriers.blockedCount} barrier cells`,
  );
  log(`load (DEM, barriers, crossings, skeleton, graph): ${loadMs.toFixed(0)} ms   [target < 2000 ms]`);
  const towns = new Map<string, RoutePoint>();
  for (const r of def.roads) for (const t of r.towns) towns.set(t.name, { name: t.name, lonLat: t.lonLat });
  const list = [...towns.values()];
  const rand = mulberry32(opts.seed ?? 20171001);
  const n = opts.queries ?? 200;
  const pairs: Array<[RoutePoint, RoutePoint]> = [];
  while (pairs.length < n) {
    const a = list[Math.floor(rand() * list.length)]!;
    const b = list[Math.floor(rand() * list.length)]!;
    if (a !== b) pairs.push([a, b]);
  }
  const models: RouteBenchResult["models"] = [];
  for (const withLandmarks of [false, true]) {
    for (const name of ["vehicle", "foot"]) {
      const model = routeModel(name, def.speedsKmh);
      let prepareMs: number | undefined;
      if (withLandmarks) {
        const t = performance.now();
        prepareLandmarks(graph, modelCosts(graph, model), 6);
        prepareMs = performance.now() - t;
      }
      for (const [a, b] of pairs.slice(0, 10)) findRoute({ graph, model, points: [a, b] }); // warm-up (JIT, per-model caches)
      const times: number[] = [];
      const start = performance.now();
      for (const [a, b] of pairs) {
        const t = performance.now();
        findRoute({ graph, model, points: [a, b] });
        times.push(performance.now() - t);
      }
      const total = performance.now() - start;
      times.sort((x, y) => x - y);
      const m = {
        model: name,
        landmarks: withLandmarks,
        queries: n,
        p50Ms: pct(times, 50),
        p90Ms: pct(times, 90),
        p99Ms: pct(times, 99),
        maxMs: times.at(-1)!,
        queriesPerSecond: (n / total) * 1000,
        ...(prepareMs !== undefined ? { prepareMs } : {}),
      };
      models.push(m);
      const label = `${name}${withLandmarks ? " + ALT" : ""}`.padEnd(13);
      log(
        `route ${label}: ${n} queries  p50 ${m.p50Ms.toFixed(1)} ms  p90 ${m.p90Ms.toFixed(1)} ms  p99 ${m.p99Ms.toFixed(1)} ms  max ${m.maxMs.toFixed(1)} ms  ${m.queriesPerSecond.toFixed(0)} q/s${prepareMs !== undefined ? `  (6 landmarks prepared in ${prepareMs.toFixed(0)} ms)` : ""}   [target p50 < 20, p99 < 100]`,
      );
    }
  }
  const ti = performance.now();
  isochrones({
    graph,
    model: routeModel("vehicle", def.speedsKmh),
    sources: [towns.get("as-Sukhnah")!],
    durationsSeconds: [3600, 7200, 14400],
  });
  const isochroneMs = performance.now() - ti;
  log(`isochrone Sukhna 1/2/4 h (vehicle): ${isochroneMs.toFixed(0)} ms`);
  return { loadMs, models, isochroneMs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, node ${process.version}`);
  await runRouteBench();
  // issue 15: route, isochrone, corridor and accumulate on 80 M-cell Int16 DEMs at 3″ (real-shaped and
  // synthetic; made and cached on the first run) and the 300 km route on 1″ tiles, with the targets; --no-big
  // skips them, --no-tiles the tiles
  if (!process.argv.includes("--no-big")) {
    const { runBigDemBench } = await import("./route-dem.ts");
    await runBigDemBench({
      tiles: !process.argv.includes("--no-tiles"),
      tilesFoot: process.argv.includes("--tiles-foot"),
    });
  }
}
