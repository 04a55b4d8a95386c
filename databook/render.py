"""Render one edition's staged book: HTML, then LaTeX, then PDF; each step keyed on content.

Every step writes `<step>.key` next to its output (in _build/editions/<E>/jb/) holding the digest
of what it rendered (the staged book and the code that renders it: the book's Sphinx extensions and
assets in databook/ and the pinned packages), and only after the step succeeded; the key is removed
before the step starts. When that code changed, Sphinx's own cache is dropped first: Sphinx does not
notice a changed extension and would keep the pages it rendered before. So after a failed, interrupted or partial build (`--no-pdf`) the next build renders
exactly what is stale, and `publish` pairs an HTML and a PDF only when their keys are equal.

The build is strict: any Sphinx, MyST or myst-nb warning (an unresolved glue key, a missing include
or figure, a broken cross-reference, a duplicate label ...) fails the step, naming the page.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from . import paths

PDF_PAGES = (10, 2000)  # a PDF outside this range of pages is not the book
STEPS = ("html", "latex", "pdf")
_WARNING = re.compile(r"\b(WARNING|ERROR|SEVERE|CRITICAL)\b:?")
# '<path>:<line>: WARNING: ...' or '<path>: WARNING: ...'
_LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+))?(?::\w+)?: (?P<level>WARNING|ERROR|SEVERE|CRITICAL)")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class RenderError(RuntimeError):
    """A render step failed; the message says which page and why."""


def toolchain_digest() -> str:
    """The code that renders a staged book: the databook package (extensions, templates, assets), the
    words its extensions write (locales/build-words.yml) and the pinned packages (requirements.txt)."""
    h = hashlib.sha256()
    package = paths.ROOT / "databook"
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for f in [*files, paths.ROOT / "locales" / "build-words.yml", paths.ROOT / "requirements.txt"]:
        if f.exists():
            h.update(f.relative_to(paths.ROOT).as_posix().encode() + b"\x00")
            h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def stage_digest(stage: Path) -> str:
    """The content of the staged book: every file's path and bytes (not the .mo files Sphinx itself
    compiles beside a staged .po catalogue while it renders: the .po is in the digest)."""
    h = hashlib.sha256()
    for f in sorted(p for p in stage.rglob("*") if p.is_file() and p.suffix != ".mo"):
        h.update(f.relative_to(stage).as_posix().encode() + b"\x00")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def key(jb: Path, step: str) -> str | None:
    try:
        return (jb / f"{step}.key").read_text().strip()
    except OSError:
        return None


def html_dir(jb: Path) -> Path:
    return jb / "_build" / "html"


def latex_dir(jb: Path) -> Path:
    return jb / "_build" / "latex"


def pdf_file(jb: Path) -> Path:
    return latex_dir(jb) / "talentstrategie.pdf"


def _output(jb: Path, step: str) -> Path:
    return {"html": html_dir(jb) / "index.html", "latex": latex_dir(jb) / "talentstrategie.tex",
            "pdf": pdf_file(jb)}[step]


def is_current(jb: Path, step: str, digest: str) -> bool:
    return key(jb, step) == digest and _output(jb, step).exists()


def _page(location: str, stage: Path) -> str:
    """A warning's file as a page of the book (chapters/02-productiviteit.md), not a machine path."""
    try:
        return Path(location).resolve().relative_to(stage.resolve()).as_posix()
    except ValueError:
        return location


def warnings_in(output: str, stage: Path) -> list[str]:
    """Sphinx/MyST/myst-nb warnings and errors in a jupyter-book run's output, one line each."""
    found = []
    for line in _ANSI.sub("", output).splitlines():
        if not _WARNING.search(line):
            continue
        m = _LOCATED.match(line)
        if m:
            rest = line[m.end():].lstrip(": ")
            where = _page(m.group("file"), stage) + (f", line {m.group('line')}" if m.group("line") else "")
            found.append(f"{where}: {m.group('level')}: {rest}")
        else:
            found.append(line.strip())
    return list(dict.fromkeys(found))


def _touch_pages(found: list[str], stage: Path) -> bool:
    """Make Sphinx read the pages that warned again next time (its cache would hide the warning).
    Returns False when a warning names no page of the book (then the whole cache must go)."""
    all_found = True
    for line in found:
        page = line.split(",", 1)[0].split(":", 1)[0]
        f = stage / page
        if f.is_file():
            os.utime(f)
        else:
            all_found = False
    return all_found


def _jupyter_book(stage: Path, jb: Path, builder: str, log) -> None:
    exe = Path(sys.executable).parent / "jupyter-book"
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT)}
    proc = subprocess.run([str(exe), "build", str(stage), "--path-output", str(jb), "--builder", builder],
                          capture_output=True, text=True, errors="replace", env=env, stdin=subprocess.DEVNULL)
    out = proc.stdout + proc.stderr
    found = warnings_in(out, stage)
    if found and not _touch_pages(found, stage):
        shutil.rmtree(jb / "_build" / ".doctrees", ignore_errors=True)
    if proc.returncode != 0 and not found:
        tail = "\n".join(out.strip().splitlines()[-15:])
        raise RenderError(f"jupyter-book ({builder}) failed:\n{tail}")
    if found:
        shown = found[:30] + ([f"... {len(found)} problems in all"] if len(found) > 30 else [])
        raise RenderError(f"the {builder} build has {len(found)} warning(s); the build is strict, fix each:\n  "
                          + "\n  ".join(shown))


def _latexmk(jb: Path, log) -> None:
    """LaTeX -> PDF with latexmk (Sphinx's Makefile), from a clean latexmk state."""
    out_dir = latex_dir(jb)
    for stale in [*out_dir.glob("*.fdb_latexmk"), *out_dir.glob("*.fls"), pdf_file(jb)]:
        stale.unlink(missing_ok=True)  # an interrupted latexmk leaves state that blocks every rerun
    env = {**os.environ, "LATEXOPTS": "-interaction=nonstopmode -halt-on-error"}
    proc = subprocess.run(["make", "all-pdf"], cwd=out_dir, capture_output=True, text=True, errors="replace",
                          env=env, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        out = proc.stdout + proc.stderr
        errors = [line for line in out.splitlines() if line.startswith("!")]
        tail = "\n".join(errors[:10] or out.strip().splitlines()[-15:])
        raise RenderError(f"pdflatex failed for {out_dir.relative_to(paths.ROOT) if out_dir.is_relative_to(paths.ROOT) else out_dir}"
                          f"/talentstrategie.tex (log: talentstrategie.log there):\n{tail}")
    check_pdf(pdf_file(jb))


def check_pdf(pdf: Path) -> int:
    """The PDF opens and has a plausible number of pages; returns the page count."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not pdf.exists():
        raise RenderError(f"no PDF produced at {pdf.name}")
    try:
        pages = len(PdfReader(pdf, strict=True).pages)
    except (PyPdfError, OSError, ValueError) as exc:
        raise RenderError(f"the PDF {pdf.name} is damaged ({exc}); it is not published") from None
    if not PDF_PAGES[0] <= pages <= PDF_PAGES[1]:
        raise RenderError(f"the PDF {pdf.name} has {pages} pages, outside {PDF_PAGES[0]}-{PDF_PAGES[1]}; "
                          "it is not published")
    return pages


_DOWNLOAD = re.compile(r"(?<!\\)\{download\}`([^`]*)`")


def check_downloads(stage: Path) -> None:
    """Every file a page offers for download lies inside the staged book: a {download} role that
    reached a page from elsewhere (it cannot come from data, which is escaped) must never publish a
    file from outside the repository."""
    root = stage.resolve()
    bad = []
    for page in sorted([*stage.rglob("*.md"), *stage.rglob("*.ipynb")]):
        for m in _DOWNLOAD.finditer(page.read_text(encoding="utf-8", errors="replace")):
            target = m.group(1).rsplit("<", 1)[-1].rstrip(">").strip()
            base = root if target.startswith("/") else page.parent.resolve()
            if not (base / target.lstrip("/")).resolve().is_relative_to(root):
                bad.append(f"{page.relative_to(stage).as_posix()}: {{download}} of '{target}', outside the book")
    if bad:
        raise RenderError("a page offers a file from outside the book for download:\n  " + "\n  ".join(bad))


def render(name: str, stage: Path, jb: Path, pdf: bool = True, log=print) -> bool:
    """Render what is stale of one edition; True if anything was rendered."""
    toolchain = toolchain_digest()
    digest = hashlib.sha256((stage_digest(stage) + toolchain).encode()).hexdigest()
    jb.mkdir(parents=True, exist_ok=True)
    if key(jb, "toolchain") != toolchain:  # new extension code: Sphinx's cache would hide it
        shutil.rmtree(jb / "_build", ignore_errors=True)
        (jb / "toolchain.key").unlink(missing_ok=True)
    running = jb / "render.running"
    if running.exists():  # the last render was interrupted: Sphinx's cache may hide its warnings
        shutil.rmtree(jb / "_build" / ".doctrees", ignore_errors=True)
    steps = [s for s in (STEPS if pdf else STEPS[:1]) if not is_current(jb, s, digest)]
    if not steps:
        log(f"[{name}] book unchanged: nothing to render")
        return False
    running.write_text(str(os.getpid()))
    try:
        for step in steps:
            (jb / f"{step}.key").unlink(missing_ok=True)
            log(f"[{name}] rendering {step.upper()}")
            if step == "pdf":
                _latexmk(jb, log)
            else:
                _jupyter_book(stage, jb, step, log)
            (jb / f"{step}.key").write_text(digest + "\n")
    except RenderError:
        running.unlink(missing_ok=True)  # a failure we understood: the pages that warned were marked
        raise
    running.unlink()  # still there after an interrupt or a crash: the next render starts clean
    (jb / "toolchain.key").write_text(toolchain + "\n")
    return True
