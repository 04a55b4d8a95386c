"""Publishing: the site and the PDFs switch in one step, from one complete, checked build.

    _build/site/<id>/html/  and  _build/site/<id>/pdf/    one complete published state
    _build/current -> site/<id>                            which state is published
    _build/html -> current/html,  _build/pdf -> current/pdf   the paths readers and tests use

A new state is assembled in _build/site/<id>.tmp/, renamed to site/<id> when complete, and
published by replacing the `current` link with one rename (atomic on POSIX). On any failure the new
folder is removed and `current` still points to the previous, whole state. Callers hold the build
lock (databook.lock), so no other build assembles or switches at the same time.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from pathlib import Path

MANIFEST = "manifest.json"


def _sites(build_dir: Path) -> Path:
    return build_dir / "site"


def current(build_dir: Path) -> Path | None:
    """The published state's folder, or None."""
    link = build_dir / "current"
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def manifest(build_dir: Path) -> dict | None:
    """What the published state holds (written by the build that published it)."""
    cur = current(build_dir)
    try:
        return json.loads((cur / MANIFEST).read_text()) if cur else None
    except (OSError, ValueError):
        return None


def _link(target: str, link: Path) -> None:
    """Make `link` a symlink to `target`, replacing what is there in one rename."""
    tmp = link.with_name(link.name + ".link-new")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def clean(build_dir: Path) -> None:
    """Remove every state that is not published (e.g. left by a killed build) and old-style folders."""
    cur = current(build_dir)
    sites = _sites(build_dir)
    for d in sorted(sites.iterdir()) if sites.is_dir() else []:
        if cur is None or d.resolve() != cur:
            shutil.rmtree(d, ignore_errors=True) if d.is_dir() and not d.is_symlink() else d.unlink()
    for name in ("html.new", "html.old"):
        shutil.rmtree(build_dir / name, ignore_errors=True)
    for leftover in build_dir.glob("*.link-new"):
        leftover.unlink(missing_ok=True)


def _stable_links(build_dir: Path) -> None:
    """_build/html and _build/pdf point into `current`; a real folder from an older build is replaced."""
    for name in ("html", "pdf"):
        path = build_dir / name
        if path.is_symlink() and os.readlink(path) == f"current/{name}":
            continue
        if path.exists() and not path.is_symlink():
            aside = build_dir / f"{name}.old"
            shutil.rmtree(aside, ignore_errors=True)
            path.rename(aside)
            _link(f"current/{name}", path)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            _link(f"current/{name}", path)


@contextlib.contextmanager
def new_state(build_dir: Path, content: dict):
    """Yield a fresh folder with html/ and pdf/ to fill; publish it when the block ends without error.

    `content` is stored as the state's manifest (see `manifest`)."""
    sites = _sites(build_dir)
    sites.mkdir(parents=True, exist_ok=True)
    clean(build_dir)
    ident = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    tmp, final = sites / f"{ident}.tmp", sites / ident
    try:
        (tmp / "html").mkdir(parents=True)
        (tmp / "pdf").mkdir()
        yield tmp
        (tmp / MANIFEST).write_text(json.dumps(content, indent=1, sort_keys=True) + "\n")
        tmp.rename(final)
        _link(f"site/{ident}", build_dir / "current")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if current(build_dir) != final.resolve():
            shutil.rmtree(final, ignore_errors=True)
        raise
    _stable_links(build_dir)
    clean(build_dir)
