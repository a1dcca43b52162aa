/**
 * corridor --tolerance 0: the band is every cell whose through-cost accA + accB equals
 * the best cost, so it holds at least every cell of the best route. The two sums are
 * computed by two searches that add the same steps in different orders: an exact float
 * comparison kept 1 cell (QA report); the band now compares with a 1e-9 relative slack.
 */
import { describe, expect, it } from "vitest";
import { insidePolygons } from "../../packages/core/src/routing/barriers.ts";
import { cli } from "../helpers/cli.ts";

describe("corridor --tolerance 0", () => {
  it("Palmyra → Sukhna on foot, no roads: every cell of the best route lies in the band", async () => {
    const r = await cli(
      "corridor",
      "Palmyra",
      "Sukhna",
      "--tolerance",
      "0",
      "--alternatives",
      "1",
      "--roads-mode",
      "none",
      "--model",
      "foot",
      "--json",
      "--quiet",
    );
    expect(r.status, r.stderr).toBe(0);
    const fc = r.json();
    const band = fc.features.find((f: any) => f.properties.kind === "corridor");
    const route = fc.features.find((f: any) => f.properties.kind !== "corridor" && f.geometry.type === "LineString");
    const polys = band.geometry.type === "Polygon" ? [band.geometry.coordinates] : band.geometry.coordinates;
    // the line runs from the exact start point through cell centres to the exact end point
    const centres: [number, number][] = route.geometry.coordinates.slice(1, -1);
    expect(centres.length).toBeGreaterThan(20);
    expect(band.properties.cellCount).toBeGreaterThanOrEqual(centres.length);
    for (const c of centres) expect(insidePolygons(polys, c), `${c}`).toBe(true);
  });
});
