"""The appendix "Data en bronnen", generated from data/datapackage.json for one edition, in the book's
language (the frame of the page; titles and descriptions are the data package's own, which are Dutch)."""
from __future__ import annotations

import json
from pathlib import Path

import re

from . import data, paths, textsafe
from .build_words import build_words
from .editions import load_edition
from .errors import BuildError
from .files import read_yaml

ORIGINAL = "nl"


def translated_resources(language: str) -> dict:
    """The data package's descriptive texts in `language` (locales/<language>/datapackage.yml)."""
    file = paths.ROOT / "locales" / language / "datapackage.yml"
    if not file.is_file():
        raise ValueError(f"no {file.relative_to(paths.ROOT)}: the data appendix needs the datasets' texts in {language}")
    return read_yaml(file)


def resource_title(meta: dict, language: str) -> str:
    """A resource's title in `language`: the data package's (Dutch) title, or its translation in
    locales/<language>/datapackage.yml; a resource without one stops the run, naming file and resource."""
    if language == ORIGINAL:
        return meta.get("title", "")
    name = meta.get("name", "?")
    entry = (translated_resources(language).get("resources") or {}).get(name) or {}
    if not entry.get("title"):
        raise ValueError(f"locales/{language}/datapackage.yml: no title for resource {name!r} "
                         "(translate its title, unit and description)")
    return entry["title"]


_NEUTRAL = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")  # a year or an ISO date reads the same in every language


def resource_problems(meta: dict, texts: dict) -> list[str]:
    """What the texts of one language (locales/<language>/datapackage.yml, read) lack for one resource
    of data/datapackage.json: its own entry's title, unit, description, derivation and basedOn (where
    the resource has them), and the translation of its group, licences, publisher, dataset code and
    access note (a year or a date needs none)."""
    entry = (texts.get("resources") or {}).get(meta["name"]) or {}
    missing = [field for field in ("title", "unit", "description", "derivation", "basedOn")
               if (field == "title" or meta.get(field)) and not entry.get(field)]
    problems = [f"no {', '.join(missing)} under resources: {meta['name']}:"] if missing else []
    if meta.get("group") and meta["group"] not in (texts.get("groups") or {}):
        problems.append(f"no group {meta['group']!r} under groups:")
    problems += [f"no licence {lic['title']!r} under licences:" for lic in meta.get("licenses", [])
                 if lic.get("title") and lic["title"] not in (texts.get("licences") or {})]
    problems += [f"no {field} {meta[field]!r} under {table}:"
                 for field, table in (("publisher", "publishers"), ("datasetCode", "dataset_codes"))
                 if meta.get(field) and meta[field] not in (texts.get(table) or {})]
    accessed = str(meta.get("accessed") or "")
    if accessed and not _NEUTRAL.fullmatch(accessed) and accessed not in (texts.get("accessed") or {}):
        problems.append(f"no access note {accessed!r} under accessed:")
    return problems


def untranslated(edition, language: str) -> list[str]:
    """What `language` lacks for the resources the edition uses (resource_problems), each naming the
    file and the resource. Checked before anything runs: a new vintage without its translation would
    otherwise stop the build only when a notebook of that language reads it. Empty for the original."""
    if language == ORIGINAL:
        return []
    ed = load_edition(edition)
    texts = translated_resources(language)
    return [f"locales/{language}/datapackage.yml: resource {meta['name']!r} (dataset {dataset}, edition "
            f"{ed.name}): {problem} (copy the previous vintage's texts and update what changed)"
            for dataset in ed.datasets for meta in [data.resource(dataset, ed)]
            for problem in resource_problems(meta, texts)]


def require_translated(editions_languages) -> None:
    """Stop (BuildError) if any (edition, language) pair lacks texts (untranslated), listing them all."""
    problems = [problem for name, language in editions_languages for problem in untranslated(name, language)]
    if problems:
        raise BuildError("the data's texts are not translated:\n  " + "\n  ".join(problems))


def _headings(language: str) -> dict[str, str]:
    """Dutch heading -> its translation, from the chapters' catalogues (for the paper's places)."""
    import polib

    out = {}
    for po in sorted((paths.ROOT / "locales" / language / "LC_MESSAGES" / "chapters").glob("*.po")):
        out.update({e.msgid: e.msgstr for e in polib.pofile(str(po)).translated_entries()})
    return out


def translate_meta(meta: dict, language: str, texts: dict, headings: dict) -> dict:
    """A resource's metadata with its descriptive texts in `language`; a resource without its
    translation stops the build, naming the resource and the file."""
    name = meta.get("name", "?")
    entry = (texts.get("resources") or {}).get(name)
    if not entry:
        raise ValueError(f"locales/{language}/datapackage.yml: no entry for resource {name!r} "
                         "(translate its title, unit and description)")
    out = dict(meta, **{k: v for k, v in entry.items()
                        if k in ("title", "unit", "description", "derivation", "basedOn")})
    for field, table in (("publisher", "publishers"), ("datasetCode", "dataset_codes"), ("accessed", "accessed")):
        if meta.get(field):
            out[field] = (texts.get(table) or {}).get(str(meta[field]), meta[field])
    licences = texts.get("licences") or {}
    out["licenses"] = [dict(lic, title=licences.get(lic.get("title"), lic.get("title")))
                       for lic in meta.get("licenses", [])]
    if meta.get("group"):
        out["group"] = (texts.get("groups") or {}).get(meta["group"], meta["group"])
    if meta.get("paperFigure"):
        out["paperFigure"] = (meta["paperFigure"].replace("figuur", "figure").replace("tabel", "table")
                              .replace("lopende tekst", "running text"))
    if meta.get("paperSection"):
        out["paperSection"] = entry.get("paperSection") or " › ".join(
            headings.get(part.strip(), part.strip()) for part in meta["paperSection"].split("›"))
    return out


def _w(language: str) -> dict:
    return build_words("appendix", language)


STATUS_TEXT = {
    "source": "bron: overgenomen uit de dataset van de uitgever",
    "paper": "paper: zoals vermeld in de paper",
    "derived": "afgeleid: door ons berekend",
}


def _licence(meta: dict, language: str = ORIGINAL) -> str:
    out = []
    for lic in meta.get("licenses", []):
        title = lic.get("title") or lic.get("name", "")
        url = str(lic.get("path") or "")
        out.append(f"[{_md(title)}](<{url}>)" if _URL.fullmatch(url) else _md(title))
    return "; ".join(out) or _w(language)["no_licence"]


def _md(text) -> str:
    """Free text from data/datapackage.json: shown as text, never as markup."""
    return textsafe.myst(text)


_URL = re.compile(r"https?://[^\s<>`\\]+")

# A data file larger than this is not offered for download from the book (its source is named).
DOWNLOAD_LIMIT = 20_000_000


def downloadable(meta: dict) -> bool:
    """Whether the book publishes the resource's file for download (see DOWNLOAD_LIMIT)."""
    f = paths.ROOT / meta["path"]
    return f.is_file() and f.stat().st_size <= DOWNLOAD_LIMIT


def _link(url: str) -> str:
    return f"<{url}>" if _URL.fullmatch(url) else _md(url)


def _status(meta: dict, language: str = ORIGINAL) -> str:
    w = _w(language)
    status = meta.get("status")
    if status == "paper":
        text = w["paper"].format(figure=meta.get("paperFigure") or w["text"], section=meta.get("paperSection", ""))
        if meta.get("basedOn"):
            text += w["paper_source"].format(source=meta["basedOn"])
        return text
    if status == "derived":
        return w["derived"].format(how=meta.get("derivation", ""))
    return w["source"]


def _dataset_section(dataset_id: str, meta: dict, link_prefix: str, language: str = ORIGINAL) -> list[str]:
    w = _w(language)
    csv_path = meta["path"]
    lines = [f"### {_md(meta['title'])}", ""]
    if meta.get("description"):
        lines += [_md(meta["description"]), ""]
    lines.append(f"- **{w['publisher']}:** {_md(meta['publisher'])}")
    lines.append(f"- **{w['code']}:** {_md(meta['datasetCode'])}")
    if meta.get("url"):
        lines.append(f"- **{w['url']}:** {_link(meta['url'])}")
    version = _md(meta['vintage'])
    if meta.get("accessed"):
        version += f" ({w['accessed']}: {_md(meta['accessed'])})"
    lines.append(f"- **{w['version']}:** {version}")
    lines.append(f"- **{w['licence']}:** {_licence(meta, language)}")
    lines.append(f"- **{w['status']}:** {_md(_status(meta, language))}")
    lines.append(f"- **{w['unit']}:** {_md(meta['unit'])}")
    for src in meta.get("sources", []):
        lines.append(f"- **{w['copy']}:** {_md(src.get('title', ''))}")
    name = Path(csv_path).name
    vintage = textsafe.cell(f"`{meta['vintage']}`")
    if downloadable(meta):
        lines.append(f"- **{w['data']}:** {{download}}`{name} <{link_prefix}{csv_path}>` "
                     f"({w['dataset']} `{dataset_id}`, {w['vintage']} {vintage})")
    else:
        size = round((paths.ROOT / csv_path).stat().st_size / 1e6)
        lines.append(f"- **{w['data']}:** " + w["too_big"].format(
            name=_md(name), id=dataset_id, vintage=vintage, size=size, limit=DOWNLOAD_LIMIT // 1_000_000))
    return lines + [""]


def _missing_slots(edition, language: str = ORIGINAL) -> list[str]:
    """Datasets that have a schema in data/schemas/ but no data the edition uses: said, not hidden."""
    lines = []
    for schema_file in sorted((paths.DATA / "schemas").glob("*.schema.json")):
        dataset_id = schema_file.name.removesuffix(".schema.json")
        if dataset_id in edition.datasets:
            continue
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        title = schema.get("title", dataset_id)
        if language != ORIGINAL:
            title = (translated_resources(language).get("schemas") or {}).get(dataset_id, title)
        lines.append(_w(language)["missing"].format(title=_md(title), id=dataset_id,
                                                    file=schema_file.name))
    return lines


def render_data_appendix(edition, link_prefix: str = "../", language: str = ORIGINAL) -> str:
    """MyST Markdown (in `language`): every dataset the edition uses, grouped, with provenance and a CSV link.

    `link_prefix` is put before each file's repository path (data/...) in its {download} link.
    """
    ed = load_edition(edition)
    metas = {d: data.resource(d, ed) for d in ed.datasets}
    if language != ORIGINAL:
        texts, headings = translated_resources(language), _headings(language)
        metas = {d: translate_meta(m, language, texts, headings) for d, m in metas.items()}
    groups: dict[str, list[str]] = {}
    for d, meta in metas.items():
        groups.setdefault(meta.get("group") or meta["publisher"], []).append(d)
    counts = {s: sum(1 for m in metas.values() if m["status"] == s) for s in STATUS_TEXT}

    w = _w(language)
    edition_words = (ed.title[:1].lower() + ed.title[1:]) if language == ORIGINAL else f"edition {ed.name}"
    lines = [
        f"# {w['title']}",
        "",
        w["intro"].format(edition=edition_words, n=len(metas)),
        "",
        w["status_intro"],
        "",
        w["status_source"].format(n=counts["source"]),
        w["status_paper"].format(n=counts["paper"]),
        w["status_derived"].format(n=counts["derived"]),
        "",
        w["both"],
        "",
    ] + ([w["language_note"], ""] if w["language_note"] else [])
    for group, ids in groups.items():
        lines += [f"## {group}", ""]
        for d in ids:
            lines += _dataset_section(d, metas[d], link_prefix, language)
    missing = _missing_slots(ed, language)
    if missing:
        lines += [f"## {w['missing_title']}", "", w["missing_intro"], ""] + missing + [""]
    return "\n".join(lines).rstrip() + "\n"
