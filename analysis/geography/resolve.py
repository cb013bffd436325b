"""Turn press-release place names into Census geographies, offline, without silent guesses.

"Baltimore (28); Cook County, Illinois (30); Portland, Ore. (33); the state of
Massachusetts (50)": each name is matched against every state, county (and
county-equivalent) and incorporated place in the national Census files. The
rules, applied in this order, are recorded for every name in the report:

1. **Override**: a row of the overrides file pins the name to GEOIDs (an
   editorial decision with its reason).
2. **District of Columbia**: "Washington, D.C.", "D.C.", "District of Columbia"
   mean county-equivalent 11001.
3. **New York City**: "New York City", "NYC", "New York, N.Y." and a bare
   "New York" (AP style: "New York" alone is the city; the state is "New York
   state") mean the five counties 36005, 36047, 36061, 36081, 36085.
4. **State**: "the state of X", "Commonwealth of X", "X state", or a bare state
   name, postal code or AP abbreviation. A bare "Washington" is ambiguous (the
   state, the capital, many towns) and stops the run.
5. **County**: a name with its type ("Cook County", "Orleans Parish",
   "Juneau City and Borough", "Baltimore city") and a state.
6. **Place**: a city, town or village, with or without its type ("Portland",
   "San Jose city"), and a state given in the name ("Portland, Ore.") or by
   ``--state``. A bare name with no state resolves only if it is one of the
   AP Stylebook's dateline cities that stand alone (Baltimore, Denver, Los
   Angeles, Philadelphia, ...) or the only place of that name in the country.

A county-equivalent that is itself a city (Baltimore city, St. Louis city,
Carson City, Anchorage Municipality) answers to the bare city name, and a
place the Census names with a doubled type ("Boise City city") answers to
"Boise". A place that is coextensive with a county-equivalent (same state, same 2010
Census count and same 2017 estimate: Denver, Philadelphia, Baltimore city,
San Francisco, the Virginia independent cities) resolves to the county GEOID,
which county-level tables and maps use. When a bare city name also names a
county in that state ("Los Angeles" vs Los Angeles County), the city is used
and the report says how to ask for the county. Anything else with several
candidates stops with the list and how to pin the choice; an unknown name
stops with the closest names.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.geography import geoids as gid
from analysis.core.errors import InputError, csv_line
from analysis.geography.state_names import STATES, normalise, state_from
from analysis.core.tables import read_text_table

DC = "11001"
NEW_YORK_CITY = ("36005", "36047", "36061", "36081", "36085")
DC_SPELLINGS = {"washington dc", "washington d c", "dc", "d c", "district of columbia",
                "washington district of columbia", "the district of columbia"}
NYC_SPELLINGS = {"new york city", "nyc", "new york ny", "new york new york", "city of new york",
                 "new york city ny", "new york city new york", "new york"}
# AP Stylebook: U.S. cities that stand alone in datelines, without their state.
# Washington is left out on purpose: in a list of jurisdictions it may be the state.
AP_DATELINE_CITIES = {
    "atlanta": "13", "baltimore": "24", "boston": "25", "chicago": "17", "cincinnati": "39",
    "cleveland": "39", "dallas": "48", "denver": "08", "detroit": "26", "honolulu": "15",
    "houston": "48", "indianapolis": "18", "las vegas": "32", "los angeles": "06", "miami": "12",
    "milwaukee": "55", "minneapolis": "27", "new orleans": "22", "oklahoma city": "40",
    "philadelphia": "42", "phoenix": "04", "pittsburgh": "42", "st louis": "29",
    "salt lake city": "49", "san antonio": "48", "san diego": "06", "san francisco": "06", "seattle": "53",
}
COUNTY_KINDS = ("city and borough", "census area", "municipality", "county", "parish", "borough", "city")
# County-equivalents that are themselves a city: independent cities ("Baltimore city"),
# Carson City, and Alaska's consolidated city-boroughs ("Anchorage Municipality").
CITY_LIKE_COUNTY_KINDS = ("city", "", "municipality", "city and borough")
PLACE_KINDS = ("city and borough", "municipality", "corporation", "village", "borough", "city", "town", "cdp")


@dataclass(frozen=True)
class Geo:
    geoid: str
    level: str
    name: str
    state: str
    base: str
    kind: str


@dataclass(frozen=True)
class Resolution:
    jurisdiction: str
    matched_name: str
    geo_level: str
    geoids: str
    method: str
    detail: str


class UnresolvedName(Exception):
    """A name that cannot be resolved without a person's decision."""

    def __init__(self, jurisdiction: str, problem: str, candidates: list[str], advice: str):
        self.jurisdiction, self.problem, self.candidates, self.advice = jurisdiction, problem, candidates, advice
        listed = "; ".join(candidates) if candidates else "none"
        super().__init__(f"'{jurisdiction}': {problem}. Candidates: {listed}. {advice}")


def _split_kind(local: str, kinds: tuple[str, ...]) -> tuple[str, str]:
    """``'cook county'`` -> ``('cook', 'county')``; no known type -> ``(local, '')``."""
    for kind in kinds:
        if local.endswith(" " + kind):
            return local[: -len(kind) - 1], kind
    return local, ""


def _pin_advice(name: str, state_known: bool) -> str:
    pin = f"pin it in an overrides file (--overrides) with a row: \"{name}\",<geo_level>,<GEOIDs>,<reason>"
    if state_known:
        return f"Choose one by its GEOID: {pin}"
    return f"Add the state to the name ('{name.split(',')[0].strip()}, <state>'), pass --state, or {pin}"


class Resolver:
    """Name lookup over every state, county and place; build once, resolve many."""

    def __init__(self, geographies: pd.DataFrame):
        self.by_geoid: dict[str, Geo] = {}
        self.county_full: dict[str, list[Geo]] = defaultdict(list)
        self.county_city: dict[str, list[Geo]] = defaultdict(list)
        self.place_full: dict[str, list[Geo]] = defaultdict(list)
        self.place_base: dict[str, list[Geo]] = defaultdict(list)
        self.county_base: dict[str, list[Geo]] = defaultdict(list)
        coextensive_key: dict[tuple, str] = {}
        columns = ["geoid", "geo_level", "name", "population", "census2010"]
        rows = zip(*(geographies[c].tolist() for c in columns))
        places = []
        for geoid, level, name, population, census2010 in rows:
            local = name.rsplit(", ", 1)[0] if level != "state" else name
            norm = normalise(local)
            if level == "state":
                geo = Geo(geoid, level, name, geoid, norm, "state")
            elif level == "county":
                base, kind = _split_kind(norm, COUNTY_KINDS)
                geo = Geo(geoid, level, name, geoid[:2], base, kind)
                self.county_full[norm].append(geo)
                self.county_base[base].append(geo)
                if kind in CITY_LIKE_COUNTY_KINDS:
                    self.county_city[base].append(geo)
                if census2010.isdigit():
                    coextensive_key[(geoid[:2], int(population), census2010)] = geoid
            else:
                base, kind = _split_kind(norm, PLACE_KINDS)
                geo = Geo(geoid, level, name, geoid[:2], base, kind)
                self.place_full[norm].append(geo)
                self.place_base[base].append(geo)
                places.append((geo, int(population), census2010))
            self.by_geoid[geoid] = geo
        # A place with the same 2010 count and 2017 estimate as a county-equivalent in its state is that county.
        self.coextensive: dict[str, str] = {
            geo.geoid: coextensive_key[(geo.state, population, census2010)]
            for geo, population, census2010 in places
            if census2010.isdigit() and (geo.state, population, census2010) in coextensive_key}

    # -- public ---------------------------------------------------------------------------------
    def resolve(self, name: str, state_hint: str | None = None,
                overrides: dict[str, Resolution] | None = None) -> Resolution:
        if overrides and name in overrides:
            return overrides[name]
        text = name.strip()
        norm = normalise(text)
        if norm.startswith("the "):
            norm = norm[4:]
        if norm in DC_SPELLINGS:
            return self._result(name, [DC], "District of Columbia rule",
                                "'Washington, D.C.' and its spellings mean county-equivalent 11001")
        if norm in NYC_SPELLINGS:
            detail = ("AP style: 'New York' alone is the city; write 'New York state' for the state"
                      if norm == "new york" else "New York City is its five boroughs, each a county")
            return self._result(name, list(NEW_YORK_CITY), "New York City rule", detail, level="county_set")
        stated = re.fullmatch(r"(?:state|commonwealth) of (.+)|(.+) state", norm)
        if stated:
            found = state_from(stated.group(1) or stated.group(2))
            if found:
                return self._result(name, [found[0]], "state", f"named as a state ({found[1]})")
        local, state, how = self._split_state(text)
        if not local:
            return self._state_alone(name, state, how)
        if state is None and state_hint:
            hint = state_from(state_hint)
            if hint is None:
                raise UnresolvedName(name, f"--state '{state_hint}' is not a state", [], "Use a postal code like OR.")
            state, how = hint[0], f"state from --state {state_hint}"
        return self._local(name, local, state, how)

    # -- steps ----------------------------------------------------------------------------------
    def _split_state(self, text: str) -> tuple[str, str | None, str]:
        """Separate a trailing state ('Portland, Ore.', 'Portland Oregon') from the local name."""
        if "," in text:
            local, tail = text.rsplit(",", 1)
            found = state_from(tail)
            if found:
                return normalise(local), found[0], f"state from '{tail.strip()}' ({found[1]})"
            return normalise(text), None, ""
        words = normalise(text).split()
        for size in (3, 2, 1):
            if len(words) > size:
                found = state_from(" ".join(words[-size:]))
                if found:
                    return " ".join(words[:-size]), found[0], f"state from '{' '.join(words[-size:])}' ({found[1]})"
        found = state_from(text)
        if found:
            return "", found[0], found[1]
        return normalise(text), None, ""

    def _state_alone(self, name: str, state: str, how: str) -> Resolution:
        if STATES[state][0] == "Washington" and how == "state name":
            candidates = ["Washington state (53)", "Washington, D.C. (11001)"] + [
                f"{g.name} ({g.geoid})" for g in self.place_base.get("washington", [])[:5]]
            raise UnresolvedName(name, "ambiguous: 'Washington' may be the state or the capital, and "
                             f"{len(self.place_base.get('washington', []))} places have that name",
                             candidates, "Write 'Washington state' or 'Washington, D.C.', or pin it in an "
                             "overrides file.")
        others = len(self.place_base.get(normalise(STATES[state][0]), []))
        detail = f"a bare {how} means the state"
        if others:
            detail += f"; {others} places are named {STATES[state][0]}: write 'Name, ST' for one of them"
        return self._result(name, [state], "state", detail)

    def _local(self, name: str, local: str, state: str | None, how: str) -> Resolution:
        city_of = local.startswith("city of ") and local not in self.place_full
        if city_of:
            local = local[len("city of "):]
        county_base, county_kind = _split_kind(local, COUNTY_KINDS)
        candidates: list[Geo] = []
        if county_kind and not city_of:
            candidates += self.county_full.get(local, [])
        candidates += self.place_full.get(local, [])
        if not candidates:
            candidates += self.place_base.get(local, []) + self.county_city.get(local, [])
        if not candidates:  # Census names such as "Boise City city" for Boise
            candidates += self.place_base.get(local + " city", [])
        if state is not None:
            candidates = [g for g in candidates if g.state == state]
        rule = ""
        if state is None and len(candidates) > 1 and local in AP_DATELINE_CITIES:
            state = AP_DATELINE_CITIES[local]
            candidates = [g for g in candidates if g.state == state and g.kind in ("city", "")]
            rule = "AP dateline city: stands alone without its state"
            how = f"state {STATES[state][1]} by the AP dateline rule"
        merged = self._merge_coextensive(candidates)
        if len(merged) == 1 and state is None and not rule:
            rule = "the only geography of that name in the country"
        if len(merged) == 1:
            (geo, via_place), = merged.items()
            return self._from_geo(name, self.by_geoid[geo], via_place, how, rule)
        candidates = [self.by_geoid[g] for g in merged]
        if not candidates:
            raise UnresolvedName(name, "unknown name" + (f" in {STATES[state][0]}" if state else ""),
                             self._closest(local, state), "Check the spelling, or pin it in an overrides file.")
        listed = [f"{g.name} ({g.geoid}, {g.level})" for g in sorted(candidates, key=lambda g: g.geoid)]
        where = f"in {STATES[state][0]}" if state else "in several states"
        raise UnresolvedName(name, f"ambiguous: {len(candidates)} geographies match {where}", listed[:12],
                             _pin_advice(name, state_known=state is not None))

    def _merge_coextensive(self, candidates: list[Geo]) -> dict[str, Geo | None]:
        """GEOID -> the place it was reached through, a place coextensive with a county becoming the county."""
        merged: dict[str, Geo | None] = {}
        for geo in candidates:
            county = self.coextensive.get(geo.geoid)
            if county:
                merged[county] = geo
            else:
                merged.setdefault(geo.geoid, None)
        return merged

    def _from_geo(self, name: str, geo: Geo, via_place: Geo | None, how: str, rule: str) -> Resolution:
        details = [how, rule]
        if via_place is not None:
            method = "place coextensive with a county-equivalent"
            details.append(f"{via_place.name} ({via_place.geoid}) has the same 2010 count and 2017 estimate "
                           f"as {geo.name}; the county GEOID is used")
        elif geo.level == "county" and geo.kind in CITY_LIKE_COUNTY_KINDS:
            method = "city that is a county-equivalent"
        else:
            method = geo.level
        if geo.level == "place" or via_place is not None or geo.kind in CITY_LIKE_COUNTY_KINDS:
            details.append(self._also_county(geo))
        return self._result(name, [geo.geoid], method, "; ".join(d for d in details if d))

    def _also_county(self, geo: Geo) -> str:
        """Say so when a county of the same name exists in the state ('a city that is also a county')."""
        namesakes = [g for g in self.county_base.get(geo.base, [])
                     if g.state == geo.state and g.geoid != geo.geoid and g.kind != "city"]
        if not namesakes:
            return ""
        county = namesakes[0]
        return (f"read as the city (a bare name means the city); {county.name} ({county.geoid}) is a different "
                f"area: write '{county.name}' or pin it in an overrides file")

    def _closest(self, local: str, state: str | None) -> list[str]:
        pool = [g for g in self.by_geoid.values() if g.level != "state" and (state is None or g.state == state)]
        names = {normalise(g.name.rsplit(", ", 1)[0]): g for g in pool}
        close = difflib.get_close_matches(local, list(names), n=5, cutoff=0.6)
        return [f"{names[c].name} ({names[c].geoid})" for c in close]

    def _result(self, name: str, geoids: list[str], method: str, detail: str, level: str | None = None) -> Resolution:
        geos = [self.by_geoid[g] for g in geoids]
        if level is None:
            level = geos[0].level
        matched = "; ".join(g.name for g in geos)
        return Resolution(name, matched, level, gid.join_geoids(geoids), method, detail)


def load_overrides(path: Path, resolver: Resolver) -> dict[str, Resolution]:
    """Pinned names: ``jurisdiction,geo_level,geoids,reason`` (GEOIDs ``;``-separated)."""
    table = read_text_table(path, ["jurisdiction", "geo_level", "geoids", "reason"])
    pinned = {}
    for index, row in table.iterrows():
        parts = gid.split_geoids(row["geoids"])
        if row["geo_level"] not in gid.LEVELS:
            raise InputError(path, f"'{row['geo_level']}' is not one of {', '.join(gid.LEVELS)}",
                             row=csv_line(index), field="geo_level")
        unknown = [g for g in parts if g not in resolver.by_geoid]
        if unknown or not parts:
            raise InputError(path, f"GEOID(s) {', '.join(unknown) or '(none)'} not in the national Census files",
                             row=csv_line(index), field="geoids")
        matched = "; ".join(resolver.by_geoid[g].name for g in parts)
        pinned[row["jurisdiction"]] = Resolution(row["jurisdiction"], matched, row["geo_level"],
                                                 gid.join_geoids(parts), "override", row["reason"])
    return pinned
