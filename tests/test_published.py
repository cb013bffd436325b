"""The published totals kept in data/raw/ and the sums they must equal."""
from __future__ import annotations

from analysis.core import paths
from analysis.story.counts import load_counts
from analysis.story.published import load_published_figures, sum_checks


def test_ice_counts_sum_to_the_announced_total_and_la_area_decomposes():
    figures = load_published_figures(paths.PUBLISHED_FIGURES_CSV)
    checks = sum_checks(figures, load_counts(paths.COUNTS_CSV), paths.PUBLISHED_FIGURES_CSV)
    checks = checks.set_index("figure_id")
    assert checks.loc["ice_total_arrests", ["stated", "computed"]].tolist() == [498, 498]
    assert checks.loc["latimes_los_angeles_area", ["stated", "computed"]].tolist() == [167, 101 + 66]
    assert (checks["agrees"] == "true").all()


def test_flagship_counts_are_evidence_with_sources():
    counts = load_counts(paths.COUNTS_CSV)
    assert len(counts) == 10
    assert counts.set_index("jurisdiction")["arrests"].to_dict() == {
        "Baltimore": 28, "Cook County, Illinois": 30, "Denver": 63, "Los Angeles": 101,
        "New York": 45, "Philadelphia": 107, "Portland, Oregon": 33,
        "Santa Clara County, California": 27, "Washington, D.C.": 14,
        "the state of Massachusetts": 50}
    for column in ("operation", "announced_date", "as_published", "source_name", "source_url"):
        assert (counts[column] != "").all(), column
    assert set(counts["announced_date"]) == {"2017-09-28"}
