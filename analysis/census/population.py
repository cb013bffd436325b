"""The committed July 1, 2017 population extract (``data/raw/population_2017.csv``).

One row per GEOID and vintage of the Census Bureau's Population Estimates.
Vintage 2019 is the default: it is the Bureau's last revision of the 2017
estimates before the 2020 Census, so it uses the most information. Vintage
2017 (the figures published at the time of the operation) is kept to show how
much the choice matters. Population Estimates have no margin of error.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.geography import geoids as gid
from analysis.core.errors import InputError, csv_line
from analysis.census.extract import EXTRACT_COLUMNS
from analysis.core.tables import read_text_table

DEFAULT_VINTAGE = 2019
VINTAGES = (2019, 2017)


def load_population(path: Path) -> pd.DataFrame:
    """Read and check the extract; ``population`` and ``vintage`` become integers."""
    table = read_text_table(path, EXTRACT_COLUMNS)
    for index, row in table.iterrows():
        if row["geo_level"] not in gid.GEOID_LENGTH or not gid.is_well_formed(row["geoid"], row["geo_level"]):
            raise InputError(path, f"'{row['geoid']}' is not a well-formed {row['geo_level']} GEOID",
                             row=csv_line(index), field="geoid")
        for field in ("population", "vintage"):
            if not row[field].isdigit():
                raise InputError(path, f"'{row[field]}' is not a whole number", row=csv_line(index),
                                 field=field)
    table["population"] = table["population"].astype("int64")
    table["vintage"] = table["vintage"].astype("int64")
    repeated = table.duplicated(["geoid", "vintage"])
    if repeated.any():
        raise InputError(path, "GEOID appears twice for the same vintage",
                         row=csv_line(repeated.idxmax()), field="geoid")
    return table


def describe_source(product: str, estimate_date: str) -> str:
    """How a population figure is cited, e.g. 'Census Bureau Population Estimates, Vintage 2019, July 1, 2017'."""
    year, month, day = estimate_date.split("-")
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    return f"{product}, {months[int(month) - 1]} {int(day)}, {year}"


def population_for(year: int, vintage: int | None = None) -> pd.DataFrame:
    """July 1 population of ``year`` for every committed geography, one vintage (default: the newest)."""
    table = load_population(paths.POPULATION_CSV)
    table["year"] = table["estimate_date"].str[:4].astype("int64")
    vintage = vintage or DEFAULT_VINTAGE
    chosen = table[(table["year"] == year) & (table["vintage"] == vintage)].reset_index(drop=True)
    if chosen.empty:
        raise InputError(paths.POPULATION_CSV, f"no Vintage {vintage} population for July 1, {year}")
    return chosen
