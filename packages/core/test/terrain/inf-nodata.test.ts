/**
 * ±Infinity elevations are nodata in the terrain code too (as isNodata says), for callers that pass
 * a raster straight in (loadDem already turns them into NaN): every output equals the one for NaN there.
 */
import { describe, expect, it } from "vitest";
import type { Raster } from "../../src/raster/raster.ts";
import { classifyTerrain } from "../../src/terrain/classes.ts";
import { labelComponents } from "../../src/raster/polygonize.ts";
import { localRelief } from "../../src/terrain/relief.ts";
import { slopeAspect } from "../../src/terrain/slope.ts";

function dem(special: number): Raster<Float64Array> {
  const w = 9,
    h = 8;
  const data = new Float64Array(w * h);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) data[r * w + c] = 300 + 7 * c + 3 * r + ((c * r) % 5);
  data[3 * w + 4] = special;
  data[6 * w + 2] = -special;
  return {
    width: w,
    height: h,
    originX: 38,
    originY: 35,
    pixelSizeX: 0.01,
    pixelSizeY: 0.01,
    crs: { epsg: 4326, geographic: true },
    data,
    nodata: null,
  };
}
/** Same numbers, NaN in the same places (toEqual treats NaN as equal to NaN). */
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => expect(Array.from(a)).toEqual(Array.from(b));

describe("±Infinity DEM cells are nodata in terrain code", () => {
  it("slopeAspect: same slope and aspect as with NaN there, with and without computeEdges", () => {
    for (const computeEdges of [false, true]) {
      const inf = slopeAspect(dem(Infinity), { computeEdges });
      const nan = slopeAspect(dem(NaN), { computeEdges });
      same(inf.slope.data, nan.slope.data);
      same(inf.aspect.data, nan.aspect.data);
      expect(Number.isNaN(inf.slope.data[3 * 9 + 4]!)).toBe(true);
    }
  });
  it("localRelief: same as with NaN (no Infinity relief around the cell)", () => {
    const inf = localRelief(dem(Infinity), 1, 1);
    same(inf, localRelief(dem(NaN), 1, 1));
    expect(inf.some((v) => v === Infinity || v === -Infinity)).toBe(false);
  });
  it("classifyTerrain: the ±Inf cells get class 0 (nodata), like NaN", () => {
    const layers = { lakes: [], rivers: [], drainage: [], euphrates: [] };
    const inf = classifyTerrain(dem(Infinity), layers, { reliefRadiusMetres: 1000 });
    expect(inf.classes.data[3 * 9 + 4]).toBe(0);
    expect(inf.classes.data[6 * 9 + 2]).toBe(0);
    same(inf.classes.data, classifyTerrain(dem(NaN), layers, { reliefRadiusMetres: 1000 }).classes.data);
  });
  it("labelComponents: ±Inf cells are not a component", () => {
    const r: Raster = {
      width: 3,
      height: 1,
      originX: 0,
      originY: 0,
      pixelSizeX: 1,
      pixelSizeY: 1,
      crs: { epsg: 4326, geographic: true },
      data: Float32Array.from([Infinity, 2, -Infinity]),
      nodata: null,
    };
    const l = labelComponents(r);
    expect(l.count).toBe(1);
    expect(Array.from(l.labels)).toEqual([-1, 0, -1]);
  });
});
