import { gridBounds, hillshade, isNodata, type Raster } from "@syraq/core";

// Hypsometric tint stops (metres above sea level → RGB), muted so lines and labels stay readable.
const TINT: Array<[number, [number, number, number]]> = [
  [-500, [170, 200, 190]],
  [0, [196, 214, 176]],
  [200, [222, 226, 186]],
  [500, [236, 226, 190]],
  [1000, [222, 200, 160]],
  [1800, [200, 176, 146]],
  [3000, [240, 240, 240]],
];

export function tint(elevationMetres: number): [number, number, number] {
  if (elevationMetres <= TINT[0]![0]) return TINT[0]![1];
  for (let k = 1; k < TINT.length; k++) {
    const [z1, c1] = TINT[k]!;
    const [z0, c0] = TINT[k - 1]!;
    if (elevationMetres <= z1) {
      const t = (elevationMetres - z0) / (z1 - z0);
      return [c0[0] + t * (c1[0] - c0[0]), c0[1] + t * (c1[1] - c0[1]), c0[2] + t * (c1[2] - c0[2])];
    }
  }
  return TINT[TINT.length - 1]![1];
}

/**
 * The relief image: hypsometric tint modulated by a hillshade computed with
 * true cell sizes (core/terrain/hillshade). Vertical exaggeration 4 because at
 * 1.5′ (≈2.3-2.8 km cells) the valleys are only a few cells wide.
 */
export function reliefImage(dem: Raster): { canvas: HTMLCanvasElement; bounds: [number, number, number, number] } {
  const shade = hillshade(dem, { zFactor: 4 });
  const canvas = document.createElement("canvas");
  canvas.width = dem.width;
  canvas.height = dem.height;
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(dem.width, dem.height);
  // Flat ground under the default light (altitude 45°) has shade sin 45°; scale so it keeps its tint.
  const flat = Math.SQRT1_2;
  for (let i = 0; i < dem.width * dem.height; i++) {
    const o = i * 4;
    if (isNodata(dem, i) || Number.isNaN(shade.data[i]!)) {
      img.data[o + 3] = 0;
      continue;
    }
    const [r, g, b] = tint(dem.data[i]!);
    const k = Math.min(1.25, Math.max(0.35, 0.3 + (0.7 * shade.data[i]!) / flat));
    img.data[o] = Math.min(255, r * k);
    img.data[o + 1] = Math.min(255, g * k);
    img.data[o + 2] = Math.min(255, b * k);
    img.data[o + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return { canvas, bounds: gridBounds(dem) };
}
