/**
 * Vector → grid: polygons by cell centre (even-odd), lines by supercover (every
 * cell a segment passes through, so a rasterised line is 4-connected and blocks
 * 8-neighbour moves across it). Coordinates are lon/lat; they are projected into
 * the grid's CRS first.
 */
import { toRasterCrs } from "./crs.ts";
import type { GridSpec } from "./raster.ts";
import type { LonLat, PolygonalGeometry } from "../geo/types.ts";

/**
 * Marks (value) the cells whose centre lies inside any of the polygons (holes respected).
 *
 * Returns the number of cells marked.
 *
 * @example
 * ```ts
 * import { rasterizePolygons, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 100, height: 100, originX: 38, originY: 36, crs: WGS84_CRS,
 *   pixelSizeX: 0.01, pixelSizeY: 0.01 }; // degrees
 * const mask = new Uint8Array(grid.width * grid.height);
 * const ring = [[38.2, 35.8], [38.6, 35.8], [38.6, 35.4], [38.2, 35.8]];
 * const triangle = { type: "Polygon" as const, coordinates: [ring] };
 * rasterizePolygons(grid, [triangle], mask); // cells marked
 * ```
 */
export function rasterizePolygons(
  grid: GridSpec,
  polygons: readonly PolygonalGeometry[],
  out: Uint8Array,
  value = 1,
): number {
  const { width, height, originX, originY, pixelSizeX, pixelSizeY } = grid;
  let marked = 0;
  for (const geom of polygons) {
    const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
    for (const rings of polys) {
      // Rings in fractional column/row units of the grid.
      const rr = rings.map((ring) =>
        ring.map((p) => {
          const [x, y] = toRasterCrs(grid.crs, p[0]!, p[1]!);
          return [(x - originX) / pixelSizeX, (originY - y) / pixelSizeY] as [number, number];
        }),
      );
      let minR = Infinity,
        maxR = -Infinity;
      for (const p of rr[0] ?? []) {
        minR = Math.min(minR, p[1]);
        maxR = Math.max(maxR, p[1]);
      }
      const r0 = Math.max(0, Math.ceil(minR - 0.5));
      const r1 = Math.min(height - 1, Math.floor(maxR - 0.5));
      const xs: number[] = [];
      for (let r = r0; r <= r1; r++) {
        const yc = r + 0.5;
        xs.length = 0;
        for (const ring of rr) {
          for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) {
            const [xa, ya] = ring[j]!;
            const [xb, yb] = ring[k]!;
            // half-open rule: a vertex exactly on the scanline counts once
            if (ya > yc !== yb > yc) xs.push(xa + ((yc - ya) / (yb - ya)) * (xb - xa));
          }
        }
        xs.sort((a, b) => a - b);
        for (let k = 0; k + 1 < xs.length; k += 2) {
          const c0 = Math.max(0, Math.ceil(xs[k]! - 0.5));
          const c1 = Math.min(width - 1, Math.floor(xs[k + 1]! - 0.5 - 1e-12));
          for (let c = c0; c <= c1; c++) {
            const i = r * width + c;
            if (out[i] !== value) marked++;
            out[i] = value;
          }
        }
      }
    }
  }
  return marked;
}

/**
 * Liang–Barsky clip of segment a→b (cell units) to the grid [0, w] × [0, h]
 * widened by one cell, so traversal never walks outside the grid.
 */
function clipToBox(
  a: [number, number],
  b: [number, number],
  w: number,
  h: number,
): [number, number, number, number] | null {
  const dx = b[0] - a[0],
    dy = b[1] - a[1];
  let t0 = 0,
    t1 = 1;
  const p = [-dx, dx, -dy, dy];
  const q = [a[0] + 1, w + 1 - a[0], a[1] + 1, h + 1 - a[1]];
  for (let k = 0; k < 4; k++) {
    if (p[k] === 0) {
      if (q[k]! < 0) return null;
      continue;
    }
    const t = q[k]! / p[k]!;
    if (p[k]! < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  return [a[0] + t0 * dx, a[1] + t0 * dy, a[0] + t1 * dx, a[1] + t1 * dy];
}

/** A cell touched by a line, with the point of the line nearest the cell centre (grid CRS). */
export interface LineSeed {
  index: number;
  x: number;
  y: number;
  /** The whole line segment that point lies on, [x1, y1, x2, y2] in grid CRS. */
  segment?: [number, number, number, number];
}

/**
 * Supercover rasterisation of lines. Returns one seed per (touched cell, line
 * segment) pair, sorted by cell index, each carrying the point of that segment
 * nearest the cell centre and the segment itself, so distances measured from
 * seeds are to the line, not to cell centres.
 *
 * @example
 * ```ts
 * import { rasterizeLines, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 100, height: 100, originX: 38, originY: 36, crs: WGS84_CRS,
 *   pixelSizeX: 0.01, pixelSizeY: 0.01 }; // degrees
 * const seeds = rasterizeLines(grid, [[[38.05, 35.95], [38.95, 35.05]]]); // seeds[i].index: cell index
 * ```
 */
export function rasterizeLines(grid: GridSpec, lines: readonly (readonly LonLat[])[]): LineSeed[] {
  const { width, height, originX, originY, pixelSizeX: px, pixelSizeY: py } = grid;
  const out: Array<LineSeed & { order: number }> = [];
  let seg: [number, number, number, number] = [0, 0, 0, 0];
  const visit = (c: number, r: number, ax: number, ay: number, bx: number, by: number) => {
    if (c < 0 || r < 0 || c >= width || r >= height) return;
    // nearest point of the segment (in cell units) to the centre, then to CRS
    const cx = c + 0.5,
      cy = r + 0.5;
    const dx = bx - ax,
      dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? ((cx - ax) * dx + (cy - ay) * dy) / len2 : 0;
    t = Math.min(1, Math.max(0, t));
    out.push({
      index: r * width + c,
      x: originX + (ax + t * dx) * px,
      y: originY - (ay + t * dy) * py,
      segment: seg,
      order: out.length,
    });
  };
  for (const line of lines) {
    const pts = line.map((p) => {
      const [x, y] = toRasterCrs(grid.crs, p[0], p[1]);
      return [(x - originX) / px, (originY - y) / py] as [number, number];
    });
    for (let k = 0; k + 1 < pts.length; k++) {
      const clipped = clipToBox(pts[k]!, pts[k + 1]!, width, height);
      if (!clipped) continue;
      const [ax, ay, bx, by] = clipped;
      const [sa, sb] = [pts[k]!, pts[k + 1]!];
      seg = [originX + sa[0] * px, originY - sa[1] * py, originX + sb[0] * px, originY - sb[1] * py];
      // Amanatides–Woo traversal of the cells the segment crosses.
      let c = Math.floor(ax),
        r = Math.floor(ay);
      const cEnd = Math.floor(bx),
        rEnd = Math.floor(by);
      const dx = bx - ax,
        dy = by - ay;
      const stepC = dx > 0 ? 1 : -1,
        stepR = dy > 0 ? 1 : -1;
      const tDeltaX = dx !== 0 ? Math.abs(1 / dx) : Infinity;
      const tDeltaY = dy !== 0 ? Math.abs(1 / dy) : Infinity;
      let tMaxX = dx !== 0 ? (dx > 0 ? c + 1 - ax : ax - c) * tDeltaX : Infinity;
      let tMaxY = dy !== 0 ? (dy > 0 ? r + 1 - ay : ay - r) * tDeltaY : Infinity;
      visit(c, r, ax, ay, bx, by);
      let guard = Math.abs(cEnd - c) + Math.abs(rEnd - r) + 2;
      while ((c !== cEnd || r !== rEnd) && guard-- > 0) {
        if (tMaxX < tMaxY) {
          c += stepC;
          tMaxX += tDeltaX;
        } else {
          r += stepR;
          tMaxY += tDeltaY;
        }
        visit(c, r, ax, ay, bx, by);
      }
    }
  }
  out.sort((a, b) => a.index - b.index || a.order - b.order);
  return out.map(({ index, x, y, segment }) => ({ index, x, y, segment }));
}
