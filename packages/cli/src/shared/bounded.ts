/**
 * Big DEMs in the route commands (issue 15): above BOUNDED_SEARCH_MIN_CELLS cells (and without
 * --full-search) route and isochrone read only the window of the DEM that can hold the exact answer
 * (core analysis/bounded.ts: why it is exact), sized on the DEM's header alone, and refuse early a
 * window that would not fit in memory (TOO_LARGE, exit 2, with how to narrow the request).
 */
import {
  BOUNDED_SEARCH_MIN_CELLS,
  boundedCorridor,
  boundedDepth,
  boundedIsochrones,
  boundedRoute,
  routeModel,
  windowCells,
  type BoundedStats,
  type CellWindow,
  type CrossingSelection,
  type GridSpec,
  type IsochroneResult,
  type RouteGraph,
  type RouteModel,
  type RoutePoint,
  type RouteResult,
} from "@syraq/core";
import { checkMemory, loadRoadsDefinition, rasterPathGrid } from "@syraq/core/node";
import type { CommandContext } from "../command.ts";
import { routeGraphFor } from "./route-graph.ts";

/**
 * Peak bytes per cell of a window's route graph and search (DEM Int16 read + Float32 elevation,
 * blocked/barrier/sea masks, Float32 cell costs, the search's Float64 costs, Int32 predecessors and
 * slots, the heap, isochrone allocations): whole-process peak RSS over window cells measured with
 * scripts/bench/route-dem.ts (route 19 M cells 0.74 GB, isochrone 59 M cells 2.76 GB; 2026-12).
 */
export const ROUTE_WINDOW_BYTES_PER_CELL = 48;

/** The --dem's grid when the bounded search applies (big DEM, no --full-search), else null. */
export async function bigDemGrid(ctx: CommandContext): Promise<GridSpec | null> {
  const o = ctx.options;
  if (!o.dem || o["full-search"] === true) return null;
  const grid = await rasterPathGrid(String(o.dem));
  // SYRAQ_BOUNDED_MIN_CELLS lowers the threshold (tests run the bounded path on small DEMs)
  const env = Number(process.env.SYRAQ_BOUNDED_MIN_CELLS);
  const min = Number.isInteger(env) && env >= 0 ? env : BOUNDED_SEARCH_MIN_CELLS;
  return grid.width * grid.height > min && grid.crs.geographic ? grid : null;
}

function setup(ctx: CommandContext, grid: GridSpec) {
  const o = ctx.options;
  const model = routeModel(String(o.model ?? "vehicle"), loadRoadsDefinition().speedsKmh);
  const crossings: CrossingSelection = {
    ...(o.date ? { date: String(o.date) } : {}),
    closed: (o.closed as string[] | undefined) ?? [],
    open: (o.open as string[] | undefined) ?? [],
  };
  let round = 0;
  const load = async (cells: CellWindow) => {
    round++;
    const label = `reading ${(windowCells(cells) / 1e6).toFixed(1)} M of ${((grid.width * grid.height) / 1e6).toFixed(0)} M DEM cells (window ${round})`;
    if (!ctx.quiet && round > 1) ctx.err(`note: widening the DEM window (round ${round})`);
    if (!ctx.quiet && round === 1 && o["terrain-classes"] === true)
      ctx.err(
        "note: --terrain-classes on a window of the DEM: near the window's edge a class may differ from the whole DEM's (docs/route-graph.md)",
      );
    const p = ctx.progress(label);
    p.update(0);
    const { graph } = await routeGraphFor(ctx, { grid, cells }, round === 1);
    p.done();
    return graph;
  };
  const hint =
    "crop the DEM around the places (gdal_translate -projwin W N E S), or give a coarser one (gdalwarp -tr), or raise --max-memory";
  const guard = (cells: number, what: string) =>
    checkMemory({ cells, bytesPerCell: ROUTE_WINDOW_BYTES_PER_CELL, what, hint });
  return { model, crossings, load, guard, terrainClasses: o["terrain-classes"] === true };
}

/** One line on how the answer was found, for the text output. */
export function boundedNote(b: Pick<BoundedStats, "windowCells" | "fullCells"> & { rounds?: number }): string {
  const pct = ((100 * b.windowCells) / b.fullCells).toFixed(1);
  return `  bounded search: exact optimum over the whole DEM, read ${(b.windowCells / 1e6).toFixed(1)} M of ${(b.fullCells / 1e6).toFixed(1)} M cells (${pct} %)${b.rounds && b.rounds > 1 ? ` in ${b.rounds} rounds` : ""}`;
}

/** A route over a big DEM; `search` runs the query on each window's graph (control areas, penalties). */
export async function boundedRouteFor(
  ctx: CommandContext,
  grid: GridSpec,
  points: RoutePoint[],
  search: (graph: RouteGraph, model: RouteModel, crossings: CrossingSelection) => RouteResult,
): Promise<RouteResult & { bounded: BoundedStats; graph: RouteGraph; selection: CrossingSelection }> {
  const s = setup(ctx, grid);
  const r = await boundedRoute({
    grid,
    model: s.model,
    points,
    crossings: s.crossings,
    search: (g) => search(g, s.model, s.crossings),
    terrainClasses: s.terrainClasses,
    load: s.load,
    guard: s.guard,
  });
  return { ...r, selection: s.crossings };
}

export async function boundedIsochronesFor(
  ctx: CommandContext,
  grid: GridSpec,
  sources: RoutePoint[],
  durationsSeconds: number[],
  search: (graph: RouteGraph, model: RouteModel, crossings: CrossingSelection) => IsochroneResult,
): Promise<IsochroneResult & { bounded: Omit<BoundedStats, "budgetSeconds" | "rounds">; graph: RouteGraph }> {
  const s = setup(ctx, grid);
  return boundedIsochrones({
    search: (g) => search(g, s.model, s.crossings),
    grid,
    model: s.model,
    sources,
    durationsSeconds,
    crossings: s.crossings,
    terrainClasses: s.terrainClasses,
    load: s.load,
    guard: s.guard,
  });
}

/** A corridor over a big DEM; `run` computes the corridor on a window graph (control areas, penalties). */
export async function boundedCorridorFor<T>(
  ctx: CommandContext,
  grid: GridSpec,
  from: RoutePoint,
  to: RoutePoint,
  tolerance: number,
  route: (graph: RouteGraph, model: RouteModel, crossings: CrossingSelection) => RouteResult,
  run: (graph: RouteGraph, model: RouteModel, crossings: CrossingSelection) => T,
) {
  const s = setup(ctx, grid);
  return boundedCorridor({
    grid,
    model: s.model,
    from,
    to,
    tolerance,
    crossings: s.crossings,
    terrainClasses: s.terrainClasses,
    load: s.load,
    guard: s.guard,
    route: (g) => route(g, s.model, s.crossings),
    corridor: (g) => run(g, s.model, s.crossings),
  });
}

/** Depth along routes over a big DEM for one place; `search` runs routeDepth on a window graph. */
export async function boundedDepthFor<T extends { durationSeconds: number }>(
  ctx: CommandContext,
  grid: GridSpec,
  place: RoutePoint,
  front: Array<Array<[number, number]>>,
  search: (graph: RouteGraph, model: RouteModel, crossings: CrossingSelection) => T,
) {
  const s = setup(ctx, grid);
  return boundedDepth({
    grid,
    model: s.model,
    place,
    front,
    terrainClasses: s.terrainClasses,
    load: s.load,
    guard: s.guard,
    search: (g) => search(g, s.model, s.crossings),
  });
}
