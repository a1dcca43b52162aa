/** Control-aware options (--as, --control, --contested, --enemy-penalty, --unknown-crossings, --no-ferries). */
import {
  type ControlMask,
  type CrossingSelection,
  controlMask,
  crossingUnrecorded,
  HOLDERS,
  holderAt,
  modelCosts,
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
  { name: "no-ferries", type: "boolean", description: "exclude ferries and boat crossings" },
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
  if (o["no-ferries"] === true) closed.push(...graph.crossings.filter((c) => c.kind === "ferry").map((c) => c.name));
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
  for (const p of points) {
    const h = holderAt(choice.snapshot, p.lonLat);
    if (h !== holder && penalty === undefined && !(h === "CONTESTED" && o.contested === "allow")) {
      throw new SyraqError(
        "UNREACHABLE",
        `${p.name} lies ${h ? `in the area of ${h}` : "outside the control data"} on ${choice.snapshot.date} (${choice.note}), not in the area of ${holder}: no movement as ${holder} can start or end there (try --enemy-penalty K, or another --date)`,
        { place: p.name, holder: h ?? null, as: holder, snapshot: choice.snapshot.date },
      );
    }
  }
  setup.holder = holder;
  setup.choice = choice;
  setup.mask = controlMask(graph, modelCosts(graph, model), {
    holder,
    snapshot: choice.snapshot,
    contested: (o.contested as "allow" | "avoid") ?? "avoid",
    ...(penalty !== undefined ? { enemyPenalty: penalty } : {}),
    ...(date ? { date } : {}),
  });
  return setup;
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
