"""Census cartographic boundaries, projected and simplified once per run.

The shapes are the Census Bureau's 2016 cartographic boundary files
(``cb_2016_us_state_500k``, ``cb_2016_us_county_500k``) shipped in the
``plotly-geo`` package, so maps draw offline. They are NAD83
longitude/latitude but come without a ``.prj`` file: they are labelled
EPSG:4269 before being projected to EPSG:5070 (NAD83 / Conus Albers, equal
area), so circle sizes and areas compare fairly across the country.

Places (cities) have no boundary here; a city is drawn through the county
that contains it (``data/raw/place_counties.csv``).
"""
from __future__ import annotations

import functools
import pickle
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import _plotly_geo
import geopandas as gpd
import pandas as pd

from analysis.core import paths
from analysis.core.atomic import write_files_atomically
from analysis.core.errors import InputError, csv_line
from analysis.geography.geoids import split_geoids
from analysis.core.tables import read_text_table

SHAPES_DIR = Path(_plotly_geo.__file__).parent / "package_data"
SOURCE_CRS = "EPSG:4269"
EQUAL_AREA_CRS = "EPSG:5070"
# Alaska, Hawaii and the territories: outside the contiguous map.
NOT_CONTIGUOUS = {"02", "15", "60", "66", "69", "72", "78"}
STATE_TOLERANCE_M = 2_000
COUNTY_TOLERANCE_M = 250
PLACE_COUNTIES_CSV = paths.RAW / "place_counties.csv"
# Bump when prepare_shapes() changes what it keeps, so an old cache is not reused.
CACHE_FORMAT = 2


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
    """Where the prepared shapes are kept; the name changes whenever their inputs could."""
    key = (f"v{CACHE_FORMAT}_plotly-geo-{version('plotly-geo')}_geopandas-{version('geopandas')}"
           f"_shapely-{version('shapely')}_{EQUAL_AREA_CRS.replace(':', '')}_{STATE_TOLERANCE_M}m_{COUNTY_TOLERANCE_M}m")
    return paths.INTERIM / f"shapes_{key}.pickle"


def prepare_shapes() -> Shapes:
    """Read, project and simplify the boundary files (about 2 seconds)."""
    states = _read("cb_2016_us_state_500k", STATE_TOLERANCE_M)[["GEOID", "STUSPS", "NAME", "geometry"]]
    counties = _read("cb_2016_us_county_500k", COUNTY_TOLERANCE_M)[["GEOID", "STATEFP", "NAME", "geometry"]]
    return Shapes(states=states, counties=counties)


@functools.cache
def load_shapes() -> Shapes:
    """States and counties in EPSG:5070, simplified: prepared once, then read from ``data/interim/``.

    The cache is only a copy of ``prepare_shapes()``'s result (a test checks
    they are equal); delete ``data/interim/`` to rebuild it.
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
    return shapes


def contiguous_states(shapes: Shapes) -> gpd.GeoDataFrame:
    return shapes.states[~shapes.states["GEOID"].isin(NOT_CONTIGUOUS)]


@functools.cache
def place_counties(path: Path = PLACE_COUNTIES_CSV) -> dict[str, str]:
    """Place GEOID -> GEOID of the county that holds (most of) it."""
    table = read_text_table(path, ["place_geoid", "county_geoid"])
    for index, row in table.iterrows():
        if len(row["place_geoid"]) != 7 or len(row["county_geoid"]) != 5:
            raise InputError(path, "place GEOIDs have 7 digits and county GEOIDs 5", row=csv_line(index))
    return dict(zip(table["place_geoid"], table["county_geoid"]))


def drawable_geoids(geo_level: str, geoids: str) -> tuple[str, list[str]]:
    """The level and GEOIDs to draw for a geography (a place is drawn as its county)."""
    parts = split_geoids(geoids)
    if geo_level == "place":
        lookup = place_counties()
        missing = [g for g in parts if g not in lookup]
        if missing:
            raise InputError(PLACE_COUNTIES_CSV, f"no county given for place GEOID {', '.join(missing)}; "
                             "add a row so the map can place it")
        return "county", [lookup[g] for g in parts]
    return ("state" if geo_level == "state" else "county"), parts


def geometry_of(shapes: Shapes, geo_level: str, geoids: str):
    """One (multi)polygon for a crosswalk geography, counties of a set merged."""
    level, parts = drawable_geoids(geo_level, geoids)
    layer = shapes.states if level == "state" else shapes.counties
    chosen = layer[layer["GEOID"].isin(parts)]
    if len(chosen) != len(parts):
        absent = sorted(set(parts) - set(chosen["GEOID"]))
        raise ValueError(f"GEOID(s) {', '.join(absent)} not in the 2016 cartographic boundary files")
    return chosen.geometry.union_all()


def anchor_points(shapes: Shapes, rates: pd.DataFrame) -> gpd.GeoDataFrame:
    """Where each row's circle sits: a point inside its geography, in EPSG:5070."""
    points = [geometry_of(shapes, level, ids).representative_point()
              for level, ids in zip(rates["geo_level"], rates["geoids"])]
    return gpd.GeoDataFrame(rates.reset_index(drop=True), geometry=points, crs=EQUAL_AREA_CRS)
