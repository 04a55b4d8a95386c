"""The rows a notebook needs from a dataset, or an error that says which are missing: the dataset's
file, the filter and what was expected (never a bare KeyError or an empty result drawn as nothing).

    from databook import rows
    row = rows.one(stated, id="niet_deelnemers_geen_leernood", unit="%")     # one row (a Series)
    found = rows.where(vdab, expected=3, indicator=[...], period="2022")     # exactly 3 rows
    rate = rows.keyed(rates, ["panel", "series"], "annual_growth", expected=[(p, s), ...])

    members = rows.complete(lfs, "geo", EU27, time=2024)                     # every member state, once
    rows.agree(computed_means, eu_mean, ["component", "release_year"], what="the mean of ...", tolerance=0.002)

A condition is `column=value`, `column=[values]` for any of them, or a test of the column
(`rows.starts("Adults")`, `rows.contains("12 months")`). The frame names its file when it came from
`databook.data.load` (which records the dataset and file in `frame.attrs`).
"""
from __future__ import annotations

import math

import pandas as pd


class RowsError(ValueError):
    """A dataset lacks rows a notebook needs, or has more than it expects."""


def describe(frame: pd.DataFrame) -> str:
    """'data/vdab/2025/x.csv (dataset vdab-...)' for a frame from data.load, else 'the data'."""
    file, dataset = frame.attrs.get("file"), frame.attrs.get("dataset")
    if file and dataset:
        return f"{file} (dataset {dataset})"
    return file or dataset or "the data"


def _condition(conditions: dict) -> str:
    return " and ".join(f"{column} {getattr(value, '__name__', 'passes a test')}" if callable(value)
                        else f"{column} in {list(value)}" if isinstance(value, (list, tuple, set))
                        else f"{column} = {value!r}" for column, value in conditions.items()) or "(all rows)"


def _test(name: str, test):
    test.__name__ = name
    return test


def starts(text: str):
    """A condition: the column's text starts with `text`."""
    return _test(f"starts with {text!r}", lambda column: column.str.startswith(text))


def contains(text: str):
    """A condition: the column's text contains `text` (as it is, not a pattern)."""
    return _test(f"contains {text!r}", lambda column: column.str.contains(text, regex=False))


def _matching(frame: pd.DataFrame, conditions: dict) -> pd.DataFrame:
    missing = [c for c in conditions if c not in frame.columns]
    if missing:
        raise RowsError(f"{describe(frame)}: no column {missing} (columns: {list(frame.columns)})")
    mask = pd.Series(True, index=frame.index)
    for column, value in conditions.items():
        mask &= (value(frame[column]).fillna(False).astype(bool) if callable(value)
                 else frame[column].isin(list(value)) if isinstance(value, (list, tuple, set))
                 else frame[column] == value)
    return frame[mask]


def where(frame: pd.DataFrame, expected: int | None = None, **conditions) -> pd.DataFrame:
    """The rows of `frame` matching every condition: exactly `expected` of them, or at least one."""
    found = _matching(frame, conditions)
    if (len(found) != expected) if expected is not None else found.empty:
        wanted = f"{expected} row(s)" if expected is not None else "at least one row"
        raise RowsError(f"{describe(frame)}: expected {wanted} where {_condition(conditions)}, found {len(found)}")
    return found


def one(frame: pd.DataFrame, **conditions) -> pd.Series:
    """The one row of `frame` matching every condition (RowsError if none or several)."""
    return where(frame, 1, **conditions).iloc[0]


def keyed(frame: pd.DataFrame, keys: list[str], column: str, expected) -> pd.Series:
    """`column` indexed by the `keys` columns; the keys must be exactly `expected` (tuples, or values for
    one key), each once: no key missing, none extra, none twice."""
    series = frame.set_index(keys if len(keys) > 1 else keys[0])[column]
    wanted = list(expected)
    found = list(series.index)
    if sorted(map(str, found)) != sorted(map(str, wanted)) or len(set(found)) != len(found):
        lacking = [k for k in wanted if k not in found]
        extra = [k for k in found if k not in wanted]
        raise RowsError(f"{describe(frame)}: expected one row per {tuple(keys)} of {wanted}; "
                        f"missing {lacking}, unexpected {extra}, {len(found)} row(s) in all")
    return series


def check_total(frame: pd.DataFrame, parts: float, column: str = "value", **conditions) -> None:
    """If `frame` has a row matching the conditions (a stated total), its `column` must equal `parts`
    (the sum of its parts, to rounding); RowsError otherwise. No such row: nothing to check."""
    found = _matching(frame, conditions)
    if len(found) > 1:
        raise RowsError(f"{describe(frame)}: expected at most one total where {_condition(conditions)}, found {len(found)}")
    if len(found) and not math.isclose(float(found[column].iloc[0]), float(parts), rel_tol=1e-9, abs_tol=1e-9):
        raise RowsError(f"{describe(frame)}: the parts add up to {parts:g}, the total where {_condition(conditions)} "
                        f"is {found[column].iloc[0]:g}")


def complete(frame: pd.DataFrame, column: str, codes, by: list[str] | None = None, **conditions) -> pd.DataFrame:
    """The rows (a copy, in the dataset's order) whose `column` is one of `codes`, among those matching
    the conditions, holding each code exactly once (in each group of the columns `by`); RowsError
    naming the missing or repeated codes otherwise."""
    codes = list(codes)
    found = where(frame, **conditions, **{column: codes}).copy()
    for key, group in (found.groupby(by, sort=True) if by else [((), found)]):
        counts = group[column].value_counts()
        missing, repeated = sorted(set(codes) - set(counts.index)), sorted(counts[counts > 1].index)
        if missing or repeated:
            at = "".join(f" and {c} = {k!r}" for c, k in zip(by or [], key if isinstance(key, tuple) else (key,)))
            raise RowsError(f"{describe(frame)}: where {_condition(conditions)}{at}: expected each of the "
                            f"{len(codes)} {column} codes once; missing {missing}, repeated {repeated}")
    return found


def latest(frame: pd.DataFrame, column: str, **conditions):
    """The largest value of `column` among the rows matching the conditions (RowsError if none does)."""
    return where(frame, **conditions)[column].max()


def agree(computed: pd.DataFrame, published: pd.DataFrame, on: list[str], what: str, column: str = "value",
          tolerance: float = 0.0) -> None:
    """Check that the dataset `published` holds, for the same keys `on`, the `column` of `computed`
    (e.g. a mean of another dataset) within `tolerance`; RowsError naming the dataset, `what` it
    should equal and the largest difference, or the keys only one of them holds."""
    both = computed[[*on, column]].merge(published[[*on, column]], on=on, how="outer", suffixes=("_computed", ""))
    unmatched = both[both[[f"{column}_computed", column]].isna().any(axis=1)]
    if not unmatched.empty:
        raise RowsError(f"{describe(published)}: does not hold {what} for the same rows "
                        f"({len(unmatched)} differ, e.g. {unmatched[on].to_dict('records')[:3]})")
    worst = (both[f"{column}_computed"] - both[column]).abs().max()
    if worst > tolerance:
        raise RowsError(f"{describe(published)}: {column} does not equal {what} (largest difference "
                        f"{worst:.4f}, more than {tolerance})")
