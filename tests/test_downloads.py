"""Data downloads that open right in Excel with Belgian settings (databook/downloads.py).

- a round trip: a table written by write_csv reads back, as Excel with Belgian settings reads it
  (';' between fields, decimal comma, UTF-8 with a byte-order mark), to the same numbers and texts;
- for every edition, every standard CSV of its figures folder has its Excel variant, which reads
  back to the same table as the standard file (numbers as numbers, texts as texts);
- the built book links both files under every figure and table.
"""
from __future__ import annotations

import io

import pandas as pd
import pytest

from conftest import SITE, built_editions, edition_figures_dir, edition_names, fail_listing, parse_html
from databook import downloads


def _standard(path) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(path.read_text(encoding="utf-8")), keep_default_na=False, na_values=[""])


def _same_table(standard: pd.DataFrame, excel_path) -> list[str]:
    text_columns = [c for c in standard.columns if not pd.api.types.is_numeric_dtype(standard[c])]
    excel = downloads.read_excel_variant(excel_path, text_columns=text_columns)
    if list(excel.columns) != list(standard.columns):
        return [f"columns {list(excel.columns)} instead of {list(standard.columns)}"]
    problems = []
    for column in standard.columns:
        a, b = standard[column], excel[column]
        if column in text_columns:
            same = a.fillna("").astype(str).tolist() == b.fillna("").astype(str).tolist()
        else:
            same = pd.api.types.is_numeric_dtype(b) and ((a - b).abs().fillna(0) < 1e-12).all() \
                and (a.isna() == b.isna()).all()
        if not same:
            problems.append(f"column {column!r} differs: {a.tolist()[:4]} vs {b.tolist()[:4]}")
    return problems


def test_round_trip_keeps_numbers_and_texts(tmp_path):
    frame = pd.DataFrame({
        "land": ["België", "EU-27; gemiddelde", 'een "citaat", met komma'],
        "jaar": [2022, 2023, 2024],
        "waarde": [21.5, -0.125, 1332.6],
        "tekst": ["1,3", "21,5 %", ""],
    })
    path = tmp_path / "fig99-test.csv"
    downloads.write_csv(frame, path)
    excel = downloads.excel_path(path)
    raw = excel.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the Excel variant must start with a UTF-8 byte-order mark"
    first_line = raw.decode("utf-8-sig").splitlines()[0]
    assert first_line == "land;jaar;waarde;tekst", first_line
    assert "21,5" in raw.decode("utf-8-sig") and "21.5" not in raw.decode("utf-8-sig")
    assert _same_table(_standard(path), excel) == []


@pytest.mark.parametrize("edition", edition_names())
def test_every_csv_has_an_excel_variant_with_the_same_numbers(edition):
    folder = edition_figures_dir(edition)
    if not folder.is_dir():
        pytest.skip(f"edition {edition} is not built")
    problems = []
    standards = sorted(folder.glob("*.csv"))
    assert standards, f"{folder}: no CSV"
    for csv in standards:
        excel = downloads.excel_path(csv)
        if not excel.exists():
            problems.append(f"{csv.name}: no {excel.relative_to(folder)}")
            continue
        if not excel.read_bytes().startswith(b"\xef\xbb\xbf"):
            problems.append(f"{excel.name}: no UTF-8 byte-order mark")
        problems += [f"{excel.name}: {p}" for p in _same_table(_standard(csv), excel)]
    fail_listing(f"edition {edition}: Excel variants that do not hold the data of the standard CSV", problems)


@pytest.mark.book
@pytest.mark.parametrize("edition", built_editions() or [pytest.param(None, marks=pytest.mark.skip(
    reason="the book is not built"))])
def test_figures_and_tables_link_both_downloads(edition):
    """Every chapter page's figure or numbered table links its CSV and its Excel variant."""
    problems = []
    for page in sorted((SITE / edition / "chapters").glob("*.html")):
        tree = parse_html(page)
        hrefs = [a.attrs.get("href", "") for a in tree.iter("a")]
        for node in list(tree.iter("figure")) + [t for t in tree.iter("table") if t.attrs.get("id")]:
            slug = node.attrs.get("id", "")
            if not slug.startswith(("fig", "tab")):
                continue
            for name in (f"{slug}.csv", f"{slug}-excel.csv"):
                if not any(h.endswith("/" + name) for h in hrefs):
                    problems.append(f"{page.relative_to(SITE)}: no link to {name} for {slug}")
    fail_listing("figures or tables without both data downloads", problems)
