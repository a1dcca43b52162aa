/**
 * Runs a seeded ensemble (core: analysis/ensemble.ts) in this thread or spread over worker
 * threads: runs are independent and each draws from its own seed, so any split of the run
 * indices over threads gives the same runs.
 */
import {
  type CrossingSelection,
  type EnsembleIsochroneCounts,
  type EnsembleOptions,
  type EnsembleRouteRun,
  ensembleIsochroneRuns,
  ensembleRouteRuns,
  type GridSpec,
  type RoutePoint,
} from "@syraq/core";
import { RouteEngine } from "./engine.ts";
import { EnginePool, taskErrorToSyraq } from "./pool.ts";

export type EnsembleTask =
  | {
      mode: "route";
      points: RoutePoint[];
      model: string;
      crossings: CrossingSelection;
      options: EnsembleOptions;
      runIndices: number[];
    }
  | {
      mode: "isochrone";
      points: RoutePoint[];
      model: string;
      crossings: CrossingSelection;
      options: EnsembleOptions;
      runIndices: number[];
      durationsSeconds: number[];
    };

/** An ensemble task without its run indices (runEnsemble splits them). */
export type EnsembleTaskInput = EnsembleTask extends infer T
  ? T extends EnsembleTask
    ? Omit<T, "runIndices">
    : never
  : never;

/** One task's share of the runs, on an engine (in a worker or in this thread). */
export function runEnsembleTask(engine: RouteEngine, t: EnsembleTask): EnsembleRouteRun[] | EnsembleIsochroneCounts {
  const model = engine.model(t.model);
  if (t.mode === "route")
    return ensembleRouteRuns({
      graph: engine.graph,
      model,
      points: t.points,
      crossings: t.crossings,
      options: t.options,
      runIndices: t.runIndices,
    });
  return ensembleIsochroneRuns({
    graph: engine.graph,
    model,
    sources: t.points,
    durationsSeconds: t.durationsSeconds,
    crossings: t.crossings,
    options: t.options,
    runIndices: t.runIndices,
  });
}

/** Splits the runs over `workers` threads (1 = this thread) and joins the answers in run order. */
export async function runEnsemble(
  dataDir: string,
  workers: number,
  task: EnsembleTaskInput,
  onProgress?: (done: number, total: number) => void,
): Promise<{ grid: GridSpec; parts: Array<EnsembleRouteRun[] | EnsembleIsochroneCounts> }> {
  const runs = task.options.runs;
  const all = Array.from({ length: runs }, (_, r) => r);
  if (workers <= 1) {
    const engine = await RouteEngine.load({ dataDir });
    const parts: Array<EnsembleRouteRun[] | EnsembleIsochroneCounts> = [];
    const step = Math.max(1, Math.ceil(runs / 20));
    for (let i = 0; i < runs; i += step) {
      parts.push(runEnsembleTask(engine, { ...task, runIndices: all.slice(i, i + step) } as EnsembleTask));
      onProgress?.(Math.min(runs, i + step), runs);
    }
    return { grid: engine.graph.grid, parts };
  }
  const pool = new EnginePool({ dataDir, size: workers });
  try {
    const chunk = Math.max(1, Math.ceil(runs / (workers * 4)));
    let done = 0;
    const jobs: Array<Promise<EnsembleRouteRun[] | EnsembleIsochroneCounts>> = [];
    for (let i = 0; i < runs; i += chunk) {
      const runIndices = all.slice(i, i + chunk);
      jobs.push(
        pool
          .run<EnsembleRouteRun[] | EnsembleIsochroneCounts>(
            { kind: "ensemble", task: { ...task, runIndices } as EnsembleTask },
            3_600_000,
          )
          .then((v) => {
            done += runIndices.length;
            onProgress?.(done, runs);
            return v;
          }),
      );
    }
    const parts = await Promise.all(jobs);
    return { grid: await pool.run<GridSpec>({ kind: "grid" }), parts };
  } catch (e) {
    throw taskErrorToSyraq(e);
  } finally {
    await pool.close();
  }
}
