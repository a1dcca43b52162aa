import { extname } from "node:path";
import { ROUTE_MODEL_NAMES, resolveHolder, routeModel, SyraqError, selectCrossings } from "@syraq/core";
import { loadControl, loadCrossings, writeFileAtomic } from "@syraq/core/node";
import type { CommandContext, CommandSpec } from "../command.ts";
import { CONTROL_OPTIONS } from "../shared/control.ts";
import { resolveLocations } from "../locations.ts";
import { csvField, type PlaceInput, readPlaceCsv, splitPlaceList } from "../shared/place-lists.ts";
import { defaultPoolSize } from "../shared/pool.ts";

const MAX_SIDE = 2000;

function placesFrom(ctx: CommandContext, listOpt: string, fileOpt: string): PlaceInput[] | undefined {
  const list = ctx.options[listOpt] as string[] | undefined;
  const file = ctx.options[fileOpt] as string | undefined;
  if (list?.length && file)
    throw new SyraqError("BAD_OPTION", `give --${listOpt} or --${fileOpt}, not both`, { option: listOpt });
  if (file) return readPlaceCsv(file, `--${fileOpt}`);
  if (list?.length) return list.flatMap((v) => splitPlaceList(v));
  return undefined;
}

interface Named {
  name: string;
  lonLat: [number, number];
}

/** Sources from which the default spreads the searches over worker threads. */
const THREADS_FROM_SOURCES = 200;

export const matrixCommand: CommandSpec = {
  name: "matrix",
  summary:
    "travel times (s) and route lengths (m) between many places: one-to-many searches spread over worker threads",
  description: [
    "For each source one least-cost search over the route graph (the same graph, model and crossing rules as",
    "'syraq route') that stops once every destination is reached; durations equal those of 'syraq route' for the same",
    "pair. Places: --from 'Raqqa,Palmyra,Sukhna' (commas separate places, two numbers in a row are one lat,lon, a",
    "comma followed by a space stays in a name) or --from-file places.csv (a 'name' column and/or 'lat' and 'lon'",
    "columns, optional 'label'). Without --to the matrix is square. Unreachable pairs are empty cells with a note.",
  ].join("\n"),
  args: [],
  options: [
    { name: "from", type: "string", multiple: true, placeholder: "A,B,…", description: "source places" },
    { name: "from-file", type: "string", placeholder: "places.csv", description: "source places from a CSV file" },
    {
      name: "to",
      type: "string",
      multiple: true,
      placeholder: "A,B,…",
      description: "destinations (default: the sources)",
    },
    { name: "to-file", type: "string", placeholder: "places.csv", description: "destinations from a CSV file" },
    {
      name: "model",
      type: "string",
      default: "vehicle",
      placeholder: "NAME",
      description: `travel model: ${ROUTE_MODEL_NAMES.join(", ")}`,
    },
    { name: "date", type: "string", placeholder: "YYYY-MM-DD", description: "crossing statuses on this date" },
    { name: "closed", type: "string", multiple: true, placeholder: "NAME", description: "close a crossing" },
    { name: "open", type: "string", multiple: true, placeholder: "NAME", description: "open a crossing" },
    ...CONTROL_OPTIONS.slice(0, 3),
    {
      name: "country",
      type: "string",
      placeholder: "CC",
      description: "prefer places in this country when a name is ambiguous",
    },
    {
      name: "out",
      type: "string",
      placeholder: "m.csv|m.json",
      description: "write the matrix: .csv (long or wide, see --format) or .json",
    },
    {
      name: "format",
      type: "string",
      default: "long",
      choices: ["long", "wide"],
      description:
        "CSV layout: long = one row per pair (from,to,duration_s,distance_m,note); wide = one row per source and quantity, one column per destination",
    },
    {
      name: "workers",
      type: "number",
      placeholder: "N",
      description:
        "worker threads (default: this thread below 200 sources, else the machine's cores, at most 4; 1 = this thread)",
    },
  ],
  examples: [
    "syraq matrix --from 'Raqqa,Palmyra,Sukhna,Deir ez-Zor' --out m.csv",
    "syraq matrix --from-file towns.csv --to 'Deir ez-Zor,al-Bukamal' --model foot --date 2017-10-01 --out m.json",
    "syraq matrix --from Raqqa,Palmyra --format wide --out m.csv",
  ],
  async run(ctx) {
    const o = ctx.options;
    const fromInputs = placesFrom(ctx, "from", "from-file");
    if (!fromInputs?.length)
      throw new SyraqError("BAD_OPTION", "give the sources with --from A,B,… or --from-file places.csv", {});
    const toInputs = placesFrom(ctx, "to", "to-file") ?? fromInputs;
    if (!toInputs.length) throw new SyraqError("BAD_OPTION", "no destinations", {});
    if (fromInputs.length > MAX_SIDE || toInputs.length > MAX_SIDE)
      throw new SyraqError("OUT_OF_RANGE", `at most ${MAX_SIDE} sources and ${MAX_SIDE} destinations`, {});
    const out = o.out as string | undefined;
    const ext = out ? extname(out).toLowerCase() : "";
    if (out && ext !== ".csv" && ext !== ".json")
      throw new SyraqError("BAD_OPTION", `--out must end in .csv or .json; got '${out}'`, { out });
    // Threads pay for their start-up (each loads the route graph, ~0.5 s of CPU) only on large tables: a search per
    // source costs ~25 ms here, and on 2 cores 50 × 50 and 114 × 50 ran faster in this thread than on two workers.
    const workers =
      o.workers === undefined ? (fromInputs.length >= THREADS_FROM_SOURCES ? defaultPoolSize() : 1) : Number(o.workers);
    if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64))
      throw new SyraqError("BAD_OPTION", `--workers must be an integer from 1 to 64; got ${workers}`, { workers });
    const modelName = String(o.model ?? "vehicle");
    routeModel(modelName); // BAD_OPTION before any thread starts
    const crossings = {
      ...(o.date ? { date: String(o.date) } : {}),
      closed: (o.closed as string[] | undefined) ?? [],
      open: (o.open as string[] | undefined) ?? [],
    };
    selectCrossings(loadCrossings(), crossings); // unknown crossing / bad date: exit 2 now
    const country = typeof o.country === "string" && o.country ? { country: o.country } : {};
    const resolve = (inputs: PlaceInput[]): Named[] =>
      resolveLocations(
        ctx,
        inputs.map((p) => p.input),
        country,
      ).map((l, i) => ({ name: inputs[i]!.label ?? l.name, lonLat: [l.lon, l.lat] }));
    const sources = resolve(fromInputs);
    const targets = toInputs === fromInputs ? sources : resolve(toInputs);
    const { runTable } = await import("../shared/table-run.ts");
    const t0 = Date.now();
    const control =
      o.as !== undefined
        ? {
            as: resolveHolder(String(o.as), loadControl(o.control ? String(o.control) : undefined)), // exit 2 now
            ...(o.control ? { control: String(o.control) } : {}),
            contested: (o.contested as "allow" | "avoid") ?? "avoid",
          }
        : undefined;
    const table = await runTable({
      dataDir: ctx.dataDir(),
      sources,
      targets,
      model: modelName,
      crossings,
      workers,
      ...(control ? { control } : {}),
    });
    const seconds = (Date.now() - t0) / 1000;

    const notes: string[] = [];
    table.sourceErrors.forEach((e, i) => {
      if (e) notes.push(`source ${sources[i]!.name}: ${e}`);
    });
    if (toInputs !== fromInputs)
      table.targetErrors.forEach((e, j) => {
        if (e) notes.push(`destination ${targets[j]!.name}: ${e}`);
      });
    let unreachable = 0;
    const pairNote = (i: number, j: number): string => {
      if (table.rows[i]!.durationsSeconds[j] !== null) return "";
      if (table.sourceErrors[i]) return `source not on the graph: ${table.sourceErrors[i]}`;
      if (table.targetErrors[j]) return `destination not on the graph: ${table.targetErrors[j]}`;
      return control
        ? `unreachable moving as ${control.as} inside its control area (or an end outside it)`
        : "unreachable: every way is blocked by rivers, lakes or closed crossings";
    };
    for (let i = 0; i < sources.length; i++)
      for (let j = 0; j < targets.length; j++) if (table.rows[i]!.durationsSeconds[j] === null) unreachable++;
    if (unreachable) notes.push(`${unreachable} of ${sources.length * targets.length} pairs unreachable (empty cells)`);
    for (const n of notes) ctx.err(`note: ${n}`);

    const json = {
      model: modelName,
      ...(crossings.date ? { date: crossings.date } : {}),
      closed: crossings.closed,
      open: crossings.open,
      sources: sources.map((s) => ({ name: s.name, lat: s.lonLat[1], lon: s.lonLat[0] })),
      destinations: targets.map((s) => ({ name: s.name, lat: s.lonLat[1], lon: s.lonLat[0] })),
      durationsSeconds: table.rows.map((r) => r.durationsSeconds),
      distancesMetres: table.rows.map((r) => r.distancesMetres),
      unreachablePairs: unreachable,
      control: control
        ? { applied: true, as: control.as, contested: control.contested }
        : { applied: false, note: "control ignored: no --as HOLDER" },
      notes,
    };
    if (out) {
      let text: string;
      if (ext === ".json") text = `${JSON.stringify(json)}\n`;
      else if (o.format === "wide") {
        const lines = [["from", "quantity", ...targets.map((t) => t.name)].map(csvField).join(",")];
        table.rows.forEach((r, i) => {
          lines.push(
            [sources[i]!.name, "duration_s", ...r.durationsSeconds.map((d) => d ?? "")].map(csvField).join(","),
          );
          lines.push(
            [sources[i]!.name, "distance_m", ...r.distancesMetres.map((d) => d ?? "")].map(csvField).join(","),
          );
        });
        text = `${lines.join("\n")}\n`;
      } else {
        const lines = ["from,to,duration_s,distance_m,note"];
        table.rows.forEach((r, i) => {
          targets.forEach((t, j) => {
            const fields = [sources[i]!.name, t.name, r.durationsSeconds[j], r.distancesMetres[j], pairNote(i, j)];
            lines.push(fields.map(csvField).join(","));
          });
        });
        text = `${lines.join("\n")}\n`;
      }
      writeFileAtomic(out, text, "--out");
    }
    const fmt = (s: number | null) => {
      if (s === null) return "—";
      const m = Math.round(s / 60);
      return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}`;
    };
    const textLines = [
      `matrix ${sources.length} × ${targets.length} (model ${modelName}${crossings.date ? `, crossings as of ${crossings.date}` : ""}${control ? `, as ${control.as} inside its control area` : ", control ignored"}) in ${seconds.toFixed(1)} s`,
    ];
    if (sources.length <= 12 && targets.length <= 12) {
      const w = Math.max(...targets.map((t) => t.name.length), 6);
      textLines.push(`${"".padEnd(16)} ${targets.map((t) => t.name.slice(0, w).padStart(w)).join(" ")}`);
      table.rows.forEach((r, i) => {
        const cells = r.durationsSeconds.map((d) => fmt(d).padStart(w)).join(" ");
        textLines.push(`${sources[i]!.name.slice(0, 16).padEnd(16)} ${cells}`);
      });
    }
    if (out) textLines.push(`wrote ${out}`);
    return { json, text: textLines.join("\n") };
  },
};
