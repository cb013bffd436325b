"""Benchmark (not a test): how long `make all` takes against its floor.

The floor is what no rebuild can avoid: starting a kernel and importing the
libraries for each notebook. It is measured by executing copies of the same
notebooks with every code cell emptied except the import cells. Target: the
whole rebuild in under twice the floor.

Run with `make bench` on an installed environment (`make install` first).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.reports.notebooks_run import WORKERS, for_story, template_paths  # noqa: E402
from analysis.story.story import story_slugs  # noqa: E402


def _is_setup_cell(cell) -> bool:
    """The parameters cell and the import cell: what every notebook must run before any answer."""
    return "parameters" in cell.metadata.get("tags", []) or cell.source.startswith("from ")


def floor_seconds() -> float:
    """Wall time of the notebook runner on import-only copies of the notebooks.

    Measured as `make all` is: a fresh Python process running the same runner
    (same kernels, same number at a time), so both figures include starting it.
    """
    with tempfile.TemporaryDirectory() as folder:
        for slug in story_slugs():
            for path in template_paths():
                notebook = for_story(path, slug)
                for cell in notebook.cells:
                    if cell.cell_type == "code" and not _is_setup_cell(cell):
                        cell.source = ""
                (Path(folder) / slug).mkdir(exist_ok=True)
                nbformat.write(notebook, Path(folder) / slug / path.name)
        code = ("from pathlib import Path; from concurrent.futures import ThreadPoolExecutor; "
                "from analysis.reports.notebooks_run import execute; import nbformat; "
                f"paths = sorted(Path({folder!r}).glob('*/*.ipynb')); "
                f"list(ThreadPoolExecutor({WORKERS}).map(lambda p: execute(nbformat.read(p, 4), p.parent), paths))")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start


def rebuild_seconds() -> float:
    start = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", "all"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    shutil.which("make") or sys.exit("make is needed")
    rebuild_seconds()  # warm the file cache once
    floor = min(floor_seconds() for _ in range(3))
    rebuild = min(rebuild_seconds() for _ in range(3))
    print(f"floor (kernel start-up + imports, {len(story_slugs()) * len(template_paths())} notebooks, "
          f"{WORKERS} at a time): "
          f"{floor:.1f} s")
    print(f"make all (build, figures, notebooks, HTML):              {rebuild:.1f} s")
    print(f"ratio: {rebuild / floor:.2f} (target < 2.00)")


if __name__ == "__main__":
    main()
