import { COORDINATE_SYSTEM, type Layer } from "@deck.gl/core";
import { BitmapLayer, GeoJsonLayer, TextLayer } from "@deck.gl/layers";
import { visualLabel } from "../arabic.ts";
import { COLORS } from "../catalog.ts";
import type { Feature, Overlay, RasterOverlay, RGBA } from "../types.ts";
import { LABEL_FONT } from "./base.ts";

/** Sequential ramp for numbered bands (isochrone hours, corridor cost): light to dark. */
const RAMP: RGBA[] = [
  [255, 237, 160, 150],
  [254, 178, 76, 150],
  [240, 59, 32, 140],
  [189, 0, 38, 130],
  [128, 0, 60, 120],
];
export function rampColor(value: number, values: number[]): RGBA {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const k = sorted.indexOf(value);
  if (sorted.length <= 1 || k < 0) return RAMP[1]!;
  return RAMP[Math.round((k / (sorted.length - 1)) * (RAMP.length - 1))]!;
}

/** Where a feature's label sits: the point, the middle vertex of a line, the first vertex of a polygon's outer ring. */
export function labelAnchor(f: Feature): [number, number] | null {
  const g = f.geometry;
  if (!g) return null;
  switch (g.type) {
    case "Point":
      return g.coordinates;
    case "LineString":
      return g.coordinates[Math.floor(g.coordinates.length / 2)];
    case "MultiLineString": {
      const longest = [...g.coordinates].sort((a: unknown[], b: unknown[]) => b.length - a.length)[0];
      return longest ? longest[Math.floor(longest.length / 2)] : null;
    }
    case "Polygon":
      return g.coordinates[0]?.[0] ?? null;
    case "MultiPolygon":
      return g.coordinates[0]?.[0]?.[0] ?? null;
    default:
      return null;
  }
}

export function overlayLayers(overlay: Overlay): Layer[] {
  const s = overlay.style;
  const color = s.color ?? COLORS.zone;
  const values = s.colorByProperty ? overlay.data.features.map((f) => Number(f.properties?.[s.colorByProperty!])) : [];
  // Bigger bands first so the inner ones stay visible.
  const features = s.colorByProperty
    ? [...overlay.data.features].sort(
        (a, b) => Number(b.properties?.[s.colorByProperty!]) - Number(a.properties?.[s.colorByProperty!]),
      )
    : overlay.data.features;
  const layers: Layer[] = [
    new GeoJsonLayer({
      id: `overlay-${overlay.id}`,
      data: { type: "FeatureCollection", features } as any,
      filled: true,
      stroked: true,
      pointType: "circle",
      getFillColor: (f: any) =>
        s.colorByProperty
          ? rampColor(Number(f.properties?.[s.colorByProperty]), values)
          : f.geometry?.type === "Point"
            ? color
            : (s.fillColor ?? [0, 0, 0, 0]),
      getLineColor: (f: any) => (f.geometry?.type === "Point" ? [255, 255, 255, 255] : color),
      lineWidthUnits: "pixels",
      // Dashes need @deck.gl/extensions (not a dependency): "dashed" lines are drawn thinner instead.
      getLineWidth: (f: any) => (f.geometry?.type === "Point" ? 1.5 : (s.lineWidthPixels ?? 3) * (s.dashed ? 0.6 : 1)),
      pointRadiusUnits: "pixels",
      getPointRadius: s.pointRadiusPixels ?? 5,
      pickable: true,
    }),
  ];
  if (s.labelProperty) {
    const labelled = overlay.data.features
      .map((f) => ({ at: labelAnchor(f), text: f.properties?.[s.labelProperty!] }))
      .filter(
        (d): d is { at: [number, number]; text: string | number } =>
          d.at !== null && d.text !== undefined && d.text !== null && d.text !== "",
      );
    layers.push(
      new TextLayer({
        id: `overlay-${overlay.id}-labels`,
        data: labelled,
        getPosition: (d: any) => d.at,
        getText: (d: any) => visualLabel(String(d.text)),
        getSize: 13,
        sizeUnits: "pixels",
        getColor: [color[0] * 0.6, color[1] * 0.6, color[2] * 0.6, 255],
        getTextAnchor: "middle",
        getAlignmentBaseline: "bottom",
        getPixelOffset: [0, -8],
        fontFamily: LABEL_FONT,
        fontWeight: "bold",
        characterSet: "auto",
        fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
        outlineWidth: 3,
        outlineColor: COLORS.halo,
      }),
    );
  }
  return layers;
}

export function rasterOverlayLayer(r: RasterOverlay): Layer {
  return new BitmapLayer({
    id: `raster-${r.id}`,
    image: r.image,
    bounds: r.bounds,
    _imageCoordinateSystem: COORDINATE_SYSTEM.LNGLAT,
    opacity: 0.75,
  });
}
