/**
 * The control layer: who held what on the viewer's date (data/control, illustrative reconstructions), one
 * translucent fill per holder, switched by the date control like the fronts and crossings.
 */
import type { Layer } from "@deck.gl/core";
import { GeoJsonLayer } from "@deck.gl/layers";
import { type ControlSnapshot, HOLDERS, holderColor, pickSnapshot } from "@syraq/core";
import type { RGBA } from "../types.ts";

/** The holders the viewer's "move as" choice offers (id, label). */
export const HOLDER_CHOICES: Array<[string, string]> = Object.entries(HOLDERS)
  .filter(([id]) => id !== "CONTESTED")
  .map(([id, h]) => [id, `move as ${id}: ${h.name}`]);

/** The snapshot for a date (the latest on or before it; the first when before all; none without data). */
export function controlOn(snapshots: ControlSnapshot[] | undefined, date: string | undefined) {
  if (!snapshots?.length) return undefined;
  try {
    return pickSnapshot(snapshots, date);
  } catch {
    return undefined; // a malformed date in the URL: no control layer rather than a broken map
  }
}

/** Fill and outline colours of a holder. */
export function controlColors(holder: string): { fill: RGBA; line: RGBA } {
  const c = holderColor(holder);
  return { fill: [c[0], c[1], c[2], holder === "CONTESTED" ? 110 : 70], line: [c[0], c[1], c[2], 200] };
}

/** Legend entries for the holders present in the snapshot of the date. */
export function controlLegend(snapshots: ControlSnapshot[] | undefined, date: string | undefined) {
  const choice = controlOn(snapshots, date);
  if (!choice) return [];
  const holders = [...new Set(choice.snapshot.parts.map((p) => p.holder))];
  return holders.map((h) => ({
    label: `${HOLDERS[h]?.name ?? h} (control ${choice.snapshot.date}, illustrative)`,
    color: controlColors(h).fill,
    kind: "fill" as const,
  }));
}

/** deck.gl layer of the control areas in force on `date`. */
export function controlLayers(
  snapshots: ControlSnapshot[] | undefined,
  date: string | undefined,
  visible: boolean,
): Layer[] {
  const choice = controlOn(snapshots, date);
  if (!choice) return [];
  const features = choice.snapshot.parts.map((p) => ({
    type: "Feature" as const,
    geometry: { type: "MultiPolygon" as const, coordinates: p.polygons },
    properties: { holder: p.holder, part: p.part ?? "", confidence: p.confidence ?? "", date: choice.snapshot.date },
  }));
  return [
    new GeoJsonLayer({
      id: "control",
      data: { type: "FeatureCollection", features } as never,
      filled: true,
      stroked: true,
      getFillColor: (f: { properties: { holder: string } }) => controlColors(f.properties.holder).fill,
      getLineColor: (f: { properties: { holder: string } }) => controlColors(f.properties.holder).line,
      lineWidthUnits: "pixels",
      getLineWidth: 1,
      pickable: true,
      visible,
      updateTriggers: { getFillColor: choice.snapshot.date, getLineColor: choice.snapshot.date },
    }),
  ];
}
