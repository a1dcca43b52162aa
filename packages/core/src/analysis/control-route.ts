/**
 * Control-aware movement (`--as HOLDER`): which cells and edges of the route graph a holder may use on a date.
 *
 * Semantics (docs/control.md):
 *  - a cell is the holder's when its centre lies in one of the holder's areas of the control snapshot;
 *    contested strips are usable with `contested: "allow"` and not with "avoid" (the default);
 *    cells outside the control data (Turkey, Jordan, …) and other holders' cells are not the holder's;
 *  - without `enemyPenalty` every cell that is not the holder's is impassable; with `enemyPenalty = k`
 *    (k ≥ 1) off-road movement there costs k times the model's pace, while roads and crossings there stay
 *    unusable (a force does not drive another's roads);
 *  - a road, ramp or crossing edge is usable only when both its ends lie in the holder's cells;
 *  - a crossing whose timeline names a controller on the date other than the holder is closed for it.
 */
import { canonicalHolder, CONTESTED, type ControlSnapshot, holderAt } from "../control/areas.ts";
import { geodesicInverse } from "../geo/geodesic.ts";
import type { LonLat } from "../geo/types.ts";
import { cellAt, cellCentre } from "../raster/raster.ts";
import type { Crossing } from "../routing/crossings.ts";
import { type ModelCosts, nodePosition, type RouteGraph } from "../routing/routegraph.ts";
import type { RouteResult } from "./route.ts";

/**
 * Who moves, on which control snapshot, how contested strips and other holders' areas are treated.
 */
export interface ControlMovement {
  holder: string;
  snapshot: ControlSnapshot;
  contested?: "allow" | "avoid";
  /** Cost multiplier for off-road cells of other holders; undefined = those cells are impassable. */
  enemyPenalty?: number;
  /** Date of the query (crossing controllers). */
  date?: string;
}

/**
 * A holder's movement mask over a route graph ({@link controlMask}): cell multipliers and closed edges.
 */
export interface ControlMask {
  holder: string;
  snapshotDate: string;
  contested: "allow" | "avoid";
  enemyPenalty?: number;
  /** Holder index per cell (into `holders`), −1 outside the control data. */
  cellHolder: Int16Array;
  holders: string[];
  /** Cell cost multipliers for the search (Infinity where impassable). */
  cellCost: Float64Array;
  /** 1 = extra edge unusable by the holder. */
  closedEdges: Uint8Array;
  /** Crossings closed to the holder because another holder controlled them on the date. */
  crossingsControlledByOthers: Array<{ name: string; controller: string }>;
}

/**
 * The controller named by a crossing's last event on or before the date (undefined when none is recorded).
 *
 * @example
 * ```ts
 * import { crossingControllerOn, findCrossing } from "@syraq/core";
 * import { loadCrossings } from "@syraq/core/node";
 * crossingControllerOn(findCrossing(loadCrossings(), "Raqqa old bridge"), "2017-09-20");
 * ```
 */
export function crossingControllerOn(c: Crossing, date?: string): string | undefined {
  if (!date) return undefined;
  let who: string | undefined;
  for (const s of c.status) if (s.from <= date && s.controlledBy) who = canonicalHolder(s.controlledBy);
  return who;
}

/**
 * True when a crossing has no recorded event on or before the date (its state is assumed).
 *
 * @example
 * ```ts
 * import { crossingUnrecorded } from "@syraq/core";
 * import { loadCrossings } from "@syraq/core/node";
 * loadCrossings().filter((c) => crossingUnrecorded(c, "2017-09-20")).map((c) => c.name);
 * ```
 */
export function crossingUnrecorded(c: Crossing, date?: string): boolean {
  return !!date && !c.status.some((s) => s.from <= date);
}

/**
 * Builds the holder's cell mask and edge closures over a route graph.
 *
 * @example
 * ```ts
 * import { controlMask, findRoute, modelCosts, pickSnapshot, routeModel } from "@syraq/core";
 * import { loadControl, loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const model = routeModel("vehicle");
 * const { snapshot } = pickSnapshot(loadControl(), "2017-10-20");
 * const mask = controlMask(graph, modelCosts(graph, model), { holder: "SAA", snapshot, date: "2017-10-20" });
 * const points = [
 *   { name: "Palmyra", lonLat: [38.284, 34.5624] as [number, number] },
 *   { name: "Deir ez-Zor", lonLat: [40.1408, 35.3354] as [number, number] },
 * ];
 * findRoute({ graph, model, points, cellCost: mask.cellCost, extraClosed: mask.closedEdges }); // moving as SAA
 * ```
 */
export function controlMask(g: RouteGraph, costs: ModelCosts, m: ControlMovement): ControlMask {
  const contested = m.contested ?? "avoid";
  const holders: string[] = [];
  const index = new Map<string, number>();
  const cellHolder = new Int16Array(g.cellCount).fill(-1);
  for (let i = 0; i < g.cellCount; i++) {
    if (g.blocked[i]) continue;
    const col = i % g.width;
    const row = (i - col) / g.width;
    const h = holderAt(m.snapshot, cellCentre(g.grid, col, row) as LonLat);
    if (h === undefined) continue;
    let k = index.get(h);
    if (k === undefined) {
      k = holders.length;
      holders.push(h);
      index.set(h, k);
    }
    cellHolder[i] = k;
  }
  const own = index.get(m.holder) ?? -2;
  const cont = index.get(CONTESTED) ?? -2;
  const allowed = (cell: number) => {
    const k = cellHolder[cell]!;
    return k === own || (contested === "allow" && k === cont);
  };
  const cellCost = new Float64Array(costs.cellCost);
  for (let i = 0; i < g.cellCount; i++) {
    if (allowed(i)) continue;
    cellCost[i] = m.enemyPenalty === undefined ? Infinity : cellCost[i]! * m.enemyPenalty;
  }
  const cellOfNode = (node: number): number => {
    if (node < g.cellCount) return node;
    const p = nodePosition(g, node);
    const c = cellAt(g.grid, p[0], p[1]);
    return c ? c.row * g.width + c.col : -1;
  };
  const crossingsControlledByOthers: Array<{ name: string; controller: string }> = [];
  const otherControlled = new Uint8Array(g.crossings.length);
  g.crossings.forEach((c, i) => {
    const who = crossingControllerOn(c, m.date);
    if (who !== undefined && who !== m.holder) {
      otherControlled[i] = 1;
      crossingsControlledByOthers.push({ name: c.name, controller: who });
    }
  });
  const closedEdges = new Uint8Array(g.edgeFrom.length);
  for (let e = 0; e < closedEdges.length; e++) {
    const a = cellOfNode(g.edgeFrom[e]!);
    const b = cellOfNode(g.edgeTo[e]!);
    const c = g.edgeCrossing[e]!;
    // a crossing node sits on the river (a blocked cell): judge crossing edges by their bank cell
    const okA = a >= 0 && (allowed(a) || (c >= 0 && g.blocked[a] === 1));
    const okB = b >= 0 && (allowed(b) || (c >= 0 && g.blocked[b] === 1));
    if (!okA || !okB || (c >= 0 && otherControlled[c] === 1)) closedEdges[e] = 1;
  }
  return {
    holder: m.holder,
    snapshotDate: m.snapshot.date,
    contested,
    ...(m.enemyPenalty !== undefined ? { enemyPenalty: m.enemyPenalty } : {}),
    cellHolder,
    holders,
    cellCost,
    closedEdges,
    crossingsControlledByOthers,
  };
}

/** A holder's mask as the searches take it (cell multipliers and closed extra edges). */
export interface ControlCosts {
  cellCost: Float64Array;
  closedEdges: Uint8Array;
}

/**
 * The model's costs with the holder's cell multipliers, and the holder's closed edges added to `closed` (mutated).
 *
 * @example
 * ```ts
 * import { applyControl, closedEdgesFor, controlMask, modelCosts, pickSnapshot, routeModel } from "@syraq/core";
 * import { loadControl, loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const costs = modelCosts(graph, routeModel("vehicle"));
 * const mask = controlMask(graph, costs, { holder: "SAA", snapshot: pickSnapshot(loadControl()).snapshot });
 * const { closed } = closedEdgesFor(graph, {});
 * const held = applyControl(costs, closed, mask); // `closed` now also holds the holder's closures
 * ```
 */
export function applyControl(costs: ModelCosts, closed: Uint8Array, control?: ControlCosts): ModelCosts {
  if (!control) return costs;
  for (let e = 0; e < closed.length; e++) closed[e] = closed[e]! | control.closedEdges[e]!;
  return { ...costs, cellCost: control.cellCost };
}

/**
 * The part of a route inside one holder's area, in metres and seconds.
 */
export interface HolderShare {
  holder: string;
  lengthMetres: number;
  durationSeconds: number;
}

/**
 * Time and length of a route inside each holder's area (each step shared between the cells of its two ends; a
 * step's time is its segment's time shared by length). Steps outside the control data count as holder "none".
 *
 * @example
 * ```ts
 * import { controlMask, findRoute, modelCosts, pickSnapshot, routeModel, routeShareByHolder } from "@syraq/core";
 * import { loadControl, loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const model = routeModel("vehicle");
 * const points = [
 *   { name: "Raqqa", lonLat: [39.0079, 35.9528] as [number, number] },
 *   { name: "Palmyra", lonLat: [38.284, 34.5624] as [number, number] },
 * ];
 * const route = findRoute({ graph, model, points });
 * const { snapshot } = pickSnapshot(loadControl());
 * const mask = controlMask(graph, modelCosts(graph, model), { holder: "SAA", snapshot });
 * routeShareByHolder(graph, mask, route); // [{ holder, lengthMetres, durationSeconds }, …]
 * ```
 */
export function routeShareByHolder(
  g: RouteGraph,
  mask: Pick<ControlMask, "cellHolder" | "holders">,
  r: RouteResult,
): HolderShare[] {
  const acc = new Map<string, HolderShare>();
  const cellAtPoint = (p: LonLat): number => {
    const c = cellAt(g.grid, p[0], p[1]);
    return c ? c.row * g.width + c.col : -1;
  };
  for (const leg of r.legs) {
    for (const s of leg.segments) {
      const steps: Array<[string, number]> = [];
      let total = 0;
      const holderOf = (p: LonLat): string => {
        const cell = cellAtPoint(p);
        const k = cell >= 0 ? mask.cellHolder[cell]! : -1;
        return k >= 0 ? mask.holders[k]! : "none";
      };
      // each step is shared half and half between the cells of its two ends (the cells the search moved through)
      for (let i = 0; i + 1 < s.coordinates.length; i++) {
        const a = s.coordinates[i]!;
        const b = s.coordinates[i + 1]!;
        const len = geodesicInverse(a, b).lengthMetres;
        steps.push([holderOf(a), len / 2], [holderOf(b), len / 2]);
        total += len;
      }
      for (const [h, len] of steps) {
        const cur = acc.get(h) ?? { holder: h, lengthMetres: 0, durationSeconds: 0 };
        cur.lengthMetres += len;
        cur.durationSeconds += total > 0 ? (s.durationSeconds * len) / total : 0;
        acc.set(h, cur);
      }
    }
  }
  return [...acc.values()].sort((x, y) => y.lengthMetres - x.lengthMetres);
}
