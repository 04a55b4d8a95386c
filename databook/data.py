"""The data layer: data/datapackage.json describes every input; this module validates and loads it.

    validate()                         every resource of data/datapackage.json (raises DataError)
    validate(edition="2026")           the edition's datasets only, plus the edition itself
    load("esi-scores", "2026")         a typed DataFrame of the vintage the edition names
    resource("esi-scores", "2026")     the resource's metadata (title, publisher, url, vintage, ...)
    source_line([...], "2026", "nl")   "Bron: ..." ("Source: ..." in English) for a figure caption

A resource is one file: one dataset id in one vintage (`dataset`, `vintage`, `path` =
`<source>/<vintage>/<name>.csv`). Validation runs the Frictionless library (types, constraints,
keys) and the project's own checks on top (file present and non-empty, UTF-8, the declared
delimiter, the header, shares adding to 100 %), collects every problem and raises one DataError
with one line per problem: file, row (the line number a person sees; header = row 1), column,
what is wrong, the offending value and the rule.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths, textsafe
from .editions import Edition, load_edition

STATUSES = {"source": "bron", "paper": "paper", "derived": "afgeleid"}
REQUIRED_METADATA = ("name", "dataset", "vintage", "path", "title", "publisher", "datasetCode",
                     "licenses", "unit", "status", "schema")
STATUS_METADATA = {"source": ("url",), "derived": ("url", "derivation"), "paper": ("paperSection",)}
ERROR_LIMIT = 1000  # problems reported per file; a message says when there were more
GEO_HINTS = {"GR": "EL", "GB": "UK"}  # ISO codes where Eurostat uses its own


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as possible."""
    file: str
    row: int | None
    column: str | None
    rule: str
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message} (rule: {self.rule})"


class DataError(Exception):
    """Bad input: `problems` lists everything found, one Problem each."""

    SHOWN = 200  # problems listed in the message; the rest are counted

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        capped = any(p.rule == "error limit" for p in self.problems)
        count = f"at least {n}" if capped else str(n)
        lines = [str(p) for p in self.problems[:self.SHOWN]]
        if n > self.SHOWN:
            lines.append(f"... {n - self.SHOWN} more not shown ({count} problems in all)")
        super().__init__(f"{count} data problem{'' if n == 1 else 's'}:\n" + "\n".join(lines))


# -- the package ---------------------------------------------------------------------------------

class _Package:
    def __init__(self, path: Path):
        self.path = Path(path).resolve()
        self.dir = self.path.parent                 # resource paths are relative to data/
        self.base = self.dir.parent                 # file names in messages are relative to this
        shown = self._show(self.path)
        if not self.path.exists():
            raise DataError([Problem(shown, None, None, "file exists", None, "the data package file is missing")])
        try:
            self.descriptor = json.loads(self.path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataError([Problem(shown, getattr(exc, "lineno", None), None, "valid JSON", None,
                                     f"not valid JSON: {exc}")]) from None
        self.resources: list[dict] = [r for r in self.descriptor.get("resources", []) if isinstance(r, dict)]

    def _show(self, path: Path) -> str:
        path = Path(path)
        for base in (paths.ROOT, getattr(self, "base", None)):
            if base is not None:
                try:
                    return path.resolve().relative_to(base).as_posix()
                except ValueError:
                    pass
        return str(path)

    @property
    def shown(self) -> str:
        return self._show(self.path)

    def file(self, res: dict) -> Path:
        return self.dir / str(res.get("path", ""))

    def vintages(self, dataset_id: str) -> list[str]:
        return sorted(str(r.get("vintage")) for r in self.resources if r.get("dataset") == dataset_id)

    def find(self, dataset_id: str, vintage: str) -> dict | None:
        for r in self.resources:
            if r.get("dataset") == dataset_id and str(r.get("vintage")) == str(vintage):
                return r
        return None

    def schema(self, res: dict) -> dict:
        """The resource's Table Schema (inline, or a path relative to data/)."""
        schema = res.get("schema") or {}
        if isinstance(schema, str):
            try:
                schema = json.loads((self.dir / schema).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return {"fields": []}  # reported by metadata_problems
        return schema

    def metadata_problems(self) -> list[Problem]:
        from frictionless import Package

        problems = []
        def bad(msg, rule="metadata"):
            problems.append(Problem(self.shown, None, None, rule, None, msg))

        for err in Package.metadata_validate(self.descriptor):
            bad(f"not a valid Frictionless data package: {err.note}", "Frictionless Data Package")
        seen: dict[tuple, str] = {}
        for i, res in enumerate(self.resources):
            name = res.get("name", f"#{i + 1}")
            for key in REQUIRED_METADATA + STATUS_METADATA.get(res.get("status"), ()):
                if res.get(key) in (None, "", [], {}):
                    bad(f"resource '{name}' has no '{key}'", f"required metadata '{key}'")
            if res.get("status") not in STATUSES:
                bad(f"resource '{name}' has status {res.get('status')!r}; use one of {', '.join(STATUSES)}",
                    "status")
            parts = str(res.get("path", "")).split("/")
            if (len(parts) != 3 or parts[1] != str(res.get("vintage")) or not parts[2].endswith(".csv")
                    or not all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", p) for p in parts)):
                bad(f"resource '{name}' has path '{res.get('path')}'; expected "
                    f"'<source>/{res.get('vintage')}/<name>.csv' (the vintage in the path)", "path layout")
            key = (res.get("dataset"), str(res.get("vintage")))
            if key in seen:
                bad(f"resources '{seen[key]}' and '{name}' are both dataset '{key[0]}' vintage '{key[1]}'",
                    "one resource per dataset and vintage")
            seen[key] = name
            for key, value in res.items():  # free text shown on the book's pages and in the PDF
                if isinstance(value, str):
                    for msg in textsafe.text_problems(value, 4 * textsafe.MAX_TEXT_LENGTH):
                        bad(f"resource '{name}', '{key}' {msg}", "printable text")
            if isinstance(res.get("schema"), str) and not self.schema(res).get("fields"):
                bad(f"resource '{name}' names schema file '{res['schema']}', which does not exist or is not "
                    "a JSON Table Schema with fields", "schema file")
        return problems


def _package(package_path: Path | str | None) -> _Package:
    return _Package(Path(package_path) if package_path else paths.DATAPACKAGE)


# -- reading a CSV file ---------------------------------------------------------------------------

def _delimiter(res: dict) -> str:
    dialect = res.get("dialect") or {}
    return dialect.get("delimiter") or (dialect.get("csv") or {}).get("delimiter") or ","


def _record_lines(text: str, delimiter: str) -> list[int]:
    """Line number (1-based) on which each CSV record starts; record 0 is the header.

    Frictionless numbers records (header = 1); a cell with a line break makes a record span
    several lines, so the two differ after it. Messages use the line a person sees.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    starts, last = [], 0
    for _ in reader:
        starts.append(last + 1)
        last = reader.line_num
    return starts


def _raw_frame(file: Path, res: dict) -> pd.DataFrame:
    return pd.read_csv(file, sep=_delimiter(res), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Numbers to float, integers to Int64 (decimal and group characters as declared); text stays text."""
    missing = schema.get("missingValues", [""])
    out = frame.copy()
    for field in schema.get("fields", []):
        name, kind = field["name"], field.get("type", "string")
        if name not in out or kind not in ("number", "integer"):
            continue
        col = out[name].astype(str).str.strip()
        col = col.where(~col.isin(missing), None)
        if field.get("groupChar"):
            col = col.str.replace(field["groupChar"], "", regex=False)
        if field.get("decimalChar", ".") != ".":
            col = col.str.replace(field["decimalChar"], ".", regex=False)
        col = pd.to_numeric(col)
        out[name] = col.astype("float64") if kind == "number" else col.astype("Int64")
    return out


# -- validating one resource ------------------------------------------------------------------------

_SEMICOLON_HINT = ("save it comma-separated with a decimal point (Excel: 'CSV UTF-8 (door komma's gescheiden)'), "
                   "or declare \"dialect\": {\"delimiter\": \";\"} and \"decimalChar\": \",\" on its number fields "
                   "in data/datapackage.json")


def _check_table(res: dict, pkg: _Package) -> list[Problem]:
    file = pkg.file(res)
    shown = pkg._show(file)
    delim = _delimiter(res)
    schema = pkg.schema(res)
    fields = {f["name"]: f for f in schema.get("fields", [])}
    names = list(fields)

    def problem(row, column, rule, value, message):
        return Problem(shown, row, column, rule, None if value is None else str(value), message)

    if not file.exists():
        return [problem(None, None, "file exists", None,
                        f"file is missing (resource '{res.get('name')}' in {pkg.shown} names it)")]
    raw = file.read_bytes()
    if not raw.strip():
        return [problem(None, None, "non-empty file", None, "file is empty")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return [problem(line, None, "encoding utf-8", f"0x{raw[exc.start]:02x}",
                        f"byte 0x{raw[exc.start]:02x} is not UTF-8 (Excel's plain 'CSV' saves Windows-1252; "
                        f"save as 'CSV UTF-8')")]

    header_line = text.splitlines()[0]
    labels = next(csv.reader([header_line], delimiter=delim))
    other = ";" if delim != ";" else ","
    if other in header_line and len(header_line.split(other)) > len(labels):
        if other == ";":
            return [problem(1, None, f"dialect delimiter '{delim}'", header_line[:80],
                            f"header '{header_line[:80]}' looks like a semicolon-separated file with decimal commas "
                            f"(as Excel saves CSV in nl-BE), but this resource declares delimiter '{delim}': "
                            + _SEMICOLON_HINT)]
        return [problem(1, None, f"dialect delimiter '{delim}'", header_line[:80],
                        f"header '{header_line[:80]}' looks comma-separated, but this resource declares "
                        f"delimiter '{delim}'")]

    # the header: exactly the schema's columns, in order (a renamed column is reported as such)
    if labels != names:
        out = []
        missing = [n for n in names if n not in labels]
        extra = [label for label in labels if label not in names]
        renamed = {}
        for m in missing:
            i = names.index(m)
            if i < len(labels) and labels[i] in extra:
                renamed[m] = labels[i]
        for m in missing:
            if m in renamed:
                out.append(problem(1, m, "schema field names", renamed[m],
                                   f"column '{renamed[m]}' found where '{m}' is expected (renamed?)"))
            else:
                out.append(problem(1, m, "schema field names", None,
                                   f"column is missing (expected columns: {', '.join(names)})"))
        for e in extra:
            if e not in renamed.values():
                out.append(problem(1, e, "schema field names", e, "column is not in the schema"))
        dupes = sorted({label for label in labels if labels.count(label) > 1})
        for d in dupes:
            out.append(problem(1, d, "unique column names", d, "column name occurs more than once"))
        if not out:
            out.append(problem(1, None, "schema field order", ", ".join(labels),
                               f"columns are in a different order than the schema ({', '.join(names)})"))
        return out

    # rows: Frictionless checks types, constraints and keys
    from frictionless import Resource

    lines = _record_lines(text, delim)
    def line(n):
        return lines[n - 1] if n and 0 < n <= len(lines) else n

    descriptor = {"name": str(res.get("name", "resource")), "path": str(res["path"]), "format": "csv",
                  "encoding": "utf-8", "dialect": {"delimiter": delim, "header": True}, "schema": schema}
    report = Resource.from_descriptor(descriptor, basepath=str(pkg.dir)).validate(limit_errors=ERROR_LIMIT)
    problems, bad_fields, misaligned = [], set(), False
    for task in report.tasks:
        for err in task.errors:
            p = _from_frictionless(err, shown, fields, schema, line)
            problems.append(p)
            if err.type == "type-error":
                bad_fields.add(p.column)
            if err.type in ("blank-row", "extra-cell", "missing-cell", "source-error", "scheme-error",
                            "encoding-error", "format-error"):
                misaligned = True
    for err in report.errors:
        problems.append(problem(None, None, err.type, None, err.message))
        misaligned = True
    if sum(len(task.errors) for task in report.tasks) >= ERROR_LIMIT:
        problems.append(problem(None, None, "error limit", None,
                                f"validation of this file stopped after {ERROR_LIMIT} problems; there are more"))
    if misaligned:
        return problems

    # the project's own checks
    frame = _raw_frame(file, res)
    if frame.empty:
        problems.append(problem(None, None, "at least one data row", None, "file has a header but no data rows"))
        return problems
    problems += _check_text(frame, fields, lines, problem)
    spec = res.get("sumTo100")
    if spec and spec.get("field") in fields and spec["field"] not in bad_fields:
        problems += _check_sum_to_100(frame, schema, spec, lines, problem)
    return problems


def _check_text(frame, fields, lines, problem) -> list[Problem]:
    """Text cells are printable by the book (HTML and the PDF's fonts) and not too long."""
    out = []
    for name, field in fields.items():
        if field.get("type", "string") != "string" or name not in frame:
            continue
        limit = field.get("constraints", {}).get("maxLength", textsafe.MAX_TEXT_LENGTH)
        for i, value in enumerate(frame[name]):
            for msg in textsafe.text_problems(value, limit):
                out.append(problem(lines[i + 1], name, "printable text", value[:80], f"value {msg}"))
                if len(out) >= ERROR_LIMIT:
                    return out
    return out


def _check_sum_to_100(frame, schema, spec, lines, problem) -> list[Problem]:
    field, tol, by = spec["field"], float(spec.get("tolerance", 0.5)), list(spec.get("groupBy", []))
    typed = _typed(frame, schema)
    typed["_line"] = [lines[i + 1] for i in range(len(typed))]
    out = []
    for key, group in (typed.groupby(by, sort=False) if by else [((), typed)]):
        total = round(float(group[field].sum()), 6)
        if abs(total - 100) > tol:
            key = key if isinstance(key, tuple) else (key,)
            where = f" ({', '.join(f'{b} = {k}' for b, k in zip(by, key))})" if by else ""
            first, last = int(group["_line"].min()), int(group["_line"].max())
            out.append(problem(first, field, f"sumTo100 (tolerance {tol:g})", f"{total:g}",
                               f"the shares in rows {first}-{last}{where} add up to {total:g}, not 100"))
    return out


def _from_frictionless(err, shown: str, fields: dict, schema: dict, line) -> Problem:
    t = err.type
    row = line(getattr(err, "row_number", None))
    column = getattr(err, "field_name", None) or None
    cell = getattr(err, "cell", None)
    note = getattr(err, "note", "") or ""
    field = fields.get(column, {})
    if t == "type-error":
        kind = field.get("type", "?")
        msg = f"value '{cell}' is not {'an' if kind == 'integer' else 'a'} {kind}"
        if kind in ("number", "integer") and re.fullmatch(r"\s*-?[\d.]*\d,\d+\s*", str(cell)):
            msg += (f" (it looks like a decimal comma; this resource declares decimalChar "
                    f"'{field.get('decimalChar', '.')}')")
        return Problem(shown, row, column, f"type {kind}", cell, msg)
    if t == "constraint-error":
        m = re.search(r'constraint "(\w+)" is "(.*)"', note, re.S)
        name, limit = (m.group(1), m.group(2)) if m else ("?", note)
        if name == "required":
            return Problem(shown, row, column, "required", cell, "value is missing")
        if name == "enum":
            allowed = [str(v) for v in field.get("constraints", {}).get("enum", [])]
            msg = f"value '{cell}' is not an allowed code"
            if cell in GEO_HINTS and GEO_HINTS[cell] in allowed:
                msg += f" (Eurostat writes '{GEO_HINTS[cell]}')"
            shown_allowed = ", ".join(allowed[:40]) + (f", ... ({len(allowed)} codes)" if len(allowed) > 40 else "")
            return Problem(shown, row, column, f"enum: {shown_allowed}", cell, msg)
        words = {"minimum": "is below the minimum", "maximum": "is above the maximum",
                 "pattern": "does not match the pattern", "minLength": "is shorter than",
                 "maxLength": "is longer than"}
        msg = f"value '{cell}' {words.get(name, 'breaks constraint ' + name)} {limit}"
        return Problem(shown, row, column, f"{name} {limit}", cell, msg)
    if t in ("unique-error", "primary-key"):
        m = re.search(r"row at position (\d+)", note)
        other = f", same as row {line(int(m.group(1)))}" if m else ""
        if t == "unique-error":
            return Problem(shown, row, column, "unique", cell, f"value '{cell}' occurs more than once{other}")
        key = schema.get("primaryKey") or []
        key = [key] if isinstance(key, str) else list(key)
        names = list(fields)
        cells = list(getattr(err, "cells", []) or [])
        values = [cells[names.index(k)] if names.index(k) < len(cells) else "" for k in key]
        shown_key = ", ".join(f"{k} = {v}" for k, v in zip(key, values))
        return Problem(shown, row, ", ".join(key), f"primaryKey ({', '.join(key)})", ", ".join(values),
                       f"duplicate key ({shown_key}){other}")
    if t == "blank-row":
        return Problem(shown, row, None, "no blank rows", None, "row is empty")
    if t == "extra-cell":
        return Problem(shown, row, None, "cells = columns", cell,
                       f"row has more cells than the header has columns (extra value '{cell}')")
    if t == "missing-cell":
        return Problem(shown, row, column, "cells = columns", None, "row has no cell for this column")
    return Problem(shown, row, column, t, cell, err.message)


# -- editions --------------------------------------------------------------------------------------

def _check_edition(ed: Edition, pkg: _Package) -> list[Problem]:
    shown = pkg._show(ed.path) if ed.path else f"edition {ed.name}"
    text = ed.path.read_text(encoding="utf-8").splitlines() if ed.path and ed.path.exists() else []
    known = sorted({r.get("dataset") for r in pkg.resources if r.get("dataset")})
    problems = []
    for dataset_id, vintage in ed.datasets.items():
        if pkg.find(dataset_id, vintage):
            continue
        named = re.compile(rf"\s*['\"]?{re.escape(dataset_id)}['\"]?\s*:")
        at = next((i + 1 for i, s in enumerate(text) if named.match(s)), None)
        line = f" (line {at})" if at else ""
        vintages = pkg.vintages(dataset_id)
        if vintages:
            problems.append(Problem(shown, None, None, "edition names an existing vintage", vintage,
                                    f"dataset '{dataset_id}'{line} has no vintage '{vintage}' in {pkg.shown} "
                                    f"(vintages that exist: {', '.join(vintages)})"))
        else:
            close = difflib.get_close_matches(dataset_id, known, n=3)
            hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(known)}"
            problems.append(Problem(shown, None, None, "edition names an existing dataset", dataset_id,
                                    f"dataset '{dataset_id}'{line} is not in {pkg.shown} ({hint})"))
    return problems


# -- public API --------------------------------------------------------------------------------------

# Tables that passed, by content: validation is a function of the file's bytes, its resource
# description and these rules, so a table that passed with all three unchanged passes again. The record
# (_build/cache/validated.json) holds one key per resource of a package that exists: it never grows
# beyond the resources there are. No record is kept in memory: a process asks the file.
_PASSED_FILE = paths.BUILD / "cache" / "validated.json"


def _content_key(pkg: _Package, res: dict) -> str:
    import hashlib

    file = pkg.file(res)
    h = hashlib.sha256(Path(__file__).read_bytes() + Path(textsafe.__file__).read_bytes())
    h.update(json.dumps(res, sort_keys=True).encode())
    h.update(json.dumps(pkg.schema(res), sort_keys=True).encode())
    h.update(file.read_bytes() if file.exists() else b"<missing>")
    return h.hexdigest()


def _identity(pkg: _Package, res: dict) -> str:
    return f"{pkg.path.resolve()}::{res.get('name')}"


def _passed() -> dict[str, str]:
    """resource (package path::name) -> the content key with which it last passed."""
    try:
        passed = json.loads(_PASSED_FILE.read_text())
    except (OSError, ValueError):
        return {}
    return passed if isinstance(passed, dict) else {}  # an older record (a list of keys) is dropped


def _has_passed(pkg: _Package, res: dict) -> bool:
    return _passed().get(_identity(pkg, res)) == _content_key(pkg, res)


def _remember(pkg: _Package, resources: list[dict]) -> None:
    """Record that these resources passed; forget resources whose package no longer exists."""
    passed = _passed()
    passed.update({_identity(pkg, res): _content_key(pkg, res) for res in resources})
    passed = {k: v for k, v in passed.items() if Path(k.rsplit("::", 1)[0]).is_file()}
    try:
        _PASSED_FILE.parent.mkdir(parents=True, exist_ok=True)
        _PASSED_FILE.write_text(json.dumps(passed, indent=0, sort_keys=True))
    except OSError:
        pass  # a read-only checkout validates every time


def validate(package_path: Path | str = None, edition: str | Edition | None = None) -> None:
    """Validate the package (all resources, or those the edition uses plus the edition). Raise DataError."""
    pkg = _package(package_path)
    problems = pkg.metadata_problems()
    if edition is not None:
        ed = load_edition(edition)
        problems += _check_edition(ed, pkg)
        chosen = [pkg.find(d, v) for d, v in ed.datasets.items()]
        resources = [r for r in chosen if r is not None]
    else:
        resources = pkg.resources
    newly = []
    for res in resources:
        if _has_passed(pkg, res):
            continue
        found = _check_table(res, pkg)
        problems += found
        if not found:
            newly.append(res)
    if newly:
        _remember(pkg, newly)
    if problems:
        raise DataError(problems)


def validate_resource(dataset_id: str, vintage: str, package_path: Path | str | None = None) -> None:
    """Validate one resource (a dataset in one vintage) and the package's metadata. Raise DataError."""
    pkg = _package(package_path)
    res = pkg.find(dataset_id, vintage)
    if res is None:
        raise DataError([Problem(pkg.shown, None, None, "resource exists", f"{dataset_id} {vintage}",
                                 f"no resource for dataset '{dataset_id}' vintage '{vintage}' "
                                 f"(vintages that exist: {', '.join(pkg.vintages(dataset_id)) or 'none'})")])
    problems = pkg.metadata_problems() + _check_table(res, pkg)
    if problems:
        raise DataError(problems)
    _remember(pkg, [res])


def _resolve(dataset_id: str, edition, package_path=None) -> tuple[_Package, dict]:
    pkg = _package(package_path)
    ed = load_edition(edition)
    vintage = ed.vintage(dataset_id)
    res = pkg.find(dataset_id, vintage)
    if res is None:
        raise DataError(_check_edition(Edition(ed.name, ed.title, ed.description, {dataset_id: vintage},
                                               ed.parameters, ed.path), pkg))
    return pkg, res


def resource(dataset_id: str, edition, package_path: Path | str | None = None) -> dict:
    """The resource's metadata from datapackage.json, with `path` relative to the repository root."""
    pkg, res = _resolve(dataset_id, edition, package_path)
    meta = json.loads(json.dumps(res))
    meta["path"] = pkg._show(pkg.file(res))
    meta["schema"] = pkg.schema(res)
    return meta


def load(dataset_id: str, edition, package_path: Path | str | None = None,
         reads: list | None = None) -> pd.DataFrame:
    """The edition's vintage of a dataset as a typed DataFrame, validated once per build: a file the build
    validated with these very bytes (its record in _build/cache/validated.json) is trusted, any other is
    validated here (and recorded, so that it is validated once).

    Number fields become float64, integer fields Int64 (the declared decimalChar/groupChar and
    delimiter are honoured); text stays text, an empty text cell is "".
    `reads`: a list the caller keeps (Run.reads) that gets the file read, relative to the repository root.
    """
    pkg, res = _resolve(dataset_id, edition, package_path)
    if not _has_passed(pkg, res):  # validated by the build (or before) with these very bytes
        validate_resource(res["dataset"], res["vintage"], pkg.path)
    file = pkg.file(res)
    frame = _typed(_raw_frame(file, res), pkg.schema(res))
    frame.attrs.update(dataset=dataset_id, file=pkg._show(file))  # named by errors (databook/rows.py)
    if reads is not None:
        try:
            reads.append(file.resolve().relative_to(paths.ROOT))
        except ValueError:
            reads.append(file.resolve())
    return frame


SOURCE_WORDS = {"nl": ("Bron", "versie"), "en": ("Source", "version")}


def source_line(dataset_ids, edition, package_path: Path | str | None = None, language: str = "nl") -> str:
    """A short 'Bron: ...' line ('Source: ...' in English) for a caption, naming each dataset's publisher
    and version. A resource's citation in another language than Dutch is its `citation_<language>`
    (e.g. `citation_en`) when it has one."""
    prefix, version = SOURCE_WORDS[language]
    ids = [dataset_ids] if isinstance(dataset_ids, str) else list(dataset_ids)
    parts = []
    for d in ids:
        meta = resource(d, edition, package_path)
        text = (meta.get(f"citation_{language}") or meta.get("citation")
                or f"{meta['publisher']}, {meta['title']} ({meta['datasetCode']}, {version} {meta['vintage']})")
        text = text.rstrip(". ")
        if text not in parts:
            parts.append(text)
    return f"{prefix}: " + "; ".join(parts) + "."
