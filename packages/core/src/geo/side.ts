/**
 * Which side of a directed line (as digitised, first vertex to last) a point
 * lies on, from geodesic azimuths at the nearest point of the line.
 *
 * Inside a segment the answer is the sign of the angle from the line's
 * direction to the direction of the point (right = clockwise, i.e. the
 * right-hand side walking along the line). When the nearest point is a joint
 * of two segments the two directions differ, and a single azimuth can give the
 * wrong answer on the inside of a sharp bend; there the point is "right" when
 * its direction lies in the sector swept clockwise from the leaving direction
 * round to the reversed arriving direction. Beyond the first or last vertex the
 * end segment is extended (and `beyondEnd` says so: the side is then only a
 * continuation of the line, not a bank or front the line actually covers).
 */
import { nearestPointOnGeodesicLine, type LineInput, type NearestOnLine } from "./line.ts";
import type { LonLat } from "./types.ts";

/**
 * Side of a directed line.
 */
export type LineSide = "left" | "right" | "on";

/**
 * The side of a line a point lies on, with where its nearest point is ({@link sideOfLine}).
 */
export interface SideResult extends NearestOnLine {
  side: LineSide;
  /** True when the nearest point is a free end of the line and the point lies past it. */
  beyondEnd: boolean;
}

/** Distances below this count as on the line (metres). */
export const ON_LINE_METRES = 0.01;

const norm360 = (d: number): number => ((d % 360) + 360) % 360;

/** Side of `towards` relative to a direction `azimuth` (both degrees): right when clockwise within (0, 180). */
function sideOfDirection(azimuth: number, towards: number): LineSide {
  const delta = norm360(towards - azimuth);
  if (delta === 0 || delta === 180) return "on";
  return delta < 180 ? "right" : "left";
}

/**
 * Which side of a (multi)line a point lies on, looking along the line as digitised, decided at the line's nearest point
 * (geodesic): "left", "right" or "on", with the distance in metres. A malformed line throws as {@link lineParts}.
 *
 * @example
 * ```ts
 * import { sideOfLine } from "@syraq/core";
 * sideOfLine([38.5, 35], [[38, 34], [39, 34]]).side; // "left": north of an eastward line
 * ```
 */
export function sideOfLine(point: LonLat, line: LineInput): SideResult {
  const n = nearestPointOnGeodesicLine(point, line);
  if (n.distanceMetres <= ON_LINE_METRES || !Number.isFinite(n.towardsPointAzimuthDegrees)) {
    return { ...n, side: "on", beyondEnd: false };
  }
  const towards = n.towardsPointAzimuthDegrees;
  let side: LineSide;
  let beyondEnd = false;
  if (n.at === "vertex" && n.vertexAzimuths) {
    const leave = n.vertexAzimuths.leavingDegrees;
    const back = n.vertexAzimuths.arrivingDegrees + 180;
    const sector = norm360(back - leave);
    const d = norm360(towards - leave);
    if (d === 0 || d === sector) side = "on";
    else side = d < sector ? "right" : "left";
  } else {
    side = sideOfDirection(n.lineAzimuthDegrees, towards);
    if (n.at === "start" || n.at === "end") {
      // Past a free end when the point lies ahead of the end (or behind the start).
      const along = Math.cos(((towards - n.lineAzimuthDegrees) * Math.PI) / 180);
      beyondEnd = n.at === "end" ? along > 1e-9 : along < -1e-9;
    }
  }
  return { ...n, side, beyondEnd };
}
