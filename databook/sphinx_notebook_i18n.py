"""Sphinx extension: glued numbers in the translated paragraphs of a notebook page.

Sphinx translates a paragraph by parsing its translation on its own (the Locale transform), and
myst-nb parses such a text as plain MyST, without the notebook's outputs: a `{glue:text}` role with
a bare key then finds no glue data ("No key ... found in glue data for this document"). For the
translated text of a notebook page this parser names the notebook in each such role
(``{glue:text}`fig10-instrumenten.ipynb::totaal_mld:s` ``, myst-nb's own syntax for gluing from a
document), so that myst-nb fills it after reading, from the glue data the notebook's own parse
stored. The original page and every page that is not a notebook are parsed exactly as before.
"""
from __future__ import annotations

import re
from pathlib import Path

from myst_nb.sphinx_ import Parser as NotebookParser

TRANSLATED = "<translated>"   # how Sphinx's Locale transform names the source of a translation
# A glue role with a bare key (no "doc::key"): {glue}`k`, {glue:text}`k:s`, {glue:md}`k` ...
BARE_GLUE_ROLE = re.compile(r"(\{glue(?::[\w-]+)?\}`)(?![^`]*::)(?=[^`]+`)")


def name_the_notebook(text: str, notebook: str) -> str:
    """`text` with every bare glue key of its roles prefixed by `notebook::`."""
    return BARE_GLUE_ROLE.sub(lambda m: f"{m.group(1)}{notebook}::", text)


class Parser(NotebookParser):
    """myst-nb's parser; a translated paragraph of a notebook glues from its own notebook by name."""

    def parse(self, inputstring: str, document) -> None:
        if document.current_source and document.current_source.endswith(TRANSLATED):
            env = document.settings.env
            source = Path(env.doc2path(env.docname))
            if source.suffix == ".ipynb":
                inputstring = name_the_notebook(inputstring, source.name)
        super().parse(inputstring, document)


def setup(app):
    app.setup_extension("myst_nb")
    app.add_source_parser(Parser, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
