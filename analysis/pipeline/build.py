"""The main job, the same for every story: ``stories/<slug>/`` -> tables and figures.

``build_story`` reads and checks everything first and computes in memory; the
story's tables (``data/processed/<slug>/``) and figures
(``reports/<slug>/figures/``) are then swapped in together, so a failed or
interrupted build leaves the previous outputs exactly as they were, and a
build never leaves tables and figures from two different runs side by side.
It reads the story folder and the committed Census data and never writes them.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.census.estimates import load_population
from analysis.core import paths
from analysis.core.atomic import replace_folders
from analysis.core.errors import InputError, csv_line
from analysis.core.tables import to_csv_bytes
from analysis.figures import style
from analysis.rates.noncitizen import load_acs
from analysis.rates.rates import check_geoids_known, compute_rates
from analysis.rates.robustness import robustness
from analysis.story.claims import Dates, evaluate_claims, load_claims
from analysis.story.counts import load_counts
from analysis.story.crosswalk import check_covers_counts, load_crosswalk
from analysis.story.story import Story


@dataclass(frozen=True)
class StoryTables:
    """Everything ``build`` computes for one story, before anything is written."""

    rates: pd.DataFrame
    compared: dict[int, pd.DataFrame]
    robustness: pd.DataFrame
    sum_check: pd.DataFrame
    fact_check: pd.DataFrame
    # What a person must see before publishing (printed on stderr by the command line).
    warnings: tuple[str, ...] = ()

    def files(self) -> dict[str, pd.DataFrame]:
        """Output file name -> table; ``rates.csv`` holds the story's own vintage, ``rates_vNNNN.csv`` others."""
        out = {"rates.csv": self.rates}
        out.update({f"rates_v{vintage}.csv": table for vintage, table in self.compared.items()})
        out.update({"robustness.csv": self.robustness, "sum_check.csv": self.sum_check,
                    "fact_check.csv": self.fact_check})
        return out


def figure_story(story: Story) -> style.Story:
    """What the figures print about a story: its title, month, how the counts are cited, the credit, label hints."""
    return style.Story(operation=story.meta.title, when=story.when, counts_source=story.meta.counts_source,
                       credit=story.meta.credit, label_hints=dict(story.meta.label_hints))


def compute_story(story: Story, acs_csv: Path = paths.ACS_CSV, census_dir: Path | None = None) -> StoryTables:
    """Load and check every input of one story and compute its tables in memory.

    ``acs_csv`` is the ACS citizenship extract (the committed one, or one a refresh just wrote);
    ``census_dir`` holds downloaded national files for years the committed extract lacks.
    """
    counts = load_counts(story.counts_csv)
    crosswalk = load_crosswalk(story.geographies_csv)
    check_covers_counts(crosswalk, story.geographies_csv, counts, story.counts_csv)
    claims = load_claims(story.claims_csv)
    acs = load_acs(acs_csv)
    year = story.population_year
    population = load_population(year, census_dir=census_dir)
    check_geoids_known(crosswalk, story.geographies_csv, population)
    rates = compute_rates(counts, crosswalk, population, acs)
    compared = {}
    for vintage in story.meta.compare_vintages:
        compared[vintage] = compute_rates(counts, crosswalk, load_population(year, vintage, census_dir), acs)
    meta = story.meta
    fact_check, sum_check = evaluate_claims(claims, story.claims_csv, counts,
                                            Dates(meta.start, meta.end, meta.announced))
    sum_check, warnings = _announced_total_check(story, counts, sum_check)
    warnings += _plausibility(story, counts, rates)
    return StoryTables(rates, compared, robustness(rates), sum_check, fact_check, warnings)


# Above this many arrests per 100,000 residents (1% of everyone) a rate is far beyond any announced
# operation: more likely a wrong geography or a typo in the count, so it is a warning.
IMPLAUSIBLE_RATE = 1_000


def _plausibility(story: Story, counts: pd.DataFrame, rates: pd.DataFrame) -> tuple[str, ...]:
    """More arrests than residents stops the build; a rate above 1% of residents is a warning."""
    primary = rates[rates["is_primary"] & rates["population"].notna()]
    row_of = {name: index for index, name in counts["jurisdiction"].items()}
    for row in primary.itertuples():
        if row.arrests > row.population:
            raise InputError(story.counts_csv, f"{row.arrests:,} arrests in '{row.jurisdiction}' is more than the "
                             f"{row.population:,} residents of {row.geography}: check the count and the geography",
                             row=csv_line(row_of[row.jurisdiction]), field="arrests")
    return tuple(f"{story.slug}: {row.rate_per_100k:,.0f} arrests per 100,000 residents in '{row.jurisdiction}' "
                 f"({row.geography}, {row.population:,} residents) is implausibly high: check the count and the "
                 "geography" for row in primary.itertuples() if row.rate_per_100k > IMPLAUSIBLE_RATE)


def _announced_total_check(story: Story, counts: pd.DataFrame,
                           sum_check: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """story.toml's announced total against the counts' sum: a row of the sum check, and a
    warning when they differ (an error with ``--strict``)."""
    stated = story.meta.announced_total
    if stated is None:
        return sum_check, ()
    computed = int(counts["arrests"].sum())
    row = {"claim_id": "story_announced_total", "stated": str(stated), "computed": str(computed),
           "sum_of": f"the {len(counts)} announced counts sum to {computed}",
           "agrees": "true" if stated == computed else "false"}
    table = pd.concat([pd.DataFrame([row], columns=sum_check.columns), sum_check], ignore_index=True)
    if stated == computed:
        return table, ()
    return table, (f"{story.slug}: the counts sum to {computed}, but story.toml's announced_total is {stated} "
                   f"(a difference of {computed - stated}): check counts.csv against the release",)


class StrictError(InputError):
    """A warning that ``--strict`` turns into a stop."""



def build_story(story: Story, processed: Path | None = None, figures: Path | None = None,
                draw: bool = True, strict: bool = False) -> list[Path]:
    """Compute one story and write its tables and figures in one all-or-nothing step.

    With ``strict``, any warning (a sum that disagrees with the announced total) stops
    the build before anything is written.
    """
    tables = compute_story(story)
    if strict and tables.warnings:
        raise StrictError(story.folder / "story.toml", tables.warnings[0] + " (--strict)", field="announced_total")
    for warning in tables.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    processed = Path(processed or paths.processed_dir(story.slug))
    contents = {processed: {name: to_csv_bytes(table) for name, table in tables.files().items()}}
    if draw:
        from analysis.figures import charts

        items = charts.all_figures(tables.rates, figure_story(story))
        contents[Path(figures or paths.figures_dir(story.slug))] = style.rendered_files(items)
    return replace_folders(contents)
