"""Each story's notebooks are reviewable: clean, complete, rendered, and sensitive to their inputs."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from analysis.core import paths
from analysis.reports.notebooks_run import template_paths
from analysis.story.story import story_slugs

STORIES = story_slugs()
NOTEBOOKS = [paths.story_notebooks_dir(slug) / t.name for slug in STORIES for t in template_paths()]


def test_every_story_has_every_notebook_and_nothing_else():
    names = [t.name for t in template_paths()]
    assert [n[:3] for n in names] == ["01-", "02-", "03-", "04-", "05-", "06-"]
    for slug in STORIES:
        assert sorted(p.name for p in paths.story_notebooks_dir(slug).glob("*.ipynb")) == names
    assert sorted(p.name for p in paths.NOTEBOOKS.iterdir() if p.is_dir()) == STORIES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[f"{p.parent.name}/{p.stem}" for p in NOTEBOOKS])
def test_notebook_ran_top_to_bottom_cleanly(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert "".join(code[0]["source"]) == f'STORY = "{path.parent.name}"'
    for cell in code:
        lines = "".join(cell["source"]).strip().splitlines()
        assert len([line for line in lines if line]) <= 2, "cells call analysis/ in one or two lines"
        for output in cell["outputs"]:
            assert output["output_type"] != "error"
            assert output.get("name") != "stderr", "".join(output.get("text", ""))
            assert not re.search(r"/(root|home|tmp|work)/", json.dumps(output)), "a machine path leaked"


def test_templates_hold_no_story_facts_and_no_outputs():
    story_words = re.compile(r"Safe City|Newsmax|Denver|Los Angeles|\bICE\b")
    for template in template_paths():
        cells = json.loads(template.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if "parameters" in cell["metadata"].get("tags", []):
                continue
            assert not story_words.search("".join(cell["source"])), f"{template.name}: a story fact in a template"
            assert not cell.get("outputs"), f"{template.name}: templates are committed without outputs"


@pytest.mark.parametrize("slug", STORIES)
def test_html_reports_show_the_published_figures(slug):
    """Readers' pages show the published PNGs with their alt text; reviewers' pages have them inline."""
    reports = paths.story_reports_dir(slug)
    readers = (reports / "03-rates-and-ranking.html").read_text(encoding="utf-8")
    assert readers.count('<img src="figures/') == 3
    assert 'alt="Map of the contiguous United States' in readers  # the figure's alt text survives
    assert 'src="http' not in readers  # nothing to fetch: opens offline
    assert "How different is the ranking by rate from the ranking by count?" in readers
    reviewers = (reports / "notebooks" / "03-rates-and-ranking.html").read_text(encoding="utf-8")
    assert reviewers.count('src="data:image/png;base64,') == 3
    for template in template_paths():
        assert (reports / f"{template.stem}.html").exists()
        assert (reports / "notebooks" / f"{template.stem}.html").exists()
    assert f'href="{slug}/03-rates-and-ranking.html"' in paths.REPORTS_INDEX.read_text(encoding="utf-8")


def _nbval(project, notebook):
    env = dict(os.environ, PYTHONPATH=str(project))
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--nbval",
                           "--nbval-current-env", "-q", notebook],
                          cwd=project, env=env, capture_output=True, text=True)


def test_changing_a_committed_count_fails_nbval(tmp_path):
    project = tmp_path / "project"
    slug = "safe-city-2017"
    for folder in ("analysis", "data", f"stories/{slug}", f"notebooks/{slug}"):
        shutil.copytree(paths.PROJECT_ROOT / folder, project / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "census_api", "interim", "external"))
    (project / "pyproject.toml").write_text("[tool.pytest.ini_options]\n")
    notebook = f"notebooks/{slug}/01-counts-and-sources.ipynb"
    unchanged = _nbval(project, notebook)
    assert unchanged.returncode == 0, unchanged.stdout[-2000:]

    counts = project / "stories" / slug / "counts.csv"
    counts.write_text(counts.read_text().replace("Denver,63,", "Denver,64,"))
    env = dict(os.environ, PYTHONPATH=str(project))
    subprocess.run([sys.executable, "-m", "analysis", "build", slug], cwd=project, env=env, check=True,
                   capture_output=True)
    changed = _nbval(project, notebook)
    assert changed.returncode == 1
    assert "Cell outputs differ" in changed.stdout
    assert "computed 499 (DOES NOT AGREE)" in changed.stdout  # the sum check saw the new count
