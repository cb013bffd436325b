"""What notebooks need beyond the computing modules: showing a published figure.

``published_figure`` shows the screen-resolution PNG that ``python -m analysis
build`` wrote beside the figure's SVG, PDF and print PNG, so the reporter sees
exactly what the graphics desk publishes and the notebook does not draw the
figure a second time. The house style draws text without hinting, so the
screen picture is the print picture, only smaller.
"""
from __future__ import annotations

from pathlib import Path

from IPython.display import Image

from analysis.core import paths
from analysis.core.errors import InputError


def published_figure(figures_dir: Path, name: str) -> Image:
    """The published figure ``name`` as a PNG, carrying its alt text for screen readers and its
    name, which the HTML reports use to link the published files (``<figures_dir>/<name>.*``)."""
    png, alt = Path(figures_dir) / f"{name}.{paths.SCREEN_PNG}", Path(figures_dir) / f"{name}.alt.txt"
    for path in (png, alt):
        if not path.is_file():
            raise InputError(path, f"figure '{name}' has not been built: run `python -m analysis build`")
    return Image(data=png.read_bytes(), format="png", alt=alt.read_text(encoding="utf-8").strip(),
                 metadata={"figure": name})
