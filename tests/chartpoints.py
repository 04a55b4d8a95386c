"""Which charts a built page holds, and the one known data point per figure whose tooltip the
browser checks read (test_book_charts.py, through sitebrowser.SiteBrowser)."""
from __future__ import annotations

from functools import lru_cache

from conftest import SITE, edition_figures_dir, page_language, parse_html

# One known data point per figure: which CSV row (a filter on its columns), which other fields the
# chart's mark has (e.g. the folded series), which CSV column the tooltip must show and with how
# many decimals (None: shown as text). The expected value itself comes from the CSV.
POINTS = {
    "fig01": (lambda d: d.iloc[[-1]], {"kolom": "bijdrage_productiviteit_log"}, ["periode"], "bijdrage_productiviteit_log", 2),
    "fig02": (lambda d: d[d["panel"] == d["panel"].iloc[0]].iloc[[-1]], {}, ["panel", "reeks", "jaar"], "index", 1),
    "fig03": (lambda d: d.iloc[[0]], {}, ["paneel", "niveau", "reeks"], "aantal", 0),
    "fig04": (lambda d: d[d["geo"] == "BE"], {}, ["geo", "jaar"], "deelname_pct", 1),
    "fig05": (lambda d: d[(d["paneel"] == "onderdelen") & (d["component"] == "index")], {},
              ["paneel", "component"], "eu27_gemiddelde_afgeleid", 1),
    "fig06": (lambda d: d.iloc[[0]], {}, ["deelname", "wens"], "aandeel_pct", 1),
    "fig07": (lambda d: d.iloc[[1]], {}, ["category"], "share", 1),
    "fig08": (lambda d: d.iloc[[2]], {}, ["volgorde"], "omschrijving", None),
    "fig09": (lambda d: d.iloc[[0]], {}, ["duur", "richting"], "tekst_in_figuur", None),
    "fig10": (lambda d: d.iloc[[0]], {}, ["niveau", "naam"], "budget_mln_eur", 1),
}


@lru_cache(maxsize=None)
def charts_of(page: str) -> list[str]:
    """The slugs of the interactive charts on a page (relative to the site), in page order."""
    path = SITE / page
    html = path.read_text(encoding="utf-8")
    if "dbk-chart" not in html:
        return []
    return [div.attrs["data-figure"] for div in parse_html(path).iter("div")
            if "dbk-chart" in div.classes() and div.attrs.get("data-figure")]


@lru_cache(maxsize=None)
def _read_csv(edition: str, slug: str):
    import pandas as pd

    return pd.read_csv(edition_figures_dir(edition) / f"{slug}.csv", keep_default_na=False, na_values=[""])


def figure_csv(edition: str, slug: str):
    """A figure's CSV as the static figure drew it (a copy: callers may change it)."""
    return _read_csv(edition, slug).copy()


def plain(value):
    """A CSV cell as JSON would hold it (numpy scalars to int/float/str; 2024.0 -> 2024)."""
    value = value.item() if hasattr(value, "item") else value
    return int(value) if isinstance(value, float) and value.is_integer() else value


def point(edition: str, slug: str):
    """(CSV row, fields of its drawn mark, column the tooltip shows, decimals or None)."""
    pick, extra, keys, column, decimals = POINTS[slug[:5]]
    row = pick(figure_csv(edition, slug)).iloc[0]
    return row, {k: plain(row[k]) for k in keys} | extra, column, decimals


def tooltip_match(page: str, slug: str) -> dict | None:
    """The fields of the mark whose tooltip a load of `page` reads; None on a translation's page
    (its CSV is the translation's; test_book_charts checks the original's charts)."""
    if page_language(page) != "nl" or slug[:5] not in POINTS:
        return None
    return point(page.split("/", 1)[0], slug)[1]
