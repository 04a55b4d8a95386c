"""Notebooks run with other Papermill parameters change their table, figure data and text together.

A run with the edition's own parameters is what the build made (read from _build/ while the build's
execution is current, databook.execute.reusable; executed here otherwise), so that only the runs with
other parameters execute a notebook again."""
import json
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT


def run_notebook(name: str, out: Path, **parameters) -> dict:
    """Papermill, as the build runs a notebook (databook.execute.execute_one)."""
    from databook import execute

    _, _, error = execute.execute_one(str(ROOT / "notebooks" / f"{name}.ipynb"), str(out / f"{name}.ipynb"),
                                      {"edition": "2025", "output_dir": str(out), **parameters})
    assert error is None, f"notebooks/{name}.ipynb: {error}"
    return facts_in(out, name)


def facts_in(folder: Path, name: str) -> dict:
    meta = json.loads((folder / "_meta" / f"{name}.json").read_text())
    return {f["id"]: f for f in meta["facts"]}


def as_built(name: str, out: Path, edition: str, language: str = "nl") -> Path:
    """The folder with the notebook's outputs for the edition's own parameters in `language`: the
    build's, or a run of it now into `out`."""
    from databook import editions, execute
    from databook.layout import layout

    ed, lay, nb = editions.load_edition(edition), layout(edition, language), ROOT / "notebooks" / f"{name}.ipynb"
    params = execute.parameters_for(nb, ed, lay)
    if execute.reusable(nb, params, ed, lay):
        return lay.figures
    run_notebook(name, out, **{**params, "output_dir": str(out)})
    return out


@pytest.fixture(autouse=True)
def _kernel_finds_the_package(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))


def test_sector_fund_estimate_follows_the_contribution_rate(tmp_path):
    facts = run_notebook("tab02-sectorfondsen", tmp_path, contribution_rate=0.003)
    assert facts["bijdragevoet"]["text"] == "0,3\u00a0%" and facts["bijdragevoet"]["status"] == "computed"
    assert facts["opbrengst_mln"]["value"] == pytest.approx(387.0)  # 129 bn x 0,3 %
    assert facts["opbrengst_zin"]["text"] == "ongeveer 387"  # the prose no longer says "bijna 260"
    rows = [line for line in (tmp_path / "tab02-sectorfondsen.md").read_text().splitlines()
            if line.startswith("| ") and "Variant" not in line]
    first = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert first[0].startswith("Gekozen bijdragevoet")
    assert first[1] in ("0,3\u00a0%", "0,3 %") and "387" in first[3]
    data = pd.read_csv(tmp_path / "tab02-sectorfondsen.csv")
    assert "387" in data.to_csv(index=False)


def test_sector_fund_estimate_with_the_papers_values_says_bijna_260(tmp_path):
    from databook import editions

    newest = editions.newest()  # an older edition is frozen: the build may not have run its notebooks now
    assert "tab02-sectorfondsen" not in editions.load_edition(newest).parameters  # the paper's values
    facts = facts_in(as_built("tab02-sectorfondsen", tmp_path, newest), "tab02-sectorfondsen")
    assert facts["opbrengst_mln"]["value"] == pytest.approx(258.0)
    assert facts["opbrengst_zin"]["text"] == "bijna 260"
    assert facts["bijdragevoet"]["status"] == "paper"


def test_stem_growth_rates_are_parameters(tmp_path):
    facts = run_notebook("fig02-stem-aanwervingen", tmp_path, growth_master_demand=5.0)
    assert facts["groei_master_vraag"]["text"] == "5,0\u00a0%"
    series = pd.read_csv(tmp_path / "fig02-stem-aanwervingen.csv")
    master = series[(series["panel"] == "Master-opleidingen STEM") & (series["reeks"] == "Vereiste aanwervingen")]
    assert master.loc[master["jaar"] == 2035, "index"].iloc[0] == pytest.approx(100 * 1.05 ** 15, abs=0.01)


def test_a_notebook_in_english_writes_english_words_and_numbers(tmp_path):
    from databook import editions

    out = as_built("fig02-stem-aanwervingen", tmp_path, editions.newest(), language="en")
    facts = facts_in(out, "fig02-stem-aanwervingen")
    assert facts["groei_master_vraag"]["text"] == "3.6%"
    assert facts["groei_master_vraag"]["label"].startswith("Annual growth of required recruitments")
    card = json.loads((out / "fig02-stem-aanwervingen.json").read_text())
    assert card["title"] == "Attracting a larger number of STEM profiles" and card["language"] == "en"
    assert card["source"].startswith("Source: ") and "+3.6% a year" in card["alt"]
    svg = (out / "fig02-stem-aanwervingen.svg").read_text()
    assert "<!-- Source: " in svg and "Bron" not in svg and "/year" in svg and "/jaar" not in svg
    snippet = (out / "fig02-stem-aanwervingen.md").read_text()
    assert '"decimal":"."' in snippet and "Data (CSV)" in snippet and "Gegevens" not in snippet
