"""The registry of Census population products: which vintage gives which year, from which files."""
from __future__ import annotations

import pytest

from analysis.census import products
from analysis.census.products import NotCovered, alternatives, product, products_for, vintage_for
from analysis.core.errors import InputError


@pytest.mark.parametrize("year, vintage", [(2010, 2019), (2012, 2019), (2017, 2019), (2019, 2019),
                                           (2020, 2024), (2023, 2024), (2024, 2024)])
def test_the_latest_vintage_covering_the_year_is_chosen(year, vintage):
    assert vintage_for(year).vintage == vintage


@pytest.mark.parametrize("year", [2009, 2030])
def test_a_year_no_product_gives_is_refused_with_the_years_covered(year):
    with pytest.raises(NotCovered) as caught:
        vintage_for(year)
    message = str(caught.value)
    assert f"July 1, {year}" in message and "covers 2010-2024" in message
    assert "Vintage 2019: July 1, 2010-2019" in message and "Vintage 2024: July 1, 2020-2024" in message
    assert isinstance(caught.value, InputError)  # the command line prints it as one line, exit 2


def test_alternatives_are_the_older_vintages_of_the_same_year():
    assert [p.vintage for p in alternatives(2017)] == [2017]
    assert [p.vintage for p in products_for(2017)] == [2019, 2017]
    assert alternatives(2018) == [] and alternatives(2023) == []


def test_a_vintage_asked_for_a_year_it_does_not_give_is_refused():
    assert product(2017, 2017).name == "Census Bureau Population Estimates, Vintage 2017"
    with pytest.raises(NotCovered, match="Vintage 2017 gives July 1, 2010-2017, not 2018; the latest "
                                         "vintage for 2018 is 2019"):
        product(2017, 2018)
    with pytest.raises(NotCovered, match="no Vintage 2016 Population Estimates"):
        product(2016)


def test_every_product_has_one_census_file_per_level_with_its_download_address():
    for entry in products.PRODUCTS:
        levels = [level for choice in entry.choices for level in choice.levels]
        assert sorted(levels) == sorted(products.LEVELS), entry.vintage
        for choice in entry.choices:
            official = choice.official
            assert official.url == f"{products.POPEST}/{entry.first_year}-{entry.last_year}/" + (
                "counties" if "county" in choice.levels else "cities") + f"/totals/{official.name}"


def test_vintage_2024_files_and_columns_are_the_2020s_layout():
    v2024 = product(2024)
    county, place = v2024.choice_for("county").official, v2024.choice_for("place").official
    assert (county.name, place.name) == ("co-est2024-alldata.csv", "sub-est2024.csv")
    assert county.year_column.format(year=2023) == "POPESTIMATE2023"
    assert county.census2010_column is None and place.census2010_column is None
    assert not v2024.in_extract


def test_the_vintage_2017_california_places_file_is_marked_incomplete():
    files = product(2017).choice_for("place").files
    assert [(f.name, f.complete) for f in files] == [("sub-est2017_all.csv", True),
                                                     ("PEP_2017_PEPANNRES_CA-places_with_ann.csv", False)]


def test_a_new_vintage_is_one_registry_entry(monkeypatch):
    v2025 = products.Product(2025, 2020, 2025, "April 1, 2020 estimates base", (
        products.FileChoice(("state", "county"), (products._county_file(2025, "2020-2025", census2010_column=None),)),
        products.FileChoice(("place",), (products._city_file("sub-est2025.csv", "2020-2025",
                                                             census2010_column=None),)),
    ), in_extract=False)
    monkeypatch.setattr(products, "PRODUCTS", products.PRODUCTS + (v2025,))
    assert vintage_for(2023).vintage == 2025 and vintage_for(2025).vintage == 2025
    assert [p.vintage for p in alternatives(2023)] == [2024]
