import { COORDINATE_SYSTEM, type Layer } from "@deck.gl/core";
import { PathStyleExtension, type PathStyleExtensionProps } from "@deck.gl/extensions";
import { BitmapLayer, GeoJsonLayer, PathLayer, ScatterplotLayer } from "@deck.gl/layers";
import { crossingStateOn, type Crossing } from "@syraq/core";
import { COLORS, type BaseLayerId } from "../catalog.ts";
import { frontOn, type BaseData } from "../load.ts";
import { LABEL_FONT } from "../labels/layers.ts";
import { controlLayers } from "./control.ts";
import type { Feature } from "../types.ts";

export { LABEL_FONT };

/**
 * Line styles, the same in the viewer, figures and the legend. Dash arrays are in line widths
 * (PathStyleExtension): [dash, gap].
 */
export const DASH = {
  solid: [0, 0] as [number, number],
  /** Approximate roads; contested or illustrative fronts; analysis lines drawn "dashed". */
  dashed: [4, 2.5] as [number, number],
  /** Tracks; the approaches of a crossing cut on the date. */
  dotted: [1, 1.6] as [number, number],
};
export type LineStyle = keyof typeof DASH;

/** Approximate or illustrative lines are dashed; tracks dotted; the rest solid. */
export function roadStyle(f: Feature): LineStyle {
  const p = f.properties ?? {};
  if (/track/.test(String(p.class ?? p.roadClass ?? ""))) return "dotted";
  return p.approximate === true || p.approximate === "true" ? "dashed" : "solid";
}
export function frontStyle(f: Feature): LineStyle {
  const p = f.properties ?? {};
  const yes = (v: unknown) => v === true || v === "true";
  return yes(p.contested) || yes(p.illustrative) || yes(p.approximate) ? "dashed" : "solid";
}

export const dashExtension = () => new PathStyleExtension({ dash: true });

export interface BaseRenderOptions {
  visible: Set<BaseLayerId>;
  /** YYYY-MM-DD for fronts and crossings. */
  date?: string;
  zoom: number;
  relief?: { canvas: HTMLCanvasElement; bounds: [number, number, number, number] };
}

/** Crossing state on a date with core's rule (latest status entry on or before it; temporary crossings only once in place). */
export function crossingOnDate(c: Crossing, date: string | undefined): "open" | "cut" | "absent" {
  const state = crossingStateOn(c, date);
  if (state.open) return "open";
  return (c.kind === "pontoon" || c.kind === "ferry") && !c.status.some((s) => !date || s.from <= date)
    ? "absent"
    : "cut";
}

/** Within this distance of a cut crossing a road is its approach (drawn dotted). */
export const APPROACH_METRES = 8000;

/** The road pieces within APPROACH_METRES of each cut crossing (an equirectangular distance is close enough here). */
export function approachesOf(roads: Feature[], cut: Array<[number, number]>): Array<{ path: [number, number][] }> {
  const out: Array<{ path: [number, number][] }> = [];
  if (!cut.length) return out;
  const near = (p: number[], c: [number, number]) => {
    const kx = 111_320 * Math.cos((c[1] * Math.PI) / 180);
    return Math.hypot((p[0]! - c[0]) * kx, (p[1]! - c[1]) * 110_574) <= APPROACH_METRES;
  };
  for (const f of roads) {
    const g = f.geometry;
    const parts: number[][][] =
      g?.type === "LineString" ? [g.coordinates] : g?.type === "MultiLineString" ? g.coordinates : [];
    for (const c of cut)
      for (const part of parts) {
        let run: [number, number][] = [];
        for (const p of part) {
          if (near(p, c)) run.push([p[0]!, p[1]!]);
          else {
            if (run.length > 1) out.push({ path: run });
            run = [];
          }
        }
        if (run.length > 1) out.push({ path: run });
      }
  }
  return out;
}

/** The basemap's deck.gl layers in drawing order. Pure: same data and options, same layers. */
export function baseLayers(data: BaseData, o: BaseRenderOptions): Layer[] {
  const on = (id: BaseLayerId) => o.visible.has(id);
  const layers: Layer[] = [];
  if (o.relief) {
    layers.push(
      new BitmapLayer({
        id: "hillshade",
        image: o.relief.canvas,
        bounds: o.relief.bounds,
        _imageCoordinateSystem: COORDINATE_SYSTEM.LNGLAT,
        visible: on("hillshade"),
        pickable: false,
      }),
    );
  }
  if (data.lakes)
    layers.push(
      new GeoJsonLayer({
        id: "lakes",
        data: data.lakes as any,
        filled: true,
        stroked: true,
        getFillColor: COLORS.lake,
        getLineColor: COLORS.river,
        lineWidthMinPixels: 0.5,
        visible: on("lakes"),
      }),
    );
  if (data.governorates) {
    layers.push(
      new GeoJsonLayer({
        id: "governorates",
        data: data.governorates as any,
        filled: false,
        stroked: true,
        getLineColor: COLORS.governorate,
        lineWidthUnits: "pixels",
        getLineWidth: 0.8,
        visible: on("governorates"),
        pickable: false,
      }),
    );
  }
  if (data.countries)
    layers.push(
      new GeoJsonLayer({
        id: "countries",
        data: data.countries as any,
        stroked: true,
        getLineColor: COLORS.country,
        lineWidthUnits: "pixels",
        getLineWidth: 2,
        visible: on("countries"),
      }),
    );
  if (data.rivers) {
    layers.push(
      new GeoJsonLayer({
        id: "rivers",
        data: data.rivers as any,
        stroked: true,
        getLineColor: COLORS.river,
        lineWidthUnits: "pixels",
        getLineWidth: (f: any) => (f.properties?.wdbii_class !== undefined ? 1 : 2),
        visible: on("rivers"),
      }),
    );
  }
  if (data.zone) {
    layers.push(
      new GeoJsonLayer({
        id: "zone",
        data: data.zone as any,
        filled: true,
        stroked: true,
        getFillColor: COLORS.zoneFill,
        getLineColor: COLORS.zone,
        lineWidthUnits: "pixels",
        getLineWidth: 2.5,
        visible: on("zone"),
      }),
    );
  }
  layers.push(...controlLayers(data.control, o.date, on("control")));
  if (data.roads) {
    layers.push(
      new GeoJsonLayer({
        id: "roads",
        data: data.roads as any,
        stroked: true,
        pointType: "circle",
        getLineColor: COLORS.road,
        lineWidthUnits: "pixels",
        getLineWidth: (f: any) =>
          /motorway|primary/.test(String(f.properties?.class ?? f.properties?.roadClass ?? "")) ? 2 : 1.2,
        getPointRadius: 0,
        extensions: [dashExtension()],
        getDashArray: (f: Feature) => DASH[roadStyle(f)],
        dashJustified: true,
        visible: on("roads"),
      }),
    );
  }
  if (data.crossingList) {
    const shown = data.crossingList.filter((c) => crossingOnDate(c, o.date) !== "absent");
    const cut = shown.filter((c) => crossingOnDate(c, o.date) === "cut");
    layers.push(
      new PathLayer<{ path: [number, number][] }, PathStyleExtensionProps>({
        id: "crossings-approaches",
        data: approachesOf(
          data.roads?.features ?? [],
          cut.map((c) => c.position as [number, number]),
        ),
        getPath: (d) => d.path,
        getColor: COLORS.crossingClosed,
        widthUnits: "pixels",
        getWidth: 3,
        extensions: [dashExtension()],
        getDashArray: DASH.dotted,
        dashJustified: true,
        visible: on("crossings"),
      }),
      new ScatterplotLayer<Crossing>({
        id: "crossings",
        data: shown,
        getPosition: (c) => c.position,
        radiusUnits: "pixels",
        getRadius: 4.5,
        getFillColor: (c) => (crossingOnDate(c, o.date) === "open" ? COLORS.crossingOpen : COLORS.crossingClosed),
        stroked: true,
        getLineColor: (c) => (crossingOnDate(c, o.date) === "open" ? [255, 255, 255, 255] : [60, 20, 0, 255]),
        lineWidthUnits: "pixels",
        getLineWidth: (c) => (crossingOnDate(c, o.date) === "open" ? 1 : 2),
        visible: on("crossings"),
        pickable: true,
        updateTriggers: { getFillColor: o.date, getLineColor: o.date, getLineWidth: o.date },
      }),
    );
  }
  const front = frontOn(data.fronts, o.date);
  if (front) {
    layers.push(
      new GeoJsonLayer({
        id: "fronts",
        data: {
          type: "FeatureCollection",
          features: front.data.features.filter((f) => /LineString/.test(f.geometry?.type ?? "")),
        } as any,
        stroked: true,
        getLineColor: COLORS.front,
        lineWidthUnits: "pixels",
        getLineWidth: 3,
        extensions: [dashExtension()],
        getDashArray: (f: Feature) => DASH[frontStyle(f)],
        dashJustified: true,
        visible: on("fronts"),
      }),
    );
  }
  return layers;
}
