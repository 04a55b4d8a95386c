"""Where things live in the repository. Every other module takes its paths from here."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
EDITIONS = ROOT / "editions"
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"

RECORDS = "_meta"  # in a figures folder: what each notebook read and published (written by Run.finish)


def notebook_record(figures_dir: Path, notebook: str) -> Path:
    """The record a notebook writes into its output folder, which the build reads."""
    return Path(figures_dir) / RECORDS / f"{notebook}.json"
