// The runnable examples in examples/ use only the public API ("@syraq/core", "@syraq/core/node", resolved to the
// build like a user's script): each is run as a plain Node process and its output checked.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.ts";
import { hasExecutable } from "../helpers/peers.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const EXAMPLES = join(ROOT, "examples");
const env = { ...process.env, NODE_OPTIONS: "" };
let work = "";

function example(name: string, args: string[]): string {
  const r = spawnSync(process.execPath, [join(EXAMPLES, name), ...args], { cwd: ROOT, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${name} failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout;
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
    const covered = ["depth-behind-front.mjs", "zone-membership.mjs"];
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
});
