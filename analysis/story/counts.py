"""Arrest counts per jurisdiction, as an agency announced them.

The flagship file is ``data/raw/safe_city_counts.csv`` (ICE's list for
Operation Safe City, September 2017). Any counts file needs at least the
columns ``jurisdiction`` and ``arrests``; the flagship also keeps the
operation, date, wording and source of every row (see ``data/raw/README.md``).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.errors import InputError, csv_line
from analysis.core.tables import read_text_table

REQUIRED_COLUMNS = ["jurisdiction", "arrests"]


def load_counts(path: Path) -> pd.DataFrame:
    """Read and check a counts file; ``arrests`` comes back as integers.

    Stops with an ``InputError`` naming the row and field for a missing
    column, an empty name, a count that is not a whole non-negative number,
    or a jurisdiction listed twice (a second row would double-count it).
    """
    table = read_text_table(path, REQUIRED_COLUMNS)
    names = table["jurisdiction"]
    empty = names == ""
    if empty.any():
        raise InputError(path, "jurisdiction is empty", row=csv_line(empty.idxmax()), field="jurisdiction")
    keys = names.str.casefold()
    repeated = keys.duplicated()
    if repeated.any():
        index = repeated.idxmax()
        first = keys[keys == keys[index]].index[0]
        raise InputError(path, f"jurisdiction '{names[index]}' is listed twice (first on row "
                         f"{csv_line(first)}); give each jurisdiction one row",
                         row=csv_line(index), field="jurisdiction")
    bad = ~table["arrests"].str.fullmatch(r"\d+")
    if bad.any():
        index = bad.idxmax()
        raise InputError(path, f"'{table.at[index, 'arrests']}' is not a whole, non-negative number of arrests",
                         row=csv_line(index), field="arrests")
    counts = table.copy()
    counts["arrests"] = counts["arrests"].astype("int64")
    return counts
