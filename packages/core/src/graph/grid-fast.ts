/**
 * The hot path of gridSearch for plain accumulated-cost runs (isotropic costs,
 * no extra nodes, no heuristic, no targets). Same model, arithmetic and tie
 * rule as grid-search.ts (tests compare both bit for bit), but:
 *  - a padded grid: `reach` rings of blocked cells around the raster, so the
 *    neighbour loop needs no bounds checks;
 *  - the indexed 4-ary heap inlined, its arrays in locals;
 *  - nothing is pre-filled that is never read (tentative costs are read only
 *    for nodes in the heap).
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
  cellCost: Float64Array;
  blocked?: Uint8Array;
  sources: { node: number; initialCost: number; index: number }[];
  maxCost: number;
  allocation: boolean;
  onProgress?: (fraction: number) => void;
}

export interface FastGridOutput {
  cost: Float64Array;
  predecessor: Int32Array;
  allocation: Int32Array | null;
  settled: number;
}

export function fastGridSearch(input: FastGridInput): FastGridOutput {
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
      if (v >= 0 && v < Infinity && (blocked === undefined || blocked[src + c] !== 1)) {
        slot[base + c] = NOT_SEEN;
        cc[base + c] = v;
        passable++;
      }
    }
  }
  const cum = new Float64Array(PN);
  const pred = new Int32Array(PN);
  const alloc = input.allocation ? new Int32Array(PN) : null;

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
      const nd = g + acc * factor[rowK + k]!;
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
