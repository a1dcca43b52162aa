import { describe, expect, it } from "vitest";
import { SyraqError, formatDms, formatLatLon, formatMgrs, parseCoordinate } from "../../src/index.ts";
import { mulberry32 } from "../../src/util/random.ts";

// Qaryatayn, roughly: 34°13'44"N 37°14'24"E = 34.228889 N, 37.24 E (44/3600 = 0.0122…, 13/60 = 0.21666…)
const Q_LAT = 34 + 13 / 60 + 44 / 3600;
const Q_LON = 37 + 14 / 60 + 24 / 3600;

function expectError(text: string, code: "BAD_COORDINATE" | "OUT_OF_RANGE", message?: RegExp): SyraqError {
  let caught: unknown;
  try {
    parseCoordinate(text);
  } catch (e) {
    caught = e;
  }
  expect(caught, `'${text}' should throw`).toBeInstanceOf(SyraqError);
  const err = caught as SyraqError;
  expect(err.code).toBe(code);
  expect(err.message).toContain(`'${text.trim()}'`); // names the offending value
  if (message) expect(err.message).toMatch(message);
  return err;
}

describe("ISO 6709 decimal (latitude first)", () => {
  it.each([
    ["34.229,37.240", 34.229, 37.24],
    ["34.229, 37.240", 34.229, 37.24],
    ["34.229 37.240", 34.229, 37.24],
    ["  34.229   37.240  ", 34.229, 37.24],
    ["34.229;37.240", 34.229, 37.24],
    ["-33.5, -70.25", -33.5, -70.25],
    ["+34.229+037.240/", 34.229, 37.24],
    ["+34.229-037.240/", 34.229, -37.24],
    ["34,37", 34, 37],
    [".5, -.25", 0.5, -0.25],
    ["−12.5, 44", -12.5, 44], // unicode minus
    ["90, 180", 90, 180],
    ["-90, -180", -90, -180],
  ])("%s", (text, lat, lon) => {
    const p = parseCoordinate(text)!;
    expect(p).toEqual({ lat, lon, format: "decimal", input: text.trim() });
  });
  it("reads an unlabelled pair that is valid either way as lat, lon (never guesses a swap)", () => {
    // 37.24,34.229 is a point in Turkey if lat-first; it is NOT silently swapped to Qaryatayn
    expect(parseCoordinate("37.24,34.229")).toMatchObject({ lat: 37.24, lon: 34.229 });
  });
});

describe("hemisphere letters", () => {
  it.each([
    ["34.229N 37.240E"],
    ["37.240E 34.229N"],
    ["N34.229 E37.240"],
    ["E37.240 N34.229"],
    ["34.229 N 37.240 E"],
    ["34.229n, 37.240e"],
    ["34.229°N 37.240°E"],
    ["34.229 north 37.240 East"],
    ["N 34.229, E 37.240"],
  ])("%s", (text) => {
    expect(parseCoordinate(text)).toEqual({ lat: 34.229, lon: 37.24, format: "hemisphere", input: text });
  });
  it("handles south and west", () => {
    expect(parseCoordinate("33.5S 70.25W")).toMatchObject({ lat: -33.5, lon: -70.25 });
    expect(parseCoordinate("W70.25 S33.5")).toMatchObject({ lat: -33.5, lon: -70.25 });
  });
});

describe("degrees, minutes, seconds", () => {
  it.each([
    [`34°13'44"N 37°14'24"E`],
    [`34°13′44″N 37°14′24″E`],
    [`34°13’44”N, 37°14’24”E`],
    [`34°13'44''N 37°14'24''E`],
    [`34º13'44"N 37º14'24"E`],
    [`34 13 44 N 37 14 24 E`],
    [`34 13 44N 37 14 24E`],
    [`N34 13 44 E37 14 24`],
    [`37°14'24"E 34°13'44"N`],
    [`34:13:44N 37:14:24E`],
    [`34°13'44" 37°14'24"`],
    [`34 13 44 37 14 24`],
    [`34°13'44"N37°14'24"E`],
  ])("%s", (text) => {
    const p = parseCoordinate(text)!;
    expect(p.format).toBe("dms");
    expect(p.lat).toBeCloseTo(Q_LAT, 12);
    expect(p.lon).toBeCloseTo(Q_LON, 12);
  });
  it("reads degrees and decimal minutes", () => {
    // 13.74' = 0.229°, 14.4' = 0.24°
    for (const text of [`34°13.74'N 37°14.4'E`, `34 13.74 N 37 14.4 E`, `34 13.74 37 14.4`, `N34°13.74' E37°14.4'`]) {
      const p = parseCoordinate(text)!;
      expect(p.format, text).toBe("dms");
      expect(p.lat, text).toBeCloseTo(34.229, 12);
      expect(p.lon, text).toBeCloseTo(37.24, 12);
    }
  });
  it("reads fractional seconds and southern/western DMS", () => {
    const p = parseCoordinate(`33°30'0.5"S 70°15'0"W`)!;
    expect(p.lat).toBeCloseTo(-(33.5 + 0.5 / 3600), 12);
    expect(p.lon).toBeCloseTo(-70.25, 12);
    expect(parseCoordinate(`-33 30 00, -70 15 00`)).toMatchObject({ lat: -33.5, lon: -70.25, format: "dms" });
  });
});

describe("ISO 6709 string form with packed minutes/seconds", () => {
  it("±DDMMSS±DDDMMSS and ±DDMM.MM±DDDMM.M", () => {
    const dms = parseCoordinate("+341344+0371424/")!;
    expect(dms.format).toBe("dms");
    expect(dms.lat).toBeCloseTo(Q_LAT, 12);
    expect(dms.lon).toBeCloseTo(Q_LON, 12);
    // Wikipedia's ISO 6709 example, Statue of Liberty: +40°41'21.1" -74°02'40.2" = 40.689194, -74.044500
    const sol = parseCoordinate("+404121.1-0740240.2/")!;
    expect(sol.lat).toBeCloseTo(40 + 41 / 60 + 21.1 / 3600, 12);
    expect(sol.lon).toBeCloseTo(-(74 + 2 / 60 + 40.2 / 3600), 12);
    const dm = parseCoordinate("+3413.74+03714.4/")!;
    expect(dm.lat).toBeCloseTo(34.229, 12);
    expect(dm.lon).toBeCloseTo(37.24, 12);
    expect(parseCoordinate("-3330-07015")).toMatchObject({ lat: -33.5, lon: -70.25 });
  });
  it("rejects packed minutes >= 60", () => {
    expectError("+3461+03714/", "OUT_OF_RANGE", /minutes 61 must be below 60/);
  });
});

describe("labels, letter marks and parentheses", () => {
  it.each([
    ["lat 34.229 lon 37.240"],
    ["lat=34.229, lon=37.240"],
    ["lon=37.24, lat=34.229"],
    ["lng: 37.24 lat: 34.229"],
    ["Latitude: 34.229 Longitude: 37.24"],
    ["(34.229, 37.240)"],
    ["34.229d 37.24d"],
  ])("%s", (text) => {
    expect(parseCoordinate(text)).toMatchObject({ lat: 34.229, lon: 37.24, input: text });
  });
  it("labels decide the axis, even lon first; letters must agree with the label", () => {
    expect(parseCoordinate("lon 37.24 lat 34.229")).toMatchObject({ lat: 34.229, lon: 37.24, format: "decimal" });
    expect(parseCoordinate(`latitude: 34°13'44"N, longitude: 37°14'24"E`)).toMatchObject({ format: "dms" });
    expectError("lat 37.24E lon 34.229N", "BAD_COORDINATE", /labelled latitude but carries the letter E/);
    expectError("lat 34.2 lat 37", "BAD_COORDINATE", /both values are labelled latitude/);
    expectError("lat 34.229", "BAD_COORDINATE", /exactly one latitude and one longitude/);
  });
  it("reads GeoConvert-style d/m/s letter marks", () => {
    for (const text of ["34d13m44s N 37d14m24s E", "34d13m44sN 37d14m24sE", "N34d13m44s E37d14m24s"]) {
      const p = parseCoordinate(text)!;
      expect(p.format, text).toBe("dms");
      expect(p.lat, text).toBeCloseTo(Q_LAT, 12);
      expect(p.lon, text).toBeCloseTo(Q_LON, 12);
    }
    expect(parseCoordinate("34d13.74m N 37d14.4m E")!.lat).toBeCloseTo(34.229, 12);
  });
  it("rejects square brackets: a GeoJSON [lon, lat] position is not typed input", () => {
    expectError("[37.24, 34.229]", "BAD_COORDINATE", /GeoJSON position.*write '34.229°N 37.240°E'/);
    expectError("[1, 2, 3]", "BAD_COORDINATE", /GeoJSON/);
  });
  it("names with label-like words or d/m letters stay names", () => {
    for (const text of ["Latakia", "Long Island 5", "3d Street", "Lattakia port 2", "Deir Hafer"])
      expect(parseCoordinate(text), text).toBeNull();
  });
});

describe("MGRS", () => {
  it("round-trips Qaryatayn at 1 m through formatMgrs/parseCoordinate", () => {
    const s = formatMgrs(37.24, 34.229, 5);
    expect(s).toBe("37SCT3789588948");
    const p = parseCoordinate(s)!;
    expect(p.format).toBe("mgrs");
    // centre of the 1 m square: within 1 m, i.e. ~1e-5 degrees
    expect(Math.abs(p.lat - 34.229)).toBeLessThan(1e-5);
    expect(Math.abs(p.lon - 37.24)).toBeLessThan(1.2e-5);
  });
  it("formats points on the equator (latitude exactly 0), which geographiclib-mgrs 1.0.4 alone cannot", () => {
    // references: GeographicLib's GeoConvert -m -p 0 ("0 39" → 37NEA0000000000, "0 -60.5" → 20NQF7827600000)
    expect(formatMgrs(39, 0, 5)).toBe("37NEA0000000000");
    expect(formatMgrs(-60.5, 0, 5)).toBe("20NQF7827600000");
    expect(formatMgrs(39, -0, 5)).toBe("37NEA0000000000");
  });
  it("accepts spaces and lower case, and coarse precisions (centre of the square)", () => {
    expect(parseCoordinate("37S CT 37895 88948")).toEqual({
      ...parseCoordinate("37SCT3789588948"),
      input: "37S CT 37895 88948",
    });
    expect(parseCoordinate("37sct3789588948")).toMatchObject({ format: "mgrs" });
    const coarse = parseCoordinate("37SCT38")!; // 10 km square: centre within ~7 km of Qaryatayn
    expect(Math.abs(coarse.lat - 34.229)).toBeLessThan(0.07);
    expect(Math.abs(coarse.lon - 37.24)).toBeLessThan(0.07);
  });
  it("round-trips random points in the region", () => {
    for (let i = 0; i < 50; i++) {
      const lat = 32 + ((i * 0.1137) % 5.5);
      const lon = 35.5 + ((i * 0.7919) % 10);
      const p = parseCoordinate(formatMgrs(lon, lat, 5))!;
      expect(Math.abs(p.lat - lat)).toBeLessThan(1e-5);
      expect(Math.abs(p.lon - lon)).toBeLessThan(1.5e-5);
    }
  });
  it("rejects malformed MGRS", () => {
    expectError("37SCT123", "BAD_COORDINATE", /even count/);
    expectError("61SCT1234", "BAD_COORDINATE", /zone 61/);
    expectError("37SCT123456789012", "BAD_COORDINATE", /at most 10/);
    expectError("37SIT1234", "BAD_COORDINATE"); // I is not a column letter; not a place name either
  });
});

describe("not a coordinate: null, so the caller tries the gazetteer", () => {
  it.each([
    "Deir ez-Zor",
    "Qaryatayn",
    "T-2",
    "3-Zor",
    "12 # Main",
    "al-Bukamal",
    "Hama",
    "K3 station",
    "Route 66",
    "",
    "   ",
    "NE",
    "دير الزور",
    "Nasr 12",
  ])("%s", (text) => {
    expect(parseCoordinate(text)).toBeNull();
  });
});

describe("errors say what was understood and how to fix it", () => {
  it("two latitudes", () => {
    expectError("34N 35N", "BAD_COORDINATE", /'34N' and '35N' are both latitudes.*one longitude \(E or W\)/);
    expectError("37E 40E", "BAD_COORDINATE", /both longitudes/);
  });
  it("a letter on one value only", () => {
    expectError("34.2N, 37.1", "BAD_COORDINATE", /'34.2N' has a hemisphere letter but '37.1' has none/);
  });
  it("sign and letter together", () => {
    expectError("-34N 37E", "BAD_COORDINATE", /both a sign and a hemisphere letter; write either S/);
  });
  it("latitude beyond 90 (a lon,lat pair) names the reading and the fix", () => {
    const e = expectError("134.23, 37.24", "OUT_OF_RANGE", /read as lat 134.23, lon 37.24 \(ISO 6709: latitude first/);
    expect(e.message).toMatch(/write '37.24°N 134.23°E'/);
    expect(e.details).toMatchObject({ lat: 134.23, lon: 37.24 });
  });
  it("out of range with letters", () => {
    expectError("95N 37E", "OUT_OF_RANGE", /latitude must be within -90..90/);
    expectError("34N 181E", "OUT_OF_RANGE", /longitude must be within -180..180/);
    expectError("34, -180.5", "OUT_OF_RANGE", /longitude/);
  });
  it("minutes and seconds must be below 60", () => {
    expectError(`34°61'N 37°E`, "OUT_OF_RANGE", /minutes 61 must be below 60/);
    expectError(`34°13'60"N 37°14'24"E`, "OUT_OF_RANGE", /seconds 60 must be below 60/);
  });
  it("malformed DMS", () => {
    expectError(`34.5°13'N 37°14'E`, "BAD_COORDINATE", /degrees 34.5 have a fraction but minutes follow/);
    expectError(`34°13.5'44"N 37°14'24"E`, "BAD_COORDINATE", /minutes 13.5 have a fraction/);
    expectError(`34'13°N 37°14'E`, "BAD_COORDINATE", /expected degrees, then minutes, then seconds/);
    expectError(`34 13 44 12 N 37 E`, "BAD_COORDINATE", /at most degrees, minutes and seconds/);
  });
  it("wrong number of values", () => {
    expectError("12", "BAD_COORDINATE", /a single number is not a coordinate.*in one argument/);
    expectError("1 2 3", "BAD_COORDINATE", /found 3 numbers/);
    expectError("34.2, 37.1, 5", "BAD_COORDINATE", /exactly two values/);
    expectError("34.2N", "BAD_COORDINATE", /exactly two/);
  });
  it("letters in the middle, stray characters", () => {
    expectError("34 N 37 E 5", "BAD_COORDINATE", /hemisphere letters must all come before/);
    expectError("N34.2 37.1E", "BAD_COORDINATE", /not one of each/);
    expectError("34.2 # 37.1", "BAD_COORDINATE", /unexpected character '#'/);
  });
  it("every error lists the accepted forms", () => {
    expectError("34N 35N", "BAD_COORDINATE", /Accepted: 34.229,37.240 \(ISO 6709, lat first\)/);
  });
});

describe("formatting", () => {
  it("formatLatLon: latitude first with hemisphere letters", () => {
    expect(formatLatLon(37.24, 34.229)).toBe("34.2290°N 37.2400°E");
    expect(formatLatLon(-70.25, -33.5, 2)).toBe("33.50°S 70.25°W");
  });
  it("formatLatLon output parses back to the same point", () => {
    const p = parseCoordinate(formatLatLon(40.14, 35.336, 6))!;
    expect(p).toMatchObject({ lat: 35.336, lon: 40.14, format: "hemisphere" });
  });
  it("formatDms rounds seconds without producing 60", () => {
    expect(formatDms(Q_LON, Q_LAT)).toBe(`34°13'44.0"N 37°14'24.0"E`);
    expect(formatDms(-0.5, -0.99999999)).toBe(`1°00'00.0"S 0°30'00.0"W`);
    const p = parseCoordinate(formatDms(Q_LON, Q_LAT))!;
    expect(p.lat).toBeCloseTo(Q_LAT, 9);
    expect(p.lon).toBeCloseTo(Q_LON, 9);
  });
});

describe("round trips over the globe (seeded)", () => {
  const rnd = mulberry32(42);
  it("formatLatLon, formatDms and ISO 6709 lat,lon parse back to the same point", () => {
    for (let i = 0; i < 300; i++) {
      const lat = Math.round((rnd() * 160 - 80) * 1e6) / 1e6;
      const lon = Math.round((rnd() * 360 - 180) * 1e6) / 1e6;
      const hemi = parseCoordinate(formatLatLon(lon, lat, 6))!;
      expect(hemi.lat).toBeCloseTo(lat, 9);
      expect(hemi.lon).toBeCloseTo(lon, 9);
      const dms = parseCoordinate(formatDms(lon, lat, 3))!; // 0.001" ≈ 3 cm
      expect(Math.abs(dms.lat - lat)).toBeLessThan(2e-7);
      expect(Math.abs(dms.lon - lon)).toBeLessThan(2e-7);
      expect(parseCoordinate(`${lat},${lon}`)).toMatchObject({ lat, lon, format: "decimal" });
      expect(parseCoordinate(`${lat} ${lon}`)).toMatchObject({ lat, lon });
    }
  });
  it("MGRS at 1 m round-trips within a metre anywhere in the UTM area", () => {
    for (let i = 0; i < 200; i++) {
      const lat = rnd() * 160 - 80;
      const lon = rnd() * 360 - 180;
      const p = parseCoordinate(formatMgrs(lon, lat, 5))!;
      // 1 m square: the centre is within 0.71 m; 1 m ≈ 9e-6° of latitude, 9e-6°/cos(lat) of longitude
      expect(Math.abs(p.lat - lat)).toBeLessThan(1e-5);
      expect(Math.abs(p.lon - lon) * Math.cos((lat * Math.PI) / 180)).toBeLessThan(1e-5);
    }
  });
});

describe("robustness (seeded fuzz)", () => {
  it("any text gives a valid point, null, or a SyraqError — never another exception", () => {
    const rnd = mulberry32(1234);
    const alphabet = [
      "3",
      "4",
      "7",
      "0",
      "9",
      ".",
      ",",
      ";",
      " ",
      "-",
      "+",
      "°",
      "'",
      '"',
      "′",
      "″",
      ":",
      "N",
      "S",
      "E",
      "W",
      "d",
      "m",
      "s",
      "lat ",
      "lon ",
      "(",
      ")",
      "[",
      "]",
      "/",
      "37S",
      "CT",
      "x",
    ];
    let points = 0;
    for (let i = 0; i < 3000; i++) {
      const n = 1 + Math.floor(rnd() * 14);
      let text = "";
      for (let k = 0; k < n; k++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      let r: ReturnType<typeof parseCoordinate> = null;
      try {
        r = parseCoordinate(text);
      } catch (e) {
        expect(e, JSON.stringify(text)).toBeInstanceOf(SyraqError);
        expect(["BAD_COORDINATE", "OUT_OF_RANGE"]).toContain((e as SyraqError).code);
        continue;
      }
      if (r) {
        points++;
        expect(Math.abs(r.lat), text).toBeLessThanOrEqual(90);
        expect(Math.abs(r.lon), text).toBeLessThanOrEqual(180);
        expect(Number.isFinite(r.lat) && Number.isFinite(r.lon), text).toBe(true);
      }
    }
    expect(points).toBeGreaterThan(0); // the fuzz does reach the success paths (a few of 3000)
  });
});
