// The gazetteer's place list is cached on disk (io/node/cache.ts) under a key made of its inputs' checksums:
// a cached load gives the same places as a fresh build, a changed input gives a new entry, a damaged entry is
// rebuilt, and SYRAQ_CACHE=off writes nothing.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GAZETTEER_SEED_FILE, loadGazetteer } from "../../src/gazetteer/node/load.ts";
import { resolveDataDir } from "../../src/io/node/datadir.ts";
import { gazetteerKeys } from "../../src/gazetteer/gazetteer.ts";
import { euphratesFromRivers } from "../../src/geo/euphrates.ts";
import { readGeoJsonFile } from "../../src/io/node/geojson.ts";
import { loadEuphrates, RIVERS_FILE } from "../../src/io/node/pack.ts";

const dataDir = resolveDataDir();
let work = "";
const saved = { dir: process.env.SYRAQ_CACHE_DIR, off: process.env.SYRAQ_CACHE };
// each load uses its own copy of the seed file: a new path bypasses the in-memory memo, not the disk cache
let n = 0;
const seedCopy = (text?: string) => {
  const p = join(work, `seed-${n++}.json`);
  if (text === undefined) copyFileSync(GAZETTEER_SEED_FILE, p);
  else writeFileSync(p, text);
  return p;
};
const entries = () => readdirSync(join(work, "cache")).filter((f) => f.startsWith("gazetteer-"));

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "syraq-cache-"));
  process.env.SYRAQ_CACHE_DIR = join(work, "cache");
  delete process.env.SYRAQ_CACHE;
});
afterAll(() => {
  if (saved.dir === undefined) delete process.env.SYRAQ_CACHE_DIR;
  else process.env.SYRAQ_CACHE_DIR = saved.dir;
  if (saved.off !== undefined) process.env.SYRAQ_CACHE = saved.off;
  rmSync(work, { recursive: true, force: true });
});

describe("gazetteer disk cache", () => {
  it("a cached load equals a fresh build; a changed seed makes a new entry; a damaged one is rebuilt", () => {
    const fresh = loadGazetteer(dataDir, seedCopy());
    expect(entries()).toHaveLength(1);
    const cachedText = readFileSync(join(work, "cache", entries()[0]!), "utf8");
    // the entry holds the places and their names' lookup keys, as computed without a cache
    const cached = JSON.parse(cachedText) as { places: unknown; keys: unknown };
    expect(cached.places).toEqual(JSON.parse(JSON.stringify(fresh.all())));
    expect(cached.keys).toEqual(gazetteerKeys(fresh.all()));
    const again = loadGazetteer(dataDir, seedCopy());
    expect(entries()).toHaveLength(1);
    expect(JSON.stringify(again.all())).toBe(JSON.stringify(fresh.all()));
    expect(again.lookup("Deir Ezzor").id).toBe(fresh.lookup("Deir Ezzor").id);

    // a new alias in the seed: a new key, and the alias works
    const seed = JSON.parse(readFileSync(GAZETTEER_SEED_FILE, "utf8"));
    const palmyra = seed.places.find((p: { id: string }) => p.id === "palmyra");
    palmyra.aliases.push("Tadmorcachetest");
    const changed = loadGazetteer(dataDir, seedCopy(JSON.stringify(seed)));
    expect(entries()).toHaveLength(2);
    expect(changed.lookup("Tadmorcachetest").name).toBe("Palmyra");
    expect(() => again.lookup("Tadmorcachetest")).toThrow();

    // damaged entries are rebuilt, not trusted: bad JSON, or keys that do not match the places
    for (const f of entries()) writeFileSync(join(work, "cache", f), "[");
    const rebuilt = loadGazetteer(dataDir, seedCopy());
    expect(JSON.stringify(rebuilt.all())).toBe(JSON.stringify(fresh.all()));
    for (const f of entries()) writeFileSync(join(work, "cache", f), JSON.stringify({ places: fresh.all(), keys: [] }));
    const rebuiltKeys = loadGazetteer(dataDir, seedCopy());
    expect(rebuiltKeys.lookup("Deir Ezzor").id).toBe(fresh.lookup("Deir Ezzor").id);
  });

  it("the merged Euphrates is cached under the rivers file's checksum and equals a fresh merge", () => {
    const river = loadEuphrates(dataDir);
    const files = readdirSync(join(work, "cache")).filter((f) => f.startsWith("euphrates-"));
    expect(files).toHaveLength(1);
    const fresh = euphratesFromRivers(readGeoJsonFile(join(dataDir, RIVERS_FILE)) as { features?: [] }, RIVERS_FILE);
    expect(JSON.parse(readFileSync(join(work, "cache", files[0]!), "utf8"))).toEqual(JSON.parse(JSON.stringify(fresh)));
    expect(river.lengthMetres).toBe(fresh.lengthMetres);
  });

  it("SYRAQ_CACHE=off writes nothing", () => {
    rmSync(join(work, "cache"), { recursive: true, force: true });
    process.env.SYRAQ_CACHE = "off";
    try {
      loadGazetteer(dataDir, seedCopy());
    } finally {
      delete process.env.SYRAQ_CACHE;
    }
    expect(() => readdirSync(join(work, "cache"))).toThrow();
  });
});
