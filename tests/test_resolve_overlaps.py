"""Names of one list that are the same geography, or areas inside one another."""
from __future__ import annotations


from analysis.geography.overlaps import find_duplicates, find_overlaps, note_overlaps



def _resolved(resolver, names):
    return [resolver.resolve(name) for name in names]


def test_the_same_geography_twice_is_a_duplicate(national_resolver):
    listed = _resolved(national_resolver, ["Washington, D.C.", "Denver", "District of Columbia",
                                           "Denver County, Colo.", "Cook County, Illinois"])
    found = find_duplicates(listed)
    assert [(o.first, o.second, o.relation) for o in found] == [
        ("Washington, D.C.", "District of Columbia", "same geography"),
        ("Denver", "Denver County, Colo.", "same geography")]
    assert "keep one row" in found[0].note


def test_a_county_state_or_county_set_holding_another_name_is_an_overlap(national_resolver):
    listed = _resolved(national_resolver, ["Illinois", "Cook County, Illinois", "New York City", "Kings County, N.Y.",
                                           "Springfield, Ill.", "Portland, Ore."])
    found = {(o.first, o.second): o.relation for o in find_overlaps(listed, national_resolver)}
    assert found == {("Illinois", "Cook County, Illinois"): "inside",
                     ("New York City", "Kings County, N.Y."): "inside",
                     ("Illinois", "Springfield, Ill."): "inside"}


def test_a_place_inside_a_county_of_the_list(national_resolver):
    listed = _resolved(national_resolver, ["Chicago", "Cook County, Illinois", "Miami, Fla.", "Miami-Dade County"])
    by_name = find_overlaps(listed, national_resolver)
    assert [(o.first, o.second, o.relation) for o in by_name] == [
        ("Miami, Fla.", "Miami-Dade County", "maybe inside")]  # Chicago's county is not known by name
    known = find_overlaps(listed, national_resolver, place_counties={"1714000": "17031"})
    assert [(o.first, o.second, o.relation) for o in known] == [
        ("Chicago", "Cook County, Illinois", "inside"), ("Miami, Fla.", "Miami-Dade County", "maybe inside")]
    assert known[0].note == ("'Chicago' (Chicago city, Illinois) lies inside 'Cook County, Illinois' "
                             "(Cook County, Illinois): the counts may overlap")


def test_county_sets_sharing_counties(national_resolver):
    from analysis.geography.resolution import Resolution

    def county_set(name, geoids):
        return Resolution(name, name, "county_set", geoids, "override", "test", "override", "pinned", "")

    listed = [county_set("ICE area", "06037;06059;06111"), county_set("Two counties", "06059;06071"),
              national_resolver.resolve("Ventura County, Calif.")]
    found = {(o.first, o.second): o.relation for o in find_overlaps(listed, national_resolver)}
    assert found == {("ICE area", "Two counties"): "share counties", ("ICE area", "Ventura County, Calif."): "inside"}


def test_overlaps_become_notes_of_both_names(national_resolver):
    listed = _resolved(national_resolver, ["Los Angeles", "Los Angeles County", "Cook County, Illinois"])
    overlaps = find_overlaps(listed, national_resolver, place_counties={"0644000": ["06037"]})
    noted = note_overlaps(listed, overlaps)
    assert "lies inside 'Los Angeles County'" in noted[0].notes and "lies inside" in noted[1].notes
    assert noted[1].confidence == "likely" and noted[2] is listed[2]
