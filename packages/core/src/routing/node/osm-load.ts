/**
 * Loads an OpenStreetMap extract (.osm.pbf) as the compact road network, through a
 * binary cache keyed by the file's sha256 and the class table: the first load parses
 * and builds (seconds per million nodes), later loads read a few typed arrays.
 *
 * Cache folder: `cacheDir`, else $SYRAQ_CACHE_DIR/osm, else ~/.cache/syraq/osm. Every
 * file there can be deleted at any time; a damaged one is rebuilt.
 *
 * File layout (little-endian): "SYRAQOSM" (8 bytes), format version (uint32), header
 * length (uint32), header JSON (names, stats, sections), then the typed arrays of the
 * network, each at an 8-byte aligned offset given in the header.
 */
import { createHash } from "node:crypto";
import { createReadStream, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync, existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { SyraqError } from "../../errors.ts";
import { readOsmPbfWays } from "../../io/node/osm-pbf.ts";
import {
  buildOsmNetwork,
  DEFAULT_OSM_TABLE,
  OSM_NODE_TAG_KEYS,
  OSM_WAY_TAG_KEYS,
  osmWayKind,
  type CompactRoadNetwork,
  type OsmRoadTable,
} from "../osm.ts";

const MAGIC = "SYRAQOSM";
/** Bump when the network rules or the file layout change: old cache files are then ignored. */
export const OSM_CACHE_VERSION = 1;

/**
 * Options of {@link loadOsmNetwork}: the class table and the cache folder.
 */
export interface LoadOsmOptions {
  table?: OsmRoadTable;
  /** Cache folder (default: $SYRAQ_CACHE_DIR/osm or ~/.cache/syraq/osm); `false` disables the cache. */
  cacheDir?: string | false;
  onProgress?(message: string): void;
}

/**
 * An OSM road network from {@link loadOsmNetwork}, with its checksum and timings in milliseconds.
 */
export interface LoadedOsmNetwork {
  network: CompactRoadNetwork;
  sha256: string;
  /** Whether the network came from the cache. */
  cached: boolean;
  cachePath?: string;
  /** Hashing the file, ms. */
  hashMs: number;
  /** Parsing + building (0 when cached), ms. */
  buildMs: number;
  /** Reading the cache file (0 when built), ms. */
  loadMs: number;
  /** OSM reading stats (when built). */
  read?: { nodesRead: number; waysRead: number; waysKept: number; missingNodeRefs: number };
}

/**
 * The OSM cache folder: $SYRAQ_CACHE_DIR/osm, else ~/.cache/syraq/osm. Safe to delete.
 *
 * @example
 * ```ts
 * import { defaultOsmCacheDir } from "@syraq/core/node";
 * defaultOsmCacheDir(); // "/home/me/.cache/syraq/osm"
 * ```
 */
export function defaultOsmCacheDir(): string {
  const base = process.env.SYRAQ_CACHE_DIR || join(homedir(), ".cache", "syraq");
  return join(base, "osm");
}

/**
 * Hex SHA-256 of a file, streamed (for large .osm.pbf files).
 *
 * Throws DATA_MISSING when the file cannot be read.
 *
 * @example
 * ```ts
 * import { sha256File } from "@syraq/core/node";
 * await sha256File("syria.osm.pbf"); // 64 hex digits
 * ```
 */
export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  try {
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  } catch (e) {
    throw new SyraqError("DATA_MISSING", `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? ""}`, { path });
  }
  return h.digest("hex");
}

type Section = keyof Pick<
  CompactRoadNetwork,
  | "lon"
  | "lat"
  | "linkFrom"
  | "linkTo"
  | "linkLengthMetres"
  | "linkClass"
  | "linkSpeedKmh"
  | "linkDurationSeconds"
  | "linkFlags"
  | "linkName"
>;
const SECTIONS: Array<[Section, "f64" | "f32" | "i32" | "i8" | "u8"]> = [
  ["lon", "f64"],
  ["lat", "f64"],
  ["linkFrom", "i32"],
  ["linkTo", "i32"],
  ["linkLengthMetres", "f64"],
  ["linkClass", "i8"],
  ["linkSpeedKmh", "f32"],
  ["linkDurationSeconds", "f32"],
  ["linkFlags", "u8"],
  ["linkName", "i32"],
];
const CTORS = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  i8: Int8Array,
  u8: Uint8Array,
} as const;

/**
 * Serialises a compact network (the cache file's bytes).
 *
 * @example
 * ```ts
 * import { decodeCompactNetwork, encodeCompactNetwork, loadOsmNetwork } from "@syraq/core/node";
 * const { network } = await loadOsmNetwork("syria.osm.pbf");
 * const again = decodeCompactNetwork(encodeCompactNetwork(network)); // the same network
 * ```
 */
export function encodeCompactNetwork(net: CompactRoadNetwork): Uint8Array {
  const sections: Array<{ name: string; offset: number; length: number }> = [];
  const headerBase = { names: net.names, stats: net.stats };
  // offsets are relative to the start of the data area (8-byte aligned after the header)
  let off = 0;
  for (const [name] of SECTIONS) {
    const arr = net[name];
    sections.push({ name, offset: off, length: arr.length });
    off = (off + arr.byteLength + 7) & ~7;
  }
  const header = new TextEncoder().encode(JSON.stringify({ ...headerBase, sections }));
  const dataStart = (16 + header.length + 7) & ~7;
  const out = new Uint8Array(dataStart + off);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, OSM_CACHE_VERSION, true);
  view.setUint32(12, header.length, true);
  out.set(header, 16);
  SECTIONS.forEach(([name], k) => {
    const arr = net[name];
    out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), dataStart + sections[k]!.offset);
  });
  return out;
}

/**
 * Reads a cache file's bytes back; null when it is not a cache file of this version.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { decodeCompactNetwork } from "@syraq/core/node";
 * const network = decodeCompactNetwork(readFileSync("network.bin")); // null when not a cache file
 * ```
 */
export function decodeCompactNetwork(bytes: Uint8Array): CompactRoadNetwork | null {
  if (bytes.length < 16) return null;
  for (let i = 0; i < 8; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8, true) !== OSM_CACHE_VERSION) return null;
  const hl = view.getUint32(12, true);
  if (16 + hl > bytes.length) return null;
  let header: {
    names: string[];
    stats: CompactRoadNetwork["stats"];
    sections: Array<{ name: string; offset: number; length: number }>;
  };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + hl)));
  } catch {
    return null;
  }
  const dataStart = (16 + hl + 7) & ~7;
  // typed-array views need offsets that are multiples of their element size: copy only when misaligned
  let data = bytes.subarray(dataStart);
  if (data.byteOffset % 8 !== 0) data = data.slice();
  const out: Partial<CompactRoadNetwork> = { names: header.names, stats: header.stats };
  for (const [name, type] of SECTIONS) {
    const s = header.sections.find((x) => x.name === name);
    if (!s) return null;
    const C = CTORS[type];
    if (s.offset + s.length * C.BYTES_PER_ELEMENT > data.length) return null;
    (out as Record<string, unknown>)[name] = new C(data.buffer as ArrayBuffer, data.byteOffset + s.offset, s.length);
  }
  const net = out as CompactRoadNetwork;
  if (net.lat.length !== net.lon.length || net.linkTo.length !== net.linkFrom.length) return null;
  return net;
}

/**
 * The compact road network of an .osm.pbf file, from the cache when a file with the same
 * sha256 and class table was built before. No road in the file → EMPTY_GEOJSON (exit 2).
 *
 * Throws DATA_MISSING when the file is absent.
 *
 * @example
 * ```ts
 * import { loadOsmNetwork } from "@syraq/core/node";
 * const { network, cached, hashMs } = await loadOsmNetwork("syria.osm.pbf", { cacheDir: false });
 * ```
 */
export async function loadOsmNetwork(path: string, options: LoadOsmOptions = {}): Promise<LoadedOsmNetwork> {
  if (!existsSync(path)) throw new SyraqError("DATA_MISSING", `OSM file not found: ${path}`, { path });
  const table = options.table ?? DEFAULT_OSM_TABLE;
  const t0 = performance.now();
  const sha256 = await sha256File(path);
  const hashMs = performance.now() - t0;
  const tableKey = createHash("sha256")
    .update(JSON.stringify([table.ferrySpeedKmh, Object.entries(table.highway).sort()]))
    .digest("hex")
    .slice(0, 12);
  const dir = options.cacheDir === false ? null : (options.cacheDir ?? defaultOsmCacheDir());
  const cachePath = dir ? join(dir, `${sha256}-${tableKey}-v${OSM_CACHE_VERSION}.bin`) : undefined;
  if (cachePath && existsSync(cachePath)) {
    const t1 = performance.now();
    let net: CompactRoadNetwork | null = null;
    try {
      net = decodeCompactNetwork(readFileSync(cachePath));
    } catch {
      net = null;
    }
    if (net)
      return { network: net, sha256, cached: true, cachePath, hashMs, buildMs: 0, loadMs: performance.now() - t1 };
    options.onProgress?.(`cache file ${cachePath} is damaged; rebuilding`);
  }
  const t2 = performance.now();
  const ways = await readOsmPbfWays(path, {
    keepWay: (tags) => osmWayKind(tags, table) !== null,
    wayTagKeys: OSM_WAY_TAG_KEYS,
    nodeTagKeys: OSM_NODE_TAG_KEYS,
    ...(options.onProgress
      ? { onProgress: (n: number) => options.onProgress!(`${(n / 1e6).toFixed(1)} M OSM objects read`) }
      : {}),
  });
  const network = buildOsmNetwork(ways, table);
  const buildMs = performance.now() - t2;
  if (network.stats.links === 0)
    throw new SyraqError(
      "EMPTY_GEOJSON",
      `${path} holds no road: no way with a highway tag of the class table (${Object.keys(table.highway).slice(0, 6).join(", ")}, …) or route=ferry`,
      { path },
    );
  if (dir && cachePath) {
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = `${cachePath}.${process.pid}.tmp`;
      writeFileSync(tmp, encodeCompactNetwork(network));
      renameSync(tmp, cachePath);
    } catch (e) {
      // a read-only cache folder costs speed, not correctness
      options.onProgress?.(`cannot write the OSM cache in ${dir} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
      try {
        unlinkSync(`${cachePath}.${process.pid}.tmp`);
      } catch {}
    }
  }
  return {
    network,
    sha256,
    cached: false,
    ...(cachePath ? { cachePath } : {}),
    hashMs,
    buildMs,
    loadMs: 0,
    read: ways.stats,
  };
}
