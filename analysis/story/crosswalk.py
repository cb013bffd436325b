"""Which Census geography each announced jurisdiction stands for.

``data/raw/geography_crosswalk.csv`` gives every jurisdiction exactly one
primary definition and the alternatives a reporter would test (Los Angeles
city vs county vs ICE's seven-county area, ...), each as GEOIDs with a label,
a level and a one-line rationale. Choosing the denominator is an editorial
decision; writing it down makes it reviewable.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.geography import geoids as gid
from analysis.core.errors import InputError, csv_line
from analysis.core.tables import parse_true_false, read_text_table

REQUIRED_COLUMNS = ["jurisdiction", "definition", "is_primary", "geography", "geo_level",
                    "geoids", "rationale"]
_DEFINITION_ID = re.compile(r"[a-z0-9_]+")


def load_crosswalk(path: Path) -> pd.DataFrame:
    """Read and check the crosswalk; ``geoids`` is normalised to sorted ``;`` form.

    ``short_label`` (optional) is the few words charts print; it defaults to ``geography``.

    Checks each row on its own (level, GEOID shape, id, true/false) and the
    table as a whole (no definition twice, one primary per jurisdiction).
    """
    table = read_text_table(path, REQUIRED_COLUMNS)
    if "short_label" not in table.columns:
        table["short_label"] = table["geography"]
    table["short_label"] = table["short_label"].where(table["short_label"] != "", table["geography"])
    table["is_primary"] = parse_true_false(path, table, "is_primary")
    for index, row in table.iterrows():
        _check_row(path, index, row)
    table["geoids"] = table["geoids"].map(lambda text: gid.join_geoids(gid.split_geoids(text)))
    _check_definitions_unique(path, table)
    _check_one_primary_each(path, table)
    return table


def _check_row(path: Path, index: int, row: pd.Series) -> None:
    line = csv_line(index)
    for field in ("jurisdiction", "geography", "rationale"):
        if not row[field]:
            raise InputError(path, f"{field} is empty", row=line, field=field)
    if not _DEFINITION_ID.fullmatch(row["definition"]):
        raise InputError(path, f"'{row['definition']}' is not a short id (lowercase letters, "
                         "digits and _)", row=line, field="definition")
    level = row["geo_level"]
    if level not in gid.LEVELS:
        raise InputError(path, f"'{level}' is not one of {', '.join(gid.LEVELS)}",
                         row=line, field="geo_level")
    parts = gid.split_geoids(row["geoids"])
    if not parts:
        raise InputError(path, "no GEOID given", row=line, field="geoids")
    for part in parts:
        if not gid.is_well_formed(part, level):
            length = gid.GEOID_LENGTH[gid.part_level(level)]
            raise InputError(path, f"GEOID '{part}' is malformed: a {gid.part_level(level)} "
                             f"GEOID is {length} digits (keep leading zeros)", row=line, field="geoids")
    if len(set(parts)) != len(parts):
        raise InputError(path, "a GEOID is listed twice", row=line, field="geoids")
    if level == "county_set" and len(parts) < 2:
        raise InputError(path, "a county_set needs at least two county GEOIDs; use level "
                         "'county' for one", row=line, field="geoids")
    if level != "county_set" and len(parts) != 1:
        raise InputError(path, f"level '{level}' takes exactly one GEOID; use 'county_set' "
                         "to sum counties", row=line, field="geoids")


def _check_definitions_unique(path: Path, table: pd.DataFrame) -> None:
    seen: dict[tuple[str, str], int] = {}
    for index, row in table.iterrows():
        key = (row["jurisdiction"], row["definition"])
        if key in seen:
            raise InputError(path, f"definition '{row['definition']}' of '{row['jurisdiction']}' "
                             f"repeats row {seen[key]}", row=csv_line(index), field="definition")
        seen[key] = csv_line(index)


def _check_one_primary_each(path: Path, table: pd.DataFrame) -> None:
    for jurisdiction, rows in table.groupby("jurisdiction", sort=False):
        primaries = rows.index[rows["is_primary"]]
        if len(primaries) == 0:
            raise InputError(path, f"'{jurisdiction}' has no primary geography; mark exactly one "
                             "of its rows is_primary=true", row=csv_line(rows.index[0]),
                             field="is_primary")
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
