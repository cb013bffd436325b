"""A story's build runs while its notebooks' kernels start; the cells that read the build wait for it.

``make all`` starts every kernel of a story and runs its setup cells (parameters and imports)
while the build is still writing; a cell past the setup runs only once the build is done, and
a failed build stops the kernels before any such cell runs and writes no notebook.
"""
from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from analysis.core.errors import InputError
from analysis.reports import notebooks_run
from analysis.reports.notebooks_run import Gate, execute


def _notebook() -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_code_cell("import pathlib", metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell('pathlib.Path("setup_ran").touch()', metadata={"tags": ["setup"]}),
             nbformat.v4.new_code_cell('pathlib.Path("data_ran").touch()')]
    return nbformat.v4.new_notebook(cells=cells)


def _wait_for(path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.02)


def test_setup_cells_run_at_once_and_a_failed_build_stops_the_rest(tmp_path):
    gate = Gate()
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(execute, _notebook(), tmp_path, gate=gate)
        _wait_for(tmp_path / "setup_ran")
        assert not (tmp_path / "data_ran").exists() and not running.done()  # held at the gate
        gate.open(failed=True)
        with pytest.raises(RuntimeError, match="the build these notebooks read failed"):
            running.result()
    assert not (tmp_path / "data_ran").exists()


def test_a_failed_build_writes_no_notebook_and_its_own_error_is_reported(tmp_path, monkeypatch):
    """The real kernels are replaced by ones that only wait at the gate (the test above runs a real one)."""
    waited = []

    def execute_waiting(notebook, folder, gate=None):
        asyncio.run(gate.passed())
        waited.append(folder)
        return notebook

    def failing_build():
        raise InputError(tmp_path / "counts.csv", "a broken count", row=3, field="arrests")

    monkeypatch.setattr(notebooks_run, "execute", execute_waiting)
    with pytest.raises(InputError, match="a broken count"):
        notebooks_run.run_story("safe-city-2017", tmp_path / "notebooks", tmp_path / "reports",
                                before_data=failing_build)
    assert waited == []
    assert list((tmp_path / "notebooks").iterdir()) == [] and not (tmp_path / "reports").exists()


class Stop(Exception):
    pass


def test_kernels_start_while_the_build_runs_one_more_than_usual(tmp_path, monkeypatch):
    """With two kernels at a time, three notebooks start (and are held) while the build runs; the
    others wait for a free thread, and nothing runs past the setup before the build is done."""
    started, build_saw = [], []
    three_started = threading.Event()

    def execute_recording(notebook, folder, gate=None):
        started.append(notebook)
        if len(started) == 3:
            three_started.set()
        asyncio.run(gate.passed())
        raise Stop("stop here: nothing is to be written")

    def build():
        build_saw.append(three_started.wait(60))
        time.sleep(0.2)  # room for a fourth to start, if one wrongly could
        build_saw.append(len(started))

    monkeypatch.setattr(notebooks_run, "execute", execute_recording)
    with pytest.raises(Stop, match="stop here"):
        notebooks_run.run_story("safe-city-2017", tmp_path / "notebooks", tmp_path / "reports", workers=2,
                                before_data=build)
    assert build_saw == [True, 3]


def test_a_failing_cell_is_one_line_naming_the_template_and_the_error(tmp_path, monkeypatch, cli):
    from nbclient.exceptions import CellExecutionError

    def execute_failing(notebook, folder, gate=None):
        raise CellExecutionError("Traceback (most recent call last):\n  ...", "ValueError", "no such\n figure")

    monkeypatch.setattr(notebooks_run, "execute", execute_failing)
    with pytest.raises(InputError, match=r"01-counts-and-sources\.nbtemplate: a cell failed in story "
                                         r"safe-city-2017's notebook: ValueError: no such figure$"):
        notebooks_run.run_story("safe-city-2017", tmp_path / "notebooks", tmp_path / "reports")
    assert list((tmp_path / "notebooks").iterdir()) == [] and not (tmp_path / "reports").exists()


def test_pages_of_a_template_since_removed_are_not_left_published(tmp_path, monkeypatch):
    """A template removed or renamed leaves no old notebook or page behind (they would stay
    published, linked from nowhere); only what an earlier run made is deleted, never a file
    someone put beside it."""
    monkeypatch.setattr(notebooks_run, "execute", lambda notebook, folder, gate=None: notebook)
    notebooks, reports = tmp_path / "notebooks", tmp_path / "reports"
    old = [notebooks / "07-old.ipynb", reports / "07-old.html", reports / "notebooks" / "07-old.html"]
    someone_s = notebooks / "my-own-questions.ipynb"
    for path in [*old, someone_s]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("made by hand or from a template since removed\n")
    written = notebooks_run.run_story("safe-city-2017", notebooks, reports, made_before=[*old, notebooks / "gone"])
    assert [path for path in old if path.exists()] == []
    assert sorted(notebooks.glob("*.ipynb")) == sorted([someone_s, *(p for p in written if p.suffix == ".ipynb")])


def test_kernels_import_the_code_of_the_project_that_runs_them(tmp_path, monkeypatch):
    """The stamps hash this project's code; a kernel must not import another checkout's (the one
    an editable install in a shared virtual environment points at). And kernels talk over local
    sockets of their own."""
    elsewhere = tmp_path / "checkout"
    (elsewhere / "analysis").mkdir(parents=True)
    (elsewhere / "analysis" / "__init__.py").write_text('WHICH = "the checkout that runs the kernel"\n')
    monkeypatch.setattr(notebooks_run.paths, "PROJECT_ROOT", elsewhere)
    cells = [nbformat.v4.new_code_cell("import analysis\nprint(analysis.WHICH)"),
             nbformat.v4.new_code_cell("from ipykernel.connect import get_connection_info\n"
                                       "print(get_connection_info(unpack=True)['transport'])")]
    ran = execute(nbformat.v4.new_notebook(cells=cells), tmp_path)
    assert ran.cells[0].outputs[0]["text"] == "the checkout that runs the kernel\n"
    # Local sockets, not TCP ports two kernels starting at once could both pick.
    assert ran.cells[1].outputs[0]["text"] == "ipc\n"


def test_a_kernel_that_dies_at_start_is_one_line_and_leaves_nothing_to_fail_at_exit(tmp_path, monkeypatch):
    """A kernel that exits before answering (here its launcher is shadowed by one that exits at
    once) stops the story with one line naming the template, and nbclient's clean-up is not left
    registered to fail with a traceback when the process exits (jupyter/nbclient#126)."""
    import atexit

    (tmp_path / "ipykernel_launcher.py").write_text("raise SystemExit(3)\n")
    real = notebooks_run._kernel_environment
    monkeypatch.setattr(notebooks_run, "_kernel_environment",
                        lambda: {**real(), "PYTHONPATH": f"{tmp_path}:{real()['PYTHONPATH']}"})
    first = notebooks_run.template_paths()[:1]
    monkeypatch.setattr(notebooks_run, "template_paths", lambda: first)
    from nbclient import NotebookClient

    left = []  # clean-ups registered to run at exit, and not taken back (nothing really registers here)
    monkeypatch.setattr(atexit, "register", lambda function, *args, **kwargs: left.append(function) or function)
    monkeypatch.setattr(atexit, "unregister", lambda function: left.remove(function) if function in left else None)
    with pytest.raises(InputError, match=r"01-counts-and-sources\.nbtemplate: the kernel running story "
                                         r"safe-city-2017's notebook stopped \(Kernel died before replying"):
        notebooks_run.run_story("safe-city-2017", tmp_path / "notebooks", tmp_path / "reports")
    assert [f for f in left if isinstance(getattr(f, "__self__", None), NotebookClient)] == []


def test_a_cell_that_runs_too_long_is_one_line_naming_the_template(tmp_path, monkeypatch):
    from nbclient.exceptions import CellTimeoutError

    def execute_timing_out(notebook, folder, gate=None):
        raise CellTimeoutError("A cell timed out while it was being executed, after 600 seconds.\n"
                               "The message was: Cell execution timed out.\n"
                               "Here is a preview of the cell contents:\n-------------------\n"
                               "['import time', 'time.sleep(900)']\n-------------------\n")

    monkeypatch.setattr(notebooks_run, "execute", execute_timing_out)
    with pytest.raises(InputError, match=r"01-counts-and-sources\.nbtemplate: a cell of story safe-city-2017's "
                                         r"notebook ran too long: A cell timed out .* after 600 seconds\.$"):
        notebooks_run.run_story("safe-city-2017", tmp_path / "notebooks", tmp_path / "reports")


def test_a_failing_notebook_gives_up_the_ones_not_started(tmp_path, monkeypatch):
    """The first notebook fails: the others queued behind it never start (and nothing is written)."""
    from nbclient.exceptions import CellExecutionError

    started = []

    def execute_first_fails(notebook, folder, gate=None):
        started.append(notebook)
        if len(started) == 1:
            raise CellExecutionError("Traceback ...", "ValueError", "broken")
        time.sleep(0.3)
        return notebook

    monkeypatch.setattr(notebooks_run, "execute", execute_first_fails)
    with pytest.raises(InputError, match="ValueError: broken"):
        notebooks_run.run_story("safe-city-2017", tmp_path / "notebooks", tmp_path / "reports", workers=1)
    assert len(started) <= 2  # the first, and at most one more that started before the failure was seen
