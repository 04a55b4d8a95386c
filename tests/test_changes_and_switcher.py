"""The change page reads for readers (no slugs or parameter names, one decimal rule, a real minus sign,
a note where a break in series lies under a change, old and new figure side by side, claims whose status
changed) and the edition switcher points to the same page in the other edition."""
import re

import pytest

from conftest import SITE, built_editions, edition_names
from databook import editions, pages, sphinx_edition

HEADER = "notebook,id,label,value,text,unit,status,source\n"


def _edition_pair(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "kerncijfers.csv").write_text(
        HEADER + 'fig04-x,be,"Deelname, België",21.5,"21,5 %",%,source,Bron: x\n'
        'fig04-x,n,Aantal N,1250,1.250,,source,Bron: y\n')
    (new / "kerncijfers.csv").write_text(
        HEADER + 'fig04-x,be,"Deelname, België",35.5,"35,5 %",%,source,Bron: x\n'
        'fig04-x,n,Aantal N,1100,1.100,,source,Bron: y\n')
    (old / "fig04-x.csv").write_text("naam,jaar,value,flag\nBelgië,2022,21.5,\n")
    (new / "fig04-x.csv").write_text("naam,jaar,value,flag\nBelgië,2024,35.5,b\n")
    for d in (old, new):
        (d / "fig04-x.json").write_text('{"kind": "figure", "title": "Deelname aan opleiding", '
                                        '"notebook": "notebooks/fig04-x.ipynb", "alt": "Staafdiagram"}')
        (d / "fig04-x.svg").write_text("<svg/>")
    ed_old = editions.Edition("2025", "Editie 2025", "", {}, {"fig04-x": {"reference_year": 2022}})
    ed_new = editions.Edition("2026", "Editie 2026", "", {}, {"fig04-x": {"reference_year": 2024}})
    return ed_new, ed_old, new, old


def test_change_page_has_plain_dutch_labels_one_decimal_rule_and_a_real_minus(tmp_path):
    ed_new, ed_old, new, old = _edition_pair(tmp_path)
    page = pages.changes_page(ed_new, ed_old, new, old, [], "vorige")
    text = re.sub(r"\]\([^)]*\)|```\{image\}[^\n]*", "", page)  # link targets and file names are not read
    prose = re.sub(r"\{\w+\}`[^`]*`|`{3,}[^\n]*", "", text)  # roles and directive fences are markup
    assert "fig04-x" not in prose and "reference_year" not in prose and "`" not in prose  # no code, no slugs
    assert "referentiejaar van figuur 4: 2022 → 2024" in page
    assert "+14,0 procentpunt" in page  # as many decimals as the number shows
    assert "\u2212150" in page and "\u221212,0\u00a0%" in page  # a real minus sign, absolute and relative
    assert "-150" not in page
    assert "breuk in de reeks (België 2024)" in page  # where the number is, not only in a list below
    assert "Figuur 4: België 2024 (breuk in de reeks)" in page
    # the old and the new figure side by side
    assert "```{image} vorige/fig04-x.*" in page and "```{image} ../figures/fig04-x.*" in page
    assert page.index("**Editie 2025**") < page.index("**Editie 2026**")


def test_change_page_lists_the_claims_whose_status_changed(tmp_path):
    from databook.claims import Result

    ed_new, ed_old, new, old = _edition_pair(tmp_path)
    now = Result("prod-x", "02-productiviteit", "Twee tot drie keer.", "not-supported", "", "in 2024: 1,3 keer",
                 "", (), ())
    page = pages.changes_page(ed_new, ed_old, new, old, [(now, "supported")], "vorige")
    assert "{ref}`Twee tot drie keer. <claim-prod-x>`: editie 2025 ondersteund, editie 2026 niet ondersteund" in page


def test_editions_script_lists_each_editions_pages(tmp_path):
    for name, pages_ in (("2025", ["index", "chapters/a"]), ("2026", ["index", "chapters/a", "bijlagen/w"])):
        for p in pages_:
            (tmp_path / name / f"{p}.html").parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / f"{p}.html").write_text("<html></html>")
        (tmp_path / name / "_static").mkdir()
        (tmp_path / name / "_static" / "x.html").write_text("")
    script = sphinx_edition.editions_script(tmp_path, ["2025", "2026"], "2026")
    assert '"bijlagen/w"' in script and "_static" not in script.split("(function")[0]
    assert '"pdfLabel": "PDF editie 2025"' in script


def _open(page, url):
    page.goto(url)
    page.wait_for_load_state("load")


@pytest.mark.book
def test_switcher_goes_to_the_same_page_in_the_other_edition(browser):
    built = built_editions()
    if len(built) < 2:
        pytest.skip("needs two built editions")
    old, newest = built[-2], built[-1]   # the newest and its predecessor

    def links_to_every_other_edition(here: str, page_name: str, hrefs: list[str]) -> None:
        """One link per other built edition: to the same page there, or to its first page without one."""
        expected = {e: f"/{e}/{page_name}" if (SITE / e / page_name).exists() else f"/{e}/index.html"
                    for e in built if e != here}
        linked = {e: [h for h in hrefs if f"/{e}/" in h] for e in expected}
        assert all(len(found) == 1 and found[0].endswith(expected[e]) for e, found in linked.items()), linked

    context = browser.new_context()
    try:
        page = context.new_page()
        _open(page, (SITE / old / "chapters" / "02-productiviteit.html").as_uri())
        hrefs = page.eval_on_selector_all(".edition-switch a.edition-link", "els => els.map(e => e.href)")
        links_to_every_other_edition(old, "chapters/02-productiviteit.html", hrefs)
        assert f"PDF editie {old}" in page.inner_text(".edition-switch")
        # a page the first edition does not have (no previous edition to compare with): its first page
        assert not (SITE / built[0] / "bijlagen" / "wijzigingen.html").exists()
        _open(page, (SITE / newest / "bijlagen" / "wijzigingen.html").as_uri())
        hrefs = page.eval_on_selector_all(".edition-switch a.edition-link", "els => els.map(e => e.href)")
        links_to_every_other_edition(newest, "bijlagen/wijzigingen.html", hrefs)
        assert any(h.endswith(f"/{built[0]}/index.html") for h in hrefs)
        assert f"PDF editie {newest}" in page.inner_text(".edition-switch")
    finally:
        context.close()
    root = (SITE / "index.html").read_text(encoding="utf-8")
    for name in built:
        assert f"PDF editie {name}</a>" in root


@pytest.mark.book
def test_changed_figure_is_marked_in_the_chapter_with_a_link_to_the_change_page():
    """A fact of the committed data: figure 4's data changed from edition 2025 to 2026 (it stays
    published as built when later editions come)."""
    edition = "2026"
    if edition not in built_editions():
        pytest.skip(f"edition {edition} is not built")
    html = (SITE / edition / "chapters" / "02-productiviteit.html").read_text(encoding="utf-8")
    mark = re.search(r'<span class="figure-changed">.*?href="([^"]+)".*?gewijzigd in editie (\d+)', html, re.S)
    assert mark and mark.group(1).startswith("../bijlagen/wijzigingen.html") and mark.group(2) == edition
    changes = (SITE / edition / "bijlagen" / "wijzigingen.html").read_text(encoding="utf-8")
    assert "edition-compare" in changes and "\u2212" in changes
