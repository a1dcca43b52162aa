// `syraq figure SPEC.json --out fig.png`: renders a figure spec through the viewer's own layer code in headless
// Chromium. The spec → payload step (analyses, data files) is core's (figures/); rendering is shared/figure-render.ts.
import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, resolve, sep } from "node:path";
import {
  BASE_LAYER_IDS,
  bad,
  buildPayload,
  type FigureAnalysisItem,
  type FigureContext,
  type FigureFeatureCollection,
  type FigurePayload,
  type FigureSpec,
  paperSize,
  pickSnapshot,
  SyraqError,
  validateFigureSpec,
} from "@syraq/core";
import {
  jsonSyntaxError,
  loadControl,
  loadEuphrates,
  loadFront,
  OutputTransaction,
  PROJECT_DATA_DIR,
  PROJECT_ROOT,
  readGeoJsonFile,
} from "@syraq/core/node";
import type { CommandContext, CommandSpec } from "../command.ts";
import { resolveLocations } from "../locations.ts";
import { launchChromium, overlaysToCsv, startViewerServer, viewerDist } from "../shared/figure-render.ts";
import { FigureSession, type FigurePageState } from "../shared/figure-session.ts";
import { routeGraphFor } from "../shared/route-graph.ts";

/**
 * Folders a figure spec may read data from: the spec's own folder, the project's data/, the data pack and every
 * `--allow-path DIR`. A spec is a file someone may hand you: it must not read /proc/self/environ or ~/.ssh and copy
 * it into the figure's GeoJSON.
 */
export function figureReadRoots(specDir: string, dataDir: string, allowPaths: string[] = []): string[] {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return [specDir, PROJECT_DATA_DIR, dataDir, ...allowPaths].map(real);
}

/** A spec's data file: found next to the spec or under the repository root, and inside the allowed folders. */
function resolveFile(specDir: string, file: string, roots: string[]): string {
  for (const base of isAbsolute(file) ? [specDir] : [specDir, PROJECT_ROOT]) {
    const p = resolve(base, file);
    if (!existsSync(p)) continue;
    const real = realpathSync(p);
    if (!roots.some((r) => real === r || real.startsWith(r + sep)))
      throw bad(
        `figure data file ${file} is outside the folders a figure spec may read (the spec's folder, data/ and the ` +
          "data pack); pass --allow-path DIR to allow another folder",
        { file },
      );
    return real;
  }
  throw new SyraqError(
    "DATA_MISSING",
    `figure data file not found: ${file} (looked in ${specDir} and ${PROJECT_ROOT})`,
    { file },
  );
}

function readFc(path: string): FigureFeatureCollection {
  // the shared reader: sized before reading, never quotes the file in a message, refuses null and scalars
  const v = readGeoJsonFile(path, "figure data file") as { type?: unknown; features?: unknown; coordinates?: unknown };
  if (v?.type === "FeatureCollection" && Array.isArray(v.features)) return v as FigureFeatureCollection;
  if (v?.type === "Feature")
    return { type: "FeatureCollection", features: [v as FigureFeatureCollection["features"][number]] };
  if (typeof v?.type === "string" && v.coordinates)
    return {
      type: "FeatureCollection",
      features: [{ type: "Feature", geometry: v as { type: string; coordinates: unknown }, properties: {} }],
    };
  throw new SyraqError("BAD_GEOJSON", `${path} is not GeoJSON (expected a FeatureCollection, Feature or geometry)`, {
    path,
  });
}

/** The route graph with the spec item's model and crossing date (same loader and options as `syraq route`). */
function graphFor(ctx: CommandContext, item: FigureAnalysisItem) {
  const options = {
    ...ctx.options,
    model: item.model ?? "vehicle",
    date: item.date,
    closed: item.closed,
    open: item.open,
    "roads-mode": "add",
  } as unknown as CommandContext["options"];
  return routeGraphFor({ ...ctx, options });
}

/**
 * The CLI's FigureContext: the gazetteer, the route graph with the item's options, fronts, the pack's river.
 * Data files and front files are read only inside figureReadRoots (--allow-path adds folders); `read` collects
 * the files read (inputs the outputs must not overwrite).
 */
export function figureContext(ctx: CommandContext, specDir: string, read: string[] = []): FigureContext {
  const allow = (ctx.options["allow-path"] as string[] | undefined) ?? [];
  for (const dir of allow)
    if (!existsSync(dir))
      throw new SyraqError("BAD_OPTION", `--allow-path ${dir}: no such folder`, { option: "allow-path", path: dir });
  const roots = figureReadRoots(specDir, ctx.dataDir(), allow);
  const looksLikeFile = (s: string) => /[\\/]/.test(s) || /\.(geo)?json$/i.test(s);
  return {
    locate(text: string) {
      const [l] = resolveLocations(ctx, [text]);
      return { name: l!.name, lonLat: [l!.lon, l!.lat] };
    },
    routeGraph: (item: FigureAnalysisItem) => graphFor(ctx, item),
    loadFront: (nameOrFile: string) => {
      if (!looksLikeFile(nameOrFile)) return loadFront(nameOrFile);
      const path = resolveFile(specDir, nameOrFile, roots);
      read.push(path);
      return loadFront(path);
    },
    euphrates: () => loadEuphrates(ctx.dataDir()),
    readData: (file: string) => {
      const path = resolveFile(specDir, file, roots);
      read.push(path);
      return readFc(path);
    },
    control(date?: string) {
      const snapshots = loadControl();
      if (!snapshots.length) return undefined;
      const c = pickSnapshot(snapshots, date);
      return { snapshot: c.snapshot, note: c.note };
    },
  };
}

/** A spec → the viewer's payload, with the CLI's context (data files resolved against `specDir`). */
export function figurePayload(
  ctx: CommandContext,
  spec: FigureSpec,
  specDir: string,
  size: { width: number; height: number },
  read: string[] = [],
) {
  return buildPayload(figureContext(ctx, specDir, read), spec, size);
}

/** Reads and validates a figure spec (docs/figure-spec.schema.json): a bad field is BAD_ARGUMENT naming it. */
export function readSpec(path: string): FigureSpec {
  if (!existsSync(path)) throw new SyraqError("DATA_MISSING", `figure spec not found: ${path}`, { path });
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new SyraqError("DATA_MISSING", `cannot read figure spec ${path}: ${(e as NodeJS.ErrnoException).code}`, {
      path,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // JSON.parse's message quotes the text: say where instead
    throw bad(`figure spec ${path} ${jsonSyntaxError(text, e)}`, { path });
  }
  return validateFigureSpec(value);
}

/**
 * Everything a figure shows as GeoJSON: the overlays (analyses, data files), the basemap's zone, front and
 * crossings in force on its date, and every place labelled (with its Arabic name), each with `layer`.
 */
export function figureGeoJson(payload: FigurePayload, state: FigurePageState): FigureFeatureCollection {
  const features: FigureFeatureCollection["features"] = [];
  for (const o of payload.overlays)
    for (const f of o.data.features)
      features.push({ ...f, properties: { layer: o.id, layerLabel: o.label, ...(f.properties ?? {}) } });
  for (const f of state.shownBase?.features ?? [])
    features.push({
      type: "Feature",
      geometry: f.geometry as FigureFeatureCollection["features"][number]["geometry"],
      properties: { layerLabel: f.properties?.layer, ...(f.properties ?? {}) },
    });
  for (const l of state.labels ?? [])
    if (l.kind === "place") {
      const [name, nameAr] = l.text.split(" / ");
      features.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: l.lonLat },
        properties: {
          layer: "places",
          layerLabel: "Place labelled",
          name,
          // The label holds the Arabic in visual order for the map; the data keeps the logical order.
          nameAr: nameAr ? [...nameAr].reverse().join("").normalize("NFKC") : null,
          requested: l.required,
          leaderLine: l.leader,
        },
      });
    }
  return { type: "FeatureCollection", features };
}

function positive(v: unknown, name: string, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || v > max)
    throw bad(`--${name} must be a number in (0, ${max}], got ${String(v)}`, { [name]: v });
  return v;
}

/**
 * One figure for {@link renderFigures}: its spec, the PNG to write and optional overrides of the spec's size (the
 * spec's own values apply when left out, else 960 × 640 CSS pixels at scale 1).
 */
export interface FigureJob {
  /** The figure spec (JSON file, docs/figure-spec.schema.json). */
  spec: string;
  /** The PNG to write; NAME.geojson and NAME.csv are written beside it. */
  out: string;
  /** Image width in CSS pixels. */
  width?: number;
  /** Image height in CSS pixels. */
  height?: number;
  /** Device pixel ratio: the PNG is width × scale by height × scale pixels. */
  scale?: number;
  /** Print size instead of width/height: A4-landscape, A4-portrait, A3-landscape or A3-portrait. */
  paper?: string;
  /** With `paper`: the PNG's resolution in dots per inch (default 150). */
  dpi?: number;
  /** Also write NAME.pdf beside the PNG (one page of the figure's size, vector text). */
  pdf?: boolean;
}

/** What {@link renderFigures} wrote for one {@link FigureJob}, and what the figure shows. */
export interface FigureResult {
  /** The spec rendered. */
  spec: string;
  /** The files written: PNG, PDF (when asked for), GeoJSON and CSV of what the figure shows. */
  png: string;
  pdf?: string;
  geojson: string;
  csv: string;
  /** The sheet's size in CSS pixels (the PNG is width × scale by height × scale pixels). */
  width: number;
  height: number;
  /** Device pixel ratio of the PNG. */
  scale: number;
  /** Features in the GeoJSON (overlays, basemap features shown, places labelled). */
  features: number;
  /** Data credits printed on the sheet. */
  credits: string[];
  /** The spec's notes and the analyses' own notes (e.g. what a route ignored). */
  notes: string[];
  /** Layers asked for but not drawn, by layer id, with the reason (e.g. its data file missing from the pack). */
  missing: Record<string, string>;
  /** Labels placed on the map. */
  labels: number;
}

/** Largest PNG a figure writes, in device pixels (width × scale × height × scale): 8000 × 8000. */
export const FIGURE_MAX_DEVICE_PIXELS = 64_000_000;

/**
 * Renders figure specs to PNG (and GeoJSON and CSV of what each shows) through the viewer in headless Chromium, as
 * `syraq figure` does, with one viewer, one local server, one browser and one page per device scale for the whole
 * batch. Every spec is read and checked and every output claimed before anything is rendered; each figure's files
 * appear together or not at all. Needs Chromium (/usr/bin/chromium or SYRAQ_CHROMIUM); never touches the network.
 * `ctx` gives the data pack and receives notes: build one with {@link commandContext}.
 *
 * Throws SyraqError: DATA_MISSING (a spec or a data file it names not found, no data pack, no Chromium),
 * BAD_ARGUMENT (a spec that fails the schema, a data file outside the allowed folders, a PNG above
 * {@link FIGURE_MAX_DEVICE_PIXELS}), OUTPUT_COLLISION (an output that is also an input or another output), and the
 * analyses' own errors (e.g. UNKNOWN_PLACE, UNREACHABLE).
 *
 * @example
 * ```ts
 * import { commandContext, renderFigures } from "@syraq/cli";
 * const ctx = commandContext({ quiet: true }); // the data pack from SYRAQ_DATA_DIR or ../shared/data
 * const results = await renderFigures(ctx, [
 *   { spec: "specs/zone.json", out: "out/zone.png" },
 *   { spec: "specs/depth.json", out: "out/depth.png", paper: "A4-landscape", dpi: 300, pdf: true },
 * ]);
 * for (const r of results) console.log(`${r.png}: ${r.width * r.scale} × ${r.height * r.scale} px`);
 * ```
 */
export async function renderFigures(ctx: CommandContext, jobs: FigureJob[]): Promise<FigureResult[]> {
  const dataDir = ctx.dataDir();
  const payloads = [];
  for (const j of jobs) {
    const spec = readSpec(j.spec);
    const paper = j.paper ?? spec.paper;
    const print = paper ? paperSize(paper, j.dpi ?? spec.dpi ?? 150) : undefined;
    const width = Math.round(j.width ?? print?.width ?? spec.width ?? 960);
    const height = Math.round(j.height ?? print?.height ?? spec.height ?? 640);
    const scale = j.scale ?? print?.scale ?? spec.scale ?? 1;
    const devicePixels = Math.round(width * scale) * Math.round(height * scale);
    if (devicePixels > FIGURE_MAX_DEVICE_PIXELS)
      throw bad(
        `${j.spec}: the PNG would be ${Math.round(width * scale)} × ${Math.round(height * scale)} pixels ` +
          `(width × scale by height × scale), more than ${FIGURE_MAX_DEVICE_PIXELS / 1e6} M pixels; lower width, ` +
          "height or scale",
        { width, height, scale },
      );
    // every output checked before any rendering, and none may be the spec or a file it reads
    mkdirSync(dirname(resolve(j.out)), { recursive: true });
    const base = j.out.replace(/\.png$/i, "");
    const read: string[] = [j.spec];
    const payload = await figurePayload(ctx, spec, dirname(resolve(j.spec)), { width, height }, read);
    const tx = OutputTransaction.begin(
      [
        { path: j.out, label: "--out" },
        j.pdf ? { path: `${base}.pdf`, label: "--pdf" } : undefined,
        { path: `${base}.geojson`, label: "the figure's GeoJSON" },
        { path: `${base}.csv`, label: "the figure's CSV" },
      ],
      read.map((path) => ({ path, label: path === j.spec ? "the spec" : "a data file of the spec" })),
    );
    payloads.push({ job: j, scale, payload, tx });
  }
  const dist = viewerDist((l) => ctx.err(l));
  const server = await startViewerServer(dist, dataDir);
  const browser = await launchChromium();
  const session = new FigureSession(browser, server);
  const results: FigureResult[] = [];
  try {
    for (const { job, scale, payload, tx } of payloads) {
      const progress = ctx.progress(`figure ${job.out}`);
      const r = await session.render(payload, scale, { pdf: job.pdf });
      progress.done();
      if (session.blocked.length)
        throw new SyraqError(
          "INTERNAL",
          `the figure page tried to reach the network (blocked): ${session.blocked.join(", ")}`,
        );
      const base = job.out.replace(/\.png$/i, "");
      const gj = figureGeoJson(payload, r.state);
      // PNG, PDF, GeoJSON and CSV appear together, or none of them (a failure leaves the previous set)
      tx.write(job.out, r.png);
      if (job.pdf) {
        if (!r.pdf) throw new SyraqError("INTERNAL", `the page made no PDF for ${job.out}`);
        tx.write(`${base}.pdf`, r.pdf);
      }
      tx.write(`${base}.geojson`, `${JSON.stringify(gj, null, 1)}\n`);
      tx.write(`${base}.csv`, overlaysToCsv({ ...payload, overlays: [{ id: "", label: "", data: gj, style: {} }] }));
      tx.commit();
      const sheet = r.state.sheet ?? { width: payload.width, height: payload.height };
      results.push({
        spec: job.spec,
        png: job.out,
        pdf: r.pdf ? `${base}.pdf` : undefined,
        geojson: `${base}.geojson`,
        csv: `${base}.csv`,
        width: sheet.width,
        height: sheet.height,
        scale,
        features: gj.features.length,
        credits: r.state.credits ?? [],
        notes: payload.notes ?? [],
        missing: r.state.missing ?? {},
        labels: r.state.labels?.length ?? 0,
      });
    }
  } finally {
    for (const { tx } of payloads) tx.abort();
    await session.close();
    await browser.close();
    await server.close();
  }
  return results;
}

export const figureCommand: CommandSpec = {
  name: "figure",
  summary:
    "render a figure spec (view, layers, data files, analyses, title) to PNG through the viewer in headless Chromium, plus GeoJSON/CSV of what it shows",
  description:
    "The spec is JSON: title, subtitle, width, height, scale, view {longitude, latitude, zoom} | bbox [w,s,e,n] | fit [places], layers (basemap ids: " +
    BASE_LAYER_IDS.join(", ") +
    "), date (YYYY-MM-DD, fronts and crossings), labels (places always named), data [{file, label, color, labelProperty}], analysis [{type: geodesic|depth|route|isochrone|corridor|euphrates-banks, …}], notes; validated against docs/figure-spec.schema.json (a bad field is exit 2 naming it). " +
    "The sheet: title, map with graticule ticks, locator, legend, notes, scale, north arrow and a source and date line, none over the map; labels placed without collisions. " +
    "Same spec, same image: fixed size and device scale, no animations, the page signals when it has drawn. Needs Chromium (/usr/bin/chromium or SYRAQ_CHROMIUM); never touches the network. See docs/viewer-and-figures.md.",
  args: [{ name: "spec", description: "figure spec (JSON)" }],
  options: [
    {
      name: "out",
      type: "string",
      placeholder: "FILE.png",
      description: "PNG to write (the .geojson and .csv are written beside it); default: the spec's name with .png",
    },
    { name: "width", type: "number", unit: "CSS pixels", description: "image width (default: the spec's, else 960)" },
    { name: "height", type: "number", unit: "CSS pixels", description: "image height (default: the spec's, else 640)" },
    {
      name: "scale",
      type: "number",
      description: "device pixel ratio: the PNG is width×scale by height×scale pixels (default: the spec's, else 1)",
    },
    {
      name: "paper",
      type: "string",
      placeholder: "SIZE",
      description: "print size instead of --width/--height: A4-landscape, A4-portrait, A3-landscape or A3-portrait",
    },
    {
      name: "dpi",
      type: "number",
      unit: "dots per inch",
      description: "with --paper: resolution of the PNG, 72-300 (default 150; A4 landscape at 300 dpi is 3508×2480 px)",
    },
    {
      name: "pdf",
      type: "boolean",
      description: "also write FILE.pdf (one page of the figure's size; text stays vector)",
    },
    {
      name: "allow-path",
      type: "string",
      multiple: true,
      placeholder: "DIR",
      description:
        "also let the spec read data files and fronts in DIR (by default only the spec's folder, data/ and the data pack)",
    },
  ],
  examples: [
    "syraq figure scripts/figures/syraq-zone.json --out figures/syraq-zone.png",
    "syraq figure my-spec.json --out fig.png --width 1600 --height 1000 --scale 2",
  ],
  async run(ctx) {
    const spec = ctx.args.spec as string;
    const out = (ctx.options.out as string | undefined) ?? spec.replace(/\.json$/i, "") + ".png";
    if (!/\.png$/i.test(out)) throw bad(`--out must end in .png, got '${out}'`);
    const paper = ctx.options.paper as string | undefined;
    if (paper !== undefined && (ctx.options.width !== undefined || ctx.options.height !== undefined))
      throw bad("give either --paper or --width/--height", { paper });
    if (paper !== undefined) paperSize(paper);
    const dpi = positive(ctx.options.dpi, "dpi", 300);
    if (dpi !== undefined && dpi < 72) throw bad(`--dpi must be in [72, 300], got ${dpi}`, { dpi });
    if (dpi !== undefined && paper === undefined) throw bad("--dpi needs --paper (A4-landscape, …)", { dpi });
    const [r] = await renderFigures(ctx, [
      {
        spec,
        out,
        width: positive(ctx.options.width, "width", 8000),
        height: positive(ctx.options.height, "height", 8000),
        scale: positive(ctx.options.scale, "scale", 4),
        paper,
        dpi,
        pdf: ctx.options.pdf === true,
      },
    ]);
    const missing = Object.entries(r!.missing).map(([k, v]) => `  layer ${k}: ${v}`);
    return {
      json: r,
      text: [
        `wrote ${r!.png} (${Math.round(r!.width * r!.scale)}×${Math.round(r!.height * r!.scale)} px)${r!.pdf ? `, ${r!.pdf}` : ""}, ${r!.geojson}, ${r!.csv} (${r!.features} features)`,
        ...r!.notes.map((n) => `  ${n}`),
        ...missing,
        `credits: ${r!.credits.join("; ")}`,
      ].join("\n"),
    };
  },
};
