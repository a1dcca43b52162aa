/**
 * Big-DEM benchmark (issue 15): the route commands as a user runs them, on 80 M-cell Int16 DEMs
 * at 3″ made here (scripts/bench/dem-big.ts: the pack's GMTED2010 upsampled with seeded fractal
 * detail, "real-shaped", and pure fractal noise, "synthetic"; tiled DEFLATE), and optionally on a
 * folder of 1° × 1° tiles at 1″. Each command is the built `syraq` (node packages/cli/dist/main.js, built
 * first by scripts/build.mjs, as a user runs it) in its own process under /usr/bin/time, so the times are
 * whole-process wall and CPU seconds (start-up included) and the memory is the whole process's peak resident set. The load average is printed: on a shared machine wall times
 * grow with it, CPU seconds much less.
 *
 * A target is "met" when the wall time (and peak memory) is within it; when only the CPU seconds are (a shared,
 * loaded machine), the line says so and the target still counts as NOT met. A summary table ends the run.
 *
 * Run: pnpm bench:route (route graph + these), or pnpm tsx scripts/bench/route-dem.ts
 *      [--kinds real,synthetic] [--only route,isochrone,corridor,accumulate] [--no-tiles] [--tiles-foot]
 *      [--skip-accumulate]
 * The 1″ route runs for the vehicle model (about a minute of CPU in 2026-12); --tiles-foot adds the foot
 * model, whose windows cover most of the tiles in 3 rounds (about 5 minutes of CPU, 3.9 GB).
 */
import { spawnSync } from "node:child_process";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { resolveDataDir } from "@syraq/core/node";
import { benchDem3s, benchTiles1s } from "./dem-big.ts";

interface Run {
  label: string;
  wallSeconds: number;
  cpuSeconds: number;
  peakGb: number;
  exit: number;
  lastLine: string;
  stdout: string;
}

const ROOT = join(import.meta.dirname, "../..");
const CLI = join(ROOT, "packages/cli/dist/main.js");

/** Builds the command (scripts/build.mjs, about a second) so that the bench times what users run. */
function buildCli(): void {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs"), "--no-viewer", "--quiet"], {
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error("scripts/build.mjs failed: the big-DEM bench times the built command");
}

function timeCli(label: string, args: string[]): Run {
  const r = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", process.execPath, CLI, ...args, "--quiet"], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const err = r.stderr ?? "";
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(err);
  const out = `${r.stdout ?? ""}${err.replace(/TIME .*\n?/, "")}`.trim().split("\n");
  return {
    label,
    wallSeconds: m ? Number(m[1]) : NaN,
    cpuSeconds: m ? Number(m[2]) + Number(m[3]) : NaN,
    peakGb: m ? Number(m[4]) / 2 ** 20 : NaN,
    exit: r.status ?? -1,
    lastLine: out.filter((l) => l.trim()).slice(-1)[0] ?? "",
    stdout: r.stdout ?? "",
  };
}

/** Every reported run, for the summary table at the end. */
const summary: Array<{ label: string; run: Run; target: { seconds: number; gb?: number }; verdict: string }> = [];

function report(run: Run, target: { seconds: number; gb?: number }, log: (s: string) => void, detail = ""): void {
  const memOk = target.gb === undefined || run.peakGb <= target.gb;
  const met = run.exit === 0 && run.wallSeconds <= target.seconds && memOk;
  // on a loaded machine the wall time grows with the load; the CPU seconds say whether a quiet one would meet it
  const cpuOnly = !met && run.exit === 0 && memOk && run.cpuSeconds <= target.seconds;
  const verdict = met ? "met" : cpuOnly ? "NOT met (CPU seconds within it)" : "NOT met";
  const tgt = `[target ≤ ${target.seconds} s${target.gb !== undefined ? `, ≤ ${target.gb} GB` : ""}: ${verdict}]`;
  log(
    `${run.label.padEnd(46)} ${run.wallSeconds.toFixed(1).padStart(6)} s wall ${run.cpuSeconds.toFixed(1).padStart(6)} s CPU ${run.peakGb.toFixed(2)} GB peak  exit ${run.exit}  ${tgt}${detail}`,
  );
  if (run.exit !== 0) log(`    ${run.lastLine}`);
  summary.push({ label: run.label, run, target, verdict });
}

/** The targets of issue 15 with their measured values, one line each. */
function printSummary(log: (s: string) => void): void {
  if (!summary.length) return;
  log(`\nissue 15 targets (load average now ${loadavg()[0]!.toFixed(1)}):`);
  log(`${"case".padEnd(56)} ${"wall s".padStart(7)} ${"CPU s".padStart(7)} ${"peak GB".padStart(8)}  target`);
  for (const { label, run, target, verdict } of summary)
    log(
      `${label.padEnd(56)} ${run.wallSeconds.toFixed(1).padStart(7)} ${run.cpuSeconds.toFixed(1).padStart(7)} ${run.peakGb.toFixed(2).padStart(8)}  ≤ ${target.seconds} s${target.gb !== undefined ? `, ≤ ${target.gb} GB` : ""}: ${verdict}`,
    );
}

function boundedLine(stdout: string): string {
  const m = /bounded search: .*/.exec(stdout);
  return m ? `\n    ${m[0]}` : "";
}

export async function runBigDemBench(
  opts: {
    kinds?: Array<"real" | "synthetic">;
    tiles?: boolean;
    /** The 1″ route for the foot model too (minutes). */
    tilesFoot?: boolean;
    accumulate?: boolean;
    /** Only these of route, isochrone, corridor, accumulate (default all). */
    only?: string[];
    log?: (s: string) => void;
  } = {},
): Promise<void> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const dataDir = resolveDataDir();
  summary.length = 0;
  buildCli();
  for (const kind of opts.kinds ?? ["real", "synthetic"]) {
    const dem = await benchDem3s(kind, dataDir, 15, log);
    log(`\n${kind} DEM: 12 030 × 6 630 Int16 at 3″ (80 M cells), ${dem}   load average ${loadavg()[0]!.toFixed(1)}`);
    const want = (x: string) => !opts.only || opts.only.includes(x);
    if (want("route")) {
      const route = timeCli(`${kind}: route Raqqa → Palmyra (vehicle)`, ["route", "Raqqa", "Palmyra", "--dem", dem]);
      report(route, { seconds: 5, gb: 1.5 }, log, boundedLine(route.stdout));
    }
    if (want("isochrone")) {
      const iso = timeCli(`${kind}: isochrone Sukhna 4 h (vehicle)`, [
        "isochrone",
        "Sukhna",
        "--minutes",
        "240",
        "--dem",
        dem,
      ]);
      report(iso, { seconds: 15 }, log, boundedLine(iso.stdout));
    }
    if (want("corridor")) {
      const cor = timeCli(`${kind}: corridor Palmyra → Deir ez-Zor (vehicle)`, [
        "corridor",
        "Palmyra",
        "Deir ez-Zor",
        "--dem",
        dem,
      ]);
      report(cor, { seconds: 20 }, log, boundedLine(cor.stdout));
    }
    if (opts.accumulate !== false && want("accumulate")) {
      const out = join(tmpdir(), `syraq-bench-acc-${process.pid}.tif`);
      const acc = timeCli(`${kind}: accumulate --from Palmyra --model tobler (80 M)`, [
        "accumulate",
        "--from",
        "Palmyra",
        "--model",
        "tobler",
        "--dem",
        dem,
        "--out",
        out,
      ]);
      report(acc, { seconds: 25, gb: 2.5 }, log);
      spawnSync("rm", ["-f", out]);
    }
  }
  if (opts.tiles) {
    // 4 × 2 tiles of 1″ (37–41°E, 35–37°N), 104 M cells; Aleppo → Deir ez-Zor, 285 km
    const dir = await benchTiles1s(dataDir, 37, 35, 4, 2, 15, log);
    log(`\n1″ tiles: 4 × 2 tiles of 3601² Int16 (104 M cells), ${dir}   load average ${loadavg()[0]!.toFixed(1)}`);
    for (const model of opts.tilesFoot ? ["vehicle", "foot"] : ["vehicle"]) {
      const args = ["route", "36.20,37.16", "35.33,40.14", "--model", model, "--dem", dir];
      const run = timeCli(`route Aleppo → Deir ez-Zor 285 km (${model}, 1″)`, args);
      report(run, { seconds: 15, gb: 3 }, log, boundedLine(run.stdout));
    }
  }
  printSummary(log);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf("--kinds");
  const kinds = (i >= 0 ? process.argv[i + 1]!.split(",") : ["real", "synthetic"]) as Array<"real" | "synthetic">;
  await runBigDemBench({
    kinds,
    tiles: !process.argv.includes("--no-tiles"),
    tilesFoot: process.argv.includes("--tiles-foot"),
    accumulate: !process.argv.includes("--skip-accumulate"),
    ...(process.argv.includes("--only") ? { only: process.argv[process.argv.indexOf("--only") + 1]!.split(",") } : {}),
  });
}
