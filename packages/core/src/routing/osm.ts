/**
 * OpenStreetMap ways → the compact road network (typed arrays): which ways are
 * roads, their class, direction, speed limit, level and crossing kind. Browser-safe;
 * the PBF reading is io/node/osm-pbf.ts and the cache routing/node/osm-load.ts.
 *
 * Rules (docs/route-graph.md, "OpenStreetMap"):
 *  - a way is a road when its `highway` value is in the class table
 *    (OSM_HIGHWAY_CLASSES, overridable) and a ferry when `route=ferry`;
 *    `access=no` ways are left out;
 *  - `oneway=yes|true|1` (and `junction=roundabout`, `highway=motorway`, as OSRM's car
 *    profile implies them) allow vehicles only along the way, `oneway=-1|reverse` only
 *    against it; `oneway=no` lifts the implied ones; walkers ignore oneway;
 *  - `maxspeed` (km/h, or "NN mph") is kept as the link's own speed (capped at the
 *    class speed of the model, as for GeoJSON roads); unusable values are ignored;
 *  - junctions: ways are joined only at shared OSM nodes, never at geometric
 *    crossings (an overpass or a tunnel has no shared node). A node that lies inside
 *    ways on different levels (level = `layer`, else +1 for `bridge`, −1 for `tunnel`,
 *    else 0) is split into one node per level, so a road that shares a node with the
 *    bridge it passes under is not joined to it; a way ending at such a node joins
 *    the copy on its own level (or the nearest level);
 *  - `bridge`, `ford` (on the way or on a node) and ferries mark their links as
 *    crossings: only such links (or links near them, routegraph.ts) may cross a
 *    barrier river where the project declares no crossing.
 */
import createGraph, { type Graph } from "ngraph.graph";
import { SyraqError } from "../errors.ts";
import { geodesicInverse } from "../geo/geodesic.ts";
import type { LonLat } from "../geo/types.ts";
import {
  MAX_ROAD_SPEED_KMH,
  OSM_HIGHWAY_CLASSES,
  ROAD_CLASSES,
  type NetworkLinkData,
  type NetworkNodeData,
  type RoadClass,
  type RoadNetwork,
} from "./network.ts";

/** Link flags of the compact network. */
export const LINK_FORWARD_ONLY = 1;
export const LINK_BACKWARD_ONLY = 2;
export const LINK_BRIDGE = 4;
export const LINK_TUNNEL = 8;
export const LINK_FORD = 16;
export const LINK_FERRY = 32;
/** Any of bridge, ford, ferry: the link may cross a river. */
export const LINK_CROSSING = LINK_BRIDGE | LINK_FORD | LINK_FERRY;

/** OSM way tags the network reads (everything else is dropped while parsing). */
export const OSM_WAY_TAG_KEYS = [
  "highway",
  "route",
  "oneway",
  "junction",
  "maxspeed",
  "access",
  "bridge",
  "tunnel",
  "layer",
  "ford",
  "name",
  "ref",
  "duration",
] as const;
/**
 * OSM node tags read from a .osm.pbf (fords).
 */
export const OSM_NODE_TAG_KEYS = ["ford"] as const;

/**
 * Which OSM ways are roads and of which class, and the ferry speed in km/h.
 */
export interface OsmRoadTable {
  /** OSM highway value → road class; values not listed are not roads. */
  highway: Record<string, RoadClass>;
  /** Ferry speed when the way has no usable `duration`, km/h. */
  ferrySpeedKmh: number;
}

/**
 * The default OSM table: {@link OSM_HIGHWAY_CLASSES} and ferries at 10 km/h.
 */
export const DEFAULT_OSM_TABLE: OsmRoadTable = { highway: { ...OSM_HIGHWAY_CLASSES }, ferrySpeedKmh: 10 };

/**
 * Merges a user override ({ highway: { value: class | null }, ferrySpeedKmh }) into the default table.
 *
 * Throws BAD_OPTION naming `origin` for a malformed table, an unknown class or a ferry speed out of range.
 *
 * @example
 * ```ts
 * import { osmRoadTable } from "@syraq/core";
 * const table = osmRoadTable({ highway: { track: null, unclassified: "secondary" }, ferrySpeedKmh: 8 });
 * ```
 */
export function osmRoadTable(override: unknown, origin = "OSM road table"): OsmRoadTable {
  if (override === undefined || override === null) return { ...DEFAULT_OSM_TABLE, highway: { ...OSM_HIGHWAY_CLASSES } };
  const o = override as { highway?: Record<string, unknown>; ferrySpeedKmh?: unknown };
  if (typeof o !== "object" || Array.isArray(o))
    throw new SyraqError("BAD_OPTION", `${origin}: expected an object { "highway": { "track": "track", … } }`, {});
  const highway: Record<string, RoadClass> = { ...OSM_HIGHWAY_CLASSES };
  for (const [k, v] of Object.entries(o.highway ?? {})) {
    if (v === null || v === "none") delete highway[k];
    else if (typeof v === "string" && (ROAD_CLASSES as readonly string[]).includes(v)) highway[k] = v as RoadClass;
    else
      throw new SyraqError(
        "BAD_OPTION",
        `${origin}: highway '${k}' → ${JSON.stringify(v)} is not a road class (${ROAD_CLASSES.join(", ")} or null)`,
        { key: k },
      );
  }
  let ferrySpeedKmh = DEFAULT_OSM_TABLE.ferrySpeedKmh;
  if (o.ferrySpeedKmh !== undefined) {
    if (typeof o.ferrySpeedKmh !== "number" || !(o.ferrySpeedKmh > 0 && o.ferrySpeedKmh <= MAX_ROAD_SPEED_KMH))
      throw new SyraqError("BAD_OPTION", `${origin}: ferrySpeedKmh must be a number in (0, ${MAX_ROAD_SPEED_KMH}]`, {});
    ferrySpeedKmh = o.ferrySpeedKmh;
  }
  return { highway, ferrySpeedKmh };
}

const isYes = (v: string | undefined) => v !== undefined && v !== "no" && v !== "false" && v !== "0";

/**
 * "road", "ferry" or null for an OSM way's tags.
 *
 * @example
 * ```ts
 * import { DEFAULT_OSM_TABLE, osmWayKind } from "@syraq/core";
 * osmWayKind({ highway: "primary" }, DEFAULT_OSM_TABLE); // "road"
 * osmWayKind({ route: "ferry" }, DEFAULT_OSM_TABLE); // "ferry"
 * osmWayKind({ highway: "footway" }, DEFAULT_OSM_TABLE); // null
 * ```
 */
export function osmWayKind(tags: Record<string, string>, table: OsmRoadTable): "road" | "ferry" | null {
  if (tags.access === "no") return null;
  if (tags.route === "ferry") return "ferry";
  const h = tags.highway;
  return h !== undefined && table.highway[h] !== undefined ? "road" : null;
}

/**
 * km/h from an OSM maxspeed value ("60", "60 km/h", "40 mph"); undefined for "none", "signals", zones, junk.
 *
 * @example
 * ```ts
 * import { parseMaxspeedKmh } from "@syraq/core";
 * parseMaxspeedKmh("40 mph"); // 64.37 km/h
 * parseMaxspeedKmh("none"); // undefined
 * ```
 */
export function parseMaxspeedKmh(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?\s*$/i.exec(value);
  if (!m) return undefined;
  const v = Number(m[1]) * (m[2]?.toLowerCase() === "mph" ? 1.609344 : 1);
  return v > 0 && v <= MAX_ROAD_SPEED_KMH ? v : undefined;
}

/** Seconds from an OSM duration ("HH:MM", "HH:MM:SS", "MM" minutes); undefined when unusable. */
export function parseOsmDurationSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = value.trim();
  let m = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/.exec(t);
  if (m) {
    const s = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
    return s > 0 ? s : undefined;
  }
  m = /^(\d+(?:\.\d+)?)$/.exec(t);
  return m && Number(m[1]) > 0 ? Number(m[1]) * 60 : undefined;
}

/** Direction of a road way: 0 both ways, 1 along the way only, 2 against it only (for vehicles). */
export function osmOneway(tags: Record<string, string>): 0 | 1 | 2 {
  const o = tags.oneway;
  if (o === "yes" || o === "true" || o === "1") return 1;
  if (o === "-1" || o === "reverse") return 2;
  if (o === "no" || o === "false" || o === "0") return 0;
  if (tags.junction === "roundabout" || tags.highway === "motorway") return 1;
  return 0;
}

/** Level of a way for junctions: `layer`, else +1 bridge, −1 tunnel, else 0 (clamped to ±5). */
export function osmLevel(tags: Record<string, string>): number {
  const l = tags.layer !== undefined ? Number.parseInt(tags.layer, 10) : Number.NaN;
  if (Number.isFinite(l)) return Math.max(-5, Math.min(5, l));
  if (isYes(tags.bridge)) return 1;
  if (isYes(tags.tunnel)) return -1;
  return 0;
}

/** What routing/osm.ts needs of parsed OSM ways (io/node/osm-pbf.ts OsmWays has it). */
export interface OsmWayInput {
  lon: Float64Array;
  lat: Float64Array;
  wayStart: Int32Array;
  wayNodes: Int32Array;
  wayTags: Array<Record<string, string>>;
  taggedNodes: Map<number, Record<string, string>>;
}

/** The road network as typed arrays (links in way order; a link joins two consecutive way nodes). */
export interface CompactRoadNetwork {
  lon: Float64Array;
  lat: Float64Array;
  linkFrom: Int32Array;
  linkTo: Int32Array;
  linkLengthMetres: Float64Array;
  /** ROAD_CLASSES index (ferries: the "track" index). */
  linkClass: Int8Array;
  /** The link's own speed (maxspeed), km/h; NaN when the class speed applies. */
  linkSpeedKmh: Float32Array;
  /** Ferry crossing time from the way's `duration`, seconds; NaN otherwise. */
  linkDurationSeconds: Float32Array;
  linkFlags: Uint8Array;
  /** Index into `names`, −1 when none. */
  linkName: Int32Array;
  names: string[];
  stats: {
    ways: number;
    roadWays: number;
    ferryWays: number;
    nodes: number;
    links: number;
    splitNodes: number;
    lengthMetres: number;
  };
}

const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const RAD = Math.PI / 180;

/**
 * Ground length of a short piece (metres): the local ellipsoidal metric at the mid-latitude
 * (meridional radius M, prime-vertical radius N), ~1e-7 relative of the WGS84 geodesic for
 * pieces of a few km; Karney's geodesic beyond 20 km.
 */
export function shortPieceMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const phi = ((lat1 + lat2) / 2) * RAD;
  const s = Math.sin(phi);
  const w = 1 - E2 * s * s;
  const n = A / Math.sqrt(w);
  const m = (A * (1 - E2)) / (w * Math.sqrt(w));
  const dx = n * Math.cos(phi) * (lon2 - lon1) * RAD;
  const dy = m * (lat2 - lat1) * RAD;
  const d = Math.sqrt(dx * dx + dy * dy);
  return d < 20000 ? d : geodesicInverse([lon1, lat1], [lon2, lat2]).lengthMetres;
}

/**
 * Builds the compact network from parsed OSM ways (deterministic: way order decides link order).
 *
 * @example
 * ```ts
 * import { buildOsmNetwork, DEFAULT_OSM_TABLE, OSM_NODE_TAG_KEYS, OSM_WAY_TAG_KEYS, osmWayKind } from "@syraq/core";
 * import { readOsmPbfWays } from "@syraq/core/node";
 * const ways = await readOsmPbfWays("syria.osm.pbf", {
 *   keepWay: (tags) => osmWayKind(tags, DEFAULT_OSM_TABLE) !== null,
 *   wayTagKeys: OSM_WAY_TAG_KEYS,
 *   nodeTagKeys: OSM_NODE_TAG_KEYS,
 * });
 * const compact = buildOsmNetwork(ways); // link lengths in metres, speeds in km/h
 * ```
 */
export function buildOsmNetwork(input: OsmWayInput, table: OsmRoadTable = DEFAULT_OSM_TABLE): CompactRoadNetwork {
  const { wayStart, wayNodes, wayTags } = input;
  const W = wayTags.length;
  const kinds = new Int8Array(W); // 0 skip, 1 road, 2 ferry
  const levels = new Int8Array(W);
  let roadWays = 0;
  let ferryWays = 0;
  for (let w = 0; w < W; w++) {
    const k = osmWayKind(wayTags[w]!, table);
    kinds[w] = k === "road" ? 1 : k === "ferry" ? 2 : 0;
    if (k === "road") roadWays++;
    else if (k === "ferry") ferryWays++;
    levels[w] = osmLevel(wayTags[w]!);
  }
  // levels met inside ways at each node (127 = none yet); nodes met inside ways on several levels get split
  const usedCount = input.lon.length;
  const interiorLevel = new Int8Array(usedCount).fill(127);
  const mixed = new Uint8Array(usedCount);
  for (let w = 0; w < W; w++) {
    if (kinds[w] === 0) continue;
    const lv = levels[w]!;
    for (let j = wayStart[w]! + 1; j < wayStart[w + 1]! - 1; j++) {
      const n = wayNodes[j]!;
      const cur = interiorLevel[n]!;
      if (cur === 127) interiorLevel[n] = lv;
      else if (cur !== lv) mixed[n] = 1;
    }
  }
  // node numbering: used nodes on a kept way, in order of first use; split nodes get one id per interior level
  const newId = new Int32Array(usedCount).fill(-1);
  const copies = new Map<number, number>(); // n * 16 + level + 8 → id
  // node ids ≤ used nodes + one copy per interior incidence
  const lonOut = new Float64Array(usedCount + wayNodes.length);
  const latOut = new Float64Array(usedCount + wayNodes.length);
  let nodeCount = 0;
  let splitNodes = 0;
  const idFor = (n: number, lv: number, interior: boolean): number => {
    if (mixed[n] === 0) {
      let id = newId[n]!;
      if (id < 0) {
        id = nodeCount++;
        newId[n] = id;
        lonOut[id] = input.lon[n]!;
        latOut[id] = input.lat[n]!;
      }
      return id;
    }
    let key = n * 16 + lv + 8;
    if (!interior && !copies.has(key)) {
      // a way ending here joins the copy of the nearest level met inside ways at this node
      let best = Number.POSITIVE_INFINITY;
      for (let l = -5; l <= 5; l++) {
        const k = n * 16 + l + 8;
        if (copies.has(k) && Math.abs(l - lv) < best) {
          best = Math.abs(l - lv);
          key = k;
        }
      }
    }
    let id = copies.get(key);
    if (id === undefined) {
      id = nodeCount++;
      copies.set(key, id);
      lonOut[id] = input.lon[n]!;
      latOut[id] = input.lat[n]!;
      if (newId[n]! >= 0) splitNodes++;
      newId[n] = id;
    }
    return id;
  };
  // interior incidences first so that way ends find the level copies
  for (let w = 0; w < W; w++) {
    if (kinds[w] === 0) continue;
    for (let j = wayStart[w]! + 1; j < wayStart[w + 1]! - 1; j++) {
      const n = wayNodes[j]!;
      if (mixed[n] === 1) idFor(n, levels[w]!, true);
    }
  }
  // links ≤ way nodes − ways
  const cap = wayNodes.length;
  const from = new Int32Array(cap);
  const to = new Int32Array(cap);
  const lengthM = new Float64Array(cap);
  const cls = new Int8Array(cap);
  const speed = new Float32Array(cap);
  const duration = new Float32Array(cap);
  const flags = new Uint8Array(cap);
  const nameIdx = new Int32Array(cap);
  let L = 0;
  const push = (a: number, b: number, len: number, c: number, sp: number, du: number, f: number, ni: number) => {
    from[L] = a;
    to[L] = b;
    lengthM[L] = len;
    cls[L] = c;
    speed[L] = sp;
    duration[L] = du;
    flags[L] = f;
    nameIdx[L] = ni;
    L++;
  };
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const trackIdx = ROAD_CLASSES.indexOf("track");
  let total = 0;
  let ids = new Int32Array(64);
  for (let w = 0; w < W; w++) {
    const kind = kinds[w]!;
    if (kind === 0) continue;
    const tags = wayTags[w]!;
    const s = wayStart[w]!;
    const e = wayStart[w + 1]!;
    const lv = levels[w]!;
    const nm = tags.name ?? tags.ref;
    let ni = -1;
    if (nm) {
      ni = nameIds.get(nm) ?? -1;
      if (ni < 0) {
        ni = names.length;
        names.push(nm);
        nameIds.set(nm, ni);
      }
    }
    if (ids.length < e - s) ids = new Int32Array(2 * (e - s));
    for (let j = s; j < e; j++) ids[j - s] = idFor(wayNodes[j]!, lv, j > s && j < e - 1);
    if (kind === 2) {
      // a ferry is one link from landing to landing: no ramps in mid-water
      let len = 0;
      for (let j = s; j + 1 < e; j++) {
        const a = wayNodes[j]!;
        const b = wayNodes[j + 1]!;
        len += shortPieceMetres(input.lon[a]!, input.lat[a]!, input.lon[b]!, input.lat[b]!);
      }
      const last = ids[e - s - 1]!;
      if (ids[0] === last) continue;
      const du = parseOsmDurationSeconds(tags.duration) ?? (len / table.ferrySpeedKmh) * 3.6;
      push(ids[0]!, last, len, trackIdx, Number.NaN, du, LINK_FERRY, ni);
      total += len;
      continue;
    }
    const c = ROAD_CLASSES.indexOf(table.highway[tags.highway!]!);
    const sp = parseMaxspeedKmh(tags.maxspeed) ?? Number.NaN;
    const dir = osmOneway(tags);
    let f = dir === 1 ? LINK_FORWARD_ONLY : dir === 2 ? LINK_BACKWARD_ONLY : 0;
    if (isYes(tags.bridge)) f |= LINK_BRIDGE;
    if (isYes(tags.tunnel)) f |= LINK_TUNNEL;
    if (isYes(tags.ford)) f |= LINK_FORD;
    for (let j = s; j + 1 < e; j++) {
      const a = ids[j - s]!;
      const b = ids[j - s + 1]!;
      if (a === b) continue;
      const na = wayNodes[j]!;
      const nb = wayNodes[j + 1]!;
      const len = shortPieceMetres(input.lon[na]!, input.lat[na]!, input.lon[nb]!, input.lat[nb]!);
      let lf = f;
      if (input.taggedNodes.size && (isYes(input.taggedNodes.get(na)?.ford) || isYes(input.taggedNodes.get(nb)?.ford)))
        lf |= LINK_FORD;
      push(a, b, len, c, sp, Number.NaN, lf, ni);
      total += len;
    }
  }
  return {
    lon: lonOut.slice(0, nodeCount),
    lat: latOut.slice(0, nodeCount),
    linkFrom: from.slice(0, L),
    linkTo: to.slice(0, L),
    linkLengthMetres: lengthM.slice(0, L),
    linkClass: cls.slice(0, L),
    linkSpeedKmh: speed.slice(0, L),
    linkDurationSeconds: duration.slice(0, L),
    linkFlags: flags.slice(0, L),
    linkName: nameIdx.slice(0, L),
    names,
    stats: {
      ways: W,
      roadWays,
      ferryWays,
      nodes: nodeCount,
      links: L,
      splitNodes,
      lengthMetres: total,
    },
  };
}

/**
 * The compact network as a RoadNetwork (the route graph's input): links longer than
 * `maxSegmentMetres` are split so every cell a road passes holds a node (ferries are not
 * split: no ramps in mid-water); links are stored once with from < to, the one-way flag
 * turned to match. The ngraph graph (network-only queries) is built on first use.
 *
 * @example
 * ```ts
 * import { roadNetworkFromCompact } from "@syraq/core";
 * import { loadOsmNetwork } from "@syraq/core/node";
 * const { network } = await loadOsmNetwork("syria.osm.pbf");
 * const roads = roadNetworkFromCompact(network, { maxSegmentMetres: 2000, origin: "osm" });
 * ```
 */
export function roadNetworkFromCompact(
  c: CompactRoadNetwork,
  options: { maxSegmentMetres?: number; origin?: string } = {},
): RoadNetwork {
  const maxSeg = options.maxSegmentMetres ?? 2000;
  const origin = options.origin ?? "osm";
  const positions: LonLat[] = [];
  for (let i = 0; i < c.lon.length; i++) positions.push([c.lon[i]!, c.lat[i]!]);
  const links: RoadNetwork["links"] = [];
  let total = 0;
  const dataCache = new Map<string, NetworkLinkData>();
  for (let l = 0; l < c.linkFrom.length; l++) {
    const flags = c.linkFlags[l]!;
    const roadClass = ROAD_CLASSES[c.linkClass[l]!]!;
    const sp = c.linkSpeedKmh[l]!;
    const nm = c.linkName[l]! >= 0 ? c.names[c.linkName[l]!] : undefined;
    const kind = flags & LINK_FERRY ? "ferry" : flags & LINK_BRIDGE ? "bridge" : flags & LINK_FORD ? "ford" : undefined;
    const a = c.linkFrom[l]!;
    const b = c.linkTo[l]!;
    const len = c.linkLengthMetres[l]!;
    total += len;
    if (kind === "ferry" || len <= maxSeg) {
      addCompactLink(links, dataCache, a, b, len, roadClass, sp, nm, kind, flags, origin, c.linkDurationSeconds[l]!);
      continue;
    }
    const pieces = Math.ceil(len / maxSeg);
    let prev = a;
    for (let k = 1; k <= pieces; k++) {
      let id = b;
      if (k < pieces) {
        const t = k / pieces;
        id = positions.length;
        positions.push([
          Math.round((c.lon[a]! + t * (c.lon[b]! - c.lon[a]!)) * 1e7) / 1e7,
          Math.round((c.lat[a]! + t * (c.lat[b]! - c.lat[a]!)) * 1e7) / 1e7,
        ]);
      }
      addCompactLink(links, dataCache, prev, id, len / pieces, roadClass, sp, nm, kind, flags, origin, Number.NaN);
      prev = id;
    }
  }
  return lazyGraphNetwork(positions, links, {
    lines: c.stats.roadWays + c.stats.ferryWays,
    nodes: positions.length,
    links: links.length,
    intersectionsAdded: 0,
    lengthMetres: total,
  });
}

function addCompactLink(
  links: RoadNetwork["links"],
  cache: Map<string, NetworkLinkData>,
  a: number,
  b: number,
  lengthMetres: number,
  roadClass: RoadClass,
  speedKmh: number,
  name: string | undefined,
  kind: "bridge" | "ford" | "ferry" | undefined,
  flags: number,
  origin: string,
  ferrySeconds: number,
): void {
  if (a === b) return;
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  const swapped = from !== a;
  let oneway: 1 | 2 | undefined;
  if (flags & LINK_FORWARD_ONLY) oneway = swapped ? 2 : 1;
  else if (flags & LINK_BACKWARD_ONLY) oneway = swapped ? 1 : 2;
  // links of one way share their attributes; only the length differs
  const key = `${roadClass}|${speedKmh}|${name ?? ""}|${kind ?? ""}|${oneway ?? 0}`;
  let base = kind === "ferry" ? undefined : cache.get(key);
  if (!base) {
    base = {
      lengthMetres: 0,
      roadClass,
      ...(Number.isNaN(speedKmh) ? {} : { speedKmh }),
      ...(name ? { name } : {}),
      origin,
      ...(oneway ? { oneway } : {}),
      ...(kind ? { crossingKind: kind } : {}),
      ...(kind === "ferry" && !Number.isNaN(ferrySeconds) ? { ferrySeconds } : {}),
    };
    if (kind !== "ferry") cache.set(key, base);
  }
  links.push({ from, to, data: { ...base, lengthMetres } });
}

/** A RoadNetwork whose ngraph graph is built when first read (country-sized networks rarely need it). */
export function lazyGraphNetwork(
  positions: LonLat[],
  links: RoadNetwork["links"],
  stats: RoadNetwork["stats"],
): RoadNetwork {
  const net = { positions, links, stats } as RoadNetwork;
  let graph: Graph<NetworkNodeData, NetworkLinkData> | undefined;
  Object.defineProperty(net, "graph", {
    enumerable: true,
    get() {
      if (!graph) {
        graph = createGraph<NetworkNodeData, NetworkLinkData>();
        for (let i = 0; i < positions.length; i++) graph.addNode(i, { position: positions[i]! });
        for (const l of links) graph.addLink(l.from, l.to, l.data);
      }
      return graph;
    },
  });
  return net;
}

/**
 * Two networks side by side (ids of `b` shifted after `a`'s); they meet only through the terrain grid.
 *
 * @example
 * ```ts
 * import { buildRoadNetwork, mergeRoadNetworks } from "@syraq/core";
 * import { loadSkeletonLines } from "@syraq/core/node";
 * const skeleton = buildRoadNetwork(loadSkeletonLines());
 * const mine = buildRoadNetwork([{ coordinates: [[40.1, 35.3], [40.4, 35.0]], roadClass: "track", origin: "mine" }]);
 * const both = mergeRoadNetworks(skeleton, mine);
 * ```
 */
export function mergeRoadNetworks(a: RoadNetwork, b: RoadNetwork): RoadNetwork {
  const shift = a.positions.length;
  const positions = [...a.positions, ...b.positions];
  const links = [...a.links, ...b.links.map((l) => ({ from: l.from + shift, to: l.to + shift, data: l.data }))];
  return lazyGraphNetwork(positions, links, {
    lines: a.stats.lines + b.stats.lines,
    nodes: positions.length,
    links: links.length,
    intersectionsAdded: a.stats.intersectionsAdded + b.stats.intersectionsAdded,
    lengthMetres: a.stats.lengthMetres + b.stats.lengthMetres,
  });
}
