"""databook.translation: the Sphinx settings of the English render, and the check that stops a build
whose Dutch text the committed English catalogues no longer cover (on a small staged book, no build).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import polib
import pytest
import yaml

from conftest import NOT_BUILT, PDF_DIR, SITE, editions_under_test, fail_listing, parse_html
from databook import translation

ROOT = Path(__file__).resolve().parent.parent
PAGE = "chapters/06-aanbevelingen"


def _small_book(tmp_path: Path, page_file: str = f"{PAGE}.md") -> Path:
    """A staged book with the repository's config, its front page and one page (a chapter, or a notebook)."""
    book = tmp_path / "stage"
    (book / Path(page_file).parent).mkdir(parents=True)
    shutil.copyfile(ROOT / "_config.yml", book / "_config.yml")
    shutil.copyfile(ROOT / "index.md", book / "index.md")
    shutil.copyfile(ROOT / page_file, book / page_file)
    toc = {"format": "jb-book", "root": "index",
           "parts": [{"caption": "De paper", "chapters": [{"file": Path(page_file).with_suffix("").as_posix()}]}]}
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


@pytest.fixture(scope="module")
def small_book_messages(small_book, tmp_path_factory):
    """The small book's Dutch messages (.pot), extracted once for the tests that change only the
    catalogues (translation.check is extract, then compare)."""
    return translation.extract(small_book, tmp_path_factory.mktemp("i18n-pot"))


def test_committed_catalogues_cover_the_small_book(small_book_messages):
    assert translation.compare(small_book_messages, "en") == []


def test_the_stage_of_a_translation_after_its_render_yields_the_dutch_messages(tmp_path):
    """The English stage is configured in English, and its render compiles the catalogues (.mo)
    beside it: the check, run there again after a change, extracts the Dutch text all the same
    (not the toctree caption "The paper", translated before extraction)."""
    book = _small_book(tmp_path)
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    config["sphinx"]["config"].update(language="en", locale_dirs=["locales"])
    (book / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for page in ("index", PAGE):
        mo = book / "locales" / "en" / "LC_MESSAGES" / f"{page}.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        polib.pofile(str(ROOT / "locales" / "en" / "LC_MESSAGES" / f"{page}.po")).save_as_mofile(str(mo))
    messages = translation.extract(book, tmp_path / "pot")
    captions = [e.msgid for e in polib.pofile(str(messages / "index.pot"))]
    assert "De paper" in captions and "The paper" not in captions
    assert translation.compare(messages, "en") == []


def test_a_changed_dutch_paragraph_is_named_with_its_page(small_book, tmp_path):
    """translation.check (extract, then compare) on the small book with one Dutch paragraph changed."""
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


NOTEBOOK = "notebooks/fig07-vaardigheden-veranderen"


@pytest.fixture(scope="module")
def notebook_book(tmp_path_factory):
    """A staged book with the front page and one executed notebook (the committed one, with its
    Dutch outputs: a data card in Dutch, which the English notebook run writes in English itself)."""
    return _small_book(tmp_path_factory.mktemp("i18n-nb"), f"{NOTEBOOK}.ipynb")


def test_a_changed_dutch_notebook_paragraph_is_named_with_its_page(notebook_book, tmp_path):
    """The notebook's markdown cells are covered by its catalogue; its outputs are not messages
    (the committed notebook displays a Dutch data card, and the check of the unchanged book is empty)."""
    assert '"text/markdown"' in (notebook_book / f"{NOTEBOOK}.ipynb").read_text(encoding="utf-8")
    assert translation.check(notebook_book, "en") == []
    book = tmp_path / "changed"
    shutil.copytree(notebook_book, book)
    notebook = book / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(str(notebook), as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    old = next(p for p in cell.source.split("\n\n") if not p.startswith("#"))
    cell.source = cell.source.replace(old, "Een geheel nieuwe zin vooraan. " + old, 1)
    nbformat.write(nb, str(notebook))
    problems = translation.check(book, "en")
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{NOTEBOOK}: ")
    assert "Een geheel nieuwe zin vooraan." in problems[0]
    assert "not in the catalogue" in problems[0]


def test_fuzzy_and_untranslated_entries_are_problems(small_book_messages, tmp_path):
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
    problems = translation.compare(small_book_messages, "en", locales)
    assert sorted(problems) == sorted([
        f'{PAGE}: paragraph "{translation._start(entries[0].msgid)}": fuzzy (the Dutch changed since it was translated)',
        f'{PAGE}: paragraph "{translation._start(entries[1].msgid)}": untranslated',
    ])


def test_a_page_without_catalogue_is_a_problem(small_book_messages, tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales" / "en", locales / "en")
    (locales / "en" / "LC_MESSAGES" / f"{PAGE}.po").unlink()
    problems = translation.compare(small_book_messages, "en", locales)
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
    sources = ({"index"} | {f"chapters/{p.stem}" for p in (ROOT / "chapters").glob("*.md")}
               | {f"notebooks/{p.stem}" for p in (ROOT / "notebooks").glob("*.ipynb")})
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


# -- the published English edition (needs a build: ./book.sh build) -------------------------------------
# Every edition is published in Dutch (_build/html/<E>/) and in English (_build/html/<E>/en/).


SKIP_DIRS = {"_static", "_sources", "_images", "_downloads", "_sphinx_design_static"}


def _english_editions() -> list[str]:
    if not (SITE / "index.html").exists():
        pytest.skip(NOT_BUILT)
    return editions_under_test()   # the newest, or BOOK_TEST_EDITIONS=all


def _english_pages(edition: str) -> list[Path]:
    root = SITE / edition / "en"
    assert (root / "index.html").is_file(), f"edition {edition} has no English edition at {edition}/en/"
    return [p for p in sorted(root.rglob("*.html")) if not SKIP_DIRS & set(p.relative_to(root).parts)]


def _main_text_blocks(page: Path):
    """(tag, text) of the paragraphs, list items, headings, captions and table cells of a page's article,
    outside code and outside anything marked lang="nl" (a Dutch title or the link to the Dutch page)."""
    doc = parse_html(page)
    article = next((n for n in doc.iter() if "bd-article" in n.classes() or n.tag == "article"), doc)
    for node in article.iter():
        if node.tag not in ("p", "li", "h1", "h2", "h3", "figcaption", "td", "th", "caption"):
            continue
        if any(a.tag in ("pre", "code") or a.attrs.get("lang") == "nl" for a in node.ancestors()):
            continue
        if any(child.tag in ("p", "li", "ul", "ol") for child in node.iter() if child is not node):
            continue  # its paragraphs are checked themselves
        yield node.tag, " ".join(node.text().split())


def test_every_edition_is_published_in_english_with_lang_en():
    problems = []
    for edition in _english_editions():
        for page in _english_pages(edition):
            html_tag = next(parse_html(page).iter("html"), None)
            if html_tag is None or html_tag.attrs.get("lang") != "en":
                problems.append(f"{page.relative_to(SITE)}: <html lang={html_tag.attrs.get('lang') if html_tag else None!r}>")
    fail_listing("English pages without lang=\"en\":", problems)


# The stop-word heuristic: a block of at least 8 words is Dutch when more of its words are Dutch
# function words than English ones and they make up at least a fifth of it. Words both languages
# write ("in", "is", "over") count for neither; a Dutch title inside an English sentence does not
# tip a paragraph.
DUTCH_WORDS = set("de het een van en niet zijn voor met die dat op te aan wordt worden ook bij naar deze uit "
                  "door om maar als dan nog wel er zich heeft hebben werd kan moet geen meer".split())
ENGLISH_WORDS = set("the of and to a that for with on are as by this be not from or an it has have was were "
                    "which can must no more than its their".split())


# Dutch names an English text keeps as they are (the paper's title, web addresses): not counted.
KEPT_DUTCH = re.compile(r"naar een gerichte vlaamse talentstrategie|https?://\S+")


def dutch_share(text: str) -> tuple[int, int, int]:
    words = re.findall(r"[a-zà-ÿ]+", KEPT_DUTCH.sub(" ", text.lower()))
    return len(words), sum(w in DUTCH_WORDS for w in words), sum(w in ENGLISH_WORDS for w in words)


def is_dutch(text: str) -> bool:
    n, nl, en = dutch_share(text)
    return n >= 8 and nl > en and nl >= n / 5


def test_the_stop_word_heuristic():
    assert is_dutch("Deze pagina vergelijkt editie 2026 met editie 2025 en wordt bij elke build berekend.")
    assert not is_dutch("This page compares edition 2026 with edition 2025 and is computed at every build.")
    assert not is_dutch("Voka's paper Naar een gerichte Vlaamse talentstrategie (2025) argues for a targeted "
                        "talent strategy in Flanders, with training that matches what employers need.")
    assert not is_dutch("Source: Voka (2025), Naar een gerichte Vlaamse talentstrategie, figure 10.")
    assert is_dutch("Bron: Voka (2025), Naar een gerichte Vlaamse talentstrategie, op basis van de cijfers van de VDAB.")


def test_english_pages_have_no_dutch_paragraph():
    problems = []
    for edition in _english_editions():
        for page in _english_pages(edition):
            for tag, text in _main_text_blocks(page):
                if is_dutch(text):
                    problems.append(f"{page.relative_to(SITE)}: <{tag}> {text[:90]!r}")
    fail_listing("Dutch text on English pages (stop-word heuristic, see is_dutch):", problems)


# Dutch number formats (as in tests/test_translation.py): a decimal comma before a percent sign, a space
# before a percent sign, thousands with dots ("120.000"; not a version number such as 3.0.1).
DUTCH_NUMBER = re.compile(r"\d,\d+[ \u00a0]?%|\d[ \u00a0]%|(?<![\d.])[1-9]\d{0,2}(?:\.\d{3})+(?![\d.])")


# One point and three digits ("1.485", "47.715") is an English decimal number or a Dutch thousand: it
# is Dutch on an English page only when the Dutch page writes the very same (a Dutch page writes the
# decimal number "1,485").
AMBIGUOUS_NUMBER = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")


def _dutch_numbers(page: Path) -> set[str]:
    if not page.is_file():
        return set()
    return {n for _, text in _main_text_blocks(page) for n in DUTCH_NUMBER.findall(text)}


def test_numbers_on_english_pages_use_the_decimal_point():
    problems = []
    for edition in _english_editions():
        for page in _english_pages(edition):
            dutch = None
            for tag, text in _main_text_blocks(page):
                found = DUTCH_NUMBER.findall(text)
                if any(AMBIGUOUS_NUMBER.match(n) for n in found):
                    if dutch is None:
                        dutch = _dutch_numbers(SITE / edition / page.relative_to(SITE / edition / "en"))
                    found = [n for n in found if not AMBIGUOUS_NUMBER.match(n) or n in dutch]
                if found and not is_dutch(text):  # a Dutch block is reported by the test above
                    problems.append(f"{page.relative_to(SITE)}: <{tag}> {found} in {text[:70]!r}")
    fail_listing("Dutch number formats on English pages:", problems)


def _switch(page: Path) -> Path | None:
    link = next((a for a in parse_html(page).iter("a") if "language-switch" in a.classes()), None)
    if link is None:
        return None
    return (page.parent / link.attrs["href"]).resolve()


def test_each_dutch_chapter_links_to_its_english_page_and_back():
    problems = []
    for edition in _english_editions():
        dutch_root, english_root = SITE / edition, SITE / edition / "en"
        pages = [dutch_root / "index.html"] + sorted((dutch_root / "chapters").glob("*.html"))
        assert len(pages) > 1, f"{edition}: no chapters"
        for dutch in pages:
            english = english_root / dutch.relative_to(dutch_root)
            if _switch(dutch) != english.resolve():
                problems.append(f"{dutch.relative_to(SITE)} -> {_switch(dutch)} (expected {english.relative_to(SITE)})")
            elif not english.is_file():
                problems.append(f"{english.relative_to(SITE)}: missing")
            elif _switch(english) != dutch.resolve():
                problems.append(f"{english.relative_to(SITE)} -> {_switch(english)} (expected {dutch.relative_to(SITE)})")
    fail_listing("Language switch:", problems)


def test_english_pages_say_they_are_a_translation():
    problems = []
    for edition in _english_editions():
        for page in _english_pages(edition):
            if "translation-mark" not in page.read_text(encoding="utf-8"):
                problems.append(str(page.relative_to(SITE)))
    fail_listing("English pages without the translation note in the banner:", problems)


def test_published_english_editions_are_completely_translated():
    """No untranslated or fuzzy entry: the staged Dutch text of each published English edition is
    covered by the committed catalogues (the same check the build runs before it renders)."""
    from databook.layout import layout

    problems = []
    for edition in _english_editions():
        stage = layout(edition, "en").stage
        assert (stage / "_config.yml").is_file(), f"edition {edition}: no staged English book"
        problems += [f"{edition}: {p}" for p in translation.check(stage, "en")]
    fail_listing("Untranslated, fuzzy or missing English entries:", problems)


def test_english_pdf_says_it_is_english():
    from pypdf import PdfReader

    problems = []
    for edition in _english_editions():
        pdf = PDF_DIR / f"talentstrategie-{edition}-en.pdf"
        if not pdf.is_file():
            problems.append(f"{pdf.name}: missing")
            continue
        reader = PdfReader(pdf)
        lang = reader.trailer["/Root"].get("/Lang")
        title = (reader.metadata or {}).get("/Title", "")
        if lang != "en-GB":
            problems.append(f"{pdf.name}: /Lang {lang!r}, expected 'en-GB'")
        if "editie" in str(title):
            problems.append(f"{pdf.name}: Dutch title {title!r}")
    fail_listing("English PDFs:", problems)


def test_every_resource_of_the_data_package_has_its_english_texts():
    import json

    from databook import catalog

    texts = catalog.translated_resources("en")
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    problems = [f"{res['name']}: {problem}" for res in package["resources"]
                for problem in catalog.resource_problems(res, texts)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("change, named", [
    (lambda meta, texts: texts["resources"].pop(meta["name"]), "no title, unit, description under resources:"),
    (lambda meta, texts: meta.update(group="Nieuwe groep"), "no group 'Nieuwe groep' under groups:"),
    (lambda meta, texts: meta.update(publisher="Nieuwe uitgever"), "no publisher 'Nieuwe uitgever' under publishers:"),
    (lambda meta, texts: meta.update(accessed="2027 (kopie)"), "no access note '2027 (kopie)' under accessed:"),
    (lambda meta, texts: meta["licenses"][0].update(title="Vrij"), "no licence 'Vrij' under licences:"),
])
def test_what_a_resource_lacks_in_english_is_named(change, named):
    import copy

    from databook import catalog, data, editions

    meta = data.resource("lfs-participation-12m", editions.newest())
    texts = copy.deepcopy(catalog.translated_resources("en"))
    assert catalog.resource_problems(meta, texts) == []
    change(meta, texts)
    problems = catalog.resource_problems(meta, texts)
    assert len(problems) == 1 and problems[0].startswith(named), problems


def test_a_year_or_a_date_of_access_needs_no_translation():
    from databook import catalog, data, editions

    meta = data.resource("lfs-participation-12m", editions.newest())
    texts = catalog.translated_resources("en")
    for accessed in ("2027", "2027-07", "2027-07-01"):
        assert catalog.resource_problems(dict(meta, accessed=accessed), texts) == []


def test_a_resource_without_english_texts_stops_the_appendix():
    from databook import catalog

    with pytest.raises(ValueError, match="no entry for resource 'x-2030'"):
        catalog.translate_meta({"name": "x-2030", "title": "t"}, "en", {"resources": {}}, {})


# -- generated words in English (no build) ---------------------------------------------------------------

def test_language_switch_links_to_the_same_page_in_the_other_language():
    from databook import sphinx_edition

    dutch = sphinx_edition.language_switch("nl", "../", "chapters/02-productiviteit")
    english = sphinx_edition.language_switch("en", "../", "chapters/02-productiviteit")
    assert 'href="../en/chapters/02-productiviteit.html"' in dutch and ">English<" in dutch
    assert 'hreflang="en"' in dutch
    assert 'href="../../chapters/02-productiviteit.html"' in english and ">Nederlands<" in english
    assert "translation" in english and "Voka" in english      # an English page says it is a translation
    assert sphinx_edition.pdf_label("2026", "en") == "PDF edition 2026"


def test_changes_are_written_the_english_way():
    from databook import pages

    assert pages._difference(21.5, 35.5, 1, "%", "en") == "+14.0 percentage points"
    assert pages._difference(21.5, 35.5, 1, "%", "nl") == "+14,0 procentpunt"
    assert pages._difference(1332.6, 1196.0, 1, "", "en") == "\u2212136.6"
    assert pages._relative_change(100, 95, "en") == "\u22125.0%"
    assert pages._is_quantity("1,196.0", "en") and pages._is_quantity("35.5%", "en")
    assert not pages._is_quantity("2024", "en") and not pages._is_quantity("above", "en")
    assert pages._shown_decimals("35.5%", "en") == 1 and pages._shown_decimals("35,5 %", "nl") == 1
    assert pages._where("fig04-opleidingsdeelname-eu", "en") == "figure 4"


def test_generated_pages_have_english_words_for_every_dutch_one():
    """The words of the generated pages: the same keys in both languages, no Dutch left in English."""
    import yaml

    from databook import build_words as book_words

    def keys(d, prefix=""):
        return {prefix + k for k in d} | {x for k, v in d.items() if isinstance(v, dict)
                                           for x in keys(v, prefix + k + ".")}

    every = yaml.safe_load(book_words.FILE.read_text(encoding="utf-8"))
    assert sorted(every) == ["en", "nl"] and sorted(every["nl"]) == sorted(every["en"])
    for part in every["nl"]:
        nl, en = book_words.build_words(part, "nl"), book_words.build_words(part, "en")
        assert keys(nl) <= keys(en), (part, sorted(keys(nl) - keys(en)))
        assert not [t for t in strings(en) if is_dutch(t)], part
    assert [t for t in strings(book_words.build_words("pages", "nl")) if is_dutch(t)]  # the heuristic sees Dutch


def strings(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for v in value for s in strings(v)] if isinstance(value, list) else []


def test_a_missing_section_of_the_build_words_stops_with_file_and_section(tmp_path, monkeypatch):
    from databook import build_words as book_words

    only_dutch = tmp_path / "build-words.yml"
    only_dutch.write_text("nl:\n  pages: {title: Kerncijfers}\n", encoding="utf-8")
    monkeypatch.setattr(book_words, "FILE", only_dutch)
    assert book_words.build_words("pages", "nl") == {"title": "Kerncijfers"}
    with pytest.raises(book_words.WordsError, match=r"locales/build-words\.yml: no section 'en\.pages'"):
        book_words.build_words("pages", "en")


def test_the_banner_words_are_part_of_what_renders_a_book(tmp_path, monkeypatch):
    """The edition banner's words are written at render time: a change to them renders again."""
    from databook import paths, render

    (tmp_path / "databook").mkdir()
    (tmp_path / "databook" / "x.py").write_text("x = 1\n")
    (tmp_path / "locales").mkdir()
    words_file = tmp_path / "locales" / "build-words.yml"
    words_file.write_text("nl:\n  banner: {edition: editie}\n", encoding="utf-8")
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    before = render.toolchain_digest()
    words_file.write_text("nl:\n  banner: {edition: uitgave}\n", encoding="utf-8")
    assert render.toolchain_digest() != before


# -- the data's texts in English: checked before anything runs ---------------------------------------

def test_a_vintage_without_its_english_texts_stops_the_build_before_anything_runs(monkeypatch):
    """A maintainer adds a vintage to data/datapackage.json but not to locales/en/datapackage.yml: the
    build names the file, the resource and the missing fields before it executes a notebook."""
    import copy

    from databook import build, catalog, data, editions
    from databook.errors import BuildError

    edition = editions.newest()
    name = data.resource("lfs-participation-12m", edition)["name"]
    texts = copy.deepcopy(catalog.translated_resources("en"))
    del texts["resources"][name]["unit"], texts["resources"][name]["description"]
    monkeypatch.setattr(catalog, "translated_resources", lambda language: texts)
    assert catalog.untranslated(edition, "nl") == []

    def executed(*args, **kwargs):
        raise AssertionError("a notebook was executed")

    monkeypatch.setattr(build, "execute", executed)
    with pytest.raises(BuildError) as stopped:
        build.build([edition], languages=("nl", "en"), pdf=False, log=lambda *a: None)
    assert f"locales/en/datapackage.yml: resource '{name}'" in str(stopped.value)
    assert f"no unit, description under resources: {name}:" in str(stopped.value)
