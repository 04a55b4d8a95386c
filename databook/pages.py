"""Pages the build writes for each edition; nothing on them is typed by hand.

- data-en-bronnen: every dataset of the edition with its provenance (from data/datapackage.json)
- kerncijfers: every key number the book states (figures/kerncijfers.csv)
- wijzigingen: what changed since the previous edition (not for the first edition)
- over-deze-build: per-notebook execution time, reuse, package versions, build date
plus the site's root page that lists the editions.
"""
from __future__ import annotations

import html
import json
import re
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import catalog, editions, style, textsafe

PACKAGES = ["jupyter-book", "sphinx", "myst-nb", "papermill", "nbval", "pandas", "numpy",
            "matplotlib", "frictionless", "pytest"]


def _md_table(frame: pd.DataFrame) -> str:
    return textsafe.md_table(frame)  # cells are text, never markup


def key_numbers_page(ed: editions.Edition, figures: Path) -> str:
    frame = pd.read_csv(figures / "kerncijfers.csv", dtype=str, keep_default_na=False)
    status = {"computed": "berekend", "source": "uit brondata", "paper": "vermeld in de paper"}
    shown = pd.DataFrame({
        "Kerncijfer": frame["label"],
        "Waarde": frame["text"],
        "Status": frame["status"].map(status).fillna(frame["status"]),
        "Bron": frame["source"],
        "Notebook": frame["notebook"],
    })
    return (
        "# Kerncijfers\n\n"
        f"Alle cijfers die het boek in de tekst noemt, voor editie {ed.name}, zoals de notebooks ze "
        "berekenen of uit de gegevens halen. De status zegt of een cijfer berekend is, rechtstreeks uit "
        "een brondataset komt of zoals vermeld in de paper is overgenomen.\n\n"
        "{download}`Alle kerncijfers als CSV <../figures/kerncijfers.csv>`\n\n"
        + _md_table(shown) + "\n"
    )


def _is_quantity(text: str) -> bool:
    """A number shown as a quantity ("21,5 %", "1.196"), not a word or a year."""
    if not re.fullmatch(r"[-+]?[\d.]+(,\d+)?([\u00a0 ]%)?", text):
        return False
    return not re.fullmatch(r"(19|20)\d\d", text)


def _relative_change(old: float, new: float) -> str:
    if old == 0:
        return "–"
    return style.percent((new - old) / abs(old) * 100, 1)


def changes_page(ed: editions.Edition, prev: editions.Edition, figures: Path, prev_figures: Path) -> str:
    new = pd.read_csv(figures / "kerncijfers.csv", keep_default_na=False)
    old = pd.read_csv(prev_figures / "kerncijfers.csv", keep_default_na=False)
    both = old.merge(new, on=["notebook", "id"], how="outer", suffixes=("_old", "_new"), indicator=True)
    rows = []
    for _, r in both.iterrows():
        if r["_merge"] == "both" and float(r["value_old"]) == float(r["value_new"]):
            continue
        label = r["label_new"] if r["_merge"] != "left_only" else r["label_old"]
        if r["_merge"] == "both":
            if r["label_old"] != r["label_new"]:
                label = f"{r['label_new']} (editie {prev.name}: {r['label_old']})"
            if _is_quantity(r["text_old"]) and _is_quantity(r["text_new"]):
                diff = float(r["value_new"]) - float(r["value_old"])
                shown_diff = ("+" if diff > 0 else "") + style.number(diff, 2).rstrip("0").rstrip(",")
                relative = _relative_change(float(r["value_old"]), float(r["value_new"]))
            else:
                shown_diff, relative = "–", "–"
            rows.append([label, r["text_old"], r["text_new"], shown_diff, relative])
        elif r["_merge"] == "right_only":
            rows.append([label, "–", r["text_new"], "nieuw", "–"])
        else:
            rows.append([label, r["text_old"], "–", "vervallen", "–"])
    lines = [
        "# Wat is er veranderd",
        "",
        f"Deze pagina vergelijkt editie {ed.name} met editie {prev.name}. Ze wordt bij elke build "
        "berekend uit de gegevens van beide edities.",
        "",
        "## Kerncijfers",
        "",
    ]
    if rows:
        lines += [_md_table(pd.DataFrame(rows, columns=[
            "Kerncijfer", f"Editie {prev.name}", f"Editie {ed.name}", "Verschil", "Relatief"])), ""]
    else:
        lines += ["Geen enkel kerncijfer is veranderd.", ""]

    lines += ["## Figuren en tabellen waarvan de gegevens veranderden", ""]
    changed = []
    for csv in sorted(figures.glob("*.csv")):
        if csv.name == "kerncijfers.csv":
            continue
        before = prev_figures / csv.name
        if not before.exists() or before.read_bytes() != csv.read_bytes():
            card = json.loads(csv.with_suffix(".json").read_text(encoding="utf-8")) if csv.with_suffix(".json").exists() else {}
            changed.append(f"- [{card.get('title', csv.stem)}](../notebooks/{Path(card.get('notebook', csv.stem)).stem}.ipynb)"
                           f" (`{csv.stem}`)")
    lines += (changed or ["Geen."]) + [""]

    lines += ["## Nieuwe versies van datasets", ""]
    vintages = [f"- `{d}`: {prev.datasets.get(d, '–')} → {v}" for d, v in sorted(ed.datasets.items())
                if prev.datasets.get(d) != v]
    lines += (vintages or ["Alle datasets hebben dezelfde versie als in de vorige editie."]) + [""]
    params = [f"- `{nb}`: " + ", ".join(f"{k} {prev.parameters.get(nb, {}).get(k, '–')} → {v}" for k, v in p.items())
              for nb, p in sorted(ed.parameters.items()) if p != prev.parameters.get(nb)]
    if params:
        lines += ["## Gewijzigde parameters", ""] + params + [""]

    lines += ["## Breuken in de reeksen", ""]
    breaks = []
    for csv in sorted(figures.glob("*.csv")):
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        flag_col = next((c for c in frame.columns if c.lower() in ("flag", "vlag")), None)
        if flag_col is None:
            continue
        flagged = frame[frame[flag_col].str.contains("b", na=False)]
        for _, r in flagged.iterrows():
            where = " ".join(str(r[c]) for c in frame.columns if c.lower() in ("geo", "land", "geo_name", "jaar", "time"))
            breaks.append(f"- `{csv.stem}`: {where} (vlag `{r[flag_col]}`)")
    lines += (breaks or ["Geen gemarkeerde breuken in de reeksen van deze editie."]) + [""]
    return "\n".join(lines)


def build_page(ed: editions.Edition, records: list[dict]) -> str:
    rows = [[f"`{r['notebook']}`", style.number(r["seconds"], 1),
             "hergebruikt" if r["reused"] else "uitgevoerd", r["executed_at"]] for r in records]
    last_run = max((r["executed_at"] for r in records), default="–")
    versions = []
    for name in PACKAGES:
        try:
            versions.append([name, metadata.version(name)])
        except metadata.PackageNotFoundError:
            versions.append([name, "niet geïnstalleerd"])
    return "\n".join([
        "# Over deze build",
        "",
        f"Editie {ed.name}; de notebooks van deze editie werden laatst uitgevoerd op {last_run}. "
        "Elke notebook wordt "
        "opnieuw uitgevoerd wanneer zijn code, zijn parameters, het gedeelde pakket `databook`, de "
        "vastgepinde omgeving (`requirements.txt`) of een van de gegevensbestanden die hij leest "
        "veranderde; anders hergebruikt de build zijn laatste uitvoer. De kolom *Deze build* "
        "beschrijft de build die deze pagina maakte: een build waarin niets veranderde, maakt het "
        "boek niet opnieuw.",
        "",
        "## Notebooks",
        "",
        _md_table(pd.DataFrame(rows, columns=["Notebook", "Uitvoeringstijd (s)", "Deze build", "Laatst uitgevoerd"])),
        "",
        "## Softwareversies",
        "",
        _md_table(pd.DataFrame(versions, columns=["Pakket", "Versie"])),
        "",
    ])


def generate(ed: editions.Edition, lay, records: list[dict]) -> dict[str, str]:
    """name -> MyST Markdown, for bijlagen/<name>.md of this edition's book (except the build page,
    which the build writes last: see build.stage)."""
    from .build import layout

    out = {
        "data-en-bronnen": catalog.render_data_appendix(ed, link_prefix="../"),
        "kerncijfers": key_numbers_page(ed, lay.figures),
    }
    prev_name = editions.previous(ed.name)
    if prev_name:
        out["wijzigingen"] = changes_page(ed, editions.load_edition(prev_name), lay.figures,
                                          layout(prev_name).figures)
    return out


def site_index(built: list[editions.Edition], newest: str, without_pdf=()) -> str:
    """`without_pdf`: editions whose PDF was not made from the same data as their HTML (not published)."""
    items = "\n".join(
        f'<li><a href="{e.name}/index.html">{html.escape(e.title)}</a>'
        f'{" (nieuwste)" if e.name == newest else ""} — {html.escape(e.description)} · '
        + ("<em>PDF niet bijgewerkt: deze build maakte alleen de webversie</em></li>" if e.name in without_pdf
           else f'<a href="{e.name}/talentstrategie-{e.name}.pdf">PDF</a></li>')
        for e in reversed(built))
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Naar een gerichte Vlaamse talentstrategie — edities</title>
<link rel="icon" href="{newest}/_static/favicon.svg" type="image/svg+xml">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem;
       color: #1a1a1a; line-height: 1.5; }}
a {{ color: #005a8c; }}
.newest {{ font-size: 1.2rem; }}
</style>
</head>
<body>
<main>
<h1>Naar een gerichte Vlaamse talentstrategie</h1>
<p>Een levend boek naar de paper van Voka (2025): elke figuur en tabel wordt opnieuw berekend uit de
gegevens. Elke editie blijft leesbaar en kan opnieuw gebouwd worden.</p>
<p class="newest"><a href="{newest}/index.html">Lees de nieuwste editie ({newest})</a></p>
<h2>Alle edities</h2>
<ul>
{items}
</ul>
</main>
</body>
</html>
"""
