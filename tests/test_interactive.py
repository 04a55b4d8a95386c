"""databook.interactive: the web chart of a figure shows the figure's own data, in Dutch format."""
import json
import re

import altair as alt
import pandas as pd
import pytest

from databook import interactive, style


def _frame():
    return pd.DataFrame({"land": ["België", "Zweden </script>"], "waarde": [35.5, 1332.625], "jaar": [2024, 2024]})


def test_number_locale_is_the_books():
    loc = interactive.format_locale()
    # the same separators as the book's own number writer
    assert style.number(1332.6, 1) == f"1{loc['thousands']}332{loc['decimal']}6"


def test_chart_of_the_same_frame_passes_and_carries_every_row():
    data = _frame()
    block = interactive.figure_block("figxx-test", interactive.chart(data).mark_bar().encode(x="waarde:Q", y="land:N"),
                                     data=data, title="Titel", alt_text="Beschrijving van de figuur")
    payload = re.search(r'<script type="application/json" class="dbk-chart-spec">(.*?)</script>', block).group(1)
    specs = json.loads(payload)["specs"]
    assert interactive.missing_rows(data, {"datasets": {"0": interactive.spec_rows(specs[0])}}) == []
    assert specs[0]["description"] == "Beschrijving van de figuur"
    assert "</script> " not in payload and "Zweden \\u003c/script\\u003e" in payload


def test_chart_of_other_data_is_refused():
    data = _frame()
    other = data.assign(waarde=data["waarde"] + 1)
    with pytest.raises(ValueError, match="figxx-test.*2 row"):
        interactive.figure_block("figxx-test", interactive.chart(other).mark_bar().encode(x="waarde:Q"),
                                 data=data, title="Titel", alt_text="Beschrijving van de figuur")


def test_extra_rows_are_allowed_missing_ones_are_not():
    data = _frame()
    more = pd.concat([data, data.assign(jaar=2022)], ignore_index=True)
    chart = alt.Chart(more).mark_bar()
    assert interactive.missing_rows(data, interactive.spec(chart, "x")) == []
    assert len(interactive.missing_rows(more, interactive.spec(alt.Chart(data).mark_bar(), "x"))) == 2


def test_csv_text_and_json_numbers_compare_equal():
    csv_like = pd.DataFrame({"jaar": ["2022", "het afgelopen jaar"], "flag": [None, "b"], "v": [1.0, 2.5]})
    rows = [{"jaar": 2022, "flag": "", "v": 1}, {"jaar": "het afgelopen jaar", "flag": "b", "v": 2.5}]
    assert interactive.missing_rows(csv_like, {"data": {"values": rows}}) == []


def test_house_text_is_readable_on_a_phone():
    cfg = interactive.config()
    sizes = [v for part in cfg.values() if isinstance(part, dict) for k, v in part.items()
             if k.lower().endswith("fontsize")]
    assert sizes and min(sizes) >= interactive.MIN_FONT_PX >= 9


def test_run_figure_puts_the_chart_after_the_static_figure(tmp_path):
    from databook import Run

    run = Run("fig07-vaardigheden-veranderen", edition="2025", output_dir=tmp_path)
    frame = run.load("paper-fig07-skills-change")
    fig, ax = style.figure()
    ax.bar(frame["category"], frame["share"])
    chart = interactive.chart(frame).mark_bar().encode(x="share:Q", y="category:N")
    run.figure(fig, "fig07-test", title="Titel", caption="Uitleg bij de figuur.",
               alt="Staafdiagram van vier aandelen ondernemingen naar verwachte verandering",
               data=frame, datasets=["paper-fig07-skills-change"], interactive=chart)
    snippet = (tmp_path / "fig07-test.md").read_text(encoding="utf-8")
    static, _, web = snippet.partition("```{raw} html\n")
    assert static.startswith("```{figure} ../figures/fig07-test.*") and "Bron: " in static
    assert web.startswith('<div class="dbk-chart" data-figure="fig07-test"') and " hidden>" in web
    assert 'data-alt="Staafdiagram van vier' in web
