"""Shared fixtures: a private copy of the committed evidence for each test."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.core import paths
from analysis.pipeline.build import Inputs

SHARED_CENSUS = paths.PROJECT_ROOT.parent / "shared" / "data" / "census"


@pytest.fixture(scope="session")
def national_geographies():
    """Every state, county and place with its population: the table the name resolver reads.

    The one place tests get the national table from, so a new loader is pointed at here only.
    """
    if not SHARED_CENSUS.is_dir():
        pytest.skip("national Census files not at ../shared")
    from analysis.census.national import load_geographies

    return load_geographies(SHARED_CENSUS, 2019)


@pytest.fixture(scope="session")
def national_resolver(national_geographies):
    from analysis.geography.resolve import Resolver

    return Resolver(national_geographies)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A copy of data/raw/ that a test may break without touching the real one."""
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW, target)
    return target


@pytest.fixture
def inputs(raw_copy: Path) -> Inputs:
    return Inputs(counts=raw_copy / paths.COUNTS_CSV.name, crosswalk=raw_copy / paths.CROSSWALK_CSV.name,
                  population=raw_copy / paths.POPULATION_CSV.name,
                  published=raw_copy / paths.PUBLISHED_FIGURES_CSV.name, acs=raw_copy / paths.ACS_CSV.name,
                  story=raw_copy / paths.STORY_LIST_CSV.name)


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit one spot of a CSV file, failing loudly if the spot is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
