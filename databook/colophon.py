"""What the book says about itself: its date, how to cite it, its colophon and its PDF metadata.

Everything comes from files a person edits: CITATION.cff (title, authors, keywords, abstract,
message, the release date of the newest edition), the edition file (name, datasets and their
vintages), data/datapackage.json (each dataset's licence), _config.yml (copyright), plus the git
commit the book was built from.

The date of an edition: CITATION.cff's `date-released` when it belongs to that edition (its
`version` is the edition and the date falls in the edition's year); otherwise the edition's year
alone. So edition 2025 is dated 2025, never by the day of a later build.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass

from . import data, language, paths
from .editions import Edition
from .files import read_yaml

CITATION = paths.ROOT / "CITATION.cff"


@dataclass(frozen=True)
class Citation:
    title: str
    authors: list[str]
    version: str
    released: dt.date | None
    message: str
    abstract: str
    keywords: list[str]
    licence: str
    references: list[str]


def _author(entry: dict) -> str:
    if entry.get("name"):
        return str(entry["name"])
    return " ".join(str(entry[k]) for k in ("given-names", "family-names") if entry.get(k))


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def citation() -> Citation:
    """CITATION.cff, read; a missing file or key fails with the file named."""
    if not CITATION.exists():
        raise FileNotFoundError(f"{CITATION.name}: missing (the colophon and 'hoe citeren' come from it)")
    raw = read_yaml(CITATION) or {}
    for key in ("title", "authors"):
        if not raw.get(key):
            raise ValueError(f"{CITATION.name}: no '{key}' (needed for the colophon and 'hoe citeren')")
    refs = []
    for ref in raw.get("references") or []:
        who = ", ".join(_author(a) for a in ref.get("authors", []))
        refs.append(f"{who} ({ref['year']}). {ref['title']}." if ref.get("year") else f"{who}. {ref['title']}.")
    return Citation(
        title=str(raw["title"]),
        authors=[_author(a) for a in raw["authors"]],
        version=str(raw.get("version", "")),
        released=_date(raw.get("date-released")),
        message=" ".join(str(raw.get("message", "")).split()),
        abstract=" ".join(str(raw.get("abstract", "")).split()),
        keywords=[str(k) for k in raw.get("keywords") or []],
        licence=str(raw.get("license", "")),
        references=refs,
    )


def edition_date(ed: Edition, cff: Citation | None = None) -> dt.date | None:
    """The release date of the edition, when CITATION.cff gives it (see the module's docstring)."""
    cff = cff or citation()
    if cff.released and cff.version == ed.name and str(cff.released.year) == ed.name[:4]:
        return cff.released
    return None


# The colophon, citation box and PDF metadata of a translation (the Dutch is the original's, below).
# English: a faithful translation; CITATION.cff's own texts (title, message) are Voka's and stay Dutch
# in the original, their English is given here.
ENGLISH = {
    "edition": "edition", "Edition": "Edition", "living_book": "living book", "colophon": "Colophon",
    "how_to_cite": "How to cite", "licence": "Licence",
    "message": "Cite this book as follows. State the edition: each edition uses different data.",
    "text_data": ("Text: \\textcopyright{{}} {copyright}. Data: the licence of each dataset is given below and in "
                  "the appendix Data and sources."),
    "original": "The original paper:", "data_of_edition": "Data of this edition",
    "columns": "(dataset, version, licence)", "made_from": "Made from", "local_changes": " with local changes",
    "no_git": "a copy without git history", "not_stated": "not stated",
    "title_gloss": "Towards a targeted Flemish talent strategy",
    "subject": ("A living book after Voka's paper (2025), in English translation: the paper's text, with every "
                "figure, table and key number computed again from the data, in yearly editions (HTML and PDF)."),
    "keywords": "lifelong learning, training, Flanders, talent strategy, labour market",
}
PDF_LANG = {"nl": "nl-BE", "en": "en-GB"}
# The book's copyright line (_config.yml) names what it covers in Dutch; its English words.
COPYRIGHT_WORDS = {"(tekst)": "(text)", "gegevens: zie Data en bronnen": "data: see Data and sources"}


def english_copyright(line: str) -> str:
    for dutch, english in COPYRIGHT_WORDS.items():
        line = line.replace(dutch, english)
    return line


def date_text(ed: Edition, cff: Citation | None = None, lang: str = language.ORIGINAL) -> str:
    """'26 november 2026' ('26 November 2026' in English), or the edition's year when its day is not known."""
    day = edition_date(ed, cff)
    return language.date(day, lang) if day else ed.name[:4]


def year(ed: Edition, cff: Citation | None = None) -> str:
    day = edition_date(ed, cff)
    return str(day.year) if day else ed.name[:4]


def reference(ed: Edition, cff: Citation | None = None, lang: str = language.ORIGINAL) -> str:
    """The reference to cite, plain text: 'Voka (2026). Naar een ... (editie 2026) [levend boek].'
    In English: 'Voka (2026). Naar een ... [Towards ...] (edition 2026, English translation) [living book].'"""
    cff = cff or citation()
    if lang != language.ORIGINAL:
        return (f"{', '.join(cff.authors)} ({year(ed, cff)}). {cff.title} [{ENGLISH['title_gloss']}] "
                f"(edition {ed.name}, English translation) [living book].")
    return f"{', '.join(cff.authors)} ({year(ed, cff)}). {cff.title} (editie {ed.name}) [levend boek]."


def commit() -> tuple[str, bool] | None:
    """(the git commit the book is built from, whether tracked files other than the generated
    figures/ and notebooks/ differ from it), or None outside a git checkout."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=paths.ROOT, capture_output=True, text=True, timeout=30)

    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return None
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)figures",
                    ":(exclude)notebooks")
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip(), bool(dirty.stdout.strip())


def vintages(ed: Edition) -> list[tuple[str, str, str]]:
    """(dataset id, vintage, licence) for every dataset of the edition, in the edition's order."""
    rows = []
    for dataset_id, vintage in ed.datasets.items():
        meta = data.resource(dataset_id, ed)
        licences = "; ".join(lic.get("title") or lic.get("name", "") for lic in meta.get("licenses", []))
        rows.append((dataset_id, vintage, licences or "niet vermeld"))
    return rows


# -- the web: "hoe citeren" --------------------------------------------------------------------------

def citation_box(ed: Edition, lang: str = language.ORIGINAL) -> str:
    """MyST for the front page: how to cite this edition (in the book's language)."""
    cff = citation()
    english = lang != language.ORIGINAL
    lines = ["```{admonition} " + ("How to cite" if english else "Hoe citeren"), ":class: tip citeren", "",
             ENGLISH["message"] if english else cff.message, "", f"> {reference(ed, cff, lang)}", ""]
    if cff.references:
        refs = " ".join(cff.references)
        if english:  # the Dutch title with its English rendering
            refs = refs.replace(cff.title, f"{cff.title} [{ENGLISH['title_gloss']}]")
        lines += [(ENGLISH["original"] if english else "De oorspronkelijke paper:") + " " + refs, ""]
    lines += ["```", ""]
    return "\n".join(lines)


# -- the PDF: colophon and metadata ------------------------------------------------------------------

def _tex(text: str) -> str:
    from sphinx.util.texescape import escape

    return escape(str(text))


def colophon_latex(ed: Edition, copyright_line: str, lang: str = language.ORIGINAL) -> str:
    """The back of the title page: edition and date, how to cite, licence, data vintages, commit."""
    if lang != language.ORIGINAL:
        return _colophon_latex_english(ed, copyright_line, lang)
    cff = citation()
    built_from = commit()
    rows = "\n".join(rf"  \sphinxcode{{{_tex(d)}}} & {_tex(v)} & {_tex(lic)}\\" for d, v, lic in vintages(ed))
    licence = (f"{_tex(cff.licence)}. " if cff.licence else "") + (
        rf"Tekst: \textcopyright{{}} {_tex(copyright_line)}. Gegevens: de licentie van elke dataset "
        "staat hieronder en in de bijlage Data en bronnen.")
    refs = (r"\par\smallskip De oorspronkelijke paper: " + _tex(" ".join(cff.references))) if cff.references else ""
    return "\n".join([
        r"\newcommand{\sphinxbackoftitlepage}{%",
        pdf_metadata_latex(ed, language=False).strip() + "%",
        r"\thispagestyle{empty}\vspace*{\fill}\begingroup\small\raggedright\setlength{\parskip}{0.6\baselineskip}",
        rf"\textbf{{Colofon}}\par",
        rf"{_tex(cff.title)}. Editie {_tex(ed.name)}"
        + (f", {_tex(date_text(ed, cff))}" if date_text(ed, cff) != ed.name else "")
        + rf". {_tex(ed.description)}\par",
        rf"\textbf{{Hoe citeren.}} {_tex(cff.message)}\par",
        rf"\begin{{quote}}{_tex(reference(ed, cff))}{refs}\end{{quote}}",
        rf"\textbf{{Licentie.}} {licence}\par",
        rf"\textbf{{Gegevens van deze editie}} (dataset, versie, licentie):\par",
        r"{\footnotesize\begin{tabular}{@{}ll>{\raggedright\arraybackslash}p{7cm}@{}}",
        rows,
        r"\end{tabular}\par}",
        (rf"\textbf{{Gemaakt uit}} commit \texttt{{\seqsplit{{{built_from[0]}}}}}"
         + (" met lokale wijzigingen" if built_from[1] else "") + r".\par" if built_from
         else r"\textbf{Gemaakt uit} een kopie zonder git-geschiedenis.\par"),
        r"\endgroup\clearpage}",
    ]) + "\n"


def _colophon_latex_english(ed: Edition, copyright_line: str, lang: str) -> str:
    """The colophon of a translation (English), the same parts as the Dutch original's."""
    cff = citation()
    built_from = commit()
    w = ENGLISH
    from .catalog import translated_resources

    names = translated_resources(lang).get("licences") or {}

    def licence_of(text: str) -> str:
        if text == "niet vermeld":
            return w["not_stated"]
        return names.get(text) or "; ".join(names.get(x, x) for x in text.split("; "))

    rows = "\n".join(rf"  \sphinxcode{{{_tex(d)}}} & {_tex(v)} & {_tex(licence_of(lic))}\\"
                     for d, v, lic in vintages(ed))
    licence = (f"{_tex(cff.licence)}. " if cff.licence else "") + w["text_data"].format(
        copyright=_tex(english_copyright(copyright_line)))
    refs = (r"\par\smallskip " + w["original"] + " " + _tex(" ".join(cff.references).replace(
        cff.title, f"{cff.title} [{w['title_gloss']}]"))) if cff.references else ""
    date = date_text(ed, cff, lang)
    return "\n".join([
        r"\newcommand{\sphinxbackoftitlepage}{%",
        pdf_metadata_latex(ed, language=False, lang=lang).strip() + "%",
        r"\thispagestyle{empty}\vspace*{\fill}\begingroup\small\raggedright\setlength{\parskip}{0.6\baselineskip}",
        rf"\textbf{{{w['colophon']}}}\par",
        rf"{_tex(cff.title)} [{_tex(w['title_gloss'])}]. {w['Edition']} {_tex(ed.name)}, English translation"
        + (f", {_tex(date)}" if date != ed.name else "") + r".\par",
        rf"\textbf{{{w['how_to_cite']}.}} {_tex(w['message'])}\par",
        rf"\begin{{quote}}{_tex(reference(ed, cff, lang))}{refs}\end{{quote}}",
        rf"\textbf{{{w['licence']}.}} {licence}\par",
        rf"\textbf{{{w['data_of_edition']}}} {w['columns']}:\par",
        r"{\footnotesize\begin{tabular}{@{}ll>{\raggedright\arraybackslash}p{7cm}@{}}",
        rows,
        r"\end{tabular}\par}",
        (rf"\textbf{{{w['made_from']}}} commit \texttt{{\seqsplit{{{built_from[0]}}}}}"
         + (w["local_changes"] if built_from[1] else "") + r".\par" if built_from
         else rf"\textbf{{{w['made_from']}}} {w['no_git']}.\par"),
        r"\endgroup\clearpage}",
    ]) + "\n"


def pdf_metadata_latex(ed: Edition, language: bool = True, lang: str = "nl") -> str:
    """hyperref's document information: title, author, subject, keywords, language (`language`: whether
    to set it; `lang`: the book's language). For the preamble and again after the title page (Sphinx's
    title page sets title and author without the edition)."""
    cff = citation()
    edition = f" (editie {ed.name})" if lang == "nl" else f" [{ENGLISH['title_gloss']}] (edition {ed.name})"

    def value(text: str) -> str:
        return "{" + _tex(text) + "}"

    return (r"\hypersetup{" + ", ".join([
        f"pdftitle={value(cff.title + edition)}",
        f"pdfauthor={value(', '.join(cff.authors))}",
        f"pdfsubject={value(cff.abstract or ed.description) if lang == 'nl' else value(ENGLISH['subject'])}",
        f"pdfkeywords={value(', '.join(cff.keywords)) if lang == 'nl' else value(ENGLISH['keywords'])}",
    ] + ([f"pdflang={{{PDF_LANG[lang]}}}"] if language else [])) + "}\n")
