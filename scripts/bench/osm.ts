/**
 * OSM benchmark (`pnpm bench:osm`): a synthetic country-sized extract (seeded; by default
 * ≈ 2.4 M nodes: a road grid of 1 200 × 1 200 nodes at ≈ 200 m with every highway class,
 * oneways, bridges over a sinuous river, a ferry, plus 1 M nodes of buildings that are not
 * roads) is written as OPL and converted to PBF by osmium-tool, then
 *  1. parsed and built into the road network with the cache disabled (target ≤ 20 s),
 *  2. built once more into a fresh cache folder, then
 *  3. loaded from that cache in a new process (target ≤ 2 s, sha256 of the file included).
 * Prints seconds and peak RSS. The extract is kept in $TMPDIR/syraq-bench-osm for reruns.
 * Run: pnpm bench:osm [--grid 1200] [--buildings 250000]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOsmNetwork } from "@syraq/core/node";
import { mulberry32 } from "@syraq/core";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const G = arg("grid", 1200);
const BUILDINGS = arg("buildings", 250000);
const rssGb = () => (process.memoryUsage().rss / 2 ** 30).toFixed(2);
/** CPU seconds of this process since `from` (user + system): on a shared, loaded machine wall time overstates the work. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return ((u.user + u.system) / 1e6).toFixed(2);
};
const dir = join(tmpdir(), "syraq-bench-osm");
const pbf = join(dir, `synthetic-${G}-${BUILDINGS}.osm.pbf`);

async function writeExtract(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const opl = join(dir, "synthetic.opl");
  const out = createWriteStream(opl);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", r)));
  const rand = mulberry32(15);
  const step = 0.002;
  const lon0 = 38;
  const lat0 = 36;
  // road grid nodes 1..G*G, jittered by up to a quarter step
  for (let r = 0; r < G; r++)
    for (let c = 0; c < G; c++) {
      const id = r * G + c + 1;
      const x = lon0 + c * step + (rand() - 0.5) * step * 0.5;
      const y = lat0 - r * step + (rand() - 0.5) * step * 0.5;
      await write(`n${id} v1 x${x.toFixed(7)} y${y.toFixed(7)}\n`);
    }
  // buildings: 4 nodes each, a closed way (not roads)
  let nid = G * G + 1;
  const bnodes: number[][] = [];
  for (let b = 0; b < BUILDINGS; b++) {
    const x = lon0 + rand() * G * step;
    const y = lat0 - rand() * G * step;
    const ids = [nid, nid + 1, nid + 2, nid + 3];
    await write(
      `n${nid} v1 x${x.toFixed(7)} y${y.toFixed(7)}\nn${nid + 1} v1 x${(x + 1e-4).toFixed(7)} y${y.toFixed(7)}\n` +
        `n${nid + 2} v1 x${(x + 1e-4).toFixed(7)} y${(y + 1e-4).toFixed(7)}\nn${nid + 3} v1 x${x.toFixed(7)} y${(y + 1e-4).toFixed(7)}\n`,
    );
    bnodes.push(ids);
    nid += 4;
  }
  // ferry landings
  const f1 = nid++;
  const f2 = nid++;
  await write(
    `n${f1} v1 x${(lon0 - 0.05).toFixed(7)} y${lat0.toFixed(7)}\nn${f2} v1 x${(lon0 - 0.05).toFixed(7)} y${(lat0 - 0.1).toFixed(7)}\n`,
  );
  const classes = [
    "motorway",
    "trunk",
    "primary",
    "secondary",
    "tertiary",
    "unclassified",
    "residential",
    "track",
    "service",
  ];
  let wid = 1;
  // rows and columns as ways of 40 nodes; a class per line; every 7th line oneway; a bridge every 50 nodes
  const lineWays = async (nodeAt: (k: number) => number, line: number) => {
    const cls = classes[line % classes.length]!;
    for (let k0 = 0; k0 < G - 1; k0 += 39) {
      const ids: number[] = [];
      for (let k = k0; k <= Math.min(G - 1, k0 + 39); k++) ids.push(nodeAt(k));
      const tags = [`highway=${cls}`, `name=Road%20%${line}`];
      if (line % 7 === 3) tags.push("oneway=yes");
      if (line % 11 === 5) tags.push("maxspeed=60");
      if ((k0 / 39) % 13 === 6) tags.push("bridge=yes", "layer=1");
      await write(`w${wid++} v1 T${tags.join(",")} N${ids.map((i) => `n${i}`).join(",")}\n`);
    }
  };
  for (let r = 0; r < G; r++) await lineWays((k) => r * G + k + 1, r);
  for (let c = 0; c < G; c++) await lineWays((k) => k * G + c + 1, c + 1);
  for (const ids of bnodes)
    await write(`w${wid++} v1 Tbuilding=yes N${[...ids, ids[0]].map((i) => `n${i}`).join(",")}\n`);
  await write(`w${wid++} v1 Troute=ferry,duration=00:30 Nn${f1},n${f2}\n`);
  await write(`w${wid++} v1 Thighway=track Nn${f1},n1\n`);
  await new Promise<void>((r) => out.end(r));
  execFileSync("osmium", ["cat", opl, "-o", pbf, "-O", "--no-progress"]);
  rmSync(opl);
}

const child = process.argv.includes("--child-load");
if (child) {
  // 3. a fresh process: load from the cache only
  const cacheDir = process.argv[process.argv.indexOf("--cache") + 1]!;
  const t = performance.now();
  const cpu = process.cpuUsage();
  const r = await loadOsmNetwork(pbf, { cacheDir });
  const s = (performance.now() - t) / 1000;
  console.log(`  (CPU ${cpuSince(cpu)} s)`);
  console.log(
    `cached load (new process): ${s.toFixed(2)} s (sha256 ${(r.hashMs / 1000).toFixed(2)} s, read ${(r.loadMs / 1000).toFixed(2)} s), ` +
      `cached=${r.cached}, ${r.network.stats.nodes} nodes, RSS ${rssGb()} GB — target ≤ 2 s: ${s <= 2 ? "met" : "NOT met"}`,
  );
  process.exit(0);
}

if (!existsSync(pbf)) {
  const t = performance.now();
  console.log(`writing the synthetic extract (${G}×${G} road grid, ${BUILDINGS} buildings) …`);
  await writeExtract();
  console.log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const mb = statSync(pbf).size / 2 ** 20;
const totalNodes = G * G + 4 * BUILDINGS + 2;
console.log(`extract: ${pbf} (${mb.toFixed(1)} MiB, ${(totalNodes / 1e6).toFixed(2)} M nodes)`);

// 1. parse + build, no cache
let t = performance.now();
let cpu = process.cpuUsage();
const built = await loadOsmNetwork(pbf, { cacheDir: false });
let s = (performance.now() - t) / 1000;
console.log(
  `  (CPU ${cpuSince(cpu)} s, load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)} on ${(await import("node:os")).cpus().length} cores)`,
);
const st = built.network.stats;
console.log(
  `build (parse + network, no cache): ${s.toFixed(2)} s — ${built.read!.nodesRead} nodes read, ${st.roadWays} road ways, ` +
    `${st.nodes} network nodes, ${st.links} links, ${(st.lengthMetres / 1000).toFixed(0)} km, RSS ${rssGb()} GB — target ≤ 20 s: ${s <= 20 ? "met" : "NOT met"}`,
);

// 2. build into a fresh cache folder
const cacheDir = join(dir, "cache");
rmSync(cacheDir, { recursive: true, force: true });
t = performance.now();
cpu = process.cpuUsage();
await loadOsmNetwork(pbf, { cacheDir });
s = (performance.now() - t) / 1000;
console.log(`build + write cache: ${s.toFixed(2)} s (CPU ${cpuSince(cpu)} s)`);

// 3. load from the cache in a new process
const r = spawnSync(
  process.execPath,
  [...process.execArgv, process.argv[1]!, ...process.argv.slice(2), "--child-load", "--cache", cacheDir],
  {
    encoding: "utf8",
  },
);
process.stdout.write(r.stdout);
if (r.status !== 0) process.stderr.write(r.stderr);
