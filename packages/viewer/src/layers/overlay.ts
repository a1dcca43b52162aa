import { COORDINATE_SYSTEM, type Layer } from "@deck.gl/core";
import { BitmapLayer, GeoJsonLayer } from "@deck.gl/layers";
import { rampColor } from "@syraq/core";
import { COLORS } from "../catalog.ts";
import type { Overlay, OverlayStyle, RasterOverlay } from "../types.ts";
import { DASH, dashExtension, type LineStyle } from "./base.ts";

export function overlayLineStyle(s: OverlayStyle): LineStyle {
  return s.lineStyle ?? (s.dashed ? "dashed" : "solid");
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
      getLineWidth: (f: any) => (f.geometry?.type === "Point" ? 1.5 : (s.lineWidthPixels ?? 3)),
      extensions: [dashExtension()],
      getDashArray: DASH[overlayLineStyle(s)],
      dashJustified: true,
      pointRadiusUnits: "pixels",
      getPointRadius: s.pointRadiusPixels ?? 5,
      pickable: true,
    }),
  ];
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
