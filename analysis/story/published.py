"""Other published figures for the same operation, and the sums they imply.

``data/raw/safe_city_published_figures.csv`` keeps the totals as published
(ICE's 498; the Los Angeles Times' 167 "in and around Los Angeles"). Its
``sum_of`` column says what a figure should be the sum of: either the counts
file (``safe_city_counts.csv``) or other figure ids separated by ``;``. The
check is arithmetic only; the full fact-check of the story builds on it.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.errors import InputError, csv_line
from analysis.core.tables import parse_true_false, read_text_table

REQUIRED_COLUMNS = ["figure_id", "value", "exact", "stated_as", "sum_of", "publisher",
                    "published_date", "source_url"]
COUNTS_TOKEN = "safe_city_counts.csv"


def load_published_figures(path: Path) -> pd.DataFrame:
    table = read_text_table(path, REQUIRED_COLUMNS)
    table["exact"] = parse_true_false(path, table, "exact")
    for index, value in table["value"].items():
        if not value.isdigit():
            raise InputError(path, f"'{value}' is not a whole number", row=csv_line(index), field="value")
    if table["figure_id"].duplicated().any():
        index = table["figure_id"].duplicated().idxmax()
        raise InputError(path, "figure_id repeats an earlier row", row=csv_line(index), field="figure_id")
    table["value"] = table["value"].astype("int64")
    return table


def sum_checks(figures: pd.DataFrame, counts: pd.DataFrame, figures_path: Path) -> pd.DataFrame:
    """For every figure with a ``sum_of``, the stated value next to the computed sum."""
    value_of = dict(zip(figures["figure_id"], figures["value"]))
    rows = []
    for index, figure in figures[figures["sum_of"] != ""].iterrows():
        if figure["sum_of"] == COUNTS_TOKEN:
            computed = int(counts["arrests"].sum())
            parts = f"the {len(counts)} per-jurisdiction counts"
        else:
            ids = figure["sum_of"].split(";")
            unknown = [i for i in ids if i not in value_of]
            if unknown:
                raise InputError(figures_path, f"unknown figure_id {', '.join(unknown)}",
                                 row=csv_line(index), field="sum_of")
            computed = int(sum(value_of[i] for i in ids))
            parts = " + ".join(f"{value_of[i]} ({i})" for i in ids)
        rows.append({"figure_id": figure["figure_id"], "stated": int(figure["value"]),
                     "computed": computed, "sum_of": parts,
                     "agrees": "true" if computed == figure["value"] else "false"})
    return pd.DataFrame(rows, columns=["figure_id", "stated", "computed", "sum_of", "agrees"])
