"""`python -m databook new-edition`: start the next edition from the newest one."""
from __future__ import annotations

from pathlib import Path

from . import editions, paths
from .layout import rel


def new_edition(name: str | None = None, directory: Path = paths.EDITIONS) -> str:
    """Copy the newest edition file to a new one, bump CITATION.cff and the changelog; says what next."""
    last = editions.newest(directory)
    name = name or str(int(last) + 1)
    target = Path(directory) / f"{name}.yml"
    if target.exists():
        raise editions.EditionError(f"{target} exists already")
    text = (Path(directory) / f"{last}.yml").read_text(encoding="utf-8")
    text = text.replace(f'edition: "{last}"', f'edition: "{name}"', 1)
    text = text.replace(f"title: Editie {last}", f"title: Editie {name}", 1)
    target.write_text(text, encoding="utf-8")
    citation = paths.ROOT / "CITATION.cff"
    if citation.exists() and Path(directory) == paths.EDITIONS:
        cff = citation.read_text(encoding="utf-8")
        citation.write_text(cff.replace(f'version: "{last}"', f'version: "{name}"'), encoding="utf-8")
        changelog = paths.ROOT / "CHANGELOG.md"
        log_text = changelog.read_text(encoding="utf-8")
        head, sep, rest = log_text.partition("\n## ")
        changelog.write_text(f"{head}\n## Editie {name} (in voorbereiding)\n\n- Nieuwe editie, "
                             f"gestart van editie {last}.\n{sep}{rest}", encoding="utf-8")
    return (f"Created {rel(target) if target.is_relative_to(paths.ROOT) else target} from edition {last}.\n"
            f"Next: put new vintages under data/<source>/<vintage>/, describe them in data/datapackage.json,\n"
            f"name them in {target.name} (datasets:, parameters:), then: EDITION={name} ./book.sh build\n"
            f"and read the page 'Wat is er veranderd' of the new edition.")
