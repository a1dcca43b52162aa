// Many figures in one browser page: the figure page loads the basemap once and renders payload after payload
// through window.__SYRAQ_FIGURE_RENDER__ (the same map, so the basemap layers are not rebuilt). One page per
// device scale (a browser context fixes it). PNG by screenshot of the sheet; PDF by Chromium's page.pdf with the
// map canvas swapped for its screenshot, so the title, legend, notes, ticks and source line stay vector text.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type FigurePayload, SyraqError } from "@syraq/core";
import { offlineOnly, type StaticServer } from "./figure-render.ts";

export interface FigureBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the figure page reports after drawing (packages/viewer/src/figure.ts FigureState). */
export interface FigurePageState {
  status: string;
  error?: string;
  credits?: string[];
  legend?: string[];
  scaleBar?: { lengthMetres: number; pixels: number };
  missing?: Record<string, string>;
  view?: { longitude: number; latitude: number; zoom: number };
  sheet?: { width: number; height: number };
  frame?: FigureBox;
  panels?: Record<string, FigureBox>;
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
  shownBase?: {
    type: "FeatureCollection";
    features: Array<{ type: "Feature"; geometry: unknown; properties: Record<string, unknown> | null }>;
  };
}

export interface SessionFigure {
  png: Buffer;
  pdf?: Buffer;
  state: FigurePageState;
}

interface ScalePage {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  blocked: string[];
}

export class FigureSession {
  private readonly pages = new Map<number, ScalePage>();
  constructor(
    private readonly browser: Browser,
    private readonly server: StaticServer,
  ) {}

  /** Console errors and blocked (non-local) requests of every page so far. */
  get consoleErrors(): string[] {
    return [...this.pages.values()].flatMap((p) => p.consoleErrors);
  }
  get blocked(): string[] {
    return [...this.pages.values()].flatMap((p) => p.blocked);
  }

  /** The page rendering at this device scale (tests read the laid-out sheet from it). */
  async page(scale: number): Promise<Page> {
    const p = this.pages.get(scale);
    if (!p) throw new SyraqError("INTERNAL", `no figure page at scale ${scale} yet`);
    return p.page;
  }

  private async pageFor(scale: number, width: number, height: number): Promise<ScalePage> {
    const have = this.pages.get(scale);
    if (have) return have;
    const context = await this.browser.newContext({
      viewport: { width, height },
      deviceScaleFactor: scale,
      reducedMotion: "reduce",
      locale: "en-GB",
      timezoneId: "UTC",
    });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    const blocked = await offlineOnly(page, this.server.url);
    await page.goto(`${this.server.url}/figure.html`);
    await page.waitForFunction(
      () => {
        const s = (window as { __SYRAQ_FIGURE_STATE__?: { status: string } }).__SYRAQ_FIGURE_STATE__;
        return s !== undefined && s.status !== "loading";
      },
      undefined,
      { timeout: 180_000, polling: 100 },
    );
    const status = await page.evaluate(
      () => (window as { __SYRAQ_FIGURE_STATE__?: { status: string; error?: string } }).__SYRAQ_FIGURE_STATE__,
    );
    if (status?.status !== "ready")
      throw new SyraqError("INTERNAL", `the figure page failed to load: ${status?.error}\n${consoleErrors.join("\n")}`);
    const p = { context, page, consoleErrors, blocked };
    this.pages.set(scale, p);
    return p;
  }

  /** Renders one payload; `pdf` also prints it to a one-page PDF of the sheet's size. */
  async render(payload: FigurePayload, scale: number, opts: { pdf?: boolean } = {}): Promise<SessionFigure> {
    const p = await this.pageFor(scale, payload.width, payload.height);
    await p.page.setViewportSize({ width: payload.width, height: payload.height });
    let state: FigurePageState;
    try {
      state = await p.page.evaluate(
        (payload) =>
          (window as unknown as { __SYRAQ_FIGURE_RENDER__: (p: unknown) => Promise<unknown> }).__SYRAQ_FIGURE_RENDER__(
            payload,
          ) as Promise<FigurePageState>,
        payload as unknown,
      );
    } catch (e) {
      throw new SyraqError(
        "INTERNAL",
        `the figure page failed: ${(e as Error).message}${p.consoleErrors.length ? `\n${p.consoleErrors.join("\n")}` : ""}`,
      );
    }
    const sheet = state.sheet ?? { width: payload.width, height: payload.height };
    if (sheet.width !== payload.width || sheet.height !== payload.height) {
      await p.page.setViewportSize(sheet);
      // A new viewport size makes deck check its canvas: draw twice more before the screenshot.
      await p.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    }
    const png = await p.page.screenshot({
      type: "png",
      animations: "disabled",
      caret: "hide",
      clip: { x: 0, y: 0, ...sheet },
    });
    let pdf: Buffer | undefined;
    if (opts.pdf) pdf = await this.printPdf(p.page, state, sheet);
    return { png, pdf, state };
  }

  private async printPdf(
    page: Page,
    state: FigurePageState,
    sheet: { width: number; height: number },
  ): Promise<Buffer> {
    const frame = state.frame!;
    // The WebGL canvas does not print: put its screenshot in its place for the PDF, then take it away.
    const map = await page.screenshot({ type: "png", clip: frame, animations: "disabled" });
    await page.evaluate(
      ({ src, frame }) => {
        const img = document.createElement("img");
        img.id = "pdf-map";
        img.src = src;
        Object.assign(img.style, {
          position: "absolute",
          left: `${frame.x}px`,
          top: `${frame.y}px`,
          width: `${frame.width}px`,
          height: `${frame.height}px`,
          zIndex: "1",
        });
        document.body.append(img);
        return img.decode();
      },
      { src: `data:image/png;base64,${map.toString("base64")}`, frame },
    );
    try {
      return await page.pdf({
        width: `${sheet.width}px`,
        height: `${sheet.height}px`,
        printBackground: true,
        pageRanges: "1",
        margin: { top: "0", right: "0", bottom: "0", left: "0" },
      });
    } finally {
      await page.evaluate(() => document.getElementById("pdf-map")?.remove());
    }
  }

  async close(): Promise<void> {
    for (const p of this.pages.values()) await p.context.close();
    this.pages.clear();
  }
}
