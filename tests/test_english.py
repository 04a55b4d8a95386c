"""databook.translation: the Sphinx settings of the English render, and the check that stops a build
whose Dutch text the committed English catalogues no longer cover (on a small staged book, no build).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
import yaml

from databook import translation

ROOT = Path(__file__).resolve().parent.parent
PAGE = "chapters/06-aanbevelingen"


def _small_book(tmp_path: Path) -> Path:
    """A staged book with the repository's config, its front page and one chapter."""
    book = tmp_path / "stage"
    (book / "chapters").mkdir(parents=True)
    shutil.copyfile(ROOT / "_config.yml", book / "_config.yml")
    shutil.copyfile(ROOT / "index.md", book / "index.md")
    shutil.copyfile(ROOT / f"{PAGE}.md", book / f"{PAGE}.md")
    toc = {"format": "jb-book", "root": "index",
           "parts": [{"caption": "De paper", "chapters": [{"file": PAGE}]}]}
    (book / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    return book


def _paragraph(markdown: str) -> str:
    """The first plain paragraph of a page (not a heading, list, directive or role-only line)."""
    for block in markdown.split("\n\n"):
        block = block.strip()
        if block and block[0].isalpha() and "\n" not in block and "{" not in block:
            return block
    raise AssertionError("no plain paragraph")


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    return _small_book(tmp_path_factory.mktemp("i18n"))


def test_committed_catalogues_cover_the_small_book(small_book):
    assert translation.check(small_book, "en") == []


def test_a_changed_dutch_paragraph_is_named_with_its_page(small_book, tmp_path):
    book = tmp_path / "changed"
    shutil.copytree(small_book, book)
    page = book / f"{PAGE}.md"
    text = page.read_text(encoding="utf-8")
    old = _paragraph(text)
    new = "Een geheel nieuwe zin vooraan. " + old
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = translation.check(book, "en")
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{PAGE}: ")
    assert "Een geheel nieuwe zin vooraan." in problems[0]
    assert "not in the catalogue" in problems[0]


def test_fuzzy_and_untranslated_entries_are_problems(small_book, tmp_path):
    """A copy of the committed catalogues with one entry marked fuzzy and one emptied."""
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales" / "en", locales / "en")
    po_file = locales / "en" / "LC_MESSAGES" / f"{PAGE}.po"
    po = polib.pofile(str(po_file))
    entries = [e for e in po.translated_entries() if e.msgid.startswith(("Productievere", "Tijd dus"))]
    assert len(entries) == 2
    entries[0].flags.append("fuzzy")
    entries[1].msgstr = ""
    po.save(str(po_file))
    problems = translation.check(small_book, "en", locales=locales)
    assert sorted(problems) == sorted([
        f'{PAGE}: paragraph "{translation._start(entries[0].msgid)}": fuzzy (the Dutch changed since it was translated)',
        f'{PAGE}: paragraph "{translation._start(entries[1].msgid)}": untranslated',
    ])


def test_a_page_without_catalogue_is_a_problem(small_book, tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales" / "en", locales / "en")
    (locales / "en" / "LC_MESSAGES" / f"{PAGE}.po").unlink()
    problems = translation.check(small_book, "en", locales=locales)
    assert len(problems) == 1 and problems[0].startswith(f"{PAGE}: no en catalogue")


def test_the_original_needs_no_check_and_no_overrides(tmp_path):
    assert translation.check(tmp_path, "nl") == []
    assert translation.sphinx_overrides("nl") == {}


def test_english_overrides():
    cfg = translation.sphinx_overrides("en")
    assert cfg["language"] == "en"
    assert cfg["gettext_compact"] is False           # Sphinx looks up each page's own catalogue
    assert cfg["html_search_language"] == "en"
    assert all("%s" in v and not v.startswith(("Figuur", "Tabel")) for v in cfg["numfig_format"].values())
    cfg["numfig_format"]["figure"] = "x"               # a copy each time: no shared state
    assert translation.sphinx_overrides("en")["numfig_format"]["figure"] != "x"
    with pytest.raises(ValueError):
        translation.sphinx_overrides("fr")


def test_catalogue_locations_match_what_sphinx_extracts():
    """Every catalogue page is a page of the book (a renamed chapter leaves no orphan catalogue)."""
    messages = ROOT / "locales" / "en" / "LC_MESSAGES"
    pages = {p.relative_to(messages).with_suffix("").as_posix() for p in messages.rglob("*.po")}
    sources = {"index"} | {f"chapters/{p.stem}" for p in (ROOT / "chapters").glob("*.md")}
    assert pages == sources


# -- the register of claims in English -------------------------------------------------------------------

def test_every_claim_has_its_english_sentence_in_the_english_text():
    """Each entry's `en.claim` is the sentence the English edition prints: with its numbers written as
    the paper states them, it occurs in the chapter's English catalogue (glued numbers aside)."""
    import re

    from databook import claims

    glue = re.compile(r"\{glue:text\}`[^`]*`")
    number = re.compile(r"\d[\d.,]*%?")
    numref = re.compile(r"\{numref\}`(\w+) %s <[^>]*>`")
    missing = []
    for entry in claims.load_register():
        english = entry["en"]["claim"]
        catalogue = polib.pofile(str(ROOT / "locales" / "en" / "LC_MESSAGES" / "chapters" / f"{entry['chapter']}.po"))
        marked = [e.msgstr for e in catalogue if f"{{claim}}`{entry['id']}`" in e.msgstr]
        texts = marked + [e.msgstr for e in catalogue]  # a heading's claim is marked after the heading
        # compare with glued numbers and typed numbers both made a placeholder
        # (a glued value may hold a word too: "almost 260"; a {numref} reads "figure 5")
        pattern = re.escape(number.sub("#", english)).replace("\\#", "#").replace("\\ ", " ")
        pattern = re.sub(r"(\w+ )#", r"(?:\1)?#", pattern).replace("#", r"\S*?")
        if not any(re.search(pattern, number.sub("#", numref.sub(r"\1 #", glue.sub("#", t)))) for t in texts):
            missing.append(f"{entry['id']}: {english[:70]!r}")
    assert not missing, "English claims not in the English chapter text:\n" + "\n".join(missing)


def test_a_claim_without_its_english_is_refused(tmp_path):
    from databook import claims

    entries = claims.load_register()
    broken = [{k: v for k, v in entries[0].items() if k != "en"}]
    (tmp_path / f"{entries[0]['chapter']}.md").write_text("# x\n", encoding="utf-8")
    path = tmp_path / "claims.yml"
    path.write_text(yaml.safe_dump({"claims": broken}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(claims.ClaimsError, match="'en' must be a mapping"):
        claims.load_register(path)
    with_reason = {**entries[0], "not_testable": "reden {x}", "en": {"claim": "S.", "not_testable": "reason"}}
    path.write_text(yaml.safe_dump({"claims": [with_reason]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(claims.ClaimsError, match="same|key numbers"):
        claims.load_register(path)
