/**
 * The road skeleton's Euphrates banks as its roads are named and sourced (data/roads/README.md): each stretch that
 * follows the river stays on its bank except where it crosses at a town that has a crossing. Checked with the same
 * merged Natural Earth Euphrates the route graph and `syraq where` use; 1.5 km either side counts as "at the river".
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { euphratesBank } from "../../packages/core/src/geo/euphrates.ts";
import type { LonLat } from "../../packages/core/src/geo/types.ts";
import { loadEuphrates, resolveDataDir } from "../../packages/core/src/node.ts";
import { describeWithPeer } from "../helpers/peers.ts";
import { existsSync } from "node:fs";

const ROOT = join(import.meta.dirname, "..", "..");
const skeleton = JSON.parse(readFileSync(join(ROOT, "data", "roads", "skeleton.geojson"), "utf8")) as {
  features: Array<{ properties: { id: string }; geometry: { coordinates: LonLat[] } }>;
};
const road = (id: string) => skeleton.features.find((f) => f.properties.id === id)!.geometry.coordinates;

/** The bank of every vertex more than 1.5 km from the river, between two longitudes (west to east). */
function banks(river: ReturnType<typeof loadEuphrates>, pts: LonLat[], west: number, east: number): Set<string> {
  const out = new Set<string>();
  for (const p of pts) {
    if (p[0] < west || p[0] > east) continue;
    const b = euphratesBank(river, p);
    if (b.distanceMetres > 1500) out.add(b.bank);
  }
  return out;
}

let dataDir: string | undefined;
try {
  dataDir = resolveDataDir();
} catch {
  dataDir = undefined;
}

describeWithPeer(
  "road skeleton banks",
  { name: "data pack", available: !!dataDir && existsSync(dataDir), install: "set SYRAQ_DATA_DIR" },
  () => {
    const river = loadEuphrates(dataDir!);
    describe("each river road on its named bank", () => {
      it("Raqqa-Deir ez-Zor: right bank from the Raqqa crossing to Deir ez-Zor (as-Sabkhah, Ma'dan)", () => {
        expect(banks(river, road("raqqa-deir"), 39.02, 40.13)).toEqual(new Set(["right"]));
      });
      it("Aleppo-Maskanah-Tabqa-Raqqa: right bank up to Raqqa (crosses into the city, on the left bank)", () => {
        expect(banks(river, road("aleppo-raqqa"), 38.0, 39.0)).toEqual(new Set(["right"]));
      });
      it("the Euphrates valley road: right bank from Deir ez-Zor past al-Bukamal, al-Qaim, Anah, Haditha, Hit to Ramadi", () => {
        expect(banks(river, road("euphrates-valley"), 40.15, 43.28)).toEqual(new Set(["right"]));
      });
      it("Khusham-al-Busayrah-Hajin-al-Baghuz and al-Ubaydi-Rawa: left bank", () => {
        expect(banks(river, road("euphrates-left-bank"), 40.0, 41.0)).toEqual(new Set(["left"]));
        expect(banks(river, road("rawa-qaim"), 41.0, 41.9)).toEqual(new Set(["left"]));
      });
      it("Deir ez-Zor-Hasakah: left bank once across at Deir ez-Zor (Markadah, ash-Shaddadi on the Khabur)", () => {
        expect(banks(river, road("deir-hasakah-qamishli"), 40.16, 41.5)).toEqual(new Set(["left"]));
      });
      it("the M20 Palmyra-Deir ez-Zor and the desert track to al-Bukamal stay on the right bank", () => {
        expect(banks(river, road("m20-palmyra-deir"), 38.0, 40.13)).toEqual(new Set(["right"]));
        expect(banks(river, road("palmyra-t3-bukamal"), 38.0, 40.9)).toEqual(new Set(["right"]));
      });
    });
  },
);
