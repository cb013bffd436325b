"""Command line: ``python -m analysis all | build | notebooks | new | run | extract | fetch``.

Expected problems (bad input files, a failed or impossible refresh) print one
line saying what is wrong and where, and exit with status 2 and no traceback.
"""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from analysis.core import paths
from analysis.core.errors import InputError

EXIT_BAD_INPUT = 2


def _stories(args: argparse.Namespace) -> list:
    from analysis.story.story import load_story, story_slugs

    slugs = args.slugs or story_slugs()
    if not slugs:
        raise InputError(paths.STORIES, "no story folder; `python -m analysis new SLUG --counts FILE` starts one")
    return [load_story(slug) for slug in slugs]


def _build_one(story, force: bool = False) -> bool:
    """Build one story's tables and figures unless they are up to date; True if it built."""
    from analysis.pipeline import stamps

    reason = "--force" if force else stamps.why_stale(stamps.Stage(stamps.BUILD, story.slug))
    if reason is None:
        return False
    _build_now(story, reason)
    return True


def _build_now(story, reason: str) -> None:
    from analysis.pipeline import stamps
    from analysis.pipeline.build import build_story
    from analysis.story.story import load_story

    stage = stamps.Stage(stamps.BUILD, story.slug)
    inputs = stage.inputs()
    story = load_story(story.slug)  # read again after hashing: an edit since the first reading is built
    with stamps.stamping(stage, inputs):
        written = build_story(story)
    print(f"{story.slug}: wrote {len(written)} files in {paths.display(paths.processed_dir(story.slug))}/ "
          f"and {paths.display(paths.figures_dir(story.slug))}/ ({reason})")


def _build(args: argparse.Namespace) -> None:
    for story in _stories(args):
        if not _build_one(story, args.force):
            print(f"{story.slug}: tables and figures up to date")


def _notebooks_one(story, force: bool = False) -> bool:
    """Execute one story's notebooks and render its HTML unless they are up to date; True if it ran."""
    from analysis.pipeline import stamps
    from analysis.reports.notebooks_run import run_story

    stage = stamps.Stage(stamps.NOTEBOOKS, story.slug)
    reason = "--force" if force else stamps.why_stale(stage)
    if reason is None:
        return False
    with stamps.stamping(stage):
        written = run_story(story.slug, made_before=stamps.made_before(stage))
    _said_notebooks(story, written, reason)
    return True


def _said_notebooks(story, written: list[Path], reason: str) -> None:
    print(f"{story.slug}: executed the notebooks in {paths.display(paths.story_notebooks_dir(story.slug))}/ "
          f"and rendered {sum(p.suffix == '.html' for p in written)} pages in "
          f"{paths.display(paths.story_reports_dir(story.slug))}/ ({reason})")


def _all(args: argparse.Namespace) -> None:
    """Build each story, then execute its notebooks and render its HTML, each stage only if
    something it depends on changed (``--force``: every stage).

    The work overlaps: a story's kernels start (and import) while it builds, and its cells that
    read the build wait for it; the next story builds while they run; the pages are rendered
    last, in story order. If anything fails, the notebooks still running are given up and none
    of them is written (every story built before the failure keeps its new tables and figures).
    Run for every story, it also removes the outputs of a story whose folder is gone.
    """
    from analysis.pipeline import stamps
    from analysis.reports.notebooks_run import StoryRun

    running = []  # (story, run, inputs of its notebooks stage or None, reason)
    try:
        for story in _stories(args):
            stage = stamps.Stage(stamps.NOTEBOOKS, story.slug)
            build_reason = "--force" if args.force else stamps.why_stale(stamps.Stage(stamps.BUILD, story.slug))
            if build_reason is not None:
                first_read = stage.inputs(stage.external_reads())  # before its kernels read the story
                run = StoryRun(story.slug, gated=True)
                running.append((story, run, None, None))
                _build_now(story, build_reason)
                # The new tables and figures, before any cell past the gate reads them.
                inputs = stamps.as_first_read(stage.inputs(stage.external_reads()), first_read, stage)
                reason = "--force" if args.force else (stamps.why_stale(stage, inputs)
                                                       or "its tables and figures were rebuilt")
                running[-1] = (story, run, inputs, reason)
                run.open()
                continue
            reason = "--force" if args.force else stamps.why_stale(stage)
            if reason is None:
                print(f"{story.slug}: up to date")
                continue
            inputs = stage.inputs(stage.external_reads())  # before its kernels read anything
            running.append((story, StoryRun(story.slug), inputs, reason))
        while running:
            story, run, inputs, reason = running[0]
            written = run.finish(stamps.made_before(stamps.Stage(stamps.NOTEBOOKS, story.slug)))
            stamps.write_stamp(stamps.Stage(stamps.NOTEBOOKS, story.slug), inputs)
            _said_notebooks(story, written, reason)
            running.pop(0)
    except BaseException:
        # Every run is told first (nothing here waits), so a second Ctrl-C during the waiting
        # below cannot leave a story's kernels held at their gate.
        for _, run, _, _ in running:
            run.give_up()
        for _, run, _, _ in running:
            run.wait()
        raise
    if not args.slugs:
        _remove_outputs_of_removed_stories()
    _write_index(args.force)


def _remove_outputs_of_removed_stories() -> None:
    from analysis.core.atomic import signals_held
    from analysis.pipeline import stamps

    for slug in stamps.removed_stories():
        made = [path for path in stamps.made_for(slug) if path.is_file()]
        with signals_held():
            for path in made:
                path.unlink(missing_ok=True)
            for folder in sorted({path.parent for path in made}, key=lambda f: len(f.parts), reverse=True):
                _remove_while_empty(folder)
        left = [folder for folder in paths.story_output_dirs(slug) if folder.exists()]
        kept = f"; kept {', '.join(paths.display(folder) + '/' for folder in left)} (files no run made)" if left else ""
        print(f"{slug}: removed its {len(made)} files: tables, figures, notebooks, pages, stamps "
              f"(stories/{slug}/ is gone){kept}")


def _remove_while_empty(folder: Path) -> None:
    """Remove ``folder``, then its parents, while empty, stopping at the outputs' roots."""
    roots = {paths.PROCESSED, paths.NOTEBOOKS, paths.REPORTS}
    while folder not in roots and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _write_index(force: bool = False) -> None:
    from analysis.pipeline import stamps

    stage = stamps.Stage(stamps.INDEX)
    reason = "--force" if force else stamps.why_stale(stage)
    if reason is None:
        return
    from analysis.core.atomic import write_files_atomically
    from analysis.reports.notebooks_run import index_page

    with stamps.stamping(stage):
        write_files_atomically(index_page())
    print(f"wrote {paths.display(paths.REPORTS_INDEX)} ({reason})")


def _extract(args: argparse.Namespace) -> None:
    from analysis.census.extract import write_extract
    from analysis.census.national_extract import EXTRACT_DIR

    sources = write_extract(Path(args.census_dir))
    for row in sources.itertuples():
        print(f"{row.source_file} ({row.product}): {row.rows_extracted} rows, sha256 {row.sha256}")
    for path in (paths.POPULATION_CSV, paths.POPULATION_SOURCES_CSV, paths.ACS_CSV, paths.ACS_SOURCES_CSV):
        print(f"wrote {paths.display(path)}")
    print(f"wrote the national extract in {paths.display(EXTRACT_DIR)}/")


def _fetch_population(year: int) -> None:
    from analysis.census.download import fetch_population

    fetched = fetch_population(year)
    for item in fetched.downloads:
        print(f"{item.file.name}: {len(item.body):,} bytes, {item.rows:,} geographies, from {item.file.url}")
    for path in fetched.saved:
        print(f"wrote {paths.display(path)}")
    if not fetched.extract_rebuilt:
        print(f"{fetched.product.name} is not in the committed extract: it is read from "
              f"{paths.display(paths.EXTERNAL)}/ on this machine")


def _fetch(args: argparse.Namespace) -> None:
    if args.population is not None:
        _fetch_population(args.population)
        return
    from analysis.census.census_api import fetch

    received = fetch()
    for item in received:
        print(f"{item.retrieved_at} {item.product}: {item.url}")
    print(f"saved {len(received)} responses in {paths.display(paths.CENSUS_API)} and rebuilt the "
          "extracts in data/raw/; run `make all` to rebuild the results")


def _notebooks(args: argparse.Namespace) -> None:
    from analysis.pipeline import stamps

    for story in _stories(args):
        stale = stamps.why_stale(stamps.Stage(stamps.BUILD, story.slug))
        if stale is not None:
            print(f"warning: {story.slug}'s tables and figures are not up to date ({stale}); "
                  f"`python -m analysis build {story.slug}` first", file=sys.stderr)
        if not _notebooks_one(story, args.force):
            print(f"{story.slug}: notebooks and HTML up to date")
    _write_index(args.force)


def _run(args: argparse.Namespace) -> None:
    from analysis.pipeline.new import default_year
    from analysis.pipeline.run import run
    from analysis.reports.report import primary_summary
    from analysis.rates.results import load_rates

    out = Path(args.out)
    year = args.year if args.year is not None else default_year(Path(args.counts))
    written = run(Path(args.counts), out, year, args.state, Path(args.overrides) if args.overrides else None,
                  Path(args.census_dir) if args.census_dir else None, figures=not args.no_figures,
                  strict=args.strict)
    resolution = pd_read(out / "resolution.csv")
    _print_resolution(resolution)
    print(primary_summary(load_rates(out / "rates.csv")))
    for row in pd_read(out / "sum_check.csv").itertuples():
        print(f"{row.claim_id}: stated {row.stated}, computed {row.computed}, agrees {row.agrees}")
    print(f"wrote {len(written)} files in {paths.display(out)}")


def _new(args: argparse.Namespace) -> None:
    from analysis.pipeline.new import default_year, new_story

    year = args.year if args.year is not None else default_year(Path(args.counts))
    folder, resolution = new_story(args.slug, Path(args.counts), year, args.state,
                                   Path(args.overrides) if args.overrides else None, args.total)
    _print_resolution(resolution)
    print(f"wrote {paths.display(folder)}/ (population year {year}). Review before publishing:\n"
          f"  - geographies.csv: each match above, and the alternatives offered;\n"
          f"  - story.toml: every line marked REVIEW (title, agency, dates, sources, summary);\n"
          f"  - claims.csv: add every published figure to check.\n"
          f"Then: python -m analysis all {args.slug}")


def _print_resolution(resolution) -> None:
    """Each name's match and how sure it is; every match that is not certain is a warning on stderr."""
    from analysis.reports.display import format_table

    print(format_table(resolution[["jurisdiction", "matched_name", "geoids", "rule", "confidence"]]))
    for row in resolution.itertuples():
        if row.notes:
            print(f"warning: '{row.jurisdiction}' -> {row.matched_name} ({row.confidence}): {row.notes}",
                  file=sys.stderr)


def pd_read(path: Path):
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m analysis",
                                          description="Per-capita rates for announced enforcement operations, one story folder each.")
    commands = main_parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="compute each story's tables (data/processed/<slug>/) and "
                                "figures (reports/<slug>/figures/)")
    everything = commands.add_parser("all", help="build each story, execute its notebooks and render its HTML, "
                                     "redoing only the stages whose inputs changed (what `make all` runs)")
    for command in (build, everything):
        command.add_argument("slugs", nargs="*", metavar="SLUG", help="stories/<SLUG> (default: every story)")
        command.add_argument("--force", action="store_true", help="redo every stage, even those up to date")
    build.set_defaults(run=_build)
    everything.set_defaults(run=_all)
    extract = commands.add_parser("extract", help="rebuild data/raw/census/, data/raw/population_2017.csv "
                                  "and the ACS extract from the Census Bureau's national files")
    extract.add_argument("--census-dir", default=str(paths.EXTERNAL),
                         help="folder holding the downloaded national files (default: data/external/)")
    extract.set_defaults(run=_extract)
    fetch = commands.add_parser("fetch", help="refresh the Census data from the Census Data API "
                                "(needs CENSUS_API_KEY or a .env file), or with --population YEAR download "
                                "the national Population Estimates files for YEAR into data/external/")
    fetch.add_argument("--population", type=int, metavar="YEAR",
                       help="download the national files of the latest vintage covering July 1 of YEAR")
    fetch.set_defaults(run=_fetch)
    notebooks = commands.add_parser("notebooks", help="execute each story's notebooks from the templates "
                                    "(on its built tables) and render them to HTML")
    notebooks.add_argument("slugs", nargs="*", metavar="SLUG", help="stories/<SLUG> (default: every story)")
    notebooks.add_argument("--force", action="store_true", help="execute every notebook, even those up to date")
    notebooks.set_defaults(run=_notebooks)
    run = commands.add_parser("run", help="resolve a new counts table's place names and compute its rates, "
                              "tables and figures into one folder")
    run.add_argument("counts", help="CSV with at least jurisdiction,arrests (optional: as_published, "
                     "published_date, source_name, source_url, announced_total)")
    run.add_argument("--out", required=True, help="folder for the outputs; replaced whole by each run")
    new = commands.add_parser("new", help="start a story folder stories/SLUG/ from a counts file")
    new.add_argument("slug", help="the story's folder name, e.g. la-aor-2018")
    new.add_argument("--counts", required=True, help="CSV with at least jurisdiction,arrests")
    new.add_argument("--total", type=int, help="the total the agency announced (checked against the counts)")
    for command in (run, new):
        command.add_argument("--state", help="state for names given without one (postal code or name)")
        command.add_argument("--year", type=int, help="population year (default: the year of the counts' "
                             "published_date)")
        command.add_argument("--overrides", help="CSV pinning names: jurisdiction,geo_level,geoids,reason")
    run.add_argument("--census-dir", help="folder with downloaded national Census files (default: the "
                     "committed extract, then data/external/)")
    run.add_argument("--no-figures", action="store_true", help="write the tables only")
    run.add_argument("--strict", action="store_true", help="stop, writing nothing, when the counts do not sum "
                     "to the announced total")
    run.set_defaults(run=_run)
    new.set_defaults(run=_new)
    return main_parser


EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run one command. Expected problems are one line on stderr and exit status 2; Ctrl-C stops
    quietly with 130 (every write is atomic, so an interrupted command leaves the old outputs)."""
    # SIGTERM (a CI timeout, `kill`) stops like Ctrl-C: through the same clean-up, never mid-swap.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        args = parser().parse_args(argv)
        from analysis.census.census_api import FetchError
        from analysis.census.census_key import MissingKeyError

        try:
            from analysis.pipeline import stamps

            stamps.code_as_loaded(paths.PROJECT_ROOT)  # before the command imports the rest of the package
            args.run(args)
        except (InputError, FetchError, MissingKeyError) as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except OSError as error:  # a read-only, full or missing folder: say which, and what happened
            where = paths.display(Path(error.filename)) if error.filename else "a file"
            print(f"error: {where}: {error.strerror or error}; nothing was half-written", file=sys.stderr)
            return EXIT_BAD_INPUT
    except ImportError as error:
        # Ctrl-C while a compiled module loads (matplotlib's ft2font, say) arrives as an ImportError
        # caused by the interrupt: it is still an interrupt. Any other ImportError is a real fault.
        if not isinstance(error.__cause__ or error.__context__, KeyboardInterrupt):
            raise
        return _interrupted()
    except KeyboardInterrupt:
        return _interrupted()
    return 0


def _interrupted() -> int:
    print("interrupted: no output was half-written: each is as it was or wholly remade; "
          "run the command again to finish", file=sys.stderr)
    return EXIT_INTERRUPTED
