// Figure mode: the page renders one figure payload (from `syraq figure`)
// without interaction or animation and then sets a flag the headless browser
// waits for. The payload comes from window.__SYRAQ_FIGURE__ (injected before
// load) or from ?spec=<url of a JSON payload>.
import "./style.css";
import { BASE_LAYER_IDS, type BaseLayerId } from "./catalog.ts";
import { loadBaseData } from "./load.ts";
import { WebMercatorViewport } from "@deck.gl/core";
import { fitView, SyraqMap } from "./map.ts";
import { graticule, renderLocator, renderTicks } from "./ui/furniture.ts";
import type { Overlay, ViewState } from "./types.ts";

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
}

declare global {
  interface Window {
    __SYRAQ_FIGURE__?: FigurePayload;
    __SYRAQ_FIGURE_STATE__?: FigureState;
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

async function main(): Promise<void> {
  window.__SYRAQ_FIGURE_STATE__ = { status: "loading" };
  let payload = window.__SYRAQ_FIGURE__;
  const specUrl = new URLSearchParams(location.search).get("spec");
  if (!payload && specUrl) payload = (await (await fetch(specUrl)).json()) as FigurePayload;
  if (!payload)
    throw new Error("no figure payload: open figure.html?spec=<payload.json> or run `syraq figure SPEC.json`");
  const unknown = payload.layers.filter((l) => !(BASE_LAYER_IDS as readonly string[]).includes(l));
  if (unknown.length) throw new Error(`unknown layer(s) ${unknown.join(", ")}; known: ${BASE_LAYER_IDS.join(", ")}`);

  // Sizes scale with the figure: a 960×640 figure has 13 px text; small ones stay legible.
  const W = payload.mapSize ? payload.mapSize[0] + clamp(payload.mapSize[0] * 0.3, 130, 300) : payload.width;
  const H = payload.height;
  const font = clamp(13 * Math.sqrt((W * (payload.mapSize ? W * 0.66 : H)) / (960 * 640)), 8.5, 20);
  const sheet = $("sheet");
  const root = document.documentElement.style;
  root.setProperty("--font", `${font}px`);
  root.setProperty("--side", `${Math.round(clamp(W * 0.24, 130, 300))}px`);
  const graticuleOn = payload.graticule !== false;
  root.setProperty("--gutter-left", `${graticuleOn ? Math.round(font + 8) : 6}px`);
  root.setProperty("--gutter-bottom", `${graticuleOn ? Math.round(font + 8) : 6}px`);
  root.setProperty("--credit-size", `${Math.max(7, font * 0.75).toFixed(1)}px`);
  sheet.style.width = `${W}px`;
  if (payload.mapSize) {
    const [mw, mh] = payload.mapSize;
    const gl = graticuleOn ? Math.round(font + 8) : 6;
    sheet.style.gridTemplateRows = `auto ${mh + 6 + gl}px auto`;
    sheet.style.width = `${mw + gl + 6 + Math.round(clamp(W * 0.24, 130, 300))}px`;
    root.setProperty("--side", `${Math.round(clamp(W * 0.24, 130, 300))}px`);
  } else sheet.style.height = `${H}px`;
  if (payload.legend === false) $("legend").style.display = "none";
  const title = $("title");
  title.querySelector(".t")!.textContent = payload.title;
  title.querySelector(".s")!.textContent = payload.subtitle ?? "";
  // Titles fit the sheet at every size: the title in at most 2 lines, the subtitle in at most 2.
  fitLines(title.querySelector(".t") as HTMLElement, font * 1.45, 2, 8);
  fitLines(title.querySelector(".s") as HTMLElement, font * 0.9, 2, 6.5);
  $("result").textContent = (payload.notes ?? []).join("\n");
  if (!(payload.notes ?? []).length) $("result").style.display = "none";

  const data = await loadBaseData(".");
  await document.fonts.ready;
  const mapDiv = $("map") as HTMLDivElement;
  const mapSize = () => [mapDiv.clientWidth, mapDiv.clientHeight] as const;
  const frameView = (): ViewState => {
    const [mw, mh] = mapSize();
    return (
      payload!.view ?? fitView(payload!.bbox ?? [35.5, 32, 45.5, 37.5], mw, mh, Math.round(Math.min(mw, mh) * 0.05))
    );
  };
  const map = new SyraqMap(
    mapDiv,
    data,
    {
      view: frameView(),
      visible: new Set(payload.layers),
      date: payload.date,
      overlays: payload.overlays,
      rasters: [],
      toolLayers: [],
      alwaysLabel: payload.labels,
      maxPlaceLabels: payload.maxPlaceLabels ?? 25,
    },
    { legend: $("legend"), scale: $("scale"), north: $("north"), credits: $("credits") },
    { interactive: false, floatingChrome: false },
  );
  // The source and date line: credits, the date the map shows, the caller's source.
  const credits = $("credits");
  const situation = payload.date ? `Situation on ${payload.date}. ` : "";
  credits.textContent = `${situation}${credits.textContent ?? ""}${payload.source ? ` · ${payload.source}` : ""}`;
  // The side column: shrink its text until it fits (legend, notes, locator, scale).
  const side = $("side");
  const locator = $("locator");
  let sideFont = font * 0.92;
  for (;;) {
    side.style.fontSize = `${sideFont}px`;
    if (payload.locator !== false) {
      const [mw, mh] = mapSize();
      const vp = new WebMercatorViewport({ width: mw, height: mh, ...map.state.view });
      const [w, n] = vp.unproject([0, 0]) as [number, number];
      const [e, s] = vp.unproject([mw, mh]) as [number, number];
      renderLocator(locator, Math.round(side.clientWidth - 12) * Math.min(1, sideFont / font), [w, s, e, n], {
        land: data.raw.land,
        borders: data.countries,
      });
    } else locator.style.display = "none";
    if (side.scrollHeight <= side.clientHeight + 1 || sideFont <= 6) break;
    sideFont -= 0.5;
  }
  // Final map size known: frame the view, draw the graticule and its ticks.
  const [mw, mh] = mapSize();
  const view = frameView();
  let graticuleStep: number | undefined;
  if (graticuleOn) {
    const vp = new WebMercatorViewport({ width: mw, height: mh, ...view });
    const g = graticule(vp, mw, mh);
    graticuleStep = g.step;
    map.state.underlays = g.layers;
    const cell = $("frame-cell").getBoundingClientRect();
    const m = mapDiv.getBoundingClientRect();
    renderTicks($("ticks") as unknown as SVGSVGElement, g, m.left - cell.left, m.top - cell.top, mw, mh, font * 0.72);
  }
  map.setView(view);

  // Ready once every layer is loaded and two more frames have been drawn with nothing pending.
  let stable = 0;
  map.onRendered = () => {
    if (!map.allLoaded()) {
      stable = 0;
      return;
    }
    stable++;
    if (stable === 2) {
      const sb = $("scale").dataset;
      const panels: FigureState["panels"] = {};
      for (const id of ["title", "locator", "legend", "result", "scale", "north", "credits"]) {
        const el = document.getElementById(id);
        if (el && el.offsetParent !== null && el.offsetWidth > 0) panels[id] = rectOf(el);
      }
      window.__SYRAQ_FIGURE_STATE__ = {
        sheet: { width: Math.round(sheet.offsetWidth), height: Math.round(sheet.offsetHeight) },
        frame: rectOf(mapDiv),
        panels,
        graticuleStep,
        labels: map.shownLabels.map((l) => ({
          text: l.text,
          kind: l.kind,
          lonLat: l.lonLat,
          required: l.required,
          leader: l.leader,
          overlaps: l.overlaps,
          box: [l.box.x0, l.box.y0, l.box.x1, l.box.y1],
        })),
        status: "ready",
        view: map.state.view,
        credits: [...new Set(map.credits())].sort(),
        legend: map.legendEntries().map((e) => e.label),
        scaleBar: { lengthMetres: Number(sb.lengthMetres), pixels: Number(sb.pixels) },
        missing: Object.fromEntries(payload!.layers.filter((id) => data.notes[id]).map((id) => [id, data.notes[id]!])),
      };
    }
  };
  // Deck draws on demand; ask for frames until the flag is up.
  const tick = () => {
    if (window.__SYRAQ_FIGURE_STATE__?.status !== "loading") return;
    map.deck.redraw("figure");
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

main().catch((err) => {
  window.__SYRAQ_FIGURE_STATE__ = { status: "error", error: String(err?.message ?? err) };
  console.error(err);
});
