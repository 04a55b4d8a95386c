"""Editions: one small YAML file per edition names every dataset's vintage and the notebook parameters.

    editions/2026.yml
        edition: "2026"
        title: Editie 2026
        description: ...
        datasets: {dataset-id: vintage, ...}
        parameters: {notebook-stem: {name: value}, ...}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import paths


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
    """Edition names, oldest first."""
    return sorted(p.stem for p in Path(directory).glob("*.yml"))


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
    if isinstance(name, Edition):
        return name
    path = Path(directory) / f"{name}.yml"
    if not path.exists():
        raise EditionError(
            f"{path}: edition '{name}' does not exist (editions: {', '.join(list_editions(directory)) or 'none'})"
        )
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise EditionError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise EditionError(f"{path}: expected a mapping at the top level")
    for key in ("edition", "title", "datasets"):
        if key not in raw:
            raise EditionError(f"{path}: missing key '{key}'")
    if str(raw["edition"]) != path.stem:
        raise EditionError(f"{path}: 'edition: {raw['edition']}' does not match the file name '{path.stem}'")
    datasets = raw["datasets"]
    if not isinstance(datasets, dict) or not datasets:
        raise EditionError(f"{path}: 'datasets' must map dataset ids to vintages")
    params = raw.get("parameters") or {}
    if not isinstance(params, dict) or not all(isinstance(v, dict) for v in params.values()):
        raise EditionError(f"{path}: 'parameters' must map notebook names to mappings of parameters")
    return Edition(
        name=path.stem,
        title=str(raw["title"]),
        description=str(raw.get("description", "")),
        datasets={str(k): str(v) for k, v in datasets.items()},
        parameters=params,
        path=path,
    )
