/**
 * Dated front lines: parsing and validation of front files.
 *
 * A front file is GeoJSON: a Feature (or a FeatureCollection of Features) with
 * LineString / MultiLineString geometry and properties
 *   date: "YYYY-MM-DD", label: string,
 *   side: { behind: "left" | "right", description?: string }  (or just "left"/"right"):
 *     which side of the line, walking along it as digitised, is the holder's rear;
 *     or, for Polygon/MultiPolygon geometry (the outline of the held area), "inside" / "outside",
 *   sources?: [...], approximate?: true, note?: string,
 *   parts?: [{ name, vertices?: [name|null, ...] }]   (optional names, per part, for reports).
 * Browser-safe; the node loader is control/node/load.ts (loadFront).
 */
import { SyraqError } from "../errors.ts";
import { geodesicLineLength } from "../geo/geodesic.ts";
import type { LonLat } from "../geo/types.ts";
import { assertLonLatGeoJson } from "../zones/zone.ts";

/**
 * Side of the front line (as digitised) that is the holder's rear.
 */
export type FrontSide = "left" | "right";

/**
 * Names of one part of a front and of its vertices.
 */
export interface FrontPartInfo {
  name?: string;
  /** Optional names of the part's vertices (null where unnamed). */
  vertices?: Array<string | null>;
}

/**
 * A dated front line: parts as [lon, lat] degrees, its geodesic length in metres, which side is behind.
 */
export interface FrontLine {
  label: string;
  date: string;
  /** Which side of the line (as digitised) is the holder's rear. */
  behind: FrontSide;
  /** Plain-words description of the sides, from the file. */
  sideDescription?: string;
  holder?: string;
  opponent?: string;
  approximate: boolean;
  note?: string;
  sources: unknown[];
  parts: LonLat[][];
  partInfo: FrontPartInfo[];
  lengthMetres: number;
  /** Where the front came from (file path or name). */
  source: string;
  /** All properties of the file's (first) feature, for reports. */
  properties: Record<string, unknown>;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function bad(source: string, message: string, details: Record<string, unknown> = {}): never {
  throw new SyraqError("BAD_GEOJSON", `${source}: ${message}`, { source, ...details });
}

const PROPS_EXAMPLE = `"properties": { "date": "2017-09-29", "label": "my front", "side": { "behind": "left", "description": "our side is west of the line" } }`;

interface FeatureLike {
  type?: unknown;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
  properties?: Record<string, unknown> | null;
}

function lineParts(g: FeatureLike["geometry"], source: string, where: string): LonLat[][] {
  if (!g) bad(source, `${where} has no geometry; a front is a LineString or MultiLineString`);
  if (g.type === "Polygon" || g.type === "MultiPolygon")
    bad(
      source,
      `${where} is a ${g.type}: give side.behind "inside" or "outside" to use a polygon's outline as the front, or use a LineString`,
    );
  const t = g.type;
  if (t !== "LineString" && t !== "MultiLineString") {
    bad(
      source,
      `${where} is a ${JSON.stringify(t)}; a front must be a LineString or MultiLineString (a polygon's outline can be given as a closed LineString)`,
      { geometryType: t },
    );
  }
  const raw = (t === "LineString" ? [g.coordinates] : g.coordinates) as unknown[];
  if (!Array.isArray(raw) || raw.length === 0)
    throw new SyraqError("EMPTY_GEOJSON", `${source}: ${where} has no coordinates`, { source });
  return raw.map((part, pi) => {
    if (!Array.isArray(part) || part.length < 2)
      bad(
        source,
        `${where}, part ${pi} has ${Array.isArray(part) ? part.length : 0} position(s); each line needs at least two [lon, lat] positions`,
      );
    const positions = part.map((p, vi) => {
      if (
        !Array.isArray(p) ||
        p.length < 2 ||
        !Number.isFinite(p[0]) ||
        !Number.isFinite(p[1]) ||
        Math.abs(p[0]) > 180 ||
        Math.abs(p[1]) > 90
      ) {
        bad(
          source,
          `${where}, part ${pi}, position ${vi} is ${JSON.stringify(p)}, not a [lon, lat] pair in degrees (projected coordinates? convert the file to EPSG:4326)`,
        );
      }
      return [p[0], p[1]] as LonLat;
    });
    // every position the same: the line has no direction, so no left or right side to be behind
    const [x0, y0] = positions[0]!;
    if (positions.every(([x, y]) => x === x0 && y === y0)) {
      bad(
        source,
        `${where}, part ${pi} has zero length (all ${positions.length} positions are [${x0}, ${y0}]); a front line needs two distinct positions to have sides`,
      );
    }
    return positions;
  });
}

type SideWord = FrontSide | "inside" | "outside";

function parseSide(v: unknown, source: string): { behind: SideWord; description?: string } {
  const word = (x: unknown): SideWord | undefined => {
    const w = typeof x === "string" ? x.trim().toLowerCase() : "";
    return w === "left" || w === "right" || w === "inside" || w === "outside" ? w : undefined;
  };
  if (word(v)) return { behind: word(v)! };
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const w = word(o.behind);
    if (w) return { behind: w, description: typeof o.description === "string" ? o.description : undefined };
    bad(
      source,
      `property side.behind is ${JSON.stringify(o.behind)}; it must be "left" or "right" (the holder's rear, walking along the line as digitised), or "inside"/"outside" for a Polygon front (the held area's outline)`,
    );
  }
  bad(
    source,
    `property "side" is ${v === undefined ? "missing" : JSON.stringify(v)}; give { "behind": "left" | "right", "description": "…" } (which side of the line, walking along it as digitised, is the holder's rear). Example: ${PROPS_EXAMPLE}`,
  );
}

/** Twice the signed lon/lat area of a ring: > 0 when counter-clockwise (enough to tell orientation). */
function ringOrientation(ring: LonLat[]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a;
}

/**
 * A Polygon / MultiPolygon front (the outline of a held area): every ring becomes a
 * closed line, oriented so the polygon's interior is on the left (outer rings
 * counter-clockwise, holes clockwise).
 */
function polygonParts(g: { type?: unknown; coordinates?: unknown }, source: string, where: string): LonLat[][] {
  const polys = (g.type === "Polygon" ? [g.coordinates] : g.coordinates) as unknown[];
  if (!Array.isArray(polys) || polys.length === 0)
    throw new SyraqError("EMPTY_GEOJSON", `${source}: ${where} has no coordinates`, { source });
  const out: LonLat[][] = [];
  polys.forEach((rings, pi) => {
    if (!Array.isArray(rings) || rings.length === 0)
      throw new SyraqError("EMPTY_GEOJSON", `${source}: ${where}, polygon ${pi} has no rings`, { source });
    const asLines = lineParts({ type: "MultiLineString", coordinates: rings }, source, `${where}, polygon ${pi}`);
    asLines.forEach((ring, ri) => {
      const f = ring[0];
      const l = ring[ring.length - 1];
      if (ring.length < 4 || f[0] !== l[0] || f[1] !== l[1])
        bad(source, `${where}, polygon ${pi} ring ${ri} is not a closed ring of at least 4 positions`);
      const ccw = ringOrientation(ring) > 0;
      const wantCcw = ri === 0;
      out.push(ccw === wantCcw ? ring : ring.slice().reverse());
    });
  });
  return out;
}

/**
 * Validates parsed GeoJSON as a front line (coded errors, exit 2: EMPTY_GEOJSON, BAD_GEOJSON).
 *
 * @example
 * ```ts
 * import { frontFromGeoJson } from "@syraq/core";
 * const front = frontFromGeoJson(
 *   {
 *     type: "Feature",
 *     properties: { label: "Example front", date: "2017-09-29", side: { behind: "left" } },
 *     geometry: { type: "LineString", coordinates: [[38.0, 34.0], [39.0, 35.0]] },
 *   },
 *   "example.geojson",
 * );
 * front.lengthMetres; // geodesic length, metres
 * ```
 */
export function frontFromGeoJson(json: unknown, source: string): FrontLine {
  const obj = json as { type?: unknown; features?: unknown } | null;
  if (!obj || typeof obj !== "object" || typeof obj.type !== "string")
    bad(source, "not GeoJSON (expected a Feature or FeatureCollection with LineString/MultiLineString geometry)");
  assertLonLatGeoJson(obj, source);
  let features: FeatureLike[];
  if (obj.type === "FeatureCollection") {
    features = Array.isArray(obj.features) ? (obj.features as FeatureLike[]) : [];
    if (features.length === 0)
      throw new SyraqError(
        "EMPTY_GEOJSON",
        `${source}: the FeatureCollection has no features; a front needs a LineString or MultiLineString feature`,
        { source },
      );
  } else if (obj.type === "Feature") {
    features = [obj as FeatureLike];
  } else if (obj.type === "LineString" || obj.type === "MultiLineString") {
    bad(source, `a bare ${obj.type} has no properties; wrap it in a Feature with ${PROPS_EXAMPLE}`);
  } else {
    bad(
      source,
      `GeoJSON type ${JSON.stringify(obj.type)} is not a front; expected a Feature or FeatureCollection of LineString/MultiLineString`,
    );
  }
  const props = (features[0].properties ?? {}) as Record<string, unknown>;
  const missing = ["date", "label", "side"].filter(
    (k) => props[k] === undefined || props[k] === null || props[k] === "",
  );
  if (missing.length)
    bad(
      source,
      `missing propert${missing.length > 1 ? "ies" : "y"} ${missing.join(", ")}; a front needs date, label and side, e.g. ${PROPS_EXAMPLE}`,
      { missing },
    );
  // A full ISO timestamp is accepted and kept to its date.
  const date = typeof props.date === "string" ? props.date.trim().slice(0, 10) : "";
  const [y, mo, d] = date.split("-").map(Number);
  const real = new Date(Date.UTC(y, mo - 1, d));
  const isCalendarDate = real.getUTCFullYear() === y && real.getUTCMonth() === mo - 1 && real.getUTCDate() === d;
  if (
    !DATE_RE.test(date) ||
    !isCalendarDate ||
    (typeof props.date === "string" && props.date.trim().length > 10 && props.date.trim()[10] !== "T")
  ) {
    bad(source, `property date is ${JSON.stringify(props.date)}; expected "YYYY-MM-DD"`);
  }
  if (typeof props.label !== "string")
    bad(source, `property label must be a string, got ${JSON.stringify(props.label)}`);
  const side = parseSide(props.side, source);
  // Polygon fronts: rings are oriented with the interior on the left.
  const polygonal = side.behind === "inside" || side.behind === "outside";
  const behind: FrontSide = side.behind === "inside" ? "left" : side.behind === "outside" ? "right" : side.behind;
  const parts: LonLat[][] = [];
  const partInfo: FrontPartInfo[] = [];
  features.forEach((f, fi) => {
    const where = features.length > 1 ? `feature ${fi}` : "the feature";
    const g = f?.geometry;
    const isPolygon = !!g && (g.type === "Polygon" || g.type === "MultiPolygon");
    if (isPolygon !== polygonal) {
      bad(
        source,
        isPolygon
          ? `${where} is a ${String(g?.type)}: a polygon front (the outline of the held area) needs side.behind "inside" or "outside", not "${side.behind}"`
          : `side.behind "${side.behind}" is for Polygon fronts; ${where} is a ${String(g?.type ?? "missing geometry")}, so give "left" or "right"`,
      );
    }
    const ps = isPolygon ? polygonParts(g!, source, where) : lineParts(g, source, where);
    const fp = (f?.properties ?? {}) as Record<string, unknown>;
    if (fi > 0 && fp.side !== undefined) {
      const s = parseSide(fp.side, source);
      if (s.behind !== side.behind)
        bad(
          source,
          `feature ${fi} says side.behind = ${s.behind} but feature 0 says ${side.behind}; digitise every part with the holder on the same side`,
        );
    }
    const info = Array.isArray(fp.parts) ? (fp.parts as FrontPartInfo[]) : [];
    ps.forEach((p, i) => {
      parts.push(p);
      const pi = info[i] ?? (typeof fp.part === "string" ? { name: fp.part } : {});
      if (pi.vertices && pi.vertices.length !== p.length)
        bad(source, `part "${pi.name ?? i}" names ${pi.vertices.length} vertices but has ${p.length}`);
      partInfo.push(pi);
    });
  });
  return {
    label: props.label as string,
    date,
    behind,
    sideDescription: side.description,
    holder: typeof props.holder === "string" ? props.holder : undefined,
    opponent: typeof props.opponent === "string" ? props.opponent : undefined,
    approximate: props.approximate === true,
    note: typeof props.note === "string" ? props.note : undefined,
    sources: Array.isArray(props.sources) ? props.sources : [],
    parts,
    partInfo,
    lengthMetres: parts.reduce((s, p) => s + geodesicLineLength(p), 0),
    source,
    properties: props,
  };
}
