import { mulberry32 } from "../../packages/core/src/util/random.ts";
/**
 * The geodesic test cases shared by the live GeodSolve comparison
 * (geodsolve.test.ts) and the stored-reference generator
 * (make-geodsolve-reference.ts). Deterministic: a seeded PRNG, no Math.random.
 */
export interface InverseCase {
  label: string;
  lat1: number;
  lon1: number;
  lat2: number;
  lon2: number;
}
export interface DirectCase {
  label: string;
  lat1: number;
  lon1: number;
  azi1: number;
  s12: number;
}
export interface RingCase {
  label: string;
  /** [lon, lat] vertices, open (first vertex not repeated) */
  ring: [number, number][];
}

/** A tiny seeded PRNG, good enough to spread test points. */
export const seededRandom = mulberry32;

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Approximate seed-town positions (lat, lon), only as test points. */
export const SEED_TOWNS: [string, number, number][] = [
  ["Qaryatayn", 34.229, 37.24],
  ["Deir ez-Zor", 35.336, 40.14],
  ["Palmyra", 34.56, 38.267],
  ["Sukhna", 34.886, 38.872],
  ["al-Mayadin", 35.021, 40.453],
  ["al-Bukamal", 34.453, 40.918],
  ["Raqqa", 35.953, 39.009],
  ["Aleppo", 36.202, 37.159],
  ["Homs", 34.727, 36.723],
  ["Damascus", 33.51, 36.291],
  ["Qamishli", 37.052, 41.227],
  ["Mosul", 36.335, 43.119],
  ["Fallujah", 33.353, 43.779],
  ["Baqubah (Diyala)", 33.746, 44.643],
  ["Ramadi (Anbar)", 33.426, 43.299],
];

/** Region bbox of the data pack: 35.5–45.5 E, 32–37.5 N. */
const REGION = { west: 35.5, east: 45.5, south: 32, north: 37.5 };

export function inverseCases(): InverseCase[] {
  const cases: InverseCase[] = [];
  const rnd = seededRandom(20170928);
  for (let i = 0; i < SEED_TOWNS.length; i++) {
    for (let j = i + 1; j < SEED_TOWNS.length; j++) {
      const [n1, lat1, lon1] = SEED_TOWNS[i];
      const [n2, lat2, lon2] = SEED_TOWNS[j];
      cases.push({ label: `${n1} -> ${n2}`, lat1, lon1, lat2, lon2 });
    }
  }
  const inRegion = () => [
    round6(REGION.south + rnd() * (REGION.north - REGION.south)),
    round6(REGION.west + rnd() * (REGION.east - REGION.west)),
  ];
  for (let i = 0; i < 120; i++) {
    const [lat1, lon1] = inRegion();
    const [lat2, lon2] = inRegion();
    cases.push({ label: `region random ${i}`, lat1, lon1, lat2, lon2 });
  }
  for (let i = 0; i < 40; i++) {
    const lat1 = round6(Math.asin(2 * rnd() - 1) * (180 / Math.PI));
    const lat2 = round6(Math.asin(2 * rnd() - 1) * (180 / Math.PI));
    cases.push({
      label: `global random ${i}`,
      lat1,
      lon1: round6(360 * rnd() - 180),
      lat2,
      lon2: round6(360 * rnd() - 180),
    });
  }
  // short: metres to centimetres apart, in the region
  for (const [k, d] of [1e-4, 1e-5, 1e-7, 1e-8].entries()) {
    cases.push({ label: `short ${k} (${d}°)`, lat1: 34.229, lon1: 37.24, lat2: 34.229 + d, lon2: 37.24 + d });
  }
  cases.push({ label: "identical points", lat1: 34.229, lon1: 37.24, lat2: 34.229, lon2: 37.24 });
  // meridional and equatorial
  cases.push({ label: "meridional 37E", lat1: 32, lon1: 37, lat2: 37.5, lon2: 37 });
  cases.push({ label: "meridional pole to pole", lat1: 90, lon1: 0, lat2: -90, lon2: 0 });
  cases.push({ label: "meridional over the pole", lat1: 80, lon1: 37, lat2: 80, lon2: -143 });
  cases.push({ label: "equatorial 10 deg", lat1: 0, lon1: 0, lat2: 0, lon2: 10 });
  cases.push({ label: "equatorial 179 deg", lat1: 0, lon1: 0, lat2: 0, lon2: 179 });
  cases.push({ label: "equatorial 179.5 deg", lat1: 0, lon1: 0, lat2: 0, lon2: 179.5 });
  // antipodal and near-antipodal (the hard part of the inverse problem)
  cases.push({ label: "antipodal equatorial", lat1: 0, lon1: 0, lat2: 0, lon2: 180 });
  cases.push({ label: "antipodal 30N", lat1: 30, lon1: 0, lat2: -30, lon2: 180 });
  cases.push({ label: "antipode of Qaryatayn", lat1: 34.229, lon1: 37.24, lat2: -34.229, lon2: -142.76 });
  cases.push({ label: "near-antipodal Karney 1", lat1: -30, lon1: 0, lat2: 29.9, lon2: 179.8 });
  cases.push({ label: "near-antipodal Karney 2", lat1: 0, lon1: 0, lat2: 0.5, lon2: 179.5 });
  cases.push({ label: "near-antipodal 3", lat1: 34.229, lon1: 37.24, lat2: -34.2, lon2: -142.79 });
  cases.push({ label: "near-antipodal 4", lat1: 0.01, lon1: 0, lat2: -0.01, lon2: 179.99 });
  cases.push({ label: "across the antimeridian", lat1: 10, lon1: 179.9, lat2: 10, lon2: -179.9 });
  return cases;
}

export function directCases(): DirectCase[] {
  const rnd = seededRandom(20171014);
  const cases: DirectCase[] = [];
  for (let i = 0; i < 60; i++) {
    cases.push({
      label: `region direct ${i}`,
      lat1: round6(32 + rnd() * 5.5),
      lon1: round6(35.5 + rnd() * 10),
      azi1: round6(360 * rnd() - 180),
      s12: Math.round(rnd() * 800000 * 1000) / 1000,
    });
  }
  for (let i = 0; i < 20; i++) {
    cases.push({
      label: `global direct ${i}`,
      lat1: round6(180 * rnd() - 90),
      lon1: round6(360 * rnd() - 180),
      azi1: round6(360 * rnd() - 180),
      s12: Math.round(rnd() * 19900000 * 1000) / 1000,
    });
  }
  cases.push({ label: "due north 1 m", lat1: 34.229, lon1: 37.24, azi1: 0, s12: 1 });
  cases.push({ label: "due east 100 km", lat1: 34.229, lon1: 37.24, azi1: 90, s12: 100000 });
  cases.push({ label: "zero length", lat1: 34.229, lon1: 37.24, azi1: 45, s12: 0 });
  return cases;
}

export function ringCases(): RingCase[] {
  return [
    {
      label: "one-degree square at the equator",
      ring: [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ],
    },
    {
      label: "one-degree square at 35N",
      ring: [
        [38, 35],
        [39, 35],
        [39, 36],
        [38, 36],
      ],
    },
    {
      label: "seed quadrilateral Qaryatayn-Palmyra-Deir ez-Zor-al-Bukamal",
      ring: [
        [37.24, 34.229],
        [38.267, 34.56],
        [40.14, 35.336],
        [40.918, 34.453],
      ],
    },
    {
      label: "region bbox",
      ring: [
        [35.5, 32],
        [45.5, 32],
        [45.5, 37.5],
        [35.5, 37.5],
      ],
    },
    {
      label: "triangle clockwise",
      ring: [
        [40, 33],
        [41, 35],
        [42, 33],
      ],
    },
  ];
}
