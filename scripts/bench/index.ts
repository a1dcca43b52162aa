/**
 * pnpm bench [--sizes 2000,4000] [--no-peers] [--no-big] [--big-size 7750] [--repeat N] [--work DIR] [--shapes [--shapes-size 1500]] [--route]
 *
 * Accumulated-cost benchmark on seeded synthetic cost rasters (scripts/bench/synthetic.ts):
 * our engine (rule grass, 8 and 16 neighbours, the peers' exact arithmetic) and, where
 * installed, GRASS r.cost, r.cost -k and skimage MCP_Geometric on the same GeoTIFF in the
 * same run (via ../shared/peers scripts). Prints seconds, Mcells/s, ratios and machine
 * info, checks that the results agree, then a 60 M-cell run (seconds, peak RSS) in a
 * child process.
 *
 * Timings: ours = cost array preparation + search (GeoTIFF read/write reported
 * separately); r.cost includes its own raster I/O; skimage = MCP_Geometric constructor +
 * find_costs (no I/O), as the peer scripts time them. The summary's ratios use these; a
 * "like for like" line per size also compares ours + GeoTIFF read + write with r.cost, and
 * ours with r.cost minus its I/O (an r.cost run stopped at the source cell, OVERHEAD=1).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { makeProgress } from "@syraq/cli";
import { accumulateCost, costPerCellToArray, lonLatOfCell, buildGridMoves } from "@syraq/core";
import { readRasterFile, writeRasterFile } from "@syraq/core/node";
import { syntheticCostRaster } from "./synthetic.ts";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const value = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1]! : dflt;
};
if (flag("help")) {
  console.log(
    "pnpm bench [--sizes 2000,4000] [--no-peers] [--no-big] [--big-size 7750] [--repeat N] [--work DIR] [--shapes [--shapes-size 1500]] [--route]",
  );
  process.exit(0);
}
const sizes = value("sizes", "2000,4000").split(",").map(Number);
const repeat = Math.max(1, Number(value("repeat", "1")));
const bigSize = Number(value("big-size", "7750"));
const usePeers = !flag("no-peers");
const runBig = !flag("no-big");
const PEERS = resolve(process.env.SYRAQ_PEERS_DIR ?? join(import.meta.dirname, "../../../shared/peers"));
const PY = "/usr/bin/python3";
const CLI_BIN = join(import.meta.dirname, "../../packages/cli/dist/main.js");
const work = value("work", "") || mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "syraq-bench-"));
mkdirSync(work, { recursive: true });

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const hasGrass = usePeers && has("grass") && existsSync(join(PEERS, "grass_cost.sh"));
const hasSkimage =
  usePeers &&
  existsSync(PY) &&
  spawnSync(PY, ["-c", "import skimage.graph, osgeo.gdal"]).status === 0 &&
  existsSync(join(PEERS, "skimage_cost.py"));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function machine(): string {
  const c = cpus();
  const [l1, l5] = loadavg();
  return `machine: ${c[0]?.model ?? "unknown CPU"}, ${c.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load average ${l1!.toFixed(2)} (1 min) ${l5!.toFixed(2)} (5 min)`;
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): { maxRel: number; nanMismatch: number } {
  let m = 0;
  let nan = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== x || y !== y) {
      if ((x !== x) !== (y !== y)) nan++;
      continue;
    }
    if (x !== y) m = Math.max(m, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)));
  }
  return { maxRel: m, nanMismatch: nan };
}

interface Row {
  size: number;
  what: string;
  seconds: number;
  note?: string;
}
const rows: Row[] = [];
const lines: string[] = [];
const say = (s: string) => {
  console.log(s);
  lines.push(s);
};

say(machine());
say(
  `peers: r.cost ${hasGrass ? "yes" : "no"}, MCP_Geometric ${hasSkimage ? "yes" : "no"}; work dir ${work}; repeat ${repeat} (median)`,
);

// warm-up: let the JIT compile (and settle) the search loops before anything is timed; a
// one-off CLI run pays this once (~0.1-0.3 s), as any JIT-compiled program does
{
  const w = syntheticCostRaster(700, 7);
  for (let round = 0; round < 3; round++) {
    for (const neighbours of [8, 16] as const) {
      accumulateCost({
        grid: w,
        cellCost: costPerCellToArray(w, { rule: "grass" }),
        sources: [{ cells: [350 * 700 + 350] }],
        rule: "grass",
        neighbours,
      });
    }
  }
}

for (const size of sizes) {
  const cells = size * size;
  const tifPath = join(work, `syn${size}.tif`);
  let t = performance.now();
  const synthetic = syntheticCostRaster(size);
  writeRasterFile(tifPath, synthetic);
  say(
    `\n== ${size}×${size} (${(cells / 1e6).toFixed(1)} M cells), UTM 37N 90 m; generated in ${((performance.now() - t) / 1000).toFixed(2)} s`,
  );
  t = performance.now();
  const raster = await readRasterFile(tifPath);
  const readSeconds = (performance.now() - t) / 1000;
  const src = (size >> 1) * size + (size >> 1);
  const [lon, lat] = lonLatOfCell(raster, src);
  const dest = (size >> 1) * size + Math.floor((size * 39) / 40);
  const ours: Record<string, Float64Array> = {};
  const withIo: Record<string, number> = {}; // ours + GeoTIFF read + write, per neighbourhood
  for (const neighbours of [8, 16] as const) {
    const moves = buildGridMoves(raster, { neighbours, rule: "grass" });
    const times: number[] = [];
    for (let k = 0; k < repeat; k++) {
      const progress = makeProgress(`ours ${neighbours}-nb`, true);
      const t0 = performance.now();
      const cellCost = costPerCellToArray(raster, { rule: "grass" });
      const res = accumulateCost({
        grid: raster,
        cellCost,
        sources: [{ cells: [src] }],
        rule: "grass",
        neighbours,
        moves,
        onProgress: (f) => progress.update(f),
      });
      times.push((performance.now() - t0) / 1000);
      progress.done();
      ours[neighbours] = res.accumulated.data;
    }
    t = performance.now();
    writeRasterFile(join(work, `syn${size}.ours${neighbours}.tif`), {
      ...raster,
      data: ours[neighbours]!,
      nodata: NaN,
    });
    const writeSeconds = (performance.now() - t) / 1000;
    const s = median(times);
    withIo[neighbours] = s + readSeconds + writeSeconds;
    rows.push({ size, what: `ours ${neighbours}-nb`, seconds: s });
    say(
      `ours ${neighbours}-nb: ${s.toFixed(3)} s (${(cells / s / 1e6).toFixed(2)} Mcells/s); runs ${times.map((x) => x.toFixed(3)).join(" ")}; + GeoTIFF read ${readSeconds.toFixed(2)} s, write ${writeSeconds.toFixed(2)} s; cost at (N/2, 0.975N) ${ours[neighbours]![dest]}`,
    );
  }
  if (hasGrass) {
    const out = join(work, `syn${size}.grass.tif`);
    const r = spawnSync(join(PEERS, "grass_cost.sh"), [tifPath, String(lon), String(lat), out], {
      encoding: "utf8",
      env: { ...process.env, KNIGHT: "both", REPEAT: String(repeat), OVERHEAD: "1" },
    });
    const m = /grass_rcost_seconds=([\d.]+) grass_rcost_k_seconds=([\d.]+)/.exec(r.stdout ?? "");
    const io = /grass_rcost_io_seconds=([\d.]+)/.exec(r.stdout ?? "");
    if (r.status !== 0 || !m) say(`r.cost failed: ${r.stderr?.slice(-500)}`);
    else {
      const s8 = Number(m[1]);
      const s16 = Number(m[2]);
      rows.push({ size, what: "r.cost 8-nb", seconds: s8 }, { size, what: "r.cost -k 16-nb", seconds: s16 });
      const g8 = await readRasterFile(out);
      const g16 = await readRasterFile(out.replace(/\.tif$/, ".k16.tif"));
      const c8 = maxRel(ours[8]!, g8.data);
      const c16 = maxRel(ours[16]!, g16.data);
      say(
        `r.cost 8-nb: ${s8.toFixed(3)} s; r.cost -k: ${s16.toFixed(3)} s (incl. r.cost's raster I/O); agreement with ours: 8-nb max_rel ${c8.maxRel.toExponential(2)} (NaN mismatches ${c8.nanMismatch}), 16-nb max_rel ${c16.maxRel.toExponential(2)} (${c16.nanMismatch})`,
      );
      // like for like: both with their raster I/O, and both without it (r.cost's I/O = a run stopped at the source cell)
      const ioSeconds = io ? Number(io[1]) : NaN;
      say(
        `  like for like, 8-nb: with raster I/O ours ${withIo[8]!.toFixed(3)} s (search + GeoTIFF read + write) vs r.cost ${s8.toFixed(3)} s → ${(s8 / withIo[8]!).toFixed(2)}×; ` +
          (io
            ? `without it ours ${rows.find((x) => x.size === size && x.what === "ours 8-nb")!.seconds.toFixed(3)} s vs r.cost ${(s8 - ioSeconds).toFixed(3)} s (minus its ${ioSeconds.toFixed(3)} s I/O-only run) → ${((s8 - ioSeconds) / rows.find((x) => x.size === size && x.what === "ours 8-nb")!.seconds).toFixed(2)}×`
            : "r.cost's I/O-only time not reported"),
      );
      say(
        `  like for like, 16-nb: with raster I/O ours ${withIo[16]!.toFixed(3)} s vs r.cost -k ${s16.toFixed(3)} s → ${(s16 / withIo[16]!).toFixed(2)}×`,
      );
    }
  }
  if (hasSkimage) {
    const out = join(work, `syn${size}.sk.tif`);
    const r = spawnSync(
      PY,
      [join(PEERS, "skimage_cost.py"), tifPath, String(lon), String(lat), out, "--repeat", String(repeat)],
      { encoding: "utf8" },
    );
    const m = /skimage_mcp_seconds=([\d.]+)/.exec(r.stdout ?? "");
    if (r.status !== 0 || !m) say(`skimage failed: ${r.stderr?.slice(-500)}`);
    else {
      const s = Number(m[1]);
      rows.push({ size, what: "MCP_Geometric 8-nb", seconds: s });
      const sk = await readRasterFile(out);
      const c = maxRel(ours[8]!, sk.data);
      say(
        `MCP_Geometric 8-nb: ${s.toFixed(3)} s (constructor + find_costs); agreement with ours: max_rel ${c.maxRel.toExponential(2)} (NaN mismatches ${c.nanMismatch})`,
      );
    }
  }
  // The whole `syraq accumulate` process (start, GeoTIFF read, search, GeoTIFF write) of the built CLI, against
  // the faster peer's compute on the same raster (target: ≥ 3× faster).
  if (existsSync(CLI_BIN)) {
    const times: number[] = [];
    for (let k = 0; k < repeat; k++) {
      const t0 = performance.now();
      const r = spawnSync(
        process.execPath,
        [CLI_BIN, "accumulate", "--cost", tifPath, "--from", `${lat},${lon}`, "--rule", "grass"].concat([
          "--out",
          join(work, `syn${size}.cli.tif`),
          "--quiet",
        ]),
        { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
      );
      times.push((performance.now() - t0) / 1000);
      if (r.status !== 0) {
        say(`syraq accumulate (whole process) failed: ${r.stderr.slice(-500)}`);
        break;
      }
    }
    const whole = median(times);
    const peers = rows.filter((x) => x.size === size && (x.what === "r.cost 8-nb" || x.what === "MCP_Geometric 8-nb"));
    const fastest = peers.sort((a, b) => a.seconds - b.seconds)[0];
    say(
      `whole process: \`syraq accumulate --rule grass\` (start + GeoTIFF read + search + write) ${whole.toFixed(3)} s` +
        (fastest
          ? ` vs the faster peer (${fastest.what}) ${fastest.seconds.toFixed(3)} s → ${(fastest.seconds / whole).toFixed(2)}× (target ≥ 3×)`
          : " (no peer in this run)"),
    );
  } else say(`whole process: ${CLI_BIN} not built (pnpm build), skipped`);
}

say("\nsummary (seconds, Mcells/s, speed-up of ours over the peer in the same run):");
say("| size | run | seconds | Mcells/s | ours is × faster |");
say("| --- | --- | ---: | ---: | ---: |");
for (const r of rows) {
  const ourKey = r.what.includes("16") ? "ours 16-nb" : "ours 8-nb";
  const ourRow = rows.find((x) => x.size === r.size && x.what === ourKey);
  const ratio = r.what.startsWith("ours") || !ourRow ? "" : (r.seconds / ourRow.seconds).toFixed(2);
  say(
    `| ${r.size}² | ${r.what} | ${r.seconds.toFixed(3)} | ${((r.size * r.size) / r.seconds / 1e6).toFixed(2)} | ${ratio} |`,
  );
}

if (runBig) {
  say(
    `\n== ${bigSize}×${bigSize} (${((bigSize * bigSize) / 1e6).toFixed(1)} M cells, ~90 m over the region), rule geodesic, 8 neighbours, own process`,
  );
  const r = spawnSync(
    process.execPath,
    [
      "--conditions=@syraq/source",
      "--import",
      "tsx",
      "--max-old-space-size=4096",
      join(import.meta.dirname, "big.ts"),
      String(bigSize),
      "8",
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  const line = (r.stdout ?? "").trim().split("\n").pop() ?? "";
  try {
    const j = JSON.parse(line);
    say(
      `${(j.cells / 1e6).toFixed(1)} M cells: ${j.seconds.toFixed(2)} s (CPU ${j.cpuSeconds.toFixed(2)} s; ${(j.cells / j.seconds / 1e6).toFixed(2)} Mcells/s), peak RSS ${(j.maxRssBytes / 2 ** 30).toFixed(2)} GiB (incl. generating the raster in ${j.generateSeconds.toFixed(1)} s), ${j.reached} cells reached`,
    );
  } catch {
    say(`big run failed (status ${r.status}): ${line}`);
  }
}
if (flag("shapes")) {
  say("");
  // peers on the same shapes (8 neighbours, one source): r.cost and MCP_Geometric seconds as their scripts time them
  const peerSeconds = (tifPath: string, lon: number, lat: number): { rcost: number | null; mcp: number | null } => {
    let rcost: number | null = null;
    let mcp: number | null = null;
    if (hasGrass) {
      const r = spawnSync(
        join(PEERS, "grass_cost.sh"),
        [tifPath, String(lon), String(lat), tifPath.replace(/\.tif$/, ".grass.tif")],
        { encoding: "utf8", env: { ...process.env, KNIGHT: "0", REPEAT: "1", OVERHEAD: "0" } },
      );
      const m = /grass_rcost_seconds=([\d.]+)/.exec(r.stdout ?? "");
      if (m) rcost = Number(m[1]);
    }
    if (hasSkimage) {
      const r = spawnSync(
        PY,
        [join(PEERS, "skimage_cost.py"), tifPath, String(lon), String(lat), tifPath.replace(/\.tif$/, ".sk.tif")],
        { encoding: "utf8" },
      );
      const m = /skimage_mcp_seconds=([\d.]+)/.exec(r.stdout ?? "");
      if (m) mcp = Number(m[1]);
    }
    return { rcost, mcp };
  };
  (await import("./shapes.ts")).runShapes({
    size: Number(value("shapes-size", "1500")),
    log: say,
    work,
    peers: hasGrass || hasSkimage ? peerSeconds : undefined,
  });
}
if (flag("route")) {
  say("\n== route graph (same as pnpm bench:route)");
  await (await import("./route.ts")).runRouteBench({ log: say });
  const rb = spawnSync(
    process.execPath,
    ["--conditions=@syraq/source", "--import", "tsx", join(import.meta.dirname, "route-big.ts"), "--skip-full"],
    { encoding: "utf8" },
  );
  for (const l of (rb.stdout ?? "").trim().split("\n")) say(l);
}
say(`\n${machine()}`);
if (!value("work", "")) rmSync(work, { recursive: true, force: true });
