/**
 * OSM PBF reading and the road rules, on an extract authored here as .osm XML and
 * converted to PBF by osmium-tool (Debian's osmium cat); osmium export (GeoJSON) is
 * the independent reading of the same file.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { readOsmPbfWays } from "../../src/io/node/osm-pbf.ts";
import { geodesicInverse } from "../../src/geo/geodesic.ts";
import {
  buildOsmNetwork,
  LINK_BACKWARD_ONLY,
  LINK_BRIDGE,
  LINK_FERRY,
  LINK_FORD,
  LINK_FORWARD_ONLY,
  OSM_NODE_TAG_KEYS,
  OSM_WAY_TAG_KEYS,
  osmRoadTable,
  osmWayKind,
  parseMaxspeedKmh,
  parseOsmDurationSeconds,
  shortPieceMetres,
  DEFAULT_OSM_TABLE,
} from "../../src/routing/osm.ts";
import { decodeCompactNetwork, encodeCompactNetwork, loadOsmNetwork } from "../../src/routing/node/osm-load.ts";
import { describeWithPeer, hasExecutable } from "../../../../tests/helpers/peers.ts";

/**
 * The authored extract (ids, tags and positions chosen by hand):
 *  - way 100: primary "Main road" 1-2-3-4 west→east along lat 35.00, maxspeed 60;
 *  - way 101: secondary 10-2-11 crossing way 100 at node 2 (a real junction, same level);
 *  - way 102: bridge (layer 1) 20-3-21 passing over way 100 and sharing node 3 with it (a
 *    mapping error: the deck is not joined to the road below);
 *  - way 103: oneway residential 4-30-31; way 104: oneway=-1 service 31-32;
 *  - way 105: access=no primary 40-41 (left out); way 106: footway 41-42 (not a road);
 *  - way 107: ferry 50-51 with duration 00:20; way 108: track 4-50 with ford node 60 inside;
 *  - way 109: tertiary 21-70 starting at the bridge's end (joined to the bridge).
 */
const OSM_XML = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="syraq test">
  <node id="1" version="1" lat="35.0000000" lon="39.0000000"/>
  <node id="2" version="1" lat="35.0000000" lon="39.0100000"/>
  <node id="3" version="1" lat="35.0000000" lon="39.0200000"/>
  <node id="4" version="1" lat="35.0000000" lon="39.0300000"/>
  <node id="10" version="1" lat="34.9900000" lon="39.0100000"/>
  <node id="11" version="1" lat="35.0100000" lon="39.0100000"/>
  <node id="20" version="1" lat="34.9900000" lon="39.0200000"/>
  <node id="21" version="1" lat="35.0100000" lon="39.0200000"/>
  <node id="30" version="1" lat="35.0050000" lon="39.0350000"/>
  <node id="31" version="1" lat="35.0100000" lon="39.0400000"/>
  <node id="32" version="1" lat="35.0150000" lon="39.0400000"/>
  <node id="40" version="1" lat="35.1000000" lon="39.1000000"/>
  <node id="41" version="1" lat="35.1000000" lon="39.1100000"/>
  <node id="42" version="1" lat="35.1000000" lon="39.1200000"/>
  <node id="50" version="1" lat="34.9500000" lon="39.0300000"/>
  <node id="51" version="1" lat="34.9000000" lon="39.0300000"/>
  <node id="60" version="1" lat="34.9750000" lon="39.0300000"><tag k="ford" v="yes"/></node>
  <node id="70" version="1" lat="35.0200000" lon="39.0200000"/>
  <node id="99" version="1" lat="35.5000000" lon="39.5000000"><tag k="amenity" v="cafe"/></node>
  <way id="100" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/>
    <tag k="highway" v="primary"/><tag k="name" v="Main road"/><tag k="maxspeed" v="60"/></way>
  <way id="101" version="1"><nd ref="10"/><nd ref="2"/><nd ref="11"/><tag k="highway" v="secondary"/></way>
  <way id="102" version="1"><nd ref="20"/><nd ref="3"/><nd ref="21"/>
    <tag k="highway" v="primary"/><tag k="bridge" v="yes"/><tag k="layer" v="1"/><tag k="name" v="Deck"/></way>
  <way id="103" version="1"><nd ref="4"/><nd ref="30"/><nd ref="31"/>
    <tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
  <way id="104" version="1"><nd ref="31"/><nd ref="32"/><tag k="highway" v="service"/><tag k="oneway" v="-1"/></way>
  <way id="105" version="1"><nd ref="40"/><nd ref="41"/><tag k="highway" v="primary"/><tag k="access" v="no"/></way>
  <way id="106" version="1"><nd ref="41"/><nd ref="42"/><tag k="highway" v="footway"/></way>
  <way id="107" version="1"><nd ref="50"/><nd ref="51"/><tag k="route" v="ferry"/><tag k="duration" v="00:20"/></way>
  <way id="108" version="1"><nd ref="4"/><nd ref="60"/><nd ref="50"/><tag k="highway" v="track"/></way>
  <way id="109" version="1"><nd ref="21"/><nd ref="70"/><tag k="highway" v="tertiary"/></way>
</osm>
`;

const osmium = { name: "osmium", available: hasExecutable("osmium"), install: "apt-get install osmium-tool" };

describeWithPeer("OSM PBF extract authored here (osmium-tool)", osmium, () => {
  let dir = "";
  let pbf = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "syraq-osm-"));
    writeFileSync(join(dir, "t.osm"), OSM_XML);
    pbf = join(dir, "t.osm.pbf");
    execFileSync("osmium", ["cat", join(dir, "t.osm"), "-o", pbf, "-O"]);
  });

  it("reads the kept ways with the same node positions as osmium export", async () => {
    const ways = await readOsmPbfWays(pbf, {
      keepWay: (t) => t.highway !== undefined || t.route === "ferry",
      wayTagKeys: OSM_WAY_TAG_KEYS,
      nodeTagKeys: OSM_NODE_TAG_KEYS,
    });
    expect(ways.stats.nodesRead).toBe(19);
    expect(ways.stats.waysRead).toBe(10);
    expect(ways.stats.waysKept).toBe(10);
    execFileSync("osmium", ["export", pbf, "-o", join(dir, "t.geojson"), "-O", "--geometry-types=linestring"]);
    const fc = JSON.parse(readFileSync(join(dir, "t.geojson"), "utf8")) as {
      features: Array<{ geometry: { coordinates: number[][] }; properties: Record<string, string> }>;
    };
    // osmium export names no way id by default: match ways by their tags and vertex sequences
    const ours = new Set<string>();
    for (let w = 0; w < ways.wayTags.length; w++) {
      const pts: string[] = [];
      for (let j = ways.wayStart[w]!; j < ways.wayStart[w + 1]!; j++)
        pts.push(`${ways.lon[ways.wayNodes[j]!]!.toFixed(7)},${ways.lat[ways.wayNodes[j]!]!.toFixed(7)}`);
      ours.add(pts.join(" "));
    }
    const theirs = new Set(
      fc.features.map((f) => f.geometry.coordinates.map((c) => `${c[0]!.toFixed(7)},${c[1]!.toFixed(7)}`).join(" ")),
    );
    expect(ours).toEqual(theirs);
    // the ford node's tag is kept; tags of other keys are not
    const fordIndex = [...ways.taggedNodes.keys()];
    expect(fordIndex.length).toBe(1);
    expect(ways.nodeId[fordIndex[0]!]).toBe(60);
  });

  it("applies the road rules: classes, access, oneway, maxspeed, levels, bridge, ford, ferry", async () => {
    const ways = await readOsmPbfWays(pbf, {
      keepWay: (t) => osmWayKind(t, DEFAULT_OSM_TABLE) !== null,
      wayTagKeys: OSM_WAY_TAG_KEYS,
      nodeTagKeys: OSM_NODE_TAG_KEYS,
    });
    // 105 (access=no) and 106 (footway) are not roads
    expect(ways.stats.waysKept).toBe(8);
    const net = buildOsmNetwork(ways);
    const pos = (i: number) => `${net.lon[i]},${net.lat[i]}`;
    const linksAt = (lon: number, lat: number) => {
      const out: number[] = [];
      for (let l = 0; l < net.linkFrom.length; l++)
        if (pos(net.linkFrom[l]!) === `${lon},${lat}` || pos(net.linkTo[l]!) === `${lon},${lat}`) out.push(l);
      return out;
    };
    // node 3 (39.02, 35.00) is inside way 100 (level 0) and inside the bridge 102 (level 1): split in two
    const at3 = [...Array(net.lon.length).keys()].filter((i) => pos(i) === "39.02,35");
    expect(at3.length).toBe(2);
    expect(net.stats.splitNodes).toBe(1);
    // node 2 is a real junction: one node, 4 links (two of way 100, two of way 101)
    expect([...Array(net.lon.length).keys()].filter((i) => pos(i) === "39.01,35").length).toBe(1);
    expect(linksAt(39.01, 35).length).toBe(4);
    // every link of the bridge carries the bridge flag; the main road's links carry maxspeed 60
    const deck = net.names.indexOf("Deck");
    const main = net.names.indexOf("Main road");
    for (let l = 0; l < net.linkFrom.length; l++) {
      if (net.linkName[l] === deck) expect(net.linkFlags[l]! & LINK_BRIDGE).toBe(LINK_BRIDGE);
      if (net.linkName[l] === main) expect(net.linkSpeedKmh[l]).toBe(60);
    }
    // the bridge's links do not touch the main road's links at node 3
    const deckNodes = new Set<number>();
    const mainNodes = new Set<number>();
    for (let l = 0; l < net.linkFrom.length; l++) {
      const s = net.linkName[l] === deck ? deckNodes : net.linkName[l] === main ? mainNodes : null;
      s?.add(net.linkFrom[l]!);
      s?.add(net.linkTo[l]!);
    }
    expect([...deckNodes].filter((n) => mainNodes.has(n))).toEqual([]);
    // way 109 starts at the bridge's end node 21: joined to the deck
    const at21 = [...Array(net.lon.length).keys()].filter((i) => pos(i) === "39.02,35.01");
    expect(at21.length).toBe(1);
    expect(deckNodes.has(at21[0]!)).toBe(true);
    // oneway: way 103 links forward only, way 104 backward only
    const flagsOf = (a: string, b: string) => {
      for (let l = 0; l < net.linkFrom.length; l++)
        if (pos(net.linkFrom[l]!) === a && pos(net.linkTo[l]!) === b) return net.linkFlags[l]!;
      return -1;
    };
    expect(flagsOf("39.03,35", "39.035,35.005") & LINK_FORWARD_ONLY).toBe(LINK_FORWARD_ONLY);
    expect(flagsOf("39.04,35.01", "39.04,35.015") & LINK_BACKWARD_ONLY).toBe(LINK_BACKWARD_ONLY);
    // ford node 60 marks both track links that touch it
    expect(flagsOf("39.03,35", "39.03,34.975") & LINK_FORD).toBe(LINK_FORD);
    expect(flagsOf("39.03,34.975", "39.03,34.95") & LINK_FORD).toBe(LINK_FORD);
    // the ferry is one link, 20 minutes from its duration tag
    const ferry = [...Array(net.linkFrom.length).keys()].filter((l) => net.linkFlags[l]! & LINK_FERRY);
    expect(ferry.length).toBe(1);
    expect(net.linkDurationSeconds[ferry[0]!]).toBe(1200);
    // lengths: the local metric agrees with Karney's geodesic (GeographicLib) to 1e-6 relative
    for (let l = 0; l < net.linkFrom.length; l++) {
      const a = net.linkFrom[l]!;
      const b = net.linkTo[l]!;
      const ref = geodesicInverse([net.lon[a]!, net.lat[a]!], [net.lon[b]!, net.lat[b]!]).lengthMetres;
      expect(Math.abs(net.linkLengthMetres[l]! - ref) / ref).toBeLessThan(1e-6);
    }
  });

  it("caches the network by sha256: the second load reads the same arrays from the cache", async () => {
    const cacheDir = join(dir, "cache");
    const first = await loadOsmNetwork(pbf, { cacheDir });
    expect(first.cached).toBe(false);
    const sha = execFileSync("sha256sum", [pbf], { encoding: "utf8" }).split(" ")[0];
    expect(first.sha256).toBe(sha);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith(sha!)).length).toBe(1);
    const second = await loadOsmNetwork(pbf, { cacheDir });
    expect(second.cached).toBe(true);
    expect(Array.from(second.network.linkFrom)).toEqual(Array.from(first.network.linkFrom));
    expect(Array.from(second.network.linkLengthMetres)).toEqual(Array.from(first.network.linkLengthMetres));
    expect(second.network.names).toEqual(first.network.names);
    // another class table is another cache entry
    const third = await loadOsmNetwork(pbf, { cacheDir, table: osmRoadTable({ highway: { track: null } }) });
    expect(third.cached).toBe(false);
    expect(third.network.stats.roadWays).toBe(first.network.stats.roadWays - 1);
    // a damaged cache file is rebuilt, not trusted
    writeFileSync(second.cachePath!, "SYRAQOSM garbage");
    const fourth = await loadOsmNetwork(pbf, { cacheDir });
    expect(fourth.cached).toBe(false);
  });

  it("refuses a file that is not OSM PBF (DATA_CORRUPT) and a missing one (DATA_MISSING)", async () => {
    writeFileSync(join(dir, "bad.osm.pbf"), "this is not a pbf file at all, just text".repeat(10));
    await expect(loadOsmNetwork(join(dir, "bad.osm.pbf"), { cacheDir: false })).rejects.toMatchObject({
      code: "DATA_CORRUPT",
    });
    await expect(loadOsmNetwork(join(dir, "nope.osm.pbf"), { cacheDir: false })).rejects.toMatchObject({
      code: "DATA_MISSING",
    });
  });
});

it("parses maxspeed and duration values as OSM documents them", () => {
  expect(parseMaxspeedKmh("80")).toBe(80);
  expect(parseMaxspeedKmh("50 mph")).toBeCloseTo(80.4672, 6); // 50 × 1.609344
  expect(parseMaxspeedKmh("none")).toBeUndefined();
  expect(parseMaxspeedKmh("SY:urban")).toBeUndefined();
  expect(parseMaxspeedKmh("9999")).toBeUndefined();
  expect(parseOsmDurationSeconds("01:30")).toBe(5400);
  expect(parseOsmDurationSeconds("00:05:30")).toBe(330);
  expect(parseOsmDurationSeconds("45")).toBe(2700);
  expect(parseOsmDurationSeconds("soon")).toBeUndefined();
});

it("measures short pieces like Karney's geodesic", () => {
  for (const [a, b] of [
    [
      [38.5, 35.3],
      [38.52, 35.31],
    ],
    [
      [40.1, 33.0],
      [40.1, 33.1],
    ],
    [
      [41.0, 36.2],
      [41.15, 36.1],
    ],
  ] as Array<[[number, number], [number, number]]>) {
    const ref = geodesicInverse(a, b).lengthMetres;
    expect(Math.abs(shortPieceMetres(a[0], a[1], b[0], b[1]) - ref) / ref).toBeLessThan(2e-6);
  }
});

it("round-trips a compact network through the cache encoding", () => {
  const net = buildOsmNetwork({
    lon: Float64Array.from([39, 39.01, 39.02]),
    lat: Float64Array.from([35, 35, 35.01]),
    wayStart: Int32Array.from([0, 3]),
    wayNodes: Int32Array.from([0, 1, 2]),
    wayTags: [{ highway: "primary", name: "A" }],
    taggedNodes: new Map(),
  });
  const back = decodeCompactNetwork(encodeCompactNetwork(net))!;
  expect(Array.from(back.lon)).toEqual(Array.from(net.lon));
  expect(Array.from(back.linkLengthMetres)).toEqual(Array.from(net.linkLengthMetres));
  expect(back.names).toEqual(["A"]);
  expect(decodeCompactNetwork(new Uint8Array(10))).toBeNull();
});
