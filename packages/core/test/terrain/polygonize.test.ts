import { describe, expect, it } from "vitest";
import { geodesicPolygonArea } from "../../src/geo/geodesic.ts";
import type { Raster } from "../../src/raster/raster.ts";
import { sumCellAreasByValue } from "../../src/raster/area.ts";
import { labelComponents, polygonizeRaster } from "../../src/raster/polygonize.ts";

function grid(rows: string[], over: Partial<Raster<Uint8Array>> = {}): Raster<Uint8Array> {
  const h = rows.length,
    w = rows[0]!.length;
  const data = new Uint8Array(w * h);
  rows.forEach((row, r) => {
    [...row].forEach((ch, c) => {
      data[r * w + c] = ch === "." ? 0 : Number(ch);
    });
  });
  return {
    width: w,
    height: h,
    originX: 0,
    originY: h,
    pixelSizeX: 1,
    pixelSizeY: 1,
    crs: { epsg: 32637, geographic: false, proj4: "+proj=utm +zone=37 +datum=WGS84 +units=m +no_defs" },
    data,
    nodata: 0,
    ...over,
  };
}

/** Signed shoelace area in the grid's own CRS (undo the lon/lat transform by using a geographic grid with origin 0). */
function planar(ring: number[][]): number {
  let a = 0;
  for (let k = 0; k + 1 < ring.length; k++) a += ring[k]![0]! * ring[k + 1]![1]! - ring[k + 1]![0]! * ring[k]![1]!;
  return a / 2;
}
const asDegrees = (g: Raster<Uint8Array>): Raster<Uint8Array> => ({
  ...g,
  originX: 38,
  originY: 35,
  pixelSizeX: 0.01,
  pixelSizeY: 0.01,
  crs: { epsg: 4326, geographic: true },
});

describe("labelComponents", () => {
  it("4-connectivity: diagonal neighbours are separate", () => {
    const g = grid(["1.", ".1"]);
    expect(labelComponents(g).count).toBe(2);
  });
});

describe("polygonizeRaster", () => {
  it("a single cell: one CCW square", () => {
    const parts = polygonizeRaster(asDegrees(grid(["1"])));
    expect(parts).toHaveLength(1);
    const ring = parts[0]!.rings[0]!;
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(planar(ring)).toBeCloseTo(1e-4, 12); // CCW, 0.01° × 0.01°
  });
  it("a ring of cells keeps its hole (CW), and an island inside the hole is its own part", () => {
    const g = asDegrees(grid(["22222", "21112", "21312", "21112", "22222"]));
    const parts = polygonizeRaster(g);
    const byValue = (v: number) => parts.filter((p) => p.value === v);
    expect(byValue(2)).toHaveLength(1);
    expect(byValue(2)[0]!.rings).toHaveLength(2);
    expect(planar(byValue(2)[0]!.rings[0]!) / 1e-4).toBeCloseTo(25, 6);
    expect(planar(byValue(2)[0]!.rings[1]!) / 1e-4).toBeCloseTo(-9, 6);
    expect(byValue(1)[0]!.rings).toHaveLength(2);
    expect(planar(byValue(1)[0]!.rings[1]!) / 1e-4).toBeCloseTo(-1, 6);
    expect(byValue(3)[0]!.rings).toHaveLength(1);
  });
  it("checkerboard saddles: every cell its own square", () => {
    const parts = polygonizeRaster(asDegrees(grid(["12", "21"])));
    expect(parts).toHaveLength(4);
    for (const p of parts) {
      expect(p.rings).toHaveLength(1);
      expect(planar(p.rings[0]!) / 1e-4).toBeCloseTo(1, 6);
    }
  });
  it("a C-shaped part closing at a corner: outer ring plus a hole touching it at that corner", () => {
    // cells of 1 enclose the 2 at (1,1); the loop is closed only diagonally at the top-left
    const g = asDegrees(grid([".11", "121", "111"]));
    const parts = polygonizeRaster(g).filter((p) => p.value === 1);
    expect(parts).toHaveLength(1);
    const rings = parts[0]!.rings;
    const total = rings.reduce((s, r) => s + planar(r), 0) / 1e-4;
    expect(total).toBeCloseTo(7, 6);
    // no ring passes through the same vertex twice
    for (const r of rings) expect(new Set(r.slice(0, -1).map((p) => p.join())).size).toBe(r.length - 1);
  });
  it("nodata cells make no polygons; planar area of parts = cells", () => {
    const g = asDegrees(grid(["11..2", "1.1.2", "11122", "..333", "3.3.3"]));
    const parts = polygonizeRaster(g);
    for (const v of [1, 2, 3]) {
      const cells = [...g.data].filter((x) => x === v).length;
      const area = parts
        .filter((p) => p.value === v)
        .reduce((s, p) => s + p.rings.reduce((t, r) => t + planar(r), 0), 0);
      expect(area / 1e-4).toBeCloseTo(cells, 6);
    }
    expect(parts.some((p) => p.value === 0)).toBe(false);
  });
  it("random rasters: parts equal components, area sums equal cell counts, outer rings CCW and holes CW", () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 20; trial++) {
      const w = 5 + Math.floor(rand() * 20),
        h = 5 + Math.floor(rand() * 20);
      const rows = Array.from({ length: h }, () =>
        Array.from({ length: w }, () => ".123"[Math.floor(rand() * 4)]).join(""),
      );
      const g = asDegrees(grid(rows));
      const parts = polygonizeRaster(g);
      expect(parts.length).toBe(labelComponents(g).count);
      for (const p of parts) {
        expect(planar(p.rings[0]!)).toBeGreaterThan(0);
        for (const hole of p.rings.slice(1)) expect(planar(hole)).toBeLessThan(0);
        const a = p.rings.reduce((s, r) => s + planar(r), 0) / 1e-4;
        expect(a).toBeCloseTo(p.cells, 6);
      }
    }
  });
  it("geodesic area of the polygons = sum of the cells' ellipsoidal areas (lon/lat, 1e-6)", () => {
    const rows = ["1111111111", "1222222221", "1233333321", "1222222221", "1111111111"];
    const g: Raster<Uint8Array> = {
      ...grid(rows),
      originX: 40,
      originY: 36,
      pixelSizeX: 0.025,
      pixelSizeY: 0.025,
      crs: { epsg: 4326, geographic: true },
    };
    const sums = sumCellAreasByValue(g, 4);
    const parts = polygonizeRaster(g);
    for (const v of [1, 2, 3]) {
      const polys = parts.filter((p) => p.value === v).map((p) => p.rings);
      const a = geodesicPolygonArea({ type: "MultiPolygon", coordinates: polys }).areaSquareMetres;
      expect(Math.abs(a - sums.areaSquareMetres[v]!) / sums.areaSquareMetres[v]!).toBeLessThan(1e-6);
    }
  });
});
