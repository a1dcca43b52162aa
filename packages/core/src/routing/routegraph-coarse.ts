/**
 * Coarse-to-fine point-to-point search for very large grids (tens of millions of
 * cells), where even A* over the full grid settles too many cells.
 *
 *  1. Coarse grid: blocks of `factor`² fine cells; a block's cost multiplier is the
 *     mean of its passable cells, and a block holding ANY impassable cell is
 *     impassable (so a one-cell river stays a wall at the coarse level). Declared
 *     crossings (gaps in a barrier) become hub nodes joined to every free block
 *     within two blocks of them.
 *  2. A* on the coarse grid (grid-search.ts) from the block of the source to the
 *     block of the target (the nearest free blocks when those are walled).
 *  3. Corridor: the coarse path's blocks (and the blocks around a crossing it uses),
 *     dilated by `radius` blocks; every fine cell outside is blocked.
 *  4. Dijkstra on the fine grid inside the corridor: by default in a chain of small
 *     overlapping windows along the coarse path (costs carried over exactly from
 *     window to window; only window-sized arrays), else with every cell outside the
 *     corridor blocked on the full grid. If the target is not reached, the corridor
 *     is doubled, up to three times, and finally the whole grid is searched with A*.
 *
 * The result is exact within the corridor and an upper bound of the true optimum
 * (it equals it whenever the optimal path lies inside the corridor: the test
 * checks both). Isotropic costs only (cost per metre × true ground length).
 */
import { SyraqError } from "../errors.ts";
import type { LonLat } from "../geo/types.ts";
import { cellAt, cellCentre, type GridSpec } from "../raster/raster.ts";
import { geodesicInverse } from "../geo/geodesic.ts";
import { buildGridMoves } from "../search/grid-moves.ts";
import { buildExtraEdges, gridSearch } from "../search/grid-search.ts";

/** What {@link coarseToFineRoute} searches: a fine cost grid, its two end cells and the coarse level's shape. */
export interface CoarseToFineInput {
  /** The fine grid (geographic: the moves' lengths are geodesic metres). */
  grid: GridSpec;
  /** Fine cost per metre, one value per cell, row-major (NaN, negative or +Infinity = impassable). */
  cellCost: Float64Array;
  /** Optional mask of the same size: 1 = impassable. */
  blocked?: Uint8Array;
  /** Positions of declared crossings (gaps in barriers), [lon, lat] in degrees. */
  crossings?: LonLat[];
  /** Start cell: row × width + column. */
  source: number;
  /** End cell: row × width + column. */
  target: number;
  /** Coarse block size in fine cells, an integer ≥ 1 (default 16). */
  factor?: number;
  /** Corridor half-width in coarse blocks, an integer ≥ 0 (default 2). */
  radius?: number;
  /**
   * Fine search: "windows" (default: a chain of small overlapping windows along the
   * coarse path, see windowedSearch: no full-grid arrays), "dijkstra" (corridor mask over
   * the whole grid, bucket-queue fast path) or "astar" (same corridor, heap + bound).
   * Windows fall back to the corridor mask when they miss the target.
   */
  fineMethod?: "dijkstra" | "astar" | "windows";
  /** Coarse path blocks per window for "windows" (default 8). */
  windowBlocks?: number;
}

/** The path {@link coarseToFineRoute} found and what the search did. */
export interface CoarseToFineResult {
  /** Accumulated cost from source to target: Σ cost per metre × metres (Infinity when unreachable). */
  cost: number;
  /** The path's cells (row × width + column), source first, target last; 8-neighbour steps. */
  nodes: number[];
  stats: {
    /** Coarse grid size in blocks. */
    coarseWidth: number;
    coarseHeight: number;
    /** Fine cells inside the corridor searched. */
    corridorCells: number;
    /** Time of the coarse search and of the fine one, in milliseconds. */
    coarseMs: number;
    fineMs: number;
    /** How many times the corridor was doubled because the target lay outside it. */
    widenings: number;
    /** True when the last resort (A* over the whole fine grid) ran. */
    fullSearch: boolean;
    /** Fine cells settled. */
    settled: number;
  };
}

const SPHERE = 6371007 * 0.99;

function unitOf(p: LonLat): [number, number, number] {
  const la = (p[1] * Math.PI) / 180;
  const lo = (p[0] * Math.PI) / 180;
  return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)];
}

/** Geodesic lower bound (metres, see routegraph.ts) × k towards a target cell of `grid`. */
function boundTo(grid: GridSpec, target: number, k: number): (node: number) => number {
  const W = grid.width;
  const [tx, ty, tz] = unitOf(cellCentre(grid, target % W, Math.floor(target / W)) as LonLat);
  // per-row and per-column trig, so the bound costs a few multiplications per node
  const cosLat = new Float64Array(grid.height);
  const sinLat = new Float64Array(grid.height);
  for (let r = 0; r < grid.height; r++) {
    const la = ((grid.originY - (r + 0.5) * grid.pixelSizeY) * Math.PI) / 180;
    cosLat[r] = Math.cos(la);
    sinLat[r] = Math.sin(la);
  }
  const cosLon = new Float64Array(W);
  const sinLon = new Float64Array(W);
  for (let c = 0; c < W; c++) {
    const lo = ((grid.originX + (c + 0.5) * grid.pixelSizeX) * Math.PI) / 180;
    cosLon[c] = Math.cos(lo);
    sinLon[c] = Math.sin(lo);
  }
  const f = SPHERE * k;
  return (node) => {
    const r = (node / W) | 0;
    const c = node - r * W;
    const dx = cosLat[r]! * cosLon[c]! - tx;
    const dy = cosLat[r]! * sinLon[c]! - ty;
    const dz = sinLat[r]! - tz;
    const half = Math.sqrt(dx * dx + dy * dy + dz * dz) / 2;
    return 2 * Math.asin(half < 1 ? half : 1) * f;
  };
}

const passable = (c: number) => c >= 0 && c < Infinity;

/**
 * Least-cost path between two cells of a very large grid (tens of millions of cells), searched coarse to fine: A*
 * over blocks of `factor` × `factor` cells (a block holding any impassable cell is a wall, so a one-cell river stays
 * one; `crossings` open it), then Dijkstra over the fine cells in a corridor `radius` blocks around the coarse
 * path, widened when the target lies outside it. Exact within the corridor, never below the true optimum, and equal
 * to it whenever the optimal path lies in the corridor. 8 neighbours, isotropic costs (cost per metre × the
 * geodesic length of each step); for grids that fit a full search, {@link gridSearch} is exact.
 *
 * Throws SyraqError: GRID_MISMATCH when `cellCost` or `blocked` is not one value per cell; OUT_OF_RANGE when
 * `source` or `target` is not a cell of the grid; BAD_OPTION for a `factor`, `radius` or `windowBlocks` that is not
 * a whole number in range; UNREACHABLE when no passable block lies near the source or the target; NODATA_CELL (from
 * the fine search) when the source is impassable.
 *
 * @example
 * ```ts
 * import { coarseToFineRoute, WGS84_CRS } from "@syraq/core";
 * const W = 400;
 * const H = 300;
 * const grid = { width: W, height: H, originX: 38, originY: 36, pixelSizeX: 0.002, pixelSizeY: 0.002, crs: WGS84_CRS };
 * const cellCost = new Float64Array(W * H).fill(1); // 1 per metre: costs are ground metres
 * const r = coarseToFineRoute({ grid, cellCost, source: 5 * W + 5, target: (H - 6) * W + (W - 6), factor: 8 });
 * console.log(`${(r.cost / 1000).toFixed(1)} km over ${r.nodes.length} cells`);
 * ```
 */
export function coarseToFineRoute(o: CoarseToFineInput): CoarseToFineResult {
  const { grid, cellCost } = o;
  const W = grid.width;
  const H = grid.height;
  const F = o.factor ?? 16;
  const N = W * H;
  if (cellCost.length !== N)
    throw new SyraqError("GRID_MISMATCH", `cellCost has ${cellCost.length} cells, the grid ${W} × ${H} = ${N}`, {
      cells: cellCost.length,
      expected: N,
    });
  if (o.blocked && o.blocked.length !== N)
    throw new SyraqError("GRID_MISMATCH", `blocked has ${o.blocked.length} cells, the grid ${W} × ${H} = ${N}`, {
      cells: o.blocked.length,
      expected: N,
    });
  for (const [name, cell] of [
    ["source", o.source],
    ["target", o.target],
  ] as const)
    if (!Number.isInteger(cell) || cell < 0 || cell >= N)
      throw new SyraqError("OUT_OF_RANGE", `${name} ${cell} is not a cell of the grid (0..${N - 1})`, { [name]: cell });
  for (const [name, value, min] of [
    ["factor", F, 1],
    ["radius", o.radius ?? 2, 0],
    ["windowBlocks", o.windowBlocks ?? 8, 1],
  ] as const)
    if (!Number.isInteger(value) || value < min)
      throw new SyraqError("BAD_OPTION", `${name} must be a whole number >= ${min}, got ${value}`, { [name]: value });
  let minCost = Infinity;

  // 1. coarse grid
  const t0 = Date.now();
  const cw = Math.ceil(W / F);
  const ch = Math.ceil(H / F);
  const coarse: GridSpec = {
    ...grid,
    width: cw,
    height: ch,
    pixelSizeX: grid.pixelSizeX * F,
    pixelSizeY: grid.pixelSizeY * F,
  };
  const sum = new Float64Array(cw * ch);
  const count = new Int32Array(cw * ch);
  const wall = new Uint8Array(cw * ch);
  // one pass over the fine grid: block sums, walls and the cheapest passable cell
  const colBlock = new Int32Array(W);
  for (let c = 0; c < W; c++) colBlock[c] = (c / F) | 0;
  const blockedIn = o.blocked;
  for (let r = 0; r < H; r++) {
    const cr = ((r / F) | 0) * cw;
    const row = r * W;
    for (let c = 0; c < W; c++) {
      const v = cellCost[row + c]!;
      const b = cr + colBlock[c]!;
      if (v >= 0 && v < Infinity && (blockedIn === undefined || blockedIn[row + c] !== 1)) {
        sum[b] += v;
        count[b]!++;
        if (v < minCost) minCost = v;
      } else wall[b] = 1;
    }
  }
  const coarseCost = new Float64Array(cw * ch);
  for (let b = 0; b < cw * ch; b++) coarseCost[b] = wall[b] || count[b] === 0 ? NaN : sum[b]! / count[b]!;
  const nearestFreeBlock = (b0: number): number => {
    const r0 = Math.floor(b0 / cw);
    const c0 = b0 % cw;
    for (let d = 0; d < Math.max(cw, ch); d++)
      for (let r = r0 - d; r <= r0 + d; r++)
        for (let c = c0 - d; c <= c0 + d; c++) {
          if (Math.max(Math.abs(r - r0), Math.abs(c - c0)) !== d || r < 0 || c < 0 || r >= ch || c >= cw) continue;
          if (passable(coarseCost[r * cw + c]!)) return r * cw + c;
        }
    return -1;
  };
  const blockOf = (i: number) => Math.floor(Math.floor(i / W) / F) * cw + Math.floor((i % W) / F);
  // crossings: hub nodes joined to free blocks within two blocks
  const from: number[] = [];
  const to: number[] = [];
  const cost: number[] = [];
  const hubBlocks: number[][] = [];
  (o.crossings ?? []).forEach((p, h) => {
    const cell = cellAt(coarse, p[0], p[1]);
    const around: number[] = [];
    if (cell) {
      for (let dr = -2; dr <= 2; dr++)
        for (let dc = -2; dc <= 2; dc++) {
          const r = cell.row + dr;
          const c = cell.col + dc;
          if (r < 0 || c < 0 || r >= ch || c >= cw) continue;
          const b = r * cw + c;
          around.push(b);
          if (!passable(coarseCost[b]!)) continue;
          const len = geodesicInverse(p, cellCentre(coarse, c, r) as LonLat).lengthMetres;
          from.push(b, cw * ch + h);
          to.push(cw * ch + h, b);
          cost.push(len * coarseCost[b]!, len * coarseCost[b]!);
        }
    }
    hubBlocks.push(around);
  });
  const extra = buildExtraEdges(cw * ch, hubBlocks.length, from, to, cost);
  const cs = nearestFreeBlock(blockOf(o.source));
  const ct = nearestFreeBlock(blockOf(o.target));
  if (cs < 0 || ct < 0) throw new SyraqError("UNREACHABLE", "no passable block near the source or the target", {});
  const coarseMoves = buildGridMoves(coarse, { neighbours: 8, rule: "geodesic" });
  const coarseH = boundTo(coarse, ct, minCost);
  // a hub's bound from its own position keeps the heuristic consistent (triangle inequality)
  const ctCentre = cellCentre(coarse, ct % cw, Math.floor(ct / cw)) as LonLat;
  const ut = unitOf(ctCentre);
  const hubH = (o.crossings ?? []).map((p) => {
    const u = unitOf(p);
    const half = Math.hypot(u[0] - ut[0], u[1] - ut[1], u[2] - ut[2]) / 2;
    return 2 * Math.asin(Math.min(1, half)) * SPHERE * minCost;
  });
  const cres = gridSearch({
    width: cw,
    height: ch,
    moves: coarseMoves,
    cellCost: coarseCost,
    sources: [{ node: cs }],
    extraEdges: extra,
    targets: [ct],
    heuristic: (n) => (n < cw * ch ? coarseH(n) : hubH[n - cw * ch]!),
  });
  const corridorBlocks = new Uint8Array(cw * ch);
  const coarseMs = Date.now() - t0;
  const seeds: number[] = [];
  if (cres.cost[ct]! < Infinity) {
    for (let n = ct; n !== -1; n = cres.predecessor[n]!) {
      if (n < cw * ch) seeds.push(n);
      else seeds.push(...hubBlocks[n - cw * ch]!);
    }
  }
  seeds.push(blockOf(o.source), blockOf(o.target));

  // 3-4. fine search inside a widening corridor
  const t1 = Date.now();
  const fineMoves = buildGridMoves(grid, { neighbours: 8, rule: "geodesic" });
  if ((o.fineMethod ?? "windows") === "windows" && cres.cost[ct]! < Infinity) {
    // path blocks from source to target (the predecessor chain runs backwards)
    const pathBlocks: number[] = [blockOf(o.source)];
    const chain: number[] = [];
    for (let n = ct; n !== -1; n = cres.predecessor[n]!) chain.push(n);
    chain.reverse();
    for (const n of chain) {
      if (n < cw * ch) pathBlocks.push(n);
      else pathBlocks.push(...hubBlocks[n - cw * ch]!);
    }
    pathBlocks.push(blockOf(o.target));
    // corridor: path blocks dilated by the radius; windows block every cell outside it
    const rad = o.radius ?? 2;
    const inCorridor = new Uint8Array(cw * ch);
    for (const b of pathBlocks) {
      const r0 = Math.floor(b / cw);
      const c0 = b % cw;
      for (let r = Math.max(0, r0 - rad); r <= Math.min(ch - 1, r0 + rad); r++)
        for (let c = Math.max(0, c0 - rad); c <= Math.min(cw - 1, c0 + rad); c++) inCorridor[r * cw + c] = 1;
    }
    const w = windowedSearch(o, fineMoves, F, cw, pathBlocks, rad, o.windowBlocks ?? 8, inCorridor);
    if (w) return { ...w, stats: { ...w.stats, coarseWidth: cw, coarseHeight: ch, coarseMs, fineMs: Date.now() - t1 } };
  }
  const heuristic = boundTo(grid, o.target, minCost);
  const mask = new Uint8Array(N);
  let radius = o.radius ?? 2;
  let widenings = 0;
  for (;;) {
    const full = widenings > 3 || cres.cost[ct]! === Infinity;
    corridorBlocks.fill(0);
    if (!full) {
      for (const b of seeds) {
        const r0 = Math.floor(b / cw);
        const c0 = b % cw;
        for (let r = Math.max(0, r0 - radius); r <= Math.min(ch - 1, r0 + radius); r++)
          for (let c = Math.max(0, c0 - radius); c <= Math.min(cw - 1, c0 + radius); c++)
            corridorBlocks[r * cw + c] = 1;
      }
    }
    let corridorCells = 0;
    for (let r = 0; r < H; r++) {
      const cr = ((r / F) | 0) * cw;
      for (let c = 0; c < W; c++) {
        const i = r * W + c;
        const inside = full || corridorBlocks[cr + ((c / F) | 0)] === 1;
        const ok = inside && !(o.blocked && o.blocked[i] === 1);
        mask[i] = ok ? 0 : 1;
        if (ok) corridorCells++;
      }
    }
    // Inside the corridor a plain Dijkstra (grid-search's bucket-queue fast path) beats A*:
    // the geodesic bound × the cheapest cell is too loose to prune, so A* settles the whole
    // corridor anyway, through a heap. The whole grid (last resort) uses A*.
    const res =
      full || o.fineMethod === "astar"
        ? gridSearch({
            width: W,
            height: H,
            moves: fineMoves,
            cellCost,
            blocked: mask,
            sources: [{ node: o.source }],
            targets: [o.target],
            heuristic,
          })
        : gridSearch({ width: W, height: H, moves: fineMoves, cellCost, blocked: mask, sources: [{ node: o.source }] });
    if (res.cost[o.target]! < Infinity || full) {
      const nodes: number[] = [];
      if (res.cost[o.target]! < Infinity) for (let n = o.target; n !== -1; n = res.predecessor[n]!) nodes.push(n);
      nodes.reverse();
      return {
        cost: res.cost[o.target]!,
        nodes,
        stats: {
          coarseWidth: cw,
          coarseHeight: ch,
          corridorCells,
          coarseMs,
          fineMs: Date.now() - t1,
          widenings,
          fullSearch: full,
          settled: res.settled,
        },
      };
    }
    radius *= 2;
    widenings++;
  }
}

/**
 * Fine search in a chain of windows along the coarse path: window k is the bounding
 * box of `chunk` consecutive path blocks widened by `radius` blocks, with every cell
 * outside the corridor (path blocks dilated by `radius`) blocked; consecutive windows
 * overlap by the dilation. Window 0 starts at the source; window k+1 starts from every cell it
 * shares with window k, each with the cost window k found there (multi-source with
 * initial costs), so costs carry over exactly; the path is stitched back window by
 * window. Every path found is a real path (an upper bound of the optimum); it is the
 * optimum whenever the optimal path runs through the windows in order. Only window-
 * sized arrays are allocated. Returns null when the target is not reached.
 */
function windowedSearch(
  o: CoarseToFineInput,
  fineMoves: ReturnType<typeof buildGridMoves>,
  F: number,
  cw: number,
  pathBlocks: number[],
  radius: number,
  chunk: number,
  inCorridor: Uint8Array,
): (Omit<CoarseToFineResult, "stats"> & { stats: CoarseToFineResult["stats"] }) | null {
  const { grid, cellCost } = o;
  const W = grid.width;
  const H = grid.height;
  const K = fineMoves.count;
  interface Win {
    r0: number;
    c0: number;
    w: number;
    h: number;
    cost: Float64Array;
    pred: Int32Array;
  }
  const wins: Win[] = [];
  let settled = 0;
  let cells = 0;
  const step = Math.max(1, chunk);
  for (let start = 0; start < pathBlocks.length; start += step) {
    const part = pathBlocks.slice(start, Math.min(pathBlocks.length, start + chunk));
    let br0 = Infinity,
      br1 = -Infinity,
      bc0 = Infinity,
      bc1 = -Infinity;
    for (const b of part) {
      const r = Math.floor(b / cw);
      const c = b % cw;
      br0 = Math.min(br0, r);
      br1 = Math.max(br1, r);
      bc0 = Math.min(bc0, c);
      bc1 = Math.max(bc1, c);
    }
    const r0 = Math.max(0, (br0 - radius) * F);
    const r1 = Math.min(H, (br1 + radius + 1) * F);
    const c0 = Math.max(0, (bc0 - radius) * F);
    const c1 = Math.min(W, (bc1 + radius + 1) * F);
    const w = c1 - c0;
    const h = r1 - r0;
    const sub = new Float64Array(w * h);
    const blocked = new Uint8Array(w * h);
    let inside = 0;
    for (let r = 0; r < h; r++) {
      sub.set(cellCost.subarray((r0 + r) * W + c0, (r0 + r) * W + c1), r * w);
      if (o.blocked) blocked.set(o.blocked.subarray((r0 + r) * W + c0, (r0 + r) * W + c1), r * w);
      const rowBlocks = Math.floor((r0 + r) / F) * cw;
      for (let c = 0; c < w; c++) {
        if (inCorridor[rowBlocks + Math.floor((c0 + c) / F)] !== 1) blocked[r * w + c] = 1;
        else inside++;
      }
    }
    const moves = {
      ...fineMoves,
      factor: fineMoves.factor.subarray(r0 * K, r1 * K),
      lengthMetres: fineMoves.lengthMetres.subarray(r0 * K, r1 * K),
    };
    const sources: Array<{ node: number; initialCost: number }> = [];
    if (!wins.length) {
      const sr = Math.floor(o.source / W) - r0;
      const sc = (o.source % W) - c0;
      sources.push({ node: sr * w + sc, initialCost: 0 });
    } else {
      const prev = wins[wins.length - 1]!;
      const ir0 = Math.max(r0, prev.r0),
        ir1 = Math.min(r1, prev.r0 + prev.h);
      const ic0 = Math.max(c0, prev.c0),
        ic1 = Math.min(c1, prev.c0 + prev.w);
      for (let r = ir0; r < ir1; r++)
        for (let c = ic0; c < ic1; c++) {
          const v = prev.cost[(r - prev.r0) * prev.w + (c - prev.c0)]!;
          if (v < Infinity) sources.push({ node: (r - r0) * w + (c - c0), initialCost: v });
        }
      if (!sources.length) return null;
    }
    const res = gridSearch({ width: w, height: h, moves, cellCost: sub, blocked, sources });
    settled += res.settled;
    cells += inside;
    wins.push({ r0, c0, w, h, cost: res.cost, pred: res.predecessor });
    if (start + chunk >= pathBlocks.length) break;
  }
  // the target lies in the last window (its block is the last path block)
  const last = wins[wins.length - 1]!;
  const tr = Math.floor(o.target / W) - last.r0;
  const tc = (o.target % W) - last.c0;
  const total = last.cost[tr * last.w + tc]!;
  if (!(total < Infinity)) return null;
  // stitch: follow predecessors inside a window to one of its sources, continue in the previous window
  const nodes: number[] = [];
  let k = wins.length - 1;
  let g = o.target;
  for (;;) {
    const win = wins[k]!;
    let local = (Math.floor(g / W) - win.r0) * win.w + ((g % W) - win.c0);
    for (;;) {
      const gr = win.r0 + Math.floor(local / win.w);
      const gc = win.c0 + (local % win.w);
      g = gr * W + gc;
      nodes.push(g);
      const p = win.pred[local]!;
      if (p === -1) break;
      local = p;
    }
    if (k === 0) break;
    nodes.pop(); // g is repeated as the end of the previous window's path
    k--;
  }
  nodes.reverse();
  return {
    cost: total,
    nodes,
    stats: {
      coarseWidth: 0,
      coarseHeight: 0,
      corridorCells: cells,
      coarseMs: 0,
      fineMs: 0,
      widenings: 0,
      fullSearch: false,
      settled,
    },
  };
}
