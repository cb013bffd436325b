"""The forms a geography's name takes: in the Census files, and in a press release.

Both sides are reduced to the same *key* (``basic_tokens`` plus a few spelling
rules: "Saint"/"St." -> "st", "Sainte"/"Ste." -> "ste", "Ft." -> "fort",
"Mt." -> "mount") so that a written name meets every Census name it could mean.

A Census name gives several keys, each with the *reading* that links it to
the geography, strongest first:

- ``NAME``: the name as people say it, without the Census type word:
  "Jersey City" for "Jersey City city", "Nashville" for "Nashville-Davidson
  metropolitan government (balance)", "Baltimore" for the independent
  "Baltimore city", "Carson City" (no type at all), "Anchorage" for
  "Anchorage Municipality".
- ``TYPED``: the full Census name with its type word: "Cook County",
  "Baltimore city", and also "Jersey city" (Jersey, Georgia), which is why
  "Jersey City" must not stop at the first form found.
- ``ALIAS``: another name the Census name carries: "Ventura" in
  "San Buenaventura (Ventura) city", "Boise" in "Boise City city", New York
  City's boroughs by their usual names (Manhattan, Brooklyn, Staten Island),
  and "L.A. County". (A consolidated government's city, "Nashville" in
  "Nashville-Davidson metropolitan government (balance)", is its ``NAME``.)
- ``COUNTY_BASE``: a county's name without "County"/"Parish"/"Borough"/
  "Census Area" ("Los Angeles" for Los Angeles County, "Miami Dade"): people
  write it, but a bare name usually means the city.

A written name gives one or more *readings* (``Written``): the local part's
key, the state written in it (after a comma, in parentheses, or as the last
words), and whether a prefix such as "the city of" rules counties out.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from analysis.geography.state_names import basic_tokens, state_from_key, written_words

NAME, TYPED, ALIAS, COUNTY_BASE = "name", "typed", "alias", "county-base"
# Another name and a county's bare name are equally weak: between them, population decides (see resolve).
READING_RANK = {NAME: 0, TYPED: 1, ALIAS: 2, COUNTY_BASE: 2}

# Type words at the end of Census names, longest first. The Census capitalises a county's type
# ("Cook County") but not a place's ("Jersey City city") nor an independent city's ("Baltimore city"),
# so "Carson City" (Nevada's county-equivalent and place) has no type: the match is case-sensitive.
COUNTY_KINDS = ("City and Borough", "Census Area", "Municipality", "County", "Parish", "Borough", "city")
# County-equivalents that are themselves a city: their name without the type is the city's name.
CITY_LIKE_COUNTY_KINDS = ("city", "municipality", "city and borough")
GOVERNMENT_KINDS = ("metropolitan government", "metro government", "unified government",
                    "consolidated government", "urban county")
PLACE_KINDS = ("city and borough", *GOVERNMENT_KINDS, "municipality", "corporation", "village", "borough",
               "city", "town", "CDP")
# Type words a reporter may write after a city's name ("Jersey City" is a name, "Jersey city" a type).
PLACE_TYPE_WORDS = frozenset({"city", "town", "village", "borough"})
# Usual names the Census names do not carry: New York City's boroughs ("Bronx" and "Queens" are
# already their counties' names) and "L.A. County" ("L.A." alone stops: it is also Louisiana's "LA").
USUAL_NAMES = {"manhattan": "36061", "brooklyn": "36047", "staten island": "36085", "la county": "06037"}

_SPELLING = {"saint": "st", "sainte": "ste", "ft": "fort", "mt": "mount"}
_COUNTY_ABBREVIATIONS = {"co", "cnty", "cty"}
_COUNTRY = {"usa", "us", "united states", "united states of america"}
_PARENTHESIS = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*(.*)$")


def key_of(tokens: list[str]) -> str:
    """Tokens -> key, with the spelling rules applied."""
    if _SPELLING.keys().isdisjoint(tokens):
        return " ".join(tokens)
    return " ".join([_SPELLING.get(t, t) for t in tokens])


def name_key(text: str) -> str:
    """Any text -> key (``"St. Louis"`` -> ``"st louis"``)."""
    return key_of(basic_tokens(text))


def split_kind(local: str, kinds: tuple[str, ...]) -> tuple[str, str]:
    """``'Cook County'`` -> ``('Cook', 'county')``; no Census type word -> ``(local, '')``."""
    for kind in kinds:
        if local.endswith(" " + kind):
            return local[: -len(kind) - 1], kind.lower()
    return local, ""


# -- Census names -----------------------------------------------------------------------------------
def county_keys(local: str) -> tuple[list[tuple[str, str]], str]:
    """Keys and readings of a county-equivalent's name (without its state), and its type."""
    base, kind = split_kind(local, COUNTY_KINDS)
    if not kind:
        return [(name_key(local), NAME)], kind
    return [(name_key(local), TYPED), (name_key(base), NAME if kind in CITY_LIKE_COUNTY_KINDS else COUNTY_BASE)], kind


def county_parts(local: str) -> list[str]:
    """Keys of a county's name and of each part of a hyphenated one: "Miami-Dade County" -> miami dade, miami, dade."""
    base = split_kind(local, COUNTY_KINDS)[0]
    parts = re.split(r"[-/]", base) if re.search(r"[-/]", base) else []
    return [name_key(base)] + [name_key(p) for p in parts if p.strip()]


def place_parts(local: str) -> list[str]:
    """Keys of a place's name without its type, and of each part of a hyphenated one:
    "Nashville-Davidson metropolitan government (balance)" -> nashville davidson, nashville, davidson."""
    base = split_kind(re.sub(r"\s*\(balance\)", "", local), PLACE_KINDS)[0]
    parts = re.split(r"[-/]", base) if re.search(r"[-/]", base) else []
    return [name_key(base)] + [name_key(split_kind(p, COUNTY_KINDS)[0]) for p in parts if p.strip()]


def place_keys(local: str) -> tuple[list[tuple[str, str]], str]:
    """Keys and readings of a place's name (without its state), and its type."""
    found = _PARENTHESIS.match(local)
    alternates = []
    if found:
        main = f"{found.group(1)} {found.group(3)}".strip()
        if found.group(2).strip().lower() != "balance":
            alternates.append(f"{found.group(2)} {found.group(3)}".strip())
    else:
        main = local
    base, kind = split_kind(main, PLACE_KINDS)
    keys = [(name_key(main), TYPED), (name_key(base), NAME)] if kind else [(name_key(main), NAME)]
    for alternate in alternates:
        keys += [(name_key(alternate), ALIAS), (name_key(split_kind(alternate, PLACE_KINDS)[0]), ALIAS)]
    if found:  # the Census name as printed: "Raymer (New Raymer) town"
        whole, whole_kind = split_kind(local, PLACE_KINDS)
        keys += [(name_key(local), TYPED), (name_key(whole), NAME)] if whole_kind else [(name_key(local), NAME)]
    if kind == "city" and base.endswith(" City"):  # "Boise City city" is Boise
        keys.append((name_key(base[: -len(" City")]), ALIAS))
    # Consolidated governments go by their city's name: "Nashville-Davidson metropolitan government",
    # "Louisville/Jefferson County metro government", "Macon-Bibb County".
    pieces = re.split(r"[-/]", base, maxsplit=1)
    if len(pieces) == 2 and (kind in GOVERNMENT_KINDS or pieces[1].endswith(" County")):
        keys.append((name_key(pieces[0]), NAME))
    return keys, kind


# -- written names ----------------------------------------------------------------------------------
class Written(NamedTuple):
    """One reading of a written name."""
    key: str                 # the local part's key
    state: str | None        # FIPS of the state written in the name
    how: str                 # how that state was read, for the report
    places_only: bool        # "the city of X": counties reached by their bare name do not count
    lower_type: str = ""     # a place type word written last in lower case, as the Census writes types


_PREFIXES = {  # first word: (leading tokens, tokens appended, places only), longest first
    "city": ((("city", "and", "county", "of"), (), False), (("city", "of"), (), True)),
    "town": ((("town", "of"), (), True),), "village": ((("village", "of"), (), True),),
    "borough": ((("borough", "of"), (), False),), "county": ((("county", "of"), ("county",), False),),
    "parish": ((("parish", "of"), ("parish",), False),),
    "municipality": ((("municipality", "of"), ("municipality",), False),),
}


def _local_variants(tokens: list[str]) -> list[tuple[list[str], bool]]:
    """The local part as written, and without an article or a "city of"-style prefix."""
    variants = [(tokens, False)]
    if tokens and tokens[0] == "the" and len(tokens) > 1:
        tokens = tokens[1:]
        variants.append((tokens, False))
    for prefix, suffix, places_only in _PREFIXES.get(tokens[0] if tokens else "", ()):
        size = len(prefix)
        if len(tokens) > size and tuple(tokens[:size]) == prefix:
            variants.append(([*tokens[size:], *suffix], places_only))
            break
    if len(tokens) > 1 and tokens[-1] in _COUNTY_ABBREVIATIONS:
        variants.append(([*tokens[:-1], "county"], False))
    return variants


def _state_split(text: str) -> list[tuple[list[str], str | None, str]]:
    """(local words as written, state FIPS, how) for each way to read a state off the end of ``text``."""
    if "," in text:
        head, tail = text.rsplit(",", 1)
        tail_key = " ".join(basic_tokens(tail))
        if tail_key in _COUNTRY:  # "Portland, Ore., USA"
            return _state_split(head)
        found = state_from_key(tail_key)
        if found:
            return [(written_words(head), found[0], f"state from '{tail.strip()}' ({found[1]})")]
    inside = _PARENTHESIS.match(text)
    if inside and not inside.group(3):
        found = state_from_key(" ".join(basic_tokens(inside.group(2))))
        if found:
            return [(written_words(inside.group(1)), found[0], f"state from '({inside.group(2)})' ({found[1]})")]
    words = written_words(text)
    readings: list[tuple[list[str], str | None, str]] = [(words, None, "")]
    for size in (3, 2, 1):
        if len(words) > size:
            tail = " ".join(words[-size:])
            found = state_from_key(tail.lower())
            if found:
                readings.append((words[:-size], found[0], f"state from '{tail}' ({found[1]})"))
                break
    return readings


def written_forms(text: str) -> list[Written]:
    """Every reading of a written name, the literal one first."""
    forms: dict[tuple, Written] = {}
    for words, state, how in _state_split(text):
        # "Rockwell city" in Census style (type in lower case) is as likely Rockwell as Rockwell City
        typed = words[-1] if words and words[-1] in PLACE_TYPE_WORDS else ""
        for variant, places_only in _local_variants([w.lower() for w in words]):
            if variant:
                key = key_of(variant)
                forms.setdefault((key, state, places_only), Written(key, state, how, places_only, typed))
    return list(forms.values())
