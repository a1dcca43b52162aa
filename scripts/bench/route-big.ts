/**
 * Stretch benchmark: a point-to-point route on a synthetic ~60 M-cell 90 m raster
 * (10 000 × 6 000 cells of 0.001°, seeded smooth costs, a sinuous one-cell river with
 * two bridges), with the coarse-to-fine corridor search (coarseToFineRoute of @syraq/core)
 * and, for comparison, the exact cost from a full Dijkstra over the whole grid. Prints
 * seconds and RSS (peak RSS includes the 480 MB synthetic raster).
 * Run: pnpm tsx scripts/bench/route-big.ts [--width 10000 --height 6000] [--factor 16] [--radius 2] [--astar | --corridor-mask] [--skip-full]
 */
import { buildGridMoves, coarseToFineRoute, gridSearch, WGS84_CRS, type GridSpec, type LonLat } from "@syraq/core";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const W = arg("width", 10000);
const H = arg("height", 6000);
const rssGb = () => (process.memoryUsage().rss / 2 ** 30).toFixed(2);

const grid: GridSpec = {
  width: W,
  height: H,
  originX: 35.5,
  originY: 37.5,
  pixelSizeX: 0.001,
  pixelSizeY: 0.001,
  crs: WGS84_CRS,
};
let t = Date.now();
const cost = new Float64Array(W * H);
for (let r = 0; r < H; r++) {
  const a = Math.cos(r / 170);
  for (let c = 0; c < W; c++) cost[r * W + c] = 0.1 * (2 + Math.sin(c / 230) * a + 0.5 * Math.sin((c + 2 * r) / 410));
}
const riverRow = (c: number) => H / 2 + (H / 6) * Math.sin(c / (W / 5));
// The river: the line through (c + 0.5, riverRow(c)) for every column c, rasterised one segment at a time. Column c
// takes the rows from riverRow(c) to the segment's midpoint, column c + 1 from the midpoint on: consecutive columns
// share a row, so the river is a 4-connected line of cells, a wall for 8-neighbour moves too (no diagonal slips
// through). The same cells as a grid traversal (Amanatides–Woo) of each segment.
const riverSpan = (c: number, y0: number, y1: number) => {
  for (let r = Math.max(0, Math.floor(Math.min(y0, y1))); r <= Math.min(H - 1, Math.floor(Math.max(y0, y1))); r++)
    cost[r * W + c] = NaN;
};
for (let c = 0; c + 1 < W; c++) {
  const mid = (riverRow(c) + riverRow(c + 1)) / 2;
  riverSpan(c, riverRow(c), mid);
  riverSpan(c + 1, mid, riverRow(c + 1));
}
const bridges: LonLat[] = [];
for (const c of [Math.floor(W * 0.2), Math.floor(W * 0.8)]) {
  for (let cc = c - 1; cc <= c + 1; cc++)
    for (let r = 0; r < H; r++) if (Number.isNaN(cost[r * W + cc]!)) cost[r * W + cc] = 0.2;
  bridges.push([grid.originX + (c + 0.5) * grid.pixelSizeX, grid.originY - riverRow(c) * grid.pixelSizeY]);
}
console.log(
  `synthetic ${W}×${H} = ${((W * H) / 1e6).toFixed(1)} M cells built in ${((Date.now() - t) / 1000).toFixed(1)} s, RSS ${rssGb()} GB`,
);
// far-apart ends on opposite banks: north-west corner to south-east corner
const source = 50 * W + 50;
const target = (H - 50) * W + (W - 50);
t = Date.now();
const FACTOR = arg("factor", 16);
const RADIUS = arg("radius", 2);
const r = coarseToFineRoute({
  grid,
  cellCost: cost,
  crossings: bridges,
  source,
  target,
  factor: FACTOR,
  radius: RADIUS,
  fineMethod: process.argv.includes("--astar")
    ? "astar"
    : process.argv.includes("--corridor-mask")
      ? "dijkstra"
      : "windows",
});
const ctf = (Date.now() - t) / 1000;
console.log(
  `coarse-to-fine (${FACTOR}×${FACTOR} blocks, corridor ±${RADIUS} blocks): ${ctf.toFixed(2)} s (coarse ${r.stats.coarseMs} ms, fine ${r.stats.fineMs} ms, corridor ${(r.stats.corridorCells / 1e6).toFixed(2)} M cells, settled ${(r.stats.settled / 1e6).toFixed(2)} M, widenings ${r.stats.widenings}), cost ${r.cost.toFixed(1)}, RSS ${rssGb()} GB   [target < 5 s, < 4 GB]`,
);
if (!process.argv.includes("--skip-full")) {
  t = Date.now();
  const moves = buildGridMoves(grid, { neighbours: 8, rule: "geodesic" });
  // the engine's fastest exact mode: a full accumulation (bucket queue), then read the target
  const full = gridSearch({ width: W, height: H, moves, cellCost: cost, sources: [{ node: source }] });
  const fs = (Date.now() - t) / 1000;
  console.log(
    `exact: full Dijkstra over the whole grid (bucket-queue fast path): ${fs.toFixed(2)} s, settled ${(full.settled / 1e6).toFixed(2)} M, cost ${full.cost[target]!.toFixed(1)} (coarse-to-fine / exact = ${(r.cost / full.cost[target]!).toFixed(5)}), RSS ${rssGb()} GB`,
  );
}
