"""A stand-in for api.census.gov that answers the way the real Census Data API does.

- Data requests answer a JSON array of rows whose first row is the header,
  with FIPS parts (``state``, ``county``, ``place``) as the last columns.
- ``.../variables/NAME.json`` metadata requests (the ``census`` package makes
  one per field to learn its type) answer ``{"name": ..., "predicateType": ...}``.
- A wrong key gets the HTML "Invalid Key" page with status 200, as the real API does.

Values: states use the committed ACS and Population Estimates extracts; the
counties and places below are invented for the tests (marked FAKE), chosen so
sums and margins of error are easy to compute by hand.
"""
from __future__ import annotations

import csv
import json

import requests

from analysis.core import paths

INVALID_KEY_PAGE = ("<html><head><title>Invalid Key</title></head><body><p>A valid <em>key</em> "
                    "must be included with each data API request.</p></body></html>")

# FAKE ACS 2017 1-year values: geoid -> (name, total, total MOE, noncitizen, noncitizen MOE)
FAKE_ACS = {
    "06037": ("Los Angeles County, California", 10105722, -555555555, 1650000, 20000),
    "06059": ("Orange County, California", 3190400, -555555555, 420000, 11000),
    "06065": ("Riverside County, California", 2423266, -555555555, 250000, 10000),
    "06071": ("San Bernardino County, California", 2157404, -555555555, 230000, 9000),
    "06079": ("San Luis Obispo County, California", 283405, -555555555, 20000, 3000),
    "06083": ("Santa Barbara County, California", 446527, -555555555, 60000, 5000),
    "06111": ("Ventura County, California", 850967, -555555555, 110000, 7000),
    "06085": ("Santa Clara County, California", 1938180, -555555555, 370000, 12000),
    "08031": ("Denver County, Colorado", 704621, -555555555, 70000, 6000),
    "11001": ("District of Columbia, District of Columbia", 693972, -555555555, 62969, 5560),
    "17031": ("Cook County, Illinois", 5211263, -555555555, 560000, 15000),
    "24005": ("Baltimore County, Maryland", 832468, -555555555, 50000, 5000),
    "24510": ("Baltimore city, Maryland", 611648, -555555555, 28000, 4000),
    "36005": ("Bronx County, New York", 1471160, -555555555, 200000, 8000),
    "36047": ("Kings County, New York", 2648771, -555555555, 400000, 10000),
    "36061": ("New York County, New York", 1664727, -555555555, 250000, 9000),
    "36081": ("Queens County, New York", 2358582, -555555555, 550000, 12000),
    "36085": ("Richmond County, New York", 479458, -555555555, 30000, 3000),
    "41051": ("Multnomah County, Oregon", 807555, -555555555, 60000, 6000),
    "42101": ("Philadelphia County, Pennsylvania", 1580863, -555555555, 90000, 7000),
    "0644000": ("Los Angeles city, California", 3999759, 140, 800000, 15000),
    "0668000": ("San Jose city, California", 1035317, 120, 230000, 9000),
    "1714000": ("Chicago city, Illinois", 2716450, 150, 300000, 11000),
    "4159000": ("Portland city, Oregon", 647805, 100, 45000, -666666666),
}
# FAKE Vintage 2017 place estimates for the places the committed extract lacks.
FAKE_PEP_PLACES_2017 = {"1714000": 2716450, "4159000": 647805}


def _committed(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class FakeResponse:
    def __init__(self, status_code: int, text: str = ""):
        self.status_code = status_code
        self.text = text
        self.content = text.encode("utf-8")
        self.headers = {"Content-Type": "application/json" if text.startswith("[") else "text/html"}

    def json(self):
        return json.loads(self.text)


class FakeCensusSession:
    """Answers like the API; ``failure`` makes every data request fail one way.

    failure: None, "invalid_key", "http_error", "unknown_variable", "timeout",
    "connection", "empty", "malformed", "missing_geography", "wrong_date".
    ``fail_after``: number of data requests answered normally before failing.
    """

    def __init__(self, key: str, failure: str | None = None, fail_after: int = 0):
        self.key = key
        self.headers: dict[str, str] = {}
        self.failure = failure
        self.fail_after = fail_after
        self.data_requests: list[tuple[str, dict]] = []
        self.metadata_requests: list[str] = []
        acs_states = {r["geoid"]: r for r in _committed(paths.ACS_CSV)}
        self.acs = {g: (r["name"], int(r["total_population"]), int(r["total_population_moe"]),
                        int(r["noncitizen"]), int(r["noncitizen_moe"])) for g, r in acs_states.items()}
        self.acs.update(FAKE_ACS)
        self.acs["72"] = ("Puerto Rico", 3337177, -555555555, 40000, 3000)
        self.pep = {(int(r["vintage"]), r["geoid"]): (r["name"], int(r["population"]))
                    for r in _committed(paths.POPULATION_CSV)}
        for geoid, value in FAKE_PEP_PLACES_2017.items():
            self.pep[(2017, geoid)] = (FAKE_ACS[geoid][0], value)
        for vintage in (2017, 2019):
            self.pep[(vintage, "72")] = ("Puerto Rico", 3325001)

    # -- the one method the census package and the project call --
    def get(self, url: str, params: dict | None = None, timeout=None, **_):
        params = dict(params or {})
        if "/variables/" in url:
            self.metadata_requests.append(url)
            return self._variable(url.rsplit("/", 1)[1].removesuffix(".json"))
        self.data_requests.append((url, params))
        if params.get("key") != self.key:
            return FakeResponse(200, INVALID_KEY_PAGE)
        if self.failure and len(self.data_requests) > self.fail_after:
            return self._fail(url, params)
        return self._answer(url, params)

    def _variable(self, name: str) -> FakeResponse:
        if name in ("state", "county", "place"):
            kind = "fips-for"
        elif name.endswith(("E", "M")) and name[:1] == "B":
            kind = "int"
        else:
            kind = "string"
        return FakeResponse(200, json.dumps({"name": name, "label": name, "predicateType": kind}))

    def _fail(self, url: str, params: dict) -> FakeResponse:
        shown = requests.Request("GET", url, params=params).prepare().url  # carries the key, like requests
        if self.failure == "invalid_key":
            return FakeResponse(200, INVALID_KEY_PAGE)
        if self.failure == "http_error":
            return FakeResponse(500, f"<html><body>Internal error for {shown}</body></html>")
        if self.failure == "unknown_variable":
            return FakeResponse(400, f"error: unknown variable 'DATE_CODE' in {shown}")
        if self.failure == "timeout":
            raise requests.exceptions.ReadTimeout(f"Read timed out for url: {shown}")
        if self.failure == "connection":
            raise requests.exceptions.ConnectionError(f"Max retries exceeded with url: {shown}")
        if self.failure == "empty":
            return FakeResponse(204, "")
        if self.failure == "malformed":
            return FakeResponse(200, '[["NAME","B01003_001E"],["Alabama"')
        if self.failure == "wrong_date":
            return FakeResponse(200, self._answer(url, params).text.replace("7/1/2017", "7/1/2019"))
        if self.failure == "missing_geography":
            answer = json.loads(self._answer(url, params).text)
            return FakeResponse(200, json.dumps(answer[:1] + answer[2:]))  # drops the first geography
        raise AssertionError(self.failure)

    def _answer(self, url: str, params: dict) -> FakeResponse:
        level, codes = params["for"].split(":")
        state = params.get("in", "state:*").split(":")[1]
        fields = params["get"].split(",")
        if "/acs/acs1" in url:
            table = {g: dict(zip(["NAME", "B01003_001E", "B01003_001M", "B05001_006E", "B05001_006M"],
                                 values)) for g, values in self.acs.items()}
        else:
            vintage = int(url.split("/data/")[1].split("/")[0])
            date_desc = "7/1/2017 population estimate"
            table = {g: {"NAME": n, "GEONAME": n, "POP": str(p), "DATE_DESC": date_desc}
                     for (v, g), (n, p) in self.pep.items() if v == vintage}
        rows = [fields + (["state"] if level == "state" else ["state", level])]
        width = {"state": 2, "county": 5, "place": 7}[level]
        for geoid in sorted(table):
            if len(geoid) != width:
                continue
            if level == "state" and codes != "*" and geoid not in codes.split(","):
                continue
            if level != "state" and (geoid[:2] != state or geoid[2:] not in codes.split(",")):
                continue
            values = table[geoid]
            fips = [geoid] if level == "state" else [geoid[:2], geoid[2:]]
            rows.append([values[f] if f == "NAME" or f == "GEONAME" or f == "DATE_DESC"
                         else str(values[f]) for f in fields] + fips)
        if len(rows) == 1:
            return FakeResponse(204, "")
        return FakeResponse(200, json.dumps(rows))
