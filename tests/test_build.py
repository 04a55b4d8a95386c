"""The build, end to end, in a temporary copy of the repository (the working tree is not touched):
data-aware reuse, claims the data no longer support published with a note, bad input stopping the build,
editions. The copy is built once (the newest edition, whose executed notebooks the working tree's build
keeps current; Dutch; HTML: repocopy.BuiltCopy) and put back as built before each test, so the tests pass
in any order and each executes only what it changes."""
import csv
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from databook import editions, pages
from conftest import ROOT
import repocopy

EDITION = editions.newest()  # an older edition is frozen: its executed notebooks may predate the code
FIG07 = "data/voka-paper/2025/fig07_skills_change.csv"
STATED = "data/voka-paper/2025/stated_numbers.csv"


def build(repo: Path, *args: str):
    return repocopy.build(repo, "--edition", EDITION, "--language", "nl", *args)


def records(repo: Path) -> dict:
    cache = repo / "_build" / "editions" / EDITION / "cache"
    return {p.stem: json.loads(p.read_text()) for p in cache.glob("*.json")}


def readers(repo: Path, data_file: str) -> list[str]:
    return sorted(name for name, r in records(repo).items() if data_file in r["files_read"])


def chapter(repo: Path, name: str) -> str:
    return (repo / "_build" / "html" / EDITION / "chapters" / f"{name}.html").read_text(encoding="utf-8")


def claim_statuses(repo: Path) -> dict:
    found = next((repo / "_build" / "html" / EDITION / "_downloads").rglob("toetsing.csv"))
    with found.open(encoding="utf-8") as f:
        return {r["id"]: r["status"] for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return repocopy.BuiltCopy(tmp_path_factory.mktemp("book"), EDITION)


@pytest.fixture
def repo(built):
    return built.restore()


def test_a_build_records_every_notebook_and_a_notebook_without_record_or_outputs_is_executed(repo):
    """What a cold build does for every notebook, tried on one: no record and no outputs, so it runs."""
    notebooks = sorted(p.stem for p in (repo / "notebooks").glob("*.ipynb"))
    assert sorted(records(repo)) == notebooks
    name = "fig09-types-opleidingen"
    figures = repo / "_build" / "editions" / EDITION / "figures"
    made = {p: p.read_bytes() for p in figures.rglob(f"{name}.*")}
    assert made
    (repo / "_build" / "editions" / EDITION / "cache" / f"{name}.json").unlink()
    for path in made:
        path.unlink()
    done = build(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"executing 1 notebook(s): {name}\n" in done.stdout
    assert sorted(records(repo)) == notebooks and not records(repo)[name].get("reused")
    assert {p: p.read_bytes() for p in made} == made  # the same outputs again: nothing else to render
    assert "nothing to render" in done.stdout
    assert (repo / "_build" / "html" / EDITION / "index.html").exists()
    assert (repo / "_build" / "html" / "index.html").exists()


def test_no_change_rebuild_executes_nothing(repo):
    before = records(repo)
    done = build(repo)
    assert done.returncode == 0, done.stderr
    assert "executing" not in done.stdout
    assert "nothing to render" in done.stdout
    assert records(repo) == before


def test_changed_data_rerun_only_their_readers_and_claims_they_break_are_published_with_a_note(repo):
    """Two data files change in one build: the survey behind figure 7 (80 % instead of 95 % expect
    change) and a number the paper states (56 % becomes 45 %). Only the notebooks that read them run;
    the new values reach figure and prose; the register (chapters/claims.yml) tests the paper's claims,
    not the notebooks: the book still publishes, each paper's sentence unchanged with the editor's note
    right beside it and the claim listed as not supported."""
    fig07_readers = readers(repo, FIG07)
    assert fig07_readers == ["fig07-vaardigheden-veranderen"]
    changed = sorted(set(fig07_readers) | set(readers(repo, STATED)))
    assert len(changed) < len(records(repo))
    before = claim_statuses(repo)
    assert "not-supported" not in (before["drempels-95"], before["prod-geringe-kans"])
    assert "80\u00a0%" not in chapter(repo, "03-drempels-werkgevers")
    survey = repo / FIG07
    survey.write_text(survey.read_text().replace("Helemaal geen verandering,5.0", "Helemaal geen verandering,20.0")
                      .replace("Niet erg snel,54.0", "Niet erg snel,39.0"))
    stated = repo / STATED
    text = stated.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("werkzoekenden_geringe_kans,"))
    stated.write_text(text.replace(line, line.replace(",56,", ",45,", 1)), encoding="utf-8")
    assert stated.read_text(encoding="utf-8") != text
    done = build(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"executing {len(changed)} notebook(s): {', '.join(changed)}\n" in done.stdout
    figure_csv = repo / "_build" / "editions" / EDITION / "figures" / "fig07-vaardigheden-veranderen.csv"
    assert "Niet erg snel,39.0" in figure_csv.read_text()
    drempels, productiviteit = chapter(repo, "03-drempels-werkgevers"), chapter(repo, "02-productiviteit")
    assert "80\u00a0%" in drempels or "80&nbsp;%" in drempels  # 100 - 20,0: glued into the prose
    assert "van de bedrijven aan dat de nodige vaardigheden van werknemers (grondig) zullen veranderen" in drempels
    assert "is de kans gering en spelen er gezondheids- of welzijnsproblemen" in productiviteit
    for claim, page in (("drempels-95", drempels), ("prod-geringe-kans", productiviteit)):
        assert re.search(rf'id="claim-{claim}"></span>\s*<span class="claim-note claim-not-supported"'
                         r'[^>]*><strong>Noot van de redactie, editie ' + EDITION, page), claim
    statuses = claim_statuses(repo)
    assert statuses["drempels-95"] == statuses["prod-geringe-kans"] == "not-supported"
    assert statuses["drempels-vier-op-tien"] != "not-supported"  # 37,9 + 3,0 = 40,9 %: still "four in ten"


def test_an_output_edited_by_hand_is_produced_again(repo):
    name = "fig08-vormingsvraagstukken"
    svg = repo / "_build" / "editions" / EDITION / "figures" / f"{name}.svg"
    good = svg.read_bytes()
    svg.write_bytes(good.replace(b"</svg>", b"<!-- edited by hand --></svg>"))
    done = build(repo)
    assert done.returncode == 0, done.stderr
    assert f"executing 1 notebook(s): {name}\n" in done.stdout
    assert svg.read_bytes() == good


def test_bad_data_stops_the_build_before_anything_runs(repo):
    data_file = repo / FIG07
    published = (repo / "_build" / "html" / EDITION / "index.html").read_bytes()
    data_file.write_text(data_file.read_text().replace("Vrij snel,37.9", "Vrij snel,veel"))
    done = build(repo)
    assert done.returncode == 2
    assert "fig07_skills_change.csv, row 4, column 'share'" in done.stderr
    assert "veel" in done.stderr
    assert "executing" not in done.stdout
    assert (repo / "_build" / "html" / EDITION / "index.html").read_bytes() == published


def test_edition_naming_a_missing_vintage_fails_clearly(repo):
    text = (repo / "editions" / f"{EDITION}.yml").read_text()
    (repo / "editions" / "2099.yml").write_text(text.replace(f'edition: "{EDITION}"', 'edition: "2099"')
                                                .replace('esi-scores: "2024-02-23"', 'esi-scores: "2031-01-01"'))
    done = repocopy.build(repo, "--edition", "2099")
    assert done.returncode != 0
    assert "2099.yml" in done.stderr and "esi-scores" in done.stderr
    assert "2031-01-01" in done.stderr and "2024-02-23" in done.stderr  # asked for, and what exists


def test_new_edition_starts_from_the_newest(tmp_path):
    import datetime as dt

    from databook.newedition import new_edition
    repo = tmp_path / "repo"
    (repo / "editions").mkdir(parents=True)
    for name in editions.list_editions():
        shutil.copy(ROOT / "editions" / f"{name}.yml", repo / "editions")
    for name in ("CITATION.cff", "CHANGELOG.md"):
        shutil.copy(ROOT / name, repo)
    newest = editions.list_editions()[-1]
    new = str(int(newest) + 1)
    message = new_edition(directory=repo / "editions", released=dt.date(int(new), 1, 15))
    made = editions.load_edition(new, repo / "editions")
    assert made.datasets == editions.load_edition(newest, repo / "editions").datasets
    assert made.parameters == editions.load_edition(newest, repo / "editions").parameters
    assert made.title == f"Editie {new}"
    assert "Wat is er veranderd" in message
    # only the edition's name and title changed: comments, order and every other line stay
    old_lines = (repo / "editions" / f"{newest}.yml").read_text(encoding="utf-8").splitlines()
    new_lines = (repo / "editions" / f"{new}.yml").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert len(old_lines) == len(new_lines) and len(changed) == 2, changed
    assert any(line.lstrip().startswith("#") for line in new_lines)
    # CITATION.cff: version and release date set through YAML, the rest unchanged
    before = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    after = yaml.safe_load((repo / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(after["version"]) == new and str(after["date-released"]) == f"{new}-01-15"
    assert {k: v for k, v in after.items() if k not in ("version", "date-released")} == \
        {k: v for k, v in before.items() if k not in ("version", "date-released")}
    assert f"## Editie {new} (in voorbereiding)" in (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    with pytest.raises(editions.EditionError):
        new_edition(new, directory=repo / "editions")


def test_set_top_level_finds_the_key_not_a_look_alike():
    from databook.newedition import set_top_level
    text = ('# version: "2026" is what this comment says\nnote: \'version: "2026"\'\n'
            'version: "2026"   # the edition\nnested:\n  version: "2026"\n')
    out = set_top_level(text, {"version": "2027", "date-released": "2027-01-15"})
    assert yaml.safe_load(out) == {"note": 'version: "2026"', "version": "2027",
                                   "nested": {"version": "2026"}, "date-released": "2027-01-15"}
    assert out.startswith('# version: "2026" is what this comment says\n')
    assert 'version: "2027"   # the edition\n' in out


def test_change_page_lists_a_known_difference(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    header = "notebook,id,label,value,text,unit,status,source\n"
    (old / "kerncijfers.csv").write_text(header + "nb,a,Aandeel A,21.5,\"21,5 %\",%,source,Bron: x\n"
                                         "nb,b,Aantal B,100,100,,paper,Bron: y\n")
    (new / "kerncijfers.csv").write_text(header + "nb,a,Aandeel A,35.5,\"35,5 %\",%,source,Bron: x\n"
                                         "nb,b,Aantal B,100,100,,paper,Bron: y\n")
    (old / "fig99-x.csv").write_text("geo,time,value,flag\nBE,2022,21.5,\n")
    (new / "fig99-x.csv").write_text("geo,time,value,flag\nBE,2024,35.5,b\n")
    ed_old = editions.Edition("2025", "Editie 2025", "", {"d": "1"}, {"nb": {"reference_year": 2022}})
    ed_new = editions.Edition("2026", "Editie 2026", "", {"d": "2"}, {"nb": {"reference_year": 2024}})
    page = pages.changes_page(ed_new, ed_old, new, old)
    assert "| Aandeel A" in page and "21,5 %" in page and "35,5 %" in page
    assert "+14" in page and "65,1\u00a0%" in page  # absolute and relative change
    assert "Aantal B" not in page  # unchanged numbers are not listed
    assert "Figuur 99" in page  # the figure whose data changed
    assert "d: versie 1 → 2" in page  # the new vintage
    assert "referentiejaar van de kerncijfers: 2022 → 2024" in page
    assert "BE 2024 (breuk in de reeks)" in page  # the series break
