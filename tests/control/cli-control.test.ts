/**
 * Control as an analyst meets it on the command line: syraq control, route --as, crossings with no record,
 * fuzzy place names. Region cases chosen by this project (not the issue's own examples only).
 */
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.ts";

const T = 120_000;

describe("syraq control", () => {
  it(
    "gives holder, snapshot and the nearest other holder per place (JSON shape of the docs)",
    async () => {
      const r = await cli("control", "Qaryatayn", "al-Bukamal", "--date", "2017-10-20", "--json", "--quiet");
      expect(r.status).toBe(0);
      const j = r.json();
      expect(j.snapshot).toBe("2017-10-14");
      expect(j.daysFromSnapshot).toBe(6);
      const [q, b] = j.places;
      // AFP, 21 Oct 2017: IS held al-Qaryatayn from 1 to 21 Oct
      expect(q.holder).toBe("IS");
      expect(q.snapshot).toBe("2017-10-14");
      expect(q.nearestOtherHolder.holder).toBe("SAA");
      expect(q.nearestOtherHolder.distanceMetres).toBeGreaterThan(0);
      expect(q.nearestOtherHolder.distanceMetres).toBeLessThan(20_000);
      expect(b.holder).toBe("IS");
      // the nearest-other distance is the smallest of the per-holder distances
      const min = Math.min(...(b.nearestByHolder as Array<{ distanceMetres: number }>).map((n) => n.distanceMetres));
      expect(b.nearestOtherHolder.distanceMetres).toBeCloseTo(min, 6);
    },
    T,
  );

  it("says when the date is before every snapshot", async () => {
    const r = await cli("control", "Raqqa", "--date", "2017-01-01");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/before the first control snapshot: using 2017-09-29/);
  });

  it("takes a user's control file; a file without holder is exit 2", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const dir = mkdtempSync("/tmp/syraq-control-");
    const sq = [
      [
        [38, 34],
        [39, 34],
        [39, 35],
        [38, 35],
        [38, 34],
      ],
    ];
    const ok = {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { holder: "militia X", date: "2017-10-01" },
          geometry: { type: "Polygon", coordinates: sq },
        },
      ],
    };
    writeFileSync(join(dir, "mine.geojson"), JSON.stringify(ok));
    const r = await cli("control", "34.5N 38.5E", "--control", join(dir, "mine.geojson"), "--json", "--quiet");
    expect(r.status).toBe(0);
    expect(r.json().places[0].holder).toBe("militia X");
    const bad = { ...ok, features: [{ ...ok.features[0], properties: { date: "2017-10-01" } }] };
    writeFileSync(join(dir, "bad.geojson"), JSON.stringify(bad));
    const e = await cli("control", "Palmyra", "--control", join(dir, "bad.geojson"));
    expect(e.status).toBe(2);
    expect(e.stderr).toMatch(/syraq: error \[BAD_GEOJSON\].*holder/);
  });
});

describe("route --as HOLDER", () => {
  it(
    "Hajin → al-Bukamal on 2017-10-01: without --as the route ignores control and says so; as SAA or SDF it cannot start in IS's area (exit 4 with the reason); as IS no crossing is standing (exit 4)",
    async () => {
      const plain = await cli("route", "Hajin", "al-Bukamal", "--date", "2017-10-01", "--json", "--quiet");
      expect(plain.status).toBe(0);
      expect(plain.json().features[0].properties.control.applied).toBe(false);
      const text = await cli("route", "Hajin", "al-Bukamal", "--date", "2017-10-01", "--quiet");
      expect(text.stdout).toMatch(/control: ignored/);
      for (const as of ["SAA", "SDF"]) {
        const r = await cli("route", "Hajin", "al-Bukamal", "--date", "2017-10-01", "--as", as);
        expect(r.status).toBe(4);
        expect(r.stderr).toMatch(new RegExp(`Hajin lies in the area of IS .* not in the area of ${as}`));
      }
      const is = await cli("route", "Hajin", "al-Bukamal", "--date", "2017-10-01", "--as", "Daesh");
      expect(is.status).toBe(4);
      expect(is.stderr).toMatch(/Moving as IS inside its area of the control snapshot 2017-09-29/);
    },
    T,
  );

  it(
    "Palmyra → Deir ez-Zor on 2017-10-20 as the regime stays in the SAA's area and reports time and length per holder",
    async () => {
      const r = await cli(
        "route",
        "Palmyra",
        "Deir ez-Zor",
        "--date",
        "2017-10-20",
        "--as",
        "regime",
        "--json",
        "--quiet",
      );
      expect(r.status).toBe(0);
      const main = r.json().features[0].properties;
      expect(main.control.applied).toBe(true);
      expect(main.control.as).toBe("SAA");
      expect(main.control.snapshot).toBe("2017-10-14");
      const by = main.control.byHolder as Array<{ holder: string; lengthMetres: number; durationSeconds: number }>;
      expect(by.map((b) => b.holder)).toEqual(["SAA"]);
      expect(by[0]!.lengthMetres).toBeCloseTo(main.lengthMetres, -1);
      expect(by[0]!.durationSeconds).toBeCloseTo(main.durationSeconds, -1);
    },
    T,
  );

  it(
    "Raqqa → Tabqa on 2017-11-20 as the SDF crosses at a dam the SDF held (not the destroyed Raqqa bridges); as the SAA it is refused",
    async () => {
      const r = await cli("route", "Raqqa", "Tabqa", "--date", "2017-11-20", "--as", "SDF", "--json", "--quiet");
      expect(r.status).toBe(0);
      const crossings = r.json().features[0].properties.crossings as string[];
      expect(crossings.length).toBe(1);
      expect(["Tabqa Dam", "Baath Dam"]).toContain(crossings[0]);
      const saa = await cli("route", "Raqqa", "Tabqa", "--date", "2017-11-20", "--as", "SAA");
      expect(saa.status).toBe(4);
    },
    T,
  );

  it("an unknown holder is exit 2 with the holders of the data", async () => {
    const r = await cli("route", "Palmyra", "Sukhna", "--as", "Wagner");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--as 'Wagner' is not a holder .*SAA/);
  });
});

describe("crossings with no record", () => {
  it(
    "Kobani → Manbij on 2017-10-01 uses the Qara Qozak bridge, which has no recorded event: 'assumed open (no record)'; --unknown-crossings closed moves the route off it",
    async () => {
      const r = await cli("route", "Kobani", "Manbij", "--date", "2017-10-01", "--json", "--quiet");
      expect(r.status).toBe(0);
      const c = r.json().features[0].properties;
      expect(c.crossings).toContain("Qara Qozak bridge");
      expect(c.control.unknownCrossings).toBe("open");
      expect(c.control.assumedOpenNoRecord).toContain("Qara Qozak bridge");
      const t = await cli("route", "Kobani", "Manbij", "--date", "2017-10-01", "--quiet");
      expect(t.stdout).toMatch(/Qara Qozak bridge \(assumed open \(no record\)\)/);
      const closed = await cli(
        "route",
        "Kobani",
        "Manbij",
        "--date",
        "2017-10-01",
        "--unknown-crossings",
        "closed",
        "--json",
        "--quiet",
      );
      expect(closed.status).toBe(0);
      expect(closed.json().features[0].properties.crossings).not.toContain("Qara Qozak bridge");
    },
    T,
  );
});

describe("place names", () => {
  it("Karabila is the al-Qaim town, not Karbala; a fuzzy name warns (stderr, text and JSON) and --strict refuses it", async () => {
    const k = await cli("where", "Karabila", "--json", "--quiet");
    expect(k.status).toBe(0);
    expect(k.json().places[0].name).toBe("Karabila");
    expect(k.json().places[0].country).toBe("IQ");
    const f = await cli("where", "Karbila");
    expect(f.status).toBe(0);
    expect(f.stderr).toMatch(/warning: 'Karbila' is not a known name: read as Karabila .*next candidate .* km away/);
    expect(f.stdout).toMatch(/matched {6}'Karbila' \('Karbila' is not a known name/);
    const j = await cli("where", "Karbila", "--json", "--quiet");
    expect(j.json().places[0].match).toBe("fuzzy");
    expect(j.json().places[0].warning).toMatch(/next candidate .* km away/);
    const s = await cli("where", "Karbila", "--strict");
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/syraq: error \[UNKNOWN_PLACE\].*refused: strict/);
  });
});

describe("ferries", () => {
  it(
    "Raqqa → the right bank on 2017-12-01 on foot takes the SDF press's boats (a ferry segment with its 30 min); a vehicle cannot (people only); --no-ferries neither",
    async () => {
      const foot = await cli(
        "route",
        "Raqqa",
        "35.90N 39.02E",
        "--date",
        "2017-12-01",
        "--model",
        "foot",
        "--json",
        "--quiet",
      );
      expect(foot.status).toBe(0);
      const segs = foot
        .json()
        .features.slice(1)
        .map((f: { properties: Record<string, unknown> }) => f.properties);
      const ferry = segs.find((s: Record<string, unknown>) => s.type === "ferry");
      expect(ferry?.name).toBe("Raqqa boat crossing");
      // crossingMinutes 30 (waiting + crossing) on top of the crossing's length at the foot crossing speed (4.5 km/h)
      const travel = (ferry.lengthMetres as number) / (4500 / 3600);
      expect((ferry.durationSeconds as number) - travel).toBeCloseTo(1800, 0);
      const car = await cli("route", "Raqqa", "35.90N 39.02E", "--date", "2017-12-01", "--json", "--quiet");
      expect(car.json().features[0].properties.crossings).not.toContain("Raqqa boat crossing");
      const none = await cli(
        "route",
        "Raqqa",
        "35.90N 39.02E",
        "--date",
        "2017-12-01",
        "--model",
        "foot",
        "--no-ferries",
        "--json",
        "--quiet",
      );
      expect(none.json().features[0].properties.crossings).not.toContain("Raqqa boat crossing");
      // before the boats are attested (25 Nov 2017) there is no ferry
      const before = await cli(
        "route",
        "Raqqa",
        "35.90N 39.02E",
        "--date",
        "2017-11-01",
        "--model",
        "foot",
        "--json",
        "--quiet",
      );
      expect(before.json().features[0].properties.crossings).not.toContain("Raqqa boat crossing");
    },
    T,
  );
});

describe("--as on isochrone, corridor, accumulate and depth", () => {
  it(
    "an isochrone from Palmyra as the SAA on 2017-10-20 never enters the IS pocket at al-Qaryatayn; without --as it does",
    async () => {
      const qaryatayn: [number, number] = [37.2407, 34.2296];
      const inBands = (fc: { features: Array<{ geometry: { coordinates: number[][][][] } }> }) =>
        fc.features.some((f) => f.geometry.coordinates.some((poly) => inRings(poly, qaryatayn)));
      const as = await cli(
        "isochrone",
        "Palmyra",
        "--minutes",
        "240",
        "--date",
        "2017-10-20",
        "--as",
        "SAA",
        "--json",
        "--quiet",
      );
      expect(as.status).toBe(0);
      expect(as.json().control.applied).toBe(true);
      expect(as.json().control.snapshot).toBe("2017-10-14");
      expect(inBands(as.json())).toBe(false);
      const plain = await cli("isochrone", "Palmyra", "--minutes", "240", "--date", "2017-10-20", "--json", "--quiet");
      expect(plain.json().control.applied).toBe(false);
      expect(inBands(plain.json())).toBe(true);
    },
    T,
  );

  it(
    "depth --along-routes --as SAA measures the regime's route; --control adds the area-based answer",
    async () => {
      const r = await cli(
        "depth",
        "Qaryatayn",
        "--front",
        "saa-2017-09-29",
        "--along-routes",
        "--as",
        "SAA",
        "--date",
        "2017-09-29",
        "--json",
        "--quiet",
      );
      expect(r.status).toBe(0);
      const p = r.json().places[0];
      expect(p.alongRoutes.control.applied).toBe(true);
      expect(p.alongRoutes.lengthMetres).toBeGreaterThan(p.depthMetres); // a route is never shorter than the geodesic
      expect(p.controlAreas.holder).toBe("SAA");
      const is = p.controlAreas.byHolder.find((n: { holder: string }) => n.holder === "IS");
      // the nearest IS area can be no farther than the front line, which bounds the IS side
      expect(is.distanceMetres).toBeLessThanOrEqual(p.depthMetres + 5000);
    },
    T,
  );

  it(
    "accumulate --as IS from Hajin on 2017-10-01 masks the cells outside IS's area; a source outside it is exit 4",
    async () => {
      const { mkdtempSync } = await import("node:fs");
      const dir = mkdtempSync("/tmp/syraq-acc-");
      const r = await cli(
        "accumulate",
        "--from",
        "Hajin",
        "--model",
        "tobler",
        "--bbox",
        "39.5,34,41.5,36",
        "--out",
        `${dir}/acc.tif`,
        "--as",
        "IS",
        "--date",
        "2017-10-01",
        "--json",
        "--quiet",
      );
      expect(r.status).toBe(0);
      expect(r.json().control.as).toBe("IS");
      expect(r.json().control.cellsOutsideArea).toBeGreaterThan(0);
      const bad = await cli(
        "accumulate",
        "--from",
        "Deir ez-Zor",
        "--model",
        "tobler",
        "--bbox",
        "39.5,34,41.5,36",
        "--out",
        `${dir}/b.tif`,
        "--as",
        "IS",
        "--date",
        "2017-10-01",
      );
      expect(bad.status).toBe(4);
      expect(bad.stderr).toMatch(/not in the area of IS/);
    },
    T,
  );
});

function inRings(rings: number[][][], p: [number, number]): boolean {
  let inside = false;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi! > p[1] !== yj! > p[1] && p[0] < ((xj! - xi!) * (p[1] - yi!)) / (yj! - yi!) + xi!) inside = !inside;
    }
  return inside;
}

describe("matrix --as", () => {
  it(
    "as the SAA on 2017-10-20 al-Qaryatayn (IS, 1-21 Oct) is unreachable both ways; the other pairs keep their times",
    async () => {
      const args = ["matrix", "--from", "Palmyra,Sukhna,Qaryatayn", "--date", "2017-10-20", "--json", "--quiet"];
      const plain = await cli(...args);
      const as = await cli(...args, "--as", "SAA");
      expect(as.status).toBe(0);
      expect(as.json().control.applied).toBe(true);
      expect(plain.json().control.applied).toBe(false);
      const d = as.json().durationsSeconds as Array<Array<number | null>>;
      expect(d[2]).toEqual([null, null, null]);
      expect(d.map((r) => r[2])).toEqual([null, null, null]);
      expect(plain.json().durationsSeconds[0][2]).toBeGreaterThan(0);
      // Palmyra ↔ Sukhna never touches IS ground on that date: the same time as without control
      expect(d[0]![1]).toBeCloseTo(plain.json().durationsSeconds[0][1], 6);
    },
    T,
  );
});
