import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crossingControllerOn, crossingUnrecorded } from "../../src/analysis/control-route.ts";
import { crossingStateOn, findCrossing, parseCrossings } from "../../src/routing/crossings.ts";

const FILE = join(import.meta.dirname, "../../../../data/crossings/crossings.geojson");
const raw = JSON.parse(readFileSync(FILE, "utf8"));
const crossings = parseCrossings(raw, "data/crossings/crossings.geojson");
const byName = (n: string) => findCrossing(crossings, n);
const open = (n: string, d: string) => crossingStateOn(byName(n), d).open;

describe("crossing timelines (data/crossings)", () => {
  it("every event gives physical state, source (a key of 'sources') and precision", () => {
    const PHYSICAL = ["standing", "damaged", "destroyed", "rebuilt", "floating bridge", "ferry"];
    for (const f of raw.features) {
      for (const e of f.properties.status) {
        expect(PHYSICAL, `${f.properties.name} ${e.from}`).toContain(e.physical);
        expect(["day", "week", "month"]).toContain(e.precision);
        expect(Object.keys(raw.sources)).toContain(e.source);
      }
    }
  });

  it("carries the corrections checked against public reporting", () => {
    // Raqqa bridges: night of 2-3 Feb 2017
    expect(open("Raqqa old bridge", "2017-02-01")).toBe(true);
    expect(open("Raqqa old bridge", "2017-02-02")).toBe(false);
    expect(open("Raqqa new bridge", "2017-02-02")).toBe(false);
    // Siyasiya 6-7 Oct 2016 (Airwars); al-Mayadin 26-27 Sept 2016 (Deir Ezzor 24)
    expect(open("Siyasiya bridge", "2016-10-05")).toBe(true);
    expect(open("Siyasiya bridge", "2016-10-06")).toBe(false);
    expect(open("al-Mayadin bridge", "2016-09-25")).toBe(true);
    expect(open("al-Mayadin bridge", "2016-09-26")).toBe(false);
    // al-Bukamal-al-Baghuz 31 Jul 2015 (SOHR); the Jan 2016 strike was the al-Buqaan railway bridge
    expect(open("al-Bukamal bridge", "2015-07-30")).toBe(true);
    expect(open("al-Bukamal bridge", "2015-07-31")).toBe(false);
    expect(byName("al-Bukamal bridge").status.map((s) => s.from)).toEqual(["2015-07-31"]);
    expect(open("al-Buqaan railway bridge", "2015-12-31")).toBe(true);
    expect(open("al-Buqaan railway bridge", "2016-01-01")).toBe(false);
    // Rawa 17-18 Jun 2017; the Mosul floating bridge of 23 May 2017 (Reuters)
    expect(open("Rawa bridge", "2017-06-16")).toBe(true);
    expect(open("Rawa bridge", "2017-06-17")).toBe(false);
    expect(open("Mosul floating bridge", "2017-05-22")).toBe(false);
    expect(open("Mosul floating bridge", "2017-05-23")).toBe(true);
  });

  it("ferries are dated, have a crossing time, and come and go with their events", () => {
    const ferries = crossings.filter((c) => c.kind === "ferry");
    expect(ferries.length).toBeGreaterThanOrEqual(3);
    for (const f of ferries) expect(f.crossingMinutes).toBeGreaterThan(0);
    expect(open("al-Bulayl-al-Sabha ferry", "2016-12-01")).toBe(true);
    expect(open("al-Bulayl-al-Sabha ferry", "2017-09-10")).toBe(false); // boats sunk (Storyful, 12 Sept 2017)
    expect(byName("Raqqa boat crossing").vehicles).toBe(false);
  });

  it("controllers by date; a date before any event is unrecorded", () => {
    expect(crossingControllerOn(byName("Tabqa Dam"), "2017-01-01")).toBe("IS");
    expect(crossingControllerOn(byName("Tabqa Dam"), "2017-05-10")).toBe("SDF");
    expect(crossingControllerOn(byName("Deir ez-Zor Russian pontoon bridge"), "2017-10-01")).toBe("SAA");
    expect(crossingControllerOn(byName("Tabqa Dam"))).toBeUndefined();
    expect(crossingUnrecorded(byName("Qara Qozak bridge"), "2017-10-01")).toBe(true);
    expect(crossingUnrecorded(byName("Tabqa Dam"), "2017-10-01")).toBe(false);
    expect(crossingUnrecorded(byName("Rawa bridge"), "2017-06-01")).toBe(true);
  });
});
