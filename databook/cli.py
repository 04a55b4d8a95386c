"""The command line: python -m databook build|validate|new-edition (see databook.build)."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path

from . import build as builder
from . import catalog, data, editions, lock, paths
from . import render as renderer
from .errors import BuildError
from .layout import LANGUAGES
from .newedition import new_edition


def _os_error(exc: OSError) -> str:
    """'cannot write or read <path>: <reason>' for an OSError (shutil.copytree collects them)."""
    filename, reason = exc.filename, exc.strerror
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        _, filename, why = exc.args[0][0]
        reason = re.sub(r"^\[Errno \d+\] ([^:]*).*$", r"\1", str(why), flags=re.S)
    where = Path(filename) if filename is not None else None
    if where is not None and where.is_absolute() and where.is_relative_to(paths.ROOT):
        where = where.relative_to(paths.ROOT)
    return f"cannot write or read {where if where is not None else 'a file'}: {reason or exc}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m databook", description=builder.__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the book (HTML and PDF)")
    b.add_argument("--edition", action="append", default=None,
                   help="edition to build (repeatable); default: $EDITION or every edition")
    b.add_argument("--language", action="append", default=None, choices=LANGUAGES,
                   help="language to build (repeatable); default: every language")
    b.add_argument("--jobs", type=int, default=None, help="parallel notebooks (default: number of cores)")
    b.add_argument("--no-pdf", action="store_true", help="HTML only")
    sub.add_parser("validate", help="validate data/ and every edition, then stop")
    n = sub.add_parser("new-edition", help="start editions/<name>.yml from the newest edition")
    n.add_argument("name", nargs="?", help="the new edition (default: the newest + 1)")
    n.add_argument("--released", type=dt.date.fromisoformat, default=None,
                   help="its release date for CITATION.cff, YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)
    try:
        if args.command == "new-edition":
            print(new_edition(args.name, released=args.released))
            return 0
        if args.command == "validate":
            for name in editions.list_editions():
                data.validate(edition=editions.load_edition(name))
            catalog.require_translated((name, language) for name in editions.list_editions()
                                       for language in LANGUAGES)
            print("data/ and editions are valid")
            return 0
        selected = args.edition or ([os.environ["EDITION"]] if os.environ.get("EDITION") else None)
        languages = tuple(lang for lang in LANGUAGES if lang in (args.language or LANGUAGES))
        with lock.exclusive(paths.BUILD):
            builder.build(selected, jobs=args.jobs, pdf=not args.no_pdf, languages=languages)
    except data.DataError as exc:
        print(f"\nBUILD STOPPED: the data did not pass validation; nothing was published.\n{exc}",
              file=sys.stderr)
        return 2
    except (editions.EditionError, BuildError, renderer.RenderError) as exc:
        print(f"\nBUILD STOPPED: {exc}\nNothing was published.", file=sys.stderr)
        return 1
    except lock.Busy as exc:
        print(f"\nBUILD NOT STARTED: {exc}", file=sys.stderr)
        return 75
    except KeyboardInterrupt:
        print("\nBUILD INTERRUPTED: nothing was published; the last published book is unchanged.",
              file=sys.stderr)
        return 130
    except OSError as exc:  # a read-only or full _build/, a file that went away ...
        print(f"\nBUILD STOPPED: {_os_error(exc)}. Nothing was published; the last published book is "
              "unchanged.", file=sys.stderr)
        return 1
    return 0
