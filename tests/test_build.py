"""The build is deterministic, reads data/raw/ without changing it, and matches what is committed."""
from __future__ import annotations

import hashlib

from analysis.core import paths
from analysis.pipeline.build import build


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file()}


def test_rebuild_gives_identical_bytes(tmp_path):
    build(tmp_path / "first")
    build(tmp_path / "second")
    assert _digests(tmp_path / "first") == _digests(tmp_path / "second")
    assert set(_digests(tmp_path / "first")) == {"rates.csv", "rates_v2017.csv", "sum_check.csv",
                                                      "fact_check.csv"}


def test_build_never_writes_raw(tmp_path):
    before = _digests(paths.RAW)
    build(tmp_path / "processed")
    assert _digests(paths.RAW) == before


def test_committed_outputs_are_up_to_date(tmp_path):
    outputs = build(tmp_path / "processed")
    for name in outputs:
        assert (tmp_path / "processed" / name).read_bytes() == (paths.PROCESSED / name).read_bytes(), (
            f"data/processed/{name} is stale: run `make all` and commit it")


def test_rates_csv_has_the_promised_columns():
    header = paths.RATES_CSV.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:4] == ["jurisdiction", "definition", "is_primary", "geography"]
    assert {"geo_level", "geoids"} <= set(header)
    assert {"population", "population_source", "arrests", "rate_per_100k", "rank"} <= set(header)
