/**
 * The road network layer: GeoJSON LineStrings → a noded, densified graph
 * (ngraph.graph) whose links carry length, class and speed.
 *
 * Building steps (deterministic; input order decides ids):
 *  1. every line vertex is keyed by its position rounded to 1e-7° (≈1 cm), so
 *     lines that share a vertex share a node;
 *  2. proper intersections between segments of different (or the same) lines
 *     become shared nodes ("noded at intersections"); lines that merely pass
 *     over each other without a shared vertex or crossing point stay apart;
 *  3. segments longer than `maxSegmentMetres` (default 2000 m; the route graph's loader passes the grid's
 *     smallest cell size, at least 200 m) are split, so every grid cell a road passes through holds a node and
 *     the network can be entered and left there (the on/off ramps);
 *  4. link length is the geodesic length of the piece (WGS84), speed is taken
 *     from the feature (`speedKmh`, `maxspeed`) or from its class.
 */
import createGraph, { type Graph } from "ngraph.graph";
import { SyraqError } from "../errors.ts";
import { geodesicInverse } from "../geo/geodesic.ts";
import type { LonLat } from "../geo/types.ts";

/**
 * Class of a road: decides its speed (km/h) in each route model.
 */
export type RoadClass = "motorway" | "primary" | "secondary" | "track";
/** Largest speed a road line may declare (speedKmh / maxspeed), km/h. */
export const MAX_ROAD_SPEED_KMH = 300;

/**
 * The road classes, fastest first; route models give each a speed in km/h.
 */
export const ROAD_CLASSES: readonly RoadClass[] = ["motorway", "primary", "secondary", "track"];

/** OSM `highway` values mapped onto our four classes (others are ignored unless mapped by the caller). */
export const OSM_HIGHWAY_CLASSES: Record<string, RoadClass> = {
  motorway: "motorway",
  motorway_link: "motorway",
  trunk: "motorway",
  trunk_link: "motorway",
  primary: "primary",
  primary_link: "primary",
  secondary: "secondary",
  secondary_link: "secondary",
  tertiary: "secondary",
  tertiary_link: "secondary",
  unclassified: "track",
  residential: "track",
  track: "track",
  service: "track",
  road: "track",
};

/**
 * One road polyline, [lon, lat] degrees, before noding.
 */
export interface RoadLine {
  coordinates: LonLat[];
  roadClass: RoadClass;
  /** Explicit speed for this line (overrides the class speed of the model). */
  speedKmh?: number;
  name?: string;
  /** Where the line came from ("skeleton", "user:file.geojson"). */
  origin: string;
}

/**
 * Data of a road network node: its position, [lon, lat] degrees.
 */
export interface NetworkNodeData {
  position: LonLat;
}

/**
 * Data of a road network link: geodesic length in metres, class, own speed in km/h, name, origin and one-way rule.
 */
export interface NetworkLinkData {
  lengthMetres: number;
  roadClass: RoadClass;
  speedKmh?: number;
  name?: string;
  origin: string;
  /**
   * One-way for vehicles (OSM oneway): 1 = only from the link's `from` node to its `to` node,
   * 2 = only from `to` to `from`. Walkers use both directions.
   */
  oneway?: 1 | 2;
  /** The link is (part of) a bridge, a ford or a ferry (OSM): it may cross a river barrier. */
  crossingKind?: "bridge" | "ford" | "ferry";
  /** A ferry's crossing time (OSM `duration`, else length / the table's ferry speed), seconds. */
  ferrySeconds?: number;
}

/**
 * The noded road network: node positions [lon, lat] degrees, links with geodesic lengths in metres.
 */
export interface RoadNetwork {
  /** ngraph graph; node ids are 0..nodeCount-1, links undirected (stored once, from < to). */
  graph: Graph<NetworkNodeData, NetworkLinkData>;
  positions: LonLat[];
  /** Dense link list (same data as the graph's links), in creation order. */
  links: Array<{ from: number; to: number; data: NetworkLinkData }>;
  stats: { lines: number; nodes: number; links: number; intersectionsAdded: number; lengthMetres: number };
}

/**
 * Options of {@link buildRoadNetwork}: the longest link piece in metres, and whether lines are noded where they cross.
 */
export interface BuildNetworkOptions {
  /** Split pieces longer than this (metres). Default 2000. */
  maxSegmentMetres?: number;
  /** Node lines at proper intersections (default true). */
  nodeIntersections?: boolean;
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const keyOf = (p: LonLat) => `${round7(p[0])},${round7(p[1])}`;

/**
 * Parses a GeoJSON FeatureCollection of (Multi)LineStrings into road lines.
 *
 * Coordinates are [lon, lat] degrees; a `speedKmh` (or OSM-style `maxspeed`) property becomes the line's speed
 * (km/h). Non-line features are skipped and counted; malformed ones throw BAD_GEOJSON.
 *
 * Throws OUT_OF_RANGE for a latitude outside ±90° (coordinates swapped).
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { parseRoadLines } from "@syraq/core";
 * const { lines, skipped } = parseRoadLines(JSON.parse(readFileSync("roads.geojson", "utf8")), {
 *   origin: "user:roads.geojson",
 *   defaultClass: "secondary",
 * });
 * ```
 */
export function parseRoadLines(
  fc: unknown,
  options: { origin: string; defaultClass?: RoadClass; classMap?: Record<string, RoadClass> },
): { lines: RoadLine[]; skipped: number } {
  const f = fc as { type?: string; features?: unknown[] };
  if (f?.type !== "FeatureCollection" || !Array.isArray(f.features)) {
    throw new SyraqError("BAD_GEOJSON", `${options.origin}: expected a GeoJSON FeatureCollection of LineStrings`, {
      origin: options.origin,
    });
  }
  const classMap = options.classMap ?? OSM_HIGHWAY_CLASSES;
  const lines: RoadLine[] = [];
  let skipped = 0;
  // biome-ignore lint/suspicious/noExplicitAny: a user's GeoJSON of unknown shape; every field is checked below
  f.features.forEach((feat: any, i) => {
    const g = feat?.geometry;
    const p = feat?.properties ?? {};
    if (!g || (g.type !== "LineString" && g.type !== "MultiLineString")) {
      skipped++;
      return;
    }
    let roadClass: RoadClass | undefined;
    if (typeof p.class === "string" && (ROAD_CLASSES as readonly string[]).includes(p.class))
      roadClass = p.class as RoadClass;
    else if (typeof p.roadClass === "string" && (ROAD_CLASSES as readonly string[]).includes(p.roadClass))
      roadClass = p.roadClass as RoadClass;
    else if (typeof p.highway === "string") roadClass = classMap[p.highway];
    else roadClass = options.defaultClass;
    if (!roadClass) {
      skipped++;
      return;
    }
    // a declared speed that is not a number ("fast") is an error, not a road at its class speed
    if (p.speedKmh !== undefined && p.speedKmh !== null && typeof p.speedKmh !== "number")
      throw new SyraqError(
        "BAD_GEOJSON",
        `${options.origin} feature ${i}: property speedKmh must be a number of km/h, got ${typeof p.speedKmh === "string" ? `the text '${String(p.speedKmh).slice(0, 20)}'` : `a ${typeof p.speedKmh}`}`,
        { origin: options.origin, index: i, field: "speedKmh" },
      );
    let speedKmh: number | undefined = typeof p.speedKmh === "number" ? p.speedKmh : undefined;
    if (speedKmh === undefined && p.maxspeed !== undefined) {
      const m = /^\s*(\d+(?:\.\d+)?)\s*(mph)?/.exec(String(p.maxspeed));
      if (m) speedKmh = Number(m[1]) * (m[2] ? 1.609344 : 1);
    }
    if (speedKmh !== undefined && !(speedKmh > 0)) {
      throw new SyraqError("BAD_GEOJSON", `${options.origin} feature ${i}: speed ${speedKmh} km/h must be > 0`, {
        origin: options.origin,
        index: i,
      });
    }
    // the model caps a road's speed at its class speed; a value beyond any road vehicle is a data error, not a speed
    if (speedKmh !== undefined && !(speedKmh <= MAX_ROAD_SPEED_KMH)) {
      throw new SyraqError(
        "BAD_GEOJSON",
        `${options.origin} feature ${i}: speed ${speedKmh} km/h is not a road speed (at most ${MAX_ROAD_SPEED_KMH} km/h; speeds above the road class's speed are capped at it anyway)`,
        { origin: options.origin, index: i },
      );
    }
    const parts: number[][][] = g.type === "LineString" ? [g.coordinates] : g.coordinates;
    if (!Array.isArray(parts) || !parts.every(Array.isArray))
      throw new SyraqError(
        "BAD_GEOJSON",
        `${options.origin} feature ${i}: the ${g.type}'s coordinates are not lists of [lon, lat] positions`,
        { origin: options.origin, index: i },
      );
    for (const part of parts) {
      const coords: LonLat[] = [];
      for (const c of part ?? []) {
        if (!Array.isArray(c) || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) {
          throw new SyraqError(
            "BAD_GEOJSON",
            `${options.origin} feature ${i}: coordinate ${String(JSON.stringify(c)).slice(0, 40)} is not [lon, lat]`,
            { origin: options.origin, index: i },
          );
        }
        if (Math.abs(c[1]!) > 90) {
          throw new SyraqError(
            "OUT_OF_RANGE",
            `${options.origin} feature ${i}: latitude ${c[1]} is outside -90..90 (coordinates are [lon, lat])`,
            { origin: options.origin, index: i },
          );
        }
        coords.push([c[0]!, c[1]!]);
      }
      if (coords.length < 2) {
        skipped++;
        continue;
      }
      const name = typeof p.name === "string" ? p.name : typeof p.ref === "string" ? p.ref : undefined;
      lines.push({
        coordinates: coords,
        roadClass,
        ...(speedKmh !== undefined ? { speedKmh } : {}),
        ...(name ? { name } : {}),
        origin: options.origin,
      });
    }
  });
  return { lines, skipped };
}

interface Seg {
  line: number;
  index: number; // segment index within the line
  id: number; // global segment id
  x0: number; // first bucket column and row of the segment's box
  y0: number;
}

/** Finds proper intersections between segments; returns extra split points per (line, segment). */
function intersectionPoints(lines: RoadLine[]): Map<string, Array<{ t: number; p: LonLat }>> {
  const cell = 0.05;
  const buckets = new Map<string, { x: number; y: number; list: Seg[] }>();
  let nextId = 0;
  lines.forEach((l, li) => {
    for (let i = 0; i + 1 < l.coordinates.length; i++) {
      const id = nextId++;
      const a = l.coordinates[i]!;
      const b = l.coordinates[i + 1]!;
      const x0 = Math.floor(Math.min(a[0], b[0]) / cell);
      const y0 = Math.floor(Math.min(a[1], b[1]) / cell);
      for (let x = x0; x <= Math.floor(Math.max(a[0], b[0]) / cell); x++)
        for (let y = y0; y <= Math.floor(Math.max(a[1], b[1]) / cell); y++) {
          const k = `${x},${y}`;
          let bucket = buckets.get(k);
          if (!bucket) buckets.set(k, (bucket = { x, y, list: [] }));
          bucket.list.push({ line: li, index: i, id, x0, y0 });
        }
    }
  });
  const out = new Map<string, Array<{ t: number; p: LonLat }>>();
  const add = (s: Seg, t: number, p: LonLat) => {
    const k = `${s.line}:${s.index}`;
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    if (!list.some((e) => Math.abs(e.t - t) < 1e-12)) list.push({ t, p });
  };
  for (const { x, y, list } of buckets.values()) {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const s = list[i]!;
        const u = list[j]!;
        if (s.line === u.line && Math.abs(s.index - u.index) <= 1) continue;
        // a pair sharing several buckets is tested once: in the first bucket both boxes cover (no set of pairs,
        // which overflowed on big road files)
        if (Math.max(s.x0, u.x0) !== x || Math.max(s.y0, u.y0) !== y) continue;
        const a = lines[s.line]!.coordinates[s.index]!;
        const b = lines[s.line]!.coordinates[s.index + 1]!;
        const c = lines[u.line]!.coordinates[u.index]!;
        const d = lines[u.line]!.coordinates[u.index + 1]!;
        const r = [b[0] - a[0], b[1] - a[1]];
        const q = [d[0] - c[0], d[1] - c[1]];
        const den = r[0]! * q[1]! - r[1]! * q[0]!;
        if (den === 0) continue;
        const t = ((c[0] - a[0]) * q[1]! - (c[1] - a[1]) * q[0]!) / den;
        const w = ((c[0] - a[0]) * r[1]! - (c[1] - a[1]) * r[0]!) / den;
        // strictly inside both segments: shared endpoints are already shared nodes
        if (t <= 1e-9 || t >= 1 - 1e-9 || w <= 1e-9 || w >= 1 - 1e-9) continue;
        const p: LonLat = [a[0] + t * r[0]!, a[1] + t * r[1]!];
        add(s, t, p);
        add(u, w, p);
      }
  }
  return out;
}

/**
 * Builds the noded, densified network graph from road lines.
 *
 * Lines are split where they cross and densified so no link is longer than the maximum segment (metres); link lengths
 * are geodesic metres.
 *
 * Throws BAD_OPTION for a `maxSegmentMetres` that is not positive.
 *
 * @example
 * ```ts
 * import { buildRoadNetwork } from "@syraq/core";
 * const net = buildRoadNetwork([
 *   { coordinates: [[39.0, 35.95], [38.28, 34.56]], roadClass: "primary", origin: "example" },
 * ]);
 * net.stats.lengthMetres; // ≈ 167 km of road, in metres
 * ```
 */
export function buildRoadNetwork(lines: RoadLine[], options: BuildNetworkOptions = {}): RoadNetwork {
  const maxSeg = options.maxSegmentMetres ?? 2000;
  if (!(maxSeg > 0)) throw new SyraqError("BAD_OPTION", `maxSegmentMetres must be > 0; got ${maxSeg}`, { maxSeg });
  const splits = options.nodeIntersections === false ? new Map() : intersectionPoints(lines);
  let intersectionsAdded = 0;
  for (const v of splits.values()) intersectionsAdded += v.length;
  intersectionsAdded /= 2;

  const graph = createGraph<NetworkNodeData, NetworkLinkData>();
  const positions: LonLat[] = [];
  const ids = new Map<string, number>();
  const links: RoadNetwork["links"] = [];
  const linkIndex = new Map<number, number>();
  let totalLength = 0;
  const nodeFor = (p: LonLat): number => {
    const k = keyOf(p);
    let id = ids.get(k);
    if (id === undefined) {
      id = positions.length;
      const pos: LonLat = [round7(p[0]), round7(p[1])];
      positions.push(pos);
      ids.set(k, id);
      graph.addNode(id, { position: pos });
    }
    return id;
  };
  const addLink = (a: number, b: number, line: RoadLine) => {
    if (a === b) return;
    const from = Math.min(a, b);
    const to = Math.max(a, b);
    const lengthMetres = geodesicInverse(positions[from]!, positions[to]!).lengthMetres;
    const existing = graph.getLink(from, to);
    const data: NetworkLinkData = {
      lengthMetres,
      roadClass: line.roadClass,
      ...(line.speedKmh !== undefined ? { speedKmh: line.speedKmh } : {}),
      ...(line.name ? { name: line.name } : {}),
      origin: line.origin,
    };
    if (existing) {
      // Two lines over the same piece: keep the faster class (lower rank index).
      if (ROAD_CLASSES.indexOf(line.roadClass) < ROAD_CLASSES.indexOf(existing.data.roadClass)) {
        existing.data = data;
        const l = linkIndex.get(from * 4294967296 + to);
        if (l !== undefined) links[l]!.data = data;
      }
      return;
    }
    graph.addLink(from, to, data);
    linkIndex.set(from * 4294967296 + to, links.length);
    links.push({ from, to, data });
    totalLength += lengthMetres;
  };

  lines.forEach((line, li) => {
    // the vertex sequence with intersection points inserted in order along each segment
    const seq: LonLat[] = [line.coordinates[0]!];
    for (let i = 0; i + 1 < line.coordinates.length; i++) {
      const extra = splits.get(`${li}:${i}`);
      if (extra) for (const e of [...extra].sort((x, y) => x.t - y.t)) seq.push(e.p);
      seq.push(line.coordinates[i + 1]!);
    }
    let prev = nodeFor(seq[0]!);
    for (let i = 1; i < seq.length; i++) {
      const a = positions[prev]!;
      const b = seq[i]!;
      const len = geodesicInverse(a, b).lengthMetres;
      const pieces = Math.max(1, Math.ceil(len / maxSeg));
      // interpolate in lon/lat: pieces are ≤ a few km, where the geodesic and the
      // straight lon/lat segment differ by centimetres
      for (let k = 1; k < pieces; k++) {
        const t = k / pieces;
        const id = nodeFor([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
        addLink(prev, id, line);
        prev = id;
      }
      const id = nodeFor(b);
      addLink(prev, id, line);
      prev = id;
    }
  });
  return {
    graph,
    positions,
    links,
    stats: {
      lines: lines.length,
      nodes: positions.length,
      links: links.length,
      intersectionsAdded,
      lengthMetres: totalLength,
    },
  };
}
