"""Press-release names resolved against the national Census files, with every rule exercised."""
from __future__ import annotations

import pytest

from analysis.census.estimates import load_geographies
from analysis.geography.resolve import Resolver, UnresolvedName



@pytest.fixture(scope="module")
def resolver():
    return Resolver(load_geographies(2017))


RESOLVED = {
    # states: full name, postal code, AP abbreviation, "the state of", "Commonwealth of", "X state"
    "the state of Massachusetts": ("25", "state", "state"),
    "Massachusetts": ("25", "state", "state"),
    "Mass.": ("25", "state", "state"),
    "MA": ("25", "state", "state"),
    "Commonwealth of Pennsylvania": ("42", "state", "state"),
    "New York state": ("36", "state", "state"),
    "the State of Oregon": ("41", "state", "state"),
    # Washington, D.C. in its usual spellings
    "Washington, D.C.": ("11001", "county", "District of Columbia rule"),
    "Washington DC": ("11001", "county", "District of Columbia rule"),
    "D.C.": ("11001", "county", "District of Columbia rule"),
    "the District of Columbia": ("11001", "county", "District of Columbia rule"),
    # New York City as its five counties
    "New York": ("36005;36047;36061;36081;36085", "county_set", "New York City rule"),
    "New York City": ("36005;36047;36061;36081;36085", "county_set", "New York City rule"),
    "New York, N.Y.": ("36005;36047;36061;36081;36085", "county_set", "New York City rule"),
    # counties and equivalents
    "Cook County, Illinois": ("17031", "county", "county"),
    "Cook County, Ill.": ("17031", "county", "county"),
    "Santa Clara County, Calif": ("06085", "county", "county"),
    "santa clara county,   CALIFORNIA": ("06085", "county", "county"),
    "Orleans Parish, La.": ("22071", "county", "county"),
    "Juneau City and Borough, Alaska": ("02110", "county", "place coextensive with a county-equivalent"),
    "Baltimore city, Md.": ("24510", "county", "place coextensive with a county-equivalent"),
    "Baltimore County, Md.": ("24005", "county", "county"),
    "St. Louis County, Mo.": ("29189", "county", "county"),
    "Richmond County, Va.": ("51159", "county", "county"),
    "Prince Georges County, Md.": ("24033", "county", "county"),
    "Prince George's County, Maryland": ("24033", "county", "county"),
    "Miami Dade County, Fla.": ("12086", "county", "county"),
    "Fairbanks North Star Borough, Alaska": ("02090", "county", "county"),
    "Kenai Peninsula Borough, AK": ("02122", "county", "county"),
    "Anchorage, Alaska": ("02020", "county", "city that is a county-equivalent"),
    # consolidated city-counties and independent cities resolve to the county GEOID
    "Denver": ("08031", "county", "place coextensive with a county-equivalent"),
    "Philadelphia": ("42101", "county", "place coextensive with a county-equivalent"),
    "San Francisco, Calif.": ("06075", "county", "place coextensive with a county-equivalent"),
    "Saint Louis, Missouri": ("29510", "county", "place coextensive with a county-equivalent"),
    "Richmond, Va.": ("51760", "county", "place coextensive with a county-equivalent"),
    "New Orleans": ("22071", "county", "place coextensive with a county-equivalent"),
    # places
    "Portland, Oregon": ("4159000", "place", "place"),
    "Portland, Ore.": ("4159000", "place", "place"),
    "Portland Ore": ("4159000", "place", "place"),
    "Portland, OR": ("4159000", "place", "place"),
    "San Jose, Calif.": ("0668000", "place", "place"),
    "City of Chicago": ("1714000", "place", "place"),
    "Chicago": ("1714000", "place", "place"),
    "Springfield, Ill.": ("1772000", "place", "place"),
    "Boise, Idaho": ("1608830", "place", "place"),  # the Census calls it "Boise City city"
}


@pytest.mark.parametrize("name", RESOLVED)
def test_resolves(resolver, name):
    geoids, level, method = RESOLVED[name]
    result = resolver.resolve(name)
    assert (result.geoids, result.geo_level, result.method) == (geoids, level, method)
    assert result.jurisdiction == name and result.matched_name


def test_how_it_matched_is_recorded(resolver):
    assert "AP abbreviation" in resolver.resolve("Portland, Ore.").detail
    assert "AP dateline" in resolver.resolve("Baltimore").detail
    assert "AP style: 'New York' alone is the city" in resolver.resolve("New York").detail
    assert "the only geography of that name" in resolver.resolve("Chicago").detail


def test_a_city_that_is_also_a_county_is_read_as_the_city_and_says_so(resolver):
    result = resolver.resolve("Los Angeles")
    assert (result.geoids, result.geo_level) == ("0644000", "place")
    assert "Los Angeles County, California (06037) is a different area" in result.detail
    baltimore = resolver.resolve("Baltimore")
    assert baltimore.geoids == "24510" and "Baltimore County, Maryland (24005)" in baltimore.detail
    fairfax = resolver.resolve("Fairfax, Va.")
    assert fairfax.geoids == "51600" and "Fairfax County, Virginia (51059)" in fairfax.detail


def test_bare_state_name_is_the_state_and_mentions_namesake_places(resolver):
    result = resolver.resolve("Nevada")
    assert result.geoids == "32" and "places are named Nevada" in result.detail


@pytest.mark.parametrize("name, candidates", [
    ("Portland", ["Portland city, Oregon (4159000, place)", "Portland city, Maine (2360545, place)"]),
    ("Cook County", ["Cook County, Illinois (17031, county)", "Cook County, Georgia (13075, county)"]),
    ("Washington", ["Washington state (53)", "Washington, D.C. (11001)"]),
    ("Springfield", ["Springfield city, Illinois (1772000, place)"]),
])
def test_ambiguous_names_stop_with_candidates(resolver, name, candidates):
    with pytest.raises(UnresolvedName) as caught:
        resolver.resolve(name)
    assert caught.value.problem.startswith("ambiguous")
    for candidate in candidates:
        assert candidate in caught.value.candidates
    assert "overrides file" in str(caught.value)


def test_state_hint_narrows_an_ambiguous_name(resolver):
    assert resolver.resolve("Portland", state_hint="OR").geoids == "4159000"
    assert resolver.resolve("Portland", state_hint="Maine").geoids == "2360545"
    assert resolver.resolve("Cook County", state_hint="Ill.").geoids == "17031"
    assert "state from --state OR" in resolver.resolve("Portland", state_hint="OR").detail


@pytest.mark.parametrize("name, closest", [
    ("Springfeld, Illinois", "Springfield city, Illinois (1772000)"),
    ("Philadelfia, Pa.", "Philadelphia city, Pennsylvania (4260000)"),
    ("Cook Couty, Illinois", "Cook County, Illinois (17031)"),
])
def test_unknown_names_stop_with_the_closest_candidates(resolver, name, closest):
    with pytest.raises(UnresolvedName) as caught:
        resolver.resolve(name)
    assert caught.value.problem.startswith("unknown name")
    assert closest in caught.value.candidates
