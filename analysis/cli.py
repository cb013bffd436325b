"""Command line: ``python -m analysis all | build | notebooks | run | extract | fetch``.

Expected problems (bad input files, a failed or impossible refresh) print one
line saying what is wrong and where, and exit with status 2 and no traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.core import paths
from analysis.core.errors import InputError

EXIT_BAD_INPUT = 2


def _build_data(args: argparse.Namespace):
    from analysis.pipeline.build import Inputs, build
    from analysis.reports.report import primary_summary

    inputs = Inputs(counts=Path(args.counts), crosswalk=Path(args.crosswalk))
    outputs = build(Path(args.out_dir), inputs)
    print(primary_summary(outputs["rates.csv"]))
    for name in outputs:
        print(f"wrote {paths.display(Path(args.out_dir) / name)}")
    return outputs["rates.csv"]


def _export_figures(rates, figures_dir: str) -> None:
    if not figures_dir:
        return
    from analysis.figures import charts as figures, style

    written = style.export(figures.all_figures(rates), Path(figures_dir))
    print(f"wrote {len(written)} figure files in {paths.display(Path(figures_dir))}")


def _build(args: argparse.Namespace) -> None:
    _export_figures(_build_data(args), args.figures_dir)


def _all(args: argparse.Namespace) -> None:
    """build (on the committed data) and the notebooks; the build runs here while the
    notebook kernels work. The notebooks compute from data/raw/ themselves, so they do
    not wait for the build."""
    from analysis.reports.notebooks_run import run_all

    build_args = parser().parse_args(["build"])
    for path in run_all(meanwhile=lambda: _build(build_args)):
        print(f"wrote {paths.display(path)}")


def _extract(args: argparse.Namespace) -> None:
    from analysis.census.extract import write_extract

    sources = write_extract(Path(args.census_dir))
    for row in sources.itertuples():
        print(f"{row.source_file}: {row.rows_extracted} rows, sha256 {row.sha256}")
    for path in (paths.POPULATION_CSV, paths.POPULATION_SOURCES_CSV, paths.ACS_CSV, paths.ACS_SOURCES_CSV):
        print(f"wrote {paths.display(path)}")


def _fetch(args: argparse.Namespace) -> None:
    from analysis.census.census_api import fetch

    received = fetch()
    for item in received:
        print(f"{item.retrieved_at} {item.product}: {item.url}")
    print(f"saved {len(received)} responses in {paths.display(paths.CENSUS_API)} and rebuilt the "
          "extracts in data/raw/; run `make all` to rebuild the results")


def _notebooks(args: argparse.Namespace) -> None:
    from analysis.reports.notebooks_run import run_all

    for path in run_all():
        print(f"wrote {paths.display(path)}")


def _run(args: argparse.Namespace) -> None:
    from analysis.reports.report import format_table, primary_summary
    from analysis.rates.results import load_rates
    from analysis.pipeline.run import run

    out = Path(args.out)
    written = run(Path(args.counts), out, Path(args.census_dir), args.state,
                  Path(args.overrides) if args.overrides else None, args.vintage, figures=not args.no_figures)
    resolution = pd_read(out / "resolution.csv")
    print(format_table(resolution[["jurisdiction", "matched_name", "geoids", "method"]]))
    print(primary_summary(load_rates(out / "rates.csv")))
    check = pd_read(out / "sum_check.csv").iloc[0]
    verdict = f"announced total {check['stated_total']}: agrees {check['agrees']}" if check["stated_total"] else (
        "no announced total given")
    print(f"sum of counts {check['sum_of_counts']}; {verdict}")
    if written["maps_skipped"]:
        print("maps skipped: no Census internal point for the place(s) "
              f"{', '.join(written['maps_skipped'])} in data/raw/census/place_points_2018.csv.gz")
    print(f"wrote {len(written['tables'])} tables and {len(written['figures'])} figure files in "
          f"{paths.display(out)}")


def pd_read(path: Path):
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _add_build_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--counts", default=str(paths.COUNTS_CSV),
                         help="arrest counts per jurisdiction (default: data/raw/safe_city_counts.csv)")
    command.add_argument("--crosswalk", default=str(paths.CROSSWALK_CSV),
                         help="jurisdiction -> Census geographies (default: data/raw/geography_crosswalk.csv)")
    command.add_argument("--out-dir", default=str(paths.PROCESSED),
                         help="where to write rates.csv and the other outputs (default: data/processed/)")
    command.add_argument("--figures-dir", default=str(paths.FIGURES),
                         help="where to write the figures (default: reports/figures/; '' to skip them)")


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m analysis",
                                          description="Operation Safe City per-capita analysis.")
    commands = main_parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="compute rates and figures from the committed data in data/raw/")
    everything = commands.add_parser("all", help="build on the committed data, re-execute the notebooks and "
                                     "render their HTML (what `make all` runs)")
    _add_build_options(build)
    build.set_defaults(run=_build)
    everything.set_defaults(run=_all)
    extract = commands.add_parser("extract", help="rebuild data/raw/population_2017.csv from the "
                                  "Census Bureau's national files")
    extract.add_argument("--census-dir", default=str(paths.EXTERNAL),
                         help="folder holding the downloaded national files (default: data/external/)")
    extract.set_defaults(run=_extract)
    fetch = commands.add_parser("fetch", help="refresh the Census data from the Census Data API "
                                "(needs CENSUS_API_KEY or a .env file)")
    fetch.set_defaults(run=_fetch)
    notebooks = commands.add_parser("notebooks", help="re-execute the notebooks in place and render "
                                    "them to HTML in reports/")
    notebooks.set_defaults(run=_notebooks)
    run = commands.add_parser("run", help="resolve a new counts table's place names and compute its rates")
    run.add_argument("counts", help="CSV with at least jurisdiction,arrests "
                     "(optional: source, operation, announced_total)")
    run.add_argument("--out", required=True, help="folder for resolution.csv, rates.csv, sum_check.csv, figures/")
    run.add_argument("--census-dir", default=str(paths.EXTERNAL),
                     help="folder with the national Census files (default: data/external/)")
    run.add_argument("--state", help="state for names given without one (postal code or name)")
    run.add_argument("--overrides", help="CSV pinning names: jurisdiction,geo_level,geoids,reason")
    run.add_argument("--vintage", type=int, default=2019, choices=[2019, 2017],
                     help="Population Estimates vintage (default 2019)")
    run.add_argument("--no-figures", action="store_true", help="write the tables only")
    run.set_defaults(run=_run)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from analysis.census.census_api import FetchError
    from analysis.census.census_key import MissingKeyError

    try:
        args.run(args)
    except (InputError, FetchError, MissingKeyError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0
