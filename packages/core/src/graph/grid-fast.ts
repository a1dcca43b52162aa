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
  cellCost: Float64Array;
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

/**
 * Bucket-queue search (see the file comment). Returns null when a bucket queue
 * does not apply (a zero or too small minimum step) unless forced.
 */
function bucketGridSearch(input: FastGridInput, force: boolean): FastGridOutput | null {
  const { width: W, height: H, moves, cellCost, blocked } = input;
  const R = moves.reach;
  const PW = W + 2 * R;
  const PH = H + 2 * R;
  const PN = PW * PH;
  const N = W * H;
  const K = moves.count;

  // cost range over passable cells; Float32 storage when every cost is a float32 value (halves memory, same doubles)
  const aniso = input.anisotropic;
  if (aniso && !(aniso.minPace! > 0 && aniso.minPace! < Infinity)) {
    if (force) throw new Error("bucket queue needs anisotropic.minPace > 0");
    return null;
  }
  const elevIn = aniso?.elevationMetres;
  let cmin = Infinity;
  let cmax = 0;
  let allF32 = true;
  for (let i = 0; i < N; i++) {
    const v = cellCost[i]!;
    if (v >= 0 && v < Infinity && (blocked === undefined || blocked[i] !== 1) && !(elevIn !== undefined && Number.isNaN(elevIn[i]!))) {
      if (v < cmin) cmin = v;
      if (v > cmax) cmax = v;
      if (allF32 && Math.fround(v) !== v) allF32 = false;
    }
  }
  const factor = moves.factor;
  let minStep = Infinity;
  let maxStep = 0;
  for (let r = 0; r < H; r++) {
    for (let k = 0; k < K; k++) {
      const f = factor[r * K + k]!;
      if (!(f >= 0)) continue; // NaN: move leaves the grid from this row
      const cells = 2 + moves.crossStart[k + 1]! - moves.crossStart[k]!;
      if (f * cells * cmin < minStep) minStep = f * cells * cmin;
      if (f * cells * cmax > maxStep) maxStep = f * cells * cmax;
    }
  }
  if (!(cmin < Infinity)) minStep = 1; // nothing passable: any δ works
  if (aniso) {
    // steps scale with the pace: at least minPace; most steps lie below ~4× the level pace
    // (steeper ones go to the overflow list)
    const flat = aniso.pace(0);
    minStep *= aniso.minPace!;
    maxStep *= Math.max(aniso.minPace!, Number.isFinite(flat) ? 4 * flat : aniso.minPace!);
  }
  const width = minStep * (1 - 1e-6);
  // ring of 2^j lists (index = bucket & mask) covering every key in [kδ', kδ' + maxStep]
  let ringSize = 16;
  while (ringSize < Math.ceil(maxStep / width) + 2 && ringSize < 1 << 20) ringSize *= 2;
  const mask = ringSize - 1;
  if (!(width > 0) || !(Math.ceil(maxStep / width) + 2 <= ringSize)) {
    if (force) throw new Error(`bucket queue not applicable (min step ${minStep}, ring ${ringSize})`);
    return null;
  }
  const inv = 1 / width;

  // No separate state array (fewer cache lines per move): cc holds the cell's cost, NaN for
  // walls (padding, nodata, blocked), and minus the cost once the cell is settled (costs are
  // > 0 here); cum is +Infinity until a cell is first reached.
  const cc: Float32Array | Float64Array = allF32 ? new Float32Array(PN).fill(NaN) : new Float64Array(PN).fill(NaN);
  let passable = 0;
  for (let r = 0; r < H; r++) {
    const base = (r + R) * PW + R;
    const src = r * W;
    for (let c = 0; c < W; c++) {
      const v = cellCost[src + c]!;
      if (v >= 0 && v < Infinity && (blocked === undefined || blocked[src + c] !== 1) && !(elevIn !== undefined && Number.isNaN(elevIn[src + c]!))) {
        cc[base + c] = v;
        passable++;
      }
    }
  }
  const cum = new Float64Array(PN).fill(Infinity);
  const wantPred = input.predecessor !== false || input.allocation;
  const pred = wantPred ? new Int32Array(PN) : null;
  const alloc = input.allocation ? new Int32Array(PN) : null;

  const delta = new Int32Array(K);
  for (let k = 0; k < K; k++) delta[k] = moves.dr[k]! * PW + moves.dc[k]!;
  const crossStart = moves.crossStart;
  const crossDelta = new Int32Array(moves.crossDr.length);
  for (let j = 0; j < crossDelta.length; j++) crossDelta[j] = moves.crossDr[j]! * PW + moves.crossDc[j]!;
  const hasCross = crossDelta.length > 0;

  const ez = paddedElevation(input, PW, PN, R);
  const pace = aniso?.pace;
  const lengths = moves.lengthMetres;
  // overflow: entries whose bucket lies beyond the ring (steep anisotropic steps), moved in when the ring reaches them
  let far = new Int32Array(0);
  let farCount = 0;
  let farMin = Infinity;

  const lists: Int32Array[] = [];
  const lens = new Int32Array(ringSize);
  const empty = new Int32Array(0);
  for (let b = 0; b < ringSize; b++) lists.push(empty); // grown on first use
  let pending = 0;
  const append = (b: number, node: number) => {
    let l = lists[b]!;
    const n = lens[b]!;
    if (n === l.length) {
      const g = new Int32Array(Math.max(16, n * 2));
      g.set(l);
      lists[b] = l = g;
    }
    l[n] = node;
    lens[b] = n + 1;
    pending++;
  };

  // Sources enter their bucket when the search reaches it (their initial costs may lie
  // further apart than the ring spans); their cost and state are set now, so a cheaper
  // path found earlier still wins.
  const srcEntries: Array<{ p: number; kb: number }> = [];
  for (const s of input.sources) {
    const r = Math.floor(s.node / W);
    const p = (r + R) * PW + R + (s.node - r * W);
    if (cc[p]! > 0 && s.initialCost < cum[p]!) {
      cum[p] = s.initialCost;
      if (pred) pred[p] = -1;
      if (alloc) alloc[p] = s.index;
      srcEntries.push({ p, kb: Math.floor(s.initialCost * inv) });
    }
  }
  srcEntries.sort((a, b) => a.kb - b.kb);
  let sp = 0;
  const maxCost = input.maxCost;
  const onProgress = input.onProgress;
  let settled = 0;
  let nextProgress = 1 << 20;

  let k = srcEntries.length ? srcEntries[0]!.kb : 0;
  for (;;) {
    if (pending === 0) {
      const nextSrc = sp < srcEntries.length ? srcEntries[sp]!.kb : Infinity;
      const next = Math.min(nextSrc, farMin);
      if (next === Infinity) break;
      if (next > k) k = next;
    }
    if (farCount > 0 && farMin < k + ringSize) {
      // move overflow entries that now fit into the ring; keep the rest
      let keep = 0;
      farMin = Infinity;
      for (let i = 0; i < farCount; i++) {
        const node = far[i]!;
        if (cc[node]! < 0) continue;
        const kb = Math.max(k, Math.floor(cum[node]! * inv));
        if (kb < k + ringSize) append(kb < 2147483648 ? kb & mask : kb % ringSize, node);
        else {
          far[keep++] = node;
          if (kb < farMin) farMin = kb;
        }
      }
      farCount = keep;
    }
    if ((k - 1) * width > maxCost) break; // every key left is > maxCost (one bucket of slack for rounding)
    while (sp < srcEntries.length && srcEntries[sp]!.kb <= k) {
      const e = srcEntries[sp++]!;
      if (!(cc[e.p]! < 0)) append(k < 2147483648 ? k & mask : k % ringSize, e.p);
    }
    const b = k < 2147483648 ? k & mask : k % ringSize;
    for (let i = 0; i < lens[b]!; i++) {
      const u = lists[b]![i]!;
      pending--;
      const cu = cc[u]!;
      if (cu < 0) continue; // already settled (a stale entry)
      const g = cum[u]!;
      if (g > maxCost) continue;
      cc[u] = -cu;
      settled++;
      if (settled >= nextProgress && onProgress) {
        nextProgress += 1 << 20;
        onProgress(settled / passable);
      }
      const rowK = (((u / PW) | 0) - R) * K;
      for (let m = 0; m < K; m++) {
        const v = u + delta[m]!;
        const cv = cc[v]!;
        if (!(cv > 0)) continue; // settled (negative) or wall (NaN)
        let acc: number;
        if (hasCross) {
          const j0 = crossStart[m]!;
          const j1 = crossStart[m + 1]!;
          if (j1 > j0) {
            // intermediate cells: NaN = wall (the move is impossible); settled cells hold −cost
            let y = cc[u + crossDelta[j0]!]!;
            if (y !== y) continue;
            acc = y < 0 ? -y : y;
            let ok = true;
            for (let j = j0 + 1; j < j1; j++) {
              y = cc[u + crossDelta[j]!]!;
              if (y !== y) {
                ok = false;
                break;
              }
              acc += y < 0 ? -y : y;
            }
            if (!ok) continue;
            acc += cv;
            acc += cu;
          } else acc = cv + cu;
        } else acc = cv + cu;
        let step = acc * factor[rowK + m]!;
        if (ez !== null) {
          step = pace!((ez[v]! - ez[u]!) / lengths[rowK + m]!) * step;
          if (!(step < Infinity)) continue;
        }
        const nd = g + step;
        const old = cum[v]!; // +Infinity when v is reached for the first time
        if (nd >= old) {
          if (nd > old || pred === null) continue;
          // tie: keep the predecessor that the heap would have settled first (lower cost, then lower id)
          const q = pred[v]!;
          if (q < 0) continue;
          const cq = cum[q]!;
          if (!(g < cq || (g === cq && u < q))) continue;
          pred[v] = u;
          if (alloc) alloc[v] = alloc[u]!;
          continue;
        }
        cum[v] = nd;
        if (pred) pred[v] = u;
        if (alloc) alloc[v] = alloc[u]!;
        let kb = Math.floor(nd * inv);
        if (kb <= k) kb = k; // cannot happen (step >= δ > δ'); kept safe: the current list is still being read
        if (kb - k >= ringSize) {
          if (farCount === far.length) {
            const grown = new Int32Array(Math.max(16, farCount * 2));
            grown.set(far);
            far = grown;
          }
          far[farCount++] = v;
          if (kb < farMin) farMin = kb;
          continue;
        }
        // append (inlined); kb & mask == kb % ringSize for 0 <= kb < 2^31
        const bb = kb < 2147483648 ? kb & mask : kb % ringSize;
        let l = lists[bb]!;
        const n = lens[bb]!;
        if (n === l.length) {
          const grown = new Int32Array(Math.max(16, n * 2));
          grown.set(l);
          lists[bb] = l = grown;
        }
        l[n] = v;
        lens[bb] = n + 1;
        pending++;
      }
    }
    lens[b] = 0;
    k++;
  }

  for (let r = 0; r < H; r++) {
    const base = (r + R) * PW + R;
    const out = r * W;
    for (let c = 0; c < W; c++) {
      const p = base + c;
      if (cc[p]! < 0) {
        cum[out + c] = cum[p]!;
        if (pred) {
          const q = pred[p]!;
          if (q < 0) pred[out + c] = -1;
          else {
            const qr = ((q / PW) | 0) - R;
            pred[out + c] = qr * W + (q - (qr + R) * PW - R);
          }
        }
        if (alloc) alloc[out + c] = alloc[p]!;
      } else {
        cum[out + c] = Infinity;
        if (pred) pred[out + c] = -1;
        if (alloc) alloc[out + c] = -1;
      }
    }
  }
  if (onProgress) onProgress(1);
  return { cost: cum.subarray(0, N), predecessor: pred ? pred.subarray(0, N) : new Int32Array(0), allocation: alloc ? alloc.subarray(0, N) : null, settled };
}
