"""Shared fixtures: private copies of the committed evidence that a test may break, and the
expensive things (the national table and its resolver, the flagship's tables) made once per session.

The suite runs in parallel (``make test``: pytest-xdist, one worker per core, each test file on
one worker): a session fixture is made once per worker, and every test writes only below its
own temporary folder. Imports of the project happen inside the fixtures, so pytest's own
process, which only hands tests to the workers, does not load pandas and matplotlib for nothing.
"""
from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

import pytest

from analysis.core import paths

FLAGSHIP = "safe-city-2017"
# pytester runs nbval in this process where a test needs a nested run (tests/test_notebooks.py).
pytest_plugins = ["pytester"]


@pytest.fixture
def story_copy(tmp_path: Path) -> Path:
    """A copy of the flagship story folder (stories/safe-city-2017/)."""
    target = tmp_path / "stories" / FLAGSHIP
    shutil.copytree(paths.STORIES / FLAGSHIP, target)
    return target


@pytest.fixture(scope="session")
def national_geographies():
    """Every state, county and place with its population: the table the name resolver reads.

    The one place tests get the national table from, so a new loader is pointed at here only.
    """
    from analysis.census.estimates import load_geographies

    return load_geographies(2017)  # the committed national extract: no download, no ../shared


@pytest.fixture(scope="session")
def national_resolver(national_geographies):
    from analysis.geography.resolve import Resolver

    return Resolver(national_geographies)


@pytest.fixture
def cli(capsys):
    """``python -m analysis ARGS`` in this process (no new interpreter to start): ``cli(*args)`` gives
    (exit status, stdout, stderr). main() points SIGTERM at its own clean-up for the command; the
    handler pytest had is put back afterwards."""
    import signal

    from analysis.cli import main

    previous = signal.getsignal(signal.SIGTERM)

    def run(*args) -> tuple[int, str, str]:
        capsys.readouterr()  # only what this command prints
        status = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return status, out, err

    yield run
    signal.signal(signal.SIGTERM, previous)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A copy of data/raw/ (the committed Census extracts) that a test may change."""
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW, target)
    return target


@pytest.fixture(scope="session")
def flagship():
    from analysis.story.story import load_story

    return load_story(FLAGSHIP)


@pytest.fixture(scope="session")
def flagship_tables(flagship):
    """The flagship's tables computed once per session from the committed evidence."""
    from analysis.pipeline.build import compute_story

    return compute_story(flagship)


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit one spot of a text file, failing loudly if the spot is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def census_slices() -> Path:
    """The committed slices of the national Census files (``tests/data/census/slice-*``) under their
    real names in a private folder, as a census folder a user would download.

    They are stored with a ``slice-`` prefix so that no committed file is mistaken for a whole
    national file; copied once per test process.
    """
    return _census_slices()


@functools.cache
def _census_slices() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="census-slices-"))
    for path in (Path(__file__).parent / "data" / "census").glob("slice-*"):
        shutil.copy2(path, folder / path.name.removeprefix("slice-"))
    return folder
