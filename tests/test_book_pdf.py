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
                      expected_outputs, fail_listing, figure_cards)

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
    for e in edition_names()] or [pytest.param(None, marks=pytest.mark.skip(reason="no editions/*.yml"))]


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
    section = _list_section(pages, "Lijst van tabellen", ())
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
