"""The Census API refresh, against a fake session that answers like the real API."""
from __future__ import annotations

import hashlib
import json
import math
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import paths
from analysis.pipeline.build import compute_story
from analysis.census import census_api
from analysis.census.census_api import FetchError, fetch
from analysis.story.crosswalk import all_geographies
from analysis.census.census_key import MissingKeyError, find_key, redact
from tests.fake_census_api import FakeCensusSession

KEY = "f4k3k3y0123456789abcdef0123456789abcdef"  # not a real key
CLOCK = lambda: datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)  # noqa: E731


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _all_text(folder: Path) -> str:
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def fetched(tmp_path_factory):
    """One good refresh into a copy of data/raw/, which the tests below only read."""
    raw = tmp_path_factory.mktemp("fetched") / "raw"
    shutil.copytree(paths.RAW, raw)
    session = FakeCensusSession(KEY)
    fetch(KEY, session=session, raw_dir=raw, clock=CLOCK)
    return raw, session


@pytest.fixture(scope="module")
def committed_geographies():
    return all_geographies()


@pytest.fixture
def geographies_read_once(monkeypatch, committed_geographies):
    """fetch() first reads every story's geographies.csv to plan its requests (most of the time a
    failing fetch takes); the failure tests plan from one reading of the same files."""
    monkeypatch.setattr(census_api, "all_geographies", lambda: committed_geographies)


def test_fetch_saves_responses_and_rebuilds_extracts_with_leading_zeros(fetched):
    raw, session = fetched
    acs = pd.read_csv(raw / paths.ACS_CSV.name, dtype=str).set_index("geoid")
    assert acs.loc["36005", ["noncitizen", "noncitizen_moe"]].tolist() == ["200000", "8000"]
    assert acs.loc["06037", "name"] == "Los Angeles County, California"
    assert acs.loc["0644000", "geo_level"] == "place"
    assert acs.loc["4159000", "noncitizen_moe"] == "-666666666"  # kept as published
    assert "72" not in acs.index and len(acs[acs["geo_level"] == "state"]) == 51

    population = pd.read_csv(raw / paths.POPULATION_CSV.name, dtype=str)
    value = population.set_index(["geoid", "vintage"])["population"]
    assert value[("08031", "2019")] == "704961" and value[("06", "2017")] == "39536653"
    assert value[("4159000", "2017")] == "647805"  # the API fills the offline gap

    manifest = json.loads((raw / "census_api" / "requests.json").read_text())
    first = manifest[0]
    assert first["url"] == ("https://api.census.gov/data/2017/acs/acs1?"
                            "get=NAME%2CB01003_001E%2CB01003_001M%2CB05001_006E%2CB05001_006M&for=state%3A%2A")
    assert first["retrieved_at"] == "2026-11-30T12:00:00Z"
    saved = (raw / first["file"]).read_bytes()
    assert hashlib.sha256(saved).hexdigest() == first["sha256"]
    assert json.loads(saved)[0] == ["NAME", "B01003_001E", "B01003_001M", "B05001_006E",
                                    "B05001_006M", "state"]
    # 1 state request + 8 states with counties + 3 with places, each for ACS and 2 PEP vintages.
    assert len(manifest) == len(session.data_requests) == 12 * 3
    pep_2019 = [params for url, params in session.data_requests if "/2019/pep/" in url]
    assert {p["DATE_CODE"] for p in pep_2019} == {"10"}
    pep_2017 = [params for url, params in session.data_requests if "/2017/pep/" in url]
    assert {p["get"] for p in pep_2017} == {"GEONAME,POP"}  # Vintage 2017's default date is July 1, 2017
    assert not any(key.startswith("DATE") for p in pep_2017 for key in p)
    assert any(url.endswith("/variables/B05001_006E.json") for url in session.metadata_requests)


def test_noncitizen_rate_and_moe_by_hand(fetched, flagship):
    raw, _ = fetched
    rates = compute_story(flagship, acs_csv=raw / paths.ACS_CSV.name).rates.set_index("definition")
    nyc = rates.loc["new_york_city"]
    # Sum of the five fake county estimates and the root of the sum of squared MOEs.
    assert nyc["noncitizen_population"] == 200000 + 400000 + 250000 + 550000 + 30000 == 1_430_000
    moe = math.sqrt(8000**2 + 10000**2 + 9000**2 + 12000**2 + 3000**2)
    assert nyc["noncitizen_moe"] == pytest.approx(moe) == pytest.approx(19949.937)
    assert nyc["rate_per_100k_noncitizen"] == pytest.approx(3.146853, rel=1e-6)  # 45 / 1.43M x 100k
    # Arrests have no error: MOE(rate) = rate x MOE(denominator) / denominator.
    assert nyc["rate_per_100k_noncitizen_moe"] == pytest.approx(3.146853 * 19949.937 / 1_430_000, rel=1e-6)
    portland = rates.loc["portland_city"]
    assert math.isnan(portland["rate_per_100k_noncitizen"])
    assert "-666666666" in portland["noncitizen_note"]


def test_key_never_appears_in_saved_files(fetched):
    raw, _ = fetched
    assert KEY not in _all_text(raw)


FAILURES = {
    "invalid_key": "did not accept the key",
    "http_error": "HTTP 500",
    "unknown_variable": "HTTP 400 (error: unknown variable 'DATE_CODE' in https://api.census.gov/",
    "timeout": "did not answer within 30 seconds",
    "connection": "could not reach api.census.gov",
    "empty": "empty response",
    "malformed": "not",
    "missing_geography": "missing GEOID",
    "wrong_date": "expected July 1, 2017 estimates, got '7/1/2019 population estimate'",
}


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("fail_after", [0, 7], ids=["first-request", "eighth-request"])
def test_failed_fetch_is_clear_keyless_and_changes_nothing(raw_copy, geographies_read_once, failure, fail_after):
    before = _snapshot(raw_copy)
    with pytest.raises(FetchError) as caught:
        fetch(KEY, session=FakeCensusSession(KEY, failure, fail_after), raw_dir=raw_copy, clock=CLOCK)
    message = str(caught.value)
    assert FAILURES[failure] in message
    assert KEY not in message and "\n" not in message
    assert caught.value.__cause__ is None  # no chained traceback that could show the URL
    assert caught.value.__context__ is None or caught.value.__suppress_context__
    assert _snapshot(raw_copy) == before


def test_wrong_key_gets_the_invalid_key_message(raw_copy, geographies_read_once):
    before = _snapshot(raw_copy)
    with pytest.raises(FetchError, match="did not accept the key"):
        fetch("wrong-" + KEY, session=FakeCensusSession(KEY), raw_dir=raw_copy, clock=CLOCK)
    assert _snapshot(raw_copy) == before


def test_key_comes_from_argument_then_environment_then_dotenv(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("# local secrets\nCENSUS_API_KEY='from-dotenv'\n")
    assert find_key("explicit", {"CENSUS_API_KEY": "from-env"}, dotenv) == "explicit"
    assert find_key(None, {"CENSUS_API_KEY": "from-env"}, dotenv) == "from-env"
    assert find_key(None, {}, dotenv) == "from-dotenv"
    with pytest.raises(MissingKeyError) as caught:
        find_key(None, {}, tmp_path / "absent.env")
    assert "CENSUS_API_KEY" in str(caught.value) and "key_signup" in str(caught.value)
    assert ".env" in str(caught.value)


def test_redact_hides_the_key_and_key_parameters():
    url = f"https://api.census.gov/data/2017/acs/acs1?get=NAME&for=state:*&key={KEY}"
    assert redact(url, KEY).endswith("key=REDACTED")
    assert redact(f"failed: {KEY}", KEY) == "failed: REDACTED"
    assert redact("...&key=someotherkey&for=x", None) == "...&key=REDACTED&for=x"


@pytest.mark.skipif((paths.PROJECT_ROOT / ".env").exists(), reason="a local .env holds a key")
def test_cli_without_key_explains_and_exits_nonzero(cli, monkeypatch, tmp_path):
    monkeypatch.delenv("CENSUS_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)  # the .env looked at is the project's, wherever the command runs
    before = _snapshot(paths.RAW)
    status, _, err = cli("fetch")
    assert status == 2
    assert err.startswith("error: no Census API key found") and len(err.splitlines()) == 1
    assert "CENSUS_API_KEY" in err and "Traceback" not in err
    assert _snapshot(paths.RAW) == before


@pytest.mark.parametrize("text", [
    "CENSUS_API_KEY=abc123\n",
    "export CENSUS_API_KEY=abc123\n",
    "\ufeffCENSUS_API_KEY=abc123\n",
    "CENSUS_API_KEY=abc123  # my key\n",
    "CENSUS_API_KEY='abc123'\n",
    "OTHER=1\r\nCENSUS_API_KEY=\"abc123\"\r\n",
])
def test_dotenv_is_read_as_shells_write_it(tmp_path, text):
    dotenv = tmp_path / ".env"
    dotenv.write_text(text, encoding="utf-8")
    assert find_key(environ={}, dotenv=dotenv) == "abc123"


def test_non_utf8_dotenv_is_a_clear_error(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_bytes("CENSUS_API_KEY=abc\xe9\n".encode("latin-1"))
    with pytest.raises(MissingKeyError, match="not UTF-8"):
        find_key(environ={}, dotenv=dotenv)
