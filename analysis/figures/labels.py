"""Labels that never collide, for any list of places.

A label is tried at a series of positions around its symbol (nearest first,
then farther out with a leader line), and the first position where it stays
inside its axes, covers no symbol and no other text, and whose leader line
crosses no other label, is kept. A label that fits nowhere is left out and
counted, so the figure can say so. Everything is measured in points, which
keeps the layout the same at every resolution.

A story may suggest a starting offset per jurisdiction (``Story.label_hints``);
it is tried first and then treated like any other candidate.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from shapely.geometry import box as shapely_box

from analysis.figures import style

PAD_PT = 2.0
# Unit directions tried around a symbol, in order of preference: right, then left, then above/below.
DIRECTIONS = [(1, 1), (1, 0), (1, -1), (-1, 1), (-1, 0), (-1, -1), (0, 1), (0, -1)]
# How far past the symbol's edge a label may go (points); past the first step a leader line is drawn.
STEPS_PT = [4, 12, 24, 40, 60, 85, 115]
LEADER_AFTER_PT = 10


@dataclass
class Mark:
    """A symbol to label: where it is (data coordinates of ``ax``), its radius, its text."""

    ax: object
    x: float
    y: float
    radius_pt: float
    text: str
    hint: tuple[float, float] | None = None


def _alignment(dx: float, dy: float) -> tuple[str, str]:
    ha = "left" if dx > 0 else ("right" if dx < 0 else "center")
    va = "bottom" if dy > 0 else ("top" if dy < 0 else "center")
    return ha, va


def text_box(text: Text, renderer) -> Bbox:
    """The box of a text alone (for an annotation: without its leader line)."""
    if isinstance(text, Annotation):
        text.update_positions(renderer)
    return Text.get_window_extent(text, renderer)


class Placer:
    """Keeps track of what is already on a figure and places labels around it."""

    def __init__(self, figure):
        self.figure = figure
        self.renderer = figure.canvas.get_renderer()
        self.px_per_pt = figure.dpi / 72
        self.boxes = np.empty((0, 4))     # texts already placed: x0, y0, x1, y1 (pixels)
        self.circles = np.empty((0, 3))   # symbols: x, y, radius (pixels)

    def block_box(self, box: Bbox) -> None:
        self.boxes = np.vstack([self.boxes, [box.x0, box.y0, box.x1, box.y1]])

    def block_text(self, text: Text) -> None:
        self.block_box(text_box(text, self.renderer))

    def block_circles(self, ax, xs, ys, radii_pt) -> None:
        xy = ax.transData.transform(np.column_stack([xs, ys]))
        radii = np.asarray(radii_pt, dtype=float) * self.px_per_pt
        self.circles = np.vstack([self.circles, np.column_stack([xy, radii])])

    def _free(self, box: Bbox, within: Bbox) -> bool:
        pad = PAD_PT * self.px_per_pt
        if box.x0 < within.x0 + pad or box.x1 > within.x1 - pad or box.y0 < within.y0 + pad or \
                box.y1 > within.y1 - pad:
            return False
        b = self.boxes
        if len(b) and np.any((box.x0 < b[:, 2] + pad) & (box.x1 > b[:, 0] - pad) &
                             (box.y0 < b[:, 3] + pad) & (box.y1 > b[:, 1] - pad)):
            return False
        c = self.circles
        if len(c):
            dx = np.maximum.reduce([box.x0 - c[:, 0], np.zeros(len(c)), c[:, 0] - box.x1])
            dy = np.maximum.reduce([box.y0 - c[:, 1], np.zeros(len(c)), c[:, 1] - box.y1])
            if np.any(dx ** 2 + dy ** 2 < (c[:, 2] + pad) ** 2):
                return False
        return True

    def _leader_clear(self, start: tuple[float, float], box: Bbox) -> bool:
        """True when the line from the symbol to the label crosses no other label."""
        if not len(self.boxes):
            return True
        end = (min(max(start[0], box.x0), box.x1), min(max(start[1], box.y0), box.y1))
        t = np.linspace(0, 1, 24)[:, None]
        points = np.asarray(start) * (1 - t) + np.asarray(end) * t
        b = self.boxes
        inside = ((points[:, None, 0] > b[None, :, 0]) & (points[:, None, 0] < b[None, :, 2]) &
                  (points[:, None, 1] > b[None, :, 1]) & (points[:, None, 1] < b[None, :, 3]))
        return not inside.any()

    def place_inside(self, ax, text: str, area, fontsize: float, color: str = style.INK, avoid=None,
                     **text_options) -> Text | None:
        """Write ``text`` centred somewhere inside ``area`` (a shapely geometry in data coordinates).

        Tried first at the area's representative point, then on a grid over it,
        nearest first; the label must fit wholly inside ``area``, clear of
        ``avoid`` and of every text and symbol already placed. For names of
        areas (a state's postal code), which must not drift into a neighbour.
        """
        if area.is_empty:
            return None
        within = ax.get_window_extent(self.renderer)
        start = area.representative_point()
        minx, miny, maxx, maxy = area.bounds
        grid = [(x, y) for x in np.linspace(minx, maxx, 9) for y in np.linspace(miny, maxy, 9)]
        grid.sort(key=lambda p: (p[0] - start.x) ** 2 + (p[1] - start.y) ** 2)
        label = ax.text(start.x, start.y, text, ha="center", va="center", fontsize=fontsize, color=color,
                        zorder=5, **text_options)
        for x, y in [(start.x, start.y), *grid]:
            label.set_position((x, y))
            box = text_box(label, self.renderer)
            shape = self._in_data(ax, box)
            if self._free(box, within) and area.contains(shape) and (avoid is None or not avoid.intersects(shape)):
                self.block_box(box)
                return label
        label.remove()
        return None

    @staticmethod
    def _in_data(ax, box: Bbox):
        (x0, y0), (x1, y1) = ax.transData.inverted().transform([(box.x0, box.y0), (box.x1, box.y1)])
        return shapely_box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    def candidates(self, mark: Mark) -> list[tuple[float, float]]:
        offsets = [tuple(mark.hint)] if mark.hint else []
        for step in STEPS_PT:
            distance = mark.radius_pt + step
            for ux, uy in DIRECTIONS:
                norm = (ux * ux + uy * uy) ** 0.5
                offsets.append((round(ux * distance / norm, 1), round(uy * distance / norm, 1)))
        return offsets

    def place(self, mark: Mark, fontsize: float, color: str = style.INK, within: Bbox | None = None,
              avoid=None, **text_options) -> Annotation | None:
        """Draw ``mark``'s label at the first free position, or nothing (returns None).

        ``avoid`` is an optional shapely geometry, in ``mark.ax``'s data
        coordinates, that the label must not cover (a highlighted area).
        """
        ax = mark.ax
        within = within or ax.get_window_extent(self.renderer)
        anchor = ax.transData.transform((mark.x, mark.y))
        label = ax.annotate(mark.text, (mark.x, mark.y), xytext=(0, 0), textcoords="offset points",
                            fontsize=fontsize, color=color, annotation_clip=False, zorder=5, **text_options)
        for dx, dy in self.candidates(mark):
            ha, va = _alignment(dx, dy)
            label.set(ha=ha, va=va)
            label.xyann = (dx, dy)
            box = text_box(label, self.renderer)
            if not self._free(box, within) or (avoid is not None and avoid.intersects(self._in_data(ax, box))):
                continue
            far = (dx * dx + dy * dy) ** 0.5 > mark.radius_pt + LEADER_AFTER_PT
            if far and not self._leader_clear(anchor, box):
                continue
            if far:
                label.remove()
                label = ax.annotate(mark.text, (mark.x, mark.y), xytext=(dx, dy), textcoords="offset points",
                                    ha=ha, va=va, fontsize=fontsize, color=color, annotation_clip=False,
                                    zorder=5, arrowprops={"arrowstyle": "-", "color": style.MUTED,
                                                          "linewidth": 0.5, "shrinkA": 1,
                                                          "shrinkB": mark.radius_pt + 1},
                                    **text_options)
            self.block_box(box)
            return label
        label.remove()
        return None
