// The viewer in a real headless Chromium (playwright-core driving Debian's
// chromium, WebGL through SwiftShader). One viewer build, one local server and
// one browser for every test here. Figures: tests/viewer/figures.test.ts.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { geodesicInverse, writeGeoTiff } from "../../packages/core/src/index.ts";
import { resolveDataDir } from "../../packages/core/src/node.ts";
import type { CommandContext } from "../../packages/cli/src/command.ts";
import {
  CHROMIUM,
  launchChromium,
  offlineOnly,
  startViewerServer,
  type StaticServer,
  viewerDist,
} from "../../packages/cli/src/shared/figure-render.ts";
import { cli } from "../helpers/cli.ts";
import { describeWithPeer } from "../helpers/peers.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const _SPECS = join(ROOT, "scripts", "figures");
const _REFERENCE = join(import.meta.dirname, "reference");
const _REGEN = process.env.REGEN === "1";

/** Figure tolerance: at most 1 % of pixels may differ by more than 40 (of 255) in some channel. */
const PIXEL_THRESHOLD = 40;
const _MAX_DIFFERING_FRACTION = 0.01;

function decode(buf: Buffer): PNG {
  return PNG.sync.read(buf);
}

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

const _ctx: CommandContext = {
  args: {},
  options: {},
  json: false,
  quiet: true,
  dataDir: () => resolveDataDir(),
  out: () => {},
  err: () => {},
  progress: () => ({ update() {}, done() {} }),
};

describeWithPeer(
  "viewer in headless Chromium",
  { name: "chromium", available: existsSync(CHROMIUM), install: "apt-get install -y chromium" },
  () => {
    let server: StaticServer;
    let browser: Browser;

    beforeAll(async () => {
      const dataDir = resolveDataDir();
      const dist = viewerDist();
      server = await startViewerServer(dist, dataDir);
      browser = await launchChromium();
    }, 600_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    interface Opened {
      page: Page;
      consoleErrors: string[];
      blocked: string[];
      requests: string[];
      close(): Promise<void>;
    }
    async function openViewer(hash = "#v=40.5000,34.8000,6.00", size = { width: 1000, height: 700 }): Promise<Opened> {
      const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1, reducedMotion: "reduce" });
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
      page.on("pageerror", (e) => consoleErrors.push(String(e)));
      page.on("request", (r) => requests.push(r.url()));
      const blocked = await offlineOnly(page, server.url);
      await page.goto(`${server.url}/index.html${hash}`);
      await page.waitForFunction(() => window.__syraq?.ready === true || window.__syraqError !== undefined, undefined, {
        timeout: 120_000,
      });
      const err = await page.evaluate(() => window.__syraqError);
      expect(err).toBeUndefined();
      return { page, consoleErrors, blocked, requests, close: () => context.close() };
    }

    /** Waits for the map to draw again with every layer loaded. */
    async function nextFrame(page: Page): Promise<void> {
      const before = await page.evaluate(() => {
        const n = window.__syraq!.frames;
        window.__syraq!.map.deck.redraw("test");
        return n;
      });
      await page.waitForFunction((n) => window.__syraq!.frames > n && window.__syraq!.map.allLoaded(), before, {
        timeout: 60_000,
      });
      // Let the compositor present the frame before a screenshot.
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    }

    async function mapShot(page: Page): Promise<PNG> {
      return decode(await page.screenshot({ type: "png", animations: "disabled" }));
    }

    // One page for the interactive tests (they run in order and share it).
    const ALL = "hillshade,lakes,governorates,countries,rivers,zone,roads,crossings,fronts,places";
    const HASH = `#v=39.0000,34.8000,7.00&l=${ALL}&d=2017-10-14`;
    let v: Opened;

    it("loads offline: no console errors, every request to the local server, basemap data present", async () => {
      v = await openViewer(HASH, { width: 1200, height: 800 });
      expect(v.consoleErrors).toEqual([]);
      expect(v.blocked).toEqual([]);
      expect(v.requests.length).toBeGreaterThan(5);
      for (const u of v.requests)
        expect(u.startsWith(server.url + "/") || u.startsWith("data:") || u.startsWith("blob:")).toBe(true);
      // Pack layers must always be there; the pack is required for the suite.
      const has = await v.page.evaluate(() =>
        ["hillshade", "lakes", "governorates", "countries", "rivers", "places"].filter((id) =>
          window.__syraq!.map.hasData(id as never),
        ),
      );
      expect(has).toEqual(["hillshade", "lakes", "governorates", "countries", "rivers", "places"]);
      // Credits name the pack's sources from data/manifest.json.
      const credits = await v.page.locator("#credits").textContent();
      expect(credits).toContain("GMTED2010: USGS/NGA");
      expect(credits).toContain("GeoNames");
      expect(credits).toContain("Natural Earth");
      // The scale bar is a true geodesic scale: its length over its pixels equals the geodesic metres per pixel at the centre.
      const scale = await v.page.evaluate(() => {
        const vp = window.__syraq!.map.viewport()!;
        const a = vp.unproject([vp.width / 2 - 50, vp.height / 2]);
        const b = vp.unproject([vp.width / 2 + 50, vp.height / 2]);
        const el = document.getElementById("scale")!;
        return { a, b, lengthMetres: Number(el.dataset.lengthMetres), pixels: Number(el.dataset.pixels) };
      });
      const mpp = geodesicInverse([scale.a[0]!, scale.a[1]!], [scale.b[0]!, scale.b[1]!]).lengthMetres / 100;
      // pixels are stored to 0.01 px, so compare to 1e-4 relative
      expect(Math.abs(scale.lengthMetres / scale.pixels / mpp - 1)).toBeLessThan(1e-4);
      expect(scale.pixels).toBeGreaterThan(20);
      expect(scale.pixels).toBeLessThanOrEqual(140);
    }, 300_000);

    it("URL state: view, layers and date come from the hash and are written back", async () => {
      const state = await v.page.evaluate(() => {
        const m = window.__syraq!.map;
        return {
          view: m.state.view,
          visible: [...m.state.visible].sort(),
          date: m.state.date,
          boxes: [...document.querySelectorAll<HTMLInputElement>("input[data-layer]")]
            .filter((b) => b.checked)
            .map((b) => b.dataset.layer!)
            .sort(),
        };
      });
      expect(state.view).toEqual({ longitude: 39, latitude: 34.8, zoom: 7 });
      expect(state.visible).toEqual(ALL.split(",").sort());
      expect(state.boxes).toEqual(ALL.split(",").sort());
      expect(state.date).toBe("2017-10-14");
      await v.page.locator('input[data-layer="lakes"]').uncheck();
      expect(await v.page.evaluate(() => location.hash)).toBe(HASH.replace("lakes,", ""));
      await v.page.locator('input[data-layer="lakes"]').check();
      expect(await v.page.evaluate(() => location.hash)).toBe(HASH);
    }, 120_000);

    it("URL state: the move-as holder and the comparison date come from the hash and are written back", async () => {
      const o = await openViewer("#v=40.2000,34.8000,7.00&l=fronts,places&d=2017-10-14&as=SAA&c=2017-11-19");
      try {
        const read = () =>
          o.page.evaluate(() => ({
            as: (document.getElementById("move-as") as HTMLSelectElement).value,
            compare: window.__syraq!.compareMap()?.state.date,
            compareInput: (document.getElementById("compare-date") as HTMLInputElement).value,
            hash: location.hash,
          }));
        const first = await read();
        expect(first.as).toBe("SAA");
        expect(first.compare).toBe("2017-11-19");
        expect(first.compareInput).toBe("2017-11-19");
        await o.page.locator("#move-as").selectOption("IS");
        expect((await read()).hash).toBe("#v=40.2000,34.8000,7.00&l=fronts,places&d=2017-10-14&as=IS&c=2017-11-19");
        await o.page.locator("#move-as").selectOption("");
        expect((await read()).hash).toBe("#v=40.2000,34.8000,7.00&l=fronts,places&d=2017-10-14&c=2017-11-19");
        await o.page.locator("#compare-date").fill("");
        await o.page.locator("#compare-date").dispatchEvent("change");
        expect((await read()).hash).toBe("#v=40.2000,34.8000,7.00&l=fronts,places&d=2017-10-14");
        // an unknown holder in the URL is ignored (the choice stays "any")
        await o.page.goto(`${server.url}/index.html#v=40.2000,34.8000,7.00&l=fronts&d=2017-10-14&as=NOBODY`);
        await o.page.waitForFunction(() => window.__syraq?.ready === true, undefined, { timeout: 120_000 });
        expect((await read()).as).toBe("");
        expect(o.consoleErrors).toEqual([]);
        expect(o.blocked).toEqual([]);
      } finally {
        await o.close();
      }
    }, 300_000);

    it("each layer with data renders: switching it off changes the map's pixels", async () => {
      await v.page.addStyleTag({ content: ".panel { visibility: hidden !important; }" });
      await nextFrame(v.page);
      const layers = await v.page.evaluate(() =>
        [
          "hillshade",
          "lakes",
          "governorates",
          "countries",
          "rivers",
          "zone",
          "roads",
          "crossings",
          "fronts",
          "places",
        ].filter((id) => window.__syraq!.map.hasData(id as never)),
      );
      expect(layers.length).toBeGreaterThanOrEqual(6);
      // The reference is taken after one more update, so panels and labels are in their settled places
      // (labels are placed around the panels, which reach their final size after the first frames).
      await v.page.evaluate(() => window.__syraq!.map.update());
      await nextFrame(v.page);
      const all = await mapShot(v.page);
      const setLayer = (id: string, on: boolean) =>
        v.page.evaluate(
          ([id, on]) => {
            const m = window.__syraq!.map;
            if (on) m.state.visible.add(id as never);
            else m.state.visible.delete(id as never);
            m.update();
          },
          [id, on] as const,
        );
      for (const id of layers) {
        await setLayer(id, false);
        await nextFrame(v.page);
        const changed = differingPixels(all, await mapShot(v.page), 8);
        // Even the smallest layer (a few crossings) changes well over 20 pixels.
        expect(changed, `layer ${id}`).toBeGreaterThan(20);
        await setLayer(id, true);
      }
      await nextFrame(v.page);
      // Back to the start: the same image again (nothing left over from toggling).
      const end = await mapShot(v.page);
      // Nothing left over: a leftover layer changes more than 20 pixels (asserted per layer above). What may differ
      // is the anti-aliasing of a label glyph re-rasterised when the text layer's font atlas is rebuilt (seen: one
      // 11-pixel column of one glyph's halo), so up to 16 pixels are allowed.
      expect(differingPixels(all, end, 8)).toBeLessThanOrEqual(16);
      await v.page.addStyleTag({ content: ".panel { visibility: visible !important; }" });
    }, 300_000);

    it("the measuring tool sums geodesic legs (WGS84)", async () => {
      await v.page.locator('button[data-tool="measure"]').click();
      const pts: Array<[number, number]> = [
        [420, 300],
        [700, 330],
        [800, 520],
      ];
      for (const [k, [x, y]] of pts.entries()) {
        await v.page.mouse.click(x, y);
        // deck reports a click once it is sure it is not a double click: wait for it to land
        await v.page.waitForFunction((k) => window.__syraq!.toolPoints() === k + 1, k, { timeout: 60_000 });
      }
      const lonLats = await v.page.evaluate(
        (pts) => pts.map((p) => window.__syraq!.map.viewport()!.unproject(p) as [number, number]),
        pts,
      );
      const expected =
        geodesicInverse(lonLats[0]!, lonLats[1]!).lengthMetres + geodesicInverse(lonLats[1]!, lonLats[2]!).lengthMetres;
      const shown = Number(await v.page.locator("#result").getAttribute("data-length-metres"));
      // Clicks land on whole pixels (≈ 0.9 km at zoom 7): allow a pixel per point.
      expect(Math.abs(shown - expected)).toBeLessThan(3000);
      expect(await v.page.locator("#result").textContent()).toMatch(/Measure \(geodesic, WGS84\): \d+ km/);
    }, 120_000);

    it("clicking two places draws a route with its length and time, the same as `syraq route`", async () => {
      await v.page.locator('button[data-tool="route"]').click();
      const where = async (name: string) =>
        v.page.evaluate((name) => {
          const m = window.__syraq!.map;
          const p = m.data.places!.find((q) => q.name === name)!;
          const [x, y] = m.viewport()!.project([p.lon, p.lat]);
          return { x: x!, y: y!, lonLat: [p.lon, p.lat] as [number, number] };
        }, name);
      const a = await where("Palmyra");
      const b = await where("Deir ez-Zor");
      await v.page.addStyleTag({ content: ".panel { visibility: hidden !important; }" });
      await nextFrame(v.page);
      const before = await mapShot(v.page);
      await v.page.addStyleTag({ content: ".panel { visibility: visible !important; }" });
      // A little off each town: the click snaps to the place.
      await v.page.mouse.click(a.x + 2, a.y + 1);
      await v.page.waitForFunction(() => window.__syraq!.toolPoints() === 1, undefined, { timeout: 60_000 });
      await v.page.mouse.click(b.x - 1, b.y + 2);
      await v.page.waitForFunction(() => window.__syraq!.lastRoute !== undefined, undefined, { timeout: 240_000 });
      const text = (await v.page.locator("#result").textContent())!;
      expect(text).toContain("Route Palmyra → Deir ez-Zor");
      expect(text).toMatch(/length \d+ km/);
      expect(text).toMatch(/time \d+ h \d\d min/);
      const route = (await v.page.evaluate(() => window.__syraq!.lastRoute))!;
      expect(route.engine).toBe("route");
      await v.page.addStyleTag({ content: ".panel { visibility: hidden !important; }" });
      await nextFrame(v.page);
      expect(differingPixels(before, await mapShot(v.page), 30)).toBeGreaterThan(200);
      await v.page.addStyleTag({ content: ".panel { visibility: visible !important; }" });
      // The route is no shorter than the geodesic between the two places.
      const geodesic = geodesicInverse(a.lonLat, b.lonLat).lengthMetres;
      expect(route.lengthMetres).toBeGreaterThanOrEqual(geodesic);
      expect(route.lengthMetres).toBeLessThan(1.5 * geodesic);
      // Same graph, same model, same date as the CLI: the same route.
      const r = await cli("route", "Palmyra", "Deir ez-Zor", "--date", "2017-10-14", "--json");
      expect(r.status, r.stderr).toBe(0);
      const props = r.json().features[0].properties;
      expect(route.lengthMetres).toBeCloseTo(props.lengthMetres, 0);
      expect(route.durationSeconds!).toBeCloseTo(props.durationSeconds, 0);
      expect(v.consoleErrors).toEqual([]);
      expect(v.blocked).toEqual([]);
    }, 400_000);

    it("clicking a point draws nested isochrones (2, 4, 6 h) with their areas", async () => {
      await v.page.locator('button[data-tool="isochrone"]').click();
      const sukhna = await v.page.evaluate(() => {
        const m = window.__syraq!.map;
        const p = m.data.places!.find((q) => q.name === "Sukhna")!;
        return m.viewport()!.project([p.lon, p.lat]);
      });
      await v.page.mouse.click(sukhna[0]! + 1, sukhna[1]! - 1);
      await v.page.waitForFunction(
        () => window.__syraq!.map.state.overlays.some((o) => o.id === "isochrone"),
        undefined,
        { timeout: 240_000 },
      );
      const bands = await v.page.evaluate(() =>
        window
          .__syraq!.map.state.overlays.find((o) => o.id === "isochrone")!
          .data.features.map((f) => ({ minutes: f.properties!.minutes, areaKm2: f.properties!.areaKm2 })),
      );
      const sorted = [...bands].sort((a, b) => a.minutes - b.minutes);
      expect(sorted.map((b) => b.minutes)).toEqual([120, 240, 360]);
      // Nested bands: each reaches more ground than the one before.
      expect(sorted[0]!.areaKm2).toBeGreaterThan(0);
      expect(sorted[1]!.areaKm2).toBeGreaterThan(sorted[0]!.areaKm2);
      expect(sorted[2]!.areaKm2).toBeGreaterThan(sorted[1]!.areaKm2);
      expect(await v.page.locator("#result").textContent()).toMatch(/Isochrones from Sukhna[\s\S]*≤ 2 h: [\d,]+ km²/);
      await v.page.locator("#clear").click();
    }, 300_000);

    it("hover names the place, its elevation, governorate and bank of the Euphrates", async () => {
      // DESIGN.md §7: al-Mayadin is on the right (south-west) bank, al-Busayrah on the left.
      for (const [name, bank] of [
        ["Mayadeen", "right"],
        ["al-Busayrah", "left"],
      ] as const) {
        const xy = await v.page.evaluate((name) => {
          const m = window.__syraq!.map;
          const p = m.data.places!.find((q) => q.name === name)!;
          return m.viewport()!.project([p.lon, p.lat]);
        }, name);
        await v.page.mouse.move(xy[0]!, xy[1]!);
        await v.page.waitForFunction(
          (name) => (document.getElementById("info")!.textContent ?? "").startsWith(name),
          name,
          { timeout: 60_000 },
        );
        const info = (await v.page.locator("#info").textContent())!;
        expect(info).toMatch(/elevation \d+ m/);
        expect(info).toContain("governorate: Deir ez-Zor");
        expect(info).toContain(`Euphrates: ${bank} bank`);
      }
    }, 120_000);

    it("dropped GeoJSON and GeoTIFF files are drawn and credited", async () => {
      // A 4×3 lon/lat raster around Palmyra, written by core's GeoTIFF writer.
      const raster = {
        width: 4,
        height: 3,
        originX: 38.0,
        originY: 34.8,
        pixelSizeX: 0.1,
        pixelSizeY: 0.1,
        crs: { epsg: 4326, geographic: true },
        data: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
        nodata: null,
      };
      const tiff = Array.from(writeGeoTiff(raster));
      const geojson = JSON.stringify({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            geometry: {
              type: "LineString",
              coordinates: [
                [38.3, 34.5],
                [39.5, 35.1],
                [40.1, 35.3],
              ],
            },
            properties: { name: "my track" },
          },
        ],
      });
      await v.page.addStyleTag({ content: ".panel { visibility: hidden !important; }" });
      await nextFrame(v.page);
      const before = await mapShot(v.page);
      await v.page.evaluate(
        ([geojson, tiff]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([geojson], "track.geojson", { type: "application/geo+json" }));
          dt.items.add(new File([new Uint8Array(tiff)], "grid.tif", { type: "image/tiff" }));
          window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
        },
        [geojson, tiff] as const,
      );
      await v.page.waitForFunction(
        () =>
          window.__syraq!.map.state.overlays.some((o) => o.label === "track.geojson") &&
          window.__syraq!.map.state.rasters.length === 1,
        undefined,
        { timeout: 60_000 },
      );
      await nextFrame(v.page);
      expect(differingPixels(before, await mapShot(v.page), 30)).toBeGreaterThan(200);
      await v.page.addStyleTag({ content: ".panel { visibility: visible !important; }" });
      const raster0 = await v.page.evaluate(() => ({
        bounds: window.__syraq!.map.state.rasters[0]!.bounds,
        label: window.__syraq!.map.state.rasters[0]!.label,
      }));
      expect(raster0.bounds.map((x) => Number(x.toFixed(6)))).toEqual([38, 34.5, 38.4, 34.8]);
      expect(raster0.label).toContain("1.000 … 12.00");
      expect(await v.page.locator("#credits").textContent()).toContain("track.geojson (user file)");
      expect(v.consoleErrors).toEqual([]);
      await v.close();
    }, 300_000);
    // The shipped figures (references, furniture, round trip) are tested in figures.test.ts.
  },
);
