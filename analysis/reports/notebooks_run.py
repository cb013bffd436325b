"""Execute the notebook templates for a story and render them to HTML for editors.

The narrated notebooks are written once, as templates in
``analysis/reports/templates/``. ``python -m analysis all SLUG`` runs each
template top to bottom in a fresh kernel with its tagged ``parameters`` cell
set to the story (papermill's convention), from ``notebooks/<slug>/``, and
saves it there with its outputs. Nothing that varies between
runs is kept (no execution timestamps, a fixed kernel and language record), so
rerunning an unchanged project leaves the files byte for byte identical and
nbval can compare a reviewer's run with the committed outputs. Each notebook
is then rendered as a readers' page ``reports/NN-*.html`` (no code, linking the
published figures in ``reports/figures/``) and a reviewers' page
``reports/notebooks/NN-*.html`` (code included), and ``reports/index.html``
lists the pages (``analysis.reports.html``).
"""
from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

# Imported whole before any thread starts: matplotlib and nbconvert both look
# IPython up lazily, and a half-imported IPython seen from another thread breaks them.
import IPython  # noqa: F401
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from analysis.core import paths
from analysis.core.atomic import write_files_atomically
from analysis.core.errors import InputError
from analysis.reports import html
from analysis.reports.template_files import notebook_name, template_paths

KERNEL = "python3"
# One kernel per core: notebooks are independent of each other.
WORKERS = max(1, min(4, os.cpu_count() or 1))
STABLE_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": KERNEL},
    "language_info": {"name": "python"},
}


def for_story(template: Path, slug: str) -> nbformat.NotebookNode:
    """The template with its ``parameters`` cell set to one story."""
    notebook = nbformat.read(template, as_version=4)
    tagged = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{template.name} needs exactly one cell tagged 'parameters'"
    tagged[0].source = f'STORY = "{slug}"'
    return notebook


# Cells tagged so (the story's parameters, then the imports) read nothing the build writes: they
# may run while the build is still writing, and the other cells wait for it (``execute``'s ``gate``).
SETUP_TAGS = {"parameters", "setup"}


class BuildFailed(RuntimeError):
    """The build a held notebook waits for failed (the build's own error is the one reported)."""


class Gate:
    """Holds notebooks at their first cell past the setup until the work they need is done."""

    def __init__(self):
        self._done = threading.Event()
        self._failed = False

    def open(self, failed: bool = False) -> None:
        self._failed = failed
        self._done.set()

    async def passed(self) -> None:
        await asyncio.to_thread(self._done.wait)
        if self._failed:
            raise BuildFailed("stopped: the build these notebooks read failed")


def is_setup(cell: nbformat.NotebookNode) -> bool:
    return bool(SETUP_TAGS & set(cell.metadata.get("tags", [])))


def _kernel_environment() -> dict[str, str]:
    """This process's environment, with this project first on the kernel's import path.

    The stamps hash the code of the project this process runs; a kernel must import that same
    code, not the checkout an editable install in a shared virtual environment points at.
    """
    path = [str(paths.PROJECT_ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path)}


def execute(notebook: nbformat.NotebookNode, folder: Path, timeout: int = 600,
            gate: Gate | None = None) -> nbformat.NotebookNode:
    """Run one notebook in a fresh kernel, from ``folder``, and normalise what varies.

    With a ``gate``, the kernel starts and the setup cells run at once, and the first other cell
    waits until the gate opens; a gate opened as failed stops the notebook.
    """

    async def wait_for_gate(cell, cell_index):
        if gate is not None and not is_setup(cell):
            await gate.passed()

    # The kernel's own log (a warning that its local ports are unencrypted) is not for reporters.
    client = NotebookClient(notebook, timeout=timeout, kernel_name=KERNEL, record_timing=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(folder)}}, on_cell_execute=wait_for_gate)
    # The kernel is started first: one that dies before it answers is then cleaned up and reported
    # here, before nbclient's execute registers a clean-up at exit that it would never take back
    # (at exit it failed with a traceback: jupyter/nbclient#126).
    client.create_kernel_manager()
    # Local sockets in a folder of the kernel's own, not TCP ports: a port is picked free, released,
    # then bound by the kernel, and two kernels starting at once could pick the same one (seen:
    # "Address already in use", and the kernel died).
    sockets = tempfile.mkdtemp(prefix="kernel-")
    client.km.transport, client.km.ip = "ipc", os.path.join(sockets, "socket")
    try:
        client.start_new_kernel(env=_kernel_environment())
        client.start_new_kernel_client()
        client.execute()
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    notebook.metadata = nbformat.from_dict(STABLE_METADATA)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    return notebook


def _executed(template: Path, slug: str, notebooks: Path, gate: Gate | None) -> nbformat.NotebookNode:
    notebooks.mkdir(parents=True, exist_ok=True)
    return execute(for_story(template, slug), notebooks, gate=gate)


def story_pages(slug: str, notebooks: list[tuple[Path, nbformat.NotebookNode]],
                reports: Path | None = None) -> dict[Path, bytes]:
    """A story's readers' pages (``reports/<slug>/``) and reviewers' pages (``.../notebooks/``)."""
    from analysis.story.story import load_story

    reports = Path(reports or paths.story_reports_dir(slug))
    title = load_story(slug).meta.title
    return html.render_story_pages(title, slug, notebooks, reports / "figures", reports, paths.REPORTS_INDEX)


def committed_notebooks(slug: str) -> list[tuple[Path, nbformat.NotebookNode]]:
    folder = paths.story_notebooks_dir(slug)
    return [(folder / notebook_name(t), nbformat.read(folder / notebook_name(t), as_version=4))
            for t in template_paths() if (folder / notebook_name(t)).exists()]


def index_page() -> dict[Path, bytes]:
    """``reports/index.html``: every story and each of its readers' pages, from the executed notebooks."""
    from analysis.story.story import load_story, story_slugs

    entries = []
    for slug in story_slugs():
        story = load_story(slug)
        entries.append(html.story_index_entry(story.meta.title, slug, " ".join(story.meta.summary.split()),
                                              committed_notebooks(slug), paths.story_reports_dir(slug),
                                              paths.REPORTS_INDEX))
    return {paths.REPORTS_INDEX: html.render_index(entries)}


class StoryRun:
    """One story's notebooks executing in the background (each in its own kernel), from the
    moment it is made until ``finish`` writes them with their HTML, or ``give_up`` and ``wait``
    (together, ``stop``) abandon them."""

    def __init__(self, slug: str, notebooks: Path | None = None, reports: Path | None = None,
                 workers: int = WORKERS, gated: bool = False):
        self.slug = slug
        self.notebooks = Path(notebooks or paths.story_notebooks_dir(slug))
        self.reports = Path(reports or paths.story_reports_dir(slug))
        self.templates = template_paths()
        self.gate = Gate() if gated else None
        # A held story runs one kernel more: its build holds a core meanwhile. Starting all six at
        # once starved the build, which every cell past the setup waits for (measured by `make bench`).
        self._pool = ThreadPoolExecutor(max_workers=workers + 1 if gated else workers)
        self._pending = {t: self._pool.submit(_executed, t, slug, self.notebooks, self.gate)
                         for t in self.templates}

    def open(self) -> None:
        """What the held notebooks wait for is done: their other cells may run."""
        self.gate.open()

    def give_up(self) -> None:
        """Stop at once what has not started: held notebooks stop at the gate, queued ones never
        start. Nothing will be written (``wait`` then waits for the kernels to shut down)."""
        if self.gate is not None:
            self.gate.open(failed=True)
        for future in self._pending.values():
            future.cancel()

    def wait(self) -> None:
        self._pool.shutdown(wait=True)

    def stop(self) -> None:
        self.give_up()
        self.wait()

    def finish(self, made_before: list[Path] = ()) -> list[Path]:
        """Wait for every notebook, then write the notebooks and their HTML together, deleting in
        the same step the files of ``made_before`` (an earlier run's outputs) not made again: the
        pages of a template since removed or renamed would stay published, linked from nowhere.

        A cell that fails stops the story with one line naming its template and the error."""
        try:
            # The pages are rendered once every notebook ran (they link each other).
            executed = [(self.notebooks / notebook_name(t), self._result(t)) for t in self.templates]
        except BaseException:  # a failed cell, Ctrl-C: the notebooks not yet started never start
            self.give_up()
            raise
        finally:
            self._pool.shutdown(wait=True)
        files = {path: (nbformat.writes(notebook) + "\n").encode("utf-8") for path, notebook in executed}
        files.update(story_pages(self.slug, executed, self.reports))
        write_files_atomically(files, remove=[path for path in made_before if path not in files])
        return sorted(files)

    def _result(self, template: Path) -> nbformat.NotebookNode:
        try:
            return self._pending[template].result()
        except CellExecutionError as error:
            raise InputError(template, f"a cell failed in story {self.slug}'s notebook: {error.ename}: "
                                       f"{' '.join(str(error.evalue).split())}") from None
        except CellTimeoutError as error:  # its first line says how long; the rest quotes the cell
            raise InputError(template, f"a cell of story {self.slug}'s notebook ran too long: "
                                       f"{str(error).strip().splitlines()[0]}") from None
        except BuildFailed:
            raise
        except RuntimeError as error:  # the kernel died, or never answered (nbclient, jupyter_client)
            raise InputError(template, f"the kernel running story {self.slug}'s notebook stopped "
                                       f"({' '.join(str(error).split())}); run the command again, and if "
                                       "it stops again check that `python -m ipykernel` starts here") from None


def run_story(slug: str, notebooks: Path | None = None, reports: Path | None = None, workers: int = WORKERS,
              before_data: Callable[[], object] | None = None, made_before: list[Path] = ()) -> list[Path]:
    """Execute every template for one story (each in its own kernel, ``workers`` at a time), then
    write the notebooks and their HTML together. Each notebook is independent, so the order of
    execution cannot change any output.

    ``before_data`` (the story's build, when it must run first) runs in this thread while the
    first kernels start and import, the larger part of a notebook's time; the cells that read the
    build's outputs wait for it. If it fails, the kernels stop and nothing is written.
    """
    run = StoryRun(slug, notebooks, reports, workers, gated=before_data is not None)
    if before_data is not None:
        try:
            before_data()
        except BaseException:
            run.stop()  # the kernels stop; the build's own error is what is reported
            raise
        run.open()
    return run.finish(made_before)
