import { describe, expect, it } from "vitest";
import {
  canonicalHolder,
  holderAt,
  nearestOtherHolder,
  parseControl,
  pickSnapshot,
  resolveHolder,
} from "../../src/control/areas.ts";
import { isSyraqError } from "../../src/errors.ts";
import { geodesicInverse } from "../../src/geo/geodesic.ts";
import type { LonLat } from "../../src/geo/types.ts";

const square = (w: number, s: number, e: number, n: number) => [
  [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ],
];
const fc = (features: Array<{ holder: string; date: string; rings: number[][][] }>) => ({
  type: "FeatureCollection",
  features: features.map((f) => ({
    type: "Feature",
    properties: { holder: f.holder, date: f.date },
    geometry: { type: "Polygon", coordinates: f.rings },
  })),
});

// two dates: on the first, the regime holds the west square and IS the east one; on the second, the regime both
const data = fc([
  { holder: "regime", date: "2017-09-29", rings: square(38, 34, 39, 35) },
  { holder: "Daesh", date: "2017-09-29", rings: square(39, 34, 40, 35) },
  { holder: "SAA", date: "2017-11-19", rings: square(38, 34, 40, 35) },
]);

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return isSyraqError(e) ? e.code : "not a SyraqError";
  }
  return "no error";
};

describe("control areas: parsing", () => {
  it("groups features by date and maps holder aliases to ids", () => {
    const snaps = parseControl(data, "test");
    expect(snaps.map((s) => s.date)).toEqual(["2017-09-29", "2017-11-19"]);
    expect(snaps[0]!.parts.map((p) => p.holder)).toEqual(["SAA", "IS"]);
    expect(canonicalHolder("PMU")).toBe("IRAQ");
    expect(canonicalHolder("Peshmerga")).toBe("KRG");
    expect(canonicalHolder("my militia")).toBe("my militia");
  });

  it("refuses bad input with coded errors", () => {
    expect(code(() => parseControl({ type: "Feature" }))).toBe("BAD_GEOJSON");
    expect(code(() => parseControl(fc([{ holder: "", date: "2017-09-29", rings: square(0, 0, 1, 1) }])))).toBe(
      "BAD_GEOJSON",
    );
    expect(code(() => parseControl(fc([{ holder: "SAA", date: "29 Sept", rings: square(0, 0, 1, 1) }])))).toBe(
      "BAD_GEOJSON",
    );
    const line = {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { holder: "SAA", date: "2017-09-29" },
          geometry: {
            type: "LineString",
            coordinates: [
              [0, 0],
              [1, 1],
            ],
          },
        },
      ],
    };
    expect(code(() => parseControl(line))).toBe("BAD_GEOJSON");
    const snaps = parseControl(data);
    expect(code(() => resolveHolder("SDF", snaps))).toBe("BAD_OPTION");
    expect(resolveHolder("ISIS", snaps)).toBe("IS");
  });
});

describe("control areas: snapshots", () => {
  const snaps = parseControl(data);
  it("picks the latest snapshot on or before the date and says how far it is", () => {
    expect(pickSnapshot(snaps, "2017-09-29").daysFromSnapshot).toBe(0);
    const oct = pickSnapshot(snaps, "2017-10-20");
    expect(oct.snapshot.date).toBe("2017-09-29");
    expect(oct.daysFromSnapshot).toBe(21); // 29 Sept → 20 Oct: 1 + 20 days
    expect(pickSnapshot(snaps, "2017-12-01").snapshot.date).toBe("2017-11-19");
    const early = pickSnapshot(snaps, "2017-01-01");
    expect(early.snapshot.date).toBe("2017-09-29");
    expect(early.note).toMatch(/before the first control snapshot/);
    expect(pickSnapshot(snaps).snapshot.date).toBe("2017-11-19");
    expect(code(() => pickSnapshot(snaps, "2017-13-45"))).toBe("BAD_OPTION");
  });

  it("says who holds a point", () => {
    const s = pickSnapshot(snaps, "2017-10-01").snapshot;
    expect(holderAt(s, [38.5, 34.5])).toBe("SAA");
    expect(holderAt(s, [39.5, 34.5])).toBe("IS");
    expect(holderAt(s, [41.5, 34.5])).toBeUndefined();
    expect(holderAt(pickSnapshot(snaps, "2017-11-20").snapshot, [39.5, 34.5])).toBe("SAA");
  });

  it("measures the geodesic distance to the nearest other holder's area (brute-force reference)", () => {
    const s = pickSnapshot(snaps, "2017-10-01").snapshot;
    const p: LonLat = [38.6, 34.3];
    const near = nearestOtherHolder(s, p, "SAA")!;
    expect(near.holder).toBe("IS");
    // reference: walk the shared edge (the meridian 39°E from 34° to 35°N) in 1e-5° steps with Karney's inverse
    let best = Infinity;
    for (let lat = 34; lat <= 35; lat += 1e-5) best = Math.min(best, geodesicInverse(p, [39, lat]).lengthMetres);
    expect(Math.abs(near.distanceMetres - best)).toBeLessThan(1.5); // 1e-5° ≈ 1.1 m of latitude
    // a point inside the other holder's area is at 0
    expect(nearestOtherHolder(s, [39.5, 34.5], "SAA")!.distanceMetres).toBe(0);
    // the only holder of a snapshot has no other holder
    expect(nearestOtherHolder(pickSnapshot(snaps, "2017-11-20").snapshot, [39.5, 34.5], "SAA")).toBeUndefined();
  });
});
