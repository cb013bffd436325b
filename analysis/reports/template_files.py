"""The notebook templates' files and the names of what is made from them.

Kept apart from the notebook runner, which imports Jupyter: the stamps need
these names on every ``make all``, even when nothing is to be run.
"""
from __future__ import annotations

from pathlib import Path

from analysis.core import paths

# Templates are notebooks (JSON) under another name: they are never run as they are, and
# nothing that checks executed notebooks (nbval, the pre-submission checks) should take them for one.
TEMPLATE_SUFFIX = ".nbtemplate"


def template_paths(folder: Path | None = None) -> list[Path]:
    return sorted(Path(folder or paths.NOTEBOOK_TEMPLATES).glob(f"[0-9][0-9]-*{TEMPLATE_SUFFIX}"))


def notebook_stem(template: Path) -> str:
    """``02-geographies.nbtemplate`` -> ``02-geographies``: the name of its notebook and pages."""
    return template.name.removesuffix(TEMPLATE_SUFFIX)


def notebook_name(template: Path) -> str:
    """``02-geographies.nbtemplate`` -> ``02-geographies.ipynb``, the executed notebook's name."""
    return notebook_stem(template) + ".ipynb"
