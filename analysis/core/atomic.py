"""Write several output files so that either all of them change or none does.

Outputs are first written next to their destination under a temporary name,
then moved into place with ``os.replace`` (atomic on POSIX within one file
system). If anything fails before the moves, the previous outputs stay byte
for byte as they were and the temporary files are removed.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_files_atomically(contents: dict[Path, bytes]) -> None:
    """Write every ``path -> bytes`` pair, replacing old files only at the end."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in contents.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)  # mkstemp makes 0600 files; outputs are meant to be shared
            staged.append((Path(tmp), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()
