"""Data is text, never markup: one place that turns a value from data/ into safe text for each target.

    myst("<b>5 $ & 6</b>")          inline MyST text: markup characters backslash-escaped,
                                    whitespace collapsed (so also safe in a table cell)
    myst_option("a # b")            a directive option value (:alt: ...), double-quoted
    html("<b>")                     HTML text or attribute value
    md_table(frame)                 a DataFrame as a MyST (GFM) table, every cell and header escaped,
                                    except the cells the code itself marked up with strong() or link()
    strong("Totaal")                a table cell the code shows in bold (its text still escaped)
    link("Figuur 4", "../x.ipynb")  a table cell the code makes a link (its text still escaped)
    text_problems("…")              why a text cannot be printed by the book (PDF fonts, length), or []

MyST renders to HTML and LaTeX through Sphinx, which escapes plain text for both; what matters
is that no value is ever parsed as MyST (roles, directives, glue, HTML, links, emphasis). Charts
do not parse text as markup either: style.RC turns matplotlib's mathtext off.
"""
from __future__ import annotations

import html as _html
import json
import re
import string

import pandas as pd

# Longest text a data cell may hold unless its schema says otherwise (maxLength).
MAX_TEXT_LENGTH = 1000

# Characters with a meaning anywhere in a line (code, roles, emphasis, links, HTML, entities, tables,
# math, strike-through, heading ends), always escaped; any other ASCII punctuation is escaped where it
# starts a line. CommonMark lets every ASCII punctuation character be escaped with a backslash.
_INLINE = frozenset("\\`*_{}[]<>&|$~#")
_LINE_START = frozenset(string.punctuation) - {"\\"}
_SPACE = re.compile(r"[ \t\r\n\f\v]+")

# Characters above ASCII that the PDF can print: pdflatex with T1/TS1 (tgtermes, tgheros) and
# Sphinx's own replacements. Generated from LaTeX's t1enc.dfu and ts1enc.dfu and
# utf8.def, and sphinx.util.texescape.tex_replacements (every \DeclareUnicodeCharacter there).
_PDF_RANGES = ("\u00a0-\u00b7\u00b9-\u0125\u0128-\u0137\u0139-\u013e\u0141-\u0148\u014a-\u0165\u0168-\u017e"
               "\u0192\u01c4-\u01d4\u01e2-\u01e3\u01e6-\u01eb\u01f0\u01f4-\u01f5\u0218-\u021b\u0232-\u0233"
               "\u0237\u02c6-\u02c7\u02d8-\u02d9\u02db-\u02dd\u0e3f\u1e02-\u1e03\u1e0d\u1e1e-\u1e21\u1e25"
               "\u1e30-\u1e31\u1e37\u1e43\u1e45\u1e47\u1e5b\u1e63\u1e6d\u1e8e-\u1e91\u1e9e\u1ef2-\u1ef3"
               "\u200c\u2010-\u2016\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030-\u2031\u2039-\u203b"
               "\u203d\u2044\u204e\u2052\u20a1\u20a4\u20a6\u20a9\u20ab-\u20ac\u20b1\u2103\u2116-\u2117"
               "\u211e\u2120\u2122\u2126-\u2127\u212e-\u212f\u2148\u2190-\u2193\u2329-\u232a\u23bd"
               "\u2422-\u2423\u25e6\u25ef\u266a\u2713-\u2716\u27e8-\u27e9\u3008-\u3009\ufb00-\ufb06\ufeff")
_NOT_PRINTABLE = re.compile(f"[^\n\t\x20-\x7e{_PDF_RANGES}]")


def _one_line(value) -> str:
    """Line breaks and runs of ASCII white space become one space; a no-break space stays."""
    return _SPACE.sub(" ", str(value)).strip(" ")


def _inline(value) -> str:
    return "".join("\\" + c if c in _INLINE else c for c in _one_line(value))


def myst(value) -> str:
    """`value` as inline MyST that shows exactly its characters (one line)."""
    text = _inline(value)
    numbered = re.match(r"\d{1,9}[.)]", text)
    if numbered:  # "2022. ..." would start a numbered list
        return text[:numbered.end() - 1] + "\\" + text[numbered.end() - 1:]
    if text[:1] in _LINE_START:  # a list, heading, quote, comment (%), target "(x)=", fence ":::"
        return "\\" + text
    return text


def myst_option(value) -> str:
    """`value` as a directive option value: double-quoted, so '#' and ':' are text."""
    return json.dumps(_one_line(value), ensure_ascii=False)


def html(value) -> str:
    return _html.escape(str(value), quote=True)


_CODE_SPAN = re.compile(r"`[^`\n|]+`")


class Markup(str):
    """A table cell whose markup the book's code wrote (never data): md_table keeps it as it is.
    Text added to it is escaped: strong("Totaal") + " (berekend)" stays Markup."""

    def __add__(self, other) -> "Markup":
        extra = str(other) if isinstance(other, Markup) else "".join(
            "\\" + c if c in _INLINE else c for c in _SPACE.sub(" ", str(other)))
        return Markup(str(self) + extra)


def strong(value) -> Markup:
    """Bold text in a table cell; the text itself stays text."""
    return Markup(f"**{_inline(value)}**")


def link(value, target: str) -> Markup:
    """A link in a table cell to a page of the book; the link text stays text."""
    if not re.fullmatch(r"[\w./#-]+", target):
        raise ValueError(f"not a link target within the book: {target!r}")
    return Markup(f"[{_inline(value)}]({target})")


def cell(value) -> str:
    """A table cell: inline text (a cell never starts a line), except a cell that is one code span
    (`like this`), whose content MyST shows literally anyway, and markup the code wrote (Markup)."""
    if isinstance(value, Markup):
        return str(value)
    text = _one_line(value)
    return text if _CODE_SPAN.fullmatch(text) else _inline(text)


def md_table(frame: pd.DataFrame) -> str:
    """A GFM table (pandas.to_markdown) whose headers and cells are text, not markup."""
    safe = frame.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else cell(v))
    safe.columns = [_inline(c) for c in frame.columns]
    return safe.to_markdown(index=False, disable_numparse=True)


def text_problems(value: str, max_length: int = MAX_TEXT_LENGTH) -> list[str]:
    """What makes `value` unfit to print in the book: characters the PDF fonts lack, its length."""
    out = []
    bad = sorted(set(_NOT_PRINTABLE.findall(value)))
    if bad:
        shown = ", ".join(f"'{c}' (U+{ord(c):04X})" if c.isprintable() else f"U+{ord(c):04X}" for c in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        out.append(f"has characters the PDF fonts cannot print: {shown}{more}")
    if len(value) > max_length:
        out.append(f"is {len(value)} characters long; at most {max_length} allowed")
    return out
