/**
 * The body of one engine worker thread (started by pool.ts through worker-boot.mjs):
 * loads the route engine once, then answers tasks one at a time.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type CrossingSelection, isSyraqError, type RoutePoint } from "@syraq/core";
import { RouteEngine, type TableControl, type TableRow } from "./engine.ts";
import type { EnsembleTask } from "./ensemble-run.ts";
import type { TaskError } from "./pool.ts";
import { type ApiRequest, runApiRequest } from "./requests.ts";

/** Everything a worker can be asked to do. */
export type WorkerTask =
  | { kind: "api"; request: ApiRequest }
  | { kind: "osrm-route"; url: string }
  | { kind: "osrm-nearest"; url: string }
  | { kind: "osrm-table"; url: string; deadline?: number; sourceRange?: [number, number] }
  | { kind: "valhalla-isochrone"; body: unknown }
  | {
      kind: "table";
      sources: RoutePoint[];
      targets: RoutePoint[];
      model: string;
      crossings?: CrossingSelection;
      control?: TableControl;
    }
  | { kind: "ensemble"; task: EnsembleTask }
  | { kind: "grid" }
  | { kind: "ping" };

export interface TableTaskResult {
  rows: TableRow[];
  /** Per source / target: why it could not be placed on the graph, when it could not. */
  sourceErrors: Array<string | null>;
  targetErrors: Array<string | null>;
}

function toTaskError(e: unknown): TaskError {
  if (isSyraqError(e)) return { code: e.code, message: e.message, details: e.details, category: e.category };
  return {
    code: "INTERNAL",
    message: `internal error (a bug): ${(e as Error)?.message ?? String(e)}`,
    category: "internal",
  };
}

// modules of the services, imported once (the first request that needs them)
let osrmModule: Promise<typeof import("../serve/osrm.ts")> | undefined;
const osrm = () => (osrmModule ??= import("../serve/osrm.ts"));

/** An HTTP answer with its body serialised here, so one string crosses to the main thread. */
function serialised(a: { status: number; body: unknown }): { status: number; body: null; text: string } {
  return { status: a.status, body: null, text: JSON.stringify(a.body) };
}

async function handle(engine: RouteEngine, task: WorkerTask): Promise<unknown> {
  switch (task.kind) {
    case "ping":
      return "pong";
    case "grid":
      return engine.graph.grid;
    case "api": {
      const { COMMANDS } = await import("../commands/index.ts");
      return runApiRequest(COMMANDS, task.request, engine.dataDir);
    }
    case "osrm-nearest":
      return serialised((await osrm()).answerNearest(engine, task.url));
    case "osrm-route":
      return serialised((await osrm()).answerRoute(engine, task.url));
    case "osrm-table":
      // parts of a table are joined in the main thread: objects
      return (await osrm()).answerTable(engine, task.url, task.deadline, task.sourceRange);
    case "valhalla-isochrone": {
      const valhalla = await import("../serve/valhalla.ts");
      return valhalla.answerIsochrone(engine, task.body);
    }
    case "ensemble": {
      const { runEnsembleTask } = await import("./ensemble-run.ts");
      return runEnsembleTask(engine, task.task);
    }
    case "table": {
      const s = engine.snap(task.sources);
      const t = engine.snap(task.targets);
      const errs = (n: number, f: ReturnType<RouteEngine["snap"]>["failures"]) => {
        const out: Array<string | null> = new Array(n).fill(null);
        for (const x of f) out[x.index] = x.error.message;
        return out;
      };
      const rows = engine.table({
        sourceCells: s.cells,
        targetCells: t.cells,
        model: task.model,
        ...(task.crossings ? { crossings: task.crossings } : {}),
        ...(task.control ? { control: task.control } : {}),
      });
      const result: TableTaskResult = {
        rows,
        sourceErrors: errs(task.sources.length, s.failures),
        targetErrors: errs(task.targets.length, t.failures),
      };
      return result;
    }
  }
}

async function main(): Promise<void> {
  const port = parentPort!;
  let engine: RouteEngine;
  try {
    engine = await RouteEngine.load({ dataDir: workerData.dataDir as string });
  } catch (e) {
    port.postMessage({ type: "failed", error: toTaskError(e) });
    process.exit(1);
  }
  port.postMessage({ type: "ready" });
  const landmarks = (workerData.landmarks as string[] | undefined) ?? [];
  if (landmarks.length) engine.prepareLandmarks(landmarks);
  port.postMessage({ type: "warm" });
  port.on("message", async (m: { id: number; task: WorkerTask }) => {
    try {
      const value = await handle(engine, m.task);
      port.postMessage({ type: "result", id: m.id, ok: true, value });
    } catch (e) {
      port.postMessage({ type: "result", id: m.id, ok: false, error: toTaskError(e) });
    }
  });
}

await main();
