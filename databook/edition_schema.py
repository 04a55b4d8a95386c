"""What an edition file (editions/<name>.yml) may hold, checked before anything runs.

    read(path)   the file's mapping, or EditionError naming the file and the line:
                 - YAML without anchors or aliases (no alias bombs), at most MAX_BYTES;
                 - the JSON Schema below: no unknown keys, the right types, values in range;
                 - every parameter name is one of the notebook's `parameters` cell (a misspelt
                   `reference_yaer` is an error, not ignored), never `edition` or `output_dir`.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path

import jsonschema
import yaml

from . import paths, textsafe

MAX_BYTES = 64_000
NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$"        # an edition (and its file name)
ID = r"^[a-z0-9][a-z0-9-]{0,80}$"                  # a dataset id or a notebook stem
VINTAGE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$"
IDENTIFIER = r"^[a-z_][a-z0-9_]{0,40}$"            # a Python name: nothing else reaches Papermill
RESERVED = ("edition", "output_dir", "language")   # injected by the build itself

_YEAR = {"type": "integer", "minimum": 1950, "maximum": 2100}
_GROWTH = {"type": ["number", "null"], "minimum": -50, "maximum": 50}

_NOTEBOOK = {
    "type": "object",
    "propertyNames": {"pattern": IDENTIFIER},
    "additionalProperties": {"type": ["number", "string", "boolean", "array", "null"]},
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["edition", "title", "datasets"],
    "properties": {
        "edition": {"type": "string", "pattern": NAME},
        "title": {"type": "string", "minLength": 1, "maxLength": 120},
        "description": {"type": "string", "maxLength": 2000},
        "datasets": {
            "type": "object", "minProperties": 1,
            "propertyNames": {"pattern": ID},
            "additionalProperties": {"type": "string", "pattern": VINTAGE},
        },
        "parameters": {
            "type": "object",
            "propertyNames": {"pattern": ID},
            "additionalProperties": _NOTEBOOK,
            # ranges of the parameters the notebooks have today
            "properties": {
                "fig01-groei-productiviteit": {**_NOTEBOOK, "properties": {"periods": {
                    "type": "array", "minItems": 1, "maxItems": 20,
                    "items": {"type": "array", "items": _YEAR, "minItems": 2, "maxItems": 2}}}},
                "fig02-stem-aanwervingen": {**_NOTEBOOK, "properties": {
                    name: _GROWTH for name in ("growth_master_demand", "growth_master_supply",
                                               "growth_bachelor_demand", "growth_bachelor_supply")}},
                "fig04-opleidingsdeelname-eu": {**_NOTEBOOK, "properties": {"reference_year": {**_YEAR, "minimum": 2000}}},
                "tab02-sectorfondsen": {**_NOTEBOOK, "properties": {
                    "wage_bill_bn": {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 10000},
                    "contribution_rate": {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 0.1}}},
            },
        },
    },
}


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases: an edition file never needs them, and a few
    nested aliases make gigabytes (a 'billion laughs')."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.YAMLError(f"line {event.start_mark.line + 1}: YAML anchors and aliases (&, *) are not "
                                 "accepted in an edition file; write the values out")
        return super().compose_node(parent, index)


def _line(node, path) -> int | None:
    """The line (1-based) of the value at `path` (a jsonschema error path) in the YAML node tree."""
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if k.value == str(part)]
            if not match:
                break
            node = match[0][1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    return node.start_mark.line + 1 if node is not None else None


def _key_line(node, path) -> int | None:
    """The line of the key at the end of `path` (for an unknown or misspelt key)."""
    *parent, last = path
    for part in parent:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((v for k, v in node.value if k.value == str(part)), None)
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == str(last):
                return k.start_mark.line + 1
    return None


def notebook_parameters(stem: str) -> dict | None:
    """The names and defaults of a notebook's `parameters` cell; None if there is no such notebook."""
    nb_path = paths.NOTEBOOKS / f"{stem}.ipynb"
    if not nb_path.exists():
        return None
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    out = {}
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            for stmt in ast.parse("".join(cell.get("source", []))).body:
                if isinstance(stmt, ast.Assign):
                    for target in stmt.targets:
                        if isinstance(target, ast.Name):
                            out[target.id] = ast.literal_eval(stmt.value)
    return out


def read(path: Path, error) -> dict:
    """The edition file's content, checked; `error` is the exception class to raise."""
    shown = path.relative_to(paths.ROOT).as_posix() if path.is_relative_to(paths.ROOT) else str(path)
    if path.stat().st_size > MAX_BYTES:
        raise error(f"{shown}: {path.stat().st_size} bytes; an edition file has at most {MAX_BYTES}")
    loader = _NoAliasLoader(path.read_text(encoding="utf-8"))
    try:
        node = loader.get_single_node()
        raw = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        raise error(f"{shown}: not a valid edition file: {exc}") from None
    finally:
        loader.dispose()
    problems = []
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for err in sorted(validator.iter_errors(raw), key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        where = list(err.absolute_path)
        line = _line(node, where)
        if err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            for key in extra:
                line = _key_line(node, [*where, key]) or line
                problems.append((line, f"unknown key '{key}'" + (f" under '{'.'.join(map(str, where))}'" if where else "")
                                 + f" (allowed: {', '.join(err.schema.get('properties', {}))})"))
            continue
        if err.validator == "propertyNames":
            key = err.instance
            line = _key_line(node, [*where, key]) or line
            problems.append((line, f"'{key}' under '{'.'.join(map(str, where))}' is not an allowed name "
                                   f"({err.message})"))
            continue
        field = ".".join(map(str, where)) or "(top level)"
        problems.append((line, f"'{field}': {err.message}"))
    if isinstance(raw, dict):
        for key in ("title", "description"):
            if isinstance(raw.get(key), str):
                problems += [(_line(node, [key]), f"'{key}' {msg}") for msg in textsafe.text_problems(raw[key])]
    if not problems and isinstance(raw, dict):
        for stem, params in (raw.get("parameters") or {}).items():
            known = notebook_parameters(stem)
            if known is None:
                problems.append((_key_line(node, ["parameters", stem]),
                                 f"parameters for notebook '{stem}', which does not exist in notebooks/"))
                continue
            for name in params:
                line = _key_line(node, ["parameters", stem, name])
                if name in RESERVED:
                    problems.append((line, f"'{name}' is set by the build, not by an edition"))
                elif name not in known:
                    allowed = [k for k in known if k not in RESERVED]
                    problems.append((line, f"notebook '{stem}' has no parameter '{name}' "
                                           f"(its parameters: {', '.join(allowed) or 'none'})"))
    if problems:
        raise error(f"{shown}: {len(problems)} problem(s):\n" + "\n".join(
            f"  {shown}, line {line}: {msg}" if line else f"  {shown}: {msg}" for line, msg in problems))
    return raw
