"""The committed notebooks are reviewable: clean, complete, rendered, and sensitive to their inputs."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from analysis.core import paths
from analysis.reports.notebooks_run import notebook_paths

NOTEBOOKS = notebook_paths()


def test_notebooks_exist_in_story_order():
    assert [p.name[:3] for p in NOTEBOOKS] == ["01-", "02-", "03-", "04-", "05-", "06-"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_ran_top_to_bottom_cleanly(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        lines = "".join(cell["source"]).strip().splitlines()
        if not all(line.startswith(("import ", "from ")) for line in lines):
            assert len(lines) <= 2, "cells call analysis/ in one or two lines; they do not compute"
        for output in cell["outputs"]:
            assert output["output_type"] != "error"
            assert output.get("name") != "stderr", "".join(output.get("text", ""))
            assert not re.search(r"/(root|home|tmp|work)/", json.dumps(output)), "a machine path leaked"


def test_html_reports_show_the_published_figures():
    """Readers' pages show the published PNGs with their alt text; reviewers' pages have them inline."""
    readers = (paths.REPORTS / "03-rates-and-ranking.html").read_text(encoding="utf-8")
    assert readers.count('<img src="figures/') == 3
    assert 'alt="Map of the contiguous United States' in readers  # the figure's alt text survives
    assert 'src="http' not in readers  # nothing to fetch: opens offline
    assert "How different is the ranking by rate from the ranking by count?" in readers
    reviewers = (paths.REPORTS / "notebooks" / "03-rates-and-ranking.html").read_text(encoding="utf-8")
    assert reviewers.count('src="data:image/png;base64,') == 3
    for path in NOTEBOOKS:
        assert (paths.REPORTS / f"{path.stem}.html").exists()
        assert (paths.REPORTS / "notebooks" / f"{path.stem}.html").exists()


def _nbval(project, notebook):
    env = dict(os.environ, PYTHONPATH=str(project))
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--nbval",
                           "--nbval-current-env", "-q", f"notebooks/{notebook}"],
                          cwd=project, env=env, capture_output=True, text=True)


def test_changing_a_committed_count_fails_nbval(tmp_path):
    project = tmp_path / "project"
    for folder in ("analysis", "data", "notebooks"):
        shutil.copytree(paths.PROJECT_ROOT / folder, project / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "census_api"))
    (project / "pyproject.toml").write_text("[tool.pytest.ini_options]\n")
    notebook = "01-counts-and-sources.ipynb"
    unchanged = _nbval(project, notebook)
    assert unchanged.returncode == 0, unchanged.stdout[-2000:]

    counts = project / "data" / "raw" / "safe_city_counts.csv"
    counts.write_text(counts.read_text().replace("Denver,63,", "Denver,64,"))
    changed = _nbval(project, notebook)
    assert changed.returncode == 1
    assert "Cell outputs differ" in changed.stdout
    assert "ounts = 499 (DOES NOT AGREE)" in changed.stdout  # the sum check saw the new count
