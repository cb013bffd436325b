"""American Community Survey estimates: special codes and margins of error.

The ACS is a survey: every estimate has a 90% margin of error (MOE). The
Census Bureau publishes some values as negative codes instead of numbers
(Census Data API "Notes on ACS API variable types"); they must be converted
explicitly, never summed as if they were counts.

MOE formulas are the Census Bureau's for derived estimates (handbook
"Understanding and Using American Community Survey Data", and the Bureau's
April 18, 2018 presentation "Using American Community Survey Estimates and
Margin of Error"), which the Los Angeles Times' ``census-data-aggregator``
also implements:

- sum of estimates: MOE = sqrt(MOE_1^2 + MOE_2^2 + ...);
- ratio X / Y: MOE = sqrt(MOE_X^2 + (X / Y)^2 * MOE_Y^2) / Y.
"""
from __future__ import annotations

import math

import census_data_aggregator

# Estimate codes: the value does not exist or could not be computed.
ESTIMATE_CODES = {
    -666666666: "estimate could not be computed (too few sample observations)",
    -999999999: "estimate not shown (too few sample cases)",
    -888888888: "estimate not applicable or not available",
    -222222222: "estimate could not be computed",
    -333333333: "median falls in an open-ended interval",
}
# MOE codes: -555555555 means the estimate is controlled to the Population
# Estimates and has no sampling error (MOE 0); the others mean "no MOE".
CONTROLLED = -555555555
MOE_CODES = {
    -222222222: "margin of error could not be computed (too few sample observations)",
    -333333333: "margin of error not appropriate (open-ended median)",
    -666666666: "margin of error could not be computed",
    -888888888: "margin of error not applicable",
    -999999999: "margin of error not shown (too few sample cases)",
}


class NotAvailable(ValueError):
    """An ACS value that is a special code, with the Census Bureau's meaning."""


def estimate_value(raw: str | int | float | None) -> float:
    """A published estimate as a number; raises ``NotAvailable`` for special codes."""
    value = _number(raw)
    if value in ESTIMATE_CODES:
        raise NotAvailable(f"{int(value)}: {ESTIMATE_CODES[int(value)]}")
    if value < 0:
        raise NotAvailable(f"{raw}: negative value that is not a documented ACS code")
    return value


def moe_value(raw: str | int | float | None) -> float:
    """A published 90% MOE as a number: -555555555 -> 0; other codes raise ``NotAvailable``."""
    value = _number(raw)
    if value == CONTROLLED:
        return 0.0
    if value in MOE_CODES:
        raise NotAvailable(f"{int(value)}: {MOE_CODES[int(value)]}")
    if value < 0:
        raise NotAvailable(f"{raw}: negative value that is not a documented ACS code")
    return value


def _number(raw: str | int | float | None) -> float:
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in ("", "null", "none")):
        raise NotAvailable("value missing (null)")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise NotAvailable(f"'{raw}' is not a number") from None
    if math.isnan(value):
        raise NotAvailable("value missing (NaN)")
    return value


def sum_with_moe(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    """A sum of ACS estimates and its 90% MOE, by the Census Bureau handbook's rule for sums.

    Computed by the LA Times' ``census-data-aggregator`` (tested against the
    handbook's worked examples): the root of the sum of squared MOEs, where of
    several zero estimates only the largest MOE counts (the handbook's zero-estimate rule).
    """
    total, moe = census_data_aggregator.approximate_sum(*pairs)
    return float(total), float(moe)


def moe_of_ratio(numerator: float, denominator: float, numerator_moe: float,
                 denominator_moe: float) -> float:
    """MOE of ``numerator / denominator`` when the numerator is not a subset of the denominator.

    The handbook's formula for ratios, through ``census-data-aggregator``. Arrests are
    not a subset of residents counted by the ACS, so the ratio (not the proportion) formula applies.
    """
    return float(census_data_aggregator.approximate_ratio((numerator, numerator_moe),
                                                          (denominator, denominator_moe))[1])
