"""Re-execute the notebooks in place and render them to HTML for editors.

``python -m analysis notebooks`` (run by ``make notebooks`` and ``make all``)
runs every ``notebooks/NN-*.ipynb`` top to bottom in a fresh kernel, from the
notebooks folder, and saves it with its outputs. Nothing that varies between
runs is kept (no execution timestamps, a fixed kernel and language record), so
rerunning an unchanged project leaves the files byte for byte identical and
nbval can compare a reviewer's run with the committed outputs. Each notebook
is then rendered as a readers' page ``reports/NN-*.html`` (no code, linking the
published figures in ``reports/figures/``) and a reviewers' page
``reports/notebooks/NN-*.html`` (code included), and ``reports/index.html``
lists the pages (``analysis.reports.html``).
"""
from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

# Imported whole before any thread starts: matplotlib and nbconvert both look
# IPython up lazily, and a half-imported IPython seen from another thread breaks them.
import IPython  # noqa: F401
import nbformat
from nbclient import NotebookClient

from analysis.core import paths
from analysis.core.atomic import write_files_atomically
from analysis.figures.style import FLAGSHIP
from analysis.reports import html

NOTEBOOKS = paths.PROJECT_ROOT / "notebooks"
KERNEL = "python3"
# One kernel per core: notebooks are independent of each other.
WORKERS = max(1, min(4, os.cpu_count() or 1))
SLOW = {"02-geographies", "03-rates-and-ranking"}
STABLE_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": KERNEL},
    "language_info": {"name": "python"},
}


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run one notebook in a fresh kernel, from its own folder, and normalise what varies."""
    notebook = nbformat.read(path, as_version=4)
    # The kernel's own log (a warning that its local ports are unencrypted) is not for reporters.
    client = NotebookClient(notebook, timeout=timeout, kernel_name=KERNEL, record_timing=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    notebook.metadata = nbformat.from_dict(STABLE_METADATA)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    return notebook


def story_files(notebooks: list[tuple[Path, nbformat.NotebookNode]], reports: Path,
                story_title: str = FLAGSHIP.operation, summary: str = "") -> dict[Path, bytes]:
    """The HTML of one story whose pages go straight into ``reports`` (its figures in
    ``reports/figures``), and ``reports/index.html`` listing it."""
    reports = Path(reports)
    slug = re.sub(r"[^a-z0-9]+", "-", story_title.lower()).strip("-")
    index = reports / "index.html"
    files = html.render_story_pages(story_title, slug, notebooks, reports / "figures", reports, index)
    files[index] = html.render_index([html.story_index_entry(story_title, slug, summary, notebooks, reports,
                                                             index)])
    return files


def run_all(folder: Path = NOTEBOOKS, reports: Path = paths.REPORTS, workers: int = WORKERS,
            meanwhile: Callable[[], object] | None = None) -> list[Path]:
    """Execute every notebook (each in its own kernel, ``workers`` at a time), then write
    them and their HTML pages together. Each notebook is independent, so the order of
    execution cannot change any output.

    ``meanwhile`` runs in this process while the kernels work (the build uses it
    to export the figures), so the two overlap instead of queueing.
    """
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # The two notebooks that draw maps take longest: start them first.
        order = sorted(notebook_paths(folder), key=lambda p: (p.stem not in SLOW, p.name))
        pending = {path: pool.submit(execute, path) for path in order}
        if meanwhile is not None:
            meanwhile()
        # The pages are rendered once every notebook ran (they link each other) and
        # after ``meanwhile``, whose figures the readers' pages link.
        notebooks = [(path, pending[path].result()) for path in notebook_paths(folder)]
    files = {path: (nbformat.writes(notebook) + "\n").encode("utf-8") for path, notebook in notebooks}
    files.update(story_files(notebooks, Path(reports)))
    write_files_atomically(files)
    return sorted(files)
