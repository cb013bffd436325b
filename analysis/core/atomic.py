"""Write several output files so that either all of them change or none does.

Outputs are first written next to their destination under a temporary name,
then moved into place with ``os.replace`` (atomic on POSIX within one file
system). If anything fails before the moves, the previous outputs stay byte
for byte as they were and the temporary files are removed. Ctrl-C and SIGTERM
are held back during the moves themselves (a few renames), so an interruption
lands before or after them, never between two.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back until the block ends; the first one that came is acted on then.

    Python runs signal handlers in the main thread only, whichever thread the signal reaches (so
    blocking it in this thread would not do while notebook threads run): in the main thread the
    handlers are swapped for ones that only note the signal; another thread is never interrupted.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[tuple[int, object]] = []
    previous = {signum: signal.getsignal(signum) for signum in HELD}
    swapped = [signum for signum, handler in previous.items() if handler is not None]  # None: not Python's
    for signum in swapped:
        signal.signal(signum, lambda number, frame: came.append((number, frame)))
    try:
        yield
    finally:
        for signum in swapped:
            signal.signal(signum, previous[signum])
        if came:
            signum, frame = came[0]
            handler = previous[signum]
            if callable(handler):
                handler(signum, frame)  # Ctrl-C's KeyboardInterrupt, or the command line's own
            elif handler == signal.SIG_DFL:
                signal.raise_signal(signum)


def write_files_atomically(contents: dict[Path, bytes], remove: list[Path] = ()) -> None:
    """Write every ``path -> bytes`` pair, replacing old files only at the end, and delete the
    files in ``remove`` (outputs no longer made) in the same uninterrupted step."""
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
        with signals_held():
            for tmp, path in staged:
                os.replace(tmp, path)
            for path in remove:
                Path(path).unlink(missing_ok=True)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()


def lock_path(folder: Path) -> Path:
    """The lock file ``replace_folders`` keeps beside ``folder`` (hidden, empty)."""
    return Path(folder).parent / f".{Path(folder).name}.lock"


def replace_folders(contents: dict[Path, dict[str, bytes]], new_only: bool = False) -> list[Path]:
    """Replace whole folders by exactly the files given, all together (or none if one fails).

    Each folder's new contents are written beside it first; only when every
    file of every folder is written are the folders swapped in, each by two
    renames, so no folder ever holds a mix of old and new files, and files an
    earlier build wrote but this one did not (a figure no longer drawn) are gone.
    A lock per folder keeps two builds of the same story from interleaving. Ctrl-C and
    SIGTERM are held back during the swap itself (a few renames), and a failed swap puts the
    previous folders back, so an interruption never leaves new tables beside old figures.
    With ``new_only``, a folder that already exists (checked under the lock) is refused.
    """
    staged: list[tuple[Path, Path]] = []
    locks = []
    try:
        for folder in sorted(Path(f) for f in contents):
            folder.parent.mkdir(parents=True, exist_ok=True)
            lock = open(lock_path(folder), "w")
            fcntl.flock(lock, fcntl.LOCK_EX)
            locks.append(lock)
        if new_only:
            existing = [Path(f) for f in contents if Path(f).exists()]
            if existing:
                raise FileExistsError(existing[0])
        for folder, files in contents.items():
            folder = Path(folder)
            fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
            staged.append((fresh, folder))
            for relative, data in files.items():
                target = fresh / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                os.chmod(target, 0o644)
            os.chmod(fresh, 0o755)
        retired: list[tuple[Path, Path]] = []
        swapped: list[Path] = []
        with signals_held():
            try:
                for fresh, folder in staged:
                    if folder.exists():
                        old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
                        os.replace(folder, old / folder.name)
                        retired.append((old, folder))
                    os.replace(fresh, folder)
                    swapped.append(folder)
            except BaseException:
                for folder in swapped:  # put every earlier folder back as it was
                    shutil.rmtree(folder, ignore_errors=True)
                for old, folder in retired:
                    if not folder.exists():
                        os.replace(old / folder.name, folder)
                raise
        for old, _ in retired:
            shutil.rmtree(old, ignore_errors=True)
        return sorted(Path(folder) / name for folder, files in contents.items() for name in files)
    finally:
        for fresh, _ in staged:
            if fresh.exists():
                shutil.rmtree(fresh, ignore_errors=True)
        for lock in locks:
            lock.close()
