"""Step 3a of the build: assemble one edition's book in one language in <layout>/book/: the sources
(index, chapters, static files, templates), the executed notebooks and figures of that language, the
generated appendix pages, the staged _config.yml and _toc.yml, the translation catalogues of a
translated edition. Files are written only when their content changes (Sphinx's incremental build
and the render keys see real changes only)."""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from . import catalog, data, editions, pages, paths, publication, translation
from .errors import BuildError
from .files import copy_if_changed, read_yaml, write_if_changed
from .layout import Layout

LOCALES = paths.ROOT / "locales"


def sync_tree(src: Path, dst: Path, pattern: str = "*") -> list[Path]:
    """Make dst hold the files of src matching pattern (others in dst, such as the .mo files Sphinx
    compiles beside staged .po catalogues, are left alone); returns the files that changed."""
    wanted, changed = set(), []
    for f in sorted(src.rglob(pattern)) if src.is_dir() else []:
        if f.is_file() and paths.RECORDS not in f.parts:
            target = dst / f.relative_to(src)
            wanted.add(target)
            if copy_if_changed(f, target):
                changed.append(target)
    if dst.exists():
        for f in sorted(dst.rglob(pattern)):
            if f.is_file() and f not in wanted:
                f.unlink()
                changed.append(f)
    return changed


def _touch_glue_readers(stage_dir: Path, notebooks_changed: list[Path]) -> None:
    """Sphinx does not know that a page's glued numbers come from a notebook: mark every page that
    glues from a changed notebook as modified, so that it is read and written again."""
    names = [f"{nb.stem}.ipynb::" for nb in notebooks_changed]
    for page in stage_dir.rglob("*.md"):
        if "_build" not in page.relative_to(stage_dir).parts and any(
                n in page.read_text(encoding="utf-8") for n in names):
            os.utime(page)


def _config(ed: editions.Edition, lay: Layout) -> dict:
    config = read_yaml(paths.ROOT / "_config.yml")
    sphinx_cfg = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_cfg.update({"release": ed.name, "version": ed.name, "edition_name": ed.name,
                       "edition_pdf": lay.pdf_name, "edition_site_path": lay.site_path})
    sphinx_cfg.update(pages.edition_sphinx_config(ed, lay))  # the claims' notes, the changed figures
    config["latex"]["latex_documents"]["targetname"] = "talentstrategie.tex"
    publication.configure(config, ed, lay.figures, lay.stage, lay.language)  # date, colophon, PDF metadata, sharing
    sphinx_cfg.update(translation.sphinx_overrides(lay.language))  # language, catalogues, search
    return config


def _stage_catalogues(lay: Layout) -> bool:
    """A translated edition's catalogues (locales/<language>/LC_MESSAGES/**.po) in the staged book's
    locales/ folder, so that the render key covers them (the Dutch interface catalogue is staged by
    databook.publication)."""
    if lay.original:
        return False
    src = LOCALES / lay.language / "LC_MESSAGES"
    return bool(sync_tree(src, lay.stage / "locales" / lay.language / "LC_MESSAGES", "*.po"))


def stage(ed: editions.Edition, lay: Layout, records: list[dict]) -> bool:
    """Assemble the book's source for one edition in one language; True when any staged file changed
    (then the book must be rendered again). A translation that is not complete stops the build."""
    st = lay.stage
    st.mkdir(parents=True, exist_ok=True)
    config = _config(ed, lay)
    changed = write_if_changed(st / "_config.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    changed |= publication.write_files(ed, lay.figures, st, lay.language)  # citation box, Dutch UI, Excel CSVs
    changed |= _stage_catalogues(lay)

    generated = pages.generate(ed, lay, records)
    for name, text in generated.items():
        changed |= write_if_changed(st / "bijlagen" / f"{name}.md", text)
    stale = [p for p in (st / "bijlagen").glob("*.md")
             if p.stem not in generated and p.stem != "over-deze-build"]
    for p in stale:  # e.g. a change page of an edition that lost its previous edition
        p.unlink()
        changed = True
    changed |= pages.stage_files(ed, lay, st)  # the claims as CSV, the previous edition's changed figures
    # _toc.yml lists every page; a generated page an edition does not have (the change page of
    # the first edition) is left out of that edition's table of contents.
    changed |= copy_if_changed(paths.ROOT / "index.md", st / "index.md")
    changed |= bool(sync_tree(paths.CHAPTERS, st / "chapters"))
    changed |= bool(sync_tree(paths.ROOT / "_static", st / "_static"))
    changed |= bool(sync_tree(paths.ROOT / "_templates", st / "_templates"))
    changed |= bool(sync_tree(lay.figures, st / "figures"))
    executed_changed = sync_tree(lay.executed, st / "notebooks", "*.ipynb")
    changed |= bool(executed_changed)
    toc = read_yaml(paths.ROOT / "_toc.yml")
    for part in toc["parts"]:
        part["chapters"] = [c for c in part["chapters"]
                            if c["file"] == "bijlagen/over-deze-build"  # written below
                            or any((st / f"{c['file']}{ext}").exists() for ext in (".md", ".ipynb"))]
    changed |= write_if_changed(st / "_toc.yml", yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))
    # The build page describes the build that renders the book. When nothing else changed, the book
    # is not rendered again and the published page still describes the build that made it.
    build_page = st / "bijlagen" / "over-deze-build.md"
    if changed or not build_page.exists():
        changed |= write_if_changed(build_page, pages.build_page(ed, records, language=lay.language))
    _touch_glue_readers(st, executed_changed)
    # the data files this edition uses, so that readers can download them from the book
    used = sorted({meta["path"] for meta in (data.resource(d, ed) for d in ed.datasets)
                   if catalog.downloadable(meta)})
    for f in used:
        changed |= copy_if_changed(paths.ROOT / f, st / f)
    problems = translation.check(st, lay.language)
    if problems:
        shown = problems[:30] + ([f"... {len(problems)} problems in all"] if len(problems) > 30 else [])
        raise BuildError(f"edition {ed.name}: the {lay.language} translation is not complete; fix each:\n  "
                         + "\n  ".join(shown))
    return changed
