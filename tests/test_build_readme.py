"""The README's table of figures says what the notebooks do: every notebook is in it, and the datasets
it names for each are the ones that notebook read when it was last executed for the newest edition
(its record in figures/_meta/, which the build writes from what the notebook loaded)."""
import json
import re

from conftest import ROOT
from databook import cache

ROW = re.compile(r"^\| (?P<what>[^|]+) \| `notebooks/(?P<stem>[\w-]+)\.ipynb` \| (?P<data>[^|]+) \|$")


def readme_table() -> dict[str, set[str]]:
    rows = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        m = ROW.match(line.strip())
        if m:
            rows[m.group("stem")] = set(re.findall(r"`([\w-]+)`", m.group("data")))
    return rows


def datasets_read() -> dict[str, set[str]]:
    descriptors = cache.resources()
    out = {}
    for record in sorted((ROOT / "figures" / "_meta").glob("*.json")):
        meta = json.loads(record.read_text(encoding="utf-8"))
        # the notebook's words (notebooks/<stem>.meta.yml) and translations (locales/) are not datasets
        out[meta["notebook"]] = {descriptors[f]["dataset"] if f in descriptors else f
                                 for f in meta["files_read"] if f in descriptors or f.startswith("data/")}
    return out


def test_readme_lists_every_notebook():
    notebooks = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert set(readme_table()) == notebooks


def test_readme_names_the_datasets_each_notebook_reads():
    table, read = readme_table(), datasets_read()
    wrong = [f"{stem}: README says {sorted(table.get(stem, ()))}, the notebook read {sorted(datasets)}"
             for stem, datasets in sorted(read.items()) if table.get(stem) != datasets]
    assert not wrong, "README.md's figure table is out of step with the notebooks:\n" + "\n".join(wrong)
