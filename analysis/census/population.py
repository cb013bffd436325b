"""How a population figure is cited: product, vintage and the July 1 it estimates, every time.

Population Estimates have no margin of error; the vintage matters because each
vintage revises every year since the last census (see ``analysis.census.products``).
"""
from __future__ import annotations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def describe_source(product: str, estimate_date: str) -> str:
    """'Census Bureau Population Estimates, Vintage 2019' + '2017-07-01' -> '..., Vintage 2019, July 1, 2017'."""
    year, month, day = estimate_date.split("-")
    return f"{product}, {MONTHS[int(month) - 1]} {int(day)}, {year}"
