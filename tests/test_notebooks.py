"""Each story's notebooks are reviewable: clean, complete, rendered, and sensitive to their inputs."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from analysis.core import paths
from analysis.pipeline.build import build_story
from analysis.reports.notebooks_run import notebook_name, template_paths
from analysis.story.story import load_story, story_slugs
from tests.conftest import replace_in

STORIES = story_slugs()
NOTEBOOKS = [paths.story_notebooks_dir(slug) / notebook_name(t) for slug in STORIES for t in template_paths()]


def test_every_story_has_every_notebook_and_nothing_else():
    names = [notebook_name(t) for t in template_paths()]
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


def test_changing_a_committed_count_fails_nbval(tmp_path, pytester, monkeypatch):
    """nbval, as a reviewer runs it, fails where a committed count no longer matches the notebook.

    A copy of the code, the Census data and the flagship story, with one count changed and its
    tables rebuilt; nbval then runs the committed notebook against that copy (its kernel imports
    the copy's ``analysis``, so every path points there) in this process, not a second pytest.
    The cells that show the count fail and every other cell passes, so the comparison works and
    sees this change.
    """
    slug = "safe-city-2017"
    project = tmp_path / "project"
    shutil.copytree(paths.PROJECT_ROOT / "analysis", project / "analysis",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(paths.RAW, project / "data" / "raw")
    shutil.copytree(paths.STORIES / slug, project / "stories" / slug)
    notebook = project / "notebooks" / slug / "01-counts-and-sources.ipynb"
    notebook.parent.mkdir(parents=True)
    shutil.copyfile(paths.story_notebooks_dir(slug) / notebook.name, notebook)
    replace_in(project / "stories" / slug / "counts.csv", "Denver,63,", "Denver,64,")
    build_story(load_story(project / "stories" / slug), project / "data" / "processed" / slug, draw=False)

    monkeypatch.setenv("PYTHONPATH", str(project))
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:xdist", "--nbval",
                                          "--nbval-current-env", str(notebook))
    output = result.stdout.str()
    assert "computed 499 (DOES NOT AGREE)" in output  # the sum check saw the new count
    failed = sorted(re.findall(r"^FAILED .*::Cell (\d+)", output, flags=re.MULTILINE), key=int)
    assert failed == ["3", "5"], output[-3000:]  # the counts table and the sum check
    result.assert_outcomes(failed=2, passed=6)
