import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { geodesicInverse, geodesicLineLength, type LonLat } from "@syraq/core";
import { cli } from "../../../tests/helpers/cli.ts";

// GeodSolve -i -p 9 <<< "34.229 37.24 35.336 40.14"  ->  64.3494079553963 66.00406667752713 292449.339937528
const Q_TO_D = { azi1: 64.3494079553963, azi2: 66.00406667752713, s12: 292449.339937528 };

describe("syraq distance", () => {
  it("prints exactly the documented JSON for two coordinates, agreeing with GeodSolve", async () => {
    const r = await cli("distance", "34.229N 37.240E", "35.336N 40.140E", "--json");
    expect(r.status).toBe(0);
    const j = r.json();
    expect(Object.keys(j).sort()).toEqual(["legs", "lengthMetres"]);
    expect(j.legs).toHaveLength(1);
    const leg = j.legs[0];
    expect(Object.keys(leg).sort()).toEqual(["azimuthEndDegrees", "azimuthStartDegrees", "from", "lengthMetres", "to"]);
    expect(leg.from).toEqual({ name: "34.229N 37.240E", lat: 34.229, lon: 37.24 });
    expect(leg.to).toEqual({ name: "35.336N 40.140E", lat: 35.336, lon: 40.14 });
    expect(Math.abs(leg.lengthMetres - Q_TO_D.s12)).toBeLessThan(1e-3);
    expect(Math.abs(leg.azimuthStartDegrees - Q_TO_D.azi1)).toBeLessThan(1e-9);
    expect(Math.abs(leg.azimuthEndDegrees - Q_TO_D.azi2)).toBeLessThan(1e-9);
    expect(j.lengthMetres).toBe(leg.lengthMetres);
  });

  it("accepts every coordinate format for the same point", async () => {
    const forms = [
      "34.229,37.240",
      "37.240E 34.229N",
      "N34.229 E37.240",
      `34°13'44.4"N 37°14'24"E`,
      "34 13.74 N 37 14.4 E",
    ];
    for (const f of forms) {
      const r = await cli("distance", f, "35.336N 40.140E", "--json");
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
      expect(Math.abs(r.json().lengthMetres - Q_TO_D.s12), f).toBeLessThan(0.01); // DMS forms round to ~1e-6°
    }
  });

  it("works on coordinates without the data pack (the gazetteer is loaded only for names)", async () => {
    const r = await cli("distance", "34.229,37.24", "35.336,40.14", "--data-dir", "/nonexistent/pack", "--json");
    expect(r.status).toBe(0);
    expect(Math.abs(r.json().lengthMetres - Q_TO_D.s12)).toBeLessThan(1e-3);
  });

  it("resolves place names; Qaryatayn→Palmyra/Sukhna/Deir ez-Zor match the design notes' ≈103/166/292 km", async () => {
    for (const [to, km] of [
      ["Palmyra", 103],
      ["Sukhna", 166],
      ["Deir ez-Zor", 292],
    ] as const) {
      const r = await cli("distance", "Qaryatayn", to, "--json");
      expect(r.status, r.stderr).toBe(0);
      const leg = r.json().legs[0];
      expect(leg.from.name).toMatch(/Qaryatayn/);
      expect(Math.abs(leg.lengthMetres / 1000 - km), to).toBeLessThan(2);
      // the leg is the geodesic between the coordinates it reports
      const g = geodesicInverse([leg.from.lon, leg.from.lat], [leg.to.lon, leg.to.lat]);
      expect(leg.lengthMetres).toBe(g.lengthMetres);
      expect(leg.azimuthStartDegrees).toBe(g.azimuthStartDegrees);
    }
  });

  it("chains legs A→B→C→D and totals them", async () => {
    const r = await cli("distance", "Damascus", "Homs", "Palmyra", "Deir ez-Zor", "--json");
    expect(r.status, r.stderr).toBe(0);
    const j = r.json();
    expect(j.legs).toHaveLength(3);
    expect(j.legs[0].to).toEqual(j.legs[1].from);
    expect(j.legs[1].to).toEqual(j.legs[2].from);
    expect(j.lengthMetres).toBeCloseTo(
      j.legs.reduce((s: number, l: { lengthMetres: number }) => s + l.lengthMetres, 0),
      6,
    );
    // Damascus–Homs is about 140 km by straight line
    expect(j.legs[0].lengthMetres / 1000).toBeGreaterThan(135);
    expect(j.legs[0].lengthMetres / 1000).toBeLessThan(145);
  });

  it("prints km, azimuths and places in text mode", async () => {
    const r = await cli("distance", "34.229N 37.240E", "35.336N 40.140E");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("34.2290°N 37.2400°E → 35.3360°N 40.1400°E");
    expect(r.stdout).toContain("292.45 km");
    expect(r.stdout).toContain("leaving at 64.35° (ENE)");
    expect(r.stdout).toContain("arriving at 66.00° (ENE)");
    const multi = await cli("distance", "Damascus", "Homs", "Palmyra");
    expect(multi.stdout).toMatch(/total \d+\.\d\d km over 2 legs/);
    const same = await cli("distance", "34.2,37.1", "34.2,37.1");
    expect(same.stdout).toContain("0 m (same point)");
  });

  it("notes (never silently swaps) a lon,lat pair typed without letters", async () => {
    const r = await cli("distance", "37.24,34.229", "35.336N 40.14E", "--json");
    expect(r.status).toBe(0);
    expect(r.json().legs[0].from).toMatchObject({ lat: 37.24, lon: 34.229 });
    expect(r.stderr).toMatch(
      /read as latitude 37.24, longitude 34.229 \(ISO 6709: latitude first\).*34.2290°N 37.2400°E/,
    );
    const quiet = await cli("distance", "37.24,34.229", "35.336N 40.14E", "--quiet");
    expect(quiet.stderr).toBe("");
  });

  it("says a governorate is measured from one point, with the gazetteer's caveats", async () => {
    const r = await cli("distance", "Anbar", "Fallujah", "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/note: Anbar is a governorate; distances are measured from one point/);
    const quiet = await cli("distance", "Anbar", "Fallujah", "--quiet");
    expect(quiet.stderr).toBe("");
  });

  it("explains unquoted coordinates split into single numbers", async () => {
    const r = await cli("distance", "34.229", "37.240", "35.336", "40.140");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /'34.229': a single number is not a coordinate; give latitude and longitude together in one argument/,
    );
  });

  it("passes --country to the gazetteer", async () => {
    // "Sinjar" is a town in Nineveh (Iraq, ~41.9 E) and a village in Idlib (Syria, west of 37.5 E)
    const iq = await cli("distance", "Mosul", "Sinjar", "--country", "IQ", "--json");
    expect(iq.status, iq.stderr).toBe(0);
    expect(iq.json().legs[0].to.lon).toBeGreaterThan(41);
    const sy = await cli("distance", "Aleppo", "Sinjar", "--country", "SY", "--json");
    expect(sy.status, sy.stderr).toBe(0);
    expect(sy.json().legs[0].to.lon).toBeLessThan(37.5);
  });

  it("exit 2 with a clear message on bad input, no stack trace", async () => {
    const one = await cli("distance", "Homs");
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/at least two places/);
    const bad = await cli("distance", "34N 35N", "Homs");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/'34N 35N'.*both latitudes/);
    const range = await cli("distance", "134.2, 37.1", "Homs");
    expect(range.status).toBe(2);
    expect(range.stderr).toMatch(/latitude must be within -90..90/);
    const unknown = await cli("distance", "Xyzzyville", "Homs");
    expect(unknown.status).toBe(2);
    for (const r of [one, bad, range, unknown]) expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("--out writes the legs as GeoJSON lines along the geodesic", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "syraq-distance-")), "legs.geojson");
    const r = await cli("distance", "34.229N 37.240E", "34.56N 38.267E", "35.336N 40.140E", "--out", file, "--json");
    expect(r.status, r.stderr).toBe(0);
    const fc = JSON.parse(readFileSync(file, "utf8"));
    expect(fc.type).toBe("FeatureCollection");
    expect(fc.features).toHaveLength(2);
    fc.features.forEach(
      (f: { properties: { lengthMetres: number }; geometry: { type: string; coordinates: LonLat[] } }, i: number) => {
        expect(f.geometry.type).toBe("LineString");
        expect(f.properties.lengthMetres).toBe(r.json().legs[i].lengthMetres);
        // densified along the geodesic: its length equals the leg's (a detour would be longer), points ≤ 1 km apart
        expect(geodesicLineLength(f.geometry.coordinates)).toBeCloseTo(f.properties.lengthMetres, 4);
        expect(f.geometry.coordinates.length).toBeGreaterThan(f.properties.lengthMetres / 1000);
      },
    );
    expect(fc.features[0].geometry.coordinates[0]).toEqual([37.24, 34.229]);
    const bad = await cli("distance", "Homs", "Palmyra", "--out", "/nonexistent-dir/x.geojson");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/cannot write --out \/nonexistent-dir\/x.geojson/);
  });

  it("describes itself in help", async () => {
    const r = await cli("help", "distance");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("latitude");
    expect(r.stdout).toContain("--country");
  });
});
