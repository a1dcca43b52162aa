import { HOLDERS, holderAt, nearestByHolder, nearestOtherHolder, partAt, pickSnapshot } from "@syraq/core";
import { loadControl } from "@syraq/core/node";
import type { CommandSpec } from "../command.ts";
import { resolveLocations } from "../locations.ts";

export const controlCommand: CommandSpec = {
  name: "control",
  summary:
    "who held a place on a date (dated control areas), which snapshot was used, and how far the nearest other holder's area was",
  description: [
    "Looks each place up in the control snapshot for --date (the latest one on or before it; data/control, or",
    "--control FILE with polygons carrying holder and date) and gives the holder, the part and its confidence, and",
    "the true geodesic distance (WGS84) to the nearest area of any other holder (contested strips count as their",
    "own class). The areas are illustrative reconstructions (see data/control/README.md).",
  ].join("\n"),
  args: [{ name: "places", description: "place names or coordinates", variadic: true }],
  options: [
    { name: "date", type: "string", placeholder: "YYYY-MM-DD", description: "date (default: the latest snapshot)" },
    {
      name: "control",
      type: "string",
      placeholder: "NAME|FILE",
      description: "a shipped snapshot (e.g. 2017-10-14) or your GeoJSON polygons with holder and date",
    },
  ],
  examples: ["syraq control Qaryatayn Hajin --date 2017-10-01", "syraq control Raqqa --date 2017-10-20 --json"],
  async run(ctx) {
    const snapshots = loadControl(ctx.options.control ? String(ctx.options.control) : undefined);
    const choice = pickSnapshot(snapshots, ctx.options.date ? String(ctx.options.date) : undefined);
    const inputs = ctx.args.places as string[];
    const places = resolveLocations(ctx, inputs).map((l) => {
      const p: [number, number] = [l.lon, l.lat];
      const part = partAt(choice.snapshot, p);
      const holder = holderAt(choice.snapshot, p) ?? null;
      const near = nearestOtherHolder(choice.snapshot, p, holder ?? undefined);
      const byHolder = nearestByHolder(choice.snapshot, p, holder ?? undefined);
      return {
        input: l.input,
        name: l.name,
        lon: l.lon,
        lat: l.lat,
        holder,
        holderName: holder ? (part?.holderName ?? HOLDERS[holder]?.name ?? holder) : null,
        part: part?.part ?? null,
        confidence: part?.confidence ?? null,
        snapshot: choice.snapshot.date,
        daysFromSnapshot: choice.daysFromSnapshot,
        nearestOtherHolder: near
          ? { holder: near.holder, part: near.part ?? null, distanceMetres: near.distanceMetres, nearest: near.nearest }
          : null,
        nearestByHolder: byHolder.map((n) => ({
          holder: n.holder,
          part: n.part ?? null,
          distanceMetres: n.distanceMetres,
        })),
        ...(l.warning ? { warning: l.warning } : {}),
      };
    });
    const text = [
      `control areas: ${choice.note} (${choice.snapshot.origin}; illustrative reconstruction, errors of 5-15 km)`,
    ];
    for (const r of places) {
      text.push(
        `${r.name}: ${r.holder ? `${r.holder} (${r.holderName})${r.part ? `, part "${r.part}", confidence ${r.confidence}` : ""}` : "outside the control data"}`,
      );
      if (r.nearestOtherHolder)
        text.push(
          `  nearest other holder: ${r.nearestOtherHolder.holder} at ${(r.nearestOtherHolder.distanceMetres / 1000).toFixed(1)} km (geodesic)${r.nearestOtherHolder.part ? `, "${r.nearestOtherHolder.part}"` : ""}`,
        );
      if (r.nearestByHolder.length > 1)
        text.push(
          `  by holder: ${r.nearestByHolder.map((n) => `${n.holder} ${(n.distanceMetres / 1000).toFixed(1)} km`).join(", ")}`,
        );
    }
    return {
      json: {
        date: ctx.options.date ?? null,
        snapshot: choice.snapshot.date,
        daysFromSnapshot: choice.daysFromSnapshot,
        note: choice.note,
        origin: choice.snapshot.origin,
        places,
      },
      text: text.join("\n"),
    };
  },
};
