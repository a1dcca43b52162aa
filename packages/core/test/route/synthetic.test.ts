import { describe, expect, it } from "vitest";
import { buildRouteGraph, closedEdgesFor, freeCellFor, modelCosts } from "../../src/routing/routegraph.ts";
import { HEURISTIC_RADIUS_METRES, nodeAngle, prepareLandmarks } from "../../src/routing/landmarks.ts";
import { buildRoadNetwork, parseRoadLines } from "../../src/routing/network.ts";
import { parseCrossings } from "../../src/routing/crossings.ts";
import { findRoute } from "../../src/analysis/route.ts";
import { routeModel } from "../../src/routing/route-models.ts";
import { gridSearch } from "../../src/search/grid-search.ts";
import { geodesicInverse } from "../../src/geo/geodesic.ts";
import { WGS84_CRS, type Raster } from "../../src/raster/raster.ts";
import { isSyraqError } from "../../src/errors.ts";
import type { LonLat } from "../../src/geo/types.ts";

// 60×40 cells of 0.01° (≈0.9 × 1.1 km), west edge 40°E, north edge 35.4°N; flat 200 m with a
// gentle eastward rise. A river runs west-east at 35.2°N across the whole grid.
const W = 60;
const H = 40;
const dem: Raster = {
  width: W,
  height: H,
  originX: 40,
  originY: 35.4,
  pixelSizeX: 0.01,
  pixelSizeY: 0.01,
  crs: WGS84_CRS,
  nodata: null,
  data: Float32Array.from({ length: W * H }, (_, i) => 200 + (i % W) * 0.5),
};
const river = {
  name: "river",
  river: "euphrates",
  lines: [
    [
      [39.9, 35.2034],
      [40.7, 35.1966],
    ] as LonLat[],
  ],
  polygons: [],
};
const fc = (features: unknown[]) => ({ type: "FeatureCollection", features });
const bridge = (name: string, lon: number) => ({
  type: "Feature",
  geometry: { type: "Point", coordinates: [lon, 35.2] },
  properties: { name, river: "euphrates", kind: "bridge", status: [], sources: ["test"] },
});
const crossings = parseCrossings(fc([bridge("West bridge", 40.1), bridge("East bridge", 40.5)]));
const north: LonLat = [40.3, 35.3];
const south: LonLat = [40.3, 35.1];

function graph(roads: unknown[] = []) {
  const { lines } = parseRoadLines(fc(roads), { origin: "test" });
  return buildRouteGraph({
    dem,
    barriers: [river],
    crossings,
    network: buildRoadNetwork(lines, { maxSegmentMetres: 800 }),
  });
}

describe("route graph on a synthetic river grid", () => {
  const g = graph();
  const foot = routeModel("foot");

  it("the river is a wall: with both bridges closed there is no route", () => {
    try {
      findRoute({
        graph: g,
        model: foot,
        points: [
          { name: "N", lonLat: north },
          { name: "S", lonLat: south },
        ],
        crossings: { closed: ["West bridge", "East bridge"] },
      });
      expect.unreachable();
    } catch (e) {
      expect(isSyraqError(e) && e.code).toBe("UNREACHABLE");
    }
  });

  it("crosses at the nearer bridge, then at the other one when it is closed", () => {
    const a = findRoute({
      graph: g,
      model: foot,
      points: [
        { name: "N", lonLat: [40.2, 35.3] },
        { name: "S", lonLat: [40.2, 35.1] },
      ],
    });
    expect(a.crossings).toEqual(["West bridge"]);
    expect(a.legs[0]!.segments.some((s) => s.type === "crossing" && s.name === "West bridge")).toBe(true);
    const b = findRoute({
      graph: g,
      model: foot,
      points: [
        { name: "N", lonLat: [40.2, 35.3] },
        { name: "S", lonLat: [40.2, 35.1] },
      ],
      crossings: { closed: ["West bridge"] },
    });
    expect(b.crossings).toEqual(["East bridge"]);
    expect(b.durationSeconds).toBeGreaterThan(a.durationSeconds);
  });

  it("a point in a river cell snaps to a free cell on its own bank", () => {
    const justNorth: LonLat = [40.305, 35.2015]; // in the river's cell row, north of the line
    const justSouth: LonLat = [40.305, 35.1975];
    const cn = freeCellFor(g, justNorth);
    const cs = freeCellFor(g, justSouth);
    const lat = (i: number) => 35.4 - (Math.floor(i / W) + 0.5) * 0.01;
    expect(lat(cn)).toBeGreaterThan(35.2);
    expect(lat(cs)).toBeLessThan(35.2);
  });

  it("A* and a plain Dijkstra agree on the cost at the target (anisotropic foot model)", () => {
    const r = findRoute({
      graph: g,
      model: foot,
      points: [
        { name: "NW", lonLat: [40.02, 35.38] },
        { name: "SE", lonLat: [40.58, 35.02] },
      ],
    });
    const costs = modelCosts(g, foot);
    const { closed } = closedEdgesFor(g, {});
    const nodes = r.legs[0]!.nodes;
    const d = gridSearch({
      width: W,
      height: H,
      moves: g.moves,
      cellCost: costs.cellCost,
      blocked: g.blocked,
      anisotropic: { elevationMetres: g.elevation, pace: foot.pace },
      sources: [{ node: nodes[0]! }],
      extraEdges: costs.extra,
      closedEdges: closed,
    });
    expect(Math.abs(d.cost[nodes.at(-1)!]! - r.durationSeconds) / r.durationSeconds).toBeLessThan(1e-12);
  });

  it("a road over the river is tied to the nearby bridge and closes with it; a road fording far from any bridge is cut", () => {
    const g2 = graph([
      {
        type: "Feature",
        properties: { class: "primary" },
        geometry: {
          type: "LineString",
          coordinates: [
            [40.1, 35.35],
            [40.1, 35.05],
          ],
        },
      },
      {
        type: "Feature",
        properties: { class: "primary" },
        geometry: {
          type: "LineString",
          coordinates: [
            [40.3, 35.35],
            [40.3, 35.05],
          ],
        },
      },
    ]);
    expect(g2.warnings.join(" ")).toMatch(/cross a river or lake with no declared crossing/);
    const vehicle = routeModel("vehicle");
    const pts = [
      { name: "N", lonLat: [40.1, 35.33] as LonLat },
      { name: "S", lonLat: [40.1, 35.07] as LonLat },
    ];
    const open = findRoute({ graph: g2, model: vehicle, points: pts });
    expect(open.crossings).toEqual(["West bridge"]);
    expect(open.roadLengthMetres).toBeGreaterThan(20_000);
    const shut = findRoute({ graph: g2, model: vehicle, points: pts, crossings: { closed: ["West bridge"] } });
    expect(shut.crossings).toEqual(["East bridge"]);
  });
});

describe("ALT landmarks", () => {
  it("A* with landmarks finds the same costs as without, with and without closures (admissible under closures)", () => {
    const g = graph([
      {
        type: "Feature",
        properties: { class: "motorway" },
        geometry: {
          type: "LineString",
          coordinates: [
            [40.02, 35.3],
            [40.58, 35.3],
          ],
        },
      },
      {
        type: "Feature",
        properties: { class: "primary" },
        geometry: {
          type: "LineString",
          coordinates: [
            [40.1, 35.35],
            [40.1, 35.05],
          ],
        },
      },
    ]);
    for (const name of ["vehicle", "foot"]) {
      const plain = graph([
        {
          type: "Feature",
          properties: { class: "motorway" },
          geometry: {
            type: "LineString",
            coordinates: [
              [40.02, 35.3],
              [40.58, 35.3],
            ],
          },
        },
        {
          type: "Feature",
          properties: { class: "primary" },
          geometry: {
            type: "LineString",
            coordinates: [
              [40.1, 35.35],
              [40.1, 35.05],
            ],
          },
        },
      ]);
      const model = routeModel(name);
      const lm = prepareLandmarks(g, modelCosts(g, model), 6);
      expect(lm.cells.length).toBe(6);
      const pts: LonLat[] = [
        [40.01, 35.39],
        [40.55, 35.31],
        [40.3, 35.01],
        [40.12, 35.12],
        [40.59, 35.39],
      ];
      for (const a of pts)
        for (const b of pts) {
          if (a === b) continue;
          for (const closed of [[], ["West bridge"]]) {
            const q = {
              model,
              points: [
                { name: "a", lonLat: a },
                { name: "b", lonLat: b },
              ],
              crossings: { closed },
            };
            const withLm = findRoute({ graph: g, ...q });
            const without = findRoute({ graph: plain, ...q });
            expect(Math.abs(withLm.durationSeconds - without.durationSeconds)).toBeLessThanOrEqual(
              1e-9 * without.durationSeconds,
            );
          }
        }
    }
  });
});

describe("A* lower bound", () => {
  it("the spherical bound never exceeds the WGS84 geodesic (Karney) over the region and beyond", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const unit = new Float64Array(6);
    // two extra nodes (cellCount 0): their unit vectors are stored, a cell's comes from its row and column
    const g = { unit, cellCount: 0 } as unknown as Parameters<typeof nodeAngle>[0];
    for (let k = 0; k < 2000; k++) {
      const a: LonLat = [30 + rand() * 20, 25 + rand() * 20];
      const b: LonLat =
        k % 10 === 0 ? [a[0] + rand() * 0.05, a[1] + rand() * 0.05] : [30 + rand() * 20, 25 + rand() * 20];
      [a, b].forEach((p, i) => {
        const lat = (p[1] * Math.PI) / 180;
        const lon = (p[0] * Math.PI) / 180;
        unit[3 * i] = Math.cos(lat) * Math.cos(lon);
        unit[3 * i + 1] = Math.cos(lat) * Math.sin(lon);
        unit[3 * i + 2] = Math.sin(lat);
      });
      const bound = nodeAngle(g, 0, 1) * HEURISTIC_RADIUS_METRES;
      const geo = geodesicInverse(a, b).lengthMetres;
      expect(bound).toBeLessThanOrEqual(geo);
      expect(bound).toBeGreaterThan(geo * 0.98); // and stays useful
    }
  });
});
