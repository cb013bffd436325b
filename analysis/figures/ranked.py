"""Ranked dot chart: each jurisdiction's rate, with the range its alternative geographies give."""
from __future__ import annotations

import math

import pandas as pd
from matplotlib.lines import Line2D

from analysis.figures import common, style

# Longer lists show their top and bottom (``EACH_END`` rows each), with a note.
MAX_ROWS = 40
EACH_END = 20
ROW_LABEL_MAX_IN = 2.6
VALUE_OFFSET_PT = 6
ALT_OFFSET_PT = 10
KEY_IN = 0.3
TICK_PAD_PT = 16


def _rows(primary: pd.DataFrame) -> tuple[list[str], int]:
    """Jurisdictions to draw, in order, and how many are left out between the two ends."""
    order = list(primary["jurisdiction"])
    if len(order) <= MAX_ROWS:
        return order, 0
    return order[:EACH_END] + order[-EACH_END:], len(order) - 2 * EACH_END


def _row_label(jurisdiction: str, short_label) -> str:
    short_label = common.text_or_empty(short_label)
    text = jurisdiction if short_label in ("", jurisdiction) else f"{jurisdiction}\n{short_label}"
    return style.wrap(text, style.LABEL_PT, ROW_LABEL_MAX_IN)


def _alternatives_text(others: pd.DataFrame) -> str:
    return " · ".join(f"{common.text_or_empty(label) or 'alternative'} {common.rate(value)}"
                      for label, value in zip(others["short_label"], others["rate_per_100k"]))


def _x_limit(top: float, spans: list[tuple[float, float, float]], width_in: float, right_room_in: float) -> float:
    """The smallest round axis maximum above ``top`` that leaves room for every row's text of alternatives.

    ``spans`` holds (low, high, text width in inches) per row with alternatives;
    a text goes right of its bar, or left of it when the right has no room.
    """
    top = max(top, 0.1)
    step = 10 ** math.floor(math.log10(top)) / 2
    limit = math.ceil((top * 1.05) / step) * step
    gap = ALT_OFFSET_PT / 72
    for _ in range(60):
        fits = all(high / limit * width_in + gap + w <= width_in + right_room_in or
                   low / limit * width_in - gap - w >= 0.05 for low, high, w in spans)
        if fits:
            return limit
        limit += step
    return limit


@style.styled
def ranked_rates_figure(rates: pd.DataFrame, story: style.Story = style.DEFAULT_STORY) -> style.Figure:
    """Primary rates ranked, with the range the alternative geographies give."""
    primary = common.primary(rates)
    order, left_out = _rows(primary)
    position = {j: i if i < EACH_END or not left_out else i + 1 for i, j in enumerate(order)}
    drawn = rates[rates["jurisdiction"].isin(order)].dropna(subset=["rate_per_100k"]).copy()
    drawn["position"] = drawn["jurisdiction"].map(position)
    drawn = drawn.sort_values(["position", "is_primary", "rate_per_100k"], ascending=[True, False, True])
    has_alternatives = bool((~drawn["is_primary"]).any())

    shown = primary.set_index("jurisdiction").loc[order].reset_index()
    labels = [_row_label(j, s) for j, s in zip(shown["jurisdiction"], shown["short_label"])]
    label_width = max(style.text_size_in(label, style.LABEL_PT)[0] for label in labels)
    lines = max(label.count("\n") + 1 for label in labels)
    row_in = max(0.34, lines * style.LABEL_PT * 1.25 / 72 + 0.2)
    n_rows = len(order) + (1 if left_out else 0)
    # Tick labels stand clear of the axis by half a value label, so "0.0" at zero does not touch them.
    left_in, right_in = label_width + TICK_PAD_PT / 72 + 0.15, 0.3

    top = primary.iloc[0]
    note = (f"Only the {EACH_END} highest and {EACH_END} lowest of {common.count(len(primary))} rates are drawn; "
            "every rate is in rates.csv." if left_out else "")
    note = " ".join(filter(None, [note, common.left_out_note(rates)]))
    canvas = style.new_figure(
        (KEY_IN if has_alternatives else 0.1) + row_in * (n_rows + 0.4) + 0.55,
        common.title_with_when(f"Arrests per 100,000 residents, {story.operation}", story),
        f"{top['jurisdiction']} had the highest rate ({common.rate(top['rate_per_100k'])})" + (
            "; bars span the rates that other readings of each place's boundaries give" if has_alternatives
            else ""),
        common.source(rates, story), story.credit, note)
    fig = canvas.figure
    axes_width = style.WIDTH_IN - left_in - right_in
    spans = []
    for _, group in drawn.groupby("position"):
        others = group[~group["is_primary"]]
        if len(others):
            spans.append((group["rate_per_100k"].min(), group["rate_per_100k"].max(),
                          style.text_size_in(_alternatives_text(others), style.SMALL_PT)[0]))
    x_max = _x_limit(drawn["rate_per_100k"].max(), spans, axes_width, right_in - style.MARGIN_IN)
    ax = fig.add_axes(canvas.body_rect(left_in=left_in, right_in=right_in,
                                       top_pad_in=KEY_IN if has_alternatives else 0.1, bottom_pad_in=0.55))

    for position_, group in drawn.groupby("position"):
        low, high = group["rate_per_100k"].min(), group["rate_per_100k"].max()
        ax.plot([low, high], [position_, position_], color=style.GRID, linewidth=5, solid_capstyle="round",
                zorder=1)
        chosen = group[group["is_primary"]].iloc[0]
        ax.scatter(chosen["rate_per_100k"], position_, s=60, color=style.ACCENT, zorder=3, clip_on=False)
        ax.annotate(common.rate(chosen["rate_per_100k"]), (chosen["rate_per_100k"], position_),
                    xytext=(0, VALUE_OFFSET_PT), textcoords="offset points", ha="center", va="bottom",
                    fontsize=style.LABEL_PT, fontweight="bold", color=style.ACCENT)
        others = group[~group["is_primary"]]
        if len(others):
            ax.scatter(others["rate_per_100k"], [position_] * len(others), s=42, facecolor=style.PAPER,
                       edgecolor=style.ALTERNATIVE, linewidth=1.4, zorder=2, clip_on=False)
            text = _alternatives_text(others)
            width = style.text_size_in(text, style.SMALL_PT)[0]
            on_right = high / x_max * axes_width + ALT_OFFSET_PT / 72 + width <= \
                axes_width + right_in - style.MARGIN_IN
            ax.annotate(text, (high if on_right else low, position_),
                        xytext=(ALT_OFFSET_PT if on_right else -ALT_OFFSET_PT, 0), textcoords="offset points",
                        ha="left" if on_right else "right", va="center", fontsize=style.SMALL_PT,
                        color=style.ALTERNATIVE)
    ticks = [position[j] for j in order]
    ax.set_yticks(ticks, labels, fontsize=style.LABEL_PT)
    if left_out:
        ax.text(0.5, EACH_END, f"… {common.count(left_out)} more, ranked {EACH_END + 1} to "
                f"{common.count(len(primary) - EACH_END)} …", transform=ax.get_yaxis_transform(), ha="center",
                va="center",
                fontsize=style.SMALL_PT, color=style.MUTED)
    ax.set_ylim(n_rows - 0.5, -0.9)
    ax.set_xlim(0, x_max)
    ax.set_xlabel("Arrests per 100,000 residents")
    ax.grid(axis="x", color=style.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, pad=TICK_PAD_PT)
    if has_alternatives:
        fig.legend(handles=[
            Line2D([], [], marker="o", linestyle="", color=style.ACCENT, label="primary geography"),
            Line2D([], [], marker="o", linestyle="", markerfacecolor=style.PAPER,
                   markeredgecolor=style.ALTERNATIVE, label="alternative geography")],
            loc="upper right",
            bbox_to_anchor=(1 - right_in / style.WIDTH_IN, 1 - canvas.header_in / canvas.height_in),
            ncol=2, frameon=False, fontsize=style.SMALL_PT, borderaxespad=0, borderpad=0.2)

    data = drawn[["jurisdiction", "definition", "is_primary", "geography", "short_label", "geoids",
                  "arrests", "population", "rate_per_100k"]].reset_index(drop=True)
    alternatives = data[~data["is_primary"]]
    spread = drawn[drawn["rate_per_100k"] > 0].groupby("jurisdiction")["rate_per_100k"]
    widest = (spread.max() / spread.min()).sort_values(ascending=False)
    alt = (f"Ranked dot chart of arrests per 100,000 residents in {story.operation}. "
           f"{top['jurisdiction']} has the highest rate, {common.rate(top['rate_per_100k'])}")
    if len(primary) > 1:
        lowest = primary.iloc[-1]
        alt += f", and {lowest['jurisdiction']} the lowest, {common.rate(lowest['rate_per_100k'])}"
    alt += "."
    if left_out:
        alt += f" Only the {EACH_END} highest and {EACH_END} lowest of {common.count(len(primary))} rates are drawn."
    if len(alternatives) and len(widest) and widest.iloc[0] > 1:
        alt += (f" {len(alternatives)} alternative geography definitions are shown as hollow dots; the choice "
                f"matters most for {widest.index[0]}, where the rate varies {widest.iloc[0]:.1f}-fold "
                "between definitions.")
    return style.Figure("rates_ranked", fig, data, alt)
