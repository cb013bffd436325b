"""Make the committed population extract from the Census Bureau's national files.

The national files are large and general; the project commits only the rows
it needs (every GEOID in the crosswalk, plus every state and DC) to
``data/raw/population_2017.csv``, and records in
``data/raw/population_2017_sources.csv`` which file each row came from, with
its vintage and sha256, so a reviewer can check the extract against the
Census original.

Run it with ``python -m analysis extract --census-dir DIR`` where ``DIR``
holds the downloaded files (``data/external/`` by default).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.census import census_files
from analysis.core import paths
from analysis.core.atomic import write_files_atomically
from analysis.story.crosswalk import all_geographies
from analysis.core.errors import InputError
from analysis.geography.geoids import part_level, split_geoids
from analysis.core.tables import to_csv_bytes

ESTIMATE_DATE = "2017-07-01"
PRODUCT = "Census Bureau Population Estimates"
POPEST = "https://www2.census.gov/programs-surveys/popest/datasets"


@dataclass(frozen=True)
class NationalFile:
    """One Census file the extract can read, and where a user downloads it."""

    name: str
    reader: Callable[[Path], pd.DataFrame]
    download: str


@dataclass(frozen=True)
class Source:
    """One vintage of one kind of geography; the first file found is used."""

    vintage: int
    levels: tuple[str, ...]
    files: tuple[NationalFile, ...]
    # Vintage 2017 place estimates are only at hand for California; a missing
    # place then shows as "not available" in the rates rather than stopping.
    complete: bool


SOURCES = (
    Source(2019, ("state", "county"), (
        NationalFile("co-est2019-alldata.csv", census_files.read_county_estimates,
                     f"{POPEST}/2010-2019/counties/totals/co-est2019-alldata.csv"),), complete=True),
    Source(2017, ("state", "county"), (
        NationalFile("co-est2017-alldata.csv", census_files.read_county_estimates,
                     f"{POPEST}/2010-2017/counties/totals/co-est2017-alldata.csv"),), complete=True),
    Source(2019, ("place",), (
        NationalFile("sub-est2019_all.csv", census_files.read_subcounty_places,
                     f"{POPEST}/2010-2019/cities/totals/sub-est2019_all.csv"),
        NationalFile("sub-est2019_all_places-subset.csv", census_files.read_subcounty_places,
                     "a third-party subset of sub-est2019_all.csv (places only)"),), complete=True),
    Source(2017, ("place",), (
        NationalFile("sub-est2017_all.csv", census_files.read_subcounty_places,
                     f"{POPEST}/2010-2017/cities/totals/sub-est2017_all.csv"),
        NationalFile("PEP_2017_PEPANNRES_CA-places_with_ann.csv", census_files.read_factfinder_places,
                     "American FactFinder table PEP_2017_PEPANNRES, California places"),), complete=False),
)

EXTRACT_COLUMNS = ["geoid", "geo_level", "name", "vintage", "estimate_date", "population",
                   "product", "source_file"]
ACS_YEAR = 2017
ACS_PRODUCT = f"American Community Survey {ACS_YEAR} 1-year estimates"
ACS_FILE = NationalFile("acs1-2017-state-DP02_DATA.csv", census_files.read_acs_dp02_states,
                        "https://api.census.gov/data/2017/acs/acs1/profile?get=group(DP02)&for=state:*")
ACS_EXTRACT_COLUMNS = ["geoid", "geo_level", "name", "year", "product", "total_population",
                       "total_population_moe", "noncitizen", "noncitizen_moe", "variables",
                       "source_file"]
SOURCES_COLUMNS = ["source_file", "product", "vintage", "geo_levels", "rows_extracted",
                   "bytes", "sha256", "download"]


def wanted_geoids(crosswalk: pd.DataFrame) -> dict[str, set[str]]:
    """GEOIDs the analysis needs, by level: the crosswalk's, plus every state."""
    wanted: dict[str, set[str]] = {"state": set(), "county": set(), "place": set()}
    for level, text in zip(crosswalk["geo_level"], crosswalk["geoids"]):
        wanted[part_level(level)].update(split_geoids(text))
    return wanted


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _find(census_dir: Path, source: Source) -> NationalFile | None:
    for candidate in source.files:
        if (census_dir / candidate.name).exists():
            return candidate
    return None


def make_extract(census_dir: Path, crosswalk: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The extract and its sources table, read from the files in ``census_dir``."""
    wanted = wanted_geoids(crosswalk)
    pieces, records = [], []
    for source in SOURCES:
        found = _find(census_dir, source)
        if found is None:
            names = " or ".join(f"{f.name} ({f.download})" for f in source.files)
            raise InputError(census_dir, f"no Vintage {source.vintage} {'/'.join(source.levels)} file: "
                             f"download {names} into this folder")
        path = census_dir / found.name
        table = found.reader(path)
        rows = []
        for level in source.levels:
            at_level = table[table["geo_level"] == level]
            keep = at_level if level == "state" else at_level[at_level["geoid"].isin(wanted[level])]
            absent = sorted(wanted[level] - set(keep["geoid"]))
            if absent and source.complete:
                raise InputError(path, f"{level} GEOID(s) {', '.join(absent)} from the crosswalk are "
                                 "not in this file")
            rows.append(keep)
        taken = pd.concat(rows, ignore_index=True)
        if taken["geoid"].duplicated().any():
            raise InputError(path, f"GEOID {taken.loc[taken['geoid'].duplicated(), 'geoid'].iloc[0]} "
                             "appears twice")
        taken = taken.assign(vintage=source.vintage, estimate_date=ESTIMATE_DATE,
                             product=f"{PRODUCT}, Vintage {source.vintage}", source_file=found.name)
        pieces.append(taken)
        records.append({"source_file": found.name, "product": f"{PRODUCT}, Vintage {source.vintage}",
                        "vintage": source.vintage, "geo_levels": ";".join(source.levels),
                        "rows_extracted": len(taken), "bytes": path.stat().st_size,
                        "sha256": sha256_of(path), "download": found.download})
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
    """Rebuild the extracts in ``raw_dir`` and their sources tables together (or none).

    The crosswalk in ``raw_dir`` decides which GEOIDs are kept.
    """
    census_dir, raw_dir = Path(census_dir), Path(raw_dir)
    if not census_dir.is_dir():
        raise InputError(census_dir, "folder not found; download the Census files listed in "
                         "README.md into data/external/ or pass --census-dir")
    extract, sources = make_extract(census_dir, all_geographies())
    acs, acs_sources = make_acs_extract(census_dir)
    tables = {paths.POPULATION_CSV: extract, paths.POPULATION_SOURCES_CSV: sources,
              paths.ACS_CSV: acs, paths.ACS_SOURCES_CSV: acs_sources}
    write_files_atomically({raw_dir / path.name: to_csv_bytes(table) for path, table in tables.items()})
    return pd.concat([sources, acs_sources], ignore_index=True)


def committed_sources(*manifests: Path) -> pd.DataFrame:
    """The sources tables of the committed extracts (default: population and ACS), one after the other."""
    manifests = manifests or (paths.POPULATION_SOURCES_CSV, paths.ACS_SOURCES_CSV)
    return pd.concat([pd.read_csv(path, dtype=str, keep_default_na=False) for path in manifests],
                     ignore_index=True)
