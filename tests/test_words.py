"""The words beside the notebooks (notebooks/<stem>.meta.yml) and the notebooks' one shape.

For every notebook that has its words beside it:
- the words file has a section per language, with the same keys in each (a word missing in one
  language would stop that language's build);
- the parameters cell follows the one convention: `edition`, `output_dir`, `language = "nl"`, then
  the notebook's own parameters, each defaulting to None (= from the edition file, else from the data);
- the notebook names itself once, by its file name, and checks no claims (the register does).
"""
import ast
import json
import re

import pytest

from conftest import ROOT
from databook import language, words

NOTEBOOKS = sorted(p.with_suffix("").with_suffix("").name for p in (ROOT / "notebooks").glob("*.meta.yml"))


def _cells(stem: str) -> list[dict]:
    return json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]


def test_the_converted_notebooks_are_there():
    assert {"fig01-groei-productiviteit", "fig02-stem-aanwervingen", "fig03-mismatch-studieniveau",
            "fig04-opleidingsdeelname-eu", "fig05-skills-index"} <= set(NOTEBOOKS)
    assert all((ROOT / "notebooks" / f"{stem}.ipynb").exists() for stem in NOTEBOOKS)


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_every_language_has_the_same_words(stem):
    raw = words.load_raw(stem)
    keys = {lang: words.keys(raw[lang]) for lang in language.LANGUAGES}
    for lang in language.LANGUAGES:
        assert keys[lang] == keys[language.ORIGINAL], (
            f"{stem}.meta.yml: only in {language.ORIGINAL}: {sorted(keys[language.ORIGINAL] - keys[lang])}; "
            f"only in {lang}: {sorted(keys[lang] - keys[language.ORIGINAL])}")
    code = "".join("".join(c["source"]) for c in _cells(stem) if c["cell_type"] == "code")
    if re.search(r"run\.(figure|table)\(", code):  # kerncijfers publishes key numbers only
        assert {"title", "caption"} <= keys[language.ORIGINAL]


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_parameters_follow_the_one_convention(stem):
    cell = next(c for c in _cells(stem) if "parameters" in c["metadata"].get("tags", []))
    assigned = [(s.targets[0].id, ast.literal_eval(s.value)) for s in ast.parse("".join(cell["source"])).body
                if isinstance(s, ast.Assign)]
    assert [name for name, _ in assigned[:3]] == ["edition", "output_dir", "language"]
    assert assigned[2][1] == language.ORIGINAL
    own = assigned[3:]
    assert all(value is None for _, value in own), f"{stem}: own parameters default to None: {own}"
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name, _ in own)


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_the_notebook_names_itself_once_and_checks_no_claims(stem):
    code = "".join("".join(c["source"]) for c in _cells(stem) if c["cell_type"] == "code")
    assert re.findall(r"Run\(\"([^\"]+)\"", code) == [stem]
    assert code.count(stem) == 1
    assert "run.claim(" not in code and "language=language" in code


# -- the key numbers' language-neutral spec (`facts:`) and Run.facts ------------------------------------------

FACT_WORDS = ("facts:\n"
              "  aandeel: {unit: \"%\", decimals: 1, status: paper, dataset: paper-fig07-skills-change}\n"
              "  jaar: {status: source, dataset: paper-fig07-skills-change}\n"
              "  beide: {decimals: 0, status: computed, dataset: [paper-fig07-skills-change, paper-fig06-willingness]}\n"
              "nl:\n  facts: {aandeel: \"Aandeel, {{ year }}\", jaar: Jaar, beide: Beide}\n"
              "en:\n  facts: {aandeel: \"Share, {{ year }}\", jaar: Year, beide: Both}\n")
STEM = "fig07-vaardigheden-veranderen"


@pytest.fixture
def fact_words(tmp_path, monkeypatch):
    monkeypatch.setattr(words, "NOTEBOOKS", tmp_path)
    file = tmp_path / f"{STEM}.meta.yml"
    file.write_text(FACT_WORDS, encoding="utf-8")
    return file


def _run(tmp_path, language="nl"):
    from databook import Run
    run = Run(STEM, edition="2025", output_dir=tmp_path / "out", language=language)
    run.load("paper-fig07-skills-change")
    run.load("paper-fig06-willingness")
    return run


def test_the_facts_section_is_read_in_its_order_beside_the_languages(fact_words):
    specs = words.fact_specs(STEM)
    assert list(specs) == ["aandeel", "jaar", "beide"]
    assert (specs["aandeel"].unit, specs["aandeel"].decimals, specs["aandeel"].status) == ("%", 1, "paper")
    assert specs["jaar"].decimals is None and specs["jaar"].unit == ""
    assert specs["beide"].datasets == ("paper-fig07-skills-change", "paper-fig06-willingness")
    assert words.Words(STEM, "en")("facts.jaar") == "Year"  # the language sections read as before


@pytest.mark.parametrize("spec, message", [
    ("{unit: \"%\", decimals: 1, status: guessed, dataset: d}", "facts.x: status must be one of computed, source, paper"),
    ("{decimals: one, status: source, dataset: d}", "facts.x: decimals must be a whole number"),
    ("{decimals: 1, status: source}", "facts.x: dataset must name"),
    ("{decimals: 1, status: source, dataset: d, colour: red}", r"facts.x: unknown field\(s\) \['colour'\]"),
    ("95", "facts.x: expected a mapping"),
])
def test_a_bad_fact_spec_names_the_file_and_key(fact_words, spec, message):
    fact_words.write_text(FACT_WORDS.replace("facts:\n", f"facts:\n  x: {spec}\n", 1), encoding="utf-8")
    with pytest.raises(words.WordsError, match=f"notebooks/{STEM}.meta.yml: {message}"):
        words.fact_specs(STEM)


def test_a_section_that_is_neither_a_language_nor_facts_fails(fact_words):
    fact_words.write_text(FACT_WORDS + "fr:\n  facts: {}\n", encoding="utf-8")
    with pytest.raises(words.WordsError, match=f"notebooks/{STEM}.meta.yml: expected one section per language"):
        words.load_raw(STEM)


@pytest.mark.parametrize("language, share", [("nl", "12,3\u00a0%"), ("en", "12.3%")])
def test_run_facts_publishes_in_the_specs_order_with_its_unit_decimals_status_and_source(
        fact_words, tmp_path, language, share):
    run = _run(tmp_path, language)
    run.facts({"beide": 3.4, "jaar": 2024, "aandeel": 12.345}, year=2023)
    published = run.key_numbers
    assert [f.id for f in published] == ["aandeel", "jaar", "beide"]
    assert [f.text for f in published] == [share, "2024", "3"]
    assert [f.status for f in published] == ["paper", "source", "computed"]
    assert published[0].label == ("Aandeel, 2023" if language == "nl" else "Share, 2023")
    assert published[0].source == run.source_line("paper-fig07-skills-change")
    assert published[2].source == run.source_line("paper-fig07-skills-change", "paper-fig06-willingness")
    assert published[0].unit == "%" and published[1].value == 2024.0


@pytest.mark.parametrize("values, message", [
    ({"aandeel": 1.0, "jaar": 2024, "beide": 1, "nieuw": 2}, r"no 'facts.nieuw' .*\['nieuw'\]"),
    ({"aandeel": 1.0, "beide": 1}, r"'facts.jaar' specifies key number\(s\) \['jaar'\] that the notebook does not"),
    ({"aandeel": 1.0, "jaar": 2024.5, "beide": 1}, r"'facts.jaar' has no decimals \(a year"),
])
def test_run_facts_and_the_spec_must_hold_the_same_keys(fact_words, tmp_path, values, message):
    run = _run(tmp_path)
    with pytest.raises(words.WordsError, match=f"notebooks/{STEM}.meta.yml: {message}"):
        run.facts(values, year=2023)
    assert run.key_numbers == []  # checked before any is published


def test_run_facts_needs_the_dataset_loaded(fact_words, tmp_path):
    from databook import Run
    run = Run(STEM, edition="2025", output_dir=tmp_path / "out")
    run.load("paper-fig07-skills-change")
    with pytest.raises(words.WordsError, match=r"'facts.beide': dataset\(s\) \['paper-fig06-willingness'\] not loaded"):
        run.facts({"aandeel": 1.0, "jaar": 2024, "beide": 1}, year=2023)
    assert run.key_numbers == []


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_every_specified_fact_has_a_label_in_every_language(stem):
    specs = words.fact_specs(stem)  # also checks each spec's fields
    raw = words.load_raw(stem)
    for lang in language.LANGUAGES:
        labelled = set((raw[lang] or {}).get("facts") or {})
        assert not set(specs) - labelled, f"{stem}.meta.yml: no label in '{lang}' for {sorted(set(specs) - labelled)}"
