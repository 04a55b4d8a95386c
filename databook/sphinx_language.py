"""Sphinx extension: what follows the book's language (Sphinx's `language`) beyond plain settings.

The Dutch book is the original and stays exactly as configured in _config.yml. For a translation
(databook.translation.sphinx_overrides sets `language`):
- the theme's texts that _config.yml writes in Dutch (search box, footer) in that language;
- LaTeX: no Dutch caption names (Sphinx itself loads babel for `language`; the colophon, the date and
  the PDF's metadata in that language come from databook.publication);
- footnote references in translated paragraphs: Sphinx parses each translation on its own, without
  the page's footnote definitions, and myst-parser 3 (pinned by Jupyter Book 1) then reads `[^1]` as
  text ("inconsistent footnote references in translated message"). myst-parser 4 parses such
  references anyway (mdit-py-plugins' footnote option `always_match_refs`, MyST-Parser PR #931);
  for a translation this extension lets myst-parser 3 do the same;
- the captions of the table of contents' parts ("De paper", "Bijlagen"): Jupyter Book inserts the
  toctrees after Sphinx translated the page, so they are translated here from the same catalogue;
- the front page says first that it is a translation of Voka's Dutch text (every web page says so
  in its banner too, databook/sphinx_edition.py), in HTML and in the PDF.
"""
from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

ORIGINAL = "nl"
# BCP 47 tag of each language, for <html lang>, og:locale and the PDF's /Lang.
TAGS = {"nl": "nl-BE", "en": "en-GB"}
BABEL_LOCALES = {"nl": "nl_BE", "en": "en_GB"}

TEXTS = {
    "en": {
        "search": "Search this book…",
        "footer": ("After Voka's paper <em>Naar een gerichte Vlaamse talentstrategie</em> (2025; "
                   "<em>Towards a targeted Flemish talent strategy</em>). Every figure is computed again "
                   "from the data; see the appendix <em>Data and sources</em>. English translation of "
                   "the Dutch original."),
        "translation": ("This is an English translation of the Dutch text of Voka's paper "
                        "Naar een gerichte Vlaamse talentstrategie (2025). The Dutch text is the "
                        "original; where the two differ, the Dutch is what Voka wrote."),
        "translation_title": "Translation",
    },
}
DUTCH_CONTENTS = r"\addto\captionsdutch{\renewcommand{\contentsname}{Inhoudsopgave}}"


def language_of(config) -> str:
    return config.language or ORIGINAL


def text(config, key: str) -> str:
    return TEXTS[language_of(config)][key]


def _configure(app, config):
    language = language_of(config)
    if language == ORIGINAL or language not in TEXTS:
        return
    options = dict(config.html_theme_options or {})
    options["search_bar_text"] = TEXTS[language]["search"]
    options["extra_footer"] = TEXTS[language]["footer"]
    config.html_theme_options = options
    from .colophon import english_copyright

    config.copyright = english_copyright(config.copyright or "")
    elements = dict(config.latex_elements or {})
    preamble = elements.get("preamble", "").replace(DUTCH_CONTENTS, "")
    elements["preamble"] = preamble
    elements["releasename"] = "Edition"
    config.latex_elements = elements
    _match_footnote_refs()
    # ... whose check then misses the page's definitions in the lone paragraph; the translation's
    # references are the Dutch ones (tests/test_translation.py), whose definitions the original checks.
    config.suppress_warnings = [*(config.suppress_warnings or []), "myst.footnote"]


def _match_footnote_refs() -> None:
    """myst-parser 3 builds each Markdown parser with mdit-py-plugins' footnote plugin; give it the
    option myst-parser 4 uses, so that `[^1]` in a translated paragraph is a footnote reference.
    Only in a translation's Sphinx process (the original parses exactly as before)."""
    import functools

    from mdit_py_plugins.footnote import footnote_plugin
    from myst_parser.parsers import mdit

    if getattr(mdit.footnote_plugin, "keywords", {}).get("always_match_refs"):
        return
    mdit.footnote_plugin = functools.partial(footnote_plugin, always_match_refs=True)


def _translation_note(app, doctree):
    """The front page opens with the note that the book is a translation (HTML and PDF)."""
    language = language_of(app.config)
    if language == ORIGINAL or language not in TEXTS or app.env.docname != app.config.root_doc:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    note = nodes.admonition("", classes=["translation-note", "note"])
    note += nodes.title("", TEXTS[language]["translation_title"])
    note += nodes.paragraph("", TEXTS[language]["translation"])
    title = next(iter(section.findall(nodes.title)), None)
    section.insert(section.index(title) + 1 if title is not None else 0, note)


class TranslateTocCaptions(SphinxTransform):
    """Translate the captions of the toctrees Jupyter Book inserts (sphinx-external-toc's transform,
    priority 100, runs after Sphinx's own translation, priority 20) from the page's catalogue."""

    default_priority = 101

    def apply(self, **kwargs) -> None:
        language = language_of(self.config)
        if language == ORIGINAL:
            return
        from os import path

        from sphinx.locale import init as init_locale
        from sphinx.util.i18n import docname_to_domain

        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [path.join(self.env.srcdir, d) for d in self.config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, language, domain)
        if not has_catalog:
            return
        for toctree in self.document.findall(addnodes.toctree):
            caption = toctree.get("caption")
            if caption:
                toctree["caption"] = toctree["rawcaption"] = catalog.gettext(caption)


def _latex_title(app, env):
    """The title page of a translation has its title (html_title, see translation.sphinx_overrides).
    Jupyter Book puts _config.yml's Dutch title into latex_documents after Sphinx started, so this
    runs after reading, before the LaTeX builder writes."""
    if language_of(app.config) == ORIGINAL or not app.config.html_title:
        return
    app.config.latex_documents = [(doc[0], doc[1], app.config.html_title, *doc[3:])
                                  for doc in (app.config.latex_documents or [])]


def setup(app):
    app.add_transform(TranslateTocCaptions)
    app.connect("env-updated", _latex_title)
    app.connect("config-inited", _configure, priority=900)  # after the other extensions' settings
    app.connect("doctree-read", _translation_note)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
