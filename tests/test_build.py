"""The build is deterministic, never writes its inputs, and matches what is committed."""
from __future__ import annotations

import hashlib
import shutil

import pytest

from analysis.core import paths
from analysis.core.tables import to_csv_bytes
from analysis.pipeline.build import build_story
from analysis.story.story import load_story
from tests.conftest import FLAGSHIP, replace_in

TABLES = {"rates.csv", "rates_v2017.csv", "robustness.csv", "sum_check.csv", "fact_check.csv"}


def _digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("slug", [FLAGSHIP])
def test_committed_outputs_are_up_to_date(slug, tmp_path):
    """A fresh build, tables and figures, gives every committed byte. The committed files were written
    by another process (other hash seed, other order of imports), so this is also the proof that a
    rebuild gives identical bytes; the tables-only tests below build without drawing."""
    build_story(load_story(slug), tmp_path / "processed", tmp_path / "figures")
    for built, committed in [(tmp_path / "processed", paths.processed_dir(slug)),
                             (tmp_path / "figures", paths.figures_dir(slug))]:
        shown = paths.display(committed)
        visible = {name for name in _digests(committed) if not name.startswith(".")}  # not the stamp
        assert set(_digests(built)) == visible, f"{shown} holds other files than a build writes: run `make all`"
        for name, digest in _digests(built).items():
            assert digest == _sha256((committed / name).read_bytes()), (
                f"{shown}/{name} is stale: run `make all` and commit it")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The flagship's tables built once, from a private copy of its story folder, into an output
    folder that holds a file an older build wrote: (story folder, its digests before, output folder)."""
    root = tmp_path_factory.mktemp("built")
    story_folder = root / "stories" / FLAGSHIP
    shutil.copytree(paths.STORIES / FLAGSHIP, story_folder)
    before = _digests(story_folder)
    out = root / "processed"
    out.mkdir()
    (out / "stale_from_an_old_release.csv").write_text("x\n")
    build_story(load_story(story_folder), out, draw=False)
    return story_folder, before, out


def test_a_build_never_writes_the_story(built):
    story_folder, before, _ = built
    assert _digests(story_folder) == before


def test_a_rebuild_removes_files_an_earlier_build_wrote(built):
    _, _, out = built
    assert set(_digests(out)) == TABLES


def test_a_rebuild_gives_identical_bytes(built, flagship_tables):
    """The same tables, byte for byte, as the session's own computation of the flagship (from the
    story folder itself, earlier in this process): a second computation, from another folder, changes
    nothing."""
    _, _, out = built
    assert _digests(out) == {name: _sha256(to_csv_bytes(table)) for name, table in flagship_tables.files().items()}


def test_a_failed_build_changes_nothing(built, story_copy, tmp_path):
    out = tmp_path / "processed"
    shutil.copytree(built[2], out)  # a private copy of a finished build's tables
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
