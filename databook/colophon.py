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

import yaml

from . import data, language, paths
from .editions import Edition

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
    raw = yaml.safe_load(CITATION.read_text(encoding="utf-8")) or {}
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


def date_text(ed: Edition, cff: Citation | None = None) -> str:
    """'26 november 2026', or the edition's year when its day is not known."""
    day = edition_date(ed, cff)
    return language.date(day, language.ORIGINAL) if day else ed.name[:4]


def year(ed: Edition, cff: Citation | None = None) -> str:
    day = edition_date(ed, cff)
    return str(day.year) if day else ed.name[:4]


def reference(ed: Edition, cff: Citation | None = None) -> str:
    """The reference to cite, plain text: 'Voka (2026). Naar een ... (editie 2026) [levend boek].'"""
    cff = cff or citation()
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

def citation_box(ed: Edition) -> str:
    """MyST for the front page: how to cite this edition."""
    cff = citation()
    lines = ["```{admonition} Hoe citeren", ":class: tip citeren", "",
             cff.message, "", f"> {reference(ed, cff)}", ""]
    if cff.references:
        lines += ["De oorspronkelijke paper: " + " ".join(cff.references), ""]
    lines += ["```", ""]
    return "\n".join(lines)


# -- the PDF: colophon and metadata ------------------------------------------------------------------

def _tex(text: str) -> str:
    from sphinx.util.texescape import escape

    return escape(str(text))


def colophon_latex(ed: Edition, copyright_line: str) -> str:
    """The back of the title page: edition and date, how to cite, licence, data vintages, commit."""
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


def pdf_metadata_latex(ed: Edition, language: bool = True) -> str:
    """hyperref's document information: title, author, subject, keywords, language. For the preamble
    and again after the title page (Sphinx's title page sets title and author without the edition)."""
    cff = citation()

    def value(text: str) -> str:
        return "{" + _tex(text) + "}"

    return (r"\hypersetup{" + ", ".join([
        f"pdftitle={value(cff.title + ' (editie ' + ed.name + ')')}",
        f"pdfauthor={value(', '.join(cff.authors))}",
        f"pdfsubject={value(cff.abstract or ed.description)}",
        f"pdfkeywords={value(', '.join(cff.keywords))}",
    ] + (["pdflang={nl-BE}"] if language else [])) + "}\n")
