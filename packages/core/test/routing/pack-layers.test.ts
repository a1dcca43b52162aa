import { describe, expect, it } from "vitest";
import { landMaskFromGeoJson, packBarriersFromGeoJson } from "../../src/routing/pack-layers.ts";

const line = (name: string, coords: number[][], extra: Record<string, unknown> = {}) => ({
  geometry: { type: "LineString", coordinates: coords },
  properties: { name, ...extra },
});

describe("pack layers (browser-safe; shared by the CLI loader and the viewer)", () => {
  const ne = {
    features: [
      line("Firat", [
        [38, 36.9],
        [38.3, 36.5],
      ]),
      line("Al Furat", [
        [38.3, 36.5],
        [40, 35.3],
      ]),
      line("Tigris", [
        [42.6, 37.1],
        [43.1, 36.3],
      ]),
      line("Jordan", [
        [35.6, 32.7],
        [35.5, 32.1],
      ]),
    ],
  };
  // a line passing al-Hasakah (40.7477, 36.5024) and ash-Shaddadi (40.74, 36.055)
  const gshhg = {
    features: [
      line(
        "",
        [
          [40.75, 36.5],
          [40.745, 36.3],
          [40.74, 36.05],
        ],
        { wdbii_class: "Additional rivers" },
      ),
      line(
        "",
        [
          [39, 35],
          [39.1, 35.1],
        ],
        { wdbii_class: "Additional rivers" },
      ),
    ],
  };
  const lakes = {
    features: [
      {
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [38.2, 35.9],
              [38.6, 35.9],
              [38.6, 36.0],
              [38.2, 35.9],
            ],
          ],
        },
        properties: { name: "Buhayrat al-Assad" },
      },
    ],
  };

  it("picks the Euphrates pieces, the Tigris, the Khabur by the towns it passes, and lakes (Lake Assad counts as the Euphrates)", () => {
    const b = packBarriersFromGeoJson(ne, gshhg, lakes);
    expect(b.map((x) => [x.name, x.river, x.lines.length, x.polygons.length])).toEqual([
      ["euphrates", "euphrates", 2, 0],
      ["tigris", "tigris", 1, 0],
      ["khabur", "khabur", 1, 0],
      ["Buhayrat al-Assad", "euphrates", 0, 1],
    ]);
  });
  it("refuses a pack whose rivers lack one of the barrier rivers, naming it", () => {
    expect(() =>
      packBarriersFromGeoJson({ features: ne.features.filter((f) => f.properties.name !== "Tigris") }, gshhg, lakes),
    ).toThrow(/lack the Tigris/);
  });
  it("builds the sea mask with the extent of the land polygons' outer rings", () => {
    const m = landMaskFromGeoJson({
      features: [
        {
          geometry: {
            type: "MultiPolygon",
            coordinates: [
              [
                [
                  [35.5, 32],
                  [36, 32],
                  [36, 33],
                  [35.5, 32],
                ],
              ],
              [
                [
                  [37, 34],
                  [38, 34.5],
                  [37, 35],
                  [37, 34],
                ],
              ],
            ],
          },
          properties: {},
        },
      ],
    });
    expect(m.polygons.length).toBe(2);
    expect(m.bbox).toEqual([35.5, 32, 38, 35]);
    expect(() => landMaskFromGeoJson({ features: [] })).toThrow(/holds no polygon/);
  });
});
