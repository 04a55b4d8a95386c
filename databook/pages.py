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

from . import catalog, claims, downloads, editions, style, textsafe
from .files import copy_if_changed, write_if_changed
from .layout import ORIGINAL, layout

PACKAGES = ["jupyter-book", "sphinx", "myst-nb", "papermill", "nbval", "pandas", "numpy",
            "matplotlib", "frictionless", "pytest"]


def _md_table(frame: pd.DataFrame) -> str:
    return textsafe.md_table(frame)  # cells are text, never markup


def _notebook_link(stem: str) -> "textsafe.Markup":
    """fig04-... -> [Figuur 4](../notebooks/fig04-....ipynb); tab02-... -> Tabel T2; others: Tekst."""
    match = re.match(r"(fig|tab)(\d+)-", stem)
    if match:
        name = f"Figuur {int(match.group(2))}" if match.group(1) == "fig" else f"Tabel T{int(match.group(2))}"
    else:
        name = "Tekst"
    return textsafe.link(name, f"../notebooks/{stem}.ipynb")


def key_numbers_page(ed: editions.Edition, figures: Path) -> str:
    frame = pd.read_csv(figures / "kerncijfers.csv", dtype=str, keep_default_na=False)
    status = {"computed": "berekend", "source": "uit brondata", "paper": "vermeld in de paper"}
    shown = pd.DataFrame({
        "Kerncijfer": frame["label"],
        "Waarde": frame["text"],
        "Status": frame["status"].map(status).fillna(frame["status"]),
        "Bron": frame["source"],
        "Bijlage": frame["notebook"].map(_notebook_link),
    })
    excel = downloads.excel_path("kerncijfers.csv").as_posix()
    return (
        "# Kerncijfers\n\n"
        f"Alle cijfers die het boek in de tekst noemt, voor editie {ed.name}, zoals de notebooks ze "
        "berekenen of uit de gegevens halen. De status zegt of een cijfer berekend is, rechtstreeks uit "
        "een brondataset komt of zoals vermeld in de paper is overgenomen; de bijlage is de pagina "
        "met de berekening.\n\n"
        "Alle kerncijfers: {download}`als CSV <../figures/kerncijfers.csv>` · "
        f"{{download}}`als CSV voor Excel <../figures/{excel}>`\n\n"
        + _md_table(shown) + "\n"
    )


def _is_quantity(text: str) -> bool:
    """A number shown as a quantity ("21,5 %", "1.196"), not a word or a year."""
    if not re.fullmatch(r"[-+\u2212]?[\d.]+(,\d+)?([\u00a0 ]%)?", text):
        return False
    return not re.fullmatch(r"(19|20)\d\d", text)


MINUS = "\u2212"


def _signed(text: str) -> str:
    """A real minus sign (U+2212) instead of a hyphen; a plus sign for a rise."""
    return MINUS + text[1:] if text.startswith("-") else text


def _shown_decimals(text: str) -> int:
    """How many decimals a key number shows ("21,5 %" -> 1): its change is shown with as many."""
    match = re.search(r",(\d+)", text)
    return len(match.group(1)) if match else 0


def _difference(old: float, new: float, decimals: int, unit: str) -> str:
    diff = new - old
    shown = style.number(abs(diff), decimals)
    sign = "+" if diff > 0 else MINUS if diff < 0 and float(shown.replace(".", "").replace(",", ".")) != 0 else ""
    return sign + shown + (" procentpunt" if unit == "%" else "")


def _relative_change(old: float, new: float) -> str:
    if old == 0:
        return "–"
    return _signed(style.percent((new - old) / abs(old) * 100, 1))


PARAMETER_LABELS = {"reference_year": "referentiejaar", "wage_bill_bn": "private loonmassa (miljard euro)",
                    "contribution_rate": "bijdragevoet", "periods": "perioden",
                    "growth_master_demand": "jaarlijkse groei vereiste aanwervingen, master",
                    "growth_master_supply": "jaarlijkse groei afgestudeerden, master",
                    "growth_bachelor_demand": "jaarlijkse groei vereiste aanwervingen, bachelor en secundair",
                    "growth_bachelor_supply": "jaarlijkse groei afgestudeerden, bachelor en secundair"}


def _where(notebook: str) -> str:
    """'fig04-…' -> 'figuur 4', 'tab02-…' -> 'tabel 2', otherwise 'de kerncijfers'."""
    match = re.match(r"(fig|tab)(\d+)", notebook)
    if not match:
        return "de kerncijfers"
    return f"{'figuur' if match.group(1) == 'fig' else 'tabel'} {int(match.group(2))}"


def _card(figures: Path, slug: str) -> dict:
    card = figures / f"{slug}.json"
    return json.loads(card.read_text(encoding="utf-8")) if card.exists() else {}


def changed_outputs(figures: Path, prev_figures: Path) -> list[str]:
    """Slugs of the figures and tables whose plotted data differ from the previous edition's."""
    out = []
    for csv in sorted(figures.glob("*.csv")):
        if csv.name == "kerncijfers.csv":
            continue
        before = prev_figures / csv.name
        if not before.exists() or before.read_bytes() != csv.read_bytes():
            out.append(csv.stem)
    return out


def _breaks(figures: Path) -> dict[str, list[tuple[str, str]]]:
    """notebook -> [(name, year)] of the values flagged as a break in series (flag b) in its outputs."""
    out: dict[str, list[tuple[str, str]]] = {}
    for csv in sorted(figures.glob("*.csv")):
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        flag_col = next((c for c in frame.columns if c.lower() in ("flag", "vlag")), None)
        if flag_col is None:
            continue
        columns = {c.lower(): c for c in frame.columns}
        name_col = next((columns[k] for k in ("naam", "geo_name", "land", "geo") if k in columns), None)
        year_col = next((columns[k] for k in ("jaar", "time", "year") if k in columns), None)
        notebook = Path(_card(figures, csv.stem).get("notebook", csv.stem)).stem
        for _, r in frame[frame[flag_col].str.contains("b", na=False)].iterrows():
            out.setdefault(notebook, []).append((r[name_col] if name_col else "", r[year_col] if year_col else ""))
    return out


def changes_page(ed: editions.Edition, prev: editions.Edition, figures: Path, prev_figures: Path,
                 claim_changes: list | None = None, compare_dir: str | None = None) -> str:
    """The page "Wat is er veranderd", for readers: Dutch labels, changes with one decimal rule and a real
    minus sign, a note where a break in series lies under a change, the claims whose status changed and,
    with `compare_dir` (where the previous edition's figures are staged), old and new figure side by side."""
    new = pd.read_csv(figures / "kerncijfers.csv", keep_default_na=False)
    old = pd.read_csv(prev_figures / "kerncijfers.csv", keep_default_na=False)
    both = old.merge(new, on=["notebook", "id"], how="outer", suffixes=("_old", "_new"), indicator=True)
    breaks = _breaks(figures)
    rows, noted = [], False
    for _, r in both.iterrows():
        if r["_merge"] == "both" and float(r["value_old"]) == float(r["value_new"]):
            continue
        label = r["label_new"] if r["_merge"] != "left_only" else r["label_old"]
        remark = ""
        if r["_merge"] == "both":
            if re.sub(r"\d{4}", "", r["label_old"]) != re.sub(r"\d{4}", "", r["label_new"]):
                label = f"{r['label_new']} (editie {prev.name}: {r['label_old']})"  # not only a new year
            if _is_quantity(r["text_old"]) and _is_quantity(r["text_new"]):
                shown_diff = _difference(float(r["value_old"]), float(r["value_new"]),
                                         _shown_decimals(r["text_new"]), r["unit_new"])
                relative = _relative_change(float(r["value_old"]), float(r["value_new"]))
            else:
                shown_diff, relative = "–", "–"
            flagged = [f"{name} {year}" for name, year in breaks.get(r["notebook"], []) if name and name in label]
            if flagged:
                remark = f"breuk in de reeks ({', '.join(dict.fromkeys(flagged))}): het verschil is niet zonder meer een echte verandering"
                noted = True
            rows.append([label, _signed(r["text_old"]), _signed(r["text_new"]), shown_diff, relative, remark])
        elif r["_merge"] == "right_only":
            rows.append([label, "–", _signed(r["text_new"]), "nieuw", "–", ""])
        else:
            rows.append([label, _signed(r["text_old"]), "–", "vervallen", "–", ""])
    lines = [
        "# Wat is er veranderd",
        "",
        f"Deze pagina vergelijkt editie {ed.name} met editie {prev.name}. Ze wordt bij elke build "
        "berekend uit de gegevens van beide edities. Verschillen staan met evenveel decimalen als het "
        "cijfer zelf; bij percentages is het verschil in procentpunt, het relatieve verschil in procent.",
        "",
    ]
    if claim_changes is not None:
        from .claims import STATUS_NL, _ref_title

        lines += ["## Zinnen van de paper met een andere toetsing", ""]
        if claim_changes:
            lines += [f"- {{ref}}`{_ref_title(r.claim)} <claim-{r.id}>`: editie {prev.name} "
                      f"{STATUS_NL.get(before, 'niet in het register')}, editie {ed.name} {STATUS_NL[r.status]}"
                      + (f" ({r.note})" if r.note else "") for r, before in claim_changes]
        else:
            lines.append("Elke zin van de paper heeft dezelfde toetsing als in de vorige editie.")
        lines += ["", "Alle zinnen en hun toetsing: {doc}`toetsing`.", ""]
    lines += ["## Kerncijfers", ""]
    if rows:
        lines += [_md_table(pd.DataFrame(rows, columns=[
            "Kerncijfer", f"Editie {prev.name}", f"Editie {ed.name}", "Verschil", "Relatief", "Opmerking"])), ""]
        if noted:
            lines += ["Een breuk in de reeks betekent dat de meting veranderde (bijvoorbeeld een nieuwe "
                      "vragenlijst): een cijfer na de breuk is niet zonder meer vergelijkbaar met een cijfer "
                      "ervoor.", ""]
    else:
        lines += ["Geen enkel kerncijfer is veranderd.", ""]

    lines += ["## Figuren en tabellen waarvan de gegevens veranderden", ""]
    changed = changed_outputs(figures, prev_figures)
    for slug in changed:
        card = _card(figures, slug)
        title = card.get("title", slug)
        notebook = Path(card.get("notebook", slug)).stem
        what = _where(notebook).capitalize()
        lines += [f"### {what}: {title}", "",
                  f"[Gegevens en berekening]({'../notebooks/' + notebook + '.ipynb'}).", ""]
        old_file = prev_figures / f"{slug}.svg"
        if compare_dir and card.get("kind") == "figure" and old_file.exists():
            old_alt = _card(prev_figures, slug).get("alt", title)
            lines += ["`````{container} edition-compare", ""]
            for label, src, alt in ((f"Editie {prev.name}", f"{compare_dir}/{slug}.*", old_alt),
                                    (f"Editie {ed.name}", f"../figures/{slug}.*", card.get("alt", title))):
                lines += ["````{container} edition-compare-item", f"**{label}**", "",
                          f"```{{image}} {src}", f":alt: {alt}", ":width: 100%", "```", "````", ""]
            lines += ["`````", ""]
    if not changed:
        lines += ["Geen.", ""]

    lines += ["## Nieuwe versies van datasets", ""]
    vintages = []
    for d, v in sorted(ed.datasets.items()):
        if prev.datasets.get(d) != v:
            try:
                title = catalog_title(d, ed)
            except Exception:  # a dataset the catalogue cannot describe: say which
                title = d
            vintages.append(f"- {title}: versie {prev.datasets.get(d, '–')} → {v}")
    lines += (vintages or ["Alle datasets hebben dezelfde versie als in de vorige editie."]) + [""]
    params = []
    for nb, p in sorted(ed.parameters.items()):
        for k, v in p.items():
            before = prev.parameters.get(nb, {}).get(k, "–")
            if before != v:
                params.append(f"- {PARAMETER_LABELS.get(k, k.replace('_', ' '))} van {_where(nb)}: {before} → {v}")
    if params:
        lines += ["## Andere keuzes van deze editie", ""] + params + [""]

    lines += ["## Breuken in de reeksen", ""]
    shown = []
    for notebook, flagged in sorted(breaks.items()):
        for name, year in flagged:
            shown.append(f"- {_where(notebook).capitalize()}: {name} {year} (breuk in de reeks)")
    lines += (list(dict.fromkeys(shown)) or ["Geen gemarkeerde breuken in de reeksen van deze editie."]) + [""]
    return "\n".join(lines)


def catalog_title(dataset_id: str, ed: editions.Edition) -> str:
    from . import data

    return data.resource(dataset_id, ed).get("title") or dataset_id


def edition_sphinx_config(ed: editions.Edition, lay) -> dict:
    """Sphinx settings of one edition's claims and changed figures (see sphinx_edition.py)."""
    cfg = claims.sphinx_config(ed, lay.figures)
    prev_name = editions.previous(ed.name)
    changed = []
    if prev_name:
        prev = layout(prev_name, lay.language).figures
        changed = [s for s in changed_outputs(lay.figures, prev) if _card(lay.figures, s).get("kind") == "figure"]
    cfg["edition_changed_figures"] = changed
    return cfg


COMPARE_DIR = "vorige"


def stage_files(ed: editions.Edition, lay, stage_dir: Path) -> bool:
    """Files the generated pages link to: the register as CSV, the previous edition's changed figures."""

    results = claims.evaluate(ed, lay.figures, claims.paper_figures())
    changed = write_if_changed(stage_dir / "bijlagen" / "toetsing.csv", claims.to_csv(results))
    wanted = set()
    prev_name = editions.previous(ed.name)
    if prev_name:
        prev = layout(prev_name, lay.language).figures
        for slug in changed_outputs(lay.figures, prev):
            for ext in ("svg", "png", "pdf"):
                if (prev / f"{slug}.{ext}").exists():
                    target = stage_dir / "bijlagen" / COMPARE_DIR / f"{slug}.{ext}"
                    wanted.add(target)
                    changed |= copy_if_changed(prev / f"{slug}.{ext}", target)
    for f in sorted((stage_dir / "bijlagen" / COMPARE_DIR).glob("*")):
        if f not in wanted:
            f.unlink()
            changed = True
    return changed


def build_page(ed: editions.Edition, records: list[dict], language: str = ORIGINAL) -> str:
    rows = [[r['notebook'], style.number(r["seconds"], 1),
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
        page_weight_section(),
    ])


def page_weight_section() -> str:
    """The page weight of each chapter; the HTML build fills in the table (sphinx_charts.fill_weights),
    which only exists on the web."""
    from .sphinx_charts import WEIGHTS_END, WEIGHTS_START

    return "\n".join([
        "````{only} html",
        "## Paginagewicht",
        "",
        "Wat de browser voor elke pagina laadt, in kilobytes: JavaScript, CSS en afbeeldingen van de "
        "site zelf (lettertypen niet meegeteld). De scripts van de interactieve grafieken (Vega) laden "
        "alleen op pagina's met een grafiek, één keer per pagina; niets komt van een andere server.",
        "",
        "```{raw} html",
        f"{WEIGHTS_START}<p>(wordt ingevuld bij het bouwen van de HTML)</p>{WEIGHTS_END}",
        "```",
        "````",
        "",
    ])


def generate(ed: editions.Edition, lay, records: list[dict]) -> dict[str, str]:
    """name -> MyST Markdown, for bijlagen/<name>.md of this edition's book (except the build page,
    which the build writes last: see databook.stage)."""
    out = {
        "data-en-bronnen": catalog.render_data_appendix(ed, link_prefix="../"),
        "kerncijfers": key_numbers_page(ed, lay.figures),
    }
    results = claims.evaluate(ed, lay.figures, claims.paper_figures())
    out["toetsing"] = claims.page(ed, results)
    prev_name = editions.previous(ed.name)
    if prev_name:
        prev = editions.load_edition(prev_name)
        before = claims.evaluate(prev, layout(prev_name, lay.language).figures, claims.paper_figures())
        out["wijzigingen"] = changes_page(ed, prev, lay.figures, layout(prev_name, lay.language).figures,
                                          claims.status_changes(results, before), COMPARE_DIR)
    return out


def site_index(built: list[editions.Edition], newest: str, without_pdf=()) -> str:
    """`without_pdf`: editions whose PDF was not made from the same data as their HTML (not published)."""
    items = "\n".join(
        f'<li><a href="{e.name}/index.html">{html.escape(e.title)}</a>'
        f'{" (nieuwste)" if e.name == newest else ""} — {html.escape(e.description)} · '
        + ("<em>PDF niet bijgewerkt: deze build maakte alleen de webversie</em></li>" if e.name in without_pdf
           else f'<a href="{e.name}/talentstrategie-{e.name}.pdf">PDF editie {e.name}</a></li>')
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
