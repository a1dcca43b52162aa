/**
 * The figure protocol: a figure spec (what an analyst writes: view, layers, data files, analyses, title) and the
 * payload the viewer renders (basemap layer ids plus computed overlays). Browser-safe; the CLI (`syraq figure`)
 * and the viewer both use these types, so a spec means the same picture in both.
 */
import { SyraqError } from "../errors.ts";

/**
 * A colour [red, green, blue, alpha], each 0-255.
 */
export type RGBA = [number, number, number, number];

/**
 * Basemap layers a figure may show (`layers` of a spec).
 */
export const BASE_LAYER_IDS = [
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
] as const;

/**
 * A GeoJSON file drawn on a figure, with its style (colours 0-255, line width in CSS pixels).
 */
export interface FigureDataItem {
  /** GeoJSON file; relative paths resolve against the spec's folder, then the repository root. */
  file: string;
  label: string;
  color?: number[];
  fillColor?: number[];
  lineWidth?: number;
  labelProperty?: string;
  dashed?: boolean;
  /** solid, dashed (approximate, illustrative) or dotted; overrides `dashed`. */
  lineStyle?: LineStyle;
}

/**
 * How a line is drawn.
 */
export type LineStyle = "solid" | "dashed" | "dotted";

/** Sheet furniture and print options a spec may set (passed to the viewer's figure page as they are). */
export interface FigureFurniture {
  /** Graticule lines and degree ticks on the neat line (default true). */
  graticule?: boolean;
  /** Locator inset (default true). */
  locator?: boolean;
  /** MGRS grid references: UTM grid lines, their digits on the top and right neat lines, 100 km squares named. */
  mgrs?: boolean;
  /** Added to the source line. */
  source?: string;
  /** Exact map frame size [width, height] in CSS pixels (a view exported by the viewer). */
  mapSize?: [number, number];
}

/**
 * An analysis drawn on a figure (route, isochrone, corridor, depth, geodesic, Euphrates banks) with its own fields
 * (docs/figure-spec.schema.json).
 */
export interface FigureAnalysisItem {
  type: "geodesic" | "depth" | "route" | "isochrone" | "corridor" | "euphrates-banks";
  [key: string]: unknown;
}

/**
 * A figure spec (docs/figure-spec.schema.json): title, size in CSS pixels, view (degrees), basemap layers, data files
 * and analyses. `syraq figure SPEC.json` renders it.
 */
export interface FigureSpec extends FigureFurniture {
  title: string;
  /** Print size instead of width/height: A4-landscape, A4-portrait, A3-landscape, A3-portrait. */
  paper?: string;
  /** With paper: dots per inch of the PNG (72-300). */
  dpi?: number;
  subtitle?: string;
  width?: number;
  height?: number;
  scale?: number;
  view?: { longitude: number; latitude: number; zoom: number };
  bbox?: [number, number, number, number];
  /** Places (names or coordinates) the view must show, with a margin. */
  fit?: string[];
  layers?: string[];
  date?: string;
  labels?: string[];
  maxPlaceLabels?: number;
  data?: FigureDataItem[];
  analysis?: FigureAnalysisItem[];
  notes?: string[];
  /** Draw the legend (default true). */
  legend?: boolean;
}

/** A GeoJSON FeatureCollection as figures carry it (geometry kept as parsed). */
export interface FigureFeatureCollection {
  type: "FeatureCollection";
  features: Array<{
    type: "Feature";
    geometry: { type: string; coordinates: unknown } | null;
    properties: Record<string, unknown> | null;
  }>;
}

/** One drawn layer of a figure: GeoJSON plus its style, legend entries and credit (the viewer draws it as is). */
export interface Overlay {
  id: string;
  label: string;
  data: FigureFeatureCollection;
  style: {
    color?: RGBA;
    fillColor?: RGBA;
    lineWidthPixels?: number;
    pointRadiusPixels?: number;
    labelProperty?: string;
    colorByProperty?: string;
    dashed?: boolean;
    lineStyle?: LineStyle;
  };
  legend?: Array<{ label: string; color: RGBA; kind: "line" | "fill" | "point"; lineStyle?: LineStyle }>;
  credit?: string;
}

/**
 * A spec resolved by {@link buildPayload}: what the viewer's figure page draws.
 */
export interface FigurePayload extends FigureFurniture {
  width: number;
  height: number;
  title: string;
  subtitle?: string;
  view?: { longitude: number; latitude: number; zoom: number };
  bbox?: [number, number, number, number];
  layers: string[];
  date?: string;
  overlays: Overlay[];
  labels?: string[];
  maxPlaceLabels?: number;
  notes?: string[];
  legend?: boolean;
}

/**
 * A coded BAD_ARGUMENT error for a figure spec.
 *
 * @example
 * ```ts
 * import { bad } from "@syraq/core";
 * throw bad("figure spec needs a 'title' (string)"); // SyraqError BAD_ARGUMENT, exit 2
 * ```
 */
export const bad = (message: string, details: Record<string, unknown> = {}) =>
  new SyraqError("BAD_ARGUMENT", message, details);

/**
 * A colour [r, g, b] or [r, g, b, a] with values 0-255 (alpha defaults to 255); `fallback` when absent.
 *
 * Throws BAD_ARGUMENT for anything else.
 *
 * @example
 * ```ts
 * import { rgba } from "@syraq/core";
 * rgba([200, 40, 40], [0, 0, 0, 255]); // [200, 40, 40, 255]
 * rgba(undefined, [0, 0, 0, 255]); // the fallback
 * ```
 */
export function rgba(c: unknown, fallback: RGBA): RGBA {
  if (!Array.isArray(c)) return fallback;
  if (c.length < 3 || c.length > 4 || !c.every((v) => typeof v === "number" && v >= 0 && v <= 255))
    throw bad(`colour ${JSON.stringify(c)} must be [r, g, b] or [r, g, b, a] with values 0-255`);
  return [c[0], c[1], c[2], c[3] ?? 255] as RGBA;
}

// The MGRS grid a figure may draw (re-exported here so the package index's figure exports stay one list).
export * from "./mgrs-grid.ts";
