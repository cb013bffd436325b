"""July 1 total population for any year the registry covers, for every state, county and place.

``load_population(year)`` and ``load_geographies(year)`` pick the vintage with
``analysis.census.products.vintage_for`` (the latest one covering the year)
unless a vintage is given, and read it from:

1. the committed extract in ``data/raw/census/`` when it holds that vintage
   and year (no download needed: Vintages 2019 and 2017);
2. otherwise the national files in ``census_dir`` (default ``data/external/``,
   where ``python -m analysis fetch --population YEAR`` puts them).

When neither has the data, one error names every missing file, its download
address and the command that fetches it, so a missing file never looks like
an unknown place. Tables are read once per process, and again if their file changes.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from analysis.census.census_files import pop_column
from analysis.census.national_extract import (EXTRACT_DIR, extract_name, find_files, missing_message,
                                              read_extract, read_vintage)
from analysis.census.products import Product, product, vintage_for
from analysis.core import data_use, paths
from analysis.core.errors import InputError

POPULATION_COLUMNS = ["geoid", "geo_level", "name", "vintage", "year", "estimate_date", "population",
                      "product", "source_file"]
GEOGRAPHY_COLUMNS = ["geoid", "geo_level", "name", "population", "state_name", "census2010", "source_file"]


@functools.lru_cache(maxsize=4)  # a few tables; one replaced during a run is let go
def _committed(vintage: int, extract_dir: Path, on_disk: tuple) -> pd.DataFrame | None:
    return read_extract(vintage, extract_dir)


@functools.lru_cache(maxsize=4)
def _downloaded(vintage: int, census_dir: Path, on_disk: tuple) -> pd.DataFrame:
    return read_vintage(product(vintage), census_dir)[0]


def _table(year: int, vintage: int | None, census_dir: Path | None,
           extract_dir: Path | None) -> tuple[Product, pd.DataFrame]:
    chosen = vintage_for(year) if vintage is None else product(vintage, year)
    extract_dir = Path(extract_dir or EXTRACT_DIR)
    table = _committed(chosen.vintage, extract_dir, data_use.as_on_disk([extract_dir / extract_name(chosen.vintage)]))
    if table is not None and pop_column(year) in table.columns:
        return chosen, table
    census_dir = Path(census_dir or paths.EXTERNAL)
    found, missing = find_files(chosen, census_dir)
    if missing:
        raise InputError(census_dir, missing_message(chosen, missing, year))
    files = [census_dir / file.name for _, file in found]
    data_use.used(files)  # before reading, and also when the table comes from memory
    table = _downloaded(chosen.vintage, census_dir, data_use.as_on_disk(files))
    return chosen, table


def load_population(year: int, vintage: int | None = None, census_dir: Path | None = None, *,
                    extract_dir: Path | None = None) -> pd.DataFrame:
    """Every state, county and place of the vintage with its July 1, ``year`` resident population.

    Columns: geoid, geo_level, name, vintage, year, estimate_date (``YYYY-07-01``),
    population (integer), product ("Census Bureau Population Estimates, Vintage 2019"),
    source_file (the national file the row comes from). ``extract_dir`` replaces
    ``data/raw/census/`` (tests).
    """
    chosen, table = _table(year, vintage, census_dir, extract_dir)
    return pd.DataFrame({
        "geoid": table["geoid"], "geo_level": table["geo_level"], "name": table["name"],
        "vintage": chosen.vintage, "year": year, "estimate_date": f"{year}-07-01",
        "population": table[pop_column(year)], "product": chosen.name, "source_file": table["source_file"],
    }, columns=POPULATION_COLUMNS)


def load_geographies(year: int, vintage: int | None = None, census_dir: Path | None = None, *,
                     extract_dir: Path | None = None) -> pd.DataFrame:
    """What ``analysis.geography.resolve.Resolver`` matches names against, with July 1, ``year`` population.

    Columns: geoid, geo_level, name, population, state_name, census2010 (as
    published; empty for vintages based on the 2020 Census), source_file.
    """
    _, table = _table(year, vintage, census_dir, extract_dir)
    return table[["geoid", "geo_level", "name", pop_column(year), "state_name", "census2010",
                  "source_file"]].rename(columns={pop_column(year): "population"})
