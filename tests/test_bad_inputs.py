"""Every kind of bad input in a story folder stops the build with one clear message and loses nothing."""
from __future__ import annotations

import pytest

from analysis.core import paths
from analysis.core.errors import InputError
from analysis.pipeline.build import build_story
from analysis.story.story import load_story
from tests.conftest import replace_in

COUNTS, GEOGRAPHIES, CLAIMS, TOML = "counts.csv", "geographies.csv", "claims.csv", "story.toml"

# (file, text to replace, replacement, expected row, expected field, words in the message)
BAD_INPUTS = {
    "missing column": (COUNTS, "jurisdiction,arrests,", "jurisdiction,count,", 1, None, "arrests"),
    "non-integer count": (COUNTS, "Denver,63,", "Denver,6.3,", 4, "arrests", "6.3"),
    "negative count": (COUNTS, "Denver,63,", "Denver,-63,", 4, "arrests", "-63"),
    "empty count": (COUNTS, "Denver,63,", "Denver,,", 4, "arrests", "whole"),
    "implausibly large count": (COUNTS, "Denver,63,", "Denver,100000000000000,", 4, "arrests", "at most"),
    "23-digit count": (COUNTS, "Denver,63,", "Denver,12345678901234567890123,", 4, "arrests", "whole"),
    "duplicate jurisdiction": (COUNTS, "Denver,63,", "Baltimore,63,", 4, "jurisdiction", "row 2"),
    "duplicate in another case": (COUNTS, "Denver,63,", "BALTIMORE,63,", 4, "jurisdiction", "twice"),
    "short row": (COUNTS, "Denver,63,", "Denver,63\nx,", 4, None, "fields"),
    "unknown GEOID": (GEOGRAPHIES, "county,08031,", "county,08999,", 6, "geoids", "08999"),
    "malformed GEOID": (GEOGRAPHIES, "county,08031,", "county,8031,", 6, "geoids", "leading zeros"),
    "GEOID of another county": (GEOGRAPHIES, "county,08031,", "county,08013,", 6, "geoids", "Boulder County"),
    "more arrests than residents": (COUNTS, "Denver,63,", "Denver,800000,", 4, "arrests", "more than the"),
    "non-numeric GEOID": (GEOGRAPHIES, "county,08031,", "county,0803X,", 6, "geoids", "0803X"),
    "no primary geography": (GEOGRAPHIES, "Denver,denver,true,", "Denver,denver,false,", 6,
                             "is_primary", "no primary"),
    "two primaries": (GEOGRAPHIES, "Baltimore,baltimore_city_and_county,false,",
                      "Baltimore,baltimore_city_and_county,true,", 3, "is_primary", "more than one"),
    "geographies missing column": (GEOGRAPHIES, ",geo_level,", ",level,", 1, None, "geo_level"),
    "unknown level": (GEOGRAPHIES, "county,08031,", "city,08031,", 6, "geo_level", "city"),
    "jurisdiction without geography": (COUNTS, "\nDenver,63,", "\nDenver City,63,", 4, "jurisdiction",
                                       "no primary geography"),
    "claim on an unknown jurisdiction": (CLAIMS, "count:Denver", "count:Denverr", 11, "equals", "Denverr"),
    "claim on an unknown claim": (CLAIMS, "claim:mercury_six_other_counties", "claim:nope", 6, "equals", "nope"),
    "claim with a bad term": (CLAIMS, "count:Denver", "Denver", 11, "equals", "not a term"),
    "claim with a bad comparison": (CLAIMS, ",total,equal,", ",total,roughly,", 2, "comparison", "roughly"),
    "claim stated in words": (CLAIMS, "ice_total_arrests,claim,ICE made 498 arrests in Operation Safe City,498,",
                              "ice_total_arrests,claim,ICE made 498 arrests in Operation Safe City,about 500,",
                              2, "stated", "not a number"),
    "repeated claim id": (CLAIMS, "ice_total_arrests_phillyvoice,", "ice_total_arrests,", 3, "claim_id", "repeats"),
    "story without a title": (TOML, 'title = "Operation Safe City"', 'title = "   "', None, "title", "blank"),
    "population year as text": (TOML, "population_year = 2017", 'population_year = "2017"', None,
                                "population_year", "integer"),
    "population year 0": (TOML, "population_year = 2017", "population_year = 0", None, "population_year",
                          "greater than or equal to 1990"),
    "announced total true": (TOML, "announced_total = 498", "announced_total = true", None, "announced_total",
                             "integer"),
    "a column twice": (COUNTS, "jurisdiction,arrests,", "jurisdiction,arrests,arrests,", 1, None, "twice"),
    "story with an unknown field": (TOML, "announced_total = 498", "announced_totl = 498", None,
                                    "announced_totl", "Extra inputs"),
    "story with a bad date": (TOML, "start = 2017-09-24", 'start = "last week"', None, "start", "date"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_names_file_row_and_field(case, story_copy, tmp_path):
    file_name, old, new, row, field, words = BAD_INPUTS[case]
    replace_in(story_copy / file_name, old, new)
    with pytest.raises(InputError) as caught:
        build_story(load_story(story_copy), tmp_path / "processed", draw=False)
    error = caught.value
    assert error.path.name == file_name
    assert (error.row, error.field) == (row, field)
    assert words in str(error)
    assert not (tmp_path / "processed").exists()


def test_cli_failure_is_one_line_without_traceback(cli, monkeypatch, tmp_path):
    """In this process: main() is what turns the error into status 2 and one line. That a real
    `python -m analysis` passes main()'s status on, with nothing more on stderr, is
    tests/test_run.py::test_ctrl_c_exits_quietly_with_130 (the one test that starts a process)."""
    monkeypatch.chdir(tmp_path)  # story names are found in the project, wherever the command runs
    status, _, err = cli("build", "no-such-story")
    assert status == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: stories/no-such-story/story.toml: no such story")


def test_a_folder_named_like_a_story_in_the_current_directory_is_not_that_story(story_copy, monkeypatch):
    """A slug always means stories/<slug>/, the folder the stamps follow: an edited copy of the
    flagship lying in the current directory must not be built under the flagship's name."""
    replace_in(story_copy / COUNTS, "Denver,63,", "Denver,1063,")
    monkeypatch.chdir(story_copy.parent)  # holds safe-city-2017/, the edited copy
    story = load_story(story_copy.name)
    assert story.folder == paths.STORIES / story_copy.name
    assert "Denver,63," in (story.folder / COUNTS).read_text(encoding="utf-8")
    assert load_story(story_copy).folder == story_copy  # a path is still a folder


@pytest.mark.parametrize("name", ["/elsewhere/stories/safe-city-2017", "stories/safe-city-2017", "..", "assets"])
def test_a_story_name_is_a_folder_name_in_stories(cli, name):
    """Not a path to another copy (which the stamps would not follow), and not reports/assets/,
    which holds what every story's pages share."""
    status, _, err = cli("build", name)
    assert status == 2 and "Traceback" not in err
    assert err.startswith("error: stories") and ("is not a story's name" in err or "no story can be called" in err)


def test_new_refuses_the_name_of_the_shared_assets(cli, tmp_path):
    counts = tmp_path / "counts.csv"
    counts.write_text("jurisdiction,arrests\nDenver,63\n", encoding="utf-8")
    status, _, err = cli("new", "assets", "--counts", str(counts), "--year", "2017")
    assert status == 2 and "no story can be called 'assets'" in err


@pytest.mark.parametrize("file_name", [COUNTS, GEOGRAPHIES, CLAIMS])
def test_missing_or_unreadable_file_is_named(file_name, story_copy, tmp_path):
    (story_copy / file_name).unlink()
    with pytest.raises(InputError, match=f"{file_name}: file not found"):
        build_story(load_story(story_copy), tmp_path / "processed", draw=False)
    (story_copy / file_name).mkdir()
    with pytest.raises(InputError, match="is a folder"):
        build_story(load_story(story_copy), tmp_path / "processed", draw=False)


def test_header_only_counts_file_is_refused(story_copy, tmp_path):
    (story_copy / COUNTS).write_text("jurisdiction,arrests\n", encoding="utf-8")
    with pytest.raises(InputError, match="no rows"):
        build_story(load_story(story_copy), tmp_path / "processed", draw=False)
