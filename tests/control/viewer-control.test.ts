/** The viewer's control layer (packages/viewer/src/layers/control.ts): the snapshot follows the date control. */
import { describe, expect, it } from "vitest";
import { loadControl } from "../../packages/core/src/control/node/areas.ts";
import { BASE_LAYERS, BASE_LAYER_IDS } from "../../packages/viewer/src/catalog.ts";
import { controlLayers, controlLegend, controlOn } from "../../packages/viewer/src/layers/control.ts";

const snapshots = loadControl();

describe("viewer control layer", () => {
  it("is a basemap layer of its own, off by default, drawn under the roads", () => {
    expect(BASE_LAYER_IDS).toContain("control");
    expect(BASE_LAYER_IDS.indexOf("control")).toBeLessThan(BASE_LAYER_IDS.indexOf("roads"));
    expect(BASE_LAYERS.control.dataDirs).toEqual(["control"]);
    expect(BASE_LAYERS.control.defaultOn).toBe(false);
  });

  it("switches snapshot with the date", () => {
    expect(controlOn(snapshots, "2017-10-20")!.snapshot.date).toBe("2017-10-14");
    expect(controlOn(snapshots, "2017-11-19")!.snapshot.date).toBe("2017-11-19");
    expect(controlOn(snapshots, "2017-01-01")!.snapshot.date).toBe("2017-09-29");
    expect(controlOn(snapshots, "not a date")).toBeUndefined();
    expect(controlOn(undefined, "2017-10-01")).toBeUndefined();
    // the Peshmerga are in the legend before Kirkuk (16 Oct 2017) and after it too (Kurdistan), IS throughout
    const before = controlLegend(snapshots, "2017-10-01").map((e) => e.label);
    expect(before.some((l) => /Islamic State/.test(l) && /2017-09-29/.test(l))).toBe(true);
    const [layer] = controlLayers(snapshots, "2017-11-20", true);
    expect(layer!.id).toBe("control");
    const data = layer!.props.data as unknown as { features: Array<{ properties: { date: string } }> };
    expect(data.features.every((f) => f.properties.date === "2017-11-19")).toBe(true);
    expect(controlLayers(snapshots, "2017-11-20", false)[0]!.props.visible).toBe(false);
  });
});
