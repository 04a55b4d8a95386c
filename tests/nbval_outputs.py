"""nbval's run of a notebook is the second execution of the reproducibility check.

nbval executes every committed notebook (notebooks/*.ipynb) and compares each cell's outputs with the
committed ones. The notebook writes its files where the build's execution wrote them (the
`output_dir` the build injected: the newest edition's figures under _build/). This plugin adds one
item after each notebook's cells, `<notebook>::files as the build wrote them`, which checks that
nbval's execution left every file of that notebook byte for byte as the build wrote it (figures in
SVG, PNG and PDF, data CSVs, snippets, data cards, the Excel CSV, the notebook's record): the same
code and data give the same bytes, without a third execution. Without a build to compare with, the
item is skipped (tests/test_reproducible.py then executes twice).

Registered by tests/conftest.py. nbval's executions count in the run's executions per notebook.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = pytest.StashKey[dict]()


def _figures() -> Path:
    """Where the build wrote the newest edition's Dutch outputs (the committed notebooks' output_dir)."""
    from databook import editions
    from databook.layout import layout

    return layout(editions.newest()).figures


def _files(figures: Path, stem: str) -> dict[str, str] | None:
    """{relative path: sha256} of every file the build's execution of `stem` wrote, from its record;
    None when the build did not execute it (no record)."""
    record = figures / "_meta" / f"{stem}.json"
    if not record.is_file():
        return None
    outputs = json.loads(record.read_text(encoding="utf-8")).get("outputs", [])
    found = [record]
    for slug in outputs:
        found += [p for p in figures.glob(f"{slug}.*") if p.is_file()]
        found += [p for p in (figures / "excel").glob(f"{slug}-*") if p.is_file()]
    return {p.relative_to(figures).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(found)}


class BuildFilesItem(pytest.Item):
    """After nbval's cells of one notebook: its files are still what the build wrote."""

    def runtest(self) -> None:
        before = self.parent.stash.get(SNAPSHOTS, {}).get("before")
        if before is None:
            pytest.skip("no build of this notebook to compare with (run ./book.sh build first)")
        after = _files(self.parent.stash[SNAPSHOTS]["figures"], self.parent.stash[SNAPSHOTS]["stem"]) or {}
        changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
        if changed:
            pytest.fail(f"nbval's execution of {self.parent.name} wrote other bytes than the build's "
                        f"execution (the same code and data must give the same files): {', '.join(changed)}",
                        pytrace=False)

    def reportinfo(self):
        return self.path, None, f"{self.parent.name}::{self.name}"


def _is_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    out = []
    for i, item in enumerate(items):
        out.append(item)
        last_of_notebook = _is_cell(item) and (i + 1 == len(items) or items[i + 1].parent is not item.parent)
        if last_of_notebook:
            out.append(BuildFilesItem.from_parent(item.parent, name="files as the build wrote them"))
    items[:] = out


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a notebook's first cell runs: what the build wrote for it."""
    if _is_cell(item) and SNAPSHOTS not in item.parent.stash:
        from databook.execute import count_execution

        figures, stem = _figures(), Path(item.parent.name).stem
        count_execution(stem)  # nbval's execution counts in the run's executions per notebook
        item.parent.stash[SNAPSHOTS] = {"figures": figures, "stem": stem, "before": _files(figures, stem)}
