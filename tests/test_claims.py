"""The generic fact-check: decimals, shares and dates are compared as a reader would."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.errors import InputError
from analysis.pipeline.build import compute_story
from analysis.story.story import load_story

URL = "https://example.org/a"


def _with_claims(story_copy, *rows: str) -> pd.DataFrame:
    with open(story_copy / "claims.csv", "a", encoding="utf-8") as handle:
        for row in rows:
            handle.write(row + "\n")
    return compute_story(load_story(story_copy)).fact_check.set_index("claim_id")


def test_decimal_parts_add_up_exactly(story_copy):
    checks = _with_claims(story_copy,
                          f"a,part,10.1 percent,10.1,,,equal,,,X,2017,{URL},",
                          f"b,part,20.2 percent,20.2,,,equal,,,X,2017,{URL},",
                          f"c,claim,30.3 percent in all,30.3,,claim:a + claim:b,equal,,,X,2017,{URL},")
    assert checks.loc["c", "verdict"] == "correct"


def test_shares_are_summed_before_rounding(story_copy):
    # Denver 63 + Philadelphia 107 = 170 of 498 = 34.137%: "34.1" is right, not 34.2.
    checks = _with_claims(story_copy, f"s,claim,34.1 percent,34.1,,share:Denver + share:Philadelphia,about,0.05,,"
                                      f"X,2017,{URL},")
    assert checks.loc["s", "verdict"] == "correct (rounded)"
    assert checks.loc["s", "computed"] == "34.1"


def test_a_date_one_day_off_is_said_so(story_copy):
    checks = _with_claims(story_copy, f"d,claim,It began on 23 September,2017-09-23,,date:start,equal,,"
                                      f"one day off,X,2017,{URL},")
    assert checks.loc["d", "verdict"] == "one day off"
    assert "1 day earlier" in checks.loc["d", "explanation"]


def test_an_impossible_date_is_one_clear_error(story_copy):
    with pytest.raises(InputError, match=r"row 26, field 'stated': '2017-02-30' is not a date"):
        _with_claims(story_copy, f"d,claim,It began on 30 February,2017-02-30,,date:start,equal,,,X,2017,{URL},")
