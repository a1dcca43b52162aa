/**
 * pnpm bench:cli [--repeat N] [--json] [--bin FILE]
 *
 * Whole-process wall times of the built `syraq` (packages/cli/dist/main.js, `pnpm build` first), side by side with
 * a bare `node -e 0` in the same run: each case is started N times (default 9), the cases interleaved round-robin so
 * that load from other processes falls on all of them alike, after one warm-up round (which also fills the route
 * graph cache). Prints the median wall time in seconds, its ratio to `node -e 0`, the target and the median's share
 * of it, and the median CPU time (user + system, from /usr/bin/time when installed) — on a busy machine the CPU time
 * is the steadier figure. Nothing is asserted: the targets are the project's goals (issue 11), met or not.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { resolveDataDir } from "@syraq/core/node";

const argv = process.argv.slice(2);
const value = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1]! : dflt;
};
if (argv.includes("--help")) {
  console.log("pnpm bench:cli [--repeat N] [--json] [--bin FILE]");
  process.exit(0);
}
const repeat = Math.max(1, Number(value("repeat", "9")));
const ROOT = resolve(import.meta.dirname, "..", "..");
const BIN = resolve(value("bin", join(ROOT, "packages", "cli", "dist", "main.js")));
if (!existsSync(BIN)) {
  console.error(`bench:cli: ${BIN} not found: run \`pnpm build\` first`);
  process.exit(3);
}
const pack = resolveDataDir();
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
// A private route-graph cache, emptied first: the warm-up round fills it, as a user's first `syraq route` does.
const cacheDir = mkdtempSync(join(tmpdir(), "syraq-bench-cache-"));
const env = { ...process.env, SYRAQ_DATA_DIR: pack, SYRAQ_CACHE_DIR: cacheDir, NODE_OPTIONS: "" };

interface Case {
  label: string;
  args: string[];
  /** Target median wall time, seconds (undefined: the baseline). */
  targetSeconds?: number;
  node?: boolean;
}

const CASES: Case[] = [
  { label: "node -e 0", args: ["-e", "0"], node: true },
  { label: "syraq --version", args: ["--version"], targetSeconds: 0.15 },
  { label: "syraq help", args: ["help"], targetSeconds: 0.15 },
  { label: "syraq distance Raqqa Palmyra", args: ["distance", "Raqqa", "Palmyra"], targetSeconds: 0.35 },
  { label: "syraq where Mayadeen", args: ["where", "Mayadeen"], targetSeconds: 0.4 },
  { label: "syraq route Raqqa Palmyra", args: ["route", "Raqqa", "Palmyra"], targetSeconds: 1.5 },
];

interface Sample {
  wallSeconds: number;
  cpuSeconds?: number;
}

function once(c: Case): Sample {
  const args = c.node ? c.args : [BIN, ...c.args];
  const cmd = TIME ?? process.execPath;
  const full = TIME ? ["-f", "%U %S", process.execPath, ...args] : args;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, full, { env, encoding: "utf8", maxBuffer: 64 << 20 });
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    console.error(`bench:cli: ${c.label} failed (exit ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
  let cpuSeconds: number | undefined;
  if (TIME) {
    const last = r.stderr.trim().split("\n").pop() ?? "";
    const [u, s] = last.split(" ").map(Number);
    if (Number.isFinite(u) && Number.isFinite(s)) cpuSeconds = u! + s!;
  }
  return { wallSeconds, cpuSeconds };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const samples = new Map<string, Sample[]>(CASES.map((c) => [c.label, []]));
try {
  for (const c of CASES) once(c); // warm-up: file cache, route graph cache
  for (let i = 0; i < repeat; i++) for (const c of CASES) samples.get(c.label)!.push(once(c));
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}

const base = median(samples.get("node -e 0")!.map((s) => s.wallSeconds));
const rows = CASES.map((c) => {
  const ss = samples.get(c.label)!;
  const wall = median(ss.map((s) => s.wallSeconds));
  const cpus_ = ss.map((s) => s.cpuSeconds).filter((x): x is number => x !== undefined);
  return {
    case: c.label,
    medianWallSeconds: wall,
    timesNode: wall / base,
    targetSeconds: c.targetSeconds,
    shareOfTarget: c.targetSeconds ? wall / c.targetSeconds : undefined,
    met: c.targetSeconds ? wall <= c.targetSeconds : undefined,
    medianCpuSeconds: cpus_.length ? median(cpus_) : undefined,
  };
});
const version = JSON.parse(readFileSync(join(ROOT, "packages", "cli", "package.json"), "utf8")).version;
const machine = {
  node: process.version,
  cpu: cpus()[0]?.model ?? "?",
  cores: cpus().length,
  loadAverage1min: loadavg()[0],
  repeat,
  syraq: version,
};
if (argv.includes("--json")) {
  console.log(JSON.stringify({ machine, rows }, null, 2));
} else {
  const f = (x: number | undefined, d = 3) => (x === undefined ? "" : x.toFixed(d));
  console.log(
    `syraq ${version} whole-process times, ${repeat} runs per case interleaved, medians; node ${machine.node}, ` +
      `${machine.cores} × ${machine.cpu}, load average ${machine.loadAverage1min.toFixed(2)}`,
  );
  const header = ["case", "wall s", "× node", "target s", "of target", "met", "CPU s"];
  const lines = rows.map((r) => [
    r.case,
    f(r.medianWallSeconds),
    `${f(r.timesNode, 1)}×`,
    f(r.targetSeconds, 2),
    r.shareOfTarget === undefined ? "" : `${(100 * r.shareOfTarget).toFixed(0)} %`,
    r.met === undefined ? "" : r.met ? "yes" : "NO",
    f(r.medianCpuSeconds, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (l: string[]) => l.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join("  ");
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
}
