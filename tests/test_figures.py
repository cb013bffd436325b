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
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core import paths
from analysis.figures import map as national_map
from analysis.geography.shapes import load_shapes
from analysis.rates.results import load_rates

FIGURES_DIR = paths.figures_dir("safe-city-2017")
NAMES = ["national_map", "rates_ranked", "count_vs_rate", "locator_panels"]
# Every file published for each figure: a new format is one more entry here.
EXTENSIONS = ["svg", "pdf", "png", "screen.png", "csv", "alt.txt"]


def _svg_texts(name: str) -> str:
    root = ET.parse(FIGURES_DIR / f"{name}.svg").getroot()
    return " ".join("".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text"))


def test_every_format_is_written():
    """The folder holds every format of every figure and nothing else (that a fresh build writes
    exactly these files is tests/test_build.py::test_committed_outputs_are_up_to_date)."""
    assert sorted(p.name for p in FIGURES_DIR.iterdir()) == sorted(
        f"{name}.{ext}" for name in NAMES for ext in EXTENSIONS)


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


def test_the_shape_cache_is_named_after_the_code_and_the_libraries_that_make_it():
    """A cache made by other code or other library versions is never reused: its name would differ."""
    from importlib.metadata import version

    from analysis.core.digest import sha256_of
    from analysis.geography import shapes

    name = shapes._cache_path().name
    assert f"code-{sha256_of(Path(shapes.__file__))[:12]}" in name
    for library in ("plotly-geo", "geopandas", "shapely", "pyproj"):
        assert f"{library}-{version(library)}" in name


def test_shapes_are_prepared_once_then_read_back_and_a_broken_cache_is_remade(tmp_path, monkeypatch):
    import geopandas as gpd
    from shapely.geometry import box

    from analysis.geography import shapes

    made = []

    def prepare():
        made.append(1)
        frame = gpd.GeoDataFrame({"GEOID": ["08"], "geometry": [box(0, 0, 1, 1)]}, crs="EPSG:5070")
        return shapes.Shapes(states=frame, counties=frame)

    monkeypatch.setattr(paths, "INTERIM", tmp_path)
    monkeypatch.setattr(shapes, "prepare_shapes", prepare)
    load = shapes.load_shapes.__wrapped__  # without the in-process memo
    (tmp_path / "shapes_of_older_code.pickle").write_bytes(b"old")
    first = load()
    assert [p.name for p in tmp_path.iterdir()] == [shapes._cache_path().name]  # the old cache is gone
    again = load()
    assert made == [1] and again.states.equals(first.states) and again.states.crs == first.states.crs
    shapes._cache_path().write_bytes(b"truncated")
    assert load().counties.equals(first.counties) and made == [1, 1]
    assert load().states.equals(first.states) and made == [1, 1]
