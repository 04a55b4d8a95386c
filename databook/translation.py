"""The translated editions (owner: the English edition's work; this is the interface the build calls).

    sphinx_overrides(language) -> dict        extra Sphinx configuration of one language's book
    check(stage_dir, language) -> list[str]   problems of its translation (empty: complete)
"""
from __future__ import annotations

from pathlib import Path


def sphinx_overrides(language: str) -> dict:
    return {"language": language}


def check(stage_dir: Path, language: str) -> list[str]:
    return []
