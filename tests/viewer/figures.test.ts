// Figures in headless Chromium through the same FigureSession `syraq figure` and `pnpm figures` use: one viewer
// build, one server, one browser, one page for every figure here (the page loads the basemap once).
// - references: each shipped figure at 480×320 against tests/viewer/reference (REGEN=1 rewrites them; look first);
// - furniture hides nothing: at the shipped size no panel (title, locator, legend, notes, scale, north arrow,
//   source line) lies over the map frame, so no route, front, isochrone or label pixel is under one; every
//   requested label is drawn inside the frame, clear of every other label;
// - titles fit at every size; GeoJSON/CSV of what a figure shows is never empty; print sizes and PDF;
// - round trip: the viewer's exported spec, rendered by the figure pipeline, gives the viewer's map.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FigurePayload } from "../../packages/core/src/index.ts";
import { paperSize } from "../../packages/core/src/index.ts";
import { resolveDataDir } from "../../packages/core/src/node.ts";
import type { CommandContext } from "../../packages/cli/src/command.ts";
import { figureGeoJson, figurePayload, readSpec } from "../../packages/cli/src/commands/figure.ts";
import {
  CHROMIUM,
  launchChromium,
  offlineOnly,
  startViewerServer,
  type StaticServer,
  viewerDist,
} from "../../packages/cli/src/shared/figure-render.ts";
import { type FigureBox, type FigurePageState, FigureSession } from "../../packages/cli/src/shared/figure-session.ts";
import { describeWithPeer } from "../helpers/peers.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const SPECS = join(ROOT, "scripts", "figures");
const REFERENCE = join(import.meta.dirname, "reference");
const REGEN = process.env.REGEN === "1";

/** Reference tolerance: at most 1 % of pixels may differ by more than 40 (of 255) in some channel. */
const PIXEL_THRESHOLD = 40;
const MAX_DIFFERING_FRACTION = 0.01;

const decode = (buf: Buffer) => PNG.sync.read(buf);

/** Pixels whose largest channel difference exceeds `threshold`. */
function differingPixels(a: PNG, b: PNG, threshold = PIXEL_THRESHOLD): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    const d = Math.max(
      Math.abs(a.data[i]! - b.data[i]!),
      Math.abs(a.data[i + 1]! - b.data[i + 1]!),
      Math.abs(a.data[i + 2]! - b.data[i + 2]!),
    );
    if (d > threshold) n++;
  }
  return n;
}

/** Asks the viewer (and its compare map) for frames until both have drawn twice with every layer loaded. */
async function settle(page: Page): Promise<void> {
  const n = await page.evaluate(() => window.__syraq!.frames);
  await page.waitForFunction(
    (n) => {
      const api = window.__syraq!;
      const c = api.compareMap();
      api.map.deck.redraw("test");
      c?.deck.redraw("test");
      return api.frames > n + 1 && api.map.allLoaded() && (!c || c.allLoaded());
    },
    n,
    { timeout: 120_000, polling: 100 },
  );
  for (let k = 0; k < 3; k++)
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

/**
 * Nothing in the side column is hidden by its overflow: the legend, notes, scale and north arrow lie inside the
 * column's box (measured by the page), and the page found that its content fits.
 */
function sideColumnShowsAll(state: FigurePageState, mayDrop = false): void {
  const p = state.panels!;
  const side = p.side!;
  expect(side, "side column measured").toBeDefined();
  for (const id of ["legend", "result", "scale", "north", "locator"]) {
    const b = p[id];
    if (!b) continue;
    expect(b.y + b.height, `${id} hidden below the side column`).toBeLessThanOrEqual(side.y + side.height + 0.5);
    expect(b.x + b.width, `${id} cut at the side column's right`).toBeLessThanOrEqual(side.x + side.width + 0.5);
  }
  for (const id of ["legend", "scale", "north"]) expect(Object.keys(p), `${id} shown`).toContain(id);
  const s = state as FigurePageState & { sideFits?: boolean; sideDropped?: string[] };
  expect(s.sideFits, "side column content fits").toBe(true);
  // At a shipped size nothing is left out; a thumbnail may leave out the locator, then the notes.
  if (!mayDrop) expect(s.sideDropped).toEqual([]);
}

const overlap = (a: FigureBox, b: FigureBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const ctx: CommandContext = {
  args: {},
  options: {},
  json: false,
  quiet: true,
  dataDir: () => resolveDataDir(),
  out: () => {},
  err: () => {},
  progress: () => ({ update() {}, done() {} }),
};

const specs = readdirSync(SPECS)
  .filter((f) => f.endsWith(".json"))
  .sort();

describeWithPeer(
  "figures in headless Chromium",
  { name: "chromium", available: existsSync(CHROMIUM), install: "apt-get install -y chromium" },
  () => {
    let server: StaticServer;
    let browser: Browser;
    let session: FigureSession;
    const payloads = new Map<string, FigurePayload>();

    beforeAll(async () => {
      server = await startViewerServer(viewerDist(), resolveDataDir());
      browser = await launchChromium();
      session = new FigureSession(browser, server);
      for (const f of specs)
        payloads.set(f, await figurePayload(ctx, readSpec(join(SPECS, f)), SPECS, { width: 960, height: 640 }));
    }, 600_000);

    afterAll(async () => {
      await session?.close();
      await browser?.close();
      await server?.close();
    });

    it("ships the five figures of the issue", () => {
      expect(specs).toEqual([
        "corridor-damascus-deir-ez-zor.json",
        "euphrates-banks.json",
        "qaryatayn-depth.json",
        "sukhna-isochrones.json",
        "syraq-zone.json",
      ]);
    });

    for (const file of specs) {
      it(`${file} at its size: panels beside the map, requested labels drawn clear, data written`, {
        timeout: 300_000,
      }, async () => {
        const payload = payloads.get(file)!;
        const r = await session.render(payload, 1);
        const s = r.state;
        expect(s.status).toBe("ready");
        const frame = s.frame!;
        // The sheet is the figure's size and the map frame lies inside it.
        expect(s.sheet).toEqual({ width: payload.width, height: payload.height });
        expect(frame.width).toBeGreaterThan(payload.width * 0.6);
        // No panel over the map: nothing of the map (route, front, isochrone, label) can be under one.
        for (const [id, box] of Object.entries(s.panels!)) {
          expect(overlap(box, frame), `panel ${id} over the map`).toBe(false);
          expect(box.x + box.width, `panel ${id} cut at the right`).toBeLessThanOrEqual(payload.width + 0.5);
          expect(box.y + box.height, `panel ${id} cut at the bottom`).toBeLessThanOrEqual(payload.height + 0.5);
        }
        expect(Object.keys(s.panels!)).toEqual(
          expect.arrayContaining(["title", "legend", "scale", "north", "credits", "locator"]),
        );
        sideColumnShowsAll(s);
        // Labels: inside the frame (nothing cut), no two overlapping, every requested place drawn.
        const labels = s.labels!;
        for (const l of labels) {
          const [x0, y0, x1, y1] = l.box;
          expect(x0 >= 0 && y0 >= 0 && x1 <= frame.width && y1 <= frame.height, `${l.text} cut`).toBe(true);
          expect(l.overlaps, `${l.text} collides`).toBe(0);
        }
        for (let i = 0; i < labels.length; i++)
          for (let j = i + 1; j < labels.length; j++) {
            const a = labels[i]!.box;
            const b = labels[j]!.box;
            const hit = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
            expect(hit, `${labels[i]!.text} on ${labels[j]!.text}`).toBe(false);
          }
        const drawn = new Set(
          labels.filter((l) => l.kind === "place").map((l) => l.text.split(" / ")[0]!.toLowerCase()),
        );
        const requested = labels.filter((l) => l.required && l.kind === "place");
        expect(requested.length).toBeGreaterThan(0);
        for (const l of requested) expect(drawn.has(l.text.split(" / ")[0]!.toLowerCase())).toBe(true);
        // What it shows, as data: never empty; places labelled and basemap data shown are in it.
        const gj = figureGeoJson(payload, s);
        expect(gj.features.length).toBeGreaterThan(0);
        const layers = new Set(gj.features.map((f) => f.properties?.layer));
        expect(layers.has("places")).toBe(true);
        if (payload.layers.includes("zone")) expect(layers.has("zone")).toBe(true);
        expect(session.consoleErrors).toEqual([]);
        expect(session.blocked).toEqual([]);
      });
    }

    it("the zone figure names Fallujah (requested) and writes the zone and its places as data", async () => {
      const payload = payloads.get("syraq-zone.json")!;
      const r = await session.render(payload, 1);
      const names = r.state.labels!.map((l) => l.text);
      expect(names.some((n) => n.startsWith("Fallujah"))).toBe(true);
      const gj = figureGeoJson(payload, r.state);
      const zone = gj.features.filter((f) => f.properties?.layer === "zone");
      expect(zone.length).toBeGreaterThan(0);
      expect(zone[0]!.geometry?.type).toMatch(/Polygon/);
      const fallujah = gj.features.find((f) => f.properties?.name === "Fallujah")!;
      // The Arabic name is written in logical order (as in the gazetteer), not the visual order drawn.
      expect(fallujah.properties?.nameAr).toBe("الفلوجة");
    }, 300_000);

    it("titles fit: long titles shrink into two lines at 480×320 and at 1400×500", async () => {
      for (const size of [
        { width: 480, height: 320 },
        { width: 1400, height: 500 },
      ]) {
        const payload = {
          ...payloads.get("qaryatayn-depth.json")!,
          ...size,
          title: "A very long title about the depth of al-Qaryatayn behind the regime's front in late September 2017",
          subtitle: "and an even longer subtitle ".repeat(8),
        };
        await session.render(payload, 1);
        const fit = await (await session.page(1)).evaluate(() => {
          const t = document.querySelector("#title .t") as HTMLElement;
          const st = document.querySelector("#title .s") as HTMLElement;
          const lh = (e: HTMLElement) => Number.parseFloat(getComputedStyle(e).lineHeight);
          return {
            titleLines: t.scrollHeight / lh(t),
            subtitleLines: st.scrollHeight / lh(st),
            titleOverflow: t.scrollWidth - t.clientWidth,
          };
        });
        expect(fit.titleLines).toBeLessThanOrEqual(2.05);
        expect(fit.subtitleLines).toBeLessThanOrEqual(2.05);
        expect(fit.titleOverflow).toBeLessThanOrEqual(0);
      }
    }, 300_000);

    it("print: A4 portrait at 72 dpi is 595 × 842 px ± 1 (ISO 216 210 × 297 mm); the PDF is one page with text", async () => {
      const a4 = paperSize("A4-portrait", 72);
      const payload = { ...payloads.get("qaryatayn-depth.json")!, width: a4.width, height: a4.height };
      const r = await session.render(payload, a4.scale, { pdf: true });
      const png = decode(r.png);
      // 210 mm / 25.4 × 72 = 595.3; 297 mm / 25.4 × 72 = 841.9: within a pixel (the CSS size is whole pixels,
      // 794 × 1123, times 0.75)
      expect(Math.abs(png.width - (210 / 25.4) * 72)).toBeLessThanOrEqual(1);
      expect(Math.abs(png.height - (297 / 25.4) * 72)).toBeLessThanOrEqual(1);
      const pdf = r.pdf!.toString("latin1");
      expect(pdf.startsWith("%PDF-")).toBe(true);
      expect((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
      // Vector text: fonts are embedded (the title, legend, notes and source line are text, not pixels).
      expect(pdf).toMatch(/\/FontFile2|\/FontFile3|\/Type\s*\/Font/);
      expect(pdf).toMatch(/\/Subtype\s*\/Image/); // the map itself
    }, 300_000);

    for (const file of specs) {
      it(`${file} matches its reference at 480×320 (≤ ${MAX_DIFFERING_FRACTION * 100} % of pixels off by > ${PIXEL_THRESHOLD})`, {
        timeout: 300_000,
      }, async () => {
        const payload = await figurePayload(ctx, readSpec(join(SPECS, file)), SPECS, { width: 480, height: 320 });
        const r = await session.render(payload, 1);
        expect(r.state.legend!.length).toBeGreaterThan(2);
        expect(r.state.credits!.length).toBeGreaterThan(2);
        expect(r.state.scaleBar!.pixels).toBeGreaterThan(10);
        // At this small size too the legend, notes, scale bar and north arrow are all inside the side column
        // (its text shrinks; the locator goes first if it must, then the notes).
        sideColumnShowsAll(r.state, true);
        const ref = join(REFERENCE, `${basename(file, ".json")}.png`);
        if (REGEN || !existsSync(ref)) {
          if (!REGEN)
            throw new Error(`no reference image ${ref}: run REGEN=1 pnpm vitest run tests/viewer/figures.test.ts`);
          writeFileSync(ref, r.png);
          return;
        }
        const got = decode(r.png);
        const bad = differingPixels(got, decode(readFileSync(ref)));
        if (bad > MAX_DIFFERING_FRACTION * got.width * got.height) {
          const dir = mkdtempSync(join(tmpdir(), "syraq-figure-"));
          writeFileSync(join(dir, basename(ref)), r.png);
          throw new Error(`${file}: ${bad} of ${got.width * got.height} pixels differ from ${ref}; render in ${dir}`);
        }
        // The same payload again in the same page: the same pixels (nothing left over from other figures).
        const again = await session.render(payload, 1);
        expect(differingPixels(got, decode(again.png), 0)).toBe(0);
      });
    }

    it("MGRS grid references: 50 km lines with their digits on the neat line, 100 km squares named", async () => {
      const plain = payloads.get("qaryatayn-depth.json")!;
      const without = await session.render(plain, 1);
      const r = await session.render({ ...plain, mgrs: true } as FigurePayload, 1);
      const s = r.state as FigurePageState & {
        mgrs?: { spacingMetres: number; zones: string[]; ticks: number; squares: string[] };
      };
      // The view spans about 430 km east-west (36.1-40.8° E at 35° N): at most 12 lines across → 50 km
      // (20 km would give ~21 lines).
      expect(s.mgrs!.spacingMetres).toBe(50_000);
      expect(s.mgrs!.zones).toEqual(["37S"]);
      expect(s.mgrs!.ticks).toBeGreaterThanOrEqual(6);
      // Palmyra (34.56° N, 38.27° E) is in 37S DU (GeoConvert -m -p -5: 37SDU); al-Qaryatayn (34.23° N,
      // 37.24° E) in 37S CT (GeoConvert: 37SCT3789588948 at 1 m).
      expect(s.mgrs!.squares).toEqual(expect.arrayContaining(["37S DU", "37S CT"]));
      const grid = s.labels!.filter((l) => l.kind === "grid");
      expect(grid.map((l) => l.text)).toContain("37S DU");
      expect(s.legend!.some((l) => l.startsWith("MGRS grid, 50 km (UTM 37S, WGS84)"))).toBe(true);
      // Grid labels are placed last and only where free: none on another label, every requested place drawn.
      const others = s.labels!.filter((l) => l.kind !== "grid");
      for (const g of grid)
        for (const o of others) {
          const [a, b] = [g.box, o.box];
          expect(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3], `${g.text} on ${o.text}`).toBe(false);
        }
      for (const name of plain.labels ?? [])
        expect(
          others.some((l) => l.text.toLowerCase().startsWith(name.toLowerCase())),
          name,
        ).toBe(true);
      // The digits sit on the top and right neat lines, outside the map frame.
      const ticks = await (await session.page(1)).evaluate(() =>
        [...document.querySelectorAll("#ticks .mgrs-tick")].map((t) => {
          const b = t.getBoundingClientRect();
          return { text: t.textContent, x: b.x, y: b.y, right: b.right, bottom: b.bottom };
        }),
      );
      const f = s.frame!;
      expect(ticks.length).toBe(s.mgrs!.ticks);
      for (const t of ticks) {
        expect(["00", "50"]).toContain(t.text);
        expect(t.bottom <= f.y + 0.5 || t.x >= f.x + f.width - 0.5, `${t.text} outside the frame`).toBe(true);
      }
      sideColumnShowsAll(s);
      expect(differingPixels(decode(r.png), decode(without.png))).toBeGreaterThan(2000);
    }, 300_000);

    it("round trip: the viewer's exported spec, rendered by the figure pipeline, draws the viewer's map", async () => {
      // Tolerance: at most 0.5 % of the map's pixels may differ by more than 40/255 (the same renderer, the same
      // viewport and label placement; only text antialiasing at a different page scroll may differ).
      const context = await browser.newContext({ viewport: { width: 900, height: 620 }, deviceScaleFactor: 1 });
      try {
        const page = await context.newPage();
        const blocked = await offlineOnly(page, server.url);
        await page.goto(
          `${server.url}/index.html#v=39.6000,34.9000,7.20&l=hillshade,lakes,governorates,countries,rivers,roads,crossings,fronts,places&d=2017-10-14`,
        );
        await page.waitForFunction(() => window.__syraq?.ready === true, undefined, { timeout: 180_000 });
        // The viewer's panels float over the map and labels avoid them: hide them to compare the whole map.
        await page.addStyleTag({ content: ".panel { display: none !important; }" });
        await page.evaluate(() => window.__syraq!.map.update());
        await settle(page);
        const viewerPng = decode(await page.screenshot({ type: "png" }));
        const spec = await page.evaluate(() => window.__syraq!.exportSpec());
        expect(blocked).toEqual([]);
        expect(spec.mapSize).toEqual([900, 620]);
        const dir = mkdtempSync(join(tmpdir(), "syraq-roundtrip-"));
        const specFile = join(dir, "view.json");
        writeFileSync(specFile, JSON.stringify(spec));
        const payload = await figurePayload(ctx, readSpec(specFile), dir, { width: 960, height: 640 });
        const r = await session.render(payload, 1);
        const f = r.state.frame!;
        expect([f.width, f.height]).toEqual([900, 620]);
        const sheet = decode(r.png);
        const map = new PNG({ width: 900, height: 620 });
        PNG.bitblt(sheet, map, Math.round(f.x), Math.round(f.y), 900, 620, 0, 0);
        const bad = differingPixels(viewerPng, map);
        if (bad > 0.005 * 900 * 620) {
          writeFileSync(join(dir, "viewer.png"), PNG.sync.write(viewerPng));
          writeFileSync(join(dir, "figure-map.png"), PNG.sync.write(map));
        }
        expect(bad, `differing pixels (images in ${dir})`).toBeLessThanOrEqual(0.005 * 900 * 620);
      } finally {
        await context.close();
      }
    }, 600_000);

    it("swipe comparison: left of the bar the map's date, right of it the compare date's front", async () => {
      const context = await browser.newContext({ viewport: { width: 800, height: 560 }, deviceScaleFactor: 1 });
      try {
        const page = await context.newPage();
        await offlineOnly(page, server.url);
        await page.goto(
          `${server.url}/index.html#v=40.2000,34.8000,7.00&l=hillshade,countries,rivers,fronts&d=2017-09-29`,
        );
        await page.waitForFunction(() => window.__syraq?.ready === true, undefined, { timeout: 180_000 });
        await page.addStyleTag({ content: ".panel { display: none !important; }" });
        await page.evaluate(() => window.__syraq!.map.update());
        await settle(page);
        const single = decode(await page.screenshot({ type: "png" }));
        await page.evaluate(() => {
          window.__syraq!.setCompare("2017-11-19", 0.5);
          window.__syraq!.map.deck.redraw("test");
          window.__syraq!.compareMap()!.deck.redraw("test");
        });
        await settle(page);
        const swiped = decode(await page.screenshot({ type: "png" }));
        // Left of the bar (x < 395): the same picture; right of it (x > 405): the November front differs.
        let left = 0;
        let right = 0;
        for (let y = 0; y < 560; y++)
          for (let x = 0; x < 800; x++) {
            if (x >= 395 && x <= 405) continue;
            const i = (y * 800 + x) * 4;
            const d = Math.max(
              Math.abs(single.data[i]! - swiped.data[i]!),
              Math.abs(single.data[i + 1]! - swiped.data[i + 1]!),
              Math.abs(single.data[i + 2]! - swiped.data[i + 2]!),
            );
            if (d > 40) {
              if (x < 395) left++;
              else right++;
            }
          }
        expect(left).toBe(0);
        expect(right).toBeGreaterThan(200);
      } finally {
        await context.close();
      }
    }, 600_000);
  },
);
