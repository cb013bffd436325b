"""Slope chart: each jurisdiction's place in the ranking by arrests against its place by rate."""
from __future__ import annotations

import pandas as pd
from matplotlib.lines import Line2D

from analysis.figures import common, style

# Longer lists show the EACH_END with most arrests and the EACH_END with the highest rates.
MAX_ROWS = 40
EACH_END = 20
NAME_MAX_IN = 2.4
LABEL_OFFSET_PT = 8
KEY_IN = 0.32
KEY = {style.RISES: "ranks higher per resident than by count",
       style.FALLS: "ranks lower per resident than by count",
       style.SAME: "same rank both ways"}


def _color(left: int, right: int) -> str:
    """By the line as drawn: up (higher place per resident), down, or level."""
    if right < left:
        return style.RISES
    return style.FALLS if right > left else style.SAME


def _subtitle(data: pd.DataFrame) -> str:
    moved = data.assign(shift=data["rate_rank"] - data["count_rank"])
    fall = moved.sort_values(["shift", "count_rank", "jurisdiction"], ascending=[False, True, True]).iloc[0]
    rise = moved.sort_values(["shift", "rate_rank", "jurisdiction"]).iloc[0]
    pick = fall if fall["shift"] > 0 else (rise if rise["shift"] < 0 else None)
    if pick is None:
        return "The order by arrests per resident is the same as the order by arrests"
    return (f"{pick['jurisdiction']} is no. {pick['count_rank']} by count but no. {pick['rate_rank']} "
            "per resident")


@style.styled
def count_vs_rate_figure(rates: pd.DataFrame, story: style.Story = style.DEFAULT_STORY) -> style.Figure:
    """Slope chart: each jurisdiction's rank by raw count against its rank by rate."""
    primary = common.primary(rates)
    everyone = primary[["jurisdiction", "geography", "arrests", "rate_per_100k"]].copy()
    everyone["count_rank"] = everyone["arrests"].rank(method="min", ascending=False).astype(int)
    everyone["rate_rank"] = everyone["rate_per_100k"].rank(method="min", ascending=False).astype(int)
    everyone = everyone.sort_values(["count_rank", "jurisdiction"]).reset_index(drop=True)
    data = everyone
    if len(everyone) > MAX_ROWS:
        by_rate = everyone.sort_values(["rate_rank", "jurisdiction"]).head(EACH_END)["jurisdiction"]
        keep = set(everyone.head(EACH_END)["jurisdiction"]) | set(by_rate)
        data = everyone[everyone["jurisdiction"].isin(keep)].reset_index(drop=True)
    # Ties are ordered by the other measure, so a tied place's line moves the way its ranks do.
    left = {j: i for i, j in enumerate(data.sort_values(["count_rank", "rate_rank", "jurisdiction"])["jurisdiction"])}
    right = {j: i for i, j in enumerate(data.sort_values(["rate_rank", "count_rank", "jurisdiction"])["jurisdiction"])}

    names = {j: style.wrap(j, style.LABEL_PT, NAME_MAX_IN) for j in data["jurisdiction"]}
    left_text = {r.jurisdiction: f"{names[r.jurisdiction]}  {common.count(r.arrests)}" for r in data.itertuples()}
    right_text = {r.jurisdiction: f"{common.rate(r.rate_per_100k)}  {names[r.jurisdiction]}"
                  for r in data.itertuples()}
    left_in = max(style.text_size_in(t, style.LABEL_PT)[0] for t in left_text.values()) + 0.45
    right_in = max(style.text_size_in(t, style.LABEL_PT)[0] for t in right_text.values()) + 0.45
    lines = max(name.count("\n") + 1 for name in names.values())
    row_in = max(0.3, lines * style.LABEL_PT * 1.25 / 72 + 0.12)
    colors = [_color(left[j], right[j]) for j in data["jurisdiction"]]
    key = [color for color in KEY if color in colors]

    note = (f"Of {common.count(len(everyone))} jurisdictions, the {EACH_END} with the most arrests and the "
            f"{EACH_END} with the highest rates are drawn, in their order among those drawn; every rank is in the CSV."
            if len(data) < len(everyone) else "")
    note = " ".join(filter(None, [note, common.left_out_note(rates)]))
    canvas = style.new_figure(KEY_IN + row_in * (len(data) + 1.2), "Ranked by arrests, ranked by arrests per resident",
                              _subtitle(everyone), common.source(rates, story), story.credit, note)
    fig = canvas.figure
    ax = fig.add_axes(canvas.body_rect(left_in=left_in, right_in=right_in, top_pad_in=KEY_IN, bottom_pad_in=0.05))
    for row, color in zip(data.itertuples(), colors):
        y0, y1 = left[row.jurisdiction], right[row.jurisdiction]
        ax.plot([0, 1], [y0, y1], color=color, linewidth=1.6, marker="o", markersize=4, clip_on=False)
        ax.annotate(left_text[row.jurisdiction], (0, y0), xytext=(-LABEL_OFFSET_PT, 0), textcoords="offset points",
                    ha="right", va="center", fontsize=style.LABEL_PT)
        ax.annotate(right_text[row.jurisdiction], (1, y1), xytext=(LABEL_OFFSET_PT, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=style.LABEL_PT)
    for x, header in ((0, "Arrests"), (1, "Per 100,000 residents")):
        ax.text(x, -0.85, header, ha="center", va="bottom", fontsize=8.5, fontweight="bold")
    ax.set_xlim(0, 1)
    ax.set_ylim(len(data) - 0.5, -1.2)
    ax.axis("off")
    fig.legend(handles=[Line2D([], [], color=color, linewidth=1.6, marker="o", markersize=4, label=KEY[color])
                        for color in key],
               loc="upper center", bbox_to_anchor=(0.5, 1 - canvas.header_in / canvas.height_in),
               ncol=len(key), frameon=False, fontsize=style.SMALL_PT, borderaxespad=0, borderpad=0.2,
               handlelength=1.8, columnspacing=1.2)

    top = data.sort_values(["rate_rank", "jurisdiction"]).iloc[0]
    alt = (f"Slope chart comparing each jurisdiction's rank by number of arrests with its rank by arrests "
           f"per 100,000 residents. {top['jurisdiction']} has the highest rate "
           f"({common.rate(top['rate_per_100k'])}) and is no. {top['count_rank']} by count. "
           f"{_subtitle(everyone)}.")
    if len(data) < len(everyone):
        alt += f" {len(data)} of {common.count(len(everyone))} jurisdictions are drawn."
    return style.Figure("count_vs_rate", fig, data, alt)
