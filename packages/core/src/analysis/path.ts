/**
 * Least-cost path tracing over an accumulated-cost surface and its direction
 * raster (GRASS r.cost semantics: degrees CCW from east, pointing from a cell to
 * the next cell towards the source; NaN at sources). Works on our rasters and on
 * r.cost's `outdir` maps alike.
 */
import { SyraqError } from "../errors.ts";
import { geodesicInverse } from "../geo/geodesic.ts";
import type { GridSpec, Raster } from "../raster/raster.ts";
import { directionCode, type GridMoves } from "../search/grid-moves.ts";
import { lonLatOfCell } from "./accumulate.ts";
import { crsLabel, sameCrs } from "../raster/crs.ts";

/**
 * Refuses an accumulated-cost / direction pair that does not share one grid: another
 * CRS → CRS_MISMATCH; another size, origin or cell size → GRID_MISMATCH (exit 2).
 *
 * @example
 * ```ts
 * import { checkSameGrid } from "@syraq/core";
 * import { rasterPathGrid } from "@syraq/core/node";
 * // throws GRID_MISMATCH (or CRS_MISMATCH) unless both rasters share one grid
 * checkSameGrid(await rasterPathGrid("cost-acc.tif"), await rasterPathGrid("cost-dir.tif"));
 * ```
 */
export function checkSameGrid(accumulated: GridSpec, direction: GridSpec): void {
  const a = accumulated.crs;
  const b = direction.crs;
  const unknownBoth = !a.geographic && !b.geographic && a.epsg === null && b.epsg === null;
  const crsOk = sameCrs(a, b) || (unknownBoth && (a.proj4 ?? "") === (b.proj4 ?? ""));
  if (!crsOk) {
    throw new SyraqError(
      "CRS_MISMATCH",
      `direction raster is in ${crsLabel(b)}, accumulated cost in ${crsLabel(a)}: use the pair written by one accumulate run`,
      { accumulated: crsLabel(a), direction: crsLabel(b) },
    );
  }
  const describe = (g: GridSpec) =>
    `${g.width}×${g.height} cells of ${g.pixelSizeX} × ${g.pixelSizeY} from (${g.originX}, ${g.originY})`;
  // a tenth of a millionth of a cell: the same grid written twice reads back identical
  const tolX = 1e-7 * accumulated.pixelSizeX;
  const tolY = 1e-7 * accumulated.pixelSizeY;
  const same =
    accumulated.width === direction.width &&
    accumulated.height === direction.height &&
    Math.abs(accumulated.originX - direction.originX) <= tolX &&
    Math.abs(accumulated.originY - direction.originY) <= tolY &&
    Math.abs(accumulated.pixelSizeX - direction.pixelSizeX) <= tolX &&
    Math.abs(accumulated.pixelSizeY - direction.pixelSizeY) <= tolY;
  if (!same) {
    throw new SyraqError(
      "GRID_MISMATCH",
      `direction raster is ${describe(direction)}, accumulated cost is ${describe(accumulated)}: they must share one grid; use the pair written by one accumulate run`,
      {},
    );
  }
}

/** All direction codes we write (8, Knight, 32, 48 neighbours) → the move towards the source. */
const CODES: Array<{ code: number; dr: number; dc: number }> = (() => {
  const out: Array<{ code: number; dr: number; dc: number }> = [];
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : Math.abs(a));
  for (let dr = -4; dr <= 4; dr++) {
    for (let dc = -4; dc <= 4; dc++) {
      if (
        (dr || dc) &&
        gcd(Math.abs(dr), Math.abs(dc)) === 1 &&
        !(Math.max(Math.abs(dr), Math.abs(dc)) === 2 && Math.abs(dr) === Math.abs(dc))
      ) {
        // directionCode(dr, dc) is the code written at q for a move p -> q = p + (dr, dc): the way back is (-dr, -dc)
        out.push({ code: directionCode(dr, dc), dr: -dr, dc: -dc });
      }
    }
  }
  return out;
})();

/**
 * The move (row, col offset) towards the source for a direction code, or null for an unknown code.
 *
 * @example
 * ```ts
 * import { directionStep } from "@syraq/core";
 * directionStep(180); // { dr: 0, dc: -1 }: one cell west, towards the source
 * ```
 */
export function directionStep(code: number): { dr: number; dc: number } | null {
  let best: { dr: number; dc: number } | null = null;
  let bestErr = 1e-3;
  for (const c of CODES) {
    const err = Math.abs(c.code - code);
    if (err < bestErr) {
      bestErr = err;
      best = c;
    }
  }
  return best;
}

/**
 * Cells from `target` back to the source, following the direction raster.
 *
 * Throws UNREACHABLE when the target has no accumulated cost, and BAD_RASTER when the direction raster does not lead
 * back to a source (nodata, an unknown code, off the grid, cost not decreasing, a cycle).
 *
 * @example
 * ```ts
 * import { pathFeature, traceDirections } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const acc = await readRasterFile("cost-acc.tif");
 * const dir = await readRasterFile("cost-dir.tif");
 * const cells = traceDirections(acc, dir, 12345); // target → source
 * const line = pathFeature(acc, cells, acc.data[12345] as number);
 * ```
 */
export function traceDirections(accumulated: Raster, direction: Raster, target: number): number[] {
  const { width, height } = accumulated;
  checkSameGrid(accumulated, direction);
  const acc = accumulated.data;
  const isNd = (r: Raster, i: number) => Number.isNaN(r.data[i]!) || (r.nodata !== null && r.data[i] === r.nodata);
  if (isNd(accumulated, target))
    throw new SyraqError("UNREACHABLE", "the target cell is unreachable from the sources (no accumulated cost there)", {
      target,
    });
  const cells = [target];
  let cur = target;
  for (let steps = 0; steps <= width * height; steps++) {
    if (isNd(direction, cur)) {
      // no direction: a source, whose accumulated cost is 0 (sources start at 0 in accumulate and r.cost)
      if (acc[cur] === 0) return cells;
      throw new SyraqError(
        "BAD_RASTER",
        `direction raster has no direction (nodata) at row ${Math.floor(cur / width)}, col ${cur % width}, where the accumulated cost is ${acc[cur]} > 0: only sources (cost 0) have none; accumulated and direction rasters do not belong together or the direction raster is damaged`,
        { row: Math.floor(cur / width), col: cur % width },
      );
    }
    const code = direction.data[cur]!;
    const s = directionStep(code);
    if (!s)
      throw new SyraqError(
        "BAD_RASTER",
        `direction raster has value ${code} at row ${Math.floor(cur / width)}, col ${cur % width}; expected degrees CCW from east (multiples of 45, Knight 22.5 offsets, or 32/48-neighbour angles)`,
      );
    const r = Math.floor(cur / width) + s.dr;
    const c = (cur % width) + s.dc;
    if (r < 0 || c < 0 || r >= height || c >= width)
      throw new SyraqError(
        "BAD_RASTER",
        `direction raster points outside the grid at row ${Math.floor(cur / width)}, col ${cur % width}`,
      );
    const next = r * width + c;
    if (isNd(accumulated, next) || !(acc[next]! <= acc[cur]!)) {
      throw new SyraqError(
        "BAD_RASTER",
        `direction raster leads to a cell whose accumulated cost does not decrease (row ${r}, col ${c}): accumulated and direction rasters do not belong together`,
      );
    }
    cells.push(next);
    cur = next;
  }
  throw new SyraqError("BAD_RASTER", "direction raster has a cycle");
}

/**
 * Cells from `target` back to a source, following a predecessor array.
 *
 * @example
 * ```ts
 * import { buildGridMoves, gridSearch, tracePredecessors, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 20, height: 20, originX: 38, originY: 36, pixelSizeX: 0.01, pixelSizeY: 0.01, crs: WGS84_CRS };
 * const r = gridSearch({ width: 20, height: 20, moves: buildGridMoves(grid), cellCost: new Float32Array(400).fill(1),
 *   sources: [{ node: 0 }] });
 * tracePredecessors(r.predecessor, 399); // [399, …, 0]
 * ```
 */
export function tracePredecessors(predecessor: Int32Array, target: number): number[] {
  const cells = [target];
  let cur = target;
  while (predecessor[cur]! >= 0) {
    cur = predecessor[cur]!;
    cells.push(cur);
    if (cells.length > predecessor.length) throw new SyraqError("INTERNAL", "predecessor cycle");
  }
  return cells;
}

/**
 * A least-cost path as a GeoJSON LineString ([lon, lat] degrees) with its cost and geodesic length in metres.
 */
export interface PathFeature {
  type: "Feature";
  properties: {
    costAtTarget: number;
    lengthMetres: number;
    cells: number;
    source: [number, number];
    target: [number, number];
  };
  geometry: { type: "LineString"; coordinates: Array<[number, number]> };
}

/**
 * GeoJSON LineString (source → target, cell centres, lon/lat) of a traced path (cells target → source).
 *
 * @example
 * ```ts
 * import { pathFeature, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 10, height: 10, originX: 38, originY: 36, pixelSizeX: 0.1, pixelSizeY: 0.1, crs: WGS84_CRS };
 * const f = pathFeature(grid, [2, 1, 0], 1234.5); // f.properties.lengthMetres: geodesic length of the path
 * ```
 */
export function pathFeature(grid: GridSpec, cellsTargetToSource: number[], costAtTarget: number): PathFeature {
  const coords = cellsTargetToSource
    .slice()
    .reverse()
    .map((c) => lonLatOfCell(grid, c));
  let lengthMetres = 0;
  for (let i = 1; i < coords.length; i++) lengthMetres += geodesicInverse(coords[i - 1]!, coords[i]!).lengthMetres;
  const line = coords.length === 1 ? [coords[0]!, coords[0]!] : coords;
  return {
    type: "Feature",
    properties: {
      costAtTarget,
      lengthMetres,
      cells: coords.length,
      source: coords[0]!,
      target: coords[coords.length - 1]!,
    },
    geometry: { type: "LineString", coordinates: line },
  };
}

/**
 * Re-sums the isotropic step costs along a path (cells source → target) with the
 * engine's formula; equals the accumulated cost at the target bit for bit.
 *
 * @example
 * ```ts
 * import { buildGridMoves, resumPathCost, WGS84_CRS } from "@syraq/core";
 * const grid = { width: 10, height: 10, originX: 38, originY: 36, pixelSizeX: 0.1, pixelSizeY: 0.1, crs: WGS84_CRS };
 * const cellCost = new Float32Array(100).fill(1); // 1 per metre
 * const cost = resumPathCost(grid, cellCost, buildGridMoves(grid), [0, 1, 2]); // metres across two cells
 * ```
 */
export function resumPathCost(
  grid: GridSpec,
  cellCost: Float32Array | Float64Array,
  moves: GridMoves,
  cellsSourceToTarget: number[],
  initialCost = 0,
): number {
  const W = grid.width;
  let total = initialCost;
  for (let i = 1; i < cellsSourceToTarget.length; i++) {
    const u = cellsSourceToTarget[i - 1]!;
    const v = cellsSourceToTarget[i]!;
    const ru = Math.floor(u / W);
    const dr = Math.floor(v / W) - ru;
    const dc = (v % W) - (u % W);
    let k = -1;
    for (let j = 0; j < moves.count; j++) if (moves.dr[j] === dr && moves.dc[j] === dc) k = j;
    if (k < 0)
      throw new SyraqError(
        "INTERNAL",
        `path step (${dr}, ${dc}) is not a move of the ${moves.neighbours}-neighbourhood`,
      );
    let acc: number;
    const j0 = moves.crossStart[k]!;
    const j1 = moves.crossStart[k + 1]!;
    if (j1 > j0) {
      acc = cellCost[u + moves.crossDr[j0]! * W + moves.crossDc[j0]!]!;
      for (let j = j0 + 1; j < j1; j++) acc += cellCost[u + moves.crossDr[j]! * W + moves.crossDc[j]!]!;
      acc += cellCost[v]!;
      acc += cellCost[u]!;
    } else acc = cellCost[v]! + cellCost[u]!;
    total = total + acc * moves.factor[ru * moves.count + k]!;
  }
  return total;
}
