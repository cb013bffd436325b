"""Errors meant for people, not for debuggers.

An ``InputError`` says which file, which row and which field is wrong and what
to do about it. The command line prints it as one line and exits non-zero
without a traceback; unexpected errors still raise normally.
"""
from __future__ import annotations

from pathlib import Path

from analysis.core.paths import display


class InputError(Exception):
    """Bad input found in a file the user can fix."""

    def __init__(self, path: Path | str, message: str, *, row: int | None = None,
                 field: str | None = None):
        self.path = Path(path)
        self.row = row
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [display(self.path)]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


def csv_line(index: int) -> int:
    """Line number, as a spreadsheet or text editor shows it, of data row ``index``.

    Line 1 is the header, so the first data row (index 0) is line 2.
    """
    return int(index) + 2
