"""Make the committed population extracts from the Census Bureau's national files.

Two population extracts come out of the same national files:

- ``data/raw/census/`` (``analysis.census.national_extract``): every state,
  county and place, every year of Vintages 2019 and 2017;
- ``data/raw/population_2017.csv``, the flagship's older extract: only the
  GEOIDs in the crosswalk plus every state and DC, July 1, 2017, with
  ``population_2017_sources.csv`` recording which file each row came from.

Both, and the ACS extract, are rewritten together by ``python -m analysis
extract --census-dir DIR`` where ``DIR`` holds the downloaded files
(``data/external/`` by default).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.census import census_files
from analysis.census.census_files import pop_column, read_estimates
from analysis.census.national_extract import EXTRACT_DIR, SOURCES_COLUMNS, extract_files, gzip_bytes
from analysis.core.digest import sha256_of
from analysis.geography.points import PLACE_POINTS_CSV, PLACE_POINTS_SOURCES_CSV, make_place_points
from analysis.census.products import product
from analysis.core import paths
from analysis.core.atomic import write_files_atomically
from analysis.story.crosswalk import all_geographies
from analysis.core.errors import InputError
from analysis.geography.geoids import part_level, split_geoids
from analysis.core.tables import to_csv_bytes

FLAGSHIP_YEAR = 2017
ESTIMATE_DATE = f"{FLAGSHIP_YEAR}-07-01"
# The flagship compares the latest vintage for 2017 with the one published at the time.
FLAGSHIP_VINTAGES = (2019, 2017)


@dataclass(frozen=True)
class NationalFile:
    """A non-population Census file the extract reads, and where a user downloads it."""

    name: str
    reader: Callable[[Path], pd.DataFrame]
    download: str


EXTRACT_COLUMNS = ["geoid", "geo_level", "name", "vintage", "estimate_date", "population",
                   "product", "source_file"]
ACS_YEAR = 2017
ACS_PRODUCT = f"American Community Survey {ACS_YEAR} 1-year estimates"
ACS_FILE = NationalFile("acs1-2017-state-DP02_DATA.csv", census_files.read_acs_dp02_states,
                        "https://api.census.gov/data/2017/acs/acs1/profile?get=group(DP02)&for=state:*")
ACS_EXTRACT_COLUMNS = ["geoid", "geo_level", "name", "year", "product", "total_population",
                       "total_population_moe", "noncitizen", "noncitizen_moe", "variables",
                       "source_file"]


def wanted_geoids(crosswalk: pd.DataFrame) -> dict[str, set[str]]:
    """GEOIDs the analysis needs, by level: the crosswalk's, plus every state."""
    wanted: dict[str, set[str]] = {"state": set(), "county": set(), "place": set()}
    for level, text in zip(crosswalk["geo_level"], crosswalk["geoids"]):
        wanted[part_level(level)].update(split_geoids(text))
    return wanted


def make_extract(census_dir: Path, crosswalk: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The flagship extract (July 1, 2017) and its sources table, read from the files in ``census_dir``."""
    wanted = wanted_geoids(crosswalk)
    products = [product(v) for v in FLAGSHIP_VINTAGES]
    pieces, records = [], []
    for levels in (("state", "county"), ("place",)):
        for chosen in products:
            choice = chosen.choice_for(levels[0])
            found = next((f for f in choice.files if (census_dir / f.name).exists()), None)
            if found is None:
                names = " or ".join(f"{f.name} ({f.download})" for f in choice.files)
                raise InputError(census_dir, f"no Vintage {chosen.vintage} {'/'.join(levels)} file: "
                                 f"download {names} into this folder")
            path = census_dir / found.name
            table = read_estimates(path, found, (FLAGSHIP_YEAR,))
            rows = []
            for level in levels:
                at_level = table[table["geo_level"] == level]
                keep = at_level if level == "state" else at_level[at_level["geoid"].isin(wanted[level])]
                absent = sorted(wanted[level] - set(keep["geoid"]))
                if absent and found.complete:
                    raise InputError(path, f"{level} GEOID(s) {', '.join(absent)} from the crosswalk are "
                                     "not in this file")
                rows.append(keep)
            taken = pd.concat(rows, ignore_index=True)
            if taken["geoid"].duplicated().any():
                raise InputError(path, f"GEOID {taken.loc[taken['geoid'].duplicated(), 'geoid'].iloc[0]} "
                                 "appears twice")
            taken = taken.assign(vintage=chosen.vintage, estimate_date=ESTIMATE_DATE,
                                 population=taken[pop_column(FLAGSHIP_YEAR)], product=chosen.name,
                                 source_file=found.name)
            pieces.append(taken)
            records.append({"source_file": found.name, "product": chosen.name, "vintage": chosen.vintage,
                            "geo_levels": ";".join(levels), "rows_extracted": len(taken),
                            "bytes": path.stat().st_size, "sha256": sha256_of(path),
                            "download": found.download})
    extract = pd.concat(pieces, ignore_index=True)[EXTRACT_COLUMNS]
    level_order = {"state": 0, "county": 1, "place": 2}
    extract = extract.sort_values(["vintage", "geo_level", "geoid"],
                                  key=lambda col: col.map(level_order) if col.name == "geo_level" else col,
                                  ascending=[False, True, True]).reset_index(drop=True)
    return extract, pd.DataFrame(records, columns=SOURCES_COLUMNS)


def make_acs_extract(census_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """ACS 2017 1-year citizenship for every state and DC, as published (codes kept).

    Only state tables are at hand offline; counties and places come from
    ``python -m analysis fetch``. Puerto Rico is left out: ICE's list has no
    Puerto Rico jurisdiction and its DP02 values are null (published in DP02PR).
    """
    path = census_dir / ACS_FILE.name
    if not path.exists():
        raise InputError(census_dir, f"no ACS {ACS_YEAR} state file: download {ACS_FILE.name} "
                         f"({ACS_FILE.download}) into this folder")
    table = ACS_FILE.reader(path)
    table = table[table["geoid"] != "72"].sort_values("geoid").reset_index(drop=True)
    table = table.assign(year=ACS_YEAR, product=ACS_PRODUCT,
                         variables=";".join(census_files.DP02_VARIABLES.values()),
                         source_file=ACS_FILE.name)[ACS_EXTRACT_COLUMNS]
    record = {"source_file": ACS_FILE.name, "product": ACS_PRODUCT, "vintage": ACS_YEAR,
              "geo_levels": "state", "rows_extracted": len(table), "bytes": path.stat().st_size,
              "sha256": sha256_of(path), "download": ACS_FILE.download}
    return table, pd.DataFrame([record], columns=SOURCES_COLUMNS)


def write_extract(census_dir: Path, raw_dir: Path = paths.RAW) -> pd.DataFrame:
    """Rebuild every extract in ``raw_dir`` (and ``raw_dir/census/``) with its sources table, together or none.

    The crosswalk in ``raw_dir`` decides which GEOIDs the flagship extract keeps.
    """
    census_dir, raw_dir = Path(census_dir), Path(raw_dir)
    if not census_dir.is_dir():
        raise InputError(census_dir, "folder not found; download the Census files listed in "
                         "README.md into data/external/ or pass --census-dir")
    extract, sources = make_extract(census_dir, all_geographies())
    acs, acs_sources = make_acs_extract(census_dir)
    national, national_sources = extract_files(census_dir, extract_dir=raw_dir / EXTRACT_DIR.name)
    points, points_sources = make_place_points(census_dir)
    national[raw_dir / EXTRACT_DIR.name / PLACE_POINTS_CSV.name] = gzip_bytes(to_csv_bytes(points))
    national[raw_dir / EXTRACT_DIR.name / PLACE_POINTS_SOURCES_CSV.name] = to_csv_bytes(points_sources)
    tables = {paths.POPULATION_CSV: extract, paths.POPULATION_SOURCES_CSV: sources,
              paths.ACS_CSV: acs, paths.ACS_SOURCES_CSV: acs_sources}
    write_files_atomically({**{raw_dir / path.name: to_csv_bytes(table) for path, table in tables.items()},
                            **national})
    return pd.concat([national_sources, points_sources, sources, acs_sources], ignore_index=True)


def committed_sources(*manifests: Path) -> pd.DataFrame:
    """The sources tables of the committed extracts (default: population and ACS), one after the other."""
    manifests = manifests or (EXTRACT_DIR / "popest_sources.csv", paths.ACS_SOURCES_CSV)
    return pd.concat([pd.read_csv(path, dtype=str, keep_default_na=False) for path in manifests],
                     ignore_index=True)
