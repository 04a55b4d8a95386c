"""Rows a notebook needs from a dataset, or an error that says which: the data checks of the notebooks.

    eu = rows.one(lfs, time=2024, geo="EU27")                 # exactly one row (a Series)
    members = rows.complete(lfs, "geo", EU27, time=2024)       # every member state, once
    year = rows.where(lfs, time=2024)                          # at least one row

A filter is `column=value`: equal to the value, in it when it is a list, tuple or set, or for which
a test of the column is true (`rows.starts("Adults")`, `rows.contains("12 months")`). An error (DataRowsError)
names the dataset and its file (`frame.attrs["dataset"]`, which Run.load sets), the filter and what
was expected and found, so a refreshed dataset that lacks a row stops the build with a message, not a
traceback from an empty selection.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


class DataRowsError(ValueError):
    """A dataset lacks the rows a notebook needs (or holds more than one where one is expected)."""


def _name(frame: pd.DataFrame) -> str:
    return frame.attrs.get("dataset", "the data")


def _shown(filters: dict) -> str:
    def one(column, value):
        if callable(value):
            return f"{column} {getattr(value, '__name__', 'passes a test')}"
        if isinstance(value, (list, tuple, set)):
            return f"{column} in {sorted(value, key=str)}"
        return f"{column} = {value!r}"
    return " and ".join(one(c, v) for c, v in filters.items()) or "(no filter)"


def _mask(frame: pd.DataFrame, filters: dict) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in filters.items():
        if column not in frame.columns:
            raise DataRowsError(f"{_name(frame)}: no column '{column}' (columns: {', '.join(map(str, frame.columns))})")
        col = frame[column]
        if callable(value):
            test = value(col)
        elif isinstance(value, (list, tuple, set)):
            test = col.isin(list(value))
        else:
            test = col == value
        mask &= test.fillna(False).astype(bool)
    return mask


def _test(name: str, test):
    test.__name__ = name
    return test


def starts(text: str):
    """A filter: the column's text starts with `text`."""
    return _test(f"starts with {text!r}", lambda column: column.str.startswith(text))


def contains(text: str):
    """A filter: the column's text contains `text` (as it is, not a pattern)."""
    return _test(f"contains {text!r}", lambda column: column.str.contains(text, regex=False))


def where(frame: pd.DataFrame, **filters) -> pd.DataFrame:
    """The rows that pass every filter (a copy, in the dataset's order); DataRowsError if none does,
    naming the values the first filter's column holds."""
    found = frame[_mask(frame, filters)].copy()
    if found.empty:
        column = next(iter(filters), None)
        held = "" if column is None else (
            f" ({column} holds: {', '.join(map(str, sorted(frame[column].dropna().unique(), key=str)))})")
        raise DataRowsError(f"{_name(frame)}: no row where {_shown(filters)}{held}")
    return found


def one(frame: pd.DataFrame, **filters) -> pd.Series:
    """The one row that passes every filter; DataRowsError if none or more than one does."""
    found = frame[_mask(frame, filters)]
    if len(found) != 1:
        raise DataRowsError(f"{_name(frame)}: expected one row where {_shown(filters)}, found {len(found)}")
    return found.iloc[0]


def complete(frame: pd.DataFrame, column: str, codes: Iterable, by: list[str] | None = None,
             **filters) -> pd.DataFrame:
    """The rows (a copy, in the dataset's order) whose `column` is one of `codes`, among those passing
    the filters, holding each code exactly once (in each group of the columns `by`); DataRowsError
    naming the missing or repeated codes otherwise."""
    codes = list(codes)
    found = where(frame, **filters, **{column: codes})
    for key, group in (found.groupby(by, sort=True) if by else [((), found)]):
        counts = group[column].value_counts()
        missing = sorted(set(codes) - set(counts.index))
        repeated = sorted(counts[counts > 1].index)
        if missing or repeated:
            at = f" and {', '.join(f'{c} = {k!r}' for c, k in zip(by, key))}" if by else ""
            raise DataRowsError(f"{_name(frame)}: where {_shown(filters)}{at}: expected each of the {len(codes)} "
                                f"{column} codes once; missing {missing}, repeated {repeated}")
    return found


def agree(computed: pd.DataFrame, published: pd.DataFrame, on: list[str], what: str, column: str = "value",
          tolerance: float = 0.0) -> None:
    """Check that the dataset `published` holds, for the same keys `on`, the `column` of `computed`
    (e.g. a mean of another dataset) within `tolerance`; DataRowsError naming the dataset, `what` it
    should equal and the largest difference or the keys only one of them holds."""
    both = computed[[*on, column]].merge(published[[*on, column]], on=on, how="outer", suffixes=("_computed", ""))
    unmatched = both[both[[f"{column}_computed", column]].isna().any(axis=1)]
    if not unmatched.empty:
        raise DataRowsError(f"{_name(published)}: does not hold {what} for the same rows: "
                            f"{unmatched[on].to_dict('records')[:3]} ...")
    worst = (both[f"{column}_computed"] - both[column]).abs().max()
    if worst > tolerance:
        raise DataRowsError(f"{_name(published)}: {column} does not equal {what} (largest difference {worst:.4f}, "
                            f"more than {tolerance})")


def latest(frame: pd.DataFrame, column: str, **filters):
    """The largest value of `column` among the rows that pass the filters (DataRowsError if none does)."""
    return where(frame, **filters)[column].max()


__all__ = ["DataRowsError", "agree", "complete", "contains", "latest", "one", "starts", "where"]
