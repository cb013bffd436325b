"""House style and publication export for every chart and map.

One place sets fonts, sizes and every colour, draws the title, the subtitle
that states the finding, an optional note, the source line and the credit
line, and exports each figure for a graphics desk:

- SVG with real, editable text (``svg.fonttype: none``);
- PDF with embedded TrueType fonts (``pdf.fonttype: 42``);
- PNG at 300 dpi, and a copy at screen resolution (``<name>.screen.png``) that
  the notebooks show;
- the CSV of exactly the numbers drawn, and an alt text that states the insight.

The same figure object gives the same picture at any resolution: font hinting
is off, so a line of text is equally wide, in inches, at 110 dpi on screen and
at 300 dpi in print (with hinting, widths differ by up to 12% and a line that
fits in print is clipped on screen). Every line of the frame is wrapped to the
width it has, measured rather than guessed.

Rebuilds are byte-for-byte identical: a fixed ``svg.hashsalt``, no dates or
software versions in the metadata, and a font that ships with matplotlib
(DejaVu Sans) so every machine draws the same glyphs. Notebooks show the
screen copy the build wrote, so what a reporter sees is what is published and
each figure is drawn once.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.text import Text

from analysis.core import paths
from analysis.core.atomic import write_files_atomically
from analysis.core.tables import to_csv_bytes

DPI = 300          # exported PNG
SCREEN_DPI = 110   # notebooks and HTML reports
WIDTH_IN = 8.0
MARGIN_IN = 0.16   # left and right of the frame's text
# Wrapped lines stay this much short of the width they have: room for a
# viewer that draws the editable SVG text with slightly wider glyphs.
WRAP_SLACK = 0.02

# Every colour a figure uses.
INK = "#222222"
MUTED = "#6b6b6b"
GRID = "#dddddd"
LAND = "#f2f2f2"
PAPER = "#ffffff"
LAND_EDGE = PAPER        # borders between states or counties drawn on land
PANEL_FRAME = "#cccccc"
CONTEXT = "#8c8c8c"      # the county around a city, shown for context only
ACCENT = "#b2182b"       # the primary definition / the finding
ALTERNATIVE = "#2166ac"  # alternative geography definitions
RISES = ACCENT           # slope chart: ranks higher per resident than by count
FALLS = ALTERNATIVE      # slope chart: ranks lower per resident than by count
SAME = MUTED             # slope chart: the same rank both ways
RATE_CMAP = "OrRd"

FONT = "DejaVu Sans"
TITLE_PT = 13
SUBTITLE_PT = 9.5
LABEL_PT = 8
SMALL_PT = 7
SOURCE_PT = 7

RC = {
    "font.family": FONT,
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "text.color": INK,
    # Unhinted glyphs: text is equally wide at every dpi (see the module docstring).
    "text.hinting": "no_hinting",
    # Names are text, never math: "$" in a name stays a dollar sign.
    "text.parse_math": False,
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.hashsalt": "figures",
    "path.simplify": True,
    "figure.dpi": 100,
}
SVG_METADATA = {"Date": None, "Creator": None}
PDF_METADATA = {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}
PNG_METADATA = {"Software": None}

DEFAULT_CREDIT = "Graphic: enforcement-operations analysis kit"


@dataclass(frozen=True)
class Story:
    """What the figures say about the story they belong to (from the story's ``story.toml``).

    ``label_hints`` maps a jurisdiction to a preferred label offset on the map,
    ``(dx, dy)`` in points; it is only the first position tried, and a label
    that would collide there is moved like any other.
    """

    operation: str = "the enforcement operation"
    when: str = ""
    counts_source: str = "the agency's published arrest counts"
    credit: str = DEFAULT_CREDIT
    label_hints: dict[str, tuple[float, float]] = field(default_factory=dict)


DEFAULT_STORY = Story()


def source_line(vintage: int, year: int, story: Story = DEFAULT_STORY) -> str:
    return (f"Source: {story.counts_source}; U.S. Census Bureau Population Estimates "
            f"(Vintage {vintage}, July 1, {year})")


def join_names(names) -> str:
    """A list of names for prose: ``;`` between them, since names contain commas ("Cook County, Illinois")."""
    return "; ".join(names)


@dataclass
class Figure:
    """A drawn figure with everything needed to publish it."""

    name: str
    figure: MplFigure
    data: pd.DataFrame
    alt_text: str


def styled(function):
    """Run a drawing function under the house rcParams (fonts, colors, export settings)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with plt.rc_context(RC):
            return function(*args, **kwargs)
    return wrapper


@functools.cache
def _measuring_text() -> tuple[Text, object]:
    # Made under the house rcParams like every drawn text: a Text reads ``text.parse_math`` when it
    # is created, and one made outside would measure "$5 and $10" as mathematics, narrower than drawn.
    with plt.rc_context(RC):
        fig = MplFigure(dpi=72)
        artist = Text(0, 0, "", figure=fig)
    return artist, FigureCanvasAgg(fig).get_renderer()


@functools.lru_cache(maxsize=20_000)
def text_size_in(text: str, size: float, weight: str = "normal", linespacing: float = 1.2) -> tuple[float, float]:
    """Width and height, in inches, that ``text`` takes in the house font (the same at any dpi)."""
    if not text:
        return 0.0, 0.0
    artist, renderer = _measuring_text()
    with plt.rc_context(RC):
        artist.set(text=text, fontsize=size, fontweight=weight, linespacing=linespacing, fontfamily=FONT)
        extent = artist.get_window_extent(renderer)
    return extent.width / 72, extent.height / 72


def wrap(text: str, size: float, width_in: float, weight: str = "normal") -> str:
    """``text`` with line breaks so no line is wider than ``width_in`` (a too-long word is cut)."""
    limit = width_in * (1 - WRAP_SLACK)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_size_in(candidate, size, weight)[0] <= limit or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
            while text_size_in(line, size, weight)[0] > limit and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and text_size_in(line[:cut] + "-", size, weight)[0] > limit:
                    cut -= 1
                lines.append(line[:cut] + "-")
                line = line[cut:]
        lines.append(line)
    return "\n".join(lines)


class _QuietCanvas(FigureCanvasAgg):
    """An Agg canvas (text can be measured with ``get_renderer()``) that draws only when asked.

    geopandas requests a redraw after every layer it plots; on a real Agg
    canvas each request draws the whole figure (20 seconds for 20 panels).
    """

    def draw_idle(self, *args, **kwargs):
        pass


@dataclass
class Canvas:
    """A figure in house style, and where its frame leaves room for the body.

    The top ``header_in`` inches hold the title and subtitle, the bottom
    ``footer_in`` the note, source and credit; ``rect`` places axes in between.
    """

    figure: MplFigure
    header_in: float
    footer_in: float

    @property
    def width_in(self) -> float:
        return float(self.figure.get_size_inches()[0])

    @property
    def height_in(self) -> float:
        return float(self.figure.get_size_inches()[1])

    @property
    def body_height_in(self) -> float:
        return self.height_in - self.header_in - self.footer_in

    def rect(self, left_in: float, bottom_in: float, width_in: float, height_in: float) -> list[float]:
        """Figure fractions of a box given in inches from the body's bottom-left corner."""
        return [left_in / self.width_in, (self.footer_in + bottom_in) / self.height_in,
                width_in / self.width_in, height_in / self.height_in]

    def body_rect(self, left_in: float = 0.2, right_in: float = 0.2, top_pad_in: float = 0.0,
                  bottom_pad_in: float = 0.0) -> list[float]:
        """``[left, bottom, width, height]`` of the body less the given margins, in figure fractions."""
        return self.rect(left_in, bottom_pad_in, self.width_in - left_in - right_in,
                         self.body_height_in - top_pad_in - bottom_pad_in)


TOP_PAD_IN = 0.16
BOTTOM_PAD_IN = 0.08
GAP_IN = 0.07
HEADER_GAP_IN = 0.22   # between the subtitle and the body
FOOTER_GAP_IN = 0.14   # between the body and the note or source


def new_figure(body_height_in: float, title: str, subtitle: str, source: str, credit: str,
               note: str = "") -> Canvas:
    """A blank figure in house style: title, subtitle, note, source and credit wrapped and in place.

    The figure is ``body_height_in`` plus whatever the frame's text needs.
    """
    text_width = WIDTH_IN - 2 * MARGIN_IN
    top = [(wrap(title, TITLE_PT, text_width, "bold"), TITLE_PT, "bold", INK, "title"),
           (wrap(subtitle, SUBTITLE_PT, text_width), SUBTITLE_PT, "normal", INK, "subtitle")]
    bottom = [(wrap(note, SMALL_PT, text_width), SMALL_PT, "normal", INK, "note"),
              (wrap(source, SOURCE_PT, text_width), SOURCE_PT, "normal", MUTED, "source"),
              (wrap(credit, SOURCE_PT, text_width), SOURCE_PT, "normal", MUTED, "credit")]
    top = [block for block in top if block[0]]
    bottom = [block for block in bottom if block[0]]

    def heights(blocks):
        return [text_size_in(text, size, weight)[1] for text, size, weight, _, _ in blocks]

    header_in = TOP_PAD_IN + sum(heights(top)) + GAP_IN * (len(top) - 1) + HEADER_GAP_IN
    footer_in = FOOTER_GAP_IN + sum(heights(bottom)) + GAP_IN * (len(bottom) - 1) + BOTTOM_PAD_IN
    height_in = header_in + body_height_in + footer_in
    with plt.rc_context(RC):
        # Not registered with pyplot: no GUI backend, no figure shown twice in a notebook.
        fig = MplFigure(figsize=(WIDTH_IN, height_in))
    _QuietCanvas(fig)
    y = height_in - TOP_PAD_IN
    for (text, size, weight, color, gid), height in zip(top, heights(top)):
        fig.text(MARGIN_IN / WIDTH_IN, y / height_in, text, fontsize=size, fontweight=weight, va="top",
                 color=color, gid=gid)
        y -= height + GAP_IN
    y = footer_in - FOOTER_GAP_IN
    for (text, size, weight, color, gid), height in zip(bottom, heights(bottom)):
        fig.text(MARGIN_IN / WIDTH_IN, y / height_in, text, fontsize=size, fontweight=weight, va="top",
                 color=color, gid=gid)
        y -= height + GAP_IN
    return Canvas(fig, header_in, footer_in)


def image_bytes(item: Figure, fmt: str, dpi: int = DPI) -> bytes:
    """One format of a figure, with no date or software version inside."""
    metadata = {"svg": SVG_METADATA, "pdf": PDF_METADATA, "png": PNG_METADATA}[fmt]
    buffer = BytesIO()
    with plt.rc_context(RC):
        item.figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor=PAPER)
    return buffer.getvalue()


def rendered(item: Figure) -> dict[str, bytes]:
    """The bytes of every published file of one figure, by file extension."""
    out = {fmt: image_bytes(item, fmt) for fmt in ("svg", "pdf", "png")}
    out[paths.SCREEN_PNG] = image_bytes(item, "png", dpi=SCREEN_DPI)
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
