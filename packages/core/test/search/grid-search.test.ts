import { describe, expect, it } from "vitest";
import { buildGridMoves, type Neighbourhood } from "../../src/search/grid-moves.ts";
import { buildExtraEdges, gridSearch } from "../../src/search/grid-search.ts";
import type { GridSpec } from "../../src/raster/raster.ts";
import { terrainCostModel } from "../../src/cost/models.ts";
import { mulberry32 } from "../../src/util/random.ts";

const rng = mulberry32;

const utm = (width: number, height: number, size = 90): GridSpec => ({
  width,
  height,
  originX: 500000,
  originY: 3900000,
  pixelSizeX: size,
  pixelSizeY: size,
  crs: { epsg: 32637, geographic: false },
});

function randomCosts(n: number, seed: number, nodataFrac = 0.1): Float64Array {
  const r = rng(seed);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[i] = r() < nodataFrac ? NaN : 0.5 + 9.5 * r();
  return c;
}

describe("gridSearch: hand-computed values", () => {
  it("constant cost 1 per metre on 90 m cells: axial 90, diagonal 90√2, Knight 90√5", () => {
    const grid = utm(5, 5);
    const cost = new Float64Array(25).fill(1);
    const moves = buildGridMoves(grid, { neighbours: 16 });
    const r = gridSearch({ width: 5, height: 5, moves, cellCost: cost, sources: [{ node: 12 }] });
    expect(r.cost[13]).toBeCloseTo(90, 9); // east
    expect(r.cost[18]).toBeCloseTo(90 * Math.SQRT2, 9); // south-east
    expect(r.cost[12 + 5 * 2 + 1]).toBeCloseTo(90 * Math.sqrt(5), 9); // 2 rows down, 1 col right
    expect(r.cost[12]).toBe(0);
    expect(r.predecessor[12]).toBe(-1);
    expect(r.predecessor[13]).toBe(12);
  });

  it("mean of the two cells × length: 1 → 3 per metre over one 90 m step costs 180", () => {
    const grid = utm(2, 1);
    const r = gridSearch({
      width: 2,
      height: 1,
      moves: buildGridMoves(grid),
      cellCost: Float64Array.from([1, 3]),
      sources: [{ node: 0 }],
    });
    expect(r.cost[1]).toBe(180); // (1 + 3) / 2 × 90
  });

  it("a Knight move never jumps over a blocked cell, and averages the four cells it crosses", () => {
    // 3 rows × 2 cols; move (0,0) -> (2,1) crosses (1,0) and (1,1)
    const grid = utm(2, 3, 1);
    const cost = Float64Array.from([1, 100, 2, 3, 100, 4]);
    const moves = buildGridMoves(grid, { neighbours: 16 });
    const r = gridSearch({ width: 2, height: 3, moves, cellCost: cost, sources: [{ node: 0 }] });
    // Knight: (c(1,0) + c(1,1) + c(2,1) + c(0,0)) × √5 / 4 = (2 + 3 + 4 + 1) × √5/4 = 5.590…
    // vs via (1,0): 1.5 + ((2+4)/2)·√2 = 5.743; so the Knight move wins
    expect(r.cost[5]).toBeCloseTo((10 * Math.sqrt(5)) / 4, 12);
    const blocked = Uint8Array.from([0, 0, 0, 1, 0, 0]); // block (1,1)
    const r2 = gridSearch({ width: 2, height: 3, moves, cellCost: cost, blocked, sources: [{ node: 0 }] });
    expect(r2.cost[5]).toBeCloseTo(1.5 + 3 * Math.SQRT2, 12);
    expect(r2.cost[3]).toBe(Infinity);
  });
});

describe("gridSearch: specialised and generic loops agree bit for bit", () => {
  for (const neighbours of [8, 16, 32, 48] as Neighbourhood[]) {
    it(`${neighbours} neighbours, 3 sources with initial costs, blocked cells, max cost`, () => {
      const W = 61;
      const H = 47;
      const grid = utm(W, H, 30);
      const cost = randomCosts(W * H, neighbours);
      // initial costs 0, 50, 100, and two far beyond the bucket ring's span (5000, 1e5)
      const sources = [100, 1500, 2800, 2000, 60].map((node, k) => {
        cost[node] = 1;
        return { node, initialCost: [0, 50, 100, 5000, 1e5][k]! };
      });
      const moves = buildGridMoves(grid, { neighbours });
      for (const maxCost of [undefined, 1200]) {
        const a = gridSearch({ width: W, height: H, moves, cellCost: cost, sources, maxCost, allocation: true });
        const b = gridSearch({
          width: W,
          height: H,
          moves,
          cellCost: cost,
          sources,
          maxCost,
          allocation: true,
          generic: true,
        });
        expect(
          Array.from(
            gridSearch({ width: W, height: H, moves, cellCost: cost, sources, maxCost, predecessor: false }).cost,
          ),
        ).toEqual(Array.from(b.cost));
        const h = gridSearch({
          width: W,
          height: H,
          moves,
          cellCost: cost,
          sources,
          maxCost,
          allocation: true,
          queue: "heap",
        });
        expect(Array.from(h.cost)).toEqual(Array.from(b.cost));
        expect(Array.from(h.predecessor)).toEqual(Array.from(b.predecessor));
        expect(
          Buffer.from(a.cost.buffer, a.cost.byteOffset, a.cost.byteLength).equals(
            Buffer.from(b.cost.buffer, b.cost.byteOffset, b.cost.byteLength),
          ),
        ).toBe(true);
        expect(Array.from(a.predecessor)).toEqual(Array.from(b.predecessor));
        expect(Array.from(a.allocation!)).toEqual(Array.from(b.allocation!));
        const reached = Array.from(a.cost).filter((x) => x < Infinity).length;
        if (maxCost) {
          expect(Math.max(...Array.from(a.cost).filter((x) => x < Infinity))).toBeLessThanOrEqual(maxCost);
          expect(reached).toBeLessThan(W * H * 0.9 - 10);
        }
        expect(new Set(Array.from(a.allocation!).filter((x) => x >= 0)).size).toBeGreaterThanOrEqual(3);
      }
    });
  }
});

describe("anisotropic models: bucket queue, heap and generic loop agree bit for bit", () => {
  for (const name of ["tobler", "naismith-langmuir", "vehicle-offroad"]) {
    for (const neighbours of [8, 16] as Neighbourhood[]) {
      it(`${name}, ${neighbours} neighbours, rough DEM, friction, blocked cells, 2 sources, max cost`, () => {
        const W = 45;
        const H = 38;
        const grid = utm(W, H, 30);
        const r = rng(neighbours + name.length);
        const elev = new Float64Array(W * H);
        // hills with slopes up to ~0.6 (the vehicle's 30° limit bites on the steepest), a little noise, 2 % nodata
        for (let i = 0; i < elev.length; i++)
          elev[i] =
            100 * Math.sin((i % W) / 7) + 80 * Math.cos(Math.floor(i / W) / 9) + 5 * r() + (r() < 0.02 ? NaN : 0);
        const friction = randomCosts(W * H, 5, 0.03).map((c) => 1 + c / 10);
        const sources = [{ node: 5 * W + 7 }, { node: 30 * W + 40, initialCost: 900 }];
        for (const s of sources) {
          elev[s.node] = 100 * Math.sin((s.node % W) / 7) + 80 * Math.cos(Math.floor(s.node / W) / 9);
          friction[s.node] = 1;
        }
        const model = terrainCostModel(name);
        const anisotropic = { elevationMetres: elev, pace: model.pace, minPace: model.minPace };
        const moves = buildGridMoves(grid, { neighbours });
        for (const maxCost of [undefined, name === "vehicle-offroad" ? 60 : 600]) {
          const opts = {
            width: W,
            height: H,
            moves,
            cellCost: friction,
            anisotropic,
            sources,
            maxCost,
            allocation: true,
          };
          const a = gridSearch({ ...opts, queue: "buckets" });
          const h = gridSearch({ ...opts, queue: "heap" });
          const g = gridSearch({ ...opts, generic: true });
          expect(
            Array.from(gridSearch({ ...opts, allocation: false, predecessor: false, queue: "buckets" }).cost),
          ).toEqual(Array.from(g.cost));
          expect(Array.from(a.cost)).toEqual(Array.from(g.cost));
          expect(Array.from(h.cost)).toEqual(Array.from(g.cost));
          expect(Array.from(a.predecessor)).toEqual(Array.from(g.predecessor));
          expect(Array.from(h.predecessor)).toEqual(Array.from(g.predecessor));
          expect(Array.from(a.allocation!)).toEqual(Array.from(g.allocation!));
          const reached = Array.from(g.cost).filter((x) => x < Infinity).length;
          expect(reached).toBeGreaterThan(maxCost ? 20 : W * H * 0.5);
          if (maxCost) expect(reached).toBeLessThan(W * H * 0.9);
        }
      });
    }
  }
});

describe("anisotropic bucket queue across many tiles", () => {
  it("Tobler on a 200 × 150 Int16 DEM (12 tiles of 64², inner-cell loop and tile borders): heap's costs bit for bit", () => {
    const W = 200;
    const H = 150;
    const grid = utm(W, H, 30);
    const r = rng(15);
    const elev = new Int16Array(W * H);
    for (let i = 0; i < elev.length; i++)
      elev[i] = Math.round(300 + 20 * Math.sin((i % W) / 11) + 15 * Math.cos(Math.floor(i / W) / 13) + 3 * r());
    const friction = new Float32Array(W * H).fill(1);
    for (let i = 0; i < friction.length; i++) if (r() < 0.03) friction[i] = NaN; // scattered walls
    const src = 70 * W + 90;
    friction[src] = 1;
    const model = terrainCostModel("tobler");
    for (const neighbours of [8, 16] as Neighbourhood[]) {
      const opts = {
        width: W,
        height: H,
        moves: buildGridMoves(grid, { neighbours }),
        cellCost: friction,
        anisotropic: { elevationMetres: elev, pace: model.pace, minPace: model.minPace },
        sources: [{ node: src }],
        allocation: false,
      };
      const a = gridSearch({ ...opts, queue: "buckets" });
      const h = gridSearch({ ...opts, queue: "heap" });
      expect(Array.from(a.cost)).toEqual(Array.from(h.cost));
      expect(Array.from(a.predecessor)).toEqual(Array.from(h.predecessor));
      expect(Array.from(h.cost).filter((x) => x < Infinity).length).toBeGreaterThan(W * H * 0.9);
    }
  });
});

describe("bucket search with extra nodes and edges (a road network joined to the grid)", () => {
  // 230 × 170 cells of 90 m (15 tiles of 64²), rough integer DEM, a wall with a gap, and a random road network:
  // 400 road nodes on cells, chained into roads (both ways), with on/off-ramps, some edges closed, some of cost 0,
  // one into a blocked cell. The bucket search (costs only, or one source's allocation) must give the generic
  // loop's costs bit for bit: both compute the least fixed point of cost(v) = min fl(cost(u) + step(u, v)).
  const W = 230;
  const H = 170;
  const N = W * H;
  const grid = utm(W, H, 90);
  const r = rng(2026);
  const elev = new Int16Array(N);
  for (let i = 0; i < N; i++)
    elev[i] = Math.round(400 + 50 * Math.sin((i % W) / 9) + 35 * Math.cos(Math.floor(i / W) / 12) + 6 * r());
  const blocked = new Uint8Array(N);
  for (let row = 10; row < H; row++) if (row < 80 || row > 84) blocked[row * W + 120] = 1; // a wall, gap at 80..84
  const friction = new Float32Array(N).fill(1);
  for (let i = 0; i < N; i++) if (r() < 0.02) friction[i] = 1.5;
  const E = 400;
  const from: number[] = [];
  const to: number[] = [];
  const cost: number[] = [];
  const at = new Int32Array(E);
  for (let x = 0; x < E; x++) at[x] = Math.floor(r() * N);
  for (let x = 0; x < E; x++) {
    // ramps: on (cell → node) and off (node → cell), 60 s each; a few free ramps
    const ramp = x % 37 === 0 ? 0 : 60;
    from.push(at[x]!, N + x);
    to.push(N + x, at[x]!);
    cost.push(ramp, ramp);
    if (x % 20 !== 19) {
      // road to the next node of the chain at 70 km/h over the straight length
      const dx = ((at[x]! % W) - (at[x + 1]! % W)) * 90;
      const dy = (Math.floor(at[x]! / W) - Math.floor(at[x + 1]! / W)) * 90;
      const s = Math.hypot(dx, dy) / (70 / 3.6);
      from.push(N + x, N + x + 1);
      to.push(N + x + 1, N + x);
      cost.push(s, s);
    }
  }
  from.push(N + 3); // an edge into a blocked cell: no edge
  to.push(100 * W + 120);
  cost.push(1);
  const extra = buildExtraEdges(N, E, from, to, cost);
  const closed = new Uint8Array(from.length);
  for (let e = 0; e < closed.length; e += 11) closed[e] = 1;
  const model = terrainCostModel("vehicle-offroad");
  const src = 90 * W + 40;
  for (const neighbours of [8, 16] as Neighbourhood[])
    it(`${neighbours} neighbours, with and without a cost limit: costs and allocation equal the generic loop's`, () => {
      const moves = buildGridMoves(grid, { neighbours });
      for (const maxCost of [undefined, 600]) {
        const opts = {
          width: W,
          height: H,
          moves,
          cellCost: friction,
          blocked,
          anisotropic: { elevationMetres: elev, pace: model.pace, minPace: model.minPace },
          sources: [{ node: src }],
          extraEdges: extra,
          closedEdges: closed,
          maxCost,
          allocation: true,
        };
        const generic = gridSearch({ ...opts, generic: true });
        const buckets = gridSearch({ ...opts, predecessor: false, queue: "buckets" });
        expect(buckets.predecessor.length).toBe(0); // the bucket search ran (the generic loop fills predecessors)
        expect(Array.from(buckets.cost)).toEqual(Array.from(generic.cost));
        expect(Array.from(buckets.allocation!)).toEqual(Array.from(generic.allocation!));
        expect(buckets.settled).toBe(generic.settled);
        const reached = Array.from(generic.cost).filter((x) => x < Infinity).length;
        expect(reached).toBeGreaterThan(maxCost ? 1000 : N * 0.9);
        if (maxCost) expect(reached).toBeLessThan(N * 0.9);
        // the roads matter: without them some cells cost more
        const noRoads = gridSearch({ ...opts, extraEdges: undefined, predecessor: false });
        expect(Array.from(noRoads.cost.subarray(0, N)).some((c, i) => c > generic.cost[i]!)).toBe(true);
      }
    });
  it("the path to one target (predecessor 'path'): the generic loop's path, cost and settled count", () => {
    const moves = buildGridMoves(grid, { neighbours: 16 });
    const opts = {
      width: W,
      height: H,
      moves,
      cellCost: friction,
      blocked,
      anisotropic: { elevationMetres: elev, pace: model.pace, minPace: model.minPace },
      sources: [{ node: src }],
      extraEdges: extra,
      closedEdges: closed,
    };
    const chain = (pred: Int32Array, t: number) => {
      const out: number[] = [];
      for (let n = t; n !== -1; n = pred[n]!) out.push(n);
      return out;
    };
    let viaRoad = 0;
    // targets across the wall, on road nodes, next to the source, and a blocked cell (never reached)
    for (const t of [150 * W + 200, N + 57, N + 399, 5 * W + 225, src + 1, 100 * W + 120]) {
      const generic = gridSearch({ ...opts, targets: [t], generic: true });
      const path = gridSearch({ ...opts, targets: [t], predecessor: "path" });
      expect(path.predecessor.length).toBe(N + E);
      expect(path.cost[t]).toBe(generic.cost[t]);
      expect(path.settled).toBe(generic.settled);
      expect(chain(path.predecessor, t)).toEqual(chain(generic.predecessor, t));
      // the bucket search ran: predecessors only along the path (the generic loop gives every settled node's)
      expect(path.predecessor.filter((p) => p !== -1).length).toBe(chain(path.predecessor, t).length - 1);
      if (chain(generic.predecessor, t).some((n) => n >= N)) viaRoad++;
      // every other node: the generic loop's cost where it settled the node, unreached (∞) where it did not
      expect(Array.from(path.cost)).toEqual(Array.from(generic.cost));
    }
    expect(viaRoad).toBeGreaterThan(1); // paths that use the roads
    expect(gridSearch({ ...opts, targets: [100 * W + 120], predecessor: "path" }).cost[100 * W + 120]).toBe(Infinity);
  });

  it("falls back to the generic loop where the bucket search cannot answer (predecessors, several sources)", () => {
    const moves = buildGridMoves(grid, { neighbours: 8 });
    const opts = {
      width: W,
      height: H,
      moves,
      cellCost: friction,
      blocked,
      anisotropic: { elevationMetres: elev, pace: model.pace, minPace: model.minPace },
      extraEdges: extra,
      closedEdges: closed,
    };
    const one = gridSearch({ ...opts, sources: [{ node: src }] });
    expect(one.predecessor.length).toBe(N + E);
    const two = gridSearch({ ...opts, sources: [{ node: src }, { node: 20 * W + 200 }], allocation: true });
    expect(two.predecessor.length).toBe(N + E);
    expect(new Set(two.allocation)).toEqual(new Set([0, 1, -1]));
  });
});

describe("bucket queue keeps the heap's tie rule", () => {
  it("a source whose initial cost lies beyond the ring's span still starts its own region", () => {
    // two walled-off halves: the right half is reachable only from the late source (initial cost 1e6)
    const W = 30;
    const H = 10;
    const cost = new Float64Array(W * H).fill(1);
    for (let r = 0; r < H; r++) cost[r * W + 15] = NaN;
    const moves = buildGridMoves(utm(W, H, 1), { neighbours: 8 });
    const sources = [{ node: 0 }, { node: W - 1, initialCost: 1e6 }];
    const a = gridSearch({ width: W, height: H, moves, cellCost: cost, sources, allocation: true, queue: "buckets" });
    const b = gridSearch({ width: W, height: H, moves, cellCost: cost, sources, allocation: true, generic: true });
    expect(Array.from(a.cost)).toEqual(Array.from(b.cost));
    expect(a.cost[W - 2]).toBe(1e6 + 1);
    expect(a.allocation![W - 2]).toBe(1);
    // a late source (initial cost 20, past the 16-bucket ring) reached earlier by a cheaper path
    const line = new Float64Array(30).fill(1);
    const lm = buildGridMoves(utm(30, 1, 1), { neighbours: 8 });
    const late = gridSearch({
      width: 30,
      height: 1,
      moves: lm,
      cellCost: line,
      sources: [{ node: 0 }, { node: 10, initialCost: 20 }],
      allocation: true,
      queue: "buckets",
    });
    expect(late.cost[10]).toBe(10);
    expect(late.allocation![10]).toBe(0);
  });

  it("on a surface full of ties (costs 1 and 2 only), predecessors and allocation equal the heap's", () => {
    const W = 50;
    const H = 40;
    const grid = utm(W, H, 1);
    const r = rng(99);
    const cost = new Float64Array(W * H);
    for (let i = 0; i < cost.length; i++) cost[i] = r() < 0.5 ? 1 : 2;
    for (const neighbours of [8, 16] as Neighbourhood[]) {
      const moves = buildGridMoves(grid, { neighbours, rule: neighbours === 8 ? "mcp" : "grass" });
      const sources = [{ node: 5 }, { node: W * H - 7 }, { node: 20 * W + 25 }];
      const a = gridSearch({ width: W, height: H, moves, cellCost: cost, sources, allocation: true, queue: "buckets" });
      const b = gridSearch({ width: W, height: H, moves, cellCost: cost, sources, allocation: true, generic: true });
      expect(Array.from(a.cost)).toEqual(Array.from(b.cost));
      expect(Array.from(a.predecessor)).toEqual(Array.from(b.predecessor));
      expect(Array.from(a.allocation!)).toEqual(Array.from(b.allocation!));
    }
  });
});

describe("bucket queue: wide cost ranges, Float32 costs, cells to clean", () => {
  it("costs spanning 1e-3..1e3 (wider buckets that correct labels within a bucket) give the heap's costs, predecessors and allocation", () => {
    const W = 70;
    const H = 55;
    const r = rng(2024);
    const cost = new Float64Array(W * H);
    // log-uniform over six decades, some walls: the steps span ~1e6 smallest steps, more than the ring holds
    for (let i = 0; i < cost.length; i++) cost[i] = r() < 0.05 ? NaN : 10 ** (6 * r() - 3);
    const sources = [{ node: 3 * W + 4 }, { node: 40 * W + 60, initialCost: 2.5 }, { node: 50 * W + 10 }];
    for (const s of sources) cost[s.node] = 1;
    for (const neighbours of [8, 16, 48] as Neighbourhood[]) {
      const moves = buildGridMoves(utm(W, H, 30), { neighbours });
      for (const maxCost of [undefined, 3000]) {
        const opts = { width: W, height: H, moves, cellCost: cost, sources, maxCost, allocation: true };
        const a = gridSearch({ ...opts, queue: "buckets" });
        const g = gridSearch({ ...opts, generic: true });
        // costs alone (no predecessor pass, which could fall back to the heap)
        const c = gridSearch({ ...opts, allocation: false, predecessor: false, queue: "buckets" });
        expect(Array.from(c.cost)).toEqual(Array.from(g.cost));
        expect(
          Buffer.from(a.cost.buffer, a.cost.byteOffset, a.cost.byteLength).equals(
            Buffer.from(g.cost.buffer, g.cost.byteOffset, g.cost.byteLength),
          ),
        ).toBe(true);
        expect(Array.from(a.predecessor)).toEqual(Array.from(g.predecessor));
        expect(Array.from(a.allocation!)).toEqual(Array.from(g.allocation!));
        expect(a.settled).toBe(g.settled);
        expect(a.settled).toBeGreaterThan(maxCost ? 10 : W * H * 0.8);
      }
    }
  });

  it("cheap roads in costly terrain, barriers of cost 1e6, and absurd costs (1e300) give the heap's results", () => {
    const W = 150;
    const H = 130;
    const grid = utm(W, H, 30);
    const r = rng(77);
    const roads = new Float64Array(W * H);
    const barrier = new Float64Array(W * H);
    const absurd = new Float64Array(W * H);
    for (let i = 0; i < roads.length; i++) {
      const row = Math.floor(i / W);
      const col = i % W;
      roads[i] = row % 20 === 0 || col % 25 === 0 ? 0.05 : 8 + 4 * r(); // road grid: 160× cheaper than the terrain
      barrier[i] = col === 70 && row % 60 !== 30 ? 1e6 : 1 + 2 * r(); // a wall of cost 1e6 with two gaps
      absurd[i] = r() < 0.01 ? 1e300 : 1 + r();
    }
    for (const cost of [roads, barrier, absurd]) {
      cost[5 * W + 5] = 1;
      cost[100 * W + 140] = 1;
      const sources = [{ node: 5 * W + 5 }, { node: 100 * W + 140, initialCost: 30 }];
      for (const neighbours of [8, 16] as Neighbourhood[]) {
        const moves = buildGridMoves(grid, { neighbours });
        const opts = { width: W, height: H, moves, cellCost: cost, sources, allocation: true };
        const g = gridSearch({ ...opts, generic: true });
        const c = gridSearch({ ...opts, allocation: false, predecessor: false, queue: "buckets" });
        expect(Array.from(c.cost)).toEqual(Array.from(g.cost));
        const a = gridSearch({ ...opts, queue: "buckets" });
        expect(Array.from(a.predecessor)).toEqual(Array.from(g.predecessor));
        expect(Array.from(a.allocation!)).toEqual(Array.from(g.allocation!));
      }
    }
    // the barrier is crossed only at its gaps: east of it costs more than the straight line
    const b = gridSearch({
      width: W,
      height: H,
      moves: buildGridMoves(grid, { neighbours: 8 }),
      cellCost: barrier,
      sources: [{ node: 5 * W + 5 }],
      predecessor: false,
    });
    expect(b.cost[5 * W + 75]).toBeLessThan(1e6);
  });

  it("a Float32 cost array gives the same doubles as its Float64 widening, without copying into Float64", () => {
    const W = 33;
    const H = 29;
    const c64 = randomCosts(W * H, 11, 0.05);
    c64[0] = 1;
    const c32 = Float32Array.from(c64);
    const w64 = Float64Array.from(c32); // the exact doubles of the Float32 values
    const moves = buildGridMoves(utm(W, H, 90), { neighbours: 16, rule: "grass" });
    const a = gridSearch({ width: W, height: H, moves, cellCost: c32, sources: [{ node: 0 }] });
    const b = gridSearch({ width: W, height: H, moves, cellCost: w64, sources: [{ node: 0 }], generic: true });
    expect(Array.from(a.cost)).toEqual(Array.from(b.cost));
    expect(Array.from(a.predecessor)).toEqual(Array.from(b.predecessor));
  });

  it("negative costs and the blocked mask are walls, for moves into them and for Knight moves across them", () => {
    const W = 40;
    const H = 30;
    const cost = randomCosts(W * H, 12, 0);
    const blocked = new Uint8Array(W * H);
    const r = rng(5);
    for (let i = 0; i < cost.length; i++) {
      const x = r();
      if (x < 0.04) cost[i] = -5;
      else if (x < 0.08) blocked[i] = 1;
    }
    cost[W + 1] = 1;
    blocked[W + 1] = 0;
    const walls = Float64Array.from(cost, (c, i) => (c < 0 || blocked[i] ? NaN : c));
    for (const neighbours of [8, 16] as Neighbourhood[]) {
      const moves = buildGridMoves(utm(W, H, 30), { neighbours });
      const a = gridSearch({
        width: W,
        height: H,
        moves,
        cellCost: cost,
        blocked,
        sources: [{ node: W + 1 }],
        queue: "buckets",
      });
      const g = gridSearch({ width: W, height: H, moves, cellCost: walls, sources: [{ node: W + 1 }], generic: true });
      expect(Array.from(a.cost)).toEqual(Array.from(g.cost));
      for (let i = 0; i < cost.length; i++) if (cost[i]! < 0 || blocked[i]) expect(a.cost[i]).toBe(Infinity);
    }
    // the caller's array is not modified
    expect(cost.filter((c) => c === -5).length).toBeGreaterThan(10);
  });
});

describe("gridSearch: invariants", () => {
  const W = 40;
  const H = 30;
  const grid = utm(W, H);
  const cost = randomCosts(W * H, 7, 0.05);
  cost[0] = 1;
  const moves = buildGridMoves(grid, { neighbours: 8 });
  const full = gridSearch({ width: W, height: H, moves, cellCost: cost, sources: [{ node: 0 }] });

  it("cost(v) = cost(pred(v)) + step, exactly, for every reached cell", () => {
    for (let v = 1; v < W * H; v++) {
      const u = full.predecessor[v]!;
      if (u < 0) continue;
      const dr = Math.floor(v / W) - Math.floor(u / W);
      const dc = (v % W) - (u % W);
      const k = [...moves.dr].findIndex((x, j) => x === dr && moves.dc[j] === dc);
      const step = (cost[v]! + cost[u]!) * moves.factor[Math.floor(u / W) * moves.count + k]!;
      expect(full.cost[u]! + step).toBe(full.cost[v]);
    }
  });

  it("is deterministic: two runs give identical arrays", () => {
    const again = gridSearch({ width: W, height: H, moves, cellCost: cost, sources: [{ node: 0 }] });
    expect(Array.from(again.cost)).toEqual(Array.from(full.cost));
    expect(Array.from(again.predecessor)).toEqual(Array.from(full.predecessor));
  });

  it("tie rule on a constant surface: among equal-cost predecessors the first settled (lowest id) wins", () => {
    const g = utm(3, 1);
    const r = gridSearch({
      width: 3,
      height: 1,
      moves: buildGridMoves(g),
      cellCost: new Float64Array(3).fill(1),
      sources: [{ node: 0 }, { node: 2 }],
      allocation: true,
    });
    // the middle cell is 90 from both sources; the source settled first is node 0 (same cost 0, lower id)
    expect(r.cost[1]).toBe(90);
    expect(r.predecessor[1]).toBe(0);
    expect(r.allocation![1]).toBe(0);
    // swapping the order of the sources does not change the winner (node id decides, not input order)
    const r2 = gridSearch({
      width: 3,
      height: 1,
      moves: buildGridMoves(g),
      cellCost: new Float64Array(3).fill(1),
      sources: [{ node: 2 }, { node: 0 }],
      allocation: true,
    });
    expect(r2.predecessor[1]).toBe(0);
    expect(r2.allocation![1]).toBe(1);
  });

  it("targets stop early with the same cost at the target; A* with a consistent heuristic too", () => {
    const target = W * H - 1;
    const early = gridSearch({ width: W, height: H, moves, cellCost: cost, sources: [{ node: 0 }], targets: [target] });
    expect(early.reachedTargets).toBe(true);
    expect(early.cost[target]).toBe(full.cost[target]);
    expect(early.settled).toBeLessThanOrEqual(full.settled);
    let minCost = Infinity;
    for (const c of cost) if (c < minCost) minCost = c;
    const tr = Math.floor(target / W);
    const tc = target % W;
    // straight-line metres × cheapest cost per metre is a consistent lower bound
    const h = (n: number) => Math.hypot((Math.floor(n / W) - tr) * 90, ((n % W) - tc) * 90) * minCost;
    const astar = gridSearch({
      width: W,
      height: H,
      moves,
      cellCost: cost,
      sources: [{ node: 0 }],
      targets: [target],
      heuristic: h,
    });
    expect(astar.cost[target]).toBeCloseTo(full.cost[target]!, 9);
    expect(astar.settled).toBeLessThan(early.settled);
  });

  it("extra nodes and edges: a fast road joins the grid, and closing its edge restores the grid cost", () => {
    // road node R = N; on-ramp from cell 0 (cost 10), road edge R -> far cell (cost 5)
    const N = W * H;
    const far = N - 1;
    const extra = buildExtraEdges(N, 1, [0, N], [N, far], [10, 5]);
    const r = gridSearch({ width: W, height: H, moves, cellCost: cost, sources: [{ node: 0 }], extraEdges: extra });
    expect(r.cost[N]).toBe(10);
    expect(r.cost[far]).toBe(15);
    expect(r.predecessor[far]).toBe(N);
    const closed = Uint8Array.from([0, 1]);
    const r2 = gridSearch({
      width: W,
      height: H,
      moves,
      cellCost: cost,
      sources: [{ node: 0 }],
      extraEdges: extra,
      closedEdges: closed,
    });
    expect(r2.cost[far]).toBe(full.cost[far]);
    expect(r2.cost[N]).toBe(10);
    // a source on an extra node with an initial cost
    const r3 = gridSearch({
      width: W,
      height: H,
      moves,
      cellCost: cost,
      sources: [{ node: N, initialCost: 100 }],
      extraEdges: extra,
    });
    expect(r3.cost[far]).toBe(105);
    expect(r3.cost[0]).toBeGreaterThan(105); // reached back over the grid only
  });

  it("anisotropic: uphill and downhill differ, impassable pace blocks the move", () => {
    const g = utm(2, 1, 100);
    const elev = Float64Array.from([0, 10]);
    const pace = (s: number) => (s > 0 ? 2 : 1) * (1 + Math.abs(s));
    const up = gridSearch({
      width: 2,
      height: 1,
      moves: buildGridMoves(g),
      cellCost: new Float64Array(2).fill(1),
      anisotropic: { elevationMetres: elev, pace },
      sources: [{ node: 0 }],
    });
    const down = gridSearch({
      width: 2,
      height: 1,
      moves: buildGridMoves(g),
      cellCost: new Float64Array(2).fill(1),
      anisotropic: { elevationMetres: elev, pace },
      sources: [{ node: 1 }],
    });
    expect(up.cost[1]).toBeCloseTo(2 * 1.1 * 100, 9); // slope +0.1 over 100 m
    expect(down.cost[0]).toBeCloseTo(1.1 * 100, 9);
    const wall = gridSearch({
      width: 2,
      height: 1,
      moves: buildGridMoves(g),
      cellCost: new Float64Array(2).fill(1),
      anisotropic: { elevationMetres: elev, pace: (s) => (s > 0.05 ? Infinity : 1) },
      sources: [{ node: 0 }],
    });
    expect(wall.cost[1]).toBe(Infinity);
  });
});
