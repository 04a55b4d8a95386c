"""Notebooks run with other Papermill parameters change their table, figure data and text together."""
import json
import os
from pathlib import Path

import pandas as pd
import papermill as pm
import pytest

from conftest import ROOT


def run_notebook(name: str, out: Path, **parameters) -> dict:
    pm.execute_notebook(str(ROOT / "notebooks" / f"{name}.ipynb"), str(out / f"{name}.ipynb"),
                        parameters={"edition": "2025", "output_dir": str(out), **parameters},
                        kernel_name="python3", cwd=str(ROOT), progress_bar=False)
    meta = json.loads((out / "_meta" / f"{name}.json").read_text())
    return {f["id"]: f for f in meta["facts"]}


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
    facts = run_notebook("tab02-sectorfondsen", tmp_path)
    assert facts["opbrengst_mln"]["value"] == pytest.approx(258.0)
    assert facts["opbrengst_zin"]["text"] == "bijna 260"
    assert facts["bijdragevoet"]["status"] == "paper"


def test_stem_growth_rates_are_parameters(tmp_path):
    facts = run_notebook("fig02-stem-aanwervingen", tmp_path, growth_master_demand=5.0)
    assert facts["groei_master_vraag"]["text"] == "5,0\u00a0%"
    series = pd.read_csv(tmp_path / "fig02-stem-aanwervingen.csv")
    master = series[(series["panel"] == "Master-opleidingen STEM") & (series["reeks"] == "Vereiste aanwervingen")]
    assert master.loc[master["jaar"] == 2035, "index"].iloc[0] == pytest.approx(100 * 1.05 ** 15, abs=0.01)
