#!/usr/bin/env bash
# The one entry point of the book. On a fresh Debian machine with only Python it installs what is
# missing (Debian's LaTeX, poppler and Chromium packages when run as root; a virtual environment
# from requirements.txt), then:
#   ./book.sh build        validate data, execute notebooks (Papermill), render HTML and PDF
#                          (EDITION=2025 ./book.sh build builds one edition; default: all)
#   ./book.sh test         build (reusing what is up to date), then run every test (pytest + nbval)
#                          in TEST_WORKERS processes (default 2; pytest-xdist, one file per worker);
#                          the site tests check the newest edition (BOOK_TEST_EDITIONS=all: every one)
#   ./book.sh validate     only check data/ and editions/
#   ./book.sh new-edition  start editions/<next year>.yml from the newest edition
#   ./book.sh bench        the build-speed benchmark (tools/benchmark.py)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
VENV=${VENV:-$ROOT/.venv}
APT_PACKAGES="make texlive-latex-recommended texlive-fonts-recommended texlive-latex-extra texlive-lang-european latexmk tex-gyre poppler-utils chromium"

missing_system() {
  local missing=()
  for cmd in pdflatex latexmk kpsewhich make pdftoppm chromium; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
  done
  if command -v kpsewhich >/dev/null 2>&1; then
    for file in dutch.ldf t1enc.def tgtermes.sty tgheros.sty; do
      [[ -n $(kpsewhich "$file" 2>/dev/null) ]] || missing+=("$file")
    done
  fi
  echo "${missing[*]}"
}

# Every system tool the build needs is checked before any work, and again after installing.
ensure_system() {
  local missing
  missing=$(missing_system)
  [[ -z $missing ]] && return 0
  if [[ $(id -u) == 0 ]]; then
    echo ">> installing Debian packages (missing: $missing)"
    apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $APT_PACKAGES >/dev/null || true
    missing=$(missing_system)
    [[ -z $missing ]] && return 0
    echo "Still missing after installing Debian packages: $missing." >&2
    echo "Nothing was built. Install them (the packages: $APT_PACKAGES), then run this again." >&2
    exit 1
  fi
  echo "Missing system packages ($missing); nothing was built. Run as root, then again:" >&2
  echo "  sudo apt-get install -y $APT_PACKAGES" >&2
  exit 1
}

ensure_venv() {
  if [[ ! -x $VENV/bin/python ]]; then
    echo ">> creating the virtual environment $VENV"
    if ! python3 -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      if [[ $(id -u) == 0 ]]; then  # Debian's own Python keeps venv in a separate package
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$VENV"
      else
        echo "python3 cannot create a virtual environment. Run: sudo apt-get install -y python3-venv" >&2
        exit 1
      fi
    fi
  fi
  local want have
  want=$(sha256sum requirements.txt | cut -d' ' -f1)
  have=$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)
  if [[ $want != "$have" ]]; then
    echo ">> installing requirements.txt"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r requirements.txt
    echo "$want" >"$VENV/.requirements.sha256"
  fi
}

setup() {
  ensure_system
  ensure_venv
  export PYTHONPATH=$ROOT
  # Byte-identical PDFs: LaTeX and Sphinx take their dates from the last commit.
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || echo 1735689600)
  export SOURCE_DATE_EPOCH FORCE_SOURCE_DATE=1
  export MPLBACKEND=Agg PYDEVD_DISABLE_FILE_VALIDATION=1
}

cmd=${1:-build}
shift || true
case $cmd in
  build) setup; "$VENV/bin/python" -m databook build "$@" ;;
  test) setup; "$VENV/bin/python" -m databook build
        "$VENV/bin/python" -m pytest -n "${TEST_WORKERS:-2}" --dist loadfile "$@" ;;
  validate) setup; "$VENV/bin/python" -m databook validate ;;
  new-edition) setup; "$VENV/bin/python" -m databook new-edition "$@" ;;
  bench) setup; "$VENV/bin/python" tools/benchmark.py "$@" ;;
  *) echo "usage: ./book.sh build|test|validate|new-edition|bench" >&2; exit 2 ;;
esac
