"""Press-release names resolved against the national Census files: real name forms, one test per trap.

GEOIDs are the Census Bureau's FIPS codes (state 2 digits, county 5, place 7),
checked by hand against the national files' names.
"""
from __future__ import annotations

import pytest

from analysis.geography.resolve import UnresolvedName


NYC = "36005;36047;36061;36081;36085"
STOP = None
RULES = {"state", "district-of-columbia", "new-york-city", "exact", "state-hint", "unique-in-country",
         "preferred-reading", "ap-dateline", "ranked-with-note"}

# name -> (GEOIDs, rule), or (STOP, start of the problem)
NAMES = {
    # states, including names that contain another state's name
    "West Virginia": ("54", "state"),
    "W.Va.": ("54", "state"),
    "Virginia": ("51", "state"),
    "the Commonwealth of Virginia": ("51", "state"),
    "Kansas": ("20", "state"),
    "Arkansas": ("05", "state"),
    "the state of Massachusetts": ("25", "state"),
    "Mass.": ("25", "state"),
    "MA": ("25", "state"),
    "New York state": ("36", "state"),
    "the State of Oregon": ("41", "state"),
    "Washington state": ("53", "state"),
    "Washington": (STOP, "ambiguous"),
    # the District of Columbia and New York City
    "Washington, D.C.": ("11001", "district-of-columbia"),
    "Washington DC": ("11001", "district-of-columbia"),
    "Wash., D.C.": ("11001", "district-of-columbia"),
    "D.C.": ("11001", "district-of-columbia"),
    "the District of Columbia": ("11001", "district-of-columbia"),
    "New York": (NYC, "new-york-city"),
    "New York City": (NYC, "new-york-city"),
    "NYC": (NYC, "new-york-city"),
    "New York, N.Y.": (NYC, "new-york-city"),
    # abbreviations of a large city that are also a state's: decided to stop (see resolve.py, rule 4)
    "L.A.": (STOP, "ambiguous"),
    "LA": (STOP, "ambiguous"),
    "L.A. County": ("06037", "unique-in-country"),
    # counties and county-equivalents
    "Cook County, Illinois": ("17031", "exact"),
    "Cook County, Ill.": ("17031", "exact"),
    "Cook Co., Ill.": ("17031", "exact"),
    "Cook County": ("17031", "ranked-with-note"),
    "Santa Clara County, Calif": ("06085", "exact"),
    "santa clara county,   CALIFORNIA": ("06085", "exact"),
    "Orleans Parish, La.": ("22071", "exact"),
    "Miami-Dade County, Fla.": ("12086", "exact"),
    "Miami Dade County": ("12086", "unique-in-country"),
    "Prince George's County, Maryland": ("24033", "exact"),
    "Fairbanks North Star Borough, Alaska": ("02090", "exact"),
    "County of Los Angeles": ("06037", "unique-in-country"),
    "St. Louis County, Mo.": ("29189", "exact"),
    "Baltimore County, Md.": ("24005", "exact"),
    "the Bronx": ("36005", "unique-in-country"),
    "Brooklyn, N.Y.": ("36047", "exact"),
    # independent cities and consolidated city-counties
    "Baltimore": ("24510", "ap-dateline"),
    "Baltimore city, Md.": ("24510", "exact"),
    "St. Louis": ("29510", "ap-dateline"),
    "Saint Louis, Missouri": ("29510", "preferred-reading"),
    "Richmond city, Va.": ("51760", "exact"),
    "Richmond, Va.": ("51760", "preferred-reading"),
    "Fairfax, Va.": ("51600", "preferred-reading"),
    "Carson City, Nev.": ("32510", "exact"),
    "Anchorage, Alaska": ("02020", "exact"),
    "Municipality of Anchorage": ("02020", "unique-in-country"),
    "Juneau, Alaska": ("02110", "exact"),
    "Denver": ("08031", "ap-dateline"),
    "City and County of Denver": ("08031", "ap-dateline"),
    "Philadelphia": ("42101", "ap-dateline"),
    "San Francisco, Calif.": ("06075", "exact"),
    "New Orleans": ("22071", "unique-in-country"),
    "Honolulu": ("15003", "unique-in-country"),
    # "City" in the name
    "Jersey City": ("3436000", "ranked-with-note"),
    "Jersey City, N.J.": ("3436000", "exact"),
    "Jersey city, Ga.": ("1342184", "exact"),
    "Kansas City": (STOP, "ambiguous"),
    "Kansas City, Mo.": ("2938000", "exact"),
    "Kansas City, Kan.": ("2036000", "exact"),
    "Kansas City Kansas": ("2036000", "exact"),
    "Kansas City (Mo.)": ("2938000", "exact"),
    "Carson City": ("32510", "ranked-with-note"),
    "Oklahoma City": ("4055000", "unique-in-country"),
    "Salt Lake City": ("4967000", "unique-in-country"),
    "Atlantic City": ("3402080", "ranked-with-note"),
    "Atlantic City, N.J.": ("3402080", "exact"),
    "Cedar City": ("4911320", "ranked-with-note"),
    "Daly City": ("0617918", "unique-in-country"),
    "Union City": (STOP, "ambiguous"),
    "Union City, N.J.": ("3474630", "exact"),
    "Arkansas City, Kan.": ("2002300", "exact"),
    # AP datelines and other places
    "Los Angeles": ("0644000", "ap-dateline"),
    "Miami": ("1245000", "ap-dateline"),
    "Chicago": ("1714000", "unique-in-country"),
    "Portland": (STOP, "ambiguous"),
    "Portland, Oregon": ("4159000", "exact"),
    "Portland, Ore.": ("4159000", "exact"),
    "Portland Ore": ("4159000", "exact"),
    "Portland, OR": ("4159000", "exact"),
    "Portland (Ore.)": ("4159000", "exact"),
    "Portland, Ore., USA": ("4159000", "exact"),
    "Los Angeles (county)": ("06037", "unique-in-country"),
    "Salem, Ore.": ("4164900", "exact"),
    "San Jose Calif": ("0668000", "exact"),
    "Springfield, Ill.": ("1772000", "exact"),
    "Springfield": (STOP, "ambiguous"),
    "Boise, Idaho": ("1608830", "ranked-with-note"),  # not Boise County (7,000 people)  # the Census calls it "Boise City city"
    "Charleston West Virginia": ("5414600", "exact"),
    "Virginia Beach": ("51810", "unique-in-country"),
    "Austin": ("4805000", "ranked-with-note"),
    # articles and phrases copied from releases
    "the city of Chicago": ("1714000", "unique-in-country"),
    "City of Chicago": ("1714000", "unique-in-country"),
    "the City of Portland, Ore.": ("4159000", "exact"),
    # Saint / St., Fort / Ft., Mount / Mt.
    "St. Paul, Minn.": ("2758000", "exact"),
    "Saint Paul": ("2758000", "ranked-with-note"),
    "Ft. Worth, Texas": ("4827000", "exact"),
    "Fort Worth": ("4827000", "unique-in-country"),
    "Mt. Vernon, Ill.": ("1751180", "exact"),
    "Sault Ste. Marie, Mich.": ("2671740", "exact"),
    # accents, written or not
    "Cañon City, Colo.": ("0811810", "exact"),
    "Canon City, Colorado": ("0811810", "exact"),
    "Española, N.M.": ("3525170", "exact"),
    "Espanola, New Mexico": ("3525170", "exact"),
    "La Cañada Flintridge": ("0639003", "unique-in-country"),
    # alternate names the Census gives in parentheses
    "Paso Robles, Calif.": ("0622300", "exact"),
    "Ventura, Calif.": (STOP, "ambiguous"),  # San Buenaventura (Ventura) city, or Ventura County
    # several geographies in one row
    "Dallas-Fort Worth": (STOP, "names several geographies"),
    "Kansas City, Mo. and Kan.": (STOP, "names several geographies"),
    "Minneapolis/St. Paul": (STOP, "names several geographies"),
}


@pytest.mark.parametrize("name", NAMES)
def test_real_name_forms(national_resolver, name):
    expected, rule = NAMES[name]
    if expected is STOP:
        with pytest.raises(UnresolvedName) as caught:
            national_resolver.resolve(name)
        assert caught.value.problem.startswith(rule)
        assert "overrides file" in str(caught.value) or rule == "names several geographies"
        return
    result = national_resolver.resolve(name)
    assert (result.geoids, result.rule) == (expected, rule)
    assert result.jurisdiction == name and result.matched_name and result.method


def test_every_match_records_its_rule_and_confidence(national_resolver):
    for name, (expected, _) in NAMES.items():
        if expected is STOP:
            continue
        result = national_resolver.resolve(name)
        assert result.rule in RULES
        assert result.confidence == ("certain" if not result.notes else "likely"), name


def test_levels_and_methods(national_resolver):
    resolve = national_resolver.resolve
    assert (resolve("Denver").geo_level, resolve("Denver").method) == (
        "county", "place coextensive with a county-equivalent")
    assert resolve("Baltimore").method == "city that is a county-equivalent"
    assert resolve("Carson City, Nev.").method == "city that is a county-equivalent"
    assert (resolve("New York").geo_level, resolve("New York").method) == ("county_set", "New York City rule")
    assert (resolve("Cook County, Ill.").geo_level, resolve("Cook County, Ill.").method) == ("county", "county")
    assert (resolve("Portland, Ore.").geo_level, resolve("Portland, Ore.").method) == ("place", "place")
    assert resolve("Massachusetts").geo_level == "state"


# -- one test per failure class ---------------------------------------------------------------------
CITY_NAMES = ["Jersey City", "Carson City", "Oklahoma City", "Kansas City", "Salt Lake City", "Atlantic City",
              "Cedar City", "Union City", "Daly City", "Iowa City", "Panama City"]


@pytest.mark.parametrize("name", CITY_NAMES)
def test_a_city_name_is_never_read_as_a_smaller_town_with_city_as_its_type(national_resolver, name):
    """"Jersey City" once stopped at "Jersey city", Georgia (143 people) because that form exists."""
    try:
        result = national_resolver.resolve(name)
    except UnresolvedName as stop:
        assert all(c.split(" (")[0].lower().startswith(name.lower()) for c in stop.candidates)
        return
    matched = result.matched_name.split(",")[0]
    assert matched.startswith(name), (name, result.matched_name)
    others_with_type = [f"{name.rsplit(' ', 1)[0]} city, {state}" for state in ("Georgia", "Iowa", "California")]
    for other in others_with_type:
        if other in result.notes:
            assert result.confidence == "likely"


def test_jersey_city_names_the_georgia_town_it_did_not_choose(national_resolver, national_geographies):
    result = national_resolver.resolve("Jersey City")
    assert result.geoids == "3436000" and result.confidence == "likely"
    georgia = national_geographies.set_index("geoid").loc["1342184"]
    assert f"Jersey city, Georgia (1342184, place, pop {georgia['population']:,})" in result.notes


def test_a_fully_qualified_city_name_resolves(national_resolver):
    """"Jersey City, N.J." once failed as unknown while the bare name resolved wrongly."""
    for name, geoid in [("Jersey City, N.J.", "3436000"), ("Atlantic City, NJ", "3402080"),
                        ("Union City, New Jersey", "3474630"), ("Kansas City, Kan.", "2036000"),
                        ("Oklahoma City, Okla.", "4055000"), ("Salt Lake City, Utah", "4967000"),
                        ("Cedar City, Utah", "4911320"), ("Daly City, Calif.", "0617918")]:
        result = national_resolver.resolve(name)
        assert (result.geoids, result.rule) == (geoid, "exact"), name


def test_an_abbreviation_of_a_large_city_is_not_read_as_a_state(national_resolver):
    for name in ("LA", "L.A.", "La."):
        with pytest.raises(UnresolvedName) as caught:
            national_resolver.resolve(name)
        assert "Los Angeles city, California (0644000" in caught.value.candidates[0]
        assert any(c.startswith("Louisiana (22, state") for c in caught.value.candidates)
    assert national_resolver.resolve("Lake Charles, La.").geoids == "2241155"


def test_a_state_whose_name_contains_another_state_is_that_state(national_resolver):
    for name, fips in [("West Virginia", "54"), ("Kansas", "20"), ("Arkansas", "05"), ("Virginia", "51"),
                       ("West Virginia state", "54")]:
        assert national_resolver.resolve(name).geoids == fips
        assert national_resolver.resolve(name, state_hint="VA").geoids == fips
    assert national_resolver.resolve("Charleston, West Virginia").geoids == "5414600"
    assert national_resolver.resolve("Arkansas City, Kansas").geoids == "2002300"


def test_a_bare_state_name_says_which_places_share_it(national_resolver):
    result = national_resolver.resolve("Nevada")
    assert result.geoids == "32" and result.confidence == "likely"
    assert "Nevada County, California (06057, county" in result.notes
    assert national_resolver.resolve("the state of Nevada").notes == ""


def test_a_name_outside_the_state_hint_resolves_when_unique_in_the_country(national_resolver):
    result = national_resolver.resolve("Chicago", state_hint="OR")
    assert (result.geoids, result.rule, result.confidence) == ("1714000", "unique-in-country", "likely")
    assert "no geography of that name in Oregon (--state OR)" in result.notes
    assert national_resolver.resolve("Baltimore", state_hint="OR").geoids == "24510"


def test_a_name_outside_the_state_hint_that_is_not_unique_names_its_candidates(national_resolver):
    with pytest.raises(UnresolvedName) as caught:
        national_resolver.resolve("Kansas City", state_hint="OR")
    assert caught.value.candidates[0].startswith("Kansas City city, Missouri (2938000, place, pop ")
    assert "Candidates: none" not in str(caught.value)


def test_the_state_hint_chooses_among_namesakes(national_resolver):
    assert national_resolver.resolve("Portland", state_hint="OR").geoids == "4159000"
    assert national_resolver.resolve("Portland", state_hint="Maine").geoids == "2360545"
    assert national_resolver.resolve("Cook County", state_hint="Ill.").geoids == "17031"
    result = national_resolver.resolve("Portland", state_hint="OR")
    assert (result.rule, result.confidence) == ("state-hint", "certain")
    assert "state from --state OR" in result.detail
    with pytest.raises(UnresolvedName, match="--state 'Oregone' is not a state"):
        national_resolver.resolve("Portland", state_hint="Oregone")


def test_suggestions_are_keyed_with_their_state_best_first(national_resolver, national_geographies):
    population = national_geographies.set_index("geoid")["population"]
    with pytest.raises(UnresolvedName) as caught:
        national_resolver.resolve("Kansas City")
    assert caught.value.candidates == [
        f"Kansas City city, Missouri (2938000, place, pop {population['2938000']:,})",
        f"Kansas City city, Kansas (2036000, place, pop {population['2036000']:,})"]
    with pytest.raises(UnresolvedName) as caught:
        national_resolver.resolve("Portland")
    assert caught.value.candidates[:2] == [
        f"Portland city, Oregon (4159000, place, pop {population['4159000']:,})",
        f"Portland city, Maine (2360545, place, pop {population['2360545']:,})"]


def test_a_match_chosen_among_others_is_never_reported_as_the_only_one(national_resolver):
    for name in ["Jersey City", "Carson City", "Atlantic City", "Cedar City", "Cook County", "Austin",
                 "Saint Paul", "Baltimore", "Miami", "Denver", "St. Louis", "Richmond, Va.", "Boise, Idaho"]:
        result = national_resolver.resolve(name)
        assert result.confidence == "likely" and result.notes, name
        assert result.rule != "unique-in-country", name


@pytest.mark.parametrize("name, county", [
    ("Miami", "Miami-Dade County, Florida (12086"),
    ("Miami, Fla.", "Miami-Dade County, Florida (12086"),
    ("Los Angeles", "Los Angeles County, California (06037"),
    ("Los Angeles, Calif.", "Los Angeles County, California (06037"),
    ("Salt Lake City", "Salt Lake County, Utah (49035"),
    ("Oklahoma City", "Oklahoma County, Oklahoma (40109"),
    ("Atlantic City, N.J.", "Atlantic County, New Jersey (34001"),
    ("Baltimore", "Baltimore County, Maryland (24005"),
    ("Baltimore city", "Baltimore County, Maryland (24005"),
    ("St. Louis", "St. Louis County, Missouri (29189"),
    ("Fairfax, Va.", "Fairfax County, Virginia (51059"),
    ("Dallas", "Dallas County, Texas (48113"),
])
def test_a_city_sharing_a_county_name_always_gets_a_note(national_resolver, name, county):
    result = national_resolver.resolve(name)
    assert county in result.notes and result.confidence == "likely"


def test_explicit_county_names_and_coextensive_cities_have_no_county_note(national_resolver):
    for name in ["Los Angeles County", "Cook County, Illinois", "Carson City, Nev.", "Chicago",
                 "San Francisco, Calif."]:
        assert national_resolver.resolve(name).notes == "", name


def test_a_bare_name_shared_by_a_city_and_its_county_reads_the_city_and_says_how_to_ask_for_the_county(
        national_resolver):
    result = national_resolver.resolve("Los Angeles, Calif.")
    assert (result.geoids, result.rule) == ("0644000", "preferred-reading")
    assert "write 'Los Angeles County'" in result.notes


@pytest.mark.parametrize("name, closest", [
    ("Springfeld, Illinois", "Springfield city, Illinois (1772000, place, pop "),
    ("Philadelfia, Pa.", "Philadelphia city, Pennsylvania (4260000, place, pop "),
    ("Cook Couty, Illinois", "Cook County, Illinois (17031, county, pop "),
    ("Pittsburg, Pa.", "Pittsburgh city, Pennsylvania (4261000, place, pop "),
    ("Albuquerqe", "Albuquerque city, New Mexico (3502000, place, pop "),
])
def test_unknown_names_stop_with_the_closest_names(national_resolver, name, closest):
    with pytest.raises(UnresolvedName) as caught:
        national_resolver.resolve(name)
    assert caught.value.problem.startswith("unknown name")
    assert caught.value.candidates[0].startswith(closest)


def test_a_name_with_its_state_written_wrongly_lists_the_same_name_elsewhere(national_resolver):
    with pytest.raises(UnresolvedName) as caught:
        national_resolver.resolve("Portland, Wash.")
    assert caught.value.problem == "unknown name in Washington"
    assert caught.value.candidates[0].startswith("Portland city, Oregon (4159000, place, pop ")


def test_a_list_of_names_from_several_states(national_resolver):
    names = {"Portland, Ore.": "4159000", "Portland, Maine": "2360545", "Kansas City, Mo.": "2938000",
             "Kansas City, Kan.": "2036000", "Springfield, Ill.": "1772000", "Springfield, Mass.": "2567000",
             "Charleston, S.C.": "4513330", "Charleston, W.Va.": "5414600"}
    assert {name: national_resolver.resolve(name).geoids for name in names} == names


@pytest.fixture(scope="module")
def resolver_of_year(national_resolver):
    """The resolver over the national table of a given year, made once per year for this module
    (indexing the national table is the expensive part; 2017 is the session's own resolver)."""
    from analysis.census.estimates import load_geographies
    from analysis.geography.resolve import Resolver

    made = {2017: national_resolver}  # national_resolver reads load_geographies(2017)

    def resolver(year: int) -> Resolver:
        if year not in made:
            made[year] = Resolver(load_geographies(year))
        return made[year]

    return resolver


@pytest.mark.parametrize("name, year, geoid", [
    ("Chillicothe, Texas", 2010, "4814680"),  # not McMullen County (48311), same 2010 count by chance
    ("Callaway, Neb.", 2010, "3107660"),      # not McPherson County
    ("Dickens, Texas", 2012, "4820332"),      # not King County (48269)
    ("New Orleans", 2017, "22071"),           # one area, two names: the parish GEOID
])
def test_equal_numbers_alone_never_make_a_place_a_county(resolver_of_year, name, year, geoid):
    """The populations of the year named are what make the coincidence, so each case reads its year."""
    assert resolver_of_year(year).resolve(name).geoids == geoid
