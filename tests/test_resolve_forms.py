"""Name forms and rules the national subset cannot show, on a small table written by hand.

The places-only subset at ../shared has no consolidated-government "balance"
places and almost no census designated places; the full Census files have
them (names as in the Vintage 2019 files; populations rounded here, as inputs).
"""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.geography.fuzzy import TrigramIndex
from analysis.geography.name_forms import ALIAS, COUNTY_BASE, NAME, TYPED, county_keys, place_keys, written_forms
from analysis.geography.resolve import Resolver, UnresolvedName
from analysis.geography.state_names import STATES, basic_tokens, state_from

ROWS = [  # geoid, level, name, population, census2010
    ("47", "state", "Tennessee", 6_700_000, "6346105"),
    ("47037", "county", "Davidson County, Tennessee", 690_000, "626681"),
    ("4752006", "place", "Nashville-Davidson metropolitan government (balance), Tennessee", 667_000, "601222"),
    ("05", "state", "Arkansas", 3_000_000, "2915918"),
    ("0548560", "place", "Nashville city, Arkansas", 4_500, "4627"),
    ("21", "state", "Kentucky", 4_450_000, "4339367"),
    ("21111", "county", "Jefferson County, Kentucky", 770_000, "741096"),
    ("2148006", "place", "Louisville/Jefferson County metro government (balance), Kentucky", 620_000, "597337"),
    ("21067", "county", "Fayette County, Kentucky", 320_000, "295803"),
    ("2146027", "place", "Lexington-Fayette urban county, Kentucky", 320_000, "295803"),
    ("18", "state", "Indiana", 6_660_000, "6483802"),
    ("18097", "county", "Marion County, Indiana", 950_000, "903393"),
    ("1836003", "place", "Indianapolis city (balance), Indiana", 863_000, "820445"),
    ("51", "state", "Virginia", 8_470_000, "8001024"),
    ("51013", "county", "Arlington County, Virginia", 235_000, "207627"),
    ("5103000", "place", "Arlington CDP, Virginia", 235_000, "207627"),
    ("13", "state", "Georgia", 10_400_000, "9687653"),
    ("13021", "county", "Bibb County, Georgia", 153_000, "155547"),
    ("1349008", "place", "Macon-Bibb County, Georgia", 153_000, "155547"),
    ("20", "state", "Kansas", 2_900_000, "2853118"),
]


@pytest.fixture(scope="module")
def small():
    table = pd.DataFrame(ROWS, columns=["geoid", "geo_level", "name", "population", "census2010"])
    table["state_name"] = [STATES[g[:2]][0] for g in table["geoid"]]
    return Resolver(table)


@pytest.mark.parametrize("name, geoid, rule", [
    ("Nashville", "4752006", "ranked-with-note"),
    ("Louisville", "2148006", "unique-in-country"),
    ("Nashville, Tenn.", "4752006", "exact"),
    ("Nashville, Ark.", "0548560", "exact"),
    ("Lexington, Ky.", "21067", "exact"),       # the urban county is coextensive with Fayette County
    ("Indianapolis", "1836003", "unique-in-country"),
    ("Arlington, Va.", "51013", "exact"),       # the CDP is coextensive with Arlington County
    ("Macon, Ga.", "13021", "exact"),
])
def test_consolidated_governments_and_census_designated_places(small, name, geoid, rule):
    result = small.resolve(name)
    assert (result.geoids, result.rule) == (geoid, rule)


def test_a_consolidated_government_notes_its_county(small):
    assert "Davidson County, Tennessee (47037, county" in small.resolve("Nashville, Tenn.").notes
    assert "Jefferson County, Kentucky (21111, county" in small.resolve("Louisville").notes


def test_a_census_designated_place_says_it_is_not_a_municipality():
    table = pd.DataFrame([("15", "state", "Hawaii", 1_400_000, "1360301"),
                          ("1571550", "place", "Urban Honolulu CDP, Hawaii", 350_000, "337256")],
                         columns=["geoid", "geo_level", "name", "population", "census2010"])
    result = Resolver(table).resolve("Urban Honolulu")
    assert "a census designated place, not a municipality" in result.detail


def test_census_name_keys():
    assert county_keys("Cook County") == ([("cook county", TYPED), ("cook", COUNTY_BASE)], "county")
    assert county_keys("Baltimore city") == ([("baltimore city", TYPED), ("baltimore", NAME)], "city")
    assert county_keys("Carson City") == ([("carson city", NAME)], "")  # the Census capitalises no type here
    assert county_keys("Anchorage Municipality")[0][1] == ("anchorage", NAME)
    assert place_keys("Jersey City city") == (
        [("jersey city city", TYPED), ("jersey city", NAME), ("jersey", ALIAS)], "city")
    assert ("ventura", ALIAS) in place_keys("San Buenaventura (Ventura) city")[0]
    assert ("boise", ALIAS) in place_keys("Boise City city")[0]
    assert ("nashville", NAME) in place_keys("Nashville-Davidson metropolitan government (balance)")[0]
    assert ("indianapolis", NAME) in place_keys("Indianapolis city (balance)")[0]
    assert not any(key == "winston" for key, _ in place_keys("Winston-Salem city")[0])


def test_written_forms():
    forms = written_forms("the City of Portland, Ore.")
    assert [(f.key, f.state, f.places_only) for f in forms] == [
        ("the city of portland", "41", False), ("city of portland", "41", False), ("portland", "41", True)]
    assert [(f.key, f.state) for f in written_forms("Portland Ore")] == [("portland ore", None), ("portland", "41")]
    assert [f.key for f in written_forms("St. Louis")] == ["st louis"]
    assert [f.key for f in written_forms("Saint Louis")] == ["st louis"]
    assert [f.key for f in written_forms("Ft. Worth")] == ["fort worth"]
    assert [f.key for f in written_forms("County of Los Angeles")][-1] == "los angeles county"
    assert "cook county" in [f.key for f in written_forms("Cook Co.")]
    assert written_forms("Helena MT")[1][:2] == ("helena", "30")  # "MT" is Montana, not "Mount"
    assert written_forms("Rockwell city, Iowa")[0].lower_type == "city"
    assert written_forms("Rockwell City, Iowa")[0].lower_type == ""


def test_state_spellings_come_from_the_us_package():
    assert STATES["54"] == ("West Virginia", "WV", "W.Va.") and STATES["48"] == ("Texas", "TX", None)
    assert STATES["11"] == ("District of Columbia", "DC", "D.C.") and len(STATES) == 51
    assert state_from("W. Va.") == ("54", "abbreviation")
    assert state_from("Calif") == ("06", "AP abbreviation")
    assert state_from("Penna.") == ("42", "abbreviation")
    assert state_from("Ga.") == ("13", "postal code or AP abbreviation")
    assert state_from("Puerto Rico") is None
    assert basic_tokens("Cañon City & Española, N.M.") == ["canon", "city", "and", "espanola", "nm"]


def test_the_trigram_index_finds_close_spellings():
    index = TrigramIndex(["springfield", "springfield city", "spring grove", "brimfield", "chicago", "cook county"])
    assert [key for _, key in index.closest("springfeld")][:2] == ["springfield", "springfield city"]
    assert index.closest("zzzz") == []
    assert index.closest("cook couty")[0][1] == "cook county"


def test_an_unknown_state_hint_stops(small):
    with pytest.raises(UnresolvedName, match="--state 'XX' is not a state"):
        small.resolve("Nashville", state_hint="XX")
