"""What a notebook does, in one object: load data for its edition, publish key numbers,
check the paper's claims, export figures and tables with their data card, record what it read.

    run = Run("fig07-vaardigheden-veranderen", edition=edition, output_dir=output_dir)
    df = run.load("paper-fig07-skills-change")
    run.fact("verandering", 95.0, label="...", unit="%", decimals=1)
    run.claim("95 % van de ondernemingen ...", holds=share >= 94.5, share=share)
    run.figure(fig, title=..., caption=..., alt=..., data=df, datasets=[...])
    run.finish()

Everything a notebook writes goes to `output_dir` (relative to the repository root):
  <slug>.svg/.png/.pdf/.csv/.md/.json   one figure or table with its data card
  _meta/<notebook>.json                  key numbers, claims, figures and the data files read
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import data, downloads, paths, style, textsafe
from .editions import Edition, load_edition

FACT_STATUSES = ("computed", "source", "paper")


class ClaimError(AssertionError):
    """A sentence of the book is no longer supported by the data of the edition."""


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class GluedText(str):
    """The text of a key number as `Run.fact` returns it: a plain str that, as the last expression of
    a notebook cell, shows nothing (the number reaches the page through glue, not as a Python value
    such as 'boven' printed on the notebook's page)."""

    def _ipython_display_(self) -> None:
        pass


@dataclass
class Fact:
    id: str
    label: str
    value: float
    text: str
    unit: str
    status: str
    source: str
    notebook: str


class Run:
    def __init__(self, notebook: str, edition: str | Edition, output_dir: str | Path = "figures"):
        self.notebook = notebook
        self.edition = load_edition(edition)
        out = Path(output_dir)
        self.output_dir = out if out.is_absolute() else paths.ROOT / out
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self.facts: list[Fact] = []
        self.claims: list[dict] = []
        self.outputs: list[str] = []
        data.reset_files_read()
        style.apply()

    # -- data -------------------------------------------------------------------------------
    def load(self, dataset_id: str) -> pd.DataFrame:
        return data.load(dataset_id, self.edition)

    def source_line(self, *dataset_ids: str) -> str:
        return data.source_line(list(dataset_ids), self.edition)

    def parameter(self, name: str, default=None):
        return self.edition.notebook_parameters(self.notebook).get(name, default)

    # -- key numbers --------------------------------------------------------------------------
    def fact(self, key: str, value: float, *, label: str, unit: str = "", decimals: int = 0,
             status: str = "computed", source: str = "", text: str | None = None) -> str:
        """Publish a key number: glue it (Dutch format) under `key` and list it in kerncijfers.csv.

        `text` overrides the formatted value (e.g. "4 op 10"); percentages get ' %'.
        """
        if status not in FACT_STATUSES:
            raise ValueError(f"fact {key}: status must be one of {FACT_STATUSES}, not {status!r}")
        if text is None:
            text = style.percent(value, decimals) if unit == "%" else style.number(value, decimals)
        if any(f.id == key for f in self.facts):
            raise ValueError(f"fact {key} published twice in {self.notebook}")
        self.facts.append(Fact(key, label, float(value), text, unit, status, source, self.notebook))
        try:
            from myst_nb import glue
        except ImportError:  # outside a notebook toolchain: nothing to glue into
            return GluedText(text)
        glue(key, text, display=False)  # myst-nb strips the quotes of the str's repr
        return GluedText(text)

    def claim(self, sentence: str, holds: bool, **numbers) -> None:
        """Fail the build when `sentence` is not supported by this edition's numbers."""
        shown = ", ".join(f"{k} = {v:g}" if isinstance(v, (int, float)) else f"{k} = {v}"
                          for k, v in numbers.items())
        self.claims.append({"claim": sentence, "holds": bool(holds), "numbers": shown})
        if not holds:
            raise ClaimError(
                f"Claim no longer supported by the data of edition {self.edition.name} "
                f"({self.notebook}): \"{sentence}\" — {shown}"
            )

    # -- outputs ------------------------------------------------------------------------------
    def _base(self, slug: str) -> Path:
        return self.output_dir / slug

    def _write_csv(self, slug: str, table: pd.DataFrame) -> None:
        downloads.write_csv(table, self._base(slug).with_suffix(".csv"))

    def _card(self, slug: str, kind: str, title: str, caption: str, alt: str, source: str,
              datasets: list[str], files: list[str]) -> None:
        card = {
            "slug": slug, "kind": kind, "title": title, "caption": caption, "alt": alt,
            "source": source, "edition": self.edition.name, "notebook": f"notebooks/{self.notebook}.ipynb",
            "datasets": [{"id": d, "vintage": self.edition.vintage(d)} for d in datasets],
            "files": files,
        }
        path = self._base(slug).with_suffix(".json")
        path.write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.outputs.append(slug)

    @staticmethod
    def _data_links(slug: str) -> str:
        excel = downloads.excel_path(f"{slug}.csv").as_posix()
        return (f"{{download}}`Gegevens (CSV) <../figures/{slug}.csv>` · "
                f"{{download}}`Gegevens voor Excel <../figures/{excel}>`")

    def _links(self, slug: str, source: str) -> str:
        return (f"{textsafe.myst(source)} · {self._data_links(slug)} · "
                f"[Gegevens en notebook](../notebooks/{self.notebook}.ipynb)")

    def figure(self, fig, slug: str, *, title: str, caption: str, alt: str, data: pd.DataFrame,
               datasets: list[str], source: str | None = None, interactive=None) -> None:
        """Save `fig` as SVG, PNG and PDF with its plotted data (CSV), a MyST snippet and a data card.

        `interactive`: an Altair chart of the same `data` for the web pages (see interactive.py)."""
        import matplotlib.pyplot as plt

        alt = _one_line(alt)
        if len(alt) < 40:
            raise ValueError(f"{slug}: alt text must describe the figure (at least 40 characters): {alt!r}")
        source = source or self.source_line(*datasets)
        if not source.startswith("Bron:"):
            raise ValueError(f"{slug}: the source line must start with 'Bron:': {source!r}")
        style.source_note(fig, source)
        base = self._base(slug)
        fig.savefig(base.with_suffix(".svg"), metadata={"Date": None})
        fig.savefig(base.with_suffix(".png"), metadata={"Software": None})
        fig.savefig(base.with_suffix(".pdf"), metadata={"CreationDate": None, "ModDate": None})
        plt.close(fig)
        self._write_csv(slug, data)
        snippet = (
            f"```{{figure}} ../figures/{slug}.*\n:name: {slug}\n:alt: {textsafe.myst_option(alt)}\n:width: 100%\n\n"
            f"{textsafe.myst(title)}\n\n{textsafe.myst(caption)}\n\n{self._links(slug, source)}\n```\n"
        )
        if interactive is not None:
            from . import interactive as charts
            snippet += charts.figure_block(slug, interactive, data=data, title=title, alt_text=alt)
        base.with_suffix(".md").write_text(snippet, encoding="utf-8")
        self._card(slug, "figure", title, caption, alt, source,
                   datasets, [f"{slug}.{ext}" for ext in ("svg", "png", "pdf", "csv")]
                   + [downloads.excel_path(f"{slug}.csv").as_posix()])
        self._show_card(slug, title, data, source, datasets, image_alt=alt)

    def table(self, table: pd.DataFrame, slug: str, *, title: str, caption: str, data: pd.DataFrame,
              datasets: list[str], source: str | None = None, widths: list[int] | None = None,
              long: bool = False) -> None:
        """Save a table as a MyST table (for the book) and its data as CSV.

        `long=True` lets the table break across pages in the PDF (LaTeX longtable)."""
        source = source or self.source_line(*datasets)
        self._write_csv(slug, data)
        md = textsafe.md_table(table)
        opts = (f":name: {slug}\n" + (f":widths: {' '.join(map(str, widths))}\n" if widths else "")
                + (":class: longtable\n" if long else ""))
        snippet = (f"```{{table}} {textsafe.myst(title)}\n{opts}\n{md}\n```\n\n"
                   f"{textsafe.myst(caption)} {self._links(slug, source)}\n")
        self._base(slug).with_suffix(".md").write_text(snippet, encoding="utf-8")
        self._card(slug, "table", title, caption, "", source, datasets,
                   [f"{slug}.csv", downloads.excel_path(f"{slug}.csv").as_posix()])
        self._show_card(slug, title, None, source, datasets)

    def _show_card(self, slug: str, title: str, table: pd.DataFrame | None, source: str,
                   datasets: list[str], image_alt: str | None = None) -> None:
        """Show the data card on the notebook's page: chart, its numbers as a table, provenance."""
        safe = textsafe.myst
        lines = [f"### {safe(title)}", ""]
        if image_alt:
            lines += [f"![{safe(image_alt)}](../figures/{slug}.png)", ""]
        if table is not None:
            shown = dutch_table(table)
            shown.columns = [dutch_header(c) for c in shown.columns]
            lines += ["De gegevens van de figuur als tabel:", "", textsafe.md_table(shown), ""]
        lines += [f"- {safe(source)}"]
        for d in datasets:
            meta = data.resource(d, self.edition)
            lines.append(f"- Dataset `{d}`, versie {safe(meta.get('vintage', self.edition.vintage(d)))}, "
                         f"status *{safe(meta.get('status', '?'))}*: {safe(meta.get('title', ''))}")
        lines += [f"- Editie {self.edition.name} · {self._data_links(slug)}", ""]
        try:
            from IPython.display import Markdown, display
        except ImportError:
            return
        display(Markdown("\n".join(lines)))

    def finish(self) -> None:
        """Record what this notebook read and published; the build reads this file."""
        meta = {
            "notebook": self.notebook,
            "edition": self.edition.name,
            "files_read": [str(p) for p in data.files_read()],
            "facts": [f.__dict__ for f in self.facts],
            "claims": self.claims,
            "outputs": self.outputs,
        }
        record = paths.notebook_record(self.output_dir, self.notebook)
        record.parent.mkdir(exist_ok=True)
        record.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def dutch_table(frame: pd.DataFrame, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """A copy of `frame` with numbers written the Dutch way, for display."""
    decimals = decimals or {}
    out = frame.copy()
    for col in out.columns:
        if any(word in str(col).lower() for word in ("jaar", "year", "time", "period")):
            continue  # years are labels, not quantities: 2022, not 2.022
        if pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            values = out[col]
            n = decimals.get(col)
            if n is None:
                n = max((style.decimals(float(v)) for v in values.dropna()), default=0)
            out[col] = [("" if pd.isna(v) else style.number(float(v), n)) for v in values]
    return out


# Words of the CSV column names (snake_case, for scripts) as a reader reads them in a table header.
HEADER_WORDS = {"belgie": "België", "eu27": "EU-27", "category": "categorie", "share": "aandeel",
                "flag": "vlag", "geo": "landcode", "pct": "%", "eur": "euro", "mln": "mln", "mld": "mld"}
UNIT_WORDS = ("pct", "mln", "mld", "eur", "log")


def dutch_header(column: str) -> str:
    """A CSV column name as a table header: 'budget_mln_eur' -> 'Budget (mln euro)',
    'rang_belgie_van_27' -> 'Rang België van 27', 'deelname_pct' -> 'Deelname (%)'."""
    words = str(column).split("_")
    units = []
    while len(words) > 1 and words[-1] in UNIT_WORDS:
        units.insert(0, words.pop())
    text = " ".join(HEADER_WORDS.get(w, w) for w in words)
    text = text[:1].upper() + text[1:]
    return f"{text} ({' '.join(HEADER_WORDS.get(u, u) for u in units)})" if units else text
