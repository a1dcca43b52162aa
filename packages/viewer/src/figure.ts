// Figure mode: the page renders figure payloads (from `syraq figure`) without
// interaction or animation. The basemap data is loaded once; then
// window.__SYRAQ_FIGURE_RENDER__(payload) lays the sheet out, redraws the one
// map and resolves with the figure's state once every layer is loaded and two
// more frames were drawn (so `pnpm figures` renders many figures in one page).
// A single payload may also come from window.__SYRAQ_FIGURE__ or from
// ?spec=<url of a JSON payload>; the page then sets __SYRAQ_FIGURE_STATE__.
import "./style.css";
import { BASE_LAYER_IDS, type BaseLayerId } from "./catalog.ts";
import { loadBaseData } from "./load.ts";
import { WebMercatorViewport } from "@deck.gl/core";
import { fitView, type MapState, SyraqMap } from "./map.ts";
import { renderScaleBar } from "./ui/chrome.ts";
import { graticule, mgrsFigureGrid, renderLocator, renderMgrsTicks, renderTicks } from "./ui/furniture.ts";
import type { Feature, Overlay, ViewState } from "./types.ts";
import { crossingOnDate } from "./layers/base.ts";
import { frontOn, type BaseData } from "./load.ts";

export interface FigurePayload {
  width: number;
  height: number;
  title: string;
  subtitle?: string;
  view?: ViewState;
  bbox?: [number, number, number, number];
  layers: BaseLayerId[];
  date?: string;
  overlays: Overlay[];
  /** Place names always labelled. */
  labels?: string[];
  maxPlaceLabels?: number;
  /** Lines printed in a box on the map (figures, caveats). */
  notes?: string[];
  /** Draw the legend (default true). */
  legend?: boolean;
  /** Graticule lines and degree ticks on the neat line (default true). */
  graticule?: boolean;
  /** Locator inset (default true). */
  locator?: boolean;
  /** A line added to the source line (e.g. who made the figure). */
  source?: string;
  /** MGRS grid lines, their digits on the top and right neat lines and the 100 km squares' identifiers. */
  mgrs?: boolean;
  /**
   * Exact map frame size in CSS pixels (a view exported from the viewer): the sheet grows around it
   * and `width`/`height` are ignored.
   */
  mapSize?: [number, number];
}

export interface FigureState {
  status: "loading" | "ready" | "error";
  error?: string;
  view?: ViewState;
  credits?: string[];
  legend?: string[];
  scaleBar?: { lengthMetres: number; pixels: number };
  missing?: Record<string, string>;
  /** The whole figure and the map frame in CSS pixels (the sheet may differ from the payload with mapSize). */
  sheet?: { width: number; height: number };
  frame?: { x: number; y: number; width: number; height: number };
  /** Boxes of the title, side column panels and source line, in sheet pixels. */
  panels?: Record<string, { x: number; y: number; width: number; height: number }>;
  /** Labels drawn, with their boxes in map pixels. */
  labels?: Array<{
    text: string;
    kind: string;
    lonLat: [number, number];
    required: boolean;
    leader: boolean;
    overlaps: number;
    box: [number, number, number, number];
  }>;
  graticuleStep?: number;
  /** False when the side column's content (legend, notes, scale) does not fit even without the locator. */
  sideFits?: boolean;
  /** What the side column left out to fit ("locator", "notes"), smallest figures only. */
  sideDropped?: string[];
  /** The MGRS grid drawn (spacing, grid zones, ticks written, 100 km squares in view). */
  mgrs?: { spacingMetres: number; zones: string[]; ticks: number; squares: string[] };
  /** Basemap features the figure shows (zone, the front in force, crossings on the date), for its GeoJSON/CSV. */
  shownBase?: { type: "FeatureCollection"; features: Feature[] };
}

declare global {
  interface Window {
    __SYRAQ_FIGURE__?: FigurePayload;
    __SYRAQ_FIGURE_STATE__?: FigureState;
    /** Set once the basemap data is loaded: renders one payload and resolves with its state. */
    __SYRAQ_FIGURE_RENDER__?: (payload: FigurePayload) => Promise<FigureState>;
  }
}

const $ = (id: string) => document.getElementById(id)!;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Shrinks an element's font until it fits in `lines` lines (or `minPixels`). */
function fitLines(el: HTMLElement, startPixels: number, lines: number, minPixels: number): number {
  let size = startPixels;
  for (;;) {
    el.style.fontSize = `${size}px`;
    const lh = Number.parseFloat(getComputedStyle(el).lineHeight) || size * 1.25;
    if (el.scrollHeight <= lh * lines + 1 || size <= minPixels) return size;
    size = Math.max(minPixels, size - 0.5);
  }
}

function rectOf(el: Element): { x: number; y: number; width: number; height: number } {
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height };
}

let data: BaseData | undefined;
let map: SyraqMap | undefined;

/** What of the basemap the figure shows, as GeoJSON features with a `layer` property. */
function shownBase(payload: FigurePayload, d: BaseData): Feature[] {
  const on = new Set(payload.layers);
  const out: Feature[] = [];
  if (on.has("zone"))
    for (const f of d.zone?.features ?? []) out.push({ ...f, properties: { layer: "zone", ...(f.properties ?? {}) } });
  const front = on.has("fronts") ? frontOn(d.fronts, payload.date) : undefined;
  for (const f of front?.data.features ?? [])
    if (/LineString/.test(f.geometry?.type ?? ""))
      out.push({
        type: "Feature",
        geometry: f.geometry,
        properties: { layer: "fronts", name: front!.label, date: front!.date },
      });
  if (on.has("crossings"))
    for (const c of d.crossingList ?? []) {
      const state = crossingOnDate(c, payload.date);
      if (state !== "absent")
        out.push({
          type: "Feature",
          geometry: { type: "Point", coordinates: c.position },
          properties: { layer: "crossings", name: c.name, kind: c.kind, state, date: payload.date ?? null },
        });
    }
  return out;
}

/** Lays the sheet out for one payload, draws it and resolves with its state once drawn. */
async function renderFigure(payload: FigurePayload): Promise<FigureState> {
  const unknown = payload.layers.filter((l) => !(BASE_LAYER_IDS as readonly string[]).includes(l));
  if (unknown.length) throw new Error(`unknown layer(s) ${unknown.join(", ")}; known: ${BASE_LAYER_IDS.join(", ")}`);
  data ??= await loadBaseData(".");
  const d = data;
  // Sizes scale with the figure: a 960×640 figure has 13 px text; small ones stay legible.
  const sideWidth = (w: number) => Math.round(clamp(w * 0.24, 130, 300));
  const W = payload.mapSize ? Math.round(payload.mapSize[0] / 0.76) : payload.width;
  const H = payload.mapSize ? Math.round(payload.mapSize[1] / 0.8) : payload.height;
  const font = clamp(13 * Math.sqrt((W * H) / (960 * 640)), 8.5, 20);
  const sheet = $("sheet");
  const root = document.documentElement.style;
  const graticuleOn = payload.graticule !== false;
  const gutter = graticuleOn ? Math.round(font + 8) : 6;
  const mgrsOn = payload.mgrs === true;
  const mgrsGutter = mgrsOn ? Math.round(font + 8) : 6;
  root.setProperty("--font", `${font}px`);
  root.setProperty("--side", `${sideWidth(W)}px`);
  root.setProperty("--gutter-left", `${gutter}px`);
  root.setProperty("--gutter-bottom", `${gutter}px`);
  root.setProperty("--gutter-top", `${mgrsGutter}px`);
  root.setProperty("--gutter-right", `${mgrsGutter}px`);
  root.setProperty("--credit-size", `${Math.max(7, font * 0.75).toFixed(1)}px`);
  if (payload.mapSize) {
    const [mw, mh] = payload.mapSize;
    sheet.style.gridTemplateRows = `auto ${mh + mgrsGutter + gutter}px auto`;
    sheet.style.width = `${mw + gutter + mgrsGutter + sideWidth(W)}px`;
    sheet.style.height = "";
  } else {
    sheet.style.gridTemplateRows = "";
    sheet.style.width = `${W}px`;
    sheet.style.height = `${H}px`;
  }
  $("legend").style.display = payload.legend === false ? "none" : "";
  const title = $("title");
  title.querySelector(".t")!.textContent = payload.title;
  title.querySelector(".s")!.textContent = payload.subtitle ?? "";
  // Titles fit the sheet at every size: the title in at most 2 lines, the subtitle in at most 2.
  fitLines(title.querySelector(".t") as HTMLElement, font * 1.45, 2, 8);
  fitLines(title.querySelector(".s") as HTMLElement, font * 0.9, 2, 6.5);
  $("result").textContent = (payload.notes ?? []).join("\n");
  $("result").style.display = (payload.notes ?? []).length ? "" : "none";
  await document.fonts.ready;

  const mapDiv = $("map") as HTMLDivElement;
  const mapSize = () => [mapDiv.clientWidth, mapDiv.clientHeight] as const;
  const frameView = (): ViewState => {
    const [mw, mh] = mapSize();
    return payload.view ?? fitView(payload.bbox ?? [35.5, 32, 45.5, 37.5], mw, mh, Math.round(Math.min(mw, mh) * 0.05));
  };
  const state = {
    view: frameView(),
    visible: new Set(payload.layers),
    date: payload.date,
    overlays: payload.overlays,
    rasters: [],
    toolLayers: [],
    alwaysLabel: payload.labels,
    // The source and date line: the date the map shows, the credits, the caller's source.
    sourceLine: {
      before: payload.date ? `Situation on ${payload.date}. ` : "",
      after: payload.source ? ` · ${payload.source}` : "",
    },
    gridLabels: [] as Array<{ id: string; text: string; lonLat: [number, number] }>,
    extraLegend: [] as NonNullable<MapState["extraLegend"]>,
    maxPlaceLabels: payload.maxPlaceLabels ?? 25,
    // Labels scale with the sheet's text; a sheet exported from the viewer keeps the viewer's labels.
    // Below 11 px the SDF glyphs' thin strokes drown in their halo: labels shrink to 0.9 at most.
    labelScale: payload.mapSize ? 1 : clamp(font / 13, 0.9, 1),
  };
  if (!map)
    map = new SyraqMap(
      mapDiv,
      d,
      state,
      { legend: $("legend"), scale: $("scale"), north: $("north"), credits: $("credits") },
      { interactive: false, floatingChrome: false },
    );
  else {
    map.state = state;
    map.update();
  }
  const m = map;
  // The MGRS grid's legend entry before the side column is fitted (its spacing from the view at this map size).
  let mgrsSpacing: number | undefined;
  if (mgrsOn) {
    const [mw, mh] = mapSize();
    const g = mgrsFigureGrid(new WebMercatorViewport({ width: mw, height: mh, ...frameView() }), mw, mh);
    mgrsSpacing = g.grid.spacingMetres;
    m.state.extraLegend = [
      {
        label:
          `MGRS grid, ${mgrsSpacing / 1000} km (UTM ${g.grid.zones.join(", ")}, WGS84)` +
          (mgrsSpacing < 100_000 ? "; edge digits: km within the 100 km square" : "; 100 km squares named"),
        color: [25, 60, 140, 200],
        kind: "line",
      },
    ];
    m.update();
  }
  // The side column: shrink its text until everything fits (legend, notes, locator, scale). If it still does not at
  // the smallest size, the locator goes, then the notes box (its lines are also in the command's output and the
  // figure's data), and the text grows back; `sideDropped` says what went.
  const side = $("side");
  const locator = $("locator");
  const notes = $("result");
  const hasNotes = (payload.notes ?? []).length > 0;
  const minSideFont = Math.min(6, font * 0.92);
  let sideFont = font * 0.92;
  let sideFits = false;
  let sideDropped: string[] = [];
  const withLocator = payload.locator !== false;
  const layouts: Array<{ locator: boolean; notes: boolean }> = [{ locator: withLocator, notes: hasNotes }];
  if (withLocator) layouts.push({ locator: false, notes: hasNotes });
  if (hasNotes) layouts.push({ locator: false, notes: false });
  for (const layout of layouts) {
    notes.style.display = layout.notes ? "" : "none";
    sideDropped = [
      ...(withLocator && !layout.locator ? ["locator"] : []),
      ...(hasNotes && !layout.notes ? ["notes"] : []),
    ];
    for (sideFont = font * 0.92; ; sideFont -= 0.5) {
      sideFont = Math.max(sideFont, minSideFont);
      side.style.fontSize = `${sideFont}px`;
      // The scale bar and the north arrow share the column's last row.
      m.state.scaleBarMaxPixels = Math.max(40, Math.min(140, side.clientWidth - 16 - 34));
      if (layout.locator) {
        locator.style.display = "";
        const [mw, mh] = mapSize();
        const vp = new WebMercatorViewport({ width: mw, height: mh, ...frameView() });
        const [w, n] = vp.unproject([0, 0]) as [number, number];
        const [e, s] = vp.unproject([mw, mh]) as [number, number];
        renderLocator(locator, Math.round((side.clientWidth - 12) * Math.min(1, sideFont / font)), [w, s, e, n], {
          land: d.raw.land,
          borders: d.countries,
        });
      } else locator.style.display = "none";
      {
        // the scale bar at this width, as the map will draw it (the deck may not have drawn a frame yet)
        const [mw, mh] = mapSize();
        renderScaleBar(
          $("scale"),
          new WebMercatorViewport({ width: mw, height: mh, ...frameView() }),
          m.state.scaleBarMaxPixels,
        );
      }
      sideFits = side.scrollHeight <= side.clientHeight + 1;
      if (sideFits || sideFont <= minSideFont) break;
    }
    if (sideFits) break;
  }
  // Final map size known: frame the view, draw the graticule and its ticks.
  const [mw, mh] = mapSize();
  const view = frameView();
  let graticuleStep: number | undefined;
  const ticks = $("ticks") as unknown as SVGSVGElement;
  ticks.replaceChildren();
  m.state.underlays = [];
  m.state.gridLabels = [];
  const cell = $("frame-cell").getBoundingClientRect();
  const r = mapDiv.getBoundingClientRect();
  const vp = new WebMercatorViewport({ width: mw, height: mh, ...view });
  if (graticuleOn) {
    const g = graticule(vp, mw, mh);
    graticuleStep = g.step;
    m.state.underlays = g.layers;
    renderTicks(ticks, g, r.left - cell.left, r.top - cell.top, mw, mh, font * 0.72);
  }
  let mgrsState: FigureState["mgrs"];
  if (mgrsOn) {
    const g = mgrsFigureGrid(vp, mw, mh, mgrsSpacing);
    m.state.underlays = [...m.state.underlays, ...g.layers];
    m.state.gridLabels = g.grid.squares.map((q) => ({ id: q.id, text: q.id, lonLat: q.lonLat }));
    renderMgrsTicks(ticks, g, r.left - cell.left, r.top - cell.top, mw, font * 0.72);
    mgrsState = {
      spacingMetres: g.grid.spacingMetres,
      zones: g.grid.zones,
      ticks: ticks.querySelectorAll(".mgrs-tick").length,
      squares: g.grid.squares.map((q) => q.id),
    };
  }
  m.setView(view);
  await drawn(m);

  const sb = $("scale").dataset;
  const panels: FigureState["panels"] = {};
  for (const id of ["title", "side", "locator", "legend", "result", "scale", "north", "credits"]) {
    const el = document.getElementById(id);
    if (el && el.offsetParent !== null && el.offsetWidth > 0) panels[id] = rectOf(el);
  }
  return {
    status: "ready",
    sheet: { width: Math.round(sheet.offsetWidth), height: Math.round(sheet.offsetHeight) },
    frame: rectOf(mapDiv),
    panels,
    graticuleStep,
    // measured on the final layout: nothing of the side column (legend, notes, scale) hidden by its overflow
    sideFits: sideFits && side.scrollHeight <= side.clientHeight + 1,
    sideDropped,
    mgrs: mgrsState,
    labels: m.shownLabels.map((l) => ({
      text: l.text,
      kind: l.kind,
      lonLat: l.lonLat,
      required: l.required,
      leader: l.leader,
      overlaps: l.overlaps,
      box: [l.box.x0, l.box.y0, l.box.x1, l.box.y1],
    })),
    view: m.state.view,
    credits: [...new Set(m.credits())].sort(),
    legend: m.legendEntries().map((e) => e.label),
    scaleBar: { lengthMetres: Number(sb.lengthMetres), pixels: Number(sb.pixels) },
    missing: Object.fromEntries(payload.layers.filter((id) => d.notes[id]).map((id) => [id, d.notes[id]!])),
    shownBase: { type: "FeatureCollection", features: shownBase(payload, d) },
  };
}

/**
 * Resolves once deck has drawn a frame with every layer loaded, and the compositor has presented it. One such frame
 * is enough: the layers are set before it (labels are placed in update(), not from a drawn frame) and a redraw of
 * loaded layers gives the same pixels, while every frame costs a full software (SwiftShader) draw of the map.
 */
function drawn(m: SyraqMap): Promise<void> {
  return new Promise((done) => {
    let finished = false;
    m.onRendered = () => {
      if (!m.allLoaded()) return;
      finished = true;
      m.onRendered = undefined;
      // Let the compositor present the frame before a screenshot (deck draws again there if the canvas was resized).
      requestAnimationFrame(() => requestAnimationFrame(() => done()));
    };
    // Deck draws on demand; ask for frames until done.
    const tick = () => {
      if (finished) return;
      m.deck.redraw("figure");
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function main(): Promise<void> {
  window.__SYRAQ_FIGURE_STATE__ = { status: "loading" };
  data = await loadBaseData(".");
  window.__SYRAQ_FIGURE_RENDER__ = renderFigure;
  let payload = window.__SYRAQ_FIGURE__;
  const specUrl = new URLSearchParams(location.search).get("spec");
  if (!payload && specUrl) payload = (await (await fetch(specUrl)).json()) as FigurePayload;
  if (!payload) {
    // Session mode: the caller renders payloads through __SYRAQ_FIGURE_RENDER__.
    window.__SYRAQ_FIGURE_STATE__ = { status: "ready" };
    return;
  }
  window.__SYRAQ_FIGURE_STATE__ = await renderFigure(payload);
}

main().catch((err) => {
  window.__SYRAQ_FIGURE_STATE__ = { status: "error", error: String(err?.message ?? err) };
  console.error(err);
});
