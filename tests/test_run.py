"""`run` and `new`: a new counts table, end to end, through the same pipeline as the stories."""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import paths
from analysis.core.errors import InputError
from analysis.pipeline import new
from analysis.pipeline.build import build_story
from analysis.pipeline.new import new_story
from analysis.pipeline.run import MARKER, run
from analysis.rates.results import load_rates
from analysis.story.story import load_story

INTERRUPTED = ("interrupted: no output was half-written: each is as it was or wholly remade; "
               "run the command again to finish")

FLAGSHIP = paths.STORIES / "safe-city-2017"


@pytest.fixture(scope="module")
def resolvers(national_geographies, national_resolver) -> list:
    """(national table, Resolver made from it) pairs: the session's 2017 one, then one per other year used."""
    return [(national_geographies, national_resolver)]


@pytest.fixture(autouse=True)
def one_resolver_per_table(monkeypatch, resolvers):
    """Each run() indexes every name of the national table anew (a Resolver), its slowest step. Here a
    Resolver is made once per table: a run whose table equals one seen before gets the Resolver made
    from it; any other table gets a Resolver of its own."""
    make = new.Resolver

    def resolver(geographies):
        for table, made in resolvers:
            if geographies.equals(table):
                return made
        resolvers.append((geographies, make(geographies)))
        return resolvers[-1][1]

    monkeypatch.setattr(new, "Resolver", resolver)


def _counts(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "counts.csv"
    path.write_text(text)
    return path


def test_flagship_names_reproduce_the_flagship_primary_rates(tmp_path):
    run(FLAGSHIP / "counts.csv", tmp_path / "out", 2017, overrides_path=FLAGSHIP / "name_overrides.csv",
        figures=False)
    mine = load_rates(tmp_path / "out" / "rates.csv")
    mine = mine[mine["is_primary"]].set_index("jurisdiction")
    flagship = load_rates(paths.processed_dir("safe-city-2017") / "rates.csv")
    flagship = flagship[flagship["is_primary"]].set_index("jurisdiction")
    assert sorted(mine.index) == sorted(flagship.index)
    for column in ("geoids", "population", "arrests", "rate_per_100k", "rank", "population_source"):
        assert (mine[column] == flagship.loc[mine.index, column]).all(), column
    assert list(mine.reset_index().columns) == list(flagship.reset_index().columns)  # same schema
    resolution = pd.read_csv(tmp_path / "out" / "resolution.csv", dtype=str).set_index("jurisdiction")
    assert resolution.loc["Los Angeles", "method"] == "override"


def test_a_2012_list_gets_2012_population_with_no_download(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "EXTERNAL", tmp_path / "no-external")
    counts = _counts(tmp_path, "jurisdiction,arrests,announced_total\n\"Santa Barbara County, Calif.\",22,30\n"
                               "Kansas,8,30\n")
    run(counts, tmp_path / "out", 2012, figures=False)
    rates = load_rates(tmp_path / "out" / "rates.csv").set_index("definition")
    assert set(rates["population_year"]) == {2012}
    assert "July 1, 2012" in rates.loc["kansas", "population_source"]
    # Kansas, July 1, 2012 (Vintage 2019, POPESTIMATE2012): 2,885,257
    assert rates.loc["kansas", "rate_per_100k"] == pytest.approx(8e5 / 2_885_257)
    check = pd.read_csv(tmp_path / "out" / "sum_check.csv", dtype=str).iloc[0]
    assert (check["stated"], check["computed"], check["agrees"]) == ("30", "30", "true")


def test_ambiguous_and_unknown_names_stop_the_run_and_write_nothing(tmp_path):
    counts = _counts(tmp_path, "jurisdiction,arrests\nPortland,33\nDenver,63\n\"Springfeld, Illinois\",2\n")
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        run(counts, out, 2017)
    message = str(caught.value)
    assert "2 name(s) could not be resolved" in message
    assert "row 2, field 'jurisdiction': 'Portland': ambiguous" in message
    assert "row 4, field 'jurisdiction': 'Springfeld, Illinois': unknown name in Illinois" in message
    assert not out.exists()


def test_the_same_geography_twice_stops_the_run(tmp_path):
    counts = _counts(tmp_path, "jurisdiction,arrests\n\"Washington, D.C.\",14\nDistrict of Columbia,3\n")
    with pytest.raises(InputError, match="same geography"):
        run(counts, tmp_path / "out", 2017, figures=False)


@pytest.mark.parametrize("where", ["data", "data/processed", "reports", "stories/safe-city-2017", "notebooks",
                                   "tests/new", ".git/new", "new-folder"])
def test_out_inside_the_project_is_refused(tmp_path, where):
    counts = _counts(tmp_path, "jurisdiction,arrests\nDenver,63\n")
    with pytest.raises(InputError, match="must be outside the project folder"):
        run(counts, paths.PROJECT_ROOT / where, 2017)


def test_out_holding_the_input_or_foreign_files_is_refused_and_a_rerun_replaces_everything(tmp_path):
    counts = _counts(tmp_path, "jurisdiction,arrests\nDenver,63\n")
    with pytest.raises(InputError, match="holds the input"):
        run(counts, tmp_path, 2017)
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="was not made by"):
        run(counts, foreign, 2017)
    assert (foreign / "notes.txt").read_text() == "keep me"
    out = tmp_path / "out"
    run(counts, out, 2017, figures=False)
    (out / "stale.csv").write_text("from an earlier release")
    run(counts, out, 2017, figures=False)
    assert (out / MARKER).exists() and not (out / "stale.csv").exists()


def test_bad_counts_file_fails_as_in_the_core_build(tmp_path):
    counts = _counts(tmp_path, "jurisdiction,arrests\nDenver,63\nDenver,12\n")
    with pytest.raises(InputError, match="row 3, field 'jurisdiction': jurisdiction 'Denver' is listed twice"):
        run(counts, tmp_path / "out", 2017)


def test_a_year_with_no_data_names_the_files_and_the_command(tmp_path):
    counts = _counts(tmp_path, "jurisdiction,arrests\nDenver,63\n")
    with pytest.raises(InputError, match="fetch --population 2023"):
        run(counts, tmp_path / "out", 2023)


def test_new_story_builds_with_hand_computed_rates(tmp_path):
    counts = _counts(tmp_path, "jurisdiction,arrests,published_date,source_name,source_url\n"
                               "Kansas,22,2019-09-30,Agency release,https://example.gov/release\n"
                               "\"Santa Barbara County, Calif.\",22,2019-09-30,Agency release,"
                               "https://example.gov/release\n")
    # The population year is not the year of the published dates (2019): the one given is used.
    # 2012, as in the run above, so the two share one Resolver for that year's table.
    folder, _ = new_story("test-story", counts, 2012, total=44, stories_root=tmp_path / "stories")
    story = load_story(folder)
    assert story.population_year == 2012
    build_story(story, tmp_path / "processed", draw=False)
    rates = load_rates(tmp_path / "processed" / "rates.csv").set_index("definition")
    # Santa Barbara County, July 1, 2012 (Vintage 2019, co-est2019-alldata.csv POPESTIMATE2012):
    # 22 / 429,699 x 100,000 = 5.120
    assert rates.loc["santa_barbara_county_calif", "rate_per_100k"] == pytest.approx(22e5 / 429_699)
    # Kansas, July 1, 2012 (Vintage 2019, co-est2019-alldata.csv POPESTIMATE2012): 2,885,257
    assert rates.loc["kansas", "population"] == 2_885_257
    alternatives = rates[~rates["is_primary"]]
    assert "Wichita city, Kansas" in set(alternatives["geography"])  # a state and its largest city
    checks = pd.read_csv(tmp_path / "processed" / "fact_check.csv", dtype=str)
    assert checks.set_index("claim_id").loc["announced_total", "verdict"] == "correct"
    with pytest.raises(InputError, match="already exists"):
        new_story("test-story", counts, 2012, stories_root=tmp_path / "stories")


def test_cli_run_exits_cleanly_on_ambiguity(tmp_path, cli):
    """The command catches the error: status 2 and the message, no traceback."""
    counts = _counts(tmp_path, "jurisdiction,arrests\nWashington,14\n")
    status, _, err = cli("run", counts, "--out", tmp_path / "o", "--year", "2017", "--no-figures")
    assert status == 2 and err.startswith("error: ") and "Traceback" not in err
    assert "'Washington': ambiguous" in err
    assert not (tmp_path / "o").exists()


def test_a_sum_that_disagrees_with_the_announced_total_warns_and_stops_with_strict(tmp_path, capsys):
    counts = _counts(tmp_path, "jurisdiction,arrests,announced_total\n\"Denver, Colo.\",63,70\n")
    run(counts, tmp_path / "out", 2017, figures=False)
    assert "the counts sum to 63, but the announced total is 70" in capsys.readouterr().err
    check = pd.read_csv(tmp_path / "out" / "sum_check.csv", dtype=str).set_index("claim_id")
    assert check.loc["story_announced_total", "agrees"] == "false"
    with pytest.raises(InputError, match=r"--strict"):
        run(counts, tmp_path / "strict", 2017, figures=False, strict=True)
    assert not (tmp_path / "strict").exists()


def test_an_interrupted_rerun_exits_130_and_leaves_the_previous_outputs(tmp_path, cli, monkeypatch):
    """Ctrl-C in the middle of the work (here while the rates are computed) stops with status 130 and
    one line, and the folder of an earlier run is as it was."""
    counts = _counts(tmp_path, "jurisdiction,arrests\n\"Denver, Colo.\",63\n")
    out = tmp_path / "o"
    (out / "figures").mkdir(parents=True)
    earlier = {out / MARKER: b"an earlier run\n", out / "rates.csv": b"earlier rates\n",
               out / "figures" / "rates.svg": b"<svg/>"}
    for path, data in earlier.items():
        path.write_bytes(data)

    def pressed_ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("analysis.pipeline.run.compute_story", pressed_ctrl_c)
    status, printed, err = cli("run", counts, "--out", out, "--year", "2017")
    assert status == 130 and printed == ""
    assert err.splitlines() == [INTERRUPTED]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == earlier


def test_ctrl_c_exits_quietly_with_130(tmp_path):
    """A real process and a real SIGINT: the interpreter turns it into KeyboardInterrupt, and the
    command exits 130 with one line, no traceback, and no output folder.

    ``-X importtime`` writes a line to stderr as each module is imported; the signal is sent once
    ``analysis.census`` appears, which only main() imports (inside the part that catches Ctrl-C),
    so it lands in the command's own imports, never before Python is up, with no waiting by the clock.
    """
    counts = _counts(tmp_path, "jurisdiction,arrests\n\"Denver, Colo.\",63\n")
    process = subprocess.Popen([sys.executable, "-X", "importtime", "-m", "analysis", "run", str(counts),
                                "--out", str(tmp_path / "o"), "--year", "2017"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, bufsize=0,
                               # As in a terminal: a shell's background job (or a test runner) may
                               # have left SIGINT ignored, and an ignored signal stays ignored in a child.
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen = []
    for line in iter(process.stderr.readline, b""):  # unbuffered: nothing is read past this line
        seen.append(line)
        if line.rstrip().endswith(b" analysis.census"):
            break
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=60)
    err = (b"".join(seen) + rest).decode()
    assert seen and seen[-1].rstrip().endswith(b" analysis.census"), err[-2000:]
    said = [line for line in err.splitlines() if not line.startswith("import time:")]
    assert process.returncode == 130, err[-2000:]
    assert said == [INTERRUPTED]
    assert not (tmp_path / "o").exists()


def test_ctrl_c_while_a_compiled_module_loads_is_still_an_interrupt(tmp_path, cli, monkeypatch):
    """matplotlib's ft2font turns a Ctrl-C during its import into ``ImportError: initialization
    failed`` raised from the KeyboardInterrupt; the command treats it as the interrupt it is."""
    counts = _counts(tmp_path, "jurisdiction,arrests\n\"Denver, Colo.\",63\n")

    def import_interrupted(*args, **kwargs):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as pressed:
            raise ImportError("initialization failed") from pressed

    monkeypatch.setattr("analysis.pipeline.run.compute_story", import_interrupted)
    status, printed, err = cli("run", counts, "--out", tmp_path / "o", "--year", "2017")
    assert (status, printed) == (130, "")
    assert err.splitlines() == [INTERRUPTED]
    assert not (tmp_path / "o").exists()


def test_an_import_error_of_its_own_is_not_taken_for_an_interrupt(tmp_path, cli, monkeypatch):
    counts = _counts(tmp_path, "jurisdiction,arrests\n\"Denver, Colo.\",63\n")

    def broken_install(*args, **kwargs):
        raise ImportError("No module named 'geopandas'")

    monkeypatch.setattr("analysis.pipeline.run.compute_story", broken_install)
    with pytest.raises(ImportError, match="geopandas"):
        cli("run", counts, "--out", tmp_path / "o", "--year", "2017")
