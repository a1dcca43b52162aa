/**
 * OSM roads in the joint route graph and network-only queries (ngraph.path), on a synthetic flat
 * grid crossed by a barrier river with no declared crossing: only OSM bridges, fords and ferries
 * (or road pieces within reach of them) cross it; one-ways bind vehicles, not walkers; the
 * network-only time is never below the joint search's between the same road nodes and equals it
 * where the roads join them directly.
 */
import { describe, expect, it } from "vitest";
import { buildRouteGraph, closedEdgesFor, modelCosts } from "../../src/routing/routegraph.ts";
import { buildOsmNetwork, roadNetworkFromCompact, type OsmWayInput } from "../../src/routing/osm.ts";
import { networkOnlyBetween, networkOnlyRoute, nearestRoadNode } from "../../src/routing/network-route.ts";
import { findRoute } from "../../src/analysis/route.ts";
import { routeModel } from "../../src/routing/route-models.ts";
import { gridSearch } from "../../src/search/grid-search.ts";
import { WGS84_CRS, type Raster } from "../../src/raster/raster.ts";
import type { LonLat } from "../../src/geo/types.ts";
import { mulberry32 } from "../../src/util/random.ts";

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
  data: Float32Array.from({ length: W * H }, () => 200),
};
const river = {
  name: "river",
  river: "euphrates",
  lines: [
    [
      [39.9, 35.2],
      [40.7, 35.2],
    ] as LonLat[],
  ],
  polygons: [],
};

/** Ways from coordinates; equal coordinates are one OSM node (a junction). */
function osmWays(ways: Array<{ tags: Record<string, string>; coords: LonLat[] }>): OsmWayInput {
  const ids = new Map<string, number>();
  const lon: number[] = [];
  const lat: number[] = [];
  const wayStart = [0];
  const wayNodes: number[] = [];
  for (const w of ways) {
    for (const c of w.coords) {
      const k = `${c[0]},${c[1]}`;
      let id = ids.get(k);
      if (id === undefined) {
        id = lon.length;
        ids.set(k, id);
        lon.push(c[0]);
        lat.push(c[1]);
      }
      wayNodes.push(id);
    }
    wayStart.push(wayNodes.length);
  }
  return {
    lon: Float64Array.from(lon),
    lat: Float64Array.from(lat),
    wayStart: Int32Array.from(wayStart),
    wayNodes: Int32Array.from(wayNodes),
    wayTags: ways.map((w) => w.tags),
    taggedNodes: new Map(),
  };
}

const WAYS: Array<{ tags: Record<string, string>; coords: LonLat[] }> = [
  // A: primary N–S at 40.30 with a bridge over the river
  {
    tags: { highway: "primary", name: "A north" },
    coords: [
      [40.3, 35.35],
      [40.3, 35.21],
    ] as LonLat[],
  },
  {
    tags: { highway: "primary", name: "A bridge", bridge: "yes", layer: "1" },
    coords: [
      [40.3, 35.21],
      [40.3, 35.19],
    ] as LonLat[],
  },
  {
    tags: { highway: "primary", name: "A south" },
    coords: [
      [40.3, 35.19],
      [40.3, 35.05],
    ] as LonLat[],
  },
  // B: primary N–S at 40.45, no bridge: its river piece is dropped
  {
    tags: { highway: "primary", name: "B" },
    coords: [
      [40.45, 35.35],
      [40.45, 35.05],
    ] as LonLat[],
  },
  // C: track N–S at 40.318, 1.6 km from the bridge: within reach, so it crosses
  {
    tags: { highway: "track", name: "C" },
    coords: [
      [40.318, 35.3],
      [40.318, 35.1],
    ] as LonLat[],
  },
  // D: one-way secondary W→E at 35.33 joining A's north end
  {
    tags: { highway: "secondary", name: "D", oneway: "yes" },
    coords: [
      [40.05, 35.33],
      [40.3, 35.33],
    ] as LonLat[],
  },
  // E: a ferry across the river at 40.1 (10 minutes)
  {
    tags: { route: "ferry", name: "E ferry", duration: "00:10" },
    coords: [
      [40.1, 35.26],
      [40.1, 35.14],
    ] as LonLat[],
  },
];
// D's east end is a node of A's north piece
WAYS[0]!.coords.splice(1, 0, [40.3, 35.33]);

const compact = buildOsmNetwork(osmWays(WAYS));
const network = roadNetworkFromCompact(compact, { maxSegmentMetres: 800 });
const g = buildRouteGraph({ dem, barriers: [river], crossings: [], network });
const vehicle = routeModel("vehicle");
const foot = routeModel("foot");
const N = g.cellCount;
const nodeAt = (p: LonLat) => nearestRoadNode(g, p);
const open = closedEdgesFor(g, {}).closed;

/** Joint grid + network cost between two road nodes (extra nodes N + i). */
function jointSeconds(model: typeof vehicle, a: number, b: number): number {
  const costs = modelCosts(g, model);
  const { closed } = closedEdgesFor(g, {});
  const r = gridSearch({
    width: g.width,
    height: g.height,
    moves: g.moves,
    cellCost: costs.cellCost,
    blocked: g.blocked,
    anisotropic: { elevationMetres: g.elevation, pace: model.pace },
    sources: [{ node: N + a }],
    extraEdges: costs.extra,
    closedEdges: closed,
  });
  return r.cost[N + b]!;
}

describe("OSM roads in the route graph", () => {
  it("drops the road piece that crosses the river with no bridge near, keeps the bridge and the one within reach", () => {
    const links = (name: string) => network.links.filter((l) => l.data.name === name).length;
    const edges = (name: string) => g.edgeName.filter((n) => n === name).length / 2;
    // B is split at 35.2 exactly (42 pieces of 0.3°/42): the two pieces touching the river are dropped
    expect(edges("B")).toBe(links("B") - 2);
    expect(g.warnings.join(" ")).toMatch(/2 road piece\(s\) cross a river/);
    // C crosses 1.6 km from the bridge (within OSM_CROSSING_REACH_METRES), A on the bridge: all kept
    expect(edges("C")).toBe(links("C"));
    expect(edges("A bridge")).toBe(links("A bridge"));
    const r = findRoute({
      graph: g,
      model: vehicle,
      points: [
        { name: "N", lonLat: [40.45, 35.3] },
        { name: "S", lonLat: [40.45, 35.1] },
      ],
    });
    // where the route passes the river's latitude it is on A's bridge or on C (within 2 km of it)
    const coords = r.coordinates;
    let crossedAt = Number.NaN;
    for (let i = 0; i + 1 < coords.length; i++)
      if ((coords[i]![1] - 35.2) * (coords[i + 1]![1] - 35.2) <= 0) crossedAt = coords[i]![0];
    expect(crossedAt).toBeGreaterThanOrEqual(40.29);
    expect(crossedAt).toBeLessThanOrEqual(40.33);
  });

  it("network-only equals the joint search where the road joins both ends directly", () => {
    for (const model of [vehicle, foot]) {
      const a = nodeAt([40.3, 35.35]);
      const b = nodeAt([40.3, 35.05]);
      const net = networkOnlyBetween(g, model, open, a, b);
      // by hand: 0.30° of latitude on road A (≈ 33.3 km) at the primary speed
      expect(net.lengthMetres).toBeGreaterThan(33000);
      expect(net.lengthMetres).toBeLessThan(33500);
      expect(net.durationSeconds).toBeCloseTo(net.lengthMetres / (model.roadSpeedsKmh.primary / 3.6), 6);
      expect(Math.abs(net.durationSeconds - jointSeconds(model, a.node, b.node)) / net.durationSeconds).toBeLessThan(
        1e-9,
      );
    }
  });

  it("network-only time is never below the joint search's between the same road nodes (40 seeded pairs)", () => {
    const rand = mulberry32(15);
    let strictlyFaster = 0;
    for (let k = 0; k < 40; k++) {
      const a = Math.floor(rand() * network.positions.length);
      const b = Math.floor(rand() * network.positions.length);
      const ea = { node: a, position: g.extraPositions[a]!, snapMetres: 0 };
      const eb = { node: b, position: g.extraPositions[b]!, snapMetres: 0 };
      for (const model of [vehicle, foot]) {
        const joint = jointSeconds(model, a, b);
        let net = Infinity;
        try {
          net = networkOnlyBetween(g, model, open, ea, eb).durationSeconds;
        } catch (e) {
          expect((e as { code: string }).code).toBe("UNREACHABLE");
        }
        expect(net).toBeGreaterThanOrEqual(joint * (1 - 1e-12));
        if (net > joint * 1.001) strictlyFaster++;
      }
    }
    // the road network here is sparse: off-road shortcuts must win for some pairs
    expect(strictlyFaster).toBeGreaterThan(0);
    expect(strictlyFaster).toBeLessThan(80);
  });

  it("one-ways bind vehicles, not walkers", () => {
    const west = nodeAt([40.05, 35.33]);
    const east = nodeAt([40.3, 35.33]);
    const fwd = networkOnlyBetween(g, vehicle, open, west, east);
    expect(fwd.durationSeconds).toBeCloseTo(fwd.lengthMetres / (vehicle.roadSpeedsKmh.secondary / 3.6), 6);
    expect(() => networkOnlyBetween(g, vehicle, open, east, west)).toThrow(/no road joins/);
    const back = networkOnlyBetween(g, foot, open, east, west);
    expect(back.lengthMetres).toBeCloseTo(fwd.lengthMetres, 6);
    // joint: against the one-way the vehicle drives off-road (40 km/h flat), slower than the road (50)
    const jf = jointSeconds(vehicle, west.node, east.node);
    const jb = jointSeconds(vehicle, east.node, west.node);
    expect(jf).toBeCloseTo(fwd.durationSeconds, 6);
    expect(jb).toBeGreaterThan(jf);
  });

  it("a ferry costs its duration plus the model's ferry delay", () => {
    const n = nodeAt([40.1, 35.26]);
    const s = nodeAt([40.1, 35.14]);
    const r = networkOnlyBetween(g, foot, open, n, s);
    expect(r.durationSeconds).toBeCloseTo(600 + foot.ferryDelaySeconds, 6);
    const ferryEdge = [...g.edgeFerrySeconds!.keys()].find((e) => !Number.isNaN(g.edgeFerrySeconds![e]!))!;
    expect(modelCosts(g, vehicle).edgeCost[ferryEdge]).toBe(600 + vehicle.ferryDelaySeconds);
    // the joint search may use the ferry too: never slower than the network-only answer
    expect(jointSeconds(foot, n.node, s.node)).toBeLessThanOrEqual(r.durationSeconds * (1 + 1e-12));
  });

  it("networkOnlyRoute snaps each end to the nearest road node and reports the snap distance", () => {
    const r = networkOnlyRoute(g, vehicle, open, [40.302, 35.35], [40.299, 35.05]);
    expect(r.from.position).toEqual([40.3, 35.35]);
    expect(r.from.snapMetres).toBeGreaterThan(170);
    expect(r.from.snapMetres).toBeLessThan(190); // 0.002° of longitude at 35.35° N ≈ 182 m
    expect(r.coordinates[0]).toEqual(r.from.position);
    expect(r.coordinates.at(-1)).toEqual(r.to.position);
  });
});
