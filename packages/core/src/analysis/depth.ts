/**
 * Depth behind a front line: the true geodesic minimum distance from a place
 * to a dated front (any point of any segment, segments being WGS84 geodesics),
 * the nearest point, and whether the place is behind the front (on the
 * holder's side) or in front of it. Front files are parsed by control/front.ts.
 */
import type { FrontLine } from "../control/front.ts";
import { type LineSide, sideOfLine } from "../geo/side.ts";
import type { LonLat } from "../geo/types.ts";

/**
 * How deep a place lies behind a front ({@link depthBehindFront}): geodesic metres to the nearest point of the line,
 * and the side.
 */
export interface DepthResult {
  /** Shortest geodesic distance from the place to the front line, metres. */
  depthMetres: number;
  /** Nearest point on the front, [lon, lat]. */
  nearest: LonLat;
  /** "behind" = on the holder's side, "in front" = on the other side, "on" = on the line. */
  side: "behind" | "in front" | "on";
  /** Side of the directed line as digitised. */
  lineSide: LineSide;
  /** True when the nearest point is a free end of the front and the place lies past it: the side is an extrapolation. */
  beyondEnd: boolean;
  partIndex: number;
  partName?: string;
  segmentIndex: number;
  /** Names of the segment's vertices, when the file names them. */
  segmentFrom?: string | null;
  segmentTo?: string | null;
  /** Position of the nearest point along the segment, 0..1. */
  fraction: number;
  at: "segment" | "vertex" | "start" | "end";
}

/**
 * How deep a point ([lon, lat], degrees) lies behind (or in front of) a front line: the shortest WGS84 geodesic
 * distance in metres to any point of the front (`depthMetres`), the nearest point, and the side (the holder's side
 * is "behind").
 *
 * @example
 * ```ts
 * import { depthBehindFront } from "@syraq/core";
 * import { loadFront } from "@syraq/core/node";
 * const d = depthBehindFront(loadFront("saa-2017-09-29"), [37.2407, 34.2296]); // Qaryatayn
 * console.log((d.depthMetres / 1000).toFixed(1), d.side); // "171.8 behind"
 * ```
 */
export function depthBehindFront(front: FrontLine, point: LonLat): DepthResult {
  const s = sideOfLine(point, front.parts);
  const info = front.partInfo[s.partIndex] ?? {};
  const side: DepthResult["side"] = s.side === "on" ? "on" : s.side === front.behind ? "behind" : "in front";
  return {
    depthMetres: s.distanceMetres,
    nearest: s.nearest,
    side,
    lineSide: s.side,
    beyondEnd: s.beyondEnd,
    partIndex: s.partIndex,
    ...(info.name ? { partName: info.name } : {}),
    segmentIndex: s.segmentIndex,
    ...(info.vertices
      ? { segmentFrom: info.vertices[s.segmentIndex] ?? null, segmentTo: info.vertices[s.segmentIndex + 1] ?? null }
      : {}),
    fraction: s.fraction,
    at: s.at,
  };
}
