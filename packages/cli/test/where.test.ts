import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveDataDir } from "@syraq/core/node";
import { cli } from "../../../tests/helpers/cli.ts";
import { describeWithPeer, hasExecutable } from "../../../tests/helpers/peers.ts";

const DEM = join(resolveDataDir(), "raster/syraq_dem_gmted2010_mea_1p5arcmin.tif");

interface WhereJson {
  places: Array<{
    name: string;
    id?: string;
    lon: number;
    lat: number;
    dms: string;
    admin1?: string;
    country?: string;
    kind: string;
    elevationMetres: number | null;
    match?: string;
    notes: string[];
    nearest?: { name: string; distanceMetres: number };
  }>;
}

async function where(...args: string[]): Promise<WhereJson["places"]> {
  const r = await cli("where", ...args, "--json");
  expect(r.status, r.stderr).toBe(0);
  return r.json<WhereJson>().places;
}

describe("syraq where", () => {
  it("resolves several transliterations at once with governorate, country and DMS", async () => {
    const p = await where("Dayr al-Zor", "Tadmor", "Abu Kemal", "Falluja");
    expect(p.map((x) => x.name)).toEqual(["Deir ez-Zor", "Palmyra", "al-Bukamal", "Fallujah"]);
    expect(p.map((x) => `${x.admin1}, ${x.country}`)).toEqual([
      "Deir ez-Zor, SY",
      "Homs, SY",
      "Deir ez-Zor, SY",
      "Anbar, IQ",
    ]);
    // GeoNames 170794: 35.33588N 40.14084E = 35°20'09.2"N 40°08'27.0"E
    expect(p[0]!.dms).toBe(`35°20'09.2"N 40°08'27.0"E`);
    expect(p[0]!.match).toBe("spelling");
  });

  it("elevation is the bilinear DEM value (hand calculation)", async () => {
    // Mayadeen (GeoNames 173480) 40.45154E 35.01982N on the GMTED grid (origin 35.499861111E 37.524861111N, 0.025°):
    //   fx = (40.45154 - 35.499861111)/0.025 - 0.5 = 197.56716 -> col 197, tx = 0.56716
    //   fy = (37.524861111 - 35.01982)/0.025 - 0.5 = 99.70164  -> row 99,  ty = 0.70164
    //   cells (gdallocationinfo): [197,99]=188 [198,99]=189 [197,100]=190 [198,100]=191
    //   top = 188.56716, bottom = 190.56716, value = 188.56716 + 2 * 0.70164 = 189.97044
    const [m] = await where("Mayadeen");
    expect(m!.elevationMetres).toBeCloseTo(189.97, 1);
  });

  it("a coordinate gets its governorate and nearest town", async () => {
    const [c] = await where("34.229,37.240");
    expect(c!.kind).toBe("coordinate");
    expect(c!.admin1).toBe("Homs");
    expect(c!.nearest!.name).toBe("Qaryatayn");
    expect(c!.nearest!.distanceMetres).toBeLessThan(1000);
  });

  it("a governorate resolves to its polygon centroid, with the 32°N clipping note for Anbar", async () => {
    const [a] = await where("Anbar");
    expect(a!.kind).toBe("governorate");
    expect(a!.notes.join(" ")).toMatch(/32°N/);
    const r = await cli("where", "Anbar");
    expect(r.stdout).toMatch(/clipped at the data pack's edge \(32°N/);
  });

  it("--country and 'Name, Governorate' pick among namesakes", async () => {
    expect((await where("Sinjar"))[0]!.country).toBe("IQ");
    expect((await where("Sinjar", "--country", "SY"))[0]!.admin1).toBe("Idlib");
    expect((await where("Sinjar, Idlib"))[0]!.country).toBe("SY");
  });

  it("Euphrates bank within 10 km: Deir ez-Zor, Mayadeen, al-Bukamal, al-Qaim right (SW); Raqqa, al-Busayrah, Hajin left (NE)", async () => {
    const p = await where(
      "Deir ez-Zor",
      "Mayadeen",
      "al-Bukamal",
      "al-Qaim",
      "Raqqa",
      "al-Busayrah",
      "Hajin",
      "Damascus",
      "Anbar",
    );
    const bank = Object.fromEntries(
      p.map((x) => [x.name, (x as { euphrates?: { bank: string | null; distanceMetres: number } | null }).euphrates]),
    );
    for (const n of ["Deir ez-Zor", "Mayadeen", "al-Bukamal", "al-Qaim"]) expect(bank[n]!.bank, n).toBe("right");
    for (const n of ["Raqqa", "al-Busayrah", "Hajin"]) expect(bank[n]!.bank, n).toBe("left");
    for (const n of ["Deir ez-Zor", "Mayadeen", "al-Bukamal", "Raqqa"])
      expect(bank[n]!.distanceMetres, n).toBeLessThan(10_000);
    expect(bank.Damascus!.bank).toBeNull(); // 300 km away: no bank
    expect(bank.Damascus!.distanceMetres).toBeGreaterThan(200_000);
    expect(bank.Anbar).toBeUndefined(); // a governorate centroid has no bank
    const r = await cli("where", "Mayadeen");
    expect(r.stdout).toMatch(/Euphrates\s+right \(south-west\) bank, 1\.\d km from the river/);
  });

  it("inside / outside the Syraq zone", async () => {
    const p = (await where("Deir ez-Zor", "Mosul", "Fallujah", "Damascus", "Aleppo")) as Array<{
      name: string;
      inZone?: boolean;
    }>;
    expect(p.map((x) => x.inZone)).toEqual([true, true, true, false, false]);
  });

  it("unknown place: exit 2, three suggestions, no stack trace", async () => {
    const r = await cli("where", "Raqqawiya");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown place 'Raqqawiya': did you mean [^,]+, [^,]+, .+\?/);
    expect(r.stderr).toContain("Raqqa");
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("ambiguous place: exit 2, candidates with governorate and country, how to choose", async () => {
    const r = await cli("where", "Al Hamra");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("AMBIGUOUS_PLACE");
    expect(r.stderr).toContain("Mafraq, Jordan");
    expect(r.stderr).toContain("Hama, Syria");
    expect(r.stderr).toContain('"Al Hamra, Hama"');
  });

  it("bad coordinate: exit 2", async () => {
    const r = await cli("where", "95.0,37.0");
    expect(r.status).toBe(2);
  });

  it("text output names the fields", async () => {
    const r = await cli("where", "Mayadeen");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Mayadeen\s+الميادين/);
    expect(r.stdout).toMatch(/governorate\s+Deir ez-Zor, Syria \(SY\)/);
    expect(r.stdout).toMatch(/elevation\s+190 m/);
  });
});

describeWithPeer(
  "where: elevation against GDAL's bilinear warp",
  { name: "gdalwarp", available: hasExecutable("gdalwarp"), install: "apt-get install gdal-bin" },
  () => {
    const dir = mkdtempSync(join(tmpdir(), "syraq-where-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    /** GDAL reference: warp a tiny window centred on the point to one pixel with -r bilinear. */
    function gdalBilinear(lon: number, lat: number): number {
      const out = join(dir, `p${lon}_${lat}.tif`);
      const e = 1e-4;
      execFileSync("gdalwarp", [
        "-q",
        "-overwrite",
        "-te",
        `${lon - e}`,
        `${lat - e}`,
        `${lon + e}`,
        `${lat + e}`,
        "-ts",
        "1",
        "1",
        "-r",
        "bilinear",
        "-ot",
        "Float64",
        DEM,
        out,
      ]);
      return Number(execFileSync("gdallocationinfo", ["-valonly", out, "0", "0"], { encoding: "utf8" }).trim());
    }
    it("Palmyra, al-Bukamal, Fallujah, Damascus, Anbar (centroid), a coordinate", async () => {
      const p = await where("Palmyra", "al-Bukamal", "Fallujah", "Damascus", "Anbar", "34.5N 39.75E");
      for (const x of p) {
        const ref = gdalBilinear(x.lon, x.lat);
        expect(x.elevationMetres, x.name).not.toBeNull();
        // where rounds to 0.1 m
        expect(
          Math.abs(x.elevationMetres! - ref),
          `${x.name}: ${x.elevationMetres} vs gdal ${ref}`,
        ).toBeLessThanOrEqual(0.051);
      }
    });
  },
);

describeWithPeer(
  "where: governorate area against GeographicLib's Planimeter",
  { name: "Planimeter", available: hasExecutable("Planimeter"), install: "apt-get install geographiclib-tools" },
  () => {
    it("Anbar (the part north of 32°N held by the pack)", async () => {
      const r = await cli("where", "Anbar", "--json");
      const [a] = r.json<{ places: Array<{ id: string; areaSquareMetres: number }> }>().places;
      const admin1 = JSON.parse(
        readFileSync(join(resolveDataDir(), "vector/ne10m_admin1_states_provinces.geojson"), "utf8"),
      ) as {
        features: Array<{ properties: { iso_3166_2: string }; geometry: { type: string; coordinates: number[][][] } }>;
      };
      const f = admin1.features.find((x) => x.properties.iso_3166_2 === "IQ-AN")!;
      expect(f.geometry.type).toBe("Polygon");
      // Planimeter reads "lat lon" per vertex and prints "count perimeter area"
      const input =
        f.geometry.coordinates[0]!.slice(0, -1)
          .map(([lon, lat]) => `${lat} ${lon}`)
          .join("\n") + "\n";
      const out = execFileSync("Planimeter", [], { input, encoding: "utf8" }).trim().split(/\s+/);
      const ref = Math.abs(Number(out[2]));
      expect(Math.abs(a!.areaSquareMetres - ref)).toBeLessThan(1); // m², on ~1.1e11 m²
      expect(a!.areaSquareMetres / 1e6).toBeLessThan(138_501); // official Anbar area: the pack's part is smaller
    });
  },
);
