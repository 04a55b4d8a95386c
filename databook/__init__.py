"""databook: the shared code of the talent-strategy book.

Notebooks use `Run` (load data, publish key numbers, check claims, export figures);
the build uses `databook.build` (validate, execute, stage, render, publish; command line: databook.cli). See README.md.
"""


def __getattr__(name):  # imported on first use, so `import databook.style` stays light
    if name in ("Run", "ClaimError", "dutch_table"):
        from . import run
        return getattr(run, name)
    raise AttributeError(name)
