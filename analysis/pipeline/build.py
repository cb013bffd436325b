"""The main job: committed evidence in ``data/raw/`` -> ``data/processed/``.

Everything is read and checked first and computed in memory; files are written
only at the end and all together, so a failed build leaves the previous
outputs exactly as they were. The build reads ``data/raw/`` and never writes it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.core.atomic import write_files_atomically
from analysis.story.counts import load_counts
from analysis.story.crosswalk import check_covers_counts, load_crosswalk
from analysis.story.fact_check import fact_check, load_story_list
from analysis.rates.noncitizen import load_acs
from analysis.census.population import DEFAULT_VINTAGE, VINTAGES, load_population
from analysis.story.published import load_published_figures, sum_checks
from analysis.rates.rates import check_geoids_known, compute_rates
from analysis.core.tables import to_csv_bytes


@dataclass(frozen=True)
class Inputs:
    counts: Path = paths.COUNTS_CSV
    crosswalk: Path = paths.CROSSWALK_CSV
    population: Path = paths.POPULATION_CSV
    published: Path = paths.PUBLISHED_FIGURES_CSV
    acs: Path = paths.ACS_CSV
    story: Path = paths.STORY_LIST_CSV


def rates_for(vintage: int = DEFAULT_VINTAGE, inputs: Inputs = Inputs()) -> pd.DataFrame:
    """Load and check every input, then compute the rates for one vintage."""
    counts = load_counts(inputs.counts)
    crosswalk = load_crosswalk(inputs.crosswalk)
    check_covers_counts(crosswalk, inputs.crosswalk, counts, inputs.counts)
    population = load_population(inputs.population)
    check_geoids_known(crosswalk, inputs.crosswalk, population, inputs.population)
    return compute_rates(counts, crosswalk, population, vintage, load_acs(inputs.acs))


def build(out_dir: Path = paths.PROCESSED, inputs: Inputs = Inputs()) -> dict[str, pd.DataFrame]:
    """Write the rates for every vintage, the sum check and the fact-check, all or nothing.

    ``rates.csv`` holds the default vintage (2019); ``rates_v2017.csv`` the
    estimates as published in 2017, for comparison.
    """
    outputs: dict[str, pd.DataFrame] = {}
    for vintage in VINTAGES:
        name = paths.rates_csv_for(vintage, DEFAULT_VINTAGE).name
        outputs[name] = rates_for(vintage, inputs)
    figures = load_published_figures(inputs.published)
    counts = load_counts(inputs.counts)
    outputs["sum_check.csv"] = sum_checks(figures, counts, inputs.published)
    outputs["fact_check.csv"] = fact_check(counts, figures, load_story_list(inputs.story))
    write_files_atomically({Path(out_dir) / name: to_csv_bytes(table) for name, table in outputs.items()})
    return outputs
