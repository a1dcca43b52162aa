import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { geodesicPolygonArea } from "@syraq/core";
import { cli } from "../../../tests/helpers/cli.ts";

describe("syraq zone", () => {
  it("the default zone: area, perimeter, members, member-sum check, seed places", async () => {
    const r = await cli("zone", "--json");
    expect(r.status, r.stderr).toBe(0);
    const j = r.json();
    expect(j.name).toBe("syraq");
    expect(j.members.map((m: { iso: string }) => m.iso)).toContain("IQ-AN");
    // Independent figure: the members' own geodesic areas, summed.
    expect(Math.abs(j.membersCheck.differenceSquareMetres) / j.areaSquareMetres).toBeLessThan(1e-4);
    expect(j.areaSquareMetres / 1e6).toBeGreaterThan(300_000);
    const inside = j.seedPlaces.filter((s: { inside: boolean }) => s.inside).map((s: { name: string }) => s.name);
    const outside = j.seedPlaces.filter((s: { inside: boolean }) => !s.inside).map((s: { name: string }) => s.name);
    for (const n of ["Palmyra", "Qaryatayn", "Deir ez-Zor", "Mosul", "Fallujah", "Qamishli", "Raqqa", "Mayadeen"])
      expect(inside).toContain(n);
    for (const n of ["Aleppo", "Damascus", "Homs"]) expect(outside).toContain(n);
  });

  it("--contains answers for names and coordinates", async () => {
    const r = await cli("zone", "syraq", "--contains", "Sukhna", "--contains", "33.51N 36.29E", "--json");
    expect(r.status, r.stderr).toBe(0);
    const c = r.json().contains;
    expect(c.map((x: { inside: boolean }) => x.inside)).toEqual([true, false]);
  });

  it("a user's polygon file, and --out writes a GeoJSON with the measures", async () => {
    const dir = mkdtempSync(join(tmpdir(), "syraq-zonecli-"));
    const f = join(dir, "box.geojson");
    const geometry = {
      type: "Polygon",
      coordinates: [
        [
          [38, 34],
          [39, 34],
          [39, 35],
          [38, 35],
          [38, 34],
        ],
      ],
    };
    writeFileSync(f, JSON.stringify({ type: "Feature", properties: { name: "box" }, geometry }));
    const out = join(dir, "out.geojson");
    const r = await cli("zone", f, "--contains", "Palmyra", "--out", out, "--json");
    expect(r.status, r.stderr).toBe(0);
    const j = r.json();
    expect(j.contains[0].inside).toBe(true); // Palmyra 38.28E 34.56N
    expect(j.areaSquareMetres).toBeCloseTo(geodesicPolygonArea(geometry as never).areaSquareMetres, 3);
    // Hand check: 1° × 1° at 34–35°N ≈ 91.8 km × 111 km ≈ 10 190 km².
    expect(j.areaSquareMetres / 1e6).toBeGreaterThan(10_000);
    expect(j.areaSquareMetres / 1e6).toBeLessThan(10_400);
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect(written.properties.areaSquareMetres).toBe(j.areaSquareMetres);
    expect(written.geometry).toEqual(geometry);
  });

  it("a governorate of the pack works as a zone (syraq zone Anbar), with the pack's clipping noted", async () => {
    const all = (await cli("zone", "--json")).json();
    const r = await cli("zone", "Anbar", "--contains", "Fallujah", "--contains", "Palmyra", "--json");
    expect(r.status, r.stderr).toBe(0);
    const j = r.json();
    // Same polygon as the Syraq zone's Anbar member, measured the same way.
    const member = all.membersCheck.members.find((m: { iso: string }) => m.iso === "IQ-AN");
    expect(j.areaSquareMetres).toBeCloseTo(member.areaSquareMetres, 0);
    expect(j.contains.map((c: { inside: boolean }) => c.inside)).toEqual([true, false]);
    expect(j.notes.join(" ")).toMatch(/32°N/);
    const town = await cli("zone", "Palmyra");
    expect(town.status).toBe(2);
    expect(town.stderr).toMatch(/without a polygon/);
  });

  it("errors: unknown zone / invalid file exit 2, missing file exit 3", async () => {
    const dir = mkdtempSync(join(tmpdir(), "syraq-zonecli-"));
    const unknown = await cli("zone", "atlantis");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown zone 'atlantis'.*syraq/);
    writeFileSync(
      join(dir, "line.geojson"),
      JSON.stringify({
        type: "Feature",
        properties: {},
        geometry: {
          type: "LineString",
          coordinates: [
            [38, 34],
            [39, 35],
          ],
        },
      }),
    );
    const line = await cli("zone", join(dir, "line.geojson"));
    expect(line.status).toBe(2);
    expect(line.stderr).toMatch(/Polygon or MultiPolygon/);
    writeFileSync(join(dir, "empty.geojson"), JSON.stringify({ type: "FeatureCollection", features: [] }));
    expect((await cli("zone", join(dir, "empty.geojson"))).status).toBe(2);
    expect((await cli("zone", join(dir, "missing.geojson"))).status).toBe(3);
    expect((await cli("zone", "--out", join(dir, "x.txt"))).status).toBe(2);
  });
});
