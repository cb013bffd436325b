"""Outputs change all together or not at all, even when Ctrl-C or SIGTERM arrives mid-way."""
from __future__ import annotations

import os
import signal
import threading

import pytest

from analysis.core import atomic


def _interrupting_replace(monkeypatch, after: int, signum: int):
    """os.replace that sends this process ``signum`` once ``after`` renames are done."""
    real, done = os.replace, []

    def replace(source, target):
        real(source, target)
        done.append(target)
        if len(done) == after:
            os.kill(os.getpid(), signum)

    monkeypatch.setattr(atomic.os, "replace", replace)
    return done


def _stop(signum, frame):
    raise KeyboardInterrupt  # what the command line makes of SIGTERM (analysis.cli)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_between_two_renames_waits_until_every_file_is_in_place(tmp_path, monkeypatch, signum):
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        files = {tmp_path / f"{n}.ipynb": f"new {n}\n".encode() for n in range(4)}
        for path in files:
            path.write_bytes(b"old\n")
        done = _interrupting_replace(monkeypatch, after=1, signum=signum)
        with pytest.raises(KeyboardInterrupt):
            atomic.write_files_atomically(files)
        assert len(done) == 4  # the interruption came after the last rename, not after the first
        assert {path: path.read_bytes() for path in files} == files
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in files)  # no temporary left
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_signal_during_a_folder_swap_waits_until_every_folder_is_swapped(tmp_path, monkeypatch):
    folders = {tmp_path / "processed": {"rates.csv": b"new rates\n"}, tmp_path / "figures": {"map.svg": b"<svg/>"}}
    for folder in folders:
        folder.mkdir()
        (folder / "old.txt").write_text("old")
    _interrupting_replace(monkeypatch, after=1, signum=signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        atomic.replace_folders(folders)
    for folder, files in folders.items():
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == files


def test_the_signal_is_held_while_other_threads_run(tmp_path, monkeypatch):
    """During `make all` notebook threads run beside the writes; the signal may reach any thread,
    and Python still runs its handler in the main thread, so holding it there must be enough."""
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        files = {tmp_path / f"{n}.html": b"new\n" for n in range(3)}
        done = _interrupting_replace(monkeypatch, after=1, signum=signal.SIGINT)
        with pytest.raises(KeyboardInterrupt):
            atomic.write_files_atomically(files)
        assert len(done) == 3 and all(path.read_bytes() == b"new\n" for path in files)
    finally:
        release.set()
        other.join()
