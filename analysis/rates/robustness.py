"""How much a story's rates depend on its choices: geography, and the size of small counts.

ProPublica's bulletproofing habit: before publishing a ranking, measure how far
each alternative reading moves it. For every jurisdiction this gives the
primary rate, the lowest and highest that any geography definition gives, and
how far one arrest more or less moves the primary rate.
"""
from __future__ import annotations

import pandas as pd

from analysis.rates.rates import PER

COLUMNS = ["jurisdiction", "rank", "arrests", "primary_rate", "lowest_rate", "highest_rate", "definitions",
           "highest_over_lowest", "one_arrest_moves_rate_by", "one_arrest_as_share_of_rate"]


def robustness(rates: pd.DataFrame) -> pd.DataFrame:
    """One row per jurisdiction with a primary rate, in rank order."""
    usable = rates.dropna(subset=["rate_per_100k"])
    spread = usable.groupby("jurisdiction", sort=False)["rate_per_100k"].agg(["min", "max", "size"])
    primary = usable[usable["is_primary"]].set_index("jurisdiction")
    table = primary[["rank", "arrests", "rate_per_100k", "population"]].join(spread, validate="1:1")
    assert len(table) == len(primary), "a primary definition was lost joining the spread"
    table = table.rename(columns={"rate_per_100k": "primary_rate", "min": "lowest_rate", "max": "highest_rate",
                                  "size": "definitions"})
    table["highest_over_lowest"] = table["highest_rate"] / table["lowest_rate"]
    table["one_arrest_moves_rate_by"] = PER / table["population"].astype("float64")
    table["one_arrest_as_share_of_rate"] = table["one_arrest_moves_rate_by"] / table["primary_rate"]
    return table.sort_values("rank", kind="stable").reset_index()[COLUMNS]
