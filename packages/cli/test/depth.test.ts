import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { geodesicInverse } from "@syraq/core";
import { cli } from "../../../tests/helpers/cli.ts";

describe("syraq depth", () => {
  it("--json gives depthMetres, nearest [lon, lat] and side, plus where on the front", async () => {
    const r = await cli("depth", "Qaryatayn", "--front", "saa-2017-09-29", "--json");
    expect(r.status, r.stderr).toBe(0);
    const j = r.json();
    expect(typeof j.depthMetres).toBe("number");
    expect(j.nearest).toHaveLength(2);
    expect(j.side).toBe("behind");
    expect(j.front.date).toBe("2017-09-29");
    expect(j.front.approximate).toBe(true);
    // The reported nearest point is consistent with the reported depth (independent geodesic inverse).
    expect(Math.abs(geodesicInverse([j.place.lon, j.place.lat], j.nearest).lengthMetres - j.depthMetres)).toBeLessThan(
      0.01,
    );
    expect(j.depthMetres / 1000).toBeGreaterThan(165);
    expect(j.depthMetres / 1000).toBeLessThan(180);
  });

  it("text output names the nearest stretch of the front and says it is a reconstruction", async () => {
    const r = await cli("depth", "Qaryatayn", "--front", "saa-2017-09-29");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/km behind the front/);
    expect(r.stdout).toMatch(/as-Sukhnah/);
    // the reconstruction note is a note: on stderr (README: notes go to stderr), silenced by --quiet
    expect(r.stderr).toMatch(/illustrative reconstruction/);
    expect(r.stdout).not.toMatch(/illustrative reconstruction/);
    const quiet = await cli("depth", "Qaryatayn", "--front", "saa-2017-09-29", "--quiet");
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toMatch(/km behind the front/);
  });

  it("several places and coordinates; 'in front' for places on IS's side", async () => {
    const r = await cli("depth", "Mayadeen", "35.336N 40.141E", "--front", "saa-2017-09-29", "--json");
    expect(r.status, r.stderr).toBe(0);
    const j = r.json();
    expect(j.places).toHaveLength(2);
    expect(j.places[0].side).toBe("in front");
    expect(j.places[1].side).toBe("behind");
    expect(j.side).toBe(j.places[0].side);
  });

  it("a user's front file works, with its own sides", async () => {
    const dir = mkdtempSync(join(tmpdir(), "syraq-depth-"));
    const f = join(dir, "mine.geojson");
    writeFileSync(
      f,
      JSON.stringify({
        type: "Feature",
        properties: {
          date: "2017-10-01",
          label: "meridian 40E",
          side: { behind: "left", description: "west is ours" },
        },
        geometry: {
          type: "LineString",
          coordinates: [
            [40, 33],
            [40, 36],
          ],
        },
      }),
    );
    const r = await cli("depth", "Palmyra", "--front", f, "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(r.json().side).toBe("behind");
    expect(r.json().nearest[0]).toBeCloseTo(40, 9);
  });

  it("bad inputs: no --front, unknown front, invalid file → exit 2; missing file → exit 3; no stack traces", async () => {
    const dir = mkdtempSync(join(tmpdir(), "syraq-depth-"));
    const none = await cli("depth", "Qaryatayn");
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--front is required.*saa-2017-09-29/);
    const unknown = await cli("depth", "Qaryatayn", "--front", "saa-1999");
    expect(unknown.status).toBe(2);
    writeFileSync(join(dir, "empty.geojson"), JSON.stringify({ type: "FeatureCollection", features: [] }));
    const empty = await cli("depth", "Qaryatayn", "--front", join(dir, "empty.geojson"));
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/no features/);
    writeFileSync(
      join(dir, "poly.geojson"),
      JSON.stringify({
        type: "Feature",
        properties: { date: "2017-01-01", label: "x", side: "left" },
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [40, 34],
              [41, 34],
              [41, 35],
              [40, 34],
            ],
          ],
        },
      }),
    );
    const poly = await cli("depth", "Qaryatayn", "--front", join(dir, "poly.geojson"));
    expect(poly.status).toBe(2);
    expect(poly.stderr).toMatch(/Polygon.*"inside" or "outside"/);
    writeFileSync(
      join(dir, "noprops.geojson"),
      JSON.stringify({
        type: "Feature",
        properties: {},
        geometry: {
          type: "LineString",
          coordinates: [
            [40, 34],
            [41, 34],
          ],
        },
      }),
    );
    const noprops = await cli("depth", "Qaryatayn", "--front", join(dir, "noprops.geojson"));
    expect(noprops.status).toBe(2);
    expect(noprops.stderr).toMatch(/missing properties date, label, side/);
    const missing = await cli("depth", "Qaryatayn", "--front", join(dir, "nope.geojson"));
    expect(missing.status).toBe(3);
    for (const r of [none, unknown, empty, poly, noprops, missing]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
