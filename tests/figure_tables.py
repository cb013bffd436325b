"""Rates tables made by hand for figure tests, and a check that a figure's texts are all readable.

The tables have the columns of ``analysis.rates.rates.COLUMNS`` and made-up
counts and populations (figures only draw what the table says); GEOIDs are
real so the maps can find them.
"""
from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.text import Text

from analysis.figures import style
from analysis.rates.rates import COLUMNS

STORY = style.Story(operation="Operation Test", when="Jan. 2020", counts_source="a test release of Jan. 3, 2020",
                    credit="Graphic: test desk")


def rates_table(rows: list[dict], vintage: int = 2019, population_year: int = 2017) -> pd.DataFrame:
    """Rows of ``jurisdiction, geo_level, geoids, arrests, population`` (+ optional ``is_primary``,
    ``short_label``) -> a rates table with rates and ranks computed as ``compute_rates`` does."""
    table = pd.DataFrame(rows)
    table["is_primary"] = table.get("is_primary", pd.Series(True, index=table.index)).fillna(True).astype(bool)
    table["definition"] = [f"d{i}" for i in range(len(table))]
    table["geography"] = table.get("geography", table["jurisdiction"])
    labels = table.get("short_label", pd.Series(index=table.index, dtype=object))
    table["short_label"] = labels.fillna(table["geo_level"])
    table["population"] = table["population"].astype("Int64")
    table["rate_per_100k"] = table["arrests"] * 100_000 / table["population"].astype("float64")
    table["rank"] = (table["rate_per_100k"].where(table["is_primary"])
                     .rank(method="min", ascending=False).astype("Int64"))
    table["vintage"] = pd.Series(vintage, index=table.index, dtype="Int64")
    for column in COLUMNS:
        if column not in table.columns:
            table[column] = "" if column.endswith(("source", "note")) else np.nan
    table = table[COLUMNS]
    table["population_year"] = pd.Series(population_year, index=table.index, dtype="Int64")
    return table


def drawn_texts(fig, renderer) -> list[Text]:
    """Every non-empty text the figure draws (axes turned off draw no tick labels)."""
    texts = list(fig.texts)
    for legend in fig.legends:
        texts += list(legend.get_texts())
    for ax in fig.axes:
        texts += list(ax.texts) + [ax.title, ax._left_title, ax._right_title]
        if ax.get_legend():
            texts += list(ax.get_legend().get_texts())
        if ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                texts += [axis.label] + [tick.label1 for tick in axis._update_ticks() if tick.label1.get_visible()]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


@functools.cache
def _measuring_renderer(dpi: float) -> RendererAgg:
    """An Agg renderer at ``dpi`` for laying figures out without painting them.

    Text is measured by the renderer's dpi and the font, never by its canvas
    size, so one 1 x 1 pixel renderer per resolution serves every figure (and
    keeps the sizes it measured): no 300 dpi canvas is allocated per figure.
    """
    return RendererAgg(1, 1, dpi)


def text_boxes(fig, dpi: float) -> list[tuple[str, object]]:
    """(text, window box in inches) of every drawn text, laid out at ``dpi`` in house style.

    The figure goes through a whole draw (legends placed, ticks made, annotations
    positioned) with the renderer's painting calls turned off (matplotlib's own
    ``_draw_disabled``, made for measuring): boxes come from the same layout code
    and the same font metrics as a real draw, without filling a 300 dpi canvas
    with pixels, which is most of a draw's cost and moves no text.
    """
    old = fig.dpi
    try:
        with plt.rc_context(style.RC):
            fig.set_dpi(dpi)
            renderer = _measuring_renderer(dpi)
            with renderer._draw_disabled():
                fig.draw(renderer)
            return [(t.get_text(), Text.get_window_extent(t, renderer).transformed(fig.dpi_scale_trans.inverted()))
                    for t in drawn_texts(fig, renderer)]
    finally:
        fig.set_dpi(old)


def layout_problems(boxes: list[tuple[str, object]], size_in, dpi: float, tolerance_in: float = 0.004) -> list[str]:
    """Texts that overlap another text or leave a canvas of ``size_in`` (width, height), given the
    ``text_boxes`` laid out at ``dpi``."""
    width, height = size_in
    problems = []
    for text, box in boxes:
        if box.x0 < -tolerance_in or box.y0 < -tolerance_in or box.x1 > width + tolerance_in or \
                box.y1 > height + tolerance_in:
            problems.append(f"off the canvas at {dpi} dpi: {text!r} {box.bounds}")
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            dx = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            dy = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            if dx > tolerance_in and dy > tolerance_in:
                problems.append(f"overlap at {dpi} dpi: {a!r} and {b!r}")
    return problems
