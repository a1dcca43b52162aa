/**
 * Least-cost search over an implicit raster grid plus optional extra nodes and
 * edges (a road/river network joined to the grid): Dijkstra, or A* with a
 * heuristic, on typed arrays.
 *
 * ## Nodes
 * Grid cell (row, col) is node `row * width + col` (0 .. N-1, N = width*height).
 * Extra nodes follow: ids N .. N + extraNodeCount - 1.
 *
 * ## Edges
 * - Grid moves (see grid-moves.ts: 8/16/32/48 neighbours, rules geodesic/grass/mcp).
 *   Isotropic step p->q (k-th move, p in row r):
 *     acc = c(m1) + … (intermediate cells in segment order), acc += c(q), acc += c(p)
 *     step = acc * moves.factor[r*K + k]
 *   Anisotropic (options.anisotropic, rule geodesic only): with L = moves.lengthMetres[r*K+k],
 *     slope = (z(q) - z(p)) / L,  step = pace(slope) * (acc * factor)
 *   i.e. the model's seconds per metre at the signed slope of the move times the mean
 *   cell multiplier times L. pace = +Infinity makes the move impossible.
 *   A cell is blocked (never entered, never jumped over) when its cost is NaN,
 *   negative or +Infinity, its elevation (anisotropic) is NaN, or `blocked[i]` is 1.
 * - Extra edges: directed (from, to, costSeconds), any node to any node (grid cell
 *   to road node = on-ramp, road node to cell = off-ramp, road to road). Build them once
 *   with `buildExtraEdges` and reuse across queries; `closedEdges[e] = 1` closes edge e
 *   (its index in the arrays given to buildExtraEdges) for one query. An edge into a
 *   blocked cell is ignored.
 *
 * ## Query
 * - sources: nodes with an initial cost (>= 0); several sources give an allocation
 *   (index into `sources` of the source each node's least-cost path starts from).
 * - maxCost: nodes whose cost exceeds it are left unreached.
 * - targets: the search stops once every target is settled (others may stay unreached).
 * - heuristic(node): lower bound of the remaining cost to the (nearest) target; must be
 *   consistent (h(u) <= step(u,v) + h(v)), e.g. geodesic distance / top speed. Turns
 *   Dijkstra into A*; only meaningful with targets.
 *
 * ## Result
 * - cost: Float64Array(N + extra); +Infinity where not reached (or not settled before an
 *   early stop).
 * - predecessor: Int32Array; the node a least-cost path comes from, -1 at sources and
 *   unreached nodes (empty with `predecessor: false`, which saves memory and time).
 * - allocation: Int32Array (with `allocation: true`), source index or -1.
 *
 * ## Determinism (tie rule)
 * Nodes are settled in increasing (cost, node id) order (the heap compares ids on equal
 * keys). A node's cost and predecessor change only on a STRICTLY lower tentative cost,
 * so among equal-cost paths the predecessor is the first one relaxed: the one settled
 * first (lowest cost, then lowest id), and for the same predecessor the first move in
 * the move table. With a heuristic the settle order is (cost + h, id). Output is
 * therefore a pure function of the inputs.
 *
 * Cost arithmetic is IEEE double in the order written above, so rules "grass" and
 * "mcp" reproduce GRASS r.cost and skimage MCP_Geometric bit for bit.
 *
 * ## Speed
 * Queries without extra edges, heuristic or targets (accumulated cost, isotropic or
 * anisotropic) run in grid-fast.ts: a tiled bucket search when every step has a positive
 * lower bound (all costs > 0; anisotropic: `minPace` given), else an indexed heap over a
 * padded grid. The other queries use the loop below (indexed 4-ary heap,
 * queue.ts). All loops give identical costs, predecessors and allocations (tested).
 */
import { SyraqError } from "../errors.ts";
import type { GridMoves } from "./grid-moves.ts";
import { fastGridSearch, type FastGridOutput } from "./grid-fast.ts";
import { IndexedQuadHeap, NOT_SEEN, REMOVED } from "./queue.ts";
import type { AnisotropicCost } from "../cost/anisotropic.ts";

const BLOCKED = -3;

/**
 * A node a search starts from, with the cost already spent there.
 */
export interface GridSearchSource {
  node: number;
  /** Cost already spent when the search starts at this node (default 0). */
  initialCost?: number;
}

/** Extra edges in compressed sparse row form (see buildExtraEdges). */
export interface ExtraEdges {
  gridCellCount: number;
  extraNodeCount: number;
  edgeCount: number;
  /** Edges leaving extra node x: [extraStart[x - N], extraStart[x - N + 1]). */
  extraStart: Int32Array;
  /** Grid cells with outgoing extra edges: flag per cell, and their edge ranges. */
  gridHasEdges: Uint8Array | null;
  gridStart: Map<number, [number, number]>;
  /** Per CSR slot: target node, cost, index of the edge in the caller's arrays. */
  to: Int32Array;
  cost: Float64Array;
  edgeIndex: Int32Array;
}

/**
 * Sorts directed extra edges (from[e] -> to[e], cost[e] >= 0) into CSR arrays.
 * Node ids as in the file comment (grid cells first, then extra nodes).
 *
 * @example
 * ```ts
 * import { buildExtraEdges } from "@syraq/core";
 * // one road link between extra nodes 100 and 101 of a 10 × 10 grid, 60 s each way
 * const extra = buildExtraEdges(100, 2, [100, 101], [101, 100], [60, 60]);
 * ```
 */
export function buildExtraEdges(
  gridCellCount: number,
  extraNodeCount: number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  costSeconds: ArrayLike<number>,
): ExtraEdges {
  const m = from.length;
  if (to.length !== m || costSeconds.length !== m)
    throw new SyraqError(
      "INTERNAL",
      `extra edges: from/to/cost lengths differ (${m}, ${to.length}, ${costSeconds.length})`,
    );
  const total = gridCellCount + extraNodeCount;
  for (let e = 0; e < m; e++) {
    const a = from[e]!;
    const b = to[e]!;
    const c = costSeconds[e]!;
    if (!(a >= 0 && a < total && b >= 0 && b < total && Number.isInteger(a) && Number.isInteger(b))) {
      throw new SyraqError("INTERNAL", `extra edge ${e}: node ${a} -> ${b} outside 0..${total - 1}`);
    }
    if (!(c >= 0)) throw new SyraqError("INTERNAL", `extra edge ${e}: cost ${c} must be >= 0`);
  }
  // an edge of cost +Infinity is no edge (e.g. against a one-way for vehicles): left out, so no search meets it
  const order = Array.from({ length: m }, (_, e) => e)
    .filter((e) => costSeconds[e]! < Infinity)
    .sort((x, y) => from[x]! - from[y]! || x - y);
  const kept = order.length;
  const toA = new Int32Array(kept);
  const costA = new Float64Array(kept);
  const idx = new Int32Array(kept);
  order.forEach((e, s) => {
    toA[s] = to[e]!;
    costA[s] = costSeconds[e]!;
    idx[s] = e;
  });
  const extraStart = new Int32Array(extraNodeCount + 1);
  const gridStart = new Map<number, [number, number]>();
  let gridHasEdges: Uint8Array | null = null;
  let s = 0;
  while (s < kept) {
    const node = from[order[s]!]!;
    let t = s;
    while (t < kept && from[order[t]!]! === node) t++;
    if (node < gridCellCount) {
      gridHasEdges ??= new Uint8Array(gridCellCount);
      gridHasEdges[node] = 1;
      gridStart.set(node, [s, t]);
    }
    s = t;
  }
  // extraStart: counting over sorted origins
  let p = 0;
  for (let x = 0; x <= extraNodeCount; x++) {
    while (p < kept && from[order[p]!]! < gridCellCount + x) p++;
    extraStart[x] = p;
  }
  return {
    gridCellCount,
    extraNodeCount,
    edgeCount: kept,
    extraStart,
    gridHasEdges,
    gridStart,
    to: toA,
    cost: costA,
    edgeIndex: idx,
  };
}

/**
 * Input of {@link gridSearch}: the grid, its moves, per-cell costs, optional slope-dependent pace and extra edges.
 */
export interface GridSearchOptions {
  width: number;
  height: number;
  moves: GridMoves;
  /** Cost multiplier per cell (isotropic: cost per metre for rule geodesic). NaN / < 0 / +Infinity = blocked. */
  cellCost: Float32Array | Float64Array;
  /** Extra blocked cells (1 = blocked). */
  blocked?: Uint8Array;
  anisotropic?: AnisotropicCost;
  sources: GridSearchSource[];
  extraEdges?: ExtraEdges;
  /** Per extra edge (caller's index): 1 = closed for this query. */
  closedEdges?: Uint8Array;
  targets?: number[];
  heuristic?: (node: number) => number;
  maxCost?: number;
  /** Also compute the allocation (source index per node). */
  allocation?: boolean;
  /** Called with the settled fraction of passable cells now and then (long runs). */
  onProgress?: (fraction: number) => void;
  /** Compute predecessors (default true); false saves memory and time when only costs are needed
   * (the result's predecessor array is then empty). "path", with one target and no heuristic: only those along
   * the least-cost path to the target are needed (the others may be −1), which lets a search over a road
   * network run in the bucket search (grid-fast.ts); the path is the one of the tie rule either way. */
  predecessor?: boolean | "path";
  /** Use the generic loop even where the specialised one applies (tests compare the two). */
  generic?: boolean;
  /** Queue of the specialised loop: tiled buckets when all costs are > 0 ("auto"), or force one (tests). */
  queue?: "auto" | "heap" | "buckets";
  /**
   * Reusable buffers for many short searches over the same grid (a warm engine's A* legs): see
   * SearchWorkspace. The result's cost and predecessor arrays are then the workspace's own, valid
   * until its next search. Used by the generic loop (extra edges, heuristic or targets) only.
   */
  workspace?: SearchWorkspace;
}

/**
 * Accumulated cost and predecessor per node ({@link gridSearch}); +Infinity where unreached.
 */
export interface GridSearchResult {
  cost: Float64Array;
  predecessor: Int32Array;
  allocation: Int32Array | null;
  /** Number of settled nodes. */
  settled: number;
  /** True when the search stopped because all targets were settled. */
  reachedTargets: boolean;
}

/**
 * Marks each node of the generic loop's slot array: BLOCKED for impassable cells (cost NaN, < 0 or
 * +Infinity, `blocked` 1, elevation NaN), NOT_SEEN for the others and for every extra node. Returns
 * the number of passable nodes.
 */
function classifyNodes(
  slot: Int32Array,
  N: number,
  cellCost: Float32Array | Float64Array,
  blocked: Uint8Array | undefined,
  elev: ArrayLike<number> | undefined,
): number {
  let passable = 0;
  for (let i = 0; i < N; i++) {
    const c = cellCost[i]!;
    if (
      !(c >= 0 && c < Infinity) ||
      (blocked !== undefined && blocked[i] === 1) ||
      (elev !== undefined && Number.isNaN(elev[i]!))
    )
      slot[i] = BLOCKED;
    else {
      slot[i] = NOT_SEEN;
      passable++;
    }
  }
  for (let i = N; i < slot.length; i++) slot[i] = NOT_SEEN;
  return passable + slot.length - N;
}

/**
 * Largest (cells × moves) for which a workspace keeps a table of step costs (8 bytes each: 48 MB). The pack's
 * route graph (92 000 cells × 16 moves) fits; big DEMs run their searches without it.
 */
const STEP_TABLE_MAX_ENTRIES = 6_000_000;

/**
 * Buffers of the generic loop kept between searches: node states, costs, predecessors, the heap
 * and the list of nodes a search touched. A search with a workspace resets only the nodes the
 * previous one touched instead of allocating, filling and classifying N nodes, so a short A* leg
 * on a large grid costs what it settles. The blocked-cell classification is kept while the same
 * cellCost, blocked and elevation arrays are given (by identity: do not change them in place
 * between searches); other arrays, or another size, rebuild it.
 *
 * @example
 * ```ts
 * import { SearchWorkspace, closedEdgesFor, freeCellFor, modelCosts, routeModel, searchLeg } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const costs = modelCosts(graph, routeModel("vehicle"));
 * const { closed } = closedEdgesFor(graph, {});
 * const ws = new SearchWorkspace(); // reused by every leg below
 * const from = freeCellFor(graph, [39.0079, 35.9528]);
 * for (const to of [[38.284, 34.5624], [40.1408, 35.3354]] as [number, number][])
 *   searchLeg(graph, costs, closed, from, freeCellFor(graph, to), undefined, ws);
 * ```
 */
export class SearchWorkspace {
  /** @internal */ slot = new Int32Array(0);
  /** @internal */ cost = new Float64Array(0);
  /** @internal */ pred = new Int32Array(0);
  /** @internal */ isTarget = new Uint8Array(0);
  /** @internal */ heap = new IndexedQuadHeap(this.slot, 4096);
  /** @internal Nodes whose state, cost or predecessor the last search changed. */
  touched: Int32Array = new Int32Array(4096);
  /** @internal */ touchedCount = 0;
  /** @internal */ passable = 0;
  /** @internal */ lastTargets: number[] = [];
  /** @internal A search began and did not finish (it threw): the next one starts from scratch. */
  dirty = false;
  private key: [unknown, unknown, unknown] = [undefined, undefined, undefined];

  /** @internal Readies the buffers for a search over `total` nodes (the first N of them cells). */
  begin(
    total: number,
    N: number,
    cellCost: Float32Array | Float64Array,
    blocked: Uint8Array | undefined,
    elev: ArrayLike<number> | undefined,
  ): void {
    const k = this.key;
    if (this.dirty || this.slot.length !== total || k[0] !== cellCost || k[1] !== blocked || k[2] !== elev) {
      this.slot = new Int32Array(total);
      this.cost = new Float64Array(total).fill(Infinity);
      this.pred = new Int32Array(total).fill(-1);
      this.isTarget = new Uint8Array(total);
      this.heap = new IndexedQuadHeap(this.slot, this.heap.keys.length);
      this.passable = classifyNodes(this.slot, N, cellCost, blocked, elev);
      this.key = [cellCost, blocked, elev];
    } else {
      const { slot, cost, pred, touched } = this;
      for (let j = 0; j < this.touchedCount; j++) {
        const t = touched[j]!;
        slot[t] = NOT_SEEN;
        cost[t] = Infinity;
        pred[t] = -1;
      }
      for (const t of this.lastTargets) this.isTarget[t] = 0;
    }
    this.touchedCount = 0;
    this.lastTargets = [];
    this.heap.size = 0;
    this.dirty = true;
  }

  /**
   * @internal The step cost of every (cell, move) of the grid for one cost setting, or null when the grid is
   * too large for it (see STEP_TABLE_MAX_ENTRIES) or on a setting's first search. Computed on its second, with the same
   * arithmetic as the search loop (so costs are bit for bit the same), and kept while the same cellCost, blocked,
   * elevation, pace and moves are given (by identity). A step that leaves the grid, crosses a blocked cell or has
   * an infinite pace is +Infinity; the loop still checks the neighbour's own state.
   */
  stepTable(
    W: number,
    H: number,
    moves: GridMoves,
    cellCost: Float32Array | Float64Array,
    blocked: Uint8Array | undefined,
    aniso: AnisotropicCost | undefined,
  ): Float64Array | null {
    const K = moves.count;
    if (W * H * K > STEP_TABLE_MAX_ENTRIES) return null;
    const key = [cellCost, blocked, aniso?.elevationMetres, aniso?.pace, moves] as const;
    const k = this.stepKey;
    const same = key.every((x, i) => x === k[i]);
    if (same && this.steps) return this.steps;
    // built on the second search of a setting: a workspace used once (a one-off cost setting) does not pay for it
    if (!same) {
      this.stepKey = key;
      this.steps = null;
      return null;
    }
    const slot = this.slot;
    const elev = aniso?.elevationMetres;
    const table = new Float64Array(W * H * K).fill(Infinity);
    const { dr: mdr, dc: mdc, crossStart, crossDr, crossDc, factor, lengthMetres: lengths } = moves;
    for (let u = 0; u < W * H; u++) {
      if (slot[u] === BLOCKED) continue;
      const r = (u / W) | 0;
      const c = u - r * W;
      const cu = cellCost[u]!;
      const rowK = r * K;
      for (let kk = 0; kk < K; kk++) {
        const r2 = r + mdr[kk]!;
        const c2 = c + mdc[kk]!;
        if (r2 < 0 || r2 >= H || c2 < 0 || c2 >= W) continue;
        const v = u + mdr[kk]! * W + mdc[kk]!;
        if (slot[v] === BLOCKED) continue;
        const j0 = crossStart[kk]!;
        const j1 = crossStart[kk + 1]!;
        let acc: number;
        if (j1 > j0) {
          const m0 = u + crossDr[j0]! * W + crossDc[j0]!;
          if (slot[m0] === BLOCKED) continue;
          acc = cellCost[m0]!;
          let ok = true;
          for (let j = j0 + 1; j < j1; j++) {
            const m = u + crossDr[j]! * W + crossDc[j]!;
            if (slot[m] === BLOCKED) {
              ok = false;
              break;
            }
            acc += cellCost[m]!;
          }
          if (!ok) continue;
          acc += cellCost[v]!;
          acc += cu;
        } else {
          acc = cellCost[v]! + cu;
        }
        let step = acc * factor[rowK + kk]!;
        if (elev !== undefined) {
          const L = lengths[rowK + kk]!;
          step = aniso!.pace((elev[v]! - elev[u]!) / L) * step;
          if (!(step < Infinity)) continue;
        }
        table[u * K + kk] = step;
      }
    }
    this.steps = table;
    return table;
  }
  private steps: Float64Array | null = null;
  private stepKey: readonly unknown[] = [];

  /** @internal A larger touched list (contents kept). */
  grow(): Int32Array {
    const t = new Int32Array(this.touched.length * 2);
    t.set(this.touched);
    this.touched = t;
    return t;
  }
}

/**
 * Runs the search; see the file comment for the exact model and tie rule.
 *
 * Costs accumulate in the cost surface's units (seconds for pace models); see {@link accumulateCost} for the
 * raster-level entry point.
 *
 * Throws BAD_OPTION for an anisotropic model with a rule other than geodesic or a negative or infinite initial cost,
 * and NODATA_CELL for a source on an impassable or nodata cell.
 *
 * @example
 * ```ts
 * import { buildGridMoves, gridSearch, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 50, height: 50, originX: 38, originY: 36, pixelSizeX: 0.01, pixelSizeY: 0.01, crs: WGS84_CRS };
 * const r = gridSearch({
 *   width: 50,
 *   height: 50,
 *   moves: buildGridMoves(grid),
 *   cellCost: new Float32Array(50 * 50).fill(1), // 1 per metre: costs are ground metres
 *   sources: [{ node: 0 }],
 * });
 * r.cost[50 * 50 - 1]; // metres from the north-west to the south-east cell
 * ```
 */
export function gridSearch(options: GridSearchOptions): GridSearchResult {
  const { width: W, height: H, moves, cellCost } = options;
  const N = W * H;
  if (cellCost.length !== N)
    throw new SyraqError("INTERNAL", `cellCost has ${cellCost.length} cells, expected ${W}×${H}`);
  if (moves.lengthMetres.length !== H * moves.count)
    throw new SyraqError("INTERNAL", "moves were built for another grid height");
  const ex = options.extraEdges;
  if (ex && ex.gridCellCount !== N)
    throw new SyraqError("INTERNAL", `extra edges were built for ${ex.gridCellCount} cells, grid has ${N}`);
  const E = ex ? ex.extraNodeCount : 0;
  const total = N + E;
  const aniso = options.anisotropic;
  if (aniso && moves.rule !== "geodesic")
    throw new SyraqError("BAD_OPTION", `an anisotropic cost model needs rule geodesic, not ${moves.rule}`);
  if (aniso && aniso.elevationMetres.length !== N)
    throw new SyraqError("INTERNAL", "elevation grid size differs from the cost grid");

  // with extra edges: the bucket search when it applies (costs only, or one source's allocation, or the path to one
  // target; cells as sources)
  const targetCount = options.targets?.length ?? 0;
  const withExtra =
    !options.workspace &&
    options.sources.every((s) => s.node < N) &&
    (targetCount === 0
      ? options.predecessor === false && (!options.allocation || options.sources.length === 1)
      : targetCount === 1 &&
        options.predecessor === "path" &&
        !options.allocation &&
        Number.isInteger(options.targets![0]) &&
        options.targets![0]! >= 0 &&
        options.targets![0]! < total);
  const fast = !options.heuristic && !options.generic && (ex ? withExtra : targetCount === 0);
  if (fast) {
    const sources = options.sources.map((s, index) => {
      const node = s.node;
      const initialCost = s.initialCost ?? 0;
      if (!(Number.isInteger(node) && node >= 0 && node < N))
        throw new SyraqError("INTERNAL", `source node ${node} outside 0..${N - 1}`);
      if (!(initialCost >= 0 && initialCost < Infinity))
        throw new SyraqError("BAD_OPTION", `source ${index}: initial cost ${initialCost} must be finite and >= 0`);
      const c = cellCost[node]!;
      if (
        !(c >= 0 && c < Infinity) ||
        options.blocked?.[node] === 1 ||
        (aniso && Number.isNaN(aniso.elevationMetres[node]!))
      )
        throw new SyraqError("NODATA_CELL", `source ${index} lies on an impassable or nodata cell (node ${node})`, {
          source: index,
          node,
        });
      return { node, initialCost, index };
    });
    const r: FastGridOutput | null = fastGridSearch({
      width: W,
      height: H,
      moves,
      cellCost,
      blocked: options.blocked,
      sources,
      maxCost: options.maxCost ?? Infinity,
      allocation: !!options.allocation,
      predecessor: options.predecessor,
      queue: options.queue,
      anisotropic: aniso,
      onProgress: options.onProgress,
      ...(ex ? { extra: { edges: ex, closed: options.closedEdges } } : {}),
      ...(targetCount === 1 ? { target: options.targets![0]! } : {}),
    });
    if (r) return { ...r, reachedTargets: false };
  }

  const blocked = options.blocked;
  const elev = aniso?.elevationMetres;
  const ws = options.workspace;
  ws?.begin(total, N, cellCost, blocked, elev);
  // a workspace's step table, made right after the reset (every non-blocked node NOT_SEEN) and before any source
  const steps = ws ? ws.stepTable(W, H, moves, cellCost, blocked, aniso) : null;
  // heap position, or NOT_SEEN / REMOVED / BLOCKED
  const slot = ws ? ws.slot : new Int32Array(total);
  const cost = ws ? ws.cost : new Float64Array(total).fill(Infinity);
  const pred = ws ? ws.pred : new Int32Array(total).fill(-1);
  const alloc = options.allocation ? new Int32Array(total).fill(-1) : null;
  const passable = ws ? ws.passable : classifyNodes(slot, N, cellCost, blocked, elev);
  // with a workspace, every node leaving NOT_SEEN is listed so that the next search resets only those
  let touched: Int32Array | null = ws ? ws.touched : null;
  let touchedCount = 0;
  const touch = (v: number): void => {
    if (touchedCount === touched!.length) touched = ws!.grow();
    touched![touchedCount++] = v;
  };

  const heap = ws ? ws.heap : new IndexedQuadHeap(slot, 4096);
  const heuristic = options.heuristic;
  options.sources.forEach((s, k) => {
    const node = s.node;
    const c0 = s.initialCost ?? 0;
    if (!(Number.isInteger(node) && node >= 0 && node < total))
      throw new SyraqError("INTERNAL", `source node ${node} outside 0..${total - 1}`);
    if (!(c0 >= 0 && c0 < Infinity))
      throw new SyraqError("BAD_OPTION", `source ${k}: initial cost ${c0} must be finite and >= 0`);
    if (slot[node] === BLOCKED)
      throw new SyraqError("NODATA_CELL", `source ${k} lies on an impassable or nodata cell (node ${node})`, {
        source: k,
        node,
      });
    if (slot[node] === NOT_SEEN) {
      cost[node] = c0;
      if (alloc) alloc[node] = k;
      if (touched !== null) touch(node);
      heap.push(node, heuristic ? c0 + heuristic(node) : c0);
    } else if (c0 < cost[node]!) {
      cost[node] = c0;
      if (alloc) alloc[node] = k;
      heap.decrease(node, heuristic ? c0 + heuristic(node) : c0);
    }
  });

  const targets = options.targets;
  let targetsLeft = 0;
  let isTarget: Uint8Array | null = null;
  if (targets?.length) {
    isTarget = ws ? ws.isTarget : new Uint8Array(total);
    if (ws) ws.lastTargets = targets.slice();
    for (const t of targets) {
      if (!(Number.isInteger(t) && t >= 0 && t < total))
        throw new SyraqError("INTERNAL", `target node ${t} outside 0..${total - 1}`);
      if (!isTarget[t] && slot[t] !== BLOCKED) {
        isTarget[t] = 1;
        targetsLeft++;
      }
    }
  }
  const maxCost = options.maxCost ?? Infinity;
  const closed = options.closedEdges;
  const onProgress = options.onProgress;

  const K = moves.count;
  const mdr = moves.dr;
  const mdc = moves.dc;
  const delta = new Int32Array(K);
  for (let k = 0; k < K; k++) delta[k] = mdr[k]! * W + mdc[k]!;
  const crossStart = moves.crossStart;
  const crossDelta = new Int32Array(moves.crossDr.length);
  for (let j = 0; j < crossDelta.length; j++) crossDelta[j] = moves.crossDr[j]! * W + moves.crossDc[j]!;
  const hasCross = crossDelta.length > 0;
  const factor = moves.factor;
  const lengths = moves.lengthMetres;
  const gridHas = ex?.gridHasEdges ?? null;

  let settled = 0;
  let reachedTargets = false;
  let nextProgress = 1 << 20;

  // Relaxes v with tentative cost nd from u (inlined by V8: small and monomorphic).
  const relax = (u: number, v: number, nd: number): void => {
    const s = slot[v]!;
    if (s === NOT_SEEN) {
      cost[v] = nd;
      pred[v] = u;
      if (alloc) alloc[v] = alloc[u]!;
      if (touched !== null) touch(v);
      heap.push(v, heuristic ? nd + heuristic(v) : nd);
    } else if (s >= 0 && nd < cost[v]!) {
      cost[v] = nd;
      pred[v] = u;
      if (alloc) alloc[v] = alloc[u]!;
      heap.decrease(v, heuristic ? nd + heuristic(v) : nd);
    }
  };

  while (heap.size > 0) {
    const u = heap.pop();
    const g = cost[u]!;
    if (g > maxCost) {
      slot[u] = NOT_SEEN; // left unreached below
      break;
    }
    settled++;
    if (isTarget !== null && isTarget[u] === 1 && --targetsLeft === 0) {
      reachedTargets = true;
      break;
    }
    if (settled >= nextProgress && onProgress) {
      nextProgress += 1 << 20;
      onProgress(settled / passable);
    }
    if (u < N && steps !== null) {
      // the workspace's table holds every step of this cost setting (+Infinity: no move)
      const base = u * K;
      for (let k = 0; k < K; k++) {
        const step = steps[base + k]!;
        if (!(step < Infinity)) continue;
        const v = u + delta[k]!;
        const sv = slot[v]!;
        if (sv === REMOVED || sv === BLOCKED) continue;
        relax(u, v, g + step);
      }
      if (gridHas !== null && gridHas[u] === 1) {
        const [s0, s1] = ex!.gridStart.get(u)!;
        for (let s = s0; s < s1; s++) {
          if (closed !== undefined && closed[ex!.edgeIndex[s]!] === 1) continue;
          const v = ex!.to[s]!;
          const sv = slot[v]!;
          if (sv === REMOVED || sv === BLOCKED) continue;
          relax(u, v, g + ex!.cost[s]!);
        }
      }
    } else if (u < N) {
      const r = (u / W) | 0;
      const c = u - r * W;
      const cu = cellCost[u]!;
      const rowK = r * K;
      for (let k = 0; k < K; k++) {
        const r2 = r + mdr[k]!;
        const c2 = c + mdc[k]!;
        if (r2 < 0 || r2 >= H || c2 < 0 || c2 >= W) continue;
        const v = u + delta[k]!;
        const sv = slot[v]!;
        if (sv === REMOVED || sv === BLOCKED) continue;
        let acc: number;
        const j0 = crossStart[k]!;
        const j1 = crossStart[k + 1]!;
        if (hasCross && j1 > j0) {
          const m0 = u + crossDelta[j0]!;
          if (slot[m0] === BLOCKED) continue;
          acc = cellCost[m0]!;
          let ok = true;
          for (let j = j0 + 1; j < j1; j++) {
            const m = u + crossDelta[j]!;
            if (slot[m] === BLOCKED) {
              ok = false;
              break;
            }
            acc += cellCost[m]!;
          }
          if (!ok) continue;
          acc += cellCost[v]!;
          acc += cu;
        } else {
          acc = cellCost[v]! + cu;
        }
        let step = acc * factor[rowK + k]!;
        if (elev !== undefined) {
          const L = lengths[rowK + k]!;
          step = aniso!.pace((elev[v]! - elev[u]!) / L) * step;
          if (!(step < Infinity)) continue;
        }
        relax(u, v, g + step);
      }
      if (gridHas !== null && gridHas[u] === 1) {
        const [s0, s1] = ex!.gridStart.get(u)!;
        for (let s = s0; s < s1; s++) {
          if (closed !== undefined && closed[ex!.edgeIndex[s]!] === 1) continue;
          const v = ex!.to[s]!;
          const sv = slot[v]!;
          if (sv === REMOVED || sv === BLOCKED) continue;
          relax(u, v, g + ex!.cost[s]!);
        }
      }
    } else if (ex) {
      const x = u - N;
      for (let s = ex.extraStart[x]!, s1 = ex.extraStart[x + 1]!; s < s1; s++) {
        if (closed !== undefined && closed[ex.edgeIndex[s]!] === 1) continue;
        const v = ex.to[s]!;
        const sv = slot[v]!;
        if (sv === REMOVED || sv === BLOCKED) continue;
        relax(u, v, g + ex.cost[s]!);
      }
    }
  }
  // Everything not settled is unreached (tentative costs are not results).
  if (ws) {
    ws.touchedCount = touchedCount;
    ws.dirty = false;
    for (let j = 0; j < touchedCount; j++) {
      const t = touched![j]!;
      if (slot[t] !== REMOVED) {
        cost[t] = Infinity;
        pred[t] = -1;
        if (alloc) alloc[t] = -1;
      }
    }
  } else if (heap.size > 0 || settled < passable) {
    for (let i = 0; i < total; i++) {
      if (slot[i] !== REMOVED) {
        cost[i] = Infinity;
        pred[i] = -1;
        if (alloc) alloc[i] = -1;
      }
    }
  }
  if (onProgress) onProgress(1);
  return { cost, predecessor: pred, allocation: alloc, settled, reachedTargets };
}
