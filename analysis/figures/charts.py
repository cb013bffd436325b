"""The published figures, drawn from the rates table, in the order a story uses them.

Each ``*_figure`` function (one module each: ``map``, ``ranked``, ``slope``,
``locator``) takes the rates (as computed by ``analysis.rates.rates``, or read
back from ``rates.csv``) and the story's ``style.Story``, and returns a
``style.Figure``: the matplotlib figure, the table of exactly the numbers it
draws, and its alt text. Notebooks call the same functions and show the same
figures that ``python -m analysis build`` exports.
"""
from __future__ import annotations

import pandas as pd

from analysis.figures import style
from analysis.figures.locator import locator_panels_figure
from analysis.figures.map import national_map_figure
from analysis.figures.ranked import ranked_rates_figure
from analysis.figures.slope import count_vs_rate_figure

__all__ = ["all_figures", "count_vs_rate_figure", "locator_panels_figure", "national_map_figure",
           "ranked_rates_figure"]


def all_figures(rates: pd.DataFrame, story: style.Story = style.DEFAULT_STORY,
                maps: bool = True) -> list[style.Figure]:
    """Every published figure, in the order the story uses them (``maps=False``: charts only)."""
    charts = [ranked_rates_figure(rates, story), count_vs_rate_figure(rates, story)]
    if not maps:
        return charts
    return [national_map_figure(rates, story), *charts, locator_panels_figure(rates, story)]
