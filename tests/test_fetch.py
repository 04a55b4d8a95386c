"""The Eurostat fetcher, offline: the `eurostat` library runs for real, only its HTTP GET is replaced
by tests/fixtures/eurostat/ (see the README there). Any attempt to open a socket fails the test."""
import gzip
import json
import shutil
import socket
from pathlib import Path

import eurostat
import eurostat.eurostat
import pandas as pd
import pytest

from databook import data, fetch
from databook.editions import Edition

FIXTURES = Path(__file__).parent / "fixtures" / "eurostat"


pytestmark = pytest.mark.usefixtures("no_network")  # tests/conftest.py: no test uses the network


class FakeResponse:
    def __init__(self, url: str, content: bytes):
        self.url, self.content, self.ok, self.status_code = url, content, True, 200

    def raise_for_status(self):
        pass


@pytest.fixture
def eurostat_api(monkeypatch):
    """Serve the fixture files for the three requests the library makes; record them."""
    served = []
    base = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/"
    routes = {
        base + "dataflow/ESTAT/trng_lfs_13/latest": lambda: (FIXTURES / "trng_lfs_13/dataflow.xml").read_bytes(),
        base + "datastructure/ESTAT/TRNG_LFS_13/latest": lambda: (FIXTURES / "trng_lfs_13/datastructure.xml").read_bytes(),
        base + "data/trng_lfs_13?format=TSV&compressed=true":
            lambda: gzip.compress((FIXTURES / "trng_lfs_13/data.tsv").read_bytes()),
    }

    def get(url, **kwargs):
        if url not in routes:
            raise AssertionError(f"unexpected request {url}")
        served.append(url)
        return FakeResponse(url, routes[url]())

    monkeypatch.setattr(eurostat.eurostat.requests, "get", get)
    return served


@pytest.fixture
def package(tmp_path):
    """A copy of the real datapackage.json in a temporary data/ folder."""
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "datapackage.json"
    shutil.copy(Path(data.paths.DATAPACKAGE), target)
    return target


def test_the_network_guard_works(no_network):
    with pytest.raises(OSError, match="must not use the network"):
        socket.create_connection(("ec.europa.eu", 443), timeout=1)
    assert no_network  # recorded: at teardown the guard would fail the test
    no_network.clear()


def test_fetch_writes_a_tidy_new_vintage(eurostat_api, package):
    path = fetch.fetch("trng_lfs_13", "2027-03-01", package, log=lambda *a: None)
    assert len(eurostat_api) == 3  # dataflow, data structure, data: through the library's own code
    assert path == package.parent / "eurostat" / "2027-03-01" / "trng_lfs_13.csv"
    frame = pd.read_csv(path, keep_default_na=False)
    assert list(frame.columns) == ["geo", "time", "value", "flag", "sex", "age", "unit"]
    assert set(frame["sex"]) == {"T"} and set(frame["age"]) == {"Y25-64"} and set(frame["unit"]) == {"PC"}
    assert 555.5 not in set(frame["value"]) and 11.1 not in set(frame["value"])  # other sex/age/unit dropped
    be = frame[frame.geo == "BE"].set_index("time")
    assert be.loc[2022, "value"] == 21.5 and be.loc[2024, "value"] == 35.5 and be.loc[2024, "flag"] == "b"
    assert frame[frame.geo == "IS"]["time"].tolist() == [2022]  # ':' (not available) left out
    assert "EU27_2020" in set(frame["geo"]) and len(frame) == 11


def test_fetch_registers_the_vintage_and_it_loads(eurostat_api, package):
    fetch.fetch("trng_lfs_13", "2027-03-01", package, log=lambda *a: None)
    resources = json.loads(package.read_text(encoding="utf-8"))["resources"]
    entry = [r for r in resources if r["name"] == "lfs-participation-12m-2027-03-01"]
    assert len(entry) == 1
    entry = entry[0]
    assert entry["dataset"] == "lfs-participation-12m" and entry["vintage"] == "2027-03-01"
    assert entry["path"] == "eurostat/2027-03-01/trng_lfs_13.csv" and entry["publisher"] == "Eurostat"
    assert entry["status"] == "source" and "1 maart 2027" in entry["citation"]
    assert entry["citation_en"].endswith("downloaded on 1 March 2027")
    # the old vintage stays, and an edition that names the new one gets it
    assert any(r["dataset"] == "lfs-participation-12m" and r["vintage"] == "2026-07-06" for r in resources)
    edition = Edition("2027", "Editie 2027", "", {"lfs-participation-12m": "2027-03-01"})
    frame = data.load("lfs-participation-12m", edition, package)
    assert frame["value"].dtype == "float64" and frame.loc[frame.geo == "SE", "value"].tolist() == [58.7, 61.2]
    assert data.source_line("lfs-participation-12m", edition, package) == (
        "Bron: Eurostat, trng_lfs_13 (EU-LFS), gedownload op 1 maart 2027.")


def test_fetching_the_same_vintage_again_replaces_it(eurostat_api, package):
    for _ in range(2):
        fetch.fetch("trng_lfs_13", "2027-03-01", package, log=lambda *a: None)
    names = [r["name"] for r in json.loads(package.read_text(encoding="utf-8"))["resources"]]
    assert names.count("lfs-participation-12m-2027-03-01") == 1


def test_cli(eurostat_api, package, capsys):
    assert fetch.main(["trng_lfs_13", "--vintage", "2027-03-01", "--package", str(package)]) == 0
    out = capsys.readouterr().out
    assert "trng_lfs_13.csv (11 rows" in out and 'lfs-participation-12m: "2027-03-01"' in out
    with pytest.raises(SystemExit):
        fetch.main(["nama_10_gdp"])  # not a dataset the book uses


def test_cli_reports_an_unreachable_eurostat(monkeypatch, package, capsys):
    def unreachable(code, flags=False, **kwargs):
        raise ValueError  # what eurostat 1.1.1 raises when it cannot read the dataset's structure

    monkeypatch.setattr(eurostat, "get_data_df", unreachable)
    assert fetch.main(["trng_lfs_01", "--package", str(package)]) == 1
    assert "could not get trng_lfs_01 from Eurostat" in capsys.readouterr().err


def test_bad_vintage_is_refused(package):
    with pytest.raises(fetch.FetchError, match="not a date"):
        fetch.fetch("trng_lfs_13", "2027", package)


def test_tidy_refuses_dimensions_it_does_not_know():
    raw = pd.DataFrame({"freq": ["A", "A"], "isced11": ["ED0-2", "ED3_4"], "sex": ["T", "T"], "age": ["Y25-64"] * 2,
                        "unit": ["PC", "PC"], "geo\\TIME_PERIOD": ["BE", "BE"],
                        "2022_value": [10.0, 20.0], "2022_flag": ["", ""]})
    with pytest.raises(fetch.FetchError, match="isced11 = ED0-2, ED3_4"):
        fetch.tidy(raw, "trng_lfs_13")
    with pytest.raises(fetch.FetchError, match="no rows with age = Y25-64"):
        fetch.tidy(raw.assign(age="Y25-34", isced11="ED0-2"), "trng_lfs_13")
