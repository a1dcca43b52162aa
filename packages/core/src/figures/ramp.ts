/**
 * The sequential colour ramp for numbered bands (isochrone hours, corridor cost): light to dark, one module for
 * the viewer's layers and the figure legends.
 */
import type { RGBA } from "./spec.ts";

export const BAND_RAMP: readonly RGBA[] = [
  [255, 237, 160, 150],
  [254, 178, 76, 150],
  [240, 59, 32, 140],
  [189, 0, 38, 130],
  [128, 0, 60, 120],
];

/** The ramp colour of `value` among `values` (distinct values spread from the lightest to the darkest). */
export function rampColor(value: number, values: number[]): RGBA {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const k = sorted.indexOf(value);
  if (sorted.length <= 1 || k < 0) return BAND_RAMP[1]!;
  return BAND_RAMP[Math.round((k / (sorted.length - 1)) * (BAND_RAMP.length - 1))]!;
}
