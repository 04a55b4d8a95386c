"""The real data package: valid, complete in its provenance, and holding the published values."""
import json
from pathlib import Path

import pandas as pd
import pytest

from databook import catalog, data, editions, paths

EDITIONS = ["2025", "2026"]
EU27 = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT", "LT",
        "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]
SHARED = paths.ROOT.parent / "shared" / "data-sources"  # the transcriptions the copies came from


pytestmark = pytest.mark.usefixtures("no_network")  # tests/conftest.py: no test uses the network


def package() -> dict:
    return json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))


def one(frame: pd.DataFrame, **where) -> float:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, f"{where}: {len(rows)} rows"
    return rows.iloc[0]["value"]


# -- the package and the editions ---------------------------------------------------------------------

def test_whole_package_is_valid():
    data.validate()


@pytest.mark.parametrize("name", EDITIONS)
def test_edition_is_valid(name):
    edition = editions.load_edition(name)
    data.validate(edition=edition)
    assert edition.title == f"Editie {name}"
    reference_year = {"2025": 2022, "2026": 2024}[name]
    assert edition.notebook_parameters("fig04-opleidingsdeelname-eu") == {"reference_year": reference_year}


def test_editions_differ_only_in_reference_year():
    e25, e26 = (editions.load_edition(n) for n in EDITIONS)
    assert e25.datasets == e26.datasets


def test_every_dataset_of_the_package_is_used_by_an_edition():
    used = {dataset for name in editions.list_editions() for dataset in editions.load_edition(name).datasets}
    assert {r["dataset"] for r in package()["resources"]} <= used


def test_every_resource_says_where_it_comes_from():
    for res in package()["resources"]:
        assert res["path"].split("/")[1] == res["vintage"], res["name"]
        for key in ("title", "description", "publisher", "datasetCode", "licenses", "unit", "citation", "group"):
            assert res.get(key), f"{res['name']}: {key}"
        if res["status"] == "paper":
            assert res["paperSection"] and res["paperFigure"] and res["path"].startswith("voka-paper/2025/")
        else:
            assert res["url"].startswith("https://") and res["accessed"]
        if res["status"] == "derived":
            assert res["derivation"] and res["derivedFrom"]


@pytest.mark.skipif(not SHARED.exists(), reason="the original transcriptions are not on this machine")
def test_source_files_are_unchanged_copies():
    """The files of editions 2025 and 2026 came from the shared transcriptions (a later vintage comes
    from its own download, under its own vintage folder, and is not compared)."""
    for name in EDITIONS:
        edition = editions.load_edition(name)
        for dataset in edition.datasets:
            res = data.resource(dataset, edition)
            if res["status"] == "paper":
                continue
            file = paths.ROOT / res["path"]
            assert file.read_bytes() == (SHARED / file.name).read_bytes(), res["path"]


def test_paper_and_data_disagreement_is_documented():
    by_id = {r["dataset"]: r for r in package()["resources"]}
    for dataset in ("flanders-participation", "lfs-participation-12m"):
        assert "26 % (EAK 2023)" in by_id[dataset]["description"]
    assert "45,1 % (AES 2022)" in by_id["aes-participation"]["description"]
    stated = data.load("paper-stated-numbers", "2025")
    assert set(stated["value"]) >= {26.0, 45.1}


def test_scvv_slot_has_a_schema_and_no_data():
    from frictionless import Schema

    schema = json.loads((paths.DATA / "schemas" / "scvv-growth-projection.schema.json").read_text(encoding="utf-8"))
    assert list(Schema.metadata_validate(schema)) == []
    assert [f["name"] for f in schema["fields"]] == ["start_year", "end_year", "component", "growth", "kind", "report"]
    assert not any(r["dataset"] == "scvv-growth-projection" for r in package()["resources"])
    assert not list(paths.DATA.glob("scvv/**/*.csv"))


# -- real data: the values the sources publish ------------------------------------------------------

def test_esi_eu27_mean_is_the_unweighted_mean_of_the_27_members():
    scores = data.load("esi-scores", "2026")
    mean = data.load("esi-eu27-mean", "2026")
    members = scores[scores["geo"].isin(EU27)]
    assert sorted(members["geo"].unique()) == sorted(EU27)
    computed = members.groupby(["component", "release_year"])["value"].agg(["mean", "count"]).reset_index()
    merged = mean.merge(computed, on=["component", "release_year"], validate="one_to_one")
    assert len(merged) == len(mean) == 80
    assert (merged["count"] == 27).all()
    assert (merged["value"] - merged["mean"]).abs().max() < 0.001


def test_published_key_values():
    lfs = data.load("lfs-participation-12m", "2025")
    assert one(lfs, geo="BE", time=2022) == 21.5 and one(lfs, geo="EU27", time=2022) == 25.1
    assert {g: one(lfs, geo=g, time=2022) for g in ["SE", "DK", "FI", "NL"]} == {"SE": 58.7, "DK": 49.1, "FI": 43.9, "NL": 45.4}
    assert one(lfs, geo="BE", time=2024) == 35.5 and lfs.loc[(lfs.geo == "BE") & (lfs.time == 2024), "flag"].item() == "b"
    assert 2023 not in set(lfs["time"])  # the 12-month question is asked every two years
    flanders = data.load("flanders-participation", "2025")
    assert one(flanders, geo="BE2", time=2022) == 22.4
    aes = data.load("aes-participation", "2025")
    assert one(aes, geo="BE", time=2022) == 41.6
    targets = data.load("eu-2030-targets", "2025")
    assert 60.0 in set(targets["value"]) and 57.6 in set(targets["value"])
    esi = data.load("esi-scores", "2025")
    be = esi[(esi.geo == "BE") & (esi.release_year == 2024)].set_index("component")["value"]
    assert [round(be[c], 1) for c in ["index", "skills-development", "skills-activation", "skills-matching"]] == [50.5, 52.1, 47.5, 51.2]
    vdab = data.load("vdab-vacancies-jobseekers", "2025")
    assert one(vdab, indicator="vacancies_received_total", period="2022") == 382884


def test_load_types_and_records_the_files_read_in_the_callers_list():
    reads = []
    pwt = data.load("pwt-belgium", "2026", reads=reads)
    assert pwt["value"].dtype == "float64" and str(pwt["period"].dtype) == "Int64"
    data.load("paper-fig07-skills-change", "2026", reads=reads)
    data.load("pwt-belgium", "2025")  # no list given: nothing recorded anywhere
    assert reads == [Path("data/ggdc-pwt/10.01/pwt1001_belgium_annual_1970_2019.csv"),
                     Path("data/voka-paper/2025/fig07_skills_change.csv")]
    assert all((paths.ROOT / p).exists() for p in reads)
    assert not hasattr(data, "files_read")  # no process-wide record


def test_resource_metadata():
    meta = data.resource("lfs-participation-12m", editions.load_edition("2026"))
    assert meta["path"] == "data/cedefop-kivet/2026-07-06/adult_learning_lfs_last12months_2022_2024.csv"
    assert meta["vintage"] == "2026-07-06" and meta["status"] == "source"
    assert meta["licenses"][0]["name"] == "CC-BY-4.0" and meta["url"].startswith("https://www.cedefop.europa.eu")
    assert (paths.ROOT / meta["path"]).exists()


def test_source_lines():
    assert data.source_line(["lfs-participation-12m"], "2026") == (
        "Bron: Cedefop, Key Indicators on VET (KIVET 1050a, masterfile 6 juli 2026), op basis van Eurostat EU-LFS.")
    assert data.source_line("paper-fig07-skills-change", "2025") == (
        "Bron: Voka (2025), Naar een gerichte Vlaamse talentstrategie, figuur 7, op basis van "
        "Monitoringsrapport Steunpunt Werk obv Statbel – European Company Survey.")
    esi = data.source_line(["esi-scores", "esi-eu27-mean"], "2026")
    assert esi.startswith("Bron: Cedefop, European Skills Index 2024") and "eigen berekening" in esi
    english = data.source_line(["esi-scores", "esi-eu27-mean"], "2026", language="en")
    assert english.startswith("Source: Cedefop, European Skills Index 2024 (dataset of 23 February 2024)")
    assert "own calculation" in english and "eigen berekening" not in english  # the resource's citation_en


# -- paper values: exactly as printed -----------------------------------------------------------------

def test_paper_figures():
    fig07 = data.load("paper-fig07-skills-change", "2025")
    assert list(zip(fig07["category"], fig07["share"])) == [
        ("Helemaal geen verandering", 5.0), ("Niet erg snel", 54.0), ("Vrij snel", 37.9), ("Heel snel", 3.0)]
    fig06 = data.load("paper-fig06-willingness", "2025")
    assert fig06["share"].tolist() == [31.7, 49.1, 13.4, 5.7]
    assert round(fig06.loc[fig06.wants_training == "no", "share"].sum(), 1) == 80.8
    fig03 = data.load("paper-fig03-mismatch", "2025").set_index(["level", "measure"])["value"]
    assert fig03.to_dict() == {("high", "vacancies"): 120000, ("high", "jobseekers"): 50000,
                               ("medium", "jobseekers"): 112000, ("medium", "vacancies"): 58000}
    fig02 = data.load("paper-fig02-stem-growth", "2025")
    assert fig02["annual_growth"].tolist() == [3.6, 1.8, 4.4, 0.0]
    fig08 = data.load("paper-fig08-career-groups", "2025")
    assert list(fig08.columns) == ["position", "group", "description"]  # no focus: the paper does not say
    assert fig08["group"].tolist() == [
        "Studenten/leerlingen", "Schoolverlaters", "Starters", "Doorgroeiers", "Kortdurig werklozen",
        "Ervaren werknemers", "Einde carrière werknemers", "Gepensioneerden", "Niet-volledig gekwalificeerden",
        "Carrièreswitchers"]
    fig09 = data.load("paper-fig09-training-types", "2025")
    assert set(zip(fig09["depth"], fig09["direction"])) == {
        ("short", "upskilling"), ("short", "reskilling"), ("deep", "upskilling"), ("deep", "reskilling")}


def test_paper_tables():
    t1 = data.load("paper-t1-instruments", "2025").set_index("instrument_id")
    assert len(t1) == 9 and pd.isna(t1.loc["ho", "budget_mln_eur"]) and t1.loc["ho", "budget_text"] == "/"
    assert round(t1["budget_mln_eur"].sum(), 1) == 1332.6
    supply = t1.loc[t1.paper_aggregate == "supply", "budget_mln_eur"].sum()
    demand = t1.loc[t1.paper_aggregate == "demand", "budget_mln_eur"].sum()
    assert (round(supply, 1), round(demand, 1)) == (1196.0, 92.6)
    assert t1.loc["vdab", "financing_kind"] == "mixed" and t1.loc["esf", "financing_kind"] == "unknown"
    assert t1.loc["ho", "financing_kind"] == "adhoc"
    t2 = data.load("paper-t2-sector-funds", "2025").set_index("id")["value"]
    assert t2.to_dict() == {"private_wage_bill": 129.0, "rate_prudent": 0.2, "rate_pc116_207": 0.25, "rate_food": 0.4}


# -- the appendix ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", EDITIONS)
def test_data_appendix(name):
    edition = editions.load_edition(name)
    text = catalog.render_data_appendix(edition, link_prefix="../")
    assert text.startswith("# Data en bronnen\n")
    for dataset_id in edition.datasets:
        meta = data.resource(dataset_id, edition)
        assert f"### {meta['title']}" in text
        assert f"<../{meta['path']}>`" in text  # the {download} link to the CSV
    assert text.count("{download}`") == len(edition.datasets)
    assert "**Status:** bron" in text and "**Status:** paper" in text and "**Status:** afgeleid" in text
    assert "## Ontbrekende gegevens" in text and "scvv-growth-projection" in text
    assert "cedefop-kivet-\\<code\\>.csv" in text  # free text is escaped for Markdown (textsafe.myst)
    other = catalog.render_data_appendix(name, link_prefix="downloads/")
    assert "<downloads/data/voka-paper/2025/t1_instruments.csv>`" in other
