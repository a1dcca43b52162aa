// Figure mode: the page renders one figure payload (from `syraq figure`)
// without interaction or animation and then sets a flag the headless browser
// waits for. The payload comes from window.__SYRAQ_FIGURE__ (injected before
// load) or from ?spec=<url of a JSON payload>.
import "./style.css";
import { BASE_LAYER_IDS, type BaseLayerId } from "./catalog.ts";
import { loadBaseData } from "./load.ts";
import { fitView, SyraqMap } from "./map.ts";
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
}

export interface FigureState {
  status: "loading" | "ready" | "error";
  error?: string;
  view?: ViewState;
  credits?: string[];
  legend?: string[];
  scaleBar?: { lengthMetres: number; pixels: number };
  missing?: Record<string, string>;
}

declare global {
  interface Window {
    __SYRAQ_FIGURE__?: FigurePayload;
    __SYRAQ_FIGURE_STATE__?: FigureState;
  }
}

const $ = (id: string) => document.getElementById(id)!;

async function main(): Promise<void> {
  window.__SYRAQ_FIGURE_STATE__ = { status: "loading" };
  let payload = window.__SYRAQ_FIGURE__;
  const specUrl = new URLSearchParams(location.search).get("spec");
  if (!payload && specUrl) payload = (await (await fetch(specUrl)).json()) as FigurePayload;
  if (!payload)
    throw new Error("no figure payload: open figure.html?spec=<payload.json> or run `syraq figure SPEC.json`");
  const unknown = payload.layers.filter((l) => !(BASE_LAYER_IDS as readonly string[]).includes(l));
  if (unknown.length) throw new Error(`unknown layer(s) ${unknown.join(", ")}; known: ${BASE_LAYER_IDS.join(", ")}`);

  if (payload.width < 700) document.body.classList.add("small");
  if (payload.legend === false) $("legend").style.display = "none";
  const mapDiv = $("map") as HTMLDivElement;
  mapDiv.style.width = `${payload.width}px`;
  mapDiv.style.height = `${payload.height}px`;
  $("title").querySelector(".t")!.textContent = payload.title;
  $("title").querySelector(".s")!.textContent = payload.subtitle ?? "";
  $("result").textContent = (payload.notes ?? []).join("\n");

  const data = await loadBaseData(".");
  const view = payload.view ?? fitView(payload.bbox ?? [35.5, 32, 45.5, 37.5], payload.width, payload.height, 40);
  await document.fonts.ready;
  const map = new SyraqMap(
    mapDiv,
    data,
    {
      view,
      visible: new Set(payload.layers),
      date: payload.date,
      overlays: payload.overlays,
      rasters: [],
      toolLayers: [],
      alwaysLabel: payload.labels,
      maxPlaceLabels: payload.maxPlaceLabels ?? 25,
    },
    { legend: $("legend"), scale: $("scale"), north: $("north"), credits: $("credits") },
    { interactive: false },
  );

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
      window.__SYRAQ_FIGURE_STATE__ = {
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
