"""Which Census geography each announced jurisdiction stands for.

A story's ``geographies.csv`` gives every jurisdiction exactly one
primary definition and the alternatives a reporter would test (Los Angeles
city vs county vs ICE's seven-county area, ...), each as GEOIDs with a label,
a level and a one-line rationale. Choosing the denominator is an editorial
decision; writing it down makes it reviewable.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.geography import geoids as gid
from analysis.geography.levels import LEVELS
from analysis.core.errors import InputError, csv_line
from analysis.core.schemas import TRUE_FALSE, as_bool, matches, read_table, schema, text

SCHEMA = schema("geographies", {
    "jurisdiction": text(),
    "definition": text(matches(r"[a-z0-9_]+", "is not a short id (lowercase letters, digits and _)")),
    "is_primary": text(TRUE_FALSE),
    "geography": text(),
    "geo_level": text(matches("|".join(LEVELS), f"is not one of {', '.join(LEVELS)}")),
    "geoids": text(empty_ok=True),
    "rationale": text(),
})
REQUIRED_COLUMNS = list(SCHEMA.columns)


def load_crosswalk(path: Path) -> pd.DataFrame:
    """Read and check a story's ``geographies.csv``; ``geoids`` is normalised to sorted ``;`` form.

    ``short_label`` (optional) is the few words charts print; it defaults to ``geography``.

    The schema checks each field; then each row's GEOIDs against its level
    (shape, how many), and the table as a whole (no definition twice, one
    primary per jurisdiction).
    """
    table = read_table(path, SCHEMA)
    if "short_label" not in table.columns:
        table["short_label"] = table["geography"]
    table["short_label"] = table["short_label"].where(table["short_label"] != "", table["geography"])
    table["is_primary"] = as_bool(table["is_primary"])
    for index, level, geoids in zip(table.index, table["geo_level"], table["geoids"]):
        _check_geoids(path, index, level, geoids)
    table["geoids"] = table["geoids"].map(lambda text: gid.join_geoids(gid.split_geoids(text)))
    _check_definitions_unique(path, table)
    _check_one_primary_each(path, table)
    return table


def _check_geoids(path: Path, index: int, level: str, geoids: str) -> None:
    line = csv_line(index)
    parts = gid.split_geoids(geoids)
    if not parts:
        raise InputError(path, "no GEOID given", row=line, field="geoids")
    for part in parts:
        if not gid.is_well_formed(part, level):
            length = gid.GEOID_LENGTH[gid.part_level(level)]
            raise InputError(path, f"GEOID '{part}' is malformed: a {gid.part_level(level)} "
                             f"GEOID is {length} digits (keep leading zeros)", row=line, field="geoids")
    if len(set(parts)) != len(parts):
        raise InputError(path, "a GEOID is listed twice", row=line, field="geoids")
    several = LEVELS[level].several
    if several and len(parts) < 2:
        raise InputError(path, f"a {level} needs at least two {LEVELS[level].part} GEOIDs; use level "
                         f"'{LEVELS[level].part}' for one", row=line, field="geoids")
    if not several and len(parts) != 1:
        raise InputError(path, f"level '{level}' takes exactly one GEOID; use a set of "
                         "several to sum them", row=line, field="geoids")


def _check_definitions_unique(path: Path, table: pd.DataFrame) -> None:
    seen: dict[tuple[str, str], int] = {}
    for index, jurisdiction, definition in zip(table.index, table["jurisdiction"], table["definition"]):
        key = (jurisdiction, definition)
        if key in seen:
            raise InputError(path, f"definition '{definition}' of '{jurisdiction}' "
                             f"repeats row {seen[key]}", row=csv_line(index), field="definition")
        seen[key] = csv_line(index)


def _check_one_primary_each(path: Path, table: pd.DataFrame) -> None:
    rows_of: dict[str, list[int]] = {}
    primaries_of: dict[str, list[int]] = {}
    for index, jurisdiction, primary in zip(table.index, table["jurisdiction"], table["is_primary"]):
        rows_of.setdefault(jurisdiction, []).append(index)
        if primary:
            primaries_of.setdefault(jurisdiction, []).append(index)
    for jurisdiction, rows in rows_of.items():
        primaries = primaries_of.get(jurisdiction, [])
        if len(primaries) == 0:
            raise InputError(path, f"'{jurisdiction}' has no primary geography; mark exactly one "
                             "of its rows is_primary=true", row=csv_line(rows[0]), field="is_primary")
        if len(primaries) > 1:
            raise InputError(path, f"'{jurisdiction}' has more than one primary geography",
                             row=csv_line(primaries[1]), field="is_primary")


def check_covers_counts(crosswalk: pd.DataFrame, crosswalk_path: Path,
                        counts: pd.DataFrame, counts_path: Path) -> None:
    """Every counted jurisdiction has a geography, and every crosswalk row a count.

    The two files are matched on the jurisdiction exactly as announced; a
    spelling difference would otherwise drop a place silently.
    """
    defined = set(crosswalk["jurisdiction"])
    for index, name in counts["jurisdiction"].items():
        if name not in defined:
            raise InputError(counts_path, f"'{name}' has no primary geography in "
                             f"{crosswalk_path.name}; add its rows there", row=csv_line(index),
                             field="jurisdiction")
    counted = set(counts["jurisdiction"])
    for index, name in crosswalk["jurisdiction"].items():
        if name not in counted:
            raise InputError(crosswalk_path, f"'{name}' has no arrest count in "
                             f"{counts_path.name}; check the spelling", row=csv_line(index),
                             field="jurisdiction")


def all_geographies(stories_root: Path | None = None) -> pd.DataFrame:
    """Every story's geographies, one table: the GEOIDs the committed Census data must cover."""
    from analysis.story.story import load_story, story_slugs

    tables = [load_crosswalk(load_story(slug, stories_root).geographies_csv) for slug in story_slugs(stories_root)]
    return pd.concat(tables, ignore_index=True)
