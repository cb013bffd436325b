"""ACS special codes and margin-of-error formulas against published and hand-computed values."""
from __future__ import annotations

import math

import pytest

from analysis.census import acs
from analysis.core import paths
from analysis.rates.noncitizen import load_acs


def test_moe_of_sum_matches_the_census_bureau_example():
    # Census Bureau, "Using American Community Survey Estimates and Margin of Error" (2018),
    # as reproduced in census-data-aggregator's documentation: males under 5 (10,154,024 +/- 3,778)
    # plus females under 5 (9,712,936 +/- 3,911) = 19,866,960 +/- 5,437.757.
    assert acs.sum_with_moe([(100, 3778), (200, 3911)]) == pytest.approx((300, 5437.757350231803))


def test_sum_of_zero_estimates_counts_only_the_largest_zero_moe():
    # Census Bureau handbook rule, as census-data-aggregator documents it: of the zero
    # estimates (MOEs 22, 22, 29) only the largest MOE enters; sqrt(29^2 + 37^2) = 47.01.
    assert acs.sum_with_moe([(0, 22), (0, 22), (0, 29), (41, 37)]) == pytest.approx((41, math.sqrt(29**2 + 37**2)))


def test_moe_of_ratio_by_hand():
    # 50 / 549,982 with MOE(Y) = 18,067 and no error on the numerator:
    # sqrt(0 + (50/549982)^2 x 18067^2) / 549982 = (50/549982) x 18067 / 549982
    expected = (50 / 549_982) * 18_067 / 549_982
    assert acs.moe_of_ratio(50, 549_982, 0, 18_067) == pytest.approx(expected)
    # With numerator error too: sqrt(3^2 + (10/40)^2 x 4^2) / 40 = sqrt(10) / 40
    assert acs.moe_of_ratio(10, 40, 3, 4) == pytest.approx(math.sqrt(10) / 40)


@pytest.mark.parametrize("code", [-666666666, -999999999, -888888888, -222222222, -333333333])
def test_estimate_codes_are_not_numbers(code):
    with pytest.raises(acs.NotAvailable, match=str(code)):
        acs.estimate_value(str(code))


def test_moe_codes():
    assert acs.moe_value("-555555555") == 0.0  # controlled: no sampling error
    assert acs.moe_value("18067") == 18067.0
    for code in ("-222222222", "-333333333", "-666666666", "-888888888", "-999999999"):
        with pytest.raises(acs.NotAvailable):
            acs.moe_value(code)
    for missing in ("null", "", None):
        with pytest.raises(acs.NotAvailable, match="missing"):
            acs.moe_value(missing)


def test_committed_state_extract_converts_massachusetts():
    table = load_acs(paths.ACS_CSV).set_index("geoid")
    assert table.loc["25", ["noncitizen", "noncitizen_moe"]].tolist() == [549_982.0, 18_067.0]
    assert table.loc["25", "total_population_moe"] == "-555555555"  # stored as published
    assert (table["problem"] == "").all()


def test_massachusetts_noncitizen_rate_offline(flagship_tables):
    row = flagship_tables.rates.set_index("definition").loc["massachusetts"]
    # 50 arrests / 549,982 noncitizens (ACS 2017 1-year, DP02_0095E) x 100,000 = 9.0912
    assert row["rate_per_100k_noncitizen"] == pytest.approx(9.091207, rel=1e-6)
    assert row["rate_per_100k_noncitizen_moe"] == pytest.approx(9.091207 * 18_067 / 549_982, rel=1e-6)
    assert row["noncitizen_note"] == ""


def test_district_of_columbia_uses_its_state_equivalent_offline(flagship_tables):
    row = flagship_tables.rates.set_index("definition").loc["district_of_columbia"]
    assert row["noncitizen_population"] == 62_969
    assert row["rate_per_100k_noncitizen"] == pytest.approx(14e5 / 62_969)


def test_missing_denominator_is_marked_not_blank(flagship_tables):
    rates = flagship_tables.rates.set_index("definition")
    assert "python -m analysis fetch" in rates.loc["denver", "noncitizen_note"]
    assert math.isnan(rates.loc["denver", "rate_per_100k_noncitizen"])
