/**
 * `pnpm bench:serve`: starts `syraq serve` on 127.0.0.1 (a free port), times how long it
 * takes to print its URL (ready) and to prepare its landmarks (warm), then drives it with
 * 8 concurrent clients over 1 000 seeded random pairs of the road skeleton's towns
 * (OSRM /route/v1/driving, overview=false) and one 50 × 50 OSRM table, and prints the
 * figures against the issue's targets with the machine's load. A bounded loop: it stops
 * after the pairs and stops the server.
 *
 * The clients are node:http requests over keep-alive sockets (as load generators such as wrk or
 * autocannon: about 0.2 ms of CPU per request here); `--client fetch` uses undici's fetch instead,
 * which costs about 1 ms of CPU per request more. Clients and server share the machine's cores.
 *
 *   pnpm bench:serve [--pairs 1000] [--clients 8] [--workers 2] [--profile driving] [--seed 1] [--client http|fetch]
 *                    [--server-node-args "--cpu-prof --cpu-prof-dir=/tmp/prof"]   (profile the server)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { Agent, get as httpGet } from "node:http";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { mulberry32 } from "@syraq/core";

const ROOT = join(import.meta.dirname, "..", "..");
// The built command, as users run it (`pnpm build`); the development launcher (tsx) only when there is no build.
const BUILT = join(ROOT, "packages", "cli", "dist", "main.js");
const BIN = existsSync(BUILT) ? BUILT : join(ROOT, "packages", "cli", "bin", "syraq.mjs");

function arg(name: string, fallback: number | string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : String(fallback);
}

const PAIRS = Number(arg("pairs", 1000));
const CLIENTS = Number(arg("clients", 8));
const WORKERS = Number(arg("workers", 2));
const PROFILE = arg("profile", "driving");
const SEED = Number(arg("seed", 1));
const CLIENT = arg("client", "http");
if (CLIENT !== "http" && CLIENT !== "fetch") throw new Error("--client must be http or fetch");
const SERVER_NODE_ARGS = arg("server-node-args", "").split(" ").filter(Boolean);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
/** CPU seconds (user + system) of a process and all its threads, from /proc (Linux); NaN elsewhere. */
function processCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ");

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

/** GET url → the parsed JSON body (node:http over keep-alive sockets, or fetch with --client fetch). */
async function getJson<T>(url: string): Promise<T> {
  if (CLIENT === "fetch") return (await (await fetch(url)).json()) as T;
  return new Promise<T>((resolve, reject) => {
    httpGet(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as T);
        } catch (e) {
          reject(e);
        }
      });
      res.on("error", reject);
    }).on("error", reject);
  });
}

async function startServer(): Promise<{ url: string; child: ChildProcess; readyMs: number }> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_ARGS, BIN, "serve", "--port", "0", "--workers", String(WORKERS), "--quiet"],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.on("exit", (code) => reject(new Error(`syraq serve exited (${code}) before it was ready`)));
    child.stdout!.on("data", (d) => {
      out += String(d);
      const m = /ready at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child, readyMs: performance.now() - t0 });
    });
  });
}

async function main(): Promise<void> {
  const roads = JSON.parse(readFileSync(join(ROOT, "data", "roads", "roads.json"), "utf8")) as {
    roads: Array<{ towns: Array<{ name: string; lonLat: [number, number] }> }>;
  };
  const towns = new Map<string, [number, number]>();
  for (const r of roads.roads) for (const t of r.towns) towns.set(t.name, t.lonLat);
  const list = [...towns.values()];
  const rand = mulberry32(SEED);
  const pairs: Array<[[number, number], [number, number]]> = [];
  while (pairs.length < PAIRS) {
    const a = list[Math.floor(rand() * list.length)]!;
    const b = list[Math.floor(rand() * list.length)]!;
    if (a !== b) pairs.push([a, b]);
  }
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}; load average (1/5/15 min) ${load()}`);
  console.log(
    `towns: ${list.length} skeleton towns; ${PAIRS} pairs (seed ${SEED}); ${CLIENTS} concurrent clients (${CLIENT === "http" ? "node:http keep-alive" : "fetch"}) ` +
      `and a server with ${WORKERS} worker threads + its main thread, all on these ${cpus().length} cores`,
  );

  const { url, child, readyMs } = await startServer();
  const t1 = performance.now();
  let warmMs = Number.NaN;
  for (let i = 0; i < 1200; i++) {
    const h = await getJson<{ warm?: boolean }>(`${url}/health`);
    if (h.warm) {
      warmMs = readyMs + performance.now() - t1;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    const coords = ([a, b]: [[number, number], [number, number]]) => `${a[0]},${a[1]};${b[0]},${b[1]}`;
    for (const p of pairs.slice(0, 20)) await getJson(`${url}/route/v1/${PROFILE}/${coords(p)}?overview=false`);
    const times: number[] = [];
    let failures = 0;
    let next = 0;
    const loadBefore = load();
    const serverCpu0 = processCpuSeconds(child.pid);
    const clientCpu0 = process.cpuUsage();
    const tRun = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < pairs.length) {
          const p = pairs[next++]!;
          const t = performance.now();
          const body = await getJson<{ code: string }>(`${url}/route/v1/${PROFILE}/${coords(p)}?overview=false`);
          times.push(performance.now() - t);
          if (body.code !== "Ok") failures++;
        }
      }),
    );
    const wall = (performance.now() - tRun) / 1000;
    const serverCpu = processCpuSeconds(child.pid) - serverCpu0;
    const clientUsage = process.cpuUsage(clientCpu0);
    const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
    times.sort((a, b) => a - b);
    const tablePlaces = list.slice(0, 50);
    const tableUrl = `${url}/table/v1/${PROFILE}/${tablePlaces.map((p) => `${p[0]},${p[1]}`).join(";")}`;
    const tableTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = await getJson<{ code: string; durations?: unknown[] }>(tableUrl);
      tableTimes.push(performance.now() - t);
      if (r.code !== "Ok" || r.durations?.length !== tablePlaces.length) throw new Error(`table failed: ${r.code}`);
    }
    tableTimes.sort((a, b) => a - b);
    const mark = (ok: boolean) => (ok ? "met" : "NOT met");
    const p50 = pct(times, 50);
    const p99 = pct(times, 99);
    const table = tableTimes[1]!;
    console.log(`load average during the run: ${loadBefore} → ${load()}`);
    console.log(
      `ready (process start → URL printed): ${(readyMs / 1000).toFixed(2)} s   [target ≤ 3 s: ${mark(readyMs <= 3000)}]`,
    );
    console.log(`warm (ALT landmarks prepared):       ${(warmMs / 1000).toFixed(2)} s`);
    console.log(
      `route ${PROFILE}: ${times.length} requests (${failures} not Ok) in ${wall.toFixed(1)} s = ${(times.length / wall).toFixed(0)} req/s`,
    );
    console.log(
      `  CPU per request: server ${((serverCpu / times.length) * 1000).toFixed(2)} ms (main thread + ${WORKERS} workers), ` +
        `bench clients ${((clientCpu / times.length) * 1000).toFixed(2)} ms; ${cpus().length} cores shared by both`,
    );
    console.log(`  p50 ${p50.toFixed(1)} ms   [target ≤ 10 ms: ${mark(p50 <= 10)}]`);
    console.log(`  p90 ${pct(times, 90).toFixed(1)} ms`);
    console.log(`  p99 ${p99.toFixed(1)} ms   [target ≤ 50 ms: ${mark(p99 <= 50)}]`);
    console.log(`  max ${times.at(-1)!.toFixed(1)} ms`);
    console.log(
      `table 50 × 50 (${PROFILE}): median of 3 ${table.toFixed(0)} ms (${tableTimes.map((t) => t.toFixed(0)).join(", ")})   [target ≤ 1 s: ${mark(table <= 1000)}]`,
    );
  } finally {
    child.kill("SIGTERM");
    agent.destroy();
  }
}

await main();
