"""What every chart reads from the rates table, the same way.

The rates table is ``analysis.rates.rates.COLUMNS`` (as computed, or read back
from ``rates.csv``); a table without ``population_year`` is taken to be of
July 1, 2017, the year every current input gives.
"""
from __future__ import annotations

import pandas as pd

from analysis.figures import style

# Further sources a map names in its source line.
BOUNDARIES = "Census cartographic boundaries 2016"
CITY_POINTS = "Census Gazetteer 2018 (city internal points)"


def primary(rates: pd.DataFrame) -> pd.DataFrame:
    """The primary definition of every jurisdiction that has a rate, highest rate first."""
    rows = rates[rates["is_primary"]].dropna(subset=["rate_per_100k"])
    return rows.sort_values(["rank", "jurisdiction"]).reset_index(drop=True)


def without_rate(rates: pd.DataFrame) -> list[str]:
    """Jurisdictions whose primary definition has no rate (no population): they cannot be drawn."""
    rows = rates[rates["is_primary"] & rates["rate_per_100k"].isna()]
    return sorted(rows["jurisdiction"])


def vintage_and_year(rates: pd.DataFrame) -> tuple[int, int]:
    """The population estimates' vintage and the July 1 they estimate; one of each per table."""
    vintages = sorted(set(rates["vintage"].dropna().astype(int)))
    years = sorted(set(rates["population_year"].dropna().astype(int)))
    if len(vintages) != 1 or len(years) != 1:
        raise ValueError(f"a rates table for one figure needs one vintage and one population year, "
                         f"not {vintages} and {years}")
    return vintages[0], years[0]


def source(rates: pd.DataFrame, story: style.Story, *extra: str) -> str:
    """The source line for a figure of ``rates``, with any further sources (boundary files...)."""
    return "; ".join([style.source_line(*vintage_and_year(rates), story), *[e for e in extra if e]])


def text_or_empty(value) -> str:
    """A label cell as text: a missing value (read back from CSV as NaN) is ''."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def rate(value: float) -> str:
    return f"{value:.1f}"


def count(value: int) -> str:
    return f"{int(value):,}"


def left_out_note(rates: pd.DataFrame) -> str:
    """A note naming the jurisdictions a figure cannot draw, or nothing."""
    missing = without_rate(rates)
    if not missing:
        return ""
    shown = style.join_names(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    return f"Not shown, no population estimate: {shown}."


def title_with_when(text: str, story: style.Story) -> str:
    return f"{text}, {story.when}" if story.when else text


def fit_view(bounds: tuple[float, float, float, float], width_in: float, height_in: float,
             pad: float = 0.05, min_half_m: float = 0.0) -> tuple[float, float, float, float]:
    """``(x0, x1, y0, y1)`` around ``bounds`` with the shape of a ``width_in`` x ``height_in`` box.

    With these limits and an equal aspect, a map fills its axes exactly, so
    the axes box (where labels may go) is the box that was asked for.
    """
    minx, miny, maxx, maxy = bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w = max((maxx - minx) / 2 * (1 + pad), min_half_m)
    half_h = max((maxy - miny) / 2 * (1 + pad), min_half_m)
    ratio = width_in / height_in
    if half_w / half_h > ratio:
        half_h = half_w / ratio
    else:
        half_w = half_h * ratio
    return cx - half_w, cx + half_w, cy - half_h, cy + half_h
