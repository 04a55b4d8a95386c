"""Build-speed benchmark: the naive way against ours, measured in one run on this machine.

    ./book.sh bench [--edition 2025] [--pdf]

It works in a temporary copy of the repository (the working tree is not touched) and measures:
  baseline   every notebook through Papermill, one after the other, then `jupyter-book build`
             with `execute_notebooks: force` (Jupyter Book executes everything again)
  cold       our build from nothing (`python -m databook build --edition E`)
  no change  our build again, nothing changed
  one file   our build after one data file changed (a value in the file fig07 reads)
and prints each in seconds and as a ratio to the baseline, against the targets
cold <= 0.6 x baseline, no change <= 0.15 x cold, one file <= 0.35 x cold.

The default edition is the first one: it has no previous edition, so our build and the baseline
do exactly the same work (a later edition's build also executes the previous edition once, for its
"Wat is er veranderd" page). HTML only unless --pdf.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
CHANGED_FILE = "data/voka-paper/2025/fig07_skills_change.csv"


def run(cmd: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds


def copy_repo(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        src = ROOT / name
        if src.is_file() and not name.startswith((".venv", "_build")):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


def baseline(repo: Path, edition: str, env: dict, pdf: bool) -> float:
    """Papermill for every notebook in turn, then Jupyter Book executing everything again."""
    stage = repo / "_build" / "editions" / edition / "book"
    book = repo / "_baseline"
    shutil.copytree(stage, book)  # the same pages as ours, so both render the same book
    config = yaml.safe_load((book / "_config.yml").read_text())
    config["execute"] = {"execute_notebooks": "force", "timeout": 300}
    (book / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    start = time.perf_counter()
    for nb in sorted((repo / "notebooks").glob("*.ipynb")):
        out_dir = f"_baseline/figures"
        run([str(BIN / "papermill"), str(nb), str(book / "notebooks" / nb.name), "-k", "python3",
             "--cwd", str(repo), "-p", "edition", edition, "-p", "output_dir", out_dir], repo, env)
    run([str(BIN / "jupyter-book"), "build", str(book), "--builder", "html"], repo, env)
    if pdf:
        run([str(BIN / "jupyter-book"), "build", str(book), "--builder", "pdflatex"], repo, env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edition", default=sorted(p.stem for p in (ROOT / "editions").glob("*.yml"))[0])
    parser.add_argument("--pdf", action="store_true", help="include the PDF in every measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="talentbench-") as tmp:
        repo = Path(tmp) / "repo"
        copy_repo(repo)
        env = {**os.environ, "PYTHONPATH": str(repo)}
        ours = [PY, "-m", "databook", "build", "--edition", args.edition] + ([] if args.pdf else ["--no-pdf"])
        print(f"edition {args.edition}, {os.cpu_count()} cores, {'HTML + PDF' if args.pdf else 'HTML'}")
        cold = run(ours, repo, env)
        unchanged = run(ours, repo, env)
        data_file = repo / CHANGED_FILE
        text = data_file.read_text()
        data_file.write_text(text.replace("54.0", "53.9", 1).replace("5.0", "5.1", 1))
        one_file = run(ours, repo, env)
        data_file.write_text(text)
        base = baseline(repo, args.edition, env, args.pdf)
    rows = [("baseline (naive)", base, base, None), ("cold build", cold, base, (0.6, "baseline")),
            ("no-change rebuild", unchanged, cold, (0.15, "cold")),
            ("one data file changed", one_file, cold, (0.35, "cold"))]
    print(f"{'measurement':24} {'seconds':>8} {'x baseline':>11}   target")
    ok = True
    for name, seconds, ref, target in rows:
        line = f"{name:24} {seconds:8.1f} {seconds / base:11.2f}"
        if target:
            ratio = seconds / ref
            passed = ratio <= target[0]
            ok &= passed
            line += f"   {ratio:.2f} x {target[1]} (target <= {target[0]}) {'ok' if passed else 'MISSED'}"
        print(line)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
