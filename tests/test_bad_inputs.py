"""Every kind of bad input stops the build with one clear message and loses nothing."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.core import paths
from analysis.pipeline.build import build
from analysis.core.errors import InputError
from tests.conftest import replace_in

COUNTS = paths.COUNTS_CSV.name
CROSSWALK = paths.CROSSWALK_CSV.name

# (file, text to replace, replacement, expected row, expected field, words in the message)
BAD_INPUTS = {
    "missing column": (COUNTS, "jurisdiction,arrests,", "jurisdiction,count,", 1, None, "arrests"),
    "non-integer count": (COUNTS, "Denver,63,", "Denver,6.3,", 4, "arrests", "6.3"),
    "negative count": (COUNTS, "Denver,63,", "Denver,-63,", 4, "arrests", "-63"),
    "empty count": (COUNTS, "Denver,63,", "Denver,,", 4, "arrests", "whole"),
    "duplicate jurisdiction": (COUNTS, "Denver,63,", "Baltimore,63,", 4, "jurisdiction", "row 2"),
    "unknown GEOID": (CROSSWALK, "county,08031,", "county,08999,", 6, "geoids", "08999"),
    "malformed GEOID": (CROSSWALK, "county,08031,", "county,8031,", 6, "geoids", "leading zeros"),
    "non-numeric GEOID": (CROSSWALK, "county,08031,", "county,0803X,", 6, "geoids", "0803X"),
    "no primary geography": (CROSSWALK, "Denver,denver,true,", "Denver,denver,false,", 6,
                             "is_primary", "no primary"),
    "two primaries": (CROSSWALK, "Baltimore,baltimore_city_and_county,false,",
                      "Baltimore,baltimore_city_and_county,true,", 3, "is_primary", "more than one"),
    "crosswalk missing column": (CROSSWALK, ",geo_level,", ",level,", 1, None, "geo_level"),
    "unknown level": (CROSSWALK, "county,08031,", "city,08031,", 6, "geo_level", "city"),
    "jurisdiction without geography": (COUNTS, "\nDenver,63,", "\nDenver City,63,", 4, "jurisdiction",
                                       "no primary geography"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_names_file_row_and_field(case, inputs, raw_copy, tmp_path):
    file_name, old, new, row, field, words = BAD_INPUTS[case]
    replace_in(raw_copy / file_name, old, new)
    with pytest.raises(InputError) as caught:
        build(tmp_path / "processed", inputs)
    error = caught.value
    assert error.path.name == file_name
    assert (error.row, error.field) == (row, field)
    assert words in str(error)
    assert not (tmp_path / "processed").exists()


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True,
                          cwd=Path("/"))


def test_cli_failure_is_one_line_without_traceback_and_keeps_previous_outputs(raw_copy, tmp_path):
    out = tmp_path / "processed"
    good = _run_cli("build", "--out-dir", str(out), "--figures-dir", "")
    assert good.returncode == 0, good.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    replace_in(raw_copy / COUNTS, "Denver,63,", "Denver,-63,")
    bad = _run_cli("build", "--counts", str(raw_copy / COUNTS), "--out-dir", str(out), "--figures-dir", "")

    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [
        f"error: {(raw_copy / COUNTS).as_posix()}, row 4, field 'arrests': "
        "'-63' is not a whole, non-negative number of arrests"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_missing_file_is_named(inputs, raw_copy, tmp_path):
    (raw_copy / CROSSWALK).unlink()
    with pytest.raises(InputError, match=f"{CROSSWALK}: file not found"):
        build(tmp_path / "processed", inputs)
