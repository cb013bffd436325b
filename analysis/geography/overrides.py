"""The overrides file: names a person has pinned to GEOIDs, checked like any other input.

``jurisdiction,geo_level,geoids,reason`` (GEOIDs ``;``-separated, several only
for a ``county_set``). A pinned name wins over every rule, so a wrong row is a
silent wrong answer: each of these stops with the file, row and field named:
a name pinned twice (even written differently: "Los Angeles" and "los
angeles"), an unknown level, no GEOID, a GEOID twice in a row, several GEOIDs
for a single geography, a GEOID of the wrong level (a place's 7 digits given
as a state), a GEOID not in the national files, an empty reason.

A name of the counts table that matches a pinned name only when case and
spacing are ignored stops too (``Overrides.check_spelling``), and
``unused_overrides`` lists pinned names no row uses, for a warning.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from analysis.core.errors import InputError, csv_line
from analysis.core.tables import read_text_table
from analysis.geography import geoids as gid
from analysis.geography.resolution import PINNED, Resolution, UnresolvedName

if TYPE_CHECKING:
    from analysis.geography.resolve import Resolver


def fold(name: str) -> str:
    """How two spellings of a name are compared: case and spacing ignored."""
    return " ".join(name.casefold().split())


class Overrides(dict):
    """Pinned name -> Resolution, remembering the file and each name's row."""

    def __init__(self, path: Path | None = None):
        super().__init__()
        self.path = path
        self.rows: dict[str, int] = {}
        self.folded: dict[str, str] = {}

    @staticmethod
    def check_spelling(overrides: dict[str, Resolution], name: str) -> None:
        """Stop when ``name`` is pinned only in another case or spacing (the pin would silently not apply)."""
        folded = overrides.folded if isinstance(overrides, Overrides) else {fold(k): k for k in overrides}
        pinned = folded.get(fold(name))
        if pinned is not None:
            row = overrides.rows.get(pinned) if isinstance(overrides, Overrides) else None
            where = f" (row {row})" if row else ""
            raise UnresolvedName(name, f"the overrides file pins '{pinned}'{where}, written differently", [],
                                 "Write the name the same way in both files.")


def load_overrides(path: Path, resolver: Resolver) -> Overrides:
    """Read and check an overrides file against the national geographies (see the module docstring)."""
    path = Path(path)
    table = read_text_table(path, ["jurisdiction", "geo_level", "geoids", "reason"])
    pinned = Overrides(path)
    for index, row in table.iterrows():
        line = csv_line(index)
        name, level = row["jurisdiction"], row["geo_level"]

        def stop(message: str, field: str) -> InputError:
            return InputError(path, message, row=line, field=field)

        if not name:
            raise stop("no name to pin", "jurisdiction")
        if fold(name) in pinned.folded:
            first = pinned.folded[fold(name)]
            same = "" if first == name else f" (as '{first}')"
            raise stop(f"'{name}' is already pinned on row {pinned.rows[first]}{same}: keep one row", "jurisdiction")
        if level not in gid.LEVELS:
            raise stop(f"'{level}' is not one of {', '.join(gid.LEVELS)}", "geo_level")
        parts = [part.strip() for part in row["geoids"].split(gid.SEPARATOR)]
        if not any(parts) or not all(parts):
            raise stop("no GEOID" if not any(parts) else "an empty GEOID between ';'", "geoids")
        repeated = sorted({g for g in parts if parts.count(g) > 1})
        if repeated:
            raise stop(f"GEOID {', '.join(repeated)} is listed twice in this row", "geoids")
        if len(parts) > 1 and level != "county_set":
            raise stop(f"a {level} takes one GEOID; use geo_level county_set for several counties", "geoids")
        wanted = gid.part_level(level)
        for geoid in parts:
            known = resolver.by_geoid.get(geoid)
            if known is not None and known.level != wanted:
                raise stop(f"{geoid} is the {known.level} GEOID of {known.name}, not a {wanted} GEOID", "geoids")
            if known is None:
                shape = "" if gid.is_well_formed(geoid, level) else \
                    f" (a {wanted} GEOID has {gid.GEOID_LENGTH[wanted]} digits)"
                raise stop(f"GEOID {geoid} is not in the national Census files{shape}", "geoids")
        if not row["reason"]:
            raise stop("say why the name is pinned (it replaces every rule)", "reason")
        matched = "; ".join(resolver.by_geoid[g].name for g in sorted(parts))
        pinned[name] = Resolution(name, matched, level, gid.join_geoids(parts), "override", row["reason"],
                                  "override", PINNED, "")
        pinned.rows[name] = line
        pinned.folded[fold(name)] = name
    return pinned


def unused_overrides(overrides: dict[str, Resolution], names: Iterable[str]) -> list[str]:
    """One warning per pinned name that no row of the counts table uses."""
    used = set(names)
    rows = overrides.rows if isinstance(overrides, Overrides) else {}
    return [f"the overrides file pins '{name}'" + (f" (row {rows[name]})" if name in rows else "") +
            " but no row of the counts table has that name" for name in overrides if name not in used]
