// Map labels as deck.gl layers: place names (Latin above Arabic, one block),
// analysis labels on lines and areas, their markers and leader lines, placed
// without collisions by placement.ts. Used by the viewer and by figures alike.
import type { Layer, Viewport } from "@deck.gl/core";
import { PathLayer, ScatterplotLayer, TextLayer } from "@deck.gl/layers";
import polylabel from "polylabel";
import { visualLabel } from "../arabic.ts";
import { COLORS } from "../catalog.ts";
import type { Feature, MapPlace, Overlay, RGBA } from "../types.ts";
import { type Box, type LabelRequest, type PlacedLabel, placeLabels, type Segment } from "./placement.ts";

export const LABEL_FONT = '"DejaVu Sans", "Noto Sans", "Noto Sans Arabic", sans-serif';
export const LINE_HEIGHT = 1.1;
export const PLACE_TEXT_PIXELS = 12;
export const OVERLAY_TEXT_PIXELS = 13;
export const PLACE_MARKER_PIXELS = 3;

/** Width of one line of text as deck.gl's TextLayer lays it out (sum of glyph advances, no kerning). */
export type Measure = (text: string, sizePixels: number, bold: boolean) => number;

/** Canvas text measure with the TextLayer's font, one glyph at a time (as its font atlas does). */
export function canvasMeasure(): Measure {
  const ctx = document.createElement("canvas").getContext("2d")!;
  const cache = new Map<string, number>();
  return (text, size, bold) => {
    let w = 0;
    for (const ch of text) {
      const key = `${bold ? "b" : "n"}${ch}`;
      let cw = cache.get(key);
      if (cw === undefined) {
        ctx.font = `${bold ? "bold " : ""}48px ${LABEL_FONT}`;
        cw = ctx.measureText(ch).width;
        cache.set(key, cw);
      }
      w += cw;
    }
    return (w * size) / 48;
  };
}

/** A place label's lines: the Latin name, then the Arabic in visual order. */
export function placeLines(p: MapPlace): string[] {
  return p.nameAr ? [p.name, visualLabel(p.nameAr)] : [p.name];
}

export interface LabelInput {
  viewport: Viewport;
  /** The visible map in screen pixels. */
  frame: Box;
  places: MapPlace[];
  /** Place names that must be labelled (case-insensitive). */
  required: string[];
  /** At most this many optional place labels. */
  maxOptional: number;
  overlays: Overlay[];
  /** Other data lines labels should avoid (e.g. the front on the basemap), in lon/lat. */
  lines: Array<Array<[number, number]>>;
  obstacles?: Box[];
  measure: Measure;
  showPlaces: boolean;
  /** Optional labels placed after every other, centred on their point, dropped where there is no room. */
  gridLabels?: GridLabel[];
  /** Text and marker size factor (figures scale labels with the sheet; 1 in the viewer). */
  scale?: number;
}

/** A grid square's identifier (e.g. "37S CT") written inside the square. */
export interface GridLabel {
  id: string;
  text: string;
  lonLat: [number, number];
}

export const GRID_LABEL_COLOR: RGBA = [25, 60, 140, 255];

export interface ShownLabel {
  id: string;
  text: string;
  kind: "place" | "overlay" | "grid";
  lonLat: [number, number];
  box: Box;
  required: boolean;
  leader: boolean;
  overlaps: number;
}

interface Item {
  request: LabelRequest;
  lines: string[];
  lonLat: [number, number];
  size: number;
  bold: boolean;
  color: RGBA;
  kind: "place" | "overlay" | "grid";
  /** The label layer draws this marker (places); overlays draw their own. */
  marker: boolean;
}

const project = (vp: Viewport, p: number[]): [number, number] => {
  const q = vp.project([p[0]!, p[1]!]);
  return [q[0]!, q[1]!];
};

function screenSegments(vp: Viewport, coords: number[][], out: Segment[]): void {
  let prev: [number, number] | undefined;
  for (const c of coords) {
    const q = project(vp, c);
    if (prev) out.push([prev[0], prev[1], q[0], q[1]]);
    prev = q;
  }
}

/** Points along a screen polyline at the given fractions of its length. */
function alongLine(pts: Array<[number, number]>, fractions: number[]): Array<[number, number]> {
  const cum = [0];
  for (let i = 1; i < pts.length; i++)
    cum.push(cum[i - 1]! + Math.hypot(pts[i]![0] - pts[i - 1]![0], pts[i]![1] - pts[i - 1]![1]));
  const total = cum.at(-1)!;
  return fractions.map((f) => {
    const d = f * total;
    let i = 1;
    while (i < pts.length - 1 && cum[i]! < d) i++;
    const t = cum[i]! > cum[i - 1]! ? (d - cum[i - 1]!) / (cum[i]! - cum[i - 1]!) : 0;
    const a = pts[i - 1]!;
    const b = pts[i]!;
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
  });
}

const FRACTIONS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.35, 0.65, 0.25, 0.75];

/** Where an overlay feature's label may go (screen pixels): points, positions along lines, pole of inaccessibility. */
function featureAnchors(
  vp: Viewport,
  f: Feature,
): { kind: "point" | "line" | "area"; anchors: Array<[number, number]> } {
  const g = f.geometry;
  if (!g) return { kind: "point", anchors: [] };
  switch (g.type) {
    case "Point":
      return { kind: "point", anchors: [project(vp, g.coordinates)] };
    case "LineString":
    case "MultiLineString": {
      const parts: number[][][] = g.type === "LineString" ? [g.coordinates] : g.coordinates;
      const longest = [...parts].sort((a, b) => b.length - a.length)[0] ?? [];
      return {
        kind: "line",
        anchors: alongLine(
          longest.map((c) => project(vp, c)),
          FRACTIONS,
        ),
      };
    }
    case "Polygon":
    case "MultiPolygon": {
      const polys: number[][][][] = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      // The largest polygon's pole of inaccessibility, in screen pixels (where the label looks centred).
      let best: { area: number; rings: number[][][] } | undefined;
      for (const rings of polys) {
        const screen = rings.map((r) => r.map((c) => project(vp, c)));
        let area = 0;
        const outer = screen[0] ?? [];
        for (let i = 0, j = outer.length - 1; i < outer.length; j = i++)
          area += (outer[j]![0] - outer[i]![0]) * (outer[j]![1] + outer[i]![1]);
        if (!best || Math.abs(area) > best.area) best = { area: Math.abs(area), rings: screen };
      }
      if (!best) return { kind: "area", anchors: [] };
      const p = polylabel(best.rings, 1);
      return { kind: "area", anchors: [[p[0], p[1]]] };
    }
    default:
      return { kind: "point", anchors: [] };
  }
}

export interface LabelLayersResult {
  layers: Layer[];
  shown: ShownLabel[];
}

/** Decides and draws every label of the map. */
export function labelLayers(o: LabelInput): LabelLayersResult {
  const vp = o.viewport;
  const k = o.scale ?? 1;
  const placeText = PLACE_TEXT_PIXELS * k;
  const overlayText = OVERLAY_TEXT_PIXELS * k;
  const markerPixels = PLACE_MARKER_PIXELS * Math.max(0.7, k);
  const items: Item[] = [];
  const want = new Set(o.required.map((n) => n.toLowerCase()));
  const lines: Segment[] = [];
  for (const l of o.lines) screenSegments(vp, l, lines);
  const obstacles: Box[] = [...(o.obstacles ?? [])];
  const inFrame = ([x, y]: [number, number]) =>
    x >= o.frame.x0 && x <= o.frame.x1 && y >= o.frame.y0 && y <= o.frame.y1;

  for (const ov of o.overlays) {
    const s = ov.style;
    const color = s.color ?? COLORS.zone;
    const textColor: RGBA = [color[0] * 0.6, color[1] * 0.6, color[2] * 0.6, 255];
    ov.data.features.forEach((f, k) => {
      const t = f.geometry?.type ?? "";
      if (/LineString/.test(t)) {
        const parts: number[][][] = t === "LineString" ? [f.geometry!.coordinates] : f.geometry!.coordinates;
        for (const p of parts) screenSegments(vp, p, lines);
      }
      if (t === "Point") {
        const q = project(vp, f.geometry!.coordinates);
        const r = (s.pointRadiusPixels ?? 5) + 1.5;
        if (inFrame(q)) obstacles.push({ x0: q[0] - r, y0: q[1] - r, x1: q[0] + r, y1: q[1] + r });
      }
      const text = s.labelProperty ? f.properties?.[s.labelProperty] : undefined;
      if (text === undefined || text === null || text === "") return;
      const { kind, anchors } = featureAnchors(vp, f);
      if (!anchors.length) return;
      const textLines = [visualLabel(String(text))];
      const width = Math.max(...textLines.map((l) => o.measure(l, overlayText, true))) + 2;
      items.push({
        request: {
          id: `overlay:${ov.id}:${k}`,
          x: anchors[0]![0],
          y: anchors[0]![1],
          alternativeAnchors: anchors.slice(1),
          width,
          height: textLines.length * overlayText * LINE_HEIGHT + 1,
          priority: 2e9,
          required: true,
          markerRadius: kind === "point" ? (s.pointRadiusPixels ?? 5) : 0,
          kind,
        },
        lines: textLines,
        lonLat: vp.unproject(anchors[0]!) as [number, number],
        size: overlayText,
        bold: true,
        color: textColor,
        kind: "overlay",
        marker: false,
      });
    });
  }

  if (o.showPlaces) {
    const forced = o.places.filter((p) => want.has(p.name.toLowerCase()));
    const optional = o.places
      .filter((p) => !want.has(p.name.toLowerCase()) && inFrame(project(vp, [p.lon, p.lat])))
      .slice(0, Math.max(0, o.maxOptional * 3));
    for (const p of [...forced, ...optional]) {
      const [x, y] = project(vp, [p.lon, p.lat]);
      const textLines = placeLines(p);
      const width = Math.max(...textLines.map((l) => o.measure(l, placeText, false))) + 2;
      items.push({
        request: {
          id: `place:${p.name}:${p.lon.toFixed(4)},${p.lat.toFixed(4)}`,
          x,
          y,
          width,
          height: textLines.length * placeText * LINE_HEIGHT + 1,
          priority: 1e9 * Number(want.has(p.name.toLowerCase())) + p.rank / 1e3,
          required: want.has(p.name.toLowerCase()),
          markerRadius: markerPixels + 1,
          kind: "point",
        },
        lines: textLines,
        lonLat: [p.lon, p.lat],
        size: placeText,
        bold: false,
        color: COLORS.place,
        kind: "place",
        marker: true,
      });
    }
  }

  for (const g of o.gridLabels ?? []) {
    const q = project(vp, g.lonLat);
    if (!inFrame(q)) continue;
    const size = placeText * 0.9;
    items.push({
      request: {
        id: `grid:${g.id}`,
        x: q[0],
        y: q[1],
        width: o.measure(g.text, size, true) + 2,
        height: size * LINE_HEIGHT + 1,
        priority: -1,
        required: false,
        markerRadius: 0,
        kind: "area",
      },
      lines: [g.text],
      lonLat: g.lonLat,
      size,
      bold: true,
      color: GRID_LABEL_COLOR,
      kind: "grid",
      marker: false,
    });
  }

  const { placed } = placeLabels({ labels: items.map((i) => i.request), frame: o.frame, obstacles, lines });
  // Optional places beyond the budget are dropped (the budget counts placed labels, best first).
  const byId = new Map(items.map((i) => [i.request.id, i]));
  let optionalLeft = o.maxOptional;
  const kept: Array<{ item: Item; at: PlacedLabel }> = [];
  for (const at of placed) {
    const item = byId.get(at.id)!;
    if (item.kind === "place" && !item.request.required) {
      if (optionalLeft <= 0) continue;
      optionalLeft--;
    }
    kept.push({ item, at });
  }

  const text = (bold: boolean) => kept.filter((k) => k.item.bold === bold);
  const layers: Layer[] = [
    new PathLayer<{ path: [number, number][] }>({
      id: "label-leaders",
      data: kept
        .filter((k) => k.at.leader)
        .map((k) => ({
          path: [
            vp.unproject([k.at.leader![0], k.at.leader![1]]) as [number, number],
            vp.unproject([k.at.leader![2], k.at.leader![3]]) as [number, number],
          ],
        })),
      getPath: (d) => d.path,
      getColor: [40, 40, 40, 230],
      widthUnits: "pixels",
      getWidth: 1,
    }),
    new ScatterplotLayer<{ item: Item }>({
      id: "places-dots",
      data: kept.filter((k) => k.item.marker),
      getPosition: (k) => k.item.lonLat,
      radiusUnits: "pixels",
      getRadius: markerPixels,
      getFillColor: COLORS.place,
      stroked: true,
      getLineColor: [255, 255, 255, 255],
      lineWidthUnits: "pixels",
      getLineWidth: 1,
      pickable: true,
    }),
  ];
  for (const bold of [false, true]) {
    const data = text(bold);
    if (!data.length) continue;
    layers.push(
      new TextLayer<{ item: Item; at: PlacedLabel }>({
        id: bold ? "overlay-labels" : "places-labels",
        data,
        // Anchored at the marker (or line point); the offset moves the block to its placed box.
        getPosition: (k) => vp.unproject(k.at.anchor) as [number, number],
        getText: (k) => k.item.lines.join("\n"),
        getSize: (k) => k.item.size,
        sizeUnits: "pixels",
        getColor: (k) => k.item.color,
        getTextAnchor: (k) => k.at.textAnchor,
        getAlignmentBaseline: "top",
        getPixelOffset: (k) => [k.at.textX - k.at.anchor[0], k.at.box.y0 - k.at.anchor[1] + 1],
        fontFamily: LABEL_FONT,
        fontWeight: bold ? "bold" : "normal",
        characterSet: "auto",
        fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
        outlineWidth: 3,
        outlineColor: COLORS.halo,
        lineHeight: LINE_HEIGHT,
      }),
    );
  }
  return {
    layers,
    shown: kept.map(({ item, at }) => ({
      id: at.id,
      text: item.lines.join(" / "),
      kind: item.kind,
      lonLat: item.lonLat,
      box: at.box,
      required: item.request.required,
      leader: !!at.leader,
      overlaps: at.overlaps,
    })),
  };
}
