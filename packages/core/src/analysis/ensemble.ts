/**
 * Seeded ensembles over the route graph: the same route or isochrone computed many times
 * under perturbed inputs, to show how much the answer depends on what is uncertain.
 *
 * Each run r draws, from its own PRNG (mulberry32 seeded by `runSeed(seed, r)`, so a run's
 * draws do not depend on which thread computes it or in which order):
 *
 * - a DEM error field: white Gaussian noise per cell, filtered by a Gaussian kernel of
 *   standard deviation s = L / √2 along each axis (L = correlation length, metres, converted
 *   to cells with the grid's cell sizes at its middle row; kernel cut at 3 s, edges
 *   reflected), then scaled to a standard deviation of `demErrorMetres`. Filtering white noise
 *   with a Gaussian of σ = s gives a field whose autocorrelation is Gaussian with σ = s√2 = L:
 *   ρ(d) = exp(−d² / (2 L²)), so two cells L apart correlate at e^(−1/2) ≈ 0.61 and 2 L apart
 *   at 0.14. The field is added to the elevations (nodata stays nodata); slopes, hence the
 *   anisotropic off-road pace, change with it. The correlation length is an assumption of
 *   the model (DEM vertical errors are spatially correlated over kilometres, not per cell),
 *   not a measured property of GMTED2010; the default 5 km is about two 1.5′ cells;
 * - speed errors: two factors, roads and off-road, each 1 + ε with ε ~ N(0, speedError)
 *   clipped to [−0.8, +2]; road speeds are multiplied by the road factor, the off-road pace
 *   divided by the off-road one;
 * - closures: each crossing open in the base selection is closed with probability
 *   `closureProbability`, independently.
 *
 * A run whose target cannot be reached under its draws counts as unreachable; percentiles
 * are over the reachable runs (nearest-rank: the value at rank ⌈p·n⌉).
 */
import { SyraqError } from "../errors.ts";
import { rowCellSizes } from "../raster/cellsize.ts";
import { cellAt } from "../raster/raster.ts";
import { closedEdgesFor, modelCosts, nodePosition, type ModelCosts, type RouteGraph } from "../routing/routegraph.ts";
import type { CrossingSelection } from "../routing/crossings.ts";
import type { RouteModel } from "../routing/route-models.ts";
import { mulberry32 } from "../util/random.ts";
import { findRoute, type RoutePoint } from "./route.ts";
import { isochrones } from "./isochrone.ts";

/**
 * Options of an ensemble: runs, seed, DEM error (metres), speed error (relative) and closure probability.
 */
export interface EnsembleOptions {
  runs: number;
  seed: number;
  /** Standard deviation of the DEM error field, metres (0 = no DEM error). */
  demErrorMetres: number;
  /** Correlation length L of the DEM error field, metres: ρ(d) = exp(−d²/(2L²)). */
  correlationLengthMetres: number;
  /** Relative standard deviation of the road and off-road speed factors (0.2 = 20 %). */
  speedError: number;
  /** Probability that each open crossing is closed in a run. */
  closureProbability: number;
}

/**
 * Default perturbations: DEM error σ 15 m with 5 km correlation length, speed error 20 %, no random closures.
 */
export const DEFAULT_ENSEMBLE: Omit<EnsembleOptions, "runs" | "seed"> = {
  demErrorMetres: 15,
  correlationLengthMetres: 5000,
  speedError: 0.2,
  closureProbability: 0,
};

/**
 * Checks the options (BAD_OPTION naming the value).
 *
 * @example
 * ```ts
 * import { checkEnsembleOptions, DEFAULT_ENSEMBLE } from "@syraq/core";
 * checkEnsembleOptions({ ...DEFAULT_ENSEMBLE, runs: 50, seed: 1, speedError: -1 }); // throws BAD_OPTION
 * ```
 */
export function checkEnsembleOptions(o: EnsembleOptions): void {
  const bad = (what: string, v: number, rule: string) => {
    throw new SyraqError("BAD_OPTION", `${what} ${v} ${rule}`, { [what]: v });
  };
  if (!(Number.isInteger(o.runs) && o.runs >= 1 && o.runs <= 10_000))
    bad("runs", o.runs, "must be an integer from 1 to 10000");
  if (!(Number.isInteger(o.seed) && Math.abs(o.seed) < 2 ** 31)) bad("seed", o.seed, "must be an integer");
  if (!(o.demErrorMetres >= 0 && o.demErrorMetres <= 1000)) bad("demErrorMetres", o.demErrorMetres, "must be 0–1000 m");
  if (!(o.correlationLengthMetres > 0 && o.correlationLengthMetres <= 500_000))
    bad("correlationLengthMetres", o.correlationLengthMetres, "must be above 0 and at most 500 km");
  if (!(o.speedError >= 0 && o.speedError <= 2)) bad("speedError", o.speedError, "must be 0–2 (relative)");
  if (!(o.closureProbability >= 0 && o.closureProbability <= 1))
    bad("closureProbability", o.closureProbability, "must be a probability from 0 to 1");
}

/**
 * The PRNG seed of run r of an ensemble seeded with `seed` (distinct, well mixed per run).
 *
 * @example
 * ```ts
 * import { mulberry32, runSeed } from "@syraq/core";
 * const rng = mulberry32(runSeed(42, 3)); // run 3 of the ensemble seeded with 42
 * ```
 */
export function runSeed(seed: number, run: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(run + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Standard normal draws by Box–Muller from a uniform PRNG. */
function gaussian(rng: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = rng();
    while (u <= 1e-300) u = rng();
    const v = rng();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

function kernel(sigmaCells: number): Float64Array {
  const half = Math.max(1, Math.ceil(3 * sigmaCells));
  const k = new Float64Array(2 * half + 1);
  let sum = 0;
  for (let i = -half; i <= half; i++) {
    const w = sigmaCells > 0 ? Math.exp(-(i * i) / (2 * sigmaCells * sigmaCells)) : i === 0 ? 1 : 0;
    k[i + half] = w;
    sum += w;
  }
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  return k;
}

const reflect = (i: number, n: number): number => {
  if (n === 1) return 0;
  let j = i;
  while (j < 0 || j >= n) j = j < 0 ? -j - 1 : 2 * n - j - 1;
  return j;
};

/**
 * A spatially correlated error field (module comment): zero mean, standard deviation
 * `sigmaMetres` in expectation, autocorrelation exp(−d²/(2L²)).
 *
 * @example
 * ```ts
 * import { demErrorField, mulberry32 } from "@syraq/core";
 * const field = demErrorField({ width: 100, height: 100, ewMetres: 2300, nsMetres: 2770 }, mulberry32(1), 15, 5000);
 * // metres to add to each cell's elevation: σ 15 m, correlation length 5 km
 * ```
 */
export function demErrorField(
  grid: { width: number; height: number; ewMetres: number; nsMetres: number },
  rng: () => number,
  sigmaMetres: number,
  correlationLengthMetres: number,
): Float64Array {
  const { width: W, height: H } = grid;
  const out = new Float64Array(W * H);
  if (sigmaMetres === 0) return out;
  const normal = gaussian(rng);
  const noise = new Float64Array(W * H);
  for (let i = 0; i < noise.length; i++) noise[i] = normal();
  const s = correlationLengthMetres / Math.SQRT2;
  const kx = kernel(s / grid.ewMetres);
  const ky = kernel(s / grid.nsMetres);
  const hx = (kx.length - 1) / 2;
  const hy = (ky.length - 1) / 2;
  const tmp = new Float64Array(W * H);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      let acc = 0;
      for (let i = -hx; i <= hx; i++) acc += kx[i + hx]! * noise[r * W + reflect(c + i, W)]!;
      tmp[r * W + c] = acc;
    }
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      let acc = 0;
      for (let i = -hy; i <= hy; i++) acc += ky[i + hy]! * tmp[reflect(r + i, H) * W + c]!;
      out[r * W + c] = acc;
    }
  // filtered unit white noise has variance Σkx² · Σky²: scale to sigmaMetres
  let sx = 0;
  let sy = 0;
  for (const w of kx) sx += w * w;
  for (const w of ky) sy += w * w;
  const scale = sigmaMetres / Math.sqrt(sx * sy);
  for (let i = 0; i < out.length; i++) out[i]! *= scale;
  return out;
}

/** The draws of one run, applied to the graph and model. */
export interface EnsembleDraw {
  run: number;
  roadFactor: number;
  offRoadFactor: number;
  closed: string[];
  graph: RouteGraph;
  model: RouteModel;
  costs: ModelCosts;
  crossings: CrossingSelection;
}

/**
 * Draws run r's perturbations and builds the perturbed graph view (the base graph is not changed).
 *
 * @example
 * ```ts
 * import { DEFAULT_ENSEMBLE, ensembleDraw, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const draw = ensembleDraw(graph, routeModel("vehicle"), {}, { ...DEFAULT_ENSEMBLE, runs: 20, seed: 7 }, 0);
 * draw.roadFactor; // this run's road speed factor
 * ```
 */
export function ensembleDraw(
  g: RouteGraph,
  model: RouteModel,
  base: CrossingSelection,
  o: EnsembleOptions,
  run: number,
): EnsembleDraw {
  const rng = mulberry32(runSeed(o.seed, run));
  const normal = gaussian(rng);
  const factor = () => 1 + Math.min(2, Math.max(-0.8, o.speedError * normal()));
  const roadFactor = o.speedError > 0 ? factor() : 1;
  const offRoadFactor = o.speedError > 0 ? factor() : 1;
  const { decisions } = closedEdgesFor(g, base);
  const closed: string[] = [];
  for (const d of decisions)
    if (d.open && o.closureProbability > 0 && rng() < o.closureProbability) closed.push(d.crossing.name);
  const mid = Math.floor(g.height / 2);
  const sizes = rowCellSizes(g.grid);
  const field = demErrorField(
    { width: g.width, height: g.height, ewMetres: sizes.ewMetres[mid]!, nsMetres: sizes.nsMetres[mid]! },
    rng,
    o.demErrorMetres,
    o.correlationLengthMetres,
  );
  const elevation = new Float64Array(g.elevation.length);
  for (let i = 0; i < elevation.length; i++) elevation[i] = g.elevation[i]! + field[i]!;
  const speeds = Object.fromEntries(
    Object.entries(model.roadSpeedsKmh).map(([k, v]) => [k, v * roadFactor]),
  ) as RouteModel["roadSpeedsKmh"];
  const pace = model.pace;
  const perturbedModel: RouteModel = {
    ...model,
    name: `${model.name}~${run}`,
    pace: (s: number) => pace(s) / offRoadFactor,
    roadSpeedsKmh: speeds,
  };
  const graph: RouteGraph = { ...g, elevation, cache: new Map() };
  const costs = modelCosts(graph, perturbedModel);
  return {
    run,
    roadFactor,
    offRoadFactor,
    closed,
    graph,
    model: perturbedModel,
    costs,
    crossings: { ...base, closed: [...(base.closed ?? []), ...closed] },
  };
}

/**
 * One run of a route ensemble: seconds, metres, crossings used and the path's cells.
 */
export interface EnsembleRouteRun {
  run: number;
  reachable: boolean;
  durationSeconds: number | null;
  lengthMetres: number | null;
  crossings: string[];
  closedByDraw: string[];
  roadFactor: number;
  offRoadFactor: number;
  /** Grid cells the path passes (each once; a road node counts in the cell holding it). */
  cells: number[];
  coordinates: Array<[number, number]>;
}

/**
 * Runs `runIndices` of a route ensemble (any subset: runs are independent and seeded per run).
 *
 * @example
 * ```ts
 * import { DEFAULT_ENSEMBLE, ensembleRouteRuns, routeModel, summarizeEnsembleRoutes } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const runs = ensembleRouteRuns({
 *   graph,
 *   model: routeModel("vehicle"),
 *   points: [
 *     { name: "Raqqa", lonLat: [39.0079, 35.9528] },
 *     { name: "Palmyra", lonLat: [38.284, 34.5624] },
 *   ],
 *   options: { ...DEFAULT_ENSEMBLE, runs: 20, seed: 7 },
 *   runIndices: [...Array(20).keys()],
 * });
 * summarizeEnsembleRoutes(runs, graph.cellCount).durationSeconds; // { p5, p50, p95 } seconds
 * ```
 */
export function ensembleRouteRuns(q: {
  graph: RouteGraph;
  model: RouteModel;
  points: RoutePoint[];
  crossings?: CrossingSelection;
  options: EnsembleOptions;
  runIndices: number[];
}): EnsembleRouteRun[] {
  checkEnsembleOptions(q.options);
  const out: EnsembleRouteRun[] = [];
  for (const run of q.runIndices) {
    const d = ensembleDraw(q.graph, q.model, q.crossings ?? {}, q.options, run);
    const base = { run, closedByDraw: d.closed, roadFactor: d.roadFactor, offRoadFactor: d.offRoadFactor };
    try {
      const r = findRoute({ graph: d.graph, model: d.model, points: q.points, crossings: d.crossings, costs: d.costs });
      const cells = new Set<number>();
      for (const leg of r.legs)
        for (const n of leg.nodes) {
          if (n < d.graph.cellCount) cells.add(n);
          else {
            const p = nodePosition(d.graph, n);
            const c = cellAt(d.graph.grid, p[0], p[1]);
            if (c) cells.add(c.row * d.graph.width + c.col);
          }
        }
      out.push({
        ...base,
        reachable: true,
        durationSeconds: r.durationSeconds,
        lengthMetres: r.lengthMetres,
        crossings: r.crossings,
        cells: [...cells].sort((a, b) => a - b),
        coordinates: r.coordinates.map((p) => [p[0], p[1]]),
      });
    } catch (e) {
      if (!(e instanceof SyraqError) || e.code !== "UNREACHABLE") throw e;
      out.push({
        ...base,
        reachable: false,
        durationSeconds: null,
        lengthMetres: null,
        crossings: [],
        cells: [],
        coordinates: [],
      });
    }
  }
  return out;
}

/**
 * Nearest-rank percentile (p in 0–100) of sorted values; null when empty.
 *
 * @example
 * ```ts
 * import { percentile } from "@syraq/core";
 * percentile([1, 2, 3, 4, 5], 50); // 3
 * ```
 */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * Summary of a route ensemble ({@link summarizeEnsembleRoutes}): percentiles in seconds and metres, shares 0-1.
 */
export interface EnsembleRouteSummary {
  runs: number;
  reachableRuns: number;
  durationSeconds: { p5: number | null; p50: number | null; p95: number | null };
  lengthMetres: { p5: number | null; p50: number | null; p95: number | null };
  /** Share of runs (of all runs) whose route uses each crossing. */
  crossingShare: Record<string, number>;
  /** Share of runs whose path passes each grid cell. */
  density: Float32Array;
}

/**
 * Percentiles (5, 50, 95) of the runs' durations (seconds) and lengths (metres), the share of runs using each crossing
 * and the share passing each grid cell.
 *
 * @example
 * ```ts
 * import { percentile, summarizeEnsembleRoutes } from "@syraq/core";
 * const s = summarizeEnsembleRoutes([], 100); // no runs: percentiles null
 * ```
 */
export function summarizeEnsembleRoutes(runs: EnsembleRouteRun[], cellCount: number): EnsembleRouteSummary {
  const ok = runs.filter((r) => r.reachable);
  const d = ok.map((r) => r.durationSeconds!).sort((a, b) => a - b);
  const l = ok.map((r) => r.lengthMetres!).sort((a, b) => a - b);
  const density = new Float32Array(cellCount);
  const crossingCount = new Map<string, number>();
  for (const r of ok) {
    for (const c of r.cells) density[c]! += 1;
    for (const x of new Set(r.crossings)) crossingCount.set(x, (crossingCount.get(x) ?? 0) + 1);
  }
  for (let i = 0; i < density.length; i++) density[i]! /= runs.length;
  return {
    runs: runs.length,
    reachableRuns: ok.length,
    durationSeconds: { p5: percentile(d, 5), p50: percentile(d, 50), p95: percentile(d, 95) },
    lengthMetres: { p5: percentile(l, 5), p50: percentile(l, 50), p95: percentile(l, 95) },
    crossingShare: Object.fromEntries(
      [...crossingCount].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / runs.length]),
    ),
    density,
  };
}

/** Per band (seconds): how many of the given runs reach each grid cell within it, and each run's reached area. */
export interface EnsembleIsochroneCounts {
  durationsSeconds: number[];
  /** counts[b][cell] = runs reaching the cell within band b. */
  counts: Uint16Array[];
  /** areas[b][k] = area (m²) reached within band b in the k-th run given. */
  areasSquareMetres: number[][];
  runs: number[];
}

/**
 * Runs `runIndices` of an isochrone ensemble: per band, how many runs reach each cell within it, and each run's band
 * areas in square metres.
 *
 * @example
 * ```ts
 * import { DEFAULT_ENSEMBLE, ensembleIsochroneRuns, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const counts = ensembleIsochroneRuns({
 *   graph,
 *   model: routeModel("foot"),
 *   sources: [{ name: "Palmyra", lonLat: [38.284, 34.5624] }],
 *   durationsSeconds: [3600, 7200],
 *   options: { ...DEFAULT_ENSEMBLE, runs: 10, seed: 1 },
 *   runIndices: [...Array(10).keys()],
 * });
 * ```
 */
export function ensembleIsochroneRuns(q: {
  graph: RouteGraph;
  model: RouteModel;
  sources: RoutePoint[];
  durationsSeconds: number[];
  crossings?: CrossingSelection;
  options: EnsembleOptions;
  runIndices: number[];
}): EnsembleIsochroneCounts {
  checkEnsembleOptions(q.options);
  const limits = [...new Set(q.durationsSeconds)].sort((a, b) => a - b);
  const N = q.graph.cellCount;
  const counts = limits.map(() => new Uint16Array(N));
  const areas = limits.map(() => [] as number[]);
  for (const run of q.runIndices) {
    const d = ensembleDraw(q.graph, q.model, q.crossings ?? {}, q.options, run);
    const r = isochrones({
      graph: d.graph,
      model: d.model,
      sources: q.sources,
      durationsSeconds: limits,
      crossings: d.crossings,
    });
    limits.forEach((t, b) => {
      const c = counts[b]!;
      for (let i = 0; i < N; i++) if (r.cost[i]! <= t) c[i]! += 1;
      areas[b]!.push(r.bands[b]!.areaSquareMetres);
    });
  }
  return { durationsSeconds: limits, counts, areasSquareMetres: areas, runs: q.runIndices };
}
