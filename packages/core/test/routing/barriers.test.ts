import { describe, expect, it } from "vitest";
import {
  BarrierSegmentIndex,
  rasteriseBarriers,
  segmentsIntersect,
  sideOfLines,
  walkSegmentCells,
} from "../../src/routing/barriers.ts";
import type { GridSpec } from "../../src/raster/raster.ts";
import { WGS84_CRS } from "../../src/raster/raster.ts";
import type { LonLat } from "../../src/geo/types.ts";

// 10×10 grid of 1° cells, west edge 0°E, north edge 10°N.
const grid: GridSpec = { width: 10, height: 10, originX: 0, originY: 10, pixelSizeX: 1, pixelSizeY: 1, crs: WGS84_CRS };

describe("walkSegmentCells", () => {
  it("visits a 4-connected chain from start cell to end cell", () => {
    const cells: Array<[number, number]> = [];
    walkSegmentCells(0.5, 0.5, 7.3, 4.9, (c, r) => cells.push([c, r]));
    expect(cells[0]).toEqual([0, 0]);
    expect(cells.at(-1)).toEqual([7, 4]);
    for (let i = 1; i < cells.length; i++) {
      const d = Math.abs(cells[i]![0] - cells[i - 1]![0]) + Math.abs(cells[i]![1] - cells[i - 1]![1]);
      expect(d).toBe(1);
    }
    // 7 column steps + 4 row steps + the start cell
    expect(cells.length).toBe(12);
  });
});

describe("rasteriseBarriers", () => {
  it("a diagonal river leaves no diagonal gap for 8-neighbour moves", () => {
    const river: LonLat[] = [
      [0.2, 9.8],
      [9.8, 0.2],
    ];
    const b = rasteriseBarriers(grid, [{ name: "r", river: "r", lines: [river], polygons: [] }]);
    const blocked = (c: number, r: number) => b.mask[r * 10 + c] !== 0;
    // For every diagonal move between two free cells, the two corner cells must not both be blocked
    // AND the move must not connect cells on opposite sides of the line.
    const side = (c: number, r: number) => Math.sign(sideOfLines([river], [c + 0.5, 10 - r - 0.5]));
    for (let r = 0; r < 9; r++)
      for (let c = 0; c < 10; c++) {
        for (const dc of [-1, 1]) {
          const c2 = c + dc;
          const r2 = r + 1;
          if (c2 < 0 || c2 > 9) continue;
          if (blocked(c, r) || blocked(c2, r2)) continue;
          expect(side(c, r)).toBe(side(c2, r2));
        }
      }
    expect(b.blockedCount).toBeGreaterThanOrEqual(19); // 10 diagonal cells + 9 links
  });

  it("fills a lake by cell centre and burns its outline; a hole stays free", () => {
    const outer: LonLat[] = [
      [1.1, 8.9],
      [8.9, 8.9],
      [8.9, 1.1],
      [1.1, 1.1],
      [1.1, 8.9],
    ];
    const hole: LonLat[] = [
      [3.6, 6.4],
      [6.4, 6.4],
      [6.4, 3.6],
      [3.6, 3.6],
      [3.6, 6.4],
    ];
    const b = rasteriseBarriers(grid, [{ name: "lake", river: "lake", lines: [], polygons: [[outer, hole]] }]);
    const at = (c: number, r: number) => b.mask[r * 10 + c];
    expect(at(2, 2)).toBe(1);
    expect(at(1, 1)).toBe(1); // outline cell
    expect(at(0, 0)).toBe(0);
    expect(at(5, 5)).toBe(0); // inside the hole, outline of hole passes cells 3 and 6 only
    expect(at(9, 9)).toBe(0);
  });
});

describe("segment tests", () => {
  it("segmentsIntersect sees crossings and touching, not parallel neighbours", () => {
    expect(segmentsIntersect([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [1, 1], [1, 1], [2, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [1, 0], [0, 1], [1, 1])).toBe(false);
  });

  it("BarrierSegmentIndex reports which barrier a segment crosses", () => {
    const idx = new BarrierSegmentIndex([
      {
        name: "a",
        river: "a",
        lines: [
          [
            [0, 5],
            [10, 5],
          ],
        ],
        polygons: [],
      },
      {
        name: "b",
        river: "b",
        lines: [
          [
            [5, 0],
            [5, 10],
          ],
        ],
        polygons: [],
      },
    ]);
    expect(idx.crossings([1, 1], [1, 9])).toEqual([0]);
    expect(idx.crossings([1, 1], [9, 9])).toEqual([0, 1]);
    expect(idx.crossings([1, 1], [2, 2])).toEqual([]);
  });

  it("sideOfLines: left is +1 for a line running east", () => {
    const line: LonLat[] = [
      [0, 0],
      [5, 0],
      [10, 0],
    ];
    expect(sideOfLines([line], [5, 1])).toBe(1);
    expect(sideOfLines([line], [5, -1])).toBe(-1);
    expect(sideOfLines([line], [5.0000001, 3])).toBe(1);
  });
});
