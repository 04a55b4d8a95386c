"""The register of the paper's claims (chapters/claims.yml) and its evaluation (databook/claims.py):
structure, anchors in the chapters, every rule evaluable in every edition, bad rules stopping the build
with the entry named, and the notes in the built book. (A claim broken by changed data, published with
the editor's note beside it, is built in a copy by tests/test_build.py.)"""
import csv
import re
from pathlib import Path

import pytest
import yaml

from conftest import SITE, built_editions, edition_figures_dir, edition_names
from databook import claims

MARKER = re.compile(r"\{claim\}`([^`]+)`")
ENTRIES = yaml.safe_load(claims.REGISTER.read_text(encoding="utf-8"))["claims"]


def _figures_or_skip(edition: str) -> Path:
    figures = edition_figures_dir(edition)
    if not (figures / "kerncijfers.csv").exists():
        pytest.skip(f"edition {edition} has not run (no {figures / 'kerncijfers.csv'}): run ./book.sh build")
    return figures


def test_every_entry_has_the_fields_and_a_unique_id():
    assert claims.load_register()  # raises on a missing field, an unknown field or a duplicate id
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids))
    for e in ENTRIES:
        assert {"id", "chapter", "claim", "datasets", "numbers"} <= set(e), e.get("id")
        assert "rule" in e or "not_testable" in e, e["id"]


def test_every_claim_has_exactly_one_anchor_in_its_chapter_and_every_anchor_a_claim():
    anchors = {}
    for page in sorted(claims.REGISTER.parent.glob("*.md")):
        for found in MARKER.findall(page.read_text(encoding="utf-8")):
            anchors.setdefault(found, []).append(page.stem)
    for e in ENTRIES:
        assert anchors.get(e["id"]) == [e["chapter"]], f"{e['id']}: anchors in {anchors.get(e['id'])}"
    assert set(anchors) == {e["id"] for e in ENTRIES}


@pytest.mark.parametrize("edition", edition_names())
def test_every_key_number_exists_and_every_rule_evaluates(edition):
    figures = _figures_or_skip(edition)
    facts = claims.key_numbers(figures)
    for e in ENTRIES:
        assert set(e["numbers"]) <= set(facts), f"{e['id']}: {set(e['numbers']) - set(facts)}"
    results = claims.evaluate(edition, figures, _figures_or_skip(edition_names()[0]))
    assert [r.id for r in results] == [e["id"] for e in ENTRIES]
    for r in results:
        assert r.status in claims.STATUSES
        assert (r.status == "not-testable") == bool(r.reason), r.id
        if r.status == "not-supported":
            assert r.note, f"{r.id}: a claim the data do not support must carry a note"


def test_known_statuses_of_the_committed_data():
    """Facts of the committed data: the leaders are 2 to 3 times Belgium in 2022 but not in 2024 (break in
    series); the training sub-pillar of the ESI has Belgium above the derived EU mean; the AES supports
    'ondermaats in vergelijking met ... buurlanden'."""
    first = edition_names()[0]  # the paper's edition; later editions keep 2025 and 2026 as published
    by_id = {e: {r.id: r for r in claims.evaluate(e, _figures_or_skip(e), _figures_or_skip(first))}
             for e in ("2025", "2026")}
    assert by_id["2025"]["prod-koplopers"].status == "supported"
    assert by_id["2025"]["prod-koplopers"].note == ""  # the paper's edition: no note where nothing differs
    assert by_id["2026"]["prod-koplopers"].status == "not-supported"
    assert "1,3 tot 1,7 keer" in by_id["2026"]["prod-koplopers"].note
    assert "breuk in de reeks" in by_id["2026"]["prod-koplopers"].note
    assert by_id["2025"]["prod-esi-slecht"].status == "not-supported"
    assert by_id["2026"]["prod-vl-slechter"].status == "not-testable"
    assert "geen Vlaams cijfer voor 2024" in by_id["2026"]["prod-vl-slechter"].reason
    for e in ("2025", "2026"):
        assert by_id[e]["ess-buurlanden"].status == "supported"


def _register_with(tmp_path: Path, **changes) -> Path:
    (tmp_path / "02-productiviteit.md").write_text("# x\n", encoding="utf-8")
    entry = {"id": "x-koplopers", "chapter": "02-productiviteit", "claim": "Zin.",
             "datasets": ["lfs-participation-12m"], "numbers": ["koplopers_factor_min"],
             "rule": "koplopers_factor_min >= 1.95", **changes}
    entry.setdefault("en", {"claim": "Sentence.", **{f: entry[f] for f in ("not_testable", "note") if f in entry}})
    path = tmp_path / "claims.yml"
    path.write_text(yaml.safe_dump({"claims": [entry]}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("changes, message", [
    ({"numbers": ["koplopers_factor_minimum"], "rule": "koplopers_factor_minimum > 1"}, "unknown key number"),
    ({"rule": "koplopers_factor_min >="}, "not a valid expression"),
    ({"rule": "koplopers_factr_min > 1"}, "not among its numbers"),
    ({"rule": "koplopers_factor_min + 1"}, "must be true or false"),
    ({"note": "in {referentiejaar}"}, "names key number {referentiejaar}"),
])
def test_a_rule_that_cannot_be_evaluated_stops_with_the_entry_named(tmp_path, changes, message):
    figures = _figures_or_skip(edition_names()[-1])
    with pytest.raises(claims.ClaimsError) as err:
        claims.evaluate(edition_names()[-1], figures, register=_register_with(tmp_path, **changes))
    assert "x-koplopers" in str(err.value) and message in str(err.value)


def test_a_malformed_register_is_refused(tmp_path):
    path = _register_with(tmp_path)
    entries = yaml.safe_load(path.read_text())["claims"]
    path.write_text(yaml.safe_dump({"claims": entries * 2}), encoding="utf-8")
    with pytest.raises(claims.ClaimsError, match="used twice"):
        claims.load_register(path)
    path.write_text(yaml.safe_dump({"claims": [{**entries[0], "rule": None, "status": "x"}]}), encoding="utf-8")
    with pytest.raises(claims.ClaimsError, match="unknown field"):
        claims.load_register(path)


# -- the built book -----------------------------------------------------------------------------------

def _text(html_file: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main") or soup
    return _normal(main.get_text(" "))


def _normal(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("...", "…")  # Sphinx's smart quotes
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"([(‘+]) ", r"\1", text)  # get_text(" ") puts a space between an element and its neighbours
    return re.sub(r" (%|\.|,|\)|’)", r"\1", text).replace("% -", "%-").replace(" -tal", "-tal")


@pytest.mark.book
def test_edition_2025_reproduces_the_papers_sentences_verbatim():
    if "2025" not in built_editions():
        pytest.skip("edition 2025 is not built")
    pages = {}
    for e in ENTRIES:
        pages.setdefault(e["chapter"], _text(SITE / "2025" / "chapters" / f"{e['chapter']}.html"))
        # the book adds cross-references (e.g. "(tabel 2)") before a sentence's final full stop
        assert _normal(e["claim"]).rstrip(".") in pages[e["chapter"]], e["id"]


@pytest.mark.book
@pytest.mark.parametrize("edition", edition_names())
def test_the_claims_csv_and_page_of_each_edition(edition):
    if edition not in built_editions():
        pytest.skip(f"edition {edition} is not built")
    found = sorted((SITE / edition / "_downloads").rglob("toetsing.csv"))
    assert len(found) == 1, found
    with found[0].open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {"id", "chapter", "claim", "status", "evidence"} <= set(rows[0])
    assert [r["id"] for r in rows] == [e["id"] for e in ENTRIES]
    assert {r["status"] for r in rows} <= set(claims.STATUSES)
    page = (SITE / edition / "bijlagen" / "toetsing.html").read_text(encoding="utf-8")
    for e in ENTRIES:  # every claim links to its sentence in the chapter
        assert f'{e["chapter"]}.html#claim-{e["id"]}"' in page, e["id"]
    chapter = (SITE / edition / "chapters" / "02-productiviteit.html").read_text(encoding="utf-8")
    assert 'id="claim-prod-koplopers"' in chapter


@pytest.mark.book
def test_a_claim_the_newest_data_do_not_support_has_a_visible_note_and_keeps_the_papers_words():
    newest = edition_names()[-1]
    if newest not in built_editions():
        pytest.skip("the newest edition is not built")
    text = _text(SITE / newest / "chapters" / "02-productiviteit.html")
    assert "twee tot drie keer hoger ligt." in text
    assert f"Noot van de redactie, editie {newest}:" in text
    html = (SITE / newest / "chapters" / "02-productiviteit.html").read_text(encoding="utf-8")
    assert 'class="claim-note claim-not-supported"' in html
