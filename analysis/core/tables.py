"""Reading and writing the project's small CSV tables the same way everywhere.

Every cell is read as text (GEOIDs keep their leading zeros; nothing is guessed
as a number or a missing value), and tables are written with ``\\n`` line ends
and UTF-8, so a rebuild gives identical bytes on every machine.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.core.errors import InputError, csv_line

TRUE_FALSE = {"true": True, "false": False}


def read_text_table(path: Path, required: list[str]) -> pd.DataFrame:
    """Read ``path`` with every column as stripped text and check its columns."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        detail = " ".join(str(exc).split())
        line = re.search(r"line (\d+)", detail)
        raise InputError(path, f"not a readable UTF-8 CSV file ({detail}); quote names that contain commas",
                         row=int(line.group(1)) if line else None) from None
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}; expected at least "
                         f"{', '.join(required)}", row=1)
    return table.apply(lambda column: column.str.strip())


def parse_true_false(path: Path, table: pd.DataFrame, field: str) -> pd.Series:
    """Turn a column of ``true``/``false`` into booleans, naming any bad row."""
    values = table[field].str.lower()
    for index, value in values.items():
        if value not in TRUE_FALSE:
            raise InputError(path, f"'{table.at[index, field]}' must be true or false",
                             row=csv_line(index), field=field)
    return values.map(TRUE_FALSE).astype(bool)


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """The exact bytes the project writes for ``table`` (no index, LF, UTF-8).

    Booleans are written ``true``/``false``, the spelling the inputs use.
    """
    out = table.copy()
    for column in out.columns[out.dtypes == bool]:
        out[column] = out[column].map({True: "true", False: "false"})
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")
