/**
 * The EPSG database (epsg-index: the EPSG registry's CRSs with their proj4 definitions), read
 * one code at a time from its per-code files. `ensureEpsg(code)` registers the code's proj4
 * definition with raster/crs.ts, so transforms to and from any projected EPSG CRS work.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SyraqError } from "../../errors.ts";
import { registerCrsDefinition, type CrsDefinition } from "../crs.ts";

let folder: string | undefined;
function epsgFolder(): string {
  if (!folder) folder = join(dirname(createRequire(import.meta.url).resolve("epsg-index/all.json")), "s");
  return folder;
}

interface EpsgEntry {
  code: string;
  kind: string;
  name: string;
  proj4?: string | null;
  unit?: string;
  bbox?: [number, number, number, number];
  area?: string;
}

/**
 * The database entry of an EPSG code; UNSUPPORTED_CRS naming the code when unknown or without a proj4 definition.
 *
 * @example
 * ```ts
 * import { epsgDefinition } from "@syraq/core/node";
 * epsgDefinition(3857).proj4; // "+proj=merc …"
 * ```
 */
export function epsgDefinition(code: number): CrsDefinition {
  if (!Number.isInteger(code) || code <= 0)
    throw new SyraqError("UNSUPPORTED_CRS", `EPSG:${code} is not an EPSG code`, { epsg: code });
  const file = join(epsgFolder(), `${code}.json`);
  if (!existsSync(file))
    throw new SyraqError("UNSUPPORTED_CRS", `EPSG:${code} is not in the EPSG database (epsg-index); check the code`, {
      epsg: code,
    });
  const e = JSON.parse(readFileSync(file, "utf8")) as EpsgEntry;
  const geographic = e.kind === "CRS-GEOGCRS" || e.kind === "CRS-GEOG2DCRS";
  if (!e.proj4 || !(geographic || e.kind === "CRS-PROJCRS"))
    throw new SyraqError(
      "UNSUPPORTED_CRS",
      `EPSG:${code} (${e.name}, ${e.kind.replace(/^CRS-/, "").toLowerCase()}) has no usable transformation; use a projected or geographic 2D CRS`,
      { epsg: code },
    );
  // the database's bbox is [north, west, south, east]
  const b = e.bbox;
  return {
    epsg: code,
    name: e.name,
    proj4: e.proj4.replace(/\s*\+type=crs\b/, ""),
    geographic,
    ...(b ? { bboxLonLat: [b[1], b[2], b[3], b[0]] as [number, number, number, number] } : {}),
  };
}

/**
 * Registers an EPSG code's definition for transforms (raster/crs.ts) and returns it.
 *
 * @example
 * ```ts
 * import { crsFromEpsg } from "@syraq/core";
 * import { ensureEpsg } from "@syraq/core/node";
 * ensureEpsg(3857); // transforms to and from EPSG:3857 now work
 * ```
 */
export function ensureEpsg(code: number): CrsDefinition {
  const def = epsgDefinition(code);
  registerCrsDefinition(def);
  return def;
}

/**
 * "EPSG:3857", "epsg:32637", "3857" → 3857; BAD_OPTION naming the text otherwise.
 *
 * @example
 * ```ts
 * import { parseEpsgOption } from "@syraq/core/node";
 * parseEpsgOption("EPSG:32637"); // 32637
 * ```
 */
export function parseEpsgOption(text: string, option = "--t-srs"): number {
  const m = /^\s*(?:epsg:)?(\d+)\s*$/i.exec(text);
  if (!m) throw new SyraqError("BAD_OPTION", `${option} expects an EPSG code such as EPSG:32637; got '${text}'`, {});
  return Number(m[1]);
}
