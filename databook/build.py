"""The build: validate data, execute the notebooks that changed, render HTML and PDF, publish.

    python -m databook build               # every edition, oldest first; the newest writes figures/
    python -m databook build --edition 2025

Order for each edition (nothing is published unless every step succeeds):
  1. validate the edition file and every dataset it names           -> stops on bad input
  2. execute notebooks with Papermill, in parallel, reusing a notebook's last output when its
     code, parameters, the databook package, requirements.txt and the data files it read are
     all unchanged                                                    -> _build/editions/<E>/
  3. stage the book (sources, executed notebooks, figures, generated pages) and render what is
     stale of it with Jupyter Book, strictly (databook.render)      -> HTML, LaTeX, PDF
  4. publish in one step (databook.publish): _build/html/<E>/ (+ the PDF), _build/html/index.html,
     _build/pdf/talentstrategie-<E>.pdf
The whole build holds the working tree's build lock (databook.lock).
"""
from __future__ import annotations

import argparse
import concurrent.futures as futures
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from . import catalog, data, editions, paths, pages, publication, sphinx_edition
from . import lock
from .files import copy_if_changed as _copy_if_changed, write_if_changed as _write_if_changed
from . import publish as publisher
from . import render as renderer

KERNEL = "python3"


class BuildError(RuntimeError):
    """A step of the build failed; the message says which and why."""


# -- where an edition's files go ------------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    edition: str
    newest: bool

    @property
    def root(self) -> Path:
        return paths.BUILD / "editions" / self.edition

    @property
    def figures(self) -> Path:
        """Figures of the newest edition live in figures/ (committed); older ones under _build/."""
        return paths.FIGURES if self.newest else self.root / "figures"

    @property
    def executed(self) -> Path:
        return self.root / "notebooks"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def stage(self) -> Path:
        return self.root / "book"

    @property
    def jb(self) -> Path:
        return self.root / "jb"

    @property
    def pdf_name(self) -> str:
        return f"talentstrategie-{self.edition}.pdf"


def layout(edition: str) -> Layout:
    return Layout(edition, edition == editions.newest())


def notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def rel(path: Path) -> str:
    return path.resolve().relative_to(paths.ROOT).as_posix()


# -- step 2: execution with a data-aware cache -------------------------------------------------------

def _sha(data_bytes: bytes) -> str:
    return hashlib.sha256(data_bytes).hexdigest()


def _code_of(nb_path: Path) -> str:
    """Every cell's source (text cells too: they are the page), without outputs or injected parameters."""
    nb = nbformat.read(nb_path, as_version=4)
    return "\n\x00".join(f"{c.cell_type}:{c.source}" for c in nb.cells
                         if "injected-parameters" not in c.metadata.get("tags", []))


def environment_digest() -> str:
    """What every notebook depends on: the shared package and the pinned environment."""
    parts = [p.read_bytes() for p in sorted((paths.ROOT / "databook").glob("*.py"))]
    req = paths.ROOT / "requirements.txt"
    parts.append(req.read_bytes() if req.exists() else b"")
    return _sha(b"\x00".join(parts))


def cache_key(nb_path: Path, parameters: dict, files_read: list[str], env_digest: str) -> str:
    h = hashlib.sha256()
    h.update(_code_of(nb_path).encode())
    h.update(json.dumps(parameters, sort_keys=True).encode())
    h.update(env_digest.encode())
    for name in sorted(files_read):
        f = paths.ROOT / name
        h.update(name.encode())
        h.update(_sha(f.read_bytes()).encode() if f.exists() else b"missing")
    return h.hexdigest()


def outputs_digest(lay: "Layout", stem: str) -> str | None:
    """Hash of what a notebook produced (executed notebook, its record, every figure/table file), so
    that an output edited or deleted by hand is noticed and produced again. None if any is missing."""
    meta_file = paths.notebook_record(lay.figures, stem)
    executed = lay.executed / f"{stem}.ipynb"
    if not (meta_file.exists() and executed.exists()):
        return None
    files = [executed, meta_file]
    for slug in json.loads(meta_file.read_text())["outputs"]:
        card = lay.figures / f"{slug}.json"
        if not card.exists():
            return None
        files += [card, lay.figures / f"{slug}.md"] + [lay.figures / f for f in json.loads(card.read_text())["files"]]
    h = hashlib.sha256()
    for f in files:
        if not f.exists():
            return None
        h.update(f.name.encode() + _sha(f.read_bytes()).encode())
    return h.hexdigest()


def parameters_for(nb_path: Path, ed: editions.Edition, lay: Layout) -> dict:
    params = {"edition": ed.name, "output_dir": lay.figures.relative_to(paths.ROOT).as_posix()}
    params.update(ed.notebook_parameters(nb_path.stem))
    return params


def _normalise(nb_path: Path) -> None:
    """Remove what differs between two runs (timings), hide the injected parameters from readers."""
    nb = nbformat.read(nb_path, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # Papermill gives it a random id
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if ("injected-parameters" in tags or "parameters" in tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
    nbformat.write(nb, nb_path)


def _execute_one(nb_path: str, out_path: str, parameters: dict,
                 log_path: str | None = None) -> tuple[str, float, str | None]:
    """Run one notebook with Papermill (in a worker process). Returns (name, seconds, error).

    With `log_path`, the kernel's own messages (it logs to stderr) go there, not to the build's output."""
    import papermill as pm

    if log_path:
        with open(log_path, "w") as log_file:
            os.dup2(log_file.fileno(), 2)  # a build worker runs one notebook at a time
    start = time.perf_counter()
    try:
        pm.execute_notebook(nb_path, out_path, parameters=parameters, kernel_name=KERNEL,
                            cwd=str(paths.ROOT), progress_bar=False, log_output=False)
    except pm.PapermillExecutionError as exc:
        return Path(nb_path).stem, time.perf_counter() - start, f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # kernel died, bad notebook file ...
        return Path(nb_path).stem, time.perf_counter() - start, f"{type(exc).__name__}: {exc}"
    return Path(nb_path).stem, time.perf_counter() - start, None


def _ignore_interrupt() -> None:
    """In a worker: Ctrl-C is the build's to handle (it cancels what has not started)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def execute(ed: editions.Edition, lay: Layout, jobs: int | None = None, log=print) -> list[dict]:
    """Execute the notebooks of one edition that need it; returns one record per notebook."""
    lay.figures.mkdir(parents=True, exist_ok=True)
    lay.executed.mkdir(parents=True, exist_ok=True)
    lay.cache.mkdir(parents=True, exist_ok=True)
    env_digest = environment_digest()
    records, todo = [], []
    for nb in notebooks():
        params = parameters_for(nb, ed, lay)
        record_file = lay.cache / f"{nb.stem}.json"
        previous = json.loads(record_file.read_text()) if record_file.exists() else None
        produced = outputs_digest(lay, nb.stem)
        if (previous and produced is not None and previous.get("outputs") == produced
                and previous["key"] == cache_key(nb, params, previous["files_read"], env_digest)):
            records.append({**previous, "reused": True})
        else:
            todo.append((nb, params))
    if todo:
        log(f"[{ed.name}] executing {len(todo)} notebook(s): {', '.join(nb.stem for nb, _ in todo)}")
    errors = []
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    with futures.ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupt) as pool:
        running = {pool.submit(_execute_one, str(nb), str(lay.executed / nb.name), params,
                               str(lay.cache / f"{nb.stem}.log")): (nb, params)
                   for nb, params in todo}
        try:
            for fut in futures.as_completed(running):
                nb, params = running[fut]
                name, seconds, error = fut.result()
                if error:
                    errors.append(f"  notebooks/{nb.name}: {error} (kernel log: {rel(lay.cache / (nb.stem + '.log'))})")
                    continue
                _normalise(lay.executed / nb.name)
                meta_file = paths.notebook_record(lay.figures, nb.stem)
                if not meta_file.exists():
                    errors.append(f"  notebooks/{nb.name}: did not call run.finish() (no {rel(meta_file)})")
                    continue
                files_read = json.loads(meta_file.read_text())["files_read"]
                record = {"notebook": nb.stem, "key": cache_key(nb, params, files_read, env_digest),
                          "files_read": files_read, "parameters": params, "seconds": round(seconds, 2),
                          "executed_at": time.strftime("%Y-%m-%d %H:%M:%S"),
                          "outputs": outputs_digest(lay, nb.stem)}
                (lay.cache / f"{nb.stem}.json").write_text(json.dumps(record, indent=1) + "\n")
                records.append({**record, "reused": False})
                log(f"[{ed.name}]   {nb.stem}: {seconds:.1f} s")
        except BaseException:  # Ctrl-C or a failure: start no other notebook, stop the running ones
            for fut in running:
                fut.cancel()
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()  # no public way before Python 3.14 (terminate_workers)
            raise
    if errors:
        raise BuildError(f"edition {ed.name}: {len(errors)} notebook(s) failed:\n" + "\n".join(sorted(errors)))
    if lay.newest:  # the newest edition's executed notebooks are the committed ones
        for nb in notebooks():
            _copy_if_changed(lay.executed / nb.name, nb)
    write_key_numbers(lay)
    return sorted(records, key=lambda r: r["notebook"])


def write_key_numbers(lay: Layout) -> Path:
    """figures/kerncijfers.csv: every key number the book states, from the notebooks' records."""
    import pandas as pd

    rows = []
    for meta_file in sorted((lay.figures / paths.RECORDS).glob("*.json")):
        rows += json.loads(meta_file.read_text())["facts"]
    frame = pd.DataFrame(rows, columns=["id", "label", "value", "text", "unit", "status", "source", "notebook"])
    frame = frame[["notebook", "id", "label", "value", "text", "unit", "status", "source"]]
    out = lay.figures / "kerncijfers.csv"
    frame.to_csv(out, index=False, lineterminator="\n", encoding="utf-8")
    return out


# -- step 3: stage and render -----------------------------------------------------------------------



def _sync_tree(src: Path, dst: Path, pattern: str = "*") -> list[Path]:
    """Make dst hold the files of src (matching pattern); returns the files that changed."""
    wanted, changed = set(), []
    for f in sorted(src.rglob(pattern)):
        if f.is_file() and paths.RECORDS not in f.parts:
            target = dst / f.relative_to(src)
            wanted.add(target)
            if _copy_if_changed(f, target):
                changed.append(target)
    if dst.exists():
        for f in sorted(dst.rglob("*")):
            if f.is_file() and f not in wanted:
                f.unlink()
                changed.append(f)
    return changed


def _touch_glue_readers(stage_dir: Path, notebooks_changed: list[Path]) -> None:
    """Sphinx does not know that a page's glued numbers come from a notebook: mark every page that
    glues from a changed notebook as modified, so that it is read and written again."""
    names = [f"{nb.stem}.ipynb::" for nb in notebooks_changed]
    for page in stage_dir.rglob("*.md"):
        if "_build" not in page.relative_to(stage_dir).parts and any(
                n in page.read_text(encoding="utf-8") for n in names):
            os.utime(page)


def stage(ed: editions.Edition, lay: Layout, records: list[dict]) -> bool:
    """Assemble the book's source for one edition in _build/editions/<E>/book/.

    Returns True when any staged file changed (then the book must be rendered again)."""
    st = lay.stage
    st.mkdir(parents=True, exist_ok=True)
    newest = editions.newest()
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx_cfg = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_cfg.update({"release": ed.name, "version": ed.name, "edition_name": ed.name,
                       "edition_newest": newest, "edition_pdf": lay.pdf_name})
    sphinx_cfg.update(pages.edition_sphinx_config(ed, lay))  # the claims' notes, the changed figures
    config["latex"]["latex_documents"]["targetname"] = "talentstrategie.tex"
    publication.configure(config, ed, lay.figures, st)  # date, colophon, PDF metadata, sharing
    changed = _write_if_changed(st / "_config.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    changed |= publication.write_files(ed, lay.figures, st)  # citation box, Dutch UI, Excel CSVs

    generated = pages.generate(ed, lay, records)
    for name, text in generated.items():
        changed |= _write_if_changed(st / "bijlagen" / f"{name}.md", text)
    stale = [p for p in (st / "bijlagen").glob("*.md")
             if p.stem not in generated and p.stem != "over-deze-build"]
    for p in stale:  # e.g. a change page of an edition that lost its previous edition
        p.unlink()
        changed = True
    changed |= pages.stage_files(ed, lay, st)  # the claims as CSV, the previous edition's changed figures
    # _toc.yml lists every page; a generated page an edition does not have (the change page of
    # the first edition) is left out of that edition's table of contents.
    changed |= _copy_if_changed(paths.ROOT / "index.md", st / "index.md")
    changed |= bool(_sync_tree(paths.CHAPTERS, st / "chapters"))
    changed |= bool(_sync_tree(paths.ROOT / "_static", st / "_static"))
    changed |= bool(_sync_tree(paths.ROOT / "_templates", st / "_templates"))
    changed |= bool(_sync_tree(lay.figures, st / "figures"))
    executed_changed = _sync_tree(lay.executed, st / "notebooks", "*.ipynb")
    changed |= bool(executed_changed)
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc["parts"]:
        part["chapters"] = [c for c in part["chapters"]
                            if c["file"] == "bijlagen/over-deze-build"  # written below
                            or any((st / f"{c['file']}{ext}").exists() for ext in (".md", ".ipynb"))]
    changed |= _write_if_changed(st / "_toc.yml", yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))
    # The build page describes the build that renders the book. When nothing else changed, the book
    # is not rendered again and the published page still describes the build that made it.
    build_page = st / "bijlagen" / "over-deze-build.md"
    if changed or not build_page.exists():
        changed |= _write_if_changed(build_page, pages.build_page(ed, records))
    _touch_glue_readers(st, executed_changed)
    # the data files this edition uses, so that readers can download them from the book
    used = sorted({meta["path"] for meta in (data.resource(d, ed) for d in ed.datasets)
                   if catalog.downloadable(meta)})
    for f in used:
        changed |= _copy_if_changed(paths.ROOT / f, st / f)
    return changed


def render(ed: editions.Edition, lay: Layout, pdf: bool = True, log=print) -> bool:
    """Render what is stale of the staged book (HTML, LaTeX, PDF: see databook.render)."""
    renderer.check_downloads(lay.stage)
    return renderer.render(ed.name, lay.stage, lay.jb, pdf=pdf, log=log)


# -- step 4: publish ----------------------------------------------------------------------------------

def _site_content() -> tuple[dict, list[editions.Edition]]:
    """What the site would hold: per edition the digest of its HTML and of its PDF, if any; an
    edition that has no complete HTML render now keeps what is published of it."""
    published = (publisher.manifest(paths.BUILD) or {}).get("editions", {})
    content, built = {}, []
    for name in editions.list_editions():
        jb = layout(name).jb
        html_key = renderer.key(jb, "html")
        if html_key and (renderer.html_dir(jb) / "index.html").exists():
            pdf_key = renderer.key(jb, "pdf")
            content[name] = {"html": html_key, "pdf": pdf_key if pdf_key == html_key else None,
                             "from": "render"}
        elif name in published:
            content[name] = {**published[name], "from": "published"}
        else:
            continue
        built.append(editions.load_edition(name))
    return content, built


def publish(log=print) -> bool:
    """Assemble the site (every built edition, the root page) and the PDFs; switch in one step.
    Returns False when the published site already is exactly this."""
    content, built = _site_content()
    without_pdf = [name for name, c in content.items() if not c["pdf"]]
    index = pages.site_index(built, editions.newest(), without_pdf=without_pdf)
    manifest = {"editions": {n: {"html": c["html"], "pdf": c["pdf"]} for n, c in content.items()},
                "index": hashlib.sha256(index.encode()).hexdigest()}
    if publisher.manifest(paths.BUILD) == manifest and (paths.BUILD / "html" / "index.html").exists():
        return False
    old = publisher.current(paths.BUILD)
    with publisher.new_state(paths.BUILD, manifest) as state:
        site, pdf_dir = state / "html", state / "pdf"
        for ed in built:
            lay, how = layout(ed.name), content[ed.name]["from"]
            if how == "render":
                shutil.copytree(renderer.html_dir(lay.jb), site / ed.name)
                if content[ed.name]["pdf"]:
                    shutil.copyfile(renderer.pdf_file(lay.jb), pdf_dir / lay.pdf_name)
            else:  # not rendered completely since it was published: the published copy stays
                shutil.copytree(old / "html" / ed.name, site / ed.name)
                if content[ed.name]["pdf"]:
                    shutil.copyfile(old / "pdf" / lay.pdf_name, pdf_dir / lay.pdf_name)
            if content[ed.name]["pdf"]:
                shutil.copyfile(pdf_dir / lay.pdf_name, site / ed.name / lay.pdf_name)
        (site / "index.html").write_text(index, encoding="utf-8")
        (site / "editions.js").write_text(sphinx_edition.editions_script(site, [e.name for e in built],
                                                                     editions.newest()), encoding="utf-8")
        (site / ".nojekyll").write_text("")
    log(f"published {', '.join(e.name for e in built)} to _build/html/ and _build/pdf/")
    if without_pdf:
        log(f"  no up-to-date PDF of edition {', '.join(without_pdf)}: not published (the site says so); "
            "build without --no-pdf to make it")
    return True


# -- the whole build ----------------------------------------------------------------------------------

def prepare(edition: str, jobs: int | None = None, log=print) -> tuple[editions.Edition, Layout, list[dict]]:
    """Validate and execute one edition (steps 1 and 2)."""
    ed = editions.load_edition(edition)
    data.validate(edition=ed)
    lay = layout(ed.name)
    return ed, lay, execute(ed, lay, jobs, log)


def _says_newest_wrongly(name: str) -> bool:
    staged = layout(name).stage / "_config.yml"
    if not staged.exists():
        return False
    config = yaml.safe_load(staged.read_text(encoding="utf-8"))
    return config["sphinx"]["config"].get("edition_newest") != editions.newest()


def build(selected: list[str] | None = None, jobs: int | None = None, pdf: bool = True, log=print) -> None:
    all_editions = editions.list_editions()
    selected = list(selected or all_editions)
    # An edition published before a newer one existed still says it is the newest: build it again.
    selected += [name for name in all_editions if name not in selected and _says_newest_wrongly(name)]
    # Validate everything first: bad input must stop the build before anything is written.
    for name in selected:
        ed = editions.load_edition(name)
        data.validate(edition=ed)
    for name in all_editions:
        if name not in selected:
            continue
        prev = editions.previous(name)
        if prev and not (layout(prev).figures / "kerncijfers.csv").exists():
            prepare(prev, jobs, log)  # the change page compares with the previous edition
        ed, lay, records = prepare(name, jobs, log)
        stage(ed, lay, records)
        render(ed, lay, pdf=pdf, log=log)
    if not publish(log):
        log("nothing changed: the published book in _build/ is up to date")


def new_edition(name: str | None = None, directory: Path = paths.EDITIONS) -> str:
    """Copy the newest edition file to a new one, bump CITATION.cff and the changelog; says what next."""
    last = editions.newest(directory)
    name = name or str(int(last) + 1)
    target = Path(directory) / f"{name}.yml"
    if target.exists():
        raise editions.EditionError(f"{target} exists already")
    text = (Path(directory) / f"{last}.yml").read_text(encoding="utf-8")
    text = text.replace(f'edition: "{last}"', f'edition: "{name}"', 1)
    text = text.replace(f"title: Editie {last}", f"title: Editie {name}", 1)
    target.write_text(text, encoding="utf-8")
    citation = paths.ROOT / "CITATION.cff"
    if citation.exists() and Path(directory) == paths.EDITIONS:
        cff = citation.read_text(encoding="utf-8")
        citation.write_text(cff.replace(f'version: "{last}"', f'version: "{name}"'), encoding="utf-8")
        changelog = paths.ROOT / "CHANGELOG.md"
        log_text = changelog.read_text(encoding="utf-8")
        head, sep, rest = log_text.partition("\n## ")
        changelog.write_text(f"{head}\n## Editie {name} (in voorbereiding)\n\n- Nieuwe editie, "
                             f"gestart van editie {last}.\n{sep}{rest}", encoding="utf-8")
    return (f"Created {rel(target) if target.is_relative_to(paths.ROOT) else target} from edition {last}.\n"
            f"Next: put new vintages under data/<source>/<vintage>/, describe them in data/datapackage.json,\n"
            f"name them in {target.name} (datasets:, parameters:), then: EDITION={name} ./book.sh build\n"
            f"and read the page 'Wat is er veranderd' of the new edition.")


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
    parser = argparse.ArgumentParser(prog="python -m databook", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the book (HTML and PDF)")
    b.add_argument("--edition", action="append", default=None,
                   help="edition to build (repeatable); default: $EDITION or every edition")
    b.add_argument("--jobs", type=int, default=None, help="parallel notebooks (default: number of cores)")
    b.add_argument("--no-pdf", action="store_true", help="HTML only")
    sub.add_parser("validate", help="validate data/ and every edition, then stop")
    n = sub.add_parser("new-edition", help="start editions/<name>.yml from the newest edition")
    n.add_argument("name", nargs="?", help="the new edition (default: the newest + 1)")
    args = parser.parse_args(argv)
    try:
        if args.command == "new-edition":
            print(new_edition(args.name))
            return 0
        if args.command == "validate":
            for name in editions.list_editions():
                data.validate(edition=editions.load_edition(name))
            print("data/ and editions are valid")
            return 0
        selected = args.edition or ([os.environ["EDITION"]] if os.environ.get("EDITION") else None)
        with lock.exclusive(paths.BUILD):
            build(selected, jobs=args.jobs, pdf=not args.no_pdf)
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
