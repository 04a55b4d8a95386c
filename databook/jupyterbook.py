"""Jupyter Book 1's command line with Sphinx's parallel jobs:

    python -m databook.jupyterbook --jobs N build <book> --path-output <dir> --builder html

Its `build` command has no -j, but its build_sphinx takes `jobs` (Sphinx reads, and for HTML writes,
pages in N processes); this passes it on and otherwise runs `jupyter-book` unchanged.
"""
from __future__ import annotations

import functools
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    jobs = 1
    if args[:1] == ["--jobs"]:
        jobs, args = int(args[1]), args[2:]
    import jupyter_book.sphinx as jb_sphinx
    from jupyter_book.cli.main import main as jupyter_book

    # the build command imports build_sphinx when it runs: it gets this one
    jb_sphinx.build_sphinx = functools.partial(jb_sphinx.build_sphinx, jobs=jobs)
    return jupyter_book.main(args=args, prog_name="jupyter-book", standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main())
