"""Sphinx extension: the PDF typeset as a publication (LaTeX builder only, except where noted).

- Front matter, chapters, appendices. The root page (index.md: "Over dit boek") is front matter,
  unnumbered; the first part of the table of contents (the paper) is numbered 1, 2, ... as the
  paper's chapters, except the chapters named in `latex_unnumbered_chapters` (the list of
  sources); every later part is an appendix (\\appendix: Bijlage A, B, ...). Only chapters carry a
  number: the paper numbers some headings itself ("1. Nu een Vlaamse talentstrategie"), which
  LaTeX must not number a second time ("7.1 1. Nu ...").
- Tables fit the text block: a table without `:widths:` gets column widths in proportion to its
  content (so LaTeX wraps every column, p-columns), and any table of more than
  LONGTABLE_ROWS rows (outside a box) may break across pages.
- A download link ({download}`Gegevens (CSV) <...>`) becomes a file attached to the PDF
  (package attachfile), clickable where the link stands: the PDF carries its own data. In every
  builder the link text is shown as text, not as code.
- Long tokens without a break point (commit hashes) may break anywhere (package seqsplit).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx import addnodes
from sphinx.util.texescape import escape

LONGTABLE_ROWS = 12
WIDTH_CAP = 48            # characters: a longer cell wraps anyway
ATTACHMENTS = "bijgevoegd"  # folder in the LaTeX output with the attached files
_HASH = re.compile(r"\b[0-9a-f]{20,}\b")
# boxes LaTeX cannot break across pages (a notebook's output container is no box)
_NO_LONGTABLE_INSIDE = (nodes.Admonition, nodes.sidebar, nodes.footnote, nodes.list_item,
                        nodes.table, nodes.topic)


def _raw(latex: str) -> nodes.raw:
    return nodes.raw("", latex, format="latex")


# -- front matter, chapters, appendices ----------------------------------------------------------------

def _parts(app) -> list[list[str]]:
    """The docnames of each part (toctree) of the root document, in order."""
    root = app.env.get_doctree(app.config.root_doc)
    return [[doc for _, doc in toc["entries"]] for toc in root.findall(addnodes.toctree)]


def _number_chapters(app, doctree) -> None:
    parts = [p for p in _parts(app) if p]
    if not parts:
        return
    unnumbered = set(app.config.latex_unnumbered_chapters)
    first_appendix = parts[1][0] if len(parts) > 1 else None
    main = set(parts[0])
    for start in list(doctree.findall(addnodes.start_of_file)):
        doc = start.get("docname")
        before = ""
        if doc == first_appendix:
            before = r"\appendix\setcounter{secnumdepth}{0}"
        elif doc in main:
            before = r"\setcounter{secnumdepth}{%d}" % (-1 if doc in unnumbered else 0)
        if before:
            start.parent.insert(start.parent.index(start), _raw(before + "\n"))


# -- tables -------------------------------------------------------------------------------------------

# Widths in characters of the body font. A column's text width is its share of the line minus the
# space around it (2 x \tabcolsep, about 2 characters); the line holds about LINE_CHARS characters.
LINE_CHARS = 80
COLUMN_PADDING = 2.5
# (LaTeX size, relative character width): the largest size at which every column fits is used.
FONT_SIZES = [("", 1.0), (r"\small", 0.91), (r"\footnotesize", 0.82), (r"\scriptsize", 0.7)]
HYPHENATED_PIECE = 8          # a word of letters can be hyphenated into pieces of about this length
SHORT_WORD = 10               # ... if it is longer than this


def _shortest_width(entry) -> float:
    """The width the cell needs at least: its longest piece that cannot be broken (a number, a
    code, a literal; a word of letters counts as a hyphenated piece)."""
    widest = 1.0
    literal_text = " ".join(n.astext() for n in entry.findall(nodes.literal))
    for token in entry.astext().split():
        if token in literal_text:
            width = len(token) * 1.15          # monospace is wider than the body font
        elif token.isalpha():  # TeX rarely finds a break in a short word: it must fit whole
            width = len(token) if len(token) <= SHORT_WORD else max(HYPHENATED_PIECE, len(token) / 2)
        else:
            width = len(token) * 1.2           # figures and signs are wider than the average letter
        widest = max(widest, width)
    return widest


def _wanted_width(entry) -> float:
    return min(len(" ".join(entry.astext().split())), WIDTH_CAP)


def _column_widths(rows, count: int) -> tuple[list[float], list[float]]:
    least, wanted = [1.0] * count, [1.0] * count
    for row in rows:
        column = 0
        for entry in row.children:
            span = entry.get("morecols", 0) + 1
            if span == 1 and column < count:
                least[column] = max(least[column], _shortest_width(entry))
                wanted[column] = max(wanted[column], _wanted_width(entry), least[column])
            column += span
    return least, wanted


def _fit_table(table) -> None:
    tgroup = next(iter(table.findall(nodes.tgroup)), None)
    if tgroup is None:
        return
    colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
    rows = list(tgroup.findall(nodes.row))
    if not colspecs:
        return
    least, wanted = _column_widths(rows, len(colspecs))
    if "colwidths-given" in table["classes"]:  # the author's proportions; the font still adapts
        given = [float(c.get("colwidth", 1)) for c in colspecs]
        widths = [max(w / sum(given) * LINE_CHARS, 1.0) for w in given]
        overflow = max(l + COLUMN_PADDING - w for l, w in zip(least, widths))
        need = LINE_CHARS + max(overflow, 0) * len(colspecs)
    else:
        need = sum(l + COLUMN_PADDING for l in least)
    size, scale = next(((name, scale) for name, scale in FONT_SIZES if need * scale <= LINE_CHARS),
                       FONT_SIZES[-1])
    if "colwidths-given" not in table["classes"]:
        room = LINE_CHARS / scale - need          # characters to share out beyond the least widths
        extra = [max(w - l, 0.0) for w, l in zip(wanted, least)]
        share = min(1.0, room / sum(extra)) if sum(extra) > 0 and room > 0 else 0.0
        for spec, l, e in zip(colspecs, least, extra):
            spec["colwidth"] = max(int(round((l + COLUMN_PADDING + e * share) * 10)), 1)
        table["classes"].append("colwidths-given")
    if size:
        parent = table.parent
        parent.insert(parent.index(table), _raw(r"\begingroup" + size + "\n"))
        parent.insert(parent.index(table) + 1, _raw("\\endgroup\n"))
    inside_box = any(isinstance(a, _NO_LONGTABLE_INSIDE) for a in _ancestors(table))
    if len(rows) > LONGTABLE_ROWS and not inside_box and "longtable" not in table["classes"]:
        table["classes"].append("longtable")


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


# -- downloads: attached files -------------------------------------------------------------------------

def _plain_download_text(doctree) -> None:
    """{download} links read as text (not code) in every builder."""
    for ref in doctree.findall(addnodes.download_reference):
        for literal in list(ref.findall(nodes.literal)):
            literal.replace_self(nodes.inline("", literal.astext()))


def _attach_downloads(app, doctree) -> None:
    out = Path(app.outdir) / ATTACHMENTS
    for ref in list(doctree.findall(addnodes.download_reference)):
        target = ref.get("reftarget", "")
        doc = ref.get("refdoc") or app.config.root_doc
        rel = PurePosixPath(target.lstrip("/")) if target.startswith("/") else \
            PurePosixPath(doc).parent / target
        src = (Path(app.srcdir) / rel).resolve()
        if not src.is_file():
            continue  # Sphinx itself warns about a download whose file is missing
        out.mkdir(parents=True, exist_ok=True)
        if not (out / src.name).exists() or (out / src.name).read_bytes() != src.read_bytes():
            shutil.copyfile(src, out / src.name)
        mime = "text/csv" if src.suffix.lower() == ".csv" else "application/octet-stream"
        text = escape(ref.astext())
        ref.replace_self(_raw(
            rf"\textattachfile[mimetype={mime},description={{{escape(src.name)}}}]"
            rf"{{{ATTACHMENTS}/{src.name}}}{{\textcolor{{OuterLinkColor}}{{{text}}}}}"))


# -- long tokens -------------------------------------------------------------------------------------

def _breakable_hashes(doctree) -> None:
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or isinstance(parent, (nodes.literal_block, nodes.raw, nodes.literal)) \
                or not _HASH.search(text.astext()):
            continue
        pieces, last = [], 0
        source = text.astext()
        for match in _HASH.finditer(source):
            pieces.append(nodes.Text(source[last:match.start()]))
            pieces.append(_raw(rf"\seqsplit{{{match.group(0)}}}"))
            last = match.end()
        pieces.append(nodes.Text(source[last:]))
        index = parent.index(text)
        parent.remove(text)
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)


# -- wiring -------------------------------------------------------------------------------------------

def _doctree_resolved(app, doctree, docname):
    _plain_download_text(doctree)
    if app.builder.format != "latex":
        return
    _number_chapters(app, doctree)
    for table in list(doctree.findall(nodes.table)):
        _fit_table(table)
    _attach_downloads(app, doctree)
    _breakable_hashes(doctree)


def setup(app):
    app.add_config_value("latex_unnumbered_chapters", [], "env")
    app.connect("doctree-resolved", _doctree_resolved)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
