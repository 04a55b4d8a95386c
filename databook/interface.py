"""The web book's interface in Dutch.

Sphinx and the two themes translate most of their interface into Dutch; what they leave in English
is translated in `locales/nl/LC_MESSAGES/sphinx.po` (Sphinx compiles it to .mo itself). The search
page's messages come from a JavaScript catalogue (`sphinx.js`), which Sphinx takes from the first
locale folder that has one: the staged book gets Sphinx's own Dutch catalogue completed with the
strings of sphinx.po, so that neither catalogue loses a translation.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import sphinx
from babel.messages.pofile import read_po

from . import paths
from .files import write_if_changed as _write_if_changed

LANGUAGE = "nl"
LOCALES = paths.ROOT / "locales"
_JS = re.compile(r"Documentation\.addTranslations\((.*)\);?\s*$", re.S)


def catalogue(po_file: Path) -> dict[str, str]:
    """msgid -> msgstr of every translated entry of a .po file."""
    with open(po_file, "rb") as fh:
        cat = read_po(fh, locale=LANGUAGE)
    return {m.id: m.string for m in cat if m.id and isinstance(m.id, str) and m.string}


def javascript_catalogue(po_file: Path) -> str:
    """Sphinx's Dutch JavaScript catalogue with the translations of po_file added."""
    own = Path(sphinx.__file__).parent / "locale" / LANGUAGE / "LC_MESSAGES" / "sphinx.js"
    match = _JS.search(own.read_text(encoding="utf-8"))
    if match is None:
        raise RuntimeError(f"{own}: not a Sphinx JavaScript catalogue (Documentation.addTranslations)")
    data = json.loads(match.group(1))
    messages = data.setdefault("messages", {})
    messages.update(catalogue(po_file))
    return ("Documentation.addTranslations("
            + json.dumps(data, ensure_ascii=False, indent=4, sort_keys=True) + ");\n")



def stage_locales(stage_dir: Path) -> bool:
    """Put the Dutch catalogues in the staged book's locales/ folder; True if a file changed."""
    src = LOCALES / LANGUAGE / "LC_MESSAGES" / "sphinx.po"
    dst = Path(stage_dir) / "locales" / LANGUAGE / "LC_MESSAGES"
    changed = _write_if_changed(dst / "sphinx.po", src.read_text(encoding="utf-8"))
    changed |= _write_if_changed(dst / "sphinx.js", javascript_catalogue(src))
    return changed
