/**
 * Vector input from GeoPackage, FlatGeobuf and Shapefile: fixtures made here by ogr2ogr from one
 * GeoJSON (some reprojected to EPSG:3857 and to the Syria Lambert grid EPSG:22770), read back by
 * readVectorFile and checked against the GeoJSON, then parsed as roads and fronts exactly like it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readVectorFile } from "../../packages/core/src/io/node/vector.ts";
import { parseRoadLines } from "../../packages/core/src/routing/network.ts";
import { describeWithPeer, hasExecutable } from "../helpers/peers.ts";

const dir = mkdtempSync(join(tmpdir(), "syraq-vec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROADS = {
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { name: "M20 Palmyra-Sukhna", highway: "trunk", maxspeed: "100" },
      geometry: {
        type: "LineString",
        coordinates: [
          [38.2684, 34.5604],
          [38.5, 34.7],
          [38.8687, 34.8836],
        ],
      },
    },
    {
      type: "Feature",
      properties: { name: "Valley road", class: "secondary", maxspeed: null, highway: null },
      geometry: {
        type: "LineString",
        coordinates: [
          [40.1408, 35.3359],
          [40.45, 35.0155],
          [40.9187, 34.4537],
        ],
      },
    },
  ],
};

const ogr = { name: "ogr2ogr", available: hasExecutable("ogr2ogr"), install: "apt-get install gdal-bin" };

describeWithPeer("vector formats written by ogr2ogr", ogr, () => {
  const src = join(dir, "roads.geojson");
  beforeAll(() => {
    writeFileSync(src, JSON.stringify(ROADS));
    const make = (out: string, driver: string, srs?: string) =>
      execFileSync("ogr2ogr", ["-f", driver, ...(srs ? ["-t_srs", srs] : []), join(dir, out), src]);
    make("roads.gpkg", "GPKG");
    make("roads.fgb", "FlatGeobuf");
    make("roads.shp", "ESRI Shapefile");
    make("roads-3857.gpkg", "GPKG", "EPSG:3857");
    make("roads-22770.shp", "ESRI Shapefile", "EPSG:22770");
    make("roads-22770.fgb", "FlatGeobuf", "EPSG:22770");
  });

  const expectSame = async (file: string, tolDeg: number) => {
    const fc = await readVectorFile(join(dir, file), "road network");
    expect(fc.features.length).toBe(2);
    // FlatGeobuf's spatial index may reorder features: match them by name
    fc.features.forEach((f) => {
      const i = ROADS.features.findIndex((r) => r.properties.name === f.properties.name);
      expect(i).toBeGreaterThanOrEqual(0);
      const want = ROADS.features[i]!.geometry.coordinates;
      const got = (f.geometry as { coordinates: number[][] }).coordinates;
      expect(got.length).toBe(want.length);
      got.forEach((p, k) => {
        expect(Math.abs(p[0]! - want[k]![0]!), `${file} lon`).toBeLessThan(tolDeg);
        expect(Math.abs(p[1]! - want[k]![1]!), `${file} lat`).toBeLessThan(tolDeg);
      });
      expect(f.properties.name).toBe(ROADS.features[i]!.properties.name);
    });
    return fc;
  };

  it("GeoPackage, FlatGeobuf and Shapefile in WGS84 give the GeoJSON's coordinates and attributes", async () => {
    for (const f of ["roads.gpkg", "roads.fgb", "roads.shp"]) {
      const fc = await expectSame(f, 1e-12);
      const { lines } = parseRoadLines(fc, { origin: f });
      lines.sort((a, b) => (a.name! < b.name! ? -1 : 1));
      expect(lines.map((l) => [l.roadClass, l.speedKmh, l.name])).toEqual([
        ["motorway", 100, "M20 Palmyra-Sukhna"],
        ["secondary", undefined, "Valley road"],
      ]);
    }
  });

  it("projected files (EPSG:3857, Syria Lambert EPSG:22770) are transformed back to lon/lat", async () => {
    // 3857 is WGS84-based: the round trip through PROJ (ogr2ogr) and proj4 is exact to 1e-9°
    await expectSame("roads-3857.gpkg", 1e-9);
    // 22770 is on the Deir ez Zor datum: PROJ may pick another datum shift than the definition's
    // +towgs84 (EPSG lists 5 m accuracy); 1e-4° ≈ 10 m
    await expectSame("roads-22770.shp", 1e-4);
    await expectSame("roads-22770.fgb", 1e-4);
  });

  it("broken and missing files stop with coded errors", async () => {
    writeFileSync(join(dir, "bad.gpkg"), "not a database");
    await expect(readVectorFile(join(dir, "bad.gpkg"))).rejects.toMatchObject({ code: "DATA_CORRUPT" });
    writeFileSync(join(dir, "bad.fgb"), "not flatgeobuf");
    await expect(readVectorFile(join(dir, "bad.fgb"))).rejects.toMatchObject({ code: "DATA_CORRUPT" });
    await expect(readVectorFile(join(dir, "none.shp"))).rejects.toMatchObject({ code: "DATA_MISSING" });
  });
});

describeWithPeer(
  "fronts, control areas and sources from GeoPackage / FlatGeobuf / Shapefile through the CLI",
  ogr,
  () => {
    it("depth --front FILE.gpkg / .fgb gives the same answer as the GeoJSON front; a Shapefile's cut text is refused", async () => {
      const { cli } = await import("../helpers/cli.ts");
      const src = join(process.cwd(), "data/fronts/saa-2017-09-29.geojson");
      const ref = await cli("depth", "Qaryatayn", "--front", src, "--json", "--quiet");
      expect(ref.status).toBe(0);
      const want = JSON.stringify(ref.json().results ?? ref.json());
      for (const [file, driver] of [
        ["front.gpkg", "GPKG"],
        ["front.fgb", "FlatGeobuf"],
      ] as const) {
        execFileSync("ogr2ogr", ["-f", driver, join(dir, file), src]);
        const r = await cli("depth", "Qaryatayn", "--front", join(dir, file), "--json", "--quiet");
        expect(r.status, r.stderr).toBe(0);
        const got = r.json();
        const depth = (j: unknown) => JSON.stringify(j).match(/"(depthMetres|distanceMetres)":([\d.]+)/)?.[2];
        expect(depth(got)).toBe(depth(JSON.parse(want)));
      }
      // Shapefiles have no nested values, cut text at 254 characters and turn dates into Date fields:
      // the front is refused as bad input (exit 2), never read wrong
      execFileSync("ogr2ogr", ["-f", "ESRI Shapefile", join(dir, "front.shp"), src]);
      const shp = await cli("depth", "Qaryatayn", "--front", join(dir, "front.shp"), "--quiet");
      expect(shp.status).toBe(2);
      expect(shp.stderr).toMatch(/syraq: error \[BAD_GEOJSON\]/);
    });

    it("a broken GeoPackage front is a coded error, exit 3", async () => {
      const { cli } = await import("../helpers/cli.ts");
      writeFileSync(join(dir, "broken-front.gpkg"), "not sqlite");
      const r = await cli("depth", "Qaryatayn", "--front", join(dir, "broken-front.gpkg"), "--quiet");
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/syraq: error \[DATA_CORRUPT\]/);
    });
  },
);
