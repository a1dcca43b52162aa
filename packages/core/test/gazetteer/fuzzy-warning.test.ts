import { describe, expect, it } from "vitest";
import { isSyraqError } from "../../src/errors.ts";
import { resolveLocation } from "../../src/gazetteer/gazetteer.ts";
import { loadGazetteer } from "../../src/gazetteer/node/load.ts";
import { geodesicInverse } from "../../src/geo/geodesic.ts";
import { resolveDataDir } from "../../src/io/node/datadir.ts";

const g = loadGazetteer(resolveDataDir());

describe("gazetteer: fuzzy matches are never silent", () => {
  it("Karabila (al-Qaim district) is its own place, not Karbala 344 km away", () => {
    const m = g.match("Karabila");
    expect(m.match).not.toBe("fuzzy");
    expect(m.place.country).toBe("IQ");
    const qaim = g.lookup("al-Qaim");
    // the seed places it a few km east of Husaybah (al-Qaim's GeoNames point)
    expect(geodesicInverse([m.place.lon, m.place.lat], [qaim.lon, qaim.lat]).lengthMetres).toBeLessThan(10_000);
    const karbala = g.lookup("Karbala");
    expect(geodesicInverse([m.place.lon, m.place.lat], [karbala.lon, karbala.lat]).lengthMetres).toBeGreaterThan(
      300_000,
    );
  });

  it("'Annah' (IraqiNews' spelling) resolves to Anah", () => {
    expect(g.lookup("Annah").name).toBe("Anah");
  });

  it("a fuzzy match carries a warning naming the match, the next candidate and its distance", () => {
    const m = g.match("Qaryatan"); // one letter off every key of al-Qaryatayn
    expect(m.match).toBe("fuzzy");
    expect(m.warning).toMatch(/'Qaryatan' is not a known name: read as .*Qaryatayn/);
    expect(m.nextCandidate).toBeDefined();
    const next = g.suggest("Qaryatan", 4).find((p) => p.name !== m.place.name)!;
    const d = geodesicInverse([m.place.lon, m.place.lat], [next.lon, next.lat]).lengthMetres;
    expect(m.nextCandidate!.distanceMetres).toBeCloseTo(d, 3);
    expect(m.warning).toContain(`${(d / 1000).toFixed(0)} km`);
    const loc = resolveLocation("Qaryatan", g);
    expect(loc.warning).toBe(m.warning);
  });

  it("strict lookup refuses a fuzzy match (UNKNOWN_PLACE) but accepts exact names and spelling variants", () => {
    let err: unknown;
    try {
      g.match("Qaryatan", { strict: true });
    } catch (e) {
      err = e;
    }
    expect(isSyraqError(err) && err.code).toBe("UNKNOWN_PLACE");
    expect(String((err as Error).message)).toMatch(/refused: strict/);
    expect(g.match("al-Qaryatayn", { strict: true }).place.name).toMatch(/Qaryatayn/);
    expect(g.match("Deir Ezzor", { strict: true }).match).not.toBe("fuzzy");
  });
});
