/**
 * Bounded searches on big DEMs (90 m, 30 m): the route graph is built only on the window of
 * the DEM that can hold an optimal answer, and the answer is the EXACT optimum of the graph
 * over the whole DEM at full resolution.
 *
 * ## Why a window is enough (routes)
 * Let h(x, v) = angle(x, v) · R′ / vmax, the route graph's A* bound (R′ = 6 371 007 m × 0.99,
 * routegraph.ts: the authalic sphere × 0.99 is below the WGS84 geodesic), with vmax an a-priori
 * top speed of the model anywhere in the FULL graph (the fastest road class of the model, the
 * crossing speed, the fastest off-road pace, the fastest terrain-class factor). Every edge u→v
 * of the full graph costs at least h(u, v), so every path from a to b through a node v costs at
 * least h(a, v) + h(v, b). Hence every path of cost ≤ U lies inside the spherical ellipse
 *     E(U) = { v : angle(a, v) + angle(v, b) ≤ U · vmax / R′ }.
 * We read the DEM window W ⊇ E(U) (plus a margin, below) and search the graph built on W. A
 * path of the window graph is a path of the full graph (W's cells, the same roads and crossings),
 * so the window optimum C_W ≥ C*. If C_W ≤ U then C* ≤ U, the optimal path lies in E(U) ⊆ W,
 * and C_W = C*: the window answer is certified exact. Otherwise U grows: to C_W when a path was
 * found (E(C_W) then holds it and every better one: the next round is certified), ×2 when the
 * target was not reached; when W is the whole DEM the answer is the full search's answer.
 *
 * The first guess U₀ is the straight line at the model's flat off-road pace (a road route is
 * usually faster; a walk over broken ground may not be, then the next round is certified).
 *
 * Margin: the cost runs between the CELLS the points snap to (their own cell, or the nearest
 * free cell within 4 cells on the same bank), so the ellipse's foci move by at most 5 cell
 * diagonals: the test uses U · vmax / R′ + 2ε (ε = 5 cell diagonals as an angle). The window is
 * the bounding box of the cells that pass, widened by joinReachCells + 2 cells (routegraph.ts:
 * twice the larger of the point-snap radius, 4 cells, and the crossing-bank radius, max(4 cells,
 * 1.5 km)). A ramp or crossing bank cell x is chosen among the cells within one radius of the
 * node's own cell, itself within one radius of x; so for every cell x of E(U) every candidate is
 * in W, and W's graph joins x exactly as the full graph does (a wrong join at the window's edge
 * could only involve cells outside E(U), which no path of cost ≤ U touches). Rasterised barriers, the sea mask (by cell centre) and the road pieces (split
 * at the FULL DEM's smallest cell, not the window's) are the same cell by cell.
 *
 * The window is found by testing blocks of 16 × 16 cells at their centres with the angle limit
 * raised by twice the block's half-diagonal (any cell of a block that meets E passes), so it is
 * conservative by construction.
 *
 * Isochrones: a cell reached within T from source s satisfies angle(s, v) ≤ T · vmax / R′: the
 * window is the union of those disks (the ellipse with both foci at s) and the bands are exact.
 */
import { SyraqError } from "../errors.ts";
import type { LonLat } from "../geo/types.ts";
import type { GridSpec } from "../raster/raster.ts";
import type { CrossingSelection } from "../routing/crossings.ts";
import { ROAD_CLASSES } from "../routing/network.ts";
import { minimumPace, type RouteModel } from "../routing/route-models.ts";
import { HEURISTIC_RADIUS_METRES } from "../routing/landmarks.ts";
import { joinReachCells, type RouteGraph } from "../routing/routegraph.ts";
import { kmhToMetresPerSecond } from "../units.ts";
import { isochrones, type IsochroneResult } from "./isochrone.ts";
import { findRoute, type RoutePoint, type RouteResult } from "./route.ts";

/** A window of a grid in cells: [col0, row0, col1, row1), end-exclusive. */
export type CellWindow = [number, number, number, number];

/** DEMs with more cells than this use the bounded search by default (the pack's DEM has 88 k). */
export const BOUNDED_SEARCH_MIN_CELLS = 4_000_000;

/**
 * Cells of margin around the cells that pass the ellipse test (see the file comment).
 *
 * @example
 * ```ts
 * import { windowMarginCells } from "@syraq/core";
 * import { rasterPathGrid } from "@syraq/core/node";
 * windowMarginCells(await rasterPathGrid("dem-30m.tif"));
 * ```
 */
export function windowMarginCells(grid: GridSpec): number {
  return joinReachCells(grid) + 2;
}

const BLOCK = 16;
const DEG = Math.PI / 180;

function unit(lon: number, lat: number): [number, number, number] {
  const la = lat * DEG;
  const lo = lon * DEG;
  return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)];
}

function angleBetween(u: [number, number, number], x: number, y: number, z: number): number {
  const dx = u[0] - x;
  const dy = u[1] - y;
  const dz = u[2] - z;
  const half = Math.sqrt(dx * dx + dy * dy + dz * dz) / 2;
  return 2 * Math.asin(half < 1 ? half : 1);
}

/**
 * Angle (radians) spanned by `cells` cell diagonals of a grid (an upper bound anywhere on it).
 *
 * @example
 * ```ts
 * import { cellDiagonalsAngle } from "@syraq/core";
 * import { rasterPathGrid } from "@syraq/core/node";
 * cellDiagonalsAngle(await rasterPathGrid("dem-30m.tif"), 4); // radians
 * ```
 */
export function cellDiagonalsAngle(grid: GridSpec, cells: number): number {
  // a great-circle angle is at most the planar lon/lat distance in degrees (cos(lat) ≤ 1); 1 % spare
  return cells * Math.hypot(grid.pixelSizeX, grid.pixelSizeY) * DEG * 1.01;
}

/**
 * The window of `grid` holding every cell centre v with angle(f1, v) + angle(v, f2) ≤ maxAngle
 * (radians) for at least one pair of foci, widened by `margin` cells and clipped to the grid;
 * null when no cell passes. Conservative: tested per block of 16 × 16 cells (see file comment).
 *
 * @example
 * ```ts
 * import { ellipseWindow } from "@syraq/core";
 * import { rasterPathGrid } from "@syraq/core/node";
 * const grid = await rasterPathGrid("dem-30m.tif");
 * // cells v with angle(Raqqa, v) + angle(v, Palmyra) ≤ 0.04 rad (≈ 255 km of arc on the Earth's radius)
 * const w = ellipseWindow(grid, [{ a: [39.0079, 35.9528], b: [38.284, 34.5624], maxAngle: 0.04 }]);
 * // w: [col0, row0, col1, row1), or null
 * ```
 */
export function ellipseWindow(
  grid: GridSpec,
  pairs: Array<{ a: LonLat; b: LonLat; maxAngle: number }>,
  margin = windowMarginCells(grid),
): CellWindow | null {
  const W = grid.width;
  const H = grid.height;
  const bw = Math.ceil(W / BLOCK);
  const bh = Math.ceil(H / BLOCK);
  const halfDiag = cellDiagonalsAngle(grid, BLOCK / 2);
  const foci = pairs.map((p) => ({
    ua: unit(p.a[0], p.a[1]),
    ub: unit(p.b[0], p.b[1]),
    lim: p.maxAngle + 2 * halfDiag,
  }));
  let c0 = Infinity;
  let r0 = Infinity;
  let c1 = -Infinity;
  let r1 = -Infinity;
  for (let br = 0; br < bh; br++) {
    const lat = grid.originY - (br + 0.5) * BLOCK * grid.pixelSizeY;
    const cl = Math.cos(lat * DEG);
    const z = Math.sin(lat * DEG);
    for (let bc = 0; bc < bw; bc++) {
      const lon = (grid.originX + (bc + 0.5) * BLOCK * grid.pixelSizeX) * DEG;
      const x = cl * Math.cos(lon);
      const y = cl * Math.sin(lon);
      let pass = false;
      for (const f of foci) {
        if (angleBetween(f.ua, x, y, z) + angleBetween(f.ub, x, y, z) <= f.lim) {
          pass = true;
          break;
        }
      }
      if (!pass) continue;
      c0 = Math.min(c0, bc * BLOCK);
      r0 = Math.min(r0, br * BLOCK);
      c1 = Math.max(c1, (bc + 1) * BLOCK);
      r1 = Math.max(r1, (br + 1) * BLOCK);
    }
  }
  if (!(c1 > c0)) return null;
  return [Math.max(0, c0 - margin), Math.max(0, r0 - margin), Math.min(W, c1 + margin), Math.min(H, r1 + margin)];
}

/**
 * Cells in a window.
 *
 * @example
 * ```ts
 * import { windowCells } from "@syraq/core";
 * windowCells([10, 20, 110, 70]); // 5000
 * ```
 */
export function windowCells(w: CellWindow): number {
  return (w[2] - w[0]) * (w[3] - w[1]);
}

/**
 * An a-priori top speed (m/s) of a model anywhere in a route graph: its fastest road class (user
 * speeds are capped at the class speed), the crossing speed, its fastest off-road pace and, with
 * terrain classes, its largest class speed factor. Every edge of any graph is at most this fast.
 *
 * @example
 * ```ts
 * import { modelTopSpeed, routeModel } from "@syraq/core";
 * modelTopSpeed(routeModel("vehicle")); // m/s
 * ```
 */
export function modelTopSpeed(model: RouteModel, terrainClasses = false): number {
  let v = Math.max(1 / minimumPace(model), kmhToMetresPerSecond(model.crossingSpeedKmh));
  if (terrainClasses && model.classSpeedFactors) {
    let f = 1;
    for (const x of Object.values(model.classSpeedFactors)) if (x !== undefined && x > f) f = x;
    v *= f;
  }
  for (const c of ROAD_CLASSES) {
    const s = model.roadSpeedsKmh[c];
    if (s !== undefined && s > 0) v = Math.max(v, kmhToMetresPerSecond(s));
  }
  return v;
}

/**
 * How a bounded search went: rounds, the last window (cells of the full grid) and the certified budgets (seconds).
 */
export interface BoundedStats {
  /** Rounds of window → search (1 when the first guess was certified). */
  rounds: number;
  /** The last window, in cells of the full grid. */
  window: CellWindow;
  windowCells: number;
  fullCells: number;
  /** Budget (seconds) per leg under which the answer is certified. */
  budgetSeconds: number[];
  /** True when the answer is the exact optimum of the full-resolution graph (always, when returned). */
  exact: true;
}

/**
 * Input of {@link boundedRoute}: the big DEM's grid, the points and a loader of window graphs.
 */
export interface BoundedRouteInput {
  /** The full DEM's grid (header only: no cells needed). */
  grid: GridSpec;
  model: RouteModel;
  points: RoutePoint[];
  crossings?: CrossingSelection;
  /** Classes on: the top speed includes the model's fastest class factor. */
  terrainClasses?: boolean;
  /** Builds the route graph on a window of the full grid. */
  load(window: CellWindow): Promise<RouteGraph>;
  /**
   * The search on a window graph (default: findRoute with `crossings`). It may close edges or raise
   * costs (control areas, penalties), never lower them below the model's: the bound then still holds.
   */
  search?(graph: RouteGraph): RouteResult;
  /** Refuse windows of more cells (TOO_LARGE, with how to narrow the request). */
  maxCells?: number;
  /** Called before a window is loaded; throws (TOO_LARGE) when it would not fit in memory. */
  guard?(cells: number, what: string): void;
  /** Stage messages (for progress lines). */
  onRound?(round: number, window: CellWindow): void;
}

/**
 * The TOO_LARGE error for a window that does not fit (exit 2, with how to narrow it).
 *
 * @example
 * ```ts
 * import { tooLargeError } from "@syraq/core";
 * import { rasterPathGrid } from "@syraq/core/node";
 * throw tooLargeError("route window", 400e6, 100e6, await rasterPathGrid("dem-30m.tif"));
 * ```
 */
export function tooLargeError(what: string, cells: number, maxCells: number, grid: GridSpec): SyraqError {
  const deg = (v: number) => v.toFixed(4).replace(/0+$/, "").replace(/\.$/, "");
  const arcsec = Math.round(grid.pixelSizeX * 3600 * 100) / 100;
  return new SyraqError(
    "TOO_LARGE",
    `${what} holds ${(cells / 1e6).toFixed(0)} M cells, more than this machine allows (${(maxCells / 1e6).toFixed(0)} M); crop the DEM around the places (gdal_translate -projwin W N E S), or give a coarser DEM (e.g. gdalwarp -tr ${deg(grid.pixelSizeX * 3)} ${deg(grid.pixelSizeY * 3)}: ${arcsec * 3}″ instead of ${arcsec}″)`,
    { cells, maxCells },
  );
}

function checkWindow(
  q: { grid: GridSpec; maxCells?: number; guard?(cells: number, what: string): void },
  win: CellWindow,
  what: string,
): void {
  const cells = windowCells(win);
  if (q.maxCells !== undefined && cells > q.maxCells) throw tooLargeError(what, cells, q.maxCells, q.grid);
  q.guard?.(cells, what);
}

/**
 * Route over a big DEM, reading only the window that can hold the optimum (see the file
 * comment): the exact optimum of the full-resolution graph, with the rounds it took.
 *
 * Durations in seconds, lengths in metres, as {@link findRoute}.
 *
 * Throws BAD_ARGUMENT for fewer than two points and UNREACHABLE when no route exists within the largest window.
 *
 * @example
 * ```ts
 * import { boundedRoute, routeModel } from "@syraq/core";
 * import { loadRouteGraph, rasterPathGrid, resolveDataDir } from "@syraq/core/node";
 * const dataDir = resolveDataDir();
 * const demPath = "dem-30m.tif";
 * const grid = await rasterPathGrid(demPath);
 * const r = await boundedRoute({
 *   grid,
 *   model: routeModel("vehicle"),
 *   points: [
 *     { name: "Raqqa", lonLat: [39.0079, 35.9528] },
 *     { name: "Palmyra", lonLat: [38.284, 34.5624] },
 *   ],
 *   load: (cells) => loadRouteGraph({ dataDir, demPath, window: { grid, cells } }),
 * });
 * r.bounded.rounds; // windows it took
 * ```
 */
export async function boundedRoute(
  q: BoundedRouteInput,
): Promise<RouteResult & { bounded: BoundedStats; graph: RouteGraph }> {
  const { grid, model, points } = q;
  if (points.length < 2)
    throw new SyraqError("BAD_ARGUMENT", `a route needs at least two points; got ${points.length}`, {});
  const vmax = modelTopSpeed(model, q.terrainClasses);
  const perSecond = vmax / HEURISTIC_RADIUS_METRES; // radians of the ellipse per second of budget
  const eps = cellDiagonalsAngle(grid, 5);
  const full: CellWindow = [0, 0, grid.width, grid.height];
  const flatPace = model.pace(0);
  // first guess: the straight line at the flat off-road pace
  const budget = points.slice(1).map((p, i) => {
    const a = unit(points[i]!.lonLat[0], points[i]!.lonLat[1]);
    const u = unit(p.lonLat[0], p.lonLat[1]);
    return Math.max(60, angleBetween(a, u[0], u[1], u[2]) * HEURISTIC_RADIUS_METRES * flatPace);
  });
  let lastMiss: SyraqError | null = null;
  for (let round = 1; ; round++) {
    const pairs = budget.map((b, i) => ({
      a: points[i]!.lonLat,
      b: points[i + 1]!.lonLat,
      maxAngle: b * perSecond + 2 * eps,
    }));
    const win = ellipseWindow(grid, pairs) ?? full;
    const isFull = win[0] === 0 && win[1] === 0 && win[2] === grid.width && win[3] === grid.height;
    try {
      checkWindow(q, win, `the DEM window of the route ${points.map((p) => p.name).join(" → ")}`);
    } catch (e) {
      if (!lastMiss || !(e instanceof SyraqError) || e.code !== "TOO_LARGE") throw e;
      // the target was not reached within the last budget and a wider window does not fit: say so
      const hours = Math.max(...budget.map((b) => b / 2)) / 3600;
      throw new SyraqError(
        "UNREACHABLE",
        `${lastMiss.message} (no route costs under ${hours.toFixed(1)} h; a longer one would need ${(windowCells(win) / 1e6).toFixed(0)} M cells of the DEM in memory: crop the DEM around the places, or give more memory, to search further)`,
        { ...lastMiss.details, budgetSeconds: budget.map((b) => b / 2) },
      );
    }
    q.onRound?.(round, win);
    const g = await q.load(win);
    let r: RouteResult | null = null;
    try {
      r = q.search
        ? q.search(g)
        : findRoute({ graph: g, model, points, ...(q.crossings ? { crossings: q.crossings } : {}) });
    } catch (e) {
      // "no route" within this window: widen, unless the window is the whole grid already. Points outside
      // the grid, at sea or walled in are final (the window holds every cell a point may snap to).
      const d = e instanceof SyraqError ? (e.details as { closedCrossings?: unknown } | undefined) : undefined;
      if (!(e instanceof SyraqError) || isFull || e.code !== "UNREACHABLE" || d?.closedCrossings === undefined) throw e;
      lastMiss = e;
    }
    if (r) {
      let certified = true;
      r.legs.forEach((l, i) => {
        if (l.durationSeconds > budget[i]!) {
          certified = false;
          budget[i] = l.durationSeconds;
        }
      });
      if (certified || isFull)
        return {
          ...r,
          graph: g,
          bounded: {
            rounds: round,
            window: win,
            windowCells: windowCells(win),
            fullCells: grid.width * grid.height,
            budgetSeconds: budget.slice(),
            exact: true,
          },
        };
      lastMiss = null;
    } else {
      for (let i = 0; i < budget.length; i++) budget[i] = budget[i]! * 2;
    }
  }
}

/**
 * Input of {@link boundedIsochrones}: durations in seconds.
 */
export interface BoundedIsochroneInput {
  grid: GridSpec;
  model: RouteModel;
  sources: RoutePoint[];
  durationsSeconds: number[];
  crossings?: CrossingSelection;
  terrainClasses?: boolean;
  load(window: CellWindow): Promise<RouteGraph>;
  /** The search on the window graph (default: isochrones); it may raise costs, never lower them. */
  search?(graph: RouteGraph): IsochroneResult;
  maxCells?: number;
  guard?(cells: number, what: string): void;
}

/**
 * Isochrones over a big DEM from the window that holds every cell reachable within the largest
 * band (the union of the disks angle(s, v) ≤ T · vmax / R′ + ε around the sources, see the file
 * comment): bands and costs are those of the full-resolution graph. Costs are per window cell.
 *
 * @example
 * ```ts
 * import { boundedIsochrones, routeModel } from "@syraq/core";
 * import { loadRouteGraph, rasterPathGrid, resolveDataDir } from "@syraq/core/node";
 * const dataDir = resolveDataDir();
 * const demPath = "dem-30m.tif";
 * const grid = await rasterPathGrid(demPath);
 * const r = await boundedIsochrones({
 *   grid,
 *   model: routeModel("foot"),
 *   sources: [{ name: "Palmyra", lonLat: [38.284, 34.5624] }],
 *   durationsSeconds: [3600],
 *   load: (cells) => loadRouteGraph({ dataDir, demPath, window: { grid, cells } }),
 * });
 * ```
 */
export async function boundedIsochrones(
  q: BoundedIsochroneInput,
): Promise<IsochroneResult & { bounded: Omit<BoundedStats, "budgetSeconds" | "rounds">; graph: RouteGraph }> {
  const { grid } = q;
  const T = Math.max(0, ...q.durationsSeconds.filter((t) => t < Infinity));
  const vmax = modelTopSpeed(q.model, q.terrainClasses);
  const eps = cellDiagonalsAngle(grid, 5);
  const reach = (T * vmax) / HEURISTIC_RADIUS_METRES + eps;
  const pairs = q.sources.map((s) => ({ a: s.lonLat, b: s.lonLat, maxAngle: 2 * reach }));
  const win = ellipseWindow(grid, pairs) ?? ([0, 0, grid.width, grid.height] as CellWindow);
  checkWindow(q, win, `the DEM window of isochrones of ${(T / 3600).toFixed(1)} h`);
  const g = await q.load(win);
  const r = q.search
    ? q.search(g)
    : isochrones({
        graph: g,
        model: q.model,
        sources: q.sources,
        durationsSeconds: q.durationsSeconds,
        ...(q.crossings ? { crossings: q.crossings } : {}),
      });
  return {
    ...r,
    graph: g,
    bounded: { window: win, windowCells: windowCells(win), fullCells: grid.width * grid.height, exact: true },
  };
}

/**
 * Input of {@link boundedCorridor}: tolerance relative to the best time.
 */
export interface BoundedCorridorInput<T> {
  grid: GridSpec;
  model: RouteModel;
  from: RoutePoint;
  to: RoutePoint;
  /** Relative tolerance of the band (0.05 = 5 %). */
  tolerance: number;
  crossings?: CrossingSelection;
  terrainClasses?: boolean;
  load(window: CellWindow): Promise<RouteGraph>;
  /** The best route on a window graph (default findRoute), for the first, certified step. */
  route?(graph: RouteGraph): RouteResult;
  /** The corridor on the band's window graph (corridor.ts with the caller's options). */
  corridor(graph: RouteGraph): T;
  maxCells?: number;
  guard?(cells: number, what: string): void;
}

/**
 * A corridor over a big DEM: first the exact best cost C* by boundedRoute, then the window of the
 * ellipse E(C* · (1 + tolerance)) (see the file comment): every cell of the band (through-cost
 * ≤ C* · (1 + tolerance)) has its optimal through-path inside it, so the band and the best route are
 * those of the full-resolution graph. The alternative routes are searched inside that window.
 *
 * @example
 * ```ts
 * import { boundedCorridor, corridor, routeModel } from "@syraq/core";
 * import { loadRouteGraph, rasterPathGrid, resolveDataDir } from "@syraq/core/node";
 * const dataDir = resolveDataDir();
 * const demPath = "dem-30m.tif";
 * const grid = await rasterPathGrid(demPath);
 * const model = routeModel("vehicle");
 * const from = { name: "Palmyra", lonLat: [38.284, 34.5624] as [number, number] };
 * const to = { name: "Sukhna", lonLat: [38.8761, 34.8826] as [number, number] };
 * const { result } = await boundedCorridor({
 *   grid, model, from, to, tolerance: 0.1,
 *   load: (cells) => loadRouteGraph({ dataDir, demPath, window: { grid, cells } }),
 *   corridor: (graph) => corridor({ graph, model, from, to, tolerance: 0.1 }),
 * });
 * ```
 */
export async function boundedCorridor<T>(
  q: BoundedCorridorInput<T>,
): Promise<{ result: T; graph: RouteGraph; bounded: BoundedStats }> {
  const best = await boundedRoute({
    grid: q.grid,
    model: q.model,
    points: [q.from, q.to],
    ...(q.crossings ? { crossings: q.crossings } : {}),
    ...(q.terrainClasses ? { terrainClasses: true } : {}),
    load: q.load,
    ...(q.route ? { search: q.route } : {}),
    ...(q.maxCells !== undefined ? { maxCells: q.maxCells } : {}),
    ...(q.guard ? { guard: q.guard } : {}),
  });
  const vmax = modelTopSpeed(q.model, q.terrainClasses);
  const budget = best.durationSeconds * (1 + q.tolerance) * (1 + 1e-9);
  const maxAngle = (budget * vmax) / HEURISTIC_RADIUS_METRES + 2 * cellDiagonalsAngle(q.grid, 5);
  const win = ellipseWindow(q.grid, [{ a: q.from.lonLat, b: q.to.lonLat, maxAngle }]) ?? best.bounded.window;
  checkWindow(q, win, `the DEM window of the corridor ${q.from.name} → ${q.to.name}`);
  const g = await q.load(win);
  return {
    result: q.corridor(g),
    graph: g,
    bounded: {
      rounds: best.bounded.rounds + 1,
      window: win,
      windowCells: windowCells(win),
      fullCells: q.grid.width * q.grid.height,
      budgetSeconds: [budget],
      exact: true,
    },
  };
}

/**
 * Input of {@link boundedDepth}: the place and the front's lines, [lon, lat] degrees.
 */
export interface BoundedDepthInput<T extends { durationSeconds: number }> {
  grid: GridSpec;
  model: RouteModel;
  place: RoutePoint;
  /** The front's lines (only their vertices size the first guess). */
  front: LonLat[][];
  terrainClasses?: boolean;
  load(window: CellWindow): Promise<RouteGraph>;
  /** routeDepth on a window graph (with the caller's crossings and control). */
  search(graph: RouteGraph): T;
  maxCells?: number;
  guard?(cells: number, what: string): void;
}

/**
 * Depth behind a front along routes over a big DEM: the window is the disk angle(place, v) ≤
 * U · vmax / R′ (+ ε); every front cell reachable within U lies in it with its optimal path, so a
 * cheapest front cell found at C_W ≤ U is the whole graph's (certified); otherwise U grows (to C_W,
 * or ×2 when the front was not reached) as for routes.
 *
 * @example
 * ```ts
 * import { boundedDepth, routeDepth, routeModel } from "@syraq/core";
 * import { loadFront, loadRouteGraph, rasterPathGrid, resolveDataDir } from "@syraq/core/node";
 * const dataDir = resolveDataDir();
 * const demPath = "dem-30m.tif";
 * const grid = await rasterPathGrid(demPath);
 * const model = routeModel("vehicle");
 * const place = { name: "Qaryatayn", lonLat: [37.24, 34.229] as [number, number] };
 * const front = loadFront("saa-2017-09-29").parts;
 * const { result } = await boundedDepth({
 *   grid, model, place, front,
 *   load: (cells) => loadRouteGraph({ dataDir, demPath, window: { grid, cells } }),
 *   search: (graph) => routeDepth({ graph, model, place, front }),
 * });
 * result.durationSeconds; // seconds to the front
 * ```
 */
export async function boundedDepth<T extends { durationSeconds: number }>(
  q: BoundedDepthInput<T>,
): Promise<{ result: T; graph: RouteGraph; bounded: BoundedStats }> {
  const { grid } = q;
  const vmax = modelTopSpeed(q.model, q.terrainClasses);
  const eps = cellDiagonalsAngle(grid, 5);
  const full: CellWindow = [0, 0, grid.width, grid.height];
  const up = unit(q.place.lonLat[0], q.place.lonLat[1]);
  let nearest = Infinity;
  for (const part of q.front)
    for (const p of part) {
      const u = unit(p[0], p[1]);
      nearest = Math.min(nearest, angleBetween(up, u[0], u[1], u[2]));
    }
  let budget = Math.max(600, (Number.isFinite(nearest) ? nearest : 0) * HEURISTIC_RADIUS_METRES * q.model.pace(0));
  for (let round = 1; ; round++) {
    const reach = (budget * vmax) / HEURISTIC_RADIUS_METRES + eps;
    const win = ellipseWindow(grid, [{ a: q.place.lonLat, b: q.place.lonLat, maxAngle: 2 * reach }]) ?? full;
    const isFull = win[0] === 0 && win[1] === 0 && win[2] === grid.width && win[3] === grid.height;
    checkWindow(q, win, `the DEM window of the depth of ${q.place.name} along routes`);
    const g = await q.load(win);
    let r: T | null = null;
    try {
      r = q.search(g);
    } catch (e) {
      // the front not in this window (EMPTY_RESULT) or not reached in it: widen, unless it is the whole grid
      if (!(e instanceof SyraqError) || isFull || (e.code !== "UNREACHABLE" && e.code !== "EMPTY_RESULT")) throw e;
      if ((e.details as { atSea?: boolean }).atSea) throw e;
    }
    if (r && (r.durationSeconds <= budget || isFull))
      return {
        result: r,
        graph: g,
        bounded: {
          rounds: round,
          window: win,
          windowCells: windowCells(win),
          fullCells: grid.width * grid.height,
          budgetSeconds: [budget],
          exact: true,
        },
      };
    budget = r ? r.durationSeconds : budget * 2;
  }
}
