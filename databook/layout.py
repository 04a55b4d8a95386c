"""Where one edition's build files go, per language.

    layout("2026")          the Dutch edition (the original): _build/editions/2026/...
    layout("2026", "en")    its English translation:        _build/editions/2026/en/...

Every edition writes its figures under _build/ (so that a newer edition never moves them: an edition,
once built, is not executed again because another was added); the Dutch figures and executed
notebooks of the newest edition are copied into figures/ and notebooks/, where they are committed. Published: _build/html/<E>/ (Dutch) and _build/html/<E>/en/ (English), PDFs
_build/pdf/talentstrategie-<E>.pdf and talentstrategie-<E>-en.pdf.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import editions, paths
from .language import LANGUAGES, ORIGINAL  # every edition is built in each; the original in its own folder

__all__ = ["LANGUAGES", "ORIGINAL", "Layout", "layout", "notebooks", "rel"]


@dataclass(frozen=True)
class Layout:
    edition: str
    newest: bool
    language: str = ORIGINAL

    @property
    def original(self) -> bool:
        return self.language == ORIGINAL

    @property
    def root(self) -> Path:
        base = paths.BUILD / "editions" / self.edition
        return base if self.original else base / self.language

    @property
    def figures(self) -> Path:
        return self.root / "figures"

    @property
    def committed(self) -> bool:
        """The newest edition's Dutch outputs are also in the repository (figures/, notebooks/)."""
        return self.newest and self.original

    @property
    def executed(self) -> Path:
        return self.root / "notebooks"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def stage(self) -> Path:
        return self.root / "book"

    @property
    def jb(self) -> Path:
        return self.root / "jb"

    @property
    def site_path(self) -> str:
        """Where this edition in this language is published, relative to the site root."""
        return self.edition if self.original else f"{self.edition}/{self.language}"

    @property
    def pdf_name(self) -> str:
        suffix = "" if self.original else f"-{self.language}"
        return f"talentstrategie-{self.edition}{suffix}.pdf"


def layout(edition: str, language: str = ORIGINAL) -> Layout:
    return Layout(edition, edition == editions.newest(), language)


def notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def rel(path: Path) -> str:
    """A path as the repository shows it (never a machine path in a message)."""
    return path.resolve().relative_to(paths.ROOT).as_posix()
