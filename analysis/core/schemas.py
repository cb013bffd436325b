"""Every table the project reads, declared once, checked with pandera.

A CSV is read with every cell as stripped text (GEOIDs keep their leading
zeros; nothing is guessed as a number or a missing value), then validated by
its ``pandera`` schema. The first failure becomes one ``InputError`` naming
the file, the row (as a text editor numbers it) and the field, in words a
reporter can act on; types are converted only after the table is valid.

pandera is used instead of hand-written loops because it is a maintained,
declarative validator: a schema says what a table is, in one place, and the
same schema checks inputs and outputs.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.core.errors import InputError, csv_line

WHOLE_NUMBER = r"\d+"
# Counts larger than any U.S. population are typos or overflow attempts, not arrests.
MAX_COUNT = 400_000_000


# The declarations below are plain data; the pandera schema is made from them when a table is
# first read (pandera takes a fifth of a second to import, which a notebook that reads no
# evidence file, or a command that stops earlier, need not pay).

@dataclass(frozen=True)
class Check:
    """A rule every value of a column must pass; ``error`` says what a failing value is."""

    test: Callable[[pd.Series], pd.Series]
    error: str


@dataclass(frozen=True)
class Column:
    """A text column with its checks."""

    checks: tuple[Check, ...]
    required: bool = True


@dataclass(frozen=True, eq=False)
class Schema:
    """What one table is: its columns and which of them must be unique. Extra columns are allowed
    (evidence files keep their own notes)."""

    name: str
    columns: dict[str, Column]
    unique: list[str] | None = field(default=None)

    def pandera(self):
        return _as_pandera(self)


def text(*checks: Check, required: bool = True, empty_ok: bool = False) -> Column:
    """A text column; by default it may not be empty."""
    all_checks = list(checks)
    if not empty_ok:
        all_checks.insert(0, Check(lambda s: s != "", "is empty"))
    return Column(tuple(all_checks), required=required)


def matches(pattern: str, error: str) -> Check:
    """Each value matches ``pattern`` in full; ``error`` says what it should be."""
    compiled = re.compile(pattern)
    return Check(lambda s: s.map(lambda v: compiled.fullmatch(v) is not None), error)


def whole_number(maximum: int = MAX_COUNT, what: str = "number") -> Check:
    return Check(lambda s: s.map(lambda v: v.isascii() and v.isdigit() and len(v) <= 12 and int(v) <= maximum),
                 f"is not a whole, non-negative {what} (at most {maximum:,})")


TRUE_FALSE = matches(r"(?i)true|false", "must be true or false")


def schema(name: str, columns: dict[str, Column], unique: list[str] | None = None) -> Schema:
    return Schema(name, columns, unique)


@functools.cache
def _as_pandera(table_schema: Schema):
    import pandera.pandas as pa

    columns = {name: pa.Column(str, checks=[pa.Check(check.test, element_wise=False, error=check.error)
                                           for check in column.checks], required=column.required)
               for name, column in table_schema.columns.items()}
    return pa.DataFrameSchema(columns, name=table_schema.name, unique=table_schema.unique, strict=False,
                              ordered=False)


def read_table(path: Path, table_schema: Schema, allow_empty: bool = False) -> pd.DataFrame:
    """Read ``path`` as text and validate it; the first problem is raised as an ``InputError``.

    A header with no rows is refused unless ``allow_empty`` (a story may publish no claim to check).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    if not path.is_file():
        raise InputError(path, "is a folder, not a CSV file")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                            on_bad_lines="error")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError) as exc:
        detail = " ".join(str(exc).split())
        line = re.search(r"line (\d+)", detail)
        raise InputError(path, f"not a readable UTF-8 CSV file ({detail}); quote names that contain commas",
                         row=int(line.group(1)) if line else None) from None
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = [c.strip() for c in next(csv.reader(handle), [])]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise InputError(path, f"column(s) {', '.join(repeated)} appear twice in the header: keep one", row=1)
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c, col in table_schema.columns.items() if col.required and c not in table.columns]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}; expected at least "
                         f"{', '.join(c for c, col in table_schema.columns.items() if col.required)}", row=1)
    if table.empty and not allow_empty:
        raise InputError(path, "has a header but no rows", row=2)
    table = table.apply(lambda column: column.str.strip())
    _check_short_rows(path, table)
    from pandera.errors import SchemaError

    try:
        table_schema.pandera().validate(table, lazy=False)
    except SchemaError as error:
        raise _as_input_error(path, table, error) from None
    return table


def _check_short_rows(path: Path, table: pd.DataFrame) -> None:
    """pandas pads a row with fewer fields than the header; a shifted row must not pass as data."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    width = len(rows[0])
    for number, row in enumerate(rows[1:], start=2):
        if row and len(row) != width:
            raise InputError(path, f"has {len(row)} fields where the header has {width}; "
                             "quote names that contain commas", row=number)


def _as_input_error(path: Path, table: pd.DataFrame, error) -> InputError:
    """The first failure of a pandera ``SchemaError`` as a reporter reads it."""
    import pandera.pandas as pa

    cases = error.failure_cases
    message = str(error.check.error) if error.check is not None and getattr(error.check, "error", None) else \
        " ".join(str(error).split())[:200]
    field = error.schema.name if isinstance(error.schema, pa.Column) else None
    row = None
    if isinstance(cases, pd.DataFrame) and "index" in cases.columns and len(cases):
        index = cases["index"].iloc[0]
        if index is not None and not pd.isna(index):
            index = int(index)
            if field is None and "column" in cases.columns:
                field = cases["column"].iloc[0]
            value = table.at[index, field] if field in table.columns else None
            if value is not None and "DUPLICATE" in str(error.reason_code):
                same = table.index[table[field] == value]
                index, message = same[1], f"'{value}' repeats row {csv_line(same[0])}"
            elif value:
                message = f"'{value}' {message}"
            row = csv_line(index)
    return InputError(path, message, row=row, field=field)


def as_bool(column: pd.Series) -> pd.Series:
    """``true``/``false`` text (already validated) as booleans."""
    return column.str.lower().map({"true": True, "false": False}).astype(bool)
