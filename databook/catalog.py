"""The appendix "Data en bronnen", generated from data/datapackage.json for one edition."""
from __future__ import annotations

import json
from pathlib import Path

import re

from . import data, paths, textsafe
from .editions import load_edition

STATUS_TEXT = {
    "source": "bron: overgenomen uit de dataset van de uitgever",
    "paper": "paper: zoals vermeld in de paper",
    "derived": "afgeleid: door ons berekend",
}


def _licence(meta: dict) -> str:
    out = []
    for lic in meta.get("licenses", []):
        title = lic.get("title") or lic.get("name", "")
        url = str(lic.get("path") or "")
        out.append(f"[{_md(title)}](<{url}>)" if _URL.fullmatch(url) else _md(title))
    return "; ".join(out) or "niet vermeld"


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


def _status(meta: dict) -> str:
    status = meta.get("status")
    if status == "paper":
        text = f"paper — {meta.get('paperFigure') or 'tekst'}; plaats in de paper: {meta.get('paperSection', '')}"
        if meta.get("basedOn"):
            text += f"; bron van de paper: {meta['basedOn']}"
        return text
    if status == "derived":
        return f"afgeleid — {meta.get('derivation', '')}"
    return "bron — overgenomen uit de dataset van de uitgever"


def _dataset_section(dataset_id: str, meta: dict, link_prefix: str) -> list[str]:
    csv_path = meta["path"]
    lines = [f"### {_md(meta['title'])}", ""]
    if meta.get("description"):
        lines += [_md(meta["description"]), ""]
    lines.append(f"- **Uitgever:** {_md(meta['publisher'])}")
    lines.append(f"- **Dataset of document:** {_md(meta['datasetCode'])}")
    if meta.get("url"):
        lines.append(f"- **Adres:** {_link(meta['url'])}")
    version = _md(meta['vintage'])
    if meta.get("accessed"):
        version += f" (geraadpleegd: {_md(meta['accessed'])})"
    lines.append(f"- **Versie:** {version}")
    lines.append(f"- **Licentie:** {_licence(meta)}")
    lines.append(f"- **Status:** {_md(_status(meta))}")
    lines.append(f"- **Eenheid:** {_md(meta['unit'])}")
    for src in meta.get("sources", []):
        lines.append(f"- **Tussenkopie:** {_md(src.get('title', ''))}")
    name = Path(csv_path).name
    vintage = textsafe.cell(f"`{meta['vintage']}`")
    if downloadable(meta):
        lines.append(f"- **Gegevens:** {{download}}`{name} <{link_prefix}{csv_path}>` "
                     f"(dataset `{dataset_id}`, versie {vintage})")
    else:
        size = round((paths.ROOT / csv_path).stat().st_size / 1e6)
        lines.append(f"- **Gegevens:** {_md(name)} (dataset `{dataset_id}`, versie {vintage}) is met {size} MB "
                     f"te groot om in het boek aan te bieden (grens: {DOWNLOAD_LIMIT // 1_000_000} MB); de uitgever "
                     "biedt de gegevens aan op het adres hierboven.")
    return lines + [""]


def _missing_slots(edition) -> list[str]:
    """Datasets that have a schema in data/schemas/ but no data the edition uses: said, not hidden."""
    lines = []
    for schema_file in sorted((paths.DATA / "schemas").glob("*.schema.json")):
        dataset_id = schema_file.name.removesuffix(".schema.json")
        if dataset_id in edition.datasets:
            continue
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        lines.append(f"- **{_md(schema.get('title', dataset_id))}** (dataset `{dataset_id}`): niet beschikbaar; "
                     f"het boek verzint geen waarden. Het schema ligt klaar in `data/schemas/{schema_file.name}`; "
                     f"`data/README.md` beschrijft hoe een beheerder de gegevens toevoegt.")
    return lines


def render_data_appendix(edition, link_prefix: str = "../") -> str:
    """MyST Markdown (Dutch): every dataset the edition uses, grouped, with provenance and a CSV link.

    `link_prefix` is put before each file's repository path (data/...) in its {download} link.
    """
    ed = load_edition(edition)
    metas = {d: data.resource(d, ed) for d in ed.datasets}
    groups: dict[str, list[str]] = {}
    for d, meta in metas.items():
        groups.setdefault(meta.get("group") or meta["publisher"], []).append(d)
    counts = {s: sum(1 for m in metas.values() if m["status"] == s) for s in STATUS_TEXT}

    lines = [
        "# Data en bronnen",
        "",
        f"Deze bijlage beschrijft alle gegevens die {ed.title[:1].lower() + ed.title[1:]} van dit boek gebruikt: "
        f"{len(metas)} datasets, elk in één versie. Bij elke dataset staan de uitgever, de dataset of het "
        "document, het adres, de versie, de licentie, de eenheid en een status, en een link naar "
        "het CSV-bestand zoals het boek het gebruikt. Dezelfde beschrijving staat machineleesbaar in "
        "`data/datapackage.json` (een Frictionless Data Package).",
        "",
        "De status zegt waar een cijfer vandaan komt:",
        "",
        f"- **bron** ({counts['source']}): overgenomen uit de dataset van de uitgever, ongewijzigd;",
        f"- **paper** ({counts['paper']}): zoals de paper het vermeldt, met de plaats in de paper en de bron die "
        "de paper zelf noemt — het boek kan die cijfers niet aan een dataset toetsen;",
        f"- **afgeleid** ({counts['derived']}): door ons berekend uit een bron, met de methode erbij.",
        "",
        "Waar de paper en de brongegevens verschillen, toont het boek beide en zegt het dat.",
        "",
    ]
    for group, ids in groups.items():
        lines += [f"## {group}", ""]
        for d in ids:
            lines += _dataset_section(d, metas[d], link_prefix)
    missing = _missing_slots(ed)
    if missing:
        lines += ["## Ontbrekende gegevens", "",
                  "Deze gegevens heeft het boek nodig maar niet gevonden; de figuur toont wat wel beschikbaar is.",
                  ""] + missing + [""]
    return "\n".join(lines).rstrip() + "\n"
