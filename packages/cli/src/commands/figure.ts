// `syraq figure SPEC.json --out fig.png`: renders a figure spec through the viewer's own layer code in headless
// Chromium. The spec → payload step (analyses, data files) is core's (figures/); rendering is shared/figure-render.ts.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  BASE_LAYER_IDS,
  bad,
  buildPayload,
  type FigureAnalysisItem,
  type FigureContext,
  type FigureFeatureCollection,
  type FigureSpec,
  SyraqError,
} from "@syraq/core";
import { PROJECT_ROOT, loadEuphrates, loadFront } from "@syraq/core/node";
import type { CommandContext, CommandSpec } from "../command.ts";
import { resolveLocations } from "../locations.ts";
import {
  launchChromium,
  overlaysToCsv,
  overlaysToGeoJson,
  renderPayload,
  startViewerServer,
  viewerDist,
} from "../shared/figure-render.ts";
import { routeGraphFor } from "../shared/route-graph.ts";

function resolveFile(specDir: string, file: string): string {
  for (const base of [specDir, PROJECT_ROOT]) {
    const p = resolve(base, file);
    if (existsSync(p)) return p;
  }
  throw new SyraqError(
    "DATA_MISSING",
    `figure data file not found: ${file} (looked in ${specDir} and ${PROJECT_ROOT})`,
    { file },
  );
}

function readFc(path: string): FigureFeatureCollection {
  let v: { type?: unknown; features?: unknown; coordinates?: unknown } | null;
  try {
    v = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new SyraqError("BAD_GEOJSON", `cannot read ${path} as JSON: ${(e as Error).message}`, { path });
  }
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

/** The CLI's FigureContext: the gazetteer, the route graph with the item's options, fronts, the pack's river. */
export function figureContext(ctx: CommandContext, specDir: string): FigureContext {
  return {
    locate(text: string) {
      const [l] = resolveLocations(ctx, [text]);
      return { name: l!.name, lonLat: [l!.lon, l!.lat] };
    },
    routeGraph: (item: FigureAnalysisItem) => graphFor(ctx, item),
    loadFront: (nameOrFile: string) => loadFront(nameOrFile),
    euphrates: () => loadEuphrates(ctx.dataDir()),
    readData: (file: string) => readFc(resolveFile(specDir, file)),
  };
}

/** A spec → the viewer's payload, with the CLI's context (data files resolved against `specDir`). */
export function figurePayload(
  ctx: CommandContext,
  spec: FigureSpec,
  specDir: string,
  size: { width: number; height: number },
) {
  return buildPayload(figureContext(ctx, specDir), spec, size);
}

export function readSpec(path: string): FigureSpec {
  if (!existsSync(path)) throw new SyraqError("DATA_MISSING", `figure spec not found: ${path}`, { path });
  try {
    return JSON.parse(readFileSync(path, "utf8")) as FigureSpec;
  } catch (e) {
    throw bad(`figure spec ${path} is not valid JSON: ${(e as Error).message}`, { path });
  }
}

function positive(v: unknown, name: string, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || v > max)
    throw bad(`--${name} must be a number in (0, ${max}], got ${String(v)}`, { [name]: v });
  return v;
}

/** Renders several specs with one build, one server and one browser. */
export async function renderFigures(
  ctx: CommandContext,
  jobs: Array<{ spec: string; out: string; width?: number; height?: number; scale?: number }>,
): Promise<
  Array<{
    spec: string;
    png: string;
    geojson: string;
    csv: string;
    width: number;
    height: number;
    scale: number;
    credits: string[];
    notes: string[];
    missing: Record<string, string>;
  }>
> {
  const dataDir = ctx.dataDir();
  const payloads = [];
  for (const j of jobs) {
    const spec = readSpec(j.spec);
    const width = Math.round(j.width ?? spec.width ?? 960);
    const height = Math.round(j.height ?? spec.height ?? 640);
    const scale = j.scale ?? spec.scale ?? 1;
    payloads.push({
      job: j,
      scale,
      payload: await figurePayload(ctx, spec, dirname(resolve(j.spec)), { width, height }),
    });
  }
  const dist = viewerDist((l) => ctx.err(l));
  const server = await startViewerServer(dist, dataDir);
  const browser = await launchChromium();
  const results = [];
  try {
    for (const { job, scale, payload } of payloads) {
      const progress = ctx.progress(`figure ${job.out}`);
      const r = await renderPayload(browser, server, payload, scale);
      progress.done();
      if (r.blocked.length)
        throw new SyraqError(
          "INTERNAL",
          `the figure page tried to reach the network (blocked): ${r.blocked.join(", ")}`,
        );
      mkdirSync(dirname(resolve(job.out)), { recursive: true });
      const base = job.out.replace(/\.png$/i, "");
      writeFileSync(job.out, r.png);
      writeFileSync(`${base}.geojson`, JSON.stringify(overlaysToGeoJson(payload), null, 1) + "\n");
      writeFileSync(`${base}.csv`, overlaysToCsv(payload));
      results.push({
        spec: job.spec,
        png: job.out,
        geojson: `${base}.geojson`,
        csv: `${base}.csv`,
        width: payload.width,
        height: payload.height,
        scale,
        credits: r.state.credits ?? [],
        notes: payload.notes ?? [],
        missing: r.state.missing ?? {},
      });
    }
  } finally {
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
    "), date (YYYY-MM-DD, fronts and crossings), labels (places always named), data [{file, label, color, labelProperty}], analysis [{type: geodesic|depth|route|isochrone|corridor|euphrates-banks, …}], notes. " +
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
  ],
  examples: [
    "syraq figure scripts/figures/syraq-zone.json --out figures/syraq-zone.png",
    "syraq figure my-spec.json --out fig.png --width 1600 --height 1000 --scale 2",
  ],
  async run(ctx) {
    const spec = ctx.args.spec as string;
    const out = (ctx.options.out as string | undefined) ?? spec.replace(/\.json$/i, "") + ".png";
    if (!/\.png$/i.test(out)) throw bad(`--out must end in .png, got '${out}'`);
    const [r] = await renderFigures(ctx, [
      {
        spec,
        out,
        width: positive(ctx.options.width, "width", 8000),
        height: positive(ctx.options.height, "height", 8000),
        scale: positive(ctx.options.scale, "scale", 4),
      },
    ]);
    const missing = Object.entries(r!.missing).map(([k, v]) => `  layer ${k}: ${v}`);
    return {
      json: r,
      text: [
        `wrote ${r!.png} (${r!.width * r!.scale}×${r!.height * r!.scale} px), ${r!.geojson}, ${r!.csv}`,
        ...r!.notes.map((n) => `  ${n}`),
        ...missing,
        `credits: ${r!.credits.join("; ")}`,
      ].join("\n"),
    };
  },
};
