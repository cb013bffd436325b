"""``python -m analysis fetch --population YEAR`` with a fake web server: never the network.

The fake serves files in the Census layouts: Vintage 2019 files are the
committed slices of the real files (real header, real lines); Vintage 2024
files are written here from the real 2020s header (CO-EST2024-ALLDATA and
SUB-EST2024 layouts) with real codes and FAKE counts.
"""
from __future__ import annotations

import gzip
import hashlib
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest
import requests

from analysis.census.census_api import FetchError
from analysis.census.download import DOWNLOADS_COLUMNS, DOWNLOADS_NAME, fetch_population, make_session
from analysis.census.estimates import load_population
from analysis.census.national_extract import EXTRACT_DIR, SOURCES_NAME, extract_name
from analysis.census.products import POPEST

from tests.conftest import census_slices

SLICES = census_slices()
CO_EST_2019 = f"{POPEST}/2010-2019/counties/totals/co-est2019-alldata.csv"
SUB_EST_2019 = f"{POPEST}/2010-2019/cities/totals/sub-est2019_all.csv"
CO_EST_2024 = f"{POPEST}/2020-2024/counties/totals/co-est2024-alldata.csv"
SUB_EST_2024 = f"{POPEST}/2020-2024/cities/totals/sub-est2024.csv"
YEARS_2020S = range(2020, 2025)


def _co_est_2024_header() -> list[str]:
    """The county-totals header of the 2020s files (as in co-est2023-alldata.csv, one more year)."""
    components = ["NPOPCHG", "BIRTHS", "DEATHS", "NATURALCHG", "INTERNATIONALMIG", "DOMESTICMIG", "NETMIG",
                  "RESIDUAL"]
    rates = ["RBIRTH", "RDEATH", "RNATURALCHG", "RINTERNATIONALMIG", "RDOMESTICMIG", "RNETMIG"]
    return (["SUMLEV", "REGION", "DIVISION", "STATE", "COUNTY", "STNAME", "CTYNAME", "ESTIMATESBASE2020"]
            + [f"POPESTIMATE{y}" for y in YEARS_2020S]
            + [f"{c}{y}" for c in components for y in YEARS_2020S]
            + ["GQESTIMATESBASE2020"] + [f"GQESTIMATES{y}" for y in YEARS_2020S]
            + [f"{r}{y}" for r in rates for y in YEARS_2020S[1:]])


SUB_EST_2024_HEADER = ["SUMLEV", "STATE", "COUNTY", "PLACE", "COUSUB", "CONCIT", "PRIMGEO_FLAG", "FUNCSTAT",
                       "NAME", "STNAME", "ESTIMATESBASE2020"] + [f"POPESTIMATE{y}" for y in YEARS_2020S]


def fake_2024_files() -> dict[str, bytes]:
    """Vintage 2024 files in the real layout: real codes and names, FAKE counts (1000 + year)."""
    header = _co_est_2024_header()
    rows = [["040", "4", "9", "06", "000", "California", "California"],
            ["050", "4", "9", "06", "083", "California", "Santa Barbara County"],
            ["050", "4", "8", "35", "013", "New Mexico", "Do\xf1a Ana County"]]
    lines = [",".join(header)]
    for row in rows:
        counts = ["100000"] + [str(100_000 + y) for y in YEARS_2020S]
        lines.append(",".join(row + counts + ["0"] * (len(header) - len(row) - len(counts))))
    county = ("\r\n".join(lines) + "\r\n").encode("latin-1")
    places = [",".join(SUB_EST_2024_HEADER),
              "162,06,000,44000,00000,00000,0,A,Los Angeles city,California,1000,"
              + ",".join(str(1000 + y) for y in YEARS_2020S),
              "157,06,037,44000,00000,00000,0,A,Los Angeles city (pt.),California,1,1,1,1,1,1"]
    return {CO_EST_2024: county, SUB_EST_2024: ("\n".join(places) + "\n").encode("latin-1")}


class FakeResponse:
    def __init__(self, status: int, body: bytes, headers: dict | None = None):
        self.status_code, self.content = status, body
        self.headers = {"Content-Type": "text/csv", "Content-Length": str(len(body)), **(headers or {})}


class FakeSession:
    """Answers like www2.census.gov from a dict ``url -> response``; anything else is a 404."""

    def __init__(self, answers: dict):
        self.answers, self.asked = answers, []

    def get(self, url, timeout=None, **options):
        assert timeout is not None, "every request needs a timeout"
        self.asked.append(url)
        answer = self.answers.get(url, FakeResponse(404, b"<html>Not Found</html>", {"Content-Type": "text/html"}))
        if isinstance(answer, Exception):
            raise answer
        return answer


def good_2019() -> dict:
    return {CO_EST_2019: FakeResponse(200, (SLICES / "co-est2019-alldata.csv").read_bytes(),
                                      {"Last-Modified": "Thu, 26 Mar 2020 14:00:00 GMT"}),
            SUB_EST_2019: FakeResponse(200, (SLICES / "sub-est2019_all_10-cities.csv").read_bytes())}


def clock():
    return datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def places(tmp_path):
    """A data/external/ with an earlier download, and a copy of the committed extract."""
    external = tmp_path / "external"
    external.mkdir()
    (external / "README.md").write_text("downloads go here\n")
    (external / "co-est2017-alldata.csv").write_bytes((SLICES / "co-est2017-alldata.csv").read_bytes())
    extract = tmp_path / "census"
    shutil.copytree(EXTRACT_DIR, extract)
    return external, extract


def _contents(*folders):
    return {p: p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def test_good_files_are_saved_recorded_and_the_extract_rebuilt_the_same_each_time(places):
    external, extract = places
    session = FakeSession(good_2019())
    fetched = fetch_population(2017, session, external, extract, clock)  # 2017 -> Vintage 2019
    assert session.asked == [CO_EST_2019, SUB_EST_2019]
    assert fetched.product.vintage == 2019 and fetched.extract_rebuilt
    for name in ("co-est2019-alldata.csv", "sub-est2019_all.csv"):
        assert (external / name).exists()
    assert (external / "sub-est2019_all.csv").read_bytes() == (SLICES / "sub-est2019_all_10-cities.csv").read_bytes()
    downloads = pd.read_csv(external / DOWNLOADS_NAME, dtype=str)
    assert list(downloads.columns) == DOWNLOADS_COLUMNS
    county = downloads.set_index("file").loc["co-est2019-alldata.csv"]
    served = (SLICES / "co-est2019-alldata.csv").read_bytes()
    assert county["url"] == CO_EST_2019 and county["bytes"] == str(len(served))
    assert county["sha256"] == hashlib.sha256(served).hexdigest()
    assert county["last_modified"] == "Thu, 26 Mar 2020 14:00:00 GMT"
    assert county["retrieved_at"] == "2026-11-30T12:00:00Z"
    # The rebuilt Vintage 2019 extract holds what was downloaded; Vintage 2017 is untouched.
    population = load_population(2018, census_dir=external, extract_dir=extract).set_index("geoid")
    assert population["geo_level"].value_counts().to_dict() == {"state": 51, "county": 21, "place": 10}
    assert population.loc["06083", "population"] == 445_780
    assert population.loc["0820000", ["name", "source_file"]].tolist() == ["Denver city, Colorado",
                                                                           "sub-est2019_all.csv"]
    assert (extract / extract_name(2017)).read_bytes() == (EXTRACT_DIR / extract_name(2017)).read_bytes()
    sources = pd.read_csv(extract / SOURCES_NAME, dtype=str)
    assert sources[["source_file", "vintage"]].values.tolist() == [
        ["co-est2019-alldata.csv", "2019"], ["sub-est2019_all.csv", "2019"],
        ["co-est2017-alldata.csv", "2017"], ["PEP_2017_PEPANNRES_CA-places_with_ann.csv", "2017"]]
    assert sources.loc[1, "download"] == SUB_EST_2019
    # The same download again rebuilds the same bytes: a gzip without file name or time stamp.
    first = (extract / extract_name(2019)).read_bytes()
    fetch_population(2017, FakeSession(good_2019()), external, extract, clock)
    assert (extract / extract_name(2019)).read_bytes() == first
    assert first[3] == 0 and first[4:8] == b"\0\0\0\0"  # no file name, time stamp 0
    assert gzip.decompress(first).startswith(b"geoid,geo_level,name,state_name,census2010,source_file,pop2010,")


def test_vintage_2024_stays_in_data_external_where_the_loader_finds_it(places):
    external, extract = places
    before = _contents(extract)
    fetched = fetch_population(2023, FakeSession({u: FakeResponse(200, b) for u, b in fake_2024_files().items()}),
                               external, extract, clock)
    assert fetched.product.vintage == 2024 and not fetched.extract_rebuilt
    assert _contents(extract) == before
    population = load_population(2023, census_dir=external, extract_dir=extract).set_index("geoid")
    assert population.loc["06083", "population"] == 102_023  # FAKE count written above
    assert population.loc["35013", "name"] == "Doña Ana County, New Mexico"
    assert population.loc["0644000", ["geo_level", "population", "product"]].tolist() == [
        "place", 3_023, "Census Bureau Population Estimates, Vintage 2024"]
    assert len(population) == 4  # the SUMLEV 157 part of a place is not a place


@pytest.mark.parametrize("broken, expected", [
    (FakeResponse(404, b"<html><body>Not Found</body></html>", {"Content-Type": "text/html"}),
     "sub-est2019_all.csv: the server answered HTTP 404"),
    (FakeResponse(200, b"<!DOCTYPE html>\n<html><body>Service unavailable</body></html>\n",
                  {"Content-Type": "text/html; charset=utf-8"}), "the server sent a web page"),
    (FakeResponse(200, b"<!DOCTYPE html>\n<html><body>Service unavailable</body></html>\n",
                  {"Content-Type": "application/octet-stream"}), "this is a web page .HTML."),
    ("cut mid-line", "the last line has no line end: the file is cut short"),
    ("cut at a line end, short of Content-Length", "received .* bytes: the download was cut short"),
    ("line with missing fields", r"line 4: 10 fields where the header has 22"),
    ("wrong file", "line 1: missing column.s. PLACE, NAME: is this the right Census file"),
    (requests.ConnectionError("Max retries exceeded with url"), "could not download .Max retries exceeded"),
    (requests.ReadTimeout("read timed out"), "no answer within 120 seconds"),
], ids=["404", "html-page", "html-without-content-type", "truncated", "truncated-at-line-end",
        "short-line", "wrong-file", "no-network", "timeout"])
def test_a_bad_download_changes_nothing(places, broken, expected):
    external, extract = places
    good = good_2019()
    body = good[SUB_EST_2019].content
    if broken == "cut mid-line":
        broken = FakeResponse(200, body[:-40])
    elif broken == "cut at a line end, short of Content-Length":
        cut = body[:body.rindex(b"\n", 0, len(body) - 1) + 1]
        broken = FakeResponse(200, cut, {"Content-Length": str(len(body))})
    elif broken == "line with missing fields":
        lines = body.split(b"\n")
        lines[3] = b",".join(lines[3].split(b",")[:10])
        broken = FakeResponse(200, b"\n".join(lines))
    elif broken == "wrong file":
        broken = good[CO_EST_2019]
    good[SUB_EST_2019] = broken
    before = _contents(external, extract)
    with pytest.raises(FetchError, match=expected) as caught:
        fetch_population(2019, FakeSession(good), external, extract, clock)
    assert "nothing was saved" in str(caught.value)
    assert _contents(external, extract) == before


def test_the_session_times_out_and_retries_server_errors():
    session = make_session()
    retry = session.get_adapter(CO_EST_2019).max_retries
    assert retry.total == 4 and retry.backoff_factor > 0
    assert {429, 500, 502, 503, 504} <= set(retry.status_forcelist)


def test_cli_refuses_a_year_no_product_covers_without_a_traceback(cli):
    status, _, err = cli("fetch", "--population", "2009")
    assert status == 2 and "Traceback" not in err and len(err.splitlines()) == 1
    assert err.startswith("error: no Census population product in the registry gives July 1, 2009")
