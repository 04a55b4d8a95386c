"""Static chart shapes that several notebooks draw (matplotlib, in the house style of databook.style).

Each function draws on an axes the notebook made (`style.figure(...)`) and takes what it shows as
parameters: values, how to write them (`value_text`, e.g. `run.number`, in the run's language), labels
(the notebook's words, from its .meta.yml) and colours (the notebook's choice).

    charts.value_bars(ax, [0, 1], [120000, 58000], [red, blue], value_text=run.number, width=0.6, pad=2500)
    charts.grouped_bars(ax, ["hoog", "midden"], {"vacatures": [...], "werkzoekenden": [...]}, [red, blue], ...)
    charts.split_bar(top, [1000, 200, 44], colours, labels, total=1244, title="...")
    charts.ranked_barh(ax, names, budgets, colours, groups, value_text=run.number, missing_text="geen bedrag", ...)
    charts.end_labelled_lines(ax, years, [demand, supply], colours, end_labels, shade=True)
    fig, ax = charts.ranked_bars(labels, values, colours, value_text=..., rules=[charts.mean_rule(eu27, "EU-27")])
    charts.dots_against_reference(ax, labels, values, references, ranks, ...)   # a score beside a reference
    charts.trend_against_reference(ax, years, values, references, ...)          # two lines, named at their end
    fig, ax = charts.contribution_bars(labels, [part_a, part_b], totals, ...)    # stacked contributions, shares
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

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


OTHER = "#BDBDBD"  # bars that are context, not highlighted
LEGEND = {"fontsize": 8, "handlelength": 1.5, "columnspacing": 1.0, "borderaxespad": 0.1}  # a legend above a chart


@dataclass(frozen=True)
class Rule:
    """A vertical reference line at `x` (colour, dash pattern, width) and its legend key `label`;
    `key_dash`, `key_width`: the key's own dash and width, when they differ from the line's (None:
    the line's dash, matplotlib's default width)."""
    x: float
    colour: str
    dash: tuple
    width: float
    label: str
    key_dash: tuple | None = None
    key_width: float | None = None

    def key(self) -> Line2D:
        return Line2D([], [], color=self.colour, linestyle=self.key_dash or self.dash, linewidth=self.key_width,
                      label=self.label)


def mean_rule(x: float, label: str) -> Rule:
    """The house look of an average's reference line (dark, dashed)."""
    return Rule(x, style.TEXT, (0, (4, 2)), 1.1, label)


def target_rule(x: float, label: str) -> Rule:
    """The house look of a target's reference line (green, dotted)."""
    return Rule(x, style.PALETTE["green"], (0, (1, 1.5)), 1.6, label, key_dash=(0, (1, 1)), key_width=1.6)


def legend_above(ax, handles: list, **options) -> None:
    """A legend in one row just above the plot, starting at its left edge (`options`: matplotlib's)."""
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(handles), **options)


def ranked_bars(labels, values, colours, *, value_text, rules: list[Rule] = (), keys: list[tuple] = (),
                title: str = "", x_format=None, height: float = 3.6, headroom: float = 8, bar_height: float = 0.72,
                label_size: float = 8.5, value_size: float = 7.8, title_pad: float = 30, bottom: float | None = None,
                legend: dict | None = None):
    """Horizontal bars, the first row at the bottom, each with its value (`value_text(v)`) beside it.

    `colours`: one per row; None draws the row as context (grey), a colour highlights it (bar, bold
    label in that colour made readable, bold value). `rules`: vertical reference lines. `keys`:
    (colour, label) legend entries of the highlights, before the rules' keys, in a legend above the
    plot (`legend`: its matplotlib options, instead of LEGEND). The x axis runs from 0 to `headroom` beyond the largest
    value or rule; `x_format`: its tick formatter."""
    labels, values = list(labels), [float(v) for v in values]
    fig, ax = style.figure(height=height)
    y = range(len(values))
    ax.barh(list(y), values, color=[c or OTHER for c in colours], height=bar_height)
    ax.set_yticks(list(y), labels, fontsize=label_size)
    for tick, colour in zip(ax.get_yticklabels(), colours):
        if colour:
            tick.set_fontweight("bold")
            tick.set_color(style.ink(colour))
    for yi, v, colour in zip(y, values, colours):
        ax.text(v + 0.5, yi, value_text(v), va="center", fontsize=value_size, zorder=4, color=style.TEXT,
                fontweight="bold" if colour else "normal", bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
    for rule in rules:
        ax.axvline(rule.x, color=rule.colour, linestyle=rule.dash, linewidth=rule.width, zorder=3)
    ax.set_xlim(0, max([r.x for r in rules] + values) + headroom)
    ax.set_ylim(-0.7, len(values) - 0.3)
    if x_format is not None:
        ax.xaxis.set_major_formatter(x_format)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    ax.set_title(title, pad=title_pad)
    handles = [Patch(color=c, label=label) for c, label in keys] + [r.key() for r in rules]
    if handles:
        legend_above(ax, handles, **(LEGEND if legend is None else legend))
    if bottom is not None:
        fig.subplots_adjust(bottom=bottom)
    return fig, ax


def dots_against_reference(ax, labels, values, references, ranks, *, strong, colour: str, reference_colour: str,
                           rank_x: float, rank_header: str, ticks, xlabel: str, title: str, keys: tuple[str, str],
                           indent: str = "    ", size: float = 8.5, title_size: float = 10, title_pad: float = 34,
                           legend: dict | None = None) -> None:
    """On `ax`, one row per label (the first at the top): a filled dot at `values`, an open one at
    `references`, joined by a grey line, and the row's rank in a column at `rank_x` (`rank_header`
    above it). Rows not `strong` (a bool per row) are indented with plain label and rank, the others
    bold. `ticks`: the score axis' ticks (it runs to the rank column); `keys`: the legend's labels of
    the dots and the references."""
    y = list(range(len(labels)))[::-1]
    for yi, v, ref, rank, bold in zip(y, values, references, ranks, strong):
        ax.plot([v, ref], [yi, yi], color=OTHER, linewidth=2, zorder=1)
        ax.scatter(ref, yi, s=42, facecolor="white", edgecolor=reference_colour, linewidth=1.4, zorder=2)
        ax.scatter(v, yi, s=48, color=colour, zorder=3)
        ax.text(rank_x, yi, f"{int(rank)}", ha="right", va="center", fontsize=size,
                fontweight="bold" if bold else "normal")
    ax.set_yticks(y, [("" if bold else indent) + label for label, bold in zip(labels, strong)], fontsize=size)
    for tick, bold in zip(ax.get_yticklabels(), strong):
        if bold:
            tick.set_fontweight("bold")
    ax.text(rank_x, len(labels) - 0.5, rank_header, ha="right", va="bottom", fontsize=8, color=style.MUTED)
    ticks = list(ticks)
    ax.set_xlim(ticks[0], rank_x + 0.5)
    ax.set_xticks(ticks)
    ax.spines["bottom"].set_bounds(ticks[0], ticks[-1])
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel, fontsize=size)
    ax.set_title(title, fontsize=title_size, pad=title_pad)
    legend_above(ax, [Line2D([], [], marker="o", linestyle="", color=colour, label=keys[0]),
                      Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                             markeredgecolor=reference_colour, label=keys[1])],
                 **({"fontsize": 8, "borderaxespad": 0.1, "handletextpad": 0.3} if legend is None else legend))


def trend_against_reference(ax, x, values, references, *, names: tuple[str, str], colour: str,
                            reference_colour: str, value_text, y_step: float, y_format, ylabel: str, title: str,
                            size: float = 8.5, title_size: float = 10) -> None:
    """On `ax`, a series over `x` (solid, `colour`) and its reference (dashed, open dots), each named
    with its last value at its end (`value_text(v)`); y ticks every `y_step`, written by `y_format`."""
    from matplotlib.ticker import MultipleLocator

    x, values, references = list(x), list(values), list(references)
    ax.plot(x, values, color=colour, linewidth=2.2, marker="o", markersize=4)
    ax.plot(x, references, color=reference_colour, linewidth=1.6, linestyle=(0, (4, 2)), marker="o", markersize=4,
            markerfacecolor="white")
    for last, name, c in ((values[-1], names[0], colour), (references[-1], names[1], reference_colour)):
        ax.text(x[-1] + 0.2, last, f"{name} {value_text(last)}", color=c, va="center", fontsize=size)
    ax.set_xlim(min(x) - 0.3, max(x) + 1.6)
    ax.spines["bottom"].set_bounds(min(x), max(x))
    ax.set_xticks([int(v) for v in x])
    ax.yaxis.set_major_locator(MultipleLocator(y_step))
    ax.yaxis.set_major_formatter(y_format)
    ax.set_ylabel(ylabel, fontsize=size)
    ax.grid(axis="x", visible=False)
    ax.set_title(title, fontsize=title_size)


def contribution_bars(labels, parts, totals, *, colours, text_colours, value_text, share_text, share_label: str,
                      keys, y_label: str, title: str, y_format, hatched=None, hatched_label: str = "",
                      note: str | None = None, height: float = 3.9, legend: dict | None = None):
    """Stacked bars of the contributions `parts` (one list per part, stacked from 0 up, or down when
    negative) with each bar's total above it; a part's value is written inside its segment when it is
    at least 0.25 (in `text_colours`). Under the x labels, the first part's share of each total
    (`share_text(%)`, after `share_label`). `hatched`: a bool per bar (hatched, with `hatched_label`
    under its x label); `note`: a text right of the bars (room is made for it). `keys`: the legend's
    (colour, label) entries. Returns (fig, ax)."""
    hatched = list(hatched) if hatched is not None else [False] * len(labels)
    two_lines = any(hatched)
    fig, ax = style.figure(height=height)
    row = -0.2 if two_lines else -0.13  # the shares: below the tick labels
    for xi, total in enumerate(totals):
        pos, neg = 0.0, 0.0
        for values, colour, ink in zip(parts, colours, text_colours):
            value = values[xi]
            bottom = pos if value >= 0 else neg
            ax.bar(xi, value, bottom=bottom, width=0.62, color=colour, hatch="///" if hatched[xi] else None,
                   edgecolor="white" if hatched[xi] else colour, linewidth=0.6)
            if abs(value) >= 0.25:
                ax.text(xi, bottom + value / 2, value_text(value), ha="center", va="center", fontsize=8.5, color=ink)
            pos, neg = (pos + value, neg) if value >= 0 else (pos, neg + value)
        ax.text(xi, max(pos, total) + 0.08, value_text(total), ha="center", va="bottom", fontsize=9,
                fontweight="bold", color=style.TEXT)
    ax.axhline(0, color=style.MUTED, linewidth=0.8)
    ax.set_xticks(range(len(labels)), [label + ("\n" + hatched_label if h else "") for label, h in zip(labels, hatched)],
                  fontsize=8.8)
    ax.set_xlim(-0.6, len(labels) - 0.4 + (1.0 if note else 0))
    on_axis = ax.get_xaxis_transform()
    ax.text(-0.6, row, share_label, transform=on_axis, ha="left", va="top", fontsize=8.5, color=style.MUTED)
    for xi, (first, total) in enumerate(zip(parts[0], totals)):
        ax.text(xi, row - 0.065, share_text(100 * first / total), transform=on_axis, ha="center", va="top",
                fontsize=8.8, color=style.TEXT)
    ax.yaxis.set_major_formatter(y_format)
    top = max(totals) + 0.6
    ax.set_ylim(min(0, min(min(p) for p in parts) - 0.3), top)
    ax.set_ylabel(y_label)
    ax.grid(axis="x", visible=False)
    ax.set_title(title, pad=26)
    legend_above(ax, [Patch(color=c, label=label) for c, label in keys],
                 **({"fontsize": 8.5, "handlelength": 1.2, "borderaxespad": 0.2} if legend is None else legend))
    if note:
        ax.text(len(labels) - 0.05, top / 2, note, ha="left", va="center", fontsize=8, color=style.MUTED,
                style="italic")
    fig.subplots_adjust(bottom=0.27 if two_lines else 0.2)
    return fig, ax
