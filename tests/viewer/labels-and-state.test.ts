// Pure parts of the viewer (no browser): Arabic label shaping and URL state.
import { describe, expect, it } from "vitest";
import { shapeArabic, visualLabel } from "../../packages/viewer/src/arabic.ts";
import { formatHash, parseHash } from "../../packages/viewer/src/state.ts";

const cps = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16).toUpperCase());

describe("Arabic labels for deck.gl's TextLayer (no shaping of its own)", () => {
  // Expected forms from the Unicode Arabic Presentation Forms-B chart, worked by hand:
  // دمشق: dal isolated (it never joins forward), mim initial, shin medial, qaf final.
  it("picks contextual forms", () => {
    expect(cps(shapeArabic("دمشق"))).toEqual(["FEA9", "FEE3", "FEB8", "FED6"]);
    // الرقة: alef isolated, lam initial, ra final, qaf initial (ra does not join forward), ta marbuta final.
    expect(cps(shapeArabic("الرقة"))).toEqual(["FE8D", "FEDF", "FEAE", "FED7", "FE94"]);
    // سلام: sin initial, lam-alef ligature final, mim isolated (alef does not join forward).
    expect(cps(shapeArabic("سلام"))).toEqual(["FEB3", "FEFC", "FEE1"]);
    // Harakat are dropped (the label font would place them badly without shaping).
    expect(shapeArabic("دِمَشْق")).toBe(shapeArabic("دمشق"));
  });

  it("puts Arabic in visual order and leaves Latin alone", () => {
    expect(cps(visualLabel("دمشق"))).toEqual(["FED6", "FEB8", "FEE3", "FEA9"]);
    expect(visualLabel("Deir ez-Zor")).toBe("Deir ez-Zor");
    // A digit run inside Arabic keeps its own left-to-right order.
    expect(visualLabel("طريق 42")).toBe(`42 ${[...shapeArabic("طريق")].reverse().join("")}`);
  });
});

describe("URL state", () => {
  it("round-trips view, layers and date", () => {
    const s = parseHash("#v=39.1234,34.5000,7.25&l=rivers,places&d=2017-09-29");
    expect(s.view).toEqual({ longitude: 39.1234, latitude: 34.5, zoom: 7.25 });
    expect([...s.visible].sort()).toEqual(["places", "rivers"]);
    expect(s.date).toBe("2017-09-29");
    expect(formatHash(s)).toBe("#v=39.1234,34.5000,7.25&l=rivers,places&d=2017-09-29");
  });

  it("round-trips the move-as holder and the comparison date", () => {
    const s = parseHash("#v=39.1234,34.5000,7.25&l=rivers&d=2017-10-14&as=SAA&c=2017-11-19");
    expect(s.as).toBe("SAA");
    expect(s.compare).toBe("2017-11-19");
    expect(formatHash(s)).toBe("#v=39.1234,34.5000,7.25&l=rivers&d=2017-10-14&as=SAA&c=2017-11-19");
    // no holder, no comparison: nothing written for them
    expect(formatHash({ ...s, as: undefined, compare: undefined })).toBe(
      "#v=39.1234,34.5000,7.25&l=rivers&d=2017-10-14",
    );
    // lower case is read as the holder id; anything else that is not an id or a date is ignored
    expect(parseHash("#as=sdf").as).toBe("SDF");
    expect(parseHash("#as=<script>&c=19/11/2017").as).toBeUndefined();
    expect(parseHash("#as=<script>&c=19/11/2017").compare).toBeUndefined();
  });

  it("ignores what it does not understand and falls back to defaults", () => {
    const s = parseHash("#v=abc&l=rivers,nonsense&d=29/09/2017");
    expect(s.view.zoom).toBe(6);
    expect([...s.visible]).toEqual(["rivers"]);
    expect(s.date).toBeUndefined();
    expect(parseHash("").visible.has("hillshade")).toBe(true);
    expect(parseHash("#l=").visible.size).toBe(0);
  });
});
