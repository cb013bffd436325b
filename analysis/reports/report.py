"""Answers for the notebooks and the command line, with fixed layout and rounding.

Each function takes tables the modules computed and returns either text
(sentences) or a ``display.Table`` (a table whose text form has a fixed layout
and whose HTML form is a real table), so a notebook's stored output reads like
the story and is identical on every machine (nbval compares it).
"""
from __future__ import annotations

import pandas as pd

# format_table is also the command line's text table (analysis/cli.py imports it from here).
from analysis.reports.display import Table, format_table, table as shown_table  # noqa: F401


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
    return f"Arrests per 100,000 residents ({population_label(rates)})\n" + "\n".join(lines)


def population_label(rates: pd.DataFrame) -> str:
    """'Population Estimates, Vintage 2019, July 1, 2017': the year and vintage, said every time."""
    return (f"Population Estimates, Vintage {int(rates['vintage'].iloc[0])}, "
            f"July 1, {int(rates['population_year'].iloc[0])}")


def counts_table(counts: pd.DataFrame) -> Table:
    """The list as announced, largest count first, with the total."""
    shown = counts.sort_values(["arrests", "jurisdiction"], ascending=[False, True])
    columns = ["jurisdiction", "arrests"] + [c for c in ("as_published", "published_date") if c in counts.columns]
    return shown_table(shown[columns],
                       note=f"Total: {int(counts['arrests'].sum())} arrests in {len(counts)} jurisdictions")


def sum_check_text(checks: pd.DataFrame) -> str:
    """Each published total next to the sum of its parts, as sentences."""
    lines = []
    for row in checks.itertuples():
        verdict = "agrees" if row.agrees == "true" else "DOES NOT AGREE"
        lines.append(f"{row.claim_id}: stated {row.stated}; {row.sum_of}; computed {row.computed} ({verdict})")
    return "\n".join(lines)


def crosswalk_table(rates: pd.DataFrame) -> Table:
    """Each jurisdiction's primary geography and alternatives, with their GEOIDs."""
    shown = rates.assign(role=rates["is_primary"].map({True: "primary", False: "alternative"}))
    return shown_table(shown[["jurisdiction", "role", "geography", "geo_level", "geoids"]])


def sources_table(sources: pd.DataFrame) -> Table:
    """Which Census file each extract came from, with its checksum (first 16 hex digits)."""
    shown = sources.assign(sha256=sources["sha256"].str[:16] + "...")
    return shown_table(shown[["source_file", "vintage", "geo_levels", "rows_extracted", "sha256"]])


def robustness_table(robustness: pd.DataFrame, note: str = "") -> Table:
    """Each primary rate beside the lowest and highest any geography definition gives."""
    shown = robustness[["rank", "jurisdiction", "primary_rate", "lowest_rate", "highest_rate", "definitions",
                        "highest_over_lowest"]]
    return shown_table(shown, {"primary_rate": "{:.1f}", "lowest_rate": "{:.1f}", "highest_rate": "{:.1f}",
                               "highest_over_lowest": "{:.1f}x"}, note=note)


def vintage_comparison(newer: pd.DataFrame, older: pd.DataFrame) -> pd.DataFrame:
    """Primary rates and ranks under two population vintages, joined on the definition."""
    keys = ["jurisdiction", "definition"]
    left = newer[newer["is_primary"]][keys + ["vintage", "population", "rate_per_100k", "rank"]]
    right = older[older["is_primary"]][keys + ["vintage", "population", "rate_per_100k", "rank"]]
    both = left.merge(right, on=keys, how="left", validate="1:1", suffixes=("_new", "_old"))
    assert len(both) == len(left), "a primary definition is missing from one vintage"
    # Ranks are compared among the definitions both vintages estimate, so a missing value
    # does not shift the ranks below it (which would read as a change of order).
    comparable = both["rate_per_100k_old"].notna() & both["rate_per_100k_new"].notna()
    for side in ("new", "old"):
        both[f"rank_{side}"] = (both[f"rate_per_100k_{side}"].where(comparable)
                                .rank(method="min", ascending=False).astype("Int64"))
    return both.sort_values(["rank_new", "jurisdiction"], na_position="last").reset_index(drop=True)


def vintage_table(newer: pd.DataFrame, older: pd.DataFrame, note: str = "") -> Table:
    both = vintage_comparison(newer, older)
    new, old = int(both["vintage_new"].iloc[0]), int(both["vintage_old"].dropna().iloc[0])
    shown = both.rename(columns={"rate_per_100k_new": f"rate_v{new}", "rank_new": f"rank_v{new}",
                                 "rate_per_100k_old": f"rate_v{old}", "rank_old": f"rank_v{old}"})
    columns = ["jurisdiction", f"rate_v{new}", f"rank_v{new}", f"rate_v{old}", f"rank_v{old}"]
    return shown_table(shown[columns], {f"rate_v{new}": "{:.2f}", f"rate_v{old}": "{:.2f}"}, note=note)


def noncitizen_text(rates: pd.DataFrame) -> str:
    """Rates per 100,000 noncitizen residents with their 90% MOE, and why others are missing."""
    primary = rates[rates["is_primary"]].sort_values("rank")
    available = primary.dropna(subset=["rate_per_100k_noncitizen"])
    lines = [f"{row.jurisdiction}: {row.arrests} arrests / {row.noncitizen_population:,} noncitizen residents "
             f"(+/- {row.noncitizen_moe:,.0f}) = {row.rate_per_100k_noncitizen:.1f} "
             f"+/- {row.rate_per_100k_noncitizen_moe:.1f} per 100,000"
             for row in available.itertuples()]
    missing = primary[primary["rate_per_100k_noncitizen"].isna()]
    if len(missing):
        lines.append(f"Not available offline for {len(missing)} jurisdictions "
                     f"({'; '.join(missing['jurisdiction'])}); why, for each: noncitizen_note in rates.csv.")
    return "\n".join(lines)


def one_arrest_table(robustness: pd.DataFrame, note: str = "") -> Table:
    """How far one arrest more or less moves each primary rate: small counts are fragile."""
    shown = robustness[["jurisdiction", "arrests", "primary_rate", "one_arrest_moves_rate_by",
                        "one_arrest_as_share_of_rate"]]
    return shown_table(shown, {"primary_rate": "{:.2f}", "one_arrest_moves_rate_by": "{:.3f}",
                               "one_arrest_as_share_of_rate": "{:.0%}"}, note=note)