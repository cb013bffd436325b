"""Rates checked against hand computations from the Census Bureau's published estimates."""
from __future__ import annotations

import pandas as pd
import pytest



@pytest.fixture(scope="module")
def v2019(flagship_tables) -> pd.DataFrame:
    return flagship_tables.rates.set_index("definition")


@pytest.fixture(scope="module")
def v2017(flagship_tables) -> pd.DataFrame:
    return flagship_tables.compared[2017].set_index("definition")


def test_denver_rate_by_hand(v2019):
    # 63 arrests / 704,961 residents (Vintage 2019, July 1, 2017) x 100,000 = 8.93666...
    row = v2019.loc["denver"]
    assert row["population"] == 704_961
    assert row["rate_per_100k"] == pytest.approx(8.9366646, rel=1e-7)
    assert row["rank"] == 1


def test_new_york_city_is_the_sum_of_five_counties(v2019, v2017):
    # Bronx + Kings + New York + Queens + Richmond, from SOURCES.md's spot table.
    assert v2019.loc["new_york_city", "population"] == (
        1_440_625 + 2_594_676 + 1_630_698 + 2_295_808 + 475_671) == 8_437_478
    assert v2017.loc["new_york_city", "population"] == 8_622_698
    assert v2019.loc["new_york_city", "geoids"] == "36005;36047;36061;36081;36085"
    assert v2019.loc["new_york_city", "rate_per_100k"] == pytest.approx(45e5 / 8_437_478)


def test_los_angeles_definitions_tell_different_stories(v2019):
    assert v2019.loc["los_angeles_county", "rate_per_100k"] == pytest.approx(0.99963, rel=1e-5)
    assert v2019.loc["los_angeles_city", "population"] == 3_975_788
    assert v2019.loc["los_angeles_city", "rate_per_100k"] == pytest.approx(2.54038, rel=1e-5)
    assert v2019.loc["ice_los_angeles_aor", "geo_level"] == "county_set"
    assert v2019.loc["ice_los_angeles_aor", "geoids"].count(";") == 6


def test_primary_ranking(v2019):
    primary = v2019[v2019["is_primary"]].sort_values("rank")
    assert list(primary["jurisdiction"]) == [
        "Denver", "Philadelphia", "Portland, Oregon", "Baltimore", "Washington, D.C.",
        "Santa Clara County, California", "Los Angeles", "the state of Massachusetts",
        "Cook County, Illinois", "New York"]
    assert v2019["rank"][~v2019["is_primary"]].isna().all()


def test_every_jurisdiction_has_one_primary_and_the_issue_alternatives(v2019):
    assert v2019["is_primary"].sum() == 10
    assert v2019["arrests"][v2019["is_primary"]].sum() == 498
    assert set(v2019.index) >= {"baltimore_city_and_county", "chicago_city", "los_angeles_city",
                                "ice_los_angeles_aor", "multnomah_county", "san_jose_city"}


def test_vintage_2017_gives_the_estimates_published_at_the_time(v2017):
    assert v2017.loc["massachusetts", "population"] == 6_859_819
    assert v2017.loc["los_angeles_county", "population"] == 10_163_507
    assert v2017.loc["san_jose_city", "population"] == 1_035_317
    assert v2017.loc["denver", "rate_per_100k"] == pytest.approx(63e5 / 704_621)
    assert v2017.loc["denver", "population_source"].startswith(
        "Census Bureau Population Estimates, Vintage 2017, July 1, 2017")


def test_missing_vintage_is_marked_not_left_blank(v2017):
    portland = v2017.loc["portland_city"]
    assert pd.isna(portland["population"]) and pd.isna(portland["rate_per_100k"])
    assert pd.isna(portland["rank"])
    assert "no Vintage 2017 population estimate for GEOID 4159000" in portland["note"]
    assert sorted(v2017["rank"].dropna()) == list(range(1, 10))


def test_population_estimates_carry_zero_moe(v2019):
    assert (v2019["population_moe"] == 0).all()
    assert (v2019["vintage"] == 2019).all()
    assert (v2019["population_year"] == 2017).all()
