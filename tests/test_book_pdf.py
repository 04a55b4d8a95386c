"""The PDF of every edition (_build/pdf/talentstrategie-<edition>.pdf), as readers get it.

- every page is A4 (595 x 842 pt, within 1 pt);
- every font is embedded (pdffonts: emb = yes), so it prints and displays the same everywhere;
- the text can be extracted (pdftotext) and holds the title and the table of contents;
- the list of figures ("Lijst van figuren", Dutch babel) has exactly Figuur 1..N, N the number of
  figures of the book (the notebooks in _toc.yml, the chapters' snippets, the data cards), with the
  figures' titles; the list of tables likewise Tabel 1..T; every figure and table caption is in
  the text; no unresolved reference ("figuur %s", "??") is printed;
- the page count is sane (20-200);
- every page is rendered to PNG (pdftoppm, low resolution) in tests/artifacts/pdf-<edition>/ for a
  human to look at.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import (ARTIFACTS, PDF_DIR, ROOT, edition_figures_dir, edition_names,
                      expected_outputs, fail_listing, figure_cards, editions_under_test)

pytestmark = pytest.mark.book

A4 = (595.276, 841.890)
TOLERANCE_PT = 1.0
PAGES_MIN, PAGES_MAX = 20, 200
TITLE = "Naar een gerichte Vlaamse talentstrategie"
PREVIEW_DPI = 50
POPPLER = ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm")


def _pdf(edition: str) -> Path:
    return PDF_DIR / f"talentstrategie-{edition}.pdf"


PARAMS = [pytest.param(e, marks=[] if _pdf(e).exists() else pytest.mark.skip(
    reason=f"no {_pdf(e).relative_to(ROOT)}: the book is not built (run `./book.sh build` first)"))
    for e in editions_under_test() or edition_names()[-1:]] or [pytest.param(None, marks=pytest.mark.skip(reason="no editions/*.yml"))]


def _run(*cmd: str) -> str:
    missing = [t for t in POPPLER if shutil.which(t) is None]
    if missing:
        pytest.fail(f"poppler-utils missing ({', '.join(missing)}): apt-get install poppler-utils")
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=120)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed: {proc.stderr.strip()[:500]}"
    return proc.stdout


def _norm(text: str) -> str:
    """NFKC (the TeX Gyre 'ĳ' ligature becomes 'ij'), one space between words."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _squash(text: str) -> str:
    """For comparing titles: no spaces, hyphens or quotes (line breaks and hyphenation in lists)."""
    return re.sub(r"[\s\-‐‑–'’‘\"“”]", "", unicodedata.normalize("NFKC", text)).lower()


_text_cache: dict[str, list[str]] = {}


def pages_text(edition: str) -> list[str]:
    """pdftotext -layout, one string per page, NFKC-normalised."""
    if edition not in _text_cache:
        out = _run("pdftotext", "-layout", "-enc", "UTF-8", str(_pdf(edition)), "-")
        _text_cache[edition] = [unicodedata.normalize("NFKC", p) for p in out.split("\f")]
    return _text_cache[edition]


def _list_section(pages: list[str], heading: str, ends: tuple[str, ...]) -> list[str]:
    """The pages of a list (of figures/tables): from the page whose first line is heading up to
    the page where one of ends starts."""
    def first_line(page):
        return next((line.strip() for line in page.splitlines() if line.strip()), "")

    start = next((i for i, p in enumerate(pages) if first_line(p).lower() == heading.lower()), None)
    if start is None:
        return []
    section = [pages[start]]
    for page in pages[start + 1:]:
        if any(first_line(page).lower().startswith(e.lower()) for e in ends) or \
                re.match(r"(HOOFDSTUK|Hoofdstuk)\b", first_line(page)):
            break
        section.append(page)
    return section


def list_entries(section: list[str]) -> list[int]:
    """The entry numbers of a LaTeX list of figures/tables, in order: a number at the left margin
    followed by the caption. Per page the first and last lines (heading or running header; folio
    or running footer) are not entries; continuation lines of a long caption are indented."""
    lines = []
    for page in section:
        body = [line for line in page.splitlines() if line.strip()]
        lines += body[1:-1]
    candidates = [(len(m.group(1)), int(m.group(2))) for line in lines
                  if (m := re.match(r"^(\s*)(\d+)\s+\S", line))]
    if not candidates:
        return []
    margin = min(indent for indent, _ in candidates)
    return [number for indent, number in candidates if indent <= margin + 1]


def _front_matter_title() -> str:
    """The first chapter after the lists, unnumbered (no 'HOOFDSTUK' line): index.md's first '## '."""
    lines = (ROOT / "index.md").read_text(encoding="utf-8").splitlines()
    return next((l[3:].strip() for l in lines if l.startswith("## ")), "Over dit boek")


def _expected(edition: str) -> tuple[dict[str, list[str]], dict[str, dict]]:
    return expected_outputs(edition), figure_cards(edition_figures_dir(edition))


# -- the checks --------------------------------------------------------------------------------------

@pytest.mark.parametrize("edition", PARAMS)
def test_every_page_is_a4(edition):
    from pypdf import PdfReader

    wrong = []
    for number, page in enumerate(PdfReader(_pdf(edition)).pages, start=1):
        box = page.cropbox if page.cropbox is not None else page.mediabox
        size = sorted((float(box.width), float(box.height)))
        if page.get("/Rotate", 0) % 180:
            size = size[::-1]
        if abs(size[0] - A4[0]) > TOLERANCE_PT or abs(size[1] - A4[1]) > TOLERANCE_PT:
            wrong.append(f"page {number}: {size[0]:.1f} x {size[1]:.1f} pt")
    if wrong:
        fail_listing(f"{_pdf(edition).name}: pages that are not A4 (595 x 842 pt)", wrong)
    assert "A4" in _run("pdfinfo", str(_pdf(edition))), "pdfinfo does not report A4"


@pytest.mark.parametrize("edition", PARAMS)
def test_every_font_is_embedded(edition):
    out = _run("pdffonts", str(_pdf(edition))).splitlines()
    assert len(out) >= 2 and out[1].startswith("---"), f"unexpected pdffonts output: {out[:3]}"
    # columns are fixed width: the dashes of the second line give them
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", out[1])]
    names = [out[0][a:b].strip() for a, b in spans]
    emb = names.index("emb")
    fonts = [[line[a:b].strip() for a, b in spans] for line in out[2:] if line.strip()]
    assert fonts, f"{_pdf(edition).name}: pdffonts lists no font (no text?)"
    not_embedded = [f"{f[0]} ({f[1]})" for f in fonts if f[emb] != "yes"]
    if not_embedded:
        fail_listing(f"{_pdf(edition).name}: fonts not embedded", not_embedded)


@pytest.mark.parametrize("edition", PARAMS)
def test_text_is_extractable(edition):
    text = _norm("\n".join(pages_text(edition)))
    assert len(text) > 10_000, f"{_pdf(edition).name}: only {len(text)} characters of text extractable"
    assert TITLE in text, f"{_pdf(edition).name}: the title {TITLE!r} is not in the extracted text"
    assert "Inhoudsopgave" in text, f"{_pdf(edition).name}: no 'Inhoudsopgave' (table of contents)"
    assert f"Editie {edition}" in text, f"{_pdf(edition).name}: does not say 'Editie {edition}'"


@pytest.mark.parametrize("edition", PARAMS)
def test_list_of_figures_is_complete(edition):
    expected, cards = _expected(edition)
    n = len(expected["figure"])
    section = _list_section(pages_text(edition), "Lijst van figuren", ("Lijst van tabellen",))
    assert section, f"{_pdf(edition).name}: no 'Lijst van figuren' page"
    entries = list_entries(section)
    assert entries == list(range(1, n + 1)), (
        f"{_pdf(edition).name}: the list of figures has entries {entries}, expected Figuur 1..{n} "
        f"({', '.join(expected['figure'])})")
    listed = _squash(" ".join(section))
    missing = [f"{slug}: {cards[slug]['title']!r}" for slug in expected["figure"]
               if slug in cards and _squash(cards[slug]["title"]) not in listed]
    if missing:
        fail_listing(f"{_pdf(edition).name}: figures missing from the list of figures", missing)


@pytest.mark.parametrize("edition", PARAMS)
def test_every_figure_caption_is_in_the_text(edition):
    expected, _ = _expected(edition)
    text = _norm("\n".join(pages_text(edition)))
    missing = [f"Figuur {k}:" for k in range(1, len(expected["figure"]) + 1) if f"Figuur {k}:" not in text]
    if missing:
        pytest.fail(f"{_pdf(edition).name}: figure captions not in the text: {missing}", pytrace=False)


@pytest.mark.parametrize("edition", PARAMS)
def test_every_table_is_present(edition):
    expected, cards = _expected(edition)
    t = len(expected["table"])
    pages = pages_text(edition)
    section = _list_section(pages, "Lijst van tabellen", (_front_matter_title(),))
    assert section, f"{_pdf(edition).name}: no 'Lijst van tabellen' page"
    entries = list_entries(section)
    assert entries == list(range(1, t + 1)), (
        f"{_pdf(edition).name}: the list of tables has entries {entries}, expected Tabel 1..{t} "
        f"({', '.join(expected['table'])})")
    text = _norm("\n".join(pages))
    missing = [f"Tabel {k}:" for k in range(1, t + 1) if f"Tabel {k}:" not in text]
    listed = _squash(" ".join(section))
    missing += [f"{slug}: {cards[slug]['title']!r}" for slug in expected["table"]
                if slug in cards and _squash(cards[slug]["title"]) not in listed]
    if missing:
        fail_listing(f"{_pdf(edition).name}: tables missing", missing)


@pytest.mark.parametrize("edition", PARAMS)
def test_no_unresolved_references(edition):
    found = []
    for number, page in enumerate(pages_text(edition), start=1):
        for line in page.splitlines():
            if re.search(r"%s|\?\?", line):
                found.append(f"page {number}: {' '.join(line.split())[:120]}")
    if found:
        fail_listing(f"{_pdf(edition).name}: unresolved references printed in the PDF "
                           f"(a {{numref}}/{{ref}} whose target is missing)", found)


@pytest.mark.parametrize("edition", PARAMS)
def test_page_count_is_sane(edition):
    from pypdf import PdfReader

    count = len(PdfReader(_pdf(edition)).pages)
    assert PAGES_MIN <= count <= PAGES_MAX, f"{_pdf(edition).name}: {count} pages"


@pytest.mark.parametrize("edition", PARAMS)
def test_pages_render_to_images_for_review(edition):
    """Every page as PNG in tests/artifacts/pdf-<edition>/ (gitignored), for a human to look at."""
    from pypdf import PdfReader

    out = ARTIFACTS / f"pdf-{edition}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    _run("pdftoppm", "-png", "-r", str(PREVIEW_DPI), str(_pdf(edition)), str(out / "page"))
    images = sorted(out.glob("page-*.png"))
    count = len(PdfReader(_pdf(edition)).pages)
    assert len(images) == count, f"pdftoppm rendered {len(images)} of {count} pages into {out}"
    empty = [p.name for p in images if p.stat().st_size < 200]
    if empty:
        pytest.fail(f"pages that did not render: {empty}", pytrace=False)


# == The PDF as a publication (issue 13) ==================================================================
#
# - every word lies inside the text block, its running header or its footer (pdftotext -bbox);
#   the text block is the one LaTeX reports (databook-textblock in the log, see _config.yml);
# - no overfull box wider than OVERFULL_PT in the LaTeX log;
# - no empty or header-only page;
# - the table of contents numbers each entry once; the paper's chapters are numbered 1..n in the
#   order of _toc.yml, the front matter is not, the appendices are lettered;
# - no code-style printouts (pandas reprs, Python strings, build instructions);
# - the title page and the colophon give the edition's date (colophon.date_text), the colophon the
#   reference to cite, every dataset's vintage and the commit;
# - document metadata: title, author, subject, keywords, language nl-BE;
# - every figure's and table's CSV is attached to the PDF, byte for byte the edition's file.

import xml.etree.ElementTree as ET  # noqa: E402

import yaml  # noqa: E402

from conftest import BUILD  # noqa: E402

OVERFULL_PT = 3.0
WORD_TOLERANCE_PT = 3.0  # as OVERFULL_PT: a word may stick out as far as a tolerated overfull line
BP_PER_PT = 72 / 72.27
MIN_BODY_WORDS = 5
MIN_BODY_INK = 0.01


def _latex_log(edition: str) -> Path:
    return BUILD / "editions" / edition / "jb" / "_build" / "latex" / "talentstrategie.log"


def _log_text(edition: str) -> str:
    log = _latex_log(edition)
    if not log.exists():
        pytest.skip(f"no LaTeX log {log.relative_to(ROOT)}")
    return log.read_text(encoding="latin-1")


def text_block(edition: str) -> dict[str, float]:
    """left, right, top, bottom of the text block and the header top and footer bottom, in PDF
    points from the top-left corner, as LaTeX reported them."""
    flat = "".join(_log_text(edition).splitlines())
    match = re.search(r"databook-textblock:(.*?footskip=[\d.]+pt)", flat)
    assert match, f"{_latex_log(edition).name}: no 'databook-textblock' line (see _config.yml's preamble)"
    v = {k: float(n) * BP_PER_PT for k, n in re.findall(r"(\w+)=\s*([\d.]+)pt", match.group(1))}
    return {"left": v["left"], "right": v["left"] + v["width"], "top": v["top"],
            "bottom": v["top"] + v["height"], "header_top": v["top"] - v["headsep"] - v["headheight"],
            "footer_bottom": v["top"] + v["height"] + v["footskip"] + 4}


_words_cache: dict[str, list[list[tuple]]] = {}


def page_words(edition: str) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, (xMin, yMin, xMax, yMax, word) of every word (pdftotext -bbox)."""
    if edition not in _words_cache:
        out = _run("pdftotext", "-bbox", "-enc", "UTF-8", str(_pdf(edition)), "-")
        root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
        pages = []
        for page in root.iter("page"):
            pages.append([(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                           float(w.get("yMax")), w.text or "") for w in page.iter("word")])
        _words_cache[edition] = pages
    return _words_cache[edition]


@pytest.mark.parametrize("edition", PARAMS)
def test_every_word_is_inside_the_text_block(edition):
    box, tol = text_block(edition), WORD_TOLERANCE_PT
    outside = []
    for number, words in enumerate(page_words(edition), start=1):
        for x0, y0, x1, y1, word in words:
            where = []
            if x0 < box["left"] - tol or x1 > box["right"] + tol:
                where.append(f"x {x0:.0f}-{x1:.0f} outside {box['left']:.0f}-{box['right']:.0f}")
            if y0 < box["header_top"] - tol or y1 > box["footer_bottom"] + tol:
                where.append(f"y {y0:.0f}-{y1:.0f} outside the page's header-to-footer area")
            elif y1 > box["bottom"] + 8 and y0 < box["bottom"] + (box["footer_bottom"] - box["bottom"]) / 2:
                where.append(f"y {y0:.0f}-{y1:.0f} below the text block ({box['bottom']:.0f}), above the footer")
            if where:
                outside.append(f"page {number}: {word!r} ({'; '.join(where)})")
    fail_listing(f"{_pdf(edition).name}: {len(outside)} word(s) outside the text block", outside[:60])


@pytest.mark.parametrize("edition", PARAMS)
def test_no_overfull_boxes(edition):
    lines = _log_text(edition).splitlines()
    found = []
    for i, line in enumerate(lines):
        m = re.match(r"Overfull \\[hv]box \(([\d.]+)pt too (?:wide|high)\) (.*)", line)
        if m and float(m.group(1)) > OVERFULL_PT:
            context = lines[i + 1].strip() if i + 1 < len(lines) else ""
            found.append(f"{m.group(1)}pt {m.group(2)}: {context[:100]}")
    fail_listing(f"{_latex_log(edition).name}: boxes wider than {OVERFULL_PT} pt (text beyond the margin)", found)


@pytest.mark.parametrize("edition", PARAMS)
def test_no_empty_or_header_only_pages(edition):
    from PIL import Image

    box = text_block(edition)
    out = ARTIFACTS / f"pdf-ink-{edition}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    _run("pdftoppm", "-gray", "-r", "30", str(_pdf(edition)), str(out / "p"))
    images = sorted(out.glob("p-*.pgm"))
    empty = []
    for number, (words, image) in enumerate(zip(page_words(edition), images), start=1):
        body = [w for w in words if box["top"] - 2 <= w[1] and w[3] <= box["bottom"] + 4]
        img = Image.open(image)
        scale = img.width / A4[0]
        crop = img.crop((int(box["left"] * scale), int(box["top"] * scale),
                         int(box["right"] * scale), int(box["bottom"] * scale)))
        ink = sum(crop.histogram()[:200]) / max(crop.width * crop.height, 1)
        if len(body) < MIN_BODY_WORDS and ink < MIN_BODY_INK:
            empty.append(f"page {number}: {len(body)} word(s) and {ink:.1%} ink in the text block")
    shutil.rmtree(out, ignore_errors=True)
    fail_listing(f"{_pdf(edition).name}: empty or near-empty pages", empty)


def _toc_lines(edition: str) -> list[str]:
    section = _list_section(pages_text(edition), "Inhoudsopgave", ("Lijst van figuren",))
    assert section, f"{_pdf(edition).name}: no 'Inhoudsopgave' page"
    return [" ".join(line.split()) for page in section for line in page.splitlines() if line.strip()]


def _chapter_titles() -> tuple[list[str], list[str]]:
    """(the paper's chapters, appendices) as the first heading of each file of _toc.yml's parts."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    titles = []
    for part in toc["parts"]:
        names = []
        for chapter in part["chapters"]:
            md = ROOT / f"{chapter['file']}.md"
            if md.exists():
                first = next((l for l in md.read_text(encoding="utf-8").splitlines() if l.startswith("# ")), "")
                names.append(first[2:].strip())
        titles.append(names)
    return titles[0], titles[1] if len(titles) > 1 else []


@pytest.mark.parametrize("edition", PARAMS)
def test_table_of_contents_numbers_each_entry_once(edition):
    lines = _toc_lines(edition)
    doubled = [l for l in lines if re.match(r"^[\dA-Z]+(\.\d+)+\s+\d+\.\s", l)]
    fail_listing(f"{_pdf(edition).name}: table-of-contents entries numbered twice", doubled)
    paper, _ = _chapter_titles()
    numbered = [t for t in paper if t != "Bronnen"]
    text = _squash(" ".join(lines))
    missing = [f"{k} {t}" for k, t in enumerate(numbered, start=1) if _squash(f"{k} {t}") not in text]
    fail_listing(f"{_pdf(edition).name}: the paper's chapters are not numbered 1..{len(numbered)} in the "
                 "table of contents", missing)
    assert not re.search(r"^\d+\s+Over dit boek", "\n".join(lines), re.M), \
        "'Over dit boek' (front matter) must not be numbered"
    assert re.search(r"^A\s+\S", "\n".join(lines), re.M), "the appendices are not lettered (A, B, ...)"


CODE_PRINTOUTS = [
    (r"\\\s*$", "a pandas continuation backslash"),
    (r"^\s*'[^']*'\s*$", "a Python string printed as a value"),
    (r"<IPython\.|<matplotlib\.|dtype:|Name: \w+, dtype", "a Python object representation"),
    (r"(^|\s)-p \w+ ", "a Papermill command-line option"),
    (r"\.venv/|papermill notebooks/", "a build instruction"),
]


@pytest.mark.parametrize("edition", PARAMS)
def test_no_code_style_printouts(edition):
    found = []
    for number, page in enumerate(pages_text(edition), start=1):
        for line in page.splitlines():
            for pattern, what in CODE_PRINTOUTS:
                if re.search(pattern, line):
                    found.append(f"page {number}: {what}: {' '.join(line.split())[:100]!r}")
    fail_listing(f"{_pdf(edition).name}: code-style printouts", found)


@pytest.mark.parametrize("edition", PARAMS)
def test_title_page_and_colophon(edition):
    from databook import colophon, editions

    ed = editions.load_edition(edition)
    pages = [_norm(p) for p in pages_text(edition)]
    date = colophon.date_text(ed)
    assert date in pages[0], f"the title page does not give the edition's date {date!r}: {pages[0][:200]!r}"
    later_years = [y for y in re.findall(r"\b(20\d\d)\b", pages[0]) if int(y) > int(edition[:4])]
    assert not later_years, f"the title page of edition {edition} is dated later: {later_years}"
    colo = next((p for p in pages[:4] if "Colofon" in p), None)
    assert colo, "no colophon ('Colofon') on the first pages"
    expected = [f"Editie {edition}", colophon.reference(ed), "Licentie"]
    expected += [d for d in ed.datasets] + list(dict.fromkeys(ed.datasets.values()))
    built = colophon.commit()
    if built:
        expected.append(built[0])
    missing = [e for e in expected if _squash(e) not in _squash(colo)]
    fail_listing("the colophon lacks", missing)


@pytest.mark.parametrize("edition", PARAMS)
def test_document_metadata(edition):
    from pypdf import PdfReader

    reader = PdfReader(_pdf(edition))
    info = reader.metadata or {}
    for key in ("/Title", "/Author", "/Subject", "/Keywords"):
        assert str(info.get(key, "")).strip(), f"{_pdf(edition).name}: no {key} in the document information"
    assert TITLE in str(info["/Title"])
    lang = reader.trailer["/Root"].get("/Lang")
    assert lang == "nl-BE", f"{_pdf(edition).name}: /Lang is {lang!r}, expected 'nl-BE'"


@pytest.mark.parametrize("edition", PARAMS)
def test_every_figure_and_table_carries_its_data(edition):
    """Each figure's and table's CSV is attached to the PDF (a file attachment where its caption
    says 'Gegevens (CSV)'), with the bytes of the edition's figures/<slug>.csv."""
    from pypdf import PdfReader

    attached = {}
    for page in PdfReader(_pdf(edition)).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/FileAttachment":
                spec = annot["/FS"].get_object()
                name = str(spec.get("/UF") or spec.get("/F"))
                attached[name.rsplit("/", 1)[-1]] = spec["/EF"]["/F"].get_object().get_data()
    expected, _ = _expected(edition)
    folder = edition_figures_dir(edition)
    problems = []
    for slug in expected["figure"] + expected["table"]:
        own = folder / f"{slug}.csv"
        if f"{slug}.csv" not in attached:
            problems.append(f"{slug}.csv is not attached")
        elif own.exists() and attached[f"{slug}.csv"] != own.read_bytes():
            problems.append(f"{slug}.csv attached differs from {own.relative_to(ROOT)}")
    fail_listing(f"{_pdf(edition).name}: figures and tables whose data the PDF does not carry", problems)
