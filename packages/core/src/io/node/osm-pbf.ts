/**
 * Streams an OpenStreetMap PBF file (osm-pbf-parser-node, pure JS, one block at a
 * time) and keeps only the ways a caller selects by their tags, with the
 * coordinates of their nodes. Nothing here knows about roads: routing/osm.ts
 * classifies the ways.
 *
 * Memory: every node's id and position is kept in typed arrays (24 bytes a node)
 * because ways come after nodes in a PBF and name their nodes only by id; the
 * tags of nodes are kept only for the keys asked for (e.g. `ford`).
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { SyraqError } from "../../errors.ts";

/**
 * Which ways and tags {@link readOsmPbfWays} keeps.
 */
export interface OsmWaysRequest {
  /** Keeps a way when this returns true for its tags (ways without tags are never kept). */
  keepWay(tags: Record<string, string>): boolean;
  /** Way tag keys to keep on the kept ways (others are dropped while parsing). */
  wayTagKeys: readonly string[];
  /** Node tag keys to keep (e.g. ["ford"]); nodes with one of them are reported in `taggedNodes`. */
  nodeTagKeys?: readonly string[];
  /** Called every few blocks with the number of OSM objects read so far. */
  onProgress?(objects: number): void;
}

/**
 * The ways read from an .osm.pbf file: node positions in degrees, way node lists and tags.
 */
export interface OsmWays {
  /** Position of each node used by a kept way (index = way node index), degrees. */
  lon: Float64Array;
  lat: Float64Array;
  /** OSM id of each used node. */
  nodeId: Float64Array;
  /** Kept ways: node indices of way w are wayNodes[wayStart[w] .. wayStart[w+1]). */
  wayStart: Int32Array;
  wayNodes: Int32Array;
  wayId: Float64Array;
  wayTags: Array<Record<string, string>>;
  /** Used nodes carrying one of the requested node tag keys: used-node index → tags. */
  taggedNodes: Map<number, Record<string, string>>;
  stats: { nodesRead: number; waysRead: number; waysKept: number; missingNodeRefs: number };
}

class GrowF64 {
  a = new Float64Array(1 << 16);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Float64Array {
    return this.a.subarray(0, this.n);
  }
}

/** Index of `id` in the ascending array `ids`, −1 when absent. */
function findId(ids: Float64Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (v < id) lo = mid + 1;
    else if (v > id) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/**
 * Reads the ways a request keeps from an .osm.pbf file. Missing file → DATA_MISSING;
 * a file that is not OSM PBF (or is truncated) → DATA_CORRUPT naming the file.
 *
 * Throws BAD_OPTION when the path is a folder.
 *
 * @example
 * ```ts
 * import { DEFAULT_OSM_TABLE, OSM_WAY_TAG_KEYS, osmWayKind } from "@syraq/core";
 * import { readOsmPbfWays } from "@syraq/core/node";
 * const ways = await readOsmPbfWays("syria.osm.pbf", {
 *   keepWay: (tags) => osmWayKind(tags, DEFAULT_OSM_TABLE) !== null,
 *   wayTagKeys: OSM_WAY_TAG_KEYS,
 * });
 * ways.stats.waysKept;
 * ```
 */
export async function readOsmPbfWays(path: string, request: OsmWaysRequest): Promise<OsmWays> {
  if (!existsSync(path)) throw new SyraqError("DATA_MISSING", `OSM file not found: ${path}`, { path });
  if (!statSync(path).isFile())
    throw new SyraqError("BAD_OPTION", `${path} is a folder, not an .osm.pbf file`, { path });
  const { OSMTransform } = await import("osm-pbf-parser-node");
  const { inflateSync } = await import("node:zlib");
  // the package frames the file into blobs; the blocks are decoded here straight into typed arrays
  // (the package's per-object decoding costs ~5× more on a country extract)
  const transform = new OSMTransform({ writeRaw: true });
  const ids = new GrowF64();
  const lons = new GrowF64();
  const lats = new GrowF64();
  const sink: BlockSink = {
    ids,
    lons,
    lats,
    sorted: true,
    lastId: -Infinity,
    nodeTagKeys: new Set(request.nodeTagKeys ?? []),
    wayTagKeys: new Set(request.wayTagKeys),
    nodeTagsById: new Map(),
    keepWay: request.keepWay,
    keptWays: [],
    nodesRead: 0,
    waysRead: 0,
  };
  let blocks = 0;
  const stream = createReadStream(path).pipe(transform);
  try {
    for await (const chunk of stream as AsyncIterable<unknown>) {
      if (!(chunk instanceof Uint8Array)) continue; // the OSMHeader block
      decodePrimitiveBlock(inflateSync(chunk), sink);
      if (request.onProgress && ++blocks % 16 === 0) request.onProgress(sink.nodesRead + sink.waysRead);
    }
  } catch (e) {
    stream.destroy();
    throw new SyraqError(
      "DATA_CORRUPT",
      `${path} is not a readable OSM PBF file (${(e as Error).message}); convert .osm/.o5m with osmium cat -o FILE.osm.pbf`,
      { path },
    );
  }
  const { sorted, nodeTagsById, keptWays, nodesRead, waysRead } = sink;
  let nodeIds = ids.done();
  let nodeLon = lons.done();
  let nodeLat = lats.done();
  if (!sorted) {
    // PBF files written by osmium are sorted by id; others are sorted here once
    const order = Array.from({ length: nodeIds.length }, (_, i) => i).sort((a, b) => nodeIds[a]! - nodeIds[b]!);
    nodeIds = Float64Array.from(order, (i) => nodeIds[i]!);
    nodeLon = Float64Array.from(order, (i) => nodeLon[i]!);
    nodeLat = Float64Array.from(order, (i) => nodeLat[i]!);
  }
  // used nodes only, numbered in order of first use
  const usedIndex = new Int32Array(nodeIds.length).fill(-1);
  const used: number[] = [];
  const wayStart = new Int32Array(keptWays.length + 1);
  let total = 0;
  for (const w of keptWays) total += w.refs.length;
  const wayNodes = new Int32Array(total);
  const wayId = new Float64Array(keptWays.length);
  const wayTags: Array<Record<string, string>> = [];
  let missingNodeRefs = 0;
  let k = 0;
  let wk = 0;
  for (const w of keptWays) {
    const start = k;
    for (const ref of w.refs) {
      const i = findId(nodeIds, ref);
      if (i < 0) {
        missingNodeRefs++; // extracts cut at a boundary keep ways whose nodes lie outside
        continue;
      }
      let u = usedIndex[i]!;
      if (u < 0) {
        u = used.length;
        used.push(i);
        usedIndex[i] = u;
      }
      wayNodes[k++] = u;
    }
    if (k - start < 2) {
      k = start;
      continue;
    }
    wayStart[wk] = start;
    wayId[wk] = w.id;
    wayTags.push(w.tags);
    wk++;
  }
  wayStart[wk] = k;
  const lon = Float64Array.from(used, (i) => nodeLon[i]!);
  const lat = Float64Array.from(used, (i) => nodeLat[i]!);
  const nodeId = Float64Array.from(used, (i) => nodeIds[i]!);
  const taggedNodes = new Map<number, Record<string, string>>();
  for (const [id, tags] of nodeTagsById) {
    const i = findId(nodeIds, id);
    if (i >= 0 && usedIndex[i]! >= 0) taggedNodes.set(usedIndex[i]!, tags);
  }
  return {
    lon,
    lat,
    nodeId,
    wayStart: wayStart.subarray(0, wk + 1),
    wayNodes: wayNodes.subarray(0, k),
    wayId: wayId.subarray(0, wk),
    wayTags,
    taggedNodes,
    stats: { nodesRead, waysRead, waysKept: wk, missingNodeRefs },
  };
}

// --- PrimitiveBlock decoding (OSM-binary osmformat.proto) ---------------------------------

interface BlockSink {
  ids: GrowF64;
  lons: GrowF64;
  lats: GrowF64;
  sorted: boolean;
  lastId: number;
  nodeTagKeys: Set<string>;
  wayTagKeys: Set<string>;
  nodeTagsById: Map<number, Record<string, string>>;
  keepWay(tags: Record<string, string>): boolean;
  keptWays: Array<{ id: number; refs: number[]; tags: Record<string, string> }>;
  nodesRead: number;
  waysRead: number;
}

/** A protobuf wire-format reader over one message (positions are byte offsets into `buf`). */
class Wire {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  varint(): number {
    const b = this.buf;
    let x = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.end) throw new Error("truncated varint");
      const byte = b[this.pos++]!;
      x += (byte & 0x7f) * mul;
      if (byte < 0x80) return x;
      mul *= 128;
    }
  }
  svarint(): number {
    const v = this.varint();
    // zigzag on values beyond 2^31: arithmetic instead of bit operators
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }
  /** Skips a field of the given wire type. */
  skip(type: number): void {
    if (type === 0) this.varint();
    else if (type === 1) this.pos += 8;
    else if (type === 2) {
      const len = this.varint(); // read before adding: `pos += varint()` would add to the old pos
      this.pos += len;
    } else if (type === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${type}`);
  }
  /** [start, end) of a length-delimited field's bytes. */
  bytes(): [number, number] {
    const len = this.varint();
    const s = this.pos;
    this.pos += len;
    if (this.pos > this.end) throw new Error("truncated field");
    return [s, this.pos];
  }
}

const utf8 = new TextDecoder();
/** A varint read as unsigned → the int64 it encodes (two's complement beyond 2^63). */
const int64 = (v: number) => (v >= 2 ** 63 ? v - 2 ** 64 : v);

function decodePrimitiveBlock(buf: Uint8Array, sink: BlockSink): void {
  const w = new Wire(buf, 0, buf.length);
  let strings: string[] = [];
  const groups: Array<[number, number]> = [];
  let granularity = 100;
  let latOffset = 0;
  let lonOffset = 0;
  while (w.pos < w.end) {
    const key = w.varint();
    const field = Math.floor(key / 8);
    const type = key & 7;
    if (field === 1 && type === 2) {
      const [s, e] = w.bytes();
      strings = [];
      const st = new Wire(buf, s, e);
      while (st.pos < st.end) {
        const k = st.varint();
        if (k >>> 3 === 1 && (k & 7) === 2) {
          const [a, b] = st.bytes();
          strings.push(utf8.decode(buf.subarray(a, b)));
        } else st.skip(k & 7);
      }
    } else if (field === 2 && type === 2) groups.push(w.bytes());
    else if (field === 17 && type === 0) granularity = w.varint();
    else if (field === 19 && type === 0) latOffset = int64(w.varint());
    else if (field === 20 && type === 0) lonOffset = int64(w.varint());
    else w.skip(type);
  }
  const scale = granularity * 1e-9;
  const latOff = latOffset * 1e-9;
  const lonOff = lonOffset * 1e-9;
  // string-table indices of the wanted keys, once per block
  const wayKeyIdx = new Map<number, string>();
  const nodeKeyIdx = new Map<number, string>();
  strings.forEach((s, i) => {
    if (sink.wayTagKeys.has(s)) wayKeyIdx.set(i, s);
    if (sink.nodeTagKeys.has(s)) nodeKeyIdx.set(i, s);
  });
  const addNode = (id: number, latRaw: number, lonRaw: number) => {
    sink.nodesRead++;
    if (id < sink.lastId) sink.sorted = false;
    sink.lastId = id;
    sink.ids.push(id);
    sink.lats.push(Math.round((latOff + latRaw * scale) * 1e7) / 1e7);
    sink.lons.push(Math.round((lonOff + lonRaw * scale) * 1e7) / 1e7);
  };
  for (const [gs, ge] of groups) {
    const g = new Wire(buf, gs, ge);
    while (g.pos < g.end) {
      const key = g.varint();
      const field = Math.floor(key / 8);
      const type = key & 7;
      if (type !== 2) {
        g.skip(type);
        continue;
      }
      const [s, e] = g.bytes();
      if (field === 2) decodeDense(buf, s, e, sink, addNode, strings, nodeKeyIdx);
      else if (field === 3) decodeWay(buf, s, e, sink, strings, wayKeyIdx);
      else if (field === 1) {
        // a plain (non-dense) node
        const n = new Wire(buf, s, e);
        let id = 0;
        let lat = 0;
        let lon = 0;
        let keys: [number, number] | null = null;
        let vals: [number, number] | null = null;
        while (n.pos < n.end) {
          const k = n.varint();
          const f = Math.floor(k / 8);
          if (f === 1) id = n.svarint();
          else if (f === 8) lat = n.svarint();
          else if (f === 9) lon = n.svarint();
          else if (f === 2 && (k & 7) === 2) keys = n.bytes();
          else if (f === 3 && (k & 7) === 2) vals = n.bytes();
          else n.skip(k & 7);
        }
        addNode(id, lat, lon);
        if (keys && vals && nodeKeyIdx.size) {
          const tags = pickTags(buf, keys, vals, strings, nodeKeyIdx);
          if (tags) sink.nodeTagsById.set(id, tags);
        }
      }
      // relations (4) and changesets (5) are not needed
    }
  }
}

function packedRange(w: Wire): [number, number] {
  return w.bytes();
}

function decodeDense(
  buf: Uint8Array,
  s: number,
  e: number,
  sink: BlockSink,
  addNode: (id: number, lat: number, lon: number) => void,
  strings: string[],
  nodeKeyIdx: Map<number, string>,
): void {
  const d = new Wire(buf, s, e);
  let idR: [number, number] | null = null;
  let latR: [number, number] | null = null;
  let lonR: [number, number] | null = null;
  let kvR: [number, number] | null = null;
  while (d.pos < d.end) {
    const k = d.varint();
    const f = Math.floor(k / 8);
    if ((k & 7) !== 2) {
      d.skip(k & 7);
      continue;
    }
    if (f === 1) idR = packedRange(d);
    else if (f === 8) latR = packedRange(d);
    else if (f === 9) lonR = packedRange(d);
    else if (f === 10) kvR = packedRange(d);
    else d.skip(2); // denseinfo (5)
  }
  if (!idR || !latR || !lonR) return;
  const ids = new Wire(buf, idR[0], idR[1]);
  const lats = new Wire(buf, latR[0], latR[1]);
  const lons = new Wire(buf, lonR[0], lonR[1]);
  const kv = kvR && nodeKeyIdx.size ? new Wire(buf, kvR[0], kvR[1]) : null;
  let id = 0;
  let lat = 0;
  let lon = 0;
  while (ids.pos < ids.end) {
    id += ids.svarint();
    lat += lats.svarint();
    lon += lons.svarint();
    addNode(id, lat, lon);
    if (kv) {
      // keys_vals: (key, val)* 0 per node
      let tags: Record<string, string> | null = null;
      while (kv.pos < kv.end) {
        const key = kv.varint();
        if (key === 0) break;
        const val = kv.varint();
        const name = nodeKeyIdx.get(key);
        if (name !== undefined) (tags ??= {})[name] = strings[val] ?? "";
      }
      if (tags) sink.nodeTagsById.set(id, tags);
    }
  }
  if (ids.pos !== ids.end || lats.pos !== lats.end || lons.pos !== lons.end)
    throw new Error("dense node arrays of different lengths");
}

function pickTags(
  buf: Uint8Array,
  keysR: [number, number],
  valsR: [number, number],
  strings: string[],
  keyIdx: Map<number, string>,
): Record<string, string> | null {
  const keys = new Wire(buf, keysR[0], keysR[1]);
  const vals = new Wire(buf, valsR[0], valsR[1]);
  let tags: Record<string, string> | null = null;
  while (keys.pos < keys.end) {
    const k = keys.varint();
    const v = vals.varint();
    const name = keyIdx.get(k);
    if (name !== undefined) (tags ??= {})[name] = strings[v] ?? "";
  }
  return tags;
}

function decodeWay(
  buf: Uint8Array,
  s: number,
  e: number,
  sink: BlockSink,
  strings: string[],
  keyIdx: Map<number, string>,
): void {
  sink.waysRead++;
  const w = new Wire(buf, s, e);
  let id = 0;
  let keys: [number, number] | null = null;
  let vals: [number, number] | null = null;
  let refs: [number, number] | null = null;
  while (w.pos < w.end) {
    const k = w.varint();
    const f = Math.floor(k / 8);
    const type = k & 7;
    if (f === 1 && type === 0) id = w.varint();
    else if (f === 2 && type === 2) keys = w.bytes();
    else if (f === 3 && type === 2) vals = w.bytes();
    else if (f === 8 && type === 2) refs = w.bytes();
    else w.skip(type);
  }
  if (!keys || !vals || !refs) return;
  const tags = pickTags(buf, keys, vals, strings, keyIdx);
  if (!tags || !sink.keepWay(tags)) return;
  const r = new Wire(buf, refs[0], refs[1]);
  const list: number[] = [];
  let ref = 0;
  while (r.pos < r.end) {
    ref += r.svarint();
    list.push(ref);
  }
  if (list.length >= 2) sink.keptWays.push({ id, refs: list, tags });
}
