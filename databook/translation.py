"""The English edition's translation: Sphinx settings per language, and the check that the committed
catalogues (locales/<language>/LC_MESSAGES/*.po) cover the Dutch text of a staged book.

- `sphinx_overrides(language)`: the Sphinx settings the render of one language adds to the staged
  book's config (language, one catalogue per page, search stemming, English figure and table
  numbers and title). The build stages the catalogues into the book (locales/<language>/, databook/stage.py).
  Dutch is the original: its overrides are empty. What cannot be a plain setting (LaTeX metadata,
  the theme's search text) follows `language` in databook/sphinx_language.py.
- `check(stage_dir, language)`: re-extracts the messages of a staged Dutch book with Sphinx's own
  gettext builder (through Jupyter Book, as tools/extract_messages.py does) and compares them, in
  memory, with the committed catalogues: every message without a translation, with a fuzzy one
  (the Dutch changed after it was translated) or missing from the catalogue is a problem naming
  the page and the start of the paragraph. The committed .po files are never written.

Only the text a person writes has catalogues: the pages (index.md, chapters/*.md, with the captions
of the figure snippets they include) and the notebooks' markdown cells (notebooks/<stem>.pot). What a
notebook's outputs display (figures, tables, data cards) the notebook writes in each language itself,
and the generated pages are written per language: the extraction leaves both out.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import polib
import yaml

from . import paths
from .files import read_yaml

LOCALES = paths.ROOT / "locales"
ORIGINAL = "nl"
# The text a person writes, as gettext names its catalogues: index.pot, chapters/*.pot (which also
# hold the captions of the figure and table snippets, figures/*.md, that the chapters include) and
# notebooks/*.pot (the notebooks' markdown cells; their outputs are left out, see _strip_outputs).
WRITTEN = ("index.pot", "chapters", "notebooks")
GENERATED_PREFIX = "_generated/"   # snippets the build writes (the citation box): never in a catalogue
NOTEBOOK_SNIPPETS = "figures/"     # figure and table snippets the notebooks write per language

# The English interface: Sphinx's and the themes' own English strings (no Dutch catalogue, no Dutch
# template text), English figure and table numbers, search with English stemming.
_OVERRIDES = {
    "en": {
        "language": "en",
        "gettext_compact": False,          # each page has its own catalogue (chapters/<page>.po)
        "html_search_language": "en",
        "numfig_format": {"figure": "Figure %s", "table": "Table %s"},
        "html_title": "Towards a targeted Flemish talent strategy",
        "today_fmt": "%d %B %Y",
        "html_last_updated_fmt": "%d %B %Y",
    },
}


class TranslationError(Exception):
    """The gettext extraction of a staged book failed."""


def sphinx_overrides(language: str) -> dict:
    """Extra Sphinx config for rendering the book in `language` (empty for the Dutch original)."""
    if language == ORIGINAL:
        return {}
    if language not in _OVERRIDES:
        raise ValueError(f"no translation settings for language {language!r} "
                         f"(known: {', '.join([ORIGINAL, *_OVERRIDES])})")
    return {key: (dict(value) if isinstance(value, dict) else list(value) if isinstance(value, list)
                  else value) for key, value in _OVERRIDES[language].items()}


# -- extraction ---------------------------------------------------------------------------------------

def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def extract(staged: Path, work: Path) -> Path:
    """The gettext templates (.pot) of the written pages of a staged book, made in a copy of it under
    `work` (the staged book is not touched); returns the folder that holds index.pot and chapters/."""
    book = work / "book"
    # The staged book of a translation is configured for its language, and an English render leaves
    # compiled catalogues (.mo) beside the staged ones: extracted in that language, Sphinx would
    # translate what it can (the toctree captions) before extracting. Extract the original.
    shutil.copytree(staged, book, ignore=shutil.ignore_patterns("_build", "locales"))
    config_file = book / "_config.yml"
    config = read_yaml(config_file)
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config.update(gettext_compact=False, language=ORIGINAL, locale_dirs=[])
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for notebook in sorted((book / "notebooks").glob("*.ipynb")):
        _strip_outputs(notebook)
    proc = subprocess.run([_bin("jupyter-book"), "build", str(book), "--builder", "custom",
                           "--custom-builder", "gettext", "--all", "-q"],
                          capture_output=True, text=True, errors="replace", stdin=subprocess.DEVNULL,
                          env={**os.environ, "PYTHONPATH": str(paths.ROOT)})
    gettext = book / "_build" / "gettext"
    if proc.returncode != 0 or not (gettext / "index.pot").is_file():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise TranslationError(f"extracting the Dutch messages (Sphinx gettext builder) failed:\n{tail}")
    kept = work / "pot"
    kept.mkdir()
    for name in WRITTEN:
        src = gettext / name
        if src.is_dir():
            shutil.copytree(src, kept / name)
        elif src.is_file():
            shutil.copyfile(src, kept / name)
    for pot in kept.rglob("*.pot"):
        drop_untranslated_kinds(pot)
    return kept


def _strip_outputs(notebook: Path) -> None:
    """Leave only what a person writes in a (copied) notebook: its outputs (figures, tables, data
    cards, glued values) are written by the notebook run in each language, never translated."""
    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, str(notebook))


def markdown_cells(notebook: Path) -> list[str]:
    """The markdown cells' sources of a notebook (what its catalogue translates)."""
    nb = nbformat.read(str(notebook), as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def _from_notebooks(entry) -> bool:
    """A message of a figure or table snippet (figures/*.md): the notebooks write those in each
    language themselves (their words beside them), so a translated book's snippets are not Dutch."""
    return bool(entry.occurrences) and all(
        f.lstrip("./").startswith(NOTEBOOK_SNIPPETS) for f, _ in entry.occurrences)


def _generated_only(entry) -> bool:
    return bool(entry.occurrences) and all(
        f.lstrip("./").startswith(GENERATED_PREFIX) for f, _ in entry.occurrences)


def drop_untranslated_kinds(pot: Path) -> None:
    """Leave out of a .pot what no person translates: what a page includes from the build's generated
    files (the citation box, new with every edition) and the figure and table snippets the notebooks
    write in each language themselves (their alt texts hold the data's numbers: a catalogue entry
    would go stale with every data refresh, and is never used)."""
    catalogue = polib.pofile(str(pot), wrapwidth=76)
    dropped = [e for e in catalogue if _generated_only(e) or _from_notebooks(e)]
    for entry in dropped:
        catalogue.remove(entry)
    if dropped:
        catalogue.save(str(pot))


# -- the check ------------------------------------------------------------------------------------------

def _start(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width].rstrip() + "…"


def compare(pot_dir: Path, language: str, locales: Path = LOCALES) -> list[str]:
    """Problems of the catalogues of `language` against the extracted templates in pot_dir."""
    messages = Path(locales) / language / "LC_MESSAGES"
    problems = []
    for pot_file in sorted(Path(pot_dir).rglob("*.pot")):
        page = pot_file.relative_to(pot_dir).with_suffix("").as_posix()
        po_file = messages / f"{page}.po"
        template = [e for e in polib.pofile(str(pot_file))
                    if e.msgid and not e.obsolete]
        if not po_file.is_file():
            if template:
                problems.append(f"{page}: no {language} catalogue (locales/{language}/LC_MESSAGES/"
                                f"{page}.po) for its {len(template)} messages")
            continue
        translated = {}
        for e in polib.pofile(str(po_file)):
            if not e.obsolete:
                translated[(e.msgctxt, e.msgid)] = e
        for e in template:
            entry = translated.get((e.msgctxt, e.msgid))
            if entry is None:
                why = "not in the catalogue (new or changed Dutch text)"
            elif "fuzzy" in entry.flags:
                why = "fuzzy (the Dutch changed since it was translated)"
            elif not entry.msgstr:
                why = "untranslated"
            else:
                continue
            problems.append(f"{page}: paragraph \"{_start(e.msgid)}\": {why}")
    return problems


def _inputs_digest(stage_dir: Path, language: str, locales: Path) -> str:
    """What the check depends on: the staged pages and configuration a person's text reaches (not the
    generated appendix pages), the notebooks' markdown cells (not their outputs), the catalogues, and
    this module."""
    import hashlib

    digest = hashlib.sha256()
    staged = sorted(p for p in stage_dir.rglob("*") if p.is_file() and p.suffix in (".md", ".yml")
                    and p.relative_to(stage_dir).parts[0] not in ("_build", "bijlagen", "notebooks"))
    catalogues = sorted((Path(locales) / language / "LC_MESSAGES").rglob("*.po"))
    for f in [*staged, *catalogues, Path(__file__)]:
        digest.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    for notebook in sorted((stage_dir / "notebooks").glob("*.ipynb")):
        digest.update(notebook.name.encode() + b"\0"
                      + "\0".join(markdown_cells(notebook)).encode() + b"\0")
    return digest.hexdigest()


def check(stage_dir: Path, language: str, locales: Path = LOCALES) -> list[str]:
    """Problems of the `language` catalogues for the staged Dutch book in stage_dir: every message of
    a written page or a notebook's markdown cell that is untranslated, fuzzy or missing, naming the page and the paragraph's start.
    An empty list for the original language. See tools/extract_messages.py to refresh the catalogues.
    A check that passed is not repeated for the same inputs (its digest is kept beside the staged
    book, `translation-check.key`); a failing one is run again every time."""
    if language == ORIGINAL:
        return []
    stage_dir = Path(stage_dir)
    if not (stage_dir / "_config.yml").is_file():
        raise TranslationError(f"{stage_dir}: not a staged book (no _config.yml)")
    key_file = stage_dir.parent / f"translation-check-{stage_dir.name}.key"
    digest = _inputs_digest(stage_dir, language, locales)
    if key_file.is_file() and key_file.read_text(encoding="utf-8").strip() == digest:
        return []
    key_file.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="i18n-check-") as tmp:
        problems = compare(extract(stage_dir, Path(tmp)), language, locales)
    if not problems:
        key_file.write_text(digest + "\n", encoding="utf-8")
    return problems
