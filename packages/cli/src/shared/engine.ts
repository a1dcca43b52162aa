/**
 * A warm route engine: the route graph of one data pack loaded once, travel models
 * resolved once, ALT landmarks prepared on demand, and the queries a long-running
 * process answers (routes, one-to-many tables, isochrones). `syraq serve`, `syraq
 * matrix`, `syraq batch` and `syraq ensemble` run one per worker thread (pool.ts).
 */
import {
  applyControl,
  closedEdgesFor,
  controlMask,
  pickSnapshot,
  resolveHolder,
  type CrossingSelection,
  geodesicInverse,
  gridSearch,
  SearchWorkspace,
  type LonLat,
  modelCosts,
  nodePosition,
  prepareLandmarks,
  type RouteGraph,
  type RouteModel,
  type RoutePoint,
  routeModel,
  SyraqError,
  snapPoint,
} from "@syraq/core";
import { loadControl, loadRoadsDefinition, loadRouteGraph } from "@syraq/core/node";

/** Movement as one holder in a table (the CLI's --as): holder, control data (shipped or a file), contested policy. */
export interface TableControl {
  as: string;
  control?: string;
  contested?: "allow" | "avoid";
}

export interface EngineOptions {
  dataDir: string;
}

/** One row of a one-to-many search: seconds and metres to each target, null when unreachable. */
export interface TableRow {
  durationsSeconds: Array<number | null>;
  distancesMetres: Array<number | null>;
}

/** A point that could not be placed on the graph (outside the DEM, at sea, in a river with no bank cell). */
export interface SnapFailure {
  index: number;
  error: SyraqError;
}

export class RouteEngine {
  readonly graph: RouteGraph;
  readonly dataDir: string;
  private readonly speeds: ReturnType<typeof loadRoadsDefinition>["speedsKmh"];
  private readonly models = new Map<string, RouteModel>();

  private constructor(graph: RouteGraph, dataDir: string) {
    this.graph = graph;
    this.dataDir = dataDir;
    this.speeds = loadRoadsDefinition().speedsKmh;
  }

  /** Loads the pack's route graph (the same one `syraq route` builds with its default options). */
  static async load(opts: EngineOptions): Promise<RouteEngine> {
    const graph = await loadRouteGraph({ dataDir: opts.dataDir, roadsMode: "add" });
    return new RouteEngine(graph, opts.dataDir);
  }

  /** A route model by name (vehicle, foot or a terrain model of `syraq models`); BAD_OPTION when unknown. */
  model(name: string): RouteModel {
    let m = this.models.get(name);
    if (!m) {
      m = routeModel(name, this.speeds);
      this.models.set(name, m);
    }
    return m;
  }

  /** Prepares ALT landmarks for the named models (two full searches per landmark; a long-running process only). */
  prepareLandmarks(names: string[]): void {
    for (const name of names) prepareLandmarks(this.graph, modelCosts(this.graph, this.model(name)));
  }

  /** The graph cell each point starts from, or the snapping error per point. */
  snap(points: RoutePoint[]): { cells: number[]; failures: SnapFailure[] } {
    const cells: number[] = [];
    const failures: SnapFailure[] = [];
    points.forEach((p, index) => {
      try {
        cells.push(snapPoint(this.graph, p));
      } catch (e) {
        if (!(e instanceof SyraqError)) throw e;
        cells.push(-1);
        failures.push({ index, error: e });
      }
    });
    return { cells, failures };
  }

  /** Position of a graph node (cell centre or road/crossing node), [lon, lat]. */
  position(node: number): LonLat {
    return nodePosition(this.graph, node);
  }

  /**
   * One-to-many least-cost search from each source cell to every target cell: one Dijkstra per
   * source that stops when every target is settled (the same search and costs as `syraq route`'s
   * A*, without the bound). Durations are the accumulated cost at the target (seconds); distances
   * sum the geodesic lengths between the nodes of the least-cost path, as the route's lengthMetres.
   * `deadline` (ms since epoch) stops between sources with a TIMEOUT error.
   */
  table(q: {
    sourceCells: number[];
    targetCells: number[];
    model: string;
    crossings?: CrossingSelection;
    distances?: boolean;
    deadline?: number;
    control?: TableControl;
  }): TableRow[] {
    const g = this.graph;
    const model = this.model(q.model);
    const { closed } = closedEdgesFor(g, q.crossings ?? {});
    let costs = modelCosts(g, model);
    if (q.control) {
      // the holder's mask: cells outside its area impassable, roads and crossings there closed (docs/control.md)
      const snapshots = loadControl(q.control.control);
      const choice = pickSnapshot(snapshots, q.crossings?.date);
      const mask = controlMask(g, costs, {
        holder: resolveHolder(q.control.as, snapshots),
        snapshot: choice.snapshot,
        contested: q.control.contested ?? "avoid",
        ...(q.crossings?.date ? { date: q.crossings.date } : {}),
      });
      costs = applyControl(costs, closed, { cellCost: mask.cellCost, closedEdges: mask.closedEdges });
    }
    const wantDistances = q.distances !== false;
    const targets = [...new Set(q.targetCells.filter((c) => c >= 0))];
    const rows: TableRow[] = [];
    // One workspace for every source: a search then resets only what the previous one touched, instead of
    // allocating and classifying every node again (the result's arrays are read before the next search).
    const workspace = new SearchWorkspace();
    for (const source of q.sourceCells) {
      if (q.deadline !== undefined && Date.now() > q.deadline)
        throw new SyraqError("OUT_OF_RANGE", "the table took longer than the time limit; ask for fewer pairs", {
          timeout: true,
        });
      const durations: Array<number | null> = [];
      const distances: Array<number | null> = [];
      // with --as, a source outside the holder's area (an impassable cell for it) reaches nothing
      if (source < 0 || !targets.length || (source < g.cellCount && !(costs.cellCost[source]! < Infinity))) {
        for (const _ of q.targetCells) durations.push(null), distances.push(null);
        rows.push({ durationsSeconds: durations, distancesMetres: distances });
        continue;
      }
      const result = gridSearch({
        width: g.width,
        height: g.height,
        moves: g.moves,
        cellCost: costs.cellCost,
        blocked: g.blocked,
        anisotropic: { elevationMetres: g.elevation, pace: model.pace },
        sources: [{ node: source }],
        extraEdges: costs.extra,
        closedEdges: closed,
        targets,
        predecessor: wantDistances,
        workspace,
      });
      const lengthTo = wantDistances ? this.pathLengths(result.predecessor, source) : undefined;
      for (const t of q.targetCells) {
        const c = t >= 0 ? result.cost[t]! : Infinity;
        if (!(c < Infinity)) {
          durations.push(null);
          distances.push(null);
          continue;
        }
        durations.push(c);
        distances.push(lengthTo ? lengthTo(t) : null);
      }
      rows.push({ durationsSeconds: durations, distancesMetres: distances });
    }
    return rows;
  }

  /**
   * Length along the predecessor tree from `source` to a node, memoised per node (geodesic per step). A step
   * between two cells is a grid move, whose geodesic length per row the graph's moves already hold; other steps
   * (road nodes, crossings) are solved.
   */
  /** Geodesic lengths (metres) of the non-grid steps measured so far, by from × 2³² + to (bounded). */
  private readonly roadStepLengths = new Map<number, number>();

  private pathLengths(pred: Int32Array, source: number): (node: number) => number {
    const memo = new Map<number, number>([[source, 0]]);
    const g = this.graph;
    const { count: K, dr, dc, lengthMetres } = g.moves;
    const W = g.width;
    const moveOf = new Map<number, number>();
    for (let k = 0; k < K; k++) moveOf.set(dr[k]! * 1024 + dc[k]!, k);
    const stepLength = (from: number, to: number): number => {
      if (from < g.cellCount && to < g.cellCount) {
        const r0 = Math.floor(from / W);
        const k = moveOf.get((Math.floor(to / W) - r0) * 1024 + ((to % W) - (from % W)));
        const len = k === undefined ? Number.NaN : lengthMetres[r0 * K + k]!;
        if (len >= 0) return len;
      }
      // road and crossing steps recur from source to source: solved once per engine
      const key = from * 4_294_967_296 + to;
      let len = this.roadStepLengths.get(key);
      if (len === undefined) {
        len = geodesicInverse(this.position(from), this.position(to)).lengthMetres;
        if (this.roadStepLengths.size < 2_000_000) this.roadStepLengths.set(key, len);
      }
      return len;
    };
    return (node) => {
      const stack: number[] = [];
      let n = node;
      while (!memo.has(n)) {
        stack.push(n);
        n = pred[n]!;
        if (n < 0) throw new SyraqError("INTERNAL", "table: a reached node has no path back to its source");
      }
      let acc = memo.get(n)!;
      let prev = n;
      for (let i = stack.length - 1; i >= 0; i--) {
        const v = stack[i]!;
        acc += stepLength(prev, v);
        memo.set(v, acc);
        prev = v;
      }
      return acc;
    };
  }
}
