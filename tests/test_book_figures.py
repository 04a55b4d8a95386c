"""Every figure and table of the built book, as readers get them.

HTML (every edition, every page, found by scanning the pages, not from a list):
- the book contains every figure and table it should (the notebooks of _toc.yml, the snippets the
  chapters include, the data cards), numbered as in the paper (fig07 is "Figuur 7");
- each <figure>: an image that exists, with meaningful alt text (words, not a file name); a caption
  with a "Bron:" line; a "Gegevens (CSV)" download that resolves to a CSV with a header and rows,
  the same bytes as the edition's figures/<slug>.csv;
- each table: a caption with its number, a "Bron:" line and a CSV download after it;
- every other <img> of the site (the data cards on the notebook pages) has meaningful alt text too.

Files (figures/*.svg of the newest edition, _build/editions/<E>/figures/*.svg of the others):
- the distinct data colours of a figure stay distinguishable for readers with deuteranopia
  (Machado et al. 2009 simulation, CIEDE2000 colour difference);
- every text colour has WCAG contrast >= 4.5 against what lies beneath it (white, or the bar it is
  printed on).
tests/test_style.py checks the palette constants; these tests check the files the notebooks made.
"""
from __future__ import annotations

import csv
import io
import itertools
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import colourcheck

from conftest import (BUILD, NOT_BUILT, ROOT, SITE, edition_figures_dir, expected_outputs, fail_listing,
                      newest_edition, parse_html, slug_number, editions_under_test)

pytestmark = pytest.mark.book

EDITIONS = editions_under_test()   # the newest, or BOOK_TEST_EDITIONS=all
EDITION_PARAMS = EDITIONS or [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))]

MIN_ALT_WORDS = 5
MIN_DELTA_E = 10.0     # CIEDE2000 between two data colours as a deuteranope sees them
MIN_CONTRAST = 4.5     # WCAG 2.x AA for normal-size text
IMAGE_SUFFIX = re.compile(r"\.(svg|png|pdf|jpe?g|gif|webp)\b", re.I)


# -- reading the pages ---------------------------------------------------------------------------

def _english(page: str) -> bool:
    """A page of an edition's English translation (<E>/en/...)."""
    return page.split("/")[1:2] == ["en"]


def _source_line(page: str) -> str:
    return r"\bSource:\s*\S" if _english(page) else r"\bBron:\s*\S"


def _pages(edition: str) -> list[str]:
    return sorted(p.relative_to(SITE).as_posix() for p in (SITE / edition).rglob("*.html")
                  if not {"_static", "_sources", "_images", "_downloads"} & set(p.relative_to(SITE).parts))


def _target(page: str, url: str) -> Path | None:
    path = unquote(urlsplit(url).path)
    if not path or urlsplit(url).scheme or url.startswith("//"):
        return None
    return SITE / posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


class Item:
    """One figure or table on a page."""

    def __init__(self, page: str, node, kind: str):
        self.page, self.node, self.kind = page, node, kind
        self.slug = node.attrs.get("id", "")

    @property
    def where(self) -> str:
        return f"{self.page}:{self.node.line} {self.kind} #{self.slug or '(no id)'}"

    def number(self) -> int | None:
        for span in self.node.iter("span"):
            if "caption-number" in span.classes():
                m = re.search(r"(\d+)", span.text())
                return int(m.group(1)) if m else None
        return None

    def source_block(self):
        """Where the "Bron:" line and the CSV link are: the figcaption of a figure; for a table,
        its caption plus the paragraph that follows the table."""
        if self.kind == "figure":
            return [n for n in self.node.iter("figcaption")]
        blocks = [n for n in self.node.iter("caption")]
        follows = _following_paragraph(self.node)
        return blocks + ([follows] if follows is not None else [])


def _following_paragraph(node):
    """The first <p> after node (not inside it), in document order."""
    root = node
    while root.parent is not None:
        root = root.parent
    inside, passed = set(map(id, node.iter())), False
    for other in root.iter():
        if other is node:
            passed = True
        elif passed and id(other) not in inside and other.tag == "p":
            return other
    return None


_cache: dict[str, list[Item]] = {}


def items(edition: str) -> list[Item]:
    if edition not in _cache:
        found = []
        for page in _pages(edition):
            tree = parse_html(SITE / page)
            found += [Item(page, n, "figure") for n in tree.iter("figure")]
            found += [Item(page, n, "table") for n in tree.iter("table") if n.attrs.get("id")]
        _cache[edition] = found
    return _cache[edition]


def figures(edition: str) -> list[Item]:
    figs = [i for i in items(edition) if i.kind == "figure"]
    if not figs:
        pytest.fail(f"edition {edition}: no <figure> on any page")
    return figs


def _csv_links(blocks) -> list[str]:
    return [a.attrs.get("href", "") for b in blocks for a in b.iter("a")
            if urlsplit(a.attrs.get("href", "")).path.lower().endswith(".csv")]


def _check_csv(page: str, href: str, slug: str, edition: str) -> str | None:
    """None when href is a good CSV (and the edition's own data file), else the problem."""
    path = _target(page, href)
    if path is None or not path.is_file():
        return f"CSV link {href!r} does not resolve to a file"
    raw = path.read_bytes()
    try:
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""),
                               delimiter=";" if path.name.endswith("-excel.csv") else ","))
    except (UnicodeDecodeError, csv.Error) as exc:
        return f"{href}: not a UTF-8 CSV ({exc})"
    rows = [r for r in rows if r]
    if len(rows) < 2 or not all(h.strip() for h in rows[0]):
        return f"{href}: needs a header and at least one row of data ({len(rows)} line(s))"
    bad = [i + 1 for i, r in enumerate(rows) if len(r) != len(rows[0])]
    if bad:
        return f"{href}: rows {bad[:5]} do not have the {len(rows[0])} columns of the header"
    # an English page offers the data of the English run of the notebook (English headers and labels)
    folder = (BUILD / "editions" / edition / "en" / "figures") if _english(page) else edition_figures_dir(edition)
    own = folder / f"{slug}.csv"
    if path.name == f"{slug}-excel.csv":  # the variant for Excel (databook/downloads.py)
        own = folder / "excel" / path.name
    if own.exists() and own.read_bytes() != raw:
        return f"{href} is not the data of edition {edition} ({own.relative_to(ROOT)})"
    return None


def _meaningful_alt(alt: str, src: str, slug: str) -> str | None:
    text = " ".join(alt.split())
    if not text:
        return "has no alt text"
    stem = Path(urlsplit(src).path).stem
    if IMAGE_SUFFIX.search(text) or text.lower() in {stem.lower(), slug.lower(), src.lower()} \
            or re.fullmatch(r"[\w./\\-]+", text):
        return f"alt text is a file name or identifier: {text!r}"
    if len(re.findall(r"\w+", text)) < MIN_ALT_WORDS:
        return f"alt text does not describe the image (fewer than {MIN_ALT_WORDS} words): {text!r}"
    return None


# -- HTML checks ---------------------------------------------------------------------------------

@pytest.mark.parametrize("edition", EDITION_PARAMS)
def test_book_contains_every_figure_and_table(edition):
    expected = expected_outputs(edition)
    present = {(i.kind, i.slug) for i in items(edition) if i.page.startswith(f"{edition}/chapters/")}
    missing = [f"{kind} {slug}" for kind in ("figure", "table") for slug in expected[kind]
               if (kind, slug) not in present]
    fail_listing(f"edition {edition}: the chapters lack {len(missing)} of the "
                 f"{sum(map(len, expected.values()))} figures/tables of the book", missing)


@pytest.mark.parametrize("edition", EDITION_PARAMS)
def test_figure_and_table_numbers_follow_the_paper(edition):
    wrong = []
    for item in items(edition):
        if not re.match(r"(fig|tab)\d+-", item.slug):
            continue
        number, want = item.number(), slug_number(item.slug)
        label = "Figuur" if item.kind == "figure" else "Tabel"
        if number != want:
            wrong.append(f"{item.where}: numbered {label} {number}, the paper's number is {want}")
    if wrong:
        fail_listing("numbers differ from the paper (a figure is missing or out of order?)", wrong)


@pytest.mark.parametrize("edition", EDITION_PARAMS)
def test_figures_have_an_image_with_meaningful_alt_text(edition):
    problems = []
    for fig in figures(edition):
        imgs = list(fig.node.iter("img"))
        if not imgs:
            problems.append(f"{fig.where}: no <img>")
        for img in imgs:
            src = img.attrs.get("src", "")
            target = _target(fig.page, src)
            if target is None or not target.is_file():
                problems.append(f"{fig.where}: image {src!r} does not exist")
            problem = _meaningful_alt(img.attrs.get("alt", ""), src, fig.slug)
            if problem:
                problems.append(f"{fig.where}: {problem}")
    if problems:
        fail_listing("figures without a usable image or alt text:", problems)


@pytest.mark.parametrize("edition", EDITION_PARAMS)
def test_figures_have_a_caption_with_source(edition):
    problems = []
    for fig in figures(edition):
        captions = fig.source_block()
        text = " ".join(" ".join(c.text().split()) for c in captions)
        if not captions or not text.strip():
            problems.append(f"{fig.where}: no caption")
        elif not re.search(_source_line(fig.where), text):
            problems.append(f"{fig.where}: the caption has no 'Bron:' (English: 'Source:') line: {text[:120]!r}")
    if problems:
        fail_listing("figures without a caption naming the source:", problems)


@pytest.mark.parametrize("edition", EDITION_PARAMS)
def test_figures_offer_their_data_as_csv(edition):
    problems = []
    for fig in figures(edition):
        links = _csv_links(fig.source_block())
        if not links:
            problems.append(f"{fig.where}: no CSV download in the caption")
        for href in links:
            problem = _check_csv(fig.page, href, fig.slug, edition)
            if problem:
                problems.append(f"{fig.where}: {problem}")
    if problems:
        fail_listing("figures whose data cannot be downloaded:", problems)


@pytest.mark.parametrize("edition", EDITION_PARAMS)
def test_tables_have_source_and_csv(edition):
    tables = [i for i in items(edition) if i.kind == "table" and re.match(r"tab\d+-", i.slug)]
    if not tables:
        pytest.skip(f"edition {edition}: no numbered table (tabNN-...) in the book yet; "
                    "test_book_contains_every_figure_and_table reports the missing ones")
    problems = []
    for table in tables:
        blocks = table.source_block()
        text = " ".join(" ".join(b.text().split()) for b in blocks)
        if table.number() is None:
            problems.append(f"{table.where}: no numbered caption")
        if not re.search(_source_line(table.where), text):
            problems.append(f"{table.where}: no 'Bron:' (English: 'Source:') line with the table")
        links = _csv_links(blocks)
        if not links:
            problems.append(f"{table.where}: no CSV download with the table")
        for href in links:
            problem = _check_csv(table.page, href, table.slug, edition)
            if problem:
                problems.append(f"{table.where}: {problem}")
    if problems:
        fail_listing("tables without source or data:", problems)


@pytest.mark.parametrize("edition", EDITION_PARAMS)
def test_every_image_has_meaningful_alt_text(edition):
    problems = []
    for page in _pages(edition):
        for img in parse_html(SITE / page).iter("img"):
            if img.attrs.get("role") == "presentation" or img.attrs.get("aria-hidden") == "true":
                continue  # explicitly decorative
            src = img.attrs.get("src", "")
            problem = _meaningful_alt(img.attrs.get("alt", ""), src, "")
            if problem:
                problems.append(f"{page}:{img.line} <img src={src!r}>: {problem}")
    if problems:
        fail_listing("images without meaningful alt text:", problems)


def test_every_figure_has_its_files():
    """figures/<slug>.svg/.png/.pdf/.csv/.md/.json for every figure of the newest edition."""
    figures_dir = ROOT / "figures"
    missing = []
    for kind, slugs in expected_outputs(newest_edition()).items():
        suffixes = ("svg", "png", "pdf", "csv", "md", "json") if kind == "figure" else ("csv", "md", "json")
        for slug in slugs:
            lacking = [s for s in suffixes if not (figures_dir / f"{slug}.{s}").is_file()]
            if lacking:
                missing.append(f"figures/{slug}: no {', '.join('.' + s for s in lacking)}")
    if missing:
        fail_listing("files the notebooks did not write (or that are not committed)", missing)


# -- colours of the figure files -----------------------------------------------------------------

def _svg_files() -> list[Path]:
    """The committed figures/*.svg (the newest edition's) and those of the other tested editions."""
    files = sorted((ROOT / "figures").glob("*.svg"))
    for edition in EDITIONS:
        if edition != newest_edition():
            files += sorted(edition_figures_dir(edition).glob("*.svg"))
    return files


SVGS = _svg_files()
SVG_PARAMS = ([pytest.param(p, id=p.relative_to(ROOT).as_posix()) for p in SVGS]
              or [pytest.param(None, marks=pytest.mark.skip(reason="no figures/*.svg yet"))])

def test_colour_maths_is_right():
    """The helpers against published values, so that the checks below mean something."""
    assert abs(colourcheck.delta_e2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) - 2.0425) < 1e-3  # Sharma 2005
    assert abs(colourcheck.contrast(colourcheck.rgb("#767676"), colourcheck.rgb("#ffffff")) - 4.54) < 0.01   # the WCAG AA grey
    red, green = colourcheck.deuteranope(colourcheck.rgb("#ff0000")), colourcheck.deuteranope(colourcheck.rgb("#00a000"))
    assert colourcheck.delta_e2000(colourcheck.lab(red), colourcheck.lab(green)) < colourcheck.delta_e2000(colourcheck.lab(colourcheck.linear(colourcheck.rgb("#ff0000"))),
                                                               colourcheck.lab(colourcheck.linear(colourcheck.rgb("#00a000"))))


# -- reading matplotlib SVG ------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>", re.S)
_ATTR = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_NUM = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
_TRANSLATE = re.compile(rf"translate\(\s*({_NUM.pattern})[ ,]+({_NUM.pattern})")
_DATA_GROUPS = re.compile(r"(patch|PathCollection|PolyCollection|QuadMesh|line2d|LineCollection)")


def _style(attrs: dict) -> dict:
    out = {k: v for k, v in attrs.items() if k in ("fill", "stroke", "opacity", "fill-opacity")}
    for decl in (attrs.get("style") or "").split(";"):
        if ":" in decl:
            k, v = decl.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def _colour(value: str | None) -> tuple | None:
    if not value or not value.startswith("#"):
        return None  # none, url(#gradient), currentColor ...
    return colourcheck.rgb(value)


class SvgFigure:
    """Colours of a matplotlib SVG: filled data marks (patches, collections, lines in the axes)
    and text (glyph groups) with the point where the text starts."""

    def __init__(self, path: Path):
        self.path = path
        self.data: dict[str, tuple] = {}          # hex -> rgb (opacity applied on white)
        self.patches: list[tuple[tuple, tuple]] = []  # (bbox, rgb) of filled shapes, in paint order
        self.texts: list[tuple[str, tuple, tuple]] = []  # (group id, rgb, (x, y))
        self.shapes: dict[str, str] = {}              # id -> path data, for <use>
        self._read(path.read_text(encoding="utf-8"))

    def _read(self, svg: str) -> None:
        stack: list[tuple[str, dict]] = []  # (tag, attrs)
        for m in _TAG.finditer(svg):
            closing, tag, raw, selfclosing = m.group(1), m.group(2), m.group(3), m.group(4)
            if closing:
                while stack and stack.pop()[0] != tag:
                    pass
                continue
            attrs = {k: a if a is not None else b for k, a, b in _ATTR.findall(raw)}
            self._element(tag, attrs, stack)
            if not selfclosing:
                stack.append((tag, attrs))

    @staticmethod
    def _ids(stack) -> list[str]:
        return [a.get("id", "") for _, a in stack]

    @staticmethod
    def _bbox(d: str, dx: float = 0.0, dy: float = 0.0) -> tuple | None:
        points = [float(v) for v in _NUM.findall(d)]
        if len(points) < 4:
            return None
        xs, ys = points[0::2], points[1::2]
        return min(xs) + dx, min(ys) + dy, max(xs) + dx, max(ys) + dy

    def _element(self, tag: str, attrs: dict, stack) -> None:
        ids = self._ids(stack)
        if tag == "path" and attrs.get("id") and attrs.get("d"):
            self.shapes[attrs["id"]] = attrs["d"]  # a marker or glyph that <use> places
        if "defs" in [t for t, _ in stack]:
            return
        style = _style(attrs)
        in_axes = any(i.startswith("axes_") for i in ids)
        in_ticks = any(re.match(r"(x|y)tick_|matplotlib\.axis_", i) for i in ids)
        group = next((i for i in reversed(ids) if i), "")
        text_group = next((i for i in reversed(ids) if i.startswith("text_")), None)
        alpha = float(style.get("fill-opacity", 1)) * float(style.get("opacity", 1))
        fill = _colour(style.get("fill"))
        if text_group:
            if fill and tag in ("g", "text"):
                m = _TRANSLATE.search(attrs.get("transform", ""))
                if m:
                    self.texts.append((text_group, colourcheck.blend(fill, alpha), (float(m.group(1)), float(m.group(2)))))
                elif tag == "text":
                    self.texts.append((text_group, colourcheck.blend(fill, alpha),
                                       (float(attrs.get("x", 0)), float(attrs.get("y", 0)))))
            return
        if in_ticks or tag not in ("path", "use"):
            return
        if tag == "use":  # a marker (scatter point, line marker) placed at x, y
            ref = (attrs.get("xlink:href") or attrs.get("href") or "").lstrip("#")
            if ref not in self.shapes:
                return
            box = self._bbox(self.shapes[ref], float(attrs.get("x", 0)), float(attrs.get("y", 0)))
        else:
            box = self._bbox(attrs.get("d", ""))
        if fill and box and alpha > 0:
            self.patches.append((box, colourcheck.blend(fill, alpha)))
        if in_axes and _DATA_GROUPS.match(group):
            stroke = _colour(style.get("stroke")) if group.startswith(("line2d", "LineCollection")) else None
            for rgb in (fill, stroke):
                if rgb is not None:
                    rgb = colourcheck.blend(rgb, alpha)
                    self.data["#%02x%02x%02x" % tuple(round(c * 255) for c in rgb)] = rgb

    def data_colours(self) -> dict[str, tuple]:
        """The colours that encode data: not the white backgrounds, not the text and axis colours."""
        axis_greys = {"#ffffff", "#1a1a1a", "#4d4d4d", "#d9d9d9", "#000000"}
        return {h: rgb for h, rgb in self.data.items() if h not in axis_greys}

    def background_at(self, x: float, y: float) -> tuple:
        under = (1.0, 1.0, 1.0)
        for (x0, y0, x1, y1), rgb in self.patches:  # later shapes are painted on top
            if x0 <= x <= x1 and y0 <= y <= y1:
                under = rgb
        return under


@pytest.mark.parametrize("svg", SVG_PARAMS)
def test_data_colours_stay_distinct_for_deuteranopes(svg):
    colours = SvgFigure(svg).data_colours()
    close = []
    for (h1, c1), (h2, c2) in itertools.combinations(sorted(colours.items()), 2):
        d = colourcheck.delta_e2000(colourcheck.lab(colourcheck.deuteranope(c1)), colourcheck.lab(colourcheck.deuteranope(c2)))
        if d < MIN_DELTA_E:
            close.append(f"{h1} and {h2}: ΔE2000 {d:.1f} under deuteranopia (needs {MIN_DELTA_E:g})")
    fail_listing(f"{svg.relative_to(ROOT)}: data colours a reader with deuteranopia cannot tell apart "
                 f"(data colours: {', '.join(sorted(colours))})", close)


@pytest.mark.parametrize("svg", SVG_PARAMS)
def test_text_colours_have_enough_contrast(svg):
    fig = SvgFigure(svg)
    assert fig.texts, f"{svg.relative_to(ROOT)}: no text found (not a matplotlib SVG?)"
    weak = []
    for group, rgb, (x, y) in fig.texts:
        # the glyphs start at (x, y) on the baseline: sample just above it
        under = fig.background_at(x + 1.0, y - 2.0)
        ratio = colourcheck.contrast(rgb, under)
        if ratio < MIN_CONTRAST:
            hex_of = lambda c: "#%02x%02x%02x" % tuple(round(v * 255) for v in c)  # noqa: E731
            weak.append(f"{group}: {hex_of(rgb)} on {hex_of(under)} has contrast {ratio:.2f}:1")
    fail_listing(f"{svg.relative_to(ROOT)}: text below WCAG AA ({MIN_CONTRAST}:1)", sorted(set(weak)))
