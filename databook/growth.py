"""Average annual growth between two years of a series, as the notebooks compute it."""
from __future__ import annotations

import numpy as np
import pandas as pd


def annual_growth(series: pd.Series, start: int, end: int) -> tuple[float, float]:
    """(geometric, logarithmic) average annual growth of `series` (indexed by year) from `start` to
    `end`, in %: 100 * ((b / a) ** (1 / years) - 1) and 100 * ln(b / a) / years."""
    a, b = series[start], series[end]
    return 100 * ((b / a) ** (1 / (end - start)) - 1), 100 * np.log(b / a) / (end - start)
