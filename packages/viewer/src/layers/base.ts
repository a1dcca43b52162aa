import { COORDINATE_SYSTEM, type Layer } from "@deck.gl/core";
import { BitmapLayer, GeoJsonLayer, ScatterplotLayer, TextLayer } from "@deck.gl/layers";
import { crossingStateOn, type Crossing } from "@syraq/core";
import { visualLabel } from "../arabic.ts";
import { COLORS, type BaseLayerId } from "../catalog.ts";
import { frontOn, type BaseData } from "../load.ts";
import type { MapPlace, RGBA } from "../types.ts";

export const LABEL_FONT = '"DejaVu Sans", "Noto Sans", "Noto Sans Arabic", sans-serif';

export interface BaseRenderOptions {
  visible: Set<BaseLayerId>;
  /** YYYY-MM-DD for fronts and crossings. */
  date?: string;
  zoom: number;
  relief?: { canvas: HTMLCanvasElement; bounds: [number, number, number, number] };
  /** How many place labels to draw at most (figures keep this small). */
  maxPlaceLabels?: number;
  /** Place names always labelled (figures name their subjects). */
  alwaysLabel?: string[];
  /** [west, south, east, north] of the view: labels go to the biggest places inside it. */
  viewBounds?: [number, number, number, number];
}

/** Crossing state on a date with core's rule (latest status entry on or before it; temporary crossings only once in place). */
export function crossingOnDate(c: Crossing, date: string | undefined): "open" | "cut" | "absent" {
  const state = crossingStateOn(c, date);
  if (state.open) return "open";
  return (c.kind === "pontoon" || c.kind === "ferry") && !c.status.some((s) => !date || s.from <= date)
    ? "absent"
    : "cut";
}

/** Places to label at this zoom: biggest first, fewer when zoomed out. */
export function placesToLabel(
  places: MapPlace[],
  zoom: number,
  max: number,
  always: string[] = [],
  bounds?: [number, number, number, number],
): MapPlace[] {
  const want = new Set(always.map((n) => n.toLowerCase()));
  const forced = places.filter((p) => want.has(p.name.toLowerCase()));
  const count = Math.min(max, Math.round(12 * 2 ** Math.max(0, zoom - 5.5)));
  const inView = (p: MapPlace) =>
    !bounds || (p.lon >= bounds[0] && p.lon <= bounds[2] && p.lat >= bounds[1] && p.lat <= bounds[3]);
  const rest = places
    .filter((p) => !want.has(p.name.toLowerCase()) && inView(p))
    .slice(0, Math.max(0, count - forced.length));
  return [...forced, ...rest];
}

export function placeLabel(p: MapPlace): string {
  return p.nameAr ? `${p.name}\n${visualLabel(p.nameAr)}` : p.name;
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
        visible: on("roads"),
      }),
    );
  }
  if (data.crossingList) {
    const shown = data.crossingList.filter((c) => crossingOnDate(c, o.date) !== "absent");
    layers.push(
      new ScatterplotLayer<Crossing>({
        id: "crossings",
        data: shown,
        getPosition: (c) => c.position,
        radiusUnits: "pixels",
        getRadius: 4.5,
        getFillColor: (c) => (crossingOnDate(c, o.date) === "open" ? COLORS.crossingOpen : COLORS.crossingClosed),
        stroked: true,
        getLineColor: [255, 255, 255, 255],
        lineWidthUnits: "pixels",
        getLineWidth: 1,
        visible: on("crossings"),
        pickable: true,
        updateTriggers: { getFillColor: o.date },
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
        visible: on("fronts"),
      }),
    );
  }
  if (data.places) {
    const shown = placesToLabel(data.places, o.zoom, o.maxPlaceLabels ?? 60, o.alwaysLabel, o.viewBounds);
    layers.push(
      new ScatterplotLayer<MapPlace>({
        id: "places-dots",
        data: shown,
        getPosition: (p) => [p.lon, p.lat],
        radiusUnits: "pixels",
        getRadius: 3,
        getFillColor: COLORS.place,
        stroked: true,
        getLineColor: [255, 255, 255, 255],
        lineWidthUnits: "pixels",
        getLineWidth: 1,
        visible: on("places"),
        pickable: true,
      }),
      placeTextLayer("places-labels", shown, on("places")),
    );
  }
  return layers;
}

export function placeTextLayer(
  id: string,
  places: MapPlace[],
  visible = true,
  color: RGBA = COLORS.place,
): TextLayer<MapPlace> {
  return new TextLayer<MapPlace>({
    id,
    data: places,
    getPosition: (p) => [p.lon, p.lat],
    getText: placeLabel,
    getSize: 12,
    sizeUnits: "pixels",
    getColor: color,
    getTextAnchor: "start",
    getAlignmentBaseline: "center",
    getPixelOffset: [6, 0],
    fontFamily: LABEL_FONT,
    characterSet: "auto",
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    outlineWidth: 3,
    outlineColor: COLORS.halo,
    lineHeight: 1.1,
    visible,
  });
}
