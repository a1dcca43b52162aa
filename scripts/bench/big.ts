/**
 * The 60 M-cell run in its own process (so its peak RSS is its own):
 * synthetic 90 m raster, rule geodesic, 8 neighbours, from the centre cell.
 * Prints one JSON line.
 */
import { makeProgress } from "@syraq/cli";
import { accumulateCost, costPerCellToArray } from "@syraq/core";
import { syntheticCostRaster } from "./synthetic.ts";

const size = Number(process.argv[2] ?? 7750);
const neighbours = Number(process.argv[3] ?? 8) as 8 | 16;
const t0 = performance.now();
const raster = syntheticCostRaster(size);
const tGen = performance.now();
const progress = makeProgress(`accumulate ${size}² (${((size * size) / 1e6).toFixed(1)} M cells)`, true);
const t1 = performance.now();
const cpu0 = process.cpuUsage();
const cellCost = costPerCellToArray(raster, { rule: "geodesic" });
raster.data = new Float32Array(0); // the input is widened once; drop it
const src = (size >> 1) * size + (size >> 1);
const res = accumulateCost({
  grid: raster,
  cellCost,
  sources: [{ cells: [src] }],
  neighbours,
  onProgress: (f) => progress.update(f),
});
const seconds = (performance.now() - t1) / 1000;
const cpu = process.cpuUsage(cpu0);
progress.done();
let reached = 0;
for (const v of res.accumulated.data) if (v === v) reached++;
console.log(
  JSON.stringify({
    size,
    cells: size * size,
    neighbours,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    generateSeconds: (tGen - t0) / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    reached,
  }),
);
