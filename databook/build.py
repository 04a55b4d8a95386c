"""The build: validate data, execute the notebooks that changed, render HTML and PDF, publish.

    python -m databook build               # every edition, oldest first; the newest writes figures/
    python -m databook build --edition 2025

Order for each edition (nothing is published unless every step succeeds):
  1. validate the edition file and every dataset it names (databook.data)  -> stops on bad input
  2. in each language (databook.layout.LANGUAGES): execute the notebooks whose cache key changed
     (databook.execute, databook.cache)                                -> _build/editions/<E>/[<lang>/]
  3. stage the book of that language (databook.stage) and render what is stale of it with Jupyter
     Book, strictly (databook.render)                                   -> HTML, LaTeX, PDF
  4. publish in one step (databook.site, databook.publish): _build/html/<E>/ and <E>/en/ (+ the PDFs),
     _build/html/index.html, _build/pdf/talentstrategie-<E>[-en].pdf
The command line is databook.cli; the whole build holds the working tree's build lock (databook.lock).
"""
from __future__ import annotations

import yaml

from . import data, editions, site
from . import render as renderer
from .execute import execute
from .layout import LANGUAGES, Layout, layout
from .stage import stage


def prepare(edition: str, language: str = LANGUAGES[0], jobs: int | None = None,
            log=print) -> tuple[editions.Edition, Layout, list[dict]]:
    """Validate and execute one edition in one language (steps 1 and 2)."""
    ed = editions.load_edition(edition)
    data.validate(edition=ed)
    lay = layout(ed.name, language)
    return ed, lay, execute(ed, lay, jobs, log)


def render(ed: editions.Edition, lay: Layout, pdf: bool = True, log=print) -> bool:
    """Render what is stale of the staged book (HTML, LaTeX, PDF: see databook.render)."""
    renderer.check_downloads(lay.stage)
    label = ed.name if lay.original else f"{ed.name} {lay.language}"
    return renderer.render(label, lay.stage, lay.jb, pdf=pdf, log=log)


def _says_newest_wrongly(name: str) -> bool:
    staged = layout(name).stage / "_config.yml"
    if not staged.exists():
        return False
    config = yaml.safe_load(staged.read_text(encoding="utf-8"))
    return config["sphinx"]["config"].get("edition_newest") != editions.newest()


def build(selected: list[str] | None = None, jobs: int | None = None, pdf: bool = True, log=print,
          languages: tuple[str, ...] = LANGUAGES) -> None:
    all_editions = editions.list_editions()
    selected = list(selected or all_editions)
    # An edition published before a newer one existed still says it is the newest: build it again.
    selected += [name for name in all_editions if name not in selected and _says_newest_wrongly(name)]
    # Validate everything first: bad input must stop the build before anything is written.
    for name in selected:
        data.validate(edition=editions.load_edition(name))
    for name in all_editions:
        if name not in selected:
            continue
        for language in languages:
            prev = editions.previous(name)
            if prev and not (layout(prev, language).figures / "kerncijfers.csv").exists():
                prepare(prev, language, jobs, log)  # the change page compares with the previous edition
            ed, lay, records = prepare(name, language, jobs, log)
            stage(ed, lay, records)
            render(ed, lay, pdf=pdf, log=log)
    if not site.publish(languages, log):
        log("nothing changed: the published book in _build/ is up to date")
