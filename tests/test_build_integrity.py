"""The build never publishes stale, partial or foreign content (issues 11.1 and 12), tried in one
temporary copy of the repository built once (the newest edition, Dutch, HTML only; the executed
notebooks of the working tree's last build are reused: repocopy.BuiltCopy). The copy is put back as
built before each test, so the tests pass in any order. Failures are simulated cheaply: a fake `make`
(the PDF step) on PATH, os.replace or shutil.copyfile patched to raise, a lock held by the test itself.
"""
import contextlib
import csv
import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, parse_html
from databook import editions
import repocopy

EDITION = editions.newest()  # an older edition is frozen: its executed notebooks may predate the code
FAKE_MAKE = """#!{python}
# A stand-in for `make all-pdf` in the LaTeX folder: FAKE_LATEX says how it behaves.
import os, pathlib, sys
mode = os.environ.get("FAKE_LATEX", "ok")
if mode == "fail":
    print("! LaTeX Error: fake failure.")
    sys.exit(2)
if list(pathlib.Path(".").glob("*.fdb_latexmk")):
    print("! latexmk: the database of an interrupted run is in the way")
    sys.exit(12)
from pypdf import PdfWriter
writer = PdfWriter()
for _ in range(12):
    writer.add_blank_page(595, 842)
writer.write("talentstrategie.pdf")
if mode == "truncated":
    data = pathlib.Path("talentstrategie.pdf").read_bytes()
    pathlib.Path("talentstrategie.pdf").write_bytes(data[: len(data) // 2])
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return repocopy.BuiltCopy(tmp_path_factory.mktemp("integrity"), EDITION)


@pytest.fixture
def site(built):
    return built.restore()


@pytest.fixture(scope="module")
def fake_make(tmp_path_factory):
    bin_dir = tmp_path_factory.mktemp("fakebin")
    make = bin_dir / "make"
    make.write_text(FAKE_MAKE.format(python=sys.executable))
    make.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ['PATH']}"


def build(repo, *args, **kw):
    """The Dutch book of the edition: the copy has only its executed notebooks (the build's steps are
    the same in every language; tests/test_english.py and test_translation.py test the English one)."""
    return repocopy.build(repo, "--edition", EDITION, "--language", "nl", *args, **kw)


def published(repo) -> dict:
    """What readers get: the published state and a few of its files."""
    b = repo / "_build"
    pdf = b / "pdf" / f"talentstrategie-{EDITION}.pdf"
    return {"state": os.readlink(b / "current"),
            "index": (b / "html" / "index.html").read_bytes(),
            "chapter": (b / "html" / EDITION / "chapters" / "01-de-essentie.html").read_bytes(),
            "pdf": pdf.read_bytes() if pdf.exists() else None}


def leftovers(repo) -> list[str]:
    """Everything in _build/site/ but the published state, and temporary folders."""
    b = repo / "_build"
    current = os.readlink(b / "current").split("/")[-1]
    return sorted([p.name for p in (b / "site").iterdir() if p.name != current]
                  + [p.name for p in b.glob("*.new")] + [p.name for p in b.glob("*.link-new")])


@contextlib.contextmanager
def edited(path: Path, old: str, new: str):
    original = path.read_text(encoding="utf-8")
    assert old in original, f"{old!r} not in {path}"
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(i + 1 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()) if text in line)


def chapter_text(repo, name: str) -> str:
    return " ".join(parse_html(repo / "_build" / "html" / EDITION / "chapters" / f"{name}.html").text().split())


# -- publishing --------------------------------------------------------------------------------------

def test_published_paths_are_links_into_one_complete_state(site):
    b = site / "_build"
    assert os.readlink(b / "html") == "current/html" and os.readlink(b / "pdf") == "current/pdf"
    assert (b / "html" / EDITION / "index.html").exists() and (b / "html" / "index.html").exists()
    assert leftovers(site) == []
    manifest = json.loads((b / "current" / "manifest.json").read_text())
    html_key = (b / "editions" / EDITION / "jb" / "html.key").read_text().strip()
    assert manifest["editions"][EDITION]["html"] == html_key
    assert manifest["editions"][EDITION]["pdf"] is None  # an HTML-only build publishes no PDF ...
    assert "PDF niet bijgewerkt" in (b / "html" / "index.html").read_text()  # ... and says so


# -- strict build (issue 11.1) -------------------------------------------------------------------------

BREAKS = [  # page, what it says, what it says now, the key the message must name
    ("chapters/02-productiviteit.md", "kerncijfers.ipynb::bevolking_20_64_groei_verleden:s",
     "kerncijfers.ipynb::bevolking_20_64_groei_verleden_oud:s", "bevolking_20_64_groei_verleden_oud"),
    ("chapters/04-miljard-steun.md", "```{include} ../figures/tab02-sectorfondsen.md",
     "```{include} ../figures/tab02-bestaat-niet.md", "tab02-bestaat-niet.md"),
    ("chapters/02-productiviteit.md", "<fig02-stem-aanwervingen>`", "<fig02-bestaat-niet>`", "fig02-bestaat-niet"),
]


def test_a_renamed_glue_key_a_missing_include_and_a_broken_reference_each_fail_the_build_and_once_fixed_the_book_is_rendered_again_and_whole(site):
    """One build with three breaks: each is reported with page, line and key (any
    single one fails the build: the build is strict about every warning). Then the pages as they were:
    the failed render is not taken for a good one."""
    before = published(site)
    lines = [line_of(site / page, old) for page, old, _, _ in BREAKS]
    with contextlib.ExitStack() as stack:
        for page, old, new, _ in BREAKS:
            stack.enter_context(edited(site / page, old, new))
        done = build(site)
    assert done.returncode == 1, done.stdout
    for (page, _, _, named), line in zip(BREAKS, lines):
        reported = [m for m in done.stderr.splitlines() if f"{page}, line {line}" in m]
        assert reported and named in reported[0], done.stderr
    assert "Nothing was published" in done.stderr and "Traceback" not in done.stderr
    assert published(site) == before and leftovers(site) == []
    done = build(site)
    assert done.returncode == 0, done.stderr
    assert "rendering HTML" in done.stdout  # the failed render is not taken for a good one
    with open(site / "_build" / "editions" / EDITION / "figures" / "kerncijfers.csv", encoding="utf-8") as f:
        glued = next(r["text"] for r in csv.DictReader(f) if r["id"] == "bevolking_20_64_groei_verleden")
    assert f"nog {glued} mensen bijkwamen" in chapter_text(site, "02-productiviteit")


# -- one build at a time, failures during publishing (issues 12.2, 12.5) -------------------------------

def test_changed_rendering_code_renders_every_page_again(site):
    """A Sphinx extension's asset changed and nothing else: the book is rendered again from scratch
    (Sphinx itself would keep the pages it rendered before) and the site shows the new code."""
    css = site / "databook" / "static" / "claims.css"
    published_css = site / "_build" / "html" / EDITION / "_static" / "claims.css"
    marker = "/* rendering code changed */"
    assert marker not in published_css.read_text(encoding="utf-8")
    with edited(css, "\n", "\n" + marker + "\n"):
        done = build(site)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "rendering HTML" in done.stdout
        assert marker in published_css.read_text(encoding="utf-8")


def test_a_second_build_does_not_start_and_names_the_holder(site):
    before = published(site)
    with open(site / "_build" / "build.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.seek(0)
        held.truncate()
        held.write(f"pid {os.getpid()}: pytest holding the lock")
        held.flush()
        done = build(site)
    assert done.returncode == 75
    assert f"pid {os.getpid()}: pytest holding the lock" in done.stderr and "Traceback" not in done.stderr
    assert published(site) == before


def run_patched(repo, patch: str) -> subprocess.CompletedProcess:
    """The build in a process where `patch` (Python) replaced something first; it must publish."""
    (repo / "_build" / "current" / "manifest.json").unlink(missing_ok=True)  # so the build publishes
    code = (f"import errno, os, shutil, sys\n{patch}\nfrom databook.cli import main\n"
            f"sys.exit(main(['build', '--no-pdf', '--edition', '{EDITION}', '--language', 'nl']))")
    return subprocess.run([sys.executable, "-c", code], cwd=repo, env=repocopy.env(repo),
                          capture_output=True, text=True)


COPY_FAILS = """
real_copyfile, calls = shutil.copyfile, []
def copyfile(src, dst, **kw):
    calls.append(dst)
    if len(calls) > 20:
        raise {error}
    return real_copyfile(src, dst, **kw)
shutil.copyfile = copyfile
"""
DISK_FULL = "OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))"


@pytest.mark.parametrize("patch, code, message", [
    (COPY_FAILS.format(error=DISK_FULL), 1, "BUILD STOPPED: cannot write or read _build/site/"),
    ("def replace(src, dst): raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))\n"
     "os.replace = replace", 1, "BUILD STOPPED: cannot write or read _build/current"),
    (COPY_FAILS.format(error="KeyboardInterrupt()"), 130, "BUILD INTERRUPTED: nothing was published"),
], ids=["disk full while assembling", "disk full while switching", "Ctrl-C while assembling"])
def test_a_failure_while_publishing_keeps_the_previous_site_whole(site, patch, code, message):
    before = published(site)
    done = run_patched(site, patch)
    assert done.returncode == code, done.stdout + done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    if code == 1:
        assert "No space left on device" in done.stderr
    assert published(site) == before and leftovers(site) == []
    if code == 130:  # the lock was released; the next build publishes
        again = build(site)
        assert again.returncode == 0 and "published" in again.stdout, again.stderr


def test_an_edition_outside_editions_is_refused(site):
    done = repocopy.build(site, EDITION="../../evil")
    assert done.returncode == 1 and "edition '../../evil' does not exist" in done.stderr


# -- freshness decided by content (issue 12.1) ----------------------------------------------------------

def test_a_failed_or_partial_pdf_step_is_redone_and_a_stale_pdf_never_published(site, fake_make):
    chapter = site / "chapters" / "01-de-essentie.md"
    pdf = site / "_build" / "pdf" / f"talentstrategie-{EDITION}.pdf"
    index = site / "_build" / "html" / "index.html"
    latex = site / "_build" / "editions" / EDITION / "jb" / "_build" / "latex"
    original = chapter.read_text(encoding="utf-8")
    try:
        latex.mkdir(parents=True, exist_ok=True)
        (latex / "talentstrategie.fdb_latexmk").write_text("left by an interrupted latexmk")
        done = build(site, pdf=True, PATH=fake_make, FAKE_LATEX="ok")
        assert done.returncode == 0, done.stderr  # the build cleared latexmk's stuck state itself
        assert "rendering LATEX" in done.stdout and "rendering HTML" not in done.stdout  # HTML was current
        assert len(PdfReader(pdf).pages) == 12
        assert f'href="{EDITION}/talentstrategie-{EDITION}.pdf"' in index.read_text()

        chapter.write_text(original + "\nEen zin voor de test.\n", encoding="utf-8")
        before = published(site)
        done = build(site, pdf=True, PATH=fake_make, FAKE_LATEX="fail")
        assert done.returncode == 1 and "pdflatex failed" in done.stderr and "fake failure" in done.stderr
        assert published(site) == before  # neither the new HTML without its PDF, nor anything else

        done = build(site)  # --no-pdf: the new HTML, and not the PDF of the old text beside it
        assert done.returncode == 0, done.stderr
        assert "rendering" not in done.stdout  # the HTML of the failed build was complete and checked
        assert "Een zin voor de test." in chapter_text(site, "01-de-essentie")
        assert not pdf.exists() and "PDF niet bijgewerkt" in index.read_text()

        before = published(site)
        done = build(site, pdf=True, PATH=fake_make, FAKE_LATEX="truncated")
        assert done.returncode == 1 and "is damaged" in done.stderr and "not published" in done.stderr
        assert "rendering PDF" in done.stdout and "rendering LATEX" not in done.stdout
        assert published(site) == before

        done = build(site, pdf=True, PATH=fake_make, FAKE_LATEX="ok")  # a normal build after failures
        assert done.returncode == 0, done.stderr
        assert "rendering PDF" in done.stdout and "rendering HTML" not in done.stdout
        assert len(PdfReader(pdf).pages) == 12 and "PDF niet bijgewerkt" not in index.read_text()
        assert "Een zin voor de test." in chapter_text(site, "01-de-essentie")
    finally:
        chapter.write_text(original, encoding="utf-8")


# -- data is text (issue 12.3) -------------------------------------------------------------------------

HOSTILE = ("<script>alert(1)</script> {download}`geheim <../../../../../../../../etc/hostname>` "
           "{glue:text}`../notebooks/kerncijfers.ipynb::opbrengst_zin:s` $5 en $6 # | % & _x_")


def test_markup_in_a_data_cell_is_shown_as_text(site):
    csv = site / "data" / "voka-paper" / "2025" / "t1_instruments.csv"
    # (the Dutch book: the English run stops on a Dutch data text without translation, tests/test_run.py)
    with edited(csv, "Gericht op ondernemers maar in de feiten eerder op werknemers.", '"' + HOSTILE + '"'):
        done = build(site)
    assert done.returncode == 0, done.stderr
    page = site / "_build" / "html" / EDITION / "chapters" / "04-miljard-steun.html"
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert HOSTILE in " ".join(parse_html(page).text().split())
    assert not list((site / "_build" / "html").rglob("hostname"))


# -- missing system tools are found before any work, and again after installing (issue 12.5) -----------

def _tool(bin_dir: Path, name: str, script: str) -> None:
    (bin_dir / name).write_text("#!/bin/sh\n" + script + "\n")
    (bin_dir / name).chmod(0o755)


def _book_sh(bin_dir: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    for name in ("dirname", "cat", "sha256sum", "cut"):
        (bin_dir / name).symlink_to(subprocess.run(["which", name], capture_output=True, text=True).stdout.strip())
    return subprocess.run(["/bin/bash", str(ROOT / "book.sh"), "build"], capture_output=True, text=True,
                          env={"PATH": str(bin_dir), "VENV": str(tmp_path / "no-venv"), "HOME": str(tmp_path)})


def test_as_root_book_sh_checks_again_after_installing_and_stops_before_any_work(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _tool(bin_dir, "id", "echo 0")
    _tool(bin_dir, "apt-get", f'echo "$@" >> {tmp_path}/apt.log')  # installs nothing
    done = _book_sh(bin_dir, tmp_path)
    assert done.returncode == 1
    assert "install" in (tmp_path / "apt.log").read_text()  # it tried ...
    assert "Still missing after installing Debian packages: pdflatex latexmk kpsewhich" in done.stderr  # ... and checked
    assert "Nothing was built" in done.stderr and not (tmp_path / "no-venv").exists()


def test_a_missing_latex_file_is_named_with_the_install_line(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _tool(bin_dir, "id", "echo 1000")
    for name in ("pdflatex", "latexmk", "make", "pdftoppm", "chromium"):
        _tool(bin_dir, name, "exit 0")
    _tool(bin_dir, "kpsewhich", 'case "$1" in dutch.ldf) exit 1;; *) echo "/texmf/$1";; esac')
    done = _book_sh(bin_dir, tmp_path)
    assert done.returncode == 1
    assert "Missing system packages (dutch.ldf); nothing was built" in done.stderr
    assert "sudo apt-get install -y" in done.stderr and not (tmp_path / "no-venv").exists()


# -- big inputs (issue 12.6) -----------------------------------------------------------------------------

def test_a_data_file_above_the_download_limit_is_not_offered_and_the_appendix_says_so(monkeypatch):
    from databook import catalog, data, editions

    edition = editions.load_edition(EDITION)
    sizes = {d: (ROOT / data.resource(d, edition)["path"]).stat().st_size for d in edition.datasets}
    limit = sorted(sizes.values())[len(sizes) // 2]  # half of the files are "too big"
    monkeypatch.setattr(catalog, "DOWNLOAD_LIMIT", limit)
    text = catalog.render_data_appendix(edition)
    for dataset_id, size in sizes.items():
        meta = data.resource(dataset_id, edition)
        offered = f"<../{meta['path']}>`" in text
        assert offered == (size <= limit) == catalog.downloadable(meta), dataset_id
    too_big = sum(size > limit for size in sizes.values())
    assert too_big and text.count("te groot om in het boek aan te bieden") == too_big
