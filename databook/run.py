"""What a notebook does, in one object: load data for its edition, publish key numbers, export
figures and tables with their data card in the notebook's language, record what it read.

    run = Run("fig07-vaardigheden-veranderen", edition=edition, output_dir=output_dir, language=language)
    df = run.load("paper-fig07-skills-change")
    run.fact("verandering", 95.0, unit="%", decimals=1, year=2024)   # label: words facts.verandering
    run.facts({"aandeel": 95.0, "jaar": 2024}, year=2024)  # unit, decimals, status, dataset: the words' facts:
    run.figure(fig, data=df, interactive=chart, values={"share": 95.0})  # title, caption, alt: words
    run.finish()

The notebook's name is typed once, in `Run(...)` (a Jupyter kernel is not told its file's name); it
is the slug of the notebook's output and names its words file `notebooks/<stem>.meta.yml` (see
databook/words.py): per language the title, caption, alt text, labels and fact labels/texts, Jinja2
templates filled with computed values, numbers through the filters `number(d)` and `percent(d)`.
`run.words(key, **values)` fills any other template (axis labels, legends, tooltip titles);
`run.number(v, d)`, `run.percent(v, d)` and `run.country(code)` write for the run's language.

Papermill parameters, the same in every notebook: `edition`, `output_dir`, `language = "nl"`, then
the notebook's own parameters with English names, default None = from the edition file
(`run.parameter(name, value)`), else from the data.

Everything a notebook writes goes to `output_dir` (relative to the repository root):
  <slug>.svg/.png/.pdf/.csv/.md/.json   one figure or table with its data card
  _meta/<notebook>.json                  key numbers, figures and the data files read
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import catalog, data, downloads, paths, style, textsafe, words
from . import language as lang
from .editions import Edition, load_edition
from .words import WordsError

FACT_STATUSES = words.FACT_STATUSES


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
    def __init__(self, notebook: str, edition: str | Edition, output_dir: str | Path = "figures",
                 language: str = lang.ORIGINAL):
        self.notebook = notebook
        self.edition = load_edition(edition)
        self.language = lang.check(language)
        out = Path(output_dir)
        self.output_dir = out if out.is_absolute() else paths.ROOT / out
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self.key_numbers: list[Fact] = []  # published by `fact`, in order
        self.claims: list[dict] = []
        self.outputs: list[str] = []
        self.reads: list[Path] = []  # the files this notebook read (data, its words), in order
        self.datasets: list[str] = []  # the dataset ids it loaded, in order
        self._words: words.Words | None = None
        style.apply()

    # -- words ------------------------------------------------------------------------------
    def words(self, key: str, **values):
        """The template at `key` of the notebook's words (notebooks/<stem>.meta.yml), in the run's
        language, filled with `values`."""
        return self._words_file()(key, **values)

    def _words_file(self) -> words.Words:
        if self._words is None:
            self._words = words.Words(self.notebook, self.language)
            self.reads.append(Path(self._words.file))  # the build's cache key covers the words too
        return self._words

    def translate(self, column: str, text):
        """One of the data's Dutch texts (of `column`) in the run's language (see `translated`)."""
        return self._words_file().translate(column, text)

    def translated(self, frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
        """A copy of `frame` whose text `columns` (the data's Dutch texts) are in the run's language:
        unchanged in Dutch, else from the words' `translations.<column>` (see databook/words.py)."""
        out = frame.copy()
        for column in columns:
            out[column] = [self.translate(column, text) for text in out[column]]
        return out

    def number(self, value: float, decimals: int = 0) -> str:
        return lang.number(value, decimals, self.language)

    def percent(self, value: float, decimals: int = 1) -> str:
        return lang.percent(value, decimals, self.language)

    def country(self, code: str) -> str:
        return lang.country_name(code, self.language)

    def axis_number(self, decimals: int = 0, suffix: str = ""):
        """A matplotlib tick formatter writing numbers in the run's language."""
        return style.axis_number(decimals, suffix, self.language)

    # -- data -------------------------------------------------------------------------------
    def load(self, dataset_id: str) -> pd.DataFrame:
        frame = data.load(dataset_id, self.edition, reads=self.reads)
        if dataset_id not in self.datasets:
            self.datasets.append(dataset_id)
        return frame

    def source_line(self, *dataset_ids: str) -> str:
        return data.source_line(list(dataset_ids or self.datasets), self.edition, language=self.language)

    def parameter(self, name: str, value=None, default=None):
        """A parameter's value: `value` as the notebook got it (Papermill), if not None; else the
        edition file's; else `default` (None: the notebook takes it from the data)."""
        if value is not None:
            return value
        return self.edition.notebook_parameters(self.notebook).get(name, default)

    # -- key numbers --------------------------------------------------------------------------
    def fact(self, key: str, value: float, *, label: str | None = None, unit: str = "", decimals: int = 0,
             status: str = "computed", source: str = "", text: str | None = None, **values) -> str:
        """Publish a key number: glue it (in the run's language) under `key`, list it in kerncijfers.csv.

        Its label (and text, if the words give one) come from the words at `facts.<key>`: a template,
        or a mapping with `label` and `text`, filled with `values` and `value`. Without a `text`, the
        value is formatted: percentages ('95,0 %') when `unit` is '%', else a number. `source`: a
        source line, or the id of a dataset the notebook loaded (its source line).
        """
        if status not in FACT_STATUSES:
            raise ValueError(f"fact {key}: status must be one of {FACT_STATUSES}, not {status!r}")
        if label is None:
            found = self.words(f"facts.{key}", value=value, **values)
            label, text = (found.get("label"), found.get("text", text)) if isinstance(found, dict) else (found, text)
        if text is None:
            text = self.percent(value, decimals) if unit == "%" else self.number(value, decimals)
        if any(f.id == key for f in self.key_numbers):
            raise ValueError(f"fact {key} published twice in {self.notebook}")
        if source in self.datasets:
            source = self.source_line(source)
        self.key_numbers.append(Fact(key, label, float(value), text, unit, status, source, self.notebook))
        try:
            from myst_nb import glue
        except ImportError:  # outside a notebook toolchain: nothing to glue into
            return GluedText(text)
        glue(key, text, display=False)  # myst-nb strips the quotes of the str's repr
        return GluedText(text)

    def facts(self, values: dict, **template_values) -> None:
        """Publish the key numbers `values` ({key: value}) as the words' language-neutral `facts:`
        section specifies them (unit, decimals, status, dataset; see databook/words.py), in its order,
        through `fact`; their labels are filled with `template_values`. WordsError naming the file
        and key when `values` and the section do not hold the same keys, or a dataset is not loaded."""
        specs = words.fact_specs(self.notebook)
        shown = f"notebooks/{words.path(self.notebook).name}"
        if unspecified := [k for k in values if k not in specs]:
            raise WordsError(f"{shown}: no '{words.FACTS}.{unspecified[0]}' (unit, decimals, status, dataset) "
                             f"for the key number(s) {unspecified} the notebook publishes")
        if unpublished := [k for k in specs if k not in values]:
            raise WordsError(f"{shown}: '{words.FACTS}.{unpublished[0]}' specifies key number(s) {unpublished} "
                             f"that the notebook does not publish")
        for key, spec in specs.items():  # all checked before any is published
            if unread := [d for d in spec.datasets if d not in self.datasets]:
                raise WordsError(f"{shown}: '{words.FACTS}.{key}': dataset(s) {unread} not loaded by the "
                                 f"notebook (it loaded {self.datasets})")
            if spec.decimals is None and float(values[key]) != int(float(values[key])):
                raise WordsError(f"{shown}: '{words.FACTS}.{key}' has no decimals (a year, written as is), "
                                 f"but its value is {values[key]!r}")
        for key, spec in specs.items():
            value = values[key]
            source = spec.datasets[0] if len(spec.datasets) == 1 else self.source_line(*spec.datasets)
            self.fact(key, value, unit=spec.unit, decimals=spec.decimals or 0, status=spec.status,
                      source=source, text=None if spec.decimals is not None else str(int(float(value))),
                      **template_values)

    def claim(self, sentence: str, holds: bool, **numbers) -> None:
        """Deprecated: the register chapters/claims.yml tests the paper's claims. Fails the build when
        `sentence` is not supported by this edition's numbers."""
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

    def _output_words(self, slug: str, given: dict, values: dict) -> dict:
        """title, caption, alt: as given, else from the words (top level for the notebook's own
        slug, the section `<slug>:` for another output of the notebook)."""
        prefix = "" if slug == self.notebook else f"{slug}."
        return {k: v if v is not None else self.words(prefix + k, **values) for k, v in given.items()}

    def _datasets(self, slug: str, datasets: list[str] | None) -> list[str]:
        """The datasets an output shows: all this run read, or the named ones (which it must have read)."""
        if datasets is None:
            return list(self.datasets)
        unread = [d for d in datasets if d not in self.datasets]
        if unread:
            raise ValueError(f"{slug}: datasets {unread} are named but this notebook did not load them "
                             f"(it loaded {self.datasets})")
        return list(datasets)

    def _card(self, slug: str, kind: str, title: str, caption: str, alt: str, source: str,
              datasets: list[str], files: list[str]) -> None:
        card = {
            "slug": slug, "kind": kind, "title": title, "caption": caption, "alt": alt,
            "source": source, "edition": self.edition.name, "notebook": f"notebooks/{self.notebook}.ipynb",
            "datasets": [{"id": d, "vintage": self.edition.vintage(d)} for d in datasets],
            "files": files,
        }
        if self.language != lang.ORIGINAL:
            card["language"] = self.language
        path = self._base(slug).with_suffix(".json")
        path.write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.outputs.append(slug)

    def _data_links(self, slug: str) -> str:
        w = CARD_WORDS[self.language]
        excel = downloads.excel_path(f"{slug}.csv").as_posix()
        return (f"{{download}}`{w['csv']} <../figures/{slug}.csv>` · "
                f"{{download}}`{w['excel']} <../figures/{excel}>`")

    def _links(self, slug: str, source: str) -> str:
        return (f"{textsafe.myst(source)} · {self._data_links(slug)} · "
                f"[{CARD_WORDS[self.language]['notebook']}](../notebooks/{self.notebook}.ipynb)")

    def figure(self, fig, slug: str | None = None, *, data: pd.DataFrame, title: str | None = None,
               caption: str | None = None, alt: str | None = None, datasets: list[str] | None = None,
               source: str | None = None, interactive=None, values: dict | None = None) -> None:
        """Save `fig` as SVG, PNG and PDF with its plotted data (CSV), a MyST snippet and a data card.

        `slug`: the notebook's name unless given. `title`, `caption`, `alt`: from the words, filled
        with `values`, unless given. `datasets`: those the notebook loaded, unless given.
        `interactive`: an Altair chart of the same `data` for the web pages (see interactive.py)."""
        import matplotlib.pyplot as plt

        slug = slug or self.notebook
        text = self._output_words(slug, {"title": title, "caption": caption, "alt": alt}, values or {})
        title, caption, alt = text["title"], text["caption"], _one_line(text["alt"])
        datasets = self._datasets(slug, datasets)
        if len(alt) < 40:
            raise ValueError(f"{slug}: alt text must describe the figure (at least 40 characters): {alt!r}")
        source = source or self.source_line(*datasets)
        prefix = data_source_prefix(self.language)
        if not source.startswith(prefix):
            raise ValueError(f"{slug}: the source line must start with '{prefix}': {source!r}")
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
            snippet += charts.figure_block(slug, interactive, data=data, title=title, alt_text=alt,
                                           language=self.language)
        base.with_suffix(".md").write_text(snippet, encoding="utf-8")
        self._card(slug, "figure", title, caption, alt, source,
                   datasets, [f"{slug}.{ext}" for ext in ("svg", "png", "pdf", "csv")]
                   + [downloads.excel_path(f"{slug}.csv").as_posix()])
        self._show_card(slug, title, data, source, datasets, image_alt=alt)

    def table(self, table: pd.DataFrame, slug: str | None = None, *, data: pd.DataFrame,
              title: str | None = None, caption: str | None = None, datasets: list[str] | None = None,
              source: str | None = None, widths: list[int] | None = None, long: bool = False,
              values: dict | None = None) -> None:
        """Save a table as a MyST table (for the book) and its data as CSV. Words as for `figure`.

        `long=True` lets the table break across pages in the PDF (LaTeX longtable)."""
        slug = slug or self.notebook
        text = self._output_words(slug, {"title": title, "caption": caption}, values or {})
        title, caption = text["title"], text["caption"]
        datasets = self._datasets(slug, datasets)
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

    def shown(self, frame: pd.DataFrame, decimals: dict[str, int] | None = None,
              headers: dict[str, str] | None = None) -> pd.DataFrame:
        """`frame` for a reader of the run's language: numbers formatted, column names as headers
        (`headers`, else the words' `columns.<name>`, else `header(name)`)."""
        out = display_table(frame, self.language, decimals)
        named = headers if headers is not None else (self._words_or_none("columns") or {})
        out.columns = [named.get(str(c)) or header(c, self.language) for c in out.columns]
        return out

    def _words_or_none(self, key: str):
        try:
            return self.words(key)
        except words.WordsError:
            return None

    def _show_card(self, slug: str, title: str, table: pd.DataFrame | None, source: str,
                   datasets: list[str], image_alt: str | None = None) -> None:
        """Show the data card on the notebook's page: chart, its numbers as a table, provenance (the
        source line and the datasets' titles in the run's language: databook/catalog.py)."""
        safe, w = textsafe.myst, CARD_WORDS[self.language]
        lines = [f"### {safe(title)}", ""]
        if image_alt:
            lines += [f"![{safe(image_alt)}](../figures/{slug}.png)", ""]
        if table is not None:
            lines += [w["table"], "", textsafe.md_table(self.shown(table)), ""]
        lines += [f"- {safe(source)}"]
        if self.language != lang.ORIGINAL:  # the datasets' titles: the build's cache key covers them
            texts = (paths.ROOT / "locales" / self.language / "datapackage.yml").relative_to(paths.ROOT)
            if texts not in self.reads:
                self.reads.append(texts)
        for d in datasets:
            meta = data.resource(d, self.edition)
            lines.append(f"- {w['dataset']} `{d}`, {w['version']} "
                         f"{safe(meta.get('vintage', self.edition.vintage(d)))}, "
                         f"status *{safe(meta.get('status', '?'))}*: "
                         f"{safe(catalog.resource_title(meta, self.language))}")
        lines += [f"- {w['edition']} {self.edition.name} · {self._data_links(slug)}", ""]
        try:
            from IPython.display import Markdown, display
        except ImportError:
            return
        display(Markdown("\n".join(lines)))

    def finish(self) -> None:
        """Record what this notebook read (data files and its words file) and published; the build
        reads this file (its cache key covers every file read)."""
        meta = {
            "notebook": self.notebook,
            "edition": self.edition.name,
            "files_read": sorted({str(p) for p in self.reads}),
            "facts": [f.__dict__ for f in self.key_numbers],
            "claims": self.claims,
            "outputs": self.outputs,
        }
        if self.language != lang.ORIGINAL:
            meta["language"] = self.language
        record = paths.notebook_record(self.output_dir, self.notebook)
        record.parent.mkdir(exist_ok=True)
        record.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# The words of a data card and its links, per language.
CARD_WORDS = {
    "nl": {"csv": "Gegevens (CSV)", "excel": "Gegevens voor Excel", "notebook": "Gegevens en notebook",
           "table": "De gegevens van de figuur als tabel:", "dataset": "Dataset", "version": "versie",
           "edition": "Editie"},
    "en": {"csv": "Data (CSV)", "excel": "Data for Excel", "notebook": "Data and notebook",
           "table": "The figure's data as a table:", "dataset": "Dataset", "version": "version",
           "edition": "Edition"},
}


def data_source_prefix(language: str) -> str:
    return data.SOURCE_WORDS[language][0] + ":"


def display_table(frame: pd.DataFrame, language: str, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """A copy of `frame` with numbers written for a reader of `language` (years stay 2022, not 2.022)."""
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
            out[col] = [("" if pd.isna(v) else lang.number(float(v), n, language)) for v in values]
    return out


def dutch_table(frame: pd.DataFrame, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """`display_table` in Dutch (for notebooks not yet using `Run.shown`)."""
    return display_table(frame, lang.ORIGINAL, decimals)


# Words of the CSV column names (snake_case, for scripts) as a reader reads them in a table header.
HEADER_WORDS = {
    "nl": {"belgie": "België", "eu27": "EU-27", "category": "categorie", "share": "aandeel",
           "flag": "vlag", "geo": "landcode", "pct": "%", "eur": "euro", "mln": "mln", "mld": "mld"},
    "en": {"belgie": "Belgium", "eu27": "EU-27", "geo": "country code", "pct": "%", "eur": "euro",
           "mln": "mn", "mld": "bn"},
}
UNIT_WORDS = ("pct", "mln", "mld", "eur", "log")


def header(column: str, language: str = lang.ORIGINAL) -> str:
    """A CSV column name as a table header: 'budget_mln_eur' -> 'Budget (mln euro)',
    'rang_belgie_van_27' -> 'Rang België van 27', 'deelname_pct' -> 'Deelname (%)'."""
    known = HEADER_WORDS[language]
    words_ = str(column).split("_")
    units = []
    while len(words_) > 1 and words_[-1] in UNIT_WORDS:
        units.insert(0, words_.pop())
    text = " ".join(known.get(w, w) for w in words_)
    text = text[:1].upper() + text[1:]
    return f"{text} ({' '.join(known.get(u, u) for u in units)})" if units else text


dutch_header = header
