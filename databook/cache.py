"""Cache keys of notebook execution: when may the build reuse a notebook's last output?

A notebook is executed again when its key changed (its code, its parameters, the databook package,
requirements.txt, the data files it read) or when what it produced was edited or deleted by hand
(`outputs_digest`)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat

from . import paths
from .layout import Layout


def sha(data_bytes: bytes) -> str:
    return hashlib.sha256(data_bytes).hexdigest()


def code_of(nb_path: Path) -> str:
    """Every cell's source (text cells too: they are the page), without outputs or injected parameters."""
    nb = nbformat.read(nb_path, as_version=4)
    return "\n\x00".join(f"{c.cell_type}:{c.source}" for c in nb.cells
                         if "injected-parameters" not in c.metadata.get("tags", []))


def environment_digest() -> str:
    """What every notebook depends on: the shared package and the pinned environment."""
    parts = [p.read_bytes() for p in sorted((paths.ROOT / "databook").glob("*.py"))]
    req = paths.ROOT / "requirements.txt"
    parts.append(req.read_bytes() if req.exists() else b"")
    return sha(b"\x00".join(parts))


def cache_key(nb_path: Path, parameters: dict, files_read: list[str], env_digest: str) -> str:
    h = hashlib.sha256()
    h.update(code_of(nb_path).encode())
    h.update(json.dumps(parameters, sort_keys=True).encode())
    h.update(env_digest.encode())
    for name in sorted(files_read):
        f = paths.ROOT / name
        h.update(name.encode())
        h.update(sha(f.read_bytes()).encode() if f.exists() else b"missing")
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
