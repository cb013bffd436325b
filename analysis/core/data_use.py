"""Saying which data files a result came from, even when the table was already in memory, and
keeping such tables only while their files stay as they were.

A build's stamp lists the downloaded national files the build used
(``analysis.pipeline.stamps``), found by watching which files Python opens.
A table read once and kept for the rest of the process is opened only by the
first story that needs it, so a later story using the same table would not
list the files and would miss a change in them. Code that hands out such a
table therefore raises this audit event (PEP 578, ``sys.audit``) for each of
its files every time it hands it out; the stamps count it as an opening.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

EVENT = "analysis.data-used"


def used(files: Iterable[Path]) -> None:
    """Announce that the result being computed depends on ``files``."""
    for path in files:
        sys.audit(EVENT, os.fspath(path))


def as_on_disk(files: Iterable[Path]) -> tuple:
    """Name, size and modification time of each file: part of the key of a table kept in memory,
    so a file changed during a run (a `git pull`, a new download) is read again, never served
    from memory for the next story."""
    found = []
    for path in map(Path, files):
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)
