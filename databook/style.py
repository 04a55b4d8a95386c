"""House style for every chart: one font, a colour-blind-safe palette, numbers through databook.language.

Fonts: DejaVu Sans ships with matplotlib, so every machine draws the same glyphs and the
files stay byte-identical. Palette: Okabe & Ito (2008), safe for the common forms of
colour blindness. Numbers: databook.language (babel): 1.332,6 and 95,0 % in Dutch.
"""
from __future__ import annotations

import math
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from . import language as lang  # noqa: E402

NBSP = "\u00a0"

# Okabe-Ito, ordered for use; names say what the book uses them for.
PALETTE = {
    "blue": "#0072B2",       # Belgium / main series
    "orange": "#E69F00",     # second series
    "green": "#009E73",
    "vermillion": "#D55E00",  # Flanders / highlight
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#7F7F7F",       # context: other countries
    "black": "#000000",
}
SERIES = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple")]
TEXT = "#1A1A1A"
MUTED = "#4D4D4D"  # contrast 8.5:1 on white (WCAG AA needs 4.5:1)

FIG_WIDTH = 6.3  # inches: the text width of an A4 page
RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9.5,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=SERIES),
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#D9D9D9",
    "grid.linewidth": 0.6,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    "svg.fonttype": "path",
    "svg.hashsalt": "talentstrategie",
    "pdf.fonttype": 42,
    "path.simplify": False,
    "text.parse_math": False,  # a "$" in a label is a dollar sign, never mathematics
}


def apply() -> None:
    """Set the house style for all following figures."""
    plt.rcdefaults()
    plt.rcParams.update(RC)


def number(value: float, decimals: int = 0, language: str = lang.ORIGINAL) -> str:
    """A number for a reader (databook.language.number): 1332.6 -> '1.332,6' in Dutch."""
    return lang.number(value, decimals, language)


def decimals(value: float, most: int = 3) -> int:
    """The fewest decimals, at most `most`, that show `value` as it is stored: 129 -> 0, 1332.6 -> 1,
    0.25 -> 2 (a difference below 1e-9, float noise, is ignored); `most` when none is enough."""
    return next((n for n in range(most) if math.isclose(value, round(value, n), rel_tol=0, abs_tol=1e-9)),
                most)


def percent(value: float, decimals: int = 1, language: str = lang.ORIGINAL) -> str:
    """A percentage for a reader (databook.language.percent): 95.0 -> '95,0 %' in Dutch."""
    return lang.percent(value, decimals, language)


def axis_number(decimals: int = 0, suffix: str = "", language: str = lang.ORIGINAL) -> FuncFormatter:
    """A tick formatter that writes numbers for a reader of `language` (with an optional suffix)."""
    return FuncFormatter(lambda x, _pos: lang.number(x, decimals, language) + suffix)


def figure(height: float = 3.6, **kwargs):
    """A new figure in the house size; returns (fig, ax) like plt.subplots."""
    apply()
    return plt.subplots(figsize=(FIG_WIDTH, height), **kwargs)


def source_note(fig, text: str, width: int = 110) -> None:
    """The source line printed under the chart (below every label), so a downloaded image carries
    its source. Call it when the chart is complete."""
    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)  # inches, including labels outside the axes
    fig_w, fig_h = fig.get_size_inches()
    fig.text(box.x0 / fig_w, (box.y0 - 0.12) / fig_h, textwrap.fill(text, width=width),
             ha="left", va="top", fontsize=7.5, color=MUTED, transform=fig.transFigure)


def _luminance(colour: str) -> float:
    rgb = matplotlib.colors.to_rgb(colour)
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def ink(colour: str, background: str = "#FFFFFF", ratio: float = 4.5) -> str:
    """The colour darkened just enough to be readable as text on `background` (WCAG AA)."""
    r, g, b = matplotlib.colors.to_rgb(colour)
    for step in range(21):
        f = 1 - step * 0.05
        candidate = matplotlib.colors.to_hex((r * f, g * f, b * f))
        if contrast(candidate, background) >= ratio:
            return candidate.upper()
    return TEXT


def ink_on(fill: str) -> str:
    """Black or white, whichever reads best on a filled area of colour `fill`."""
    return "#FFFFFF" if contrast("#FFFFFF", fill) >= contrast("#000000", fill) else "#000000"
