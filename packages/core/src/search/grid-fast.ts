/**
 * The hot path of gridSearch for plain accumulated-cost runs (isotropic or
 * anisotropic costs; no extra nodes, heuristic or targets). Same model, arithmetic and
 * tie rule as grid-search.ts (tests compare both bit for bit).
 *
 * Why any processing order gives the same doubles: with steps >= 0, the costs Dijkstra
 * computes are the least fixed point of cost(v) = min over u of fl(cost(u) + step(u, v))
 * (fl(a + s) is monotone in a, so the minimum over paths of their left-to-right rounded
 * sums is reached by Dijkstra and by any label-correcting search that runs until nothing
 * improves). So the search may process cells out of strict order, as long as a cell whose
 * cost drops is processed again.
 *
 * Tiled bucket search (when every passable cost is > 0):
 *  - keys are bucketed: bucket k holds costs in [kδ, (k+1)δ) with δ just below the smallest
 *    possible step (or wider for very wide cost ranges; a cell improved within its bucket
 *    is then queued again in it);
 *  - the grid is cut into 64 × 64 tiles; each tile keeps its waiting cells in an unsorted
 *    list and the lowest bucket among them; the indexed heap of queue.ts orders tiles by that bucket;
 *  - the tile with the lowest bucket k0 is activated: its cells in buckets k0 .. k0+4095 (WINDOW)
 *    are processed in bucket order (cells it improves inside the tile and window join the
 *    window's buckets, others wait in their tile's list), so one tile's costs stay in cache
 *    for many buckets instead of the whole front being swept once per bucket. A cell
 *    processed ahead of its neighbours' tiles is corrected if one of them later lowers
 *    its cost (rare: the front is smooth, ~1 % extra work on the benchmark);
 *  - one byte per cell says whether it waits in a list with its current cost (no duplicates);
 *  - the cost array is read in place (Float32 stays Float32; impassable cells are NaN or
 *    +Infinity, so their steps fail the `nd < old` test); a cell at least `reach` cells
 *    inside its tile takes a loop without bounds or tile checks, the others check each move;
 *  - predecessors and allocation are derived afterwards from the final costs with the
 *    heap's tie rule (predecessorsOf).
 * Otherwise (zero costs, no positive minimum pace) the indexed 4-ary heap over a padded grid.
 */
import type { GridMoves } from "./grid-moves.ts";
import type { ExtraEdges } from "./grid-search.ts";
import { IndexedQuadHeap, NOT_SEEN, REMOVED } from "./queue.ts";

const BLOCKED = -3;

export interface FastGridInput {
  width: number;
  height: number;
  moves: GridMoves;
  cellCost: Float32Array | Float64Array;
  blocked?: Uint8Array;
  sources: { node: number; initialCost: number; index: number }[];
  maxCost: number;
  allocation: boolean;
  /** Compute predecessors (default true); without them and allocation the search does less work; "path": see target. */
  predecessor?: boolean | "path";
  onProgress?: (fraction: number) => void;
  /** Force the heap (tests compare both queues). */
  queue?: "auto" | "heap" | "buckets";
  /** Anisotropic step: pace(Δz / L) × (acc × factor); minPace > 0 (a lower bound of pace) enables buckets. */
  anisotropic?: { elevationMetres: ArrayLike<number>; pace: (slope: number) => number; minPace?: number };
  /**
   * Extra nodes and edges (a road network joined to the grid; grid-search.ts), with `closed[e] = 1` closing the
   * caller's edge e. Bucket search only, without predecessors, and an allocation only for one source (every
   * reached node is that source's): fastGridSearch returns null when it cannot take them.
   */
  extra?: { edges: ExtraEdges; closed?: Uint8Array | undefined };
  /**
   * Stop once this node's cost is final (bucket search with extra edges only). Costs are then kept for the nodes the
   * heap would have settled by then ((cost, id) up to the target's), and with `predecessor: "path"` the predecessors
   * are those of the heap's tie rule along the target's least-cost path only (−1 elsewhere).
   */
  target?: number;
}

/** Padded copy of the elevations (NaN in the padding), or null. */
function paddedElevation(input: FastGridInput, PW: number, PN: number, R: number): Float64Array | null {
  const a = input.anisotropic;
  if (!a) return null;
  const out = new Float64Array(PN).fill(NaN);
  const { width: W, height: H } = input;
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) out[(r + R) * PW + R + c] = a.elevationMetres[r * W + c]!;
  return out;
}

export interface FastGridOutput {
  cost: Float64Array;
  predecessor: Int32Array;
  allocation: Int32Array | null;
  settled: number;
}

/** The search (see the file comment); null only when extra edges are given and the bucket search does not apply. */
export function fastGridSearch<T extends FastGridInput>(
  input: T,
): T extends { extra: object } ? FastGridOutput | null : FastGridOutput;
export function fastGridSearch(input: FastGridInput): FastGridOutput | null {
  const mode = input.queue ?? "auto";
  if (input.extra) {
    const preds = input.target !== undefined ? input.predecessor === "path" : input.predecessor === false;
    if (mode === "heap" || !preds || (input.allocation && input.sources.length !== 1)) return null;
    return bucketGridSearch(input, mode === "buckets");
  }
  if (mode !== "heap") {
    const r = bucketGridSearch(input, mode === "buckets");
    if (r) return r;
  }
  return heapGridSearch(input);
}

function heapGridSearch(input: FastGridInput): FastGridOutput {
  const { width: W, height: H, moves, cellCost, blocked } = input;
  const R = moves.reach;
  const PW = W + 2 * R;
  const PH = H + 2 * R;
  const PN = PW * PH;
  const N = W * H;
  const K = moves.count;

  const slot = new Int32Array(PN).fill(BLOCKED);
  const cc = new Float64Array(PN);
  let passable = 0;
  for (let r = 0; r < H; r++) {
    const base = (r + R) * PW + R;
    const src = r * W;
    for (let c = 0; c < W; c++) {
      const v = cellCost[src + c]!;
      if (
        v >= 0 &&
        v < Infinity &&
        (blocked === undefined || blocked[src + c] !== 1) &&
        !(input.anisotropic && Number.isNaN(input.anisotropic.elevationMetres[src + c]!))
      ) {
        slot[base + c] = NOT_SEEN;
        cc[base + c] = v;
        passable++;
      }
    }
  }
  const cum = new Float64Array(PN);
  const pred = new Int32Array(PN);
  const alloc = input.allocation ? new Int32Array(PN) : null;
  const ez = paddedElevation(input, PW, PN, R);
  const pace = input.anisotropic?.pace;
  const lengths = moves.lengthMetres;

  const delta = new Int32Array(K);
  for (let k = 0; k < K; k++) delta[k] = moves.dr[k]! * PW + moves.dc[k]!;
  const crossStart = moves.crossStart;
  const crossDelta = new Int32Array(moves.crossDr.length);
  for (let j = 0; j < crossDelta.length; j++) crossDelta[j] = moves.crossDr[j]! * PW + moves.crossDc[j]!;
  const factor = moves.factor;
  const hasCross = crossDelta.length > 0;

  // The indexed 4-ary heap of queue.ts: order by (cost, padded cell index), as the tie rule requires.
  const heap = new IndexedQuadHeap(slot, 1 << 14);
  for (const s of input.sources) {
    const r = Math.floor(s.node / W);
    const p = (r + R) * PW + R + (s.node - r * W);
    const st = slot[p]!;
    if (st === NOT_SEEN) {
      cum[p] = s.initialCost;
      pred[p] = -1;
      if (alloc) alloc[p] = s.index;
      heap.push(p, s.initialCost);
    } else if (st >= 0 && s.initialCost < cum[p]!) {
      cum[p] = s.initialCost;
      if (alloc) alloc[p] = s.index;
      heap.decrease(p, s.initialCost);
    }
  }

  const maxCost = input.maxCost;
  const onProgress = input.onProgress;
  let settled = 0;
  let nextProgress = 1 << 20;

  while (heap.size > 0) {
    const u = heap.pop();
    const g = heap.lastKey;
    if (g > maxCost) {
      slot[u] = NOT_SEEN;
      break;
    }
    settled++;
    if (settled >= nextProgress && onProgress) {
      nextProgress += 1 << 20;
      onProgress(settled / passable);
    }
    const rowK = (((u / PW) | 0) - R) * K;
    const cu = cc[u]!;
    const au = alloc ? alloc[u]! : 0;
    for (let k = 0; k < K; k++) {
      const v = u + delta[k]!;
      const sv = slot[v]!;
      if (sv < NOT_SEEN) continue; // REMOVED or BLOCKED
      let acc: number;
      if (hasCross) {
        const j0 = crossStart[k]!;
        const j1 = crossStart[k + 1]!;
        if (j1 > j0) {
          let m = u + crossDelta[j0]!;
          if (slot[m] === BLOCKED) continue;
          acc = cc[m]!;
          let ok = true;
          for (let j = j0 + 1; j < j1; j++) {
            m = u + crossDelta[j]!;
            if (slot[m] === BLOCKED) {
              ok = false;
              break;
            }
            acc += cc[m]!;
          }
          if (!ok) continue;
          acc += cc[v]!;
          acc += cu;
        } else acc = cc[v]! + cu;
      } else acc = cc[v]! + cu;
      let step = acc * factor[rowK + k]!;
      if (ez !== null) {
        step = pace!((ez[v]! - ez[u]!) / lengths[rowK + k]!) * step;
        if (!(step < Infinity)) continue;
      }
      const nd = g + step;
      if (sv !== NOT_SEEN && !(nd < cum[v]!)) continue;
      cum[v] = nd;
      pred[v] = u;
      if (alloc) alloc[v] = au;
      if (sv === NOT_SEEN) heap.push(v, nd);
      else heap.decrease(v, nd);
    }
  }

  // Compact to the unpadded layout in place (destination index <= source index).
  for (let r = 0; r < H; r++) {
    const base = (r + R) * PW + R;
    const out = r * W;
    for (let c = 0; c < W; c++) {
      const p = base + c;
      if (slot[p] === REMOVED) {
        cum[out + c] = cum[p]!;
        const q = pred[p]!;
        if (q < 0) pred[out + c] = -1;
        else {
          const qr = ((q / PW) | 0) - R;
          pred[out + c] = qr * W + (q - (qr + R) * PW - R);
        }
        if (alloc) alloc[out + c] = alloc[p]!;
      } else {
        cum[out + c] = Infinity;
        pred[out + c] = -1;
        if (alloc) alloc[out + c] = -1;
      }
    }
  }
  if (onProgress) onProgress(1);
  return {
    cost: cum.subarray(0, N),
    predecessor: pred.subarray(0, N),
    allocation: alloc ? alloc.subarray(0, N) : null,
    settled,
  };
}

/** Tiles of 64 × 64 cells: a tile's costs stay in cache while its cells are processed. */
const TILE_SHIFT = 6;
const TILE = 1 << TILE_SHIFT;
/** Buckets a tile activation may span (a power of two); an activation ends early when its buckets are empty. */
const WINDOW = 4096;
const WINDOW_MASK = WINDOW - 1;
/** Bucket width: at least STEP_FRACTION of the step over the STEP_QUANTILE cost (see bucketGridSearch). */
const STEP_QUANTILE = 0.5;
const STEP_FRACTION = 1 / 16;

/**
 * Tiled bucket search (see the file comment). Returns null when it does not apply
 * (a zero cost, or an anisotropic model without a positive minimum pace) unless forced.
 */
function bucketGridSearch(input: FastGridInput, force: boolean): FastGridOutput | null {
  const { width: W, height: H, moves, blocked } = input;
  const N = W * H;
  const K = moves.count;
  const aniso = input.anisotropic;
  // extra nodes N .. N + E - 1 (roads): one more "tile" holds them; their edges are relaxed after a cell's moves
  const ex = input.extra?.edges ?? null;
  const E = ex ? ex.extraNodeCount : 0;
  const NN = N + E;
  if (aniso && !(aniso.minPace! > 0 && aniso.minPace! < Infinity)) {
    if (force) throw new Error("bucket queue needs anisotropic.minPace > 0");
    return null;
  }
  const elev = aniso?.elevationMetres;

  // Cost range over passable cells, and whether the costs can be read as they are: the
  // loop relies on impassable cells holding NaN or +Infinity (the step is then not < any cost).
  let cost: Float32Array | Float64Array = input.cellCost;
  let cmin = Infinity;
  let passable = 0;
  let clean = true;
  if (blocked !== undefined) {
    // a blocked mask (the route graph's rivers and sea) always asks for the cleaned copy: made in the same pass
    const src = cost;
    const out = src instanceof Float32Array ? new Float32Array(N) : new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const v = src[i]!;
      if (v < 0 || blocked[i] === 1 || (elev !== undefined && Number.isNaN(elev[i]!))) {
        out[i] = NaN;
        continue;
      }
      out[i] = v;
      if (v < Infinity) {
        passable++;
        if (v < cmin) cmin = v;
      }
    }
    cost = out;
  } else {
    for (let i = 0; i < N; i++) {
      const v = cost[i]!;
      if (v >= 0 && v < Infinity) {
        if (elev !== undefined && Number.isNaN(elev[i]!)) {
          clean = false;
          continue;
        }
        passable++;
        if (v < cmin) cmin = v;
      } else if (v < 0) clean = false;
    }
  }
  if (!(cmin > 0) && passable > 0) {
    if (force) throw new Error("bucket queue needs every passable cost > 0");
    return null;
  }
  if (!clean) {
    cost = cost.slice();
    for (let i = 0; i < N; i++) {
      const v = cost[i]!;
      if (v < 0 || (elev !== undefined && Number.isNaN(elev[i]!))) cost[i] = NaN;
    }
  }

  // Bucket width: the smallest possible step (less a margin for rounding), so that no cell can
  // improve another of its bucket; but when some cells are far cheaper than the median (roads,
  // a wide range of costs), at least 1/16 of the step over the median cost, so that a tile's
  // window still spans many ordinary steps; a cell improved within its bucket is then queued
  // again in that bucket (cheap cells may be processed more than once). Very expensive cells
  // (barriers) do not matter: cells beyond the window simply wait in their tile's list.
  const factor = moves.factor;
  const crossStart = moves.crossStart;
  let minStep = Infinity;
  for (let r = 0; r < H; r++) {
    for (let k = 0; k < K; k++) {
      const f = factor[r * K + k]!;
      if (!(f >= 0)) continue; // NaN: move leaves the grid from this row
      const cells = 2 + crossStart[k + 1]! - crossStart[k]!;
      if (f * cells * cmin < minStep) minStep = f * cells * cmin;
    }
  }
  if (!(passable > 0 && minStep < Infinity)) minStep = 1; // nothing passable or no move fits: any width works
  if (aniso) minStep *= aniso.minPace!; // steps scale with the pace, at least minPace
  let width = minStep * (1 - 1e-6);
  if (passable > 0) {
    const q = costQuantile(cost, N, STEP_QUANTILE);
    if (minStep * (q / cmin) * STEP_FRACTION > width) width = minStep * (q / cmin) * STEP_FRACTION;
  }
  if (!(width > 0 && width < Infinity)) throw new Error(`bucket width ${width} from the smallest step ${minStep}`);

  const cum = new Float64Array(NN).fill(Infinity);
  const queued = new Uint8Array(NN); // 1 while the node waits in a list with its current cost

  if (!runBuckets(input, cost, cum, queued, width, passable)) return ex ? null : heapGridSearch(input);
  const maxCost = input.maxCost;
  const onProgress = input.onProgress;
  const target = ex !== null && input.target !== undefined ? input.target : -1;

  const settled = keepResults(cum, maxCost, target);
  if (onProgress) onProgress(1);
  if (target >= 0) {
    const pred = pathPredecessors(input, cost, cum, target);
    if (pred === null) return null; // a step lost to rounding: the generic loop decides
    return { cost: cum, predecessor: pred, allocation: null, settled };
  }
  if (input.predecessor === false && !input.allocation)
    return { cost: cum, predecessor: new Int32Array(0), allocation: null, settled };
  if (ex !== null) {
    // one source (fastGridSearch): every reached node is its
    const alloc = new Int32Array(NN);
    const index = input.sources[0]!.index;
    for (let i = 0; i < NN; i++) alloc[i] = cum[i]! < Infinity ? index : -1;
    return { cost: cum, predecessor: new Int32Array(0), allocation: alloc, settled };
  }
  const links = predecessorsOf(input, cost, cum);
  if (links === null) return heapGridSearch(input); // a step too small to change a cost (rounding): let the heap decide ties
  return { cost: cum, predecessor: links.pred, allocation: links.alloc, settled };
}

/**
 * The loop of the bucket search (see bucketGridSearch): from the sources to the last cell, costs in `cum`. Its own
 * function, so that the JIT compiles this loop alone (a smaller unit compiles several times faster; the
 * process waits in the interpreter meanwhile). False when bucket numbers stop being exact integers.
 */
function runBuckets(
  input: FastGridInput,
  cost: Float32Array | Float64Array,
  cum: Float64Array,
  queued: Uint8Array,
  width: number,
  passable: number,
): boolean {
  const { width: W, height: H, moves } = input;
  const N = W * H;
  const K = moves.count;
  const R = moves.reach;
  const aniso = input.anisotropic;
  const ex = input.extra?.edges ?? null;
  const closed = input.extra?.closed ?? null;
  const E = ex ? ex.extraNodeCount : 0;
  const gridHas = ex ? ex.gridHasEdges : null;
  const elev = aniso?.elevationMetres;
  const factor = moves.factor;
  const crossStart = moves.crossStart;
  const inv = 1 / width;
  // Moves: offsets as index deltas; the leading moves cross no cell, then (16 neighbours) a run
  // of moves crossing exactly two cells, then the rest (any number).
  const dR = moves.dr;
  const dC = moves.dc;
  const delta = new Int32Array(K);
  for (let k = 0; k < K; k++) delta[k] = dR[k]! * W + dC[k]!;
  const crossDelta = new Int32Array(moves.crossDr.length);
  for (let j = 0; j < crossDelta.length; j++) crossDelta[j] = moves.crossDr[j]! * W + moves.crossDc[j]!;
  let K0 = 0;
  while (K0 < K && crossStart[K0 + 1] === crossStart[K0]) K0++;
  let K2 = K0;
  while (K2 < K && crossStart[K2 + 1]! - crossStart[K2]! === 2) K2++;
  const crossA = new Int32Array(K);
  const crossB = new Int32Array(K);
  for (let k = K0; k < K2; k++) {
    crossA[k] = crossDelta[crossStart[k]!]!;
    crossB[k] = crossDelta[crossStart[k]! + 1]!;
  }
  const ez = elev ?? null;
  const pace = aniso?.pace;
  const lengths = moves.lengthMetres;
  // pace >= minPace, so fl(pace × s) >= fl(lowPace × s) and a move whose g + lowPace × s does not beat the
  // neighbour's cost cannot improve it: pace (an exp per move for Tobler) is then not evaluated. The margin
  // keeps the bound below a pace rounded a few ulps under minPace.
  const lowPace = aniso ? aniso.minPace! * (1 - 1e-9) : 0;

  // Tiles of 2^TILE_SHIFT cells square: each keeps its waiting cells (unsorted) and the lowest
  // bucket among them; the indexed heap (queue.ts) orders the tiles by that bucket.
  const TW = (W + TILE - 1) >> TILE_SHIFT;
  const TH = (H + TILE - 1) >> TILE_SHIFT;
  const XT = TW * TH; // the extra nodes' tile
  const NT = XT + (E > 0 ? 1 : 0);
  const waiting: Int32Array[] = [];
  const waitingCount = new Int32Array(NT);
  const empty = new Int32Array(0);
  for (let t = 0; t < NT; t++) waiting.push(empty);
  // Tiles by (lowest waiting bucket, tile id), in the indexed heap of queue.ts (decrease-key, no stale entries).
  const tileMin = new Float64Array(NT).fill(Infinity);
  const tiles = new IndexedQuadHeap(new Int32Array(NT).fill(NOT_SEEN), 256);
  const exTo = ex ? ex.to : empty;
  const exCost = ex ? ex.cost : new Float64Array(0);
  const exIndex = ex ? ex.edgeIndex : empty;
  const exStart = ex ? ex.extraStart : empty;
  const lowerTile = (t: number, kb: number) => {
    tileMin[t] = kb;
    if (tiles.slot[t]! >= 0) tiles.decrease(t, kb);
    else tiles.push(t, kb);
  };
  // The window's buckets: lists indexed by bucket & WINDOW_MASK, reused by every activation.
  const lists: Int32Array[] = [];
  const lens = new Int32Array(WINDOW);
  for (let b = 0; b < WINDOW; b++) lists.push(empty); // grown on first use
  let inWindow = 0; // entries in the window's lists
  const occupied = new Int32Array(WINDOW >> 5); // bit b set: lists[b] may be non-empty

  for (const s of input.sources) {
    if (!(s.initialCost < cum[s.node]!)) continue;
    cum[s.node] = s.initialCost;
    const row = (s.node / W) | 0;
    const t = (row >> TILE_SHIFT) * TW + ((s.node - row * W) >> TILE_SHIFT);
    if (queued[s.node] === 0) {
      queued[s.node] = 1;
      appendTo(waiting, waitingCount, t, s.node);
    }
    const kb = Math.floor(s.initialCost * inv);
    if (kb < tileMin[t]!) lowerTile(t, kb);
  }

  const maxCost = input.maxCost;
  const onProgress = input.onProgress;
  const target = ex !== null && input.target !== undefined ? input.target : -1;
  let processed = 0;
  let nextProgress = 1 << 20;
  while (tiles.size > 0) {
    const k0 = tiles.peekKey();
    const t = tiles.pop();
    if ((k0 - 1) * width > maxCost) break; // every cost left is > maxCost (one bucket of slack for rounding)
    if (target >= 0 && (k0 - 1) * width > cum[target]!) break; // as with maxCost: the target's cost is final
    // bucket numbers no longer exact integers (absurd costs): the heap copes (the generic loop with extra edges)
    if (k0 >= 2 ** 52) return false;
    // Activation: the tile's cells in buckets k0 .. k0 + WINDOW - 1, in bucket order; the rest keep waiting.
    const kEnd = k0 + WINDOW;
    const tr = (t / TW) | 0;
    // the extra nodes' tile spans no cell (r0 = r1): no cell counts as inside it
    const r0 = t === XT ? 0 : tr << TILE_SHIFT;
    const c0 = t === XT ? 0 : (t - tr * TW) << TILE_SHIFT;
    const r1 = t === XT ? 0 : Math.min(H, r0 + TILE);
    const c1 = t === XT ? 0 : Math.min(W, c0 + TILE);
    let tmin = Infinity;
    {
      const l = waiting[t]!;
      const n = waitingCount[t]!;
      let keep = 0;
      for (let i = 0; i < n; i++) {
        const c = l[i]!;
        if (queued[c] === 0) continue; // processed since it was listed
        const kb = Math.floor(cum[c]! * inv);
        if (kb < kEnd) {
          const b = kb & WINDOW_MASK;
          appendTo(lists, lens, b, c);
          occupied[b >> 5]! |= 1 << (b & 31);
          inWindow++;
        } else {
          l[keep++] = c;
          if (kb < tmin) tmin = kb;
        }
      }
      waitingCount[t] = keep;
    }
    tileMin[t] = Infinity;
    for (let kk = k0; kk < kEnd && inWindow > 0; kk++) {
      let b = kk & WINDOW_MASK;
      if ((occupied[b >> 5]! & (1 << (b & 31))) === 0) {
        // skip to the next occupied bucket of the window (ring order from b)
        const skip = nextOccupied(occupied, b);
        kk += skip;
        b = kk & WINDOW_MASK;
      }
      // lens[b] and lists[b] are re-read: a cell improved within this bucket is appended to it
      for (let i = 0; i < lens[b]!; i++) {
        const u = lists[b]![i]!;
        inWindow--;
        if (queued[u] === 0) continue; // listed twice; already processed
        const g = cum[u]!;
        if (Math.floor(g * inv) !== kk) continue; // stale: improved into a lower bucket since
        queued[u] = 0;
        if (g > maxCost) continue;
        processed++;
        if (processed >= nextProgress && onProgress) {
          nextProgress += 1 << 20;
          onProgress(Math.min(1, processed / (passable + E)));
        }
        if (ex !== null) {
          // extra edges first (any order gives the same costs): an extra node's, or a grid cell's on-ramps
          let s0 = 0;
          let s1 = 0;
          if (u >= N) {
            s0 = exStart[u - N]!;
            s1 = exStart[u - N + 1]!;
          } else if (gridHas !== null && gridHas[u] === 1) {
            const range = ex.gridStart.get(u)!;
            s0 = range[0];
            s1 = range[1];
          }
          for (let s = s0; s < s1; s++) {
            if (closed !== null && closed[exIndex[s]!] === 1) continue;
            const v = exTo[s]!;
            if (v < N && !(cost[v]! < Infinity)) continue; // an edge into a blocked cell is no edge
            const nd = g + exCost[s]!;
            const old = cum[v]!;
            if (!(nd < old)) continue;
            cum[v] = nd;
            const kb = Math.floor(nd * inv);
            let tv = XT;
            if (v < N) {
              const rv = (v / W) | 0;
              tv = (rv >> TILE_SHIFT) * TW + ((v - rv * W) >> TILE_SHIFT);
            }
            if (kb < kEnd && tv === t) {
              if (queued[v] !== 0 && kb === Math.floor(old * inv)) continue;
              queued[v] = 1;
              const bv = kb & WINDOW_MASK;
              appendTo(lists, lens, bv, v);
              occupied[bv >> 5]! |= 1 << (bv & 31);
              inWindow++;
            } else {
              if (queued[v] === 0) {
                queued[v] = 1;
                appendTo(waiting, waitingCount, tv, v);
              }
              if (tv === t) {
                if (kb < tmin) tmin = kb;
              } else if (kb < tileMin[tv]!) lowerTile(tv, kb);
            }
          }
          if (u >= N) continue;
        }
        const row = (u / W) | 0;
        const col = u - row * W;
        const cu = cost[u]!;
        const rowK = row * K;
        if (ez !== null && row >= r0 + R && row < r1 - R && col >= c0 + R && col < c1 - R) {
          // inner cell of the tile, anisotropic: as below, without bounds or tile checks
          const zu = ez[u]!;
          for (let m = 0; m < K; m++) {
            const v = u + delta[m]!;
            let acc: number;
            if (m < K0) acc = cost[v]! + cu;
            else if (m < K2) {
              acc = cost[u + crossA[m]!]! + cost[u + crossB[m]!]!;
              acc += cost[v]!;
              acc += cu;
            } else acc = crossedSum(cost, u, crossDelta, crossStart[m]!, crossStart[m + 1]!) + cost[v]! + cu;
            const flat = acc * factor[rowK + m]!;
            const old = cum[v]!;
            if (!(g + lowPace * flat < old)) continue; // cannot improve v whatever the slope (also NaN / ∞ steps)
            const nd = g + pace!((ez[v]! - zu) / lengths[rowK + m]!) * flat;
            if (!(nd < old)) continue;
            cum[v] = nd;
            const kb = Math.floor(nd * inv);
            if (kb < kEnd) {
              if (queued[v] !== 0 && kb === Math.floor(old * inv)) continue;
              queued[v] = 1;
              const bv = kb & WINDOW_MASK;
              appendTo(lists, lens, bv, v);
              occupied[bv >> 5]! |= 1 << (bv & 31);
              inWindow++;
            } else {
              if (queued[v] === 0) {
                queued[v] = 1;
                appendTo(waiting, waitingCount, t, v);
              }
              if (kb < tmin) tmin = kb;
            }
          }
          continue;
        }
        if (ez === null && row >= r0 + R && row < r1 - R && col >= c0 + R && col < c1 - R) {
          // inner cell of the tile, isotropic: every neighbour lies in this tile (no bounds or tile checks)
          for (let m = 0; m < K; m++) {
            const v = u + delta[m]!;
            let acc: number;
            if (m < K0) acc = cost[v]! + cu;
            else if (m < K2) {
              acc = cost[u + crossA[m]!]! + cost[u + crossB[m]!]!;
              acc += cost[v]!;
              acc += cu;
            } else acc = crossedSum(cost, u, crossDelta, crossStart[m]!, crossStart[m + 1]!) + cost[v]! + cu;
            const nd = g + acc * factor[rowK + m]!;
            const old = cum[v]!;
            if (!(nd < old)) continue;
            cum[v] = nd;
            const kb = Math.floor(nd * inv);
            if (kb < kEnd) {
              if (queued[v] !== 0 && kb === Math.floor(old * inv)) continue;
              queued[v] = 1;
              const bv = kb & WINDOW_MASK;
              appendTo(lists, lens, bv, v);
              occupied[bv >> 5]! |= 1 << (bv & 31);
              inWindow++;
            } else {
              if (queued[v] === 0) {
                queued[v] = 1;
                appendTo(waiting, waitingCount, t, v);
              }
              if (kb < tmin) tmin = kb;
            }
          }
          continue;
        }
        const interior = row >= R && row < H - R && col >= R && col < W - R;
        for (let m = 0; m < K; m++) {
          if (!interior) {
            const r2 = row + dR[m]!;
            const c2 = col + dC[m]!;
            if (r2 < 0 || r2 >= H || c2 < 0 || c2 >= W) continue;
          }
          const v = u + delta[m]!;
          // acc = c(m1); acc += c(m2); …; acc += c(q); acc += c(p) (grid-moves.ts); NaN/∞ cells make it NaN/∞
          let acc: number;
          if (m < K0) acc = cost[v]! + cu;
          else if (m < K2) {
            acc = cost[u + crossA[m]!]! + cost[u + crossB[m]!]!;
            acc += cost[v]!;
            acc += cu;
          } else acc = crossedSum(cost, u, crossDelta, crossStart[m]!, crossStart[m + 1]!) + cost[v]! + cu;
          let step = acc * factor[rowK + m]!;
          const old = cum[v]!; // +Infinity until reached
          if (ez !== null) {
            if (!(g + lowPace * step < old)) continue; // cannot improve v whatever the slope
            step = pace!((ez[v]! - ez[u]!) / lengths[rowK + m]!) * step;
          }
          const nd = g + step;
          if (!(nd < old)) continue; // also NaN / ∞ steps
          cum[v] = nd;
          const kb = Math.floor(nd * inv);
          const rv = row + dR[m]!;
          const cv = col + dC[m]!;
          if (kb < kEnd && rv >= r0 && rv < r1 && cv >= c0 && cv < c1) {
            // same tile, inside the window: into the window's bucket (unless it already waits there)
            if (queued[v] !== 0 && kb === Math.floor(old * inv)) continue;
            queued[v] = 1;
            const bv = kb & WINDOW_MASK;
            appendTo(lists, lens, bv, v);
            occupied[bv >> 5]! |= 1 << (bv & 31);
            inWindow++;
          } else {
            const tv = (rv >> TILE_SHIFT) * TW + (cv >> TILE_SHIFT);
            if (queued[v] === 0) {
              queued[v] = 1;
              appendTo(waiting, waitingCount, tv, v);
            }
            if (tv === t) {
              if (kb < tmin) tmin = kb;
            } else if (kb < tileMin[tv]!) lowerTile(tv, kb);
          }
        }
      }
      lens[b] = 0;
      occupied[b >> 5]! &= ~(1 << (b & 31));
    }
    if (tmin < Infinity) lowerTile(t, tmin);
  }
  return true;
}

/**
 * Costs kept as results: finite, within maxCost and, with a target, settled by the heap up to it in (cost, id) order
 * (later ones are not results); the others become +Infinity. Returns how many were kept.
 */
function keepResults(cum: Float64Array, maxCost: number, target: number): number {
  let settled = 0;
  const tc = target >= 0 ? cum[target]! : Infinity;
  for (let i = 0; i < cum.length; i++) {
    const c = cum[i]!;
    if (c < Infinity && c <= maxCost && (c < tc || (c === tc && i <= target))) settled++;
    else cum[i] = Infinity;
  }
  return settled;
}

/** Distance (in buckets, ring order) from bucket b to the next occupied one; the caller knows one is. */
function nextOccupied(occupied: Int32Array, b: number): number {
  const words = occupied.length;
  let w = b >> 5;
  // bits at or after b in its word
  let bits = occupied[w]! & (-1 << (b & 31));
  let base = w << 5;
  for (let n = 0; bits === 0; n++) {
    if (n > words) return WINDOW; // nothing occupied (cannot happen while entries are in the window)
    w = w + 1 === words ? 0 : w + 1;
    base = w << 5;
    bits = occupied[w]!;
  }
  const bit = base + (31 - Math.clz32(bits & -bits));
  return (bit - b + WINDOW) & WINDOW_MASK;
}

/** The q-quantile of the passable (finite, >= 0) costs, from a strided sample of at most 2^16 cells. */
function costQuantile(cost: Float32Array | Float64Array, N: number, q: number): number {
  const stride = Math.max(1, Math.floor(N / 65536));
  const sample = new Float64Array(Math.ceil(N / stride));
  let n = 0;
  for (let i = 0; i < N; i += stride) {
    const v = cost[i]!;
    if (v >= 0 && v < Infinity) sample[n++] = v;
  }
  if (n === 0) return Infinity;
  const sorted = sample.subarray(0, n).sort(); // numeric sort of a typed array
  return sorted[Math.min(n - 1, Math.floor(q * n))]!;
}

/** c(m1) + c(m2) + … over the crossed cells j0..j1-1 of a move from u, summed in order. */
function crossedSum(
  cost: Float32Array | Float64Array,
  u: number,
  crossDelta: Int32Array,
  j0: number,
  j1: number,
): number {
  let acc = cost[u + crossDelta[j0]!]!;
  for (let j = j0 + 1; j < j1; j++) acc += cost[u + crossDelta[j]!]!;
  return acc;
}

function appendTo(lists: Int32Array[], lens: Int32Array, b: number, node: number): void {
  let l = lists[b]!;
  const n = lens[b]!;
  if (n === l.length) {
    const g = new Int32Array(Math.max(16, n * 2));
    g.set(l);
    lists[b] = l = g;
  }
  l[n] = node;
  lens[b] = n + 1;
}

/**
 * Predecessors along the least-cost path to `target` only (−1 elsewhere), from final costs, with the heap's tie rule
 * (as predecessorsOf, extra edges included): the predecessor of v is, among the nodes u settled before it whose step
 * (a grid move, same arithmetic as the search, or an open extra edge) reproduces cost(v) exactly, the lowest
 * (cost(u), u); in the generic loop that is the first relaxation reaching v's final cost. A source at its initial
 * cost ends the path. Null when some node on the way has no such predecessor (a step lost to rounding).
 */
function pathPredecessors(
  input: FastGridInput,
  cost: Float32Array | Float64Array,
  cum: Float64Array,
  target: number,
): Int32Array | null {
  const { width: W, height: H, moves } = input;
  const N = W * H;
  const ex = input.extra!.edges;
  const closed = input.extra!.closed ?? null;
  const K = moves.count;
  const crossStart = moves.crossStart;
  const crossDelta = new Int32Array(moves.crossDr.length);
  for (let j = 0; j < crossDelta.length; j++) crossDelta[j] = moves.crossDr[j]! * W + moves.crossDc[j]!;
  const ez = input.anisotropic?.elevationMetres ?? null;
  const pace = input.anisotropic?.pace;
  const pred = new Int32Array(cum.length).fill(-1);
  if (!(cum[target]! < Infinity)) return pred;
  // the open extra edges into each node: origin of every CSR slot (grid cells by gridStart, extra nodes by extraStart)
  const origin = new Int32Array(ex.edgeCount);
  for (const [cell, [s0, s1]] of ex.gridStart) for (let s = s0; s < s1; s++) origin[s] = cell;
  for (let x = 0; x < ex.extraNodeCount; x++)
    for (let s = ex.extraStart[x]!; s < ex.extraStart[x + 1]!; s++) origin[s] = N + x;
  const into = new Map<number, number[]>();
  for (let s = 0; s < ex.edgeCount; s++) {
    if (closed !== null && closed[ex.edgeIndex[s]!] === 1) continue;
    const v = ex.to[s]!;
    const l = into.get(v);
    if (l) l.push(s);
    else into.set(v, [s]);
  }
  const roots = new Map<number, number>();
  for (const s of input.sources) roots.set(s.node, Math.min(roots.get(s.node) ?? Infinity, s.initialCost));
  let v = target;
  for (let steps = 0; steps < cum.length; steps++) {
    const dv = cum[v]!;
    if (roots.get(v) === dv) return pred;
    let bu = -1;
    let bd = Infinity;
    if (v < N) {
      const rv = (v / W) | 0;
      const cv = v - rv * W;
      for (let m = 0; m < K; m++) {
        const ru = rv - moves.dr[m]!;
        const colU = cv - moves.dc[m]!;
        if (ru < 0 || ru >= H || colU < 0 || colU >= W) continue;
        const u = ru * W + colU;
        const du = cum[u]!;
        if (!(du <= dv) || (du === dv && u > v) || du > bd || (du === bd && u > bu)) continue;
        const j0 = crossStart[m]!;
        const j1 = crossStart[m + 1]!;
        const acc = j1 > j0 ? crossedSum(cost, u, crossDelta, j0, j1) + cost[v]! + cost[u]! : cost[v]! + cost[u]!;
        let step = acc * moves.factor[ru * K + m]!;
        if (ez !== null) step = pace!((ez[v]! - ez[u]!) / moves.lengthMetres[ru * K + m]!) * step;
        if (du + step !== dv) continue;
        bd = du;
        bu = u;
      }
    }
    for (const s of into.get(v) ?? []) {
      const u = origin[s]!;
      const du = cum[u]!;
      if (!(du <= dv) || (du === dv && u > v) || du > bd || (du === bd && u > bu)) continue;
      if (du + ex.cost[s]! !== dv) continue;
      bd = du;
      bu = u;
    }
    if (bu < 0) return null;
    pred[v] = bu;
    v = bu;
  }
  return null; // a cycle (cannot happen: (cost, id) falls along the path)
}

/**
 * Predecessors and allocation from final costs, with the heap's tie rule: among the cells u
 * whose step reproduces cost(v) exactly (same arithmetic as the search), the one the heap
 * settles first, i.e. the lowest (cost(u), u), and only cells settled before v. A source cell
 * whose cost is its initial cost has no predecessor and belongs to the first source listing it
 * at that cost. Returns null when some reached cell has no such predecessor (possible only when
 * a step is lost to rounding, fl(cost + step) = cost).
 */
function predecessorsOf(
  input: FastGridInput,
  cost: Float32Array | Float64Array,
  cum: Float64Array,
): { pred: Int32Array; alloc: Int32Array | null } | null {
  const { width: W, height: H, moves } = input;
  const N = W * H;
  const K = moves.count;
  const factor = moves.factor;
  const crossStart = moves.crossStart;
  const dR = moves.dr;
  const dC = moves.dc;
  const ez = input.anisotropic?.elevationMetres ?? null;
  const pace = input.anisotropic?.pace;
  const lengths = moves.lengthMetres;
  const pred = new Int32Array(N); // every cell is written below
  const alloc = input.allocation ? new Int32Array(N).fill(-1) : null;
  const crossDelta = new Int32Array(moves.crossDr.length);
  for (let j = 0; j < crossDelta.length; j++) crossDelta[j] = moves.crossDr[j]! * W + moves.crossDc[j]!;
  // roots: source cells at their (lowest) initial cost, first source wins
  const best = new Map<number, { cost: number; index: number }>();
  for (const s of input.sources) {
    const b = best.get(s.node);
    if (b === undefined || s.initialCost < b.cost) best.set(s.node, { cost: s.initialCost, index: s.index });
  }
  const roots: number[] = [];
  for (const [node, b] of best) {
    if (cum[node] === b.cost) {
      roots.push(node);
      if (alloc) alloc[node] = b.index;
    }
  }
  roots.sort((a, b) => a - b);
  roots.push(N); // sentinel
  let nextRoot = 0;
  let orphans = 0;
  for (let v = 0; v < N; v++) {
    const dv = cum[v]!;
    if (v === roots[nextRoot]) {
      nextRoot++;
      pred[v] = -1;
      continue;
    }
    if (!(dv < Infinity)) {
      pred[v] = -1;
      continue;
    }
    const rv = (v / W) | 0;
    const cv = v - rv * W;
    let bu = -1;
    let bd = Infinity;
    for (let m = 0; m < K; m++) {
      const ru = rv - dR[m]!;
      const colU = cv - dC[m]!;
      if (ru < 0 || ru >= H || colU < 0 || colU >= W) continue;
      const u = ru * W + colU;
      const du = cum[u]!;
      if (!(du <= dv) || du > bd || (du === dv && u > v)) continue;
      const j0 = crossStart[m]!;
      const j1 = crossStart[m + 1]!;
      const acc = j1 > j0 ? crossedSum(cost, u, crossDelta, j0, j1) + cost[v]! + cost[u]! : cost[v]! + cost[u]!;
      let step = acc * factor[ru * K + m]!;
      if (ez !== null) step = pace!((ez[v]! - ez[u]!) / lengths[ru * K + m]!) * step;
      if (du + step !== dv) continue;
      if (du < bd || u < bu) {
        bd = du;
        bu = u;
      }
    }
    if (bu < 0) orphans++;
    pred[v] = bu;
  }
  if (orphans > 0) return null;
  if (alloc) {
    // follow each chain to a cell whose source is known, then label the chain
    let stack = new Int32Array(1024);
    for (let v = 0; v < N; v++) {
      if (alloc[v]! >= 0 || !(cum[v]! < Infinity)) continue;
      let n = 0;
      let x = v;
      while (alloc[x]! < 0) {
        if (n === stack.length) {
          const g = new Int32Array(n * 2);
          g.set(stack);
          stack = g;
        }
        stack[n++] = x;
        x = pred[x]!;
      }
      const a = alloc[x]!;
      while (n > 0) alloc[stack[--n]!] = a;
    }
  }
  return { pred, alloc };
}
