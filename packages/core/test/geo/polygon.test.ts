import { describe, expect, it } from "vitest";
import { pointInGeometry, pointInPolygons, pointInRing, pointInRings, pointOnRing } from "../../src/geo/polygon.ts";

// A 4×4 square with a 2×2 hole in the middle, by hand: (0,0)-(4,0)-(4,4)-(0,4); hole (1,1)-(3,1)-(3,3)-(1,3).
const shell = [
  [0, 0],
  [4, 0],
  [4, 4],
  [0, 4],
  [0, 0],
];
const hole = [
  [1, 1],
  [1, 3],
  [3, 3],
  [3, 1],
  [1, 1],
];

describe("the one point-in-polygon (geo/polygon.ts)", () => {
  it("even-odd on a ring", () => {
    expect(pointInRing(shell, 2, 2)).toBe(true);
    expect(pointInRing(shell, 5, 2)).toBe(false);
    expect(pointInRing(shell, -0.5, 2)).toBe(false);
  });

  it("holes are subtracted (rings of one polygon, polygons of a multipolygon, GeoJSON geometries)", () => {
    expect(pointInRings([shell, hole], 2, 2)).toBe(false); // inside the hole
    expect(pointInRings([shell, hole], 0.5, 2)).toBe(true); // between shell and hole
    const far = shell.map(([x, y]) => [x! + 10, y!]);
    expect(pointInPolygons([[shell, hole], [far]], 12, 2)).toBe(true);
    expect(pointInPolygons([[shell, hole], [far]], 2, 2)).toBe(false);
    expect(pointInGeometry({ type: "Polygon", coordinates: [shell, hole] }, 0.5, 0.5)).toBe(true);
    expect(pointInGeometry({ type: "MultiPolygon", coordinates: [[shell, hole], [far]] }, 2, 2)).toBe(false);
  });

  it("pointOnRing: exactly on an edge or a vertex, not beside it", () => {
    expect(pointOnRing(shell, 4, 2)).toBe(true); // on the east edge
    expect(pointOnRing(shell, 0, 0)).toBe(true); // a vertex
    expect(pointOnRing(shell, 2, 0)).toBe(true); // on the south edge
    expect(pointOnRing(shell, 5, 0)).toBe(false); // collinear with the south edge, past its end
    expect(pointOnRing(shell, 2, 1e-9)).toBe(false); // just inside
  });
});
