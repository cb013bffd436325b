"""Readers for the Census Bureau's national Population Estimates files.

Each reader returns the same tidy table: ``geoid`` (string), ``geo_level``,
``name``, ``population`` (the July 1, 2017 estimate, integer), ``state_name``
and ``census2010`` (the April 1, 2010 Census count as published, text: some
places carry the annotation ``A``). GEOIDs are
rebuilt from zero-padded FIPS parts, because some copies of these files lost
their leading zeros (``STATE`` ``6`` for ``06``).

File layouts:
- ``co-est20YY-alldata.csv``: states (SUMLEV 040) and counties (050),
  column ``POPESTIMATE2017`` (Census file layout CO-EST20YY-ALLDATA).
- ``sub-est2019_all.csv``: cities and towns, incorporated places are SUMLEV 162
  (Census file layout SUB-EST2019).
- ``PEP_2017_PEPANNRES_with_ann.csv``: American FactFinder download, two
  header lines, ``GEO.id2`` is the 7-digit place GEOID, ``respop72017``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.geography import geoids as gid
from analysis.core.errors import InputError

# The national files are latin-1 ("Doña Ana County" has the byte 0xF1).
ENCODING = "latin-1"
COLUMNS = ["geoid", "geo_level", "name", "population", "state_name", "census2010"]


def _read(path: Path, required: list[str], **options) -> pd.DataFrame:
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=ENCODING, **options)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(path, f"not a readable CSV file ({exc})") from None
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}: is this the right Census "
                         "file?", row=1)
    return table


def _population(path: Path, table: pd.DataFrame, column: str, first_line: int = 2) -> pd.Series:
    """The estimates in ``column`` as integers; ``first_line`` is the file line of data row 0."""
    values = table[column].str.strip()
    bad = ~values.str.fullmatch(r"\d+")
    if bad.any():
        index = bad.idxmax()
        raise InputError(path, f"'{values[index]}' is not a population count",
                         row=int(index) + first_line, field=column)
    return values.astype("int64")


def read_county_estimates(path: Path) -> pd.DataFrame:
    """States and counties from a ``co-est20YY-alldata.csv`` file."""
    table = _read(path, ["SUMLEV", "STATE", "COUNTY", "STNAME", "CTYNAME", "CENSUS2010POP", "POPESTIMATE2017"])
    sumlev = table["SUMLEV"].str.strip().str.zfill(3)
    table = table[sumlev.isin(["040", "050"])].copy()
    is_state = sumlev[table.index] == "040"
    table["geoid"] = [gid.state_geoid(s) if state else gid.county_geoid(s, c)
                      for s, c, state in zip(table["STATE"], table["COUNTY"], is_state)]
    table["geo_level"] = is_state.map({True: "state", False: "county"})
    table["name"] = [st if state else f"{cty}, {st}"
                     for st, cty, state in zip(table["STNAME"], table["CTYNAME"], is_state)]
    table["population"] = _population(path, table, "POPESTIMATE2017")
    table["state_name"] = table["STNAME"]
    table["census2010"] = table["CENSUS2010POP"].str.strip()
    return table[COLUMNS].reset_index(drop=True)


def read_subcounty_places(path: Path) -> pd.DataFrame:
    """Incorporated places (SUMLEV 162) from a ``sub-est2019_all.csv`` file."""
    table = _read(path, ["SUMLEV", "STATE", "PLACE", "NAME", "STNAME", "CENSUS2010POP", "POPESTIMATE2017"])
    table = table[table["SUMLEV"].str.strip().str.zfill(3) == "162"].copy()
    table["geoid"] = [gid.place_geoid(s, p) for s, p in zip(table["STATE"], table["PLACE"])]
    table["geo_level"] = "place"
    table["name"] = table["NAME"] + ", " + table["STNAME"]
    table["population"] = _population(path, table, "POPESTIMATE2017")
    table["state_name"] = table["STNAME"]
    table["census2010"] = table["CENSUS2010POP"].str.strip()
    return table[COLUMNS].reset_index(drop=True)


def read_factfinder_places(path: Path) -> pd.DataFrame:
    """Places from an American FactFinder ``PEP_2017_PEPANNRES`` download."""
    table = _read(path, ["GEO.id2", "GEO.display-label", "rescen42010", "respop72017"], skiprows=[1])
    table["geoid"] = table["GEO.id2"].str.strip().str.zfill(7)
    table["geo_level"] = "place"
    table["name"] = table["GEO.display-label"]
    table["population"] = _population(path, table, "respop72017", first_line=3)
    table["state_name"] = table["name"].str.rsplit(", ", n=1).str[-1]
    table["census2010"] = table["rescen42010"].str.strip()
    return table[COLUMNS].reset_index(drop=True)


ACS_COLUMNS = ["geoid", "geo_level", "name", "total_population", "total_population_moe",
               "noncitizen", "noncitizen_moe"]
# DP02_0086 = total population; DP02_0095 = foreign born, not a U.S. citizen
# (the same quantity as detailed-table cell B05001_006; ../shared SOURCES.md).
DP02_VARIABLES = {"total_population": "DP02_0086E", "total_population_moe": "DP02_0086M",
                  "noncitizen": "DP02_0095E", "noncitizen_moe": "DP02_0095M"}


def read_acs_dp02_states(path: Path) -> pd.DataFrame:
    """States from an ACS 1-year DP02 file as saved from the Census Data API.

    Values are kept exactly as published, special codes such as -555555555
    included: ``analysis.census.acs`` converts them when they are used.
    """
    table = _read(path, ["state", "NAME", *DP02_VARIABLES.values()])
    table["geoid"] = table["state"].map(gid.state_geoid)
    table["geo_level"] = "state"
    table["name"] = table["NAME"]
    for column, variable in DP02_VARIABLES.items():
        table[column] = table[variable].str.strip()
    return table[ACS_COLUMNS].reset_index(drop=True)
