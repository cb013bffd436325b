"""Figures stay readable for any list: nothing overlaps or is cut off, at screen and print size.

Every chart is drawn for a list with places in Alaska, Hawaii and Puerto Rico,
a list of 40 places (a crowded Northeast, ties, names with commas), a list of
one, and every county in the contiguous states. Tables are made by hand
(``tests/figure_tables.py``); nothing here needs ../shared.

Each figure is drawn once per module and its texts laid out once at each
resolution (``boxes``); the tests read those shared results and never change them.
The flagship's published files are checked in ``tests/test_figures.py``.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.figures import charts, locator, map as national_map, ranked, slope, style
from analysis.geography.shapes import load_shapes
from analysis.geography.state_names import STATES
from tests.figure_tables import STORY, layout_problems, rates_table, text_boxes

# Screen (notebooks, HTML reports) and print (exported PNG).
RESOLUTIONS = (style.SCREEN_DPI, style.DPI)

FIGURES = {"national_map": charts.national_map_figure, "rates_ranked": charts.ranked_rates_figure,
           "count_vs_rate": charts.count_vs_rate_figure, "locator_panels": charts.locator_panels_figure}


def _outside_contiguous() -> list[dict]:
    return [
        {"jurisdiction": "Anchorage, Alaska", "geo_level": "place", "geoids": "0203000", "arrests": 40,
         "population": 298_000},
        {"jurisdiction": "San Juan, Puerto Rico", "geo_level": "county", "geoids": "72127", "arrests": 25,
         "population": 342_000},
        {"jurisdiction": "Honolulu", "geo_level": "county", "geoids": "15003", "arrests": 12,
         "population": 988_000},
        {"jurisdiction": "Denver", "geo_level": "county", "geoids": "08031", "arrests": 63, "population": 704_961},
        {"jurisdiction": "Miami-Dade County, Florida", "geo_level": "county", "geoids": "12086", "arrests": 30,
         "population": 2_750_000},
        {"jurisdiction": "Cook County, Illinois", "geo_level": "county", "geoids": "17031", "arrests": 30,
         "population": 5_200_821},
        {"jurisdiction": "Cook County, Illinois", "geo_level": "place", "geoids": "1714000", "arrests": 30,
         "population": 2_711_069, "is_primary": False, "short_label": "Chicago city"},
    ]


def _forty() -> list[dict]:
    """40 places: the New York area crowded together, ten cities, the first county of 20 states."""
    rng = np.random.default_rng(40)
    counties = load_shapes().counties.set_index("GEOID")
    crowded = ["36005", "36047", "36061", "36081", "36085", "34017", "34013", "34003", "36119", "36059"]
    firsts = [g for g in counties.groupby("STATEFP").head(1).index if g[:2] in STATES and g[:2] not in
              ("02", "15", "34", "36")][:20]
    rows = [{"jurisdiction": f"{counties.loc[g, 'NAME']} County, {STATES[g[:2]][0]}", "geo_level": "county",
             "geoids": g} for g in crowded + firsts]
    cities = {"Boston, Massachusetts": "2507000", "Chicago": "1714000", "Los Angeles": "0644000",
              "San Jose": "0668000", "Portland, Oregon": "4159000", "Seattle": "5363000", "Houston": "4835000",
              "Phoenix": "0455000", "Jersey City, New Jersey": "3436000", "Newark, New Jersey": "3451000"}
    rows += [{"jurisdiction": name, "geo_level": "place", "geoids": g} for name, g in cities.items()]
    for row in rows:
        row["arrests"] = int(rng.choice([12, 30, 30, 45, 60, 107, 150]))
        row["population"] = int(rng.integers(60_000, 3_000_000))
    return rows


def _one() -> list[dict]:
    return [{"jurisdiction": "Portland, Oregon", "geo_level": "place", "geoids": "4159000", "arrests": 33,
             "population": 647_924, "short_label": "Portland city"}]


def _every_county() -> list[dict]:
    counties = load_shapes().counties
    counties = counties[counties["STATEFP"].isin(STATES) & ~counties["STATEFP"].isin(["02", "15"])]
    rng = np.random.default_rng(3000)
    return [{"jurisdiction": f"{name} ({geoid})", "geo_level": "county", "geoids": geoid,
             "arrests": int(rng.integers(0, 400)), "population": int(rng.integers(1_000, 5_000_000))}
            for geoid, name in zip(counties["GEOID"], counties["NAME"])]


LISTS = {"alaska_hawaii_puerto_rico": _outside_contiguous, "forty": _forty, "one": _one,
         "every_county": _every_county}


@pytest.fixture(scope="module")
def tables():
    return {name: rates_table(make()) for name, make in LISTS.items()}


@pytest.fixture(scope="module")
def drawn(tables):
    return {(list_name, name): draw(table, STORY)
            for list_name, table in tables.items() for name, draw in FIGURES.items()}


@pytest.fixture(scope="module")
def boxes(drawn):
    """Every drawn text's box, by figure and resolution: each figure laid out once per resolution."""
    return {key: {dpi: text_boxes(item.figure, dpi) for dpi in RESOLUTIONS} for key, item in drawn.items()}


@pytest.mark.parametrize("list_name", LISTS)
@pytest.mark.parametrize("name", FIGURES)
def test_no_text_overlaps_or_leaves_the_canvas(drawn, boxes, list_name, name):
    size = drawn[(list_name, name)].figure.get_size_inches()
    problems = [problem for dpi in RESOLUTIONS
                for problem in layout_problems(boxes[(list_name, name)][dpi], size, dpi)]
    assert problems == []


@pytest.mark.parametrize("list_name", LISTS)
@pytest.mark.parametrize("name", FIGURES)
def test_the_same_figure_gives_the_same_picture_at_any_size(boxes, list_name, name):
    """Every text sits in the same place, in inches, on screen and in print (for every list:
    the boxes are laid out anyway for the overlap check above)."""
    screen, paper = boxes[(list_name, name)][style.SCREEN_DPI], boxes[(list_name, name)][style.DPI]
    assert [t for t, _ in screen] == [t for t, _ in paper]
    worst = max(max(abs(a.x0 - b.x0), abs(a.x1 - b.x1), abs(a.y0 - b.y0), abs(a.y1 - b.y1))
                for (_, a), (_, b) in zip(screen, paper))
    assert worst < 0.02  # inches


def test_source_line_fits_on_screen_as_shown_in_notebooks(drawn):
    """The screen PNG the build publishes (and the notebooks show) is as wide as the page allows."""
    from PIL import Image
    import io

    item = drawn[("forty", "national_map")]
    png = style.image_bytes(item, "png", dpi=style.SCREEN_DPI)  # as style.rendered writes <name>.screen.png
    with Image.open(io.BytesIO(png)) as image:
        assert image.width == round(style.WIDTH_IN * style.SCREEN_DPI)
    source = [t for t in item.figure.texts if t.get_gid() == "source"][0].get_text()
    assert source.replace("\n", " ").endswith("Census Gazetteer 2018 (city internal points)")


def test_long_lists_stay_readable(drawn, tables):
    n = len(tables["every_county"])
    assert n > 3000
    ranked_item = drawn[("every_county", "rates_ranked")]
    assert len(ranked_item.data) == 2 * ranked.EACH_END
    note = [t.get_text() for t in ranked_item.figure.texts if t.get_gid() == "note"][0].replace("\n", " ")
    assert f"Only the 20 highest and 20 lowest of {n:,} rates are drawn" in note
    slope_item = drawn[("every_county", "count_vs_rate")]
    assert len(slope_item.data) <= slope.MAX_ROWS
    map_item = drawn[("every_county", "national_map")]
    assert len(map_item.data) == n and map_item.data["labeled"].sum() <= national_map.MAX_LABELS
    map_note = [t.get_text() for t in map_item.figure.texts if t.get_gid() == "note"][0].replace("\n", " ")
    assert f"of {n:,} circles labeled" in map_note
    panels = drawn[("every_county", "locator_panels")]
    assert panels.data["jurisdiction"].nunique() == locator.MAX_PANELS


def test_places_outside_the_contiguous_states_are_drawn_in_insets_and_said(drawn):
    item = drawn[("alaska_hawaii_puerto_rico", "national_map")]
    where = item.data.set_index("jurisdiction")["drawn_in"]
    assert where["Anchorage, Alaska"] == "Alaska"
    assert where["Honolulu"] == "Hawaii"
    assert where["San Juan, Puerto Rico"] == "Puerto Rico"
    assert where["Denver"] == "contiguous states"
    assert item.alt_text.startswith("Map of the United States with insets for Alaska; Hawaii; Puerto Rico, "
                                    "with a circle for each of the 6 jurisdictions")
    circles = [c for ax in item.figure.axes for c in ax.collections if c.get_gid() == "arrest-circles"]
    assert sum(len(c.get_offsets()) for c in circles) == 6


def test_no_circle_or_label_falls_under_the_keys(drawn):
    for list_name in LISTS:
        fig = drawn[(list_name, "national_map")].figure
        renderer = fig.canvas.get_renderer()
        with renderer._draw_disabled():  # lays everything out as a draw does, paints no pixel
            fig.draw(renderer)
        maps = [ax for ax in fig.axes if any(c.get_gid() == "arrest-circles" for c in ax.collections)]
        keys = [ax for ax in fig.axes if ax not in maps]
        for ax in maps:
            for collection in ax.collections:
                if collection.get_gid() != "arrest-circles":
                    continue
                centres = ax.transData.transform(collection.get_offsets())
                radii = np.sqrt(collection.get_sizes()) / 2 * fig.dpi / 72
                for key in keys:
                    box = key.get_window_extent(renderer)
                    inside_x = (centres[:, 0] + radii > box.x0) & (centres[:, 0] - radii < box.x1)
                    inside_y = (centres[:, 1] + radii > box.y0) & (centres[:, 1] - radii < box.y1)
                    assert not (inside_x & inside_y).any(), list_name
            for text in ax.texts:
                for key in keys:
                    assert not text.get_window_extent(renderer).overlaps(key.get_window_extent(renderer))


def _arrest_circles(item) -> list:
    return [c for ax in item.figure.axes for c in ax.collections if c.get_gid() == "arrest-circles"]


def test_circle_areas_are_proportional_to_arrests(drawn):
    """The circles as drawn (marker areas in points^2), not only the CSV: AREA_PER_ARREST per arrest
    while the largest circle stays under MAX_CIRCLE_AREA_PT2 (the forty's counts go up to 150)."""
    item = drawn[("forty", "national_map")]
    circles = _arrest_circles(item)
    assert len(circles) == 1  # no inset: one layer of circles
    arrests = item.data["arrests"].to_numpy()
    assert np.allclose(circles[0].get_sizes() / arrests, national_map.AREA_PER_ARREST)
    assert np.allclose(item.data["circle_area_pt2"], arrests * national_map.AREA_PER_ARREST)
    # With insets, each layer's circles are the rows drawn in it.
    with_insets = drawn[("alaska_hawaii_puerto_rico", "national_map")]
    sizes = np.concatenate([c.get_sizes() for c in _arrest_circles(with_insets)])
    assert sorted(sizes) == sorted(with_insets.data["arrests"] * national_map.AREA_PER_ARREST)


def test_circle_areas_stay_proportional_when_counts_are_large(drawn):
    item = drawn[("every_county", "national_map")]
    ratio = item.data["circle_area_pt2"] / item.data["arrests"].where(item.data["arrests"] > 0)
    assert np.allclose(ratio.dropna(), national_map.MAX_CIRCLE_AREA_PT2 / item.data["arrests"].max())
    circles = _arrest_circles(item)
    assert len(circles) == 1 and np.array_equal(circles[0].get_sizes(), item.data["circle_area_pt2"])
    assert national_map.legend_sizes(107) == [10, 50, 100]
    assert national_map.legend_sizes(1) == [1]
    assert national_map.legend_sizes(399) == [20, 100, 200]


def test_map_is_in_an_equal_area_projection(drawn):
    assert load_shapes().states.crs.to_epsg() == 5070
    assert load_shapes().counties.crs.to_epsg() == 5070
    for list_name in LISTS:
        assert drawn[(list_name, "national_map")].data.attrs["crs"] == "EPSG:5070", list_name


def test_a_label_hint_is_the_first_position_tried(tables, drawn):
    """On a map of one circle every position is free, so the label goes where it is tried first:
    up and to the right by default, at the hint when the story gives one."""
    default = [t for ax in drawn[("one", "national_map")].figure.axes for t in ax.texts
               if t.get_text().startswith("Portland")]
    assert len(default) == 1 and default[0].xyann[0] > 0 and default[0].xyann[1] > 0
    hinted = style.Story(operation="Operation Test", label_hints={"Portland, Oregon": (40.0, -30.0)})
    item = charts.national_map_figure(tables["one"], hinted)
    labels = [t for ax in item.figure.axes for t in ax.texts if t.get_text().startswith("Portland")]
    assert len(labels) == 1 and tuple(labels[0].xyann) == (40.0, -30.0)
    assert labels[0].get_ha() == "left" and labels[0].get_va() == "top"


def test_slope_chart_has_whole_end_markers_and_a_key(drawn):
    item = drawn[("forty", "count_vs_rate")]
    lines = [line for line in item.figure.axes[0].lines if line.get_marker() == "o"]
    assert lines and not any(line.get_clip_on() for line in lines)
    key = [t.get_text() for legend in item.figure.legends for t in legend.get_texts()]
    assert "ranks higher per resident than by count" in key and "ranks lower per resident than by count" in key
    colors = {line.get_color() for line in lines}
    assert colors <= {style.RISES, style.FALLS, style.SAME}


def test_locator_names_places_and_states_and_draws_cities_at_their_point(drawn):
    item = drawn[("alaska_hawaii_puerto_rico", "locator_panels")]
    texts = {t.get_text() for ax in item.figure.axes for t in ax.texts}
    assert {"Chicago city", "Anchorage municipality", "IL", "FL"} <= texts
    key = [t.get_text() for legend in item.figure.legends for t in legend.get_texts()]
    assert locator.CITY_KEY in key and "alternative: a city's point" in key
    rows = item.data.set_index("definition")
    chicago = rows[rows["geoids"] == "1714000"].iloc[0]
    assert chicago["drawn_geoids"] == "17031"  # Cook County, found by point-in-polygon
    assert "hollow point" in chicago["drawn_as"]
    anchorage = rows[rows["geoids"] == "0203000"].iloc[0]
    assert anchorage["drawn_geoids"] == "02020"


def test_locator_zooms_to_the_main_part_of_a_county_with_remote_islands(drawn):
    item = drawn[("alaska_hawaii_puerto_rico", "locator_panels")]
    panel = [ax for ax in item.figure.axes if ax.get_title().startswith("Honolulu")][0]
    x0, x1 = panel.get_xlim()
    assert x1 - x0 < 300_000  # Oahu, not the 2,000 km chain of the Northwestern Hawaiian Islands
    assert "remote parts off the map" in {t.get_text() for t in panel.texts}
    assert "Remote parts are off the map for Honolulu." in item.alt_text


def test_alt_texts_separate_names_with_semicolons(drawn):
    alt = drawn[("alaska_hawaii_puerto_rico", "locator_panels")].alt_text
    assert "(1 jurisdiction has some: Cook County, Illinois)" in alt
    forty = drawn[("forty", "locator_panels")].alt_text
    assert "blue" not in forty and "0 jurisdictions" not in forty and "has some" not in forty


def test_a_run_without_alternatives_says_nothing_about_them(drawn):
    for name in ("locator_panels", "rates_ranked"):
        item = drawn[("one", name)]
        subtitle = [t.get_text() for t in item.figure.texts if t.get_gid() == "subtitle"][0]
        assert "alternative" not in subtitle and "blue" not in subtitle
        key = [t.get_text() for legend in item.figure.legends for t in legend.get_texts()]
        assert not any("alternative" in k for k in key)
    alt = drawn[("one", "locator_panels")].alt_text
    assert alt.startswith("1 small map, one per jurisdiction")
    assert "some:" not in alt


def test_a_list_of_one_reads_sensibly(drawn):
    slope_item = drawn[("one", "count_vs_rate")]
    subtitle = [t.get_text() for t in slope_item.figure.texts if t.get_gid() == "subtitle"][0]
    assert subtitle == "The order by arrests per resident is the same as the order by arrests"
    ranked_alt = drawn[("one", "rates_ranked")].alt_text
    assert "the lowest" not in ranked_alt


def test_source_line_names_the_vintage_and_population_year():
    rows = _one()
    default_year = charts.ranked_rates_figure(rates_table(rows), STORY).figure
    assert [t for t in default_year.texts if t.get_gid() == "source"][0].get_text().endswith(
        "(Vintage 2019, July 1, 2017)")
    later = rates_table(rows, vintage=2020, population_year=2019)
    source = [t for t in charts.ranked_rates_figure(later, STORY).figure.texts if t.get_gid() == "source"][0]
    assert source.get_text() == ("Source: a test release of Jan. 3, 2020; U.S. Census Bureau Population "
                                 "Estimates (Vintage 2020, July 1, 2019)")
    mixed = rates_table(rows + [{**rows[0], "jurisdiction": "Other", "geoids": "0644000"}])
    mixed.loc[1, "vintage"] = 2017
    with pytest.raises(ValueError, match="one vintage"):
        charts.ranked_rates_figure(mixed, STORY)


def test_story_defaults_name_no_story():
    story = style.Story()
    assert story.label_hints == {} and story.credit == style.DEFAULT_CREDIT
    assert style.source_line(2019, 2017, story) == (
        "Source: the agency's published arrest counts; U.S. Census Bureau Population Estimates "
        "(Vintage 2019, July 1, 2017)")


def test_wrap_keeps_every_line_inside_its_width():
    text = ("Source: " + "a very long source name " * 12).strip()
    wrapped = style.wrap(text, style.SOURCE_PT, 3.0)
    assert wrapped.replace("\n", " ") == text.strip()
    assert all(style.text_size_in(line, style.SOURCE_PT)[0] <= 3.0 for line in wrapped.split("\n"))
    # A word more than twice the width is cut twice; a longer word only repeats the cut, and
    # costs more (each cut measures the word once per letter it gives back).
    long_word = style.wrap("x" * 120, style.SOURCE_PT, 3.0)
    assert long_word.count("\n") == 2 and long_word.replace("-\n", "") == "x" * 120
    assert all(style.text_size_in(line, style.SOURCE_PT)[0] <= 3.0 for line in long_word.split("\n"))


def test_missing_population_is_named_not_silently_dropped():
    rows = _one() + [{"jurisdiction": "Nowhere", "geo_level": "county", "geoids": "08031", "arrests": 3,
                      "population": None}]
    table = rates_table(rows)
    item = charts.ranked_rates_figure(table, STORY)
    note = [t.get_text() for t in item.figure.texts if t.get_gid() == "note"][0]
    assert note == "Not shown, no population estimate: Nowhere."
    assert math.isnan(table.loc[1, "rate_per_100k"])
    assert list(item.data["jurisdiction"]) == ["Portland, Oregon"]


def test_dollar_signs_are_measured_as_the_plain_text_that_is_drawn():
    """Figure text is never read as mathematics (``text.parse_math`` is off in the house style), so a
    name with two "$" is measured at the width it is drawn at, and wrapped to fit."""
    text = "$5 and $10 x_y"
    import matplotlib.pyplot as plt

    fig = style.new_figure(1.0, "t", "s", "src", "credit").figure
    with plt.rc_context(style.RC):  # as every drawing function runs (style.styled)
        drawn = fig.text(0, 0, text, fontsize=style.SOURCE_PT, fontfamily=style.FONT)
    renderer = fig.canvas.get_renderer()
    assert style.text_size_in(text, style.SOURCE_PT)[0] == pytest.approx(
        drawn.get_window_extent(renderer).width / fig.dpi, abs=0.01)
