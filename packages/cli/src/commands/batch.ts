import { SyraqError } from "@syraq/core";
import type { CommandSpec } from "../command.ts";

export const batchCommand: CommandSpec = {
  name: "batch",
  summary:
    "run a file of JSON requests (one per line, the JSON API's schema) and write one result or coded error per line, resumable and shardable",
  description: [
    'Each line: {"id": …, "command": "route", "args": {"from": "Raqqa", "to": "Palmyra", "model": "foot"}} with command',
    "where, distance, depth, zone, route, isochrone or corridor; the result is the JSON of 'syraq COMMAND --json'.",
    'Each output line: {"line": N, "id": …, "ok": true, "result": …} or {"line": N, "id": …, "ok": false, "error":',
    "{code, message}}, in input order. Lines are appended to OUT.partial, renamed to OUT when all are done; after a",
    "kill, --resume carries on from OUT.partial (a half-written last line is redone). --shard i/N answers the requests",
    "whose 0-based line number is i mod N; sort the shards' lines by 'line' to merge (docs/serve-and-batch.md).",
  ].join("\n"),
  args: [{ name: "requests", description: "the requests file (JSON Lines)" }],
  options: [
    { name: "out", type: "string", placeholder: "results.jsonl", description: "the results file (JSON Lines)" },
    {
      name: "workers",
      type: "number",
      default: 1,
      placeholder: "N",
      description: "worker threads, each with its own route graph (1 = this thread)",
    },
    { name: "shard", type: "string", placeholder: "i/N", description: "answer only shard i of N (0 ≤ i < N)" },
    { name: "resume", type: "boolean", description: "carry on from OUT.partial left by a stopped run" },
    {
      name: "time-limit-seconds",
      aliases: ["time-limit"],
      type: "number",
      default: 600,
      unit: "seconds",
      placeholder: "S",
      description: "per-request time limit with --workers > 1 (a request past it gets a TIMEOUT error line)",
    },
  ],
  examples: [
    "syraq batch requests.jsonl --out results.jsonl",
    "syraq batch requests.jsonl --out results-3.jsonl --shard 3/10 --workers 2",
    "syraq batch requests.jsonl --out results.jsonl --resume",
  ],
  async run(ctx) {
    const o = ctx.options;
    if (!o.out) throw new SyraqError("BAD_OPTION", "batch needs --out results.jsonl", {});
    const workers = Number(o.workers);
    if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64))
      throw new SyraqError("BAD_OPTION", `--workers must be an integer from 1 to 64; got ${workers}`, { workers });
    const timeLimit = Number(o["time-limit-seconds"]);
    if (!(timeLimit > 0))
      throw new SyraqError("BAD_OPTION", `--time-limit-seconds must be positive; got ${timeLimit}`, {});
    const { parseShard, runBatch } = await import("../shared/batch-run.ts");
    const shard = o.shard === undefined ? { index: 0, count: 1 } : parseShard(String(o.shard));
    const input = String(ctx.args.requests);
    const out = String(o.out);
    if (out === input) throw new SyraqError("BAD_OPTION", "--out must not be the requests file", { out });
    const bar = ctx.progress(`batch ${input}`);
    const s = await runBatch({
      input,
      out,
      dataDir: ctx.dataDir(),
      workers,
      shard,
      resume: o.resume === true,
      timeLimitMs: timeLimit * 1000,
      progress: (done, total) => bar.update(total ? done / total : 1),
    });
    bar.done();
    const shardText = shard.count > 1 ? ` (shard ${shard.index}/${shard.count})` : "";
    return {
      json: { ...s, shard },
      text: [
        `batch ${input}${shardText}: ${s.requests} request(s), ${s.errors} error line(s)`,
        ...(s.resumedAfter ? [`  resumed after ${s.resumedAfter} answered before`] : []),
        `wrote ${s.out}`,
      ].join("\n"),
    };
  },
};
