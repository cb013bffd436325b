"""Readers for the Census Bureau's national Population Estimates files (and the ACS state table).

``read_estimates`` returns one tidy table whatever the file's layout (see
``analysis.census.products`` for the layouts): ``geoid`` (string),
``geo_level``, ``name`` (as the Census writes it: "Cook County, Illinois",
"Denver city, Colorado"), ``state_name``, ``census2010`` (the April 1, 2010
Census count as published, text: some places carry the annotation ``A``; empty
for files without it) and one integer column ``pop{year}`` per July 1 asked for.

GEOIDs are rebuilt from zero-padded FIPS parts, because some copies of these
files lost their leading zeros (``STATE`` ``6`` for ``06``). The 2010s files
are latin-1 ("Doña Ana County" has the byte 0xF1); a file that is valid UTF-8
is read as UTF-8.

A file is refused, with its line, when it is not a complete CSV table: a line
with a different number of fields from the header, or no line end after the
last line (a download cut short), or a value that is not a count.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

import pandas as pd

from analysis.census.products import CITY_TOTALS, COUNTY_TOTALS, FACTFINDER, NationalFile
from analysis.core.errors import InputError

COLUMNS = ["geoid", "geo_level", "name", "state_name", "census2010"]


def pop_column(year: int) -> str:
    """The column holding the July 1, ``year`` estimate in every table the readers make."""
    return f"pop{year}"


def encoding_of(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) when valid, else latin-1 (the Census 2010s files)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8-sig"


def decode(data: bytes) -> str:
    return data.decode(encoding_of(data))


def checked_lines(text: str, where: Path | str) -> list[str]:
    """The header's fields, after checking every line has as many and the last line is complete."""
    if text.lstrip()[:1] == "<":
        raise InputError(where, "this is a web page (HTML), not a Census CSV file")
    if not text.endswith("\n"):
        raise InputError(where, "the last line has no line end: the file is cut short (download it again)")
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if not header:
        raise InputError(where, "empty file")
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise InputError(where, f"{len(row)} fields where the header has {len(header)}: the file is "
                             "damaged or cut short (download it again)", row=number)
    return [name.strip() for name in header]


def _table(data: bytes, where: Path | str, required: list[str], header_lines: int = 1) -> pd.DataFrame:
    text = decode(data)
    header = checked_lines(text, where)
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(where, f"missing column(s) {', '.join(missing)}: is this the right Census file?",
                         row=1)
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, usecols=required,
                        skiprows=range(1, header_lines))
    return table.apply(lambda column: column.str.strip())


def _first_bad(where: Path | str, table: pd.DataFrame, column: str, bad: pd.Series, first_line: int,
               what: str) -> None:
    if bad.any():
        position = int(bad.to_numpy().argmax())
        raise InputError(where, f"'{table[column].iloc[position]}' is not {what}",
                         row=int(table.index[position]) + first_line, field=column)


def _counts(where: Path | str, table: pd.DataFrame, column: str, first_line: int) -> pd.Series:
    """``column`` as integers; ``first_line`` is the file line of data row 0."""
    values = table[column]
    _first_bad(where, table, column, ~(values.str.isdigit() & values.str.isascii()), first_line,
               "a population count")
    return values.astype("int64")


def _fips(where: Path | str, table: pd.DataFrame, column: str, width: int, first_line: int) -> pd.Series:
    """A FIPS code column zero-padded to ``width`` digits (some copies dropped the zeros)."""
    values = table[column]
    bad = ~(values.str.isdigit() & values.str.isascii()) | (values.str.len() > width)
    _first_bad(where, table, column, bad, first_line, f"a FIPS code of at most {width} digits")
    return values.str.zfill(width)


def _raw(source: Path | bytes) -> tuple[bytes, Path | str]:
    if isinstance(source, bytes):
        return source, "downloaded file"
    try:
        return Path(source).read_bytes(), Path(source)
    except FileNotFoundError:
        raise InputError(source, "file not found") from None


def read_estimates(source: Path | bytes, file: NationalFile, years: Iterable[int],
                   where: Path | str | None = None) -> pd.DataFrame:
    """Every state, county or incorporated place in ``source`` with its July 1 estimates for ``years``.

    ``source`` is a path or the file's bytes (a download being checked);
    ``where`` names it in error messages.
    """
    data, default_where = _raw(source)
    where = where or default_where
    years = tuple(years)
    wanted = {pop_column(y): file.year_column.format(year=y) for y in years}
    census2010 = [file.census2010_column] if file.census2010_column else []
    if file.layout == COUNTY_TOTALS:
        table = _table(data, where, ["SUMLEV", "STATE", "COUNTY", "STNAME", "CTYNAME", *census2010,
                                     *wanted.values()])
        sumlev = table["SUMLEV"].str.zfill(3)
        table = table[sumlev.isin(["040", "050"])]
        is_state = sumlev[table.index] == "040"
        state = _fips(where, table, "STATE", 2, 2)
        table = table.assign(
            geoid=state.where(is_state, state + _fips(where, table, "COUNTY", 3, 2)),
            geo_level=is_state.map({True: "state", False: "county"}),
            name=table["STNAME"].where(is_state, table["CTYNAME"] + ", " + table["STNAME"]),
            state_name=table["STNAME"])
        first_line = 2
    elif file.layout == CITY_TOTALS:
        table = _table(data, where, ["SUMLEV", "STATE", "PLACE", "NAME", "STNAME", *census2010,
                                     *wanted.values()])
        table = table[table["SUMLEV"].str.zfill(3) == "162"]
        table = table.assign(geoid=_fips(where, table, "STATE", 2, 2) + _fips(where, table, "PLACE", 5, 2),
                             geo_level="place", name=table["NAME"] + ", " + table["STNAME"],
                             state_name=table["STNAME"])
        first_line = 2
    elif file.layout == FACTFINDER:
        table = _table(data, where, ["GEO.id2", "GEO.display-label", *census2010, *wanted.values()],
                       header_lines=2)
        table = table.assign(geoid=_fips(where, table, "GEO.id2", 7, 3), geo_level="place",
                             name=table["GEO.display-label"],
                             state_name=table["GEO.display-label"].str.rsplit(", ", n=1).str[-1])
        first_line = 3
    else:
        raise ValueError(f"unknown layout {file.layout!r}")
    table = table.assign(census2010=table[census2010[0]] if census2010 else "")
    for column, source_column in wanted.items():
        table[column] = _counts(where, table, source_column, first_line)
    return table[COLUMNS + list(wanted)].reset_index(drop=True)


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
    data, where = _raw(path)
    table = _table(data, where, ["state", "NAME", *DP02_VARIABLES.values()])
    table["geoid"] = _fips(where, table, "state", 2, 2)
    table["geo_level"] = "state"
    table["name"] = table["NAME"]
    for column, variable in DP02_VARIABLES.items():
        table[column] = table[variable]
    return table[ACS_COLUMNS].reset_index(drop=True)
