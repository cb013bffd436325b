"""House style and publication export for every chart and map.

One place sets fonts, sizes and colors, draws the title, the one-line
subtitle that states the finding, the source line and the credit line, and
exports each figure for a graphics desk:

- SVG with real, editable text (``svg.fonttype: none``);
- PDF with embedded TrueType fonts (``pdf.fonttype: 42``);
- PNG at 300 dpi;
- the CSV of exactly the numbers drawn, and an alt text that states the insight.

Rebuilds are byte-for-byte identical: a fixed ``svg.hashsalt``, no dates or
software versions in the metadata, and a font that ships with matplotlib
(DejaVu Sans) so every machine draws the same glyphs. Notebooks show the same
figure objects that are exported, so what a reporter sees is what is published.
"""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure as MplFigure

from analysis.core.atomic import write_files_atomically
from analysis.core.tables import to_csv_bytes

DPI = 300
WIDTH_IN = 8.0

INK = "#222222"
MUTED = "#6b6b6b"
GRID = "#dddddd"
LAND = "#f2f2f2"
ACCENT = "#b2182b"      # the primary definition / the finding
ALTERNATIVE = "#2166ac"  # alternative geography definitions
RATE_CMAP = "OrRd"

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "text.color": INK,
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.hashsalt": "safe-city",
    "path.simplify": True,
    "figure.dpi": 100,
}
SVG_METADATA = {"Date": None, "Creator": None}
PDF_METADATA = {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}
PNG_METADATA = {"Software": None}


@dataclass(frozen=True)
class Story:
    """What the figures' titles and source lines name: the operation and where its counts come from."""

    operation: str = "Operation Safe City"
    when: str = "Sept. 2017"
    counts_source: str = "ICE announcement of Sept. 28, 2017"


FLAGSHIP = Story()


def source_line(vintage: int, story: Story = FLAGSHIP) -> str:
    return (f"Source: {story.counts_source}; U.S. Census Bureau Population Estimates "
            f"(Vintage {vintage}, July 1, 2017)")


CREDIT = "Graphic: Operation Safe City analysis kit"


@dataclass
class Figure:
    """A drawn figure with everything needed to publish it."""

    name: str
    figure: MplFigure
    data: pd.DataFrame
    alt_text: str


HEADER_IN = 0.85
FOOTER_IN = 0.45


def new_figure(height_in: float, title: str, subtitle: str, source: str) -> MplFigure:
    """A blank figure in house style with title, subtitle, source and credit in place.

    The top ``HEADER_IN`` and bottom ``FOOTER_IN`` inches are theirs; callers
    place axes in between with ``body_rect``.
    """
    with plt.rc_context(RC):
        # Not registered with pyplot: no GUI backend, no figure shown twice in a notebook.
        fig = MplFigure(figsize=(WIDTH_IN, height_in))
    fig.text(0.02, 1 - 0.22 / height_in, title, fontsize=13, fontweight="bold", va="top", color=INK,
             gid="title")
    fig.text(0.02, 1 - 0.52 / height_in, subtitle, fontsize=9.5, va="top", color=INK, gid="subtitle")
    fig.text(0.02, 0.32 / height_in, source, fontsize=7, va="top", color=MUTED, gid="source")
    fig.text(0.02, 0.17 / height_in, CREDIT, fontsize=7, va="top", color=MUTED, gid="credit")
    return fig


def body_rect(fig: MplFigure, left_in: float = 0.2, right_in: float = 0.2,
              top_pad_in: float = 0.0, bottom_pad_in: float = 0.0) -> list[float]:
    """``[left, bottom, width, height]`` of the area between header and footer, in figure fractions."""
    width, height = fig.get_size_inches()
    bottom = (FOOTER_IN + bottom_pad_in) / height
    top = 1 - (HEADER_IN + top_pad_in) / height
    return [left_in / width, bottom, 1 - (left_in + right_in) / width, top - bottom]


def styled(function):
    """Run a drawing function under the house rcParams (fonts, colors, export settings)."""
    def wrapper(*args, **kwargs):
        with plt.rc_context(RC):
            return function(*args, **kwargs)
    wrapper.__doc__ = function.__doc__
    wrapper.__name__ = function.__name__
    return wrapper


def image_bytes(item: Figure, fmt: str, dpi: int = DPI) -> bytes:
    """One format of a figure, with no date or software version inside."""
    metadata = {"svg": SVG_METADATA, "pdf": PDF_METADATA, "png": PNG_METADATA}[fmt]
    buffer = BytesIO()
    with plt.rc_context(RC):
        item.figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def rendered(item: Figure) -> dict[str, bytes]:
    """The bytes of every published file of one figure, by file extension."""
    out = {fmt: image_bytes(item, fmt) for fmt in ("svg", "pdf", "png")}
    out["csv"] = to_csv_bytes(item.data)
    out["alt.txt"] = (item.alt_text.strip() + "\n").encode("utf-8")
    return out


def rendered_files(items: list[Figure]) -> dict[str, bytes]:
    """File name -> bytes for every published file of every figure."""
    return {f"{item.name}.{ext}": data for item in items for ext, data in rendered(item).items()}


def export(items: list[Figure], out_dir: Path) -> list[Path]:
    """Write every file of every figure, all together (or none if one fails)."""
    files = {Path(out_dir) / name: data for name, data in rendered_files(items).items()}
    write_files_atomically(files)
    return sorted(files)
