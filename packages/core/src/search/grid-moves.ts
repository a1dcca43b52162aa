/**
 * The moves of a grid search and their per-row factors.
 *
 * A move is an offset (dr, dc) from a cell; with 16/32/48 neighbours a move can
 * jump over cells. Every move lists the cells its centre-to-centre segment
 * crosses (in the order met from the start cell), so a step never jumps over a
 * blocked cell and its cost can average every crossed cell (GRASS r.cost's
 * Knight's move averages four cells: p, the orthogonal neighbour, the diagonal
 * neighbour, q — exactly the cells its segment crosses).
 *
 * Step cost of an isotropic move from p to q in row r:
 *   acc = c(m1); acc += c(m2); …; acc += c(q); acc += c(p);   (intermediates first, in segment order)
 *   step = acc * factor[r * moveCount + k]
 * with `factor` chosen by the rule:
 *   geodesic: factor = lengthMetres / crossedCells   (mean cost × true ground length)
 *   grass   : GRASS r.cost 8.2 factors (units: east-west cell widths), see peers/README.md
 *   mcp     : skimage MCP_Geometric, sampling (1, 1): L * 0.5 with L = 1 or √2 (units: cells)
 * For 2-cell moves acc = c(q) + c(p), which equals GRASS's `(c(q) + c(p))` and,
 * + being commutative in IEEE 754, skimage's `(c(p) + c(q))`.
 */
import { SyraqError } from "../errors.ts";
import { geodesicInverse } from "../geo/geodesic.ts";
import type { GridSpec } from "../raster/raster.ts";

/**
 * Moves per cell: 8 (king), 16 (plus knight moves), 32 or 48.
 */
export type Neighbourhood = 8 | 16 | 32 | 48;
/**
 * How a move's length and cost are measured: true geodesic metres, as GRASS r.cost, or as skimage's MCP_Geometric.
 */
export type StepRule = "geodesic" | "grass" | "mcp";
/**
 * The supported neighbourhoods.
 */
export const NEIGHBOURHOODS: readonly Neighbourhood[] = [8, 16, 32, 48];
/**
 * The supported step rules.
 */
export const STEP_RULES: readonly StepRule[] = ["geodesic", "grass", "mcp"];

/**
 * The move table of a grid ({@link buildGridMoves}): offsets, crossed cells, and per row the ground length in metres.
 */
export interface GridMoves {
  neighbours: Neighbourhood;
  rule: StepRule;
  /** Number of moves K. */
  count: number;
  /** Row and column offset of each move. */
  dr: Int32Array;
  dc: Int32Array;
  /** Largest |dr| or |dc| over the moves (1 for 8 neighbours, 2 for 16, 3 for 32/48). */
  reach: number;
  /**
   * Intermediate cells of move k (excluding both ends), as (dr, dc) pairs:
   * crossDr/crossDc[crossStart[k] .. crossStart[k+1]).
   */
  crossStart: Int32Array;
  crossDr: Int32Array;
  crossDc: Int32Array;
  /** Per row r and move k (index r*K+k): multiplier of the summed crossed-cell costs (see file comment). */
  factor: Float64Array;
  /** Per row r and move k: true ground length of the move in metres (NaN when the move leaves the grid). */
  lengthMetres: Float64Array;
  /** Direction code of each move as written to a direction raster (degrees CCW from east, see directionCode). */
  directionDegrees: Float64Array;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Offsets in a fixed order: the 8 neighbours in GRASS's order (W, E, N, S, NW, NE, SE, SW),
 * then GRASS's 8 Knight moves, then the 32- and 48-neighbour moves (primitive offsets
 * with max(|dr|,|dc|) = 3, then the remaining ones with max = 4... see below).
 */
function offsetsFor(neighbours: Neighbourhood): Array<[number, number]> {
  const out: Array<[number, number]> = [
    [0, -1],
    [0, 1],
    [-1, 0],
    [1, 0],
    [-1, -1],
    [-1, 1],
    [1, 1],
    [1, -1],
  ];
  if (neighbours === 8) return out;
  // GRASS -k order: NNW, NNE, SSE, SSW (2 rows, 1 col) interleaved as in r.cost: WNW, ENE, ESE, WSW
  out.push([-2, -1], [-2, 1], [2, 1], [2, -1], [-1, -2], [-1, 2], [1, 2], [1, -2]);
  if (neighbours === 16) return out;
  // 32: primitive offsets with Chebyshev distance 3 (16 of them): (±1,±3), (±3,±1), (±2,±3), (±3,±2).
  const ring3: Array<[number, number]> = [];
  for (let r = -3; r <= 3; r++)
    for (let c = -3; c <= 3; c++) {
      if (Math.max(Math.abs(r), Math.abs(c)) === 3 && gcd(r, c) === 1) ring3.push([r, c]);
    }
  out.push(...ring3);
  if (neighbours === 32) return out;
  // 48: primitive offsets with Chebyshev distance 4 (16 of them): (±1,±4), (±4,±1), (±3,±4), (±4,±3).
  for (let r = -4; r <= 4; r++)
    for (let c = -4; c <= 4; c++) {
      if (Math.max(Math.abs(r), Math.abs(c)) === 4 && gcd(r, c) === 1) out.push([r, c]);
    }
  return out;
}

/** Cells crossed by the segment between the centres of (0,0) and (dr,dc), excluding both ends, in order. */
function crossedCells(dr: number, dc: number): Array<[number, number]> {
  const cells: Array<[number, number]> = [];
  const n = 64 * Math.max(Math.abs(dr), Math.abs(dc));
  let last = "0,0";
  // Sample the segment at the midpoints of fine sub-intervals; primitive offsets never pass
  // exactly through a cell corner except at the ends, so no cell is missed for |d| <= 4.
  for (let i = 0; i < n; i++) {
    const t = (i + 0.5) / n;
    const r = Math.floor(0.5 + t * dr);
    const c = Math.floor(0.5 + t * dc);
    const key = `${r},${c}`;
    if (key !== last) {
      last = key;
      if (!(r === dr && c === dc) && !(r === 0 && c === 0)) cells.push([r, c]);
    }
  }
  return cells;
}

/**
 * Direction code of a move from p to q, as in GRASS r.cost's direction map: the
 * direction from q back to p (towards the source), degrees counter-clockwise from
 * east in (0, 360]. 8 neighbours: multiples of 45; Knight moves: GRASS's nominal
 * 22.5° offsets; 32/48-neighbour moves: the exact angle in cell space.
 *
 * @example
 * ```ts
 * import { directionCode } from "@syraq/core";
 * directionCode(0, 1); // 180: a move east points back west
 * directionCode(-1, 0); // 270: a move north points back south
 * ```
 */
export function directionCode(dr: number, dc: number): number {
  // vector q -> p is (-dr, -dc) in (row, col); east = +col, north = -row
  const x = -dc;
  const y = dr;
  const deg = (Math.atan2(y, x) * 180) / Math.PI;
  const a = Math.abs(dr);
  const b = Math.abs(dc);
  const knight = (a === 1 && b === 2) || (a === 2 && b === 1);
  let code = a <= 1 && b <= 1 ? Math.round(deg / 45) * 45 : knight ? Math.round((deg - 22.5) / 45) * 45 + 22.5 : deg;
  code = ((code % 360) + 360) % 360;
  return code === 0 ? 360 : code;
}

/**
 * Neighbourhood and step rule of {@link buildGridMoves}.
 */
export interface GridMovesOptions {
  neighbours?: Neighbourhood;
  rule?: StepRule;
}

/**
 * GRASS region resolutions as r.in.gdal + g.region derive them ((north - south) / rows).
 *
 * @example
 * ```ts
 * import { grassResolutions, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 4, height: 3, originX: 38, originY: 36, pixelSizeX: 0.5, pixelSizeY: 0.5, crs: WGS84_CRS };
 * grassResolutions(grid); // { nsRes: 0.5, ewRes: 0.5 }
 * ```
 */
export function grassResolutions(grid: GridSpec): { nsRes: number; ewRes: number } {
  const north = grid.originY;
  const south = grid.originY - grid.pixelSizeY * grid.height;
  const west = grid.originX;
  const east = grid.originX + grid.pixelSizeX * grid.width;
  return { nsRes: (north - south) / grid.height, ewRes: (east - west) / grid.width };
}

/**
 * Builds the move table and per-row factors for a grid, neighbourhood and rule.
 *
 * Throws BAD_OPTION for another neighbourhood, or one the rule does not reproduce (grass: 8 or 16; mcp: 8).
 *
 * @example
 * ```ts
 * import { buildGridMoves } from "@syraq/core";
 * import { rasterPathGrid } from "@syraq/core/node";
 * const moves = buildGridMoves(await rasterPathGrid("dem.tif"), { neighbours: 16, rule: "geodesic" });
 * moves.count; // 16
 * ```
 */
export function buildGridMoves(grid: GridSpec, options: GridMovesOptions = {}): GridMoves {
  const neighbours = options.neighbours ?? 8;
  const rule = options.rule ?? "geodesic";
  if (!NEIGHBOURHOODS.includes(neighbours)) {
    throw new SyraqError("BAD_OPTION", `neighbours must be 8, 16, 32 or 48; got ${neighbours}`, { neighbours });
  }
  if (rule === "grass" && neighbours !== 8 && neighbours !== 16) {
    throw new SyraqError(
      "BAD_OPTION",
      `--rule grass reproduces r.cost with 8 or 16 (-k) neighbours; got ${neighbours}`,
      { neighbours, rule },
    );
  }
  if (rule === "mcp" && neighbours !== 8) {
    throw new SyraqError(
      "BAD_OPTION",
      `--rule mcp reproduces skimage MCP_Geometric with 8 neighbours; got ${neighbours}`,
      { neighbours, rule },
    );
  }
  const offsets = offsetsFor(neighbours);
  const K = offsets.length;
  const dr = new Int32Array(K);
  const dc = new Int32Array(K);
  const crossStart = new Int32Array(K + 1);
  const crossDrList: number[] = [];
  const crossDcList: number[] = [];
  const directionDegrees = new Float64Array(K);
  let reach = 1;
  offsets.forEach(([r, c], k) => {
    dr[k] = r;
    dc[k] = c;
    reach = Math.max(reach, Math.abs(r), Math.abs(c));
    crossStart[k] = crossDrList.length;
    for (const [a, b] of crossedCells(r, c)) {
      crossDrList.push(a);
      crossDcList.push(b);
    }
    directionDegrees[k] = directionCode(r, c);
  });
  crossStart[K] = crossDrList.length;
  const { height } = grid;
  const lengthMetres = new Float64Array(height * K);
  const factor = new Float64Array(height * K);
  // True ground lengths: one geodesic per row and distinct (dr, |dc|).
  const cache = new Map<string, number>();
  for (let row = 0; row < height; row++) {
    for (let k = 0; k < K; k++) {
      const r2 = row + dr[k]!;
      if (r2 < 0 || r2 >= height) {
        lengthMetres[row * K + k] = NaN;
        continue;
      }
      const key = `${Math.min(row, r2)},${Math.abs(dr[k]!)},${Math.abs(dc[k]!)}`;
      let len = cache.get(key);
      if (len === undefined) {
        if (grid.crs.geographic) {
          const lat1 = grid.originY - (row + 0.5) * grid.pixelSizeY;
          const lat2 = grid.originY - (r2 + 0.5) * grid.pixelSizeY;
          len = geodesicInverse([0, lat1], [Math.abs(dc[k]!) * grid.pixelSizeX, lat2]).lengthMetres;
        } else {
          len = Math.hypot(dr[k]! * grid.pixelSizeY, dc[k]! * grid.pixelSizeX);
        }
        cache.set(key, len);
      }
      lengthMetres[row * K + k] = len;
    }
  }
  if (rule === "geodesic") {
    for (let k = 0; k < K; k++) {
      const cells = 2 + crossStart[k + 1]! - crossStart[k]!;
      for (let row = 0; row < height; row++) factor[row * K + k] = lengthMetres[row * K + k]! / cells;
    }
  } else if (rule === "grass") {
    const { nsRes, ewRes } = grassResolutions(grid);
    const r = nsRes / ewRes;
    const ew = 1.0 / 2.0;
    const ns = r / 2.0;
    const diag = Math.sqrt(r * r + 1.0) / 2.0;
    const vDiag = Math.sqrt(4.0 * r * r + 1.0) / 4.0; // 2 rows, 1 col
    const hDiag = Math.sqrt(r * r + 4.0) / 4.0; // 1 row, 2 cols
    for (let k = 0; k < K; k++) {
      const a = Math.abs(dr[k]!);
      const b = Math.abs(dc[k]!);
      const f = a === 0 ? ew : b === 0 ? ns : a === 1 && b === 1 ? diag : a === 2 ? vDiag : hDiag;
      for (let row = 0; row < height; row++) factor[row * K + k] = f;
    }
  } else {
    for (let k = 0; k < K; k++) {
      const L = Math.sqrt((1 * dr[k]!) ** 2 + (1 * dc[k]!) ** 2);
      for (let row = 0; row < height; row++) factor[row * K + k] = L * 0.5;
    }
  }
  return {
    neighbours,
    rule,
    count: K,
    dr,
    dc,
    reach,
    crossStart,
    crossDr: Int32Array.from(crossDrList),
    crossDc: Int32Array.from(crossDcList),
    factor,
    lengthMetres,
    directionDegrees,
  };
}
