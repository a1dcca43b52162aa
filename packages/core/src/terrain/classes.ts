/**
 * Terrain classes from a DEM plus water and drainage layers. Each cell gets the
 * first class whose rule it meets, in this order:
 *
 *  1 water             inside a lake polygon, or on a river line (supercover)
 *  3 Euphrates corridor within corridorDistanceMetres of the Euphrates
 *  2 valley floor      within valleyDistanceMetres of a river or wadi line, at most
 *                      valleyHeightMetres above that line's nearest cell, and slope
 *                      ≤ valleySlopeDegrees ("height above nearest drainage")
 *  6 mountain          local relief ≥ mountainReliefMetres, or slope ≥
 *                      mountainSlopeDegrees, or elevation ≥ mountainElevationMetres
 *  5 upland            local relief ≥ uplandReliefMetres, or slope ≥
 *                      uplandSlopeDegrees, or elevation ≥ uplandElevationMetres
 *  4 desert plain      everything else
 *  0 nodata            DEM nodata
 *
 * Local relief is max − min elevation within reliefRadiusMetres (square window).
 * The defaults suit 1–3 km cells (the pack's 1.5′ GMTED); slopes on finer DEMs
 * are steeper, so raise the slope thresholds there.
 */
import { SyraqError } from "../errors.ts";
import type { LonLat, PolygonalGeometry } from "../geo/types.ts";
import type { GridSpec, Raster } from "../raster/raster.ts";
import { sumCellAreasByValue } from "../raster/area.ts";
import { distanceToSeeds } from "../raster/distance.ts";
import { rasterizeLines, rasterizePolygons } from "../raster/rasterize.ts";
import { localRelief, windowForRadius } from "./relief.ts";
import { slopeAspect } from "./slope.ts";
import { polygonizeRaster } from "../raster/polygonize.ts";

/** Class codes of the class raster, with a suggested map colour (hex sRGB). */
export const TERRAIN_CLASSES = [
  { code: 1, key: "water", name: "water", colour: "#1e5adc" },
  { code: 2, key: "valley", name: "valley floor", colour: "#78c85a" },
  { code: 3, key: "euphrates", name: "Euphrates corridor", colour: "#fac832" },
  { code: 4, key: "plain", name: "desert plain", colour: "#ebe1be" },
  { code: 5, key: "upland", name: "upland", colour: "#b48250" },
  { code: 6, key: "mountain", name: "mountain", colour: "#6e3c28" },
] as const;
/**
 * Key of a terrain class: "water", "valley", "euphrates", "plain", "upland" or "mountain".
 */
export type TerrainClassKey = (typeof TERRAIN_CLASSES)[number]["key"];
/**
 * Class code of cells without a class (DEM nodata).
 */
export const TERRAIN_NODATA = 0;

/**
 * The classification's thresholds: distances and heights in metres, slopes in degrees.
 */
export interface TerrainThresholds {
  corridorDistanceMetres: number;
  valleyDistanceMetres: number;
  valleyHeightMetres: number;
  valleySlopeDegrees: number;
  reliefRadiusMetres: number;
  uplandReliefMetres: number;
  uplandSlopeDegrees: number;
  uplandElevationMetres: number;
  mountainReliefMetres: number;
  mountainSlopeDegrees: number;
  mountainElevationMetres: number;
}

/**
 * Default thresholds of {@link classifyTerrain} (metres and degrees).
 */
export const DEFAULT_TERRAIN_THRESHOLDS: Readonly<TerrainThresholds> = Object.freeze({
  corridorDistanceMetres: 10_000,
  valleyDistanceMetres: 8_000,
  valleyHeightMetres: 30,
  valleySlopeDegrees: 3,
  reliefRadiusMetres: 5_000,
  uplandReliefMetres: 150,
  uplandSlopeDegrees: 4,
  uplandElevationMetres: 800,
  mountainReliefMetres: 400,
  mountainSlopeDegrees: 8,
  mountainElevationMetres: 1_500,
});

/**
 * Water and drainage lines a terrain classification needs, [lon, lat] degrees.
 */
export interface TerrainLayers {
  /** Lakes and reservoirs (water where a cell centre is inside). */
  lakes: readonly PolygonalGeometry[];
  /** Rivers drawn as water (supercover). */
  rivers: readonly (readonly LonLat[])[];
  /** Rivers and wadis (intermittent streams) that valley floors follow; include the rivers. */
  drainage: readonly (readonly LonLat[])[];
  /** The Euphrates (any number of pieces; orientation irrelevant). */
  euphrates: readonly (readonly LonLat[])[];
}

/**
 * Result of {@link classifyTerrain}: the class raster (codes 1-6, 0 nodata), slope and aspect in degrees, areas in m².
 */
export interface TerrainClassResult {
  classes: Raster<Uint8Array>;
  slope: Raster<Float32Array>;
  aspect: Raster<Float32Array>;
  /** Per class: cells and ellipsoidal area (m²). */
  areas: Array<{ code: number; key: string; name: string; cells: number; areaSquareMetres: number }>;
  thresholds: TerrainThresholds;
}

/**
 * The default terrain thresholds with `t`'s overrides, checked: BAD_OPTION (exit 2) naming a threshold that is not a
 * number ≥ 0, or mountain thresholds below the upland ones. Distances and heights in metres, slopes in degrees.
 *
 * @example
 * ```ts
 * import { checkThresholds } from "@syraq/core";
 * const t = checkThresholds({ mountainElevationMetres: 1800 }); // the other thresholds at their defaults
 * ```
 */
export function checkThresholds(t: Partial<TerrainThresholds>): TerrainThresholds {
  const out = {
    ...DEFAULT_TERRAIN_THRESHOLDS,
    ...Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)),
  } as TerrainThresholds;
  for (const [k, v] of Object.entries(out)) {
    if (!(k in DEFAULT_TERRAIN_THRESHOLDS))
      throw new SyraqError(
        "BAD_OPTION",
        `unknown terrain threshold '${k}'; known: ${Object.keys(DEFAULT_TERRAIN_THRESHOLDS).join(", ")}`,
        { key: k },
      );
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      throw new SyraqError("BAD_OPTION", `terrain threshold ${k} must be a number ≥ 0, got ${v}`, { key: k, value: v });
  }
  if (
    out.mountainReliefMetres < out.uplandReliefMetres ||
    out.mountainElevationMetres < out.uplandElevationMetres ||
    out.mountainSlopeDegrees < out.uplandSlopeDegrees
  ) {
    throw new SyraqError("BAD_OPTION", "mountain thresholds must be ≥ the upland ones (relief, slope and elevation)", {
      thresholds: out,
    });
  }
  return out;
}

function emptyLike<T extends Uint8Array>(grid: GridSpec, data: T, nodata: number | null): Raster<T> {
  const { width, height, originX, originY, pixelSizeX, pixelSizeY, crs } = grid;
  return { width, height, originX, originY, pixelSizeX, pixelSizeY, crs, data, nodata };
}

/**
 * Classifies every DEM cell into water, valley floor, Euphrates corridor, desert plain, upland or mountain (codes 1-6,
 * 0 nodata)
 * from elevation (metres), slope (degrees), local relief and distance to rivers; also returns slope, aspect and the
 * ellipsoidal area of each class in square metres.
 *
 * @example
 * ```ts
 * import { classifyTerrain } from "@syraq/core";
 * import { loadDem, loadTerrainLayers, resolveDataDir } from "@syraq/core/node";
 * const dataDir = resolveDataDir();
 * const r = classifyTerrain(await loadDem({ dataDir }), loadTerrainLayers(dataDir), { uplandElevationMetres: 900 });
 * r.areas.map((a) => `${a.name}: ${Math.round(a.areaSquareMetres / 1e6)} km²`);
 * ```
 */
export function classifyTerrain(
  dem: Raster,
  layers: TerrainLayers,
  thresholds: Partial<TerrainThresholds> = {},
): TerrainClassResult {
  const t = checkThresholds(thresholds);
  const { width: w, height: h } = dem;
  const n = w * h;
  const { slope, aspect } = slopeAspect(dem, { computeEdges: true });
  const { kx, ky } = windowForRadius(dem, t.reliefRadiusMetres);
  const relief = localRelief(dem, kx, ky);
  const water = new Uint8Array(n);
  rasterizePolygons(dem, layers.lakes, water);
  for (const s of rasterizeLines(dem, layers.rivers)) water[s.index] = 1;
  const euph = distanceToSeeds(dem, rasterizeLines(dem, layers.euphrates), t.corridorDistanceMetres);
  const drain = distanceToSeeds(dem, rasterizeLines(dem, layers.drainage), t.valleyDistanceMetres);
  const out = new Uint8Array(n);
  const nd = dem.nodata;
  for (let i = 0; i < n; i++) {
    const z = dem.data[i]!;
    if (!Number.isFinite(z) || (nd !== null && z === nd)) continue; // 0 = nodata (NaN, ±Inf, declared)
    if (water[i]) {
      out[i] = 1;
      continue;
    }
    if (euph.distanceMetres[i]! <= t.corridorDistanceMetres) {
      out[i] = 3;
      continue;
    }
    const s = slope.data[i]!;
    const seed = drain.seedCell[i]!;
    if (drain.distanceMetres[i]! <= t.valleyDistanceMetres && seed >= 0 && s <= t.valleySlopeDegrees) {
      const zs = dem.data[seed]!;
      if (!(nd !== null && zs === nd) && z - zs <= t.valleyHeightMetres) {
        out[i] = 2;
        continue;
      }
    }
    const rel = relief[i]!;
    if (rel >= t.mountainReliefMetres || s >= t.mountainSlopeDegrees || z >= t.mountainElevationMetres) out[i] = 6;
    else if (rel >= t.uplandReliefMetres || s >= t.uplandSlopeDegrees || z >= t.uplandElevationMetres) out[i] = 5;
    else out[i] = 4;
  }
  const classes = emptyLike(dem, out, TERRAIN_NODATA);
  const sums = sumCellAreasByValue(classes, 7);
  const areas = TERRAIN_CLASSES.map((c) => ({
    code: c.code,
    key: c.key,
    name: c.name,
    cells: sums.cells[c.code]!,
    areaSquareMetres: sums.areaSquareMetres[c.code]!,
  }));
  return { classes, slope, aspect, areas, thresholds: t };
}

/**
 * One terrain class dissolved into a MultiPolygon ([lon, lat] degrees), with its area in m² and km².
 */
export interface ClassFeature {
  type: "Feature";
  properties: {
    code: number;
    key: string;
    name: string;
    cells: number;
    parts: number;
    holes: number;
    areaSquareMetres: number;
    areaKm2: number;
  };
  geometry: { type: "MultiPolygon"; coordinates: number[][][][] };
}

/**
 * One MultiPolygon feature per class present (cells of a class dissolved, holes kept), RFC 7946.
 *
 * @example
 * ```ts
 * import { classifyTerrain, terrainClassPolygons } from "@syraq/core";
 * import { loadDem, loadTerrainLayers, resolveDataDir } from "@syraq/core/node";
 * const dataDir = resolveDataDir();
 * const fc = terrainClassPolygons(classifyTerrain(await loadDem({ dataDir }), loadTerrainLayers(dataDir)));
 * ```
 */
export function terrainClassPolygons(result: Pick<TerrainClassResult, "classes" | "areas">): {
  type: "FeatureCollection";
  features: ClassFeature[];
} {
  const parts = polygonizeRaster(result.classes);
  const features: ClassFeature[] = [];
  for (const c of TERRAIN_CLASSES) {
    const mine = parts.filter((p) => p.value === c.code);
    if (mine.length === 0) continue;
    const a = result.areas.find((x) => x.code === c.code)!;
    features.push({
      type: "Feature",
      properties: {
        code: c.code,
        key: c.key,
        name: c.name,
        cells: a.cells,
        parts: mine.length,
        holes: mine.reduce((s, p) => s + p.rings.length - 1, 0),
        areaSquareMetres: a.areaSquareMetres,
        areaKm2: a.areaSquareMetres / 1e6,
      },
      geometry: { type: "MultiPolygon", coordinates: mine.map((p) => p.rings) },
    });
  }
  return { type: "FeatureCollection", features };
}
