/**
 * SearchWorkspace (grid-search.ts): a sequence of searches sharing one workspace gives, search by
 * search, the same costs, predecessors, settled counts and target flags as the same searches each
 * with fresh buffers — including after a search that throws, after switching cost arrays, with
 * closed edges, a cost limit, A* heuristics and several targets. The fresh-buffer search is the
 * reference (its own tests compare it with hand-computed values, GRASS and scikit-image).
 */
import { describe, expect, it } from "vitest";
import { buildGridMoves } from "../../src/search/grid-moves.ts";
import { buildExtraEdges, type GridSearchOptions, gridSearch, SearchWorkspace } from "../../src/search/grid-search.ts";
import { mulberry32 } from "../../src/util/random.ts";

const W = 37;
const H = 23;
const N = W * H;
const grid = {
  width: W,
  height: H,
  originX: 500000,
  originY: 3900000,
  pixelSizeX: 90,
  pixelSizeY: 90,
  crs: { epsg: 32637, geographic: false },
};

function costs(seed: number): Float64Array {
  const r = mulberry32(seed);
  const c = new Float64Array(N);
  for (let i = 0; i < N; i++) c[i] = r() < 0.12 ? Number.NaN : 0.5 + 4 * r();
  return c;
}

describe("SearchWorkspace", () => {
  const moves = buildGridMoves(grid, { neighbours: 16 });
  const cellCostA = costs(1);
  const cellCostB = costs(2);
  const elevation = Float64Array.from({ length: N }, (_, i) => 100 + 40 * Math.sin(i / 17) + (i % W));
  const pace = (s: number) => (Math.abs(s) > 0.6 ? Infinity : 1 + Math.abs(s + 0.05));
  // eight extra nodes joined to cells by cheap "road" edges
  const E = 8;
  const from: number[] = [];
  const to: number[] = [];
  const cost: number[] = [];
  const r = mulberry32(7);
  for (let x = 0; x < E; x++) {
    const cell = Math.floor(r() * N);
    from.push(cell, N + x);
    to.push(N + x, cell);
    cost.push(30, 30);
    if (x > 0) from.push(N + x - 1, N + x), to.push(N + x, N + x - 1), cost.push(200, 200);
  }
  const extra = buildExtraEdges(N, E, from, to, cost);
  const closed = new Uint8Array(from.length);
  closed[3] = 1;
  // a blocked mask over cells of finite cost, and an elevation grid with holes (NaN): both make cells impassable,
  // also for the 16-neighbour moves that cross them (the step table of a workspace must leave those out too)
  const mask = Uint8Array.from({ length: N }, (_, i) => (i % 11 === 3 ? 1 : 0));
  const elevationHoles = Float64Array.from(elevation, (z, i) => (i % 13 === 5 ? Number.NaN : z));
  const free = (c: Float64Array, variant = 0) =>
    Array.from({ length: N }, (_, i) => i).filter(
      (i) =>
        !Number.isNaN(c[i]!) &&
        !(variant === 1 && mask[i] === 1) &&
        !(variant === 2 && Number.isNaN(elevationHoles[i]!)),
    );

  it("gives, search after search, exactly what fresh buffers give", () => {
    const ws = new SearchWorkspace();
    const pick = mulberry32(11);
    let compared = 0;
    let stoppedEarly = 0;
    for (let q = 0; q < 60; q++) {
      const cellCost = q % 20 < 12 ? cellCostA : cellCostB; // switching arrays rebuilds the classification
      // runs of five searches per variant (plain, blocked mask, elevation holes, plain): a workspace builds its
      // step table on a setting's second search, so most searches of a run use it
      const variant = Math.floor(q / 5) % 4;
      const cells = free(cellCost, variant);
      const at = () => cells[Math.floor(pick() * cells.length)]!;
      const source = at();
      const targets = q % 5 === 4 ? [at(), at(), at()] : [at()];
      const t0 = targets[0]!;
      const tr = Math.floor(t0 / W);
      const tc = t0 % W;
      const options: GridSearchOptions = {
        width: W,
        height: H,
        moves,
        cellCost,
        anisotropic: { elevationMetres: variant === 2 ? elevationHoles : elevation, pace },
        ...(variant === 1 ? { blocked: mask } : {}),
        sources: [{ node: source }],
        extraEdges: extra,
        ...(q % 3 === 0 ? { closedEdges: closed } : {}),
        targets,
        // straight-line metres × the cheapest pace and cell cost: a consistent lower bound (one target)
        ...(targets.length === 1 && q % 2 === 0
          ? {
              heuristic: (n: number) =>
                n < N ? Math.hypot((Math.floor(n / W) - tr) * 90, ((n % W) - tc) * 90) * 0.5 * 0.95 : 0,
            }
          : {}),
        ...(q % 7 === 6 ? { maxCost: 2000 } : {}),
      };
      const fresh = gridSearch(options);
      const reused = gridSearch({ ...options, workspace: ws });
      expect(Array.from(reused.cost)).toEqual(Array.from(fresh.cost));
      expect(Array.from(reused.predecessor)).toEqual(Array.from(fresh.predecessor));
      expect(reused.settled).toBe(fresh.settled);
      expect(reused.reachedTargets).toBe(fresh.reachedTargets);
      if (fresh.reachedTargets) stoppedEarly++;
      compared++;
      if (q === 25) {
        // a search that throws part-way (the second source is blocked) leaves the workspace usable
        const blockedCell = cellCost.findIndex((c) => Number.isNaN(c));
        expect(() =>
          gridSearch({ ...options, sources: [{ node: source }, { node: blockedCell }], workspace: ws }),
        ).toThrow(/impassable/);
      }
    }
    expect(compared).toBe(60);
    // the comparisons covered searches that stopped early at their targets (the sparse reset's case)
    expect(stoppedEarly).toBeGreaterThan(30);
  });

  it("the result's arrays are the workspace's, reused by its next search", () => {
    const ws = new SearchWorkspace();
    const base = { width: W, height: H, moves, cellCost: cellCostA, workspace: ws };
    const cells = free(cellCostA);
    const a = gridSearch({ ...base, sources: [{ node: cells[0]! }], targets: [cells[1]!] });
    const costAtSource = a.cost[cells[0]!];
    expect(costAtSource).toBe(0);
    const b = gridSearch({ ...base, sources: [{ node: cells[5]! }], targets: [cells[6]!] });
    expect(b.cost).toBe(a.cost);
    expect(a.cost[cells[0]!]).not.toBe(0); // overwritten: the first result is no longer valid
  });
});
