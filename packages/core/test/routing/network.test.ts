import { describe, expect, it } from "vitest";
import { buildRoadNetwork, parseRoadLines } from "../../src/routing/network.ts";
import { geodesicInverse } from "../../src/geo/geodesic.ts";

const fc = (features: unknown[]) => ({ type: "FeatureCollection", features });
const line = (coords: number[][], props: Record<string, unknown>) => ({
  type: "Feature",
  properties: props,
  geometry: { type: "LineString", coordinates: coords },
});

describe("parseRoadLines", () => {
  it("maps OSM highway tags and maxspeed; skips unmapped tags and points", () => {
    const { lines, skipped } = parseRoadLines(
      fc([
        line(
          [
            [40, 35],
            [40.1, 35],
          ],
          { highway: "trunk", maxspeed: "80" },
        ),
        line(
          [
            [40, 35],
            [40, 35.1],
          ],
          { highway: "footway" },
        ),
        line(
          [
            [40, 35],
            [40.1, 35.1],
          ],
          { highway: "tertiary", maxspeed: "30 mph" },
        ),
        { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [40, 35] } },
      ]),
      { origin: "test" },
    );
    expect(lines.map((l) => l.roadClass)).toEqual(["motorway", "secondary"]);
    expect(lines[0]!.speedKmh).toBe(80);
    expect(lines[1]!.speedKmh).toBeCloseTo(48.28032, 5);
    expect(skipped).toBe(2);
  });

  it("rejects latitudes outside -90..90 with a coded error", () => {
    expect(() =>
      parseRoadLines(
        fc([
          line(
            [
              [35, 40],
              [35, 95],
            ],
            { highway: "primary" },
          ),
        ]),
        { origin: "x" },
      ),
    ).toThrow(/latitude 95/);
  });
});

describe("buildRoadNetwork", () => {
  it("nodes two crossing lines at their intersection and splits long pieces", () => {
    const { lines } = parseRoadLines(
      fc([
        line(
          [
            [40, 35],
            [40.2, 35],
          ],
          { class: "primary" },
        ),
        line(
          [
            [40.1, 34.9],
            [40.1, 35.1],
          ],
          { class: "track" },
        ),
      ]),
      { origin: "t" },
    );
    const net = buildRoadNetwork(lines, { maxSegmentMetres: 5000 });
    expect(net.stats.intersectionsAdded).toBe(1);
    const centre = net.positions.findIndex((p) => p[0] === 40.1 && p[1] === 35);
    expect(centre).toBeGreaterThanOrEqual(0);
    let degree = 0;
    net.graph.forEachLinkedNode(centre, () => void degree++);
    expect(degree).toBe(4);
    for (const l of net.links) expect(l.data.lengthMetres).toBeLessThanOrEqual(5000);
    // total length equals the geodesic lengths of the two lines (pieces sum up; ≤ 1 mm difference)
    const expected =
      geodesicInverse([40, 35], [40.2, 35]).lengthMetres + geodesicInverse([40.1, 34.9], [40.1, 35.1]).lengthMetres;
    expect(Math.abs(net.stats.lengthMetres - expected)).toBeLessThan(1e-3 * 10);
  });

  it("shared end vertices join lines; parallel lines stay apart", () => {
    const { lines } = parseRoadLines(
      fc([
        line(
          [
            [40, 35],
            [40.01, 35],
          ],
          { class: "primary" },
        ),
        line(
          [
            [40.01, 35],
            [40.02, 35],
          ],
          { class: "primary" },
        ),
        line(
          [
            [40, 35.01],
            [40.02, 35.01],
          ],
          { class: "track" },
        ),
      ]),
      { origin: "t" },
    );
    const net = buildRoadNetwork(lines);
    expect(net.stats.intersectionsAdded).toBe(0);
    expect(net.positions.length).toBe(5);
  });
});
