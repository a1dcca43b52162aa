/**
 * A pool of worker threads, each holding a warm route engine (pool-worker.ts). Tasks go to
 * an idle worker or wait in a bounded queue; a task that runs past its time limit has its
 * worker terminated (a synchronous search cannot be interrupted otherwise) and replaced,
 * so one slow request never blocks the others for longer than the limit.
 */
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { SyraqError } from "@syraq/core";
import type { WorkerTask } from "./pool-worker.ts";

export interface PoolOptions {
  dataDir: string;
  /** Number of worker threads (default: the machine's cores, at most 4). */
  size?: number;
  /** Models whose ALT landmarks each worker prepares after loading (long-running pools). */
  landmarks?: string[];
  /** Largest number of tasks waiting for a worker (default 1000); more are refused with BUSY. */
  maxQueue?: number;
}

/** An error a task ended with, as sent across the thread boundary. */
export interface TaskError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  /** "input" | "data" | "no-result" | "internal" for SyraqErrors; "timeout" and "busy" from the pool. */
  category: string;
}

export class TaskFailure extends Error {
  readonly error: TaskError;
  constructor(error: TaskError) {
    super(error.message);
    this.error = error;
  }
}

interface Pending {
  task: WorkerTask;
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: TaskFailure): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Landmarks prepared (or none asked for). */
  warm?: boolean;
  busy?: { id: number; pending: Pending; timer: NodeJS.Timeout };
}

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

const workerEntry = (): string => {
  const self = fileURLToPath(import.meta.url);
  return new URL(`./pool-worker${extname(self)}`, import.meta.url).href;
};

export class EnginePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private failure: TaskFailure | undefined;
  private readonly opts: Required<Omit<PoolOptions, "landmarks">> & { landmarks: string[] };
  private readyResolve!: () => void;
  private readyReject!: (e: Error) => void;
  /** Resolves when every worker has loaded its engine; rejects when the first one fails to. */
  readonly ready: Promise<void>;
  /** Resolves when the first worker has loaded its engine (the pool can answer); rejects like `ready`. */
  readonly readyAny: Promise<void>;
  private anyResolve!: () => void;
  private anyReject!: (e: Error) => void;

  constructor(opts: PoolOptions) {
    this.opts = {
      dataDir: opts.dataDir,
      size: opts.size ?? defaultPoolSize(),
      landmarks: opts.landmarks ?? [],
      maxQueue: opts.maxQueue ?? 1000,
    };
    this.ready = new Promise<void>((res, rej) => {
      this.readyResolve = res;
      this.readyReject = rej;
    });
    this.ready.catch(() => {});
    this.readyAny = new Promise<void>((res, rej) => {
      this.anyResolve = res;
      this.anyReject = rej;
    });
    this.readyAny.catch(() => {});
    for (let i = 0; i < this.opts.size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Workers that have also prepared their ALT landmarks (queries at full speed). */
  get warmCount(): number {
    return this.slots.filter((s) => s.warm).length;
  }

  /** Workers loaded and waiting or working. */
  get readyCount(): number {
    return this.slots.filter((s) => s.ready).length;
  }

  get queued(): number {
    return this.queue.length;
  }

  private spawn(): Slot {
    const entry = workerEntry();
    // from the sources a boot file registers tsx first; built (dist/*.js) the worker module starts directly
    const script = entry.endsWith(".ts") ? new URL("./worker-boot.mjs", import.meta.url) : new URL(entry);
    const worker = new Worker(script, {
      workerData: { entry, dataDir: this.opts.dataDir, landmarks: this.opts.landmarks },
    });
    const slot: Slot = { worker, ready: false };
    worker.on("message", (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on("error", (e) => this.onExit(slot, e));
    worker.on("exit", () => this.onExit(slot));
    return slot;
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if (m.type === "ready") {
      slot.ready = true;
      this.anyResolve();
      if (this.slots.every((s) => s.ready)) this.readyResolve();
      this.pump();
      return;
    }
    if (m.type === "warm") {
      slot.warm = true;
      return;
    }
    if (m.type === "failed") {
      this.fail(new TaskFailure(m.error));
      return;
    }
    const busy = slot.busy;
    if (!busy || busy.id !== m.id) return;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    if (m.ok) busy.pending.resolve(m.value);
    else busy.pending.reject(new TaskFailure(m.error));
    this.pump();
  }

  private onExit(slot: Slot, error?: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    if (slot.busy) {
      clearTimeout(slot.busy.timer);
      slot.busy.pending.reject(
        new TaskFailure({
          code: "INTERNAL",
          message: `a worker stopped while answering${error ? `: ${error.message}` : ""}`,
          category: "internal",
        }),
      );
      slot.busy = undefined;
    }
    // a worker that never loaded (data missing, bad pack) is not replaced: the pool fails
    if (!slot.ready)
      this.fail(
        new TaskFailure({
          code: "INTERNAL",
          message: `a worker stopped while loading${error ? `: ${error.message}` : ""}`,
          category: "internal",
        }),
      );
    else if (!this.closed) this.slots.push(this.spawn());
  }

  /** A worker could not load the engine: the pool is unusable, every waiting task fails with the same error. */
  private fail(e: TaskFailure): void {
    this.readyReject(e);
    this.anyReject(e);
    this.failure = e;
    for (const p of this.queue.splice(0)) p.reject(e);
  }

  /** Runs a task on the next free worker; rejects with a TaskFailure (its code, message and category). */
  run<T>(task: WorkerTask, timeoutMs = 30_000): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed)
      return Promise.reject(
        new TaskFailure({ code: "BUSY", message: "the engine is shutting down", category: "busy" }),
      );
    if (this.queue.length >= this.opts.maxQueue)
      return Promise.reject(
        new TaskFailure({ code: "BUSY", message: "too many requests waiting; try again shortly", category: "busy" }),
      );
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ task, timeoutMs, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (!slot.ready || slot.busy) continue;
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      const timer = setTimeout(() => {
        if (slot.busy?.id !== id) return;
        slot.busy = undefined;
        pending.reject(
          new TaskFailure({
            code: "TIMEOUT",
            message: `the request took longer than the time limit of ${pending.timeoutMs / 1000} s`,
            category: "timeout",
            details: { timeoutSeconds: pending.timeoutMs / 1000 },
          }),
        );
        // a synchronous search cannot be interrupted: replace the worker
        void slot.worker.terminate();
      }, pending.timeoutMs);
      slot.busy = { id, pending, timer };
      slot.worker.postMessage({ id, task: pending.task });
    }
  }

  /** Stops every worker; queued tasks are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0))
      p.reject(new TaskFailure({ code: "BUSY", message: "the engine is shutting down", category: "busy" }));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** Messages from pool-worker.ts. */
export type WorkerMessage =
  | { type: "ready" }
  | { type: "warm" }
  | { type: "failed"; error: TaskError }
  | { type: "result"; id: number; ok: true; value: unknown }
  | { type: "result"; id: number; ok: false; error: TaskError };

/** A task failure as a SyraqError-like value for the CLI (exit status by category). */
export function taskErrorToSyraq(e: unknown): SyraqError | unknown {
  if (!(e instanceof TaskFailure)) return e;
  const known = ["input", "data", "no-result"].includes(e.error.category);
  const code = known ? e.error.code : e.error.category === "timeout" ? "OUT_OF_RANGE" : "INTERNAL";
  return new SyraqError(code as ConstructorParameters<typeof SyraqError>[0], e.error.message, e.error.details ?? {});
}
