"""The next press release in one command: ``python -m analysis run COUNTS.csv --out DIR``.

COUNTS.csv needs ``jurisdiction`` and ``arrests``; optional columns are
``source`` (where the counts were published), ``operation`` (its name) and
``announced_total`` (the total the agency announced, to check the sum).
Names are resolved offline against the national Census files
(``analysis.geography.resolve``); population comes from the same files. DIR receives:

- ``resolution.csv``: each name's Census match, level, GEOIDs, rule and notes;
- ``rates.csv``: the same columns as the flagship ``data/processed/rates.csv``;
- ``sum_check.csv``: the counts' sum against the announced total;
- ``figures/``: the charts, and the maps when every geography can be drawn.

Every name is resolved before anything is written; if any is unknown or
ambiguous the run stops, lists each with its candidates, and writes nothing.
"""
from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.figures import style
from analysis.core.atomic import write_files_atomically
from analysis.story.counts import load_counts
from analysis.core.errors import InputError, csv_line
from analysis.census.national import load_geographies, population_extract
from analysis.rates.noncitizen import load_acs
from analysis.census.population import DEFAULT_VINTAGE
from analysis.rates.rates import compute_rates
from analysis.geography.resolve import Resolution, Resolver, UnresolvedName, load_overrides
from analysis.geography.shapes import place_counties
from analysis.core.tables import to_csv_bytes

RESOLUTION_COLUMNS = [field.name for field in fields(Resolution)]


def resolve_names(counts: pd.DataFrame, counts_path: Path, resolver: Resolver, state_hint: str | None,
                  overrides: dict[str, Resolution]) -> pd.DataFrame:
    """Every name resolved, or one error listing every name that is not, row by row."""
    resolved, problems = [], []
    for index, name in counts["jurisdiction"].items():
        try:
            resolved.append(vars(resolver.resolve(name, state_hint, overrides)))
        except UnresolvedName as why:
            problems.append(f"row {csv_line(index)}, field 'jurisdiction': {why}")
    if problems:
        raise InputError(counts_path, f"{len(problems)} name(s) could not be resolved:\n  " + "\n  ".join(problems))
    return pd.DataFrame(resolved, columns=RESOLUTION_COLUMNS)


def _definition_id(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "place"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def crosswalk_from(resolution: pd.DataFrame) -> pd.DataFrame:
    """A one-definition-per-name crosswalk, in the flagship crosswalk's shape."""
    taken: set[str] = set()
    return pd.DataFrame({
        "jurisdiction": resolution["jurisdiction"],
        "definition": [_definition_id(n, taken) for n in resolution["jurisdiction"]],
        "is_primary": True,
        "geography": resolution["matched_name"],
        "short_label": resolution["matched_name"].str.split(", ").str[0],
        "geo_level": resolution["geo_level"],
        "geoids": resolution["geoids"],
        "rationale": resolution["method"],
    })


def announced_total_check(counts: pd.DataFrame, counts_path: Path) -> pd.DataFrame:
    """The counts' sum next to the announced total, when the counts file gives one."""
    computed = int(counts["arrests"].sum())
    stated_values = sorted(set(counts.get("announced_total", pd.Series(dtype=str))) - {""})
    if len(stated_values) > 1:
        raise InputError(counts_path, f"announced_total has several values ({', '.join(stated_values)}); "
                         "give the one total on every row or on one row", field="announced_total")
    if stated_values and not stated_values[0].isdigit():
        index = counts.index[counts["announced_total"] == stated_values[0]][0]
        raise InputError(counts_path, f"'{stated_values[0]}' is not a whole number", row=csv_line(index),
                         field="announced_total")
    stated = int(stated_values[0]) if stated_values else None
    agrees = "" if stated is None else ("true" if stated == computed else "false")
    return pd.DataFrame([{"stated_total": stated, "sum_of_counts": computed, "rows": len(counts),
                          "agrees": agrees or "no announced total given"}])


def _story(counts: pd.DataFrame, counts_path: Path) -> style.Story:
    def first(column: str, default: str) -> str:
        values = [v for v in counts.get(column, pd.Series(dtype=str)) if v]
        return values[0] if values else default
    return style.Story(operation=first("operation", "the announced operation"), when="",
                       counts_source=first("source", counts_path.name))


def run(counts_path: Path, out_dir: Path, census_dir: Path = paths.EXTERNAL, state_hint: str | None = None,
        overrides_path: Path | None = None, vintage: int = DEFAULT_VINTAGE, figures: bool = True) -> dict:
    """Resolve, compute and write everything for a new counts table; returns what was written."""
    counts_path, out_dir = Path(counts_path), Path(out_dir)
    counts = load_counts(counts_path)
    geographies = load_geographies(Path(census_dir), vintage)
    resolver = Resolver(geographies)
    overrides = load_overrides(Path(overrides_path), resolver) if overrides_path else {}
    resolution = resolve_names(counts, counts_path, resolver, state_hint, overrides)
    crosswalk = crosswalk_from(resolution)
    population = population_extract(geographies, vintage)
    rates = compute_rates(counts, crosswalk, population, vintage, load_acs(paths.ACS_CSV))
    outputs = {"resolution.csv": resolution, "rates.csv": rates,
               "sum_check.csv": announced_total_check(counts, counts_path)}
    write_files_atomically({out_dir / name: to_csv_bytes(table) for name, table in outputs.items()})
    written = {"tables": sorted(outputs), "figures": [], "maps_skipped": []}
    if figures:
        from analysis.figures import charts as figure_module

        drawable = place_counties()
        undrawable = [j for j, level, ids in zip(rates["jurisdiction"], rates["geo_level"], rates["geoids"])
                      if level == "place" and any(g not in drawable for g in ids.split(";"))]
        items = figure_module.all_figures(rates, _story(counts, counts_path), maps=not undrawable)
        written["figures"] = [p.name for p in style.export(items, out_dir / "figures")]
        written["maps_skipped"] = undrawable
    return written
