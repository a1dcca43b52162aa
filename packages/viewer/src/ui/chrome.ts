import type { Viewport } from "@deck.gl/core";
import { formatLength, geodesicMetres, niceLength } from "../geo.ts";
import type { RGBA } from "../types.ts";

export interface LegendEntry {
  label: string;
  color: RGBA;
  kind: "line" | "fill" | "point" | "ramp";
  /** Lines: solid (default), dashed or dotted, as drawn on the map. */
  lineStyle?: "solid" | "dashed" | "dotted";
}

const css = (c: RGBA) => `rgba(${c[0]},${c[1]},${c[2]},${(c[3] / 255).toFixed(3)})`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function renderLegend(host: HTMLElement, entries: LegendEntry[], title = "Legend"): void {
  host.replaceChildren();
  if (!entries.length) return;
  host.append(el("div", "legend-title", title));
  for (const e of entries) {
    const row = el("div", "legend-row");
    const sw = el("span", `swatch swatch-${e.kind}`);
    if (e.kind === "line") {
      sw.style.borderTopColor = css(e.color);
      if (e.lineStyle && e.lineStyle !== "solid") sw.style.borderTopStyle = e.lineStyle;
    } else if (e.kind === "ramp")
      sw.style.background = "linear-gradient(90deg, rgb(196,214,176), rgb(236,226,190), rgb(200,176,146))";
    else sw.style.background = css(e.color);
    row.append(sw, el("span", "legend-label", e.label));
    host.append(row);
  }
}

/** Metres per CSS pixel at the view centre, measured along a geodesic (true scale, not the Mercator nominal one). */
export function metresPerPixelAtCentre(viewport: Viewport): number {
  const cx = viewport.width / 2;
  const cy = viewport.height / 2;
  const a = viewport.unproject([cx - 50, cy]) as [number, number];
  const b = viewport.unproject([cx + 50, cy]) as [number, number];
  return geodesicMetres([a[0], a[1]], [b[0], b[1]]) / 100;
}

export function renderScaleBar(
  host: HTMLElement,
  viewport: Viewport,
  maxPixels = 140,
): { lengthMetres: number; pixels: number } {
  const mpp = metresPerPixelAtCentre(viewport);
  const lengthMetres = niceLength(maxPixels * mpp);
  const pixels = lengthMetres / mpp;
  host.replaceChildren();
  const bar = el("div", "scale-bar");
  bar.style.width = `${pixels.toFixed(1)}px`;
  host.append(bar, el("div", "scale-label", `${formatLength(lengthMetres)} (geodesic, at the map centre)`));
  host.dataset.lengthMetres = String(lengthMetres);
  host.dataset.pixels = pixels.toFixed(2);
  return { lengthMetres, pixels };
}

export function renderNorthArrow(host: HTMLElement): void {
  host.innerHTML = `<svg width="26" height="40" viewBox="0 0 26 40" aria-label="north arrow"><polygon points="13,2 22,28 13,22 4,28" fill="#222"/><polygon points="13,2 13,22 4,28" fill="#777"/><text x="13" y="39" text-anchor="middle" font-size="11" font-family="DejaVu Sans, sans-serif" font-weight="bold">N</text></svg>`;
}

export function renderCredits(host: HTMLElement, credits: string[], extra?: string): void {
  const unique = [...new Set(credits)].sort();
  host.textContent = `Data: ${unique.join(" · ")}${extra ? ` — ${extra}` : ""}`;
}
