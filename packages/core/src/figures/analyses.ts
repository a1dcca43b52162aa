/**
 * The analyses behind figures (geodesic, depth, route, isochrone, corridor, euphrates-banks) and the spec → payload
 * step. Browser-safe: whatever needs files or the gazetteer comes in through a FigureContext, which the CLI
 * (and any other host) supplies.
 */
import { canonicalHolder, type ControlSnapshot, HOLDERS, holderAt, holderColor } from "../control/areas.ts";
import type { FrontLine } from "../control/front.ts";
import { controlMask } from "../analysis/control-route.ts";
import { modelCosts } from "../routing/routegraph.ts";
import { euphratesBank, type EuphratesLine } from "../geo/euphrates.ts";
import { geodesicDirect, geodesicInverse } from "../geo/geodesic.ts";
import type { LonLat } from "../geo/types.ts";
import type { CrossingSelection } from "../routing/crossings.ts";
import type { RouteModel } from "../routing/route-models.ts";
import type { RouteGraph } from "../routing/routegraph.ts";
import { corridor, corridorToGeoJson } from "../analysis/corridor.ts";
import { isochrones, isochronesToGeoJson } from "../analysis/isochrone.ts";
import { depthBehindFront } from "../analysis/depth.ts";
import { findRoute } from "../analysis/route.ts";
import { nestedBandColor } from "./ramp.ts";
import {
  BASE_LAYER_IDS,
  bad,
  type FigureAnalysisItem,
  type FigureFeatureCollection,
  type FigurePayload,
  type FigureSpec,
  type Overlay,
  type RGBA,
  rgba,
} from "./spec.ts";

/** What figure analyses need from their host: places, the route graph, fronts, the river, data files. */
export interface FigureContext {
  /** A place name or coordinate string → its display name and [lon, lat] (SyraqError when unknown). */
  locate(text: string): { name: string; lonLat: LonLat };
  /** The route graph, travel model and crossing selection for an analysis item (its model, date, closed, open). */
  routeGraph(item: FigureAnalysisItem): Promise<{ graph: RouteGraph; model: RouteModel; crossings: CrossingSelection }>;
  /** A front by name or file (data/fronts). */
  loadFront(nameOrFile: string): FrontLine;
  /** The Euphrates, merged and oriented downstream. */
  euphrates(): EuphratesLine;
  /** A spec's data file as GeoJSON (the host resolves and checks the path). */
  readData(file: string): FigureFeatureCollection;
  /** The control snapshot for a date (data/control), when the host has control data. */
  control?(date?: string): { snapshot: ControlSnapshot; note: string } | undefined;
}

/**
 * An analysis item's `as` (move as this holder): the holder's mask over the route graph, or a note that control
 * was ignored. Figures say which.
 */
function controlFor(
  ctx: FigureContext,
  item: FigureAnalysisItem,
  graph: RouteGraph,
  model: RouteModel,
  crossings: CrossingSelection,
): { control?: { cellCost: Float64Array; closedEdges: Uint8Array }; note: string } {
  if (typeof item.as !== "string")
    return { note: "control ignored (no 'as' holder): movement may cross any holder's area" };
  const c = ctx.control?.(crossings.date);
  if (!c) throw bad(`analysis ${item.type}: 'as' needs control data (data/control)`);
  const holder = canonicalHolder(item.as);
  const mask = controlMask(graph, modelCosts(graph, model), {
    holder,
    snapshot: c.snapshot,
    ...(crossings.date ? { date: crossings.date } : {}),
  });
  return {
    control: { cellCost: mask.cellCost, closedEdges: mask.closedEdges },
    note: `moving as ${holder} inside its area (${c.note}; contested strips avoided)`,
  };
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

type Resolver = (ctx: FigureContext, item: FigureAnalysisItem) => Promise<AnalysisOutput> | AnalysisOutput;

function location(ctx: FigureContext, text: unknown, what: string): { name: string; lonLat: LonLat } {
  if (typeof text !== "string" || !text) throw bad(`analysis ${what} needs a place name or coordinate string`);
  return ctx.locate(text);
}

const SUBJECT: RGBA = [20, 20, 120, 255];
/** Alternative routes: a lighter blue than the best route (30, 30, 200), dashed. */
const ALTERNATIVE: RGBA = [90, 130, 230, 255];

/**
 * The analyses a figure spec may ask for, by `type`: each turns an item into overlays, notes and labels.
 */
export const FIGURE_ANALYSES: Record<FigureAnalysisItem["type"], Resolver> = {
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
    const front = ctx.loadFront(item.front);
    const d = depthBehindFront(front, place.lonLat);
    const lines = front.parts.map((part) =>
      line(part, { name: front.label, date: front.date, holder: front.holder ?? null }),
    );
    const text = `${place.name}: ${km(d.depthMetres)} ${d.side === "behind" ? "behind" : d.side === "in front" ? "in front of" : "on"} the front of ${front.date}`;
    return {
      overlays: [
        {
          id: "depth-front",
          label: `Front ${front.date}`,
          data: { type: "FeatureCollection", features: lines },
          // The shipped fronts are illustrative reconstructions: dashed, as the viewer draws them.
          style: { color: [220, 20, 20, 255], lineWidthPixels: 3, lineStyle: "dashed" },
          legend: [
            {
              label: `Front line ${front.date} (illustrative)`,
              color: [220, 20, 20, 255],
              kind: "line",
              lineStyle: "dashed",
            },
          ],
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
    const river = ctx.euphrates();
    const a = euphratesBank(river, from.lonLat);
    const b = euphratesBank(river, to.lonLat);
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
    const offset = (sign: 1 | -1, distance = widthMetres): LonLat[] =>
      stretch.map((p, k) => {
        let i = k;
        while (i > 0 && cum[k]! - cum[i]! < reach) i--;
        let j = k;
        while (j < stretch.length - 1 && cum[j]! - cum[k]! < reach) j++;
        const az = geodesicInverse(stretch[i]!, stretch[j]!).azimuthStartDegrees;
        return geodesicDirect(p, az + sign * 90, distance).point;
      });
    // With control data, each bank is coloured by who held it (the holder at the middle of the band, vertex by vertex).
    const control =
      item.control === false ? undefined : ctx.control?.(typeof item.date === "string" ? item.date : undefined);
    if (control)
      return banksByHolder(stretch, offset, control, widthMetres, from.name, to.name, hi.riverMetres - lo.riverMetres);
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
    const { graph, model, crossings } = await ctx.routeGraph(item);
    const points = [item.from, ...((item.via as string[] | undefined) ?? []), item.to]
      .map((t, k) => location(ctx, t, `route point ${k}`))
      .map((l) => ({ name: l.name, lonLat: l.lonLat }));
    const ctl = controlFor(ctx, item, graph, model, crossings);
    const r = findRoute({
      graph,
      model,
      points,
      crossings,
      ...(ctl.control ? { cellCost: ctl.control.cellCost, extraClosed: ctl.control.closedEdges } : {}),
    });
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
        ctl.note,
      ],
      labels: points.map((p) => p.name),
    };
  },

  async isochrone(ctx, item) {
    const { graph, model, crossings } = await ctx.routeGraph(item);
    const from = location(ctx, item.from, "isochrone.from");
    const hours = Array.isArray(item.hours) ? (item.hours as number[]) : [2, 4, 6];
    if (!hours.length || hours.some((h) => !(typeof h === "number" && h > 0)))
      throw bad(`isochrone hours must be positive numbers, got ${JSON.stringify(item.hours)}`);
    const ctl = controlFor(ctx, item, graph, model, crossings);
    const r = isochrones({
      graph,
      model,
      sources: [{ name: from.name, lonLat: from.lonLat }],
      durationsSeconds: hours.map((h) => h * 3600),
      crossings,
      ...(ctl.control ? { control: ctl.control } : {}),
    });
    const fc = isochronesToGeoJson(r) as FigureFeatureCollection;
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
            // as seen on the map: the bands are nested and translucent
            color: nestedBandColor(minutes[k]!, minutes),
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
        ctl.note,
      ],
      labels: [from.name],
    };
  },

  async corridor(ctx, item) {
    const { graph, model, crossings } = await ctx.routeGraph(item);
    const from = location(ctx, item.from, "corridor.from");
    const to = location(ctx, item.to, "corridor.to");
    const tolerance = item.tolerance === undefined ? 0.1 : Number(item.tolerance);
    const alternatives = item.alternatives === undefined ? 2 : Number(item.alternatives);
    const ctl = controlFor(ctx, item, graph, model, crossings);
    const r = corridor({
      graph,
      model,
      from: { name: from.name, lonLat: from.lonLat },
      to: { name: to.name, lonLat: to.lonLat },
      tolerance,
      alternatives,
      crossings,
      ...(ctl.control ? { control: ctl.control } : {}),
    });
    const fc = corridorToGeoJson(r) as FigureFeatureCollection;
    const band = fc.features.filter((f) => f.properties?.kind === "corridor");
    const routes: FigureFeatureCollection["features"] = fc.features
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
    const alternativeRoutes = routes.filter((f) => Number(f.properties?.rank) > 1);
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
          label: "Best route",
          data: { type: "FeatureCollection", features: routes.filter((f) => Number(f.properties?.rank) === 1) },
          style: { color: [30, 30, 200, 255], lineWidthPixels: 3.5, labelProperty: "name" },
          legend: [
            {
              label: `Best route (${model.name})${best ? `: ${km(Number(best.properties?.lengthMetres))}, ${hm(Number(best.properties?.durationSeconds))}` : ""}`,
              color: [30, 30, 200, 255],
              kind: "line",
            },
          ],
        },
        // Alternatives dashed and lighter, so the best route reads as the answer and they as its rivals.
        ...(alternativeRoutes.length
          ? [
              {
                id: "corridor-alternatives",
                label: "Alternative routes",
                data: { type: "FeatureCollection" as const, features: alternativeRoutes },
                style: { color: ALTERNATIVE, lineWidthPixels: 2.5, lineStyle: "dashed" as const },
                legend: alternativeRoutes.map((f) => ({
                  label: `Alternative ${Number(f.properties?.rank) - 1}: ${km(Number(f.properties?.lengthMetres))}, ${hm(Number(f.properties?.durationSeconds))}`,
                  color: ALTERNATIVE,
                  kind: "line" as const,
                  lineStyle: "dashed" as const,
                })),
              },
            ]
          : []),
      ],
      notes: [
        `${from.name} → ${to.name}: best ${hm(r.bestSeconds)}${best ? `, ${km(Number(best.properties?.lengthMetres))}` : ""} (${model.name}${crossings.date ? `, crossings on ${crossings.date}` : ""})`,
        `corridor ${Math.round(r.bandAreaSquareMetres / 1e6).toLocaleString("en")} km² within ${(tolerance * 100).toFixed(0)} % of the best time`,
        ctl.note,
      ],
      labels: [from.name, to.name],
    };
  },
};

/** The two banks split into runs of one holder each (control areas of the figure's date). */
function banksByHolder(
  stretch: LonLat[],
  offset: (sign: 1 | -1, distance?: number) => LonLat[],
  control: { snapshot: ControlSnapshot; note: string },
  widthMetres: number,
  fromName: string,
  toName: string,
  lengthMetres: number,
): AnalysisOutput {
  const overlays: Overlay[] = [];
  const summary: string[] = [];
  const inLegend = new Set<string>();
  for (const bank of ["right", "left"] as const) {
    const sign = bank === "right" ? 1 : -1;
    const outer = offset(sign);
    const mid = offset(sign, widthMetres / 2);
    const holders = mid.map((p) => holderAt(control.snapshot, p) ?? "none");
    const byHolder = new Map<string, FigureFeatureCollection["features"]>();
    let start = 0;
    for (let k = 1; k <= stretch.length; k++) {
      if (k < stretch.length && holders[k] === holders[start]) continue;
      const end = Math.min(k, stretch.length - 1);
      const ring = [...stretch.slice(start, end + 1), ...outer.slice(start, end + 1).reverse(), stretch[start]!];
      const h = holders[start]!;
      const list = byHolder.get(h) ?? [];
      list.push({
        type: "Feature" as const,
        geometry: { type: "Polygon", coordinates: [ring] },
        properties: { name: h, bank, holder: h, snapshot: control.snapshot.date },
      });
      byHolder.set(h, list);
      start = k;
    }
    for (const [h, features] of byHolder) {
      const c = holderColor(h);
      const fill: RGBA = [c[0], c[1], c[2], 110];
      overlays.push({
        id: `bank-${bank}-${h}`,
        label: `${bank} bank: ${h}`,
        data: { type: "FeatureCollection", features },
        style: { color: [c[0], c[1], c[2], 255], fillColor: fill, lineWidthPixels: 1 },
        // One legend entry per holder: both banks use the holder's colour, and which bank is which is on the map.
        legend: inLegend.has(h)
          ? []
          : [
              {
                label: `Bank held by ${HOLDERS[h]?.name ?? (h === "none" ? "no holder recorded" : h)}`,
                color: fill,
                kind: "fill",
              },
            ],
      });
      inLegend.add(h);
    }
    summary.push(`${bank} bank: ${[...byHolder.keys()].join(", ")}`);
  }
  overlays.push({
    id: "euphrates",
    label: "Euphrates",
    data: { type: "FeatureCollection", features: [line(stretch, { name: "", riverMetres: Math.round(lengthMetres) })] },
    style: { color: [30, 90, 200, 255], lineWidthPixels: 4 },
    legend: [
      {
        label: `Euphrates, ${fromName} → ${toName}: ${km(lengthMetres)} along the river`,
        color: [30, 90, 200, 255],
        kind: "line",
      },
    ],
    credit: `Control: Syraq control areas ${control.snapshot.date} (illustrative reconstruction)`,
  });
  return {
    overlays,
    notes: [
      `${fromName} → ${toName}: ${km(lengthMetres)} along the Euphrates (Natural Earth 1:10m centreline)`,
      `banks drawn ${km(widthMetres)} wide, coloured by the control areas (${control.note}; illustrative): ${summary.join("; ")}`,
    ],
    labels: [fromName, toName],
  };
}

const hm = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds - 3600 * h) / 60);
  return h ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min`;
};

/**
 * A figure spec → the payload the viewer renders: data files read through `ctx.readData`, analyses computed with
 * the core's functions through `ctx`, the view fitted to `fit` places. Throws SyraqError (BAD_ARGUMENT, …).
 *
 * @example
 * ```ts
 * import { buildPayload, resolveLocation, routeModel, validateFigureSpec } from "@syraq/core";
 * import { loadEuphrates, loadFront, loadGazetteer, loadRouteGraph, resolveDataDir } from "@syraq/core/node";
 * const dataDir = resolveDataDir();
 * const gazetteer = loadGazetteer(dataDir);
 * const spec = validateFigureSpec({ title: "Raqqa to Palmyra", fit: ["Raqqa", "Palmyra"],
 *   analysis: [{ type: "route", from: "Raqqa", to: "Palmyra" }] });
 * const payload = await buildPayload(
 *   {
 *     locate: (t) => { const l = resolveLocation(t, gazetteer); return { name: l.name, lonLat: [l.lon, l.lat] }; },
 *     routeGraph: async () => ({
 *       graph: await loadRouteGraph({ dataDir }),
 *       model: routeModel("vehicle"),
 *       crossings: {},
 *     }),
 *     loadFront,
 *     euphrates: () => loadEuphrates(dataDir),
 *     readData: () => ({ type: "FeatureCollection", features: [] }),
 *   },
 *   spec,
 *   { width: 960, height: 640 },
 * );
 * payload.overlays[0]!.data; // the route as GeoJSON (lengthMetres, durationSeconds)
 * ```
 */
export async function buildPayload(
  ctx: FigureContext,
  spec: FigureSpec,
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
      data: ctx.readData(d.file),
      style: {
        color,
        fillColor: d.fillColor ? rgba(d.fillColor, [0, 0, 0, 0]) : undefined,
        lineWidthPixels: d.lineWidth ?? 3,
        labelProperty: d.labelProperty,
        dashed: d.dashed,
        lineStyle: d.lineStyle,
      },
      legend: [{ label: d.label ?? d.file, color, kind: "line" }],
      credit: `${d.label ?? d.file}`,
    });
  }
  for (const item of spec.analysis ?? []) {
    const resolver = FIGURE_ANALYSES[item?.type as FigureAnalysisItem["type"]];
    if (!resolver)
      throw bad(`unknown analysis type '${item?.type}'; known: ${Object.keys(FIGURE_ANALYSES).join(", ")}`);
    const out = await resolver(ctx, item);
    overlays.push(...out.overlays);
    notes.push(...out.notes);
    for (const l of out.labels) labels.add(l);
  }
  let bbox = spec.bbox;
  if (!spec.view && !bbox && spec.fit?.length) {
    const pts = spec.fit.map((t) => ctx.locate(t).lonLat);
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
    graticule: spec.graticule,
    locator: spec.locator,
    mgrs: spec.mgrs,
    source: spec.source,
    mapSize: spec.mapSize,
  };
}
