/** The contract between slope-dependent cost models and the grid search engines. */
export interface AnisotropicCost {
  /** Elevation per cell, metres (NaN = blocked; an Int16 DEM without nodata cells is used as it is). */
  elevationMetres: Float64Array | Float32Array | Int16Array;
  /** Cost per metre of ground length at a signed slope (rise/run, uphill > 0). +Infinity = impassable. */
  pace(slope: number): number;
  /** A lower bound of pace over all slopes (> 0); lets plain runs use the bucket queue (grid-fast.ts). */
  minPace?: number;
}
