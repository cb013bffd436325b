"""Notebooks show the figure the build published, never a second drawing of it."""
from __future__ import annotations

import shutil

import pytest

from analysis.core import paths
from analysis.core.errors import InputError
from analysis.reports.notebook import published_figure

SLUG = "safe-city-2017"


def test_the_notebook_shows_the_published_screen_png_with_its_alt_text():
    folder = paths.figures_dir(SLUG)
    image = published_figure(folder, "national_map")
    assert image.data == (folder / "national_map.screen.png").read_bytes()
    assert image.alt == (folder / "national_map.alt.txt").read_text(encoding="utf-8").strip()
    assert image.metadata == {"figure": "national_map"}


@pytest.mark.parametrize("missing", ["national_map.screen.png", "national_map.alt.txt"])
def test_a_figure_not_built_yet_is_named_with_the_command_to_build_it(tmp_path, missing):
    shutil.copytree(paths.figures_dir(SLUG), tmp_path / "figures")
    (tmp_path / "figures" / missing).unlink()
    with pytest.raises(InputError, match=f"{missing}.*figure 'national_map' has not been built"):
        published_figure(tmp_path / "figures", "national_map")
