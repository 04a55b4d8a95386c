"""The house style: Dutch number formats and a deterministic, colour-blind-safe chart style."""
import pytest

import colourcheck

from databook import style


@pytest.mark.parametrize("value, decimals, expected", [
    (1332.6, 1, "1.332,6"),
    (323000, 0, "323.000"),
    (0.25, 2, "0,25"),
    (-1234567.891, 2, "-1.234.567,89"),
    (999.96, 1, "1.000,0"),
    (-0.04, 1, "0,0"),
    (7, 0, "7"),
    (322.5, 0, "323"),
    (0.125, 2, "0,13"),
])
def test_number_is_dutch(value, decimals, expected):
    assert style.number(value, decimals) == expected


def test_percent_has_comma_and_non_breaking_space():
    assert style.percent(95.0, 1) == "95,0\u00a0%"
    assert style.percent(0.2, 1) == "0,2\u00a0%"


def test_missing_number_is_refused():
    with pytest.raises(ValueError):
        style.number(float("nan"))


def test_axis_formatter_writes_dutch_ticks():
    fmt = style.axis_number(1, " %")
    assert fmt(12.5, 0) == "12,5 %"
    assert style.axis_number(1, language="en")(1332.6, 0) == "1,332.6"


def test_text_colours_meet_wcag_aa_on_white():
    for colour in (style.TEXT, style.MUTED):
        ratio = colourcheck.contrast(colourcheck.rgb(colour), colourcheck.rgb("#FFFFFF"))
        assert ratio >= 4.5, (colour, ratio)


def test_series_colours_stay_distinct_under_deuteranopia():
    sim = [colourcheck.deuteranope(colourcheck.rgb(c)) for c in style.SERIES]
    for i in range(len(sim)):
        for j in range(i + 1, len(sim)):
            dist = sum((a - b) ** 2 for a, b in zip(sim[i], sim[j])) ** 0.5
            assert dist > 0.08, (style.SERIES[i], style.SERIES[j], dist)


def test_figures_are_byte_identical(tmp_path):
    def draw(path):
        fig, ax = style.figure()
        ax.bar(["a", "b"], [1, 2])
        style.source_note(fig, "Bron: test")
        fig.savefig(path / "f.svg", metadata={"Date": None})
        fig.savefig(path / "f.pdf", metadata={"CreationDate": None, "ModDate": None})
        fig.savefig(path / "f.png", metadata={"Software": None})
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    draw(tmp_path / "a")
    draw(tmp_path / "b")
    for name in ("f.svg", "f.pdf", "f.png"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.parametrize("value, most, expected", [
    (129.0, 1, 0), (1332.6000000000001, 1, 1), (29.4, 3, 1), (0.25, 6, 2), (0.06999999999999999, 6, 2),
    (1.485, 10, 3), (323000, 10, 0), (1.2345, 3, 3), (129.04, 1, 1),
])
def test_decimals_shows_a_value_as_stored(value, most, expected):
    assert style.decimals(value, most) == expected
