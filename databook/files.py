"""Files written or copied only when their content changes, so that Sphinx's incremental build and
the build's caches see real changes only."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

# libyaml's safe loader when PyYAML has it: the same result as yaml.safe_load, several times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path):
    """A YAML file, parsed safely (UTF-8); OSError or yaml.YAMLError as yaml.safe_load would raise."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write `content` (text as UTF-8) to `path` unless it holds exactly that; True if written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = Path(path)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def copy_if_changed(src: Path, dst: Path) -> bool:
    """Copy `src` to `dst` unless `dst` holds the same bytes; True if copied."""
    dst = Path(dst)
    if dst.exists() and dst.read_bytes() == Path(src).read_bytes():
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return True
