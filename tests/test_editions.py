"""Editions as published: every edition side by side, the banner, PDFs, citation and changelog."""
import re

import pytest
import yaml

from databook import editions
from conftest import ROOT

SITE = ROOT / "_build" / "html"
EDITIONS = editions.list_editions()
NEWEST = EDITIONS[-1]

needs_site = pytest.mark.skipif(not (SITE / "index.html").exists(), reason="no built site: run ./book.sh build")


def test_there_are_two_real_editions_and_they_differ_in_their_reference_year():
    assert EDITIONS[:2] == ["2025", "2026"]
    first, newest = (editions.load_edition(e) for e in ("2025", "2026"))
    assert first.notebook_parameters("fig04-opleidingsdeelname-eu")["reference_year"] == 2022
    assert newest.notebook_parameters("fig04-opleidingsdeelname-eu")["reference_year"] == 2024


@needs_site
def test_root_page_lists_every_edition_and_points_to_the_newest():
    page = (SITE / "index.html").read_text(encoding="utf-8")
    assert 'lang="nl"' in page
    for name in EDITIONS:
        assert f'href="{name}/index.html"' in page
        assert f'href="{name}/talentstrategie-{name}.pdf"' in page
    assert f"Lees de nieuwste editie ({NEWEST})" in page


@needs_site
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_of_an_edition_says_which_edition_it_is(edition):
    pages = [p for p in (SITE / edition).rglob("*.html") if "_static" not in p.parts]
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        banner = re.search(r'bd-header-announcement__content">(.*?)</div>', text, re.S)
        assert banner, f"{page}: no edition banner"
        assert f"U leest editie {edition}" in banner.group(1), page
        if edition != NEWEST:
            assert f"nieuwste editie: <a href=" in banner.group(1) and f"editie {NEWEST}" in banner.group(1)
    assert (SITE / edition / f"talentstrategie-{edition}.pdf").stat().st_size > 100_000
    assert (ROOT / "_build" / "pdf" / f"talentstrategie-{edition}.pdf").exists()


@needs_site
def test_only_later_editions_have_a_change_page():
    assert not (SITE / EDITIONS[0] / "bijlagen" / "wijzigingen.html").exists()
    for name in EDITIONS[1:]:
        page = (SITE / name / "bijlagen" / "wijzigingen.html").read_text(encoding="utf-8")
        assert f"vergelijkt editie {name} met editie {editions.previous(name)}" in page


@needs_site
def test_change_page_of_the_newest_edition_shows_the_new_reference_year():
    page = (SITE / "2026" / "bijlagen" / "wijzigingen.html").read_text(encoding="utf-8")
    assert "21,5\u00a0%" in page and "35,5\u00a0%" in page  # Belgium, LFS 12 months, 2022 -> 2024
    assert "referentiejaar van figuur 4: 2022 → 2024" in page
    assert "België 2024 (breuk in de reeks)" in page  # the series break


def test_citation_and_changelog_carry_the_newest_edition():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["version"]) == NEWEST
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for name in EDITIONS:
        assert f"## Editie {name}" in changelog
