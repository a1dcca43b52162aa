/**
 * `syraq batch`: requests of the JSON API (shared/requests.ts), one per line, answered one
 * result line per request in input order.
 *
 * Results go to `OUT.partial` by appending one whole line per write(2) call; when every
 * request of the shard is answered the file is flushed and renamed to OUT. `--resume`
 * reads `OUT.partial`, drops a last line that is not complete (no newline or not JSON:
 * a write cut by a kill), checks that the lines it keeps are the first answers of this
 * input and shard, and carries on after them: nothing is lost and nothing repeated.
 *
 * Shards: request k (its 0-based line number in the file) belongs to shard k mod N, so
 * any array-job engine can run shard i of N; the shards' lines carry their line numbers,
 * and sorting the union of the shard files by line number gives the unsharded output.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from "node:fs";
import { SyraqError } from "@syraq/core";
import { EnginePool, TaskFailure } from "./pool.ts";
import { type ApiAnswer, type ApiRequest, errorJson, parseApiRequest, runApiRequest } from "./requests.ts";

export interface BatchOptions {
  input: string;
  out: string;
  dataDir: string;
  workers: number;
  shard: { index: number; count: number };
  resume: boolean;
  /** Per-request time limit with worker threads (ms). */
  timeLimitMs: number;
  progress?: (done: number, total: number) => void;
}

export interface BatchSummary {
  requests: number;
  answered: number;
  errors: number;
  resumedAfter: number;
  out: string;
}

/** "i/N" with 0 ≤ i < N (Kubernetes' JOB_COMPLETION_INDEX is 0-based). */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index < count))
    throw new SyraqError("BAD_OPTION", `--shard must be i/N with 0 ≤ i < N (e.g. 0/4); got '${text}'`, {
      shard: text,
    });
  return { index, count };
}

interface Job {
  line: number;
  text: string;
}

/** One output line: the request's line number and id, then its result or its coded error. */
function resultLine(job: Job, id: unknown, answer: { json: unknown; notes: string[] } | { error: unknown }): string {
  const head = { line: job.line, ...(id !== undefined ? { id } : {}) };
  if ("error" in answer) return JSON.stringify({ ...head, ok: false, ...errorJson(answer.error) });
  return JSON.stringify({
    ...head,
    ok: true,
    result: answer.json,
    ...(answer.notes.length ? { notes: answer.notes } : {}),
  });
}

/** Keeps the complete lines of a partial output; returns their line numbers and the byte length to keep. */
function readPartial(path: string): { lines: number[]; keepBytes: number; errors: number } {
  const buf = readFileSync(path);
  const lines: number[] = [];
  let errors = 0;
  let start = 0;
  let keep = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] !== 0x0a) continue;
    const text = buf.subarray(start, i).toString("utf8");
    let parsed: { line?: unknown; ok?: unknown };
    try {
      parsed = JSON.parse(text);
    } catch {
      break; // a torn line in the middle cannot come from this writer; stop trusting the rest
    }
    if (typeof parsed.line !== "number") break;
    lines.push(parsed.line);
    if (parsed.ok === false) errors++;
    start = i + 1;
    keep = start;
  }
  return { lines, keepBytes: keep, errors };
}

export async function runBatch(o: BatchOptions): Promise<BatchSummary> {
  let text: string;
  try {
    text = readFileSync(o.input, "utf8");
  } catch (e) {
    throw new SyraqError("DATA_MISSING", `cannot read ${o.input}: ${(e as NodeJS.ErrnoException).code}`, {
      path: o.input,
    });
  }
  const jobs: Job[] = [];
  text.split("\n").forEach((raw, line) => {
    const t = raw.trim();
    if (t && line % o.shard.count === o.shard.index) jobs.push({ line, text: t });
  });
  const partial = `${o.out}.partial`;
  let skip = 0;
  let errors = 0;
  if (o.resume && existsSync(partial)) {
    const p = readPartial(partial);
    for (let k = 0; k < p.lines.length; k++)
      if (p.lines[k] !== jobs[k]?.line)
        throw new SyraqError(
          "BAD_ARGUMENT",
          `${partial} does not hold the first answers of ${o.input} (shard ${o.shard.index}/${o.shard.count}): its line ${k + 1} answers request line ${p.lines[k]}, expected ${jobs[k]?.line ?? "none"}; delete it to start again`,
          { partial },
        );
    skip = p.lines.length;
    errors = p.errors;
    if (statSync(partial).size !== p.keepBytes) {
      const fd = openSync(partial, "r+");
      ftruncateSync(fd, p.keepBytes);
      closeSync(fd);
    }
  } else if (existsSync(partial)) {
    throw new SyraqError(
      "BAD_OPTION",
      `${partial} exists (an earlier run was stopped): add --resume to carry on, or delete it to start again`,
      { partial },
    );
  }
  const fd = openSync(partial, skip > 0 ? "a" : "w");
  let lastSync = Date.now();
  const append = (line: string) => {
    // one write per line: a kill leaves whole lines, at worst one torn last line (detected on resume)
    writeSync(fd, `${line}\n`);
    if (Date.now() - lastSync > 1000) {
      fsyncSync(fd);
      lastSync = Date.now();
    }
  };
  const todo = jobs.slice(skip);
  let pool: EnginePool | undefined;
  try {
    let execute: (r: ApiRequest) => Promise<ApiAnswer>;
    if (o.workers > 1 && todo.length > 1) {
      const p = new EnginePool({ dataDir: o.dataDir, size: o.workers });
      pool = p;
      execute = (request) => p.run<ApiAnswer>({ kind: "api", request }, o.timeLimitMs);
    } else {
      const { COMMANDS } = await import("../commands/index.ts");
      execute = (request) => runApiRequest(COMMANDS, request, o.dataDir);
    }
    // answers are written in input order; up to 4 per worker are in flight
    const window = Math.max(1, o.workers * 4);
    const pending = new Map<number, Promise<{ text: string; ok: boolean }>>();
    const start = (k: number) => {
      const job = todo[k]!;
      let id: unknown;
      const run = async (): Promise<{ text: string; ok: boolean }> => {
        let request: ApiRequest;
        try {
          const value = JSON.parse(job.text) as unknown;
          id = (value as { id?: unknown } | null)?.id;
          request = parseApiRequest(value);
        } catch (e) {
          const err =
            e instanceof SyraqError
              ? e
              : new SyraqError("BAD_ARGUMENT", `line ${job.line + 1} is not valid JSON`, { line: job.line + 1 });
          return { text: resultLine(job, id, { error: err }), ok: false };
        }
        try {
          return { text: resultLine(job, id, await execute(request)), ok: true };
        } catch (e) {
          if (e instanceof TaskFailure) {
            const error = { code: e.error.code, message: e.error.message, details: e.error.details };
            return {
              text: JSON.stringify({ line: job.line, ...(id !== undefined ? { id } : {}), ok: false, error }),
              ok: false,
            };
          }
          return { text: resultLine(job, id, { error: e }), ok: false };
        }
      };
      pending.set(k, run());
    };
    let next = 0;
    for (; next < Math.min(window, todo.length); next++) start(next);
    for (let k = 0; k < todo.length; k++) {
      const answer = await pending.get(k)!;
      pending.delete(k);
      if (next < todo.length) start(next++);
      if (!answer.ok) errors++;
      append(answer.text);
      o.progress?.(skip + k + 1, jobs.length);
    }
  } finally {
    fsyncSync(fd);
    closeSync(fd);
    if (pool) await pool.close();
  }
  renameSync(partial, o.out);
  return { requests: jobs.length, answered: jobs.length - skip, errors, resumedAfter: skip, out: o.out };
}
