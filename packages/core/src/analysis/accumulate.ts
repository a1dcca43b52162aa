/**
 * Accumulated cost from one or more sources over a cost grid, with direction
 * (GRASS r.cost semantics) and allocation rasters. A thin layer over
 * search/grid-search.ts: it builds the move table for the rule, runs the search
 * and packs the typed arrays into rasters (unreachable = NaN / -1).
 */
import { SyraqError } from "../errors.ts";
import { fromRasterCrs, toRasterCrs } from "../raster/crs.ts";
import { cellAt, type GridSpec, type Raster } from "../raster/raster.ts";
import { rowCellSizes } from "../raster/cellsize.ts";
import {
  buildGridMoves,
  directionCode,
  type GridMoves,
  type Neighbourhood,
  type StepRule,
} from "../search/grid-moves.ts";
import type { AnisotropicCost } from "../cost/anisotropic.ts";
import { gridSearch } from "../search/grid-search.ts";

/**
 * One source of {@link accumulateCost}: the cells it occupies and the cost already spent there.
 */
export interface AccumulateSource {
  /** Flat cell indices (row * width + col) the source occupies (a point: one cell; a line: its cells). */
  cells: number[];
  /** Cost already spent at the source (default 0). */
  initialCost?: number;
  /** Label for reports (place name, coordinate, feature id). */
  label?: string;
  /** Where the source was given (lon/lat), for reports. */
  lon?: number;
  lat?: number;
}

/**
 * Input of {@link accumulateCost}: grid, cost per cell (per metre with rule geodesic), sources, moves and limits.
 */
export interface AccumulateOptions {
  grid: GridSpec;
  /** Per-cell cost: for rule geodesic cost per metre (e.g. seconds per metre) or a friction multiplier
   * with an anisotropic model; for grass/mcp the peer's cell cost as is. NaN / < 0 / +Infinity = impassable. */
  cellCost: Float32Array | Float64Array;
  anisotropic?: AnisotropicCost;
  blocked?: Uint8Array;
  sources: AccumulateSource[];
  neighbours?: Neighbourhood;
  rule?: StepRule;
  maxCost?: number;
  direction?: boolean;
  allocation?: boolean;
  onProgress?: (fraction: number) => void;
  /** Reuse a move table (must match grid, neighbours and rule). */
  moves?: GridMoves;
  /** The user's cost values before cleaning (e.g. a negative cost that became NaN), for error messages. */
  rawCost?: ArrayLike<number>;
}

/**
 * Output of {@link accumulateCost}: the accumulated cost raster (seconds for pace models), directions in degrees, and
 * allocation.
 */
export interface AccumulateResult {
  /** Accumulated cost, Float64, NaN where unreachable (or beyond maxCost). */
  accumulated: Raster<Float64Array>;
  /** Degrees CCW from east towards the next cell on the way back to the source (GRASS r.cost outdir); NaN at sources and unreachable cells. */
  direction: Raster<Float32Array> | null;
  /** Index of the source each cell is allocated to; -1 unreachable. */
  allocation: Raster<Int32Array> | null;
  settledCells: number;
  moves: GridMoves;
}

function rasterOf<T extends Float64Array | Float32Array | Int32Array>(
  grid: GridSpec,
  data: T,
  nodata: number | null,
): Raster<T> {
  return {
    width: grid.width,
    height: grid.height,
    originX: grid.originX,
    originY: grid.originY,
    pixelSizeX: grid.pixelSizeX,
    pixelSizeY: grid.pixelSizeY,
    crs: grid.crs,
    data,
    nodata,
  };
}

/** Direction code per (dr, dc) of a move, for |dr|,|dc| <= 4: index (dr + 4) * 9 + (dc + 4). */
const DIRECTION_TABLE = (() => {
  const t = new Float32Array(81).fill(NaN);
  for (let dr = -4; dr <= 4; dr++)
    for (let dc = -4; dc <= 4; dc++) if (dr || dc) t[(dr + 4) * 9 + dc + 4] = directionCode(dr, dc);
  return t;
})();

/**
 * Accumulated cost from one or more sources over a grid (Dijkstra; exact): each move costs the step rule applied
 * to the cells' costs (`rule` "geodesic": mean cell cost × true WGS84 move length in metres; "grass" and "mcp"
 * reproduce GRASS r.cost and scikit-image MCP_Geometric). Cost units are those of `cellCost` × the rule's length
 * unit (seconds when the cost is a pace in s/m). Unreachable cells are NaN. Coded errors: BAD_ARGUMENT, BAD_OPTION,
 * OUTSIDE_RASTER (a source off the grid).
 *
 * Throws NODATA_CELL for a source on an impassable or nodata cell.
 *
 * @example
 * ```ts
 * import { accumulateCost, cellOfLonLat, costPerCellToArray } from "@syraq/core";
 * import { readRasterFile, writeRasterFile } from "@syraq/core/node";
 * const cost = await readRasterFile("cost.tif");
 * const { accumulated } = accumulateCost({
 *   grid: cost,
 *   cellCost: costPerCellToArray(cost, { rule: "geodesic" }),
 *   sources: [{ cells: [cellOfLonLat(cost, 38.284, 34.5624)] }], // Palmyra
 * });
 * writeRasterFile("acc.tif", accumulated);
 * ```
 */
export function accumulateCost(options: AccumulateOptions): AccumulateResult {
  const { grid, cellCost } = options;
  const { width, height } = grid;
  const N = width * height;
  if (cellCost.length !== N)
    throw new SyraqError("INTERNAL", `cost grid has ${cellCost.length} cells, expected ${width}×${height}`);
  if (options.sources.length === 0)
    throw new SyraqError("BAD_ARGUMENT", "accumulate needs at least one source (--from)");
  const rule = options.rule ?? "geodesic";
  const neighbours = options.neighbours ?? 8;
  const moves = options.moves ?? buildGridMoves(grid, { neighbours, rule });
  if (options.maxCost !== undefined && !(options.maxCost >= 0))
    throw new SyraqError("BAD_OPTION", `--max-cost must be >= 0; got ${options.maxCost}`);
  const nodes: { node: number; initialCost: number }[] = [];
  const group: number[] = [];
  options.sources.forEach((s, k) => {
    if (s.cells.length === 0)
      throw new SyraqError("OUTSIDE_RASTER", `source ${s.label ?? k + 1} covers no cell of the raster`, {
        source: s.label ?? k,
      });
    for (const cell of s.cells) {
      const c = cellCost[cell]!;
      const noElevation = !!options.anisotropic && Number.isNaN(options.anisotropic.elevationMetres[cell]!);
      if (!(c >= 0 && c < Infinity) || options.blocked?.[cell] === 1 || noElevation) {
        const raw = options.rawCost?.[cell];
        const why = noElevation
          ? "the DEM has no elevation there (nodata)"
          : raw !== undefined && raw !== c
            ? `cost ${raw}`
            : `cost ${c}`;
        const at = s.lon !== undefined && s.lat !== undefined ? ` at ${s.lat.toFixed(4)}°N ${s.lon.toFixed(4)}°E` : "";
        throw new SyraqError(
          "NODATA_CELL",
          `source ${s.label ?? k + 1}${at} lies on an impassable or nodata cell (row ${Math.floor(cell / width)}, col ${cell % width}: ${why}); move it or change the cost surface`,
          { source: s.label ?? k, cell, row: Math.floor(cell / width), col: cell % width },
        );
      }
      nodes.push({ node: cell, initialCost: s.initialCost ?? 0 });
      group.push(k);
    }
  });
  const multi = options.sources.length > 1 || options.allocation;
  const res = gridSearch({
    width,
    height,
    moves,
    cellCost,
    blocked: options.blocked,
    anisotropic: options.anisotropic,
    sources: nodes,
    maxCost: options.maxCost,
    allocation: !!multi,
    predecessor: !!options.direction,
    onProgress: options.onProgress,
  });
  const acc = res.cost; // length N (no extra nodes)
  for (let i = 0; i < N; i++) if (acc[i] === Infinity) acc[i] = NaN;
  let direction: Raster<Float32Array> | null = null;
  if (options.direction) {
    const d = new Float32Array(N);
    const pred = res.predecessor;
    // the move u → v is (dr, dc) with |dc| <= 4 < width / 2 (or a single column): dr = round((v − u) / width)
    const wide = width > 8;
    for (let v = 0; v < N; v++) {
      const u = pred[v]!;
      if (u < 0) {
        d[v] = NaN;
        continue;
      }
      let dr: number;
      let dc: number;
      if (wide) {
        dr = Math.round((v - u) / width);
        dc = v - u - dr * width;
      } else {
        const rv = (v / width) | 0;
        const ru = (u / width) | 0;
        dr = rv - ru;
        dc = v - rv * width - (u - ru * width);
      }
      d[v] = DIRECTION_TABLE[(dr + 4) * 9 + dc + 4]!;
    }
    direction = rasterOf(grid, d, NaN);
  }
  let allocation: Raster<Int32Array> | null = null;
  if (options.allocation) {
    const a = res.allocation!;
    const out = new Int32Array(N);
    for (let i = 0; i < N; i++) out[i] = a[i]! < 0 ? -1 : group[a[i]!]!;
    allocation = rasterOf(grid, out, -1);
  }
  return { accumulated: rasterOf(grid, acc, NaN), direction, allocation, settledCells: res.settled, moves };
}

/**
 * Converts a user cost raster into per-cell costs for the search: nodata, NaN and
 * negative values become NaN (impassable). With `perCell`, a cost per cell is turned
 * into a cost per metre by dividing by the cell's mean ground size √(ew·ns) of its row
 * (rule geodesic only; grass and mcp use cell costs as given).
 *
 * The values keep their precision: Float32 rasters (and 8/16-bit integers, exact in
 * Float32) give a Float32Array, others a Float64Array; the search widens each value to a
 * double exactly as the peers do. When nothing needs changing (a Float32/Float64 raster
 * without nodata hits or negative values, no per-cell scaling) the raster's own array is
 * returned, not a copy: treat the result as read-only.
 *
 * @example
 * ```ts
 * import { costPerCellToArray } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const cellCost = costPerCellToArray(await readRasterFile("cost.tif"), { perCell: true }); // cost per metre
 * ```
 */
export function costPerCellToArray(
  raster: Raster,
  options: { perCell?: boolean; rule?: StepRule } = {},
): Float32Array | Float64Array {
  const { width, height, data } = raster;
  const nd = raster.nodata;
  const scale = !!options.perCell && (options.rule ?? "geodesic") === "geodesic";
  const exactInF32 =
    data instanceof Float32Array ||
    data instanceof Int16Array ||
    data instanceof Uint16Array ||
    data instanceof Int8Array ||
    data instanceof Uint8Array ||
    data instanceof Uint8ClampedArray;
  if (!scale && (data instanceof Float32Array || data instanceof Float64Array)) {
    let clean = true;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v < 0 || (nd !== null && v === nd)) {
        clean = false;
        break;
      }
    }
    if (clean) return data;
  }
  const out = exactInF32 && !scale ? new Float32Array(width * height) : new Float64Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const v = data[i]!;
    out[i] = Number.isNaN(v) || (nd !== null && v === nd) || v < 0 ? NaN : v;
  }
  if (scale) {
    const { ewMetres, nsMetres } = rowCellSizes(raster);
    for (let r = 0; r < height; r++) {
      const s = 1 / Math.sqrt(ewMetres[r]! * nsMetres[r]!);
      for (let c = 0; c < width; c++) out[r * width + c] = out[r * width + c]! * s;
    }
  }
  return out;
}

/**
 * The cell containing a lon/lat point (raster CRS applied), or an OUTSIDE_RASTER error.
 *
 * @example
 * ```ts
 * import { cellOfLonLat } from "@syraq/core";
 * import { rasterPathGrid } from "@syraq/core/node";
 * const grid = await rasterPathGrid("dem.tif");
 * const cell = cellOfLonLat(grid, 38.284, 34.5624, "Palmyra"); // row * width + col; OUTSIDE_RASTER if off the grid
 * ```
 */
export function cellOfLonLat(grid: GridSpec, lon: number, lat: number, label = `${lon},${lat}`): number {
  const [x, y] = toRasterCrs(grid.crs, lon, lat);
  const cell = cellAt(grid, x, y);
  if (!cell)
    throw new SyraqError("OUTSIDE_RASTER", `${label} (lon ${lon}, lat ${lat}) lies outside the raster`, { lon, lat });
  return cell.row * grid.width + cell.col;
}

/**
 * Lon/lat of a cell's centre.
 *
 * @example
 * ```ts
 * import { lonLatOfCell, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 10, height: 10, originX: 38, originY: 36, pixelSizeX: 0.1, pixelSizeY: 0.1, crs: WGS84_CRS };
 * lonLatOfCell(grid, 11); // [38.15, 35.85]
 * ```
 */
export function lonLatOfCell(grid: GridSpec, cell: number): [number, number] {
  const row = Math.floor(cell / grid.width);
  const col = cell - row * grid.width;
  const x = grid.originX + (col + 0.5) * grid.pixelSizeX;
  const y = grid.originY - (row + 0.5) * grid.pixelSizeY;
  return fromRasterCrs(grid.crs, x, y);
}

/**
 * Cells under a polyline given in lon/lat: the segments are walked in raster-CRS
 * steps of a quarter cell, so every cell the line passes through is listed once, in order.
 *
 * @example
 * ```ts
 * import { cellsOfLine, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 10, height: 10, originX: 38, originY: 36, pixelSizeX: 0.1, pixelSizeY: 0.1, crs: WGS84_CRS };
 * cellsOfLine(grid, [[38.05, 35.95], [38.35, 35.95]]); // [0, 1, 2, 3]
 * ```
 */
export function cellsOfLine(grid: GridSpec, coords: Array<[number, number]>): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const add = (x: number, y: number) => {
    const c = cellAt(grid, x, y);
    if (!c) return;
    const i = c.row * grid.width + c.col;
    if (!seen.has(i)) {
      seen.add(i);
      out.push(i);
    }
  };
  const pts = coords.map(([lon, lat]) => toRasterCrs(grid.crs, lon, lat));
  if (pts.length === 1) add(pts[0]![0], pts[0]![1]);
  const step = Math.min(grid.pixelSizeX, grid.pixelSizeY) / 4;
  for (let i = 1; i < pts.length; i++) {
    const [x0, y0] = pts[i - 1]!;
    const [x1, y1] = pts[i]!;
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let j = 0; j <= n; j++) add(x0 + ((x1 - x0) * j) / n, y0 + ((y1 - y0) * j) / n);
  }
  return out;
}
