"""The next press release in one command: ``python -m analysis run COUNTS.csv --out DIR``.

A thin use of the story pipeline: the counts become a story folder in memory
(``analysis.pipeline.new``), which is built exactly like a committed story
(``analysis.pipeline.build``), so every table has the same schema. DIR receives
``resolution.csv`` (each name's Census match and the rule used),
``geographies.csv``, ``rates.csv``, ``robustness.csv``, ``sum_check.csv``,
``fact_check.csv`` and ``figures/``.

DIR is replaced as a whole (no file of an earlier run survives beside the new
ones), and only if it is empty or was made by an earlier run (it holds the
marker file ``.analysis-run``): a run never writes into the project's evidence
or outputs, nor into a folder that holds its input.
"""
from __future__ import annotations

import dataclasses
import re
import sys
import tempfile
from pathlib import Path

from analysis.core import paths
from analysis.core.atomic import replace_folders
from analysis.core.errors import InputError
from analysis.core.tables import to_csv_bytes
from analysis.pipeline.build import StrictError, compute_story, figure_story
from analysis.pipeline.new import story_files
from analysis.story.story import load_story

MARKER = ".analysis-run"
PROTECTED = (paths.PROJECT_ROOT,)


def check_out_dir(out_dir: Path, inputs: list[Path]) -> None:
    """Refuse an output folder where replacing it could lose or mix files that are not the run's."""
    out = out_dir.resolve()
    for protected in PROTECTED:
        if out == protected.resolve() or protected.resolve() in out.parents or out in protected.resolve().parents:
            raise InputError(out_dir, "--out must be outside the project folder (its evidence, outputs and "
                             "code are committed); choose another folder")
    if out == Path.cwd().resolve() or out in Path.cwd().resolve().parents:
        raise InputError(out_dir, "--out is the current folder or holds it; a run replaces its whole output "
                         "folder: choose a folder of its own")
    for given in inputs:
        if out == given.resolve() or out in given.resolve().parents:
            raise InputError(out_dir, f"--out holds the input {given.name}; a run replaces its whole "
                             "output folder: choose another folder")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise InputError(out_dir, "exists and was not made by `python -m analysis run` (no .analysis-run "
                         "marker): choose an empty or new folder")


def _as_users_error(error: InputError, scratch: Path, counts_path: Path) -> InputError:
    """An error found in the in-memory story, said about the user's own counts file."""
    if scratch not in error.path.parents and error.path != scratch:
        return error
    if error.path.name == "counts.csv":  # the same rows, in the same order, as the user's file
        return InputError(counts_path, error.message, row=error.row, field=error.field)
    return InputError(counts_path, f"{error.message} (in the {error.path.name} made from this file"
                      + (f", field '{error.field}'" if error.field else "") + ")")


def _has_dates(counts_path: Path) -> bool:
    from analysis.story.counts import load_counts

    return any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in load_counts(counts_path).get("published_date", []))


def _for_run(warning: str) -> str:
    """A build warning in the words of a quick run (no story folder, no story.toml)."""
    return (warning.removeprefix("quick-run: ").replace("story.toml's announced_total", "the announced total")
            .replace("check counts.csv", "check the counts file"))


def run(counts_path: Path, out_dir: Path, year: int, state_hint: str | None = None,
        overrides_path: Path | None = None, census_dir: Path | None = None, figures: bool = True,
        strict: bool = False) -> list[Path]:
    """Resolve, compute and write everything for a new counts table; returns the files written.

    A sum of counts that disagrees with the announced total is a warning (a row of
    ``sum_check.csv`` with ``agrees`` false); with ``strict`` it stops the run before any write.
    """
    counts_path, out_dir = Path(counts_path), Path(out_dir)
    inputs = [counts_path] + [Path(p) for p in (overrides_path, census_dir) if p]
    check_out_dir(out_dir, inputs)
    files, resolution = story_files("quick-run", counts_path, year, state_hint, overrides_path,
                                    census_dir=census_dir, quick=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "quick-run"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        try:
            story = load_story(folder)
            tables = compute_story(story, census_dir=Path(census_dir) if census_dir else None)
        except InputError as error:
            raise _as_users_error(error, folder, counts_path) from None
    if strict and tables.warnings:
        raise StrictError(counts_path, _for_run(tables.warnings[0]) + " (--strict)", field="announced_total")
    for warning in tables.warnings:
        print("warning: " + _for_run(warning), file=sys.stderr)
    out = {name: to_csv_bytes(table) for name, table in tables.files().items()}
    out["resolution.csv"] = to_csv_bytes(resolution)
    out["geographies.csv"] = files["geographies.csv"]
    out[MARKER] = b"Made by `python -m analysis run`; the next run replaces this whole folder.\n"
    if figures:
        from analysis.figures import charts, style
        from analysis.geography.points import missing_place_points

        places = [g for level, ids in zip(tables.rates["geo_level"], tables.rates["geoids"])
                  if level == "place" for g in ids.split(";")]
        missing = missing_place_points(places)
        if missing:
            print(f"warning: no Census internal point for place(s) {', '.join(missing)} (incorporated after "
                  "the 2018 Gazetteer): the map and locator panels are left out", file=sys.stderr)
        shown = figure_story(story)
        if not _has_dates(counts_path):  # no publication date: say the year, never an invented month
            shown = dataclasses.replace(shown, when=str(year))
        items = charts.all_figures(tables.rates, shown, maps=not missing)
        out.update({f"figures/{name}": data for name, data in style.rendered_files(items).items()})
    return replace_folders({out_dir: out})
