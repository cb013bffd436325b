"""Publication figures: every format, honest numbers, editable text, embedded fonts.

The checks read the flagship's published files in reports/safe-city-2017/figures/
rather than drawing and exporting them again: tests/test_build.py
(test_committed_outputs_are_up_to_date) rebuilds those files from the story and
compares every byte, so what is committed is what the code makes today, and a
rebuild gives the same bytes. Drawn circles and the map projection are checked
on figures drawn in tests/test_figures_layout.py.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd

from analysis.core import paths
from analysis.figures import charts, map as national_map, style
from analysis.geography.shapes import load_shapes
from analysis.rates.results import load_rates
from tests.figure_tables import STORY, rates_table

FIGURES_DIR = paths.figures_dir("safe-city-2017")
NAMES = ["national_map", "rates_ranked", "count_vs_rate", "locator_panels"]
# Every file published for each figure: a new format is one more entry here.
EXTENSIONS = ["svg", "pdf", "png", "screen.png", "csv", "alt.txt"]


def _svg_texts(name: str) -> str:
    root = ET.parse(FIGURES_DIR / f"{name}.svg").getroot()
    return " ".join("".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text"))


def test_every_format_is_written():
    """The folder holds every format of every figure and nothing else, and the code makes every
    format (checked on a chart of one row, the cheapest to render)."""
    assert sorted(p.name for p in FIGURES_DIR.iterdir()) == sorted(
        f"{name}.{ext}" for name in NAMES for ext in EXTENSIONS)
    one = rates_table([{"jurisdiction": "Portland, Oregon", "geo_level": "place", "geoids": "4159000",
                        "arrests": 33, "population": 647_924}])
    files = style.rendered_files([charts.ranked_rates_figure(one, STORY)])
    assert sorted(files) == sorted(f"rates_ranked.{ext}" for ext in EXTENSIONS)
    assert all(files.values())


def test_png_is_print_resolution():
    from PIL import Image

    with Image.open(FIGURES_DIR / "rates_ranked.png") as image:
        dpi = image.info["dpi"]
        assert round(dpi[0]) >= 300 and image.width == 8 * 300


def test_svg_text_is_editable_text():
    for name in NAMES:
        texts = _svg_texts(name)
        assert "Source: ICE announcement of Sept. 28, 2017" in texts, name
        assert "Graphic: Operation Safe City analysis kit" in texts, name
        assert "Denver" in texts, name
    labels = _svg_texts("national_map")
    assert "Where Operation Safe City's 498 arrests were announced" in labels
    assert "101 arrests · 1.0" in labels


def test_pdf_embeds_truetype_fonts_and_no_dates():
    for name in NAMES:
        pdf = (FIGURES_DIR / f"{name}.pdf").read_bytes()
        assert b"/FontFile2" in pdf and b"/Type3" not in pdf, name
        assert b"CreationDate" not in pdf, name


def test_figure_csvs_equal_rates():
    rates = load_rates(paths.processed_dir("safe-city-2017") / "rates.csv").set_index("definition")
    ranked = pd.read_csv(FIGURES_DIR / "rates_ranked.csv", dtype={"geoids": str}).set_index("definition")
    assert len(ranked) == rates["rate_per_100k"].notna().sum()
    assert np.allclose(ranked["rate_per_100k"], rates.loc[ranked.index, "rate_per_100k"], rtol=0, atol=0)
    primary = rates[rates["is_primary"]].set_index("jurisdiction")
    for name in ("national_map", "count_vs_rate"):
        table = pd.read_csv(FIGURES_DIR / f"{name}.csv").set_index("jurisdiction")
        assert sorted(table.index) == sorted(primary.index), name
        assert (table["arrests"] == primary.loc[table.index, "arrests"]).all(), name
        assert (table["rate_per_100k"] == primary.loc[table.index, "rate_per_100k"]).all(), name
    slope = pd.read_csv(FIGURES_DIR / "count_vs_rate.csv").set_index("jurisdiction")
    assert slope.loc["Los Angeles", ["count_rank", "rate_rank"]].tolist() == [2, 7]


def test_published_circle_areas_are_proportional_to_arrests():
    """The map's CSV gives each circle's area; the circles as drawn are checked against it in
    tests/test_figures_layout.py (test_circle_areas_are_proportional_to_arrests)."""
    table = pd.read_csv(FIGURES_DIR / "national_map.csv", dtype={"geoids": str})
    assert np.allclose(table["circle_area_pt2"], table["arrests"] * national_map.AREA_PER_ARREST)
    # Positions are given in the equal-area projection the map is drawn in.
    assert {"x_epsg5070", "y_epsg5070"} <= set(table.columns)


def test_alt_text_names_the_highest_rate():
    for name in NAMES:
        alt = (FIGURES_DIR / f"{name}.alt.txt").read_text(encoding="utf-8")
        assert "Denver" in alt, name
        assert len(alt) < 600, name


def test_shape_cache_equals_freshly_prepared_shapes():
    """The cache in data/interim/ is only a copy: the same as preparing the shapes now (about
    2 seconds, nearly all of it simplifying the outlines, which nothing cheaper can stand for)."""
    from analysis.geography.shapes import prepare_shapes

    cached, fresh = load_shapes(), prepare_shapes()
    for layer in ("states", "counties"):
        a, b = getattr(cached, layer), getattr(fresh, layer)
        assert list(a.columns) == list(b.columns)
        assert list(a["GEOID"]) == list(b["GEOID"])
        assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
        assert a.geom_equals_exact(b, tolerance=0).all()
        assert a.crs == b.crs
