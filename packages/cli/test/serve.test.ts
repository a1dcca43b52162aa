/**
 * `syraq serve` as a user meets it: a real process on a loopback port, queried by clients
 * written for OSRM and Valhalla (RoutingJS's @routingjs/osrm and @routingjs/valhalla from the
 * npm registry, which decode polylines with @googlemaps/polyline-codec), by @mapbox/polyline,
 * and by plain fetch. Answers are compared with the CLI's own (`syraq route/isochrone --json`,
 * run in-process), bad requests must come back as 400s in each API's format, and a seeded
 * fuzz loop must leave the server healthy.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import polyline from "@mapbox/polyline";
import { OSRM } from "@routingjs/osrm";
import { Valhalla } from "@routingjs/valhalla";
import { geodesicInverse, mulberry32 } from "@syraq/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../../../tests/helpers/cli.ts";
import { BIN, getJson, ROOT, type ServerProcess, startServe } from "./serve-helpers.ts";

// Raqqa and Palmyra from the gazetteer (syraq where), [lon, lat]
const RAQQA: [number, number] = [39.00788, 35.95283];
const PALMYRA: [number, number] = [38.28402, 34.5624];
const SUKHNA: [number, number] = [38.87, 34.8833];

let server: ServerProcess;

beforeAll(async () => {
  server = await startServe(["--workers", "2"]);
}, 120_000);

afterAll(async () => {
  if (server) await server.stop();
});

const relClose = (a: number, b: number, tol = 1e-9) =>
  expect(Math.abs(a - b) / Math.max(1, Math.abs(b))).toBeLessThan(tol);

describe("syraq serve: health, OpenAPI", () => {
  it("GET /health is 200 once ready and /openapi.json describes the services", async () => {
    const h = await getJson(`${server.url}/health`);
    expect(h.status).toBe(200);
    expect(h.body.status).toBe("ok");
    const api = await getJson(`${server.url}/openapi.json`);
    expect(api.status).toBe(200);
    expect(api.body.openapi).toMatch(/^3\./);
    const pre = await fetch(`${server.url}/isochrone`, { method: "OPTIONS" });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-methods")).toMatch(/POST/);
    for (const p of [
      "/route/v1/{profile}/{coordinates}",
      "/table/v1/{profile}/{coordinates}",
      "/isochrone",
      "/syraq/v1/route",
    ])
      expect(Object.keys(api.body.paths)).toContain(p);
  });
});

describe("syraq serve: OSRM route through an OSRM client", () => {
  it("the client's route equals `syraq route --json` (duration, length) and its polyline decodes onto the route", async () => {
    const client = new OSRM({ baseUrl: server.url });
    // RoutingJS takes [lat, lon] and sends OSRM's lon,lat
    const d = await client.directions(
      [
        [RAQQA[1], RAQQA[0]],
        [PALMYRA[1], PALMYRA[0]],
      ],
      "driving",
      { overview: "full" },
    );
    expect(d.raw.code).toBe("Ok");
    const route = d.raw.routes[0]!;
    const ref = await cli("route", `${RAQQA[1]},${RAQQA[0]}`, `${PALMYRA[1]},${PALMYRA[0]}`, "--json", "--quiet");
    expect(ref.status).toBe(0);
    const props = ref.json().features[0].properties;
    relClose(route.duration, props.durationSeconds);
    relClose(route.distance, props.lengthMetres);
    expect(route.legs).toHaveLength(1);
    relClose(route.legs[0]!.duration!, props.durationSeconds);
    // geometry: the client decoded it with @googlemaps/polyline-codec ([lat, lng] pairs)
    const coords = d.directions[0]!.feature.geometry!.coordinates as number[][];
    const refCoords = ref.json().features[0].geometry.coordinates as number[][];
    expect(coords.length).toBe(refCoords.length);
    coords.forEach((c, i) => {
      expect(Math.abs(c[1]! - refCoords[i]![0]!)).toBeLessThan(1.01e-5);
      expect(Math.abs(c[0]! - refCoords[i]![1]!)).toBeLessThan(1.01e-5);
    });
    // waypoints: the snapped cell centres, within one cell (~2.8 km) of the inputs
    for (const [i, w] of (d.raw.waypoints ?? []).entries()) {
      const input = i === 0 ? RAQQA : PALMYRA;
      const s = geodesicInverse(input, w.location as [number, number]).lengthMetres;
      expect(s).toBeLessThan(2000);
      expect(Math.abs(s - w.distance!)).toBeLessThan(0.1);
    }
  });

  it("seeded town pairs, both models and a via: OSRM distance and duration are exactly `syraq route --json`'s", async () => {
    // the skeleton's towns, as pnpm bench:serve draws them; the CLI runs its own search in this process
    const roads = JSON.parse(readFileSync(join(ROOT, "data", "roads", "roads.json"), "utf8")) as {
      roads: Array<{ towns: Array<{ name: string; lonLat: [number, number] }> }>;
    };
    const towns = [...new Map(roads.roads.flatMap((r) => r.towns.map((t) => [t.name, t.lonLat] as const))).values()];
    const rnd = mulberry32(12);
    const pick = () => towns[Math.floor(rnd() * towns.length)]!;
    const cases: Array<{ profile: string; model: string; points: Array<[number, number]> }> = [];
    for (let i = 0; i < 4; i++) cases.push({ profile: "driving", model: "vehicle", points: [pick(), pick()] });
    for (let i = 0; i < 2; i++) cases.push({ profile: "foot", model: "foot", points: [pick(), pick()] });
    cases.push({ profile: "driving", model: "vehicle", points: [pick(), pick(), pick()] });
    const latLon = (p: [number, number]) => `${p[1]},${p[0]}`;
    let compared = 0;
    for (const c of cases) {
      if (c.points[0]![0] === c.points[1]![0] && c.points[0]![1] === c.points[1]![1]) continue;
      const coords = c.points.map((p) => p.join(",")).join(";");
      const r = await getJson(`${server.url}/route/v1/${c.profile}/${coords}?overview=false`);
      expect(r.body.code).toBe("Ok");
      const vias = c.points.slice(1, -1).flatMap((p) => ["--via", latLon(p)]);
      const ref = await cli(
        "route",
        latLon(c.points[0]!),
        latLon(c.points.at(-1)!),
        ...vias,
        "--model",
        c.model,
        "--json",
        "--quiet",
      );
      expect(ref.status).toBe(0);
      const props = ref.json().features[0].properties;
      const route = r.body.routes[0];
      // the same search and the same sums: identical numbers, not merely close ones
      expect(route.duration).toBe(props.durationSeconds);
      expect(route.distance).toBe(props.lengthMetres);
      expect(route.syraq.roadLengthMetres).toBe(props.roadLengthMetres);
      expect(route.legs.map((l: { duration: number }) => l.duration)).toEqual(
        props.legs.map((l: { durationSeconds: number }) => l.durationSeconds),
      );
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  });

  it("polyline6, geojson and simplified geometries agree (decoded by @mapbox/polyline)", async () => {
    const path = `/route/v1/foot/${RAQQA.join(",")};${PALMYRA.join(",")}`;
    const gj = await getJson(`${server.url}${path}?overview=full&geometries=geojson`);
    const p6 = await getJson(`${server.url}${path}?overview=full&geometries=polyline6`);
    const simp = await getJson(`${server.url}${path}?geometries=geojson`);
    expect(gj.body.code).toBe("Ok");
    const full = gj.body.routes[0].geometry.coordinates as number[][];
    const dec = polyline.decode(p6.body.routes[0].geometry, 6);
    expect(dec.length).toBe(full.length);
    dec.forEach(([lat, lon], i) => {
      expect(Math.abs(lon! - full[i]![0]!)).toBeLessThan(1.01e-6);
      expect(Math.abs(lat! - full[i]![1]!)).toBeLessThan(1.01e-6);
    });
    const s = simp.body.routes[0].geometry.coordinates as number[][];
    expect(s.length).toBeLessThanOrEqual(full.length);
    expect(s[0]).toEqual(full[0]);
    expect(s.at(-1)).toEqual(full.at(-1));
    expect(gj.body.routes[0].duration).toBe(p6.body.routes[0].duration);
  });

  it("steps, annotations and Syraq's extras: they add up to the route's figures", async () => {
    const r = await getJson(
      `${server.url}/route/v1/driving/${RAQQA.join(",")};${PALMYRA.join(",")}?steps=true&annotations=true&overview=false`,
    );
    const route = r.body.routes[0];
    expect(route.geometry).toBeUndefined();
    const leg = route.legs[0];
    expect(leg.steps[0].maneuver.type).toBe("depart");
    expect(leg.steps.at(-1).maneuver.type).toBe("arrive");
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    relClose(sum(leg.steps.map((s: { duration: number }) => s.duration)), route.duration, 1e-9);
    relClose(sum(leg.steps.map((s: { distance: number }) => s.distance)), route.distance, 1e-9);
    // per-move durations re-costed from the graph sum to the A* cost
    relClose(sum(leg.annotation.duration), route.duration, 1e-6);
    relClose(sum(leg.annotation.distance), route.distance, 1e-9);
    expect(leg.annotation.nodes.length).toBe(leg.annotation.duration.length + 1);
    expect(route.syraq.model).toBe("vehicle");
    expect(route.syraq.crossings.length).toBeGreaterThan(0);
    for (const s of leg.steps.slice(0, -1)) expect(["road", "off-road", "crossing"]).toContain(s.syraq.type);
  });

  it("date and closed change the crossing used, as `syraq route --closed` does", async () => {
    const base = `${server.url}/route/v1/driving/${RAQQA.join(",")};${PALMYRA.join(",")}?overview=false`;
    const open = await getJson(base);
    const first = open.body.routes[0].syraq.crossings[0] as string;
    const closed = await getJson(`${base}&closed=${encodeURIComponent(first)}`);
    expect(closed.status).toBe(200);
    expect(closed.body.routes[0].syraq.crossings).not.toContain(first);
    expect(closed.body.routes[0].syraq.closedCrossings).toContain(first);
    const ref = await cli(
      "route",
      `${RAQQA[1]},${RAQQA[0]}`,
      `${PALMYRA[1]},${PALMYRA[0]}`,
      "--closed",
      first,
      "--json",
      "--quiet",
    );
    relClose(closed.body.routes[0].duration, ref.json().features[0].properties.durationSeconds);
  });

  it("alternatives=2 gives materially different routes, none faster than the first", async () => {
    const r = await getJson(
      `${server.url}/route/v1/driving/${RAQQA.join(",")};${PALMYRA.join(",")}?alternatives=2&overview=false`,
    );
    expect(r.status).toBe(200);
    expect(r.body.routes.length).toBeGreaterThanOrEqual(2);
    for (const alt of r.body.routes.slice(1)) expect(alt.duration).toBeGreaterThanOrEqual(r.body.routes[0].duration);
  });
});

describe("syraq serve: OSRM nearest", () => {
  it("the first waypoint is the cell a route starts from; the others follow by distance", async () => {
    const n = await getJson(`${server.url}/nearest/v1/driving/${RAQQA.join(",")}?number=4`);
    expect(n.status).toBe(200);
    expect(n.body.code).toBe("Ok");
    expect(n.body.waypoints).toHaveLength(4);
    const r = await getJson(`${server.url}/route/v1/driving/${RAQQA.join(",")};${PALMYRA.join(",")}?overview=false`);
    expect(n.body.waypoints[0].location).toEqual(r.body.waypoints[0].location);
    const d = n.body.waypoints.map((w: { distance: number }) => w.distance);
    for (let i = 2; i < d.length; i++) expect(d[i]).toBeGreaterThanOrEqual(d[i - 1]);
    for (const w of n.body.waypoints)
      expect(Math.abs(geodesicInverse(RAQQA, w.location).lengthMetres - w.distance)).toBeLessThan(0.1);
  });
});

describe("syraq serve: OSRM radiuses and bearings", () => {
  it("radiuses: a point snaps only within its radius of the cell it starts from, else NoSegment; bearings are checked", async () => {
    const base = `${server.url}/route/v1/driving/${RAQQA.join(",")};${PALMYRA.join(",")}?overview=false`;
    const plain = await getJson(base);
    // the waypoint distance is the geodesic from the input to the start cell's centre (checked in the nearest test)
    const [d0, d1] = plain.body.waypoints.map((w: { distance: number }) => w.distance) as [number, number];
    expect(d0).toBeGreaterThan(10); // Raqqa's coordinate is not its cell's centre: a radius can exclude it
    const within = await getJson(`${base}&radiuses=${Math.ceil(d0) + 1};unlimited`);
    expect(within.body.code).toBe("Ok");
    expect(within.body.routes[0].duration).toBe(plain.body.routes[0].duration);
    const same = await getJson(`${base}&radiuses=;${Math.ceil(d1) + 1}`);
    expect(same.body.routes[0].duration).toBe(plain.body.routes[0].duration);
    const beyond = await getJson(`${base}&radiuses=${Math.floor(d0 / 2)};unlimited`);
    expect([beyond.status, beyond.body.code]).toEqual([400, "NoSegment"]);
    expect(beyond.body.message).toMatch(/coordinate 0 within its radius/);
    for (const bad of ["abc;1", "-5;1", "1e999;1"]) {
      const r = await getJson(`${base}&radiuses=${bad}`);
      expect([r.status, r.body.code], bad).toEqual([400, "InvalidValue"]);
    }
    const count = await getJson(`${base}&radiuses=100`);
    expect(count.body.code).toBe("InvalidOptions");
    // bearings: OSRM's {value},{range} shape is checked; a grid has no segment direction, so they do not change the route
    const bearing = await getJson(`${base}&bearings=90,20;`);
    expect(bearing.body.routes[0].duration).toBe(plain.body.routes[0].duration);
    const badBearing = await getJson(`${base}&bearings=400,10;`);
    expect([badBearing.status, badBearing.body.code]).toEqual([400, "InvalidValue"]);
    // the other accepted-but-ignored parameters: shape checked, answer unchanged; exclude has nothing to exclude
    const ignored = await getJson(`${base}&approaches=curb;&hints=;&snapping=any&generate_hints=false`);
    expect(ignored.body.routes[0].duration).toBe(plain.body.routes[0].duration);
    for (const bad of ["approaches=left;", "snapping=all", "generate_hints=yes", "exclude=motorway"]) {
      const r = await getJson(`${base}&${bad}`);
      expect([r.status, r.body.code], bad).toEqual([400, "InvalidValue"]);
    }
    // table: a radius that excludes a used coordinate is NoSegment; an unused one does not matter
    const table = `${server.url}/table/v1/driving/${RAQQA.join(",")};${PALMYRA.join(",")};${SUKHNA.join(",")}`;
    const tight = `radiuses=${Math.floor(d0 / 2)};;`;
    expect((await getJson(`${table}?${tight}`)).body.code).toBe("NoSegment");
    expect((await getJson(`${table}?${tight}&sources=1&destinations=2`)).body.code).toBe("Ok");
    // nearest: only cells within the radius; none within it is NoSegment
    const near = await getJson(`${server.url}/nearest/v1/driving/${RAQQA.join(",")}?number=20&radiuses=4000`);
    expect(near.body.waypoints.length).toBeGreaterThan(1);
    expect(near.body.waypoints.length).toBeLessThan(20);
    for (const w of near.body.waypoints) expect(w.distance).toBeLessThanOrEqual(4000);
    const none = await getJson(`${server.url}/nearest/v1/driving/${RAQQA.join(",")}?radiuses=${Math.floor(d0 / 2)}`);
    expect(none.body.code).toBe("NoSegment");
  });
});

describe("syraq serve: OSRM table", () => {
  it("the client's matrix equals the server's pairwise routes (one-to-many search = A* cost)", async () => {
    const places: Array<[number, number]> = [RAQQA, PALMYRA, SUKHNA];
    const client = new OSRM({ baseUrl: server.url });
    const m = await client.matrix(
      places.map((p) => [p[1], p[0]]),
      "foot",
    );
    expect(m.raw.code).toBe("Ok");
    const durations = m.durations as number[][];
    expect(durations).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      expect(durations[i]![i]).toBe(0);
      for (let j = 0; j < 3; j++) {
        if (i === j) continue;
        const r = await getJson(
          `${server.url}/route/v1/foot/${places[i]!.join(",")};${places[j]!.join(",")}?overview=false`,
        );
        relClose(durations[i]![j]!, r.body.routes[0].duration, 1e-9);
      }
    }
    const withDist = await getJson(
      `${server.url}/table/v1/foot/${places.map((p) => p.join(",")).join(";")}?annotations=duration,distance&sources=0&destinations=1;2`,
    );
    expect(withDist.body.durations).toEqual([[durations[0]![1], durations[0]![2]]]);
    const route01 = await getJson(`${server.url}/route/v1/foot/${RAQQA.join(",")};${PALMYRA.join(",")}?overview=false`);
    // the path may differ among equal-cost ones; its length stays within a cell of the route's
    expect(Math.abs(withDist.body.distances[0][0] - route01.body.routes[0].distance)).toBeLessThan(3000);
    expect(withDist.body.sources).toHaveLength(1);
    expect(withDist.body.destinations).toHaveLength(2);
  });
});

describe("syraq serve: Valhalla isochrone through a Valhalla client", () => {
  it("contours match `syraq isochrone --json` (areas) and come largest first", async () => {
    const client = new Valhalla({ baseUrl: server.url });
    const iso = await client.reachability([SUKHNA[1], SUKHNA[0]], "auto", [3600, 7200], { polygons: true });
    const features = iso.raw.features as unknown as Array<{
      properties: { contour: number; areaSquareMetres: number };
      geometry: { type: string };
    }>;
    expect(features.map((f) => f.properties.contour)).toEqual([120, 60]);
    expect(features[0]!.geometry.type).toBe("MultiPolygon");
    const ref = await cli("isochrone", `${SUKHNA[1]},${SUKHNA[0]}`, "--minutes", "60,120", "--json", "--quiet");
    expect(ref.status).toBe(0);
    const refAreas = new Map(
      (ref.json().features as Array<{ properties: { durationSeconds: number; areaKm2: number } }>).map((f) => [
        f.properties.durationSeconds / 60,
        f.properties.areaKm2 * 1e6,
      ]),
    );
    for (const f of features) relClose(f.properties.areaSquareMetres, refAreas.get(f.properties.contour)!, 1e-12);
    // GET ?json= gives the same
    const body = {
      locations: [{ lat: SUKHNA[1], lon: SUKHNA[0] }],
      costing: "auto",
      contours: [{ time: 60 }, { time: 120 }],
      polygons: true,
    };
    const viaGet = await getJson(`${server.url}/isochrone?json=${encodeURIComponent(JSON.stringify(body))}`);
    expect(viaGet.body.features.map((f: { properties: { contour: number } }) => f.properties.contour)).toEqual([
      120, 60,
    ]);
    expect(viaGet.body.features[1].properties.areaSquareMetres).toBe(features[1]!.properties.areaSquareMetres);
  });
});

describe("syraq serve: Syraq's JSON API = the CLI's --json", () => {
  it("POST /syraq/v1/route and GET /syraq/v1/distance give the CLI's JSON", async () => {
    const r = await getJson(`${server.url}/syraq/v1/route`, {
      method: "POST",
      body: JSON.stringify({ from: "Raqqa", to: "Palmyra", model: "foot" }),
    });
    expect(r.status).toBe(200);
    const ref = await cli("route", "Raqqa", "Palmyra", "--model", "foot", "--json", "--quiet");
    expect(r.body).toEqual(ref.json());
    const d = await getJson(
      `${server.url}/syraq/v1/distance?places=Qaryatayn&places=${encodeURIComponent("Deir ez-Zor")}`,
    );
    expect(d.body).toEqual((await cli("distance", "Qaryatayn", "Deir ez-Zor", "--json")).json());
    const w = await getJson(`${server.url}/syraq/v1`, {
      method: "POST",
      body: JSON.stringify({ id: 7, command: "where", args: { PLACE: ["Mayadeen"] } }),
    });
    expect(w.body).toEqual((await cli("where", "Mayadeen", "--json")).json());
  });

  it("zone, depth, isochrone and corridor through the API equal the CLI's --json", async () => {
    const post = (cmd: string, args: unknown) =>
      getJson(`${server.url}/syraq/v1/${cmd}`, { method: "POST", body: JSON.stringify(args) });
    const cases: Array<[string, unknown, string[]]> = [
      ["zone", {}, ["zone"]],
      ["depth", { place: ["Qaryatayn"], front: "saa-2017-09-29" }, ["depth", "Qaryatayn", "--front", "saa-2017-09-29"]],
      ["isochrone", { from: ["Sukhna"], minutes: [60, 120] }, ["isochrone", "Sukhna", "--minutes", "60,120"]],
      [
        "corridor",
        { from: "Palmyra", to: "Sukhna", alternatives: 2 },
        ["corridor", "Palmyra", "Sukhna", "--alternatives", "2"],
      ],
    ];
    for (const [cmd, args, argv] of cases) {
      const r = await post(cmd, args);
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
      const ref = await cli(...argv, "--json", "--quiet");
      expect(ref.status).toBe(0);
      expect(r.body).toEqual(ref.json());
    }
  });

  it("as (--as HOLDER) and date through the API: the CLI's control-aware JSON, which differs from the uncontrolled route", async () => {
    const post = (args: unknown) =>
      getJson(`${server.url}/syraq/v1/route`, { method: "POST", body: JSON.stringify(args) });
    // Palmyra → Damascus on 2017-10-20: IS held the al-Qaryatayn pocket (1–21 Oct), so the regime's route goes round it
    const trip = { from: "Palmyra", to: "Damascus", date: "2017-10-20" };
    const plain = await post(trip);
    const saa = await post({ ...trip, as: "SAA" });
    expect([plain.status, saa.status]).toEqual([200, 200]);
    const refPlain = await cli("route", "Palmyra", "Damascus", "--date", "2017-10-20", "--json", "--quiet");
    const refSaa = await cli(
      "route",
      "Palmyra",
      "Damascus",
      "--date",
      "2017-10-20",
      "--as",
      "SAA",
      "--json",
      "--quiet",
    );
    expect(plain.body).toEqual(refPlain.json());
    expect(saa.body).toEqual(refSaa.json());
    const p = plain.body.features[0].properties;
    const q = saa.body.features[0].properties;
    expect([p.control.applied, q.control.applied, q.control.as, q.control.snapshot]).toEqual([
      false,
      true,
      "SAA",
      "2017-10-14",
    ]);
    expect(q.durationSeconds).toBeGreaterThan(p.durationSeconds + 60); // the detour, not rounding
    // GET with the arguments in the query string is the same request
    const viaGet = await getJson(`${server.url}/syraq/v1/route?from=Palmyra&to=Damascus&date=2017-10-20&as=regime`);
    expect(viaGet.body).toEqual(refSaa.json());
    // Hajin → al-Bukamal on 2017-10-01: a route without control, none as the SAA (Hajin lies in IS's area)
    const hajin = { from: "Hajin", to: "al-Bukamal", date: "2017-10-01" };
    expect((await post(hajin)).status).toBe(200);
    const refused = await post({ ...hajin, as: "SAA" });
    expect([refused.status, refused.body.error.code]).toEqual([422, "UNREACHABLE"]);
    expect(refused.body.error.message).toMatch(/Hajin lies in the area of IS .* not in the area of SAA/);
  });

  it("bad requests: coded errors with HTTP 400, 422 for no result", async () => {
    const post = (path: string, body: unknown) =>
      getJson(`${server.url}${path}`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
    const unknown = await post("/syraq/v1/route", { from: "Bukamel-not-a-place", to: "Palmyra" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("UNKNOWN_PLACE");
    const out = await post("/syraq/v1/route", { from: "Raqqa", to: "Palmyra", out: "/tmp/x.geojson" });
    expect([out.status, out.body.error.code]).toEqual([400, "BAD_OPTION"]);
    const front = await post("/syraq/v1/depth", { place: ["Qaryatayn"], front: "/etc/passwd" });
    expect([front.status, front.body.error.code]).toEqual([400, "BAD_ARGUMENT"]);
    const bad = await post("/syraq/v1/route", "{not json");
    expect([bad.status, bad.body.error.code]).toEqual([400, "BAD_JSON"]);
    const cmd = await post("/syraq/v1/accumulate", {});
    expect([cmd.status, cmd.body.error.code]).toEqual([400, "UNKNOWN_COMMAND"]);
    const euphrates = (
      JSON.parse(readFileSync(join(ROOT, "data", "crossings", "crossings.geojson"), "utf8")).features as Array<{
        properties: { name: string; river: string };
      }>
    )
      .filter((f) => f.properties.river === "euphrates")
      .map((f) => f.properties.name);
    const none = await post("/syraq/v1/route", { from: "Hajin", to: "al-Mayadin", closed: euphrates });
    expect([none.status, none.body.error.code]).toEqual([422, "UNREACHABLE"]);
    const noRoute = await getJson(
      `${server.url}/route/v1/driving/40.83138,34.69508;40.45154,35.01982?closed=${encodeURIComponent(euphrates.join(";"))}`,
    );
    // Hajin (left bank) → al-Mayadin (right bank) with every Euphrates crossing closed
    expect([noRoute.status, noRoute.body.code]).toEqual([400, "NoRoute"]);
  });
});

describe("syraq serve: limits and bad input in each API's format", () => {
  const cases: Array<[string, number, string]> = [
    ["/route/v1/driving/abc", 400, "InvalidQuery"],
    ["/route/v1/driving/NaN,NaN;38,34", 400, "InvalidQuery"],
    ["/route/v1/driving/39,95;38,34", 400, "InvalidValue"],
    ["/route/v1/driving/1e308,1;38,34", 400, "InvalidValue"],
    ["/route/v1/driving/10,10;38.28,34.56", 400, "NoSegment"],
    ["/route/v1/bicycle/39,35.9;38.28,34.56", 400, "InvalidValue"],
    ["/route/v1/driving/39,35.9;38.28,34.56?geometries=wkt", 400, "InvalidValue"],
    ["/route/v1/driving/39,35.9;38.28,34.56?foo=1", 400, "InvalidQuery"],
    ["/route/v1/driving/39,35.9;38.28,34.56?date=2017-13-45", 400, "InvalidValue"],
    ["/route/v1/driving/39,35.9;38.28,34.56?closed=Nowhere%20bridge", 400, "InvalidValue"],
    ["/route/v1/driving/39,35.9", 400, "InvalidValue"],
    ["/route/v2/driving/39,35.9;38.28,34.56", 400, "InvalidVersion"],
    ["/match/v1/driving/39,35.9;38.28,34.56", 400, "InvalidService"],
    ["/nearest/v1/driving/39,35.9;38.28,34.56", 400, "InvalidOptions"],
    ["/nearest/v1/driving/39,35.9?number=0", 400, "InvalidValue"],
    ["/nearest/v1/driving/10,10", 400, "NoSegment"],
    ["/route/v1/driving/%E0%A4%A;1,2", 400, "InvalidUrl"],
    ["/table/v1/driving/39,35.9;38.28,34.56?sources=5", 400, "InvalidValue"],
  ];
  for (const [path, status, code] of cases)
    it(`${path} → ${status} ${code}`, async () => {
      const r = await getJson(`${server.url}${path}`);
      expect([r.status, r.body.code]).toEqual([status, code]);
      expect(typeof r.body.message).toBe("string");
    });

  it("101 coordinates in a route and a 201 × 201 table are TooBig", async () => {
    const rnd = mulberry32(3);
    const pts = (n: number) =>
      Array.from({ length: n }, () => `${(38 + rnd()).toFixed(4)},${(34 + rnd()).toFixed(4)}`).join(";");
    const r = await getJson(`${server.url}/route/v1/driving/${pts(101)}`);
    expect([r.status, r.body.code]).toEqual([400, "TooBig"]);
    const t = await getJson(`${server.url}/table/v1/driving/${pts(201)}`);
    expect([t.status, t.body.code]).toEqual([400, "TooBig"]);
  });

  it("Valhalla: invalid JSON, no contours, unknown costing, too many contours → 400 with error_code", async () => {
    const post = (body: string) => getJson(`${server.url}/isochrone`, { method: "POST", body });
    const loc = { locations: [{ lat: SUKHNA[1], lon: SUKHNA[0] }] };
    const checks: Array<[string, number]> = [
      ["{", 100],
      [JSON.stringify({ ...loc, costing: "auto" }), 113],
      [JSON.stringify({ ...loc, costing: "bicycle", contours: [{ time: 10 }] }), 125],
      [JSON.stringify({ ...loc, costing: "auto", contours: [1, 2, 3, 4, 5].map((t) => ({ time: t })) }), 152],
      [JSON.stringify({ ...loc, costing: "auto", contours: [{ time: 1e9 }] }), 151],
      [JSON.stringify({ locations: [{ lat: "x", lon: 1 }], costing: "auto", contours: [{ time: 5 }] }), 130],
      [JSON.stringify({ locations: [{ lat: 10, lon: 10 }], costing: "auto", contours: [{ time: 5 }] }), 171],
    ];
    for (const [body, code] of checks) {
      const r = await post(body);
      expect([r.status, r.body.error_code]).toEqual([400, code]);
      expect(r.body.status_code).toBe(400);
    }
  });

  it("a body over 1 MB is refused (413) in the API's format, and the server goes on", async () => {
    const big = "x".repeat(1024 * 1024 + 10);
    const r = await fetch(`${server.url}/syraq/v1/route`, { method: "POST", body: big }).catch(() => undefined);
    if (r) {
      expect(r.status).toBe(413);
      expect((await r.json()).error.code).toBe("BAD_BODY");
    }
    expect((await getJson(`${server.url}/health`)).status).toBe(200);
  });
});

describe("syraq serve: fuzz loop (seeded, bounded, loopback)", () => {
  it("400 random malformed requests get JSON answers below 500, then /health is 200", async () => {
    const rnd = mulberry32(20171014);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const junk = () =>
      pick([
        "NaN",
        "Infinity",
        "-1e999",
        "1e308",
        "",
        ";",
        ",",
        "%00",
        "%",
        "ز",
        "../../etc/passwd",
        "0x10",
        "39.0,35.9",
        String(rnd() * 400 - 200),
        "polyline(??)",
        "polyline6(_p~iF~ps|U)",
        "{}",
        "[]",
        "null",
        "true",
      ]);
    const paths = [
      () => `/route/v1/${pick(["driving", "foot", "x", ""])}/${junk()},${junk()};${junk()},${junk()}`,
      () =>
        `/route/v1/driving/39,35.9;38.28,34.56?${pick(["steps", "alternatives", "annotations", "geometries", "overview", "waypoints", "radiuses", "date", "closed"])}=${encodeURIComponent(junk())}`,
      () =>
        `/table/v1/foot/39,35.9;38.28,34.56?${pick(["sources", "destinations", "annotations", "scale_factor"])}=${encodeURIComponent(junk())}`,
      () => `/${pick(["route", "table", "isochrone", "syraq", "health"])}/${junk()}/${junk()}`,
      () => `/isochrone?json=${encodeURIComponent(junk())}`,
      () =>
        `/syraq/v1/${pick(["route", "where", "distance", "zone", "depth", "corridor", "isochrone"])}?${junk()}=${encodeURIComponent(junk())}`,
    ];
    const bodies = [
      () =>
        JSON.stringify({ locations: [{ lat: junk(), lon: junk() }], costing: junk(), contours: [{ time: junk() }] }),
      () => JSON.stringify({ from: junk(), to: junk(), model: junk() }),
      () => JSON.stringify({ command: junk(), args: junk() }),
      () => junk(),
      () =>
        `{"contours":[{"time":${pick(["1e400", "-5", "0", "null"])}}],"costing":"auto","locations":[{"lat":35,"lon":39}]}`,
    ];
    let answered = 0;
    for (let i = 0; i < 400; i++) {
      const post = rnd() < 0.35;
      const path = post
        ? pick(["/isochrone", "/syraq/v1/route", "/syraq/v1", "/syraq/v1/where", "/route/v1/driving/1,2;3,4"])
        : pick(paths)();
      const r = await fetch(`${server.url}${path}`, post ? { method: "POST", body: pick(bodies)() } : {});
      const text = await r.text();
      expect(r.status, `${path} → ${r.status} ${text.slice(0, 200)}`).toBeLessThan(500);
      expect(() => JSON.parse(text), `${path}: ${text.slice(0, 200)}`).not.toThrow();
      answered++;
    }
    expect(answered).toBe(400);
    expect((await getJson(`${server.url}/health`)).status).toBe(200);
  });
});

describe("syraq serve: where it listens", () => {
  it("a non-loopback address is warned about; a port in use or a foreign address is exit 2, and the process ends", () => {
    const port = new URL(server.url).port;
    const busy = spawnSync(process.execPath, [BIN, "serve", "--port", port], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(busy.status).toBe(2);
    expect(busy.stderr).toMatch(/BAD_OPTION.*in use/);
    const foreign = spawnSync(process.execPath, [BIN, "serve", "--host", "10.255.255.1", "--port", "0"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toMatch(/warning: listening on 10\.255\.255\.1, not a loopback address/);
    expect(foreign.stderr).toMatch(/no such local address/);
  });
});

describe("syraq serve: shutdown", () => {
  it("SIGTERM stops it cleanly (exit 0) after answering", async () => {
    const health = await fetch(`${server.url}/health`).catch((e: Error) => e);
    expect(health instanceof Error ? `${health.message}; stderr: ${server.stderr()}` : health.status).toBe(200);
    const code = await server.stop();
    expect(code).toBe(0);
    expect(server.stderr()).toMatch(/stopping/);
    server = undefined as unknown as ServerProcess;
  });
});

describe("syraq serve: per-request time limit", () => {
  it("a request past --time-limit is answered 504 in its API's format, its worker is replaced, the server goes on", async () => {
    const s = await startServe(["--workers", "1", "--time-limit", "0.001"]);
    try {
      // no search over the whole region finishes in a millisecond
      const r = await getJson(`${s.url}/route/v1/foot/${RAQQA.join(",")};40.9,34.45?overview=false`);
      expect([r.status, r.body.code]).toEqual([504, "TooBig"]);
      const j = await getJson(`${s.url}/syraq/v1/route`, {
        method: "POST",
        body: JSON.stringify({ from: "Raqqa", to: "Palmyra" }),
      });
      expect([j.status, j.body.error.code]).toEqual([504, "TIMEOUT"]);
      // the replacement worker loads the graph again; meanwhile /health says so, then 200
      let health = 0;
      for (let i = 0; i < 600 && health !== 200; i++) {
        health = (await fetch(`${s.url}/health`)).status;
        if (health !== 200) await new Promise((res) => setTimeout(res, 200));
      }
      expect(health).toBe(200);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  }, 300_000);
});
