/**
 * Rivers and lakes as barriers on a lon/lat grid.
 *
 * A river line is burnt into the grid with a cell-walking traversal (every cell
 * the line passes through, Amanatides–Woo), so consecutive blocked cells always
 * share an edge (4-connected). An 8-neighbour move therefore can never slip
 * diagonally between two river cells: a diagonal move p→q whose two "corner"
 * cells are both free never crosses a 4-connected chain. (Knight's moves of a
 * 16-neighbour search could jump a 1-cell line: the route graph uses 8.)
 * Lakes are filled by cell centre (even–odd rule) and their outline is burnt
 * the same way as rivers, so a lake joins the rivers that flow through it.
 *
 * Side tests ("which bank is this point on?") are topological, done in a local
 * equirectangular frame (lon scaled by cos lat): they never measure anything.
 */
import type { GridSpec } from "../raster/raster.ts";
import type { LonLat } from "../geo/types.ts";
import { pointInPolygons } from "../geo/polygon.ts";

export type Polyline = LonLat[];

/** A named barrier: polylines (rivers) and/or polygons (lakes, outer ring first). */
export interface BarrierSource {
  /** e.g. "euphrates", "khabur", "tigris", "lake-assad". */
  name: string;
  /** River that this barrier belongs to for crossings (lakes on a river: the river's name). */
  river: string;
  lines: Polyline[];
  polygons: LonLat[][][];
}

/**
 * Barriers burnt into a grid ({@link rasteriseBarriers}): one byte a cell.
 */
export interface BarrierRaster {
  width: number;
  height: number;
  /** 0 = free, k > 0 = blocked by barrier k-1 of `sources`. */
  mask: Uint8Array;
  sources: BarrierSource[];
  /** Number of blocked cells. */
  blockedCount: number;
}

/** Fractional grid coordinates (column, row) of a lon/lat point; cell (c, r) spans [c, c+1) × [r, r+1). */
export function toGridXY(grid: GridSpec, p: LonLat): [number, number] {
  return [(p[0] - grid.originX) / grid.pixelSizeX, (grid.originY - p[1]) / grid.pixelSizeY];
}

/** Calls visit(col, row) for every cell the segment a→b (grid coordinates) passes through, in order. */
export function walkSegmentCells(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  visit: (col: number, row: number) => void,
): void {
  let col = Math.floor(ax);
  let row = Math.floor(ay);
  const endCol = Math.floor(bx);
  const endRow = Math.floor(by);
  const dx = bx - ax;
  const dy = by - ay;
  const stepX = dx > 0 ? 1 : dx < 0 ? -1 : 0;
  const stepY = dy > 0 ? 1 : dy < 0 ? -1 : 0;
  const tDeltaX = stepX !== 0 ? Math.abs(1 / dx) : Infinity;
  const tDeltaY = stepY !== 0 ? Math.abs(1 / dy) : Infinity;
  let tMaxX = stepX > 0 ? (col + 1 - ax) / dx : stepX < 0 ? (ax - col) / -dx : Infinity;
  let tMaxY = stepY > 0 ? (row + 1 - ay) / dy : stepY < 0 ? (ay - row) / -dy : Infinity;
  visit(col, row);
  // Bounded by the Manhattan distance in cells, so a degenerate float can never loop.
  let guard = Math.abs(endCol - col) + Math.abs(endRow - row) + 2;
  while ((col !== endCol || row !== endRow) && guard-- > 0) {
    if (tMaxX < tMaxY) {
      col += stepX;
      tMaxX += tDeltaX;
    } else {
      row += stepY;
      tMaxY += tDeltaY;
    }
    visit(col, row);
  }
}

function burnLine(grid: GridSpec, line: Polyline, mask: Uint8Array, value: number): void {
  const { width, height } = grid;
  const set = (c: number, r: number) => {
    if (c >= 0 && r >= 0 && c < width && r < height) mask[r * width + c] = value;
  };
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = toGridXY(grid, line[i]!);
    const [bx, by] = toGridXY(grid, line[i + 1]!);
    walkSegmentCells(ax, ay, bx, by, set);
  }
  if (line.length === 1) {
    const [x, y] = toGridXY(grid, line[0]!);
    set(Math.floor(x), Math.floor(y));
  }
}

/** Fills cells whose centre lies inside the polygon (even–odd over all rings, so holes stay free). */
function fillPolygon(grid: GridSpec, rings: LonLat[][], mask: Uint8Array, value: number): void {
  const { width, height } = grid;
  const gridRings = rings.map((ring) => ring.map((p) => toGridXY(grid, p)));
  let minRow = Infinity;
  let maxRow = -Infinity;
  for (const ring of gridRings)
    for (const [, y] of ring) (minRow = Math.min(minRow, y)), (maxRow = Math.max(maxRow, y));
  const r0 = Math.max(0, Math.floor(minRow));
  const r1 = Math.min(height - 1, Math.ceil(maxRow));
  const xs: number[] = [];
  for (let r = r0; r <= r1; r++) {
    const y = r + 0.5;
    xs.length = 0;
    for (const ring of gridRings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > y !== yj > y) xs.push(xi + ((y - yi) / (yj - yi)) * (xj - xi));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // centres c + 0.5 in [xs[k], xs[k+1])
      const c0 = Math.max(0, Math.ceil(xs[k]! - 0.5));
      const c1 = Math.min(width - 1, Math.ceil(xs[k + 1]! - 0.5) - 1);
      for (let c = c0; c <= c1; c++) mask[r * width + c] = value;
    }
  }
}

/**
 * Sea mask from land polygons (outer ring first, holes after): 1 where a cell's centre lies
 * inside `bbox` (the extent the land data covers: [west, south, east, north]) and outside
 * every polygon. Cells outside `bbox` are unknown and stay 0 (free).
 *
 * @example
 * ```ts
 * import { seaMask } from "@syraq/core";
 * import { loadDem, loadPackLand, resolveDataDir } from "@syraq/core/node";
 * const dataDir = resolveDataDir();
 * const land = loadPackLand(dataDir);
 * const sea = seaMask(await loadDem({ dataDir }), land.polygons, land.bbox); // 1 = sea cell
 * ```
 */
export function seaMask(grid: GridSpec, polygons: LonLat[][][], bbox: [number, number, number, number]): Uint8Array {
  const land = new Uint8Array(grid.width * grid.height);
  for (const poly of polygons) fillPolygon(grid, poly, land, 1);
  const sea = new Uint8Array(land.length);
  for (let r = 0; r < grid.height; r++) {
    const lat = grid.originY - (r + 0.5) * grid.pixelSizeY;
    if (lat < bbox[1] || lat > bbox[3]) continue;
    for (let c = 0; c < grid.width; c++) {
      const lon = grid.originX + (c + 0.5) * grid.pixelSizeX;
      if (lon < bbox[0] || lon > bbox[2]) continue;
      if (land[r * grid.width + c] === 0) sea[r * grid.width + c] = 1;
    }
  }
  return sea;
}

/** Even–odd point-in-polygon over all rings of any polygon (planar lon/lat: topology only; geo/polygon.ts). */
export function insidePolygons(polygons: LonLat[][][], p: LonLat): boolean {
  return pointInPolygons(polygons, p[0], p[1]);
}

/**
 * Burns every barrier into one mask; later sources overwrite earlier ones where they overlap.
 *
 * @example
 * ```ts
 * import { rasteriseBarriers } from "@syraq/core";
 * import { loadDem, loadPackBarriers, resolveDataDir } from "@syraq/core/node";
 * const dataDir = resolveDataDir();
 * const dem = await loadDem({ dataDir });
 * const barriers = rasteriseBarriers(dem, loadPackBarriers(dataDir)); // barriers.blockedCount cells
 * ```
 */
export function rasteriseBarriers(grid: GridSpec, sources: BarrierSource[]): BarrierRaster {
  if (sources.length > 254) throw new RangeError("at most 254 barrier sources");
  const mask = new Uint8Array(grid.width * grid.height);
  sources.forEach((s, k) => {
    for (const poly of s.polygons) {
      fillPolygon(grid, poly, mask, k + 1);
      for (const ring of poly) burnLine(grid, ring, mask, k + 1);
    }
    for (const line of s.lines) burnLine(grid, line, mask, k + 1);
  });
  let blockedCount = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) blockedCount++;
  return { width: grid.width, height: grid.height, mask, sources, blockedCount };
}

// ---------------------------------------------------------------------------
// Side tests and segment intersection (topology only, local equirectangular frame)

/** Local planar frame centred near `ref`: x = lon·cos(lat_ref), y = lat (degrees; only for orientation tests). */
function planar(p: LonLat, cosRef: number): [number, number] {
  return [p[0] * cosRef, p[1]];
}

export interface NearestOnLines {
  lineIndex: number;
  segmentIndex: number;
  /** Squared planar distance (local degrees²), only for ranking. */
  d2: number;
  /** Parameter along the segment in [0, 1]. */
  t: number;
}

/** The segment of `lines` nearest to p (planar ranking). */
export function nearestSegment(lines: Polyline[], p: LonLat): NearestOnLines | null {
  const cosRef = Math.cos((p[1] * Math.PI) / 180);
  const [px, py] = planar(p, cosRef);
  let best: NearestOnLines | null = null;
  lines.forEach((line, li) => {
    for (let i = 0; i + 1 < line.length; i++) {
      const [ax, ay] = planar(line[i]!, cosRef);
      const [bx, by] = planar(line[i + 1]!, cosRef);
      const vx = bx - ax;
      const vy = by - ay;
      const len2 = vx * vx + vy * vy;
      let t = len2 > 0 ? ((px - ax) * vx + (py - ay) * vy) / len2 : 0;
      t = Math.max(0, Math.min(1, t));
      const qx = ax + t * vx - px;
      const qy = ay + t * vy - py;
      const d2 = qx * qx + qy * qy;
      if (!best || d2 < best.d2) best = { lineIndex: li, segmentIndex: i, d2, t };
    }
  });
  return best;
}

/**
 * Which side of the nearest part of `lines` p lies on: +1 left of the line's
 * direction, -1 right, 0 on it. At a vertex the side follows the sum of the two
 * adjacent segments' unit directions (pseudo-normal rule).
 *
 * @example
 * ```ts
 * import { sideOfLines } from "@syraq/core";
 * const river: [number, number][][] = [[[38.0, 36.0], [40.0, 35.0]]]; // flowing south-east
 * sideOfLines(river, [39.5, 36.0]); // 1: left of the direction of flow (north-east)
 * ```
 */
export function sideOfLines(lines: Polyline[], p: LonLat): -1 | 0 | 1 {
  const n = nearestSegment(lines, p);
  if (!n) return 0;
  const line = lines[n.lineIndex]!;
  const cosRef = Math.cos((p[1] * Math.PI) / 180);
  const [px, py] = planar(p, cosRef);
  const a = planar(line[n.segmentIndex]!, cosRef);
  const b = planar(line[n.segmentIndex + 1]!, cosRef);
  let dx = b[0] - a[0];
  let dy = b[1] - a[1];
  let ox = a[0];
  let oy = a[1];
  const unit = (x: number, y: number): [number, number] => {
    const l = Math.hypot(x, y) || 1;
    return [x / l, y / l];
  };
  if (n.t <= 0 && n.segmentIndex > 0) {
    const prev = planar(line[n.segmentIndex - 1]!, cosRef);
    const u1 = unit(a[0] - prev[0], a[1] - prev[1]);
    const u2 = unit(dx, dy);
    dx = u1[0] + u2[0];
    dy = u1[1] + u2[1];
  } else if (n.t >= 1 && n.segmentIndex + 2 < line.length) {
    const next = planar(line[n.segmentIndex + 2]!, cosRef);
    const u1 = unit(dx, dy);
    const u2 = unit(next[0] - b[0], next[1] - b[1]);
    dx = u1[0] + u2[0];
    dy = u1[1] + u2[1];
    ox = b[0];
    oy = b[1];
  }
  const cross = dx * (py - oy) - dy * (px - ox);
  return cross > 0 ? 1 : cross < 0 ? -1 : 0;
}

/** True when the open segments p1p2 and q1q2 properly intersect or touch (planar degrees; fine at these scales for topology). */
// module-level helpers: closures made per call cost an allocation each (and a name wrapper under tsx)
const orient = (a: LonLat, b: LonLat, c: LonLat) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const onSegment = (a: LonLat, b: LonLat, c: LonLat) =>
  Math.min(a[0], b[0]) <= c[0] &&
  c[0] <= Math.max(a[0], b[0]) &&
  Math.min(a[1], b[1]) <= c[1] &&
  c[1] <= Math.max(a[1], b[1]);

export function segmentsIntersect(p1: LonLat, p2: LonLat, q1: LonLat, q2: LonLat): boolean {
  const d1 = orient(q1, q2, p1);
  const d2 = orient(q1, q2, p2);
  const d3 = orient(p1, p2, q1);
  const d4 = orient(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  if (d1 === 0 && onSegment(q1, q2, p1)) return true;
  if (d2 === 0 && onSegment(q1, q2, p2)) return true;
  if (d3 === 0 && onSegment(p1, p2, q1)) return true;
  if (d4 === 0 && onSegment(p1, p2, q2)) return true;
  return false;
}

/** A flat segment index over barrier lines (and polygon rings) for fast "does p→q cross a barrier?" tests. */
export class BarrierSegmentIndex {
  private readonly cellDeg: number;
  private readonly buckets = new Map<number, number[]>();
  /** Segment endpoints, 4 numbers per segment: ax, ay, bx, by. */
  private readonly coords: number[] = [];
  /** Barrier source index per segment. */
  private readonly owner: number[] = [];

  constructor(sources: BarrierSource[], cellDeg = 0.1) {
    this.cellDeg = cellDeg;
    sources.forEach((s, k) => {
      const rings = [...s.lines, ...s.polygons.flat()];
      for (const line of rings) {
        for (let i = 0; i + 1 < line.length; i++) this.add(line[i]!, line[i + 1]!, k);
      }
    });
  }

  private key(cx: number, cy: number): number {
    return (cx + 20000) * 40000 + (cy + 20000);
  }

  private add(a: LonLat, b: LonLat, k: number): void {
    const id = this.owner.length;
    this.coords.push(a[0], a[1], b[0], b[1]);
    this.owner.push(k);
    const x0 = Math.floor(Math.min(a[0], b[0]) / this.cellDeg);
    const x1 = Math.floor(Math.max(a[0], b[0]) / this.cellDeg);
    const y0 = Math.floor(Math.min(a[1], b[1]) / this.cellDeg);
    const y1 = Math.floor(Math.max(a[1], b[1]) / this.cellDeg);
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const key = this.key(x, y);
        let list = this.buckets.get(key);
        if (!list) this.buckets.set(key, (list = []));
        list.push(id);
      }
  }

  /** Barrier source indices whose lines the segment p→q crosses (deduplicated, ascending). */
  crossings(p: LonLat, q: LonLat): number[] {
    const x0 = Math.floor(Math.min(p[0], q[0]) / this.cellDeg);
    const x1 = Math.floor(Math.max(p[0], q[0]) / this.cellDeg);
    const y0 = Math.floor(Math.min(p[1], q[1]) / this.cellDeg);
    const y1 = Math.floor(Math.max(p[1], q[1]) / this.cellDeg);
    // most road pieces lie in buckets without a barrier segment: no allocation for them
    let seen: Set<number> | null = null;
    let hit: Set<number> | null = null;
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const list = this.buckets.get(this.key(x, y));
        if (!list) continue;
        seen ??= new Set<number>();
        hit ??= new Set<number>();
        for (const id of list) {
          if (seen.has(id)) continue;
          seen.add(id);
          const c = this.coords;
          if (segmentsIntersect(p, q, [c[4 * id]!, c[4 * id + 1]!], [c[4 * id + 2]!, c[4 * id + 3]!]))
            hit.add(this.owner[id]!);
        }
      }
    return hit ? [...hit].sort((a, b) => a - b) : [];
  }
}
