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
