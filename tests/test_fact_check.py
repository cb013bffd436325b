"""The fact-check's verdicts against values computed by hand."""
from __future__ import annotations

import pytest

from analysis.story.fact_check import run_fact_check


@pytest.fixture(scope="module")
def checks():
    return run_fact_check().set_index("claim_id")


def test_ice_list_sums_to_the_announced_498(checks):
    # 28 + 30 + 63 + 101 + 45 + 107 + 33 + 27 + 14 + 50 = 498
    assert checks.loc["ice_total_arrests", ["stated", "computed", "verdict"]].tolist() == [498, 498, "correct"]


def test_story_list_sums_to_564_and_does_not_add_up(checks):
    # 167 + 107 + 28 + 30 + 63 + 45 + 33 + 27 + 14 + 50 = 564
    row = checks.loc["newsmax_list_sum"]
    assert (row["stated"], row["computed"], row["verdict"]) == (500, 564, "does not add up")
    assert "564 - 498 = 66" in row["explanation"]


def test_latimes_167_is_101_plus_66(checks):
    row = checks.loc["latimes_los_angeles_area"]
    assert (row["stated"], row["computed"], row["verdict"]) == (167, 101 + 66, "correct")


def test_story_los_angeles_figure_is_flagged(checks):
    row = checks.loc["newsmax_place_los_angeles"]
    assert (row["stated"], row["computed"], row["verdict"]) == (167, 101, "misleading")
    assert "adds 66 arrests" in row["explanation"]


def test_other_places_and_rounded_total(checks):
    places = checks[checks.index.str.startswith("newsmax_place_")]
    assert len(places) == 10 and (places["verdict"] == "correct").sum() == 9
    assert checks.loc["newsmax_total_arrests", "verdict"] == "correct (rounded)"
    assert checks.loc["newsmax_number_of_raids", ["stated", "computed"]].tolist() == [10, 10]


def test_overlapping_breakdown_is_not_summed(checks):
    # 317 + 104 + 68 + 18 = 507 > 498
    row = checks.loc["ice_breakdown"]
    assert (row["computed"], row["verdict"]) == (507, "cannot be summed")
