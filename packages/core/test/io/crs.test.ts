import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  crsFromEpsg,
  crsLabel,
  fromRasterCrs,
  lonLatBboxToCrs,
  toRasterCrs,
  utmCrsFor,
  checkLonLatBbox,
} from "../../src/raster/crs.ts";
import { readGeoTiff, writeGeoTiff } from "../../src/io/geotiff.ts";
import type { Raster } from "../../src/raster/raster.ts";
import { describeWithPeer, hasExecutable } from "../../../../tests/helpers/peers.ts";

describe("crs helpers", () => {
  it("labels and picks UTM zones", () => {
    expect(crsLabel(crsFromEpsg(32637))).toBe("EPSG:32637 (WGS 84 / UTM zone 37N)");
    expect(crsLabel(crsFromEpsg(32738))).toBe("EPSG:32738 (WGS 84 / UTM zone 38S)");
    expect(utmCrsFor(40.14, 35.33).epsg).toBe(32637); // 36..42°E is zone 37
    expect(utmCrsFor(42.0, -1).epsg).toBe(32738);
    expect(() => crsFromEpsg(3857)).toThrow(/EPSG:3857 is not supported/);
  });
  it("round-trips lon/lat through UTM to 1e-9°", () => {
    const crs = crsFromEpsg(32637);
    for (const [lon, lat] of [
      [36.1, 32.0],
      [39, 34.5],
      [41.9, 37.5],
    ] as const) {
      const [x, y] = toRasterCrs(crs, lon, lat);
      const [lo, la] = fromRasterCrs(crs, x, y);
      expect(Math.abs(lo - lon)).toBeLessThan(1e-9);
      expect(Math.abs(la - lat)).toBeLessThan(1e-9);
    }
    // Central meridian maps to the false easting (hand: 500000 m by definition of UTM)
    expect(toRasterCrs(crs, 39, 34)[0]).toBeCloseTo(500000, 6);
  });
  it("envelopes a lon/lat bbox in UTM with the curved edges", () => {
    const crs = crsFromEpsg(32637);
    const [minX, minY, maxX, maxY] = lonLatBboxToCrs(crs, [38, 34, 40, 35]);
    // parallels curve towards the pole away from the central meridian (39°E): the southern edge's lowest
    // northing is at 39°E, between the corners, so only a densified outline finds it
    expect(minY).toBeCloseTo(toRasterCrs(crs, 39, 34)[1], 3);
    expect(minY).toBeLessThan(toRasterCrs(crs, 38, 34)[1] - 100);
    expect(maxY).toBeCloseTo(toRasterCrs(crs, 40, 35)[1], 3);
    expect(minX).toBeCloseTo(toRasterCrs(crs, 38, 34)[0], 3);
    expect(maxX).toBeCloseTo(toRasterCrs(crs, 40, 34)[0], 3);
  });
  it("validates bboxes", () => {
    expect(() => checkLonLatBbox([40, 34, 38, 35])).toThrow(/west < east/);
    expect(checkLonLatBbox([38, 34, 40, 35])).toEqual([38, 34, 40, 35]);
  });
});

describe("writeGeoTiff → readGeoTiff round trip", () => {
  for (const [label, raster] of [
    [
      "lon/lat Int16 with nodata",
      {
        width: 3,
        height: 2,
        originX: 35.5,
        originY: 37.5,
        pixelSizeX: 0.025,
        pixelSizeY: 0.025,
        crs: { epsg: 4326, geographic: true },
        data: Int16Array.from([1, -2, 3, -32768, 5, 6]),
        nodata: -32768,
      },
    ],
    [
      "UTM Float64",
      {
        width: 2,
        height: 3,
        originX: 500000,
        originY: 3800000,
        pixelSizeX: 30,
        pixelSizeY: 40,
        crs: crsFromEpsg(32637),
        data: Float64Array.from([0.1, 0.2, 0.3, NaN, 1e300, -5]),
        nodata: null,
      },
    ],
  ] as Array<[string, Raster]>) {
    it(label, async () => {
      const bytes = writeGeoTiff(raster);
      const back = await readGeoTiff(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
      expect(back.crs.epsg).toBe(raster.crs.epsg);
      expect([back.width, back.height, back.originX, back.originY, back.pixelSizeX, back.pixelSizeY]).toEqual([
        raster.width,
        raster.height,
        raster.originX,
        raster.originY,
        raster.pixelSizeX,
        raster.pixelSizeY,
      ]);
      expect(back.nodata).toBe(raster.nodata);
      expect(back.data.constructor).toBe(raster.data.constructor);
      expect([...back.data]).toEqual([...raster.data]);
    });
  }
});

describeWithPeer(
  "UTM transforms vs GeographicLib GeoConvert",
  { name: "GeoConvert", available: hasExecutable("GeoConvert"), install: "apt-get install geographiclib-tools" },
  () => {
    it("agrees to 1 mm", () => {
      for (const [lat, lon] of [
        [34.5, 38.2],
        [-3.2, 39.7],
        [37.4, 44.9],
      ] as const) {
        const out = execFileSync("GeoConvert", ["-u", "-p", "6"], { input: `${lat} ${lon}\n` })
          .toString()
          .trim()
          .split(/\s+/);
        const zone = out[0]!;
        const epsg = (zone.endsWith("n") ? 32600 : 32700) + parseInt(zone, 10);
        const [x, y] = toRasterCrs(crsFromEpsg(epsg), lon, lat);
        expect(Math.abs(x - Number(out[1]))).toBeLessThan(1e-3);
        expect(Math.abs(y - Number(out[2]))).toBeLessThan(1e-3);
      }
    });
  },
);
