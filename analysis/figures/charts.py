"""The published figures, drawn from the rates table.

Each ``*_figure`` function takes the rates (as computed by ``analysis.rates.rates``,
or read back from ``rates.csv``) and returns a ``style.Figure``: the
matplotlib figure, the table of exactly the numbers it draws, and its alt
text. Notebooks call the same functions and show the same figures that
``python -m analysis build`` exports.
"""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D

from analysis.figures import style
from analysis.geography.shapes import (EQUAL_AREA_CRS, anchor_points, contiguous_states, drawable_geoids,
                             load_shapes)

# Circle area in points^2 per arrest: 107 arrests -> a circle about 0.29 in across.
AREA_PER_ARREST = 4.0
# Label offsets (points) for the national map, chosen so labels in the crowded
# Northeast do not collide; jurisdictions not listed get the default.
MAP_LABEL_OFFSETS = {
    "the state of Massachusetts": (-8, 28),
    "New York": (30, 2),
    "Philadelphia": (36, -18),
    "Baltimore": (30, -38),
    "Washington, D.C.": (-30, -34),
    "Cook County, Illinois": (-10, 24),
    "Denver": (16, 14),
    "Los Angeles": (22, -26),
    "Santa Clara County, California": (26, -10),
    "Portland, Oregon": (14, 16),
}
DEFAULT_OFFSET = (14, 12)
GRID_FRAME = "#cccccc"


def _primary(rates: pd.DataFrame) -> pd.DataFrame:
    primary = rates[rates["is_primary"]].dropna(subset=["rate_per_100k"])
    return primary.sort_values(["rank", "jurisdiction"]).reset_index(drop=True)


def _vintage(rates: pd.DataFrame) -> int:
    return int(rates["vintage"].iloc[0])


def _fmt(rate: float) -> str:
    return f"{rate:.1f}"


@style.styled
def ranked_rates_figure(rates: pd.DataFrame, story: style.Story = style.FLAGSHIP) -> style.Figure:
    """Primary rates ranked, with the range the alternative geographies give."""
    primary = _primary(rates)
    order = list(primary["jurisdiction"])
    drawn = rates[rates["jurisdiction"].isin(order)].dropna(subset=["rate_per_100k"]).copy()
    drawn["position"] = drawn["jurisdiction"].map({j: i for i, j in enumerate(order)})
    drawn = drawn.sort_values(["position", "is_primary", "rate_per_100k"], ascending=[True, False, True])

    top = primary.iloc[0]
    height = 1.6 + 0.5 * len(order)
    fig = style.new_figure(
        height, f"Arrests per 100,000 residents, {story.operation}" + (f", {story.when}" if story.when else ""),
        f"{top['jurisdiction']} had the highest rate ({_fmt(top['rate_per_100k'])})" + (
            "; bars span the rates that other readings of each place's boundaries give"
            if (~drawn["is_primary"]).any() else ""),
        style.source_line(_vintage(rates), story))
    ax = fig.add_axes(style.body_rect(fig, left_in=2.3, right_in=0.3, top_pad_in=0.35, bottom_pad_in=0.35))
    for position, group in drawn.groupby("position"):
        low, high = group["rate_per_100k"].min(), group["rate_per_100k"].max()
        ax.plot([low, high], [position, position], color=style.GRID, linewidth=5, solid_capstyle="round",
                zorder=1)
        chosen = group[group["is_primary"]].iloc[0]
        ax.scatter(chosen["rate_per_100k"], position, s=60, color=style.ACCENT, zorder=3)
        ax.annotate(_fmt(chosen["rate_per_100k"]), (chosen["rate_per_100k"], position), xytext=(0, 6),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8,
                    fontweight="bold", color=style.ACCENT)
        others = group[~group["is_primary"]]
        if len(others):
            ax.scatter(others["rate_per_100k"], [position] * len(others), s=42, facecolor="white",
                       edgecolor=style.ALTERNATIVE, linewidth=1.4, zorder=2)
            ax.annotate(" · ".join(f"{label} {_fmt(rate)}" for label, rate in
                                   zip(others["short_label"], others["rate_per_100k"])),
                        (high, position), xytext=(10, 0), textcoords="offset points", ha="left",
                        va="center", fontsize=7, color=style.ALTERNATIVE)
    labels = [f"{j}\n{g}" for j, g in zip(primary["jurisdiction"], primary["short_label"])]
    ax.set_yticks(range(len(order)), labels, fontsize=8)
    ax.set_ylim(len(order) - 0.4, -0.7)
    ax.set_xlim(0, math.ceil(drawn["rate_per_100k"].max() + 0.5))
    ax.set_xlabel("Arrests per 100,000 residents")
    ax.grid(axis="x", color=style.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if (~drawn["is_primary"]).any():
        ax.legend(handles=[
            Line2D([], [], marker="o", linestyle="", color=style.ACCENT, label="primary geography"),
            Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor=style.ALTERNATIVE,
                   label="alternative geography")],
            loc="lower right", frameon=False, fontsize=7.5)

    data = drawn[["jurisdiction", "definition", "is_primary", "geography", "short_label", "geoids",
                  "arrests", "population", "rate_per_100k"]].reset_index(drop=True)
    alternatives = data[~data["is_primary"]]
    widest = (drawn.groupby("jurisdiction")["rate_per_100k"].agg(lambda s: s.max() / s.min())
              .sort_values(ascending=False))
    alt = (f"Ranked dot chart of arrests per 100,000 residents in {story.operation}. "
           f"{top['jurisdiction']} has the highest rate, {_fmt(top['rate_per_100k'])}, and "
           f"{primary.iloc[-1]['jurisdiction']} the lowest, {_fmt(primary.iloc[-1]['rate_per_100k'])}.")
    if len(alternatives):
        alt += (f" {len(alternatives)} alternative geography definitions are shown as hollow dots; the choice "
                f"matters most for {widest.index[0]}, where the rate varies {widest.iloc[0]:.1f}-fold "
                "between definitions.")
    return style.Figure("rates_ranked", fig, data, alt)


@style.styled
def count_vs_rate_figure(rates: pd.DataFrame, story: style.Story = style.FLAGSHIP) -> style.Figure:
    """Slope chart: each jurisdiction's rank by raw count against its rank by rate."""
    primary = _primary(rates)
    data = primary[["jurisdiction", "geography", "arrests", "rate_per_100k"]].copy()
    data["count_rank"] = data["arrests"].rank(method="min", ascending=False).astype(int)
    data["rate_rank"] = data["rate_per_100k"].rank(method="min", ascending=False).astype(int)
    data = data.sort_values(["count_rank", "jurisdiction"]).reset_index(drop=True)

    moved = data.assign(shift=data["count_rank"] - data["rate_rank"])
    biggest_fall = moved.sort_values(["shift", "jurisdiction"]).iloc[0]
    height = 1.5 + 0.36 * len(data)
    fig = style.new_figure(
        height, "Ranked by arrests, ranked by arrests per resident",
        f"{biggest_fall['jurisdiction']} is no. {biggest_fall['count_rank']} by count but no. "
        f"{biggest_fall['rate_rank']} per resident",
        style.source_line(_vintage(rates), story))
    ax = fig.add_axes(style.body_rect(fig, left_in=2.7, right_in=2.7, top_pad_in=0.3, bottom_pad_in=0.1))
    for row in data.itertuples():
        rising = row.rate_rank < row.count_rank
        color = style.ACCENT if rising else (style.ALTERNATIVE if row.rate_rank > row.count_rank else style.MUTED)
        ax.plot([0, 1], [row.count_rank, row.rate_rank], color=color, linewidth=1.6, marker="o", markersize=4)
        ax.text(-0.04, row.count_rank, f"{row.jurisdiction}  {row.arrests}", ha="right", va="center",
                fontsize=8)
        ax.text(1.04, row.rate_rank, f"{_fmt(row.rate_per_100k)}  {row.jurisdiction}", ha="left",
                va="center", fontsize=8)
    ax.text(0, 0.2, "Arrests", ha="center", va="bottom", fontsize=8.5, fontweight="bold")
    ax.text(1, 0.2, "Per 100,000 residents", ha="center", va="bottom", fontsize=8.5, fontweight="bold")
    ax.set_xlim(0, 1)
    ax.set_ylim(len(data) + 0.5, 0.2)
    ax.axis("off")
    top = data.sort_values("rate_rank").iloc[0]
    alt = (f"Slope chart comparing each jurisdiction's rank by number of arrests with its rank by arrests "
           f"per 100,000 residents. {top['jurisdiction']} has the highest rate "
           f"({_fmt(top['rate_per_100k'])}) though it is no. {top['count_rank']} by count; "
           f"{biggest_fall['jurisdiction']} falls from no. {biggest_fall['count_rank']} by count to "
           f"no. {biggest_fall['rate_rank']} per resident.")
    return style.Figure("count_vs_rate", fig, data, alt)


@style.styled
def national_map_figure(rates: pd.DataFrame, story: style.Story = style.FLAGSHIP) -> style.Figure:
    """Contiguous U.S. map: a circle per jurisdiction, area for arrests, color for the rate."""
    shapes = load_shapes()
    primary = _primary(rates)
    points = anchor_points(shapes, primary)
    points = points.sort_values("arrests", ascending=False).reset_index(drop=True)  # small on top
    points["circle_area_pt2"] = points["arrests"] * AREA_PER_ARREST

    top = primary.iloc[0]
    fig = style.new_figure(
        5.6, f"Where {story.operation}'s {int(primary['arrests'].sum())} arrests were announced",
        f"Circle area shows arrests; color shows arrests per 100,000 residents "
        f"({top['jurisdiction']} highest at {_fmt(top['rate_per_100k'])})",
        style.source_line(_vintage(rates), story) + "; Census cartographic boundaries 2016")
    ax = fig.add_axes(style.body_rect(fig, left_in=0.1, right_in=0.1, top_pad_in=0.0, bottom_pad_in=0.1))
    states = contiguous_states(shapes)
    states.plot(ax=ax, color=style.LAND, edgecolor="white", linewidth=0.6)
    norm = Normalize(vmin=0, vmax=math.ceil(primary["rate_per_100k"].max()))
    cmap = plt.get_cmap(style.RATE_CMAP)
    ax.scatter(points.geometry.x, points.geometry.y, s=points["circle_area_pt2"],
               c=points["rate_per_100k"], cmap=cmap, norm=norm, edgecolor=style.INK, linewidth=0.6,
               alpha=0.9, zorder=3, gid="arrest-circles")
    for row in points.itertuples():
        dx, dy = MAP_LABEL_OFFSETS.get(row.jurisdiction, DEFAULT_OFFSET)
        ax.annotate(f"{row.jurisdiction}\n{row.arrests} arrests · {_fmt(row.rate_per_100k)}",
                    (row.geometry.x, row.geometry.y), xytext=(dx, dy), textcoords="offset points",
                    ha="left" if dx >= 0 else "right", va="center", fontsize=7, linespacing=1.1,
                    arrowprops={"arrowstyle": "-", "color": style.MUTED, "linewidth": 0.5,
                                "shrinkA": 0, "shrinkB": 4}, zorder=4)
    minx, miny, maxx, maxy = states.total_bounds
    ax.set_xlim(minx - 50_000, maxx + 250_000)
    ax.set_ylim(miny - 50_000, maxy + 50_000)
    ax.set_aspect("equal")
    ax.axis("off")

    legend_sizes = [10, 50, 100]
    handles = [ax.scatter([], [], s=n * AREA_PER_ARREST, facecolor="white", edgecolor=style.INK,
                          linewidth=0.6) for n in legend_sizes]
    ax.legend(handles, [f"{n} arrests" for n in legend_sizes], loc="lower left", frameon=False,
              fontsize=7, labelspacing=1.8, borderpad=1.0, scatterpoints=1)
    bar_ax = fig.add_axes([0.62, 0.17, 0.3, 0.022])
    bar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), cax=bar_ax, orientation="horizontal")
    bar.set_label("Arrests per 100,000 residents", fontsize=7)
    bar.ax.tick_params(labelsize=7)

    data = pd.DataFrame({
        "jurisdiction": points["jurisdiction"], "geography": points["geography"],
        "geoids": points["geoids"], "arrests": points["arrests"],
        "rate_per_100k": points["rate_per_100k"], "circle_area_pt2": points["circle_area_pt2"],
        "x_epsg5070": points.geometry.x.round(1), "y_epsg5070": points.geometry.y.round(1)})
    data.attrs["crs"] = EQUAL_AREA_CRS
    biggest = points.iloc[0]
    alt = (f"Map of the contiguous United States with a circle for each of the {len(points)} jurisdictions "
           f"named in {story.operation}, sized by arrests and colored by arrests per 100,000 residents. "
           f"{biggest['jurisdiction']} has the largest circle ({biggest['arrests']} arrests); "
           f"{top['jurisdiction']} has the highest rate ({_fmt(top['rate_per_100k'])}).")
    return style.Figure("national_map", fig, data, alt)


@style.styled
def locator_panels_figure(rates: pd.DataFrame, story: style.Story = style.FLAGSHIP) -> style.Figure:
    """Small multiples: for each jurisdiction, the Census area its denominator covers."""
    shapes = load_shapes()
    primary = _primary(rates)
    columns, n = 5, len(primary)
    rows = math.ceil(n / columns)
    height = 1.5 + 2.0 * rows
    fig = style.new_figure(
        height, "What each place means in the population figures",
        "Red: the Census area behind each rate; blue outline: alternatives; a city is shown by the "
        "county that holds it",
        style.source_line(_vintage(rates), story) + "; Census cartographic boundaries 2016")
    left, bottom, width, body_height = style.body_rect(fig, left_in=0.1, right_in=0.1)
    cell_w, cell_h = width / columns, body_height / rows
    records = []
    for i, row in enumerate(primary.itertuples()):
        col, line = i % columns, i // columns
        ax = fig.add_axes([left + col * cell_w + 0.04 * cell_w, bottom + (rows - 1 - line) * cell_h,
                           cell_w * 0.92, cell_h * 0.78])
        definitions = rates[rates["jurisdiction"] == row.jurisdiction]
        layers = []
        for definition in definitions.itertuples():
            level, parts = drawable_geoids(definition.geo_level, definition.geoids)
            layer = shapes.states if level == "state" else shapes.counties
            layers.append((definition, parts, layer[layer["GEOID"].isin(parts)]))
        minx, miny, maxx, maxy = pd.concat([chosen for _, _, chosen in layers]).total_bounds
        half = max(maxx - minx, maxy - miny) * 0.5 * 1.5 + 15_000
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        ratio = (cell_w * 0.92 * style.WIDTH_IN) / (cell_h * 0.78 * height)  # panel width / height
        box = (cx - half * ratio, cx + half * ratio, cy - half, cy + half)
        shapes.counties.cx[box[0]:box[1], box[2]:box[3]].plot(
            ax=ax, color=style.LAND, edgecolor="white", linewidth=0.2)
        shapes.states.cx[box[0]:box[1], box[2]:box[3]].boundary.plot(ax=ax, color=style.MUTED, linewidth=0.4)
        title = f"{row.jurisdiction}\n{row.short_label}"
        for definition, parts, chosen in layers:
            through_county = definition.geo_level == "place"
            if definition.is_primary:
                chosen.plot(ax=ax, facecolor="#e7a9b0" if through_county else style.ACCENT,
                            edgecolor=style.ACCENT, linewidth=0.6, hatch="////" if through_county else None)
                drawn_as = "hatched county holding the city" if through_county else "filled"
                if through_county:
                    title = f"{row.jurisdiction}\n{row.short_label} (in hatched county)"
            else:
                chosen.boundary.plot(ax=ax, color=style.ALTERNATIVE, linewidth=0.9)
                drawn_as = "outlined county holding the city" if through_county else "outlined"
            records.append({"jurisdiction": definition.jurisdiction, "definition": definition.definition,
                            "is_primary": definition.is_primary, "geography": definition.geography,
                            "geo_level": definition.geo_level, "geoids": definition.geoids,
                            "drawn_geoids": ";".join(parts), "drawn_as": drawn_as,
                            "population": definition.population})
        ax.set_xlim(box[0], box[1])
        ax.set_ylim(box[2], box[3])
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        for spine in ax.spines.values():
            spine.set_color(GRID_FRAME)
        ax.set_title(title, fontsize=7.5, pad=3, linespacing=1.1)
    data = pd.DataFrame(records)
    with_alternatives = sorted(data.loc[~data["is_primary"], "jurisdiction"].unique())
    alt = (f"{n} small maps, one per jurisdiction, each showing in dark red the Census area used as the "
           f"denominator and in blue outline the alternatives tested ({len(with_alternatives)} "
           f"jurisdictions have some: {', '.join(with_alternatives)}). Cities without a boundary in the "
           f"offline shapes are shown by the county that holds them. {primary.iloc[0]['jurisdiction']} "
           "has the highest rate.")
    return style.Figure("locator_panels", fig, data, alt)


def all_figures(rates: pd.DataFrame, story: style.Story = style.FLAGSHIP,
                maps: bool = True) -> list[style.Figure]:
    """Every published figure, in the order the story uses them (``maps=False``: charts only)."""
    charts = [ranked_rates_figure(rates, story), count_vs_rate_figure(rates, story)]
    if not maps:
        return charts
    return [national_map_figure(rates, story), *charts, locator_panels_figure(rates, story)]
