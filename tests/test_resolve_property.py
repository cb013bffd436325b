"""Property over every county and place: a name resolved without a note has no other reading.

For each geography the test writes its name four ways (the Census name with
its state; the name without its type word with the state's AP abbreviation
or postal code; the bare name without its type; the bare Census name). Every
name the resolver answers without a note must be the only geography that a
deliberately generous, independent matcher finds for it: any trailing type
word dropped, case, accents and punctuation ignored, Saint/St., Fort/Ft. and
Mount/Mt. equal, and a place counted as the same area as a county-equivalent
with the same 2010 count and estimate.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict

import pytest

from analysis.geography.resolve import UnresolvedName
from analysis.geography.state_names import STATES


TYPE_WORDS = ["city and borough", "census area", "municipality", "corporation", "county", "parish",
              "borough", "village", "city", "town", "cdp"]
SAME = {"saint": "st", "sainte": "ste", "ft": "fort", "mt": "mount"}


DROPPED = re.compile(r"[.'\u2019]")
NOT_A_WORD = re.compile(r"[^a-z0-9 ]+")


@functools.cache  # the same local name is compared for each way of writing it
def plain(text: str) -> str:
    if not text.isascii():  # only accented names have marks to strip
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = NOT_A_WORD.sub(" ", DROPPED.sub("", text.lower())).split()
    return " ".join(SAME.get(w, w) for w in words)


def generous_keys(local: str) -> set[str]:
    """Every key a person could mean by a Census name, and more."""
    variants = {local, re.sub(r"\s*\([^)]*\)", "", local)}
    variants |= {m.group(1) + m.group(2) for m in [re.match(r"^(?:.*?)\(([^)]*)\)(.*)$", local)] if m}
    keys = set()
    for variant in variants:
        key = plain(variant)
        keys.add(key)
        for word in TYPE_WORDS:
            if key.endswith(" " + word):
                keys.add(key[: -len(word) - 1])
    return keys


@pytest.fixture(scope="module")
def generous(national_geographies):
    """(state, key) -> areas, and key -> areas, an area being a county GEOID for a coextensive place."""
    table = national_geographies[national_geographies["geo_level"] != "state"]
    geoids, levels, names, populations, census2010s = (
        table[c].tolist() for c in ("geoid", "geo_level", "name", "population", "census2010"))
    same_area = {}
    counties = {(g[:2], p, c): g for g, level, p, c in zip(geoids, levels, populations, census2010s)
                if level == "county" and c.isdigit()}
    for geoid, level, population, census2010 in zip(geoids, levels, populations, census2010s):
        if level == "place":
            same_area[geoid] = counties.get((geoid[:2], population, census2010), geoid)
    by_state, national = defaultdict(set), defaultdict(set)
    for geoid, name in zip(geoids, names):
        area = same_area.get(geoid, geoid)
        for key in generous_keys(name.rsplit(", ", 1)[0]):
            by_state[(geoid[:2], key)].add(area)
            national[key].add(area)
    return by_state, national, list(zip(names, geoids))


def written_forms(name: str, geoid: str) -> list[tuple[str, str, str | None]]:
    """(written name, its local part, its state) for the four ways of writing a geography."""
    local = name.rsplit(", ", 1)[0]
    _, postal, ap = STATES[geoid[:2]]
    base, key = local, plain(local)
    for word in TYPE_WORDS:
        if key.endswith(" " + word) and len(local) > len(word) + 1:
            base = local[: -len(word) - 1]
            break
    return [(name, local, geoid[:2]), (f"{base}, {ap or postal}", base, geoid[:2]), (base, base, None),
            (local, local, None)]


@pytest.fixture(scope="module")
def answers(national_resolver, generous):
    """What the resolver says to every distinct written form of every county and place: a Resolution,
    or the UnresolvedName it raised. Namesakes share their bare forms, and the Census name with its
    state is the first form, so each string is resolved once for both tests below."""
    _, _, geographies = generous
    said = {}
    for name, geoid in geographies:
        for written, _, _ in written_forms(name, geoid):
            if written not in said:
                try:
                    said[written] = national_resolver.resolve(written)
                except UnresolvedName as stop:
                    said[written] = stop
    return said


def test_a_name_resolved_without_a_note_is_the_only_candidate_under_every_reading(generous, answers):
    by_state, national, geographies = generous
    checked, counterexamples = 0, []
    for name, geoid in geographies:
        for written, local, state in written_forms(name, geoid):
            result = answers[written]
            if isinstance(result, UnresolvedName) or result.notes:
                continue
            assert result.confidence == "certain"
            if result.geo_level == "state" or result.method in ("New York City rule", "District of Columbia rule"):
                continue
            checked += 1
            readings = by_state.get((state, plain(local)), set()) if state else national.get(plain(local), set())
            if readings - {result.geoids}:
                counterexamples.append((written, result.geoids, sorted(readings)))
    assert not counterexamples, counterexamples[:20]
    assert checked > 40_000


def test_every_geography_resolves_from_its_census_name_and_state(national_resolver, generous, answers):
    """Written as the Census writes it, each county and place is found, or stops only among namesakes."""
    _, _, geographies = generous
    wrong = []
    for name, geoid in geographies:
        result = answers[name]
        if isinstance(result, UnresolvedName):
            if not result.problem.startswith("ambiguous") or not any(f"({geoid}," in c for c in result.candidates):
                wrong.append((name, result.problem))
            continue
        area = national_resolver.coextensive.get(geoid, geoid)
        new_york_city = geoid == "3651000" and result.method == "New York City rule"
        if result.geoids not in (geoid, area) and not new_york_city:
            wrong.append((name, result.geoids))
    assert not wrong, wrong[:20]
