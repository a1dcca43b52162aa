/**
 * The route graph: the terrain grid (8 neighbours, true WGS84 move lengths,
 * anisotropic pace by slope) joined with the road network and the river
 * crossings into ONE search graph for grid-search.ts.
 *
 * Node ids: grid cells 0..N-1 (N = width·height), then the road network's nodes
 * (N + i), then one node per placed crossing.
 *
 * Directed extra edges:
 *  - road:     node ↔ node along a network link, cost = length / class speed;
 *              a link that crosses a barrier river is tied to the nearest declared
 *              crossing of that river within 5 km (open/closed with it) and is
 *              dropped when there is none (a road cannot ford the Euphrates);
 *  - ramp:     cell → node (on) and node → cell (off), cost = rampSeconds + the
 *              off-road pace on the flat × distance between cell centre and node;
 *              the cell is the node's own cell or, when that is a river cell, the
 *              nearest free cell reached without crossing a barrier line;
 *  - crossing: bank cell ↔ crossing node on each bank, cost = distance / crossing
 *              speed (+ half the ferry delay for pontoons and ferries).
 * Rivers and lakes are blocked cells (barriers.ts), so the only ways across are
 * crossing edges and road links tied to a crossing.
 */
import { SyraqError } from "../errors.ts";
import { geodesicInverse } from "../geo/geodesic.ts";
import type { LonLat } from "../geo/types.ts";
import { cellAt, cellCentre, isNodata, type GridSpec, type Raster } from "../raster/raster.ts";
import {
  BarrierSegmentIndex,
  rasteriseBarriers,
  seaMask,
  sideOfLines,
  type BarrierRaster,
  type BarrierSource,
} from "./barriers.ts";
import { selectCrossings, type Crossing, type CrossingDecision, type CrossingSelection } from "./crossings.ts";
import { buildGridMoves, type GridMoves } from "../search/grid-moves.ts";
import { buildExtraEdges, type ExtraEdges } from "../search/grid-search.ts";
import { ROAD_CLASSES, type RoadNetwork } from "./network.ts";
import { minimumPace, type RouteModel } from "./route-models.ts";
import { kmhToMetresPerSecond } from "../units.ts";
import { rowCellSizes } from "../raster/cellsize.ts";
import type { Landmarks } from "./landmarks.ts";

export const EDGE_ROAD = 0;
export const EDGE_RAMP_ON = 1;
export const EDGE_RAMP_OFF = 2;
export const EDGE_CROSSING = 3;

/**
 * The joined graph the route searches run on: one node per terrain cell (row-major, lon/lat grid) and one per road node
 * or crossing bank, with barriers, crossings and the road network. Elevations in metres, positions [lon, lat] degrees.
 */
export interface RouteGraph {
  grid: GridSpec;
  width: number;
  height: number;
  cellCount: number;
  /**
   * Elevation per cell, metres (NaN where the DEM has nodata). Float32 (exact for Int16/Int32 DEMs of
   * real elevations and for Float32 DEMs) unless the DEM is Float64: 4 bytes a cell, not 8.
   */
  elevation: Float32Array | Float64Array;
  /** 1 = impassable cell (river, lake, sea, nodata). */
  blocked: Uint8Array;
  /** Land polygons that masked the sea (cells outside them, within their bbox, are blocked), when given. */
  land?: LandMask;
  /** 1 = sea cell (blocked), when `land` was given. */
  sea?: Uint8Array;
  barriers: BarrierRaster;
  barrierIndex: BarrierSegmentIndex;
  network: RoadNetwork;
  crossings: Crossing[];
  /** Position of each extra node (index = node id − cellCount). */
  extraPositions: LonLat[];
  roadNodeCount: number;
  /** Node id of each crossing (−1 when it could not be placed). */
  crossingNode: Int32Array;
  /** The two bank cells of each placed crossing. */
  crossingBanks: Array<[number, number] | null>;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeKind: Uint8Array;
  edgeLengthMetres: Float64Array;
  /** Road class index (ROAD_CLASSES) of road edges, −1 otherwise. */
  edgeClass: Int8Array;
  /** Explicit speed of a road edge (km/h), NaN when the class speed applies. */
  edgeSpeedKmh: Float64Array;
  /** Crossing index an edge depends on, −1 when none. */
  edgeCrossing: Int32Array;
  /** Road name of road edges ("" when none). */
  edgeName: string[];
  /** 1 on road edges that run against a one-way (closed to models that respect one-ways), when any. */
  edgeAgainstOneway?: Uint8Array;
  /** A ferry edge's crossing time in seconds (the model's ferry delay is added), NaN on other edges; when any. */
  edgeFerrySeconds?: Float64Array;
  moves: GridMoves;
  /**
   * Unit vectors (x, y, z) of the EXTRA nodes' positions (index 3·(node − cellCount)), for the A* bound;
   * a cell's vector comes from its row's and column's trigonometry (rowCos/rowSin, colCos/colSin):
   * no per-cell array (it was 24 bytes a cell).
   */
  unit: Float64Array;
  rowCos: Float64Array;
  rowSin: Float64Array;
  colCos: Float64Array;
  colSin: Float64Array;
  warnings: string[];
  /** Terrain class code per cell (terrain/classes.ts: 1 water … 6 mountain), when loaded. */
  terrainClasses?: Uint8Array;
  /** Per-model caches (extra edges, min pace). */
  cache: Map<string, ModelCosts>;
}

/**
 * Costs of the route graph's edges for one {@link RouteModel}, in seconds ({@link modelCosts}).
 */
export interface ModelCosts {
  model: RouteModel;
  edgeCost: Float64Array;
  extra: ExtraEdges;
  /** Reversed extra edges (for searches towards a target, corridors). */
  extraReversed: ExtraEdges;
  /** Cell multipliers: Float32 ones without terrain classes (4 bytes a cell), Float64 with them. */
  cellCost: Float32Array | Float64Array;
  /** Largest speed anywhere in the graph, m/s (A* bound). */
  maxSpeed: number;
  /** ALT landmarks, when prepared (prepareLandmarks). */
  landmarks?: Landmarks;
}

/** Land polygons ([lon, lat] rings, outer first) and the extent they cover ([west, south, east, north]). */
export interface LandMask {
  polygons: LonLat[][][];
  bbox: [number, number, number, number];
}

/**
 * Input of {@link buildRouteGraph}: the DEM (elevations in metres), barriers, crossings, the road network and the land
 * polygons.
 */
export interface BuildRouteGraphInput {
  /** Land polygons: cells whose centre is outside them (inside their bbox) are sea, blocked like a lake. */
  land?: LandMask;
  dem: Raster;
  barriers: BarrierSource[];
  crossings: Crossing[];
  network: RoadNetwork;
  /** Distance within which a road link crossing a river is tied to a declared crossing (metres, default 5000). */
  crossingSnapMetres?: number;
}

const FREE_SEARCH_RADIUS = 4;

/** A crossing's bank cells are searched within this distance of its point, and at least 4 cells. */
export const CROSSING_BANK_RADIUS_METRES = 1500;

/**
 * Cells around a crossing's own cell searched for its bank cells: 4 on coarse grids (the pack's 1.5′), more on
 * fine ones, so that the banks of a river or lake outline wider than 4 cells (360 m at 3″) are still found.
 */
export function crossingBankRadiusCells(grid: GridSpec): number {
  const s = rowCellSizes(grid);
  let side = Infinity;
  for (let r = 0; r < grid.height; r++) side = Math.min(side, s.ewMetres[r]!, s.nsMetres[r]!);
  return Math.max(FREE_SEARCH_RADIUS, Math.ceil(CROSSING_BANK_RADIUS_METRES / side));
}

/**
 * How far (cells) the graph looks around a cell when it joins points, road nodes and crossings to cells: a
 * ramp or crossing bank cell is chosen among the cells within this many cells of it (twice the larger search
 * radius). A window of the grid built with this margin around a region has, for every cell of the region,
 * the same ramps and crossing banks as the whole grid (analysis/bounded.ts).
 */
export function joinReachCells(grid: GridSpec): number {
  return 2 * Math.max(FREE_SEARCH_RADIUS, crossingBankRadiusCells(grid));
}

function cellIndexOf(grid: GridSpec, p: LonLat): number {
  const c = cellAt(grid, p[0], p[1]);
  return c ? c.row * grid.width + c.col : -1;
}

function centreOf(grid: GridSpec, index: number): LonLat {
  const col = index % grid.width;
  const row = (index - col) / grid.width;
  return cellCentre(grid, col, row) as LonLat;
}

/**
 * The free cell for a point: its own cell when free, otherwise the nearest free
 * cell (by geodesic distance to the centre, then lowest index) within 4 cells whose
 * centre is reached from the point without crossing a barrier line. −1 when none.
 *
 * @example
 * ```ts
 * import { freeCellFor } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const cell = freeCellFor(graph, [39.0079, 35.9528]); // row-major cell index, −1 when none
 * ```
 */
export function freeCellFor(g: Pick<RouteGraph, "grid" | "blocked" | "barrierIndex">, p: LonLat): number {
  const { grid, blocked } = g;
  const own = cellAt(grid, p[0], p[1]);
  if (!own) return -1;
  const ownIndex = own.row * grid.width + own.col;
  if (blocked[ownIndex] === 0) return ownIndex;
  let best = -1;
  let bestD = Infinity;
  for (let dr = -FREE_SEARCH_RADIUS; dr <= FREE_SEARCH_RADIUS; dr++)
    for (let dc = -FREE_SEARCH_RADIUS; dc <= FREE_SEARCH_RADIUS; dc++) {
      const r = own.row + dr;
      const c = own.col + dc;
      if (r < 0 || c < 0 || r >= grid.height || c >= grid.width) continue;
      const i = r * grid.width + c;
      if (blocked[i] !== 0) continue;
      const centre = cellCentre(grid, c, r) as LonLat;
      const d = geodesicInverse(p, centre).lengthMetres;
      if (d > bestD || (d === bestD && i > best)) continue;
      if (g.barrierIndex.crossings(p, centre).length > 0) continue;
      best = i;
      bestD = d;
    }
  return best;
}

/** Cosines and sines of every row's and column's centre (lat, lon): a cell's unit vector is
 * (rowCos·colCos, rowCos·colSin, rowSin), the same numbers as unitVector of its centre. */
function gridTrig(grid: GridSpec): Pick<RouteGraph, "rowCos" | "rowSin" | "colCos" | "colSin"> {
  const rowCos = new Float64Array(grid.height);
  const rowSin = new Float64Array(grid.height);
  const colCos = new Float64Array(grid.width);
  const colSin = new Float64Array(grid.width);
  for (let r = 0; r < grid.height; r++) {
    const lat = ((cellCentre(grid, 0, r) as LonLat)[1] * Math.PI) / 180;
    rowCos[r] = Math.cos(lat);
    rowSin[r] = Math.sin(lat);
  }
  for (let c = 0; c < grid.width; c++) {
    const lon = ((cellCentre(grid, c, 0) as LonLat)[0] * Math.PI) / 180;
    colCos[c] = Math.cos(lon);
    colSin[c] = Math.sin(lon);
  }
  return { rowCos, rowSin, colCos, colSin };
}

function unitVector(p: LonLat, out: Float64Array, k: number): void {
  const lat = (p[1] * Math.PI) / 180;
  const lon = (p[0] * Math.PI) / 180;
  out[3 * k] = Math.cos(lat) * Math.cos(lon);
  out[3 * k + 1] = Math.cos(lat) * Math.sin(lon);
  out[3 * k + 2] = Math.sin(lat);
}

/**
 * Builds the joined graph (model-independent parts).
 *
 * Most callers use `loadRouteGraph` ("@syraq/core/node"), which reads the pack and the project's data and calls this.
 *
 * Throws UNSUPPORTED_CRS for a projected DEM (the graph is built on lon/lat cells; `loadRouteGraph` reprojects).
 *
 * @example
 * ```ts
 * import { buildRoadNetwork, buildRouteGraph } from "@syraq/core";
 * import { loadCrossings, loadDem, loadPackBarriers, loadSkeletonLines, resolveDataDir } from "@syraq/core/node";
 * const dataDir = resolveDataDir();
 * const graph = buildRouteGraph({
 *   dem: await loadDem({ dataDir }),
 *   barriers: loadPackBarriers(dataDir),
 *   crossings: loadCrossings(),
 *   network: buildRoadNetwork(loadSkeletonLines()),
 * });
 * ```
 */
export function buildRouteGraph(input: BuildRouteGraphInput): RouteGraph {
  const { dem, network } = input;
  if (!dem.crs.geographic) {
    throw new SyraqError(
      "UNSUPPORTED_CRS",
      `the route graph needs a lon/lat DEM (EPSG:4326); this one is ${dem.crs.epsg ? `EPSG:${dem.crs.epsg}` : "projected"}. Reproject it with gdalwarp -t_srs EPSG:4326.`,
      { epsg: dem.crs.epsg },
    );
  }
  const grid: GridSpec = {
    width: dem.width,
    height: dem.height,
    originX: dem.originX,
    originY: dem.originY,
    pixelSizeX: dem.pixelSizeX,
    pixelSizeY: dem.pixelSizeY,
    crs: dem.crs,
  };
  const N = grid.width * grid.height;
  const warnings: string[] = [];
  const elevation = dem.data instanceof Float64Array ? new Float64Array(N) : new Float32Array(N);
  for (let i = 0; i < N; i++) elevation[i] = isNodata(dem, i) ? NaN : Number(dem.data[i]);
  const barriers = rasteriseBarriers(grid, input.barriers);
  const blocked = new Uint8Array(N);
  for (let i = 0; i < N; i++) blocked[i] = barriers.mask[i] !== 0 || Number.isNaN(elevation[i]!) ? 1 : 0;
  const sea = input.land ? seaMask(grid, input.land.polygons, input.land.bbox) : undefined;
  if (sea) for (let i = 0; i < N; i++) if (sea[i] === 1) blocked[i] = 1;
  const barrierIndex = new BarrierSegmentIndex(input.barriers);
  const g0 = { grid, blocked, barrierIndex };

  const roadNodeCount = network.positions.length;
  const extraPositions: LonLat[] = [...network.positions];
  const from: number[] = [];
  const to: number[] = [];
  const kind: number[] = [];
  const length: number[] = [];
  const cls: number[] = [];
  const speed: number[] = [];
  const crossingOf: number[] = [];
  const names: string[] = [];
  const addEdge = (a: number, b: number, k: number, len: number, c = -1, sp = NaN, crossing = -1, name = "") => {
    from.push(a);
    to.push(b);
    kind.push(k);
    length.push(len);
    cls.push(c);
    speed.push(sp);
    crossingOf.push(crossing);
    names.push(name);
  };

  // crossings: one node each, joined to the nearest free cell on each bank
  const crossingNode = new Int32Array(input.crossings.length).fill(-1);
  const crossingBanks: Array<[number, number] | null> = [];
  const outside: string[] = [];
  const riverLines = new Map<string, LonLat[][]>();
  for (const s of input.barriers) {
    const list = riverLines.get(s.river) ?? [];
    list.push(...s.lines);
    riverLines.set(s.river, list);
  }
  const bankRadius = crossingBankRadiusCells(grid);
  input.crossings.forEach((c, ci) => {
    const lines = riverLines.get(c.river);
    const own = cellAt(grid, c.position[0], c.position[1]);
    if (!lines?.length || !own) {
      if (!own) outside.push(c.name);
      else warnings.push(`crossing '${c.name}': no barrier river '${c.river}' loaded; ignored`);
      crossingBanks.push(null);
      return;
    }
    const best: Record<string, { i: number; d: number }> = {};
    for (let dr = -bankRadius; dr <= bankRadius; dr++)
      for (let dc = -bankRadius; dc <= bankRadius; dc++) {
        const r = own.row + dr;
        const col = own.col + dc;
        if (r < 0 || col < 0 || r >= grid.height || col >= grid.width) continue;
        const i = r * grid.width + col;
        if (blocked[i] !== 0) continue;
        const centre = cellCentre(grid, col, r) as LonLat;
        const side = sideOfLines(lines, centre);
        if (side === 0) continue;
        const d = geodesicInverse(c.position, centre).lengthMetres;
        const key = String(side);
        const cur = best[key];
        if (!cur || d < cur.d || (d === cur.d && i < cur.i)) best[key] = { i, d };
      }
    const left = best["1"];
    const right = best["-1"];
    if (!left || !right) {
      warnings.push(
        `crossing '${c.name}': no free cell on ${!left && !right ? "either bank" : "one bank"} within ${bankRadius} cells; ignored`,
      );
      crossingBanks.push(null);
      return;
    }
    const node = N + extraPositions.length;
    extraPositions.push(c.position);
    crossingNode[ci] = node;
    crossingBanks.push([left.i, right.i]);
    for (const bank of [left, right]) {
      addEdge(bank.i, node, EDGE_CROSSING, bank.d, -1, NaN, ci);
      addEdge(node, bank.i, EDGE_CROSSING, bank.d, -1, NaN, ci);
    }
  });

  if (outside.length) {
    const names =
      outside.length > 5 ? `${outside.slice(0, 5).join(", ")} and ${outside.length - 5} more` : outside.join(", ");
    warnings.push(
      outside.length === input.crossings.length
        ? `all ${outside.length} crossing(s) lie outside the DEM; ignored`
        : `${outside.length} crossing(s) outside the DEM ignored: ${names}`,
    );
  }

  // road links, tied to crossings where they cross a river
  const snap = input.crossingSnapMetres ?? 5000;
  let dropped = 0;
  const osmCrossings = osmCrossingIndex(network);
  const againstOneway: number[] = [];
  const ferrySeconds: Array<[number, number]> = [];
  for (const link of network.links) {
    const a = network.positions[link.from]!;
    const b = network.positions[link.to]!;
    const hits = barrierIndex.crossings(a, b);
    let crossing = -1;
    if (hits.length) {
      const mid: LonLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const rivers = new Set(hits.map((h) => input.barriers[h]!.river));
      let ok = rivers.size === 1;
      if (ok) {
        const river = [...rivers][0]!;
        let bestD = Infinity;
        input.crossings.forEach((c, ci) => {
          if (c.river !== river) return;
          const d = geodesicInverse(mid, c.position).lengthMetres;
          if (d < bestD) (bestD = d), (crossing = ci);
        });
        ok = bestD <= snap;
      }
      // no declared crossing near: an OSM bridge, ford or ferry on the link or within reach of it still crosses
      if (!ok && (link.data.crossingKind !== undefined || osmCrossings.near(mid))) {
        ok = true;
        crossing = -1;
      }
      if (!ok) {
        dropped++;
        continue;
      }
    }
    const c = ROAD_CLASSES.indexOf(link.data.roadClass);
    const sp = link.data.speedKmh ?? NaN;
    const name = link.data.name ?? "";
    if (link.data.oneway === 2) againstOneway.push(from.length);
    if (link.data.ferrySeconds !== undefined) ferrySeconds.push([from.length, link.data.ferrySeconds]);
    addEdge(N + link.from, N + link.to, EDGE_ROAD, link.data.lengthMetres, c, sp, crossing, name);
    if (link.data.oneway === 1) againstOneway.push(from.length);
    if (link.data.ferrySeconds !== undefined) ferrySeconds.push([from.length, link.data.ferrySeconds]);
    addEdge(N + link.to, N + link.from, EDGE_ROAD, link.data.lengthMetres, c, sp, crossing, name);
  }
  if (dropped)
    warnings.push(
      `${dropped} road piece(s) cross a river or lake with no declared crossing within ${snap / 1000} km; dropped`,
    );

  // ramps
  let unramped = 0;
  for (let i = 0; i < roadNodeCount; i++) {
    const p = network.positions[i]!;
    const cell = freeCellFor(g0, p);
    if (cell < 0) {
      // a road vertex on a dam or bridge (the skeleton passes through crossing points) needs no ramp
      if (!input.crossings.some((c) => Math.abs(c.position[0] - p[0]) < 1e-6 && Math.abs(c.position[1] - p[1]) < 1e-6))
        unramped++;
      continue;
    }
    const d = geodesicInverse(p, centreOf(grid, cell)).lengthMetres;
    addEdge(cell, N + i, EDGE_RAMP_ON, d);
    addEdge(N + i, cell, EDGE_RAMP_OFF, d);
  }
  if (unramped)
    warnings.push(`${unramped} road node(s) outside the DEM or surrounded by water; not joined to the terrain`);

  const unit = new Float64Array(3 * extraPositions.length);
  for (let x = 0; x < extraPositions.length; x++) unitVector(extraPositions[x]!, unit, x);
  const trig = gridTrig(grid);

  return {
    grid,
    width: grid.width,
    height: grid.height,
    cellCount: N,
    elevation,
    blocked,
    ...(input.land && sea ? { land: input.land, sea } : {}),
    barriers,
    barrierIndex,
    network,
    crossings: input.crossings,
    extraPositions,
    roadNodeCount,
    crossingNode,
    crossingBanks,
    edgeFrom: Int32Array.from(from),
    edgeTo: Int32Array.from(to),
    edgeKind: Uint8Array.from(kind),
    edgeLengthMetres: Float64Array.from(length),
    edgeClass: Int8Array.from(cls),
    edgeSpeedKmh: Float64Array.from(speed),
    edgeCrossing: Int32Array.from(crossingOf),
    edgeName: names,
    ...edgeFlagArrays(from.length, againstOneway, ferrySeconds),
    moves: buildGridMoves(grid, { neighbours: 8, rule: "geodesic" }),
    unit,
    ...trig,
    warnings,
    cache: new Map(),
  };
}

/** The optional per-edge arrays of one-ways and ferries (absent when the network has none). */
function edgeFlagArrays(
  edgeCount: number,
  againstOneway: number[],
  ferrySeconds: Array<[number, number]>,
): Pick<RouteGraph, "edgeAgainstOneway" | "edgeFerrySeconds"> {
  const out: Pick<RouteGraph, "edgeAgainstOneway" | "edgeFerrySeconds"> = {};
  if (againstOneway.length) {
    out.edgeAgainstOneway = new Uint8Array(edgeCount);
    for (const e of againstOneway) out.edgeAgainstOneway[e] = 1;
  }
  if (ferrySeconds.length) {
    out.edgeFerrySeconds = new Float64Array(edgeCount).fill(NaN);
    for (const [e, sec] of ferrySeconds) out.edgeFerrySeconds[e] = sec;
  }
  return out;
}

/** Within this distance of an OSM bridge, ford or ferry a road piece may cross a barrier river (metres). */
export const OSM_CROSSING_REACH_METRES = 2000;

/**
 * Midpoints of the network's bridge, ford and ferry links (OSM), bucketed by 0.05°: the pack's rivers are
 * drawn at 1:10m and may lie 1–3 km from the real bank, so the road piece that crosses the drawn line is
 * often the approach to a bridge, not the bridge itself.
 */
function osmCrossingIndex(network: RoadNetwork): { near(p: LonLat): boolean } {
  const cell = 0.05;
  const buckets = new Map<string, LonLat[]>();
  for (const l of network.links) {
    if (l.data.crossingKind === undefined) continue;
    const a = network.positions[l.from]!;
    const b = network.positions[l.to]!;
    const m: LonLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const k = `${Math.floor(m[0] / cell)},${Math.floor(m[1] / cell)}`;
    let list = buckets.get(k);
    if (!list) buckets.set(k, (list = []));
    list.push(m);
  }
  return {
    near(p) {
      if (!buckets.size) return false;
      const x = Math.floor(p[0] / cell);
      const y = Math.floor(p[1] / cell);
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (const q of buckets.get(`${x + dx},${y + dy}`) ?? [])
            if (geodesicInverse(p, q).lengthMetres <= OSM_CROSSING_REACH_METRES) return true;
      return false;
    },
  };
}

/**
 * Edge costs, CSR arrays and A* bound for one model (cached on the graph).
 *
 * Edge costs are seconds.
 *
 * @example
 * ```ts
 * import { modelCosts, routeModel } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const costs = modelCosts(graph, routeModel("foot")); // costs.maxSpeed in m/s
 * ```
 */
export function modelCosts(g: RouteGraph, model: RouteModel): ModelCosts {
  const key = `${model.name}|${JSON.stringify(model.roadSpeedsKmh)}|${model.rampSeconds}|${model.crossingSpeedKmh}|${model.respectsOneway ? 1 : 0}|${g.terrainClasses ? JSON.stringify(model.classSpeedFactors ?? null) : "-"}`;
  const hit = g.cache.get(key);
  if (hit) return hit;
  const N = g.cellCount;
  const m = g.edgeFrom.length;
  const edgeCost = new Float64Array(m);
  const flatPace = model.pace(0);
  const crossingMps = kmhToMetresPerSecond(model.crossingSpeedKmh);
  let maxSpeed = Math.max(1 / minimumPace(model), crossingMps);
  for (let e = 0; e < m; e++) {
    const len = g.edgeLengthMetres[e]!;
    switch (g.edgeKind[e]) {
      case EDGE_ROAD: {
        if (model.respectsOneway && g.edgeAgainstOneway?.[e] === 1) {
          edgeCost[e] = Infinity; // left out of the search (buildExtraEdges)
          break;
        }
        const ferry = g.edgeFerrySeconds?.[e];
        if (ferry !== undefined && !Number.isNaN(ferry)) {
          edgeCost[e] = ferry + model.ferryDelaySeconds;
          maxSpeed = Math.max(maxSpeed, len / edgeCost[e]!);
          break;
        }
        const sp = Number.isNaN(g.edgeSpeedKmh[e]!)
          ? model.roadSpeedsKmh[ROAD_CLASSES[g.edgeClass[e]!]!]
          : Math.min(g.edgeSpeedKmh[e]!, model.roadSpeedsKmh[ROAD_CLASSES[g.edgeClass[e]!]!]);
        const mps = kmhToMetresPerSecond(sp);
        maxSpeed = Math.max(maxSpeed, mps);
        edgeCost[e] = len / mps;
        break;
      }
      case EDGE_RAMP_ON:
      case EDGE_RAMP_OFF:
        edgeCost[e] = model.rampSeconds + len * flatPace;
        break;
      default: {
        const c = g.crossings[g.edgeCrossing[e]!]!;
        const temporary = c.kind === "pontoon" || c.kind === "ferry";
        const delay = c.crossingMinutes !== undefined ? c.crossingMinutes * 60 : model.ferryDelaySeconds;
        edgeCost[e] = len / crossingMps + (temporary ? delay / 2 : 0);
      }
    }
  }
  const extraCount = g.extraPositions.length;
  const extra = buildExtraEdges(N, extraCount, g.edgeFrom, g.edgeTo, edgeCost);
  const extraReversed = buildExtraEdges(N, extraCount, g.edgeTo, g.edgeFrom, edgeCost);
  // terrain-class friction (1 / speed factor) when the graph carries classes; "water" cells
  // that are not barriers (minor rivers drawn as water) count as valley floor
  const classes = g.terrainClasses;
  const factors = model.classSpeedFactors;
  const cellCost = classes && factors ? new Float64Array(N) : new Float32Array(N);
  cellCost.fill(1);
  if (classes && factors) {
    let minCost = Infinity;
    for (let i = 0; i < N; i++) {
      const code = classes[i]!;
      let f = factors[code === 1 ? 2 : code];
      if (f === undefined || !(f > 0)) f = 1;
      cellCost[i] = 1 / f;
      if (g.blocked[i] === 0 && cellCost[i]! < minCost) minCost = cellCost[i]!;
    }
    if (minCost < 1) maxSpeed /= minCost;
  }
  const out: ModelCosts = { model, edgeCost, extra, extraReversed, cellCost, maxSpeed };
  g.cache.set(key, out);
  return out;
}

/**
 * Closed-edge mask for a crossing selection (date, --closed, --open).
 *
 * @example
 * ```ts
 * import { closedEdgesFor } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const { closed, decisions } = closedEdgesFor(graph, { date: "2017-09-20" }); // closed[e] = 1: edge e closed
 * ```
 */
export function closedEdgesFor(
  g: RouteGraph,
  selection: CrossingSelection,
): { closed: Uint8Array; decisions: CrossingDecision[] } {
  const decisions = selectCrossings(g.crossings, selection);
  const closedCrossing = new Uint8Array(g.crossings.length);
  decisions.forEach((d, i) => {
    closedCrossing[i] = d.open ? 0 : 1;
  });
  const closed = new Uint8Array(g.edgeFrom.length);
  const edgeCrossing = g.edgeCrossing; // read once, not per edge
  for (let e = 0; e < closed.length; e++) {
    const c = edgeCrossing[e]!;
    if (c >= 0 && closedCrossing[c] === 1) closed[e] = 1;
  }
  return { closed, decisions };
}

/**
 * Position of any node (cell centre or extra node).
 *
 * @example
 * ```ts
 * import { nodePosition } from "@syraq/core";
 * import { loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const graph = await loadRouteGraph({ dataDir: resolveDataDir() });
 * const [lon, lat] = nodePosition(graph, graph.cellCount); // the first road node, degrees
 * ```
 */
export function nodePosition(g: RouteGraph, node: number): LonLat {
  return node < g.cellCount ? centreOf(g.grid, node) : g.extraPositions[node - g.cellCount]!;
}

/** Elevation at a node: the cell's value, or that of the cell holding an extra node. */
export function nodeElevation(g: RouteGraph, node: number): number {
  if (node < g.cellCount) return g.elevation[node]!;
  const i = cellIndexOf(g.grid, g.extraPositions[node - g.cellCount]!);
  return i >= 0 ? g.elevation[i]! : NaN;
}
