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
