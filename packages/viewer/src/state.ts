import { BASE_LAYERS, BASE_LAYER_IDS, DEFAULT_VIEW, type BaseLayerId } from "./catalog.ts";
import type { ViewState } from "./types.ts";

export interface UrlState {
  view: ViewState;
  visible: Set<BaseLayerId>;
  date?: string;
  /** The "move as" holder of routes and isochrones (a holder id such as SAA; the app checks it is known). */
  as?: string;
  /** The swipe comparison's date. */
  compare?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HOLDER_ID = /^[A-Z][A-Z0-9_-]{0,23}$/;

/** Reads `#v=lon,lat,zoom&l=id,id&d=YYYY-MM-DD&as=HOLDER&c=YYYY-MM-DD` (all parts optional). */
export function parseHash(hash: string): UrlState {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  let view: ViewState = { ...DEFAULT_VIEW };
  const v = params.get("v")?.split(",").map(Number);
  if (v && v.length === 3 && v.every(Number.isFinite)) view = { longitude: v[0]!, latitude: v[1]!, zoom: v[2]! };
  const l = params.get("l");
  const visible = new Set<BaseLayerId>(
    l !== null
      ? (l.split(",").filter((id) => (BASE_LAYER_IDS as readonly string[]).includes(id)) as BaseLayerId[])
      : BASE_LAYER_IDS.filter((id) => BASE_LAYERS[id].defaultOn),
  );
  const d = params.get("d") ?? undefined;
  const as = params.get("as")?.toUpperCase();
  const c = params.get("c") ?? undefined;
  return {
    view,
    visible,
    date: d && DATE.test(d) ? d : undefined,
    as: as && HOLDER_ID.test(as) ? as : undefined,
    compare: c && DATE.test(c) ? c : undefined,
  };
}

export function formatHash(s: UrlState): string {
  const parts = [
    `v=${s.view.longitude.toFixed(4)},${s.view.latitude.toFixed(4)},${s.view.zoom.toFixed(2)}`,
    `l=${BASE_LAYER_IDS.filter((id) => s.visible.has(id)).join(",")}`,
  ];
  if (s.date) parts.push(`d=${s.date}`);
  if (s.as) parts.push(`as=${encodeURIComponent(s.as)}`);
  if (s.compare) parts.push(`c=${s.compare}`);
  return `#${parts.join("&")}`;
}
