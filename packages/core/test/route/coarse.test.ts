import { describe, expect, it } from "vitest";
import { isSyraqError } from "../../src/errors.ts";
import { coarseToFineRoute } from "../../src/routing/routegraph-coarse.ts";
import { buildGridMoves } from "../../src/search/grid-moves.ts";
import { gridSearch } from "../../src/search/grid-search.ts";
import { walkSegmentCells } from "../../src/routing/barriers.ts";
import { WGS84_CRS, type GridSpec } from "../../src/raster/raster.ts";
import type { LonLat } from "../../src/geo/types.ts";

/** A seeded smooth cost field with a sinuous one-cell river and two bridges (gaps). */
function synthetic(W: number, H: number) {
  const grid: GridSpec = {
    width: W,
    height: H,
    originX: 38,
    originY: 36,
    pixelSizeX: 0.002,
    pixelSizeY: 0.002,
    crs: WGS84_CRS,
  };
  const cost = new Float64Array(W * H);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++)
      cost[r * W + c] = 0.1 * (2 + Math.sin(c / 23) * Math.cos(r / 17) + 0.5 * Math.sin((c + 2 * r) / 41));
  const riverRow = (c: number) => H / 2 + (H / 6) * Math.sin(c / (W / 5));
  for (let c = 0; c + 1 < W; c++)
    walkSegmentCells(c + 0.5, riverRow(c), c + 1.5, riverRow(c + 1), (cc, rr) => {
      if (cc >= 0 && cc < W && rr >= 0 && rr < H) cost[rr * W + cc] = NaN;
    });
  const bridges: LonLat[] = [];
  for (const c of [Math.floor(W * 0.2), Math.floor(W * 0.8)]) {
    // open a 3-column gap in the river around column c
    for (let cc = c - 1; cc <= c + 1; cc++)
      for (let r = 0; r < H; r++) if (Number.isNaN(cost[r * W + cc]!)) cost[r * W + cc] = 0.2;
    bridges.push([grid.originX + (c + 0.5) * grid.pixelSizeX, grid.originY - riverRow(c) * grid.pixelSizeY]);
  }
  return { grid, cost, bridges };
}

describe("coarse-to-fine search", () => {
  it("finds the exact least cost when the optimum lies in the corridor, and never less than the exact optimum", () => {
    const W = 400;
    const H = 300;
    const { grid, cost, bridges } = synthetic(W, H);
    const moves = buildGridMoves(grid, { neighbours: 8, rule: "geodesic" });
    const pairs: Array<[number, number]> = [
      [5 * W + 5, (H - 6) * W + (W - 6)],
      [(H - 10) * W + 20, 8 * W + 200],
      [20 * W + 390, (H - 20) * W + 390],
    ];
    for (const [s, t] of pairs) {
      const exact = gridSearch({ width: W, height: H, moves, cellCost: cost, sources: [{ node: s }] }).cost[t]!;
      const r = coarseToFineRoute({
        grid,
        cellCost: cost,
        crossings: bridges,
        source: s,
        target: t,
        factor: 8,
        radius: 3,
        fineMethod: "dijkstra",
      });
      expect(r.cost).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
      expect(r.cost).toBeLessThanOrEqual(exact * 1.02);
      expect(r.stats.corridorCells).toBeLessThan(W * H);
      expect(r.nodes[0]).toBe(s);
      expect(r.nodes.at(-1)).toBe(t);
      // the windowed variant: only window-sized arrays, same bounds
      const win = coarseToFineRoute({
        grid,
        cellCost: cost,
        crossings: bridges,
        source: s,
        target: t,
        factor: 8,
        radius: 3,
        fineMethod: "windows",
      });
      expect(win.cost).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
      expect(win.cost).toBeLessThanOrEqual(exact * 1.02);
      expect(win.nodes[0]).toBe(s);
      expect(win.nodes.at(-1)).toBe(t);
      for (let i = 1; i < win.nodes.length; i++) {
        const a = win.nodes[i - 1]!;
        const b = win.nodes[i]!;
        expect(Math.max(Math.abs((a % W) - (b % W)), Math.abs(Math.floor(a / W) - Math.floor(b / W)))).toBe(1); // 8-neighbour steps
        expect(Number.isNaN(cost[b]!)).toBe(false);
      }
      // the stitched path's re-summed step costs equal the reported cost
      let sum = 0;
      for (let i = 1; i < win.nodes.length; i++) {
        const a = win.nodes[i - 1]!;
        const b = win.nodes[i]!;
        const r = Math.floor(a / W);
        const k = [...moves.dr].findIndex((dr, j) => dr === Math.floor(b / W) - r && moves.dc[j] === (b % W) - (a % W));
        sum += (cost[b]! + cost[a]!) * moves.factor[r * moves.count + k]!;
      }
      expect(Math.abs(sum - win.cost) / win.cost).toBeLessThan(1e-9);
      // with a corridor as wide as the grid it is the exact search
      const wide = coarseToFineRoute({
        grid,
        cellCost: cost,
        crossings: bridges,
        source: s,
        target: t,
        factor: 8,
        radius: 100,
        fineMethod: "dijkstra",
      });
      expect(Math.abs(wide.cost - exact) / exact).toBeLessThan(1e-12);
    }
  });

  it("refuses bad input with a coded SyraqError (the grid, the end cells, the block sizes)", () => {
    const { grid, cost } = synthetic(40, 30);
    const base = { grid, cellCost: cost, source: 0, target: 40 * 30 - 1, factor: 4 };
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return isSyraqError(e) ? e.code : `not a SyraqError: ${String(e)}`;
      }
      return undefined;
    };
    expect(codeOf(() => coarseToFineRoute(base))).toBe(undefined);
    expect(codeOf(() => coarseToFineRoute({ ...base, cellCost: new Float64Array(40 * 29) }))).toBe("GRID_MISMATCH");
    expect(codeOf(() => coarseToFineRoute({ ...base, blocked: new Uint8Array(5) }))).toBe("GRID_MISMATCH");
    expect(codeOf(() => coarseToFineRoute({ ...base, target: 40 * 30 }))).toBe("OUT_OF_RANGE");
    expect(codeOf(() => coarseToFineRoute({ ...base, source: -1 }))).toBe("OUT_OF_RANGE");
    expect(codeOf(() => coarseToFineRoute({ ...base, source: 1.5 }))).toBe("OUT_OF_RANGE");
    expect(codeOf(() => coarseToFineRoute({ ...base, factor: 0 }))).toBe("BAD_OPTION");
    expect(codeOf(() => coarseToFineRoute({ ...base, radius: -1 }))).toBe("BAD_OPTION");
    expect(codeOf(() => coarseToFineRoute({ ...base, windowBlocks: 2.5 }))).toBe("BAD_OPTION");
    // every cell impassable: no free block anywhere
    expect(codeOf(() => coarseToFineRoute({ ...base, cellCost: new Float64Array(40 * 30).fill(NaN) }))).toBe(
      "UNREACHABLE",
    );
  });
});
