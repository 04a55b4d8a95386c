"""The interactive charts of the built book (databook/interactive.py, databook/sphinx_charts.py),
in the tested edition (conftest.editions_under_test()), its original language.

In the browser the checks read the one load of each page and width (sitebrowser.SiteBrowser, shared
with test_book_html.py and test_book_screens.py: served from one local server; a request to any
other host is reported and never sent, so a chart that needs the network fails here). Expected
values are read from each figure's CSV (the static figure's data), never typed (chartpoints.POINTS).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chartpoints import charts_of, figure_csv, point
from conftest import (NOT_BUILT, SITE, edition_figures_dir, expected_outputs, fail_listing, newest_edition,
                      page_language, parse_html, editions_under_test)
from databook.sphinx_charts import CHARTS_DIR, WEIGHTS_START, bundle_name
from sitebrowser import DESKTOP, PHONE

pytestmark = pytest.mark.book

EDITIONS = editions_under_test() or [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))]
MIN_TEXT_PX = 9

def chart_figures(edition: str) -> list[str]:
    return expected_outputs(edition)["figure"]


def chart_pages(edition: str) -> dict[str, list[str]]:
    """page (relative to the site) -> slugs of the charts it holds, in the edition's original language."""
    pages = {}
    for page in sorted((SITE / edition).rglob("*.html")):
        if "_static" in page.parts or CHARTS_DIR in page.parts:
            continue
        rel = page.relative_to(SITE).as_posix()
        if page_language(rel) == "nl" and (slugs := charts_of(rel)):
            pages[rel] = slugs
    return pages


def page_specs(page: Path) -> dict[str, list[dict]]:
    doc = parse_html(page)
    out = {}
    for div in doc.iter("div"):
        if "dbk-chart" in div.classes():
            script = next(div.iter("script"))
            out[div.attrs["data-figure"]] = json.loads(script.text())["specs"]
    return out


# -- static checks of the built HTML --------------------------------------------------------------

@pytest.mark.parametrize("edition", EDITIONS)
def test_every_figure_has_one_chart(edition):
    found = [slug for slugs in chart_pages(edition).values() for slug in slugs]
    assert sorted(found) == sorted(chart_figures(edition)), "each figure must have exactly one interactive chart"


@pytest.mark.parametrize("edition", EDITIONS)
def test_chart_values_are_the_figure_csv(edition):
    """One source of truth: every row of a figure's CSV is in its chart's data, value for value."""
    from databook import interactive

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
        has_charts = rel in charts or bool(charts_of(rel))   # translations' pages too
        n = sum(s.split("?")[0].endswith(bundle) for s in sources)
        assert n == (1 if has_charts else 0), f"{rel}: the Vega bundle is loaded {n} time(s)"
        css = len(re.findall(r'<link[^>]+href="[^"]*charts\.css[^"]*"', html))
        assert css <= 1 and (css == 1 or not has_charts), f"{rel}: charts.css linked {css} time(s)"
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

def _pages(edition):
    return sorted(chart_pages(edition).items()) if edition else []


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_charts_render_offline_without_errors(site_browser, edition, width):
    problems = []
    for page, slugs in _pages(edition):
        load = site_browser.load(page, width)
        where_page = f"{page} at {width}px"
        if load.chart_error:
            problems.append(f"{where_page}: {load.chart_error}")
        problems += [f"{where_page}: {error}" for error in load.console]
        problems += [f"{where_page}: request outside the site {url}" for url in load.external]
        drawn = sorted(view["figure"] for view in load.chart_views)
        if not load.chart_error and drawn != sorted(slugs):
            problems.append(f"{where_page}: charts drawn {drawn}, expected {sorted(slugs)}")
        for view in load.chart_views:
            where = f"{page} {view['figure']} at {width}px"
            if view["right"] > width:
                problems.append(f"{where}: the chart runs past the screen ({view['right']}px)")
            if not view["svgs"]:
                problems.append(f"{where}: no chart drawn")
            for svg in view["svgs"]:
                if abs(svg["attr"] - svg["box"]) >= 1.5:
                    problems.append(f"{where}: the chart is scaled, not laid out ({svg})")
                if svg["attr"] > view["width"] + 0.5:
                    problems.append(f"{where}: the chart is wider than its column")
                if not svg["label"]:
                    problems.append(f"{where}: the chart has no accessible name")
            if not view["minFont"] >= MIN_TEXT_PX:
                problems.append(f"{where}: text of {view['minFont']}px")
            if not all(h == 0 for h in view["images"]):
                problems.append(f"{where}: the static image still shows on screen")
            if not (view["focusable"] and view["described"]):
                problems.append(f"{where}: not focusable or without description")
    fail_listing(f"edition {edition} at {width}px: interactive charts", problems)


def _csv_value_text(value, decimals):
    if decimals is None:
        return str(value)
    from databook import style

    return style.number(float(value), decimals)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_tooltip_shows_the_csv_value(site_browser, edition, width):
    checked, problems = set(), []
    for page, slugs in _pages(edition):
        load = site_browser.load(page, width)
        if load.chart_error:
            problems.append(f"{page} at {width}px: {load.chart_error}")
            continue
        for slug in slugs:
            row, match, column, decimals = point(edition, slug)
            if slug in load.tooltip_problems:
                problems.append(f"{page} at {width}px: {load.tooltip_problems[slug]}")
                continue
            text = load.tooltips.get(slug)
            expected = " ".join(_csv_value_text(row[column], decimals).split())
            if text is None or expected not in text:
                problems.append(f"{page} {slug} at {width}px: tooltip {text!r} lacks {expected!r}")
            else:
                checked.add(slug)
        problems += [f"{page} at {width}px: {error}" for error in load.console]
        problems += [f"{page} at {width}px: request outside the site {url}" for url in load.external]
    fail_listing(f"edition {edition} at {width}px: tooltips", problems)
    assert checked == set(chart_figures(edition))


@pytest.mark.parametrize("edition", EDITIONS)
def test_without_javascript_and_in_print_the_static_figure_shows(site_browser, edition):
    problems = []
    for page, slugs in _pages(edition):
        for javascript in (False, True):
            load = site_browser.load(page, PHONE) if javascript else site_browser.nojs(page)
            if javascript and load.chart_error:
                problems.append(f"{page}: {load.chart_error}")
            shown = {s["slug"] for s in load.print_state}
            problems += [f"{page} {slug} ({'print' if javascript else 'no JavaScript'}): not looked at"
                         for slug in slugs if slug not in shown]
            for s in load.print_state:
                where = f"{page} {s['slug']} ({'print' if javascript else 'no JavaScript'})"
                if not s["img"] > 0:
                    problems.append(f"{where}: the static figure does not show")
                if s["chart"] != 0:
                    problems.append(f"{where}: the interactive chart shows")
                if "Bron:" not in s["caption"]:
                    problems.append(f"{where}: no 'Bron:' line")
            problems += [f"{page}: request outside the site {url}" for url in load.external]
    fail_listing(f"edition {edition}: the static figures without JavaScript and in print", problems)
