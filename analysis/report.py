"""Plain-text summaries of the results, as a reporter would read them."""
from __future__ import annotations

import pandas as pd


def primary_table(rates: pd.DataFrame) -> pd.DataFrame:
    """Primary definitions in rank order, with the columns a reader needs."""
    primary = rates[rates["is_primary"]].sort_values(["rank", "jurisdiction"], na_position="last")
    return primary[["rank", "jurisdiction", "geography", "arrests", "population", "rate_per_100k"]]


def primary_summary(rates: pd.DataFrame) -> str:
    """One line per jurisdiction: 'rank. name: N arrests / population = rate per 100,000'."""
    lines = []
    for row in primary_table(rates).itertuples():
        if pd.isna(row.rate_per_100k):
            lines.append(f" -. {row.jurisdiction}: {row.arrests} arrests; population not available")
        else:
            lines.append(f"{row.rank:>2}. {row.jurisdiction}: {row.arrests} arrests / "
                         f"{row.population:,} residents = {row.rate_per_100k:.1f} per 100,000")
    vintage = int(rates["vintage"].iloc[0])
    return f"Arrests per 100,000 residents (Population Estimates, Vintage {vintage}, July 1, 2017)\n" + "\n".join(lines)
