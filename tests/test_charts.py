"""Shared chart shapes: the static ones (databook.charts) draw what they are given, where a reader looks
for it; the interactive drop-down (databook.interactive.chosen) filters the chart to the chosen panel."""
import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from databook import charts, interactive, style


@pytest.fixture
def ax():
    fig, ax = style.figure()
    yield ax
    plt.close(fig)


def _texts(ax):
    return {t.get_text(): t for t in ax.texts}


def test_value_bars_put_each_value_above_its_bar(ax):
    charts.value_bars(ax, [0, 1], [120000, 58000], ["#D55E00", "#0072B2"], value_text=style.number, width=0.5,
                      pad=2500)
    bars = ax.patches
    assert [b.get_height() for b in bars] == [120000, 58000]
    assert [to_hex(b.get_facecolor()) for b in bars] == ["#d55e00", "#0072b2"]
    texts = _texts(ax)
    assert set(texts) == {"120.000", "58.000"}
    assert texts["58.000"].get_position() == (1, 58000 + 2500)


def test_split_bar_labels_every_part_and_spans_the_total(ax):
    charts.split_bar(ax, [1196, 92.6, 44], ["#0072B2", "#D55E00", "#7F7F7F"], ["aanbod", "vraag", "ESF"],
                     total=1332.6, title="Indeling")
    assert [p.get_width() for p in ax.patches] == pytest.approx([1196, 92.6, 44])
    assert [p.get_x() for p in ax.patches] == pytest.approx([0, 1196, 1196 + 92.6])
    assert ax.get_xlim() == (0, 1332.6)
    inside = _texts(ax)["aanbod"]
    assert inside.get_position() == (598, 0) and inside.get_color() == "#FFFFFF"  # white on blue
    below = _texts(ax)
    assert below["vraag"].xy == (1196 + 92.6 / 2, -0.28) and below["ESF"].xy[0] == 1196 + 92.6 + 22
    low, high = ax.get_ylim()
    assert low < min(below[k].xyann[1] for k in ("vraag", "ESF"))  # the labels below stay inside the axes
    assert ax.get_title(loc="left") == "Indeling"


def test_ranked_barh_draws_from_the_top_and_says_when_a_value_is_missing(ax):
    charts.ranked_barh(ax, ["a", "b", "c"], [616, 358, math.nan], ["#0072B2", "#D55E00", "#7F7F7F"],
                       ["aanbod", "vraag", "geen"], value_text=lambda v: style.number(v), missing_text="geen bedrag",
                       legend_order=["vraag", "aanbod", "geen"], xlim=(0, 700), xlabel="Budget",
                       formatter=style.axis_number(), title="Per instrument")
    assert [(p.get_y() + p.get_height() / 2, p.get_width()) for p in ax.patches] == [(2, 616), (1, 358)]
    assert {t.get_position()[1]: t.get_text() for t in ax.get_yticklabels()} == {2: "a", 1: "b", 0: "c"}  # a on top
    texts = _texts(ax)
    assert texts["geen bedrag"].get_position()[1] == 0 and texts["geen bedrag"].get_fontstyle() == "italic"
    assert texts["616"].get_position() == (616 + 6, 2)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["vraag", "aanbod"]  # in order; none for 'geen'


def test_end_labelled_lines_label_each_line_at_its_end(ax):
    years = [2020, 2021, 2022]
    charts.end_labelled_lines(ax, years, [[100, 104, 108], [100, 101, 102]], ["#D55E00", "#0072B2"],
                              ["108", "102"], shade=True)
    assert [list(line.get_ydata()) for line in ax.get_lines()] == [[100, 104, 108], [100, 101, 102]]
    assert _texts(ax)["108"].get_position() == (2022.4, 108) and _texts(ax)["102"].get_position() == (2022.4, 102)
    assert len(ax.collections) == 1  # the shaded gap between the two lines


def test_chosen_filters_on_the_drop_down_and_toggles_the_legend():
    data = pd.DataFrame({"panel": ["A", "A", "B"], "series": ["x", "y", "x"], "value": [1.0, 2.0, 3.0]})
    chart = interactive.chosen(interactive.chart(data).mark_bar().encode(x="value:Q", color="series:N"), "panel",
                               ["A", "B"], name="panel_choice", prompt="Toon ", labels=["Eerste", "Tweede"],
                               toggle="series")
    spec = chart.to_dict()
    choice = next(p for p in spec["params"] if p["name"] == "panel_choice")
    assert choice["value"] == "A"
    assert choice["bind"] == {"input": "select", "options": ["A", "B"], "labels": ["Eerste", "Tweede"], "name": "Toon "}
    assert spec["transform"] == [{"filter": "(datum.panel === panel_choice)"}]
    legend = next(p for p in spec["params"] if p["name"] != "panel_choice")
    assert legend["select"]["fields"] == ["series"] and legend["bind"] == "legend"
    assert "opacity" in spec["encoding"]
    plain = interactive.chosen(interactive.chart(data).mark_bar(), "panel", ["A", "B"], name="p", prompt="Toon ")
    assert [p["name"] for p in plain.to_dict()["params"]] == ["p"]
    assert "labels" not in plain.to_dict()["params"][0]["bind"]


def test_grouped_bars_sit_side_by_side_per_group_with_a_legend_of_the_series(ax):
    charts.grouped_bars(ax, ["hoog", "midden"], {"vacatures": [120000, 58000], "werkzoekenden": [50000, 112000]},
                        ["#D55E00", "#0072B2"], value_text=style.number, width=0.4, pad=2500)
    centres = [(round(p.get_x() + p.get_width() / 2, 9), p.get_height()) for p in ax.patches]
    assert centres == [(-0.2, 120000), (0.2, 50000), (0.8, 58000), (1.2, 112000)]  # group by group
    assert [t.get_text() for t in ax.get_xticklabels()] == ["hoog", "midden"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["vacatures", "werkzoekenden"]
    assert _texts(ax)["112.000"].get_position() == (1.2, 112000 + 2500)


def test_ranked_barh_takes_a_missing_integer_as_missing(ax):
    values = pd.array([5, None], dtype="Int64")  # an integer field of a dataset with an empty cell
    charts.ranked_barh(ax, ["a", "b"], values, ["#0072B2"] * 2, ["x", "x"], value_text=str, missing_text="geen",
                       legend_order=["x"], xlim=(0, 10), xlabel="", formatter=style.axis_number(), title="")
    assert [p.get_width() for p in ax.patches] == [5] and "geen" in _texts(ax)


def test_ranked_bars_highlight_rows_and_reach_past_the_furthest_value_or_rule():
    fig, ax = charts.ranked_bars(["NL", "BE", "SE"], [20.0, 30.0, 50.0], [None, "#0072B2", None],
                                 value_text=lambda v: f"{v:.1f}", rules=[charts.target_rule(60.0, "Doel")],
                                 keys=[("#0072B2", "België")], headroom=8)
    try:
        assert [p.get_width() for p in ax.patches[:3]] == [20.0, 30.0, 50.0]
        assert [p.get_y() + p.get_height() / 2 for p in ax.patches[:3]] == pytest.approx([0, 1, 2])  # first at bottom
        assert to_hex(ax.patches[0].get_facecolor()) == charts.OTHER.lower()
        ticks = ax.get_yticklabels()
        assert [t.get_fontweight() for t in ticks] == ["normal", "bold", "normal"]
        assert style.contrast(ticks[1].get_color()) >= 4.5  # the highlight's colour, readable as text
        assert ax.get_xlim() == (0, 68.0)  # the target (60) is further than every bar
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["België", "Doel"]
        assert ax.lines[0].get_xdata()[0] == 60.0
    finally:
        plt.close(fig)


def test_dots_against_reference_put_each_rank_in_its_column(ax):
    charts.dots_against_reference(ax, ["Index", "Pijler"], [40.0, 55.0], [50.0, 50.0], [20, 3], strong=[True, False],
                                  colour="#0072B2", reference_colour="#4D4D4D", rank_x=89, rank_header="Rang",
                                  ticks=range(20, 81, 10), xlabel="Score", title="T", keys=("BE", "EU"))
    ranks = {t.get_text(): t for t in ax.texts}
    assert ranks["20"].get_position() == (89, 1) and ranks["3"].get_position() == (89, 0)  # first row on top
    assert ranks["20"].get_fontweight() == "bold" and ranks["3"].get_fontweight() == "normal"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Index", "    Pijler"]
    assert ax.get_xlim() == (20, 89.5)


def test_contribution_bars_stack_parts_and_write_the_first_parts_share():
    fig, ax = charts.contribution_bars(["1970–1980", "1980–1990"], [[1.0, -0.5], [2.0, 1.5]], [3.0, 1.0],
                                       colours=["#E69F00", "#0072B2"], text_colours=["#000000", "#FFFFFF"],
                                       value_text=lambda v: f"{v:.1f}", share_text=lambda v: f"{v:.0f}%",
                                       share_label="Aandeel", keys=[("#0072B2", "P"), ("#E69F00", "E")],
                                       y_label="%", title="T", y_format=style.axis_number(1))
    try:
        bars = ax.patches
        assert [(b.get_y(), b.get_height()) for b in bars] == [(0, 1.0), (1.0, 2.0), (0, -0.5), (0, 1.5)]
        texts = [t.get_text() for t in ax.texts]
        assert "33%" in texts and "-50%" in texts  # 1/3 and -0.5/1 of the totals
        assert ax.get_ylim()[0] == pytest.approx(-0.8)
    finally:
        plt.close(fig)
