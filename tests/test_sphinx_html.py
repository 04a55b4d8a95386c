"""databook.sphinx_html.label_tables: every body cell carries its column's header, wide tables become
cards on a phone, and the rest of the page stays as Sphinx wrote it."""
from databook.sphinx_html import CARD_MIN_COLUMNS, label_tables


def _table(headers, cells) -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join(f"<td>{c}</td>" for c in cells)
    return f'<table class="table"><thead><tr>{head}</tr></thead><tbody><tr>{body}</tr></tbody></table>'


def test_cells_carry_their_header_and_the_rest_of_the_page_is_untouched():
    around = '<p>Voor <a href="x.html" role="doc-backlink">x</a> <img src="a.png" /></p>\n  <script>k = 1</script>'
    wide = [f"K{i}" for i in range(CARD_MIN_COLUMNS)]
    out = label_tables(around + _table(["Jaar", "Waarde"], ["2024", "35,5"]) + around + _table(wide, wide) + around)
    assert out.startswith(around) and out.endswith(around) and out.count(around) == 3
    assert '<td data-label="Jaar">2024</td><td data-label="Waarde">35,5</td>' in out
    assert out.count('class="table kaarten"') == 1  # only the table of CARD_MIN_COLUMNS columns


def test_a_table_inside_a_table_is_labelled_too():
    inner = _table(["C"], ["2"])
    out = label_tables(_table(["A", "B"], ["1", inner]))
    assert '<td data-label="A">1</td>' in out and '<td data-label="C">2</td>' in out
    assert out.count('data-label="B"') == 1


def test_a_table_without_header_row_and_a_page_without_table_are_left_as_they_are():
    plain = '<table><tbody><tr><td>1</td></tr></tbody></table>'
    assert label_tables(plain) == plain
    assert label_tables("<p>geen tabel</p>") == "<p>geen tabel</p>"
