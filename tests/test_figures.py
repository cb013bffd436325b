"""Publication figures: reproducible bytes, honest numbers, editable text, proportional circles."""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from analysis.core import paths
from analysis.figures import charts as figures, map as national_map, style
from analysis.rates.results import load_rates
from analysis.geography.shapes import load_shapes

# The flagship story's metadata, as its story.toml gives it (figures code holds no story facts).
FLAGSHIP = style.Story(operation="Operation Safe City", when="Sept. 2017",
                       counts_source="ICE announcement of Sept. 28, 2017",
                       credit="Graphic: Operation Safe City analysis kit")

NAMES = ["national_map", "rates_ranked", "count_vs_rate", "locator_panels"]
EXTENSIONS = ["svg", "pdf", "png", "screen.png", "csv", "alt.txt"]


@pytest.fixture(scope="module")
def rates() -> pd.DataFrame:
    return load_rates(paths.processed_dir("safe-city-2017") / "rates.csv")


@pytest.fixture(scope="module")
def drawn(rates):
    return {item.name: item for item in figures.all_figures(rates, FLAGSHIP)}


@pytest.fixture(scope="module")
def exported(drawn, tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    style.export(list(drawn.values()), folder)
    return folder


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_every_format_is_written(exported):
    assert sorted(p.name for p in exported.iterdir()) == sorted(
        f"{name}.{ext}" for name in NAMES for ext in EXTENSIONS)


def test_rebuild_gives_identical_bytes(rates, exported, tmp_path):
    style.export(figures.all_figures(rates, FLAGSHIP), tmp_path)  # drawn again from scratch
    assert _digests(tmp_path) == _digests(exported)


def test_png_is_print_resolution(exported):
    from PIL import Image

    with Image.open(exported / "rates_ranked.png") as image:
        dpi = image.info["dpi"]
        assert round(dpi[0]) >= 300 and image.width == 8 * 300


def test_svg_text_is_editable_text(exported):
    for name in NAMES:
        root = ET.parse(exported / f"{name}.svg").getroot()
        texts = " ".join("".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text"))
        assert "Source: ICE announcement of Sept. 28, 2017" in texts, name
        assert "Graphic: Operation Safe City analysis kit" in texts, name
        assert "Denver" in texts, name
    map_texts = ET.parse(exported / "national_map.svg").getroot()
    labels = " ".join("".join(el.itertext()) for el in map_texts.iter("{http://www.w3.org/2000/svg}text"))
    assert "Where Operation Safe City's 498 arrests were announced" in labels
    assert "101 arrests · 1.0" in labels


def test_pdf_embeds_truetype_fonts_and_no_dates(exported):
    pdf = (exported / "rates_ranked.pdf").read_bytes()
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf
    assert b"CreationDate" not in pdf


def test_figure_csvs_equal_rates(exported, rates):
    rates = rates.set_index("definition")
    ranked = pd.read_csv(exported / "rates_ranked.csv", dtype={"geoids": str}).set_index("definition")
    assert len(ranked) == rates["rate_per_100k"].notna().sum()
    assert np.allclose(ranked["rate_per_100k"], rates.loc[ranked.index, "rate_per_100k"], rtol=0, atol=0)
    primary = rates[rates["is_primary"]].set_index("jurisdiction")
    for name in ("national_map", "count_vs_rate"):
        table = pd.read_csv(exported / f"{name}.csv").set_index("jurisdiction")
        assert sorted(table.index) == sorted(primary.index), name
        assert (table["arrests"] == primary.loc[table.index, "arrests"]).all(), name
        assert (table["rate_per_100k"] == primary.loc[table.index, "rate_per_100k"]).all(), name
    slope = pd.read_csv(exported / "count_vs_rate.csv").set_index("jurisdiction")
    assert slope.loc["Los Angeles", ["count_rank", "rate_rank"]].tolist() == [2, 7]


def test_circle_areas_are_proportional_to_arrests(drawn):
    item = drawn["national_map"]
    circles = [c for ax in item.figure.axes for c in ax.collections if c.get_gid() == "arrest-circles"]
    assert len(circles) == 1
    sizes = circles[0].get_sizes()  # marker areas in points^2
    arrests = item.data["arrests"].to_numpy()
    assert np.allclose(sizes / arrests, national_map.AREA_PER_ARREST)
    assert np.allclose(item.data["circle_area_pt2"], arrests * national_map.AREA_PER_ARREST)


def test_map_is_in_an_equal_area_projection(drawn):
    assert load_shapes().states.crs.to_epsg() == 5070
    assert load_shapes().counties.crs.to_epsg() == 5070
    assert drawn["national_map"].data.attrs["crs"] == "EPSG:5070"


def test_alt_text_names_the_highest_rate(exported):
    for name in NAMES:
        alt = (exported / f"{name}.alt.txt").read_text(encoding="utf-8")
        assert "Denver" in alt, name
        assert len(alt) < 600, name


def test_shape_cache_equals_freshly_prepared_shapes():
    from analysis.geography.shapes import prepare_shapes

    cached, fresh = load_shapes(), prepare_shapes()
    for layer in ("states", "counties"):
        a, b = getattr(cached, layer), getattr(fresh, layer)
        assert list(a["GEOID"]) == list(b["GEOID"])
        assert a.geom_equals_exact(b, tolerance=0).all()
        assert a.crs == b.crs
