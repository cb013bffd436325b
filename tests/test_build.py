"""The build is deterministic, never writes its inputs, and matches what is committed."""
from __future__ import annotations

import hashlib

import pytest

from analysis.core import paths
from analysis.pipeline.build import build_story
from analysis.story.story import load_story
from tests.conftest import replace_in

TABLES = {"rates.csv", "rates_v2017.csv", "robustness.csv", "sum_check.csv", "fact_check.csv"}


def _digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rebuild_gives_identical_bytes_and_never_writes_the_story(story_copy, tmp_path):
    story = load_story(story_copy)
    before = _digests(story_copy)
    build_story(story, tmp_path / "first", draw=False)
    build_story(story, tmp_path / "second", draw=False)
    assert _digests(tmp_path / "first") == _digests(tmp_path / "second")
    assert set(_digests(tmp_path / "first")) == TABLES
    assert _digests(story_copy) == before


@pytest.mark.parametrize("slug", ["safe-city-2017"])
def test_committed_outputs_are_up_to_date(slug, tmp_path):
    build_story(load_story(slug), tmp_path / "processed", tmp_path / "figures")
    for name, digest in _digests(tmp_path / "processed").items():
        assert digest == hashlib.sha256((paths.processed_dir(slug) / name).read_bytes()).hexdigest(), (
            f"data/processed/{slug}/{name} is stale: run `make all` and commit it")
    for name, digest in _digests(tmp_path / "figures").items():
        assert digest == hashlib.sha256((paths.figures_dir(slug) / name).read_bytes()).hexdigest(), (
            f"reports/{slug}/figures/{name} is stale: run `make all` and commit it")


def test_a_rebuild_removes_files_an_earlier_build_wrote(story_copy, tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "stale_from_an_old_release.csv").write_text("x\n")
    build_story(load_story(story_copy), out, draw=False)
    assert set(_digests(out)) == TABLES


def test_a_failed_build_changes_nothing(story_copy, tmp_path):
    out = tmp_path / "processed"
    build_story(load_story(story_copy), out, draw=False)
    before = _digests(out)
    replace_in(story_copy / "claims.csv", "count:Denver", "count:Denverr")
    with pytest.raises(Exception, match="Denverr"):
        build_story(load_story(story_copy), out, draw=False)
    assert _digests(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".processed.new", ".processed.old"))]


def test_rates_csv_has_the_promised_columns(flagship_tables):
    header = list(flagship_tables.rates.columns)
    assert header[:4] == ["jurisdiction", "definition", "is_primary", "geography"]
    assert {"geo_level", "geoids", "population", "population_source", "vintage", "population_year",
            "arrests", "rate_per_100k", "rank"} <= set(header)
