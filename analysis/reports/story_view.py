"""What a story's notebooks show, read from the story folder and its built tables.

The notebook templates (``analysis/reports/templates/``) are the same for
every story: each cell asks ``StoryView`` for one answer. The view reads
``stories/<slug>/`` and ``data/processed/<slug>/`` (what ``build`` wrote; it
computes nothing new) and returns text or a figure, so every number a reader
sees is printed by code and checked by nbval, and the story's own words come
from its ``story.toml``.
"""
from __future__ import annotations

import functools

import pandas as pd
from IPython.display import Markdown

from analysis.core import paths
from analysis.rates.results import load_rates
from analysis.reports import display, report
from analysis.story.counts import load_counts
from analysis.story.story import load_story


class Text(str):
    """Plain text that a notebook shows as it is (no quotes), like ``print`` but as the cell's value."""

    def _repr_pretty_(self, printer, cycle):  # IPython's hook for text/plain
        printer.text(str(self))


def _percent_change(new: float, old: float) -> float:
    return 100 * (new - old) / old


class StoryView:
    """The answers one story's notebooks print."""

    def __init__(self, slug: str):
        self.story = load_story(slug)
        self.processed = paths.processed_dir(self.story.slug)

    # -- inputs and outputs ---------------------------------------------------------------------
    @functools.cached_property
    def counts(self) -> pd.DataFrame:
        return load_counts(self.story.counts_csv)

    @functools.cached_property
    def rates(self) -> pd.DataFrame:
        return load_rates(self.processed / "rates.csv")

    def _table(self, name: str) -> pd.DataFrame:
        return pd.read_csv(self.processed / name, dtype=str, keep_default_na=False)

    @functools.cached_property
    def robustness(self) -> pd.DataFrame:
        table = pd.read_csv(self.processed / "robustness.csv")
        return table.astype({"rank": "Int64"})

    # -- 1. counts ------------------------------------------------------------------------------
    def summary(self) -> Markdown:
        meta = self.story.meta
        when = f"{meta.start:%d %B %Y} to {meta.end:%d %B %Y}, announced {meta.announced:%d %B %Y}"
        return Markdown(f"**{meta.title}** ({meta.agency}; {when}). {' '.join(meta.summary.split())}")

    def note(self, key: str) -> Markdown | None:
        """The story's own words for this part (nothing shown when story.toml has none)."""
        text = self.story.note(key)
        return Markdown(text) if text else None

    def counts_table(self) -> display.Table:
        return report.counts_table(self.counts)

    def sum_check(self) -> Text:
        return Text(report.sum_check_text(self._table("sum_check.csv")))

    def count_sources(self) -> display.Table:
        columns = [c for c in ("jurisdiction", "source_name", "source_url") if c in self.counts.columns]
        return display.table(self.counts[columns])

    def sources(self) -> Text:
        return Text("\n".join(f"- {s.name}, {s.date}: {s.url}" for s in self.story.meta.sources))

    # -- 2. geographies -------------------------------------------------------------------------
    def geographies(self) -> display.Table:
        return report.crosswalk_table(self.rates)

    def figure(self, name: str):
        """One published figure, as the build wrote it (``reports/<slug>/figures/``)."""
        from analysis.reports.notebook import published_figure

        return published_figure(paths.figures_dir(self.story.slug), name)

    def population_sources(self) -> display.Table:
        from analysis.census.extract import committed_sources

        used = set(self.rates["population_source"].str.extract(r"\((.+)\)$")[0].dropna())
        sources = committed_sources()
        return report.sources_table(sources[sources["source_file"].isin(used)])

    # -- 3. rates -------------------------------------------------------------------------------
    def rates_table(self) -> Text:
        return Text(report.primary_summary(self.rates))

    def rates_headline(self) -> Text:
        ranked = self.robustness.dropna(subset=["primary_rate"])
        top, bottom = ranked.iloc[0], ranked.iloc[-1]
        by_count = self.counts.sort_values(["arrests", "jurisdiction"], ascending=[False, True]).iloc[0]
        lines = [f"Highest rate: {top['jurisdiction']}, {top['primary_rate']:.1f} arrests per 100,000 residents "
                 f"({top['primary_rate'] / bottom['primary_rate']:.1f} times the lowest, {bottom['jurisdiction']}, "
                 f"{bottom['primary_rate']:.1f})."]
        rank_of = dict(zip(ranked["jurisdiction"], ranked["rank"]))
        if by_count["jurisdiction"] in rank_of:
            lines.append(f"Largest count: {by_count['jurisdiction']}, {by_count['arrests']} arrests, "
                         f"no. {rank_of[by_count['jurisdiction']]} of {len(ranked)} per resident.")
        return Text("\n".join(lines))

    def rank_changes(self) -> Text:
        ranked = self.robustness.dropna(subset=["primary_rate"]).copy()
        ranked["count_rank"] = ranked["arrests"].rank(method="min", ascending=False).astype(int)
        moved = ranked[ranked["count_rank"] != ranked["rank"]].sort_values("count_rank")
        if moved.empty:
            return Text("The ranking by rate is the same as the ranking by count.")
        return Text("\n".join(f"{row.jurisdiction}: no. {row.count_rank} by count, no. {row.rank} per resident"
                              for row in moved.itertuples()))

    # -- 4. robustness --------------------------------------------------------------------------
    def geography_sensitivity(self) -> display.Table:
        table = self.robustness
        widest = table.sort_values(["highest_over_lowest", "jurisdiction"], ascending=[False, True]).iloc[0]
        if widest["definitions"] > 1:
            note = (f"Most sensitive: {widest['jurisdiction']}, from {widest['lowest_rate']:.1f} to "
                    f"{widest['highest_rate']:.1f} per 100,000 ({widest['highest_over_lowest']:.1f}-fold) "
                    f"across {widest['definitions']} definitions.")
        else:
            note = "No jurisdiction has an alternative geography in geographies.csv."
        return report.robustness_table(table, note)

    def vintage_comparison(self):
        vintages = self.story.meta.compare_vintages
        if not vintages:
            return Text(f"No other vintage is compared for this story (story.toml: compare_vintages); "
                        f"rates use {report.population_label(self.rates)}.")
        parts = []
        for vintage in vintages:
            older = load_rates(self.processed / f"rates_v{vintage}.csv")
            both = report.vintage_comparison(self.rates, older)
            usable = both.dropna(subset=["population_old"])
            change = [_percent_change(n, o) for n, o in zip(usable["population_new"], usable["population_old"])]
            same_order = (usable["rank_new"] == usable["rank_old"]).all()
            missing = "; ".join(both.loc[both["population_old"].isna(), "jurisdiction"])
            parts.append(report.vintage_table(
                self.rates, older,
                f"Population differs by at most {max(abs(c) for c in change):.1f}% between vintages; the order "
                f"of the {len(usable)} jurisdictions with both estimates is {'unchanged' if same_order else 'CHANGED'}."
                + (f" No Vintage {vintage} estimate: {missing}." if missing else "")))
        return parts[0] if len(parts) == 1 else Text("\n\n".join(str(p) for p in parts))

    def noncitizen(self) -> Text:
        return Text(report.noncitizen_text(self.rates))

    def small_counts(self) -> display.Table:
        table = self.robustness
        most = table.sort_values(["one_arrest_as_share_of_rate", "jurisdiction"], ascending=[False, True]).iloc[0]
        return report.one_arrest_table(table, f"One arrest more or less moves {most['jurisdiction']}'s rate by "
                                              f"{most['one_arrest_as_share_of_rate']:.0%}.")

    # -- 5. fact-check --------------------------------------------------------------------------
    @functools.cached_property
    def fact_check(self) -> pd.DataFrame:
        return self._table("fact_check.csv")

    def verdicts(self) -> display.Claims:
        return display.claims(self.fact_check)

    def explanations(self):
        """Every claim that is not simply correct, with its source and why."""
        flagged = self.fact_check[self.fact_check["verdict"] != "correct"]
        if flagged.empty:
            return Text("Every claim checks out.")
        return display.explained(flagged, *flagged["claim_id"])

    # -- 6. method ------------------------------------------------------------------------------
    def method(self) -> Text:
        levels = ", ".join(f"{level} ({n})" for level, n in
                           self.rates[self.rates["is_primary"]]["geo_level"].value_counts().sort_index().items())
        return Text(f"Counts: {len(self.counts)} jurisdictions, {int(self.counts['arrests'].sum())} arrests, "
                    f"as announced.\nDenominators: Census Bureau {report.population_label(self.rates)}; "
                    f"no sampling error.\nPrimary geographies by level: {levels}.")

    def all_sources(self) -> display.Table:
        from analysis.census.extract import committed_sources

        return report.sources_table(committed_sources())
