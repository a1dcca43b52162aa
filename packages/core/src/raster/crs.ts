/**
 * Coordinate reference systems the raster readers accept: WGS84 lon/lat
 * (EPSG:4326) and the WGS84 UTM zones (EPSG:326zz north, 327zz south), with
 * lon/lat ↔ raster-CRS transforms through proj4 (browser-safe, no database).
 */
import proj4 from "proj4";
import type { Converter } from "proj4";
import { SyraqError } from "../errors.ts";
import type { Crs } from "./raster.ts";

/** A CRS known by its EPSG code: name and proj4 definition (from the EPSG database, raster/node/epsg.ts). */
export interface CrsDefinition {
  epsg: number;
  name: string;
  proj4: string;
  geographic: boolean;
  /** Area of use [west, south, east, north], degrees. */
  bboxLonLat?: [number, number, number, number];
}

const registered = new Map<number, CrsDefinition>();

/**
 * Makes an EPSG code known to the transforms here (Node: ensureEpsg in raster/node/epsg.ts reads
 * it from the EPSG database; a browser may register the few it needs).
 *
 * @example
 * ```ts
 * import { crsFromEpsg, registerCrsDefinition } from "@syraq/core";
 * import { epsgDefinition } from "@syraq/core/node";
 * registerCrsDefinition(epsgDefinition(3857)!); // Web Mercator, metres
 * ```
 */
export function registerCrsDefinition(def: CrsDefinition): void {
  registered.set(def.epsg, def);
}

/**
 * The registered definition of an EPSG code, if any.
 *
 * @example
 * ```ts
 * import { registeredCrs } from "@syraq/core";
 * registeredCrs(3857); // undefined until registered
 * ```
 */
export function registeredCrs(epsg: number): CrsDefinition | undefined {
  return registered.get(epsg);
}

/**
 * proj4 definition for an EPSG code: WGS84 lon/lat and UTM built in, others once registered.
 *
 * @example
 * ```ts
 * import { proj4ForEpsg } from "@syraq/core";
 * proj4ForEpsg(32637); // "+proj=utm +zone=37 +datum=WGS84 +units=m +no_defs"
 * ```
 */
export function proj4ForEpsg(epsg: number): string | undefined {
  const reg = registered.get(epsg);
  if (reg) return reg.proj4;
  if (epsg === 4326) return "+proj=longlat +datum=WGS84 +no_defs";
  if (epsg >= 32601 && epsg <= 32660) return `+proj=utm +zone=${epsg - 32600} +datum=WGS84 +units=m +no_defs`;
  if (epsg >= 32701 && epsg <= 32760) return `+proj=utm +zone=${epsg - 32700} +south +datum=WGS84 +units=m +no_defs`;
  return undefined;
}

/**
 * A Crs value for an EPSG code (4326 or a WGS84 UTM zone); UNSUPPORTED_CRS otherwise.
 *
 * @example
 * ```ts
 * import { crsFromEpsg } from "@syraq/core";
 * const utm37n = crsFromEpsg(32637); // { epsg: 32637, geographic: false, … }: metres
 * ```
 */
export function crsFromEpsg(epsg: number): Crs {
  if (epsg === 4326) return { epsg: 4326, geographic: true };
  const reg = registered.get(epsg);
  if (reg) return { epsg, geographic: reg.geographic, proj4: reg.proj4 };
  const def = proj4ForEpsg(epsg);
  if (!def)
    throw new SyraqError(
      "UNSUPPORTED_CRS",
      `EPSG:${epsg} is not supported here without the EPSG database (built in: EPSG:4326 and WGS84 UTM zones EPSG:32601-32660 / 32701-32760)`,
      { epsg },
    );
  return { epsg, geographic: false, proj4: def };
}

/**
 * The WGS84 UTM zone CRS containing a lon/lat point (no Norway/Svalbard exceptions).
 *
 * @example
 * ```ts
 * import { utmCrsFor } from "@syraq/core";
 * utmCrsFor(38.284, 34.5624).epsg; // 32637: Palmyra is in UTM zone 37N
 * ```
 */
export function utmCrsFor(lon: number, lat: number): Crs {
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  return crsFromEpsg((lat >= 0 ? 32600 : 32700) + zone);
}

/**
 * "EPSG:4326 (WGS 84 lon/lat)" or "EPSG:32637 (WGS 84 / UTM zone 37N)".
 *
 * @example
 * ```ts
 * import { crsFromEpsg, crsLabel } from "@syraq/core";
 * crsLabel(crsFromEpsg(32637)); // "EPSG:32637 (WGS 84 / UTM zone 37N)"
 * ```
 */
export function crsLabel(crs: Crs): string {
  if (crs.geographic) return `EPSG:${crs.epsg ?? 4326} (WGS 84 lon/lat)`;
  const e = crs.epsg;
  if (e && e >= 32601 && e <= 32660) return `EPSG:${e} (WGS 84 / UTM zone ${e - 32600}N)`;
  if (e && e >= 32701 && e <= 32760) return `EPSG:${e} (WGS 84 / UTM zone ${e - 32700}S)`;
  const reg = e ? registered.get(e) : undefined;
  if (reg) return `EPSG:${e} (${reg.name})`;
  return e ? `EPSG:${e}` : (crs.proj4 ?? "unknown CRS");
}

/**
 * True when two CRSs are the same: both lon/lat, or projected with the same EPSG code.
 *
 * @example
 * ```ts
 * import { crsFromEpsg, sameCrs, WGS84_CRS } from "@syraq/core";
 * sameCrs(crsFromEpsg(4326), WGS84_CRS); // true
 * sameCrs(crsFromEpsg(32637), WGS84_CRS); // false
 * ```
 */
export function sameCrs(a: Crs, b: Crs): boolean {
  if (a.geographic || b.geographic) return a.geographic === b.geographic;
  return a.epsg !== null && a.epsg === b.epsg;
}

const converters = new Map<string, Converter>();
function converter(crs: Crs): Converter {
  const def = crs.proj4 ?? (crs.epsg ? proj4ForEpsg(crs.epsg) : undefined);
  if (!def)
    throw new SyraqError("UNSUPPORTED_CRS", `cannot transform to ${crsLabel(crs)}: no proj4 definition`, {
      epsg: crs.epsg,
    });
  let c = converters.get(def);
  if (!c) {
    c = proj4("+proj=longlat +datum=WGS84 +no_defs", def);
    converters.set(def, c);
  }
  return c;
}

/**
 * WGS84 lon/lat (degrees) → raster CRS coordinates (identity on lon/lat grids).
 *
 * Throws UNSUPPORTED_CRS when the CRS has no proj4 definition.
 *
 * @example
 * ```ts
 * import { crsFromEpsg, toRasterCrs } from "@syraq/core";
 * const [easting, northing] = toRasterCrs(crsFromEpsg(32637), 38.284, 34.5624); // metres
 * ```
 */
export function toRasterCrs(crs: Crs, lon: number, lat: number): [number, number] {
  if (crs.geographic) return [lon, lat];
  const [x, y] = converter(crs).forward([lon, lat]);
  return [x!, y!];
}

/**
 * Raster CRS coordinates → WGS84 lon/lat degrees (identity on lon/lat grids).
 *
 * @example
 * ```ts
 * import { crsFromEpsg, fromRasterCrs } from "@syraq/core";
 * const [lon, lat] = fromRasterCrs(crsFromEpsg(32637), 342_000, 3_826_000); // degrees
 * ```
 */
export function fromRasterCrs(crs: Crs, x: number, y: number): [number, number] {
  if (crs.geographic) return [x, y];
  const [lon, lat] = converter(crs).inverse([x, y]);
  return [lon!, lat!];
}

/**
 * A box [west, south, east, north]: degrees for lon/lat boxes, CRS units (e.g. metres) for boxes in a raster's CRS.
 */
export type Bbox = [west: number, south: number, east: number, north: number];

/**
 * Envelope in raster CRS of a lon/lat bbox: the bbox outline is densified
 * (edges curve under a projection) and its transformed points enclosed.
 *
 * @example
 * ```ts
 * import { crsFromEpsg, lonLatBboxToCrs } from "@syraq/core";
 * const [minX, minY, maxX, maxY] = lonLatBboxToCrs(crsFromEpsg(32637), [38, 34, 39, 35]); // metres
 * ```
 */
export function lonLatBboxToCrs(crs: Crs, bbox: Bbox, stepsPerEdge = 32): Bbox {
  if (crs.geographic) return [...bbox];
  return envelope(bbox, stepsPerEdge, (x, y) => toRasterCrs(crs, x, y));
}

/**
 * Lon/lat envelope of a bbox given in raster CRS coordinates.
 *
 * @example
 * ```ts
 * import { crsBboxToLonLat, crsFromEpsg } from "@syraq/core";
 * const [west, south, east, north] = crsBboxToLonLat(crsFromEpsg(32637), [300_000, 3_760_000, 400_000, 3_880_000]);
 * ```
 */
export function crsBboxToLonLat(crs: Crs, bbox: Bbox, stepsPerEdge = 32): Bbox {
  if (crs.geographic) return [...bbox];
  return envelope(bbox, stepsPerEdge, (x, y) => fromRasterCrs(crs, x, y));
}

function envelope(bbox: Bbox, steps: number, f: (x: number, y: number) => [number, number]): Bbox {
  const [w, s, e, n] = bbox;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  const add = (x: number, y: number) => {
    const [u, v] = f(x, y);
    if (u < minX) minX = u;
    if (u > maxX) maxX = u;
    if (v < minY) minY = v;
    if (v > maxY) maxY = v;
  };
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    add(w + (e - w) * t, s);
    add(w + (e - w) * t, n);
    add(w, s + (n - s) * t);
    add(e, s + (n - s) * t);
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Checks a [west, south, east, north] lon/lat bbox; BAD_OPTION naming it otherwise.
 *
 * @example
 * ```ts
 * import { checkLonLatBbox } from "@syraq/core";
 * checkLonLatBbox([38, 34, 39, 35]); // [38, 34, 39, 35]
 * checkLonLatBbox([39, 34, 38, 35]); // throws BAD_OPTION: west must be less than east
 * ```
 */
export function checkLonLatBbox(bbox: readonly number[], what = "bbox"): Bbox {
  const ok =
    bbox.length === 4 &&
    bbox.every(Number.isFinite) &&
    bbox[0]! < bbox[2]! &&
    bbox[1]! < bbox[3]! &&
    bbox[1]! >= -90 &&
    bbox[3]! <= 90 &&
    bbox[0]! >= -180 &&
    bbox[2]! <= 360;
  if (!ok)
    throw new SyraqError(
      "BAD_OPTION",
      `${what} ${JSON.stringify(bbox)} is not a valid [west, south, east, north] in degrees (west < east, south < north, latitudes within ±90)`,
      { bbox },
    );
  return [bbox[0]!, bbox[1]!, bbox[2]!, bbox[3]!];
}

/**
 * Parses "WEST,SOUTH,EAST,NORTH" (degrees) as typed on the command line; BAD_OPTION naming the text otherwise.
 *
 * @example
 * ```ts
 * import { parseLonLatBbox } from "@syraq/core";
 * parseLonLatBbox("38,34,39.5,35"); // [38, 34, 39.5, 35], degrees
 * ```
 */
export function parseLonLatBbox(text: string, what = "--bbox"): Bbox {
  const parts = text.split(",").map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v))) {
    throw new SyraqError(
      "BAD_OPTION",
      `${what} expects WEST,SOUTH,EAST,NORTH in degrees (e.g. 38,34,41,36), got '${text}'`,
      { bbox: text },
    );
  }
  return checkLonLatBbox(parts, what);
}
