"""A temporary copy of the repository for tests that build, so the working tree is never touched.

    copy_repo(dest)                      every tracked and untracked (not ignored) file
    copy_repo(dest, executed=True)       plus the executed notebooks of the working tree's last build
                                         (_build/editions/<E>/{notebooks,cache,figures}): the copy's
                                         build reuses them where their inputs are unchanged
    build(repo, "--edition", "2025")     `python -m databook build --no-pdf ...` in the copy
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
    return dest


def env(repo: Path, **extra: str) -> dict:
    return {**os.environ, "PYTHONPATH": str(repo), **extra}


def build(repo: Path, *args: str, pdf: bool = False, **extra_env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "databook", "build", *([] if pdf else ["--no-pdf"]), *args],
                          cwd=repo, env=env(repo, **extra_env), capture_output=True, text=True)
