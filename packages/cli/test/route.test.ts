import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../../../tests/helpers/cli.ts";

const tmp = mkdtempSync(join(tmpdir(), "syraq-route-"));
const HAJIN = "34.695N 40.835E";

describe("syraq route", () => {
  it("prints a GeoJSON route with figures, legs and typed segments (--json) and writes --out", async () => {
    const out = join(tmp, "route.geojson");
    const r = await cli("route", "Palmyra", "Deir ez-Zor", "--via", "Sukhna", "--json", "--quiet", "--out", out);
    expect(r.status).toBe(0);
    const fc = r.json();
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(fc);
    const route = fc.features[0];
    expect(route.geometry.type).toBe("LineString");
    const p = route.properties;
    for (const k of ["lengthMetres", "durationSeconds", "ascentMetres", "descentMetres", "roadLengthMetres"])
      expect(p[k]).toBeGreaterThanOrEqual(0);
    expect(p.legs).toHaveLength(2);
    expect(p.legs[0].durationSeconds + p.legs[1].durationSeconds).toBeCloseTo(p.durationSeconds, 6);
    expect(p.segments.some((s: any) => s.type === "road")).toBe(true);
    const segSum = p.segments.reduce((a: number, s: any) => a + s.durationSeconds, 0);
    expect(segSum).toBeCloseTo(p.durationSeconds, 6);
    // starts and ends at the exact places (GeoNames Tadmur and Deir ez-Zor, ±1 km for gazetteer choice)
    expect(route.geometry.coordinates[0][0]).toBeCloseTo(38.28, 1);
    expect(route.geometry.coordinates.at(-1)[1]).toBeCloseTo(35.33, 1);
  }, 60_000);

  it("names the crossing of a route between the banks as a 'crossing' segment, and --closed moves it", async () => {
    const a = (await cli("route", HAJIN, "Mayadeen", "--json", "--quiet")).json().features[0].properties;
    const crossing = a.segments.find((s: any) => s.type === "crossing");
    expect(crossing?.name).toBeTruthy();
    const b = await cli("route", HAJIN, "Mayadeen", "--json", "--quiet", "--closed", crossing.name);
    expect(b.status).toBe(0);
    const names = b.json().features[0].properties.crossings;
    expect(names).not.toContain(crossing.name);
    expect(b.json().features[0].properties.closedCrossings).toContain(crossing.name);
  }, 60_000);

  it("exits 4 with a clear message when every crossing between the banks is closed", async () => {
    const closed = [
      "al-Asharah bridge",
      "al-Mayadin bridge",
      "al-Bukamal bridge",
      "al-Buqaan railway bridge",
      "Siyasiya bridge",
      "Deir ez-Zor suspension bridge",
      "Raqqa old bridge",
      "Raqqa new bridge",
      "Baath Dam",
      "Tabqa Dam",
      "Tishrin Dam",
      "Qara Qozak bridge",
      "Jarabulus bridge",
      "Rawa bridge",
      "Haditha Dam",
      "Hit bridge",
      "Ramadi bridge",
      "Fallujah old bridge",
    ];
    const r = await cli("route", HAJIN, "Mayadeen", ...closed.flatMap((c) => ["--closed", c]));
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/no route from .* to Mayadeen/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  }, 60_000);

  it("is deterministic: the same query prints the same bytes", async () => {
    const a = await cli("route", "Raqqa", "Palmyra", "--model", "foot", "--json", "--quiet");
    const b = await cli("route", "Raqqa", "Palmyra", "--model", "foot", "--json", "--quiet");
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  }, 60_000);

  it("rejects an unknown model, crossing or date with exit 2", async () => {
    expect((await cli("route", "Raqqa", "Palmyra", "--model", "hovercraft")).status).toBe(2);
    const c = await cli("route", "Raqqa", "Palmyra", "--closed", "Tabqa Damm");
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/Tabqa Dam/);
    expect((await cli("route", "Raqqa", "Palmyra", "--date", "1 Oct 2017")).status).toBe(2);
  }, 60_000);

  it("loads a user road network: a fast straight road is used, and a road fording the Euphrates away from any crossing is cut", async () => {
    const roads = join(tmp, "roads.geojson");
    writeFileSync(
      roads,
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          // Palmyra -> Sukhna straight, as a motorway (OSM tag)
          {
            type: "Feature",
            properties: { highway: "motorway", maxspeed: "120" },
            geometry: {
              type: "LineString",
              coordinates: [
                [38.28402, 34.5624],
                [38.8711, 34.88533],
              ],
            },
          },
          // across the Euphrates between Hajin (left) and the right bank, 20 km from any declared crossing
          {
            type: "Feature",
            properties: { highway: "primary" },
            geometry: {
              type: "LineString",
              coordinates: [
                [40.7, 34.8],
                [40.62, 34.72],
              ],
            },
          },
        ],
      }),
    );
    const base = (await cli("route", "Palmyra", "Sukhna", "--json", "--quiet", "--roads-mode", "none")).json()
      .features[0].properties;
    const withRoad = await cli("route", "Palmyra", "Sukhna", "--json", "--roads", roads, "--roads-mode", "replace");
    expect(withRoad.status).toBe(0);
    const p = withRoad.json().features[0].properties;
    expect(p.durationSeconds).toBeLessThan(base.durationSeconds);
    expect(p.roadLengthMetres).toBeGreaterThan(50_000);
    expect(withRoad.stderr).toMatch(/1 road piece\(s\) cross a river/);
  }, 60_000);
});

describe("syraq isochrone", () => {
  it("writes nested bands with geodesic areas, largest first", async () => {
    const out = join(tmp, "iso.geojson");
    const r = await cli("isochrone", "Sukhna", "--minutes", "60,120,240", "--out", out, "--json", "--quiet");
    expect(r.status).toBe(0);
    const fc = JSON.parse(readFileSync(out, "utf8"));
    expect(fc.features.map((f: any) => f.properties.minutes)).toEqual([240, 120, 60]);
    const areas = fc.features.map((f: any) => f.properties.areaKm2);
    expect(areas[0]).toBeGreaterThan(areas[1]);
    expect(areas[1]).toBeGreaterThan(areas[2]);
    for (const f of fc.features) expect(["Polygon", "MultiPolygon"]).toContain(f.geometry.type);
  }, 60_000);

  it("rejects a bad --minutes list", async () => {
    expect((await cli("isochrone", "Sukhna", "--minutes", "60,-5")).status).toBe(2);
  });
});

describe("syraq corridor", () => {
  it("returns the band polygon and up to k routes sharing at most half their length", async () => {
    const r = await cli("corridor", "Palmyra", "Sukhna", "--model", "foot", "--alternatives", "3", "--json", "--quiet");
    expect(r.status).toBe(0);
    const fc = r.json();
    expect(fc.features[0].properties.kind).toBe("corridor");
    const routes = fc.features.filter((f: any) => f.properties.kind === "route");
    expect(routes.length).toBeGreaterThanOrEqual(1);
    expect(routes[0].properties.durationSeconds).toBeCloseTo(fc.features[0].properties.bestDurationSeconds, 6);
    for (const x of routes.slice(1)) expect(x.properties.sharedFraction).toBeLessThanOrEqual(0.5);
  }, 60_000);
});
