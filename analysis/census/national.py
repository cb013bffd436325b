"""Every state, county and incorporated place, July 1, 2017, read from the national files in a folder.

The form ``python -m analysis run --census-dir DIR`` uses until it moves to
``analysis.census.estimates.load_geographies(year)`` (which also reads the
committed extract and any year): the national files of one vintage are read
whole from ``census_dir`` (files and download addresses: the registry in
``analysis.census.products``).
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from analysis.census.census_files import pop_column
from analysis.census.extract import ESTIMATE_DATE, EXTRACT_COLUMNS, FLAGSHIP_YEAR
from analysis.census.national_extract import read_vintage
from analysis.census.products import product
from analysis.core.errors import InputError

GEOGRAPHY_COLUMNS = ["geoid", "geo_level", "name", "population", "state_name", "census2010", "source_file"]


@functools.cache
def load_geographies(census_dir: Path, vintage: int = 2019) -> pd.DataFrame:
    """All states, counties and places with their July 1, 2017 population (one vintage)."""
    census_dir = Path(census_dir)
    if not census_dir.is_dir():
        raise InputError(census_dir, "folder not found: download the national Census files listed in "
                         "data/external/README.md into data/external/ or pass --census-dir")
    table, _ = read_vintage(product(vintage, FLAGSHIP_YEAR), census_dir, (FLAGSHIP_YEAR,))
    return table.rename(columns={pop_column(FLAGSHIP_YEAR): "population"})[GEOGRAPHY_COLUMNS]


def population_extract(geographies: pd.DataFrame, vintage: int) -> pd.DataFrame:
    """The geographies in the committed extract's format, so ``analysis.rates.rates`` can use them."""
    return geographies.assign(vintage=vintage, estimate_date=ESTIMATE_DATE,
                              product=product(vintage).name)[EXTRACT_COLUMNS]
