"""The overrides file is checked like the crosswalk: every bad row stops with file, row and field."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.core import paths
from analysis.core.errors import InputError
from analysis.geography.resolve import UnresolvedName, load_overrides, unused_overrides

HEADER = "jurisdiction,geo_level,geoids,reason\n"


def _write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "overrides.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_the_flagship_overrides_pin_los_angeles_to_the_county(national_resolver):
    pinned = load_overrides(paths.STORIES / "safe-city-2017" / "name_overrides.csv", national_resolver)
    result = national_resolver.resolve("Los Angeles", overrides=pinned)
    assert (result.geoids, result.geo_level, result.method) == ("06037", "county", "override")
    assert (result.rule, result.confidence, result.notes) == ("override", "pinned", "")
    assert result.matched_name == "Los Angeles County, California"
    assert pinned.rows == {"Los Angeles": 2}


def test_a_county_set_is_pinned_with_its_geoids_sorted(tmp_path, national_resolver):
    path = _write(tmp_path, '"Twin Cities",county_set,27123;27053,"Hennepin and Ramsey, as the agency counts"\n')
    result = national_resolver.resolve("Twin Cities", overrides=load_overrides(path, national_resolver))
    assert (result.geoids, result.geo_level) == ("27053;27123", "county_set")


@pytest.mark.parametrize("rows, row, field, message", [
    ('Baltimore,place,2404000,one\nBaltimore,county,24510,two\n', 3, "jurisdiction",
     "'Baltimore' is already pinned on row 2: keep one row"),
    ('Baltimore,place,2404000,one\nBALTIMORE ,county,24510,two\n', 3, "jurisdiction",
     "'BALTIMORE' is already pinned on row 2 (as 'Baltimore'): keep one row"),
    (',county,24510,why\n', 2, "jurisdiction", "no name to pin"),
    ('Baltimore,city,24510,why\n', 2, "geo_level", "'city' is not one of state, county, county_set, place"),
    ('Baltimore,county,,why\n', 2, "geoids", "no GEOID"),
    ('Twin Cities,county_set,27053;;27123,why\n', 2, "geoids", "an empty GEOID between ';'"),
    ('Twin Cities,county_set,27053;27123;27053,why\n', 2, "geoids", "GEOID 27053 is listed twice in this row"),
    ('Baltimore,county,24510;24005,why\n', 2, "geoids",
     "a county takes one GEOID; use geo_level county_set for several counties"),
    ('Los Angeles,state,0644000,why\n', 2, "geoids",
     "0644000 is the place GEOID of Los Angeles city, California, not a state GEOID"),
    ('Los Angeles,county_set,06037;0644000,why\n', 2, "geoids",
     "0644000 is the place GEOID of Los Angeles city, California, not a county GEOID"),
    ('Nowhere,county,99999,why\n', 2, "geoids", "GEOID 99999 is not in the national Census files"),
    ('Nowhere,place,123,why\n', 2, "geoids",
     "GEOID 123 is not in the national Census files (a place GEOID has 7 digits)"),
    ('Baltimore,county,24510,\n', 2, "reason", "say why the name is pinned"),
])
def test_bad_override_rows_stop_naming_file_row_and_field(tmp_path, national_resolver, rows, row, field, message):
    path = _write(tmp_path, rows)
    with pytest.raises(InputError) as caught:
        load_overrides(path, national_resolver)
    assert (caught.value.path, caught.value.row, caught.value.field) == (path, row, field)
    assert message in caught.value.message


def test_missing_columns_stop(tmp_path, national_resolver):
    path = tmp_path / "overrides.csv"
    path.write_text("jurisdiction,geoids\nBaltimore,24510\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        load_overrides(path, national_resolver)


def test_a_name_pinned_only_in_another_case_stops_instead_of_being_resolved_by_the_rules(tmp_path,
                                                                                        national_resolver):
    pinned = load_overrides(_write(tmp_path, "los angeles,county,06037,as the agency counts\n"), national_resolver)
    with pytest.raises(UnresolvedName) as caught:
        national_resolver.resolve("Los Angeles", overrides=pinned)
    assert caught.value.problem == "the overrides file pins 'los angeles' (row 2), written differently"
    with pytest.raises(UnresolvedName, match="pins 'los angeles', written differently"):
        national_resolver.resolve("Los  Angeles", overrides={"los angeles": pinned["los angeles"]})


def test_unused_overrides_are_listed_for_a_warning(tmp_path, national_resolver):
    pinned = load_overrides(_write(tmp_path, "Los Angeles,county,06037,why\nBaltimore,county,24510,why\n"),
                            national_resolver)
    assert unused_overrides(pinned, ["Los Angeles", "Denver"]) == [
        "the overrides file pins 'Baltimore' (row 3) but no row of the counts table has that name"]
    assert unused_overrides(pinned, ["Los Angeles", "Baltimore"]) == []
