"""Data downloads that open right: beside every standard CSV, a variant for Excel with Belgian settings.

The standard CSV (`<slug>.csv`: comma separator, decimal point, UTF-8) is what scripts and other
tools read. Excel with Belgian (Dutch or French) regional settings expects a semicolon between
fields and a decimal comma, and recognises UTF-8 only with a byte-order mark; opened there, the
standard file shows every row in one column and turns 21.5 into 215 or a date. The variant
`excel/<slug>-excel.csv` (a subfolder, so that `*.csv` in a figures folder still means the standard
files) holds the same table with those settings.

    write_csv(frame, path)        # writes path and its Excel variant
    write_excel_variant(path)     # the variant of an existing standard CSV (e.g. kerncijfers.csv)
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from .files import write_if_changed as _write_if_changed

EXCEL_DIR = "excel"
EXCEL_SUFFIX = "-excel"
EXCEL_SEPARATOR = ";"
EXCEL_DECIMAL = ","
EXCEL_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark


def excel_path(path: Path | str) -> Path:
    """figures/fig07-x.csv -> figures/excel/fig07-x-excel.csv"""
    path = Path(path)
    return path.parent / EXCEL_DIR / f"{path.stem}{EXCEL_SUFFIX}{path.suffix}"


def is_excel_variant(path: Path | str) -> bool:
    return Path(path).stem.endswith(EXCEL_SUFFIX)


def _excel_bytes(frame: pd.DataFrame) -> bytes:
    text = frame.to_csv(index=False, sep=EXCEL_SEPARATOR, decimal=EXCEL_DECIMAL, lineterminator="\r\n")
    return text.encode(EXCEL_ENCODING)



def write_csv(frame: pd.DataFrame, path: Path | str) -> None:
    """The standard CSV and its Excel variant, from the same table."""
    path = Path(path)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    _write_if_changed(excel_path(path), _excel_bytes(frame))


def write_excel_variant(path: Path | str) -> bool:
    """Write the Excel variant of an existing standard CSV (numbers as pandas reads them); True if
    the file changed. Text columns stay text: a column is numeric only if every value is."""
    path = Path(path)
    frame = pd.read_csv(io.StringIO(path.read_text(encoding="utf-8")), keep_default_na=False,
                        na_values=[""])
    return _write_if_changed(excel_path(path), _excel_bytes(frame))


def read_excel_variant(path: Path | str, text_columns: list[str] | None = None) -> pd.DataFrame:
    """Read a variant as Excel with Belgian settings would: ';' and decimal comma.

    `text_columns` are read as text (e.g. a column of Dutch-formatted labels such as "1,3")."""
    dtype = {c: str for c in (text_columns or [])}
    return pd.read_csv(path, sep=EXCEL_SEPARATOR, decimal=EXCEL_DECIMAL, encoding=EXCEL_ENCODING,
                       dtype=dtype, keep_default_na=False, na_values=[""])
