// Legend swatches of nested translucent bands: the colour seen where a band is the innermost, by hand.
import { describe, expect, it } from "vitest";
import { nestedBandColor, rampColor } from "../../src/figures/ramp.ts";

describe("nestedBandColor", () => {
  // Bands of 1, 2 and 4 h: ramp colours [255,237,160,150], [240,59,32,140], [128,0,60,120] (rampColor).
  const minutes = [60, 120, 240];
  it("uses the ramp's first, middle and last colours", () => {
    expect(rampColor(60, minutes)).toEqual([255, 237, 160, 150]);
    expect(rampColor(120, minutes)).toEqual([240, 59, 32, 140]);
    expect(rampColor(240, minutes)).toEqual([128, 0, 60, 120]);
  });
  it("outer band: its fill over the ground (236, 226, 190)", () => {
    // a = 120/255 = 0.470588: R = 236 × 0.529412 + 128 × 0.470588 = 185.18; G = 226 × 0.529412 = 119.65;
    // B = 190 × 0.529412 + 60 × 0.470588 = 128.82
    expect(nestedBandColor(240, minutes)).toEqual([185, 120, 129, 255]);
  });
  it("middle band: its fill over the outer one over the ground", () => {
    // a = 140/255 = 0.54902 over (185.18, 119.65, 128.82): R = 83.51 + 131.76 = 215.28; G = 53.96 + 32.39 = 86.35;
    // B = 58.10 + 17.57 = 75.66
    expect(nestedBandColor(120, minutes)).toEqual([215, 86, 76, 255]);
  });
  it("inner band is lighter than the middle one (the ramp's order survives the stacking)", () => {
    const lum = (c: number[]) => 0.3 * c[0]! + 0.59 * c[1]! + 0.11 * c[2]!;
    const [inner, middle, outer] = minutes.map((m) => lum(nestedBandColor(m, minutes)));
    expect(inner).toBeGreaterThan(middle!);
    expect(outer).toBeGreaterThan(middle!); // the outer band is seen once: lighter than two stacked fills
  });
});
