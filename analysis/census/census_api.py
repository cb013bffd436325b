"""Refresh the Census data from the Census Data API: ``python -m analysis fetch``.

Two products, for every geography in the crosswalk plus every state and DC:

- ACS 2017 1-year (``/data/2017/acs/acs1``), through the ``census`` package:
  total population (B01003_001) and the population that is not a U.S.
  citizen (B05001_006), each with its 90% margin of error;
- Population Estimates for July 1, 2017, Vintage 2019 and Vintage 2017
  (``/data/{vintage}/pep/population``), through the same ``requests`` session,
  since the ``census`` package has no client for them.

Every response is saved as received under ``data/raw/census_api/`` with a
record of its request (URL without the key, product, vintage, time), and the
extracts the build reads are rebuilt from those saved responses. Nothing is
written until every response has arrived and passed its checks; then all
files are replaced together. The key is redacted from everything shown or saved.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import census
import pandas as pd
import requests

from analysis.geography import geoids as gid
from analysis.core import paths
from analysis.core.atomic import write_files_atomically
from analysis.census.census_key import find_key, redact
from analysis.story.crosswalk import all_geographies
from analysis.census.extract import (ACS_EXTRACT_COLUMNS, ACS_PRODUCT, ACS_YEAR, ESTIMATE_DATE,
                                     EXTRACT_COLUMNS, SOURCES_COLUMNS, wanted_geoids)
from analysis.census.products import PRODUCT_NAME as PRODUCT
from analysis.core.tables import to_csv_bytes

API = "https://api.census.gov/data"
TIMEOUT_SECONDS = 30
ACS_VARIABLES = {"total_population": "B01003_001E", "total_population_moe": "B01003_001M",
                 "noncitizen": "B05001_006E", "noncitizen_moe": "B05001_006M"}
ACS_FIELDS = ["NAME", *ACS_VARIABLES.values()]
ACS_URL = f"{API}/{ACS_YEAR}/acs/acs1"
MANIFEST = "requests.json"


class FetchError(Exception):
    """A refresh that could not complete; nothing was written."""


@dataclass(frozen=True)
class PepEndpoint:
    """How one vintage of the Population Estimates API names its fields and dates.

    Vintage 2019 returns every year unless asked for one: ``DATE_CODE=10`` is
    July 1, 2017 (1 = April 1, 2010 Census, 2 = the estimates base, 3 = July 1,
    2010, ...), and each row's ``DATE_DESC`` is checked so a wrong code cannot
    slip through. Vintage 2017 (``GEONAME``) answers, without a date, with its
    own latest estimate: July 1, 2017.
    """

    vintage: int
    name_field: str
    date_parameter: str | None = None
    date_code: str | None = None

    @property
    def url(self) -> str:
        return f"{API}/{self.vintage}/pep/population"

    @property
    def fields(self) -> list[str]:
        return [self.name_field, "POP"] + (["DATE_DESC"] if self.date_parameter else [])

    def params(self) -> dict[str, str]:
        params = {"get": ",".join(self.fields)}
        if self.date_parameter:
            params[self.date_parameter] = self.date_code
        return params


PEP_ENDPOINTS = (PepEndpoint(2019, "NAME", "DATE_CODE", "10"), PepEndpoint(2017, "GEONAME"))


@dataclass(frozen=True)
class GeoRequest:
    """One API geography clause: all states, or some counties or places of one state."""

    level: str
    state: str | None = None
    codes: tuple[str, ...] = ()

    @property
    def expected(self) -> set[str]:
        if self.level == "state":
            return set(gid.STATES_AND_DC)
        return {self.state + code for code in self.codes}

    def stem(self, product: str) -> str:
        return f"{product}_{self.level}" + (f"_{self.state}" if self.state else "")

    def params(self) -> dict[str, str]:
        if self.level == "state":
            return {"for": "state:*"}
        return {"for": f"{self.level}:{','.join(self.codes)}", "in": f"state:{self.state}"}


def plan_requests(crosswalk: pd.DataFrame) -> list[GeoRequest]:
    """All states in one request, then the crosswalk's counties and places grouped by state."""
    wanted = wanted_geoids(crosswalk)
    plan = [GeoRequest("state")]
    for level, width in (("county", 3), ("place", 5)):
        by_state: dict[str, list[str]] = {}
        for geoid in sorted(wanted[level]):
            by_state.setdefault(geoid[:2], []).append(geoid[2:2 + width])
        plan += [GeoRequest(level, state, tuple(codes)) for state, codes in sorted(by_state.items())]
    return plan


@dataclass
class Received:
    """One data response as received, with the record of its request."""

    file: str
    url: str
    product: str
    vintage: int
    request: GeoRequest
    status: int
    body: bytes
    retrieved_at: str


class RecordingSession:
    """Wraps a ``requests`` session: adds a timeout and keeps the last data response.

    The ``census`` package parses responses itself; the project saves the
    body exactly as received, so it needs the raw response too. Metadata
    requests (``variables/NAME.json``) are passed through unrecorded.
    """

    def __init__(self, session, key: str):
        self.session = session
        self.key = key
        # The census package sets its User-Agent on the session it is given.
        self.headers = session.headers
        self.last: tuple[str, requests.Response] | None = None

    def get(self, url: str, params: dict | None = None, **options):
        options.setdefault("timeout", TIMEOUT_SECONDS)
        response = self.session.get(url, params=params, **options)
        if "/variables" not in url:
            shown = {k: v for k, v in (params or {}).items() if k.lower() != "key"}
            self.last = (requests.Request("GET", url, params=shown).prepare().url, response)
        return response


def _explain(error: Exception, recorder: RecordingSession, what: str) -> FetchError:
    """One clear, key-free message for anything that went wrong with a request."""
    status = recorder.last[1].status_code if recorder.last else None
    if isinstance(error, census.core.APIKeyError) or (status == 200 and "Invalid Key" in _text(recorder)):
        message = ("the Census API did not accept the key (it answered with its 'Invalid Key' page); "
                   "check CENSUS_API_KEY or get a new key at https://api.census.gov/data/key_signup.html")
    elif isinstance(error, requests.Timeout):
        message = f"the Census API did not answer within {TIMEOUT_SECONDS} seconds; try again later"
    elif isinstance(error, requests.ConnectionError):
        message = "could not reach api.census.gov (no network?); the committed data is unchanged"
    elif status is not None and status != 200:
        said = " ".join(_text(recorder).split())[:200]
        message = f"the Census API answered HTTP {status}" + (
            f" ({said})" if said and not said.lstrip().startswith("<") else "")
    else:
        message = f"the Census API sent a response that is not the expected JSON table ({error})"
    return FetchError(redact(f"{what}: {message}", recorder.key))


def _text(recorder: RecordingSession) -> str:
    return recorder.last[1].text if recorder.last else ""


def _received(recorder: RecordingSession, stem: str, product: str, vintage: int,
              request: GeoRequest, clock: Callable[[], datetime]) -> Received:
    url, response = recorder.last
    return Received(file=f"{stem}.json", url=redact(url, recorder.key), product=product, vintage=vintage,
                    request=request, status=response.status_code, body=response.content,
                    retrieved_at=clock().strftime("%Y-%m-%dT%H:%M:%SZ"))


def _fetch_all(key: str, session, plan: list[GeoRequest], clock) -> list[Received]:
    recorder = RecordingSession(session, key)
    client = census.Census(key, session=recorder)
    received = []
    for request in plan:
        what = f"ACS {ACS_YEAR} 1-year, {request.params()['for']}"
        try:
            if request.level == "state":
                client.acs1.state(ACS_FIELDS, "*", year=ACS_YEAR)
            elif request.level == "county":
                client.acs1.state_county(ACS_FIELDS, request.state, ",".join(request.codes), year=ACS_YEAR)
            else:
                client.acs1.state_place(ACS_FIELDS, request.state, ",".join(request.codes), year=ACS_YEAR)
        except Exception as error:  # every failure becomes one redacted message
            raise _explain(error, recorder, what) from None
        received.append(_received(recorder, request.stem(f"acs1_{ACS_YEAR}"), ACS_PRODUCT, ACS_YEAR,
                                  request, clock))
        for endpoint in PEP_ENDPOINTS:
            what = f"Population Estimates Vintage {endpoint.vintage}, {request.params()['for']}"
            params = {**endpoint.params(), **request.params(), "key": key}
            try:
                response = recorder.get(endpoint.url, params=params)
            except Exception as error:
                raise _explain(error, recorder, what) from None
            if response.status_code not in (200, 204) or "Invalid Key" in response.text:
                raise _explain(ValueError("not JSON"), recorder, what)
            received.append(_received(recorder, request.stem(f"pep_v{endpoint.vintage}"),
                                      f"{PRODUCT}, Vintage {endpoint.vintage}", endpoint.vintage,
                                      request, clock))
    return received


def parse_table(item: Received, required: list[str]) -> pd.DataFrame:
    """A saved API response as a table with a ``geoid`` column; checks its shape and geographies.

    The Census Data API answers with a JSON array of rows whose first row is
    the header, and FIPS parts as separate ``state``/``county``/``place`` columns.
    """
    what = f"{item.product}, {item.request.params()['for']}"
    if item.status == 204 or not item.body.strip():
        raise FetchError(f"{what}: the Census API sent an empty response (HTTP {item.status})")
    try:
        rows = json.loads(item.body)
    except ValueError:
        raise FetchError(f"{what}: the response is not JSON") from None
    if (not isinstance(rows, list) or not rows or not all(isinstance(r, list) for r in rows)
            or any(len(r) != len(rows[0]) for r in rows)):
        raise FetchError(f"{what}: the response is not a table with a header row")
    table = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
    fips = ["state"] + ([item.request.level] if item.request.level != "state" else [])
    missing = [c for c in required + fips if c not in table.columns]
    if missing:
        raise FetchError(f"{what}: the response has no column {', '.join(missing)}")
    table["geoid"] = ["".join(str(part) for part in parts) for parts in table[fips].itertuples(index=False)]
    absent = sorted(item.request.expected - set(table["geoid"]))
    if absent:
        raise FetchError(f"{what}: the response is missing GEOID(s) {', '.join(absent)}")
    table = table[table["geoid"].isin(item.request.expected)].reset_index(drop=True)
    table["geo_level"] = item.request.level
    return table


def _source_record(item: Received, rows: int) -> dict:
    return {"source_file": f"census_api/{item.file}", "product": item.product, "vintage": item.vintage,
            "geo_levels": item.request.level, "rows_extracted": rows, "bytes": len(item.body),
            "sha256": hashlib.sha256(item.body).hexdigest(), "download": item.url}


def build_extracts(received: list[Received]) -> dict[str, bytes]:
    """The population and ACS extracts and their sources tables (file name -> bytes)."""
    population, acs_rows, pop_sources, acs_sources = [], [], [], []
    for item in received:
        if item.product == ACS_PRODUCT:
            table = parse_table(item, ACS_FIELDS)
            for column, variable in ACS_VARIABLES.items():
                table[column] = table[variable].map(lambda v: "null" if v is None else str(v))
            acs_rows.append(table.assign(name=table["NAME"], year=ACS_YEAR, product=ACS_PRODUCT,
                                         variables=";".join(ACS_VARIABLES.values()),
                                         source_file=f"census_api/{item.file}")[ACS_EXTRACT_COLUMNS])
            acs_sources.append(_source_record(item, len(table)))
        else:
            endpoint = next(e for e in PEP_ENDPOINTS if e.vintage == item.vintage)
            table = parse_table(item, endpoint.fields)
            wrong_date = (table[~table["DATE_DESC"].astype(str).str.startswith("7/1/2017")]
                          if "DATE_DESC" in endpoint.fields else table.iloc[:0])
            if len(wrong_date):
                raise FetchError(f"{item.product}: expected July 1, 2017 estimates, got "
                                 f"'{wrong_date['DATE_DESC'].iloc[0]}'")
            if not table["POP"].astype(str).str.fullmatch(r"\d+").all():
                raise FetchError(f"{item.product}, {item.request.params()['for']}: POP is not a count")
            population.append(table.assign(
                name=table[endpoint.name_field], vintage=item.vintage, estimate_date=ESTIMATE_DATE,
                population=table["POP"].astype("int64"), product=item.product,
                source_file=f"census_api/{item.file}")[EXTRACT_COLUMNS])
            pop_sources.append(_source_record(item, len(table)))
    level_order = {"state": 0, "county": 1, "place": 2}
    population = (pd.concat(population, ignore_index=True)
                  .assign(_level=lambda t: t["geo_level"].map(level_order))
                  .sort_values(["vintage", "_level", "geoid"], ascending=[False, True, True])
                  .drop(columns="_level"))
    acs_table = (pd.concat(acs_rows, ignore_index=True)
                 .assign(_level=lambda t: t["geo_level"].map(level_order))
                 .sort_values(["_level", "geoid"]).drop(columns="_level"))
    return {
        paths.POPULATION_CSV.name: to_csv_bytes(population),
        paths.POPULATION_SOURCES_CSV.name: to_csv_bytes(pd.DataFrame(pop_sources, columns=SOURCES_COLUMNS)),
        paths.ACS_CSV.name: to_csv_bytes(acs_table),
        paths.ACS_SOURCES_CSV.name: to_csv_bytes(pd.DataFrame(acs_sources, columns=SOURCES_COLUMNS)),
    }


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def fetch(key: str | None = None, session=None, raw_dir: Path = paths.RAW,
          clock: Callable[[], datetime] = _utc_now) -> list[Received]:
    """Refresh every Census input in ``raw_dir`` from the API; all files change together, or none.

    ``session`` is any object with ``requests.Session.get``'s signature (tests
    pass a fake that answers like the API). The key comes from ``find_key``.
    """
    key = find_key(key)
    raw_dir = Path(raw_dir)
    plan = plan_requests(all_geographies())
    received = _fetch_all(key, session or requests.Session(), plan, clock)
    files = {raw_dir / name: data for name, data in build_extracts(received).items()}
    api_dir = raw_dir / paths.CENSUS_API.name
    manifest = [{"file": f"census_api/{r.file}", "url": r.url, "product": r.product,
                 "vintage": r.vintage, "geography": r.request.params(), "status": r.status,
                 "retrieved_at": r.retrieved_at, "sha256": hashlib.sha256(r.body).hexdigest()}
                for r in received]
    files[api_dir / MANIFEST] = (json.dumps(manifest, indent=1) + "\n").encode("utf-8")
    files.update({api_dir / r.file: r.body for r in received})
    leaked = [p.name for p, data in files.items() if key.encode() in data]
    if leaked:
        raise FetchError(f"refusing to save {', '.join(leaked)}: it contains the API key")
    write_files_atomically(files)
    return received
