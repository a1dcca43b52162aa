/**
 * Cost surfaces: the per-cell input of a grid search, built from a DEM and a
 * terrain model (anisotropic, seconds) or from a user cost raster.
 *
 * Terrain classes (optional class raster on the DEM grid, codes mapped to class
 * names) set a per-cell friction = 1 / speed factor; water is impassable except
 * within `crossingRadiusMetres` of a declared crossing (bridge, ferry, ford).
 */
import { SyraqError } from "../errors.ts";
import { toRasterCrs } from "../raster/crs.ts";
import type { GridSpec, Raster } from "../raster/raster.ts";
import type { AnisotropicCost } from "./anisotropic.ts";
import { rowCellSizes } from "../raster/cellsize.ts";
import { TERRAIN_CLASSES, type TerrainClassKey } from "../terrain/classes.ts";
import type { TerrainCostModel } from "./models.ts";

/** Class keys of terrain/classes.ts (water, valley, euphrates, plain, upland, mountain). */
export type TerrainClassName = TerrainClassKey;

/** Speed factors per class (multiply the model's speed); 0 = impassable. */
export const DEFAULT_CLASS_SPEED_FACTORS: Record<"walking" | "vehicle", Record<TerrainClassName, number>> = {
  // walking: the slope already slows a walker; irrigated valley floors (fields, canals) a little
  walking: { water: 0, valley: 0.9, euphrates: 0.9, plain: 1, upland: 1, mountain: 1 },
  // vehicle: irrigated valley floors (fields, canals, villages) and broken mountain ground slow a vehicle off-road
  vehicle: { water: 0, valley: 0.6, euphrates: 0.5, plain: 1, upland: 0.8, mountain: 0.4 },
};

/**
 * What a grid search needs for one model: per-cell friction or cost per metre, and the slope-dependent pace.
 */
export interface CostSurface {
  grid: GridSpec;
  /**
   * Friction (terrain models) or cost per metre (cost rasters); NaN = impassable. Float32 ones for a terrain
   * model without classes (exact, 4 bytes a cell), Float64 with class factors (1 / factor).
   */
  cellCost: Float32Array | Float64Array;
  anisotropic?: AnisotropicCost;
  /** Units of the accumulated cost. */
  accumulatedUnits: string;
  model: string;
}

/**
 * Options of {@link terrainCostSurface}: terrain classes and their speed factors, crossings (degrees) and their radius
 * (metres).
 */
export interface TerrainSurfaceOptions {
  /** Terrain class raster on the DEM's grid. */
  classes?: Raster;
  /** Class code → class key (default: the codes of terrain/classes.ts, 1 water … 6 mountain). */
  classCodes?: Record<number, TerrainClassName>;
  /** Speed factor overrides per class name. */
  classSpeedFactors?: Partial<Record<TerrainClassName, number>>;
  /** Declared water crossings, lon/lat. */
  crossings?: Array<[number, number]>;
  crossingRadiusMetres?: number;
}

/**
 * Terrain class code → class key (1 water … 6 mountain).
 */
export const DEFAULT_CLASS_CODES: Record<number, TerrainClassName> = Object.fromEntries(
  TERRAIN_CLASSES.map((c) => [c.code, c.key]),
);

function sameGrid(a: GridSpec, b: GridSpec): boolean {
  const eq = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  return (
    a.width === b.width &&
    a.height === b.height &&
    eq(a.originX, b.originX) &&
    eq(a.originY, b.originY) &&
    eq(a.pixelSizeX, b.pixelSizeX) &&
    eq(a.pixelSizeY, b.pixelSizeY)
  );
}

/**
 * Cells within radius of a lon/lat point (ground distance approximated per row, exact enough at cell scale).
 *
 * @example
 * ```ts
 * import { cellsNear } from "@syraq/core";
 * import { rasterPathGrid } from "@syraq/core/node";
 * const cells = cellsNear(await rasterPathGrid("dem.tif"), 39.0079, 35.9528, 1500); // cell indices within 1.5 km
 * ```
 */
export function cellsNear(grid: GridSpec, lon: number, lat: number, radiusMetres: number): number[] {
  const [x, y] = toRasterCrs(grid.crs, lon, lat);
  const col0 = (x - grid.originX) / grid.pixelSizeX - 0.5;
  const row0 = (grid.originY - y) / grid.pixelSizeY - 0.5;
  const { ewMetres, nsMetres } = rowCellSizes(grid);
  const rMid = Math.min(grid.height - 1, Math.max(0, Math.round(row0)));
  const out: number[] = [];
  const spanR = Math.ceil(radiusMetres / nsMetres[rMid]!) + 1;
  for (let r = Math.max(0, Math.floor(row0) - spanR); r <= Math.min(grid.height - 1, Math.ceil(row0) + spanR); r++) {
    const spanC = Math.ceil(radiusMetres / ewMetres[r]!) + 1;
    for (let c = Math.max(0, Math.floor(col0) - spanC); c <= Math.min(grid.width - 1, Math.ceil(col0) + spanC); c++) {
      const dx = (c - col0) * ewMetres[r]!;
      const dy = (r - row0) * nsMetres[r]!;
      if (Math.hypot(dx, dy) <= radiusMetres) out.push(r * grid.width + c);
    }
  }
  if (out.length === 0) {
    const c = Math.round(col0);
    const r = Math.round(row0);
    if (c >= 0 && r >= 0 && c < grid.width && r < grid.height) out.push(r * grid.width + c);
  }
  return out;
}

/**
 * The DEM's elevations as the search reads them (NaN = nodata). An Int16, Float32 or Float64 DEM without
 * nodata cells is used as it is (no copy: 2 bytes a cell for SRTM-like Int16 DEMs; every Int16 value is
 * exact as a double, so the steps are the same doubles as from a Float32 copy); otherwise a copy with NaN
 * at the nodata cells, Float32 unless the DEM is Float64 (Int16 and Float32 values are exact in Float32).
 */
function elevationArray(dem: Raster): Float64Array | Float32Array | Int16Array {
  const data = dem.data;
  const nd = dem.nodata;
  const N = dem.width * dem.height;
  if (data instanceof Int16Array || data instanceof Float32Array || data instanceof Float64Array) {
    let hit = false;
    if (nd !== null && !Number.isNaN(nd)) {
      for (let i = 0; i < N; i++)
        if (data[i] === nd) {
          hit = true;
          break;
        }
    }
    if (!hit) return data;
  }
  const elevation = data instanceof Float64Array ? new Float64Array(N) : new Float32Array(N);
  for (let i = 0; i < N; i++) {
    const z = data[i]!;
    elevation[i] = Number.isNaN(z) || (nd !== null && z === nd) ? NaN : z;
  }
  return elevation;
}

/**
 * A DEM + terrain model surface: friction per cell (1 / class speed factor), slope-dependent pace.
 *
 * Pace in seconds per metre: the accumulated cost over it is seconds.
 *
 * Throws CRS_MISMATCH when the class raster is not on the DEM's grid.
 *
 * @example
 * ```ts
 * import { terrainCostModel, terrainCostSurface } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const surface = terrainCostSurface(await readRasterFile("dem.tif"), terrainCostModel("tobler"));
 * ```
 */
export function terrainCostSurface(
  dem: Raster,
  model: TerrainCostModel,
  options: TerrainSurfaceOptions = {},
): CostSurface {
  const N = dem.width * dem.height;
  const elevation = elevationArray(dem);
  const cellCost = options.classes ? new Float64Array(N) : new Float32Array(N);
  cellCost.fill(1);
  if (options.classes) {
    const cls = options.classes;
    if (!sameGrid(cls, dem)) {
      throw new SyraqError(
        "CRS_MISMATCH",
        `the class raster (${cls.width}×${cls.height}) is not on the DEM's grid (${dem.width}×${dem.height}); make it from the same DEM with syraq terrain`,
        {},
      );
    }
    const codes = options.classCodes ?? DEFAULT_CLASS_CODES;
    const factors = { ...DEFAULT_CLASS_SPEED_FACTORS[model.kind], ...options.classSpeedFactors };
    const open = new Uint8Array(N);
    for (const [lon, lat] of options.crossings ?? [])
      for (const i of cellsNear(dem, lon, lat, options.crossingRadiusMetres ?? 1000)) open[i] = 1;
    for (let i = 0; i < N; i++) {
      const name = codes[cls.data[i]!];
      if (!name) continue; // unknown / nodata class: no factor
      let f = factors[name];
      if (name === "water" && open[i]) f = 1;
      cellCost[i] = f > 0 ? 1 / f : NaN;
    }
  }
  return {
    grid: dem,
    cellCost,
    anisotropic: { elevationMetres: elevation, pace: model.pace, minPace: model.minPace },
    accumulatedUnits: "seconds",
    model: model.name,
  };
}
