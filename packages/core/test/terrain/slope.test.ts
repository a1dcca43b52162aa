import { describe, expect, it } from "vitest";
import { geodesicInverse } from "../../src/geo/geodesic.ts";
import type { Raster } from "../../src/raster/raster.ts";
import { slopeAspect } from "../../src/terrain/slope.ts";

const DEG = Math.PI / 180;

function utmGrid(
  f: (xMetres: number, yMetres: number) => number,
  w = 7,
  h = 6,
  px = 30,
  py = 40,
): Raster<Float64Array> {
  const data = new Float64Array(w * h);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) data[r * w + c] = f(c * px, -r * py);
  return {
    width: w,
    height: h,
    originX: 500000,
    originY: 3800000,
    pixelSizeX: px,
    pixelSizeY: py,
    crs: { epsg: 32637, geographic: false, proj4: "+proj=utm +zone=37 +datum=WGS84 +units=m +no_defs" },
    data,
    nodata: null,
  };
}

describe("slopeAspect (Horn) on planes", () => {
  it("projected plane z = 0.1 x + 0.2 y: slope atan(√0.05), facing down-gradient", () => {
    const { slope, aspect } = slopeAspect(utmGrid((x, y) => 0.1 * x + 0.2 * y));
    const i = 2 * 7 + 3;
    expect(slope.data[i]).toBeCloseTo(Math.atan(Math.sqrt(0.05)) / DEG, 4);
    // rises to the NE, so it faces SW: azimuth of (-0.1, -0.2) = 180 + atan(0.1/0.2)
    expect(aspect.data[i]).toBeCloseTo(180 + Math.atan(0.5) / DEG, 4);
  });
  it("aspect convention: clockwise from north, the direction the slope faces", () => {
    const at = (f: (x: number, y: number) => number) => slopeAspect(utmGrid(f)).aspect.data[2 * 7 + 3];
    expect(at((x) => -x)).toBeCloseTo(90, 5); // falls to the east: faces east
    expect(at((_x, y) => y)).toBeCloseTo(180, 5); // rises to the north: faces south
    expect(at((x) => x)).toBeCloseTo(270, 5);
    expect(at((_x, y) => -y)).toBeCloseTo(0, 5);
    expect(Number.isNaN(at(() => 5))).toBe(true); // flat: undefined aspect
    expect(slopeAspect(utmGrid(() => 5)).slope.data[2 * 7 + 3]).toBe(0);
  });
  it("lon/lat ramp z = k·(meridian distance): slope atan(k) with the WGS84 north-south size", () => {
    const k = 0.05;
    const w = 5,
      h = 5,
      px = 0.025;
    const data = new Float64Array(w * h);
    for (let r = 0; r < h; r++) {
      const lat = 35 - (r + 0.5) * px;
      const d = geodesicInverse([38, 30], [38, lat]).lengthMetres; // independent of the cell-size code
      for (let c = 0; c < w; c++) data[r * w + c] = k * d;
    }
    const dem: Raster = {
      width: w,
      height: h,
      originX: 38,
      originY: 35,
      pixelSizeX: px,
      pixelSizeY: px,
      crs: { epsg: 4326, geographic: true },
      data,
      nodata: null,
    };
    const { slope, aspect } = slopeAspect(dem);
    expect(Math.abs(slope.data[12]! - Math.atan(k) / DEG)).toBeLessThan(1e-5);
    expect(aspect.data[12]).toBeCloseTo(180, 4);
    // degrees-as-metres would give atan(k · 2774 m / 0.05°)… a nonsense 89.99°; a sphere of 6371 km ~0.3 % off
  });
  it("lon/lat east-west ramp: each row's own width (per-row) gives atan(k)", () => {
    const k = 0.1;
    const w = 5,
      h = 5,
      px = 0.025;
    const data = new Float64Array(w * h);
    for (let r = 0; r < h; r++) {
      const lat = 35 - (r + 0.5) * px;
      // signed east-west ground distance from the meridian through the centre column (col 2)
      for (let c = 0; c < w; c++)
        data[r * w + c] =
          k * Math.sign(c - 2) * geodesicInverse([38 + 2.5 * px, lat], [38 + (c + 0.5) * px, lat]).lengthMetres;
    }
    const dem: Raster = {
      width: w,
      height: h,
      originX: 38,
      originY: 35,
      pixelSizeX: px,
      pixelSizeY: px,
      crs: { epsg: 4326, geographic: true },
      data,
      nodata: null,
    };
    const perRow = slopeAspect(dem);
    // centre cell: the N and S rows' differences are 2k·ew_N and 2k·ew_S, each divided by its own width
    expect(Math.abs(perRow.slope.data[12]! - Math.atan(k) / DEG)).toBeLessThan(1e-5);
    expect(perRow.aspect.data[12]).toBeCloseTo(270, 4);
    // GRASS's rule divides all three rows by the centre width: off by (ew_N + ew_S - 2 ew_C)/(4 ew_C), tiny but > 0
    const grass = slopeAspect(dem, { eastWestWidth: "centre-row" });
    expect(grass.slope.data[12]).not.toBe(perRow.slope.data[12]);
    expect(Math.abs(grass.slope.data[12]! - Math.atan(k) / DEG)).toBeLessThan(1e-3);
  });
});

describe("edges and nodata", () => {
  it("outer ring and nodata neighbours are NaN by default; computeEdges fills them from the centre", () => {
    const dem = utmGrid((x, y) => 0.1 * x + 0.2 * y);
    dem.data[3 * 7 + 5] = -9999;
    dem.nodata = -9999;
    const { slope } = slopeAspect(dem);
    for (let c = 0; c < 7; c++) expect(Number.isNaN(slope.data[c]!)).toBe(true);
    for (let r = 0; r < 6; r++) expect(Number.isNaN(slope.data[r * 7 + 6]!)).toBe(true);
    expect(Number.isNaN(slope.data[2 * 7 + 4]!)).toBe(true); // neighbour of the nodata cell
    expect(Number.isNaN(slope.data[3 * 7 + 5]!)).toBe(true); // the nodata cell itself
    expect(Number.isNaN(slope.data[2 * 7 + 2]!)).toBe(false);
    const e = slopeAspect(dem, { computeEdges: true });
    expect(Number.isNaN(e.slope.data[0]!)).toBe(false);
    expect(Number.isNaN(e.slope.data[3 * 7 + 5]!)).toBe(true);
    expect(Number.isNaN(e.slope.data[2 * 7 + 4]!)).toBe(false);
  });
  it("does not mutate the DEM; zFactor scales", () => {
    const dem = utmGrid((x) => 0.1 * x);
    const copy = Float64Array.from(dem.data);
    const a = slopeAspect(dem, { zFactor: 2 });
    expect(dem.data).toEqual(copy);
    expect(a.slope.data[2 * 7 + 3]).toBeCloseTo(Math.atan(0.2) / DEG, 4);
  });
});
