export type LonLat = [number, number];
export type RGBA = [number, number, number, number];

export interface Feature {
  type: "Feature";
  geometry: { type: string; coordinates: any } | null;
  properties: Record<string, any> | null;
  id?: string | number;
}
export interface FeatureCollection {
  type: "FeatureCollection";
  features: Feature[];
  [key: string]: unknown;
}

/** A labelled place on the map. */
export interface MapPlace {
  name: string;
  nameAr?: string;
  lon: number;
  lat: number;
  /** Higher shows first; seed places and big towns rank high. */
  rank: number;
  admin1?: string;
}

export interface FrontSnapshot {
  /** YYYY-MM-DD */
  date: string;
  label: string;
  file: string;
  data: FeatureCollection;
}

export interface OverlayStyle {
  /** Line / outline colour. */
  color?: RGBA;
  fillColor?: RGBA;
  lineWidthPixels?: number;
  pointRadiusPixels?: number;
  /** Property holding a label drawn at each feature (points: at the point; lines: at the midpoint). */
  labelProperty?: string;
  /** Property holding a number mapped through a colour ramp for fills (e.g. hours of an isochrone band). */
  colorByProperty?: string;
  dashed?: boolean;
  /** solid, dashed (approximate, illustrative) or dotted; overrides `dashed`. */
  lineStyle?: "solid" | "dashed" | "dotted";
}

/** Anything drawn above the basemap: analysis results, figure data files, dropped files. */
export interface Overlay {
  id: string;
  label: string;
  data: FeatureCollection;
  style: OverlayStyle;
  /** Legend entries; default: one entry with the label and colour. */
  legend?: Array<{
    label: string;
    color: RGBA;
    kind: "line" | "fill" | "point";
    lineStyle?: "solid" | "dashed" | "dotted";
  }>;
  credit?: string;
}

export interface RasterOverlay {
  id: string;
  label: string;
  image: HTMLCanvasElement;
  bounds: [number, number, number, number];
  legend?: Array<{ label: string; color: RGBA; kind: "fill" }>;
}

export interface ViewState {
  longitude: number;
  latitude: number;
  zoom: number;
}
