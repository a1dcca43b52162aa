#!/usr/bin/env python3
"""Builds data/control/control-YYYY-MM-DD.geojson: who held what, 2017 (illustrative reconstruction).

    /usr/bin/python3 scripts/control/make-control.py        (needs python3-shapely, Debian package)

Each snapshot is painted in order: later parts override earlier ones, so the parts of one snapshot never
overlap. The SAA/IS boundary is NOT drawn here: it is the shipped front line of the same date
(data/fronts/saa-DATE.geojson), closed round the IS side, so the fronts and the control areas agree by
construction (tests/control/control-data.test.ts checks it). River boundaries use the pack's Natural Earth
Euphrates (the same line the route graph blocks), split into its right and left bank.
Every part carries its holder, sources and a confidence; everything is approximate.
"""

import json
import os
import sys

from shapely.geometry import LineString, Point, Polygon, box, mapping, shape
from shapely.ops import split, unary_union

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACK = os.environ.get("SYRAQ_DATA_DIR", os.path.join(ROOT, "..", "shared", "data"))
OUT = os.path.join(ROOT, "data", "control")

HOLDERS = {
    "SAA": "Syrian Arab Army and allies (the regime)",
    "IS": "Islamic State (IS)",
    "SDF": "Syrian Democratic Forces (SDF, US-backed)",
    "IRAQ": "Iraqi security forces and Popular Mobilization Forces (PMU)",
    "KRG": "Kurdistan Regional Government (Peshmerga)",
    "OPP": "Syrian opposition and Hay'at Tahrir al-Sham (Idlib, Homs, Damascus, the south)",
    "TFSA": "Turkish-backed Syrian opposition (Euphrates Shield area)",
    "COALITION": "US-led coalition and Maghawir al-Thawra (al-Tanf 55 km zone)",
    "CONTESTED": "contested (active fighting; no holder)",
}

SRC = {
    "fronts": "Syraq fronts of the same date (data/fronts/saa-DATE.geojson) and their named sources",
    "reuters-tanf": "Reuters, June 2017: US-led coalition declares a 55 km 'deconfliction zone' round its al-Tanf garrison",
    "afp-anah": "Diyaruna, 22 Sept 2017 and AFP, 19 Sept 2017: Iraqi forces retake Anah (22 Sept) and Akashat; Rawa and al-Qaim still IS",
    "afp-hawija": "AFP / Reuters, 5 Oct 2017: Iraqi forces take Hawija, IS's last town in northern Iraq",
    "reuters-kirkuk": "Reuters, 16-17 Oct 2017: Iraqi forces take Kirkuk and the disputed areas (Sinjar, Makhmur, Khanaqin) from the Peshmerga",
    "reuters-qaim": "Reuters / AFP, 3 Nov 2017: Iraqi forces take al-Qaim; 17 Nov: Rawa, the last town held by IS in Iraq",
    "reuters-raqqa": "Reuters / AFP, 17 Oct 2017: the SDF declare Raqqa taken; IS held the city centre until then",
    "reuters-jazira-storm": "Reuters, 9-23 Sept 2017: SDF 'Jazira Storm' east of the Euphrates reaches Deir ez-Zor's industrial zone and the Conoco gas field",
    "maps-2017": "general public knowledge of the 2017 control map (Euphrates Shield area, Afrin and Manbij, Idlib, the Rastan "
    "and East Ghouta pockets, eastern Qalamoun, Daraa and Quneitra, the Yarmouk basin); not traced from any map",
    "sohr-bukamal": "Syrian Observatory for Human Rights, 19 Nov 2017: regime forces and allies take full control of al-Bukamal",
    "reuters-dez": "Interfax, 3 Nov 2017 (https://interfax.com/newsroom/top-stories/25976/) and AP via mid-day.com, 4 Nov 2017: "
    "the Syrian army declares Deir ez-Zor city fully retaken (Hawiqa the last IS district)",
    "afp-qaim-rumana": "AFP (Daily Mail wire, 3 Nov 2017: 'Iraq forces retake town of Al-Qaim from IS jihadists: PM'; AFP, 11 Nov 2017: "
    "Rumana, on the north side of the Euphrates across from al-Qaim, and Rawa downstream were bypassed and still IS-held)",
    "afp-qaryatayn": "AFP, 21 Oct 2017: the Syrian army retakes al-Qaryatayn (IS had held it since 1 Oct)",
    "derived-1103": "derived from the neighbouring snapshots of 14 Oct and 19 Nov 2017: carried over from 14 Oct where no dated "
    "event before 3 Nov changed it",
    "southfront-highway": "SouthFront (pro-government, second voice), 29 Sept 2017 and Sputnik, 30 Sept: IS cut the highway at al-Shula and Kabajeb on 28 Sept, withdrew by 30 Sept",
}


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def country(name):
    fc = load_json(os.path.join(PACK, "vector", "ne10m_admin0_countries_worldatlas.geojson"))
    for f in fc["features"]:
        if f["properties"]["name"] == name:
            return shape(f["geometry"]).buffer(0)
    raise SystemExit(f"country {name} not in the pack")


def euphrates():
    """The Natural Earth pieces chained downstream (Firat lake, Firat, Al Furat, Lake Assad reversed, Al Furat, Euphrates)."""
    fc = load_json(os.path.join(PACK, "vector", "ne10m_rivers_lake_centerlines.geojson"))
    pieces = []
    for f in fc["features"]:
        if f["properties"].get("name") in ("Euphrates", "Al Furat", "Firat"):
            g = f["geometry"]
            for line in [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]:
                pieces.append([tuple(c[:2]) for c in line])
    start = max(pieces, key=lambda p: max(p[0][1], p[-1][1]))
    if start[-1][1] > start[0][1]:
        start = start[::-1]
    chain = list(start)
    pieces.remove(next(p for p in pieces if p in (start, start[::-1])))
    while pieces:
        end = chain[-1]
        best = min(pieces, key=lambda p: min(dist2(end, p[0]), dist2(end, p[-1])))
        pieces.remove(best)
        chain += best if dist2(end, best[0]) <= dist2(end, best[-1]) else best[::-1]
    # extend both ends past the box so the split is clean
    chain = [(chain[0][0], 38.5)] + chain + [(chain[-1][0], 31.0)]
    return LineString(chain)


def dist2(a, b):
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


# Natural Earth's 1:10m borders put some border towns (Kobani, Tell Abyad) just outside their country: each country is
# widened by 0.03° (about 3 km) into its other neighbours (Turkey, Jordan, Lebanon, Iran…), never into the other one.
_SYRIA = country("Syria")
_IRAQ = country("Iraq")
SYRIA = _SYRIA.buffer(0.03).difference(_IRAQ)
IRAQ = _IRAQ.buffer(0.03).difference(SYRIA)
REGION = unary_union([SYRIA, IRAQ])
RIVER = euphrates()
_halves = list(split(box(34.0, 31.0, 47.0, 38.5), RIVER).geoms)
RAQQA = Point(39.01, 35.95)  # left bank
LEFT = next(h for h in _halves if h.contains(RAQQA))
RIGHT = unary_union([h for h in _halves if not h.contains(RAQQA)])


def poly(coords):
    return Polygon(coords).buffer(0)


def front(date):
    fc = load_json(os.path.join(ROOT, "data", "fronts", f"saa-{date}.geojson"))
    f = fc["features"][0] if fc.get("type") == "FeatureCollection" else fc
    g = f["geometry"]
    return [[tuple(c) for c in line] for line in (g["coordinates"] if g["type"] == "MultiLineString" else [g["coordinates"]])]


def part(holder, name, geom, confidence, sources, note=None):
    return {"holder": holder, "name": name, "geom": geom, "confidence": confidence, "sources": sources, "note": note}


# ---------------------------------------------------------------- areas common to the three snapshots
def common_west():
    return [
        part("OPP", "Idlib and western Aleppo countryside (HTS and rebel groups)",
             poly([(35.9, 36.75), (35.95, 35.95), (36.2, 35.62), (36.5, 35.42), (36.68, 35.30), (36.9, 35.36),
                   (37.1, 35.55), (37.2, 35.75), (37.15, 35.95), (37.05, 36.12), (37.05, 36.30), (36.9, 36.45),
                   (36.6, 36.45), (36.6, 36.75)]) & SYRIA, "low", ["maps-2017"]),
        part("OPP", "northern Homs pocket (ar-Rastan, Talbiseh, al-Houla)",
             poly([(36.48, 34.86), (36.62, 34.96), (36.80, 34.96), (36.88, 34.88), (36.80, 34.78), (36.55, 34.80)]),
             "low", ["maps-2017"]),
        part("OPP", "East Ghouta", poly([(36.36, 33.52), (36.42, 33.61), (36.50, 33.61), (36.56, 33.55), (36.50, 33.47),
                                         (36.38, 33.47)]), "medium", ["maps-2017"]),
        part("OPP", "eastern Qalamoun (ar-Ruhaybah, Jayrud)",
             poly([(36.62, 33.72), (36.75, 33.90), (36.95, 33.96), (37.10, 33.90), (36.90, 33.72)]), "low", ["maps-2017"]),
        part("OPP", "Daraa and Quneitra (southern front)",
             poly([(35.6, 33.35), (36.0, 33.25), (36.2, 33.0), (36.45, 32.85), (36.62, 32.62), (36.3, 32.3),
                   (36.0, 32.4), (35.6, 32.6)]) & SYRIA, "low", ["maps-2017"]),
        part("IS", "Yarmouk basin (Khalid ibn al-Walid Army, IS-affiliated)",
             poly([(35.78, 32.66), (35.84, 32.81), (35.97, 32.83), (36.03, 32.73), (35.95, 32.64)]) & SYRIA,
             "low", ["maps-2017"]),
        part("SDF", "Afrin and Tell Rifaat",
             poly([(36.45, 36.95), (36.55, 36.45), (36.85, 36.42), (37.00, 36.45), (37.15, 36.42), (37.18, 36.50),
                   (37.05, 36.56), (36.95, 36.75), (36.95, 37.0)]) & SYRIA, "medium", ["maps-2017"]),
        part("TFSA", "Euphrates Shield area (Azaz, al-Bab, Jarabulus)",
             poly([(36.95, 37.0), (36.95, 36.75), (37.05, 36.56), (37.12, 36.5), (37.3, 36.42), (37.45, 36.32),
                   (37.62, 36.33), (37.75, 36.45), (37.88, 36.56), (38.0, 36.64), (38.5, 36.64), (38.5, 37.0)])
             & SYRIA & RIGHT, "medium",
             ["maps-2017"]),
        part("SDF", "Manbij area (west of the Euphrates)",
             poly([(37.76, 36.42), (37.88, 36.56), (38.0, 36.64), (38.5, 36.64), (38.5, 36.2), (37.95, 36.22),
                   (37.82, 36.28)]) & RIGHT, "medium", ["maps-2017"]),
        part("COALITION", "al-Tanf 55 km deconfliction zone (coalition and Maghawir al-Thawra)",
             circle_km(38.6178, 33.5058, 55) & SYRIA, "medium", ["reuters-tanf"],
             "a circle of 55 km round the garrison; the zone's real edge is not published as a line"),
    ]


def circle_km(lon, lat, km):
    import math
    kx = 111.32 * math.cos(math.radians(lat))
    return Polygon([(lon + km / kx * math.cos(a), lat + km / 110.57 * math.sin(a))
                    for a in [i * 2 * math.pi / 72 for i in range(72)]])


# The regime's security zones in al-Hasakah and al-Qamishli (and Qamishli airport) are under a kilometre across, smaller
# than a 1.5' cell: not drawn (a route or a holder query at those towns would otherwise hinge on a sub-cell patch).


def sdf_northeast(south_line, name, conf, sources):
    """The SDF's area east and north of the Euphrates, south to `south_line` (west to east)."""
    ring = [(37.9, 37.5), (42.6, 37.5), (42.6, south_line[-1][1])] + south_line[::-1] + [(39.3, 35.8), (38.0, 35.7),
                                                                                        (37.9, 36.0)]
    return part("SDF", name, poly(ring) & LEFT & SYRIA, conf, sources)


def sdf_right_bank():
    return part("SDF", "Tabqa and the right bank of Lake Assad and of the river south of Raqqa",
                poly([(38.1, 35.95), (38.15, 35.78), (38.55, 35.74), (38.9, 35.80), (39.1, 35.86), (39.3, 35.90),
                      (39.36, 35.95), (39.36, 36.1), (38.1, 36.1)]) & RIGHT, "medium", ["maps-2017", "reuters-raqqa"])


def is_east(front_part, closure, name, conf, extra_sources=()):
    """The IS side of a front part: the front as digitised (SAA on its right), closed round the east."""
    ring = list(front_part) + closure
    return part("IS", name, poly(ring) & SYRIA, conf, ["fronts", *extra_sources],
                "bounded on the regime's side by the front line of the same date")


def iraq_common(kurds_before_oct16):
    parts = []
    if kurds_before_oct16:
        parts.append(part("KRG", "Kurdistan Region and the disputed areas held by the Peshmerga (Kirkuk, Makhmur, Nineveh plains, Khanaqin)",
                          poly([(42.36, 37.4), (42.7, 36.95), (43.0, 36.72), (43.1, 36.55), (43.3, 36.42), (43.45, 36.2),
                                (43.42, 35.85), (43.5, 35.7), (43.8, 35.62), (44.05, 35.55), (44.2, 35.2), (44.55, 34.98), (45.0, 34.62),
                                (45.3, 34.4), (45.6, 34.3), (46.2, 35.2), (45.0, 37.4)]) & IRAQ, "low",
                          ["maps-2017", "reuters-kirkuk"]))
        parts.append(part("KRG", "Sinjar (Peshmerga until 17 Oct 2017)",
                          poly([(41.55, 36.45), (41.95, 36.47), (42.05, 36.32), (41.85, 36.25), (41.55, 36.3)]),
                          "low", ["maps-2017", "reuters-kirkuk"]))
    else:
        parts.append(part("KRG", "Kurdistan Region after the Iraqi take-over of Kirkuk and the disputed areas (16-17 Oct 2017)",
                          poly([(42.36, 37.4), (42.7, 36.95), (43.05, 36.8), (43.35, 36.6), (43.55, 36.4), (43.75, 36.12),
                                (44.15, 35.8), (44.55, 35.6), (44.95, 35.35), (45.3, 35.1), (45.6, 35.0), (46.2, 35.2),
                                (45.0, 37.4)]) & IRAQ, "low", ["maps-2017", "reuters-kirkuk"]))
    return parts


IS_IRAQ_VALLEY = [(40.5, 33.9), (40.7, 34.6), (41.0, 35.6), (41.3, 35.65), (41.9, 35.45), (42.5, 35.0), (42.55, 34.6), (42.1, 34.45),
                  (41.96, 34.38), (41.6, 34.15), (41.2, 34.0)]


# ---------------------------------------------------------------- snapshots
def snapshot_0929():
    f = front("2017-09-29")
    p = [part("SAA", "Syria (the regime's area unless painted otherwise)", SYRIA, "medium (low in the desert)", ["fronts", "maps-2017"]),
         part("IRAQ", "Iraq (federal forces unless painted otherwise)", IRAQ, "medium", ["maps-2017", "afp-anah"])]
    p += common_west()
    p.append(is_east(f[0], [(40.6, 33.4), (41.6, 34.2), (41.6, 36.3), (40.285, 36.3)],
                     "the Euphrates valley, the Jazira and the desert east of the regime's front", "medium (low in the desert)",
                     ["reuters-jazira-storm"]))
    p.append(part("IS", "pocket between the Deir ez-Zor-Raqqa road and the Euphrates (Maadan, al-Tabni)",
                  poly(list(f[1]) + [(40.1, 35.6), (39.37, 36.1)]) & RIGHT, "low", ["fronts"]))
    p.append(part("IS", "east Hama / Homs pocket (Uqayribat), shrinking", poly([(37.25, 35.05), (37.55, 35.0), (37.75, 35.15),
                                                                                 (37.6, 35.35), (37.3, 35.3)]),
                  "low", ["fronts", "maps-2017"], "the fronts do not draw it; extent schematic"))
    p += iraq_common(True)
    p.append(part("IS", "western Anbar: al-Qaim, Rawa and the desert up to the Syrian border (Anah retaken 22 Sept)",
                  poly(IS_IRAQ_VALLEY) & IRAQ, "low", ["afp-anah"]))
    p.append(part("IS", "Hawija pocket", poly([(43.35, 35.45), (43.75, 35.55), (44.05, 35.45), (44.05, 35.2), (43.7, 35.1),
                                                 (43.4, 35.2)]), "low", ["afp-hawija"]))
    sdf_line = [(39.3, 36.0), (39.55, 35.85), (39.8, 35.62), (40.05, 35.48), (40.15, 35.42), (40.285, 35.40),
                (40.42, 35.48), (40.6, 35.62), (40.7, 35.72), (41.0, 35.8), (41.25, 35.95)]
    p.append(sdf_northeast(sdf_line, "north-east Syria (Kobani, Raqqa province, Hasakah, north of Deir ez-Zor)",
                           "medium (low on the line with IS south of the Khabur)", ["maps-2017", "reuters-jazira-storm"]))
    p.append(sdf_right_bank())
    p.append(part("IS", "Raqqa city centre (SDF assault)", poly([(38.99, 35.944), (39.03, 35.940), (39.03, 35.958),
                                                                  (38.99, 35.962)]) & LEFT, "low", ["reuters-raqqa"]))
    # after the bridgehead: the Natural Earth river runs through the districts' ring, which must stay whole
    p.append(bridgehead(f[0][:4]))
    p.append(part("IS", "IS-held districts of Deir ez-Zor city", poly(f[2]), "medium", ["fronts"]))
    p.append(part("CONTESTED", "the Deir ez-Zor-Sukhna highway between Kabajeb and al-Shula (IS cut it on 28 Sept)",
                  LineString([(39.58, 35.12), (39.72, 35.125), (39.87, 35.19)]).buffer(0.025), "medium",
                  ["southfront-highway", "fronts"], "between SAA and IS; the road was restored by 30 Sept"))
    return p


def bridgehead(first):
    """The SAA bridgehead on the left bank (Marat, Khusham), east edge from the front's first vertices."""
    ring = [(40.0, 35.42), (40.17, 35.43), first[0]] + list(first[1:]) + [(40.2, 35.2), (40.0, 35.3)]
    return part("SAA", "east-bank bridgehead (Marat, Khusham; crossing of 18 Sept)", poly(ring) & LEFT, "medium", ["fronts"])


def snapshot_1014():
    f = front("2017-10-14")
    p = [part("SAA", "Syria (the regime's area unless painted otherwise)", SYRIA, "medium (low in the desert)", ["fronts", "maps-2017"]),
         part("IRAQ", "Iraq (federal forces unless painted otherwise)", IRAQ, "medium", ["maps-2017", "afp-hawija"])]
    p += common_west()
    p.append(is_east(f[0], [(40.6, 33.4), (41.6, 34.2), (41.6, 36.3), (40.285, 36.3)],
                     "the Euphrates valley below al-Mayadin, the left bank, the Jazira and the desert east of the front",
                     "medium (low in the desert)"))
    p.append(part("IS", "pocket between the Deir ez-Zor-Raqqa road and the Euphrates (Maadan; carried over from 29 Sept)",
                  poly(list(f[1]) + [(40.1, 35.6), (39.37, 36.1)]) & RIGHT, "low", ["fronts"]))
    p.append(part("IS", "north-east Hama pocket", poly([(37.3, 35.4), (37.6, 35.35), (37.65, 35.55), (37.35, 35.6)]),
                  "low", ["maps-2017"], "schematic"))
    p += iraq_common(True)
    p.append(part("IS", "western Anbar: al-Qaim, Rawa and the desert up to the Syrian border",
                  poly(IS_IRAQ_VALLEY) & IRAQ, "low", ["afp-anah"]))
    sdf_line = [(39.3, 36.0), (39.55, 35.85), (39.8, 35.62), (40.05, 35.48), (40.15, 35.42), (40.285, 35.40),
                (40.45, 35.47), (40.62, 35.58), (40.72, 35.68), (41.0, 35.78), (41.25, 35.92)]
    p.append(sdf_northeast(sdf_line, "north-east Syria (Kobani, Raqqa province, Hasakah, north of Deir ez-Zor)",
                           "medium (low on the line with IS south of the Khabur)", ["maps-2017", "reuters-jazira-storm"]))
    p.append(sdf_right_bank())
    p.append(part("IS", "last IS positions in Raqqa city (stadium, national hospital)",
                  poly([(39.0, 35.948), (39.02, 35.948), (39.02, 35.958), (39.0, 35.958)]) & LEFT, "low",
                  ["reuters-raqqa"]))
    p.append(bridgehead(f[0][:3]))
    # after the bridgehead: the Natural Earth river runs through the districts' ring, which must stay whole
    p.append(part("IS", "IS-held districts of Deir ez-Zor city", poly(f[2]), "medium", ["fronts"]))
    p.append(part("IS", "al-Qaryatayn (IS raid, 1-21 Oct)", poly(f[3]), "medium", ["fronts"]))
    return p


def snapshot_1119():
    f = front("2017-11-19")
    line = f[0]
    p = [part("SAA", "Syria (the regime's area unless painted otherwise)", SYRIA, "medium (low in the desert)", ["fronts", "maps-2017"]),
         part("IRAQ", "Iraq (federal forces unless painted otherwise)", IRAQ, "medium", ["maps-2017", "reuters-qaim"])]
    p += common_west()
    ring = list(line) + [(41.5, 34.2), (41.5, 35.8), (40.6, 35.8), (40.6, 35.05)]
    p.append(part("IS", "the Euphrates valley below al-Mayadin: the two right-bank pockets and the left bank (Hajin, al-Baghuz)",
                  poly(ring) & SYRIA, "medium", ["fronts", "sohr-bukamal"],
                  "bounded on the regime's side by the front line of the same date"))
    p.append(part("IS", "left bank between Khusham and the Khabur (al-Busayrah)",
                  poly([(40.25, 35.36), (40.6, 35.8), (40.6, 35.0), (40.4, 35.0)]) & LEFT, "low", ["maps-2017"]))
    p.append(part("IS", "north-east Hama pocket", poly([(37.3, 35.4), (37.6, 35.35), (37.65, 35.55), (37.35, 35.6)]),
                  "low", ["maps-2017"], "schematic"))
    p += iraq_common(False)
    p.append(part("IS", "desert between the Euphrates and the Syrian border north of Rawa (IS presence; cleared from 23 Nov)",
                  poly([(41.2, 34.75), (41.3, 35.4), (41.9, 35.3), (42.45, 34.95), (42.4, 34.65), (41.95, 34.58)]) & IRAQ & LEFT,
                  "low", ["reuters-qaim"]))
    sdf_line = [(39.3, 36.0), (39.55, 35.85), (39.8, 35.62), (40.05, 35.48), (40.15, 35.42), (40.285, 35.40),
                (40.45, 35.40), (40.62, 35.45), (40.8, 35.62), (41.1, 35.7), (41.3, 35.78)]
    p.append(sdf_northeast(sdf_line, "north-east Syria (Raqqa taken 17 Oct; north of Deir ez-Zor)",
                           "medium (low on the line with IS)", ["maps-2017", "reuters-raqqa"]))
    p.append(sdf_right_bank())
    front_1014 = front("2017-10-14")
    p.append(bridgehead(front_1014[0][:3]))
    return p


def snapshot_1103():
    """Derived: the 14 Oct snapshot changed only by dated events before 3 Nov (docs/control.md, 'Derived snapshots')."""
    f = front("2017-11-03")
    p = [part("SAA", "Syria (the regime's area unless painted otherwise)", SYRIA, "medium (low in the desert)",
              ["fronts", "maps-2017", "reuters-dez", "derived-1103"]),
         part("IRAQ", "Iraq (federal forces unless painted otherwise)", IRAQ, "medium", ["maps-2017", "afp-qaim-rumana"])]
    p += common_west()
    p.append(is_east(f[0], [(40.6, 33.4), (41.6, 34.2), (41.6, 36.3), (40.285, 36.3)],
                     "the Euphrates valley below al-Mayadin to al-Bukamal, the left bank, the Jazira and the desert east of T-2",
                     "medium along the river, low in the desert east of T-2 (the SAA advance of 26 Oct - 8 Nov is not resolved)",
                     ["derived-1103"]))
    p.append(part("IS", "pocket between the Deir ez-Zor-Raqqa road and the Euphrates (Maadan; carried over from 14 Oct, "
                  "gone by 19 Nov on a date not in these sources)",
                  poly(list(f[1]) + [(40.1, 35.6), (39.37, 36.1)]) & RIGHT, "low", ["fronts", "derived-1103"]))
    p.append(part("IS", "north-east Hama pocket", poly([(37.3, 35.4), (37.6, 35.35), (37.65, 35.55), (37.35, 35.6)]),
                  "low", ["maps-2017"], "schematic; the same in the 14 Oct and 19 Nov snapshots"))
    p += iraq_common(False)
    p.append(part("IS", "Rawa and the left bank up to the Syrian border (Iraq took al-Qaim and the right bank on 3 Nov, "
                  "Rawa on 17 Nov)", poly(IS_IRAQ_VALLEY) & IRAQ & LEFT, "low", ["afp-qaim-rumana", "reuters-qaim", "derived-1103"]))
    sdf_line = [(39.3, 36.0), (39.55, 35.85), (39.8, 35.62), (40.05, 35.48), (40.15, 35.42), (40.285, 35.40),
                (40.45, 35.47), (40.62, 35.58), (40.72, 35.68), (41.0, 35.78), (41.25, 35.92)]
    p.append(sdf_northeast(sdf_line, "north-east Syria (Raqqa taken 17 Oct; north of Deir ez-Zor; line carried over from 14 Oct)",
                           "medium (low on the line with IS south of the Khabur)",
                           ["maps-2017", "reuters-raqqa", "reuters-jazira-storm", "derived-1103"]))
    p.append(sdf_right_bank())
    p.append(bridgehead(f[0][:3]))
    return p


def paint(parts):
    done = []
    for q in parts:
        g = q["geom"] & REGION
        for d in done:
            d["geom"] = d["geom"].difference(g)
        done.append({**q, "geom": g})
    return [d for d in done if not d["geom"].is_empty and d["geom"].area > 1e-7]


def clean(geom):
    from shapely.geometry.polygon import orient
    from shapely.ops import transform

    geom = transform(lambda x, y, z=None: (round(x, 5), round(y, 5)), geom).buffer(0)
    geoms = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and g.area > 1e-7]
    polys = []
    for g in geoms:
        g = orient(g, 1.0)
        rnd = lambda ring: [[round(x, 5), round(y, 5)] for x, y in ring.coords]
        polys.append([rnd(g.exterior)] + [rnd(i) for i in g.interiors])
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def write(date, parts, note):
    feats = []
    for q in paint(parts):
        feats.append({
            "type": "Feature",
            "properties": {
                "holder": q["holder"], "holderName": HOLDERS[q["holder"]], "date": date, "part": q["name"],
                "confidence": q["confidence"], "approximate": True,
                "sources": [SRC[s] for s in q["sources"]], **({"note": q["note"]} if q.get("note") else {}),
            },
            "geometry": clean(q["geom"]),
        })
    fc = {"type": "FeatureCollection", "name": f"syraq-control-{date}", "date": date, "approximate": True,
          "illustrative": True, "holders": HOLDERS, "note": note, "features": feats}
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"control-{date}.geojson")
    with open(path, "w", encoding="utf-8") as f:
        f.write("{\n")
        for k in ("type", "name", "date", "approximate", "illustrative", "holders", "note"):
            f.write(f"  {json.dumps(k)}: {json.dumps(fc[k], ensure_ascii=False)},\n")
        f.write('  "features": [\n')
        f.write(",\n".join("    " + json.dumps(x, ensure_ascii=False) for x in feats))
        f.write("\n  ]\n}\n")
    print(f"wrote {path}: {len(feats)} parts", file=sys.stderr)


NOTE = ("Illustrative reconstruction, not a surveyed or official map: each part is painted by hand from dated public "
        "reporting (named per part) over the pack's Natural Earth country outlines and Euphrates line; later parts override "
        "earlier ones so parts never overlap. The SAA/IS boundary is the project's front line of the same date "
        "(data/fronts), closed round the IS side. Expect errors of 5-15 km, more in the open desert; small towns, "
        "villages changing hands within days and desert 'presence' are not resolved. Built by scripts/control/make-control.py.")

if __name__ == "__main__":
    write("2017-09-29", snapshot_0929(), NOTE)
    write("2017-10-14", snapshot_1014(), NOTE)
    write("2017-11-03", snapshot_1103(), NOTE + " The 3 Nov 2017 snapshot is derived from its neighbours (14 Oct, 19 Nov): "
          "see its parts' notes and docs/control.md.")
    write("2017-11-19", snapshot_1119(), NOTE)
