"""Pages the build writes for each edition; nothing on them is typed by hand.

- data-en-bronnen: every dataset of the edition with its provenance (from data/datapackage.json)
- kerncijfers: every key number the book states (figures/kerncijfers.csv)
- wijzigingen: what changed since the previous edition (not for the first edition)
- over-deze-build: per-notebook execution time, reuse, package versions, build date
plus the site's root page that lists the editions.
Each page is written in the language of the book it belongs to (`lay.language`; Dutch is the
original, English a translation): the words are in locales/build-words.yml (section pages), numbers through databook.language.
"""
from __future__ import annotations

import html
import json
import re
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import catalog, claims, downloads, editions, textsafe
from . import language as lang
from .build_words import build_words
from .files import copy_if_changed, write_if_changed
from .layout import ORIGINAL, layout

PACKAGES = ["jupyter-book", "sphinx", "myst-nb", "papermill", "nbval", "pandas", "numpy",
            "matplotlib", "frictionless", "pytest"]


def _md_table(frame: pd.DataFrame) -> str:
    return textsafe.md_table(frame)  # cells are text, never markup




def _words(language: str) -> dict:
    return build_words("pages", language)


def _notebook_link(stem: str, language: str = ORIGINAL) -> "textsafe.Markup":
    """fig04-... -> [Figuur 4](../notebooks/fig04-....ipynb); tab02-... -> Tabel T2; others: Tekst."""
    w = _words(language)
    match = re.match(r"(fig|tab)(\d+)-", stem)
    if match:
        name = (f"{w['figure'].capitalize()} {int(match.group(2))}" if match.group(1) == "fig"
                else f"{w['table'].capitalize()} T{int(match.group(2))}")
    else:
        name = w["text"]
    return textsafe.link(name, f"../notebooks/{stem}.ipynb")


def key_numbers_page(ed: editions.Edition, figures: Path, language: str = ORIGINAL) -> str:
    w = _words(language)["key"]
    frame = pd.read_csv(figures / "kerncijfers.csv", dtype=str, keep_default_na=False)
    columns = w["columns"]
    shown = pd.DataFrame({
        columns[0]: frame["label"],
        columns[1]: frame["text"],
        columns[2]: frame["status"].map(w["status"]).fillna(frame["status"]),
        columns[3]: frame["source"],
        columns[4]: frame["notebook"].map(lambda stem: _notebook_link(stem, language)),
    })
    excel = downloads.excel_path("kerncijfers.csv").as_posix()
    return (
        f"# {w['title']}\n\n"
        + w["intro"].format(edition=ed.name) + "\n\n"
        f"{w['all']}: {{download}}`{w['csv']} <../figures/kerncijfers.csv>` · "
        f"{{download}}`{w['excel']} <../figures/{excel}>`\n\n"
        + _md_table(shown) + "\n"
    )


# How a key number's text writes a number, per language: thousands and decimal separator.
SEPARATORS = {"nl": (".", ","), "en": (",", ".")}


def _is_quantity(text: str, language: str = ORIGINAL) -> bool:
    """A number shown as a quantity ("21,5 %", "1.196"; "21.5%", "1,196"), not a word or a year."""
    thousands, decimal = SEPARATORS[lang.check(language)]
    if not re.fullmatch(rf"[-+\u2212]?[\d{re.escape(thousands)}]+({re.escape(decimal)}\d+)?([\u00a0 ]?%)?", text):
        return False
    return not re.fullmatch(r"(19|20)\d\d", text)


MINUS = "\u2212"


def _signed(text: str) -> str:
    """A real minus sign (U+2212) instead of a hyphen; a plus sign for a rise."""
    return MINUS + text[1:] if text.startswith("-") else text


def _shown_decimals(text: str, language: str = ORIGINAL) -> int:
    """How many decimals a key number shows ("21,5 %" -> 1): its change is shown with as many."""
    decimal = SEPARATORS[lang.check(language)][1]
    match = re.search(rf"{re.escape(decimal)}(\d+)", text)
    return len(match.group(1)) if match else 0


def _difference(old: float, new: float, decimals: int, unit: str, language: str = ORIGINAL) -> str:
    diff = new - old
    shown = lang.number(abs(diff), decimals, language)
    shown_zero = not any(c in "123456789" for c in shown)
    sign = "+" if diff > 0 else MINUS if diff < 0 and not shown_zero else ""
    return sign + shown + (_words(language)["changes"]["points"] if unit == "%" else "")


def _relative_change(old: float, new: float, language: str = ORIGINAL) -> str:
    if old == 0:
        return "–"
    return _signed(lang.percent((new - old) / abs(old) * 100, 1, language))


def _where(notebook: str, language: str = ORIGINAL) -> str:
    """'fig04-…' -> 'figuur 4', 'tab02-…' -> 'tabel 2', otherwise 'de kerncijfers' (in `language`)."""
    w = _words(language)
    match = re.match(r"(fig|tab)(\d+)", notebook)
    if not match:
        return w["key_numbers_where"]
    return f"{w['figure'] if match.group(1) == 'fig' else w['table']} {int(match.group(2))}"


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
                 claim_changes: list | None = None, compare_dir: str | None = None,
                 language: str = ORIGINAL) -> str:
    """The page "Wat is er veranderd", for readers: Dutch labels, changes with one decimal rule and a real
    minus sign, a note where a break in series lies under a change, the claims whose status changed and,
    with `compare_dir` (where the previous edition's figures are staged), old and new figure side by side."""
    w = _words(language)["changes"]
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
                label = f"{r['label_new']} ({w['edition']} {prev.name}: {r['label_old']})"  # not only a new year
            if _is_quantity(r["text_old"], language) and _is_quantity(r["text_new"], language):
                shown_diff = _difference(float(r["value_old"]), float(r["value_new"]),
                                         _shown_decimals(r["text_new"], language), r["unit_new"], language)
                relative = _relative_change(float(r["value_old"]), float(r["value_new"]), language)
            else:
                shown_diff, relative = "–", "–"
            flagged = [f"{name} {year}" for name, year in breaks.get(r["notebook"], []) if name and name in label]
            if flagged:
                remark = w["break_remark"].format(where=", ".join(dict.fromkeys(flagged)))
                noted = True
            rows.append([label, _signed(r["text_old"]), _signed(r["text_new"]), shown_diff, relative, remark])
        elif r["_merge"] == "right_only":
            rows.append([label, "–", _signed(r["text_new"]), w["new"], "–", ""])
        else:
            rows.append([label, _signed(r["text_old"]), "–", w["gone"], "–", ""])
    lines = [
        f"# {w['title']}",
        "",
        w["intro"].format(edition=ed.name, prev=prev.name),
        "",
    ]
    if claim_changes is not None:
        from .claims import _ref_title

        status = build_words("claims", language)["status"]
        lines += [f"## {w['claims']}", ""]
        if claim_changes:
            lines += [f"- {{ref}}`{_ref_title(r.claim)} <claim-{r.id}>`: {w['edition']} {prev.name} "
                      f"{status.get(before, w['not_in_register'])}, {w['edition']} {ed.name} {status[r.status]}"
                      + (f" ({r.note})" if r.note else "") for r, before in claim_changes]
        else:
            lines.append(w["claims_same"])
        lines += ["", w["claims_all"], ""]
    lines += [f"## {w['key_numbers']}", ""]
    if rows:
        head, diff, rel, remark = w["columns"]
        lines += [_md_table(pd.DataFrame(rows, columns=[
            head, f"{w['Edition']} {prev.name}", f"{w['Edition']} {ed.name}", diff, rel, remark])), ""]
        if noted:
            lines += [w["break_note"], ""]
    else:
        lines += [w["none_changed"], ""]

    lines += [f"## {w['outputs']}", ""]
    changed = changed_outputs(figures, prev_figures)
    for slug in changed:
        card = _card(figures, slug)
        title = card.get("title", slug)
        notebook = Path(card.get("notebook", slug)).stem
        what = _where(notebook, language).capitalize()
        lines += [f"### {what}: {title}", "",
                  f"[{w['data_and_code']}]({'../notebooks/' + notebook + '.ipynb'}).", ""]
        old_file = prev_figures / f"{slug}.svg"
        if compare_dir and card.get("kind") == "figure" and old_file.exists():
            old_alt = _card(prev_figures, slug).get("alt", title)
            lines += ["`````{container} edition-compare", ""]
            for label, src, alt in ((f"{w['Edition']} {prev.name}", f"{compare_dir}/{slug}.*", old_alt),
                                    (f"{w['Edition']} {ed.name}", f"../figures/{slug}.*", card.get("alt", title))):
                lines += ["````{container} edition-compare-item", f"**{label}**", "",
                          f"```{{image}} {src}", f":alt: {alt}", ":width: 100%", "```", "````", ""]
            lines += ["`````", ""]
    if not changed:
        lines += [w["none"], ""]

    lines += [f"## {w['vintages']}", ""]
    vintages = []
    for d, v in sorted(ed.datasets.items()):
        if prev.datasets.get(d) != v:
            try:
                title = catalog_title(d, ed)
            except Exception:  # a dataset the catalogue cannot describe: say which
                title = d
            vintages.append(f"- {title}: {w['version']} {prev.datasets.get(d, '–')} → {v}")
    lines += (vintages or [w["same_vintages"]]) + [""]
    params = []
    for nb, p in sorted(ed.parameters.items()):
        for k, v in p.items():
            before = prev.parameters.get(nb, {}).get(k, "–")
            if before != v:
                params.append(f"- {w['parameters'].get(k, k.replace('_', ' '))} {w['of']} "
                              f"{_where(nb, language)}: {before} → {v}")
    if params:
        lines += [f"## {w['choices']}", ""] + params + [""]

    lines += [f"## {w['breaks']}", ""]
    shown = []
    for notebook, flagged in sorted(breaks.items()):
        for name, year in flagged:
            shown.append(f"- {_where(notebook, language).capitalize()}: {name} {year} ({w['break']})")
    lines += (list(dict.fromkeys(shown)) or [w["no_breaks"]]) + [""]
    return "\n".join(lines)


def catalog_title(dataset_id: str, ed: editions.Edition) -> str:
    from . import data

    return data.resource(dataset_id, ed).get("title") or dataset_id


def edition_sphinx_config(ed: editions.Edition, lay) -> dict:
    """Sphinx settings of one edition's claims and changed figures (see sphinx_edition.py)."""
    cfg = claims.sphinx_config(ed, lay.figures, lay.language)
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

    results = claims.evaluate(ed, lay.figures, claims.paper_figures(), language=lay.language)
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
    w = _words(language)["build"]
    rows = [[r['notebook'], lang.number(r["seconds"], 1, language),
             w["reused"] if r["reused"] else w["executed"], r["executed_at"]] for r in records]
    last_run = max((r["executed_at"] for r in records), default="–")
    versions = []
    for name in PACKAGES:
        try:
            versions.append([name, metadata.version(name)])
        except metadata.PackageNotFoundError:
            versions.append([name, w["not_installed"]])
    return "\n".join([
        f"# {w['title']}",
        "",
        w["intro"].format(edition=ed.name, last_run=last_run),
        "",
        f"## {w['notebooks']}",
        "",
        _md_table(pd.DataFrame(rows, columns=w["columns"])),
        "",
        f"## {w['versions']}",
        "",
        _md_table(pd.DataFrame(versions, columns=w["version_columns"])),
        "",
        page_weight_section(language),
    ])


def page_weight_section(language: str = ORIGINAL) -> str:
    """The page weight of each chapter; the HTML build fills in the table (sphinx_charts.fill_weights),
    which only exists on the web."""
    from .sphinx_charts import WEIGHTS_END, WEIGHTS_START

    w = _words(language)["build"]
    return "\n".join([
        "````{only} html",
        f"## {w['weight']}",
        "",
        w["weight_intro"],
        "",
        "```{raw} html",
        f"{WEIGHTS_START}<p>{w['weight_later']}</p>{WEIGHTS_END}",
        "```",
        "````",
        "",
    ])


def generate(ed: editions.Edition, lay, records: list[dict]) -> dict[str, str]:
    """name -> MyST Markdown, for bijlagen/<name>.md of this edition's book in its language (except the
    build page, which the build writes last: see databook.stage)."""
    language = lay.language
    out = {
        "data-en-bronnen": catalog.render_data_appendix(ed, link_prefix="../", language=language),
        "kerncijfers": key_numbers_page(ed, lay.figures, language),
    }
    results = claims.evaluate(ed, lay.figures, claims.paper_figures(), language=language)
    out["toetsing"] = claims.page(ed, results, language)
    prev_name = editions.previous(ed.name)
    if prev_name:
        prev = editions.load_edition(prev_name)
        prev_figures = layout(prev_name, language).figures
        before = claims.evaluate(prev, prev_figures, claims.paper_figures(), language=language)
        out["wijzigingen"] = changes_page(ed, prev, lay.figures, prev_figures,
                                          claims.status_changes(results, before), COMPARE_DIR, language)
    return out


def _translation_item(name: str, site_path: str, without_pdf) -> str:
    """The English edition beside its Dutch original on the site's root page (in English, lang="en")."""
    language = site_path.partition("/")[2]
    pdf = (f'<em>PDF not updated: this build made the web version only</em>' if site_path in without_pdf
           else f'<a href="{site_path}/talentstrategie-{name}-{language}.pdf">PDF edition {name} (English)</a>')
    return (f'<br><span lang="{language}">English translation: <a href="{site_path}/index.html" '
            f'hreflang="{language}">edition {name}</a> · {pdf}</span>')


def _english_lead(newest: str, translated) -> str:
    path = next((t for t in sorted(translated) if t.partition("/")[0] == newest), None)
    if path is None:
        return ""
    return (f'<p lang="en">In English: <a href="{path}/index.html" hreflang="en">read the newest edition '
            f'({newest}) in English</a>, a translation of Voka\'s Dutch text.</p>')


def site_index(built: list[editions.Edition], newest: str, without_pdf=(), translated=()) -> str:
    """`without_pdf`: editions whose PDF was not made from the same data as their HTML (not published);
    `translated`: the site paths of the translations on the site ("2026/en"), listed with their edition."""
    items = "\n".join(
        f'<li><a href="{e.name}/index.html">{html.escape(e.title)}</a>'
        f'{" (nieuwste)" if e.name == newest else ""} — {html.escape(e.description)} · '
        + ("<em>PDF niet bijgewerkt: deze build maakte alleen de webversie</em>" if e.name in without_pdf
           else f'<a href="{e.name}/talentstrategie-{e.name}.pdf">PDF editie {e.name}</a>')
        + "".join(_translation_item(e.name, t, without_pdf) for t in sorted(translated)
                  if t.partition("/")[0] == e.name)
        + "</li>"
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
{_english_lead(newest, translated)}
<h2>Alle edities</h2>
<ul>
{items}
</ul>
</main>
</body>
</html>
"""
