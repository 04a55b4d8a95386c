"""The words of a notebook's outputs, beside the notebook: `notebooks/<stem>.meta.yml`.

One section per language (`nl:`, `en:`), with the same keys in each. A value is a Jinja2 template
filled with the notebook's computed values; a mapping or list holds more of them:

    nl:
      title: Deelname aan opleiding in de EU
      caption: "In {{ year }} nam {{ share | percent(1) }} deel; {{ country | country }} ..."
      facts:
        deelname_be: Deelname aan opleiding, België, {{ year }}      # the fact's label
        opbrengst_zin: {label: Opbrengst (zin), text: "bijna {{ value | number(0) }}"}
    en:
      ...

Filters (formatting for the section's language, through databook.language):
  number(decimals=0), percent(decimals=1), country (Eurostat code -> name), signed (a '+' before a
  positive number's text: `{{ rate | percent(1) | signed(rate) }}`).
A template that uses a value the notebook did not pass fails (StrictUndefined), naming the file,
language and key.

The data's own texts (category names, group names, quotes from the paper) are Dutch, the original.
A translation's section may hold them under `translations:`, per column, keyed by the Dutch text:

    en:
      translations:
        category: {Helemaal geen verandering: No change at all, Niet erg snel: Not very quickly}

`Words.translate(column, text)` gives the Dutch text itself in Dutch and its translation otherwise; a
Dutch text without a translation (new or changed data) fails, naming file, language, column and text,
so a translation never silently falls behind its data. `translations` is the one key that only
translations have (`keys` leaves it out).

Beside the language sections, an optional `facts:` section says, once for every language, how each
key number that `Run.facts` publishes is written and where it comes from (its label stays per
language, at `facts.<key>` of each section):

    facts:  # language-neutral, in the order of publication (kerncijfers.csv)
      eu_doel_2030: {unit: "%", decimals: 0, status: source, dataset: eu-2030-targets}
      referentiejaar: {status: source, dataset: lfs-participation-12m}   # no decimals: a year, as is
      eu_index: {decimals: 1, status: computed, dataset: [esi-scores, esi-eu27-mean]}

`unit` ('%' writes a percentage; default none), `decimals` (omitted: the value is a year, written as
is), `status` (computed, source or paper), `dataset` (the id, or ids, of the data it comes from).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from . import language as lang
from . import paths
from .files import read_yaml

NOTEBOOKS = paths.ROOT / "notebooks"


class WordsError(ValueError):
    """A notebook's words file is missing, malformed or lacks a key."""


def path(stem: str) -> Path:
    return NOTEBOOKS / f"{stem}.meta.yml"


def _defined(value):
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()  # raises UndefinedError naming the value
    return value


def _environment(language: str) -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters["number"] = lambda v, decimals=0: lang.number(_defined(v), decimals, language)
    env.filters["percent"] = lambda v, decimals=1: lang.percent(_defined(v), decimals, language)
    env.filters["country"] = lambda code: lang.country_name(_defined(code), language)
    env.filters["signed"] = lambda text, value: ("+" if _defined(value) > 0 else "") + str(text)
    return env


def load_raw(stem: str) -> dict:
    """The whole words file of a notebook ({language: {...}}); WordsError if it cannot be read."""
    file = path(stem)
    shown = f"notebooks/{file.name}"
    if not file.exists():
        raise WordsError(f"{shown}: missing (the words of notebook {stem}, one section per language: "
                         f"{', '.join(lang.LANGUAGES)})")
    try:
        raw = read_yaml(file)
    except yaml.YAMLError as exc:
        raise WordsError(f"{shown}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or sorted(k for k in raw if k != FACTS) != sorted(lang.LANGUAGES):
        found = ", ".join(map(str, raw)) if isinstance(raw, dict) else type(raw).__name__
        raise WordsError(f"{shown}: expected one section per language ({', '.join(lang.LANGUAGES)}) and "
                         f"optionally '{FACTS}', found {found}")
    return raw


FACTS = "facts"  # the top-level section of the key numbers' language-neutral spec
FACT_STATUSES = ("computed", "source", "paper")
FACT_FIELDS = {"unit", "decimals", "status", "dataset"}


@dataclass(frozen=True)
class FactSpec:
    """How one key number is written (unit, decimals; None: a year, as is) and where it comes from."""
    key: str
    unit: str
    decimals: int | None
    status: str
    datasets: tuple[str, ...]


def fact_specs(stem: str) -> dict[str, FactSpec]:
    """The `facts:` section of a notebook's words file, checked, in its order ({} if it has none);
    WordsError naming the file and key for an unknown field, a bad unit, decimals, status or dataset."""
    shown = f"notebooks/{path(stem).name}"
    section = load_raw(stem).get(FACTS)
    if section is None:
        return {}
    if not isinstance(section, dict):
        raise WordsError(f"{shown}: '{FACTS}' must map each key number to its unit, decimals, status and "
                         f"dataset, found {type(section).__name__}")
    specs = {}
    for key, spec in section.items():
        where = f"{shown}: {FACTS}.{key}"
        if not isinstance(spec, dict):
            raise WordsError(f"{where}: expected a mapping with {sorted(FACT_FIELDS)}, found {spec!r}")
        if unknown := sorted(set(spec) - FACT_FIELDS):
            raise WordsError(f"{where}: unknown field(s) {unknown}; expected {sorted(FACT_FIELDS)}")
        unit, decimals, status = spec.get("unit", ""), spec.get("decimals"), spec.get("status")
        dataset = spec.get("dataset")
        datasets = tuple(dataset) if isinstance(dataset, list) else (dataset,)
        if not isinstance(unit, str):
            raise WordsError(f"{where}: unit must be a text such as '%', not {unit!r}")
        if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0):
            raise WordsError(f"{where}: decimals must be a whole number of 0 or more (omitted: a year), "
                             f"not {decimals!r}")
        if status not in FACT_STATUSES:
            raise WordsError(f"{where}: status must be one of {', '.join(FACT_STATUSES)}, not {status!r}")
        if not datasets or not all(isinstance(d, str) and d.strip() for d in datasets):
            raise WordsError(f"{where}: dataset must name the dataset (or a list of datasets) the number "
                             f"comes from, not {dataset!r}")
        specs[str(key)] = FactSpec(str(key), unit, decimals, status, datasets)
    return specs


TRANSLATIONS = "translations"


def keys(tree, prefix: str = "") -> set[str]:
    """The dotted keys of every template in a section: {'title', 'facts.deelname_be', ...} (the data's
    translations, which only translations have, left out)."""
    if isinstance(tree, dict) and not prefix:
        tree = {k: v for k, v in tree.items() if k != TRANSLATIONS}
    if isinstance(tree, dict):
        return set().union(*(keys(v, f"{prefix}{k}.") for k, v in tree.items())) if tree else set()
    if isinstance(tree, list):
        return set().union(*(keys(v, f"{prefix}{i}.") for i, v in enumerate(tree))) if tree else set()
    return {prefix.rstrip(".")}


class Words:
    """The words of one notebook in one language: `words(key, **values)` fills the template at a
    dotted key ('title', 'facts.deelname_be', 'labels.demand'); a mapping or list of templates
    comes back as a dict or list of filled texts."""

    def __init__(self, stem: str, language: str):
        self.stem = stem
        self.language = lang.check(language)
        self.file = f"notebooks/{path(stem).name}"
        self.tree = load_raw(stem)[language] or {}
        if self.language == lang.ORIGINAL and TRANSLATIONS in self.tree:
            raise WordsError(f"{self.file}: the section '{self.language}' is the original: it has no "
                             f"'{TRANSLATIONS}'")
        self._env = _environment(language)
        self._templates: dict[str, jinja2.Template] = {}

    def has(self, key: str) -> bool:
        try:
            self._find(key)
        except WordsError:
            return False
        return True

    def _find(self, key: str):
        node = self.tree
        for part in key.split("."):
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise WordsError(f"{self.file}: no '{key}' in the section '{self.language}'")
        return node

    def _fill(self, key: str, node, values: dict):
        if isinstance(node, dict):
            return {k: self._fill(f"{key}.{k}", v, values) for k, v in node.items()}
        if isinstance(node, list):
            return [self._fill(f"{key}.{i}", v, values) for i, v in enumerate(node)]
        if node is None:
            raise WordsError(f"{self.file}: '{key}' in the section '{self.language}' is empty")
        try:
            return self._template(str(node)).render(**values)
        except (jinja2.TemplateError, TypeError, ValueError) as exc:
            raise WordsError(f"{self.file}: '{key}' in the section '{self.language}': {exc}") from None

    def _template(self, text: str) -> jinja2.Template:
        """The compiled template of a text (compiled once: a tick label is filled for every tick)."""
        if text not in self._templates:
            self._templates[text] = self._env.from_string(text)
        return self._templates[text]

    def __call__(self, key: str, **values):
        return self._fill(key, self._find(key), values)

    def translate(self, column: str, text):
        """A text of the data's `column` in this language: itself in Dutch (the original) or when empty,
        else its translation under `translations.<column>` (WordsError if there is none)."""
        if self.language == lang.ORIGINAL or not isinstance(text, str) or not text.strip():
            return text
        table = (self.tree.get(TRANSLATIONS) or {}).get(column) or {}
        if text not in table:
            raise WordsError(f"{self.file}: no translation of {text!r} (data column '{column}') in the "
                             f"section '{self.language}' under '{TRANSLATIONS}.{column}'")
        return str(table[text]).strip()
