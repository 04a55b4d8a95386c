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

import multiprocessing

from . import catalog, data, editions, site, sphinx_charts
from . import render as renderer
from .execute import copy_to_repository, execute
from .layout import LANGUAGES, Layout, layout
from .stage import stage


def prepare(edition: str, language: str = LANGUAGES[0], jobs: int | None = None,
            log=print, validated: bool = False) -> tuple[editions.Edition, Layout, list[dict]]:
    """Validate (unless `validated` already) and execute one edition in one language (steps 1 and 2)."""
    ed = editions.load_edition(edition)
    if not validated:
        data.validate(edition=ed)
    lay = layout(ed.name, language)
    return ed, lay, execute(ed, lay, jobs, log)


def render(ed: editions.Edition, lay: Layout, pdf: bool = True, log=print) -> bool:
    """Render what is stale of the staged book (HTML, LaTeX, PDF: see databook.render)."""
    renderer.check_downloads(lay.stage)
    label = ed.name if lay.original else f"{ed.name} {lay.language}"
    return renderer.render(label, lay.stage, lay.jb, pdf=pdf, log=log)


def frozen(name: str, language: str, pdf: bool = True) -> bool:
    """An edition older than the newest is frozen once it is published in this language (with its PDF,
    unless the build makes none): the build neither executes nor renders it again unless asked
    (`--edition`). Its pages learn about newer editions from the site's editions.js."""
    published = site.published().get(layout(name, language).site_path)
    return name != editions.newest() and bool(published) and (bool(published.get("pdf")) or not pdf)


def plan(selected: list[str] | None, languages: tuple[str, ...], pdf: bool = True) -> list[tuple[str, str]]:
    """(edition, language) to build, oldest first: those asked for, or else every one not frozen."""
    if selected:
        return [(name, lang) for name in editions.list_editions() if name in selected for lang in languages]
    return [(name, lang) for name in editions.list_editions() for lang in languages
            if not frozen(name, lang, pdf)]


def build(selected: list[str] | None = None, jobs: int | None = None, pdf: bool = True, log=print,
          languages: tuple[str, ...] = LANGUAGES) -> None:
    todo = plan(selected, languages, pdf)
    for name in selected or []:
        editions.load_edition(name)  # an edition that does not exist stops the build, named
    # Validate everything first: bad input must stop the build before anything is written.
    for name in dict.fromkeys(name for name, _ in todo):
        data.validate(edition=editions.load_edition(name))
    catalog.require_translated(todo)
    skipped = sorted({name for name in editions.list_editions()} - {name for name, _ in todo})
    if skipped and not selected:
        log(f"frozen (published, not built again; --edition E rebuilds one): {', '.join(skipped)}")
    # The charts' script bundle (sphinx_charts.bundle, once per vl-convert version) is made while the
    # notebooks run, on the core they leave idle, rather than by the first render after them (in a
    # process of its own: no thread is running when the notebook workers are forked).
    bundle = multiprocessing.Process(target=sphinx_charts.bundle, name="vega-bundle", daemon=True)
    if todo and not sphinx_charts.bundle_cached():
        bundle.start()
    for name, language in todo:
        prev = editions.previous(name)
        if prev and not (layout(prev, language).figures / "kerncijfers.csv").exists():
            prepare(prev, language, jobs, log)  # the change page compares with the previous edition
        ed, lay, records = prepare(name, language, jobs, log, validated=True)
        stage(ed, lay, records)
        copy_to_repository(lay)
        if bundle.pid is not None:
            bundle.join()
        render(ed, lay, pdf=pdf, log=log)
    if not site.publish(LANGUAGES, log):  # every language on the site, built now or published before
        log("nothing changed: the published book in _build/ is up to date")
