"""Execute the notebook templates for a story and render them to HTML for editors.

The narrated notebooks are written once, as templates in
``analysis/reports/templates/``. ``python -m analysis all SLUG`` runs each
template top to bottom in a fresh kernel with its tagged ``parameters`` cell
set to the story (papermill's convention), from ``notebooks/<slug>/``, and
saves it there with its outputs. Nothing that varies between
runs is kept (no execution timestamps, a fixed kernel and language record), so
rerunning an unchanged project leaves the files byte for byte identical and
nbval can compare a reviewer's run with the committed outputs. Each notebook
is also written as a self-contained HTML file under ``reports/`` with its
figures inline.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

# Imported whole before any thread starts: matplotlib and nbconvert both look
# IPython up lazily, and a half-imported IPython seen from another thread breaks them.
import IPython  # noqa: F401
import nbformat
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from analysis.core import paths
from analysis.core.atomic import write_files_atomically

KERNEL = "python3"
# One kernel per core: notebooks are independent of each other.
WORKERS = max(1, min(4, os.cpu_count() or 1))
SLOW = {"02-geographies", "03-rates-and-ranking"}
STABLE_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": KERNEL},
    "language_info": {"name": "python"},
}


def template_paths(folder: Path = paths.NOTEBOOK_TEMPLATES) -> list[Path]:
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


def for_story(template: Path, slug: str) -> nbformat.NotebookNode:
    """The template with its ``parameters`` cell set to one story."""
    notebook = nbformat.read(template, as_version=4)
    tagged = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{template.name} needs exactly one cell tagged 'parameters'"
    tagged[0].source = f'STORY = "{slug}"'
    return notebook


def execute(notebook: nbformat.NotebookNode, folder: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run one notebook in a fresh kernel, from ``folder``, and normalise what varies."""
    # The kernel's own log (a warning that its local ports are unencrypted) is not for reporters.
    client = NotebookClient(notebook, timeout=timeout, kernel_name=KERNEL, record_timing=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    notebook.metadata = nbformat.from_dict(STABLE_METADATA)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    return notebook


def to_html(notebook: nbformat.NotebookNode) -> str:
    """Self-contained HTML; each figure keeps the alt text stored with its output.

    nbconvert's templates ignore the ``alt`` that ``analysis.reports.notebook.show``
    stores in the output metadata, so it is put back on the ``<img>`` tags,
    which appear in the same order as the image outputs. The scripts the
    template loads from CDNs (require.js, MathJax) are dropped: the reports
    have no widgets or equations, and must open offline.
    """
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    alts = [output.get("metadata", {}).get("image/png", {}).get("alt")
            for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.outputs if "image/png" in output.get("data", {})]
    soup = BeautifulSoup(body, features="html.parser")
    images = soup.select('img[src^="data:image/png"]')
    assert len(images) == len(alts), "the HTML and the notebook disagree on the number of figures"
    for image, alt in zip(images, alts):
        if alt:
            image["alt"] = alt
    for script in soup.select('script[src^="http"]'):
        script.decompose()
    return str(soup)


def _executed_files(template: Path, slug: str, notebooks: Path, reports: Path) -> dict[Path, bytes]:
    notebooks.mkdir(parents=True, exist_ok=True)
    notebook = execute(for_story(template, slug), notebooks)
    return {notebooks / template.name: (nbformat.writes(notebook) + "\n").encode("utf-8"),
            reports / f"{template.stem}.html": to_html(notebook).encode("utf-8")}


def run_story(slug: str, notebooks: Path | None = None, reports: Path | None = None, workers: int = WORKERS,
              meanwhile: Callable[[], object] | None = None) -> list[Path]:
    """Execute every template for one story (each in its own kernel, ``workers`` at a time), then
    write the notebooks and their HTML together. Each notebook is independent, so the order of
    execution cannot change any output.

    ``meanwhile`` runs in this process while the kernels work, so the two overlap instead of queueing.
    """
    notebooks = Path(notebooks or paths.story_notebooks_dir(slug))
    reports = Path(reports or paths.story_reports_dir(slug))
    templates = template_paths()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # The notebooks that draw maps take longest: start them first.
        order = sorted(templates, key=lambda p: (p.stem not in SLOW, p.name))
        pending = {t: pool.submit(_executed_files, t, slug, notebooks, reports) for t in order}
        if meanwhile is not None:
            meanwhile()
        results = [pending[t].result() for t in templates]
    files = {path: data for result in results for path, data in result.items()}
    write_files_atomically(files)
    return sorted(files)
