"""Every number the story states, restated as a claim and checked against the evidence.

The Marshall Project's habit: a script that recomputes each published figure.
Claims come from ``data/raw/safe_city_published_figures.csv`` (totals as
published, with their sources) and ``data/raw/story_newsmax_list.csv`` (the
per-place list of the Newsmax story this project starts from); the evidence is
ICE's per-jurisdiction counts, ``data/raw/safe_city_counts.csv``.

The central finding: the story's list sums to 564, not "nearly 500", because
it puts the Los Angeles Times' seven-county figure (167 = 101 in Los Angeles
County + 66 in six other counties) in place of ICE's 101 for Los Angeles.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.story.counts import load_counts
from analysis.core.errors import InputError, csv_line
from analysis.story.published import load_published_figures
from analysis.core.tables import read_text_table

STORY_LIST_CSV = paths.STORY_LIST_CSV
COLUMNS = ["claim_id", "claim", "source", "stated", "computed", "verdict", "explanation"]


def load_story_list(path: Path = STORY_LIST_CSV) -> pd.DataFrame:
    table = read_text_table(path, ["place_as_written", "stated_arrests", "figure_origin"])
    for index, value in table["stated_arrests"].items():
        if not value.isdigit():
            raise InputError(path, f"'{value}' is not a whole number", row=csv_line(index),
                             field="stated_arrests")
    table["stated_arrests"] = table["stated_arrests"].astype("int64")
    return table


def _source(figure: pd.Series) -> str:
    return f"{figure['publisher']}, {figure['published_date']} ({figure['source_url']})"


def fact_check(counts: pd.DataFrame, figures: pd.DataFrame, story: pd.DataFrame) -> pd.DataFrame:
    """One row per claim: stated value, value computed from the evidence, verdict, explanation."""
    figure = figures.set_index("figure_id")
    value = figure["value"]
    ice_sum = int(counts["arrests"].sum())
    claims = []

    def claim(claim_id, text, source, stated, computed, verdict, explanation):
        claims.append(dict(zip(COLUMNS, (claim_id, text, source, stated, computed, verdict, explanation))))

    for figure_id in ("ice_total_arrests", "ice_total_arrests_phillyvoice"):
        claim(figure_id, "ICE made 498 arrests in Operation Safe City", _source(figure.loc[figure_id]),
              int(value[figure_id]), ice_sum, "correct" if ice_sum == value[figure_id] else "does not add up",
              f"ICE's {len(counts)} per-jurisdiction counts sum to {ice_sum}.")
    raids = int(value["newsmax_number_of_raids"])
    claim("newsmax_number_of_raids", "The operation targeted 10 places (\"10 raids\")",
          _source(figure.loc["newsmax_number_of_raids"]), raids, len(counts),
          "correct" if raids == len(counts) else "does not add up",
          f"ICE's list names {len(counts)} jurisdictions; the story calls each one a raid.")
    nearly = int(value["newsmax_total_arrests"])
    claim("newsmax_total_arrests", "\"Nearly 500\" arrests", _source(figure.loc["newsmax_total_arrests"]),
          nearly, ice_sum, "correct (rounded)" if 0 <= nearly - ice_sum <= 10 else "does not add up",
          f"ICE's total of {ice_sum} rounds to 'nearly {nearly}'.")
    la_parts = int(value["mercury_los_angeles_county"]) + int(value["mercury_six_other_counties"])
    claim("latimes_los_angeles_area", "167 arrests \"in and around Los Angeles\" (Los Angeles Times)",
          _source(figure.loc["latimes_los_angeles_area"]), int(value["latimes_los_angeles_area"]), la_parts,
          "correct" if la_parts == value["latimes_los_angeles_area"] else "does not add up",
          f"{int(value['mercury_los_angeles_county'])} in Los Angeles County + "
          f"{int(value['mercury_six_other_counties'])} in Orange, Riverside, San Bernardino, Ventura, "
          f"Santa Barbara and San Luis Obispo counties = {la_parts}: ICE's seven-county Los Angeles area.")

    story_vs_ice = story.merge(counts[["jurisdiction", "arrests"]], left_on="place_as_written",
                               right_on="jurisdiction", how="left", validate="1:1")
    assert len(story_vs_ice) == len(story), "the story list and ICE's list did not join one to one"
    newsmax = _source(figure.loc["newsmax_los_angeles"])
    for row in story_vs_ice.itertuples():
        if pd.isna(row.arrests):
            raise InputError(STORY_LIST_CSV, f"'{row.place_as_written}' is not in ICE's list",
                             field="place_as_written")
        ice = int(row.arrests)
        if row.stated_arrests == ice:
            verdict, why = "correct", f"Matches ICE's count ({ice})."
        else:
            verdict = "misleading"
            why = (f"ICE's count for {row.place_as_written} is {ice}; the story's {row.stated_arrests} is "
                   f"{row.figure_origin}, which adds {row.stated_arrests - ice} arrests made outside "
                   "the jurisdiction ICE named.")
        claim(f"newsmax_place_{_slug(row.place_as_written)}", f"{row.stated_arrests} arrests in "
              f"{row.place_as_written}", newsmax, int(row.stated_arrests), ice, verdict, why)
    story_sum = int(story["stated_arrests"].sum())
    claim("newsmax_list_sum", "The story's per-place figures add up to its total (\"nearly 500\")", newsmax,
          nearly, story_sum, "correct (rounded)" if 0 <= nearly - story_sum <= 10 else "does not add up",
          f"The story's ten figures sum to {story_sum}, not about {nearly}: it mixes the Los Angeles Times' "
          f"seven-county {int(value['latimes_los_angeles_area'])} with ICE's per-jurisdiction list, whose "
          f"parts sum to {ice_sum}. {story_sum} - {ice_sum} = {story_sum - ice_sum}, the arrests in the six "
          "other counties.")
    parts = ["ice_with_criminal_convictions", "ice_previously_removed", "ice_immigration_fugitives",
             "ice_gang_members"]
    breakdown = int(sum(value[p] for p in parts))
    claim("ice_breakdown", "Of the 498: 317 with criminal convictions, 104 previously removed, "
          "68 immigration fugitives, 18 gang members or affiliates",
          _source(figure.loc["ice_with_criminal_convictions"]), int(value["ice_total_arrests"]), breakdown,
          "cannot be summed",
          f"The four groups add up to {breakdown}, more than {ice_sum}: they overlap (one person can be "
          "in several), so they are not a breakdown of the total. No per-person data is published to "
          "check them.")
    claim("ice_countries_of_origin", "The people arrested came from 42 countries",
          _source(figure.loc["ice_countries_of_origin"]), int(value["ice_countries_of_origin"]), pd.NA,
          "not checkable", "No per-person data is published; the figure is ICE's alone.")
    table = pd.DataFrame(claims, columns=COLUMNS)
    table["computed"] = table["computed"].astype("Int64")
    return table


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_").replace("__", "_")


def run_fact_check(counts_path: Path = paths.COUNTS_CSV,
                   figures_path: Path = paths.PUBLISHED_FIGURES_CSV,
                   story_path: Path = STORY_LIST_CSV) -> pd.DataFrame:
    """The fact-check on the committed evidence."""
    return fact_check(load_counts(counts_path), load_published_figures(figures_path), load_story_list(story_path))
