"""A temporary copy of the repository for tests that build, so the working tree is never touched.

    copy_repo(dest)                      every tracked and untracked (not ignored) file
    copy_repo(dest, executed=True)       plus the executed notebooks of the working tree's last build
                                         (_build/editions/<E>/{notebooks,cache,figures}, the original
                                         language): the copy's build reuses them where their inputs
                                         are unchanged; and the build's tool cache (_build/toolcache)
    build(repo, "--edition", "2025")     `python -m databook build --no-pdf ...` in the copy
    BuiltCopy(folder, "2025")            a copy built once (one edition, the original language, HTML),
                                         then put back exactly as built before each test (restore()):
                                         every test starts from the same published book, whatever ran
                                         before it, and renders only what it changed (the copy stays at
                                         one path: Sphinx keeps its cache only where its sources stay)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_repo(dest: Path, executed: bool = False) -> Path:
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    for name in files:
        src = ROOT / name
        if src.is_file() and not name.startswith((".venv", "_build", "tests/artifacts")):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    if executed:
        for edition in sorted((ROOT / "_build" / "editions").glob("*")):
            for part in ("notebooks", "cache", "figures"):
                if (edition / part).is_dir():
                    shutil.copytree(edition / part, dest / "_build" / "editions" / edition.name / part,
                                    dirs_exist_ok=True)
        if (ROOT / "_build" / "toolcache").is_dir():
            shutil.copytree(ROOT / "_build" / "toolcache", dest / "_build" / "toolcache", dirs_exist_ok=True)
    return dest


def env(repo: Path, **extra: str) -> dict:
    return {**os.environ, "PYTHONPATH": str(repo), **extra}


def build(repo: Path, *args: str, pdf: bool = False, **extra_env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "databook", "build", *([] if pdf else ["--no-pdf"]), *args],
                          cwd=repo, env=env(repo, **extra_env), capture_output=True, text=True)


class BuiltCopy:
    """A copy of the repository with the working tree's executed notebooks, built once with
    `--edition <edition> --language nl --no-pdf` (the language is not what these tests are about),
    and a snapshot of it; restore() makes the copy the snapshot again (files, times and links)."""

    def __init__(self, folder: Path, edition: str):
        self.path, self._snapshot = folder / "repo", folder / "built"
        copy_repo(self.path, executed=True)
        done = build(self.path, "--edition", edition, "--language", "nl")
        assert done.returncode == 0, done.stdout + done.stderr
        shutil.copytree(self.path, self._snapshot, symlinks=True)

    def restore(self) -> Path:
        """Copy back what differs from the snapshot (by kind, size and modification time in
        nanoseconds: copies keep the snapshot's times, any write changes them) and remove the rest."""
        _mirror(self._snapshot, self.path)
        return self.path


def _mirror(src: Path, dst: Path) -> None:
    wanted = {e.name: e for e in os.scandir(src)}
    for entry in os.scandir(dst) if dst.is_dir() and not dst.is_symlink() else []:
        if entry.name not in wanted or entry.is_symlink() != wanted[entry.name].is_symlink() \
                or entry.is_dir(follow_symlinks=False) != wanted[entry.name].is_dir(follow_symlinks=False):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    dst.mkdir(exist_ok=True)
    for name, entry in wanted.items():
        target = dst / name
        if entry.is_symlink():
            if not target.is_symlink() or os.readlink(target) != os.readlink(entry.path):
                target.unlink(missing_ok=True)
                os.symlink(os.readlink(entry.path), target)
        elif entry.is_dir():
            _mirror(Path(entry.path), target)
        else:
            have, want = (target.stat() if target.exists() else None), entry.stat()
            if have is None or (have.st_size, have.st_mtime_ns) != (want.st_size, want.st_mtime_ns):
                shutil.copy2(entry.path, target)
    shutil.copystat(src, dst)
