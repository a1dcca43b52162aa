/**
 * Many-to-many travel times over the route graph: one one-to-many search per source
 * (RouteEngine.table), the sources spread over worker threads, each with its own graph.
 * With one worker the search runs in this thread (no thread start-up).
 */
import type { CrossingSelection, RoutePoint } from "@syraq/core";
import { RouteEngine, type TableControl } from "./engine.ts";
import { EnginePool, taskErrorToSyraq } from "./pool.ts";
import type { TableTaskResult } from "./pool-worker.ts";

export interface TableRunOptions {
  dataDir: string;
  sources: RoutePoint[];
  targets: RoutePoint[];
  model: string;
  crossings: CrossingSelection;
  workers: number;
  /** Movement as one holder (--as). */
  control?: TableControl;
}

export async function runTable(o: TableRunOptions): Promise<TableTaskResult> {
  const workers = Math.max(1, Math.min(o.workers, o.sources.length));
  if (workers === 1) {
    const engine = await RouteEngine.load({ dataDir: o.dataDir });
    const s = engine.snap(o.sources);
    const t = engine.snap(o.targets);
    const errors = (n: number, f: typeof s.failures) => {
      const out: Array<string | null> = new Array(n).fill(null);
      for (const x of f) out[x.index] = x.error.message;
      return out;
    };
    return {
      rows: engine.table({
        sourceCells: s.cells,
        targetCells: t.cells,
        model: o.model,
        crossings: o.crossings,
        ...(o.control ? { control: o.control } : {}),
      }),
      sourceErrors: errors(o.sources.length, s.failures),
      targetErrors: errors(o.targets.length, t.failures),
    };
  }
  const pool = new EnginePool({ dataDir: o.dataDir, size: workers });
  try {
    const n = o.sources.length;
    // more chunks than workers so a slow chunk does not leave a core idle at the end
    const chunks = Math.min(n, workers * 4);
    const parts: Array<Promise<TableTaskResult>> = [];
    for (let k = 0; k < chunks; k++) {
      const sources = o.sources.slice(Math.floor((k * n) / chunks), Math.floor(((k + 1) * n) / chunks));
      parts.push(
        pool.run<TableTaskResult>(
          {
            kind: "table",
            sources,
            targets: o.targets,
            model: o.model,
            crossings: o.crossings,
            ...(o.control ? { control: o.control } : {}),
          },
          3_600_000,
        ),
      );
    }
    const results = await Promise.all(parts);
    return {
      rows: results.flatMap((r) => r.rows),
      sourceErrors: results.flatMap((r) => r.sourceErrors),
      targetErrors: results[0]!.targetErrors,
    };
  } catch (e) {
    throw taskErrorToSyraq(e);
  } finally {
    await pool.close();
  }
}
