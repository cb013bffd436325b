"""Census GEOIDs: what they look like at each geographic level.

A GEOID is a string of FIPS codes: state = 2 digits, county = state + 3,
incorporated place = state + 5 (Census Bureau, "Understanding Geographic
Identifiers (GEOIDs)"). They are never numbers: ``06037`` is not ``6037``.
"""
from __future__ import annotations

import re

from analysis.geography.levels import LEVELS as _REGISTRY

# Both are read from the one registry of levels (analysis.geography.levels).
GEOID_LENGTH = {name: entry.geoid_digits for name, entry in _REGISTRY.items() if entry.part == name}
LEVELS = tuple(_REGISTRY)
SEPARATOR = ";"


def part_level(level: str) -> str:
    """The level of each GEOID inside a geography of ``level``."""
    return _REGISTRY[level].part


def is_well_formed(geoid: str, level: str) -> bool:
    """True when ``geoid`` is all digits with the length its level requires."""
    length = GEOID_LENGTH[part_level(level)]
    return re.fullmatch(rf"\d{{{length}}}", geoid) is not None


def split_geoids(text: str) -> list[str]:
    """``'36047;36005'`` -> ``['36005', '36047']`` (sorted, blanks dropped)."""
    return sorted(part.strip() for part in text.split(SEPARATOR) if part.strip())


def join_geoids(geoids: list[str]) -> str:
    """The sorted, ``;``-separated form stored in every output."""
    return SEPARATOR.join(sorted(geoids))


def county_geoid(state: str, county: str) -> str:
    """State and county FIPS codes, zero-padded, e.g. ``('6', '37') -> '06037'``."""
    return f"{int(state):02d}{int(county):03d}"


def place_geoid(state: str, place: str) -> str:
    """State and place FIPS codes, zero-padded, e.g. ``('6', '44000') -> '0644000'``."""
    return f"{int(state):02d}{int(place):05d}"


def state_geoid(state: str) -> str:
    """State FIPS code, zero-padded, e.g. ``'6' -> '06'``."""
    return f"{int(state):02d}"


# The District of Columbia is both a state-equivalent (11) and a county-equivalent
# (11001) with the same boundary, so a state-level table can answer for the county.
SAME_AREA = {"11001": "11"}

# The 50 states and the District of Columbia (FIPS state codes; Puerto Rico, 72, is not a state).
STATES_AND_DC = ("01", "02", "04", "05", "06", "08", "09", "10", "11", "12", "13", "15", "16", "17",
                 "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
                 "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "44", "45", "46",
                 "47", "48", "49", "50", "51", "53", "54", "55", "56")
