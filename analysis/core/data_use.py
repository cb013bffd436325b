"""Saying which data files a result came from, even when the table was already in memory.

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
