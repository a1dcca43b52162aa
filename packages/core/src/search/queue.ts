/**
 * An indexed 4-ary min-heap for Dijkstra / A* on typed arrays.
 *
 * Keys (Float64Array) and node ids (Int32Array) sit in parallel arrays; a
 * caller-owned `slot` Int32Array maps each node to its heap position (>= 0) so
 * that a decrease-key moves the existing entry instead of pushing a duplicate.
 * Negative slot values are the caller's states (not in the heap); the heap
 * writes REMOVED into a node's slot when it pops it.
 *
 * Order: by key, then by node id (lowest first). This makes the settle order,
 * and with it every tie in a search, independent of the heap's history.
 */
export const NOT_SEEN = -1;
export const REMOVED = -2;

export class IndexedQuadHeap {
  keys: Float64Array;
  ids: Int32Array;
  size = 0;
  readonly slot: Int32Array;

  constructor(slot: Int32Array, initialCapacity = 1024) {
    this.slot = slot;
    this.keys = new Float64Array(initialCapacity);
    this.ids = new Int32Array(initialCapacity);
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.keys = keys;
    this.ids = ids;
  }

  /** Inserts a node that is not in the heap. */
  push(id: number, key: number): void {
    if (this.size === this.keys.length) this.grow();
    this.siftUp(this.size++, id, key);
  }

  /** Lowers the key of a node already in the heap. */
  decrease(id: number, key: number): void {
    this.siftUp(this.slot[id]!, id, key);
  }

  /** Key of the minimum (undefined behaviour when empty). */
  peekKey(): number {
    return this.keys[0]!;
  }

  /** Removes and returns the node with the smallest (key, id); its key is in `lastKey`. */
  lastKey = 0;
  pop(): number {
    const keys = this.keys;
    const ids = this.ids;
    const top = ids[0]!;
    this.lastKey = keys[0]!;
    this.slot[top] = REMOVED;
    const n = --this.size;
    if (n > 0) this.siftDown(ids[n]!, keys[n]!, n);
    return top;
  }

  private siftUp(i: number, id: number, key: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const slot = this.slot;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pk = keys[parent]!;
      const pid = ids[parent]!;
      if (pk < key || (pk === key && pid < id)) break;
      keys[i] = pk;
      ids[i] = pid;
      slot[pid] = i;
      i = parent;
    }
    keys[i] = key;
    ids[i] = id;
    slot[id] = i;
  }

  private siftDown(id: number, key: number, n: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const slot = this.slot;
    let i = 0;
    for (;;) {
      const first = (i << 2) + 1;
      if (first >= n) break;
      let best = first;
      let bk = keys[first]!;
      let bid = ids[first]!;
      const last = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < last; c++) {
        const ck = keys[c]!;
        if (ck < bk || (ck === bk && ids[c]! < bid)) {
          best = c;
          bk = ck;
          bid = ids[c]!;
        }
      }
      if (key < bk || (key === bk && id < bid)) break;
      keys[i] = bk;
      ids[i] = bid;
      slot[bid] = i;
      i = best;
    }
    keys[i] = key;
    ids[i] = id;
    slot[id] = i;
  }
}
