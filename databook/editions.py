"""Editions: one small YAML file per edition names every dataset's vintage and the notebook parameters.

    editions/2026.yml
        edition: "2026"
        title: Editie 2026
        description: ...
        datasets: {dataset-id: vintage, ...}
        parameters: {notebook-stem: {name: value}, ...}
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import edition_schema, paths


class EditionError(ValueError):
    """An edition file is missing or malformed."""


@dataclass(frozen=True)
class Edition:
    name: str
    title: str
    description: str
    datasets: dict[str, str]
    parameters: dict[str, dict] = field(default_factory=dict)
    path: Path | None = None

    def vintage(self, dataset_id: str) -> str:
        try:
            return self.datasets[dataset_id]
        except KeyError:
            raise EditionError(
                f"{self.path}: edition {self.name} names no vintage for dataset '{dataset_id}' "
                f"(add it under 'datasets:'; known: {', '.join(sorted(self.datasets))})"
            ) from None

    def notebook_parameters(self, notebook: str) -> dict:
        return dict(self.parameters.get(notebook, {}))


def list_editions(directory: Path = paths.EDITIONS) -> list[str]:
    """Edition names, oldest first (files whose name is not a valid edition name are not editions)."""
    return sorted(p.stem for p in Path(directory).glob("*.yml") if re.fullmatch(edition_schema.NAME, p.stem))


def newest(directory: Path = paths.EDITIONS) -> str:
    names = list_editions(directory)
    if not names:
        raise EditionError(f"{directory}: no edition files (*.yml)")
    return names[-1]


def previous(name: str, directory: Path = paths.EDITIONS) -> str | None:
    names = list_editions(directory)
    i = names.index(name)
    return names[i - 1] if i > 0 else None


def load_edition(name: str | Edition, directory: Path = paths.EDITIONS) -> Edition:
    """An edition by name: one of the files in `directory`, checked against edition_schema."""
    if isinstance(name, Edition):
        return name
    known = list_editions(directory)
    if str(name) not in known:  # also keeps EDITION=../../x from reading a file elsewhere
        raise EditionError(
            f"{Path(directory).name}/: edition '{name}' does not exist (editions: {', '.join(known) or 'none'})"
        )
    path = Path(directory) / f"{name}.yml"
    raw = edition_schema.read(path, EditionError)
    if str(raw["edition"]) != path.stem:
        raise EditionError(f"{path}: 'edition: {raw['edition']}' does not match the file name '{path.stem}'")
    return Edition(
        name=path.stem,
        title=str(raw["title"]),
        description=str(raw.get("description", "")),
        datasets={str(k): str(v) for k, v in raw["datasets"].items()},
        parameters=raw.get("parameters") or {},
        path=path,
    )
