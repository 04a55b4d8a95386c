"""Data is text, never markup (issue 12.3): what textsafe makes of a hostile value is parsed by MyST
(the book's own parser) as exactly that text, in a paragraph, a heading, a table cell and a figure's
alt option."""
import re

import docutils.core
import pandas as pd
import pytest
from docutils import nodes
from myst_parser.parsers.docutils_ import Parser
from myst_parser.parsers.options import options_to_items

from databook import textsafe

HOSTILE = [
    "<script>alert(1)</script>",
    "{download}`passwd <../../../../etc/passwd>`",
    "{glue:text}`kerncijfers.ipynb::x` en {{ substitution }}",
    "```{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n```",
    "$5 en $6, 5 % & 6 # | _onderstreept_ *nadruk* `code` [link](https://x.be) ![b](x.png)",
    "- geen lijst",
    "2022. geen lijst",
    "% geen commentaar",
    "(geen-doel)=",
    "::: geen fence",
    "# geen titel",
    "> geen citaat",
    "&lt;geen entiteit&gt; &amp;",
    "a\\b \\* \\",
    "Caf\u00e9 \u2013 \u201cok\u201d \u2026 \u20ac",
]
ALLOWED = (nodes.document, nodes.paragraph, nodes.Text, nodes.section, nodes.title, nodes.table,
           nodes.tgroup, nodes.colspec, nodes.thead, nodes.tbody, nodes.row, nodes.entry)


def parse(source: str) -> nodes.document:
    return docutils.core.publish_doctree(source, parser=Parser(), settings_overrides={
        "myst_enable_extensions": ["colon_fence", "deflist", "substitution", "dollarmath"],
        "report_level": 5, "halt_level": 5, "doctitle_xform": False})


def shown(value) -> str:
    return re.sub(r"[ \t\r\n]+", " ", str(value)).strip(" ")


def only_text(doc: nodes.document) -> None:
    unexpected = sorted({type(n).__name__ for n in doc.findall() if not isinstance(n, ALLOWED)})
    assert not unexpected, f"markup took effect: {unexpected}\n{doc.pformat()}"


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_in_a_paragraph_is_its_own_text(value):
    doc = parse(f"Voor {textsafe.myst(value)} na\n")
    only_text(doc)
    assert doc.astext() == f"Voor {shown(value)} na"
    doc = parse(textsafe.myst(value) + "\n")  # at the start of a line
    only_text(doc)
    assert doc.astext() == shown(value)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_as_heading_is_its_own_text(value):
    doc = parse(f"# Kop\n\n## {textsafe.myst(value)}\n")
    only_text(doc)
    assert doc.astext().splitlines()[-1] == shown(value)


def test_values_in_a_table_are_their_own_text():
    frame = pd.DataFrame({"Kolom | met pijp": HOSTILE, "Getal": [f"+{n},5\u00a0%" for n in range(len(HOSTILE))]})
    doc = parse(textsafe.md_table(frame) + "\n")
    only_text(doc)
    cells = [entry.astext() for entry in doc.findall(nodes.entry)]
    assert cells[:2] == ["Kolom | met pijp", "Getal"]
    assert cells[2::2] == [shown(v) for v in HOSTILE]
    assert cells[3::2] == [f"+{n},5\u00a0%" for n in range(len(HOSTILE))]  # a no-break space stays one
    assert "| +0,5\u00a0%" in textsafe.md_table(frame)  # no escape where none is needed: readable source


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_as_directive_option_is_its_own_text(value):
    items, _ = options_to_items(f"alt: {textsafe.myst_option(value)}\nwidth: 100%")
    assert dict(items) == {"alt": shown(value), "width": "100%"}


def test_html_escapes_tags_and_quotes():
    assert textsafe.html('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"


@pytest.mark.parametrize("value, ok", [("Café – “ok” … € ±", True), ("Ærø Łódź Şişli", True),
                                       ("😀", False), ("مرحبا", False), ("中文", False), ("\u0007", False)])
def test_text_problems_knows_what_the_pdf_fonts_print(value, ok):
    assert (textsafe.text_problems(value) == []) is ok


def test_the_printable_characters_are_those_latex_declares():
    """The hard-coded set is taken from LaTeX's t1enc.dfu/ts1enc.dfu/utf8.def: check it against them."""
    import re
    import shutil
    import subprocess

    if not shutil.which("kpsewhich"):
        pytest.skip("kpsewhich (TeX Live) is not installed")
    declared = set()
    for name in ("t1enc.dfu", "ts1enc.dfu", "utf8.def"):
        path = subprocess.run(["kpsewhich", name], capture_output=True, text=True).stdout.strip()
        text = open(path, encoding="latin-1").read()
        declared |= {chr(int(m, 16)) for m in re.findall(r"\\DeclareUnicodeCharacter\{([0-9A-F]+)\}", text)}
    from sphinx.util.texescape import tex_replacements
    declared |= {k for k, _ in tex_replacements} | {"\u00a0"}
    printable = {chr(c) for c in range(0xA0, 0x10000) if not textsafe.text_problems(chr(c))}
    assert printable <= declared, sorted(printable - declared)[:10]


@pytest.mark.parametrize("value", HOSTILE)
def test_bold_and_links_written_by_code_keep_their_text_as_text(value):
    """strong() and link() are the only markup a table keeps, and only where the code put them: the
    words inside stay text, and text added to them is escaped."""
    frame = pd.DataFrame({"a": [textsafe.strong(value) + " " + value], "b": [textsafe.link(value, "../x.ipynb")],
                          "c": [value]})
    table = textsafe.md_table(frame)
    assert table.count("](../x.ipynb)") == 1
    # outside Sphinx a link to a page stays unresolved: parse it as a link to a web address instead
    doc = parse(table.replace("](../x.ipynb)", "](https://example.org/x)") + "\n")
    cells = [entry.astext() for entry in doc.findall(nodes.entry)]
    assert cells[3:] == [shown(value) + " " + shown(value), shown(value), shown(value)]
    assert [s.astext() for s in doc.findall(nodes.strong)] == [shown(value)]
    assert [r.astext() for r in doc.findall(nodes.reference)] == [shown(value)]
    assert not list(doc.findall(nodes.raw)) and not list(doc.findall(nodes.literal))


def test_a_link_leaves_the_book_only_by_mistake_of_the_code():
    with pytest.raises(ValueError):
        textsafe.link("x", "javascript:alert(1)")
