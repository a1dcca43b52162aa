import { SyraqError } from "../errors.ts";
import { isNodata, type Raster } from "../raster/raster.ts";
import { rowCellSizes, type RowCellSizes } from "../raster/cellsize.ts";

/**
 * Light direction and height (degrees) and vertical exaggeration of {@link hillshade}.
 */
export interface HillshadeOptions {
  /** Direction the light comes from, degrees clockwise from north (default 315, north-west as gdaldem). */
  azimuthDegrees?: number;
  /** Height of the light above the horizon, degrees (default 45). */
  altitudeDegrees?: number;
  /** Vertical exaggeration applied to elevations before shading (default 1). */
  zFactor?: number;
  /** Precomputed true cell sizes; computed from the grid (WGS84 geodesics) when omitted. */
  cellSizes?: RowCellSizes;
}

/**
 * Lambertian hillshade of a DEM with true cell sizes (browser-safe).
 *
 * Gradients use Horn's 3×3 kernel, as gdaldem and GRASS do; on lon/lat grids
 * the east-west spacing is the row's true geodesic cell width and the
 * north-south spacing the meridian arc of the row (rowCellSizes), so shading
 * does not stretch with latitude and degrees are never taken for metres.
 * Result: a Float32 raster on the DEM's grid with values in [0, 1]
 * (cos of the angle between the surface normal and the light; 0 in shadow),
 * NaN where the cell is nodata (a nodata neighbour counts as level with the cell). Edge cells reuse the nearest
 * row/column (edge replication), so the output has no empty border.
 * gdaldem's byte value is 1 + 254 × shade (0 when shade is 0).
 *
 * Throws BAD_OPTION for a bad azimuth, an altitude outside (0°, 90°], a zFactor that is not positive, an empty DEM or
 * cell sizes of another grid.
 *
 * @example
 * ```ts
 * import { hillshade } from "@syraq/core";
 * import { readRasterFile } from "@syraq/core/node";
 * const shade = hillshade(await readRasterFile("dem.tif"), { azimuthDegrees: 315, altitudeDegrees: 45 });
 * ```
 */
export function hillshade(dem: Raster, options: HillshadeOptions = {}): Raster<Float32Array> {
  const azimuthDegrees = options.azimuthDegrees ?? 315;
  const altitudeDegrees = options.altitudeDegrees ?? 45;
  const zFactor = options.zFactor ?? 1;
  if (!Number.isFinite(azimuthDegrees))
    throw new SyraqError(
      "BAD_OPTION",
      `hillshade azimuth ${azimuthDegrees} is not a number; give degrees clockwise from north, e.g. 315`,
      { azimuthDegrees },
    );
  if (!(altitudeDegrees > 0 && altitudeDegrees <= 90))
    throw new SyraqError("BAD_OPTION", `hillshade altitude ${altitudeDegrees}° is outside (0, 90]`, {
      altitudeDegrees,
    });
  if (!(zFactor > 0 && Number.isFinite(zFactor)))
    throw new SyraqError("BAD_OPTION", `hillshade zFactor ${zFactor} must be a positive number`, { zFactor });
  const { width, height } = dem;
  if (width < 1 || height < 1)
    throw new SyraqError("BAD_OPTION", `hillshade needs a non-empty DEM (got ${width}×${height})`, { width, height });
  const sizes = options.cellSizes ?? rowCellSizes(dem);
  if (sizes.ewMetres.length !== height || sizes.nsMetres.length !== height) {
    throw new SyraqError("BAD_OPTION", `cellSizes have ${sizes.ewMetres.length} rows, the DEM has ${height}`, {
      rows: sizes.ewMetres.length,
      height,
    });
  }

  const az = (azimuthDegrees * Math.PI) / 180;
  const alt = (altitudeDegrees * Math.PI) / 180;
  // Unit vector towards the light in (east, north, up).
  const lx = Math.sin(az) * Math.cos(alt);
  const ly = Math.cos(az) * Math.cos(alt);
  const lz = Math.sin(alt);

  // Elevations with nodata as NaN.
  const z = new Float64Array(width * height);
  for (let i = 0; i < z.length; i++) z[i] = isNodata(dem, i) ? NaN : dem.data[i]! * zFactor;

  const out = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    const rn = r > 0 ? r - 1 : r;
    const rs = r < height - 1 ? r + 1 : r;
    // Horn's denominators: 8 × spacing, with the spacing doubled-up rows/cols
    // at the edges counted as they are (edge replication halves the span).
    const spanRows = (rs - rn) / 2; // 1 inside, 0.5 on the first/last row
    const ew8 = 8 * sizes.ewMetres[r]!;
    const ns8 = 8 * sizes.nsMetres[r]! * spanRows;
    const on = rn * width;
    const oc = r * width;
    const os = rs * width;
    for (let c = 0; c < width; c++) {
      const cw = c > 0 ? c - 1 : c;
      const ce = c < width - 1 ? c + 1 : c;
      const spanCols = (ce - cw) / 2;
      const e = z[oc + c]!;
      if (Number.isNaN(e)) {
        out[oc + c] = NaN;
        continue;
      }
      // A nodata neighbour takes the centre's value (as gdaldem's edge
      // handling does), so holes do not grow by a cell in every direction.
      const a = orCentre(z[on + cw]!, e),
        b = orCentre(z[on + c]!, e),
        cc = orCentre(z[on + ce]!, e);
      const d = orCentre(z[oc + cw]!, e),
        f = orCentre(z[oc + ce]!, e);
      const g = orCentre(z[os + cw]!, e),
        h = orCentre(z[os + c]!, e),
        i = orCentre(z[os + ce]!, e);
      const dzdx = spanCols === 0 ? 0 : (cc + 2 * f + i - (a + 2 * d + g)) / (ew8 * spanCols);
      const dzdy = ns8 === 0 ? 0 : (a + 2 * b + cc - (g + 2 * h + i)) / ns8; // northwards
      // Normal (-dz/dx, -dz/dy, 1), normalised, dotted with the light.
      const shade = (-dzdx * lx - dzdy * ly + lz) / Math.sqrt(1 + dzdx * dzdx + dzdy * dzdy);
      out[oc + c] = Number.isNaN(shade) ? NaN : shade > 0 ? shade : 0;
    }
  }
  return {
    width,
    height,
    originX: dem.originX,
    originY: dem.originY,
    pixelSizeX: dem.pixelSizeX,
    pixelSizeY: dem.pixelSizeY,
    crs: dem.crs,
    data: out,
    nodata: null,
  };
}

function orCentre(value: number, centre: number): number {
  return Number.isNaN(value) ? centre : value;
}
