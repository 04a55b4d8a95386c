"""Interactive web versions of the book's figures: Vega-Lite specifications built with Altair.

A notebook builds its chart from the SAME data frame it plots and writes as CSV, and hands it to
Run.figure(..., interactive=chart). This module checks that, applies the house style (Dutch number
format, readable text at phone width, width of the page column) and writes the HTML block that the
figure's MyST snippet carries. On the web page a script (databook/sphinx_charts.py ships it) puts
the chart in place of the static image; print, the PDF and a browser without JavaScript keep the
static figure.

    import altair as alt
    from databook import interactive as ia
    chart = ia.chart(plotted).mark_bar().encode(x=..., y=..., tooltip=ia.tooltip(...))
    run.figure(fig, slug, ..., data=plotted, interactive=chart)
"""
from __future__ import annotations

import html
import json
import math

import pandas as pd
from babel import numbers as babel_numbers

from . import language as lang
from . import style

MIN_FONT_PX = 11  # smallest text in a chart (CSS px); the issue asks for at least about 9
PHONE_HEIGHT = 320  # a chart's default plot height (px)


def format_locale(language: str = lang.ORIGINAL) -> dict:
    """d3-format locale of a language of the book (Dutch: 1.332,6; English: 1,332.6), from babel like
    the rest of the book."""
    return {
        "decimal": babel_numbers.get_decimal_symbol(lang.locale(language)),
        "thousands": babel_numbers.get_group_symbol(lang.locale(language)),
        "grouping": [3],
        "currency": ["€\u00a0", ""],
    }


def wrap_expr(chars: int, field: str = "datum.label") -> str:
    """A Vega expression that breaks a label into lines of at most about `chars` characters."""
    return (f"split(trim(replace({field}, /(.{{1,{chars}}})(\\s|$)/g, '$1\\n')), '\\n')")


def config() -> dict:
    """The house style as a Vega-Lite config: the book's font, colours and text sizes."""
    font = "DejaVu Sans, Verdana, sans-serif"
    return {
        "font": font,
        "background": "#FFFFFF",
        "view": {"stroke": None},
        "range": {"category": style.SERIES},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": style.TEXT,
                 "titleColor": style.TEXT, "gridColor": "#D9D9D9", "domainColor": style.MUTED,
                 "tickColor": style.MUTED, "labelLimit": 180, "titleFontWeight": "normal"},
        # Band axes and legends wrap long labels instead of shrinking them; a legend never runs past
        # the chart's right edge (it starts where the plot starts).
        "axisBand": {"labelExpr": wrap_expr(16), "labelLineHeight": 14},
        "axisX": {"titleAnchor": "end"},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "top", "direction": "vertical",
                   "labelExpr": wrap_expr(26), "labelLimit": {"expr": "max(80, width - 24)"},
                   "titleColor": style.TEXT, "labelColor": style.TEXT},
        "header": {"labelFontSize": 12, "titleFontSize": 12, "labelFontWeight": "bold"},
        "title": {"fontSize": 14, "anchor": "start", "color": style.TEXT, "subtitleFontSize": 12},
        "text": {"fontSize": 12},
        "mark": {"tooltip": True},
    }


def chart(data: pd.DataFrame, **kwargs):
    """An Altair chart of `data` that fills the width of the page column (and of a phone)."""
    import altair as alt

    return alt.Chart(data, width="container", **kwargs)


def dutch_pct(field: str, decimals: int = 1) -> str:
    """A Vega expression writing a percentage the Dutch way: 61.2 -> '61,2 %'."""
    return f"format(datum['{field}'], ',.{decimals}f') + '\u00a0%'"


def spec(chart_or_spec, alt_text: str) -> dict:
    """The Vega-Lite specification of a chart, with the house config and its description."""
    raw = chart_or_spec if isinstance(chart_or_spec, dict) else chart_or_spec.to_dict()
    out = dict(raw)
    out.pop("$schema", None)
    out["description"] = alt_text
    out.setdefault("autosize", {"type": "fit-x", "contains": "padding", "resize": True})
    base = config()
    base.update(out.get("config", {}))
    out["config"] = base
    return out


def spec_rows(vl: dict) -> list[dict]:
    """Every inline data row of a Vega-Lite specification (top-level and named datasets)."""
    rows = list(vl.get("data", {}).get("values", []) or [])
    for values in vl.get("datasets", {}).values():
        rows += values
    return rows


def _row_key(row: dict, columns: list[str]) -> tuple:
    """A row's values, comparable across JSON and CSV: numbers (also written as text) rounded,
    empty text and missing values alike."""
    out = []
    for c in columns:
        v = row.get(c)
        if isinstance(v, str):
            try:
                v = float(v) if v.strip() else None
            except ValueError:
                pass
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(round(float(v), 9))
        else:
            out.append(str(v))
    return tuple(out)


def missing_rows(data: pd.DataFrame, vl: dict) -> list[dict]:
    """The rows of `data` (the figure's CSV) that the chart's inline data do not hold."""
    columns = [str(c) for c in data.columns]
    have = {_row_key(r, columns) for r in spec_rows(vl)}
    records = json.loads(data.to_json(orient="records", force_ascii=False))
    return [r for r in records if _row_key(r, columns) not in have]


def html_block(slug: str, specs: list[dict], title: str, alt_text: str, language: str = lang.ORIGINAL) -> str:
    """The HTML that carries a figure's chart(s) on the page: hidden until the chart script shows it."""
    payload = json.dumps({"specs": specs, "formatLocale": format_locale(language)}, ensure_ascii=False,
                         sort_keys=True, separators=(",", ":"), allow_nan=False)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (f'<div class="dbk-chart" data-figure="{html.escape(slug)}" '
            f'data-title="{html.escape(" ".join(title.split()))}" '
            f'data-alt="{html.escape(alt_text)}" hidden>'
            f'<script type="application/json" class="dbk-chart-spec">{payload}</script></div>')


def figure_block(slug: str, charts, *, data: pd.DataFrame, title: str, alt_text: str,
                 language: str = lang.ORIGINAL) -> str:
    """The MyST block (raw HTML, ignored by LaTeX) for the figure's snippet. `charts` is one chart
    or a list of charts shown one under the other. Checks that they show the figure's own data:
    every row of `data` must be in the charts' data."""
    specs = [spec(c, alt_text) for c in (charts if isinstance(charts, (list, tuple)) else [charts])]
    lost = missing_rows(data, {"datasets": {str(i): spec_rows(s) for i, s in enumerate(specs)}})
    if lost:
        raise ValueError(f"{slug}: the interactive chart does not hold {len(lost)} row(s) of the figure's "
                         f"data, e.g. {lost[0]}: build it from the same data frame")
    return f"\n```{{raw}} html\n{html_block(slug, specs, title, alt_text, language)}\n```\n"


def legend_toggle(field: str):
    """A click on a legend entry shows only that series (another click shows all): (param, opacity)."""
    import altair as alt

    param = alt.selection_point(fields=[field], bind="legend")
    return param, alt.condition(param, alt.value(1), alt.value(0.15))


def tip(field: str, title: str, decimals: int | None = None, kind: str | None = None):
    """A tooltip line: `title` (with its unit) and the value, numbers in the book's format."""
    import altair as alt

    if decimals is None:
        return alt.Tooltip(f"{field}:{kind or 'N'}", title=title)
    return alt.Tooltip(f"{field}:{kind or 'Q'}", title=title, format=f",.{decimals}f")


def chosen(chart, field: str, options, *, name: str, prompt: str, labels=None, toggle: str | None = None):
    """`chart` showing the rows of one value of `field` at a time (first: `options[0]`), chosen in a
    drop-down (the Vega parameter `name`, its prompt `prompt`, its entries `labels` if given, else the
    options). With `toggle`, a click on a legend entry of that field shows only that series."""
    import altair as alt

    bind = alt.binding_select(options=list(options), name=prompt, **({"labels": list(labels)} if labels else {}))
    choice = alt.param(name=name, value=options[0], bind=bind)
    params = [choice]
    if toggle:
        param, opacity = legend_toggle(toggle)
        chart, params = chart.encode(opacity=opacity), params + [param]
    return chart.add_params(*params).transform_filter(getattr(alt.datum, field) == choice)


def ranked_bars_by(data: pd.DataFrame, *, y: str, x: str, colour: str, colours: dict, bars: str, rules: str,
                   marked: str, x_title: str, x_domain: list, tooltip: list, select: str, options: list, value,
                   select_label: str, select_name: str, height: int = PHONE_HEIGHT,
                   rule_look: tuple = (style.TEXT, [5, 3]), marked_look: tuple = (style.PALETTE["green"], [1, 2])):
    """Horizontal bars of `x` per `y`, ranked, coloured by `colour` (`colours`: {legend label: colour},
    a click on the legend shows one), with vertical rules, for the slice of `data` the reader picks
    (`select` = one of `options`, first `value`). `bars`, `rules`: Vega filters of the bars' and the
    rules' rows; `marked`: a Vega test of the rules drawn with `marked_look` (colour, dash; default: a
    target's look) instead of `rule_look` (default: an average's)."""
    import altair as alt

    shown = alt.param(name=select_name, value=value, bind=alt.binding_select(options=options, name=select_label))
    toggle, opacity = legend_toggle(colour)
    base = chart(data, height=height).transform_filter(getattr(alt.datum, select) == shown)
    scale = alt.Scale(domain=list(colours), range=list(colours.values()))
    return ((base.transform_filter(bars).mark_bar().encode(
                y=alt.Y(f"{y}:N", sort="-x", title=None, axis=alt.Axis(labelExpr="datum.label")),
                x=alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(domain=x_domain)),
                color=alt.Color(f"{colour}:N", title=None, scale=scale), opacity=opacity, tooltip=tooltip)
             .add_params(toggle)
             + base.transform_filter(rules).mark_rule(size=2).encode(
                x=f"{x}:Q", tooltip=tooltip,
                strokeDash=alt.condition(marked, alt.value(marked_look[1]), alt.value(rule_look[1])),
                color=alt.condition(marked, alt.value(marked_look[0]), alt.value(rule_look[0]))))
            .add_params(shown))


def dots_against_reference(data: pd.DataFrame, *, y: str, order: list, reference: str, reference_rows: str,
                           chosen: str, chosen_rows: str, choice: str, choices: list, first, choice_label: str,
                           choice_name: str, colour: str, colours: dict, x_title: str, x_domain: list,
                           reference_tooltip: list, chosen_tooltip: list, height: int = PHONE_HEIGHT,
                           wrap: int = 22):
    """Per `y` (in `order`), an open dot at the reference (`reference`, of the rows `reference_rows`)
    and a filled one at the value of the entity the reader picks (`chosen`, of the rows `chosen_rows`
    whose `choice` is the one picked among `choices`, first `first`); coloured by `colour`
    (`colours`: {legend label: colour}, a click on the legend shows one). Rows: Vega filters."""
    import altair as alt

    pick = alt.param(name=choice_name, value=first, bind=alt.binding_select(options=choices, name=choice_label))
    toggle, opacity = legend_toggle(colour)
    hue = alt.Color(f"{colour}:N", title=None, scale=alt.Scale(domain=list(colours), range=list(colours.values())))
    y_axis = alt.Y(f"{y}:N", title=None, sort=list(order), axis=alt.Axis(labelExpr=wrap_expr(wrap)))
    x_axis, base = alt.X("x:Q", title=x_title, scale=alt.Scale(domain=x_domain)), chart(data, height=height)
    return ((base.transform_filter(reference_rows).transform_calculate(x=f"datum.{reference}")
             .mark_point(filled=False, fill="white", size=90, strokeWidth=2)
             .encode(y=y_axis, x=x_axis, color=hue, opacity=opacity, tooltip=reference_tooltip)
             + base.transform_filter(chosen_rows).transform_filter(getattr(alt.datum, choice) == pick)
             .transform_calculate(x=f"datum.{chosen}").mark_circle(size=110)
             .encode(y=y_axis, x=x_axis, color=hue, opacity=opacity, tooltip=chosen_tooltip).add_params(toggle))
            .add_params(pick))


def two_lines(data: pd.DataFrame, *, x: str, columns: tuple[str, str], names: tuple[str, str],
              colours: tuple[str, str], x_title: str, y_title: str, tooltip: list, rows: str = "true",
              value: str = "score", series: str = "reeks", height: int = PHONE_HEIGHT):
    """Two columns of `data` (the rows of the Vega filter `rows`) as two lines over `x`, named `names`;
    in the tooltip, their value is the field `value` and their name `series`."""
    import altair as alt

    return (chart(data, height=height).transform_filter(rows)
            .transform_fold(list(columns), as_=["kolom", value])
            .transform_calculate(**{series: f"datum.kolom == '{columns[0]}' ? '{names[0]}' : '{names[1]}'"})
            .mark_line(point=True).encode(
                x=alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
                y=alt.Y(f"{value}:Q", title=y_title, scale=alt.Scale(zero=False)),
                color=alt.Color(f"{series}:N", title=None, scale=alt.Scale(domain=list(names), range=list(colours))),
                tooltip=tooltip))


def stacked_bars(data: pd.DataFrame, *, x: str, parts: dict, colours: list, part_title: str, y_title: str,
                 tooltip: list, part: str = "bijdrage_van", value: str = "bijdrage", y_format: str = ",.1f",
                 height: int = PHONE_HEIGHT):
    """Bars per `x` stacking the columns `parts` ({column: legend label}, in `colours`); in the
    tooltip, a segment's label is the field `part` and its value `value`. A click on the legend shows
    one part; an x label 'a–b' is written on two lines."""
    import altair as alt

    toggle, opacity = legend_toggle(part)
    return (chart(data, height=height).transform_fold(list(parts), as_=["kolom", value])
            .transform_calculate(**{part: " : ".join(f"datum.kolom == '{k}' ? '{v}'" for k, v in parts.items())
                                    + " : ''"})
            .mark_bar()
            .encode(x=alt.X(f"{x}:N", title=None, axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, '–')")),
                    y=alt.Y(f"{value}:Q", stack=True, title=y_title, axis=alt.Axis(format=y_format)),
                    color=alt.Color(f"{part}:N", title=part_title, sort=list(parts.values()),
                                    scale=alt.Scale(domain=list(parts.values()), range=list(colours))),
                    opacity=opacity, tooltip=tooltip)
            .add_params(toggle))
