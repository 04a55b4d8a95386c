"""Step 2 of the build: execute an edition's notebooks with Papermill, in parallel, in one language,
reusing a notebook's last output when its cache key (databook.cache) is unchanged.

Each notebook gets the parameters `edition`, `output_dir` (the layout's figures folder), `language`
when its `parameters` cell declares one, and the edition file's parameters for it."""
from __future__ import annotations

import concurrent.futures as futures
import json
import os
import signal
import time
from pathlib import Path

import nbformat

from . import edition_schema, editions, paths
from .cache import cache_key, environment_digest, modules_used, outputs_digest, resources
from .errors import BuildError
from .files import copy_if_changed
from .layout import Layout, notebooks, rel

KERNEL = "python3"
# When set, a file to which every execution appends the notebook's name (the tests count executions).
EXECUTION_LOG = "DATABOOK_EXECUTION_LOG"


def parameters_for(nb_path: Path, ed: editions.Edition, lay: Layout) -> dict:
    params = {"edition": ed.name, "output_dir": lay.figures.relative_to(paths.ROOT).as_posix()}
    if "language" in (edition_schema.notebook_parameters(nb_path.stem) or {}):
        params["language"] = lay.language
    params.update(ed.notebook_parameters(nb_path.stem))
    return params


def normalise(nb_path: Path) -> None:
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


def count_execution(stem: str) -> None:
    """Append the notebook's name to the file named by $DATABOOK_EXECUTION_LOG, if set (the tests
    count executions per notebook; nbval's count too). One short append: whole lines, even in parallel."""
    if os.environ.get(EXECUTION_LOG):
        with open(os.environ[EXECUTION_LOG], "a", encoding="utf-8") as count:
            count.write(stem + "\n")


def execute_one(nb_path: str, out_path: str, parameters: dict,
                log_path: str | None = None) -> tuple[str, float, str | None]:
    """Run one notebook with Papermill (in a worker process). Returns (name, seconds, error).

    With `log_path`, the kernel's own messages (it logs to stderr) go there, not to the build's output."""
    import papermill as pm

    if log_path:
        with open(log_path, "w") as log_file:
            os.dup2(log_file.fileno(), 2)  # a build worker runs one notebook at a time
    count_execution(Path(nb_path).stem)
    start = time.perf_counter()
    try:
        # written once at the end (and on an error), not after every cell: outputs are large (charts)
        pm.execute_notebook(nb_path, out_path, parameters=parameters, kernel_name=KERNEL,
                            cwd=str(paths.ROOT), progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False)
    except pm.PapermillExecutionError as exc:
        return Path(nb_path).stem, time.perf_counter() - start, f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # kernel died, bad notebook file ...
        return Path(nb_path).stem, time.perf_counter() - start, f"{type(exc).__name__}: {exc}"
    return Path(nb_path).stem, time.perf_counter() - start, None


def reusable(nb: Path, params: dict, ed: editions.Edition, lay: Layout, env_digest: str | None = None,
             descriptors: dict | None = None) -> dict | None:
    """The record of the notebook's last execution in this layout if its outputs are still what it
    made and its cache key is unchanged (so executing it now must give them again), else None."""
    record_file = lay.cache / f"{nb.stem}.json"
    previous = json.loads(record_file.read_text()) if record_file.exists() else None
    produced = outputs_digest(lay, nb.stem)
    if not previous or produced is None or previous.get("outputs") != produced:
        return None
    env_digest = env_digest if env_digest is not None else environment_digest(modules_used(nb))
    key = cache_key(nb, params, previous["files_read"], env_digest,
                    descriptors if descriptors is not None else resources(), ed.datasets)
    return previous if previous["key"] == key else None


def _ignore_interrupt() -> None:
    """In a worker: Ctrl-C is the build's to handle (it cancels what has not started)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _label(ed: editions.Edition, lay: Layout) -> str:
    return f"[{ed.name}]" if lay.original else f"[{ed.name} {lay.language}]"


def execute(ed: editions.Edition, lay: Layout, jobs: int | None = None, log=print) -> list[dict]:
    """Execute the notebooks of one edition in one language that need it; one record per notebook."""
    lay.figures.mkdir(parents=True, exist_ok=True)
    lay.executed.mkdir(parents=True, exist_ok=True)
    lay.cache.mkdir(parents=True, exist_ok=True)
    descriptors = resources()
    records, todo, env = [], [], {}
    for nb in notebooks():
        params = parameters_for(nb, ed, lay)
        env[nb] = environment_digest(modules_used(nb))
        previous = reusable(nb, params, ed, lay, env[nb], descriptors)
        if previous:
            records.append({**previous, "reused": True})
        else:
            todo.append((nb, params))
    label = _label(ed, lay)
    if todo:
        log(f"{label} executing {len(todo)} notebook(s): {', '.join(nb.stem for nb, _ in todo)}")
    errors = []
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    with futures.ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupt) as pool:
        running = {pool.submit(execute_one, str(nb), str(lay.executed / nb.name), params,
                               str(lay.cache / f"{nb.stem}.log")): (nb, params)
                   for nb, params in todo}
        try:
            for fut in futures.as_completed(running):
                nb, params = running[fut]
                name, seconds, error = fut.result()
                if error:
                    errors.append(f"  notebooks/{nb.name}: {error} (kernel log: {rel(lay.cache / (nb.stem + '.log'))})")
                    continue
                normalise(lay.executed / nb.name)
                meta_file = paths.notebook_record(lay.figures, nb.stem)
                if not meta_file.exists():
                    errors.append(f"  notebooks/{nb.name}: did not call run.finish() (no {rel(meta_file)})")
                    continue
                files_read = json.loads(meta_file.read_text())["files_read"]
                record = {"notebook": nb.stem, "key": cache_key(nb, params, files_read, env[nb], descriptors, ed.datasets),
                          "files_read": files_read, "parameters": params, "seconds": round(seconds, 2),
                          "executed_at": time.strftime("%Y-%m-%d %H:%M:%S"),
                          "outputs": outputs_digest(lay, nb.stem)}
                (lay.cache / f"{nb.stem}.json").write_text(json.dumps(record, indent=1) + "\n")
                records.append({**record, "reused": False})
                log(f"{label}   {nb.stem}: {seconds:.1f} s")
        except BaseException:  # Ctrl-C or a failure: start no other notebook, stop the running ones
            for fut in running:
                fut.cancel()
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()  # no public way before Python 3.14 (terminate_workers)
            raise
    if errors:
        raise BuildError(f"edition {ed.name} ({lay.language}): {len(errors)} notebook(s) failed:\n"
                         + "\n".join(sorted(errors)))
    write_key_numbers(lay)
    return sorted(records, key=lambda r: r["notebook"])


def copy_to_repository(lay: Layout) -> bool:
    """The newest edition's Dutch figures and executed notebooks into figures/ and notebooks/ (they are
    committed); a file in figures/ that the build no longer makes is removed. True if any changed."""
    if not lay.committed:
        return False
    changed = False
    for nb in notebooks():
        changed |= copy_if_changed(lay.executed / nb.name, nb)
    wanted = set()
    for f in sorted(lay.figures.rglob("*")):
        if f.is_file():
            target = paths.FIGURES / f.relative_to(lay.figures)
            wanted.add(target)
            changed |= copy_if_changed(f, target)
    for f in sorted(paths.FIGURES.rglob("*")):
        if f.is_file() and f not in wanted:
            f.unlink()
            changed = True
    return changed


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
