import { describe, expect, it } from "vitest";
import { cellsToPolygons } from "../../src/raster/polygonize.ts";
import type { GridSpec } from "../../src/raster/raster.ts";
import { WGS84_CRS } from "../../src/raster/raster.ts";

const grid: GridSpec = { width: 6, height: 6, originX: 10, originY: 20, pixelSizeX: 1, pixelSizeY: 1, crs: WGS84_CRS };
const mask = (rows: string[]) => (i: number) => rows[Math.floor(i / 6)]![i % 6] === "#";
const shoelace = (ring: number[][]) => {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return a / 2;
};

describe("cellsToPolygons", () => {
  it("one cell -> one counter-clockwise square", () => {
    const p = cellsToPolygons(grid, (i) => i === 7); // row 1, col 1
    expect(p.coordinates).toHaveLength(1);
    const ring = p.coordinates[0]![0]!;
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring.at(-1));
    expect(shoelace(ring)).toBe(1); // CCW, 1 square degree in lon/lat units
    const xs = ring.map((q) => q[0]);
    const ys = ring.map((q) => q[1]);
    expect([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]).toEqual([11, 12, 18, 19]);
  });

  it("a ring of cells keeps its hole (clockwise) and an island inside the hole is its own polygon", () => {
    const p = cellsToPolygons(grid, mask(["#####.", "#...#.", "#.#.#.", "#...#.", "#####.", "......"]));
    expect(p.coordinates).toHaveLength(2);
    const outer = p.coordinates.find((poly) => poly.length === 2)!;
    expect(shoelace(outer[0]!)).toBe(25);
    expect(shoelace(outer[1]!)).toBe(-9);
    const island = p.coordinates.find((poly) => poly.length === 1)!;
    expect(shoelace(island[0]!)).toBe(1);
  });

  it("cells touching at a corner become two polygons; an L-shape is one", () => {
    const diag = cellsToPolygons(grid, mask(["#.....", ".#....", "......", "......", "......", "......"]));
    expect(diag.coordinates).toHaveLength(2);
    const ell = cellsToPolygons(grid, mask(["#.....", "##....", "......", "......", "......", "......"]));
    expect(ell.coordinates).toHaveLength(1);
    expect(ell.coordinates[0]![0]).toHaveLength(8); // 6 corners + 1 mid-vertex on the 2-cell east-west edge + closing vertex
    expect(shoelace(ell.coordinates[0]![0]!)).toBe(3);
  });

  it("empty mask -> empty MultiPolygon", () => {
    expect(cellsToPolygons(grid, () => false).coordinates).toEqual([]);
  });
});
