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
    vintage = int(rates["vintage"].iloc[0])
    return f"Arrests per 100,000 residents (Population Estimates, Vintage {vintage}, July 1, 2017)\n" + "\n".join(lines)


def counts_table(counts: pd.DataFrame) -> Table:
    """ICE's list as published, largest count first, with the total."""
    shown = counts.sort_values(["arrests", "jurisdiction"], ascending=[False, True])
    return shown_table(shown[["jurisdiction", "arrests", "announced_date"]],
                       note=f"Total: {int(counts['arrests'].sum())} arrests in {len(counts)} jurisdictions")


def sum_check_text(checks: pd.DataFrame) -> str:
    """Each published total next to the sum of its parts, as sentences."""
    lines = []
    for row in checks.itertuples():
        verdict = "agrees" if row.agrees == "true" else "DOES NOT AGREE"
        lines.append(f"{row.figure_id}: stated {row.stated}, sum of {row.sum_of} = {row.computed} ({verdict})")
    return "\n".join(lines)


def crosswalk_table(rates: pd.DataFrame) -> Table:
    """Each jurisdiction's primary geography and alternatives, with their GEOIDs."""
    shown = rates.assign(role=rates["is_primary"].map({True: "primary", False: "alternative"}))
    return shown_table(shown[["jurisdiction", "role", "geography", "geo_level", "geoids"]])


def sources_table(sources: pd.DataFrame) -> Table:
    """Which Census file each extract came from, with its checksum (first 16 hex digits)."""
    shown = sources.assign(sha256=sources["sha256"].str[:16] + "...")
    return shown_table(shown[["source_file", "vintage", "geo_levels", "rows_extracted", "sha256"]])


def rates_by_definition(rates: pd.DataFrame) -> pd.DataFrame:
    """For each jurisdiction: the primary rate and the lowest and highest any definition gives."""
    usable = rates.dropna(subset=["rate_per_100k"])
    spread = usable.groupby("jurisdiction", sort=False)["rate_per_100k"].agg(["min", "max", "size"])
    primary = usable[usable["is_primary"]].set_index("jurisdiction")
    table = primary[["rank", "rate_per_100k"]].join(spread, validate="1:1")
    table = table.rename(columns={"rate_per_100k": "primary", "min": "lowest", "max": "highest",
                                  "size": "definitions"})
    table["highest_over_lowest"] = table["highest"] / table["lowest"]
    return table.sort_values("rank").reset_index()


def robustness_table(rates: pd.DataFrame) -> Table:
    table = rates_by_definition(rates)
    return shown_table(table, {"primary": "{:.1f}", "lowest": "{:.1f}", "highest": "{:.1f}",
                                "highest_over_lowest": "{:.1f}x"})


def vintage_comparison(newer: pd.DataFrame, older: pd.DataFrame) -> pd.DataFrame:
    """Primary rates and ranks under two population vintages, joined on the definition."""
    keys = ["jurisdiction", "definition"]
    left = newer[newer["is_primary"]][keys + ["vintage", "population", "rate_per_100k", "rank"]]
    right = older[older["is_primary"]][keys + ["vintage", "population", "rate_per_100k", "rank"]]
    both = left.merge(right, on=keys, how="left", validate="1:1", suffixes=("_new", "_old"))
    assert len(both) == len(left), "a primary definition is missing from one vintage"
    return both.sort_values("rank_new").reset_index(drop=True)


def vintage_table(newer: pd.DataFrame, older: pd.DataFrame) -> Table:
    both = vintage_comparison(newer, older)
    new, old = int(both["vintage_new"].iloc[0]), int(both["vintage_old"].dropna().iloc[0])
    shown = both.rename(columns={"rate_per_100k_new": f"rate_v{new}", "rank_new": f"rank_v{new}",
                                 "rate_per_100k_old": f"rate_v{old}", "rank_old": f"rank_v{old}"})
    columns = ["jurisdiction", f"rate_v{new}", f"rank_v{new}", f"rate_v{old}", f"rank_v{old}"]
    return shown_table(shown[columns], {f"rate_v{new}": "{:.2f}", f"rate_v{old}": "{:.2f}"})


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
                     f"({'; '.join(missing['jurisdiction'])}): ACS 2017 citizenship tables for counties "
                     "and places come from `python -m analysis fetch`.")
    return "\n".join(lines)


def one_arrest_table(rates: pd.DataFrame) -> Table:
    """How far one arrest more or less moves each primary rate: small counts are fragile."""
    primary = rates[rates["is_primary"]].dropna(subset=["rate_per_100k"]).sort_values("rank")
    table = pd.DataFrame({
        "jurisdiction": primary["jurisdiction"], "arrests": primary["arrests"],
        "rate": primary["rate_per_100k"],
        "one_arrest_moves_rate_by": 100_000 / primary["population"].astype("float64"),
    })
    table["as_share_of_rate"] = table["one_arrest_moves_rate_by"] / table["rate"]
    return shown_table(table, {"rate": "{:.2f}", "one_arrest_moves_rate_by": "{:.3f}",
                                "as_share_of_rate": "{:.0%}"})
