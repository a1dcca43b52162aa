/** Control-aware options (--as, --control, --contested, --enemy-penalty, --unknown-crossings, --no-ferries). */
import {
  type ControlMask,
  type CrossingSelection,
  controlMask,
  crossingUnrecorded,
  HOLDERS,
  holderAt,
  modelCosts,
  nearestByHolder,
  pickSnapshot,
  resolveHolder,
  type RouteGraph,
  type RouteModel,
  type RoutePoint,
  type RouteResult,
  routeShareByHolder,
  type SnapshotChoice,
  SyraqError,
} from "@syraq/core";
import { loadControl } from "@syraq/core/node";
import type { CommandContext, OptionSpec } from "../command.ts";

export const CONTROL_OPTIONS: OptionSpec[] = [
  {
    name: "as",
    type: "string",
    placeholder: "HOLDER",
    description:
      "move as this holder (SAA, IS, SDF, IRAQ, KRG, OPP, TFSA, COALITION or an alias: regime, Daesh, PMU…): only its area of the control snapshot for --date, and crossings it may use",
  },
  {
    name: "control",
    type: "string",
    placeholder: "NAME|FILE",
    description: "control areas: a shipped snapshot (e.g. 2017-10-14) or your GeoJSON polygons with holder and date",
  },
  {
    name: "contested",
    type: "string",
    default: "avoid",
    choices: ["allow", "avoid"],
    description: "with --as: may movement use contested strips (default avoid)",
  },
  {
    name: "enemy-penalty",
    type: "number",
    placeholder: "K",
    description:
      "with --as: off-road movement through other holders' areas costs K times the pace instead of being impossible (their roads and crossings stay closed)",
  },
  {
    name: "unknown-crossings",
    type: "string",
    default: "open",
    choices: ["open", "closed"],
    description: "with --date: a crossing with no recorded event before the date is assumed open (default) or closed",
  },
  {
    name: "ferries",
    type: "boolean",
    default: true,
    description: "use ferries and boat crossings on the dates they are attested (--no-ferries excludes them)",
  },
];

export interface ControlSetup {
  crossings: CrossingSelection;
  /** Crossings with no record before the date, assumed open. */
  assumedOpen: string[];
  unknownPolicy: "open" | "closed";
  holder?: string;
  choice?: SnapshotChoice;
  mask?: ControlMask;
}

/** Applies --unknown-crossings, --no-ferries and (with --as) builds the holder's mask. Checks start/end areas. */
export function controlSetup(
  ctx: CommandContext,
  graph: RouteGraph,
  model: RouteModel,
  selection: CrossingSelection,
  points: RoutePoint[] = [],
): ControlSetup {
  const o = ctx.options;
  const policy = (o["unknown-crossings"] as "open" | "closed" | undefined) ?? "open";
  const date = selection.date;
  const unrecorded = graph.crossings.filter((c) => crossingUnrecorded(c, date)).map((c) => c.name);
  const closed = [...(selection.closed ?? [])];
  if (policy === "closed") closed.push(...unrecorded);
  if (o.ferries === false) closed.push(...graph.crossings.filter((c) => c.kind === "ferry").map((c) => c.name));
  // boats that carry people only (vehicles: false) are closed to vehicle models
  if (model.name.startsWith("vehicle"))
    closed.push(...graph.crossings.filter((c) => c.kind === "ferry" && c.vehicles === false).map((c) => c.name));
  const crossings = { ...selection, closed };
  const setup: ControlSetup = {
    crossings,
    assumedOpen: policy === "open" ? unrecorded : [],
    unknownPolicy: policy,
  };
  if (o.as === undefined) {
    for (const k of ["contested", "enemy-penalty"] as const)
      if (k === "enemy-penalty" && o[k] !== undefined)
        throw new SyraqError("BAD_OPTION", `--${k} needs --as HOLDER`, {});
    return setup;
  }
  const snapshots = loadControl(o.control ? String(o.control) : undefined);
  const holder = resolveHolder(String(o.as), snapshots);
  const choice = pickSnapshot(snapshots, date);
  const penalty = o["enemy-penalty"] as number | undefined;
  if (penalty !== undefined && !(Number.isFinite(penalty) && penalty >= 1))
    throw new SyraqError("BAD_OPTION", `--enemy-penalty must be a number ≥ 1; got ${penalty}`, { penalty });
  setup.holder = holder;
  setup.choice = choice;
  checkInHolderArea(ctx, setup, points);
  setup.mask = controlMask(graph, modelCosts(graph, model), {
    holder,
    snapshot: choice.snapshot,
    contested: (o.contested as "allow" | "avoid") ?? "avoid",
    ...(penalty !== undefined ? { enemyPenalty: penalty } : {}),
    ...(date ? { date } : {}),
  });
  return setup;
}

/** Refuses (UNREACHABLE, exit 4, with the reason) points outside the holder's area when movement is restricted to it. */
export function checkInHolderArea(ctx: CommandContext, setup: ControlSetup, points: RoutePoint[]): void {
  if (!setup.holder || !setup.choice) return;
  const { holder, choice } = setup;
  const penalty = ctx.options["enemy-penalty"];
  for (const p of points) {
    const h = holderAt(choice.snapshot, p.lonLat);
    if (h !== holder && penalty === undefined && !(h === "CONTESTED" && ctx.options.contested === "allow")) {
      throw new SyraqError(
        "UNREACHABLE",
        `${p.name} lies ${h ? `in the area of ${h}` : "outside the control data"} on ${choice.snapshot.date} (${choice.note}), not in the area of ${holder}: no movement as ${holder} can start or end there (try --enemy-penalty K, or another --date)`,
        { place: p.name, holder: h ?? null, as: holder, snapshot: choice.snapshot.date },
      );
    }
  }
}

/** Reruns a search; turns UNREACHABLE into a control-aware reason when --as was given. */
export function withControlReason<T>(setup: ControlSetup, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (setup.mask && e instanceof SyraqError && e.code === "UNREACHABLE") {
      const others = setup.mask.crossingsControlledByOthers.map((c) => `${c.name} (${c.controller})`);
      throw new SyraqError(
        "UNREACHABLE",
        `${e.message.replace(/\.$/, "")}. Moving as ${setup.holder} inside its area of the control snapshot ${setup.mask.snapshotDate}` +
          ` (contested strips ${setup.mask.contested === "allow" ? "allowed" : "avoided"}), no way exists${others.length ? `; crossings held by others on the date: ${others.join(", ")}` : ""}.`,
        { ...(e.details ?? {}), as: setup.holder, snapshot: setup.mask.snapshotDate },
      );
    }
    throw e;
  }
}

const km = (m: number) => `${(m / 1000).toFixed(1)} km`;
const hm = (s: number) => {
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
};

/** JSON record of how control was applied to a route (or that it was ignored). */
export function routeControlJson(setup: ControlSetup, graph: RouteGraph, r: RouteResult): Record<string, unknown> {
  const used = new Set(r.crossings);
  const assumed = setup.assumedOpen.filter((n) => used.has(n));
  const crossingsNote = {
    unknownCrossings: setup.unknownPolicy,
    assumedOpenNoRecord: assumed,
  };
  if (!setup.mask || !setup.choice) {
    return {
      applied: false,
      note: "control ignored: no --as HOLDER (the route may cross any holder's area)",
      ...crossingsNote,
    };
  }
  return {
    applied: true,
    as: setup.holder,
    asName: HOLDERS[setup.holder!]?.name ?? setup.holder,
    snapshot: setup.choice.snapshot.date,
    snapshotOrigin: setup.choice.snapshot.origin,
    daysFromSnapshot: setup.choice.daysFromSnapshot,
    contested: setup.mask.contested,
    ...(setup.mask.enemyPenalty !== undefined ? { enemyPenalty: setup.mask.enemyPenalty } : {}),
    byHolder: routeShareByHolder(graph, setup.mask, r),
    crossingsHeldByOthers: setup.mask.crossingsControlledByOthers,
    ...crossingsNote,
  };
}

/** Text lines for the same record. */
export function routeControlText(json: Record<string, unknown>, date?: string): string {
  const lines: string[] = [];
  if (!json.applied) lines.push(`  control: ignored (no --as HOLDER): the route may cross any holder's area`);
  else {
    lines.push(
      `  control: moving as ${json.as} (${json.asName}); control snapshot ${json.snapshot}` +
        `${json.daysFromSnapshot ? ` (${json.daysFromSnapshot} days from the date)` : ""}, contested strips ${json.contested === "allow" ? "allowed" : "avoided"}` +
        `${json.enemyPenalty !== undefined ? `, other holders' areas off-road at ×${json.enemyPenalty}` : ""}`,
    );
    for (const s of json.byHolder as Array<{ holder: string; lengthMetres: number; durationSeconds: number }>)
      lines.push(
        `    in ${s.holder.padEnd(10)} ${km(s.lengthMetres).padStart(9)} ${hm(s.durationSeconds).padStart(12)}`,
      );
  }
  if (date) {
    const assumed = json.assumedOpenNoRecord as string[];
    lines.push(
      `  crossings with no record before ${date}: ${json.unknownCrossings === "open" ? "assumed open" : "closed"} (--unknown-crossings ${json.unknownCrossings})` +
        (assumed.length ? `; used: ${assumed.map((n) => `${n} (assumed open (no record))`).join(", ")}` : ""),
    );
  }
  return lines.join("\n");
}

/** How control was applied to a search without a single route (isochrone, corridor, depth): JSON record. */
export function controlSummaryJson(setup: ControlSetup): Record<string, unknown> {
  const crossingsNote = { unknownCrossings: setup.unknownPolicy };
  if (!setup.mask || !setup.choice)
    return {
      applied: false,
      note: "control ignored: no --as HOLDER (movement may cross any holder's area)",
      ...crossingsNote,
    };
  return {
    applied: true,
    as: setup.holder,
    asName: HOLDERS[setup.holder!]?.name ?? setup.holder,
    snapshot: setup.choice.snapshot.date,
    snapshotOrigin: setup.choice.snapshot.origin,
    daysFromSnapshot: setup.choice.daysFromSnapshot,
    contested: setup.mask.contested,
    ...(setup.mask.enemyPenalty !== undefined ? { enemyPenalty: setup.mask.enemyPenalty } : {}),
    crossingsHeldByOthers: setup.mask.crossingsControlledByOthers,
    ...crossingsNote,
  };
}

/** The same as one text line. */
export function controlSummaryText(json: Record<string, unknown>): string {
  if (!json.applied) return `  control: ignored (no --as HOLDER): movement may cross any holder's area`;
  return (
    `  control: moving as ${json.as}; control snapshot ${json.snapshot}` +
    `${json.daysFromSnapshot ? ` (${json.daysFromSnapshot} days from the date)` : ""}, contested strips ${json.contested === "allow" ? "allowed" : "avoided"}` +
    `${json.enemyPenalty !== undefined ? `, other holders' areas off-road at ×${json.enemyPenalty}` : ""}`
  );
}

/** The mask as the core searches take it (undefined without --as). */
export function controlCosts(setup: ControlSetup): { cellCost: Float64Array; closedEdges: Uint8Array } | undefined {
  return setup.mask ? { cellCost: setup.mask.cellCost, closedEdges: setup.mask.closedEdges } : undefined;
}

/** Minimal view of `syraq depth`'s run that the area-based answer extends. */
export interface DepthRunForControl {
  front: { date: string };
  records: Array<{ place: { name: string; lon: number; lat: number }; [extra: string]: unknown }>;
  extraText: string[][];
}

/**
 * `syraq depth … --control NAME|FILE` or `--as HOLDER`: the area-based answer next to the line-based one: who held
 * the place in the control snapshot of the front's date (or --date), and the geodesic distance to the nearest area
 * of every other holder (the nearest first).
 */
export function addControlAreas(ctx: CommandContext, run: DepthRunForControl): void {
  const o = ctx.options;
  const snapshots = loadControl(o.control ? String(o.control) : undefined);
  const choice = pickSnapshot(snapshots, o.date ? String(o.date) : run.front.date);
  const as = o.as !== undefined ? resolveHolder(String(o.as), snapshots) : undefined;
  run.records.forEach((r, i) => {
    const p: [number, number] = [r.place.lon, r.place.lat];
    const holder = holderAt(choice.snapshot, p);
    const byHolder = nearestByHolder(choice.snapshot, p, as ?? holder);
    r.controlAreas = {
      snapshot: choice.snapshot.date,
      daysFromSnapshot: choice.daysFromSnapshot,
      holder: holder ?? null,
      ...(as ? { as } : {}),
      nearestOtherHolder: byHolder[0]
        ? { holder: byHolder[0].holder, part: byHolder[0].part ?? null, distanceMetres: byHolder[0].distanceMetres }
        : null,
      byHolder: byHolder.map((n) => ({ holder: n.holder, part: n.part ?? null, distanceMetres: n.distanceMetres })),
    };
    const who = as ?? holder;
    run.extraText[i]!.push(
      `against control areas (${choice.note}): held by ${holder ?? "no one in the data"}; nearest area of another holder than ${who ?? "-"}: ` +
        byHolder
          .slice(0, 4)
          .map((n) => `${n.holder} ${(n.distanceMetres / 1000).toFixed(1)} km`)
          .join(", "),
    );
  });
}

/** accumulate's control options (no route graph: no crossings policy; --date picks the control snapshot). */
export const ACCUMULATE_CONTROL_OPTIONS: OptionSpec[] = [
  CONTROL_OPTIONS[0]!,
  CONTROL_OPTIONS[1]!,
  CONTROL_OPTIONS[2]!,
  CONTROL_OPTIONS[3]!,
  {
    name: "date",
    type: "string",
    placeholder: "YYYY-MM-DD",
    description: "with --as: the control snapshot for this date (default: the latest)",
  },
];

/**
 * accumulate --as HOLDER: cells whose centre is not in the holder's area become impassable (or cost K times more
 * with --enemy-penalty K). Needs a lon/lat grid. Returns the JSON summary (control ignored without --as).
 */
export function maskCostByHolder(
  ctx: CommandContext,
  grid: {
    width: number;
    height: number;
    originX: number;
    originY: number;
    pixelSizeX: number;
    pixelSizeY: number;
    crs: { geographic?: boolean };
  },
  cellCost: Float32Array | Float64Array,
  sources: Array<{ label?: string; cells: number[] }>,
): Record<string, unknown> {
  const o = ctx.options;
  if (o.as === undefined) {
    if (o["enemy-penalty"] !== undefined) throw new SyraqError("BAD_OPTION", "--enemy-penalty needs --as HOLDER", {});
    return { applied: false, note: "control ignored: no --as HOLDER (movement may cross any holder's area)" };
  }
  if (!grid.crs.geographic)
    throw new SyraqError(
      "BAD_OPTION",
      "--as needs a lon/lat (EPSG:4326) grid: the control areas are lon/lat polygons",
      {},
    );
  const snapshots = loadControl(o.control ? String(o.control) : undefined);
  const holder = resolveHolder(String(o.as), snapshots);
  const choice = pickSnapshot(snapshots, o.date ? String(o.date) : undefined);
  const penalty = o["enemy-penalty"] as number | undefined;
  if (penalty !== undefined && !(Number.isFinite(penalty) && penalty >= 1))
    throw new SyraqError("BAD_OPTION", `--enemy-penalty must be a number ≥ 1; got ${penalty}`, { penalty });
  const allowContested = o.contested === "allow";
  const own = new Uint8Array(grid.width * grid.height);
  for (let row = 0; row < grid.height; row++)
    for (let col = 0; col < grid.width; col++) {
      const p: [number, number] = [
        grid.originX + (col + 0.5) * grid.pixelSizeX,
        grid.originY - (row + 0.5) * grid.pixelSizeY,
      ];
      const h = holderAt(choice.snapshot, p);
      own[row * grid.width + col] = h === holder || (allowContested && h === "CONTESTED") ? 1 : 0;
    }
  for (const s of sources)
    if (penalty === undefined && s.cells.every((c) => own[c] === 0))
      throw new SyraqError(
        "UNREACHABLE",
        `source ${s.label ?? "?"} is not in the area of ${holder} on ${choice.snapshot.date} (${choice.note}): no movement as ${holder} starts there`,
        { source: s.label ?? null, as: holder },
      );
  let masked = 0;
  for (let i = 0; i < own.length; i++) {
    if (own[i] === 1) continue;
    masked++;
    cellCost[i] = penalty === undefined ? Number.POSITIVE_INFINITY : cellCost[i]! * penalty;
  }
  return {
    applied: true,
    as: holder,
    snapshot: choice.snapshot.date,
    daysFromSnapshot: choice.daysFromSnapshot,
    contested: allowContested ? "allow" : "avoid",
    ...(penalty !== undefined ? { enemyPenalty: penalty } : {}),
    cellsOutsideArea: masked,
  };
}
