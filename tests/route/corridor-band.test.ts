/**
 * The corridor's two accumulations stop at the band's limit (a cell of the band has accA ≤ limit and accB ≤ limit):
 * the band must be the one of two unlimited searches, cell for cell, and the best time the same double.
 */
import { describe, expect, it } from "vitest";
import { closedEdgesFor, corridor, modelCosts, routeModel, snapPoint } from "@syraq/core";
import { loadRoadsDefinition, loadRouteGraph, resolveDataDir } from "@syraq/core/node";
import { accumulateBothWays, CORRIDOR_EPSILON } from "../../packages/core/src/analysis/corridor.ts";

describe("corridor band with the searches cut at its limit", () => {
  it("Palmyra → Deir ez-Zor by vehicle and Palmyra → Sukhna on foot: the unlimited searches' band", async () => {
    const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
    const speeds = loadRoadsDefinition().speedsKmh;
    const palmyra = { name: "Palmyra", lonLat: [38.284, 34.5624] as [number, number] };
    const cases = [
      { model: "vehicle", to: { name: "Deir ez-Zor", lonLat: [40.1408, 35.3359] as [number, number] }, tol: 0.2 },
      { model: "foot", to: { name: "Sukhna", lonLat: [38.8711, 34.8853] as [number, number] }, tol: 0.05 },
    ];
    for (const c of cases) {
      const model = routeModel(c.model, speeds);
      const r = corridor({ graph, model, from: palmyra, to: c.to, tolerance: c.tol, alternatives: 1 });
      // the band from two unlimited searches (as before the cut)
      const costs = modelCosts(graph, model);
      const { closed } = closedEdgesFor(graph, {});
      const a = snapPoint(graph, palmyra);
      const b = snapPoint(graph, c.to);
      const fa = accumulateBothWays(graph, costs, closed, a, false).cost;
      const rb = accumulateBothWays(graph, costs, closed, b, true).cost;
      expect(r.bestSeconds).toBe(fa[b]);
      const limit = fa[b]! * (1 + c.tol) * (1 + CORRIDOR_EPSILON);
      const onBest = new Set(r.best.legs[0]!.nodes);
      let count = 0;
      let cut = 0; // cells the unlimited search reaches beyond the limit (the cut leaves them out)
      for (let i = 0; i < graph.cellCount; i++) {
        if (onBest.has(i) || fa[i]! + rb[i]! <= limit) count++;
        if (fa[i]! < Infinity && fa[i]! > limit) cut++;
      }
      expect(r.bandCellCount).toBe(count);
      expect(count).toBeGreaterThan(100);
      expect(cut).toBeGreaterThan(1000); // the limit does cut the searches
    }
  });
});
