"""Names of one list that mean the same area, or areas inside one another.

A per-capita comparison counts each arrest once: "Washington, D.C." and
"District of Columbia" in one list are the same geography (a stop for the
pipeline), and "Miami" next to "Miami-Dade County", or "Los Angeles" next to
"Los Angeles County" or "California", are areas inside one another (a
warning: the counts may overlap).

Containment is known exactly for counties in a state, counties shared by two
county sets, and places in a state. For a place in a county it is known when a
place-to-counties table is given (``place_counties``: place GEOID -> county
GEOID or GEOIDs, e.g. ``analysis.geography.shapes.place_counties()``);
otherwise a county of the list that shares the place's name (the resolver's
``namesake_counties``) is reported as *maybe* holding it.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from analysis.geography import geoids as gid
from analysis.geography.resolution import LIKELY, Resolution

if TYPE_CHECKING:
    from analysis.geography.resolve import Resolver


@dataclass(frozen=True)
class Overlap:
    first: str       # jurisdiction that comes first in the list
    second: str
    relation: str    # "same geography", "inside", "maybe inside", "share counties"
    note: str        # a sentence for the report, naming both


def _area(resolution: Resolution) -> frozenset[str]:
    """GEOIDs of the area, the District of Columbia's county-equivalent read as its state."""
    return frozenset(gid.SAME_AREA.get(g, g) for g in gid.split_geoids(resolution.geoids))


def find_duplicates(resolutions: Sequence[Resolution]) -> list[Overlap]:
    """Pairs of names that resolve to exactly the same geography."""
    first_of: dict[frozenset[str], Resolution] = {}
    found = []
    for resolution in resolutions:
        area = _area(resolution)
        earlier = first_of.setdefault(area, resolution)
        if earlier is not resolution:
            found.append(Overlap(earlier.jurisdiction, resolution.jurisdiction, "same geography",
                                 f"'{earlier.jurisdiction}' and '{resolution.jurisdiction}' are the same geography "
                                 f"({resolution.matched_name}, {resolution.geoids}): keep one row"))
    return found


def _as_set(value: str | Iterable[str]) -> set[str]:
    return {value} if isinstance(value, str) else set(value)


def find_overlaps(resolutions: Sequence[Resolution], resolver: Resolver,
                  place_counties: Mapping[str, str | Iterable[str]] | None = None) -> list[Overlap]:
    """Pairs of names whose areas lie one inside the other or share counties (same geography excluded)."""
    areas = {id(r): _area(r) for r in resolutions}
    position = {id(r): i for i, r in enumerate(resolutions)}
    states: dict[str, list[Resolution]] = defaultdict(list)
    counties: dict[str, list[Resolution]] = defaultdict(list)
    for resolution in resolutions:
        for geoid in areas[id(resolution)]:
            if len(geoid) == 2:
                states[geoid].append(resolution)
            elif len(geoid) == 5:
                counties[geoid].append(resolution)
    found: dict[tuple[int, int], Overlap] = {}

    def add(outer: Resolution, inner: Resolution, relation: str, verb: str) -> None:
        if outer is inner or areas[id(outer)] == areas[id(inner)]:
            return
        pair = tuple(sorted((position[id(outer)], position[id(inner)])))
        if pair not in found:
            first, second = resolutions[pair[0]], resolutions[pair[1]]
            found[pair] = Overlap(first.jurisdiction, second.jurisdiction, relation,
                                  f"'{inner.jurisdiction}' ({inner.matched_name}) {verb} '{outer.jurisdiction}' "
                                  f"({outer.matched_name}): the counts may overlap")

    for resolution in resolutions:
        area = areas[id(resolution)]
        for geoid in sorted(area):
            if len(geoid) == 2:
                continue
            for outer in states.get(geoid[:2], []):
                add(outer, resolution, "inside", "lies inside")
            if len(geoid) == 5:
                for other in counties[geoid]:
                    if areas[id(other)] > area:
                        add(other, resolution, "inside", "lies inside")
                    elif not areas[id(other)] < area:
                        add(other, resolution, "share counties", "shares counties with")
                continue
            known = place_counties.get(geoid) if place_counties else None
            if known is not None:
                for county in _as_set(known):
                    for outer in counties.get(county, []):
                        add(outer, resolution, "inside", "lies inside")
            else:
                for county in resolver.namesake_counties(geoid):
                    for outer in counties.get(county.geoid, []):
                        add(outer, resolution, "maybe inside", "shares its name with, and may lie inside,")
    return [found[pair] for pair in sorted(found)]


def note_overlaps(resolutions: Sequence[Resolution], overlaps: Iterable[Overlap]) -> list[Resolution]:
    """The resolutions with each overlap added to the notes of both names (confidence becomes likely)."""
    extra: dict[str, list[str]] = defaultdict(list)
    for overlap in overlaps:
        extra[overlap.first].append(overlap.note)
        extra[overlap.second].append(overlap.note)
    return [dataclasses.replace(r, notes=" | ".join([n for n in (r.notes, *extra[r.jurisdiction]) if n]),
                                confidence=r.confidence if r.confidence == "pinned" else LIKELY)
            if extra.get(r.jurisdiction) else r for r in resolutions]
