"""`python -m analysis run`: a new counts table, end to end."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import paths
from analysis.core.errors import InputError
from analysis.rates.results import load_rates
from analysis.pipeline.run import run
from tests.conftest import SHARED_CENSUS

pytestmark = pytest.mark.skipif(not SHARED_CENSUS.is_dir(), reason="national Census files not at ../shared")
OVERRIDES = paths.RAW / "name_overrides.csv"


def test_flagship_names_reproduce_the_flagship_primary_rates(tmp_path):
    written = run(paths.COUNTS_CSV, tmp_path, SHARED_CENSUS, overrides_path=OVERRIDES, figures=False)
    assert written["tables"] == ["rates.csv", "resolution.csv", "sum_check.csv"]
    mine = load_rates(tmp_path / "rates.csv").set_index("jurisdiction")
    flagship = load_rates(paths.RATES_CSV)
    flagship = flagship[flagship["is_primary"]].set_index("jurisdiction")
    assert sorted(mine.index) == sorted(flagship.index)
    for column in ("geoids", "population", "arrests", "rate_per_100k", "rank", "population_source"):
        assert (mine[column] == flagship.loc[mine.index, column]).all(), column
    assert list(pd.read_csv(tmp_path / "rates.csv", nrows=0).columns) == list(
        pd.read_csv(paths.RATES_CSV, nrows=0).columns)
    resolution = pd.read_csv(tmp_path / "resolution.csv", dtype=str).set_index("jurisdiction")
    assert resolution.loc["Los Angeles", "method"] == "override"


def _counts(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "counts.csv"
    path.write_text(text)
    return path


def test_new_release_with_state_hint_total_check_and_charts(tmp_path):
    counts = _counts(tmp_path, "jurisdiction,arrests,announced_total,operation,source\n"
                               "Portland,33,61,Operation Test,Test release\n"
                               "\"Springfield, Ill.\",28,,,\n")
    out = tmp_path / "out"
    written = run(counts, out, SHARED_CENSUS, state_hint="OR")
    rates = load_rates(out / "rates.csv").set_index("jurisdiction")
    assert rates.loc["Portland", "geoids"] == "4159000"
    assert rates.loc["Springfield, Ill.", "geoids"] == "1772000"
    check = pd.read_csv(out / "sum_check.csv", dtype=str).iloc[0]
    assert (check["stated_total"], check["sum_of_counts"], check["agrees"]) == ("61", "61", "true")
    assert written["maps_skipped"] == ["Springfield, Ill."]  # no offline boundary for that city
    assert "rates_ranked.svg" in written["figures"] and "national_map.svg" not in written["figures"]
    assert "Operation Test" in (out / "figures" / "rates_ranked.svg").read_text()


def test_ambiguous_and_unknown_names_stop_the_run_and_write_nothing(tmp_path):
    counts = _counts(tmp_path, "jurisdiction,arrests\nPortland,33\nDenver,63\n\"Springfeld, Illinois\",2\n")
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        run(counts, out, SHARED_CENSUS)
    message = str(caught.value)
    assert "2 name(s) could not be resolved" in message
    assert "row 2, field 'jurisdiction': 'Portland': ambiguous" in message
    assert "Portland city, Maine (2360545, place, pop " in message
    assert "row 4, field 'jurisdiction': 'Springfeld, Illinois': unknown name in Illinois" in message
    assert "Springfield city, Illinois (1772000, place, pop " in message
    assert not out.exists()


def test_bad_counts_file_fails_as_in_the_core_build(tmp_path):
    counts = _counts(tmp_path, "jurisdiction,arrests\nDenver,63\nDenver,12\n")
    with pytest.raises(InputError, match="row 3, field 'jurisdiction': jurisdiction 'Denver' is listed twice"):
        run(counts, tmp_path / "out", SHARED_CENSUS)
    counts = _counts(tmp_path, "jurisdiction,arrests\nDenver,sixty\n")
    with pytest.raises(InputError, match="row 2, field 'arrests'"):
        run(counts, tmp_path / "out", SHARED_CENSUS)


def test_missing_national_files_say_what_to_download(tmp_path):
    with pytest.raises(InputError, match="co-est2019-alldata.csv .https://www2.census.gov/"):
        run(paths.COUNTS_CSV, tmp_path / "out", tmp_path)


def test_cli_run_prints_the_resolution_and_exits_cleanly_on_ambiguity(tmp_path):
    counts = _counts(tmp_path, "jurisdiction,arrests\nWashington,14\n")
    result = subprocess.run([sys.executable, "-m", "analysis", "run", str(counts), "--out", str(tmp_path / "o"),
                             "--census-dir", str(SHARED_CENSUS), "--no-figures"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'Washington': ambiguous" in result.stderr and "Washington, D.C. (11001)" in result.stderr
