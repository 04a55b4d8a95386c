"""Refresh the English gettext catalogues (locales/en/LC_MESSAGES/*.po) from the Dutch text.

    python tools/extract_messages.py [--edition E] [--staged <staged book folder>]

Run it after a build has staged the edition (`./book.sh build` creates _build/editions/<E>/book;
the default is the newest edition in editions/*.yml).
It works on a temporary copy of the staged book (the build's folders are not touched):
  1. `jupyter-book build <copy> --builder custom --custom-builder gettext`, with
     `gettext_compact: false` added to the copy's Sphinx config, so that every page has its own
     catalogue (chapters/02-productiviteit.pot, ...) instead of one per folder;
  2. `sphinx-intl update -p <copy>/_build/gettext -l en -d locales` for the text a person writes:
     index, chapters/* and the notebooks' markdown cells (notebooks/*; the copy's notebooks have
     their outputs stripped, which the English notebook run writes in English itself); generated
     pages (bijlagen/*) are left out.
A Dutch sentence that changed turns its entry fuzzy, a new one arrives untranslated, and
tests/test_translation.py fails until someone translates it. The `#:` locations in the
catalogues are relative to the gettext output folder (../../chapters/...), never a machine path.
The extraction is databook.translation.extract, the same the build's check uses
(databook.translation.check compares it with the committed catalogues without writing them).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from databook.translation import LOCALES, extract  # noqa: E402  (the one extraction route)

LANGUAGE = "en"


def newest_edition() -> str:
    return sorted(p.stem for p in (ROOT / "editions").glob("*.yml"))[-1]


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", default=None, help="default: the newest edition")
    parser.add_argument("--staged", type=Path, default=None,
                        help="a staged book folder (default: _build/editions/<edition>/book)")
    args = parser.parse_args(argv)
    staged = args.staged or ROOT / "_build" / "editions" / (args.edition or newest_edition()) / "book"
    if not (staged / "_config.yml").is_file():
        print(f"{staged}: no staged book (no _config.yml); run ./book.sh build first",
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="i18n-") as tmp:
        pot = extract(staged, Path(tmp))
        subprocess.run([_bin("sphinx-intl"), "update", "-p", str(pot), "-l", LANGUAGE,
                        "-d", str(LOCALES)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
