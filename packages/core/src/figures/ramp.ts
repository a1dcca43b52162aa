/**
 * The sequential colour ramp for numbered bands (isochrone hours, corridor cost): light to dark, one module for
 * the viewer's layers and the figure legends.
 */
import type { RGBA } from "./spec.ts";

/**
 * The colours of isochrone bands, lightest (shortest time) first: RGBA 0-255.
 */
export const BAND_RAMP: readonly RGBA[] = [
  [255, 237, 160, 150],
  [254, 178, 76, 150],
  [240, 59, 32, 140],
  [189, 0, 38, 130],
  [128, 0, 60, 120],
];

/**
 * The ramp colour of `value` among `values` (distinct values spread from the lightest to the darkest).
 *
 * @example
 * ```ts
 * import { rampColor } from "@syraq/core";
 * rampColor(60, [60, 120, 240]); // the lightest colour of the ramp
 * rampColor(240, [60, 120, 240]); // the darkest
 * ```
 */
export function rampColor(value: number, values: number[]): RGBA {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const k = sorted.indexOf(value);
  if (sorted.length <= 1 || k < 0) return BAND_RAMP[1]!;
  return BAND_RAMP[Math.round((k / (sorted.length - 1)) * (BAND_RAMP.length - 1))]!;
}

/** The relief's middle tint (the legend's relief swatch): the ground nested bands are seen over. */
export const LEGEND_GROUND: RGBA = [236, 226, 190, 255];

/**
 * The colour a reader sees where `value`'s band is the innermost one: nested bands are drawn largest first, each
 * translucent, so inside band k the fills of every band from the largest down to k lie on top of each other.
 * Composited over `ground` ("over" operator), opaque, for legend swatches that match the map.
 *
 * @example
 * ```ts
 * import { nestedBandColor } from "@syraq/core";
 * // isochrone bands of 60, 120 and 240 minutes drawn largest first, each translucent:
 * nestedBandColor(60, [60, 120, 240]); // [239, 175, 125, 255]: all three fills over the ground
 * nestedBandColor(240, [60, 120, 240]); // [185, 120, 129, 255]: the 4 h band's fill alone
 * ```
 */
export function nestedBandColor(value: number, values: number[], ground: RGBA = LEGEND_GROUND): RGBA {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const k = sorted.indexOf(value);
  let c = [ground[0], ground[1], ground[2]];
  if (k < 0) return [c[0]!, c[1]!, c[2]!, 255];
  for (let j = sorted.length - 1; j >= k; j--) {
    const top = rampColor(sorted[j]!, sorted);
    const a = top[3] / 255;
    c = c.map((v, i) => v * (1 - a) + top[i]! * a);
  }
  return [Math.round(c[0]!), Math.round(c[1]!), Math.round(c[2]!), 255];
}
