/**
 * `syraq matrix`: the one-to-many searches (in worker threads) give the same durations as
 * `syraq route` pair by pair; long, wide and JSON outputs hold the same numbers; unreachable
 * pairs are empty with a note, never zeros.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../../../tests/helpers/cli.ts";
import { splitPlaceList } from "../src/shared/place-lists.ts";
import { ROOT } from "./serve-helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "syraq-matrix-"));
const relClose = (a: number, b: number, tol = 1e-9) =>
  expect(Math.abs(a - b) / Math.max(1, Math.abs(b))).toBeLessThan(tol);

function parseCsv(text: string): string[][] {
  // the test's own reader: quoted fields only hold commas here
  return text
    .trim()
    .split("\n")
    .map((l) => [...l.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[2] ?? m[1]!));
}

describe("syraq matrix", () => {
  it("splits place lists: commas, lat,lon pairs, 'Name, Governorate'", () => {
    expect(splitPlaceList("Raqqa,Palmyra,34.55,38.27,Sinjar, Nineveh;Hit").map((p) => p.input)).toEqual([
      "Raqqa",
      "Palmyra",
      "34.55,38.27",
      "Sinjar, Nineveh",
      "Hit",
    ]);
  });

  it("durations equal `syraq route` for sampled pairs; long, wide and JSON agree (2 worker threads)", async () => {
    const from = ["Raqqa", "Palmyra", "Sukhna", "Qaryatayn"];
    const to = ["Deir ez-Zor", "al-Bukamal", "Homs"];
    const long = join(dir, "m.csv");
    const r = await cli(
      "matrix",
      "--from",
      from.join(","),
      "--to",
      to.join(","),
      "--workers",
      "2",
      "--out",
      long,
      "--json",
      "--quiet",
    );
    expect(r.status, r.stderr).toBe(0);
    const json = r.json();
    expect(json.durationsSeconds).toHaveLength(4);
    const rows = parseCsv(readFileSync(long, "utf8"));
    expect(rows[0]).toEqual(["from", "to", "duration_s", "distance_m", "note"]);
    expect(rows).toHaveLength(1 + 12);
    for (const [i, j] of [
      [0, 0],
      [1, 2],
      [2, 1],
      [3, 0],
    ] as const) {
      const ref = await cli("route", from[i]!, to[j]!, "--json", "--quiet");
      const p = ref.json().features[0].properties;
      relClose(json.durationsSeconds[i][j], p.durationSeconds);
      // the path may differ among equal-cost paths: lengths within a cell of each other
      expect(Math.abs(json.distancesMetres[i][j] - p.lengthMetres)).toBeLessThan(3000);
      const row = rows[1 + i * 3 + j]!;
      expect(row[0]).toBe(json.sources[i].name);
      expect(Number(row[2])).toBe(json.durationsSeconds[i][j]);
      expect(Number(row[3])).toBe(json.distancesMetres[i][j]);
    }
    const wide = join(dir, "w.csv");
    const w = await cli(
      "matrix",
      "--from",
      from.join(","),
      "--to",
      to.join(","),
      "--workers",
      "1",
      "--format",
      "wide",
      "--out",
      wide,
      "--quiet",
    );
    expect(w.status).toBe(0);
    const wrows = parseCsv(readFileSync(wide, "utf8"));
    expect(wrows[0]).toEqual(["from", "quantity", ...json.destinations.map((d: { name: string }) => d.name)]);
    // one thread or two: the same numbers
    for (let i = 0; i < 4; i++) {
      expect(wrows[1 + 2 * i]!.slice(2).map(Number)).toEqual(json.durationsSeconds[i]);
      expect(wrows[2 + 2 * i]!.slice(2).map(Number)).toEqual(json.distancesMetres[i]);
    }
  });

  it("unreachable pairs are empty cells with a note (every Euphrates crossing closed), not zeros", async () => {
    const crossings = JSON.parse(readFileSync(join(ROOT, "data", "crossings", "crossings.geojson"), "utf8"))
      .features as Array<{ properties: { name: string; river: string } }>;
    const closed = crossings
      .filter((f) => f.properties.river === "euphrates")
      .flatMap((f) => ["--closed", f.properties.name]);
    const out = join(dir, "u.csv");
    const r = await cli("matrix", "--from", "Hajin,Deir ez-Zor", "--to", "al-Mayadin", ...closed, "--out", out);
    expect(r.status, r.stderr).toBe(0);
    const rows = parseCsv(readFileSync(out, "utf8"));
    // Hajin is on the left bank, al-Mayadin and Deir ez-Zor on the right
    expect(rows[1]!.slice(2, 4)).toEqual(["", ""]);
    expect(rows[1]![4]).toMatch(/unreachable/);
    expect(Number(rows[2]![2])).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/1 of 2 pairs unreachable/);
    const j = await cli("matrix", "--from", "Hajin", "--to", "al-Mayadin", ...closed, "--json", "--quiet");
    expect(j.json().durationsSeconds).toEqual([[null]]);
  });

  it("reads places from CSV files (names, lat/lon with labels)", async () => {
    const a = join(dir, "a.csv");
    const b = join(dir, "b.csv");
    writeFileSync(a, 'label,lat,lon\n"Raqqa, centre",35.95283,39.00788\nPalmyra,34.5624,38.28402\n');
    writeFileSync(b, "name\nSukhna\n");
    const r = await cli("matrix", "--from-file", a, "--to-file", b, "--json", "--quiet");
    expect(r.status, r.stderr).toBe(0);
    const j = r.json();
    expect(j.sources.map((s: { name: string }) => s.name)).toEqual(["Raqqa, centre", "Palmyra"]);
    const ref = await cli("route", "35.95283,39.00788", "Sukhna", "--json", "--quiet");
    relClose(j.durationsSeconds[0][0], ref.json().features[0].properties.durationSeconds);
  });

  it("bad input: exit 2 with a coded error", async () => {
    expect((await cli("matrix", "--to", "Raqqa")).status).toBe(2);
    expect((await cli("matrix", "--from", "Raqqa,Palmyra", "--out", join(dir, "m.txt"))).stderr).toMatch(/BAD_OPTION/);
    expect((await cli("matrix", "--from", "Raqqa,Palmyra", "--closed", "Nowhere bridge")).status).toBe(2);
    expect((await cli("matrix", "--from", "Raqqa,Palmyra", "--model", "bicycle")).status).toBe(2);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "lat,lon\nabc,38\n");
    const r = await cli("matrix", "--from-file", bad);
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/BAD_COORDINATE.*line 2/)]);
  });
});
