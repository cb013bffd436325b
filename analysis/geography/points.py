"""Where each city is: the Census Bureau's internal point of every incorporated place.

The offline boundary files hold states and counties but no places, so a city
is drawn at its own location: the "internal point" (``INTPTLAT``,
``INTPTLONG``) that the Census Gazetteer publishes for every place, a point
the Bureau guarantees to lie inside the place (unlike a centroid, which can
fall outside a crescent-shaped city).

The national Gazetteer file (``2018_Gaz_place_national.txt``, 2.5 MB, not
committed) is cut down by ``write_place_points`` to the few columns maps need,
for every incorporated place (census designated places are left out: the
Population Estimates give them no population, so they never carry a rate).
The result is committed as ``data/raw/census/place_points_2018.csv.gz`` with
gzip's timestamp fixed so a rebuild gives the same bytes, and the national
file behind it (name, vintage, size, sha256) is recorded beside it in
``place_points_2018_sources.csv``.
"""
from __future__ import annotations

import functools
import gzip
import io
from pathlib import Path

import geopandas as gpd
import pandas as pd

from analysis.core.digest import sha256_of as _sha256
from analysis.core import data_use, paths
from analysis.core.atomic import write_files_atomically
from analysis.core.errors import InputError
from analysis.core.tables import to_csv_bytes
from analysis.geography.geoids import split_geoids
from analysis.geography.state_names import STATES

GAZETTEER_YEAR = 2018
GAZETTEER_FILE = f"{GAZETTEER_YEAR}_Gaz_place_national.txt"
GAZETTEER_DOWNLOAD = ("https://www2.census.gov/geo/docs/maps-data/data/gazetteer/2018_Gazetteer/"
                      "2018_Gaz_place_national.zip")
GAZETTEER_PRODUCT = f"Census Bureau Gazetteer Files {GAZETTEER_YEAR}, places (incorporated places only)"
POINTS_DIR = paths.RAW / "census"
PLACE_POINTS_CSV = POINTS_DIR / f"place_points_{GAZETTEER_YEAR}.csv.gz"
PLACE_POINTS_SOURCES_CSV = POINTS_DIR / f"place_points_{GAZETTEER_YEAR}_sources.csv"
COLUMNS = ["GEOID", "NAME", "USPS", "ALAND", "INTPTLAT", "INTPTLONG"]
# FUNCSTAT "S" marks statistical entities (census designated places, Puerto Rico's
# comunidades and zonas urbanas); every other status is an incorporated place.
STATISTICAL = "S"
# Puerto Rico has places in the Gazetteer but is not among the 50 states and DC.
POSTAL_TO_FIPS = {postal: fips for fips, (_, postal, _) in STATES.items()} | {"PR": "72"}
LONLAT_CRS = "EPSG:4269"  # NAD83, the Gazetteer's datum
# The same columns as the population extract's sources table, so the two read alike.
SOURCES_COLUMNS = ["source_file", "product", "vintage", "geo_levels", "rows_extracted", "bytes", "sha256",
                   "download"]


def read_gazetteer_places(path: Path) -> pd.DataFrame:
    """Every row of a Census places Gazetteer file, checked, as text."""
    path = Path(path)
    if not path.exists():
        raise InputError(path.parent, f"no places Gazetteer: download {GAZETTEER_DOWNLOAD}, unzip "
                         f"{GAZETTEER_FILE} into this folder")
    try:
        table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not a readable tab-separated UTF-8 file ({' '.join(str(exc).split())})") from None
    table.columns = [c.strip() for c in table.columns]
    missing = [c for c in [*COLUMNS, "FUNCSTAT"] if c not in table.columns]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}: is this the places Gazetteer?", row=1)
    table = table.apply(lambda column: column.str.strip())
    _check(path, table)
    return table


def _check(path: Path, table: pd.DataFrame) -> None:
    """Stop at the first row whose GEOID, state or coordinates cannot be right."""
    def fail(mask: pd.Series, field: str, message) -> None:
        if mask.any():
            index = mask.idxmax()
            raise InputError(path, message(table.loc[index]), row=int(index) + 2, field=field)

    fail(~table["GEOID"].str.fullmatch(r"\d{7}"), "GEOID", lambda r: f"'{r['GEOID']}' is not a 7-digit place GEOID")
    fail(table["GEOID"].duplicated(), "GEOID", lambda r: f"GEOID {r['GEOID']} appears twice")
    state = table["USPS"].map(POSTAL_TO_FIPS)
    fail(state.isna(), "USPS", lambda r: f"'{r['USPS']}' is not a state postal code")
    fail(state != table["GEOID"].str[:2], "USPS",
         lambda r: f"GEOID {r['GEOID']} does not start with the FIPS code of {r['USPS']}")
    fail(~table["ALAND"].str.fullmatch(r"\d+"), "ALAND", lambda r: f"'{r['ALAND']}' is not a land area in m²")
    for field, limit in (("INTPTLAT", 90), ("INTPTLONG", 180)):
        value = pd.to_numeric(table[field], errors="coerce")
        fail(value.isna() | (value.abs() > limit), field, lambda r, f=field: f"'{r[f]}' is not a coordinate")


def make_place_points(census_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The points extract (incorporated places, by GEOID) and its one-row sources table."""
    path = Path(census_dir) / GAZETTEER_FILE
    table = read_gazetteer_places(path)
    points = table[table["FUNCSTAT"] != STATISTICAL][COLUMNS].sort_values("GEOID").reset_index(drop=True)
    sources = pd.DataFrame([{
        "source_file": GAZETTEER_FILE, "product": GAZETTEER_PRODUCT, "vintage": GAZETTEER_YEAR,
        "geo_levels": "place", "rows_extracted": len(points), "bytes": path.stat().st_size,
        "sha256": _sha256(path), "download": GAZETTEER_DOWNLOAD}], columns=SOURCES_COLUMNS)
    return points, sources


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no name and no timestamp in its header, so equal input gives equal bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as handle:
        handle.write(data)
    return buffer.getvalue()


def write_place_points(census_dir: Path, out_dir: Path = POINTS_DIR) -> pd.DataFrame:
    """Rebuild the committed points extract and its sources table together; returns the sources."""
    points, sources = make_place_points(census_dir)
    out_dir = Path(out_dir)
    write_files_atomically({out_dir / PLACE_POINTS_CSV.name: gzip_bytes(to_csv_bytes(points)),
                            out_dir / PLACE_POINTS_SOURCES_CSV.name: to_csv_bytes(sources)})
    return sources


def load_place_points(path: Path = PLACE_POINTS_CSV) -> pd.DataFrame:
    """The committed extract, indexed by GEOID, coordinates as floats (kept in memory while the file
    stays as it is)."""
    path = Path(path)
    return _read_place_points(path, data_use.as_on_disk([path]))


@functools.lru_cache(maxsize=2)
def _read_place_points(path: Path, on_disk: tuple) -> pd.DataFrame:
    if not path.exists():
        raise InputError(path, "file not found; rebuild it with `python -m analysis extract`")
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", compression="gzip")
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}", row=1)
    _check(path, table)
    table = table.assign(INTPTLAT=table["INTPTLAT"].astype(float), INTPTLONG=table["INTPTLONG"].astype(float),
                         ALAND=table["ALAND"].astype("int64"))
    return table.set_index("GEOID", drop=False)


def missing_place_points(geoids: list[str], path: Path = PLACE_POINTS_CSV) -> list[str]:
    """The place GEOIDs among ``geoids`` that have no internal point in the extract."""
    known = load_place_points(path).index
    return [g for g in geoids if g not in known]


def place_points(geoids: str | list[str], crs: str, path: Path = PLACE_POINTS_CSV) -> gpd.GeoDataFrame:
    """The internal points of places (``'4159000'`` or ``'0644000;0668000'``), projected to ``crs``.

    A GEOID without a point stops with a message rather than leaving a city off a map.
    """
    parts = split_geoids(geoids) if isinstance(geoids, str) else list(geoids)
    absent = missing_place_points(parts, path)
    if absent:
        raise InputError(path, f"no internal point for place GEOID {', '.join(absent)} (a place incorporated "
                         f"after January 1, {GAZETTEER_YEAR}, or not a place GEOID)")
    rows = load_place_points(path).loc[parts]
    frame = gpd.GeoDataFrame(rows.reset_index(drop=True),
                             geometry=gpd.points_from_xy(rows["INTPTLONG"], rows["INTPTLAT"]), crs=LONLAT_CRS)
    return frame.to_crs(crs)
