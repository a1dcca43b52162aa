import { Deck, MapView, WebMercatorViewport, type Layer, type PickingInfo, type Viewport } from "@deck.gl/core";
import { BASE_LAYERS, BASE_LAYER_IDS, type BaseLayerId } from "./catalog.ts";
import { frontOn, layerCredits, type BaseData } from "./load.ts";
import { baseLayers } from "./layers/base.ts";
import { overlayLayers, overlayLineStyle, rasterOverlayLayer } from "./layers/overlay.ts";
import { reliefImage } from "./layers/relief.ts";
import { canvasMeasure, type GridLabel, labelLayers, type Measure, type ShownLabel } from "./labels/layers.ts";
import type { Box } from "./labels/placement.ts";
import { frontStyle } from "./layers/base.ts";
import { controlLegend } from "./layers/control.ts";
import { renderCredits, renderLegend, renderNorthArrow, renderScaleBar, type LegendEntry } from "./ui/chrome.ts";
import type { Overlay, RasterOverlay, ViewState } from "./types.ts";

export interface MapState {
  view: ViewState;
  visible: Set<BaseLayerId>;
  date?: string;
  overlays: Overlay[];
  rasters: RasterOverlay[];
  /** Extra layers drawn on top (interactive tools). */
  toolLayers: Layer[];
  /** Label text and marker size factor (figures: the sheet's text size / 13 px; default 1). */
  labelScale?: number;
  /** Extra layers drawn above the relief, below the data (the figure's graticule). */
  underlays?: Layer[];
  alwaysLabel?: string[];
  maxPlaceLabels?: number;
  /** Optional labels written after every other (a figure's MGRS 100 km square identifiers). */
  gridLabels?: GridLabel[];
  /** Longest scale bar in CSS pixels (default 140; a figure's narrow side column needs less). */
  scaleBarMaxPixels?: number;
  /** Written before and after the credits on the source line (a figure's date and its author's source). */
  sourceLine?: { before?: string; after?: string };
  /** Legend entries of what the underlays draw (a figure's MGRS grid). */
  extraLegend?: LegendEntry[];
}

/** Elements drawn over the map that labels must not go under (the viewer's panels). */
export type PanelsOver = () => HTMLElement[];

export interface MapChrome {
  legend: HTMLElement;
  scale: HTMLElement;
  north: HTMLElement;
  credits: HTMLElement;
}

export function fitView(
  bbox: [number, number, number, number],
  width: number,
  height: number,
  padding = 30,
): ViewState {
  const vp = new WebMercatorViewport({ width, height });
  const { longitude, latitude, zoom } = vp.fitBounds(
    [
      [bbox[0], bbox[1]],
      [bbox[2], bbox[3]],
    ],
    { padding },
  );
  return { longitude, latitude, zoom };
}

/** The map shared by the interactive viewer and the figure page. */
export class SyraqMap {
  readonly deck: Deck<MapView>;
  readonly relief?: { canvas: HTMLCanvasElement; bounds: [number, number, number, number] };
  private renders = 0;
  private readonly floatingChrome: boolean;
  private measure?: Measure;
  /** The labels drawn in the last update (text, box in CSS pixels, leader or not). */
  shownLabels: ShownLabel[] = [];
  /** Panels over the map that labels avoid. */
  panelsOver: PanelsOver = () => [];
  onViewChange?: (view: ViewState) => void;
  onRendered?: (renders: number) => void;

  constructor(
    readonly container: HTMLDivElement,
    readonly data: BaseData,
    public state: MapState,
    readonly chrome: MapChrome,
    opts: {
      interactive: boolean;
      /** Panels float over the map and are stacked above the credits line (the viewer); figures lay them out. */
      floatingChrome?: boolean;
      onClick?: (lonLat: [number, number]) => void;
      onHover?: (info: PickingInfo) => void;
    },
  ) {
    this.floatingChrome = opts.floatingChrome !== false;
    if (data.dem) this.relief = reliefImage(data.dem);
    this.deck = new Deck({
      parent: container,
      views: new MapView({ repeat: false }),
      initialViewState: { ...state.view, pitch: 0, bearing: 0 },
      controller: opts.interactive ? { dragRotate: false, touchRotate: false, doubleClickZoom: false } : false,
      useDevicePixels: true,
      layers: [],
      getCursor: ({ isDragging }) => (isDragging ? "grabbing" : "crosshair"),
      onViewStateChange: ({ viewState }) => {
        const v = viewState as unknown as ViewState;
        this.state.view = { longitude: v.longitude, latitude: v.latitude, zoom: v.zoom };
        this.update();
        this.onViewChange?.(this.state.view);
        return viewState;
      },
      onHover: opts.onHover,
      onAfterRender: () => {
        this.renders++;
        this.onRendered?.(this.renders);
        this.updateChrome();
      },
    });
    renderNorthArrow(chrome.north);
    // Clicks are taken from the DOM rather than deck's gesture recogniser: a
    // click is a press and release within 5 px (a drag pans the map instead).
    if (opts.onClick) {
      let down: [number, number] | undefined;
      container.addEventListener("pointerdown", (e) => (down = [e.clientX, e.clientY]));
      container.addEventListener("click", (e) => {
        if (!down || Math.hypot(e.clientX - down[0], e.clientY - down[1]) > 5) return;
        const rect = container.getBoundingClientRect();
        const vp = this.viewport();
        if (!vp) return;
        const p = vp.unproject([e.clientX - rect.left, e.clientY - rect.top]) as [number, number];
        opts.onClick!([p[0], p[1]]);
      });
    }
    this.update();
  }

  viewport(): Viewport | undefined {
    return this.deck.getViewports()[0];
  }

  layers(): Layer[] {
    const s = this.state;
    const base = baseLayers(this.data, { visible: s.visible, date: s.date, zoom: s.view.zoom, relief: this.relief });
    // Underlays (graticule) just above the relief.
    base.splice(base.findIndex((l) => l.id === "hillshade") + 1, 0, ...(s.underlays ?? []));
    return [
      ...base,
      ...s.rasters.map(rasterOverlayLayer),
      ...s.overlays.flatMap(overlayLayers),
      ...this.labels(),
      ...s.toolLayers,
    ];
  }

  /** Place and analysis labels, placed without collisions inside the map (see labels/placement.ts). */
  labels(): Layer[] {
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    if (!width || !height) return [];
    const s = this.state;
    const viewport = new WebMercatorViewport({ width, height, ...s.view });
    this.measure ??= canvasMeasure();
    const host = this.container.getBoundingClientRect();
    const obstacles: Box[] = this.panelsOver()
      .filter((e) => e.offsetParent !== null && e.offsetWidth > 0)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { x0: r.left - host.left, y0: r.top - host.top, x1: r.right - host.left, y1: r.bottom - host.top };
      });
    const front = s.visible.has("fronts") ? frontOn(this.data.fronts, s.date) : undefined;
    const frontLines: Array<Array<[number, number]>> = [];
    for (const f of front?.data.features ?? []) {
      const g = f.geometry;
      if (g?.type === "LineString") frontLines.push(g.coordinates);
      else if (g?.type === "MultiLineString") frontLines.push(...g.coordinates);
    }
    const count = Math.round(12 * 2 ** Math.max(0, s.view.zoom - 5.5));
    const r = labelLayers({
      viewport,
      frame: { x0: 0, y0: 0, x1: width, y1: height },
      places: this.data.places ?? [],
      required: s.alwaysLabel ?? [],
      maxOptional: Math.min(s.maxPlaceLabels ?? 60, count),
      overlays: s.overlays,
      lines: frontLines,
      gridLabels: s.gridLabels,
      obstacles,
      measure: this.measure,
      scale: s.labelScale,
      showPlaces: s.visible.has("places") && !!this.data.places,
    });
    this.shownLabels = r.shown;
    return r.layers;
  }

  /** [west, south, east, north] of the current view. */
  viewBounds(): [number, number, number, number] | undefined {
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    if (!width || !height) return undefined;
    return new WebMercatorViewport({ width, height, ...this.state.view }).getBounds() as [
      number,
      number,
      number,
      number,
    ];
  }

  /** Legend entries for what is on: basemap layers with data, then overlays. */
  legendEntries(): LegendEntry[] {
    const out: LegendEntry[] = [];
    for (const id of [...BASE_LAYER_IDS].reverse()) {
      if (!this.state.visible.has(id) || !this.hasData(id)) continue;
      if (id === "fronts") {
        const f = frontOn(this.data.fronts, this.state.date);
        if (f)
          out.push({
            label: `Front ${f.date}${f.data.features.some((x) => frontStyle(x) === "dashed") ? " (illustrative)" : ""}`,
            color: BASE_LAYERS.fronts.legend[0]!.color,
            kind: "line",
            lineStyle: f.data.features.every((x) => frontStyle(x) === "dashed") ? "dashed" : "solid",
          });
        continue;
      }
      if (id === "control") {
        out.push(...controlLegend(this.data.control, this.state.date));
        continue;
      }
      out.push(...BASE_LAYERS[id].legend);
    }
    for (const o of this.state.overlays)
      out.push(
        ...(o.legend ?? [{ label: o.label, color: o.style.color ?? [0, 0, 0, 255], kind: "line" as const }]).map((e) =>
          e.kind === "line" && !e.lineStyle ? { ...e, lineStyle: overlayLineStyle(o.style) } : e,
        ),
      );
    for (const r of this.state.rasters)
      out.push(...(r.legend ?? [{ label: r.label, color: [200, 120, 40, 200], kind: "fill" as const }]));
    out.push(...(this.state.extraLegend ?? []));
    return out;
  }

  hasData(id: BaseLayerId): boolean {
    const d = this.data;
    switch (id) {
      case "hillshade":
        return !!d.dem;
      case "fronts":
        return d.fronts.length > 0 && !!frontOn(d.fronts, this.state.date);
      case "crossings":
        return !!d.crossingList;
      default:
        return !!d[id];
    }
  }

  credits(): string[] {
    const out: string[] = [];
    for (const id of BASE_LAYER_IDS)
      if (this.state.visible.has(id) && this.hasData(id)) out.push(...layerCredits(this.data, id));
    for (const o of this.state.overlays) if (o.credit) out.push(o.credit);
    return out;
  }

  update(): void {
    // The panels first: labels are placed around them, so they must have their new size (a legend entry added
    // or removed) before the label layers are computed.
    renderLegend(this.chrome.legend, this.legendEntries());
    renderCredits(this.chrome.credits, this.credits(), "Map: Syraq viewer, rendered offline");
    const line = this.state.sourceLine;
    if (line?.before || line?.after)
      this.chrome.credits.textContent = `${line.before ?? ""}${this.chrome.credits.textContent}${line.after ?? ""}`;
    this.layoutChrome();
    this.deck.setProps({ layers: this.layers() });
  }

  setView(view: ViewState): void {
    this.state.view = view;
    this.deck.setProps({ initialViewState: { ...view, pitch: 0, bearing: 0, transitionDuration: 0 } });
    this.update();
  }

  updateChrome(): void {
    const vp = this.viewport();
    if (vp) renderScaleBar(this.chrome.scale, vp, this.state.scaleBarMaxPixels);
    this.layoutChrome();
  }

  /** Stacks the bottom panels above the credits line, whatever its height. */
  layoutChrome(): void {
    if (!this.floatingChrome) return;
    const gap = 4;
    const creditsTop = this.chrome.credits.offsetHeight + gap;
    this.chrome.scale.style.bottom = `${creditsTop}px`;
    this.chrome.legend.style.bottom = `${creditsTop + this.chrome.scale.offsetHeight + gap}px`;
    const bottomAnchored = document.body.classList.contains("figure") ? ["result"] : ["info"];
    for (const id of bottomAnchored) {
      const el = document.getElementById(id);
      if (el) el.style.bottom = `${creditsTop}px`;
    }
  }

  /** True once deck has drawn every current layer with its data loaded. */
  allLoaded(): boolean {
    const layers =
      (this.deck as unknown as { layerManager?: { getLayers(): Layer[] } }).layerManager?.getLayers() ?? [];
    return this.renders > 0 && layers.length > 0 && layers.every((l) => l.isLoaded);
  }
}
