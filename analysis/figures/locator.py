"""Small multiples: for each jurisdiction, the Census area its population figure covers.

Counties, county sets and states are drawn as their boundaries. A city has no
boundary in the offline files, so it is drawn at its Census internal point,
inside the outline of the county that holds that point (point-in-polygon),
shown for context only. A panel zooms to the main parts of what it shows, so
a county with remote islands does not shrink to a speck; the panel says when
parts are off its edges.
"""
from __future__ import annotations

import math

import pandas as pd
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry import box
from shapely.ops import unary_union

from analysis.figures import common, style
from analysis.figures.labels import Mark, Placer
from analysis.geography.geoids import split_geoids
from analysis.geography.points import place_points
from analysis.geography.shapes import EQUAL_AREA_CRS, counties_holding, load_shapes, main_part_bounds
from analysis.geography.state_names import STATES

MAX_PANELS = 20
COLUMNS = 5
TITLE_PT = 7.5
MAP_LABEL_PT = 6.5
CELL_GAP = 0.08          # share of a cell's width left between panels
MAP_HEIGHT_RATIO = 1.1   # panel map height / width
VIEW_PAD = 0.5           # room around what a panel shows (share of its size)
MIN_HALF_M = 15_000
STATE_LABEL_MIN_SHARE = 0.06  # a state is named when it fills this share of the panel
CITY_MARKER_PT2 = 36
CITY_KEY = "city shown by its Census internal point; county outline for context"
HALO = [patheffects.withStroke(linewidth=2, foreground=style.PAPER)]


def _layers(shapes, definitions: pd.DataFrame) -> list[dict]:
    """What to draw for each definition: polygons, or a city's point and the county holding it."""
    layers = []
    for definition in definitions.itertuples():
        if definition.geo_level == "place":
            points = place_points(definition.geoids, EQUAL_AREA_CRS)
            counties = counties_holding(shapes, points)
            context = shapes.counties[shapes.counties["GEOID"].isin(counties)]
            layers.append({"definition": definition, "kind": "place", "points": points, "polygons": context,
                           "drawn_geoids": ";".join(sorted(set(counties)))})
        else:
            layer = shapes.states if definition.geo_level == "state" else shapes.counties
            parts = split_geoids(definition.geoids)
            layers.append({"definition": definition, "kind": "area", "points": None,
                           "polygons": layer[layer["GEOID"].isin(parts)], "drawn_geoids": ";".join(parts)})
    return layers


def _drawn_as(layer: dict) -> str:
    primary = layer["definition"].is_primary
    if layer["kind"] == "place":
        return (f"{'point' if primary else 'hollow point'} at the Census internal point, in county "
                f"{layer['drawn_geoids']} (outlined for context)")
    return "filled" if primary else "outlined"


def _title(jurisdiction: str, short_label, width_in: float) -> str:
    short_label = common.text_or_empty(short_label)
    text = jurisdiction if short_label in ("", jurisdiction) else f"{jurisdiction}\n{short_label}"
    return style.wrap(text, TITLE_PT, width_in)


def _key(has_alternative_area: bool, has_city: bool, has_alternative_city: bool) -> list:
    handles = [Patch(facecolor=style.ACCENT, edgecolor=style.ACCENT, label="Census area behind the rate")]
    if has_alternative_area:
        handles.append(Patch(facecolor="none", edgecolor=style.ALTERNATIVE, linewidth=1.2,
                             label="alternative reading of the place"))
    if has_city:
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=style.ACCENT,
                              markeredgecolor=style.PAPER, markersize=6, label=CITY_KEY))
    if has_alternative_city:
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=style.PAPER,
                              markeredgecolor=style.ALTERNATIVE, markersize=6, label="alternative: a city's point"))
    return handles


def _label_states(placer: Placer, ax, shapes, view: tuple[float, float, float, float], avoid) -> None:
    """Postal codes of the states that fill a fair share of the panel, inside each state, clear of ``avoid``."""
    frame = box(view[0], view[2], view[1], view[3])
    in_view = shapes.states.cx[view[0]:view[1], view[2]:view[3]]
    for row in in_view.itertuples():
        part = row.geometry.intersection(frame)
        if part.is_empty or part.area < STATE_LABEL_MIN_SHARE * frame.area:
            continue
        code = STATES.get(row.GEOID, (row.NAME, row.STUSPS, None))[1]
        placer.place_inside(ax, code, part, MAP_LABEL_PT, color=style.MUTED, avoid=avoid, path_effects=HALO)


@style.styled
def locator_panels_figure(rates: pd.DataFrame, story: style.Story = style.DEFAULT_STORY) -> style.Figure:
    """Small multiples: for each jurisdiction, the Census area its denominator covers."""
    shapes = load_shapes()
    primary = common.primary(rates)
    shown = primary.head(MAX_PANELS)
    n = len(shown)
    columns = min(COLUMNS, n)
    rows = math.ceil(n / columns)
    body_w = style.WIDTH_IN - 0.2
    cell_w = body_w / COLUMNS
    map_w = cell_w * (1 - CELL_GAP)
    map_h = map_w * MAP_HEIGHT_RATIO
    title_w = map_w + cell_w * CELL_GAP * 0.8
    titles = [_title(j, s, title_w) for j, s in zip(shown["jurisdiction"], shown["short_label"])]
    # Each row of panels is as tall as its map plus its tallest title.
    row_h = [map_h + max(style.text_size_in(t, TITLE_PT)[1] for t in titles[r * columns:(r + 1) * columns]) + 0.22
             for r in range(rows)]

    panels = [(j, _layers(shapes, rates[rates["jurisdiction"] == j])) for j in shown["jurisdiction"]]
    all_layers = [layer for _, layers in panels for layer in layers]
    has_alternatives = any(not layer["definition"].is_primary for layer in all_layers)
    has_city = any(layer["kind"] == "place" and layer["definition"].is_primary for layer in all_layers)
    has_alternative_city = any(layer["kind"] == "place" and not layer["definition"].is_primary
                               for layer in all_layers)
    has_alternative_area = any(layer["kind"] == "area" and not layer["definition"].is_primary
                               for layer in all_layers)
    key = _key(has_alternative_area, has_city, has_alternative_city)
    key_columns = 2 if len(key) > 1 else 1
    key_h = 0.2 * math.ceil(len(key) / key_columns) + 0.12

    subtitle = "Red: the Census area behind each rate" + (
        "; blue: the alternatives tested" if has_alternatives else "") + (
        "; a city is drawn at its Census internal point" if has_city or has_alternative_city else "")
    note = (f"Only the {MAX_PANELS} highest of {common.count(len(primary))} rates are drawn."
            if len(primary) > n else "")
    note = " ".join(filter(None, [note, common.left_out_note(rates)]))
    canvas = style.new_figure(
        key_h + sum(row_h), "What each place means in the population figures", subtitle,
        common.source(rates, story, common.BOUNDARIES,
                      common.CITY_POINTS if has_city or has_alternative_city else ""),
        story.credit, note)
    fig = canvas.figure
    placer = Placer(fig)
    offset = 0.1 + (body_w - columns * cell_w) / 2
    records, with_remote = [], []
    for i, (jurisdiction, layers) in enumerate(panels):
        column, line = i % columns, i // columns
        bottom = sum(row_h[line + 1:]) + 0.14
        ax = fig.add_axes(canvas.rect(offset + column * cell_w + cell_w * CELL_GAP / 2, bottom, map_w, map_h))
        geometry = unary_union([g for layer in layers for g in layer["polygons"].geometry] +
                               [g for layer in layers if layer["points"] is not None
                                for g in layer["points"].geometry])
        bounds, remote = main_part_bounds(geometry)
        view = common.fit_view(bounds, map_w, map_h, pad=VIEW_PAD, min_half_m=MIN_HALF_M)
        shapes.counties.cx[view[0]:view[1], view[2]:view[3]].plot(
            ax=ax, color=style.LAND, edgecolor=style.LAND_EDGE, linewidth=0.2)
        shapes.states.cx[view[0]:view[1], view[2]:view[3]].boundary.plot(ax=ax, color=style.MUTED, linewidth=0.4)
        for layer in sorted(layers, key=lambda item: item["definition"].is_primary):  # the primary on top
            definition, polygons = layer["definition"], layer["polygons"]
            if layer["kind"] == "place":
                polygons.boundary.plot(ax=ax, color=style.CONTEXT, linewidth=0.6, linestyle=(0, (2, 1)))
                spots = layer["points"].geometry
                face, edge = (style.ACCENT, style.PAPER) if definition.is_primary else (style.PAPER, style.ALTERNATIVE)
                ax.scatter(spots.x, spots.y, s=CITY_MARKER_PT2, facecolor=face, edgecolor=edge, linewidth=1.0,
                           zorder=4, clip_on=False)
                placer.block_circles(ax, spots.x, spots.y, [math.sqrt(CITY_MARKER_PT2) / 2 + 1] * len(spots))
            elif definition.is_primary:
                polygons.plot(ax=ax, facecolor=style.ACCENT, edgecolor=style.ACCENT, linewidth=0.6)
            else:
                polygons.boundary.plot(ax=ax, color=style.ALTERNATIVE, linewidth=0.9)
        records += [{"jurisdiction": layer["definition"].jurisdiction, "definition": layer["definition"].definition,
                     "is_primary": layer["definition"].is_primary, "geography": layer["definition"].geography,
                     "geo_level": layer["definition"].geo_level, "geoids": layer["definition"].geoids,
                     "drawn_geoids": layer["drawn_geoids"], "drawn_as": _drawn_as(layer),
                     "population": layer["definition"].population} for layer in layers]
        ax.set_xlim(view[0], view[1])
        ax.set_ylim(view[2], view[3])
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        for spine in ax.spines.values():
            spine.set_color(style.PANEL_FRAME)
        ax.set_title(titles[i], fontsize=TITLE_PT, pad=3, linespacing=1.1)
        if remote is not None and not box(view[0], view[2], view[1], view[3]).contains(remote):
            with_remote.append(jurisdiction)
            placer.block_text(ax.text(0.03, 0.03, "remote parts off the map", transform=ax.transAxes,
                                      fontsize=MAP_LABEL_PT - 0.5, color=style.MUTED, path_effects=HALO))
        for layer in layers:
            if layer["kind"] == "place":
                for name, spot in zip(layer["points"]["NAME"], layer["points"].geometry):
                    placer.place(Mark(ax, spot.x, spot.y, math.sqrt(CITY_MARKER_PT2) / 2 + 1, name),
                                 MAP_LABEL_PT, path_effects=HALO)
        filled = [g for layer in layers if layer["definition"].is_primary and layer["kind"] == "area"
                  for g in layer["polygons"].geometry]
        _label_states(placer, ax, shapes, view, unary_union(filled) if filled else None)

    fig.legend(handles=key, loc="upper left", ncol=key_columns, frameon=False, fontsize=style.SMALL_PT,
               bbox_to_anchor=(0.1 / style.WIDTH_IN, 1 - canvas.header_in / canvas.height_in),
               borderaxespad=0, borderpad=0.2, handlelength=1.6, columnspacing=1.5)

    data = pd.DataFrame(records)
    with_alternatives = sorted(data.loc[~data["is_primary"], "jurisdiction"].unique())
    alt = (f"{n} small map{'s' if n != 1 else ''}, one per jurisdiction, each showing in dark red the Census "
           "area used as the denominator")
    if with_alternatives:
        alt += (f" and in blue the alternatives tested ({len(with_alternatives)} "
                f"{'jurisdiction has' if len(with_alternatives) == 1 else 'jurisdictions have'} some: "
                f"{style.join_names(with_alternatives)})")
    alt += "."
    if has_city or has_alternative_city:
        alt += " Cities are drawn at their Census internal point, inside the outline of the county that holds each."
    if with_remote:
        alt += f" Remote parts are off the map for {style.join_names(with_remote)}."
    alt += f" {primary.iloc[0]['jurisdiction']} has the highest rate."
    if len(primary) > n:
        alt += f" Only the {n} highest of {common.count(len(primary))} rates are drawn."
    return style.Figure("locator_panels", fig, data, alt)
