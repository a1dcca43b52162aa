/**
 * The hot path of gridSearch for plain accumulated-cost runs (isotropic or
 * anisotropic costs; no extra nodes, heuristic or targets). Same model, arithmetic and tie
 * rule as grid-search.ts (tests compare both bit for bit), but:
 *  - a padded grid: `reach` rings of blocked cells around the raster, so the
 *    neighbour loop needs no bounds checks;
 *  - when every step costs at least δ > 0 (all cell costs > 0), a bucket queue
 *    instead of a heap (Dial's buckets generalised to real weights): bucket k
 *    holds tentative costs in [kδ', (k+1)δ') with δ' = δ(1 − 1e-6). No node in
 *    the lowest non-empty bucket can be improved by another node of that bucket
 *    (any step adds ≥ δ > δ'), so the whole bucket is final and is settled in
 *    list order: O(1) per push and pop instead of O(log n). Costs are the same
 *    doubles as with the heap: each is min over neighbours of cost(u) + step,
 *    a fixed point that does not depend on the settle order. Predecessors keep
 *    the heap's tie rule by comparing (cost(u), u) on equal tentative costs.
 *    Buckets form a power-of-two ring of at least ⌈maxStep/δ'⌉ + 2 lists
 *    (decrease-key = append; stale entries are skipped when their node is
 *    already settled). Anisotropic models: δ uses the model's minimum pace,
 *    the ring covers steps up to 4× the level pace, steeper steps wait in an
 *    overflow list until the ring reaches their bucket. Sources enter when the
 *    ring reaches their initial cost;
 *  - otherwise (zero costs, no positive minimum pace) the indexed 4-ary heap, inlined;
 *  - nothing is pre-filled that is never read.
 * Results are compacted in place to the unpadded layout at the end.
 */
import type { GridMoves } from "./grid-moves.ts";

const NOT_SEEN = -1;
const REMOVED = -2;
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
  /** Compute predecessors (default true); without them and allocation the search does less work. */
  predecessor?: boolean;
  onProgress?: (fraction: number) => void;
  /** Force the heap (tests compare both queues). */
  queue?: "auto" | "heap" | "buckets";
  /** Anisotropic step: pace(Δz / L) × (acc × factor); minPace > 0 (a lower bound of pace) enables buckets. */
  anisotropic?: { elevationMetres: ArrayLike<number>; pace: (slope: number) => number; minPace?: number };
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

export function fastGridSearch(input: FastGridInput): FastGridOutput {
  const mode = input.queue ?? "auto";
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
      if (v >= 0 && v < Infinity && (blocked === undefined || blocked[src + c] !== 1) && !(input.anisotropic && Number.isNaN(input.anisotropic.elevationMetres[src + c]!))) {
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

  // --- inlined indexed 4-ary heap over (key, id) ---
  let cap = 1 << 14;
  let hk: Float64Array = new Float64Array(cap);
  let hi: Int32Array = new Int32Array(cap);
  let size = 0;
  for (const s of input.sources) {
    const r = Math.floor(s.node / W);
    const p = (r + R) * PW + R + (s.node - r * W);
    const st = slot[p]!;
    if (st === NOT_SEEN) {
      cum[p] = s.initialCost;
      pred[p] = -1;
      if (alloc) alloc[p] = s.index;
      if (size === cap) {
        cap *= 2;
        hk = growF(hk, cap);
        hi = growI(hi, cap);
      }
      siftUpArrays(hk, hi, slot, size++, p, s.initialCost);
    } else if (st >= 0 && s.initialCost < cum[p]!) {
      cum[p] = s.initialCost;
      if (alloc) alloc[p] = s.index;
      siftUpArrays(hk, hi, slot, st, p, s.initialCost);
    }
  }

  const maxCost = input.maxCost;
  const onProgress = input.onProgress;
  let settled = 0;
  let nextProgress = 1 << 20;

  while (size > 0) {
    // pop
    const u = hi[0]!;
    const g = hk[0]!;
    slot[u] = REMOVED;
    const n = --size;
    if (n > 0) {
      const id = hi[n]!;
      const key = hk[n]!;
      let i = 0;
      for (;;) {
        const first = (i << 2) + 1;
        if (first >= n) break;
        let best = first;
        let bk = hk[first]!;
        let bid = hi[first]!;
        const last = first + 4 < n ? first + 4 : n;
        for (let c = first + 1; c < last; c++) {
          const ck = hk[c]!;
          if (ck < bk || (ck === bk && hi[c]! < bid)) {
            best = c;
            bk = ck;
            bid = hi[c]!;
          }
        }
        if (key < bk || (key === bk && id < bid)) break;
        hk[i] = bk;
        hi[i] = bid;
        slot[bid] = i;
        i = best;
      }
      hk[i] = key;
      hi[i] = id;
      slot[id] = i;
    }
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
      if (sv === NOT_SEEN) {
        cum[v] = nd;
        pred[v] = u;
        if (alloc) alloc[v] = au;
        if (size === cap) {
          cap *= 2;
          hk = growF(hk, cap);
          hi = growI(hi, cap);
        }
        let i = size++;
        while (i > 0) {
          const parent = (i - 1) >> 2;
          const pk = hk[parent]!;
          const pid = hi[parent]!;
          if (pk < nd || (pk === nd && pid < v)) break;
          hk[i] = pk;
          hi[i] = pid;
          slot[pid] = i;
          i = parent;
        }
        hk[i] = nd;
        hi[i] = v;
        slot[v] = i;
      } else if (nd < cum[v]!) {
        cum[v] = nd;
        pred[v] = u;
        if (alloc) alloc[v] = au;
        let i = sv;
        while (i > 0) {
          const parent = (i - 1) >> 2;
          const pk = hk[parent]!;
          const pid = hi[parent]!;
          if (pk < nd || (pk === nd && pid < v)) break;
          hk[i] = pk;
          hi[i] = pid;
          slot[pid] = i;
          i = parent;
        }
        hk[i] = nd;
        hi[i] = v;
        slot[v] = i;
      }
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
  return { cost: cum.subarray(0, N), predecessor: pred.subarray(0, N), allocation: alloc ? alloc.subarray(0, N) : null, settled };
}

function growF(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

function growI(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

function siftUpArrays(hk: Float64Array, hi: Int32Array, slot: Int32Array, i: number, id: number, key: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 2;
    const pk = hk[parent]!;
    const pid = hi[parent]!;
    if (pk < key || (pk === key && pid < id)) break;
    hk[i] = pk;
    hi[i] = pid;
    slot[pid] = i;
    i = parent;
  }
  hk[i] = key;
  hi[i] = id;
  slot[id] = i;
}

/** Largest bucket ring: when the steps span more buckets of the smallest step, buckets get wider and labels are corrected within a bucket. */
const MAX_RING = 4096;

/**
 * Bucket-queue search (see the file comment). Returns null when it does not apply
 * (a zero cost, or an anisotropic model without a positive minimum pace) unless forced.
 */
function bucketGridSearch(input: FastGridInput, force: boolean): FastGridOutput | null {
  const { width: W, height: H, moves, blocked } = input;
  const N = W * H;
  const K = moves.count;
  const R = moves.reach;
  const aniso = input.anisotropic;
  if (aniso && !(aniso.minPace! > 0 && aniso.minPace! < Infinity)) {
    if (force) throw new Error("bucket queue needs anisotropic.minPace > 0");
    return null;
  }
  const elev = aniso?.elevationMetres;

  // Cost range over passable cells, and whether the costs can be read as they are: the
  // loop relies on impassable cells holding NaN or +Infinity (the step is then not < any cost).
  let cost: Float32Array | Float64Array = input.cellCost;
  let cmin = Infinity;
  let cmax = 0;
  let passable = 0;
  let clean = true;
  for (let i = 0; i < N; i++) {
    const v = cost[i]!;
    if (v >= 0 && v < Infinity) {
      if ((blocked !== undefined && blocked[i] === 1) || (elev !== undefined && Number.isNaN(elev[i]!))) {
        clean = false;
        continue;
      }
      passable++;
      if (v < cmin) cmin = v;
      if (v > cmax) cmax = v;
    } else if (v < 0) clean = false;
  }
  if (!(cmin > 0) && passable > 0) {
    if (force) throw new Error("bucket queue needs every passable cost > 0");
    return null;
  }
  if (!clean) {
    cost = cost.slice();
    for (let i = 0; i < N; i++) {
      const v = cost[i]!;
      if (v < 0 || (blocked !== undefined && blocked[i] === 1) || (elev !== undefined && Number.isNaN(elev[i]!))) cost[i] = NaN;
    }
  }

  // Bucket width: the smallest possible step (less a margin for rounding), or wider when the
  // ring would exceed MAX_RING buckets (then a cell can still improve within its bucket: it is
  // appended again and processed again; the result is the same least fixed point).
  const factor = moves.factor;
  const crossStart = moves.crossStart;
  let minStep = Infinity;
  let maxStep = 0;
  for (let r = 0; r < H; r++) {
    for (let k = 0; k < K; k++) {
      const f = factor[r * K + k]!;
      if (!(f >= 0)) continue; // NaN: move leaves the grid from this row
      const cells = 2 + crossStart[k + 1]! - crossStart[k]!;
      if (f * cells * cmin < minStep) minStep = f * cells * cmin;
      if (f * cells * cmax > maxStep) maxStep = f * cells * cmax;
    }
  }
  if (!(passable > 0 && minStep < Infinity)) minStep = maxStep = 1; // nothing passable or no move fits: any width works
  if (aniso) {
    // steps scale with the pace: at least minPace; most lie below ~4× the level pace (steeper ones wait in the overflow list)
    const flat = aniso.pace(0);
    minStep *= aniso.minPace!;
    maxStep *= Math.max(aniso.minPace!, Number.isFinite(flat) ? 4 * flat : aniso.minPace!);
  }
  let width = minStep * (1 - 1e-6);
  if (Math.ceil(maxStep / width) + 2 > MAX_RING) width = maxStep / (MAX_RING - 4);
  let ringSize = 16;
  while (ringSize < Math.ceil(maxStep / width) + 2) ringSize *= 2;
  if (!(width > 0 && width < Infinity)) throw new Error(`bucket width ${width} from steps ${minStep}..${maxStep}`);
  const mask = ringSize - 1;
  const inv = 1 / width;

  const cum = new Float64Array(N).fill(Infinity);

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

  // Ring of growable lists (index = bucket & mask); overflow list for buckets beyond the ring.
  const lists: Int32Array[] = [];
  const lens = new Int32Array(ringSize);
  const empty = new Int32Array(0);
  for (let b = 0; b < ringSize; b++) lists.push(empty);
  let pending = 0;
  const far = new Overflow();

  // Sources: cost set now (a cheaper path found before they enter still wins), queued when the
  // ring reaches their bucket (initial costs may lie further apart than the ring spans).
  const srcEntries: Array<{ p: number; kb: number }> = [];
  for (const s of input.sources) {
    if (s.initialCost < cum[s.node]!) {
      cum[s.node] = s.initialCost;
      srcEntries.push({ p: s.node, kb: Math.floor(s.initialCost * inv) });
    }
  }
  srcEntries.sort((a, b) => a.kb - b.kb);
  let sp = 0;
  const maxCost = input.maxCost;
  const onProgress = input.onProgress;
  let processed = 0;
  let nextProgress = 1 << 20;

  let k = srcEntries.length ? srcEntries[0]!.kb : 0;
  for (;;) {
    if (pending === 0) {
      const next = Math.min(sp < srcEntries.length ? srcEntries[sp]!.kb : Infinity, far.min);
      if (next === Infinity) break;
      if (next > k) k = next;
    }
    if (far.count > 0 && far.min < k + ringSize) {
      // move overflow entries that now fit into the ring (drop those already processed in a lower bucket)
      let keep = 0;
      far.min = Infinity;
      for (let i = 0; i < far.count; i++) {
        const node = far.nodes[i]!;
        const kb = Math.floor(cum[node]! * inv);
        if (kb < k) continue;
        if (kb < k + ringSize) {
          appendTo(lists, lens, slotOf(kb, mask, ringSize), node);
          pending++;
        } else {
          far.nodes[keep++] = node;
          if (kb < far.min) far.min = kb;
        }
      }
      far.count = keep;
    }
    if ((k - 1) * width > maxCost) break; // every key left is > maxCost (one bucket of slack for rounding)
    while (sp < srcEntries.length && srcEntries[sp]!.kb <= k) {
      const e = srcEntries[sp++]!;
      if (Math.floor(cum[e.p]! * inv) === k) {
        appendTo(lists, lens, slotOf(k, mask, ringSize), e.p);
        pending++;
      }
    }
    const b = slotOf(k, mask, ringSize);
    // lens[b] and lists[b] are re-read: a cell improved within this bucket is appended to it
    for (let i = 0; i < lens[b]!; i++) {
      const u = lists[b]![i]!;
      pending--;
      const g = cum[u]!;
      if (Math.floor(g * inv) !== k || g > maxCost) continue; // stale: improved into a lower bucket, already processed
      processed++;
      if (processed >= nextProgress && onProgress) {
        nextProgress += 1 << 20;
        onProgress(Math.min(1, processed / passable));
      }
      const row = (u / W) | 0;
      const col = u - row * W;
      const interior = row >= R && row < H - R && col >= R && col < W - R;
      const cu = cost[u]!;
      const rowK = row * K;
      if (interior && ez === null) {
        // hot loop: no bounds checks, isotropic
        for (let m = 0; m < K; m++) {
          const v = u + delta[m]!;
          // acc = c(m1); acc += c(m2); …; acc += c(q); acc += c(p) (grid-moves.ts); NaN/∞ cells make it NaN/∞
          let acc: number;
          if (m < K0) acc = cost[v]! + cu;
          else if (m < K2) {
            acc = cost[u + crossA[m]!]! + cost[u + crossB[m]!]!;
            acc += cost[v]!;
            acc += cu;
          } else acc = crossedSum(cost, u, crossDelta, crossStart[m]!, crossStart[m + 1]!) + cost[v]! + cu;
          const nd = g + acc * factor[rowK + m]!;
          const old = cum[v]!; // +Infinity until reached
          if (!(nd < old)) continue; // also NaN / ∞ steps
          cum[v] = nd;
          const kb = Math.floor(nd * inv);
          if (kb !== k && kb === Math.floor(old * inv)) continue; // already waiting in that bucket
          if (kb - k >= ringSize) far.push(v, kb);
          else {
            appendTo(lists, lens, kb < 2147483648 ? kb & mask : kb % ringSize, v);
            pending++;
          }
        }
        continue;
      }
      for (let m = 0; m < K; m++) {
        const r2 = row + dR[m]!;
        const c2 = col + dC[m]!;
        if (r2 < 0 || r2 >= H || c2 < 0 || c2 >= W) continue;
        const v = u + delta[m]!;
        const j0 = crossStart[m]!;
        const j1 = crossStart[m + 1]!;
        const acc = j1 > j0 ? crossedSum(cost, u, crossDelta, j0, j1) + cost[v]! + cu : cost[v]! + cu;
        let step = acc * factor[rowK + m]!;
        if (ez !== null) step = pace!((ez[v]! - ez[u]!) / lengths[rowK + m]!) * step;
        const nd = g + step;
        const old = cum[v]!;
        if (!(nd < old)) continue;
        cum[v] = nd;
        const kb = Math.floor(nd * inv);
        if (kb !== k && kb === Math.floor(old * inv)) continue;
        if (kb - k >= ringSize) far.push(v, kb);
        else {
          appendTo(lists, lens, kb < 2147483648 ? kb & mask : kb % ringSize, v);
          pending++;
        }
      }
    }
    lens[b] = 0;
    k++;
  }

  let settled = 0;
  for (let i = 0; i < N; i++) {
    const c = cum[i]!;
    if (c < Infinity && c <= maxCost) settled++;
    else cum[i] = Infinity;
  }
  if (onProgress) onProgress(1);
  if (input.predecessor === false && !input.allocation) return { cost: cum, predecessor: new Int32Array(0), allocation: null, settled };
  const links = predecessorsOf(input, cost, cum);
  if (links === null) return heapGridSearch(input); // a step too small to change a cost (rounding): let the heap decide ties
  return { cost: cum, predecessor: links.pred, allocation: links.alloc, settled };
}

/** Cells whose bucket lies beyond the ring (steep anisotropic steps), moved in when the ring reaches them. */
class Overflow {
  nodes = new Int32Array(16);
  count = 0;
  min = Infinity;
  push(node: number, kb: number): void {
    if (this.count === this.nodes.length) {
      const g = new Int32Array(this.count * 2);
      g.set(this.nodes);
      this.nodes = g;
    }
    this.nodes[this.count++] = node;
    if (kb < this.min) this.min = kb;
  }
}

/** c(m1) + c(m2) + … over the crossed cells j0..j1-1 of a move from u, summed in order. */
function crossedSum(cost: Float32Array | Float64Array, u: number, crossDelta: Int32Array, j0: number, j1: number): number {
  let acc = cost[u + crossDelta[j0]!]!;
  for (let j = j0 + 1; j < j1; j++) acc += cost[u + crossDelta[j]!]!;
  return acc;
}

/** Ring slot of bucket kb (kb & mask equals kb % ringSize for 0 <= kb < 2^31). */
function slotOf(kb: number, mask: number, ringSize: number): number {
  return kb < 2147483648 ? kb & mask : kb % ringSize;
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
 * Predecessors and allocation from final costs, with the heap's tie rule: among the cells u
 * whose step reproduces cost(v) exactly (same arithmetic as the search), the one the heap
 * settles first, i.e. the lowest (cost(u), u), and only cells settled before v. A source cell
 * whose cost is its initial cost has no predecessor and belongs to the first source listing it
 * at that cost. Returns null when some reached cell has no such predecessor (possible only when
 * a step is lost to rounding, fl(cost + step) = cost).
 */
function predecessorsOf(input: FastGridInput, cost: Float32Array | Float64Array, cum: Float64Array): { pred: Int32Array; alloc: Int32Array | null } | null {
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
  const pred = new Int32Array(N).fill(-1);
  const alloc = input.allocation ? new Int32Array(N).fill(-1) : null;
  // roots: source cells at their (lowest) initial cost, first source wins
  const root = new Map<number, number>();
  const best = new Map<number, number>();
  for (const s of input.sources) {
    const c = best.get(s.node);
    if (c === undefined || s.initialCost < c) {
      best.set(s.node, s.initialCost);
      root.set(s.node, s.index);
    }
  }
  const isRoot = new Set<number>();
  for (const [node, c] of best) {
    if (cum[node] === c) {
      isRoot.add(node);
      if (alloc) alloc[node] = root.get(node)!;
    }
  }
  let orphans = 0;
  for (let v = 0; v < N; v++) {
    const dv = cum[v]!;
    if (!(dv < Infinity) || (isRoot.size > 0 && isRoot.has(v))) continue;
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
      let acc: number;
      const j0 = crossStart[m]!;
      const j1 = crossStart[m + 1]!;
      if (j1 > j0) {
        acc = cost[u + moves.crossDr[j0]! * W + moves.crossDc[j0]!]!;
        for (let j = j0 + 1; j < j1; j++) acc += cost[u + moves.crossDr[j]! * W + moves.crossDc[j]!]!;
        acc += cost[v]!;
        acc += cost[u]!;
      } else acc = cost[v]! + cost[u]!;
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
