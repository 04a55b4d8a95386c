"""Cache keys of notebook execution: when may the build reuse a notebook's last output?

A notebook is executed again when its key changed or when what it produced was edited or deleted by
hand (`outputs_digest`). Its key covers:
- its cells (code and text) and its parameters;
- the databook modules it uses: those it imports and, transitively, theirs (not the build's own
  modules: a change to the renderer does not execute notebooks again), databook's assets and the
  pinned environment (requirements.txt);
- per data file it read: the file's bytes, its resource's descriptor in data/datapackage.json (title,
  publisher, schema ...: captions and source lines come from it) and the vintage the edition names
  for that dataset. Another resource added to or changed in datapackage.json changes no key.
"""
from __future__ import annotations

import ast
import functools
import hashlib
import json
from pathlib import Path

import nbformat

from . import paths
from .layout import Layout

PACKAGE = paths.ROOT / "databook"


def sha(data_bytes: bytes) -> str:
    return hashlib.sha256(data_bytes).hexdigest()


def code_of(nb_path: Path) -> str:
    """Every cell's source (text cells too: they are the page), without outputs or injected parameters."""
    nb = nbformat.read(nb_path, as_version=4)
    return "\n\x00".join(f"{c.cell_type}:{c.source}" for c in nb.cells
                         if "injected-parameters" not in c.metadata.get("tags", []))


@functools.lru_cache(maxsize=512)
def _imported(source: str) -> frozenset[str]:
    """The databook modules a piece of Python imports (`from databook import Run` is databook.run);
    a pure function of the text, remembered: every notebook's key walks the same modules."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a cell with IPython magics: every module, to be safe
        return frozenset(p.stem for p in PACKAGE.glob("*.py"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                found.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
            elif node.module == "databook":
                found.add("__init__")
                found.update(a.name for a in node.names)
            elif (node.module or "").startswith("databook."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] if "." in a.name else "__init__"
                         for a in node.names if a.name.split(".")[0] == "databook")
    names = {"Run": "run", "ClaimError": "run", "dutch_table": "run"}  # databook/__init__.py's lazy names
    return frozenset({names.get(n, n) for n in found} & {p.stem for p in PACKAGE.glob("*.py")})


def modules_used(nb_path: Path) -> list[str]:
    """The databook modules a notebook runs: the ones it imports and, transitively, theirs."""
    nb = nbformat.read(nb_path, as_version=4)
    todo = set().union(*(_imported(c.source) for c in nb.cells if c.cell_type == "code"))
    seen = set()
    while todo:
        name = todo.pop()
        seen.add(name)
        todo |= _imported((PACKAGE / f"{name}.py").read_text(encoding="utf-8")) - seen
    return sorted(seen)


def environment_digest(modules: list[str]) -> str:
    """The code a notebook runs besides its own: the databook modules it uses, databook's assets and
    the pinned environment."""
    files = [PACKAGE / f"{m}.py" for m in modules]
    files += sorted(p for p in (PACKAGE / "assets").rglob("*") if p.is_file())
    files.append(paths.ROOT / "requirements.txt")
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(paths.ROOT).as_posix().encode() + b"\x00")
        h.update(sha(f.read_bytes()).encode() if f.exists() else b"missing")
    return h.hexdigest()


def resources() -> dict[str, dict]:
    """Data file (relative to the repository root) -> its resource's descriptor in datapackage.json,
    with a schema kept in a file of its own read into it."""
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    base = paths.DATAPACKAGE.parent
    out = {}
    for res in package.get("resources", []):
        res = dict(res)
        if isinstance(res.get("schema"), str):
            schema = base / res["schema"]
            res["schema"] = schema.read_text(encoding="utf-8") if schema.is_file() else None
        out[(base / res["path"]).resolve().relative_to(paths.ROOT.resolve()).as_posix()] = res
    return out


def cache_key(nb_path: Path, parameters: dict, files_read: list[str], env_digest: str,
              descriptors: dict[str, dict], vintages: dict[str, str]) -> str:
    """`descriptors`: see resources(); `vintages`: the edition's dataset -> vintage."""
    h = hashlib.sha256()
    h.update(code_of(nb_path).encode())
    h.update(json.dumps(parameters, sort_keys=True).encode())
    h.update(env_digest.encode())
    for name in sorted(files_read):
        f = paths.ROOT / name
        res = descriptors.get(name)
        h.update(name.encode() + b"\x00")
        h.update(sha(f.read_bytes()).encode() if f.exists() else b"missing")
        h.update(json.dumps(res, sort_keys=True).encode())
        h.update(json.dumps(res and vintages.get(res.get("dataset"))).encode())
    return h.hexdigest()


def outputs_digest(lay: Layout, stem: str) -> str | None:
    """Hash of what a notebook produced (executed notebook, its record, every figure/table file), so
    that an output edited or deleted by hand is noticed and produced again. None if any is missing."""
    meta_file = paths.notebook_record(lay.figures, stem)
    executed = lay.executed / f"{stem}.ipynb"
    if not (meta_file.exists() and executed.exists()):
        return None
    files = [executed, meta_file]
    for slug in json.loads(meta_file.read_text())["outputs"]:
        card = lay.figures / f"{slug}.json"
        if not card.exists():
            return None
        files += [card, lay.figures / f"{slug}.md"] + [lay.figures / f for f in json.loads(card.read_text())["files"]]
    h = hashlib.sha256()
    for f in files:
        if not f.exists():
            return None
        h.update(f.name.encode() + sha(f.read_bytes()).encode())
    return h.hexdigest()
