"""National map: a circle per jurisdiction, area for arrests, colour for the rate.

The contiguous states are drawn in an equal-area projection (EPSG:5070).
Jurisdictions in Alaska, Hawaii, Puerto Rico or another territory are drawn in
an inset of their own, each in an equal-area projection centred on it, at its
own scale; an inset is there only when the list has a place in it. Keys sit in
a strip below the maps, where no circle or label can fall. Labels are placed
by ``analysis.figures.labels``; past ``MAX_LABELS`` (or when room runs out)
circles go unlabeled and the figure says so.
"""
from __future__ import annotations

import math

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D

from analysis.figures import common, style
from analysis.figures.labels import Mark, Placer
from analysis.geography.shapes import (EQUAL_AREA_CRS, NOT_CONTIGUOUS, anchor_points, contiguous_states,
                                       load_shapes, local_crs, main_part_bounds, state_of)

# Circle area in points^2 per arrest: 107 arrests -> a circle about 0.29 in across.
AREA_PER_ARREST = 4.0
# Larger counts are scaled down so the largest circle is at most this area (about 0.5 in across).
MAX_CIRCLE_AREA_PT2 = 1300.0
MAX_LABELS = 12
NAME_MAX_IN = 1.6
BODY_SIDE_IN = 0.1
# Room around the contiguous states (metres): the Atlantic side takes the crowded Northeast's labels.
MAP_PAD_M = (150_000, 80_000, 320_000, 80_000)  # left, bottom, right, top
INSET_HEIGHT_IN = 1.25
INSET_TITLE_IN = 0.22
INSET_GAP_IN = 0.25
INSET_PAD = 0.45


def area_per_arrest(max_arrests: int) -> float:
    """Points^2 per arrest: ``AREA_PER_ARREST``, less when the largest count would make a huge circle."""
    return min(AREA_PER_ARREST, MAX_CIRCLE_AREA_PT2 / max(max_arrests, 1))


def _nice_floor(value: float) -> int | None:
    """The largest 1, 2 or 5 times a power of ten not above ``value`` (None below 1)."""
    if value < 1:
        return None
    power = 10 ** math.floor(math.log10(value))
    return max(m * power for m in (1, 2, 5) if m * power <= value)


def legend_sizes(max_arrests: int) -> list[int]:
    """Round counts for the circle key, up to the largest count (107 -> 10, 50, 100)."""
    return sorted({n for n in (_nice_floor(max_arrests), _nice_floor(max_arrests / 2),
                               _nice_floor(max_arrests / 10)) if n})


def _label(jurisdiction: str, arrests: int, rate: float) -> str:
    name = style.wrap(jurisdiction, style.SMALL_PT, NAME_MAX_IN)
    return f"{name}\n{common.count(arrests)} arrests · {common.rate(rate)}"


def _to_label(points: pd.DataFrame) -> list[str]:
    """Who gets a label, in the order they are placed: the highest rate, then the most arrests."""
    by_arrests = points.sort_values(["arrests", "jurisdiction"], ascending=[False, True])["jurisdiction"]
    top_rate = points.sort_values(["rate_per_100k", "jurisdiction"], ascending=[False, True])["jurisdiction"]
    first = top_rate.iloc[0]
    order = [first] + [j for j in by_arrests if j != first]
    return order[:MAX_LABELS]


def _insets(shapes, points: gpd.GeoDataFrame) -> list[dict]:
    """One inset per state or territory outside the contiguous map that has a jurisdiction."""
    insets = []
    for fips in sorted(set(points["state"]) & NOT_CONTIGUOUS):
        state = shapes.states[shapes.states["GEOID"] == fips].iloc[0]
        crs = local_crs(state.geometry)
        land = gpd.GeoSeries([state.geometry], crs=EQUAL_AREA_CRS).to_crs(crs)
        here = points[points["state"] == fips]
        spots = gpd.GeoSeries(here.geometry.values, crs=EQUAL_AREA_CRS).to_crs(crs)
        bounds, _ = main_part_bounds(land.iloc[0].union(spots.union_all()))
        aspect = (bounds[2] - bounds[0]) / max(bounds[3] - bounds[1], 1)
        insets.append({"fips": fips, "name": state["NAME"], "land": land, "rows": here, "spots": spots,
                       "bounds": bounds, "width": min(max(aspect * INSET_HEIGHT_IN, 1.3), 2.4)})
    return insets


def _draw(rates: pd.DataFrame, story: style.Story, points: gpd.GeoDataFrame, insets: list[dict],
          note: str) -> tuple[style.Canvas, set[str]]:
    """The whole map with ``note`` in its footer; returns it and the jurisdictions labeled."""
    shapes = load_shapes()
    primary = common.primary(rates)
    scale = area_per_arrest(int(points["arrests"].max()))
    body_w = style.WIDTH_IN - 2 * BODY_SIDE_IN
    sizes = legend_sizes(int(points["arrests"].max()))
    key_h = max(0.5, math.sqrt(sizes[-1] * scale) / 72 + 0.25)
    states = contiguous_states(shapes)
    minx, miny, maxx, maxy = states.total_bounds
    view = (minx - MAP_PAD_M[0], maxx + MAP_PAD_M[2], miny - MAP_PAD_M[1], maxy + MAP_PAD_M[3])
    main_h = body_w * (view[3] - view[2]) / (view[1] - view[0])
    total = sum(i["width"] for i in insets) + 0.2 * max(len(insets) - 1, 0)
    shrink = min(1.0, body_w / total) if insets else 1.0
    row_h = (INSET_HEIGHT_IN * shrink + INSET_TITLE_IN + INSET_GAP_IN) if insets else 0.0
    maps_bottom = key_h + 0.15

    top = primary.iloc[0]
    canvas = style.new_figure(
        maps_bottom + row_h + main_h,
        f"Where {story.operation}'s {common.count(primary['arrests'].sum())} arrests were announced",
        f"Circle area shows arrests; color shows arrests per 100,000 residents "
        f"({top['jurisdiction']} highest at {common.rate(top['rate_per_100k'])})",
        common.source(rates, story, common.BOUNDARIES,
                      common.CITY_POINTS if (primary["geo_level"] == "place").any() else ""),
        story.credit, note)
    fig = canvas.figure

    main_ax = fig.add_axes(canvas.rect(BODY_SIDE_IN, maps_bottom + row_h, body_w, main_h))
    states.plot(ax=main_ax, color=style.LAND, edgecolor=style.LAND_EDGE, linewidth=0.6)
    main_ax.set_xlim(view[0], view[1])
    main_ax.set_ylim(view[2], view[3])
    main_ax.axis("off")
    in_main = points[~points["state"].isin(NOT_CONTIGUOUS)]
    layers = [(main_ax, in_main, gpd.GeoSeries(in_main.geometry.values))]
    left = BODY_SIDE_IN
    for inset in insets:
        width, height = inset["width"] * shrink, INSET_HEIGHT_IN * shrink
        ax = fig.add_axes(canvas.rect(left, maps_bottom + INSET_GAP_IN, width, height))
        inset["land"].plot(ax=ax, color=style.LAND, edgecolor=style.LAND_EDGE, linewidth=0.6)
        x0, x1, y0, y1 = common.fit_view(inset["bounds"], width, height, pad=INSET_PAD, min_half_m=30_000)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set(xticks=[], yticks=[], xlabel="", ylabel="")
        ax.set_title(inset["name"], fontsize=style.SMALL_PT, pad=3, color=style.MUTED)
        for spine in ax.spines.values():
            spine.set(color=style.PANEL_FRAME, linewidth=0.6)
        layers.append((ax, inset["rows"], inset["spots"]))
        left += width + 0.2 * shrink

    norm = Normalize(vmin=0, vmax=max(1, math.ceil(primary["rate_per_100k"].max())))
    cmap = plt.get_cmap(style.RATE_CMAP)
    placer = Placer(fig)
    where = {}
    for ax, rows, spots in layers:
        ax.set_aspect("equal")
        ax.scatter(spots.x, spots.y, s=rows["circle_area_pt2"], c=rows["rate_per_100k"], cmap=cmap, norm=norm,
                   edgecolor=style.INK, linewidth=0.6, alpha=0.9, zorder=3, gid="arrest-circles", clip_on=False)
        placer.block_circles(ax, spots.x, spots.y, rows["circle_area_pt2"].pow(0.5) / 2)
        if ax is not main_ax:
            placer.block_text(ax.title)
        where.update({j: (ax, x, y) for j, x, y in zip(rows["jurisdiction"], spots.x, spots.y)})

    by_name = points.set_index("jurisdiction")
    labeled = set()
    for jurisdiction in _to_label(points):
        ax, x, y = where[jurisdiction]
        row = by_name.loc[jurisdiction]
        mark = Mark(ax, x, y, math.sqrt(row["circle_area_pt2"]) / 2,
                    _label(jurisdiction, row["arrests"], row["rate_per_100k"]), story.label_hints.get(jurisdiction))
        if placer.place(mark, style.SMALL_PT, linespacing=1.1) is not None:
            labeled.add(jurisdiction)

    key_ax = fig.add_axes(canvas.rect(BODY_SIDE_IN, 0, body_w * 0.55, key_h))
    key_ax.axis("off")
    key_ax.legend(handles=[Line2D([], [], marker="o", linestyle="", markersize=math.sqrt(n * scale),
                                  markerfacecolor=style.PAPER, markeredgecolor=style.INK, markeredgewidth=0.6)
                           for n in sizes],
                  labels=[f"{common.count(n)} arrests" for n in sizes], loc="center left", ncol=len(sizes),
                  frameon=False, fontsize=style.SMALL_PT, borderaxespad=0, columnspacing=1.6, handletextpad=0.6,
                  handlelength=math.sqrt(sizes[-1] * scale) / style.SMALL_PT + 0.2)
    bar_w = 2.6
    bar_ax = fig.add_axes(canvas.rect(style.WIDTH_IN - BODY_SIDE_IN - bar_w - 0.1, key_h - 0.3, bar_w, 0.1))
    bar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), cax=bar_ax, orientation="horizontal")
    bar.ax.set_title("Arrests per 100,000 residents", fontsize=style.SMALL_PT, loc="left", pad=3)
    bar.ax.tick_params(labelsize=style.SMALL_PT)
    bar.outline.set_edgecolor(style.MUTED)
    return canvas, labeled


def _note(rates: pd.DataFrame, n: int, labeled: set[str], insets: list[dict]) -> str:
    notes = []
    tried = min(n, MAX_LABELS)
    if len(labeled) < n:
        why = [f"labels go to the highest rate and the most arrests, {MAX_LABELS} at most"] if n > MAX_LABELS else []
        if len(labeled) < tried:
            why.append(f"{tried - len(labeled)} found no room")
        notes.append(f"{common.count(len(labeled))} of {common.count(n)} circles labeled ({'; '.join(why)}); "
                     "every value is in the CSV.")
    if insets:
        notes.append(f"Insets ({style.join_names(i['name'] for i in insets)}) are at their own scale.")
    notes.append(common.left_out_note(rates))
    return " ".join(filter(None, notes))


@style.styled
def national_map_figure(rates: pd.DataFrame, story: style.Story = style.DEFAULT_STORY) -> style.Figure:
    """U.S. map: a circle per jurisdiction, area for arrests, color for the rate; insets where needed."""
    shapes = load_shapes()
    primary = common.primary(rates)
    points = anchor_points(shapes, primary)
    points["state"] = [state_of(g) for g in points["geoids"]]
    points = points.sort_values(["arrests", "jurisdiction"], ascending=[False, True]).reset_index(drop=True)
    points["circle_area_pt2"] = points["arrests"] * area_per_arrest(int(points["arrests"].max()))
    insets = _insets(shapes, points)
    # Which labels fit does not depend on the footer, but the footer's note depends on them:
    # draw once to find out, and again only if the note differs from the first guess.
    guess = _note(rates, len(points), set(_to_label(points)), insets)
    canvas, labeled = _draw(rates, story, points, insets, guess)
    note = _note(rates, len(points), labeled, insets)
    if note != guess:
        canvas, labeled = _draw(rates, story, points, insets, note)

    inset_of = {i["fips"]: i["name"] for i in insets}
    data = pd.DataFrame({
        "jurisdiction": points["jurisdiction"], "geography": points["geography"],
        "geoids": points["geoids"], "arrests": points["arrests"],
        "rate_per_100k": points["rate_per_100k"], "circle_area_pt2": points["circle_area_pt2"],
        "x_epsg5070": points.geometry.x.round(1), "y_epsg5070": points.geometry.y.round(1),
        "drawn_in": [inset_of.get(s, "contiguous states") for s in points["state"]],
        "labeled": points["jurisdiction"].isin(labeled)})
    data.attrs["crs"] = EQUAL_AREA_CRS
    top, biggest = primary.iloc[0], points.iloc[0]
    where_text = ("Map of the contiguous United States" if not insets else
                  f"Map of the United States with insets for {style.join_names(inset_of.values())}")
    alt = (f"{where_text}, with a circle for each of the {common.count(len(points))} jurisdictions "
           f"named in {story.operation}, sized by arrests and colored by arrests per 100,000 residents. "
           f"{biggest['jurisdiction']} has the largest circle ({common.count(biggest['arrests'])} arrests); "
           f"{top['jurisdiction']} has the highest rate ({common.rate(top['rate_per_100k'])}).")
    if len(labeled) < len(points):
        alt += f" {len(labeled)} of the circles are labeled."
    return style.Figure("national_map", canvas.figure, data, alt)
