// Rendering figures: the built viewer (figure.html) served on 127.0.0.1, headless Chromium (SwiftShader WebGL,
// every non-local request aborted) waiting for the page's ready flag → PNG, and the GeoJSON / CSV of the overlays.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type FigureFeatureCollection, type FigurePayload, SyraqError } from "@syraq/core";
import { PROJECT_DATA_DIR, PROJECT_ROOT } from "@syraq/core/node";

/** The viewer package's folder in a repository checkout (absent in an installed package). */
const VIEWER_DIR = join(PROJECT_ROOT, "packages", "viewer");
/** The built viewer shipped inside the installed CLI package: dist/viewer, copied there by `pnpm build`. */
const PACKAGED_VIEWER = fileURLToPath(new URL("../viewer", import.meta.url));

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const name of readdirSync(path))
    if (!name.startsWith(".") && name !== "dist") m = Math.max(m, newestMtime(join(path, name)));
  return m;
}

/** Sleeps without spinning the CPU (for the build lock). */
function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The folder of the built viewer: SYRAQ_VIEWER_DIST when set; in a repository checkout packages/viewer/dist,
 * rebuilt through the workspace's own script (`pnpm --filter @syraq/viewer build`) when it is missing or older
 * than the viewer's or core's sources (one build at a time: a lock folder); else the copy inside this package.
 */
export function viewerDist(log: (line: string) => void = () => {}): string {
  const fromEnv = process.env.SYRAQ_VIEWER_DIST;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, "figure.html")))
      throw new SyraqError("DATA_MISSING", `SYRAQ_VIEWER_DIST=${fromEnv} holds no built viewer (figure.html)`);
    return fromEnv;
  }
  if (!existsSync(join(VIEWER_DIR, "src"))) {
    if (existsSync(join(PACKAGED_VIEWER, "figure.html"))) return PACKAGED_VIEWER;
    throw new SyraqError("DATA_MISSING", `the built viewer is missing (${PACKAGED_VIEWER}); reinstall @syraq/cli`);
  }
  const dist = join(VIEWER_DIR, "dist");
  const stamp = join(dist, ".syraq-build");
  const sources = Math.max(
    newestMtime(join(VIEWER_DIR, "src")),
    newestMtime(join(VIEWER_DIR, "index.html")),
    newestMtime(join(VIEWER_DIR, "figure.html")),
    newestMtime(join(VIEWER_DIR, "vite.config.ts")),
    newestMtime(join(VIEWER_DIR, "server")),
    newestMtime(join(PROJECT_ROOT, "packages", "core", "src")),
  );
  const fresh = () => existsSync(stamp) && statSync(stamp).mtimeMs >= sources;
  if (fresh()) return dist;
  const lock = join(VIEWER_DIR, ".build-lock");
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 180_000) rmSync(lock, { recursive: true, force: true });
      sleepMs(250);
    }
  }
  try {
    if (fresh()) return dist;
    log("building the viewer (pnpm --filter @syraq/viewer build)…");
    const r = spawnSync("pnpm", ["--silent", "--filter", "@syraq/viewer", "run", "build"], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
    });
    if (r.error || r.status !== 0)
      throw new SyraqError(
        "DATA_MISSING",
        `the viewer is not built and building it failed (${r.error ? r.error.message : `exit ${r.status}`}); run \`pnpm build\``,
      );
    writeFileSync(stamp, new Date().toISOString());
    return dist;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".geojson": "application/geo+json",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".csv": "text/csv",
  ".wasm": "application/wasm",
};
const SERVED_DATA = /\.(geojson|json|tif|tiff|csv)$/i;

function listFiles(root: string, sub = ""): string[] {
  const dir = join(root, sub);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    const rel = sub ? `${sub}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) out.push(...listFiles(root, rel));
    else if (SERVED_DATA.test(name)) out.push(rel);
  }
  return out;
}

export interface StaticServer {
  url: string;
  server: Server;
  /** Extra in-memory files (e.g. /__figure/1.json). */
  files: Map<string, string>;
  close(): Promise<void>;
}

/**
 * Serves the built viewer on 127.0.0.1 (random port) with the data pack under
 * /pack/ and the project's data/ under /data/ (read live, so data edited after
 * the build is used), and /data-index.json listing both.
 */
export async function startViewerServer(dist: string, dataDir: string): Promise<StaticServer> {
  const files = new Map<string, string>();
  const inside = (root: string, rel: string) => {
    const p = resolve(root, rel);
    return p.startsWith(root + sep) && existsSync(p) && statSync(p).isFile() ? p : null;
  };
  const server = createServer((req, res) => {
    const send = (status: number, body: string | Buffer, type = "text/plain") => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(body);
    };
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    } catch {
      // a malformed %-escape is the client's error: answer 400 and stay up
      return send(400, "bad request: malformed %-escape in the URL");
    }
    try {
      serve(path, send);
    } catch (e) {
      send(500, `cannot serve ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
  });
  const serve = (path: string, send: (status: number, body: string | Buffer, type?: string) => void) => {
    if (files.has(path)) return send(200, files.get(path)!, "application/json");
    if (path === "/data-index.json")
      return send(
        200,
        JSON.stringify({
          pack: listFiles(dataDir).filter((f) => /^(raster|vector)\//.test(f)),
          data: listFiles(PROJECT_DATA_DIR),
        }),
        "application/json",
      );
    let file: string | null = null;
    const m = /^\/(pack|data)\/(.+)$/.exec(path);
    if (m && SERVED_DATA.test(m[2]!)) file = inside(m[1] === "pack" ? dataDir : PROJECT_DATA_DIR, m[2]!);
    else file = inside(dist, path === "/" ? "index.html" : path.slice(1));
    if (!file) return send(404, `not found: ${path}`);
    send(200, readFileSync(file), MIME[extname(file).toLowerCase()] ?? "application/octet-stream");
  };
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, files, close: () => new Promise((ok) => server.close(() => ok())) };
}

export const CHROMIUM = process.env.SYRAQ_CHROMIUM ?? "/usr/bin/chromium";
/**
 * WebGL runs on SwiftShader (software Vulkan under ANGLE). The page's HTML (title, legend, ticks, locator) is
 * rasterised by Skia on the CPU: rasterised through SwiftShader (Playwright asks for GPU rasterisation) every new
 * Skia shader is compiled by SwiftShader's JIT, which took 8-9 s of a figure session's first figure. The text's edges
 * differ by a few levels of grey (about 30 of 614,400 pixels of a 960×640 figure by more than 40 of 255).
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
  "--disable-gpu-rasterization",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--font-render-hinting=none",
  "--disable-lcd-text",
];

/** Headless Chromium through playwright-core (Playwright gives it a fresh --user-data-dir). */
export async function launchChromium(): Promise<import("playwright-core").Browser> {
  if (!existsSync(CHROMIUM))
    throw new SyraqError(
      "DATA_MISSING",
      `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set SYRAQ_CHROMIUM`,
      { path: CHROMIUM },
    );
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Aborts every request that is not to the local server; returns the list of what was tried. */
export async function offlineOnly(page: import("playwright-core").Page, baseUrl: string): Promise<string[]> {
  const blocked: string[] = [];
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(baseUrl + "/") || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
    blocked.push(u);
    return route.abort();
  });
  return blocked;
}

export interface RenderedFigure {
  png: Buffer;
  state: {
    status: string;
    error?: string;
    credits?: string[];
    legend?: string[];
    scaleBar?: { lengthMetres: number; pixels: number };
    missing?: Record<string, string>;
    view?: unknown;
  };
  blocked: string[];
  consoleErrors: string[];
}

let figureCounter = 0;

/** What figure.html publishes on its window. */
interface FigureWindow {
  __SYRAQ_FIGURE_STATE__?: { status: string };
}

/** Renders a payload to PNG in a new browser context (fixed size and device scale, no animations). */
export async function renderPayload(
  browser: import("playwright-core").Browser,
  server: StaticServer,
  payload: FigurePayload,
  scale: number,
): Promise<RenderedFigure> {
  const context = await browser.newContext({
    viewport: { width: payload.width, height: payload.height },
    deviceScaleFactor: scale,
    reducedMotion: "reduce",
    locale: "en-GB",
    timezoneId: "UTC",
  });
  try {
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    const blocked = await offlineOnly(page, server.url);
    const key = `/__figure/${++figureCounter}.json`;
    server.files.set(key, JSON.stringify(payload));
    await page.goto(`${server.url}/figure.html?spec=${encodeURIComponent(key)}`);
    await page.waitForFunction(
      () =>
        (window as unknown as FigureWindow).__SYRAQ_FIGURE_STATE__?.status !== undefined &&
        (window as unknown as FigureWindow).__SYRAQ_FIGURE_STATE__?.status !== "loading",
      undefined,
      { timeout: 90_000, polling: 100 },
    );
    const state = (await page.evaluate(
      () => (window as unknown as FigureWindow).__SYRAQ_FIGURE_STATE__,
    )) as RenderedFigure["state"];
    server.files.delete(key);
    if (state.status !== "ready")
      throw new SyraqError(
        "INTERNAL",
        `the figure page failed: ${state.error}${consoleErrors.length ? `\n${consoleErrors.join("\n")}` : ""}`,
      );
    const png = await page.screenshot({
      type: "png",
      animations: "disabled",
      caret: "hide",
      clip: { x: 0, y: 0, width: payload.width, height: payload.height },
    });
    return { png, state, blocked, consoleErrors };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- GeoJSON / CSV of what the figure shows

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function overlaysToGeoJson(payload: FigurePayload): FigureFeatureCollection {
  return {
    type: "FeatureCollection",
    features: payload.overlays.flatMap((o: FigurePayload["overlays"][number]) =>
      o.data.features.map((f: FigureFeatureCollection["features"][number]) => ({
        ...f,
        properties: { layer: o.id, layerLabel: o.label, ...(f.properties ?? {}) },
      })),
    ),
  };
}

export function overlaysToCsv(payload: FigurePayload): string {
  const fc = overlaysToGeoJson(payload);
  const keys = new Set<string>();
  for (const f of fc.features)
    for (const [k, v] of Object.entries(f.properties ?? {})) if (v === null || typeof v !== "object") keys.add(k);
  const cols = [
    "layer",
    "layerLabel",
    ...[...keys].filter((k) => k !== "layer" && k !== "layerLabel").sort(),
    "geometry",
    "lon",
    "lat",
  ];
  const rows = [cols.join(",")];
  for (const f of fc.features) {
    const g = f.geometry;
    const c = g?.coordinates as number[] & number[][] & number[][][];
    const first: number[] | undefined =
      g?.type === "Point" ? c : g?.type === "LineString" ? c[0] : g?.type === "Polygon" ? c[0]?.[0] : undefined;
    const rec: Record<string, unknown> = {
      ...f.properties,
      geometry: g?.type ?? "",
      lon: first?.[0]?.toFixed(6),
      lat: first?.[1]?.toFixed(6),
    };
    rows.push(cols.map((c) => csvCell(rec[c])).join(","));
  }
  return rows.join("\n") + "\n";
}
