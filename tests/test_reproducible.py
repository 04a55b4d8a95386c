"""Reproducibility: the same commit gives the same figures, and the repository holds what the data
produce.

The first execution is the build's own (_build/editions/<newest>/{figures,notebooks}, which the build
keeps only while the notebook's cache key and outputs are unchanged, databook.execute.reusable). The
second is nbval's: it executes every committed notebook, compares every cell's outputs with the
committed ones, and tests/nbval_outputs.py checks that the files it wrote are byte for byte the
build's. So a test run executes each notebook no more than needed. Where the build has no current
execution (no _build/, or inputs changed since), this module executes every notebook of the newest
edition twice with Papermill, as the build does (databook.execute: same parameters, same
normalisation), into temporary folders, and checks that

- the two executions give byte-identical figures (SVG, PNG, PDF), data CSVs, snippets, data cards,
  key numbers and executed notebooks (with a current build: nbval's run, above);
- figures/ and notebooks/*.ipynb in the working tree are what the data produce now (a stale
  figure or notebook fails, named): every cell's outputs.
The staleness check compares the working tree with what the working tree's sources produce, so it
reads right at every step of the yearly refresh (before the commit too). That the commit holds
them is CI's to check: .ci/run builds and fails when `git status -- figures notebooks` is not clean.
"""
from __future__ import annotations

import concurrent.futures as futures
import json
import multiprocessing
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, fail_listing

pytestmark = [pytest.mark.book]

COMPARED = ("*.svg", "*.png", "*.pdf", "*.csv", "*.md", "*.json", "_meta/*.json")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for pattern in COMPARED for p in sorted(folder.glob(pattern)) if p.is_file()}


def _execute(jobs: list[tuple[str, str, dict]]) -> None:
    from databook import execute

    errors = []
    # spawn, not fork: the test process may hold threads (the browser tests' web server)
    with futures.ProcessPoolExecutor(max_workers=max(1, os.cpu_count() or 1),
                                     mp_context=multiprocessing.get_context("spawn")) as pool:
        for name, _, error in pool.map(execute.execute_one, *zip(*jobs)):
            if error:
                errors.append(f"notebooks/{name}.ipynb: {error}")
    if errors:
        fail_listing("notebooks fail to execute (the build fails the same way)", sorted(set(errors)))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """{"a": (figures, notebooks)}: the build's execution if it is current for every notebook (the
    second execution is nbval's); else {"a": ..., "b": ...}, two executions now."""
    from databook import editions, execute
    from databook.layout import layout, notebooks as all_notebooks

    notebooks = all_notebooks()
    if not notebooks:
        pytest.skip("no notebooks/*.ipynb")
    edition = editions.load_edition(editions.newest())
    lay = layout(edition.name)
    if all(execute.reusable(nb, execute.parameters_for(nb, edition, lay), edition, lay) for nb in notebooks):
        yield {"a": (lay.figures, lay.executed)}
        return
    base = tmp_path_factory.mktemp("runs")
    folders = {"a": base / "a", "b": base / "b"}
    out, jobs = {}, []
    for run, folder in folders.items():
        figures, executed = folder / "figures", folder / "notebooks"
        figures.mkdir(parents=True)
        executed.mkdir(parents=True)
        out[run] = (figures, executed)
        for nb in notebooks:
            params = execute.parameters_for(nb, edition, lay)
            params["output_dir"] = str(figures)  # absolute: Run writes there, not into figures/
            jobs.append((str(nb), str(executed / nb.name), params))
    _execute(jobs)
    for run in folders:
        figures, executed = out[run]
        for nb in sorted(executed.glob("*.ipynb")):
            execute.normalise(nb)
        execute.write_key_numbers(SimpleNamespace(figures=figures))
    yield out
    shutil.rmtree(base, ignore_errors=True)


def _output_dir() -> str:
    """The output folder the build gives the newest edition's notebooks (a parameter they show)."""
    from databook import editions, paths
    from databook.layout import layout

    return layout(editions.newest()).figures.relative_to(paths.ROOT).as_posix()


def _notebook(path: Path, figures: Path | None = None, ignore_injected_id: bool = False) -> dict:
    """A notebook as JSON, with a run's temporary output folder written as the build's."""
    text = path.read_text(encoding="utf-8")
    if figures is not None:
        text = text.replace(str(figures), _output_dir())
    nb = json.loads(text)
    if ignore_injected_id:
        for cell in nb.get("cells", []):
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                cell.pop("id", None)
    return nb


def _cell_diffs(one: dict, two: dict) -> str:
    """Which cells differ, and how, e.g. "cell 2 (injected-parameters): id 1a2b3c4d != 5e6f7a8b"."""
    cells_a, cells_b = one.get("cells", []), two.get("cells", [])
    out = []
    if len(cells_a) != len(cells_b):
        out.append(f"{len(cells_a)} cells != {len(cells_b)} cells")
    for i, (c, d) in enumerate(zip(cells_a, cells_b)):
        if c == d:
            continue
        tags = ",".join(c.get("metadata", {}).get("tags", []))
        keys = sorted(k for k in c.keys() | d.keys() if c.get(k) != d.get(k))
        what = (f"id {c.get('id')} != {d.get('id')}" if keys == ["id"] else f"{', '.join(keys)} differ")
        out.append(f"cell {i}{f' ({tags})' if tags else ''}: {what}")
    if one.get("metadata") != two.get("metadata"):
        out.append("notebook metadata differs")
    return "; ".join(out) or "formatting differs"


def _diff_names(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


NBVAL_IS_SECOND = ("the build's execution is current: nbval's execution is the second, and "
                   "tests/nbval_outputs.py compares its files with the build's byte for byte")


def test_two_runs_give_byte_identical_figures_and_data(runs):
    if "b" not in runs:
        pytest.skip(NBVAL_IS_SECOND)
    (fig_a, _), (fig_b, _) = runs["a"], runs["b"]
    a, b = _files(fig_a), _files(fig_b)
    assert any(name.endswith(".svg") for name in a), "the notebooks wrote no figure"
    differ = _diff_names(a, b)
    if differ:
        fail_listing("two executions of the same notebooks gave different files (not "
                            "reproducible)", differ)


def test_two_runs_give_identical_notebooks(runs):
    if "b" not in runs:
        pytest.skip(NBVAL_IS_SECOND)
    (fig_a, nb_a), (fig_b, nb_b) = runs["a"], runs["b"]
    differ = []
    for path in sorted(nb_a.glob("*.ipynb")):
        one, two = _notebook(path, fig_a), _notebook(nb_b / path.name, fig_b)
        if one != two:
            differ.append(f"notebooks/{path.name}: {_cell_diffs(one, two)}")
    if differ:
        fail_listing("two executions give different notebooks, so the committed notebooks change "
                            "with every build", differ)


def test_repository_figures_are_what_the_data_produce(runs):
    fig_a, _ = runs["a"]
    fresh, here = _files(fig_a), _files(ROOT / "figures")
    stale = [f"figures/{n}" for n in sorted(fresh.keys() & here.keys()) if fresh[n] != here[n]]
    missing = [f"figures/{n}" for n in sorted(fresh.keys() - here.keys())]
    orphans = [f"figures/{n}" for n in sorted(here.keys() - fresh.keys())]
    message = []
    if stale:
        message += ["stale (differ from what the notebooks make of the data now):"] + stale
    if missing:
        message += ["missing (made by the notebooks, not in figures/):"] + missing
    if orphans:
        message += ["made by no notebook (left over?):"] + orphans
    if message:
        fail_listing("figures/ does not match the data; run `./book.sh build` and commit", message)


def test_repository_notebooks_are_what_the_data_produce(runs):
    fig_a, nb_a = runs["a"]
    stale = []
    for path in sorted(nb_a.glob("*.ipynb")):
        committed = ROOT / "notebooks" / path.name
        fresh = _notebook(path, fig_a, ignore_injected_id=True)
        if not committed.exists():
            stale.append(f"notebooks/{path.name}: missing")
            continue
        here = _notebook(committed, ignore_injected_id=True)
        if here != fresh:
            stale.append(f"notebooks/{path.name}: {_cell_diffs(here, fresh)}")
    if stale:
        fail_listing("executed notebooks in notebooks/ are not what executing them gives now; run "
                           "`./book.sh build` and commit", stale)
