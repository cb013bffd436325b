"""Every state, county and incorporated place, from the national Census files.

Used when a new counts table names places outside the committed extract: the
same national Population Estimates files the extract is cut from (see
``analysis.census.extract.SOURCES`` for their names and download addresses) are read
whole from ``data/external/``, or any folder given.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from analysis.core.errors import InputError
from analysis.census.extract import ESTIMATE_DATE, PRODUCT, SOURCES, EXTRACT_COLUMNS, NationalFile

GEOGRAPHY_COLUMNS = ["geoid", "geo_level", "name", "population", "state_name", "census2010", "source_file"]


def _file_for(census_dir: Path, vintage: int, level: str) -> NationalFile:
    for source in SOURCES:
        if source.vintage == vintage and level in source.levels:
            for candidate in source.files:
                if (census_dir / candidate.name).exists():
                    return candidate
            wanted = " or ".join(f"{f.name} ({f.download})" for f in source.files)
            raise InputError(census_dir, f"no Vintage {vintage} {level} file: download {wanted} into "
                             "this folder (see data/external/README.md)")
    raise InputError(census_dir, f"no known Census file gives Vintage {vintage} {level} estimates")


@functools.cache
def load_geographies(census_dir: Path, vintage: int = 2019) -> pd.DataFrame:
    """All states, counties and places with their July 1, 2017 population (one vintage)."""
    census_dir = Path(census_dir)
    if not census_dir.is_dir():
        raise InputError(census_dir, "folder not found: download the national Census files listed in "
                         "data/external/README.md into data/external/ or pass --census-dir")
    pieces = []
    county_file = _file_for(census_dir, vintage, "county")
    place_file = _file_for(census_dir, vintage, "place")
    for found in (county_file, place_file) if place_file != county_file else (county_file,):
        table = found.reader(census_dir / found.name)
        pieces.append(table.assign(source_file=found.name))
    geographies = pd.concat(pieces, ignore_index=True)[GEOGRAPHY_COLUMNS]
    repeated = geographies["geoid"].duplicated()
    if repeated.any():
        raise InputError(census_dir, f"GEOID {geographies.loc[repeated, 'geoid'].iloc[0]} appears twice "
                         "in the national files")
    return geographies


def population_extract(geographies: pd.DataFrame, vintage: int) -> pd.DataFrame:
    """The geographies in the committed extract's format, so ``analysis.rates.rates`` can use them."""
    return geographies.assign(vintage=vintage, estimate_date=ESTIMATE_DATE,
                              product=f"{PRODUCT}, Vintage {vintage}")[EXTRACT_COLUMNS]
