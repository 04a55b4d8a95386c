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
        english = page.relative_to(SITE / edition).parts[0] == "en"
        says = f"You are reading edition {edition}" if english else f"U leest editie {edition}"
        assert says in banner.group(1), page
        # which edition is the newest comes from the site root's editions.js, never from the page
        # itself: a published edition is not rendered again when a newer one appears
        assert "edition-newest" in banner.group(1) and "editions.js" in banner.group(1), page
        assert f"{'edition' if english else 'editie'} {NEWEST}" not in banner.group(1) or edition == NEWEST, page
    assert (SITE / edition / f"talentstrategie-{edition}.pdf").stat().st_size > 100_000
    assert (ROOT / "_build" / "pdf" / f"talentstrategie-{edition}.pdf").exists()


@needs_site
def test_editions_js_names_the_newest_edition_and_every_edition():
    script = (SITE / "editions.js").read_text(encoding="utf-8")
    assert f'"newest": "{NEWEST}"' in script
    for name in EDITIONS:
        assert f'"name": "{name}"' in script


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


# -- edition files are checked before anything runs (issue 12.4) ----------------------------------

def _edition_dir(tmp_path, change) -> str:
    """A copy of editions/ whose newest file is changed by `change(text) -> text`; returns its name."""
    for name in EDITIONS:
        (tmp_path / f"{name}.yml").write_text((ROOT / "editions" / f"{name}.yml").read_text(encoding="utf-8"))
    path = tmp_path / f"{NEWEST}.yml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return NEWEST


def _error(tmp_path, change) -> str:
    name = _edition_dir(tmp_path, change)
    with pytest.raises(editions.EditionError) as caught:
        editions.load_edition(name, tmp_path)
    return str(caught.value)


def _line_of(tmp_path, text) -> int:
    lines = (tmp_path / f"{NEWEST}.yml").read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, line in enumerate(lines) if text in line)


def test_the_real_editions_pass_the_schema():
    for name in EDITIONS:
        assert editions.load_edition(name).datasets


def test_a_misspelt_parameter_name_is_an_error_naming_file_and_line(tmp_path):
    message = _error(tmp_path, lambda t: t.replace("reference_year:", "reference_yaer:"))
    line = _line_of(tmp_path, "reference_yaer")
    assert f"{NEWEST}.yml, line {line}: notebook 'fig04-opleidingsdeelname-eu' has no parameter " \
           "'reference_yaer' (its parameters: reference_year)" in message


def test_a_parameter_name_that_is_code_is_rejected(tmp_path):
    message = _error(tmp_path, lambda t: t.replace(
        "    reference_year:", "    \"x = 1\\nimport os; os.system('id')\\ny\": 1\n    reference_year:"))
    assert "does not match" in message and "import os" in message


@pytest.mark.parametrize("change, expected", [
    (lambda t: t + "\nextra_key: 1\n", "unknown key 'extra_key'"),
    (lambda t: t.replace('pwt-belgium: "10.01"', "pwt-belgium: 10.01"), "'datasets.pwt-belgium': 10.01 is not of type 'string'"),
    (lambda t: re.sub(r"reference_year: \d+", 'reference_year: "2024"', t), "is not of type 'integer'"),
    (lambda t: re.sub(r"reference_year: \d+", "reference_year: 1066", t), "1066 is less than the minimum of 2000"),
    (lambda t: t.replace("parameters:\n", "parameters:\n  fig99-bestaat-niet:\n    x: 1\n"),
     "parameters for notebook 'fig99-bestaat-niet', which does not exist"),
    (lambda t: t.replace("    reference_year:", "    output_dir: /etc\n    reference_year:"),
     "'output_dir' is set by the build"),
])
def test_unknown_keys_wrong_types_and_values_out_of_range_are_errors(tmp_path, change, expected):
    message = _error(tmp_path, change)
    assert expected in message and f"{NEWEST}.yml, line " in message


def test_yaml_aliases_are_refused_before_they_expand(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    message = _error(tmp_path, lambda t: t + bomb)
    assert "anchors and aliases" in message and f"line {_line_of(tmp_path, 'a: &a')}" in message


def test_an_edition_name_is_one_of_the_files_in_editions():
    for name in ("../../evil", "/etc/passwd", "2025.yml", ""):
        with pytest.raises(editions.EditionError, match="does not exist"):
            editions.load_edition(name)
