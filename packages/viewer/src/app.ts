import "./style.css";
import type { PickingInfo } from "@deck.gl/core";
import { PathLayer, ScatterplotLayer } from "@deck.gl/layers";
import { crossingStateOn, readGeoTiff, sampleBilinear, type Raster } from "@syraq/core";
import { engines, euphratesBankAt, isochrones, route } from "./analysis.ts";
import { HOLDER_CHOICES } from "./layers/control.ts";
import { BASE_LAYERS, BASE_LAYER_IDS } from "./catalog.ts";
import { featureAt, formatDuration, formatLength, geodesicMetres } from "./geo.ts";
import { loadBaseData, type BaseData } from "./load.ts";
import { SyraqMap } from "./map.ts";
import { formatHash, parseHash } from "./state.ts";
import { nestedBandColor } from "@syraq/core";
import type { FeatureCollection, LonLat, MapPlace, Overlay, RasterOverlay } from "./types.ts";

type Tool = "none" | "route" | "isochrone" | "measure";

const $ = (id: string) => document.getElementById(id)!;
/** The holder routes and isochrones move as (undefined: control ignored). */
let moveAs: string | undefined;

interface AppApi {
  map: SyraqMap;
  data: BaseData;
  ready: boolean;
  /** Frames drawn so far (tests wait for the next one after a change). */
  frames: number;
  setTool(t: Tool): void;
  /** Points clicked with the current tool. */
  toolPoints(): number;
  clickLonLat(p: LonLat): Promise<void>;
  lastRoute?: { lengthMetres: number; durationSeconds?: number; engine: string };
  /** Swipe comparison: the right of the bar (fraction of the width) shows `date`; undefined switches it off. */
  setCompare(date: string | undefined, fraction?: number): void;
  /** The compare map while a comparison is on. */
  compareMap(): SyraqMap | undefined;
  /** The current view as a figure spec: `syraq figure` of it draws the same map (see docs/viewer-and-figures.md). */
  exportSpec(): Record<string, unknown>;
}
declare global {
  interface Window {
    __syraq?: AppApi;
    __syraqError?: string;
  }
}

function nearestPlace(map: SyraqMap, p: LonLat, maxPixels = 14): MapPlace | undefined {
  const vp = map.viewport();
  if (!vp || !map.data.places) return undefined;
  const [x, y] = vp.project(p);
  let best: MapPlace | undefined;
  let bestD = maxPixels;
  for (const pl of map.data.places.slice(0, 3000)) {
    const [px, py] = vp.project([pl.lon, pl.lat]);
    const d = Math.hypot(px! - x!, py! - y!);
    if (d < bestD) {
      bestD = d;
      best = pl;
    }
  }
  return best;
}

function describePoint(map: SyraqMap, p: LonLat): string {
  const lines: string[] = [];
  const place = nearestPlace(map, p);
  if (place) lines.push(`${place.name}${place.nameAr ? ` (${place.nameAr})` : ""}`);
  lines.push(`${p[1].toFixed(4)}° N, ${p[0].toFixed(4)}° E`);
  if (map.data.dem) {
    const z = sampleBilinear(map.data.dem, p[0], p[1]);
    if (Number.isFinite(z)) lines.push(`elevation ${Math.round(z)} m (GMTED2010, 1.5′)`);
  }
  const gov = featureAt(map.data.governorates, p);
  if (gov)
    lines.push(`governorate: ${gov.properties?.name_en ?? gov.properties?.name} (${gov.properties?.admin ?? ""})`);
  const bank = euphratesBankAt(map.data, p);
  lines.push(bank ? `Euphrates: ${bank}` : "Euphrates bank: not available (river model not in core yet)");
  return lines.join("\n");
}

function rasterToOverlay(r: Raster, name: string): RasterOverlay {
  if (!r.crs.geographic)
    throw new Error(
      `${name}: only lon/lat (EPSG:4326) GeoTIFFs can be shown; reproject it first (gdalwarp -t_srs EPSG:4326)`,
    );
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < r.data.length; i++) {
    const v = r.data[i]!;
    if (Number.isFinite(v) && v !== r.nodata) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const canvas = document.createElement("canvas");
  canvas.width = r.width;
  canvas.height = r.height;
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(r.width, r.height);
  for (let i = 0; i < r.data.length; i++) {
    const v = r.data[i]!;
    if (!Number.isFinite(v) || v === r.nodata) continue;
    const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    img.data.set([255 * t, 80 + 100 * (1 - t), 255 * (1 - t), 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
  const bounds: [number, number, number, number] = [
    r.originX,
    r.originY - r.height * r.pixelSizeY,
    r.originX + r.width * r.pixelSizeX,
    r.originY,
  ];
  return {
    id: `${name}-${Date.now()}`,
    label: `${name} (${lo.toPrecision(4)} … ${hi.toPrecision(4)})`,
    image: canvas,
    bounds,
    legend: [{ label: `${name}: low → high`, color: [128, 130, 128, 200], kind: "fill" }],
  };
}

async function main(): Promise<void> {
  const url = parseHash(location.hash);
  const data = await loadBaseData(".");
  const map = new SyraqMap(
    $("map") as HTMLDivElement,
    data,
    {
      view: url.view,
      visible: url.visible,
      date: url.date ?? data.fronts.at(-1)?.date,
      overlays: [],
      rasters: [],
      toolLayers: [],
    },
    { legend: $("legend"), scale: $("scale"), north: $("north"), credits: $("credits") },
    {
      interactive: true,
      onClick: (lonLat) => void onClick(lonLat),
      onHover: (info) => onHover(info),
    },
  );

  // Labels keep clear of the panels floating over the map.
  map.panelsOver = () => ["controls", "legend", "scale", "north", "credits", "info", "result"].map((id) => $(id));
  map.update();

  let tool: Tool = "none";
  let clicks: LonLat[] = [];
  const result = $("result");

  const writeHash = () =>
    history.replaceState(
      null,
      "",
      formatHash({
        view: map.state.view,
        visible: map.state.visible,
        date: map.state.date,
        as: moveAs,
        compare: compareDiv.style.display === "none" ? undefined : compare?.state.date,
      }),
    );
  let hashTimer: ReturnType<typeof setTimeout> | undefined;
  map.onViewChange = (view) => {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(writeHash, 250);
    if (compare) compare.setView(view);
  };

  // Swipe comparison of two dates: a second map with the compare date (fronts, crossings and anything dated)
  // drawn over the first and clipped to the right of the swipe bar; it follows the first map's view.
  let compare: SyraqMap | undefined;
  const compareDiv = Object.assign(document.createElement("div"), { id: "compare-map" });
  const swipeBar = Object.assign(document.createElement("div"), { id: "swipe-bar" });
  let swipeFraction = 0.5;
  function setCompare(date: string | undefined, fraction = swipeFraction): void {
    swipeFraction = Math.min(1, Math.max(0, fraction));
    if (!date) {
      compareDiv.style.display = "none";
      swipeBar.style.display = "none";
      return;
    }
    if (!compareDiv.isConnected) $("map").after(compareDiv, swipeBar);
    compareDiv.style.display = "";
    swipeBar.style.display = "";
    const state = {
      ...map.state,
      date,
      visible: new Set(map.state.visible),
      overlays: [...map.state.overlays],
      rasters: [...map.state.rasters],
      toolLayers: [],
    };
    const offscreen = () => document.createElement("div");
    if (!compare)
      compare = new SyraqMap(
        compareDiv as HTMLDivElement,
        data,
        state,
        { legend: offscreen(), scale: offscreen(), north: offscreen(), credits: offscreen() },
        { interactive: false, floatingChrome: false },
      );
    else {
      compare.state = state;
      compare.setView(map.state.view);
    }
    compare.panelsOver = map.panelsOver;
    const pct = `${(swipeFraction * 100).toFixed(2)}%`;
    compareDiv.style.clipPath = `inset(0 0 0 ${pct})`;
    swipeBar.style.left = pct;
    swipeBar.title = `left: ${map.state.date ?? "latest"} · right: ${date}`;
    swipeBar.dataset.dates = `${map.state.date ?? ""}|${date}`;
  }

  function drawClicks(extra: LonLat[] = []): void {
    const pts = [...clicks, ...extra];
    map.state.toolLayers = [
      new PathLayer({
        id: "tool-path",
        data: tool === "measure" && pts.length > 1 ? [pts] : [],
        getPath: (d: LonLat[]) => d,
        getColor: [20, 20, 160, 255],
        widthUnits: "pixels",
        getWidth: 2,
      }),
      new ScatterplotLayer({
        id: "tool-points",
        data: pts,
        getPosition: (d: LonLat) => d,
        radiusUnits: "pixels",
        getRadius: 5,
        getFillColor: [20, 20, 160, 255],
        stroked: true,
        getLineColor: [255, 255, 255, 255],
        lineWidthUnits: "pixels",
        getLineWidth: 1.5,
      }),
    ];
    map.update();
  }

  function setOverlay(o: Overlay | undefined, id: string): void {
    map.state.overlays = map.state.overlays.filter((x) => x.id !== id);
    if (o) map.state.overlays.push(o);
    map.update();
  }

  async function clickLonLat(raw: LonLat): Promise<void> {
    const place = tool === "route" || tool === "isochrone" ? nearestPlace(map, raw) : undefined;
    const p: LonLat = place ? [place.lon, place.lat] : raw;
    const name = (q: LonLat) => nearestPlace(map, q)?.name ?? `${q[1].toFixed(3)}° N ${q[0].toFixed(3)}° E`;
    if (tool === "route") {
      clicks = clicks.length >= 2 ? [p] : [...clicks, p];
      drawClicks();
      if (clicks.length < 2) {
        result.textContent = `Route: from ${name(p)} — click the destination`;
        return;
      }
      const [a, b] = clicks as [LonLat, LonLat];
      result.textContent = "Route: computing…";
      const r = await route(data, a, b, map.state.date, moveAs);
      api.lastRoute = { lengthMetres: r.lengthMetres, durationSeconds: r.durationSeconds, engine: r.engine };
      setOverlay(
        {
          id: "route",
          label: r.engine === "route" ? "Route" : "Geodesic (no route engine)",
          data: {
            type: "FeatureCollection",
            features: [{ type: "Feature", geometry: { type: "LineString", coordinates: r.line }, properties: {} }],
          },
          style: { color: [30, 30, 200, 255], lineWidthPixels: 4, dashed: r.engine !== "route" },
        },
        "route",
      );
      result.textContent = [
        `Route ${name(a)} → ${name(b)}`,
        `length ${formatLength(r.lengthMetres)}`,
        r.durationSeconds !== undefined ? `time ${formatDuration(r.durationSeconds)}` : "time: not available",
        `straight line ${formatLength(geodesicMetres(a, b))}`,
        r.note ? `note: ${r.note}` : "",
      ]
        .filter(Boolean)
        .join("\n");
      result.dataset.lengthMetres = String(r.lengthMetres);
    } else if (tool === "isochrone") {
      clicks = [p];
      drawClicks();
      result.textContent = `Isochrones from ${name(p)}: computing…`;
      const hours = [2, 4, 6];
      const r = await isochrones(
        data,
        p,
        hours.map((h) => h * 60),
        map.state.date,
        moveAs,
      );
      if (r.bands) {
        const minutes = hours.map((h) => h * 60);
        setOverlay(
          {
            id: "isochrone",
            label: "Isochrones",
            data: r.bands,
            style: { color: [160, 40, 20, 255], lineWidthPixels: 1.5, colorByProperty: "minutes" },
            legend: hours.map((h) => ({
              label: `reached within ${h} h (vehicle)`,
              color: nestedBandColor(h * 60, minutes),
              kind: "fill" as const,
            })),
          },
          "isochrone",
        );
        const areas = r.bands.features
          .map(
            (f) =>
              `≤ ${Number(f.properties?.minutes) / 60} h: ${Math.round(Number(f.properties?.areaKm2)).toLocaleString("en")} km²`,
          )
          .reverse();
        result.textContent = [
          `Isochrones from ${name(p)} (vehicle${map.state.date ? `, crossings on ${map.state.date}` : ""})`,
          ...areas,
        ].join("\n");
      } else result.textContent = `Isochrones from ${name(p)}\n${r.note}`;
    } else if (tool === "measure") {
      clicks.push(p);
      drawClicks();
      let total = 0;
      for (let k = 1; k < clicks.length; k++) total += geodesicMetres(clicks[k - 1]!, clicks[k]!);
      result.textContent = `Measure (geodesic, WGS84): ${formatLength(total)}${clicks.length > 1 ? `\nlast leg ${formatLength(geodesicMetres(clicks.at(-2)!, clicks.at(-1)!))}` : "\nclick the next point"}`;
      result.dataset.lengthMetres = String(total);
    }
  }

  async function onClick(lonLat: LonLat): Promise<void> {
    if (tool === "none") return;
    await clickLonLat(lonLat);
  }

  function onHover(info: PickingInfo): void {
    if (!info.coordinate) {
      $("info").textContent = "";
      return;
    }
    const p: LonLat = [info.coordinate[0]!, info.coordinate[1]!];
    const obj = info.object as any;
    const head =
      obj && info.layer?.id === "crossings"
        ? `crossing: ${obj.name} (${obj.kind}) — ${crossingStateOn(obj, map.state.date).reason}\n`
        : "";
    $("info").textContent = head + describePoint(map, p);
  }

  function setTool(t: Tool): void {
    tool = t;
    clicks = [];
    drawClicks();
    result.textContent =
      t === "route"
        ? "Route: click the start (snaps to a place)"
        : t === "isochrone"
          ? "Isochrones: click the start"
          : t === "measure"
            ? "Measure: click points"
            : "";
    for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-tool]"))
      b.classList.toggle("active", b.dataset.tool === t);
  }

  // Controls.
  const controls = $("controls");
  const e = engines(data);
  controls.innerHTML = `<h1>Syraq viewer</h1><h2>Layers</h2><div id="layer-list"></div><h2>Date (fronts, crossings)</h2><div id="date-box"></div><h2>Tools</h2>
    <button data-tool="route">Route</button><button data-tool="isochrone">Isochrones</button><button data-tool="measure">Measure</button><button data-tool="none">Off</button><button id="clear">Clear</button>
    <h2>Figure</h2><button id="export-spec" title="download this view as a figure spec for syraq figure">Export figure spec</button>
    <div class="note">${e.route ? "" : `${e.why}: routes show the geodesic line, isochrones are off.`}</div>
    <h2>Files</h2><div>Drop GeoJSON / GeoTIFF on the map.</div>`;
  const list = $("layer-list");
  for (const id of BASE_LAYER_IDS) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = map.state.visible.has(id);
    box.dataset.layer = id;
    box.addEventListener("change", () => {
      if (box.checked) map.state.visible.add(id);
      else map.state.visible.delete(id);
      map.update();
      writeHash();
      if (compare && compareDiv.style.display !== "none") setCompare(compare.state.date);
    });
    label.append(box, ` ${BASE_LAYERS[id].label}`);
    list.append(label);
    const note = data.notes[id];
    if (note) list.append(Object.assign(document.createElement("div"), { className: "note", textContent: note }));
  }
  const dateBox = $("date-box");
  const dateInput = Object.assign(document.createElement("input"), {
    type: "date",
    value: map.state.date ?? "",
    id: "date",
  });
  dateInput.addEventListener("change", () => {
    map.state.date = dateInput.value || undefined;
    map.update();
    writeHash();
    if (compare && compareDiv.style.display !== "none") setCompare(compare.state.date);
  });
  dateBox.append(dateInput);
  // "Move as": routes and isochrones inside one holder's control area of the date (the CLI's --as)
  const asSelect = Object.assign(document.createElement("select"), { id: "move-as", title: "move as (control areas)" });
  for (const [value, label] of [["", "move as: any (control ignored)"], ...HOLDER_CHOICES])
    asSelect.append(Object.assign(document.createElement("option"), { value, textContent: label }));
  asSelect.addEventListener("change", () => {
    moveAs = asSelect.value || undefined;
    writeHash();
  });
  // From the URL: a holder the choice offers (an unknown one is ignored, as the rest of the hash does).
  if (url.as && data.control?.length && HOLDER_CHOICES.some(([id]) => id === url.as)) {
    moveAs = url.as;
    asSelect.value = url.as;
  }
  if (data.control?.length) dateBox.append(asSelect);
  const compareInput = Object.assign(document.createElement("input"), { type: "date", id: "compare-date" });
  const swipe = Object.assign(document.createElement("input"), {
    type: "range",
    min: "0",
    max: "100",
    value: "50",
    id: "swipe",
  });
  compareInput.addEventListener("change", () => {
    setCompare(compareInput.value || undefined);
    writeHash();
  });
  swipe.addEventListener("input", () => setCompare(compareInput.value || undefined, Number(swipe.value) / 100));
  dateBox.append(
    Object.assign(document.createElement("div"), {
      className: "note",
      textContent: "compare with (swipe, right side):",
    }),
    compareInput,
    swipe,
  );
  if (data.fronts.length)
    dateBox.append(
      Object.assign(document.createElement("div"), {
        className: "note",
        textContent: `fronts: ${data.fronts.map((f) => f.date).join(", ")}`,
      }),
    );
  if (url.compare) {
    compareInput.value = url.compare;
    setCompare(url.compare);
  }
  for (const b of controls.querySelectorAll<HTMLButtonElement>("button[data-tool]"))
    b.addEventListener("click", () => setTool(b.dataset.tool as Tool));
  $("clear").addEventListener("click", () => {
    map.state.overlays = [];
    map.state.rasters = [];
    setTool("none");
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") setTool("none");
  });
  // The view as a figure spec: same view, map size, layers, date and label budget, so `syraq figure` draws the
  // same map inside a printed sheet (title, legend and graticule around it). Tool results and dropped files are
  // not files a spec can name: they are listed in the notes instead.
  function exportSpec(): Record<string, unknown> {
    const s = map.state;
    const count = Math.round(12 * 2 ** Math.max(0, s.view.zoom - 5.5));
    const shown = [...s.overlays.map((o) => o.label), ...s.rasters.map((r) => r.label)];
    return {
      title: `Syraq viewer: ${s.date ? `situation on ${s.date}` : "view"}`,
      view: { ...s.view },
      mapSize: [map.container.clientWidth, map.container.clientHeight],
      layers: BASE_LAYER_IDS.filter((id) => s.visible.has(id)),
      ...(s.date ? { date: s.date } : {}),
      maxPlaceLabels: Math.min(60, count),
      graticule: false,
      ...(shown.length ? { notes: [`not in this spec (viewer-only layers): ${shown.join(", ")}`] } : {}),
    };
  }
  $("export-spec").addEventListener("click", () => {
    const url = URL.createObjectURL(
      new Blob([`${JSON.stringify(exportSpec(), null, 2)}\n`], { type: "application/json" }),
    );
    const a = Object.assign(document.createElement("a"), { href: url, download: "syraq-view.figure.json" });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  // Drag and drop of user files.
  const drop = $("drop");
  window.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    drop.classList.add("on");
  });
  window.addEventListener("dragleave", () => drop.classList.remove("on"));
  window.addEventListener("drop", (ev) => {
    ev.preventDefault();
    drop.classList.remove("on");
    for (const file of ev.dataTransfer?.files ?? []) void addFile(file);
  });
  async function addFile(file: File): Promise<void> {
    try {
      if (/\.tiff?$/i.test(file.name)) {
        map.state.rasters.push(rasterToOverlay(await readGeoTiff(await file.arrayBuffer()), file.name));
      } else {
        const fc = JSON.parse(await file.text()) as FeatureCollection;
        const features = fc.type === "FeatureCollection" ? fc.features : [fc as any];
        const hasBands = features.some((f) => f.properties?.minutes !== undefined);
        map.state.overlays.push({
          id: `file-${file.name}-${map.state.overlays.length}`,
          label: file.name,
          data: { type: "FeatureCollection", features },
          style: {
            color: [90, 30, 160, 255],
            fillColor: [90, 30, 160, 40],
            lineWidthPixels: 3,
            labelProperty: "name",
            colorByProperty: hasBands ? "minutes" : undefined,
          },
          credit: `${file.name} (user file)`,
        });
      }
      map.update();
      result.textContent = `added ${file.name}`;
    } catch (err) {
      result.textContent = `could not read ${file.name}: ${(err as Error).message}`;
    }
  }

  const api: AppApi = {
    map,
    data,
    ready: false,
    frames: 0,
    setTool,
    clickLonLat,
    toolPoints: () => clicks.length,
    exportSpec,
    setCompare,
    compareMap: () => (compareDiv.style.display === "none" ? undefined : compare),
  };
  window.__syraq = api;
  map.onRendered = () => {
    api.frames++;
    if (!api.ready && map.allLoaded()) api.ready = true;
  };
}

main().catch((err) => {
  window.__syraqError = String(err?.message ?? err);
  document.body.append(
    Object.assign(document.createElement("pre"), {
      textContent: `Syraq viewer failed: ${window.__syraqError}`,
      style: "position:absolute;top:40%;left:20px;z-index:9;background:#fff;padding:8px",
    }),
  );
  console.error(err);
});
