/**
 * Vector files as GeoJSON FeatureCollections in WGS84 lon/lat, by extension:
 *   .geojson / .json (and anything else) → readGeoJsonFile,
 *   .gpkg → GeoPackage (sql.js, SQLite compiled to WebAssembly): the first feature table of
 *           gpkg_contents (or `layer`), geometries from GeoPackage WKB, other columns as properties,
 *   .fgb  → FlatGeobuf (the flatgeobuf package),
 *   .shp  → Shapefile with its .dbf (the shapefile package) and .prj.
 * Data in another CRS (GeoPackage srs_id, FlatGeobuf header, Shapefile .prj) is transformed to
 * WGS84 lon/lat with proj4 (EPSG codes from the EPSG database, raster/node/epsg.ts). The callers
 * then validate the collection exactly as a GeoJSON file (same codes and messages).
 * The readers are imported when a file of their kind is read (fast CLI start).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import proj4 from "proj4";
import { SyraqError } from "../../errors.ts";
import { epsgDefinition } from "../../raster/node/epsg.ts";
import { readGeoJsonFile, setPreloadedVector } from "./geojson.ts";

/**
 * A vector file's features as a lon/lat GeoJSON FeatureCollection.
 */
export interface VectorCollection {
  type: "FeatureCollection";
  features: Array<{ type: "Feature"; geometry: Geometry | null; properties: Record<string, unknown> }>;
}
type Position = number[];
type Geometry =
  | { type: "Point"; coordinates: Position }
  | { type: "MultiPoint" | "LineString"; coordinates: Position[] }
  | { type: "MultiLineString" | "Polygon"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] }
  | { type: "GeometryCollection"; geometries: Geometry[] };

/**
 * File extensions {@link readVectorFile} reads.
 */
export const VECTOR_EXTENSIONS = [".geojson", ".json", ".gpkg", ".fgb", ".shp"] as const;

/**
 * Options of {@link readVectorFile}.
 */
export interface ReadVectorOptions {
  /** GeoPackage table to read (default: the first feature table). */
  layer?: string;
}

const WGS84 = "+proj=longlat +datum=WGS84 +no_defs";

/**
 * Reads a vector file as a lon/lat FeatureCollection; `what` names it in messages ("road network").
 *
 * GeoJSON, GeoPackage, FlatGeobuf or Shapefile, reprojected to [lon, lat] degrees. Throws DATA_MISSING (exit 3) or
 * BAD_GEOJSON (exit 2).
 *
 * Throws BAD_ARGUMENT for a folder and DATA_CORRUPT for a file its format's reader cannot read.
 *
 * @example
 * ```ts
 * import { readVectorFile } from "@syraq/core/node";
 * const roads = await readVectorFile("roads.gpkg", "road network", { layer: "roads" });
 * ```
 */
export async function readVectorFile(
  path: string,
  what = "vector file",
  options: ReadVectorOptions = {},
): Promise<VectorCollection> {
  const ext = extname(path).toLowerCase();
  if (ext !== ".gpkg" && ext !== ".fgb" && ext !== ".shp") return readGeoJsonFile(path, what) as VectorCollection;
  if (!existsSync(path)) throw new SyraqError("DATA_MISSING", `${what} not found: ${path}`, { path });
  if (!statSync(path).isFile())
    throw new SyraqError("BAD_ARGUMENT", `${path} is a folder, not a ${ext} file`, { path });
  try {
    if (ext === ".gpkg") return await readGeoPackage(path, what, options.layer);
    if (ext === ".fgb") return await readFlatGeobuf(path, what);
    return await readShapefile(path, what);
  } catch (e) {
    if (e instanceof SyraqError) throw e;
    throw new SyraqError(
      "DATA_CORRUPT",
      `${what} ${path} is not a readable ${ext.slice(1)} file (${(e as Error).message})`,
      {
        path,
      },
    );
  }
}

/**
 * True for the binary vector formats read here (GeoPackage, FlatGeobuf, Shapefile).
 *
 * @example
 * ```ts
 * import { isBinaryVectorPath } from "@syraq/core/node";
 * isBinaryVectorPath("roads.gpkg"); // true
 * isBinaryVectorPath("roads.geojson"); // false
 * ```
 */
export const isBinaryVectorPath = (path: string): boolean => /\.(gpkg|fgb|shp)$/i.test(path);

/**
 * Reads GeoPackage, FlatGeobuf and Shapefile inputs ahead (each existing file among `paths`), so the
 * synchronous loaders that call readGeoJsonFile (fronts, control areas, accumulate sources) get the
 * same lon/lat FeatureCollection, or the same coded error, as from a GeoJSON file.
 *
 * @example
 * ```ts
 * import { preloadVectorFiles } from "@syraq/core/node";
 * import { loadFront } from "@syraq/core/node";
 * await preloadVectorFiles(["front.gpkg"]);
 * const front = loadFront("front.gpkg"); // read like a GeoJSON file
 * ```
 */
export async function preloadVectorFiles(paths: string[]): Promise<void> {
  for (const path of paths) {
    if (!isBinaryVectorPath(path) || !existsSync(path)) continue;
    try {
      setPreloadedVector(path, { collection: await readVectorFile(path) });
    } catch (error) {
      setPreloadedVector(path, { error });
    }
  }
}

/** proj4 definition of a CRS named by an EPSG code; null when it is WGS84 lon/lat already. */
function sourceCrs(epsg: number | null | undefined, path: string): string | null {
  if (epsg === null || epsg === undefined || epsg === 4326 || epsg === 0 || epsg === -1) return null;
  try {
    return epsgDefinition(epsg).proj4;
  } catch (e) {
    throw new SyraqError("UNSUPPORTED_CRS", `${path}: ${(e as Error).message}`, { path, epsg });
  }
}

/**
 * Object and array properties come back as JSON text from formats without nested values (OGR writes
 * them so: GeoPackage and FlatGeobuf JSON fields): text that parses as a JSON object or array is
 * turned back into it, so e.g. a front's `side` object reads as from GeoJSON.
 */
function nestedProperties(fc: VectorCollection): void {
  for (const f of fc.features)
    for (const [k, v] of Object.entries(f.properties))
      if (typeof v === "string" && /^\s*[[{]/.test(v))
        try {
          f.properties[k] = JSON.parse(v);
        } catch {
          // plain text that happens to start with a bracket
        }
}

/** Transforms every position of the collection from `def` to WGS84 lon/lat (in place). */
function toLonLat(fc: VectorCollection, def: string | null, path: string): VectorCollection {
  nestedProperties(fc);
  if (!def) return fc;
  let conv: proj4.Converter;
  try {
    conv = proj4(def, WGS84);
  } catch {
    throw new SyraqError("UNSUPPORTED_CRS", `${path}: its CRS cannot be transformed to WGS84 lon/lat`, { path });
  }
  const pos = (p: Position) => {
    const [x, y] = conv.forward([p[0]!, p[1]!]);
    p[0] = x!;
    p[1] = y!;
  };
  const walk = (g: Geometry | null) => {
    if (!g) return;
    switch (g.type) {
      case "Point":
        pos(g.coordinates);
        break;
      case "MultiPoint":
      case "LineString":
        g.coordinates.forEach(pos);
        break;
      case "MultiLineString":
      case "Polygon":
        for (const r of g.coordinates) r.forEach(pos);
        break;
      case "MultiPolygon":
        for (const p of g.coordinates) for (const r of p) r.forEach(pos);
        break;
      case "GeometryCollection":
        g.geometries.forEach(walk);
        break;
    }
  };
  for (const f of fc.features) walk(f.geometry);
  return fc;
}

// --- FlatGeobuf -----------------------------------------------------------------------------

async function readFlatGeobuf(path: string, what: string): Promise<VectorCollection> {
  const { geojson } = await import("flatgeobuf");
  const bytes = new Uint8Array(readFileSync(path));
  let crs: { code: number; org: string | null; wkt: string | null } | null = null;
  const features: VectorCollection["features"] = [];
  for await (const f of geojson.deserialize(bytes, {
    headerMetaFn: (h: { crs: { code: number; org: string | null; wkt: string | null } | null }) => {
      crs = h.crs;
    },
  })) {
    const feat = f as unknown as { geometry: Geometry | null; properties?: Record<string, unknown> };
    features.push({ type: "Feature", geometry: feat.geometry ?? null, properties: feat.properties ?? {} });
  }
  const c = crs as { code: number; org: string | null; wkt: string | null } | null;
  let def: string | null = null;
  if (c?.code && (c.org === null || /^epsg$/i.test(c.org))) def = sourceCrs(c.code, path);
  else if (c?.wkt) def = c.wkt;
  void what;
  return toLonLat({ type: "FeatureCollection", features }, def, path);
}

// --- Shapefile ------------------------------------------------------------------------------

async function readShapefile(path: string, what: string): Promise<VectorCollection> {
  const shapefile = await import("shapefile");
  const base = path.slice(0, -4);
  const dbf = [`${base}.dbf`, `${base}.DBF`].find((p) => existsSync(p));
  const fc = (await shapefile.read(path, dbf)) as unknown as VectorCollection;
  for (const f of fc.features) {
    f.properties ??= {};
    // dBASE date fields hold calendar dates: back to "YYYY-MM-DD" text as in GeoJSON
    for (const [k, v] of Object.entries(f.properties))
      if (v instanceof Date) f.properties[k] = v.toISOString().slice(0, 10);
  }
  const prjPath = [`${base}.prj`, `${base}.PRJ`].find((p) => existsSync(p));
  let def: string | null = null;
  if (prjPath) {
    const wkt = readFileSync(prjPath, "utf8").trim();
    // WGS84 lon/lat needs no transform; a CRS the EPSG database names (ESRI .prj files carry no
    // datum shift, the database does) by its definition; anything else through proj4's WKT reader
    if (!/^GEOGCS\["(GCS_)?WGS[ _]?(19)?84"/i.test(wkt)) {
      const code = epsgCodeForName(/^PROJCS\["([^"]+)"/.exec(wkt)?.[1] ?? "");
      def = code ? sourceCrs(code, path) : wkt;
    }
  }
  void what;
  return toLonLat(fc, def, path);
}

let nameIndex: Map<string, number> | undefined;
/** EPSG code of a projected CRS by its name as ESRI .prj files spell it ("Deir_ez_Zor_Syria_Lambert"). */
function epsgCodeForName(name: string): number | undefined {
  if (!name) return undefined;
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_|_$/g, "");
  if (!nameIndex) {
    nameIndex = new Map();
    const all = JSON.parse(
      readFileSync(createRequire(import.meta.url).resolve("epsg-index/all.json"), "utf8"),
    ) as Record<string, { name: string; kind: string }>;
    for (const [code, e] of Object.entries(all))
      if (e.kind === "CRS-PROJCRS" && !nameIndex.has(norm(e.name))) nameIndex.set(norm(e.name), Number(code));
  }
  return nameIndex.get(norm(name));
}

// --- GeoPackage -----------------------------------------------------------------------------

async function readGeoPackage(path: string, what: string, layer?: string): Promise<VectorCollection> {
  const initSqlJs = (await import("sql.js")).default;
  const wasmDir = dirname(createRequire(import.meta.url).resolve("sql.js/dist/sql-wasm.wasm"));
  const SQL = await initSqlJs({ locateFile: (f) => join(wasmDir, f) });
  const db = new SQL.Database(new Uint8Array(readFileSync(path)));
  try {
    const rows = (sql: string) => {
      const r = db.exec(sql)[0];
      return r ? r.values.map((v) => Object.fromEntries(r.columns.map((c, i) => [c, v[i]]))) : [];
    };
    let tables: Array<Record<string, unknown>>;
    try {
      tables = rows(
        "SELECT c.table_name AS t, g.column_name AS g, g.srs_id AS s FROM gpkg_contents c " +
          "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.rowid",
      );
    } catch {
      throw new SyraqError("DATA_CORRUPT", `${what} ${path} is not a GeoPackage (no gpkg_contents table)`, { path });
    }
    if (!tables.length) throw new SyraqError("EMPTY_GEOJSON", `${what} ${path} has no feature table`, { path });
    const table = layer ? tables.find((t) => t.t === layer) : tables[0];
    if (!table)
      throw new SyraqError(
        "BAD_OPTION",
        `${path} has no feature table '${layer}'; it has ${tables.map((t) => t.t).join(", ")}`,
        { path },
      );
    const srs = rows(
      `SELECT organization AS o, organization_coordsys_id AS c, definition AS d FROM gpkg_spatial_ref_sys WHERE srs_id = ${Number(table.s)}`,
    )[0];
    let def: string | null = null;
    if (srs && /^epsg$/i.test(String(srs.o))) def = sourceCrs(Number(srs.c), path);
    else if (srs && Number(table.s) > 0 && typeof srs.d === "string" && srs.d !== "undefined") def = srs.d;
    const quoted = (s: unknown) => `"${String(s).replace(/"/g, '""')}"`;
    const stmt = db.prepare(`SELECT * FROM ${quoted(table.t)}`);
    const features: VectorCollection["features"] = [];
    const geomCol = String(table.g);
    while (stmt.step()) {
      const row = stmt.getAsObject();
      const blob = row[geomCol];
      const properties: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) if (k !== geomCol && !(v instanceof Uint8Array)) properties[k] = v;
      features.push({
        type: "Feature",
        geometry: blob instanceof Uint8Array ? gpkgGeometry(blob) : null,
        properties,
      });
    }
    stmt.free();
    return toLonLat({ type: "FeatureCollection", features }, def, path);
  } finally {
    db.close();
  }
}

/**
 * GeoPackage binary geometry: "GP" header (flags, srs_id, envelope) then WKB.
 *
 * @example
 * ```ts
 * import { gpkgGeometry } from "@syraq/core/node";
 * const b = new DataView(new ArrayBuffer(29));
 * [0x47, 0x50, 0, 1].forEach((v, i) => b.setUint8(i, v)); // "GP", version 0, flags: little-endian, no envelope
 * b.setInt32(4, 4326, true); // srs_id
 * b.setUint8(8, 1); // WKB: little-endian
 * b.setUint32(9, 1, true); // Point
 * b.setFloat64(13, 38.284, true);
 * b.setFloat64(21, 34.5624, true);
 * gpkgGeometry(new Uint8Array(b.buffer)); // { type: "Point", coordinates: [38.284, 34.5624] }
 * ```
 */
export function gpkgGeometry(b: Uint8Array): Geometry | null {
  if (b[0] !== 0x47 || b[1] !== 0x50) throw new Error("geometry blob without the GeoPackage 'GP' header");
  const flags = b[3]!;
  if (flags & 0x10) return null; // empty geometry
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 7];
  if (envelope === undefined) throw new Error("bad GeoPackage envelope indicator");
  return readWkb(new DataView(b.buffer, b.byteOffset, b.byteLength), 8 + envelope).geometry;
}

/** ISO / extended WKB (2D, Z, M, ZM) → GeoJSON geometry (extra ordinates dropped). */
function readWkb(v: DataView, start: number): { geometry: Geometry; end: number } {
  let o = start;
  const le = v.getUint8(o) === 1;
  o += 1;
  let type = v.getUint32(o, le);
  o += 4;
  let dims = 2;
  if (type & 0x80000000 || type & 0x40000000) {
    // EWKB flags (Z 0x80000000, M 0x40000000, SRID 0x20000000)
    if (type & 0x80000000) dims++;
    if (type & 0x40000000) dims++;
    if (type & 0x20000000) o += 4;
    type &= 0x0fffffff;
  } else if (type >= 1000) {
    dims += type >= 3000 ? 2 : 1;
    type %= 1000;
  }
  const point = (): Position => {
    const p = [v.getFloat64(o, le), v.getFloat64(o + 8, le)];
    o += 8 * dims;
    return p;
  };
  const count = () => {
    const n = v.getUint32(o, le);
    o += 4;
    return n;
  };
  const points = () => Array.from({ length: count() }, point);
  const rings = () => Array.from({ length: count() }, points);
  const parts = (): Geometry[] =>
    Array.from({ length: count() }, () => {
      const r = readWkb(v, o);
      o = r.end;
      return r.geometry;
    });
  let geometry: Geometry;
  switch (type) {
    case 1:
      geometry = { type: "Point", coordinates: point() };
      break;
    case 2:
      geometry = { type: "LineString", coordinates: points() };
      break;
    case 3:
      geometry = { type: "Polygon", coordinates: rings() };
      break;
    case 4:
      geometry = { type: "MultiPoint", coordinates: parts().map((g) => (g as { coordinates: Position }).coordinates) };
      break;
    case 5:
      geometry = {
        type: "MultiLineString",
        coordinates: parts().map((g) => (g as { coordinates: Position[] }).coordinates),
      };
      break;
    case 6:
      geometry = {
        type: "MultiPolygon",
        coordinates: parts().map((g) => (g as { coordinates: Position[][] }).coordinates),
      };
      break;
    case 7:
      geometry = { type: "GeometryCollection", geometries: parts() };
      break;
    default:
      throw new Error(`WKB geometry type ${type} is not supported`);
  }
  return { geometry, end: o };
}
