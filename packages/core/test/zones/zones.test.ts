import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bboxPolygon, featureCollection, intersect } from "@turf/turf";
import { describe, expect, it } from "vitest";
import { hasExecutable, hasPythonModule, describeWithPeer } from "../../../../tests/helpers/peers.ts";
import { geodesicPolygonArea } from "../../src/geo/geodesic.ts";
import type { PolygonalGeometry } from "../../src/geo/types.ts";
import { buildSyraqZone, SYRAQ_MEMBERS } from "../../src/zones/syraq.ts";
import { pointInZone, zoneFromGeoJson, zoneMeasures } from "../../src/zones/zone.ts";
import { loadAdmin1 } from "../../src/io/node/pack.ts";
import { loadZone, ZONES_DIR } from "../../src/zones/node/load.ts";
import { resolveDataDir } from "../../src/io/node/datadir.ts";
import { SyraqError } from "../../src/errors.ts";

const dataDir = resolveDataDir();
const ZONE_FILE = join(ZONES_DIR, "syraq.geojson");

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof SyraqError ? e.code : `not a SyraqError: ${(e as Error).message}`;
  }
  return undefined;
}

describe("data/zones/syraq.geojson", () => {
  const committed = JSON.parse(readFileSync(ZONE_FILE, "utf8"));
  const zone = loadZone("syraq");

  it("is exactly what scripts/build-zone.ts builds from the pack (re-run in memory)", () => {
    const rebuilt = JSON.parse(JSON.stringify(buildSyraqZone(loadAdmin1(dataDir))));
    expect(rebuilt).toEqual(committed);
  });

  it("names its members and why, and notes the pack's clipping", () => {
    const members = committed.properties.members as Array<{ iso: string; why: string }>;
    expect(members.map((m) => m.iso)).toEqual(["SY-DY", "SY-RA", "SY-HA", "SY-HI", "IQ-AN", "IQ-NI", "IQ-SD", "IQ-DI"]);
    for (const m of members) expect(m.why.length).toBeGreaterThan(20);
    expect(committed.properties.notes.join(" ")).toMatch(/Anbar is cut at 32°N/);
  });

  it("its geodesic area equals the sum of its members' geodesic areas (the dissolve loses nothing)", () => {
    const admin1 = loadAdmin1(dataDir) as unknown as {
      features: Array<{ properties: { iso_3166_2: string }; geometry: PolygonalGeometry }>;
    };
    let sum = 0;
    for (const m of SYRAQ_MEMBERS) {
      const f = admin1.features.find((x) => x.properties.iso_3166_2 === m.iso)!;
      let g = f.geometry;
      if (m.clipWestDegrees !== undefined) {
        g = intersect(
          featureCollection([
            { type: "Feature", properties: {}, geometry: g } as never,
            bboxPolygon([m.clipWestDegrees, -89, 179, 89]),
          ]),
        )!.geometry as PolygonalGeometry;
      }
      sum += geodesicPolygonArea(g).areaSquareMetres;
    }
    const area = zoneMeasures(zone).areaSquareMetres;
    // Shared boundaries in NE admin-1 match vertex for vertex; the dissolve error is rounding to 1e-6°.
    expect(Math.abs(area - sum) / sum).toBeLessThan(1e-4);
    expect(area / 1e6).toBeGreaterThan(300_000);
    expect(area / 1e6).toBeLessThan(320_000);
  });

  const inside: Record<string, [number, number]> = {
    "Deir ez-Zor": [40.14084, 35.33588],
    Raqqa: [39.00788, 35.95283],
    Qamishli: [41.22, 37.05],
    Palmyra: [38.28402, 34.5624],
    Qaryatayn: [37.24066, 34.22956],
    Sukhna: [38.8711, 34.88533],
    Mayadin: [40.45154, 35.01982],
    "al-Bukamal": [40.91854, 34.45226],
    Mosul: [43.11889, 36.335],
    Fallujah: [43.78599, 33.34913],
    "Baqubah (Diyala)": [44.60518, 33.75403],
  };
  const outside: Record<string, [number, number]> = {
    Aleppo: [37.16117, 36.20124],
    Damascus: [36.29128, 33.5102],
    "Homs city": [36.72339, 34.72682],
    Baghdad: [44.40088, 33.34058],
  };
  for (const [n, p] of Object.entries(inside)) it(`${n} is inside`, () => expect(pointInZone(zone, p)).toBe(true));
  for (const [n, p] of Object.entries(outside)) it(`${n} is outside`, () => expect(pointInZone(zone, p)).toBe(false));
});

describe("zone files: validation with coded errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "syraq-zone-"));
  const write = (name: string, content: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
    return p;
  };
  const square = (x: number, y: number, s: number) => [
    [
      [x, y],
      [x + s, y],
      [x + s, y + s],
      [x, y + s],
      [x, y],
    ],
  ];

  it("a user's FeatureCollection of two polygons is dissolved into one zone", () => {
    const p = write("two.geojson", {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { name: "mine" },
          geometry: { type: "Polygon", coordinates: square(40, 34, 1) },
        },
        { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: square(41, 34, 1) } },
      ],
    });
    const z = loadZone(p);
    expect(z.properties.name).toBe("mine");
    expect(z.geometry.type).toBe("Polygon");
    // Hand check: a 2°×1° lon/lat box at 34–35°N is about 2 × 91.8 km × 111 km ≈ 20 400 km².
    const km2 = zoneMeasures(z).areaSquareMetres / 1e6;
    expect(km2).toBeGreaterThan(20_000);
    expect(km2).toBeLessThan(20_800);
    expect(pointInZone(z, [41.5, 34.5])).toBe(true);
    expect(pointInZone(z, [42.5, 34.5])).toBe(false);
  });

  it("holes are subtracted from the area", () => {
    const outer = square(40, 34, 1)[0];
    const hole = [
      [40.25, 34.25],
      [40.25, 34.75],
      [40.75, 34.75],
      [40.75, 34.25],
      [40.25, 34.25],
    ];
    const withHole = zoneMeasures(zoneFromGeoJson({ type: "Polygon", coordinates: [outer, hole] }, "t"));
    const full = zoneMeasures(zoneFromGeoJson({ type: "Polygon", coordinates: [outer] }, "t"));
    const holeOnly = geodesicPolygonArea({ type: "Polygon", coordinates: [hole] }).areaSquareMetres;
    expect(withHole.areaSquareMetres).toBeCloseTo(full.areaSquareMetres - holeOnly, 0);
    expect(withHole.holes).toBe(1);
    expect(pointInZone(zoneFromGeoJson({ type: "Polygon", coordinates: [outer, hole] }, "t"), [40.5, 34.5])).toBe(
      false,
    );
  });

  it("empty, wrong geometry, broken rings, not JSON: exit-2 codes; missing file: exit-3 code; unknown name: exit 2", () => {
    expect(codeOf(() => loadZone(write("empty.geojson", { type: "FeatureCollection", features: [] })))).toBe(
      "EMPTY_GEOJSON",
    );
    expect(codeOf(() => loadZone(write("blank.geojson", "")))).toBe("EMPTY_GEOJSON");
    expect(
      codeOf(() =>
        loadZone(
          write("point.geojson", {
            type: "Feature",
            properties: {},
            geometry: { type: "Point", coordinates: [40, 34] },
          }),
        ),
      ),
    ).toBe("BAD_GEOJSON");
    expect(
      codeOf(() =>
        loadZone(
          write("open.geojson", {
            type: "Polygon",
            coordinates: [
              [
                [40, 34],
                [41, 34],
                [41, 35],
                [40, 35],
              ],
            ],
          }),
        ),
      ),
    ).toBe("BAD_GEOJSON");
    expect(
      codeOf(() =>
        loadZone(
          write("nan.geojson", {
            type: "Polygon",
            coordinates: [
              [
                [40, 34],
                [41, 34],
                [41, 95],
                [40, 34],
              ],
            ],
          }),
        ),
      ),
    ).toBe("BAD_GEOJSON");
    expect(codeOf(() => loadZone(write("bad.geojson", "{not json")))).toBe("BAD_GEOJSON");
    expect(codeOf(() => loadZone(join(dir, "nope.geojson")))).toBe("DATA_MISSING");
    expect(codeOf(() => loadZone("atlantis"))).toBe("BAD_ARGUMENT");
    // A projected file with a legacy crs member, and one without it (metres where degrees belong).
    const sq3857 = {
      type: "Polygon",
      coordinates: [
        [
          [4.4e6, 4.0e6],
          [4.5e6, 4.0e6],
          [4.5e6, 4.1e6],
          [4.4e6, 4.0e6],
        ],
      ],
    };
    expect(
      codeOf(() =>
        loadZone(
          write("merc.geojson", {
            type: "FeatureCollection",
            crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::3857" } },
            features: [{ type: "Feature", properties: {}, geometry: sq3857 }],
          }),
        ),
      ),
    ).toBe("UNSUPPORTED_CRS");
    expect(() => loadZone(write("merc2.geojson", sq3857))).toThrow(/projected coordinates\? convert/);
    // CRS84 declared explicitly is fine.
    expect(
      loadZone(
        write("crs84.geojson", {
          type: "Feature",
          crs: { type: "name", properties: { name: "urn:ogc:def:crs:OGC:1.3:CRS84" } },
          properties: {},
          geometry: { type: "Polygon", coordinates: square(40, 34, 1) },
        }),
      ).geometry.type,
    ).toBe("Polygon");
  });
});

const pyproj = {
  name: "pyproj (Debian python3)",
  available: hasPythonModule("pyproj"),
  install: "apt-get install python3-pyproj",
};
describeWithPeer("zone area against pyproj Geod(ellps='WGS84')", pyproj, () => {
  it("matches pyproj's polygon_area_perimeter to 1 m² per km² and the perimeter to 1 m", () => {
    const script = `
import json, sys
from pyproj import Geod
g = Geod(ellps='WGS84'); z = json.load(open(sys.argv[1]))
c = z['geometry']['coordinates']; polys = [c] if z['geometry']['type'] == 'Polygon' else c
A = P = 0.0
for p in polys:
    for i, r in enumerate(p):
        a, per = g.polygon_area_perimeter([q[0] for q in r], [q[1] for q in r])
        A += abs(a) if i == 0 else -abs(a); P += per
print(json.dumps({"area": A, "perimeter": P}))`;
    const out = JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, ZONE_FILE], { encoding: "utf8" }));
    const m = zoneMeasures(loadZone("syraq"));
    expect(Math.abs(m.areaSquareMetres - out.area) / out.area).toBeLessThan(1e-6);
    expect(Math.abs(m.perimeterMetres - out.perimeter)).toBeLessThan(1);
  });
});

const ogr = {
  name: "ogrinfo (gdal-bin with SpatiaLite)",
  available: hasExecutable("ogrinfo"),
  install: "apt-get install gdal-bin",
};
describeWithPeer("zone area against ogrinfo's SQLite-dialect ST_Area(geometry, 1) (ellipsoidal)", ogr, () => {
  it("agrees to 1e-6 relative", () => {
    const out = execFileSync(
      "ogrinfo",
      ["-q", "-dialect", "SQLite", "-sql", "SELECT ST_Area(geometry, 1) AS a FROM syraq", ZONE_FILE],
      { encoding: "utf8" },
    );
    const a = Number(/a \(Real\) = ([0-9.e+]+)/.exec(out)?.[1]);
    expect(Number.isFinite(a)).toBe(true);
    const m = zoneMeasures(loadZone("syraq"));
    expect(Math.abs(m.areaSquareMetres - a) / a).toBeLessThan(1e-6);
  });
});
