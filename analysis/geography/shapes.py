"""Census cartographic boundaries, projected and simplified once per run.

The shapes are the Census Bureau's 2016 cartographic boundary files
(``cb_2016_us_state_500k``, ``cb_2016_us_county_500k``) shipped in the
``plotly-geo`` package, so maps draw offline. They are NAD83
longitude/latitude but come without a ``.prj`` file: they are labelled
EPSG:4269 before being projected to EPSG:5070 (NAD83 / Conus Albers, equal
area), so circle sizes and areas compare fairly across the country.

Places (cities) have no boundary here: a city is drawn at its Census internal
point (``analysis.geography.points``), and the county that holds the point
(found by point-in-polygon, never by a lookup table) is shown around it for
context.
"""
from __future__ import annotations

import functools
import math
import pickle
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import _plotly_geo
import geopandas as gpd
import pandas as pd
from shapely.geometry import MultiPoint
from shapely.ops import unary_union

from analysis.core import paths
from analysis.core.atomic import write_files_atomically
from analysis.core.digest import sha256_of
from analysis.geography.geoids import split_geoids
from analysis.geography.points import place_points

SHAPES_DIR = Path(_plotly_geo.__file__).parent / "package_data"
SOURCE_CRS = "EPSG:4269"
EQUAL_AREA_CRS = "EPSG:5070"
# Alaska, Hawaii and the territories: outside the contiguous map.
NOT_CONTIGUOUS = {"02", "15", "60", "66", "69", "72", "78"}
STATE_TOLERANCE_M = 2_000
COUNTY_TOLERANCE_M = 250
# A part of a geography counts as "main" (sets a map's zoom) when it is at least
# this share of the largest part's area, or near the largest part (this close,
# or within this share of the largest part's size).
MAIN_PART_SHARE = 0.05
MAIN_PART_NEAR_M = 20_000
NEAR_SHARE_OF_SIZE = 0.1


@dataclass(frozen=True)
class Shapes:
    states: gpd.GeoDataFrame
    counties: gpd.GeoDataFrame


def _read(name: str, tolerance: float) -> gpd.GeoDataFrame:
    frame = gpd.read_file(SHAPES_DIR / f"{name}.shp")
    frame = frame.set_crs(SOURCE_CRS).to_crs(EQUAL_AREA_CRS)
    frame["geometry"] = frame.geometry.simplify(tolerance, preserve_topology=True)
    return frame.sort_values("GEOID").reset_index(drop=True)


def _cache_path() -> Path:
    """Where the prepared shapes are kept. The name changes whenever what they are made from could:
    the versions of the libraries that read, project and simplify them, and this module (any edit of
    it, to a tolerance or to prepare_shapes(), makes a new cache instead of reusing an old one)."""
    key = (f"plotly-geo-{version('plotly-geo')}_geopandas-{version('geopandas')}_shapely-{version('shapely')}"
           f"_pyproj-{version('pyproj')}_code-{sha256_of(Path(__file__))[:12]}")
    return paths.INTERIM / f"shapes_{key}.pickle"


def prepare_shapes() -> Shapes:
    """Read, project and simplify the boundary files (about 2 seconds)."""
    states = _read("cb_2016_us_state_500k", STATE_TOLERANCE_M)[["GEOID", "STUSPS", "NAME", "geometry"]]
    counties = _read("cb_2016_us_county_500k", COUNTY_TOLERANCE_M)[["GEOID", "STATEFP", "NAME", "geometry"]]
    return Shapes(states=states, counties=counties)


@functools.cache
def load_shapes() -> Shapes:
    """States and counties in EPSG:5070, simplified: prepared once, then read from ``data/interim/``.

    The cache is only a copy of ``prepare_shapes()``'s result, named after everything that
    result depends on (``_cache_path``); delete ``data/interim/`` to rebuild it.
    """
    cache = _cache_path()
    if cache.exists():
        try:
            with open(cache, "rb") as handle:
                cached = pickle.load(handle)
            if isinstance(cached, Shapes):
                return cached
        except Exception:  # noqa: BLE001 - a truncated or foreign cache is rebuilt, never fatal
            pass
    shapes = prepare_shapes()
    write_files_atomically({cache: pickle.dumps(shapes, protocol=pickle.HIGHEST_PROTOCOL)})
    for old in cache.parent.glob("shapes_*.pickle"):  # caches of other code or versions are never read again
        if old != cache:
            old.unlink(missing_ok=True)
    return shapes


def contiguous_states(shapes: Shapes) -> gpd.GeoDataFrame:
    return shapes.states[~shapes.states["GEOID"].isin(NOT_CONTIGUOUS)]


def state_of(geoids: str) -> str:
    """State FIPS code of a geography (every GEOID starts with its state's two digits)."""
    return split_geoids(geoids)[0][:2]


def geometry_of(shapes: Shapes, geo_level: str, geoids: str):
    """One geometry for a crosswalk geography: counties of a set merged, a place as its internal point."""
    parts = split_geoids(geoids)
    if geo_level == "place":
        points = list(place_points(parts, EQUAL_AREA_CRS).geometry)
        return points[0] if len(points) == 1 else MultiPoint(points)
    layer = shapes.states if geo_level == "state" else shapes.counties
    chosen = layer[layer["GEOID"].isin(parts)]
    if len(chosen) != len(parts):
        absent = sorted(set(parts) - set(chosen["GEOID"]))
        raise ValueError(f"GEOID(s) {', '.join(absent)} not in the 2016 cartographic boundary files")
    return chosen.geometry.union_all()


def anchor_points(shapes: Shapes, rates: pd.DataFrame) -> gpd.GeoDataFrame:
    """Where each row's circle sits, in EPSG:5070: a city at its internal point, an area at a point inside it."""
    single = {level: dict(zip(layer["GEOID"], layer.geometry.representative_point()))
              for level, layer in (("state", shapes.states), ("county", shapes.counties))}
    points = []
    for level, ids in zip(rates["geo_level"], rates["geoids"]):
        parts = split_geoids(ids)
        known = single.get(level, {})
        if len(parts) == 1 and parts[0] in known:
            points.append(known[parts[0]])
        else:
            points.append(geometry_of(shapes, level, ids).representative_point())
    return gpd.GeoDataFrame(rates.reset_index(drop=True), geometry=points, crs=EQUAL_AREA_CRS)


def local_crs(geometry) -> str:
    """An equal-area projection centred on ``geometry`` (EPSG:5070), for an inset of Alaska, Hawaii or a territory."""
    centre = gpd.GeoSeries([geometry.centroid], crs=EQUAL_AREA_CRS).to_crs("EPSG:4269").iloc[0]
    return f"+proj=laea +lat_0={centre.y:.2f} +lon_0={centre.x:.2f} +datum=NAD83 +units=m +no_defs"


def counties_holding(shapes: Shapes, points: gpd.GeoDataFrame) -> list[str]:
    """For each place point (``GEOID`` + geometry in EPSG:5070), the GEOID of the county it falls in.

    Only the place's own state is searched. A point that falls in none of its
    counties (the simplified outlines can leave a point near a shore or a border
    just outside) takes the nearest one. One spatial join for all points, so a
    national list costs about as much as a short one.
    """
    counties = shapes.counties[["GEOID", "STATEFP", "geometry"]].rename(columns={"GEOID": "COUNTY"})
    located = points[["GEOID", "geometry"]].reset_index(drop=True)
    located["STATE"] = located["GEOID"].str[:2]
    missing_states = sorted(set(located["STATE"]) - set(counties["STATEFP"]))
    if missing_states:
        raise ValueError(f"no county of state {missing_states[0]} in the 2016 cartographic boundary files")
    joined = gpd.sjoin(located, counties, how="left", predicate="within")
    joined = joined[joined["STATEFP"].isna() | (joined["STATEFP"] == joined["STATE"])]
    first = joined[~joined.index.duplicated(keep="first")]
    holding = first["COUNTY"].reindex(located.index)
    for index in holding.index[holding.isna()]:
        point, state = located.geometry[index], located.at[index, "STATE"]
        in_state = counties[counties["STATEFP"] == state]
        holding[index] = in_state["COUNTY"].iloc[int(in_state.distance(point).argmin())]
    return list(holding)


def _flat(geometry) -> list:
    """Single polygons, lines and points of any (multi)geometry or collection."""
    if hasattr(geometry, "geoms"):
        return [piece for part in geometry.geoms for piece in _flat(part)]
    return [] if geometry.is_empty else [geometry]


def main_part_bounds(geometry, share: float = MAIN_PART_SHARE, near_m: float = MAIN_PART_NEAR_M):
    """Bounds ``(minx, miny, maxx, maxy)`` of a geometry's main parts, and the parts left out (or None).

    A county or state with remote islands (Honolulu County's Northwestern
    Hawaiian Islands, Alaska's Aleutians) would otherwise zoom out until the
    place itself is a speck. The largest polygon is kept, and every part at
    least ``share`` of its area or near it (within ``near_m``, or a tenth of
    its size); points (cities) are always kept. Nearness is to the largest part
    only, so a chain of islands does not pull in its far end.
    """
    pieces = _flat(geometry)
    polygons = sorted((g for g in pieces if g.area > 0), key=lambda g: g.area, reverse=True)
    if not polygons:
        return geometry.bounds, None
    largest = polygons[0]
    minx, miny, maxx, maxy = largest.bounds
    near = max(near_m, NEAR_SHARE_OF_SIZE * math.hypot(maxx - minx, maxy - miny))
    is_main = [p.area >= share * largest.area or p.distance(largest) <= near for p in polygons]
    kept = [p for p, main in zip(polygons, is_main) if main] + [g for g in pieces if g.area == 0]
    dropped = [p for p, main in zip(polygons, is_main) if not main]
    return unary_union(kept).bounds, (unary_union(dropped) if dropped else None)
