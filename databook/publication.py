"""What the build adds to an edition's staged book so that it reads as a publication.

    configure(config, ed, figures, stage)  # the staged _config.yml: date, PDF colophon and metadata, sharing
    write_files(ed, lay, stage)   # generated snippets, Dutch interface catalogues, Excel downloads

See databook/colophon.py (date, citation, colophon), databook/interface.py (Dutch interface),
databook/downloads.py (Excel variants), databook/sphinx_html.py and databook/sphinx_latex.py
(what Sphinx does with them).
"""
from __future__ import annotations

import json
from pathlib import Path

from . import colophon, downloads, interface
from .editions import Edition
from .files import write_if_changed as _write_if_changed

CITATION_SNIPPET = "_generated/citeren.md"  # included by index.md; excluded as a page (_config.yml)


def configure(config: dict, ed: Edition, figures: Path, stage_dir: Path, language: str = "nl") -> None:
    """Edit the staged configuration (a dict of _config.yml) for edition `ed` in `language`."""
    cfg = config.setdefault("sphinx", {}).setdefault("config", {})
    # Sphinx looks for the JavaScript catalogue (sphinx.js) relative to the working directory,
    # for the .po catalogues relative to the book: the staged book's own folder serves both.
    cfg["locale_dirs"] = [str(Path(stage_dir).resolve() / "locales")]
    cfg["today"] = colophon.date_text(ed, lang=language)
    latex = cfg.setdefault("latex_elements", {})
    latex["preamble"] = (latex.get("preamble", "") + colophon.pdf_metadata_latex(ed, lang=language)
                         + colophon.colophon_latex(ed, str(config.get("copyright", "")), language))
    cff = colophon.citation()
    cfg["publication_description"] = " ".join(
        t for t in (cff.abstract, f"Editie {ed.name}: {ed.description}") if t) if language == "nl" else (
        f"English translation of Voka's paper {cff.title} ({colophon.ENGLISH['title_gloss']}), edition {ed.name}: "
        "every figure and table computed again from the data.")
    card = figures / f"{cfg.get('publication_share_figure', '')}.json"
    if card.is_file():
        cfg["publication_share_alt"] = json.loads(card.read_text(encoding="utf-8")).get("alt", "")



def write_files(ed: Edition, figures: Path, stage_dir: Path, language: str = "nl") -> bool:
    """Write what the staged book includes besides its pages; True if a staged file changed.

    The Excel variant of kerncijfers.csv goes to the edition's figures folder (the notebooks write
    the variants of their own CSVs), before that folder is copied into the staged book."""
    key_numbers = figures / "kerncijfers.csv"
    if key_numbers.exists():
        downloads.write_excel_variant(key_numbers)
    changed = _write_if_changed(stage_dir / CITATION_SNIPPET, colophon.citation_box(ed, language))
    changed |= interface.stage_locales(stage_dir)
    return changed
