"""Step 4 of the build: the site the build publishes — every edition in every language that has a
complete render (or, failing that, what is published of it), the root page, editions.js, the PDFs —
switched in one step by databook.publish.

    _build/html/<E>/            an edition in Dutch (the original)   + talentstrategie-<E>.pdf
    _build/html/<E>/<lang>/     its translation                      + talentstrategie-<E>-<lang>.pdf
    _build/html/index.html      the root page;  _build/html/editions.js  the editions and their pages
"""
from __future__ import annotations

import hashlib
import os
import shutil

from . import editions, pages, paths, sphinx_edition
from . import publish as publisher
from . import render as renderer
from .layout import ORIGINAL, Layout, layout


def _link_or_copy(src, dst) -> None:
    """A published state is never written to once published: a new state shares its unchanged files
    (hard links), so publishing costs no more as editions accumulate. Elsewhere: a copy. A file that
    is already there as `src` itself (a PDF shared with its edition's HTML) is left as it is."""
    if os.path.lexists(dst) and os.path.samefile(src, dst):
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _copy_html(src, dst, languages, link: bool = False) -> None:
    """An edition's HTML without the folders of its translations (they are copied on their own)."""
    shutil.copytree(src, dst, ignore=lambda d, names: [n for n in names if d == str(src) and n in languages],
                    copy_function=_link_or_copy if link else shutil.copy2)


def published() -> dict[str, dict]:
    """What the published site holds: site path ("2025", "2025/en") -> the digests of its HTML and PDF."""
    return (publisher.manifest(paths.BUILD) or {}).get("editions", {})


def content(languages: tuple[str, ...]) -> tuple[dict, list[editions.Edition], dict[str, Layout]]:
    """What the site would hold: per edition and language (key: its site path) the digest of its HTML
    and of its PDF, if any; a book that has no complete HTML render now keeps what is published of it."""
    on_site = published()
    found, built, where = {}, [], {}
    for name in editions.list_editions():
        for language in languages:
            lay = layout(name, language)
            key = lay.site_path
            html_key = renderer.key(lay.jb, "html")
            if html_key and (renderer.html_dir(lay.jb) / "index.html").exists():
                pdf_key = renderer.key(lay.jb, "pdf")
                found[key] = {"html": html_key, "pdf": pdf_key if pdf_key == html_key else None, "from": "render"}
                if on_site.get(key) == {"html": found[key]["html"], "pdf": found[key]["pdf"]}:
                    found[key]["from"] = "published"  # the same render, already on the site: share it
            elif key in on_site:
                found[key] = {**on_site[key], "from": "published"}
            elif language == ORIGINAL:
                break  # an edition without its Dutch book is not on the site
            else:
                continue
            where[key] = lay
        if name in found:
            built.append(editions.load_edition(name))
    return found, built, where


def publish(languages: tuple[str, ...], log=print) -> bool:
    """Assemble the site and the PDFs; switch in one step. False when the published site already is this."""
    found, built, where = content(languages)
    translations = [lang for lang in languages if lang != ORIGINAL]
    without_pdf = [key for key, c in found.items() if not c["pdf"]]
    index = pages.site_index(built, editions.newest(), without_pdf=without_pdf,
                             translated=[key for key in found if "/" in key])
    manifest = {"editions": {k: {"html": c["html"], "pdf": c["pdf"]} for k, c in found.items()},
                "index": hashlib.sha256(index.encode()).hexdigest()}
    if publisher.manifest(paths.BUILD) == manifest and (paths.BUILD / "html" / "index.html").exists():
        return False
    old = publisher.current(paths.BUILD)
    with publisher.new_state(paths.BUILD, manifest) as state:
        site, pdf_dir = state / "html", state / "pdf"
        for key in sorted(found, key=lambda k: (k.count("/"), k)):  # an edition before its translations
            lay, how = where[key], found[key]["from"]
            src_html = renderer.html_dir(lay.jb) if how == "render" else old / "html" / key
            src_pdf = renderer.pdf_file(lay.jb) if how == "render" else old / "pdf" / lay.pdf_name
            _copy_html(src_html, site / key, translations, link=how == "published")
            if found[key]["pdf"]:
                (_link_or_copy if how == "published" else shutil.copyfile)(src_pdf, pdf_dir / lay.pdf_name)
                _link_or_copy(pdf_dir / lay.pdf_name, site / key / lay.pdf_name)
        (site / "index.html").write_text(index, encoding="utf-8")
        (site / "editions.js").write_text(sphinx_edition.editions_script(site, [e.name for e in built],
                                                                     editions.newest(), translations),
                                          encoding="utf-8")
        (site / ".nojekyll").write_text("")
    log(f"published {', '.join(sorted(found))} to _build/html/ and _build/pdf/")
    if without_pdf:
        log(f"  no up-to-date PDF of {', '.join(without_pdf)}: not published (the site says so); "
            "build without --no-pdf to make it")
    return True
