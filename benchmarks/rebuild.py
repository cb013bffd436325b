"""Benchmark (not a test): the loops reporters and reviewers wait for, each against its target.

On a copy of the project (the project itself is only read):

1. the floor: starting a kernel and importing the libraries for every story's
   notebooks (import-only copies of them, run as ``make all`` runs notebooks);
2. ``make all`` from scratch (``--force``), then every output compared byte for
   byte with the project's (target: at most 1.5 times the floor);
3. ``make all`` with nothing changed (target: at most 3 s);
4. ``make all`` after one changed count in one story (target: at most the time
   of that story's own notebooks, ``python -m analysis notebooks SLUG --force``);

and in a fresh clone of the committed project (no caches, as CI starts):

5. ``make test``'s command (target: at most 30 s on 2 cores).

Each line gives wall-clock seconds and the CPU seconds of the processes it ran:
on a shared machine wall time includes waiting for a core, so the load average
is printed too. A missed target also says which kind of miss it is: if the CPU
seconds shared over every core already exceed the target, no scheduling can meet
it and only less work will; otherwise cores sat idle and better overlap could.
``make all`` is timed as the command it runs (``python -m analysis all``),
without make's check of the virtual environment. Run with
``make bench`` (``benchmarks/national.py`` times name resolution and a national run).
"""
from __future__ import annotations

import filecmp
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.reports.notebooks_run import (WORKERS, for_story, is_setup, notebook_name,  # noqa: E402
                                            template_paths)
from analysis.story.story import story_slugs  # noqa: E402

# What `make all` reads and writes; the copy gets exactly this.
PROJECT = ("analysis", "stories", "data/raw", "data/processed", "notebooks", "reports", "constraints.txt")
CHANGED_STORY, CHANGED_COUNT = "la-aor-2018", ("Ventura County,8,", "Ventura County,9,")


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one command run with ``cwd`` as the project, and what it printed."""
    env = dict(os.environ, PYTHONPATH=str(cwd))
    env.pop("PYTEST_ADDOPTS", None)
    cpu, wall = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - wall, _children_cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"{shlex.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return wall, cpu, done.stdout


def copy_project(target: Path) -> Path:
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.lock"))
        else:
            shutil.copyfile(source, target / name)
    return target


def differing_outputs(copy: Path) -> list[str]:
    """Files under the outputs' folders that differ between the copy and the project (stamps included)."""
    differ = []
    for name in ("data/processed", "notebooks", "reports"):
        for path in sorted((ROOT / name).rglob("*")):
            if path.is_file() and not path.name.endswith(".lock"):
                other = copy / path.relative_to(ROOT)
                if not other.is_file() or not filecmp.cmp(path, other, shallow=False):
                    differ.append(path.relative_to(ROOT).as_posix())
    return differ


def floor(folder: Path) -> tuple[float, float]:
    """The notebook runner on import-only copies of every story's notebooks, as `make all` runs them."""
    for slug in story_slugs():
        for path in template_paths():
            notebook = for_story(path, slug)
            for cell in notebook.cells:
                if cell.cell_type == "code" and not is_setup(cell):
                    cell.source = ""
            (folder / slug).mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, folder / slug / notebook_name(path))
    code = ("from pathlib import Path; from concurrent.futures import ThreadPoolExecutor; "
            "from analysis.reports.notebooks_run import execute; import nbformat; "
            f"paths = sorted(Path({str(folder)!r}).glob('*/*.ipynb')); "
            f"list(ThreadPoolExecutor({WORKERS}).map(lambda p: execute(nbformat.read(p, 4), p.parent), paths))")
    wall, cpu, _ = timed([sys.executable, "-c", code], ROOT)
    return wall, cpu


def line(what: str, wall: float, cpu: float, target: str = "") -> None:
    print(f"{what:<58} {wall:6.1f} s wall {cpu:6.1f} s CPU  {target}")


def verdict(wall: float, cpu: float, limit: float) -> str:
    """Met, or why not: too much work for the cores (CPU / cores > limit), or idle cores."""
    if wall <= limit:
        return "met"
    cores = os.cpu_count() or 1
    if cpu / cores > limit:
        return (f"NOT MET: {cpu:.1f} CPU s on {cores} cores take at least {cpu / cores:.1f} s "
                f"with every core busy, so only less work can meet {limit:.1f} s")
    return f"NOT MET: cores sat idle ({cpu / cores:.1f} s of work per core), so better overlap could"


def main() -> None:
    cores = os.cpu_count()
    print(f"{cores} cores; load average {os.getloadavg()[0]:.1f} at the start; "
          f"{len(story_slugs())} stories x {len(template_paths())} notebooks, {WORKERS} kernels at a time")
    analysis_all = [sys.executable, "-m", "analysis", "all"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        copy = copy_project(tmp / "project")
        floors = [floor(tmp / f"floor{i}") for i in range(2)]
        floor_wall, floor_cpu = min(floors)
        line("floor: kernel start-up and imports, every notebook", floor_wall, floor_cpu)

        wall, cpu, _ = timed(analysis_all + ["--force"], copy)
        differ = differing_outputs(copy)
        line("make all from scratch (FORCE=1)", wall, cpu,
             f"target <= 1.5 x floor: {wall / floor_wall:.2f} x; {verdict(wall, cpu, 1.5 * floor_wall)}")
        print(f"  outputs byte-identical to the project's: {'yes' if not differ else 'NO: ' + ', '.join(differ[:5])}")

        runs = [timed(analysis_all, copy) for _ in range(3)]
        wall, cpu, out = min(runs)
        up_to_date = out.splitlines() == [f"{slug}: up to date" for slug in story_slugs()]
        line("make all, nothing changed", wall, cpu,
             f"target <= 3 s: {verdict(wall, cpu, 3.0)}{'' if up_to_date else '; DID WORK: ' + out}")

        counts = copy / "stories" / CHANGED_STORY / "counts.csv"
        counts.write_text(counts.read_text(encoding="utf-8").replace(*CHANGED_COUNT, 1), encoding="utf-8")
        changed_wall, cpu, out = timed(analysis_all, copy)
        remade = sorted({m.group(1) for m in re.finditer(r"^([\w-]+): (wrote|executed)", out, re.MULTILINE)})
        own_wall, own_cpu, _ = timed([sys.executable, "-m", "analysis", "notebooks", CHANGED_STORY, "--force"], copy)
        line(f"make all, one count changed in {CHANGED_STORY}", changed_wall, cpu,
             f"target <= its own notebooks ({own_wall:.1f} s wall): {changed_wall / own_wall:.2f} x, "
             f"{verdict(changed_wall, cpu, own_wall)}; remade: {', '.join(remade)}")
        line(f"  its own notebooks (notebooks {CHANGED_STORY} --force)", own_wall, own_cpu)

        clone = tmp / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        test = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-n", "auto",
                "--nbval", "--nbval-current-env", "tests", "notebooks"]
        wall, cpu, out = timed(test, clone)
        summary = out.strip().splitlines()[-1] if out.strip() else ""
        line("make test (fresh clone of HEAD, -n auto)", wall, cpu,
             f"target <= 30 s on 2 cores: {verdict(wall, cpu, 30.0)}; {summary}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
