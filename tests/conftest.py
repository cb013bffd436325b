"""Shared fixtures: private copies of the committed evidence that a test may break."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.core import paths
from analysis.pipeline.build import StoryTables, compute_story
from analysis.story.story import Story, load_story

FLAGSHIP = "safe-city-2017"


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
def raw_copy(tmp_path: Path) -> Path:
    """A copy of data/raw/ (the committed Census extracts) that a test may change."""
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW, target)
    return target


@pytest.fixture(scope="session")
def flagship() -> Story:
    return load_story(FLAGSHIP)


@pytest.fixture(scope="session")
def flagship_tables(flagship: Story) -> StoryTables:
    """The flagship's tables computed once per session from the committed evidence."""
    return compute_story(flagship)


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit one spot of a text file, failing loudly if the spot is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
