"""The words of the pages and page parts the build writes itself (locales/build-words.yml).

The notebooks' words are beside them (databook.words); these are the generated pages' words: key
numbers, what has changed, about this build, the data appendix, the claims register and the
edition banner, one section each, in every language (nl the original, en its translation).
"""
from __future__ import annotations

import copy
import functools
from pathlib import Path

import yaml

from . import language as lang
from . import paths
from .files import read_yaml
from .words import WordsError

FILE = paths.ROOT / "locales" / "build-words.yml"


def build_words(part: str, language: str) -> dict:
    """Section `part` of locales/build-words.yml in `language`; WordsError naming file and section
    if it is missing or the file cannot be read."""
    shown = f"locales/{FILE.name}"
    try:
        stat = FILE.stat()
        raw = _parsed(FILE, stat.st_mtime_ns, stat.st_size)
    except (OSError, yaml.YAMLError) as exc:
        raise WordsError(f"{shown}: cannot be read: {exc}") from None
    section = ((raw or {}).get(lang.check(language)) or {}).get(part) if isinstance(raw, dict) else None
    if not isinstance(section, dict):
        raise WordsError(f"{shown}: no section '{language}.{part}' (the words of the build's own pages)")
    return copy.deepcopy(section)


@functools.lru_cache(maxsize=4)
def _parsed(file: Path, mtime_ns: int, size: int) -> dict:
    """The file parsed once per version (its path, modification time and size): the pages ask for
    their words hundreds of times in a build. Callers get copies (see build_words)."""
    return read_yaml(file)
