"""The one registry of geography levels: what a jurisdiction can stand for in Census terms.

Every module that needs to know about a level (its GEOID shape, where its
population and its shapes come from, how to name it) asks this table, so a new
level is one entry here plus its data (the censusdis habit: one row per level).

GEOIDs are strings of FIPS codes (Census Bureau, "Understanding Geographic
Identifiers (GEOIDs)"): state = 2 digits, county = state + 3, incorporated
place = state + 5.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """One geography level.

    ``part`` is the level of each GEOID inside a geography of this level (a set
    of counties is made of counties); ``population_level`` names the rows of the
    population products that answer for it; ``shapes`` says how maps draw it.
    """

    name: str
    label: str
    geoid_digits: int
    part: str
    population_level: str
    shapes: str
    several: bool = False


LEVELS: dict[str, Level] = {level.name: level for level in (
    Level("state", "state or state-equivalent", 2, "state", "state", "state boundary"),
    Level("county", "county or county-equivalent", 5, "county", "county", "county boundary"),
    # A set of counties (New York City's five boroughs, an ICE field-office area) is summed county by county.
    Level("county_set", "set of counties", 5, "county", "county", "county boundaries", several=True),
    Level("place", "incorporated place (city, town, village)", 7, "place", "place",
          "Gazetteer internal point"),
)}

# The levels whose GEOIDs appear in population tables (the parts of every level).
PART_LEVELS = tuple(dict.fromkeys(level.part for level in LEVELS.values()))


def level(name: str) -> Level:
    """The registry entry for ``name``; a ``KeyError`` names the known levels."""
    try:
        return LEVELS[name]
    except KeyError:
        raise KeyError(f"'{name}' is not one of {', '.join(LEVELS)}") from None
