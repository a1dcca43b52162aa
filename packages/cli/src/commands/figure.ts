// `syraq figure SPEC.json --out fig.png`: renders a figure spec through the
// viewer's own layer code (packages/viewer, figure.html) in headless Chromium.
//
// Pipeline: spec → analysis layers computed here with @syraq/core (Node) →
// a payload (view, basemap layers, overlays, title, notes) → the built viewer
// served on 127.0.0.1 (random port; the data pack under /pack, data/ under
// /data) → Chromium (SwiftShader WebGL, every non-local request aborted) waits
// for the page's ready flag → PNG, plus GeoJSON and CSV of the overlays.
// The viewer is built once (vite build into packages/viewer/dist) and reused
// until its sources or core's change.
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, extname, join, resolve, sep } from "node:path";
import * as core from "@syraq/core";
import {
  SyraqError,
  corridor,
  corridorToGeoJson,
  findRoute,
  geodesicDirect,
  geodesicInverse,
  isochrones,
  isochronesToGeoJson,
  type LonLat,
} from "@syraq/core";
import * as coreNode from "@syraq/core/node";
import { PROJECT_DATA_DIR, PROJECT_ROOT } from "@syraq/core/node";
import type { CommandContext, CommandSpec } from "../command.ts";
import { resolveLocations } from "../locations.ts";
import { routeGraphFor } from "./route.ts";

// ---------------------------------------------------------------- spec types

export type RGBA = [number, number, number, number];

export const BASE_LAYER_IDS = [
  "hillshade",
  "lakes",
  "governorates",
  "countries",
  "rivers",
  "zone",
  "roads",
  "crossings",
  "fronts",
  "places",
] as const;

export interface FigureDataItem {
  /** GeoJSON file; relative paths resolve against the spec's folder, then the repository root. */
  file: string;
  label: string;
  color?: number[];
  fillColor?: number[];
  lineWidth?: number;
  labelProperty?: string;
  dashed?: boolean;
}

export interface FigureAnalysisItem {
  type: "geodesic" | "depth" | "route" | "isochrone" | "corridor" | "euphrates-banks";
  [key: string]: unknown;
}

export interface FigureSpec {
  title: string;
  subtitle?: string;
  width?: number;
  height?: number;
  scale?: number;
  view?: { longitude: number; latitude: number; zoom: number };
  bbox?: [number, number, number, number];
  /** Places (names or coordinates) the view must show, with a margin. */
  fit?: string[];
  layers?: string[];
  date?: string;
  labels?: string[];
  maxPlaceLabels?: number;
  data?: FigureDataItem[];
  analysis?: FigureAnalysisItem[];
  notes?: string[];
  /** Draw the legend (default true). */
  legend?: boolean;
}

interface FC {
  type: "FeatureCollection";
  features: Array<{
    type: "Feature";
    geometry: { type: string; coordinates: any } | null;
    properties: Record<string, any> | null;
  }>;
}

/** Same shape as the viewer's Overlay (packages/viewer/src/types.ts); the CLI may not import the viewer. */
export interface Overlay {
  id: string;
  label: string;
  data: FC;
  style: {
    color?: RGBA;
    fillColor?: RGBA;
    lineWidthPixels?: number;
    pointRadiusPixels?: number;
    labelProperty?: string;
    colorByProperty?: string;
    dashed?: boolean;
  };
  legend?: Array<{ label: string; color: RGBA; kind: "line" | "fill" | "point" }>;
  credit?: string;
}

export interface FigurePayload {
  width: number;
  height: number;
  title: string;
  subtitle?: string;
  view?: { longitude: number; latitude: number; zoom: number };
  bbox?: [number, number, number, number];
  layers: string[];
  date?: string;
  overlays: Overlay[];
  labels?: string[];
  maxPlaceLabels?: number;
  notes?: string[];
  legend?: boolean;
}

// ---------------------------------------------------------------- spec → payload

const bad = (message: string, details: Record<string, unknown> = {}) =>
  new SyraqError("BAD_ARGUMENT", message, details);

function rgba(c: unknown, fallback: RGBA): RGBA {
  if (!Array.isArray(c)) return fallback;
  if (c.length < 3 || c.length > 4 || !c.every((v) => typeof v === "number" && v >= 0 && v <= 255))
    throw bad(`colour ${JSON.stringify(c)} must be [r, g, b] or [r, g, b, a] with values 0-255`);
  return [c[0], c[1], c[2], c[3] ?? 255] as RGBA;
}

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

function readFc(path: string): FC {
  let v: any;
  try {
    v = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new SyraqError("BAD_GEOJSON", `cannot read ${path} as JSON: ${(e as Error).message}`, { path });
  }
  if (v?.type === "FeatureCollection" && Array.isArray(v.features)) return v as FC;
  if (v?.type === "Feature") return { type: "FeatureCollection", features: [v] };
  if (typeof v?.type === "string" && v.coordinates)
    return { type: "FeatureCollection", features: [{ type: "Feature", geometry: v, properties: {} }] };
  throw new SyraqError("BAD_GEOJSON", `${path} is not GeoJSON (expected a FeatureCollection, Feature or geometry)`, {
    path,
  });
}

/** Looks a function up in core at run time: analyses other helpers add become usable without changing this file's imports. */
function coreFn<T extends (...args: any[]) => any>(...names: string[]): T | undefined {
  for (const mod of [core, coreNode] as Array<Record<string, unknown>>) {
    for (const n of names) if (typeof mod[n] === "function") return mod[n] as T;
  }
  return undefined;
}

function geodesicPath(a: LonLat, b: LonLat, stepMetres = 5000): LonLat[] {
  const inv = geodesicInverse(a, b);
  const n = Math.max(1, Math.ceil(inv.lengthMetres / stepMetres));
  const out: LonLat[] = [a];
  for (let k = 1; k < n; k++) out.push(geodesicDirect(a, inv.azimuthStartDegrees, (inv.lengthMetres * k) / n).point);
  out.push(b);
  return out;
}

const km = (m: number) => `${(m / 1000).toFixed(0)} km`;
const point = (lonLat: LonLat, properties: Record<string, unknown>) => ({
  type: "Feature" as const,
  geometry: { type: "Point", coordinates: lonLat },
  properties,
});
const line = (coords: LonLat[], properties: Record<string, unknown>) => ({
  type: "Feature" as const,
  geometry: { type: "LineString", coordinates: coords },
  properties,
});

interface AnalysisOutput {
  overlays: Overlay[];
  notes: string[];
  /** Places the figure should label. */
  labels: string[];
}

type Resolver = (ctx: CommandContext, item: FigureAnalysisItem) => Promise<AnalysisOutput> | AnalysisOutput;

function location(ctx: CommandContext, text: unknown, what: string): { name: string; lonLat: LonLat } {
  if (typeof text !== "string" || !text) throw bad(`analysis ${what} needs a place name or coordinate string`);
  const [l] = resolveLocations(ctx, [text]);
  return { name: l!.name, lonLat: [l!.lon, l!.lat] };
}

const SUBJECT: RGBA = [20, 20, 120, 255];

const RESOLVERS: Record<FigureAnalysisItem["type"], Resolver> = {
  geodesic(ctx, item) {
    const a = location(ctx, item.from, "geodesic.from");
    const b = location(ctx, item.to, "geodesic.to");
    const len = geodesicInverse(a.lonLat, b.lonLat).lengthMetres;
    return {
      overlays: [
        {
          id: "geodesic",
          label: `${a.name} – ${b.name}`,
          data: {
            type: "FeatureCollection",
            features: [
              line(geodesicPath(a.lonLat, b.lonLat), { name: `${km(len)}`, lengthMetres: Math.round(len) }),
              point(a.lonLat, { name: a.name }),
              point(b.lonLat, { name: b.name }),
            ],
          },
          style: { color: SUBJECT, lineWidthPixels: 3, labelProperty: "name", dashed: true },
          legend: [{ label: `Geodesic ${a.name} – ${b.name}: ${km(len)}`, color: SUBJECT, kind: "line" }],
        },
      ],
      notes: [`${a.name} – ${b.name}: ${km(len)} (geodesic, WGS84)`],
      labels: [a.name, b.name],
    };
  },

  depth(ctx, item) {
    const place = location(ctx, item.place, "depth.place");
    if (typeof item.front !== "string")
      throw bad("analysis depth needs 'front': a front name in data/fronts or a FILE.geojson");
    const loadFront = coreFn<(nameOrFile: string) => any>("loadFront");
    const depthBehindFront =
      coreFn<(front: any, p: LonLat) => { depthMetres: number; nearest: LonLat; side: string }>("depthBehindFront");
    if (!loadFront || !depthBehindFront)
      throw new SyraqError(
        "DATA_MISSING",
        "depth figures need core's loadFront and depthBehindFront (analysis/depth.ts)",
      );
    const front = loadFront(item.front);
    const d = depthBehindFront(front, place.lonLat);
    const lines = front.parts.map((part: LonLat[]) =>
      line(part, { name: front.label, date: front.date, holder: front.holder ?? null }),
    );
    const text = `${place.name}: ${km(d.depthMetres)} ${d.side === "behind" ? "behind" : d.side === "in front" ? "in front of" : "on"} the front of ${front.date}`;
    return {
      overlays: [
        {
          id: "depth-front",
          label: `Front ${front.date}`,
          data: { type: "FeatureCollection", features: lines },
          style: { color: [220, 20, 20, 255], lineWidthPixels: 3 },
          legend: [{ label: `Front line ${front.date} (illustrative)`, color: [220, 20, 20, 255], kind: "line" }],
          credit: `Front: ${front.label} (Syraq reconstruction)`,
        },
        {
          id: "depth",
          label: "Depth",
          data: {
            type: "FeatureCollection",
            features: [
              line(geodesicPath(place.lonLat, d.nearest), {
                name: km(d.depthMetres),
                depthMetres: Math.round(d.depthMetres),
                side: d.side,
              }),
              point(place.lonLat, { name: "", place: place.name, depthMetres: Math.round(d.depthMetres) }),
              point(d.nearest, { name: "", place: "nearest point of the front" }),
            ],
          },
          style: { color: SUBJECT, lineWidthPixels: 3, labelProperty: "name" },
          legend: [
            { label: `Depth (shortest geodesic to the front): ${km(d.depthMetres)}`, color: SUBJECT, kind: "line" },
          ],
        },
      ],
      notes: [text, "straight line (geodesic, WGS84) to the nearest point of the front"],
      labels: [place.name],
    };
  },

  "euphrates-banks"(ctx, item) {
    const from = location(ctx, item.from, "euphrates-banks.from");
    const to = location(ctx, item.to, "euphrates-banks.to");
    const loadEuphrates = coreFn<(dataDir: string) => { coordinates: LonLat[] }>("loadEuphrates");
    const bankOf = coreFn<(river: unknown, p: LonLat) => { riverMetres: number; nearest: LonLat }>("euphratesBank");
    if (!loadEuphrates || !bankOf)
      throw new SyraqError(
        "DATA_MISSING",
        "bank figures need core's loadEuphrates and euphratesBank (analysis/euphrates.ts)",
      );
    const river = loadEuphrates(ctx.dataDir());
    const a = bankOf(river, from.lonLat);
    const b = bankOf(river, to.lonLat);
    const [lo, hi] = a.riverMetres <= b.riverMetres ? [a, b] : [b, a];
    // The river between the two towns, downstream order.
    const stretch: LonLat[] = [lo.nearest];
    let along = 0;
    for (let k = 1; k < river.coordinates.length; k++) {
      along += geodesicInverse(river.coordinates[k - 1]!, river.coordinates[k]!).lengthMetres;
      if (along > lo.riverMetres && along < hi.riverMetres) stretch.push(river.coordinates[k]!);
    }
    stretch.push(hi.nearest);
    const widthMetres = Number(item.widthKm ?? 5) * 1000;
    // A band on each side: the bank line offset perpendicular to the local downstream direction.
    // The direction is taken over ±1.5 band widths along the river so meanders do not fold the band.
    const cum = [0];
    for (let k = 1; k < stretch.length; k++)
      cum.push(cum[k - 1]! + geodesicInverse(stretch[k - 1]!, stretch[k]!).lengthMetres);
    const reach = 1.5 * widthMetres;
    const offset = (sign: 1 | -1): LonLat[] =>
      stretch.map((p, k) => {
        let i = k;
        while (i > 0 && cum[k]! - cum[i]! < reach) i--;
        let j = k;
        while (j < stretch.length - 1 && cum[j]! - cum[k]! < reach) j++;
        const az = geodesicInverse(stretch[i]!, stretch[j]!).azimuthStartDegrees;
        return geodesicDirect(p, az + sign * 90, widthMetres).point;
      });
    const side = (bank: "right" | "left") => {
      const cfg = (item[bank] ?? {}) as { label?: string; color?: number[] };
      const color = rgba(cfg.color, bank === "right" ? [200, 40, 40, 255] : [230, 180, 20, 255]);
      const ring = [...stretch, ...offset(bank === "right" ? 1 : -1).reverse(), stretch[0]!];
      return {
        color,
        label: cfg.label ?? `${bank} bank`,
        feature: {
          type: "Feature" as const,
          geometry: { type: "Polygon", coordinates: [ring] },
          properties: { name: cfg.label ?? `${bank} bank`, bank, widthMetres },
        },
      };
    };
    const right = side("right");
    const left = side("left");
    const lengthMetres = hi.riverMetres - lo.riverMetres;
    const fill = (c: RGBA): RGBA => [c[0], c[1], c[2], 110];
    return {
      overlays: [
        {
          id: "bank-right",
          label: right.label,
          data: { type: "FeatureCollection", features: [right.feature] },
          style: { color: right.color, fillColor: fill(right.color), lineWidthPixels: 1 },
          legend: [{ label: `Right (south-west) bank: ${right.label}`, color: fill(right.color), kind: "fill" }],
        },
        {
          id: "bank-left",
          label: left.label,
          data: { type: "FeatureCollection", features: [left.feature] },
          style: { color: left.color, fillColor: fill(left.color), lineWidthPixels: 1 },
          legend: [{ label: `Left (north-east) bank: ${left.label}`, color: fill(left.color), kind: "fill" }],
        },
        {
          id: "euphrates",
          label: "Euphrates",
          data: {
            type: "FeatureCollection",
            features: [line(stretch, { name: "", riverMetres: Math.round(lengthMetres) })],
          },
          style: { color: [30, 90, 200, 255], lineWidthPixels: 4 },
          legend: [
            {
              label: `Euphrates, ${from.name} → ${to.name}: ${km(lengthMetres)} along the river`,
              color: [30, 90, 200, 255],
              kind: "line",
            },
          ],
        },
      ],
      notes: [
        `${from.name} → ${to.name}: ${km(lengthMetres)} along the Euphrates (Natural Earth 1:10m centreline)`,
        `banks drawn ${km(widthMetres)} wide; control is illustrative${typeof item.date === "string" ? ` (${item.date})` : ""}`,
      ],
      labels: [from.name, to.name],
    };
  },

  async route(ctx, item) {
    const { graph, model, crossings } = await graphFor(ctx, item);
    const points = [item.from, ...((item.via as string[] | undefined) ?? []), item.to]
      .map((t, k) => location(ctx, t, `route point ${k}`))
      .map((l) => ({ name: l.name, lonLat: l.lonLat }));
    const r = findRoute({ graph, model, points, crossings });
    const color = rgba(item.color, [30, 30, 200, 255]);
    return {
      overlays: [
        {
          id: "route",
          label: "Route",
          data: {
            type: "FeatureCollection",
            features: [
              line(r.coordinates, {
                name: `${km(r.lengthMetres)}, ${hm(r.durationSeconds)}`,
                lengthMetres: Math.round(r.lengthMetres),
                durationSeconds: Math.round(r.durationSeconds),
                model: r.model,
              }),
              ...points.map((p) => point(p.lonLat, { name: "", place: p.name })),
            ],
          },
          style: { color, lineWidthPixels: 4, labelProperty: "name" },
          legend: [
            { label: `Route (${r.model}): ${km(r.lengthMetres)}, ${hm(r.durationSeconds)}`, color, kind: "line" },
          ],
          credit: "Route: Syraq route graph (GMTED2010 terrain + approximate road skeleton + crossings)",
        },
      ],
      notes: [
        `${points.map((p) => p.name).join(" → ")}: ${km(r.lengthMetres)}, ${hm(r.durationSeconds)} (${r.model}${crossings.date ? `, crossings on ${crossings.date}` : ""})`,
        ...(r.crossings.length ? [`crosses ${r.crossings.join(", ")}`] : []),
      ],
      labels: points.map((p) => p.name),
    };
  },

  async isochrone(ctx, item) {
    const { graph, model, crossings } = await graphFor(ctx, item);
    const from = location(ctx, item.from, "isochrone.from");
    const hours = Array.isArray(item.hours) ? (item.hours as number[]) : [2, 4, 6];
    if (!hours.length || hours.some((h) => !(typeof h === "number" && h > 0)))
      throw bad(`isochrone hours must be positive numbers, got ${JSON.stringify(item.hours)}`);
    const r = isochrones({
      graph,
      model,
      sources: [{ name: from.name, lonLat: from.lonLat }],
      durationsSeconds: hours.map((h) => h * 3600),
      crossings,
    });
    const fc = isochronesToGeoJson(r) as FC;
    for (const f of fc.features)
      f.properties = { ...f.properties, hours: Number(f.properties?.durationSeconds) / 3600, name: "" };
    const sorted = [...hours].sort((a, b) => a - b);
    const minutes = sorted.map((h) => h * 60);
    return {
      overlays: [
        {
          id: "isochrones",
          label: "Isochrones",
          data: fc,
          style: { color: [150, 40, 20, 255], lineWidthPixels: 1, colorByProperty: "minutes" },
          legend: sorted.map((h, k) => ({
            label: `within ${h} h (${model.name}): ${Math.round(r.bands[k]!.areaSquareMetres / 1e6).toLocaleString("en")} km²`,
            color: rampFor(minutes[k]!, minutes),
            kind: "fill" as const,
          })),
          credit: "Isochrones: Syraq route graph (GMTED2010 terrain + approximate road skeleton + crossings)",
        },
        {
          id: "isochrone-source",
          label: from.name,
          data: { type: "FeatureCollection", features: [point(from.lonLat, { name: "", place: from.name })] },
          style: { color: SUBJECT, pointRadiusPixels: 6 },
          legend: [{ label: `Start: ${from.name}`, color: SUBJECT, kind: "point" }],
        },
      ],
      notes: [
        `from ${from.name}, ${model.name} model${crossings.date ? `, crossings on ${crossings.date}` : ""}`,
        ...r.bands.map(
          (b) => `≤ ${b.durationSeconds / 3600} h: ${Math.round(b.areaSquareMetres / 1e6).toLocaleString("en")} km²`,
        ),
      ],
      labels: [from.name],
    };
  },

  async corridor(ctx, item) {
    const { graph, model, crossings } = await graphFor(ctx, item);
    const from = location(ctx, item.from, "corridor.from");
    const to = location(ctx, item.to, "corridor.to");
    const tolerance = item.tolerance === undefined ? 0.1 : Number(item.tolerance);
    const alternatives = item.alternatives === undefined ? 2 : Number(item.alternatives);
    const r = corridor({
      graph,
      model,
      from: { name: from.name, lonLat: from.lonLat },
      to: { name: to.name, lonLat: to.lonLat },
      tolerance,
      alternatives,
      crossings,
    });
    const fc = corridorToGeoJson(r) as FC;
    const band = fc.features.filter((f) => f.properties?.kind === "corridor");
    const routes: FC["features"] = fc.features
      .filter((f) => f.properties?.kind === "route")
      .map((f) => ({
        ...f,
        properties: {
          ...f.properties,
          name:
            Number(f.properties?.rank) === 1
              ? `${km(Number(f.properties?.lengthMetres))}, ${hm(Number(f.properties?.durationSeconds))}`
              : "",
        },
      }));
    const best = routes.find((f) => Number(f.properties?.rank) === 1);
    return {
      overlays: [
        {
          id: "corridor",
          label: "Corridor",
          data: { type: "FeatureCollection", features: band },
          style: { color: [120, 60, 160, 255], fillColor: [150, 90, 200, 90], lineWidthPixels: 1 },
          legend: [
            {
              label: `Corridor: cells within ${(tolerance * 100).toFixed(0)} % of the best time`,
              color: [150, 90, 200, 110],
              kind: "fill",
            },
          ],
          credit: "Corridor: Syraq route graph (GMTED2010 terrain + approximate road skeleton + crossings)",
        },
        {
          id: "corridor-routes",
          label: "Routes",
          data: { type: "FeatureCollection", features: routes },
          style: { color: [30, 30, 200, 255], lineWidthPixels: 3, labelProperty: "name" },
          legend: [
            {
              label: `Best route${routes.length > 1 ? ` and ${routes.length - 1} alternative(s)` : ""} (${model.name})`,
              color: [30, 30, 200, 255],
              kind: "line",
            },
          ],
        },
      ],
      notes: [
        `${from.name} → ${to.name}: best ${hm(r.bestSeconds)}${best ? `, ${km(Number(best.properties?.lengthMetres))}` : ""} (${model.name}${crossings.date ? `, crossings on ${crossings.date}` : ""})`,
        `corridor ${Math.round(r.bandAreaSquareMetres / 1e6).toLocaleString("en")} km² within ${(tolerance * 100).toFixed(0)} % of the best time`,
      ],
      labels: [from.name, to.name],
    };
  },
};

const hm = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds - 3600 * h) / 60);
  return h ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min`;
};

/** Same ramp as the viewer's overlay layer (packages/viewer/src/layers/overlay.ts), for legend swatches. */
const RAMP: RGBA[] = [
  [255, 237, 160, 150],
  [254, 178, 76, 150],
  [240, 59, 32, 140],
  [189, 0, 38, 130],
  [128, 0, 60, 120],
];
function rampFor(value: number, values: number[]): RGBA {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const k = sorted.indexOf(value);
  if (sorted.length <= 1 || k < 0) return RAMP[1]!;
  return RAMP[Math.round((k / (sorted.length - 1)) * (RAMP.length - 1))]!;
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

export async function buildPayload(
  ctx: CommandContext,
  spec: FigureSpec,
  specDir: string,
  size: { width: number; height: number },
): Promise<FigurePayload> {
  if (!spec || typeof spec.title !== "string" || !spec.title) throw bad("figure spec needs a 'title' (string)");
  const layers = spec.layers ?? [...BASE_LAYER_IDS];
  const unknown = layers.filter((l) => !(BASE_LAYER_IDS as readonly string[]).includes(l));
  if (unknown.length)
    throw bad(`unknown layer(s) ${unknown.join(", ")} in the figure spec; known: ${BASE_LAYER_IDS.join(", ")}`, {
      unknown,
    });
  if (spec.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(spec.date))
    throw bad(`date '${spec.date}' must be YYYY-MM-DD`);
  const overlays: Overlay[] = [];
  const notes: string[] = [];
  const labels = new Set(spec.labels ?? []);
  for (const [k, d] of (spec.data ?? []).entries()) {
    if (!d || typeof d.file !== "string") throw bad(`data[${k}] needs 'file'`);
    const color = rgba(d.color, [90, 30, 160, 255]);
    overlays.push({
      id: `data-${k}`,
      label: d.label ?? d.file,
      data: readFc(resolveFile(specDir, d.file)),
      style: {
        color,
        fillColor: d.fillColor ? rgba(d.fillColor, [0, 0, 0, 0]) : undefined,
        lineWidthPixels: d.lineWidth ?? 3,
        labelProperty: d.labelProperty,
        dashed: d.dashed,
      },
      legend: [{ label: d.label ?? d.file, color, kind: "line" }],
      credit: `${d.label ?? d.file}`,
    });
  }
  for (const item of spec.analysis ?? []) {
    const resolver = RESOLVERS[item?.type as FigureAnalysisItem["type"]];
    if (!resolver) throw bad(`unknown analysis type '${item?.type}'; known: ${Object.keys(RESOLVERS).join(", ")}`);
    const out = await resolver(ctx, item);
    overlays.push(...out.overlays);
    notes.push(...out.notes);
    for (const l of out.labels) labels.add(l);
  }
  let bbox = spec.bbox;
  if (!spec.view && !bbox && spec.fit?.length) {
    const pts = resolveLocations(ctx, spec.fit).map((l) => [l.lon, l.lat] as LonLat);
    const lons = pts.map((p) => p[0]);
    const lats = pts.map((p) => p[1]);
    const pad = 0.35;
    bbox = [Math.min(...lons) - pad, Math.min(...lats) - pad, Math.max(...lons) + pad, Math.max(...lats) + pad];
  }
  return {
    width: size.width,
    height: size.height,
    title: spec.title,
    subtitle: spec.subtitle,
    view: spec.view,
    bbox,
    layers,
    date: spec.date,
    overlays,
    labels: [...labels],
    maxPlaceLabels: spec.maxPlaceLabels,
    notes: [...(spec.notes ?? []), ...notes],
    legend: spec.legend,
  };
}

// ---------------------------------------------------------------- the built viewer

export const VIEWER_DIR = join(PROJECT_ROOT, "packages", "viewer");
export const VIEWER_DIST = join(VIEWER_DIR, "dist");

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const name of readdirSync(path))
    if (name !== "node_modules" && name !== "dist") m = Math.max(m, newestMtime(join(path, name)));
  return m;
}

/** Builds packages/viewer/dist when it is missing or older than the viewer's or core's sources. Serialised with a lock directory. */
export function ensureViewerBuilt(dataDir: string, log: (line: string) => void = () => {}): string {
  const stamp = join(VIEWER_DIST, ".syraq-build");
  const sources = Math.max(
    newestMtime(join(VIEWER_DIR, "src")),
    newestMtime(join(VIEWER_DIR, "index.html")),
    newestMtime(join(VIEWER_DIR, "figure.html")),
    newestMtime(join(VIEWER_DIR, "vite.config.ts")),
    newestMtime(join(VIEWER_DIR, "server")),
    newestMtime(join(PROJECT_ROOT, "packages", "core", "src")),
  );
  const fresh = () => existsSync(stamp) && statSync(stamp).mtimeMs >= sources;
  if (fresh()) return VIEWER_DIST;
  const lock = join(VIEWER_DIR, ".build-lock");
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 180_000) rmSync(lock, { recursive: true, force: true });
      spawnSync("sleep", ["0.5"]);
    }
  }
  try {
    if (fresh()) return VIEWER_DIST;
    log("building the viewer (vite build)…");
    const vite = join(VIEWER_DIR, "node_modules", "vite", "bin", "vite.js");
    const r = spawnSync(process.execPath, [vite, "build", "--logLevel", "error"], {
      cwd: VIEWER_DIR,
      env: { ...process.env, SYRAQ_DATA_DIR: dataDir },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new SyraqError("INTERNAL", `vite build of the viewer failed:\n${r.stderr || r.stdout}`);
    writeFileSync(stamp, new Date().toISOString());
    return VIEWER_DIST;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".geojson": "application/geo+json",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".csv": "text/csv",
  ".wasm": "application/wasm",
};
const SERVED_DATA = /\.(geojson|json|tif|tiff|csv)$/i;

function listFiles(root: string, sub = ""): string[] {
  const dir = join(root, sub);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    const rel = sub ? `${sub}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) out.push(...listFiles(root, rel));
    else if (SERVED_DATA.test(name)) out.push(rel);
  }
  return out;
}

export interface StaticServer {
  url: string;
  server: Server;
  /** Extra in-memory files (e.g. /__figure/1.json). */
  files: Map<string, string>;
  close(): Promise<void>;
}

/**
 * Serves the built viewer on 127.0.0.1 (random port) with the data pack under
 * /pack/ and the project's data/ under /data/ (read live, so data edited after
 * the build is used), and /data-index.json listing both.
 */
export async function startViewerServer(dist: string, dataDir: string): Promise<StaticServer> {
  const files = new Map<string, string>();
  const inside = (root: string, rel: string) => {
    const p = resolve(root, rel);
    return p.startsWith(root + sep) && existsSync(p) && statSync(p).isFile() ? p : null;
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    const send = (status: number, body: string | Buffer, type = "text/plain") => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(body);
    };
    if (files.has(path)) return send(200, files.get(path)!, "application/json");
    if (path === "/data-index.json")
      return send(
        200,
        JSON.stringify({
          pack: listFiles(dataDir).filter((f) => /^(raster|vector)\//.test(f)),
          data: listFiles(PROJECT_DATA_DIR),
        }),
        "application/json",
      );
    let file: string | null = null;
    const m = /^\/(pack|data)\/(.+)$/.exec(path);
    if (m && SERVED_DATA.test(m[2]!)) file = inside(m[1] === "pack" ? dataDir : PROJECT_DATA_DIR, m[2]!);
    else file = inside(dist, path === "/" ? "index.html" : path.slice(1));
    if (!file) return send(404, `not found: ${path}`);
    send(200, readFileSync(file), MIME[extname(file).toLowerCase()] ?? "application/octet-stream");
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, files, close: () => new Promise((ok) => server.close(() => ok())) };
}

export const CHROMIUM = process.env.SYRAQ_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--font-render-hinting=none",
  "--disable-lcd-text",
];

/** Headless Chromium through playwright-core (Playwright gives it a fresh --user-data-dir). */
export async function launchChromium(): Promise<import("playwright-core").Browser> {
  if (!existsSync(CHROMIUM))
    throw new SyraqError(
      "DATA_MISSING",
      `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set SYRAQ_CHROMIUM`,
      { path: CHROMIUM },
    );
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Aborts every request that is not to the local server; returns the list of what was tried. */
export async function offlineOnly(page: import("playwright-core").Page, baseUrl: string): Promise<string[]> {
  const blocked: string[] = [];
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(baseUrl + "/") || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
    blocked.push(u);
    return route.abort();
  });
  return blocked;
}

export interface RenderedFigure {
  png: Buffer;
  state: {
    status: string;
    error?: string;
    credits?: string[];
    legend?: string[];
    scaleBar?: { lengthMetres: number; pixels: number };
    missing?: Record<string, string>;
    view?: unknown;
  };
  blocked: string[];
  consoleErrors: string[];
}

let figureCounter = 0;

/** Renders a payload to PNG in a new browser context (fixed size and device scale, no animations). */
export async function renderPayload(
  browser: import("playwright-core").Browser,
  server: StaticServer,
  payload: FigurePayload,
  scale: number,
): Promise<RenderedFigure> {
  const context = await browser.newContext({
    viewport: { width: payload.width, height: payload.height },
    deviceScaleFactor: scale,
    reducedMotion: "reduce",
    locale: "en-GB",
    timezoneId: "UTC",
  });
  try {
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    const blocked = await offlineOnly(page, server.url);
    const key = `/__figure/${++figureCounter}.json`;
    server.files.set(key, JSON.stringify(payload));
    await page.goto(`${server.url}/figure.html?spec=${encodeURIComponent(key)}`);
    await page.waitForFunction(
      () => (window as any).__SYRAQ_FIGURE_STATE__ && (window as any).__SYRAQ_FIGURE_STATE__.status !== "loading",
      undefined,
      { timeout: 90_000, polling: 100 },
    );
    const state = (await page.evaluate(() => (window as any).__SYRAQ_FIGURE_STATE__)) as RenderedFigure["state"];
    server.files.delete(key);
    if (state.status !== "ready")
      throw new SyraqError(
        "INTERNAL",
        `the figure page failed: ${state.error}${consoleErrors.length ? `\n${consoleErrors.join("\n")}` : ""}`,
      );
    const png = await page.screenshot({
      type: "png",
      animations: "disabled",
      caret: "hide",
      clip: { x: 0, y: 0, width: payload.width, height: payload.height },
    });
    return { png, state, blocked, consoleErrors };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- GeoJSON / CSV of what the figure shows

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function overlaysToGeoJson(payload: FigurePayload): FC {
  return {
    type: "FeatureCollection",
    features: payload.overlays.flatMap((o) =>
      o.data.features.map((f) => ({ ...f, properties: { layer: o.id, layerLabel: o.label, ...(f.properties ?? {}) } })),
    ),
  };
}

export function overlaysToCsv(payload: FigurePayload): string {
  const fc = overlaysToGeoJson(payload);
  const keys = new Set<string>();
  for (const f of fc.features)
    for (const [k, v] of Object.entries(f.properties ?? {})) if (v === null || typeof v !== "object") keys.add(k);
  const cols = [
    "layer",
    "layerLabel",
    ...[...keys].filter((k) => k !== "layer" && k !== "layerLabel").sort(),
    "geometry",
    "lon",
    "lat",
  ];
  const rows = [cols.join(",")];
  for (const f of fc.features) {
    const g = f.geometry;
    const first: number[] | undefined =
      g?.type === "Point"
        ? g.coordinates
        : g?.type === "LineString"
          ? g.coordinates[0]
          : g?.type === "Polygon"
            ? g.coordinates[0]?.[0]
            : undefined;
    const rec: Record<string, unknown> = {
      ...f.properties,
      geometry: g?.type ?? "",
      lon: first?.[0]?.toFixed(6),
      lat: first?.[1]?.toFixed(6),
    };
    rows.push(cols.map((c) => csvCell(rec[c])).join(","));
  }
  return rows.join("\n") + "\n";
}

// ---------------------------------------------------------------- the command

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
      payload: await buildPayload(ctx, spec, dirname(resolve(j.spec)), { width, height }),
    });
  }
  const dist = ensureViewerBuilt(dataDir, (l) => ctx.err(l));
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
