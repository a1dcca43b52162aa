// Map furniture for figures: graticule (lines in the map, degree ticks and
// labels on the neat line) and a locator inset. The map is Web Mercator and
// never rotates, so meridians are vertical and parallels horizontal on screen.
import type { Layer, Viewport } from "@deck.gl/core";
import { PathLayer } from "@deck.gl/layers";
import { type MgrsGrid, mgrsGrid } from "@syraq/core";
import type { FeatureCollection } from "../types.ts";

/** Graticule spacing in degrees: the smallest of these giving at most `maxLines` lines across the span. */
export function graticuleStep(spanDegrees: number, maxLines = 6): number {
  for (const s of [0.1, 0.25, 0.5, 1, 2, 5, 10]) if (spanDegrees / s <= maxLines) return s;
  return 10;
}

export function formatDegrees(v: number, axis: "lon" | "lat", step: number): string {
  const hemi = axis === "lon" ? (v < 0 ? "W" : "E") : v < 0 ? "S" : "N";
  const a = Math.abs(v);
  const d = Math.floor(a + 1e-9);
  const m = Math.round((a - d) * 60);
  return step < 1 && m ? `${d}°${String(m).padStart(2, "0")}′${hemi}` : `${d}°${hemi}`;
}

export interface Graticule {
  layers: Layer[];
  meridians: Array<{ value: number; x: number; label: string }>;
  parallels: Array<{ value: number; y: number; label: string }>;
  step: number;
}

/** Graticule lines for the view (thin, behind the data) and the tick positions on the frame. */
export function graticule(vp: Viewport, width: number, height: number): Graticule {
  const [w, n] = vp.unproject([0, 0]) as [number, number];
  const [e, s] = vp.unproject([width, height]) as [number, number];
  const step = graticuleStep(Math.max(e - w, n - s));
  const meridians: Graticule["meridians"] = [];
  const parallels: Graticule["parallels"] = [];
  const paths: Array<[number, number][]> = [];
  for (let v = Math.ceil(w / step) * step; v <= e; v += step) {
    const value = Math.round(v * 1e6) / 1e6;
    meridians.push({ value, x: vp.project([value, (n + s) / 2])[0]!, label: formatDegrees(value, "lon", step) });
    paths.push([
      [value, s],
      [value, n],
    ]);
  }
  for (let v = Math.ceil(s / step) * step; v <= n; v += step) {
    const value = Math.round(v * 1e6) / 1e6;
    parallels.push({ value, y: vp.project([(w + e) / 2, value])[1]!, label: formatDegrees(value, "lat", step) });
    paths.push([
      [w, value],
      [e, value],
    ]);
  }
  return {
    step,
    meridians,
    parallels,
    layers: [
      new PathLayer<[number, number][]>({
        id: "graticule",
        data: paths,
        getPath: (d) => d,
        getColor: [40, 40, 60, 70],
        widthUnits: "pixels",
        getWidth: 0.7,
      }),
    ],
  };
}

const SVG = "http://www.w3.org/2000/svg";
function svgEl(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * Ticks and degree labels around the neat line, drawn in an SVG that covers the frame cell.
 * `ox, oy` is the map's top-left inside the SVG; labels go outside the map.
 */
export function renderTicks(
  svg: SVGSVGElement,
  g: Graticule,
  ox: number,
  oy: number,
  width: number,
  height: number,
  fontPixels: number,
): void {
  svg.replaceChildren();
  const tick = 4;
  const text = (x: number, y: number, s: string, anchor: string, rotate = 0) => {
    const t = svgEl("text", {
      x,
      y,
      "text-anchor": anchor,
      "font-size": fontPixels,
      "font-family": "DejaVu Sans, sans-serif",
      fill: "#333",
      ...(rotate ? { transform: `rotate(${rotate} ${x} ${y})` } : {}),
    });
    t.textContent = s;
    svg.append(t);
  };
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    svg.append(svgEl("line", { x1, y1, x2, y2, stroke: "#222", "stroke-width": 1 }));
  for (const m of g.meridians) {
    const x = ox + m.x;
    line(x, oy, x, oy - tick);
    line(x, oy + height, x, oy + height + tick);
    text(x, oy + height + tick + fontPixels, m.label, "middle");
  }
  for (const p of g.parallels) {
    const y = oy + p.y;
    line(ox, y, ox - tick, y);
    line(ox + width, y, ox + width + tick, y);
    text(ox - tick - 2, y, p.label, "middle", -90);
  }
}

/** A small map of the region with the figure's extent (red box): countries, coast, and the extent. */
export function renderLocator(
  host: HTMLElement,
  widthPixels: number,
  extent: [number, number, number, number],
  layers: { land?: FeatureCollection; borders?: FeatureCollection },
): void {
  // The region the data covers (the pack's land is cut at its bounding box: outside it nothing is known, so the
  // inset must not show sea there), grown to hold the figure's extent; "no data" beyond the land's box is grey.
  let data: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const grow = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === "number") {
      data = [Math.min(data[0], c[0]), Math.min(data[1], c[1]), Math.max(data[2], c[0]), Math.max(data[3], c[1])];
      return;
    }
    for (const q of c) grow(q);
  };
  for (const f of layers.land?.features ?? []) grow(f.geometry?.coordinates);
  if (!(data[2] > data[0])) data = [34.5, 29, 48.7, 38];
  const [w, s, e, n] = [
    Math.min(data[0], extent[0]),
    Math.min(data[1], extent[1]),
    Math.max(data[2], extent[2]),
    Math.max(data[3], extent[3]),
  ];
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const height = Math.round((widthPixels * (n - s)) / ((e - w) * k));
  const x = (lon: number) => ((lon - w) / (e - w)) * widthPixels;
  const y = (lat: number) => ((n - lat) / (n - s)) * height;
  const svg = svgEl("svg", { width: widthPixels, height, viewBox: `0 0 ${widthPixels} ${height}` }) as SVGSVGElement;
  svg.append(svgEl("rect", { x: 0, y: 0, width: widthPixels, height, fill: "#e4e4e4" }));
  const [dw, ds, de, dn] = data;
  svg.append(svgEl("rect", { x: x(dw), y: y(dn), width: x(de) - x(dw), height: y(ds) - y(dn), fill: "#cfe0ee" }));
  const pathOf = (rings: number[][][], close: boolean) => {
    let d = "";
    for (const ring of rings) {
      // Every vertex: the land is cut at the data's box, and dropping a corner would cut a corner off the land.
      const pts = ring;
      d += pts.map((p, i) => `${i ? "L" : "M"}${x(p[0]!).toFixed(1)},${y(p[1]!).toFixed(1)}`).join("");
      if (close) d += "Z";
    }
    return d;
  };
  const near = (ring: number[][]) => ring.some((p) => p[0]! > w - 3 && p[0]! < e + 3 && p[1]! > s - 3 && p[1]! < n + 3);
  let land = "";
  for (const f of layers.land?.features ?? []) {
    const g = f.geometry;
    const polys: number[][][][] =
      g?.type === "Polygon" ? [g.coordinates] : g?.type === "MultiPolygon" ? g.coordinates : [];
    for (const p of polys) if (p[0] && near(p[0])) land += pathOf([p[0]], true);
  }
  svg.append(svgEl("path", { d: land, fill: "#f3efe4", stroke: "#8aa", "stroke-width": 0.5 }));
  let borders = "";
  for (const f of layers.borders?.features ?? []) {
    const g = f.geometry;
    const lines: number[][][] =
      g?.type === "LineString" ? [g.coordinates] : g?.type === "MultiLineString" ? g.coordinates : [];
    for (const l of lines) if (near(l)) borders += pathOf([l], false);
  }
  svg.append(svgEl("path", { d: borders, fill: "none", stroke: "#555", "stroke-width": 0.7 }));
  const [ew, es, ee, en] = extent;
  svg.append(
    svgEl("rect", {
      x: x(ew),
      y: y(en),
      width: Math.max(2, x(ee) - x(ew)),
      height: Math.max(2, y(es) - y(en)),
      fill: "rgba(220,20,20,0.15)",
      stroke: "#d01010",
      "stroke-width": 1.5,
    }),
  );
  svg.append(
    svgEl("rect", { x: 0.5, y: 0.5, width: widthPixels - 1, height: height - 1, fill: "none", stroke: "#444" }),
  );
  host.replaceChildren(svg);
}

/** An MGRS grid drawn on a figure: its lines (under the data), tick positions on the top and right neat lines. */
export interface MgrsFigureGrid {
  grid: MgrsGrid;
  layers: Layer[];
  /** Easting lines where they cross the top edge; northing lines where they cross the right edge (map pixels). */
  top: Array<{ x: number; label: string }>;
  right: Array<{ y: number; label: string }>;
}

const MGRS_COLOR: [number, number, number, number] = [25, 60, 140, 150];

/** Where a screen polyline crosses the line `coord = value` (coord 0: x, 1: y), as the other coordinate. */
function crossings(pts: Array<[number, number]>, coord: 0 | 1, value: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if ((a[coord] - value) * (b[coord] - value) > 0 || a[coord] === b[coord]) continue;
    const t = (value - a[coord]) / (b[coord] - a[coord]);
    out.push(a[1 - coord]! + (b[1 - coord]! - a[1 - coord]!) * t);
  }
  return out;
}

/** The MGRS grid of the view (core's mgrsGrid): 100 km lines heavier than the others. */
export function mgrsFigureGrid(vp: Viewport, width: number, height: number, spacingMetres?: number): MgrsFigureGrid {
  const [w, n] = vp.unproject([0, 0]) as [number, number];
  const [e, s] = vp.unproject([width, height]) as [number, number];
  // Up to 12 lines across: a figure of the whole region gets 100 km squares, one of a governorate 10-20 km.
  const grid = mgrsGrid([w, s, e, n], { spacingMetres, maxLines: 12 });
  const top: MgrsFigureGrid["top"] = [];
  const right: MgrsFigureGrid["right"] = [];
  const paths: Array<{ path: [number, number][]; major: boolean }> = [];
  for (const l of grid.lines)
    for (const p of l.paths) {
      paths.push({ path: p, major: l.hundredKm });
      const screen = p.map((q) => vp.project(q) as [number, number]);
      if (l.axis === "easting")
        for (const x of crossings(screen, 1, 0)) if (x >= 0 && x <= width) top.push({ x, label: l.label });
      if (l.axis === "northing")
        for (const y of crossings(screen, 0, width)) if (y >= 0 && y <= height) right.push({ y, label: l.label });
    }
  return {
    grid,
    top,
    right,
    layers: [
      new PathLayer<{ path: [number, number][]; major: boolean }>({
        id: "mgrs-grid",
        data: paths,
        getPath: (d) => d.path,
        getColor: MGRS_COLOR,
        widthUnits: "pixels",
        getWidth: (d) => (d.major ? 1.4 : 0.7),
      }),
    ],
  };
}

/** The MGRS grid's principal digits on the top and right neat lines (outside the map, as printed sheets do). */
export function renderMgrsTicks(
  svg: SVGSVGElement,
  g: MgrsFigureGrid,
  ox: number,
  oy: number,
  width: number,
  fontPixels: number,
): void {
  const tick = 4;
  const colour = "#19408c";
  const text = (x: number, y: number, s: string, anchor: string, rotate = 0) => {
    const t = svgEl("text", {
      x,
      y,
      "text-anchor": anchor,
      "font-size": fontPixels,
      "font-family": "DejaVu Sans, sans-serif",
      fill: colour,
      class: "mgrs-tick",
      ...(rotate ? { transform: `rotate(${rotate} ${x} ${y})` } : {}),
    });
    t.textContent = s;
    svg.append(t);
  };
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    svg.append(svgEl("line", { x1, y1, x2, y2, stroke: colour, "stroke-width": 1 }));
  // Labels closer than their own width to the previous one are left out (the tick stays). At 100 km every line is
  // a square's edge ("00"): the squares' names say more, so the ticks stay unlabelled.
  const labelled = g.grid.spacingMetres < 100_000;
  let lastX = -Infinity;
  for (const t of [...g.top].sort((a, b) => a.x - b.x)) {
    const x = ox + t.x;
    line(x, oy, x, oy - tick);
    if (!labelled || x - lastX < fontPixels * 1.8) continue;
    text(x, oy - tick - 2, t.label, "middle");
    lastX = x;
  }
  let lastY = -Infinity;
  for (const t of [...g.right].sort((a, b) => a.y - b.y)) {
    const y = oy + t.y;
    line(ox + width, y, ox + width + tick, y);
    if (!labelled || y - lastY < fontPixels * 1.8) continue;
    text(ox + width + tick + 2, y, t.label, "middle", 90);
    lastY = y;
  }
}
