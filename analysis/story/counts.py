"""Arrest counts per jurisdiction, as an agency announced them (a story's ``counts.csv``).

A counts file needs at least ``jurisdiction`` and ``arrests``; a story folder
also keeps each row's wording as published, its date and its source.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.errors import InputError, csv_line
from analysis.core.schemas import read_table, schema, text, whole_number

SCHEMA = schema("counts", {
    "jurisdiction": text(),
    "arrests": text(whole_number(what="number of arrests"), empty_ok=True),
})
REQUIRED_COLUMNS = list(SCHEMA.columns)


def load_counts(path: Path) -> pd.DataFrame:
    """Read and check a counts file; ``arrests`` comes back as integers.

    Stops with an ``InputError`` naming the row and field for a missing
    column, an empty name, a count that is not a whole non-negative number,
    or a jurisdiction listed twice in any capitalisation (a second row would
    double-count it).
    """
    counts = read_table(path, SCHEMA)
    keys = counts["jurisdiction"].str.casefold()
    repeated = keys.duplicated()
    if repeated.any():
        index = repeated.idxmax()
        first = keys[keys == keys[index]].index[0]
        raise InputError(path, f"jurisdiction '{counts.at[index, 'jurisdiction']}' is listed twice (first on row "
                         f"{csv_line(first)}); give each jurisdiction one row",
                         row=csv_line(index), field="jurisdiction")
    counts["arrests"] = counts["arrests"].astype("int64")
    return counts
