import { describe, expect, it } from "vitest";
import { cli } from "../../../tests/helpers/cli.ts";

describe("syraq depth --along-routes", () => {
  it("adds travel time and route length to the front next to the geodesic depth; the route is never shorter than the straight line", async () => {
    const r = await cli(
      "depth",
      "Qaryatayn",
      "Palmyra",
      "--front",
      "saa-2017-09-29",
      "--along-routes",
      "--json",
      "--quiet",
    );
    expect(r.status).toBe(0);
    const places = r.json().places;
    expect(places).toHaveLength(2);
    for (const p of places) {
      expect(p.alongRoutes.model).toBe("vehicle");
      expect(p.alongRoutes.durationSeconds).toBeGreaterThan(0);
      // a route to the front cannot be shorter than the geodesic distance to it (minus a cell: the route ends at a cell centre, ≤ 1.8 km away)
      expect(p.alongRoutes.lengthMetres).toBeGreaterThan(p.depthMetres - 1800);
    }
  }, 60_000);

  it("without the flag the output has no route measure", async () => {
    const r = await cli("depth", "Qaryatayn", "--front", "saa-2017-09-29", "--json", "--quiet");
    expect(r.json().places[0].alongRoutes).toBeUndefined();
  }, 60_000);
});
