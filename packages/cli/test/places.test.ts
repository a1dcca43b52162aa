import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cli } from "../../../tests/helpers/cli.ts";
import { describeWithPeer, hasExecutable } from "../../../tests/helpers/peers.ts";

interface Row {
  id: string;
  name: string;
  kind: string;
  admin1?: string;
  country: string;
  lon: number;
  lat: number;
  population?: number;
  distanceMetres?: number;
  seed?: boolean;
}
interface PlacesJson {
  total: number;
  places: Row[];
  near: { lon: number; lat: number } | null;
}

async function places(...args: string[]): Promise<PlacesJson> {
  const r = await cli("places", ...args, "--json");
  expect(r.status, r.stderr).toBe(0);
  return r.json<PlacesJson>();
}

describe("syraq places", () => {
  it("--country keeps one country; default order is by population", async () => {
    const j = await places("--country", "IQ", "--limit", "5");
    expect(j.places).toHaveLength(5);
    expect(j.places.every((p) => p.country === "IQ")).toBe(true);
    expect(j.places[0]!.name).toBe("Baghdad");
    const pops = j.places.map((p) => p.population ?? 0);
    expect([...pops].sort((a, b) => b - a)).toEqual(pops);
  });

  it("--in a governorate keeps the places inside its polygon", async () => {
    const j = await places("--in", "Deir ez-Zor governorate", "--limit", "0");
    expect(j.total).toBeGreaterThan(10);
    expect(j.places.every((p) => p.admin1 === "Deir ez-Zor")).toBe(true);
    expect(j.places.map((p) => p.name)).toEqual(
      expect.arrayContaining(["Deir ez-Zor", "Mayadeen", "al-Bukamal", "Hajin", "T-2"]),
    );
  });

  it("--in syraq (a zone) keeps the zone's places", async () => {
    const j = await places("--in", "syraq", "--seed", "--limit", "0");
    const names = j.places.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(["Deir ez-Zor", "Mayadeen", "al-Bukamal", "Mosul", "Fallujah", "Raqqa"]),
    );
    expect(names).not.toContain("Damascus");
    expect(names).not.toContain("Aleppo");
  });

  it("--seed lists the project's seed places", async () => {
    const j = await places("--seed", "--limit", "0", "--kind", "all");
    expect(j.places.every((p) => p.seed)).toBe(true);
    expect(j.places.map((p) => p.name)).toEqual(
      expect.arrayContaining(["Anbar", "Diyala", "Qaryatayn", "Sukhna", "al-Tanf", "T-2"]),
    );
  });

  it("--kind governorate lists admin-1 units", async () => {
    const j = await places("--kind", "governorate", "--country", "SY", "--limit", "0");
    expect(j.places.every((p) => p.kind === "governorate" && p.country === "SY")).toBe(true);
    expect(j.places.map((p) => p.name)).toEqual(expect.arrayContaining(["Deir ez-Zor", "Homs", "Al-Raqqah"]));
  });

  it("--near sorts by distance; --within needs --near; bad values exit 2", async () => {
    const j = await places("--near", "Mayadeen", "--limit", "4");
    const d = j.places.map((p) => p.distanceMetres!);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    expect((await cli("places", "--within", "10")).status).toBe(2);
    expect((await cli("places", "--near", "Mayadeen", "--within", "-3")).status).toBe(2);
    expect((await cli("places", "--near", "Nowhereville")).status).toBe(2);
    expect((await cli("places", "--country", "Narnia")).status).toBe(2);
    expect((await cli("places", "--in", "Mayadeen")).status).toBe(2);
  });

  it("text output has a header and distance column", async () => {
    const r = await cli("places", "--near", "Mayadeen", "--within", "16");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+ places near Mayadeen within 16 km/);
    expect(r.stdout).toMatch(/14\.\d km\s+al-Asharah\s+Deir ez-Zor, SY\s+العشارة/);
  });
});

describeWithPeer(
  "places --near --within against GeodSolve",
  { name: "GeodSolve", available: hasExecutable("GeodSolve"), install: "apt-get install geographiclib-tools" },
  () => {
    it("the set within 40 km of Mayadeen and each distance agree with GeographicLib's GeodSolve (≤ 1 mm)", async () => {
      const all = await places("--limit", "0");
      const centre = (await places("--near", "Mayadeen", "--limit", "1")).near!;
      // GeodSolve -i reads "lat1 lon1 lat2 lon2" and prints "azi1 azi2 s12"
      const input = all.places.map((p) => `${centre.lat} ${centre.lon} ${p.lat} ${p.lon}`).join("\n") + "\n";
      const out = execFileSync("GeodSolve", ["-i", "-p", "6"], { input, encoding: "utf8" }).trim().split("\n");
      const ref = new Map(all.places.map((p, i) => [p.id, Number(out[i]!.trim().split(/\s+/)[2])]));
      const expected = [...ref]
        .filter(([, s]) => s > 0 && s <= 40_000)
        .map(([id]) => id)
        .sort();
      const got = await places("--near", "Mayadeen", "--within", "40", "--limit", "0");
      expect(got.places.map((p) => p.id).sort()).toEqual(expected);
      expect(expected.length).toBeGreaterThan(5);
      for (const p of got.places) expect(Math.abs(p.distanceMetres! - ref.get(p.id)!), p.name).toBeLessThan(1e-3);
    });
  },
);
