"""The register of the paper's claims (chapters/claims.yml), tested against one edition's key numbers.

    results = evaluate(edition, figures_dir)      # one Result per claim, in register order

A claim is `supported` when its rule holds on the edition's key numbers (figures/kerncijfers.csv),
`not-supported` when it does not, `not-testable` (with a reason) when it has no rule, when its
`testable_if` does not hold, or when it rests only on numbers stated in the paper. A rule that cannot be
evaluated (an unknown key number, a syntax error, a missing value) stops the build, naming the entry.
The build publishes every claim whatever its status: a claim the data no longer support gets an
editor's note beside the paper's sentence (see sphinx_edition.py) and is listed on the page
"Toetsing van de paper".

Languages: the register is Dutch (the paper's words); each entry's `en:` holds the English of its
sentence (as the English edition translates it, locales/en/LC_MESSAGES), of its `not_testable`
reason and of its `note`, with the same {key number} placeholders. `evaluate(..., language="en")`
fills them from the English key numbers (the English run's kerncijfers.csv); `page(..., language)`
writes the page in that language.
"""
from __future__ import annotations

import csv
import io
import string
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import simpleeval
import yaml

from . import data, editions, paths
from .language import LANGUAGES
from .layout import layout
from .build_words import build_words
from .files import read_yaml

REGISTER = paths.CHAPTERS / "claims.yml"
FIELDS = {"id", "chapter", "claim", "datasets", "numbers", "rule", "testable_if", "not_testable", "note", "en"}
TRANSLATED = ("claim", "not_testable", "note")   # the fields a translation (en:) gives in its language
ORIGINAL = "nl"
REQUIRED = ("id", "chapter", "claim", "datasets", "numbers")
STATUSES = ("supported", "not-supported", "not-testable")
FUNCTIONS = {"min": min, "max": max, "abs": abs, "round": round}
CSV_COLUMNS = ["id", "chapter", "claim", "status", "reason", "evidence", "note", "datasets", "numbers"]


class ClaimsError(editions.EditionError):
    """The register is malformed or one of its rules cannot be evaluated for an edition."""


@dataclass(frozen=True)
class Result:
    id: str
    chapter: str
    claim: str
    status: str
    reason: str      # why not testable, or "" otherwise
    note: str        # the note shown beside the sentence in this edition, or ""
    evidence: str    # the key numbers it rests on, as readers see them
    datasets: tuple[str, ...]
    numbers: tuple[str, ...]
    summary: str = ""  # the note's text with this edition's numbers, whether shown in the text or not


def load_register(path: Path = REGISTER) -> list[dict]:
    """The register's entries, checked for structure (fields, types, unique ids, existing chapters)."""
    where = path.name
    try:
        entries = (read_yaml(path) or {}).get("claims")
    except yaml.YAMLError as exc:
        raise ClaimsError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(entries, list) or not entries:
        raise ClaimsError(f"{where}: expected a list of claims under 'claims:'")
    seen = set()
    for n, entry in enumerate(entries, 1):
        name = f"{where}, entry {n} ({entry.get('id', '?') if isinstance(entry, dict) else '?'})"
        if not isinstance(entry, dict):
            raise ClaimsError(f"{name}: expected a mapping")
        missing = [f for f in REQUIRED if f not in entry]
        unknown = sorted(set(entry) - FIELDS)
        if missing or unknown:
            raise ClaimsError(f"{name}: missing field(s) {missing}, unknown field(s) {unknown}")
        if entry["id"] in seen:
            raise ClaimsError(f"{name}: id {entry['id']!r} used twice")
        seen.add(entry["id"])
        for f in ("datasets", "numbers"):
            if not isinstance(entry[f], list) or not all(isinstance(x, str) for x in entry[f]):
                raise ClaimsError(f"{name}: '{f}' must be a list of ids")
        for f in ("id", "chapter", "claim", "rule", "testable_if", "not_testable", "note"):
            if f in entry and not (isinstance(entry[f], str) and entry[f].strip()):
                raise ClaimsError(f"{name}: '{f}' must be a non-empty text")
        if "rule" not in entry and "not_testable" not in entry:
            raise ClaimsError(f"{name}: needs a 'rule' or a 'not_testable' reason")
        if "testable_if" in entry and not ("rule" in entry and "not_testable" in entry):
            raise ClaimsError(f"{name}: 'testable_if' needs both a 'rule' and a 'not_testable' reason")
        _check_translation(entry, name)
        if not (path.parent / f"{entry['chapter']}.md").exists():
            raise ClaimsError(f"{name}: chapter {entry['chapter']!r} has no file {entry['chapter']}.md")
    return entries


def _placeholders(template: str) -> list[str]:
    return sorted(key for _, key, _, _ in string.Formatter().parse(template) if key is not None)


def _check_translation(entry: dict, name: str) -> None:
    """`en:` gives the sentence, and the reason and note exactly when the Dutch has them, with the same
    key-number placeholders."""
    en = entry.get("en")
    if not isinstance(en, dict):
        raise ClaimsError(f"{name}: 'en' must be a mapping with the English claim (and not_testable, note)")
    wanted = {f for f in TRANSLATED if f in entry}
    if set(en) != wanted:
        raise ClaimsError(f"{name}: 'en' must give exactly {sorted(wanted)}, not {sorted(en)}")
    for f in wanted:
        if not (isinstance(en[f], str) and en[f].strip()):
            raise ClaimsError(f"{name}: 'en.{f}' must be a non-empty text")
        if f != "claim" and _placeholders(en[f]) != _placeholders(entry[f]):
            raise ClaimsError(f"{name}: 'en.{f}' must use the key numbers {_placeholders(entry[f])}, "
                              f"not {_placeholders(en[f])}")


def _text(entry: dict, field: str, language: str) -> str:
    """A field of an entry in `language` (the Dutch is the entry itself)."""
    if language == ORIGINAL:
        return entry[field]
    if language not in LANGUAGES:
        raise ClaimsError(f"no claims texts for language {language!r}")
    return entry[language][field]


def key_numbers(figures: Path) -> dict[str, dict]:
    """id -> {value, text, label, status} from an edition's kerncijfers.csv."""
    file = figures / "kerncijfers.csv"
    if not file.exists():
        raise ClaimsError(f"no key numbers at {file}: the edition's notebooks have not run")
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    return {r["id"]: {"value": float(r["value"]), "text": r["text"], "label": r["label"], "status": r["status"]}
            for _, r in frame.iterrows()}


def _fill(template: str, facts: dict, name: str, field: str) -> str:
    out = []
    for literal, key, spec, conv in string.Formatter().parse(template):
        out.append(literal)
        if key is None:
            continue
        if key not in facts:
            raise ClaimsError(f"{name}: '{field}' names key number {{{key}}}, which is not among its numbers "
                              f"or not in kerncijfers.csv")
        out.append(facts[key]["text"])
    return "".join(out)


def _evaluate(expr: str, values: dict, name: str, field: str) -> bool:
    try:
        result = simpleeval.SimpleEval(names=values, functions=FUNCTIONS).eval(expr)
    except simpleeval.NameNotDefined as exc:
        raise ClaimsError(f"{name}: '{field}' uses {exc.name!r}, which is not among its numbers") from None
    except SyntaxError as exc:
        raise ClaimsError(f"{name}: '{field}' is not a valid expression ({exc.msg}): {expr}") from None
    except Exception as exc:  # a division by zero, a too large number, a forbidden construct ...
        raise ClaimsError(f"{name}: '{field}' cannot be evaluated ({type(exc).__name__}: {exc}): {expr}") from None
    if not isinstance(result, bool):
        raise ClaimsError(f"{name}: '{field}' must be true or false, not {result!r}: {expr}")
    return result


def _paper_only(datasets: list[str], ed: editions.Edition, name: str) -> bool:
    statuses = []
    for d in datasets:
        if d not in ed.datasets:
            raise ClaimsError(f"{name}: dataset {d!r} is not part of edition {ed.name}")
        statuses.append(data.resource(d, ed).get("status"))
    return bool(statuses) and all(s == "paper" for s in statuses)


def evaluate(ed: editions.Edition | str, figures: Path, paper_figures: Path | None = None,
             register: Path = REGISTER, language: str = ORIGINAL) -> list[Result]:
    """Every claim's status in edition `ed`, whose key numbers are in `figures`. `paper_figures` holds the
    key numbers of the paper's edition (the first): a claim whose numbers differ from those gets its note.
    The sentence, reason and note in `language` (`figures` then holds that language's key numbers)."""
    ed = editions.load_edition(ed)
    facts = key_numbers(figures)
    paper = key_numbers(paper_figures) if paper_figures and (paper_figures / "kerncijfers.csv").exists() else None
    results = []
    for entry in load_register(register):
        name = f"{register.name}, claim {entry['id']} (edition {ed.name})"
        unknown = [k for k in entry["numbers"] if k not in facts]
        if unknown:
            raise ClaimsError(f"{name}: unknown key number(s) {unknown} (not in kerncijfers.csv of edition {ed.name})")
        mine = {k: facts[k] for k in entry["numbers"]}
        values = {k: f["value"] for k, f in mine.items()}
        reason, note = "", ""
        words = build_words("claims", language if language in LANGUAGES else ORIGINAL)
        template = _text(entry, "note", language) if "note" in entry else None
        shown = _fill(template, mine, name, "note") if template else ""
        if "rule" not in entry:
            status, reason = "not-testable", _fill(_text(entry, "not_testable", language), mine, name, "not_testable")
        else:
            holds = _evaluate(entry["rule"], values, name, "rule")  # evaluated in every edition
            testable = _evaluate(entry["testable_if"], values, name, "testable_if") if "testable_if" in entry else True
            if not testable:
                status, reason = "not-testable", _fill(_text(entry, "not_testable", language), mine, name,
                                                       "not_testable")
                note = words["not_testable_now"].format(reason=reason) + (f"; {shown}" if shown else "")
            elif not holds:
                status = "not-supported"
                note = words["not_supported"] + (f": {shown}" if shown else "")
            elif _paper_only(entry["datasets"], ed, name):
                status, reason = "not-testable", words["paper_only"]
            else:
                status = "supported"
        differs = paper is not None and any(
            k not in paper or abs(paper[k]["value"] - v) > 1e-9 for k, v in values.items())
        if not note and shown and differs:
            note = shown
        evidence = "; ".join(f"{f['label']}: {f['text']}" for f in mine.values())
        results.append(Result(entry["id"], entry["chapter"], " ".join(_text(entry, "claim", language).split()),
                              status, reason,
                              note, evidence, tuple(entry["datasets"]), tuple(entry["numbers"]), shown))
    return results


def paper_figures() -> Path:
    """Where the key numbers of the paper's edition (the first) are."""
    return layout(editions.list_editions()[0]).figures


def sphinx_config(ed: editions.Edition, figures: Path, language: str = ORIGINAL) -> dict:
    """What the Sphinx extension needs to mark each claim's sentence in this edition (notes in `language`,
    `figures` holding that language's key numbers)."""
    results = evaluate(ed, figures, paper_figures(), language=language)
    return {"claims_notes": {r.id: {"status": r.status, "note": r.note} for r in results}}


def to_csv(results: list[Result]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        writer.writerow([r.id, r.chapter, r.claim, r.status, r.reason, r.evidence, r.note,
                         " ".join(r.datasets), " ".join(r.numbers)])
    return out.getvalue()


def _chapter_title(chapter: str, language: str = ORIGINAL) -> str:
    first = (paths.CHAPTERS / f"{chapter}.md").read_text(encoding="utf-8").splitlines()[0]
    title = first.lstrip("# ").strip()
    if language == ORIGINAL:
        return title
    import polib  # the chapter's title as the translation has it

    catalogue = paths.ROOT / "locales" / language / "LC_MESSAGES" / "chapters" / f"{chapter}.po"
    entry = polib.pofile(str(catalogue)).find(title) if catalogue.is_file() else None
    if entry is None or not entry.msgstr or entry.fuzzy:
        raise ClaimsError(f"{chapter}: no {language} translation of the title {title!r} in {catalogue.name}")
    return entry.msgstr




def page(ed: editions.Edition, results: list[Result], language: str = ORIGINAL) -> str:
    """The page "Toetsing van de paper" of one edition, in `language` (results evaluated in it)."""
    words, status_words = build_words("claims_page", language), build_words("claims", language)["status"]
    counts = {s: sum(r.status == s for r in results) for s in STATUSES}
    lines = [
        f"# {words['title']}",
        "",
        words["intro"].format(edition=ed.name, total=len(results), supported=counts["supported"],
                              not_supported=counts["not-supported"], not_testable=counts["not-testable"]),
        "",
        words["paper_only"],
        "",
        f"{{download}}`{words['csv']} <toetsing.csv>` ({words['columns']} {', '.join(CSV_COLUMNS)}).",
        "",
    ]
    for chapter in sorted(dict.fromkeys(r.chapter for r in results)):
        lines += [f"## {_chapter_title(chapter, language)}", ""]
        text = (paths.CHAPTERS / f"{chapter}.md").read_text(encoding="utf-8")
        # in the order of the text (the register may list a chapter's sentences in another order)
        for r in sorted((r for r in results if r.chapter == chapter),
                        key=lambda r: text.find(f"{{claim}}`{r.id}`")):
            lines.append(f"- **{status_words[r.status]}** · {{ref}}`{_ref_title(r.claim)} <claim-{r.id}>`")
            if r.reason:
                lines.append(f"  {words['why']}: {r.reason}.")
            if r.note:
                lines.append(f"  {words['note']}: {r.note}.")
            elif r.summary or r.evidence:
                lines.append(f"  {words['numbers']}: {r.summary or r.evidence}.")
            lines.append("")
    return "\n".join(lines)


def _ref_title(text: str) -> str:
    """A claim as the title of a {ref} link: no characters that end the role or start the target."""
    return text.replace("`", "'").replace("<", "‹").replace(">", "›")


def status_changes(now: list[Result], before: list[Result]) -> list[tuple[Result, str]]:
    """Claims whose status differs from the previous edition: (result now, status before)."""
    old = {r.id: r.status for r in before}
    return [(r, old.get(r.id, "")) for r in now if old.get(r.id) != r.status]
