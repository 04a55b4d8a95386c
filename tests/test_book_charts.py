"""The interactive charts of the built book (databook/interactive.py, databook/sphinx_charts.py).

Pages are opened from disk (file://) in Debian's Chromium driven by Playwright; every request that
is not file:// is blocked and reported, so a chart that needs the network fails here. Expected
values are read from each figure's CSV (the static figure's data), never typed.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import (NOT_BUILT, SITE, built_editions, edition_figures_dir, expected_outputs,
                      newest_edition, parse_html)
from databook import interactive, style
from databook.sphinx_charts import CHARTS_DIR, WEIGHTS_START, bundle_name

pytestmark = pytest.mark.book

EDITIONS = built_editions() or [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))]
MIN_TEXT_PX = 9
PHONE, DESKTOP = 390, 1280

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


def chart_figures(edition: str) -> list[str]:
    return expected_outputs(edition)["figure"]


def chart_pages(edition: str) -> dict[str, list[str]]:
    """page (relative to the site) -> slugs of the charts it holds."""
    pages = {}
    for page in sorted((SITE / edition).rglob("*.html")):
        if "_static" in page.parts or CHARTS_DIR in page.parts:
            continue
        if "dbk-chart" not in page.read_text(encoding="utf-8"):
            continue
        slugs = [div.attrs["data-figure"] for div in parse_html(page).iter("div") if "dbk-chart" in div.classes()]
        if slugs:
            pages[page.relative_to(SITE).as_posix()] = slugs
    return pages


def page_specs(page: Path) -> dict[str, list[dict]]:
    doc = parse_html(page)
    out = {}
    for div in doc.iter("div"):
        if "dbk-chart" in div.classes():
            script = next(div.iter("script"))
            out[div.attrs["data-figure"]] = json.loads(script.text())["specs"]
    return out


def figure_csv(edition: str, slug: str) -> pd.DataFrame:
    return pd.read_csv(edition_figures_dir(edition) / f"{slug}.csv", keep_default_na=False,
                       na_values=[""])


# -- static checks of the built HTML --------------------------------------------------------------

@pytest.mark.parametrize("edition", EDITIONS)
def test_every_figure_has_one_chart(edition):
    found = [slug for slugs in chart_pages(edition).values() for slug in slugs]
    assert sorted(found) == sorted(chart_figures(edition)), "each figure must have exactly one interactive chart"


@pytest.mark.parametrize("edition", EDITIONS)
def test_chart_values_are_the_figure_csv(edition):
    """One source of truth: every row of a figure's CSV is in its chart's data, value for value."""
    for page, slugs in chart_pages(edition).items():
        specs = page_specs(SITE / page)
        for slug in slugs:
            data = figure_csv(edition, slug)
            merged = {"datasets": {str(i): interactive.spec_rows(s) for i, s in enumerate(specs[slug])}}
            lost = interactive.missing_rows(data, merged)
            assert not lost, f"{page}: chart {slug} lacks {len(lost)} CSV row(s), e.g. {lost[0]}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_scripts_only_on_chart_pages_once_and_from_the_site(edition):
    charts = chart_pages(edition)
    bundle = f"{CHARTS_DIR}/{bundle_name()}"
    for page in sorted((SITE / edition).rglob("*.html")):
        if "_static" in page.parts:
            continue
        rel = page.relative_to(SITE).as_posix()
        html = page.read_text(encoding="utf-8")
        sources = re.findall(r'<script[^>]+src="([^"]+)"', html)
        assert not [s for s in sources if re.match(r"(https?:)?//", s)], f"{rel}: a script from another host"
        n = sum(s.split("?")[0].endswith(bundle) for s in sources)
        assert n == (1 if rel in charts else 0), f"{rel}: the Vega bundle is loaded {n} time(s)"
        css = len(re.findall(r'<link[^>]+href="[^"]*charts\.css[^"]*"', html))
        assert css <= 1 and (css == 1 or rel not in charts), f"{rel}: charts.css linked {css} time(s)"
    assert (SITE / edition / bundle).is_file()


@pytest.mark.parametrize("edition", EDITIONS)
def test_bundle_is_the_installed_vega(edition):
    """The shipped scripts are vl-convert's bundle (Vega, Vega-Lite, Vega-Embed), only wrapped."""
    import vl_convert

    shipped = (SITE / edition / CHARTS_DIR / bundle_name()).read_text(encoding="utf-8")
    assert shipped == "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n"


def test_build_page_reports_page_weights(built_site):
    edition = newest_edition()
    page = SITE / edition / "bijlagen" / "over-deze-build.html"
    html = page.read_text(encoding="utf-8")
    assert WEIGHTS_START in html
    table = html.split(WEIGHTS_START, 1)[1]
    chapters = sorted(p.stem for p in (SITE / edition / "chapters").glob("*.html"))
    for name in chapters:
        assert f"<td>chapters/{name}</td>" in table, f"no page weight for chapters/{name}"
    for page_name, slugs in chart_pages(edition).items():
        name = page_name.split("/", 1)[1].removesuffix(".html")
        row = re.search(rf"<tr><td>{re.escape(name)}</td><td>(\d+)</td>", table)
        assert row and int(row.group(1)) == len(slugs), f"{name}: the weight table counts the charts wrongly"


def test_pdf_keeps_static_figures():
    """LaTeX does not see the charts: the figure snippets keep their static figure directive."""
    for md in sorted(edition_figures_dir(newest_edition()).glob("fig*.md")):
        text = md.read_text(encoding="utf-8")
        assert text.startswith("```{figure} ../figures/"), md.name
        assert "```{raw} html" in text, f"{md.name}: no interactive chart"


# -- in the browser ---------------------------------------------------------------------------------



class Opened:
    def __init__(self, browser, path: Path, width: int, javascript: bool = True):
        self.context = browser.new_context(viewport={"width": width, "height": 900},
                                           java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.context.route("**/*", self._route)
        self.page.goto(path.as_uri())

    def _route(self, route):
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def wait_for_charts(self, n: int) -> None:
        self.page.wait_for_function(
            f"document.querySelectorAll('.dbk-chart-view[data-rendered=true]').length >= {n}", timeout=30_000)

    def close(self):
        self.context.close()


def _pages(edition):
    return sorted(chart_pages(edition).items()) if edition else []


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_charts_render_offline_without_errors(browser, edition, width):
    for page, slugs in _pages(edition):
        opened = Opened(browser, SITE / page, width)
        try:
            opened.wait_for_charts(len(slugs))
            info = opened.page.evaluate("""() => ({
                views: [...document.querySelectorAll('.dbk-chart-view')].map(v => ({
                    figure: v.closest('figure').id,
                    width: v.getBoundingClientRect().width, right: v.getBoundingClientRect().right,
                    svgs: [...v.querySelectorAll('svg.marks')].map(s => ({
                        attr: parseFloat(s.getAttribute('width')), box: s.getBoundingClientRect().width,
                        label: s.getAttribute('aria-label') || '', role: s.getAttribute('role')})),
                    minFont: Math.min(...[...v.querySelectorAll('svg text')].filter(t => t.textContent.trim())
                        .map(t => parseFloat(getComputedStyle(t).fontSize))),
                    images: [...v.closest('figure').querySelectorAll('img')].map(i => i.getBoundingClientRect().height),
                    focusable: v.tabIndex === 0, described: !!document.getElementById(v.getAttribute('aria-describedby')),
                }))})""")
        finally:
            opened.close()
        assert not opened.errors, f"{page} at {width}px: console errors {opened.errors}"
        assert not opened.outside, f"{page}: requests outside the site {opened.outside}"
        for view in info["views"]:
            where = f"{page} {view['figure']} at {width}px"
            assert view["right"] <= width, f"{where}: the chart runs past the screen ({view['right']}px)"
            assert view["svgs"], f"{where}: no chart drawn"
            for svg in view["svgs"]:
                assert abs(svg["attr"] - svg["box"]) < 1.5, f"{where}: the chart is scaled, not laid out ({svg})"
                assert svg["attr"] <= view["width"] + 0.5, f"{where}: the chart is wider than its column"
                assert svg["label"], f"{where}: the chart has no accessible name"
            assert view["minFont"] >= MIN_TEXT_PX, f"{where}: text of {view['minFont']}px"
            assert all(h == 0 for h in view["images"]), f"{where}: the static image still shows on screen"
            assert view["focusable"] and view["described"], f"{where}: not focusable or without description"


_FIND_ITEM = """([slug, match]) => {
  // the drawn mark (rect, symbol) whose data row has the given fields; its centre on the page
  const figure = document.getElementById(slug);
  for (const target of figure.querySelectorAll('.dbk-chart-target')) {
    const stack = [target.dbkView.scenegraph().root];
    while (stack.length) {
      const node = stack.pop();
      for (const item of (node.items || [])) {
        if (item.items) { stack.push(item); }
        const d = item.datum;
        if (!d || !['rect', 'symbol'].includes(node.marktype) || !item._svg) { continue; }
        if (Object.entries(match).every(([k, v]) => String(d[k]) === String(v))) {
          const box = item._svg.getBoundingClientRect();
          return {x: box.left + box.width / 2, y: box.top + box.height / 2};
        }
      }
    }
  }
  return null;
}"""


def _plain(value):
    """A CSV cell as JSON would hold it (numpy scalars to int/float/str; 2024.0 -> 2024)."""
    value = value.item() if hasattr(value, "item") else value
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _csv_value_text(value, decimals):
    if decimals is None:
        return str(value)
    return style.number(float(value), decimals)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_tooltip_shows_the_csv_value(browser, edition, width):
    checked = set()
    for page, slugs in _pages(edition):
        opened = Opened(browser, SITE / page, width)
        try:
            opened.wait_for_charts(len(slugs))
            for slug in slugs:
                pick, extra, keys, column, decimals = POINTS[slug[:5]]
                row = pick(figure_csv(edition, slug)).iloc[0]
                match = {k: _plain(row[k]) for k in keys} | extra
                opened.page.locator(f"#{slug} .dbk-chart-view").scroll_into_view_if_needed()
                point = opened.page.evaluate(_FIND_ITEM, [slug, match])
                assert point, f"{page}: no mark of {slug} for {match}"
                opened.page.mouse.move(1, 1)
                opened.page.mouse.move(point["x"], point["y"])
                tip = opened.page.locator("#vg-tooltip-element.visible")
                tip.wait_for(timeout=5_000)
                text = " ".join(tip.inner_text().split())
                expected = _csv_value_text(row[column], decimals)
                assert " ".join(expected.split()) in text, f"{page} {slug}: tooltip {text!r} lacks {expected!r}"
                checked.add(slug)
        finally:
            opened.close()
        assert not opened.errors, f"{page}: console errors {opened.errors}"
        assert not opened.outside, f"{page}: requests outside the site {opened.outside}"
    assert checked == set(chart_figures(edition))


@pytest.mark.parametrize("edition", EDITIONS)
def test_without_javascript_and_in_print_the_static_figure_shows(browser, edition):
    for page, slugs in _pages(edition):
        for javascript, media in ((False, "screen"), (True, "print")):
            opened = Opened(browser, SITE / page, PHONE, javascript=javascript)
            try:
                if javascript:
                    opened.wait_for_charts(len(slugs))
                opened.page.emulate_media(media=media)
                state = opened.page.evaluate("""(slugs) => slugs.map(slug => {
                    const f = document.getElementById(slug);
                    const img = f.querySelector('img');
                    const chart = f.querySelector('.dbk-chart-view');
                    return {slug, img: img ? img.getBoundingClientRect().height : 0,
                            chart: chart ? chart.getBoundingClientRect().height : 0,
                            caption: f.querySelector('figcaption').textContent};
                })""", slugs)
            finally:
                opened.close()
            for s in state:
                where = f"{page} {s['slug']} ({'print' if javascript else 'no JavaScript'})"
                assert s["img"] > 0, f"{where}: the static figure does not show"
                assert s["chart"] == 0, f"{where}: the interactive chart shows"
                assert "Bron:" in s["caption"], f"{where}: no 'Bron:' line"
            assert not opened.outside, f"{page}: requests outside the site {opened.outside}"
