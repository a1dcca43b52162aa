/**
 * Raster → polygons: cells of equal value are dissolved into polygons by
 * tracing cell boundaries into rings.
 *
 * - Connectivity is 4-neighbour (as gdal_polygonize's default): cells touching
 *   only at a corner are separate parts. Where two cells of the SAME part touch
 *   at a corner (the part joins up elsewhere), the tracer turns right, so the
 *   enclosed area becomes a hole touching the outer ring at that corner (valid
 *   OGC simple features) rather than a self-touching outer ring.
 * - Rings follow GeoJSON (RFC 7946): outer rings counter-clockwise, holes
 *   clockwise, holes kept (a lake of another class inside a plain is a hole).
 * - On lon/lat grids vertices are kept at every cell corner along east-west
 *   edges (parallels are not geodesics; with a vertex every cell the geodesic
 *   area of the polygon equals the cells' ellipsoidal area to ~1e-5), and
 *   dropped along north-south edges (meridians are geodesics). On projected
 *   grids every corner is kept and transformed to lon/lat.
 */
import { fromRasterCrs } from "./crs.ts";
import type { GridSpec, Raster } from "./raster.ts";

/**
 * One polygon of {@link polygonizeRaster}: its cell value, rings and cell count.
 */
export interface PolygonizedPart {
  value: number;
  /** rings[0] outer, rest holes; [lon, lat] */
  rings: number[][][];
  cells: number;
}

/**
 * 4-connected components of equal, non-nodata values. Returns labels (-1 nodata) and count.
 *
 * @example
 * ```ts
 * import { labelComponents } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const { labels, count } = labelComponents(await readRasterFile("terrain-classes.tif"));
 * ```
 */
export function labelComponents(raster: Raster): {
  labels: Int32Array;
  count: number;
  values: number[];
  cells: number[];
} {
  const { width: w, height: h, data } = raster;
  const n = w * h;
  const labels = new Int32Array(n).fill(-1);
  const nd = raster.nodata;
  const stack = new Int32Array(n);
  const values: number[] = [];
  const cells: number[] = [];
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (labels[s] !== -1) continue;
    const v = data[s]!;
    if (!Number.isFinite(v) || (nd !== null && v === nd)) continue;
    let top = 0;
    stack[top++] = s;
    labels[s] = count;
    let k = 0;
    while (top > 0) {
      const i = stack[--top]!;
      k++;
      const r = Math.floor(i / w),
        c = i - r * w;
      if (c > 0 && labels[i - 1] === -1 && data[i - 1] === v) {
        labels[i - 1] = count;
        stack[top++] = i - 1;
      }
      if (c < w - 1 && labels[i + 1] === -1 && data[i + 1] === v) {
        labels[i + 1] = count;
        stack[top++] = i + 1;
      }
      if (r > 0 && labels[i - w] === -1 && data[i - w] === v) {
        labels[i - w] = count;
        stack[top++] = i - w;
      }
      if (r < h - 1 && labels[i + w] === -1 && data[i + w] === v) {
        labels[i + w] = count;
        stack[top++] = i + w;
      }
    }
    values.push(v);
    cells.push(k);
    count++;
  }
  return { labels, count, values, cells };
}

// Directions, counter-clockwise: E, N, W, S (geographic: north up).
const E = 0,
  N = 1,
  W = 2,
  S = 3;

/**
 * Polygons of the 4-connected areas of equal value (as gdal_polygonize with 4-connectedness), holes kept; [lon, lat]
 * degrees on lon/lat rasters, CRS units otherwise.
 *
 * @example
 * ```ts
 * import { polygonizeRaster } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const parts = polygonizeRaster(await readRasterFile("terrain-classes.tif")); // { value, rings, cells }[]
 * ```
 */
export function polygonizeRaster(raster: Raster): PolygonizedPart[] {
  const { width: w, height: h } = raster;
  const { labels, count, values, cells } = labelComponents(raster);
  const W1 = w + 1;
  // Directed boundary edges with their component on the left.
  const eStart: number[] = [];
  const eDir: number[] = [];
  const eComp: number[] = [];
  const vHead = new Int32Array(W1 * (h + 1)).fill(-1);
  const eNext: number[] = [];
  const add = (start: number, dir: number, comp: number) => {
    const id = eStart.length;
    eStart.push(start);
    eDir.push(dir);
    eComp.push(comp);
    eNext.push(vHead[start]!);
    vHead[start] = id;
  };
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      const k = labels[i]!;
      if (k < 0) continue;
      if (r === 0 || labels[i - w] !== k) add(r * W1 + c + 1, W, k); // top: (c+1,r) → (c,r)
      if (r === h - 1 || labels[i + w] !== k) add((r + 1) * W1 + c, E, k); // bottom: (c,r+1) → (c+1,r+1)
      if (c === 0 || labels[i - 1] !== k) add(r * W1 + c, S, k); // left: (c,r) → (c,r+1)
      if (c === w - 1 || labels[i + 1] !== k) add((r + 1) * W1 + c + 1, N, k); // right: (c+1,r+1) → (c+1,r)
    }
  }
  const endOf = (e: number) => {
    const s = eStart[e]!;
    switch (eDir[e]) {
      case E:
        return s + 1;
      case W:
        return s - 1;
      case N:
        return s - W1;
      default:
        return s + W1;
    }
  };
  const used = new Uint8Array(eStart.length);
  const ringsByComp: Array<Array<{ verts: number[]; area2: number }>> = Array.from({ length: count }, () => []);
  const geographic = raster.crs.geographic;
  for (let e0 = 0; e0 < eStart.length; e0++) {
    if (used[e0]) continue;
    const comp = eComp[e0]!;
    const verts: number[] = [];
    let e = e0;
    for (;;) {
      used[e] = 1;
      verts.push(eStart[e]!);
      const v = endOf(e);
      const d = eDir[e]!;
      let best = -1,
        bestRank = 9;
      for (let f = vHead[v]!; f !== -1; f = eNext[f]!) {
        if (eComp[f] !== comp || (used[f] && f !== e0)) continue;
        const turn = (eDir[f]! - d + 4) % 4; // 3 right, 0 straight, 1 left
        const rank = turn === 3 ? 0 : turn === 0 ? 1 : turn === 1 ? 2 : 3;
        if (rank < bestRank) {
          bestRank = rank;
          best = f;
        }
      }
      if (best === -1 || best === e0) break;
      e = best;
    }
    // drop vertices in the middle of straight north-south runs (lon/lat) — never along east-west runs
    const m = verts.length;
    const kept: number[] = [];
    for (let k = 0; k < m; k++) {
      const prev = verts[(k - 1 + m) % m]!,
        cur = verts[k]!,
        next = verts[(k + 1) % m]!;
      const vertical = prev % W1 === cur % W1 && cur % W1 === next % W1;
      if (vertical && geographic) continue;
      kept.push(cur);
    }
    // shoelace in (col, -row): positive = counter-clockwise on the map
    let area2 = 0;
    for (let k = 0; k < kept.length; k++) {
      const a = kept[k]!,
        b = kept[(k + 1) % kept.length]!;
      const ax = a % W1,
        ay = -Math.floor(a / W1),
        bx = b % W1,
        by = -Math.floor(b / W1);
      area2 += ax * by - bx * ay;
    }
    ringsByComp[comp]!.push({ verts: kept, area2 });
  }
  const round = (v: number) => Math.round(v * 1e9) / 1e9;
  const toLonLat = (vid: number): number[] => {
    const c = vid % W1,
      r = Math.floor(vid / W1);
    const [lon, lat] = fromRasterCrs(
      raster.crs,
      raster.originX + c * raster.pixelSizeX,
      raster.originY - r * raster.pixelSizeY,
    );
    return [round(lon), round(lat)];
  };
  const parts: PolygonizedPart[] = [];
  for (let k = 0; k < count; k++) {
    const rings = ringsByComp[k]!;
    // the outer ring is the only counter-clockwise one; the rest are holes
    rings.sort((a, b) => b.area2 - a.area2);
    const coords = rings.map((ring) => {
      const pts = ring.verts.map(toLonLat);
      pts.push(pts[0]!);
      return pts;
    });
    parts.push({ value: values[k]!, rings: coords, cells: cells[k]! });
  }
  return parts;
}

/** A cell mask traced into one MultiPolygon ([lon, lat]; empty coordinates when no cell is selected). */
export interface CellPolygons {
  type: "MultiPolygon";
  coordinates: [number, number][][][];
}

/**
 * The union of the cells with `selected(index)` true, as a MultiPolygon: polygonizeRaster's rules
 * (4-connected parts, holes kept, RFC 7946 orientation, a vertex at every cell corner on east-west edges).
 *
 * @example
 * ```ts
 * import { cellsToPolygons } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const dem = await readRasterFile("dem.tif");
 * const above500 = cellsToPolygons(dem, (i) => dem.data[i]! > 500); // MultiPolygon of the cells above 500 m
 * ```
 */
export function cellsToPolygons(grid: GridSpec, selected: (index: number) => boolean): CellPolygons {
  const n = grid.width * grid.height;
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (selected(i)) data[i] = 1;
  const parts = polygonizeRaster({ ...grid, data, nodata: 0 });
  return { type: "MultiPolygon", coordinates: parts.map((p) => p.rings as [number, number][][]) };
}
