/**
 * Cost shapes other than the benchmark's smooth field: the tiled bucket search against the
 * indexed heap (our own two queues, same process, same raster), with a bit-for-bit check.
 * Shows that the speed does not hinge on one kind of raster. Used by `pnpm bench --shapes`,
 * which also runs r.cost and MCP_Geometric (8 neighbours) on the single-source shapes.
 */
import { join } from "node:path";
import { lonLatOfCell, buildGridMoves, gridSearch, type Neighbourhood, type GridSpec, mulberry32 } from "@syraq/core";
import { writeRasterFile } from "@syraq/core/node";
import { syntheticCostRaster } from "./synthetic.ts";

interface Shape {
  name: string;
  what: string;
  make: (size: number) => { cost: Float32Array; sources: number[] };
}

const centre = (size: number) => (size >> 1) * size + (size >> 1);

export const SHAPES: Shape[] = [
  {
    name: "smooth",
    what: "the benchmark field (1 + 2·noise, river of cost 50, two bridges)",
    make: (n) => ({ cost: syntheticCostRaster(n).data as Float32Array, sources: [centre(n)] }),
  },
  {
    name: "maze40",
    what: "40 % of cells impassable at random, costs 1–2 elsewhere",
    make: (n) => {
      const r = mulberry32(1);
      const c = new Float32Array(n * n);
      for (let i = 0; i < c.length; i++) c[i] = r() < 0.4 ? NaN : 1 + r();
      c[centre(n)] = 1;
      return { cost: c, sources: [centre(n)] };
    },
  },
  {
    name: "logwide",
    what: "costs log-uniform over 10⁻³…10³, no spatial correlation",
    make: (n) => {
      const r = mulberry32(2);
      const c = new Float32Array(n * n);
      for (let i = 0; i < c.length; i++) c[i] = 10 ** (6 * r() - 3);
      return { cost: c, sources: [centre(n)] };
    },
  },
  {
    name: "roads",
    what: "terrain cost 10 with a road grid of cost 0.05 every 50 cells",
    make: (n) => {
      const c = new Float32Array(n * n).fill(10);
      for (let i = 0; i < n; i += 50) for (let j = 0; j < n; j++) c[i * n + j] = c[j * n + i] = 0.05;
      return { cost: c, sources: [5 * n + 7] };
    },
  },
  {
    name: "barrier",
    what: "the benchmark field with a river of cost 10⁶ instead of 50",
    make: (n) => ({ cost: syntheticCostRaster(n, 5, 1e6).data as Float32Array, sources: [centre(n)] }),
  },
  {
    name: "sources100",
    what: "the benchmark field from 100 random sources",
    make: (n) => {
      const r = mulberry32(3);
      const sources: number[] = [];
      for (let k = 0; k < 100; k++) sources.push(Math.floor(r() * n * n));
      return { cost: syntheticCostRaster(n, 3).data as Float32Array, sources };
    },
  },
];

export type ShapePeers = (tifPath: string, lon: number, lat: number) => { rcost: number | null; mcp: number | null };

export function runShapes(options: {
  size: number;
  log: (s: string) => void;
  neighbours?: Neighbourhood[];
  work?: string;
  peers?: ShapePeers;
}): void {
  const { size, log, peers, work } = options;
  const grid: GridSpec = {
    width: size,
    height: size,
    originX: 500000,
    originY: 3900000,
    pixelSizeX: 90,
    pixelSizeY: 90,
    crs: { epsg: 32637, geographic: false },
  };
  log(
    `cost shapes, ${size}² (${((size * size) / 1e6).toFixed(1)} M cells), rule grass: tiled bucket search vs our indexed heap, seconds (median of 3)`,
  );
  log(
    `| shape | neighbours | tiled | heap | heap / tiled | identical |${peers ? " r.cost | × | MCP_Geometric | × |" : ""}`,
  );
  log(`| --- | ---: | ---: | ---: | ---: | --- |${peers ? " ---: | ---: | ---: | ---: |" : ""}`);
  for (const shape of SHAPES) {
    const { cost, sources } = shape.make(size);
    const srcs = sources.filter((s) => cost[s]! >= 0).map((node) => ({ node, initialCost: 0 }));
    for (const neighbours of options.neighbours ?? ([8, 16] as Neighbourhood[])) {
      const moves = buildGridMoves(grid, { neighbours, rule: "grass" });
      const run = (queue: "heap" | "auto") => {
        const t = performance.now();
        // the public search: without targets, heuristic or extra edges it runs the fast loops with this queue
        const res = gridSearch({
          width: size,
          height: size,
          moves,
          cellCost: cost,
          sources: srcs,
          maxCost: Infinity,
          allocation: false,
          predecessor: false,
          queue,
        });
        return { seconds: (performance.now() - t) / 1000, cost: res.cost };
      };
      const tiled: number[] = [];
      const heap: number[] = [];
      let a = run("auto");
      let h = run("heap");
      for (let k = 0; k < 3; k++) {
        a = run("auto");
        tiled.push(a.seconds);
        h = run("heap");
        heap.push(h.seconds);
      }
      let same = true;
      for (let i = 0; i < a.cost.length && same; i++) if (a.cost[i] !== h.cost[i]) same = false;
      const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[1]!;
      let peerCols = "";
      if (peers && work && neighbours === 8 && srcs.length === 1) {
        const tif = join(work, `shape-${shape.name}.tif`);
        writeRasterFile(tif, { ...grid, data: cost, nodata: null });
        const [lon, lat] = lonLatOfCell(grid, srcs[0]!.node);
        const p = peers(tif, lon, lat);
        const col = (x: number | null) =>
          x === null ? " – | – |" : ` ${x.toFixed(3)} | ${(x / med(tiled)).toFixed(2)} |`;
        peerCols = col(p.rcost) + col(p.mcp);
      } else if (peers) peerCols = " | | | |";
      log(
        `| ${shape.name} | ${neighbours} | ${med(tiled).toFixed(3)} | ${med(heap).toFixed(3)} | ${(med(heap) / med(tiled)).toFixed(2)} | ${same ? "yes" : "NO"} |${peerCols}`,
      );
    }
  }
  for (const s of SHAPES) log(`  ${s.name}: ${s.what}`);
}

if (import.meta.url === `file://${process.argv[1]}`)
  runShapes({ size: Number(process.argv[2] ?? 1500), log: (s) => console.log(s) });
