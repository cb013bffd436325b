"""Turn press-release place names into Census geographies, offline: right, or saying it is unsure.

"Baltimore (28); Cook County, Illinois (30); Portland, Ore. (33); the state of
Massachusetts (50)": each name is matched against every state, county (and
county-equivalent) and place in the national Census files. Every form of the
name is tried before anything is chosen (``analysis.geography.name_forms``:
"Jersey City" is both "Jersey City city", New Jersey, read as a name, and
"Jersey city", Georgia, read with "City" as its type), and a place that has
the same 2010 count and the same estimate as a county-equivalent of its state
(Denver, Philadelphia, San Francisco, Baltimore city, the Virginia independent
cities) counts as that county-equivalent, whose GEOID county tables and maps use.

The rules, in the order they are tried (the ``rule`` field names the one used):

1. ``override``: a row of the overrides file pins the name (an editorial decision with its reason).
2. ``district-of-columbia``: "Washington, D.C.", "D.C.", "District of Columbia" mean county-equivalent 11001.
3. ``new-york-city``: "New York City", "NYC", "New York, N.Y." and a bare "New York" (AP style: the
   city; the state is "New York state") mean the five counties of New York City.
4. ``state``: "the state of X", "Commonwealth of X", "X state", or the whole name a state's name, postal
   code or AP abbreviation ("West Virginia" is never a place in Virginia). A bare "Washington" stops
   (state, capital or one of many towns), and so do "LA" and "L.A." (Louisiana or Los Angeles).
5. One geography answers to the name under every reading: ``exact`` (with the state written in the
   name), ``state-hint`` (in the ``--state`` state) or ``unique-in-country`` (no state given).
6. ``preferred-reading``: several readings, all in one state; the strongest reading wins when it is
   the only one at its strength: the name as people say it ("Jersey City"), then the name with its
   type word ("Jersey city"), then another name in the Census name ("Ventura") or a county's name
   without "County" ("Los Angeles" is the city, not Los Angeles County). A type word written in lower
   case after the name, as the Census writes types ("Rockwell city, Iowa"), makes the name with its
   type the strongest. Two readings of the same strength in one state stop, unless one is far ahead
   (rule 8's test): then the rule is ``ranked-with-note``.
7. ``ap-dateline``: no state given and the name is one of the AP Stylebook's dateline cities that stand
   alone (Baltimore, Denver, Los Angeles, ...): that city's state, then rule 6 inside it.
8. ``ranked-with-note``: no state given, several states: the strongest reading, the most populous
   first, wins only when every other candidate is far behind: a weaker reading in its own state, a
   place whose type word was read as part of the name ("Jersey city", Georgia, for "Jersey City"), or
   at most 1/20 of its population when it has 50,000 people or more ("Carson City" is Nevada's
   capital, not Carson City, Mich.; "Cook County" is Illinois's).
9. Otherwise the name stops, with its candidates best first (each "Name (GEOID, level, pop N)": larger
   first, a type word read as a name word last) and how to pin one; an unknown name stops with the
   closest names (in its state first; the same name in other states when a state was written); a
   name made of several names ("Dallas-Fort Worth", "Kansas City, Mo. and Kan.") stops and lists them.

A name with no match in the ``--state`` state is looked up in the whole country with the same rules
(rules 5 to 8), and says so in its notes.

``confidence`` is ``certain`` when ``notes`` is empty, ``likely`` otherwise, ``pinned`` for an
override. Notes list every other geography the name can mean, and every county of the state whose
name the chosen city shares ("Miami" and Miami-Dade County; "Salt Lake City" and Salt Lake County),
since counts given for a city are often the county's.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from analysis.geography import geoids as gid
from analysis.geography.fuzzy import TrigramIndex
from analysis.geography.name_forms import (ALIAS, USUAL_NAMES, CITY_LIKE_COUNTY_KINDS, COUNTY_BASE, NAME,
                                           PLACE_TYPE_WORDS, READING_RANK, TYPED, Written, county_keys,
                                           county_parts, name_key, place_keys, place_parts, written_forms)
from analysis.geography.overrides import Overrides, load_overrides, unused_overrides
from analysis.geography.resolution import CERTAIN, LIKELY, Resolution, UnresolvedName
from analysis.geography.state_names import STATES, basic_tokens, state_from, state_from_key

__all__ = ["Resolver", "Resolution", "UnresolvedName", "Overrides", "load_overrides", "unused_overrides"]

DC = "11001"
NEW_YORK_CITY = ("36005", "36047", "36061", "36081", "36085")
DC_SPELLINGS = {"washington dc", "washington d c", "dc", "d c", "district of columbia",
                "washington district of columbia", "wash dc", "wash d c"}
NYC_SPELLINGS = {"new york city", "nyc", "new york ny", "new york n y", "new york new york", "city of new york",
                 "new york city ny", "new york city n y", "new york city new york", "nyc ny", "new york"}
LOS_ANGELES_OR_LOUISIANA = {"la"}
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
# Rule 8: how far ahead the largest candidate must be to be what a reporter means.
DOMINANCE_RATIO = 20
DOMINANCE_MIN_POPULATION = 50_000
LISTED_IN_NOTES = 5
NEAR_SPELLING = 0.85  # difflib ratio: "Springfeld" / "Springfield" is 0.95, "Pittsburg" / "Pittsburgh" 0.95
LISTED_IN_ERRORS = 12
_STATED = re.compile(r"(?:the )?(?:state|commonwealth) of (.+)|(.+) state")
_LIST_SEPARATORS = re.compile(r"\s*(?:,?\s+and\s+|&|/|\s-\s|-)\s*", re.IGNORECASE)
_READING_WORDS = {NAME: "read by its name", TYPED: "read by its name with its type",
                  ALIAS: "read by another name it goes by",
                  COUNTY_BASE: "read by the county's name without its type"}


@dataclass(frozen=True)
class Geo:
    geoid: str
    level: str
    name: str
    state: str
    kind: str        # the Census type word: "county", "city", "town", "" ...
    population: int
    base: str        # key of the name as people say it ("jersey city", "cook")


class _Candidate(NamedTuple):
    geo: Geo              # what the name resolves to (a county-equivalent for a coextensive place)
    reading: str          # how the name met it (name_forms reading)
    rank: int             # READING_RANK of the reading: lower is stronger
    via: Geo | None       # the place it was reached through, when that place is coextensive with geo
    written: Written      # the reading of the written name that met it


def _pin_advice(name: str, state_known: bool) -> str:
    pin = f"pin it in an overrides file (--overrides) with a row: \"{name}\",<geo_level>,<GEOIDs>,<reason>"
    if state_known:
        return f"Choose one by its GEOID: {pin}"
    return f"Add the state to the name ('{name.split(',')[0].strip()}, <state>'), pass --state, or {pin}"


def _listed(items: list[str], limit: int) -> str:
    shown = "; ".join(items[:limit])
    return shown + (f"; and {len(items) - limit} more" if len(items) > limit else "")


def _same_name(place: str, county: str) -> bool:
    """Denver / Denver, New Orleans / Orleans: one name holds the other."""
    return place in county or county in place


# Equal 2010 counts and estimates can be a coincidence between two small, unrelated areas (Chillicothe,
# Texas, and McMullen County both counted 707 in 2010); for places this large they mean one area under two
# names (Washington and the District of Columbia, Columbus and Muscogee County, Ga.).
COINCIDENCE_FREE = 50_000


# A match under this population, from a name written without a state after a comma, is flagged:
# "Long Island" or "West Texas" are regions, not the towns of Long Island, Kan., or West, Texas.
SMALL_PLACE = 10_000


class Resolver:
    """Name lookup over every state, county and place; build once (one pass), resolve many."""

    def __init__(self, geographies: pd.DataFrame):
        self.by_geoid: dict[str, Geo] = {}
        self.keys: dict[str, list[tuple[Geo, str]]] = defaultdict(list)
        # (state, key of a county's name or of one part of a hyphenated name) -> counties
        self.county_namesakes: dict[tuple[str, str], list[Geo]] = defaultdict(list)
        coextensive_key: dict[tuple, str] = {}
        places = []
        columns = ["geoid", "geo_level", "name", "population", "census2010"]
        for geoid, level, name, population, census2010 in zip(*(geographies[c].tolist() for c in columns)):
            population = int(population)
            if level == "state":
                self.by_geoid[geoid] = Geo(geoid, level, name, geoid, "state", population, name_key(name))
                continue
            local = name.rsplit(", ", 1)[0]
            keys, kind = county_keys(local) if level == "county" else place_keys(local)
            base = next((k for k, reading in keys if reading in (NAME, COUNTY_BASE)), keys[0][0])
            geo = Geo(geoid, level, name, geoid[:2], kind, population, base)
            self.by_geoid[geoid] = geo
            strongest: dict[str, str] = {}
            for key, reading in keys:
                if key not in strongest or READING_RANK[reading] < READING_RANK[strongest[key]]:
                    strongest[key] = reading
            for key, reading in strongest.items():
                self.keys[key].append((geo, reading))
            if level == "county":
                if kind and kind not in CITY_LIKE_COUNTY_KINDS:
                    for part in county_parts(local):
                        self.county_namesakes[(geo.state, part)].append(geo)
                if census2010.isdigit():
                    coextensive_key[(geo.state, population, census2010)] = (geoid, base)
            elif census2010.isdigit():
                places.append((geo, (geo.state, population, census2010)))
        for key, geoid in USUAL_NAMES.items():
            if geoid in self.by_geoid:
                self.keys[key].append((self.by_geoid[geoid], ALIAS))
        # (state, key) -> entries: a name with its state looks at that state's geographies only
        self.keys_in_state: dict[tuple[str, str], list[tuple[Geo, str]]] = defaultdict(list)
        for key, entries in self.keys.items():
            for entry in entries:
                self.keys_in_state[(entry[0].state, key)].append(entry)
        # A place with the same name, 2010 count and estimate as a county-equivalent of its state is that
        # county (Denver, Philadelphia, the Virginia cities); equal numbers alone can be a coincidence.
        self.coextensive: dict[str, str] = {geo.geoid: coextensive_key[k][0] for geo, k in places
                                            if k in coextensive_key and (_same_name(geo.base, coextensive_key[k][1])
                                                                         or geo.population >= COINCIDENCE_FREE)}
        self.coextensive_places: dict[str, list[Geo]] = defaultdict(list)
        for place, county in self.coextensive.items():
            self.coextensive_places[county].append(self.by_geoid[place])
        self._fuzzy: TrigramIndex | None = None
        self._state_keys: dict[str, set[str]] = defaultdict(set)
        self._traps: dict[str, list[tuple[str, str]]] = {}

    # -- public ---------------------------------------------------------------------------------
    def resolve(self, name: str, state_hint: str | None = None,
                overrides: dict[str, Resolution] | None = None) -> Resolution:
        """The geography ``name`` means, or ``UnresolvedName`` saying why a person must decide."""
        if overrides:
            if name in overrides:
                return overrides[name]
            Overrides.check_spelling(overrides, name)
        hint = None
        if state_hint:
            found = state_from(state_hint)
            if found is None:
                raise UnresolvedName(name, f"--state '{state_hint}' is not a state", [], "Use a postal code like OR.")
            hint = found[0]
        tokens = basic_tokens(name)
        if tokens[:1] == ["the"]:
            tokens = tokens[1:]
        special = self._special(name, " ".join(tokens))
        if special is not None:
            return special
        return self._choose(name, written_forms(name), hint, state_hint)

    def describe(self, geoid: str) -> str:
        """``'Jersey City city, New Jersey (3436000, place, pop 263,292)'``."""
        geo = self.by_geoid[geoid]
        return f"{geo.name} ({geo.geoid}, {geo.level}, pop {geo.population:,})"

    def _describe(self, candidate: _Candidate) -> str:
        """``describe``, saying which place a county-equivalent was reached through ("Columbus" -> Muscogee)."""
        text = self.describe(candidate.geo.geoid)
        return text if candidate.via is None else f"{text[:-1]}; same area as {candidate.via.name})"

    def namesake_counties(self, geoid: str) -> list[Geo]:
        """Counties of the same state whose name the city ``geoid`` shares (not the city itself).

        "Miami" and Miami-Dade County, "Los Angeles" and Los Angeles County, "Salt Lake City" and
        Salt Lake County: the county is another, larger area that counts are often given for.
        """
        geo = self.by_geoid[geoid]
        bases = {geo.base}
        for place in [geo] if geo.level == "place" else self.coextensive_places.get(geoid, []):
            local = place.name.rsplit(", ", 1)[0]
            bases.update(place_parts(local) if "-" in local or "/" in local or "(" in local else [place.base])
        keys = set(bases)
        for base in bases:
            words = base.rsplit(" ", 1)
            if len(words) == 2 and words[1] in PLACE_TYPE_WORDS:
                keys.add(words[0])
        found = {c.geoid: c for key in keys for c in self.county_namesakes.get((geo.state, key), [])
                 if c.geoid != geoid}
        return sorted(found.values(), key=lambda c: -c.population)

    # -- rules 2 to 4 ---------------------------------------------------------------------------
    def _special(self, name: str, text: str) -> Resolution | None:
        if text in DC_SPELLINGS:
            return self._result(name, [DC], "District of Columbia rule", "district-of-columbia",
                                "'Washington, D.C.' and its spellings mean county-equivalent 11001")
        if text in NYC_SPELLINGS:
            notes = ["a bare 'New York' is read as the city (AP style); write 'New York state' for the state"
                     ] if text == "new york" else []
            return self._result(name, list(NEW_YORK_CITY), "New York City rule", "new-york-city",
                                "New York City is its five boroughs, each a county", notes, level="county_set")
        if text in LOS_ANGELES_OR_LOUISIANA:
            candidates = [self.describe(g) for g in ("0644000", "06037", "22") if g in self.by_geoid]
            raise UnresolvedName(name, "ambiguous: 'LA' is Louisiana's postal code and short for Los Angeles",
                                 candidates, "Write 'Louisiana', 'Los Angeles' or 'Los Angeles County', or pin "
                                 "it in an overrides file.")
        stated = _STATED.fullmatch(text)
        if stated:
            found = state_from_key(stated.group(1) or stated.group(2))
            if found:
                return self._result(name, [found[0]], "state", "state", f"named as a state ({found[1]})")
        found = state_from_key(text)
        if found is None:
            return None
        fips, how = found
        namesakes = sorted({geo.geoid: geo for geo, _ in self.keys.get(self.by_geoid[fips].base, [])}.values(),
                           key=lambda g: -g.population)
        if fips == "53" and how == "state name":
            raise UnresolvedName(name, f"ambiguous: 'Washington' may be the state or the capital, and "
                                 f"{len(namesakes)} other places or counties have that name",
                                 ["Washington state (53)", "Washington, D.C. (11001)"] +
                                 [self.describe(g.geoid) for g in namesakes[:5]],
                                 "Write 'Washington state' or 'Washington, D.C.', or pin it in an overrides file.")
        notes = []
        if namesakes:
            notes.append(f"a bare {how} is read as the state; {len(namesakes)} other geographies have that name "
                         f"({_listed([self.describe(g.geoid) for g in namesakes], LISTED_IN_NOTES)}): "
                         f"write 'the state of {STATES[fips][0]}' to be explicit, or 'Name, ST' for another")
        return self._result(name, [fips], "state", "state", f"a bare {how} means the state", notes)

    # -- rules 5 to 9 ---------------------------------------------------------------------------
    def _candidates(self, forms: list[Written]) -> tuple[dict[str, _Candidate], str | None, str]:
        """Every geography any reading of the name meets (strongest reading kept), and the written state."""
        stated: dict[str, _Candidate] = {}
        literal: dict[str, _Candidate] = {}
        state, how = None, ""
        for written in forms:
            if written.state:
                state, how = written.state, written.how
            pool = stated if written.state else literal
            entries = self.keys_in_state.get((written.state, written.key), ()) if written.state else \
                self.keys.get(written.key, ())
            for geo, reading in entries:
                if written.places_only and (reading == COUNTY_BASE or (geo.level == "county" and reading == TYPED)):
                    continue
                rank = READING_RANK[reading]
                if written.lower_type:  # Census style: "Rockwell city" is Rockwell before Rockwell City
                    rank = 0 if reading == TYPED and geo.kind == written.lower_type else \
                        1 if reading == NAME and geo.kind != "" else rank
                county = self.coextensive.get(geo.geoid)
                candidate = _Candidate(self.by_geoid[county], reading, rank, geo, written) \
                    if county else _Candidate(geo, reading, rank, None, written)
                known = pool.get(candidate.geo.geoid)
                if known is None or rank < known.rank:
                    pool[candidate.geo.geoid] = candidate
        if stated and literal:  # "Portland Ore" read two ways: both count, no state is certain
            return {**literal, **stated}, None, ""
        if literal:
            return literal, None, ""
        return stated, state, how

    def _choose(self, name: str, forms: list[Written], hint: str | None, state_hint: str | None) -> Resolution:
        candidates, state, how = self._candidates(forms)
        if len(candidates) == 1 and (state is not None or hint is None):
            (only,) = candidates.values()
            return self._from_candidate(name, only, "exact" if state else "unique-in-country", how, [], [])
        extra: list[str] = []
        if state is None and hint:
            in_hint = {g: c for g, c in candidates.items() if c.geo.state == hint}
            if in_hint:
                return self._in_state(name, in_hint, "state-hint", f"state from --state {state_hint}")
            if candidates:
                extra.append(f"no geography of that name in {STATES[hint][0]} (--state {state_hint}): "
                             "matched in the whole country")
        if not candidates:
            raise self._several(name) or self._unknown(name, forms, state or hint)
        if state is not None:
            return self._in_state(name, candidates, "exact", how)
        return self._national(name, candidates, extra)

    def _in_state(self, name: str, candidates: dict[str, _Candidate], single_rule: str, how: str,
                  extra: list[str] | None = None, elsewhere: list[_Candidate] | None = None) -> Resolution:
        """One state's candidates: the strongest reading, if it is the only one at that strength."""
        ordered = sorted(candidates.values(), key=lambda c: (c.rank, -c.geo.population))
        best = ordered[0]
        rivals = [c for c in ordered[1:] if c.rank == best.rank]
        if not all(self._far_ahead(best, c) for c in rivals):
            ties = [self._describe(c) for c in ordered]
            raise UnresolvedName(name, f"ambiguous: {len(ordered)} geographies match in {STATES[best.geo.state][0]}",
                                 ties[:LISTED_IN_ERRORS], _pin_advice(name, state_known=True))
        rule = single_rule if len(ordered) == 1 or single_rule == "ap-dateline" else \
            "ranked-with-note" if rivals else "preferred-reading"
        others = ordered[1:] + sorted(elsewhere or [], key=self._order)
        return self._from_candidate(name, best, rule, how, list(extra or []), others)

    def _national(self, name: str, candidates: dict[str, _Candidate], extra: list[str]) -> Resolution:
        """No state: a unique match, an AP dateline city, or a candidate far ahead of all others."""
        if len(candidates) == 1:
            (only,) = candidates.values()
            return self._from_candidate(name, only, "unique-in-country", "", extra, [])
        for candidate in candidates.values():
            ap_state = AP_DATELINE_CITIES.get(candidate.written.key)
            in_state = {g: c for g, c in candidates.items() if c.geo.state == ap_state}
            if in_state:
                elsewhere = [c for c in candidates.values() if c.geo.state != ap_state]
                return self._in_state(name, in_state, "ap-dateline", f"state {STATES[ap_state][1]} by the AP "
                                      "dateline rule (a city that stands alone in datelines)", extra, elsewhere)
        ordered = sorted(candidates.values(), key=lambda c: (c.rank, -c.geo.population))
        best = ordered[0]
        if all(self._dominates(best, other) for other in ordered[1:]):
            return self._from_candidate(name, best, "ranked-with-note", "", extra, sorted(ordered[1:], key=self._order))
        listed = [self._describe(c) for c in sorted(ordered, key=self._order)]
        states = {c.geo.state for c in ordered}
        where = f"in {len(states)} states" if len(states) > 1 else f"in {STATES[best.geo.state][0]}"
        raise UnresolvedName(name, f"ambiguous: {len(ordered)} geographies match {where}",
                             listed[:LISTED_IN_ERRORS], _pin_advice(name, state_known=len(states) == 1))

    @staticmethod
    def _order(candidate: _Candidate) -> tuple:
        """Best first, as a reporter would mean the name: a type word read as a name word last, then size."""
        return (candidate.reading == TYPED and candidate.geo.kind in PLACE_TYPE_WORDS, -candidate.geo.population)

    @staticmethod
    def _dominates(best: _Candidate, other: _Candidate) -> bool:
        """Rule 8: is ``other`` so far behind ``best`` that a reporter would not mean it?"""
        if other.rank > best.rank and other.geo.state == best.geo.state:
            return True
        if best.reading == NAME and other.reading == TYPED and other.geo.kind in PLACE_TYPE_WORDS:
            return True
        return Resolver._far_ahead(best, other)

    @staticmethod
    def _far_ahead(best: _Candidate, other: _Candidate) -> bool:
        return best.geo.population >= DOMINANCE_MIN_POPULATION and \
            best.geo.population >= DOMINANCE_RATIO * other.geo.population

    def _others_notes(self, name: str, best: _Candidate, others: list[_Candidate]) -> list[str]:
        """One note for a same-named county of the state, one listing every other candidate."""
        notes = []
        county = [c for c in others if c.reading == COUNTY_BASE and c.geo.state == best.geo.state] \
            if best.reading != COUNTY_BASE else []
        if county:
            other = county[0].geo
            notes.append(f"read as the city (a bare name means the city); {self.describe(other.geoid)} is a "
                         f"different area: write '{other.name.rsplit(', ', 1)[0]}' or pin it in an overrides file")
        rest = [c for c in others if c not in county[:1]]
        if rest:
            advice = "pin" if all(c.geo.state == best.geo.state for c in rest) else "add the state or pin"
            notes.append(f"'{name}' also names {_listed([self._describe(c) for c in rest], LISTED_IN_NOTES)}"
                         f": {advice} the one meant in an overrides file")
        return notes

    def _from_candidate(self, name: str, candidate: _Candidate, rule: str, how: str, notes: list[str],
                        others: list[_Candidate]) -> Resolution:
        geo, via = candidate.geo, candidate.via
        details = [how, _READING_WORDS[candidate.reading]] if how else [_READING_WORDS[candidate.reading]]
        if via is not None:
            method = "place coextensive with a county-equivalent"
            details.append(f"{via.name} ({via.geoid}) has the same 2010 count and estimate as {geo.name}; "
                           "the county GEOID is used")
        elif geo.level == "county" and geo.kind in (*CITY_LIKE_COUNTY_KINDS, ""):
            method = "city that is a county-equivalent"
        else:
            method = geo.level
        if geo.kind == "cdp":
            details.append("a census designated place, not a municipality")
        if others:
            notes = notes + self._others_notes(name, candidate, others)
        if method != "county":
            shown = {c.geo.geoid for c in others}
            notes += [note for county, note in self._trap_notes(geo.geoid) if county not in shown]
        if geo.population < SMALL_PLACE and "," not in name and geo.level != "state":
            notes.append(f"{self.describe(geo.geoid)} is small: if '{name}' means a region or a larger place, "
                         "it is not this Census geography; add the state after a comma or pin it in an overrides file")
        return self._result(name, [geo.geoid], method, rule, "; ".join(details), notes)

    def _trap_notes(self, geoid: str) -> list[tuple[str, str]]:
        """(county GEOID, note) for each same-named county of the city ``geoid``; computed once per city."""
        if geoid not in self._traps:
            self._traps[geoid] = [
                (c.geoid, f"{self.describe(c.geoid)} is a different area with a similar name (counts given "
                          f"under a city's name are sometimes the county's): write '{c.name.rsplit(', ', 1)[0]}' "
                          "for the county")
                for c in self.namesake_counties(geoid)]
        return self._traps[geoid]

    # -- unknown names --------------------------------------------------------------------------
    def _unknown(self, name: str, forms: list[Written], state: str | None) -> UnresolvedName:
        """The closest names: near spellings first, then the same name in other states, then the rest."""
        key = forms[-1].key if forms else ""
        close, near = [], []  # near: a spelling this close is surely the one meant
        for ratio, found in self._closest(key, state):
            geos = sorted({g for g, _ in self.keys[found] if state is None or g.state == state},
                          key=lambda g: (-g.population, g.level != "place"))
            (near if ratio >= NEAR_SPELLING else close).extend(self.describe(g.geoid) for g in geos)
        elsewhere = [] if state is None else [  # the state may be the mistake: the same name in other states
            self.describe(g.geoid) for g in sorted({g for g, _ in self.keys.get(key, ())}, key=lambda g: -g.population)]
        suggestions = list(dict.fromkeys(near + elsewhere + close))[:LISTED_IN_NOTES + 3]
        where = f" in {STATES[state][0]}" if state else ""
        return UnresolvedName(name, f"unknown name{where}", suggestions,
                              "Check the spelling, or pin it in an overrides file.")

    def _several(self, name: str) -> UnresolvedName | None:
        """'Dallas-Fort Worth', 'Kansas City, Mo. and Kan.': several geographies in one name."""
        parts = [p.strip() for p in _LIST_SEPARATORS.split(name) if p.strip()]
        if len(parts) < 2:
            return None
        found = []
        for part in parts:
            try:
                result = self._resolve_part(part)
            except UnresolvedName:
                continue
            found.append(f"{part}: {result.matched_name} ({result.geoids})")
        if len(found) < 2:
            return None
        return UnresolvedName(name, "names several geographies in one row", found,
                              "Give each its own row, or pin the set in an overrides file (geo_level "
                              "county_set for several counties).")

    def _resolve_part(self, part: str) -> Resolution:
        """``resolve`` for one part of a name, without looking for closest names or further parts."""
        tokens = basic_tokens(part)
        special = self._special(part, " ".join(tokens[1:] if tokens[:1] == ["the"] else tokens))
        if special is not None:
            return special
        candidates, state, how = self._candidates(written_forms(part))
        if not candidates:
            raise UnresolvedName(part, "unknown name", [], "")
        return self._in_state(part, candidates, "exact", how) if state else self._national(part, candidates, [])

    def _closest(self, key: str, state: str | None) -> list[tuple[float, str]]:
        """Closest keys of the country (or of one state); the index is built on the first unknown name."""
        if self._fuzzy is None:
            self._fuzzy = TrigramIndex(self.keys)
            for in_state, key_ in self.keys_in_state:
                self._state_keys[in_state].add(key_)
        return self._fuzzy.closest(key, allowed=None if state is None else self._state_keys[state])

    def _result(self, name: str, geoids: list[str], method: str, rule: str, detail: str,
                notes: list[str] | None = None, level: str | None = None) -> Resolution:
        geos = [self.by_geoid[g] for g in geoids]
        joined = geoids[0] if len(geoids) == 1 else gid.join_geoids(geoids)
        return Resolution(name, "; ".join([g.name for g in geos]), level or geos[0].level, joined,
                          method, detail, rule, LIKELY if notes else CERTAIN, " | ".join(notes or ()))
