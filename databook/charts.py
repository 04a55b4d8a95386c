"""Static chart shapes that several notebooks draw (matplotlib, in the house style of databook.style).

Each function draws on an axes the notebook made (`style.figure(...)`) and takes what it shows as
parameters: values, how to write them (`value_text`, e.g. `run.number`, in the run's language), labels
(the notebook's words, from its .meta.yml) and colours (the notebook's choice).

    charts.value_bars(ax, [0, 1], [120000, 58000], [red, blue], value_text=run.number, width=0.6, pad=2500)
    charts.grouped_bars(ax, ["hoog", "midden"], {"vacatures": [...], "werkzoekenden": [...]}, [red, blue], ...)
    charts.split_bar(top, [1000, 200, 44], colours, labels, total=1244, title="...")
    charts.ranked_barh(ax, names, budgets, colours, groups, value_text=run.number, missing_text="geen bedrag", ...)
    charts.end_labelled_lines(ax, years, [demand, supply], colours, end_labels, shade=True)
"""
from __future__ import annotations

import pandas as pd

from . import style


def value_bars(ax, positions, values, colours, *, value_text, width: float, pad: float, fontsize: float = 8.8,
               labels=None, **bar_style) -> None:
    """Vertical bars, one per position, each with its value's text (`value_text(value)`) just above it
    (`pad` in data units); no vertical grid lines. `colours`: one colour, or one per bar. `labels`: the
    bars' names under the axis, if given."""
    positions, values = list(positions), list(values)
    colours = [colours] * len(values) if isinstance(colours, str) else list(colours)
    for x, value, colour in zip(positions, values, colours):
        ax.bar(x, value, width=width, color=colour, **bar_style)
    for x, value in zip(positions, values):
        ax.text(x, value + pad, value_text(value), ha="center", va="bottom", fontsize=fontsize)
    if labels is not None:
        ax.set_xticks(positions, labels)
    ax.grid(axis="x", visible=False)


def grouped_bars(ax, groups, series: dict, colours, *, value_text, width: float, pad: float,
                 legend_loc: str = "upper right", fontsize: float = 8.8) -> None:
    """Bars side by side per group (`groups`: their names under the axis), one per series (`series`:
    {name: [one value per group]}, in `colours`), each with its value above it, and a legend of the series."""
    from matplotlib.patches import Patch

    n = len(series)
    bars = [(i + (k - (n - 1) / 2) * width, values[i], colour)
            for i in range(len(groups)) for k, (values, colour) in enumerate(zip(series.values(), colours))]
    value_bars(ax, *zip(*bars), value_text=value_text, width=width * 0.95, pad=pad, fontsize=fontsize)
    ax.set_xticks(range(len(groups)), groups)
    ax.legend(handles=[Patch(color=c, label=name) for name, c in zip(series, colours)], loc=legend_loc, fontsize=8.5)


def split_bar(ax, values, colours, labels, *, total: float, title: str, inside: int = 1,
              line_colours=None, fontsize: float = 8.5) -> None:
    """One horizontal bar split into its parts, left to right, on an axes of its own (no axis lines):
    the first `inside` parts labelled inside the bar, the others below it, right-aligned at `total`,
    each with an elbow line to the middle of its part (in `line_colours`, else the part's colour)."""
    line_colours = list(line_colours or colours)
    left = 0.0
    for value, colour in zip(values, colours):
        ax.barh([0], [value], left=left, color=colour, height=0.55, edgecolor="white", linewidth=0.8)
        left += value
    starts = [sum(values[:i]) for i in range(len(values))]
    for value, start, colour, label in list(zip(values, starts, colours, labels))[:inside]:
        ax.text(start + value / 2, 0, label, ha="center", va="center", color=style.ink_on(colour),
                fontsize=fontsize, fontweight="bold")
    below = list(zip(values, starts, line_colours, labels))[inside:]
    for i, (value, start, colour, label) in enumerate(below):
        ax.annotate(label, xy=(start + value / 2, -0.28), xytext=(total, round(-0.8 - 0.5 * i, 6)), ha="right",
                    va="center", fontsize=fontsize, color=style.ink(colour), annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.8, "shrinkA": 2, "shrinkB": 0,
                                "connectionstyle": "angle,angleA=0,angleB=90,rad=0"})
    ax.set(xlim=(0, total), ylim=(round(-0.45 - 0.5 * len(below), 6), 0.4))
    ax.set_axis_off()
    ax.set_title(title, fontsize=9.5, loc="left", pad=6)


def ranked_barh(ax, labels, values, colours, groups, *, value_text, missing_text: str, legend_order,
                xlim, xlabel: str, formatter, title: str, gap: float = 6, fontsize: float = 8.5) -> None:
    """Horizontal bars from the top down in the order given, each with its value's text after it
    (`value_text(value)`); a missing value (None, NaN, NA) gets `missing_text` in italics instead of a bar.
    `groups`: each bar's legend entry; the legend lists the groups of `legend_order` that have a bar."""
    values = list(values)
    y = list(range(len(values)))[::-1]
    for yi, value, colour, group in zip(y, values, colours, groups):
        if pd.isna(value):
            ax.text(4, yi, missing_text, va="center", ha="left", fontsize=fontsize, color=style.MUTED,
                    fontstyle="italic")
            continue
        ax.barh([yi], [value], color=colour, height=0.65, label=group)
        ax.text(value + gap, yi, value_text(value), va="center", ha="left", fontsize=fontsize)
    ax.set_yticks(y, labels)
    ax.set(xlim=xlim, ylim=(-0.7, len(values) - 0.4), xlabel=xlabel)
    ax.xaxis.set_major_formatter(formatter)
    ax.grid(axis="y", visible=False)
    handles = dict(zip(*ax.get_legend_handles_labels()[::-1]))
    shown = [g for g in legend_order if g in handles]
    ax.legend([handles[g] for g in shown], shown, loc="center right", fontsize=8, handlelength=1.2,
              borderaxespad=0.2)
    ax.set_title(title, fontsize=9.5, loc="left")


def end_labelled_lines(ax, x, lines, colours, labels, *, shade: bool = False, linewidth: float = 2.2,
                       label_dx: float = 0.4, fontsize: float = 8.5) -> None:
    """Lines over the same `x`, each with a text at its right end (`labels`); with `shade`, the area
    between the first two lines filled lightly in the first line's colour."""
    x = list(x)
    if shade:
        ax.fill_between(x, list(lines[1]), list(lines[0]), color=colours[0], alpha=0.10, linewidth=0)
    for y, colour, label in zip(lines, colours, labels):
        y = list(y)
        ax.plot(x, y, color=colour, linewidth=linewidth)
        ax.text(x[-1] + label_dx, y[-1], label, va="center", ha="left", fontsize=fontsize,
                color=style.ink(colour))
    ax.spines["bottom"].set_bounds(x[0], x[-1])
    ax.grid(axis="x", visible=False)
