"""`python -m databook new-edition [NAME] [--released YYYY-MM-DD]`: start the next edition from the
newest one.

The files a person edits keep their comments, order and layout: the YAML library (PyYAML's composer)
finds the exact place of each value to change (`edition`, `title` in the edition file; `version`,
`date-released` in CITATION.cff), and only those characters are replaced; a key that is missing is
added at the end. No string search that could hit a comment or another key's value.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from . import editions, paths
from .layout import rel


def set_top_level(text: str, values: dict[str, str], where: str = "YAML") -> str:
    """`text` (one YAML mapping) with the scalar values of the top-level `values` keys replaced (or added
    at the end), everything else byte for byte the same. Values are written as double-quoted strings."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        raise editions.EditionError(f"{where}: not a YAML mapping")
    spans = {}
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value in values:
            if not isinstance(value, yaml.ScalarNode):
                raise editions.EditionError(f"{where}, line {value.start_mark.line + 1}: '{key.value}' is not "
                                            "a single value")
            spans[key.value] = (value.start_mark.index, value.end_mark.index)
    out = text
    for key, (start, end) in sorted(spans.items(), key=lambda kv: -kv[1][0]):
        out = out[:start] + json.dumps(str(values[key]), ensure_ascii=False) + out[end:]
    missing = [k for k in values if k not in spans]
    if missing:
        out = out.rstrip("\n") + "\n" + "".join(
            f"{k}: {json.dumps(str(values[k]), ensure_ascii=False)}\n" for k in missing)
    return out


def new_edition(name: str | None = None, directory: Path = paths.EDITIONS,
                released: dt.date | None = None) -> str:
    """Copy the newest edition file to a new one (its name and title changed), set CITATION.cff's version
    and release date, open a section in the changelog (both beside the editions folder); says what next."""
    root = Path(directory).resolve().parent
    last = editions.newest(directory)
    name = name or str(int(last) + 1)
    target = Path(directory) / f"{name}.yml"
    if target.exists():
        raise editions.EditionError(f"{target.name} exists already")
    source = Path(directory) / f"{last}.yml"
    text = set_top_level(source.read_text(encoding="utf-8"), {"edition": name, "title": f"Editie {name}"},
                         source.name)
    target.write_text(text, encoding="utf-8")
    citation = Path(root) / "CITATION.cff"
    if citation.exists():
        day = (released or dt.date.today()).isoformat()
        citation.write_text(set_top_level(citation.read_text(encoding="utf-8"),
                                          {"version": name, "date-released": day}, citation.name),
                            encoding="utf-8")
    changelog = Path(root) / "CHANGELOG.md"
    if changelog.exists():
        head, sep, rest = changelog.read_text(encoding="utf-8").partition("\n## ")
        changelog.write_text(f"{head}\n## Editie {name} (in voorbereiding)\n\n- Nieuwe editie, "
                             f"gestart van editie {last}.\n{sep}{rest}", encoding="utf-8")
    shown = rel(target) if target.resolve().is_relative_to(paths.ROOT) else target
    return (f"Created {shown} from edition {last}; CITATION.cff names edition {name}, released "
            f"{(released or dt.date.today()).isoformat()} (set date-released to the day you publish).\n"
            f"Next: put new vintages under data/<source>/<vintage>/, describe them in data/datapackage.json,\n"
            f"name them in {target.name} (datasets:, parameters:), then: EDITION={name} ./book.sh build\n"
            f"and read the page 'Wat is er veranderd' of the new edition.")
