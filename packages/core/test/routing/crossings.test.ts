import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crossingStateOn, findCrossing, parseCrossings, selectCrossings } from "../../src/routing/crossings.ts";
import { isSyraqError } from "../../src/errors.ts";

const ROOT = join(import.meta.dirname, "../../../..");
const crossings = parseCrossings(
  JSON.parse(readFileSync(join(ROOT, "data/crossings/crossings.geojson"), "utf8")),
  "data/crossings/crossings.geojson",
);
const byName = (n: string) => findCrossing(crossings, n);

describe("data/crossings", () => {
  it("every crossing names a barrier river, a source and sits in the region", () => {
    expect(crossings.length).toBeGreaterThanOrEqual(20);
    for (const c of crossings) {
      expect(["euphrates", "khabur", "tigris"]).toContain(c.river);
      expect(c.sources.length).toBeGreaterThan(0);
      expect(c.position[0]).toBeGreaterThan(35.5);
      expect(c.position[0]).toBeLessThan(45.5);
      expect(c.position[1]).toBeGreaterThan(32);
      expect(c.position[1]).toBeLessThan(37.5);
    }
    expect(new Set(crossings.map((c) => c.name)).size).toBe(crossings.length);
  });

  it("statuses by date follow DESIGN.md section 7", () => {
    const on = (n: string, d?: string) => crossingStateOn(byName(n), d).open;
    expect(on("Deir ez-Zor suspension bridge", "2013-05-01")).toBe(true);
    expect(on("Deir ez-Zor suspension bridge", "2013-05-02")).toBe(false);
    expect(on("al-Mayadin bridge", "2016-09-01")).toBe(true);
    expect(on("al-Mayadin bridge", "2017-10-01")).toBe(false);
    expect(on("Raqqa old bridge", "2017-10-01")).toBe(false);
    expect(on("Rawa bridge", "2017-05-31")).toBe(true);
    expect(on("Rawa bridge", "2017-10-01")).toBe(false);
    expect(on("Deir ez-Zor Russian pontoon bridge", "2017-09-25")).toBe(false);
    expect(on("Deir ez-Zor Russian pontoon bridge", "2017-09-26")).toBe(true);
    expect(on("Tabqa Dam", "2017-10-01")).toBe(true);
    // no date: the pre-war network, temporary crossings absent
    expect(on("al-Mayadin bridge")).toBe(true);
    expect(on("Deir ez-Zor Russian pontoon bridge")).toBe(false);
  });

  it("--closed / --open by name or alias override the date rule", () => {
    const d = selectCrossings(crossings, { date: "2017-10-01", closed: ["tabqa dam"], open: ["Mayadeen bridge"] });
    expect(d.find((x) => x.crossing.name === "Tabqa Dam")!.open).toBe(false);
    expect(d.find((x) => x.crossing.name === "al-Mayadin bridge")!.open).toBe(true);
    expect(d.find((x) => x.crossing.name === "al-Mayadin bridge")!.reason).toBe("--open");
  });

  it("an unknown crossing name is a BAD_OPTION with suggestions; a bad date too", () => {
    try {
      selectCrossings(crossings, { closed: ["Tabqa Damm"] });
      expect.unreachable();
    } catch (e) {
      expect(isSyraqError(e) && e.code).toBe("BAD_OPTION");
      expect(String((e as Error).message)).toMatch(/Tabqa Dam/);
    }
    expect(() => selectCrossings(crossings, { date: "1 Oct 2017" })).toThrow(/YYYY-MM-DD/);
  });
});
