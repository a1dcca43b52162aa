// The runnable examples in examples/ use only the public API ("@syraq/core", "@syraq/core/node", resolved to the
// build like a user's script): each is run as a plain Node process and its output checked.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { validateFigureSpec } from "@syraq/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.ts";
import { hasExecutable } from "../helpers/peers.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const EXAMPLES = join(ROOT, "examples");
const env = { ...process.env, NODE_OPTIONS: "" };
let work = "";

function run(name: string, args: string[]) {
  return spawnSync(process.execPath, [join(EXAMPLES, name), ...args], { cwd: ROOT, env, encoding: "utf8" });
}
function example(name: string, args: string[]): string {
  const r = run(name, args);
  if (r.status !== 0) throw new Error(`${name} failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout;
}
/** Geodesic length in metres between two [lon, lat] points, by GeographicLib's own GeodSolve (not the core). */
function geodSolve(a: number[], b: number[]): number {
  const out = execFileSync("GeodSolve", ["-i", "-p", "6"], {
    input: `${a[1]} ${a[0]} ${b[1]} ${b[0]}\n`,
    encoding: "utf8",
  });
  return Number(out.trim().split(/\s+/)[2]);
}

const parseCsv = (text: string) => {
  const [header, ...rows] = text.trim().split("\n");
  const cols = header!.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [cols[i]!, v])));
};

beforeAll(() => {
  // the examples import the built packages (dist/), as a user's script does (SYRAQ_PACK_TEST_BUILT=1: as built)
  if (process.env.SYRAQ_PACK_TEST_BUILT !== "1")
    execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--no-viewer", "--quiet"], { cwd: ROOT });
  work = mkdtempSync(join(tmpdir(), "syraq-examples-"));
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("examples/", () => {
  it("every example is covered here", () => {
    const covered = ["depth-behind-front.mjs", "figure-batch.mjs", "route-times.mjs", "zone-membership.mjs"];
    expect(
      readdirSync(EXAMPLES)
        .filter((f) => f.endsWith(".mjs"))
        .sort(),
    ).toEqual(covered);
  });

  it("depth-behind-front.mjs: one row per seed town, agreeing with `syraq depth` and with GeodSolve", async () => {
    const rows = parseCsv(example("depth-behind-front.mjs", ["saa-2017-09-29"]));
    const seed = JSON.parse(readFileSync(join(ROOT, "data", "gazetteer", "seed.json"), "utf8")).places.filter(
      (p: { admin1Code?: string; aliasOnly?: boolean; region?: string }) => !p.admin1Code && !p.aliasOnly && !p.region,
    );
    expect(rows).toHaveLength(seed.length);
    const q = rows.find((r) => r.place === "Qaryatayn")!;
    const viaCli = (await cli("depth", "Qaryatayn", "--front", "saa-2017-09-29", "--json")).json();
    expect(Number(q.depth_km)).toBeCloseTo(viaCli.depthMetres / 1000, 3);
    expect(q.side).toBe("behind");
    if (hasExecutable("GeodSolve")) {
      // the reported depth is the geodesic length from the town to the reported nearest point of the front
      const out = execFileSync("GeodSolve", ["-i", "-p", "6"], {
        input: `${q.lat} ${q.lon} ${q.nearest_lat} ${q.nearest_lon}\n`,
        encoding: "utf8",
      });
      expect(Number(out.trim().split(/\s+/)[2]) / 1000).toBeCloseTo(Number(q.depth_km), 1);
    }
  });

  it("zone-membership.mjs: in or out of the Syraq zone per point", () => {
    const points = join(work, "points.csv");
    // Members (README, docs/zones.md): Deir ez-Zor, Raqqa, Hasakah, Homs east of 37° E, Anbar, Nineveh, Salah ad-Din,
    // Diyala. Mayadeen (Deir ez-Zor) and Rutba (Anbar) are in; Damascus, Baghdad and Aleppo are not.
    writeFileSync(
      points,
      "name,lat,lon\nMayadeen,35.0207,40.4519\nRutba,33.0381,40.2848\nDamascus,33.5131,36.2913\n" +
        "Baghdad,33.3152,44.3661\nAleppo,36.2021,37.1343\n",
    );
    const rows = parseCsv(example("zone-membership.mjs", [points]));
    expect(rows.map((r) => [r.name, r.in_zone])).toEqual([
      ["Mayadeen", "true"],
      ["Rutba", "true"],
      ["Damascus", "false"],
      ["Baghdad", "false"],
      ["Aleppo", "false"],
    ]);
  });

  it("route-times.mjs: every ordered pair routed; Raqqa → Palmyra as `syraq route`; a fastest-route table", async () => {
    const rows = parseCsv(example("route-times.mjs", []));
    const towns = ["Raqqa", "Palmyra", "Deir ez-Zor", "Mayadeen", "al-Bukamal"];
    expect(rows).toHaveLength(towns.length * (towns.length - 1));
    expect(rows.every((r) => r.error === "" && Number(r.duration_s) > 0 && r.model === "vehicle")).toBe(true);
    const t = (a: string, b: string) => Number(rows.find((r) => r.from === a && r.to === b)!.duration_s);
    // the same query through the CLI (its own graph load and model): same duration and length
    const viaCli = (await cli("route", "Raqqa", "Palmyra", "--json")).json().features[0].properties;
    const rp = rows.find((r) => r.from === "Raqqa" && r.to === "Palmyra")!;
    expect(Number(rp.duration_s)).toBeCloseTo(viaCli.durationSeconds, 1);
    expect(Number(rp.length_km)).toBeCloseTo(viaCli.lengthMetres / 1000, 3);
    // fastest times obey the triangle inequality: going through a third town's cell is one of the routes searched
    for (const a of towns)
      for (const b of towns)
        for (const c of towns)
          if (a !== b && b !== c && a !== c) expect(t(a, c)).toBeLessThanOrEqual(t(a, b) + t(b, c) + 1e-6);
    // a road route is never shorter than the geodesic between the towns (Raqqa–Palmyra 167.7 km, GeodSolve)
    expect(Number(rp.length_km)).toBeGreaterThan(167.7);
    // bridges destroyed by 2017-09-20 (data/crossings) can only close edges: no pair gets faster
    const dated = parseCsv(example("route-times.mjs", ["Raqqa", "Palmyra", "Mayadeen", "--date", "2017-09-20"]));
    expect(dated).toHaveLength(6);
    for (const r of dated) expect(Number(r.duration_s)).toBeGreaterThanOrEqual(t(r.from!, r.to!) - 1e-6);
    expect(dated.some((r) => Number(r.duration_s) > t(r.from!, r.to!) + 60)).toBe(true);
  }, 60_000);

  it("route-times.mjs: an unknown town is one coded line on stderr and exit 2, no stack trace", () => {
    const r = run("route-times.mjs", ["Raqqa", "Nowhereville"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^error UNKNOWN_PLACE: unknown place 'Nowhereville'/);
  });

  it("figure-batch.mjs: one valid spec and overlay file per town, their figures agreeing with the CLI", async () => {
    const out = join(work, "figures");
    const rows = parseCsv(example("figure-batch.mjs", [out, "Raqqa", "Mayadeen"]));
    expect(rows.map((r) => r.figure)).toEqual(["raqqa-palmyra", "mayadeen-palmyra"]);
    for (const r of rows) {
      const spec = JSON.parse(readFileSync(join(out, `${r.figure}.json`), "utf8"));
      expect(() => validateFigureSpec(spec)).not.toThrow(); // what `syraq figure` accepts
      expect(spec.analysis.map((a: { type: string }) => a.type)).toEqual(["route", "geodesic"]);
    }
    const fc = JSON.parse(readFileSync(join(out, "raqqa-palmyra.geojson"), "utf8"));
    const route = fc.features.find((f: any) => f.properties.layer === "route" && f.geometry.type === "LineString");
    const viaCli = (await cli("route", "Raqqa", "Palmyra", "--json")).json().features[0].properties;
    expect(route.properties.durationSeconds).toBe(Math.round(viaCli.durationSeconds));
    expect(Number(rows[0]!.route_km)).toBeCloseTo(viaCli.lengthMetres / 1000, 0);
    const ends = fc.features
      .filter((f: any) => f.properties.layer === "geodesic" && f.geometry.type === "Point")
      .map((f: any) => f.geometry.coordinates);
    expect(ends).toHaveLength(2);
    if (hasExecutable("GeodSolve"))
      expect(Number(rows[0]!.geodesic_km)).toBeCloseTo(geodSolve(ends[0], ends[1]) / 1000, 2);
  }, 60_000);
});
