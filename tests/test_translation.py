"""The English catalogues (locales/en/LC_MESSAGES) are complete, keep the book's markup and stay in
step with the Dutch text. No build needed: the checks read the .po files and the Dutch sources.

In step, both ways, without running Sphinx:
- every msgid still occurs in the Dutch file its `#:` location names (a changed Dutch paragraph
  makes its old entry stale: re-extract with tools/extract_messages.py, which turns it fuzzy);
- every paragraph, heading, list item, footnote and box title written in a page (index.md,
  chapters/*.md) outside the included figure snippets, or in a notebook's markdown cells
  (notebooks/*.ipynb; their outputs are written in each language by the notebook run), is a msgid
  of that page's catalogue (a new Dutch paragraph is noticed before anyone re-extracts).
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import nbformat
import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ROOT / "locales" / "en" / "LC_MESSAGES"
CATALOGUES = sorted(MESSAGES.rglob("*.po"))
# Where `#:` locations start from: the gettext output folder (<book>/_build/gettext), two levels
# below the book, whose layout mirrors the repository's (index.md, chapters/, figures/).
LOCATION_PREFIX = "../../"

ROLE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`")
LABELLED_ROLES = {"numref", "download"}      # their visible label is translated, the target not
EXPLICIT_TARGET = re.compile(r"^(?P<label>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
LINK = re.compile(r"\]\(([^()\s]+)\)")
FOOTNOTE_REF = re.compile(r"\[\^[\w-]+\]")
# Dutch number formats that must not survive in English: decimal comma before a percent sign
# ("95,0 %"), a space before a percent sign after a digit ("70 %"), thousands with dots
# ("120.000") — but not a version number such as "10.01" or "6.2.5".
DUTCH_NUMBER = re.compile(r"\d,\d+[ \u00a0]?%|\d[ \u00a0]%|(?<![\d.])\d{1,3}(?:\.\d{3})+(?![\d.])")


def _page(catalogue: Path) -> str:
    return catalogue.relative_to(MESSAGES).with_suffix("").as_posix()


def _ids(paths):
    return [_page(p) for p in paths]


def _roles(text: str) -> Counter:
    """Each MyST role as (name, target); for numref/download only the target and whether the
    label keeps the number placeholder %s."""
    found = Counter()
    for name, content in ROLE.findall(text):
        if name in LABELLED_ROLES:
            m = EXPLICIT_TARGET.match(content)
            if m:
                found[(name, m["target"], m["label"].count("%s"))] += 1
                continue
        found[(name, content)] += 1
    return found


def _squash(text: str) -> str:
    return " ".join(text.split())


def _markdown(page: Path) -> str:
    """What a person writes in a page: a MyST file's text, a notebook's markdown cells (not its
    code or outputs), cells separated by a blank line."""
    if page.suffix == ".ipynb":
        cells = nbformat.read(str(page), as_version=4).cells
        return "\n\n".join(c.source for c in cells if c.cell_type == "markdown")
    return page.read_text(encoding="utf-8")


def test_there_are_catalogues():
    assert (MESSAGES / "index.po").is_file()
    assert any(MESSAGES.glob("chapters/*.po")), "no chapter catalogue under locales/en/LC_MESSAGES"
    assert any(MESSAGES.glob("notebooks/*.po")), "no notebook catalogue under locales/en/LC_MESSAGES"


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_ids(CATALOGUES))
def test_catalogue_is_complete(catalogue):
    po = polib.pofile(str(catalogue))
    assert po.metadata.get("Language") == "en", f"{_page(catalogue)}: Language is not en"
    missing = [f"untranslated {e.occurrences}: {e.msgid[:80]!r}" for e in po.untranslated_entries()]
    fuzzy = [f"fuzzy (the Dutch changed) {e.occurrences}: {e.msgid[:80]!r}"
             for e in po.fuzzy_entries()]
    assert not missing + fuzzy, (f"{_page(catalogue)}: translate these entries "
                                 f"(locales/README.md):\n" + "\n".join(missing + fuzzy))


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_ids(CATALOGUES))
def test_translation_keeps_markup(catalogue):
    problems = []
    for entry in polib.pofile(str(catalogue)).translated_entries():
        where = f"{_page(catalogue)} ({', '.join(f'{f}:{n}' for f, n in entry.occurrences)})"
        nl, en = entry.msgid, entry.msgstr
        if _roles(nl) != _roles(en):
            problems.append(f"{where}: roles differ: {sorted(_roles(nl) - _roles(en))} "
                            f"missing, {sorted(_roles(en) - _roles(nl))} extra")
        if Counter(LINK.findall(nl)) != Counter(LINK.findall(en)):
            problems.append(f"{where}: link targets differ in {en[:60]!r}")
        if Counter(FOOTNOTE_REF.findall(nl)) != Counter(FOOTNOTE_REF.findall(en)):
            problems.append(f"{where}: footnote references differ in {en[:60]!r}")
        bad = DUTCH_NUMBER.findall(ROLE.sub("", en))
        if bad:
            problems.append(f"{where}: Dutch number format {bad} in {en[:60]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_ids(CATALOGUES))
def test_every_msgid_is_still_in_the_dutch_source(catalogue):
    stale = []
    for entry in polib.pofile(str(catalogue)):
        if entry.obsolete:
            continue
        files = {f for f, _ in entry.occurrences}
        assert files, f"{_page(catalogue)}: entry without a location: {entry.msgid[:60]!r}"
        texts = []
        for f in files:
            assert f.startswith(LOCATION_PREFIX) and not Path(f).is_absolute(), \
                f"{_page(catalogue)}: location {f!r} is not relative to the gettext folder"
            source = ROOT / f[len(LOCATION_PREFIX):]
            texts.append(_squash(_markdown(source)) if source.is_file() else "")
            if source == ROOT / "index.md":        # Sphinx files the toc's part captions here
                texts.append(_squash((ROOT / "_toc.yml").read_text(encoding="utf-8")))
        if not any(_squash(entry.msgid) in t for t in texts):
            stale.append(f"{sorted(files)}: {entry.msgid[:80]!r}")
    assert not stale, (f"{_page(catalogue)}: the Dutch text changed; re-extract "
                       f"(locales/README.md) and translate:\n" + "\n".join(stale))


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_ids(CATALOGUES))
def test_no_entry_for_what_the_notebooks_write(catalogue):
    """The figure and table snippets (figures/*.md) a chapter includes are written in English by the
    notebooks' English run: an entry for their Dutch text is never used, and as their alt texts hold
    the data's numbers, it would go stale at every data refresh (tools/extract_messages.py leaves
    them out)."""
    found = [e.msgid[:60] for e in polib.pofile(str(catalogue)) if not e.obsolete and e.occurrences
             and all(f.startswith(LOCATION_PREFIX + "figures/") for f, _ in e.occurrences)]
    assert not found, f"{_page(catalogue)}: entries for the notebooks' snippets: {found}"


# --- the other way: what a page writes is in its catalogue --------------------------------------
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
FOOTNOTE_DEF = re.compile(r"^\[\^[\w-]+\]:\s*")
HEADING = re.compile(r"^#{1,6}\s+")
FENCE = re.compile(r"^(`{3,}|:{3,})\s*(\{(?P<name>[\w-]+)\})?\s*(?P<arg>.*)$")
TITLED = {"admonition"}


def written_texts(markdown: str) -> list[str]:
    """Headings, paragraphs, list items, footnote texts and admonition titles of a MyST page,
    whitespace squashed; included snippets, directive options and targets left out."""
    texts, block, in_fence = [], [], None

    def flush():
        if not block:
            return
        items, current = [], []
        for line in block:
            if (LIST_ITEM.match(line) or FOOTNOTE_DEF.match(line)) and current:
                items.append(current)
                current = []
            current.append(line)
        items.append(current)
        for item in items:
            text = _squash(" ".join(item))
            if HEADING.match(text):
                text = HEADING.sub("", text)
            else:
                text = FOOTNOTE_DEF.sub("", LIST_ITEM.sub("", text))
            if text:
                texts.append(text)
        block.clear()

    for line in markdown.splitlines():
        fence = FENCE.match(line.strip())
        if fence and (in_fence is None or line.strip() == in_fence):
            flush()
            if in_fence is None:
                in_fence = fence.group(1)
                if fence["name"] in TITLED and fence["arg"]:
                    texts.append(_squash(fence["arg"]))
                if fence["name"] == "include":
                    in_fence = "include:" + in_fence
            else:
                in_fence = None
            continue
        if in_fence and in_fence.startswith("include:"):
            if line.strip() == in_fence.split(":", 1)[1]:
                in_fence = None
            continue
        if not line.strip():
            flush()
        elif in_fence and line.lstrip().startswith(":") and not block:
            continue                               # a directive option (:class: note)
        elif re.match(r"^\([\w-]+\)=\s*$", line):
            continue                               # a MyST target
        else:
            block.append(line)
    flush()
    return texts


PAGES = ([ROOT / "index.md"] + sorted((ROOT / "chapters").glob("*.md"))
         + sorted((ROOT / "notebooks").glob("*.ipynb")))


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_every_written_paragraph_is_in_the_catalogue(page):
    name = page.relative_to(ROOT).with_suffix("").as_posix()
    catalogue = MESSAGES / f"{name}.po"
    assert catalogue.is_file(), f"{name}: no English catalogue; see locales/README.md"
    msgids = {_squash(e.msgid) for e in polib.pofile(str(catalogue)) if not e.obsolete}
    new = [t[:80] for t in written_texts(_markdown(page)) if t not in msgids]
    assert not new, (f"{name}: Dutch text not in the English catalogue; re-extract "
                     f"(locales/README.md) and translate:\n" + "\n".join(new))


def test_written_texts_reads_the_page_structure():
    page = ("# Titel\n\nEen alinea\nover twee regels.\n\n- eerste punt\n- tweede\n  punt\n\n"
            "```{admonition} Een kader\n:class: note\nTekst in het kader.\n```\n\n"
            "```{include} ../figures/x.md\n```\n\n(doel)=\n## 1. Kop\n\n[^1]: Een voetnoot.\n"
            "[^2]: Nog een.\n")
    assert written_texts(page) == ["Titel", "Een alinea over twee regels.", "eerste punt",
                                   "tweede punt", "Een kader", "Tekst in het kader.", "1. Kop",
                                   "Een voetnoot.", "Nog een."]


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_ids(CATALOGUES))
def test_a_numbered_heading_stays_a_heading(catalogue):
    """Sphinx parses each translation on its own: "1. A Flemish ..." would be a numbered list, not the
    heading "1. Nu een Vlaamse ..." (a list item's msgid never keeps its number), and Sphinx would
    then keep the Dutch heading. The translation escapes the period: "1\\. A Flemish ..."."""
    bad = [e.msgstr[:60] for e in polib.pofile(str(catalogue)).translated_entries()
           if re.match(r"\d+\.\s", e.msgstr)]
    assert not bad, f"{_page(catalogue)}: write '1\\.' for a numbered heading: {bad}"
