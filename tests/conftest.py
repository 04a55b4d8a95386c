"""Shared test set-up: the repository root on the path, for this process and for kernels (nbval)."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
os.environ.setdefault("MPLBACKEND", "Agg")


# =================================================================================================
# Built-book checks: shared helpers for test_book_html.py, test_book_figures.py, test_book_pdf.py,
# test_book_links.py and test_reproducible.py. They test what `python -m databook build` produced
# under _build/ (the README's test command builds first). Keep this block self-contained.
# =================================================================================================
import json as _json
import re as _re
from html.parser import HTMLParser as _HTMLParser

import pytest as _pytest
import yaml as _yaml

BUILD = ROOT / "_build"
SITE = BUILD / "html"            # the published site: index.html + one folder per edition
PDF_DIR = BUILD / "pdf"          # talentstrategie-<edition>.pdf
ARTIFACTS = ROOT / "tests" / "artifacts"   # gitignored: files for a human to look at
NOT_BUILT = "the book is not built (no _build/html/index.html): run `./book.sh build` first"


def edition_names() -> list[str]:
    """Every edition of the repository (editions/*.yml), oldest first."""
    return sorted(p.stem for p in (ROOT / "editions").glob("*.yml"))


def newest_edition() -> str | None:
    names = edition_names()
    return names[-1] if names else None


def built_editions() -> list[str]:
    """Editions published in _build/html (a folder with an index.html), oldest first."""
    if not (SITE / "index.html").exists():
        return []
    return sorted(p.parent.name for p in SITE.glob("*/index.html"))


def edition_figures_dir(edition: str):
    """Where the build wrote an edition's figures: figures/ for the newest, _build/ otherwise."""
    return ROOT / "figures" if edition == newest_edition() else BUILD / "editions" / edition / "figures"


_SKIP_DIRS = {"_static", "_sources", "_images", "_downloads", "_sphinx_design_static"}
EDITIONS_ENV = "BOOK_TEST_EDITIONS"


def editions_under_test() -> list[str]:
    """The built editions the site tests check, oldest first: the newest only (a published edition
    is frozen: it was tested when it was built), or with BOOK_TEST_EDITIONS=all every built
    edition, or a comma-separated list (e.g. BOOK_TEST_EDITIONS=2025 after rebuilding 2025)."""
    built = built_editions()
    wanted = os.environ.get(EDITIONS_ENV, "").strip()
    if wanted.lower() == "all":
        return built
    if wanted:
        names = [w.strip() for w in wanted.split(",") if w.strip()]
        unknown = [n for n in names if n not in built]
        if unknown:
            raise _pytest.UsageError(f"{EDITIONS_ENV}={wanted}: not built: {', '.join(unknown)} "
                                     f"(built: {', '.join(built) or 'none'})")
        return [n for n in built if n in names]
    return built[-1:]


def page_language(page: str) -> str:
    """The language of a page relative to _build/html: "en" for <edition>/en/..., the original
    ("nl") for the other pages of an edition and for the site's root page."""
    parts = page.split("/")
    return parts[1] if len(parts) > 2 and parts[1] in ("en",) else "nl"


def site_pages(language: str | None = None) -> list[str]:
    """The HTML pages readers can open that the site tests check, relative to _build/html: the
    root page, then every page of every tested edition (editions_under_test()), its translations
    included (<edition>/en/...); only one language's with `language`. Theme templates under
    _static/ are not pages."""
    if not (SITE / "index.html").exists():
        return []
    pages = ["index.html"]
    for edition in editions_under_test():
        for page in sorted((SITE / edition).rglob("*.html")):
            rel = page.relative_to(SITE)
            if not _SKIP_DIRS.intersection(rel.parts):
                pages.append(rel.as_posix())
    return [p for p in pages if language is None or page_language(p) == language]


def figure_cards(figures_dir) -> dict[str, dict]:
    """slug -> data card (figures/<slug>.json written by databook.run) in one figures folder."""
    cards = {}
    for path in sorted(figures_dir.glob("*.json")) if figures_dir.is_dir() else []:
        try:
            card = _json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(card, dict) and card.get("kind") in ("figure", "table") and card.get("slug"):
            cards[card["slug"]] = card
    return cards


def expected_outputs(edition: str | None = None) -> dict[str, list[str]]:
    """The figures and tables the complete book must contain, as {"figure": [...], "table": [...]}.

    The union of: the figure/table notebooks listed in _toc.yml (notebooks/fig01-..., tab02-...),
    the snippets the chapters include (```{include} ../figures/<slug>.md```, e.g. tab01 made by
    the fig10 notebook) and the data cards the notebooks wrote. Not a list of what exists today.
    """
    slugs: set[str] = set()
    toc = _yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")) or {}

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                m = _re.fullmatch(r"notebooks/((?:fig|tab)\d+-[\w-]+)", node["file"].removesuffix(".ipynb"))
                if m:
                    slugs.add(m.group(1))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(toc)
    for chapter in sorted((ROOT / "chapters").glob("*.md")):
        slugs.update(_re.findall(r"\{include\}\s*\.\./figures/((?:fig|tab)\d+-[\w-]+)\.md",
                                 chapter.read_text(encoding="utf-8")))
    cards = figure_cards(edition_figures_dir(edition or newest_edition() or ""))
    slugs.update(cards)
    out = {"figure": [], "table": []}
    for slug in sorted(slugs):
        kind = cards[slug]["kind"] if slug in cards else ("figure" if slug.startswith("fig") else "table")
        out[kind].append(slug)
    return out


def slug_number(slug: str) -> int:
    """fig07-vaardigheden-veranderen -> 7: the number the paper (and so the book) gives it."""
    return int(_re.match(r"(?:fig|tab)(\d+)", slug).group(1))


@_pytest.fixture(scope="session")
def built_site():
    """_build/html, or skip the test: the built-book checks need a build."""
    if not (SITE / "index.html").exists():
        _pytest.skip(NOT_BUILT)
    return SITE


# -- a small DOM on top of the standard library's html.parser -------------------------------------

class HtmlNode:
    __slots__ = ("tag", "attrs", "children", "parent", "line")

    def __init__(self, tag, attrs, parent=None, line=0):
        self.tag, self.attrs, self.children, self.parent, self.line = tag, attrs, [], parent, line

    def iter(self, tag=None):
        """This node and every element below it, in document order (optionally one tag only)."""
        stack = [self]
        while stack:
            node = stack.pop()
            if tag is None or node.tag == tag:
                yield node
            stack.extend(reversed([c for c in node.children if isinstance(c, HtmlNode)]))

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child.text() if isinstance(child, HtmlNode) else child)
        return "".join(parts)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def next_element(self):
        """The next sibling element (skipping text), or None."""
        if self.parent is None:
            return None
        siblings = self.parent.children
        for child in siblings[siblings.index(self) + 1:]:
            if isinstance(child, HtmlNode):
                return child
        return None


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _TreeBuilder(_HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = HtmlNode("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = HtmlNode(tag, {k: (v if v is not None else "") for k, v in attrs}, self.stack[-1],
                        self.getpos()[0])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        node = HtmlNode(tag, {k: (v if v is not None else "") for k, v in attrs}, self.stack[-1],
                        self.getpos()[0])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(path) -> HtmlNode:
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8", errors="replace"))
    builder.close()
    return builder.root


def fail_listing(header: str, items) -> None:
    """Fail the test with header and one indented line per item (no traceback), if there are items."""
    items = list(items)
    if items:
        _pytest.fail(header.rstrip(":\n") + ":\n  " + "\n  ".join(map(str, items)), pytrace=False)


# =================================================================================================
# Offline guard, for the tests of the data layer and the fetchers (use with
# `pytestmark = pytest.mark.usefixtures("no_network")`): any connection attempt fails the test,
# even when the code under test swallows the error.
# =================================================================================================
import socket as _socket


@_pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("tests must not use the network")

    monkeypatch.setattr(_socket.socket, "connect", refuse)
    monkeypatch.setattr(_socket, "getaddrinfo", refuse)
    yield attempts
    assert not attempts, f"a test tried to open a network connection: {attempts}"


# -- one headless Chromium for the browser checks (test_book_html, test_book_screens, test_book_charts) --
import os as _os
import shutil as _shutil

CHROMIUM = _os.environ.get("BOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 # nothing leaves the machine: other hosts go to a closed proxy port and do not
                 # resolve; the browser still reports each such request, which is what we test
                 "--proxy-server=http://127.0.0.1:9",
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


@_pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads), one per test
    process; every check opens its own context (cache, storage, viewport) in it."""
    if not (SITE / "index.html").exists():
        _pytest.skip(NOT_BUILT)
    if not (Path(CHROMIUM).exists() or _shutil.which(CHROMIUM)):
        _pytest.fail(f"Chromium not found at {CHROMIUM} (Debian package 'chromium'; ./book.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@_pytest.fixture(scope="session")
def site_server(built_site):
    """The built site over http://127.0.0.1:<free port>/ (sitebrowser.SiteServer), one per test process."""
    from sitebrowser import SiteServer

    server = SiteServer(built_site)
    yield server
    server.close()


@_pytest.fixture(scope="session")
def site_browser(browser, site_server):
    """Every (page, width) loaded once per test process, for test_book_html, test_book_screens and
    test_book_charts (sitebrowser.SiteBrowser)."""
    from chartpoints import charts_of, tooltip_match
    from sitebrowser import SiteBrowser

    loader = SiteBrowser(browser, site_server, charts_of, tooltip_match)
    yield loader
    loader.close()


# -- running in parallel (pytest-xdist: `pytest -n 2 --dist loadfile`, as ./book.sh test does) ----
# Every test of one file runs in one worker, in file order (nbval's cells of one notebook depend on
# each other; module fixtures such as a built copy of the repository are made once). The files that
# load pages in the browser are split by width instead: the tests of one width, whatever their file
# (a test without a width goes with the phone's), share one worker, so that each (page, width) is
# loaded once per run and the two widths load side by side. (xdist's own `--dist loadgroup` does not
# group under pytest 9: its worker hook is not called.)
BROWSER_FILES = {"test_book_html.py", "test_book_screens.py", "test_book_charts.py"}
# A scheduling hint, not a rule: files that take longest start first, so no worker idles at the end.
SLOW_FIRST = ("test_build_integrity.py", "test_build.py", "browser-1280", "browser-390", "test_english.py",
              "test_reproducible.py", "test_book_pdf.py")
_WIDTH_IN_ID = _re.compile(r"[\[-](\d{3,4})[\]-]")


def _work_unit(nodeid: str) -> str:
    """The test file, or for the browser files "browser-<width>": the width in the test's id, else
    the phone's (the checks without JavaScript and in print load the pages at the phone width)."""
    path = nodeid.split("::", 1)[0]
    if path.rsplit("/", 1)[-1] not in BROWSER_FILES:
        return path
    from sitebrowser import PHONE, WIDTHS

    found = _WIDTH_IN_ID.search(nodeid.split("::", 1)[-1])
    return f"browser-{found.group(1) if found and int(found.group(1)) in WIDTHS else PHONE}"


def pytest_addoption(parser):
    parser.addoption("--reverse", action="store_true",
                     help="run the tests in reverse order (the files, and the tests within each file), "
                          "to check that they pass in any order")


def pytest_collection_modifyitems(config, items):
    """Slow files first (a stable sort: the order within a file stays) when distributing; everything
    reversed with --reverse."""
    if getattr(config.option, "dist", "no") in ("loadfile", "loadgroup"):
        rank = {name: i for i, name in enumerate(SLOW_FIRST)}
        items.sort(key=lambda item: rank.get(_work_unit(item.nodeid).rsplit("/", 1)[-1], len(rank)))
    if config.getoption("reverse"):  # a notebook's items (nbval) keep their order: each needs the one before
        groups: list[tuple[str, list]] = []
        for item in items:
            key = item.parent.nodeid if str(item.path).endswith(".ipynb") else item.nodeid
            if groups and groups[-1][0] == key:
                groups[-1][1].append(item)
            else:
                groups.append((key, [item]))
        items[:] = [item for _, group in reversed(groups) for item in group]


class _FileScheduler:
    """Registered only where pytest-xdist is installed and enabled (its hook is unknown otherwise)."""

    @staticmethod
    def pytest_xdist_make_scheduler(config, log):
        if config.getvalue("dist") not in ("loadfile", "loadgroup"):
            return None
        from xdist.scheduler import LoadScopeScheduling

        class FileScheduling(LoadScopeScheduling):
            """One work unit per test file, the browser files together, in collection order."""

            def _split_scope(self, nodeid: str) -> str:
                return _work_unit(nodeid)

        config.option.loadscopereorder = False
        return FileScheduling(config, log)


def pytest_configure(config):
    import nbval_outputs  # nbval's run of a notebook checked against the build's files (see there)

    if not config.pluginmanager.is_registered(nbval_outputs):
        config.pluginmanager.register(nbval_outputs, "nbval-outputs")
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_FileScheduler(), "book-file-scheduler")
    if not hasattr(config, "workerinput"):  # the main process; workers and builds inherit the variable
        _ExecutionCount.start(config)


# -- how often each notebook is executed in one test run ------------------------------------------
# Every execution (databook.execute.execute_one: the build in a copy, test_reproducible,
# test_parameters; and nbval's, see tests/nbval_outputs.py) appends the notebook's name to the file
# named by DATABOOK_EXECUTION_LOG. At the end
# of the run the counts are reported; more than MAX_EXECUTIONS of one notebook fails the run: the
# suite would grow slow with every check that runs a notebook again instead of reading the build's.
MAX_EXECUTIONS = 2


class _ExecutionCount:
    KEY = _pytest.StashKey()

    @classmethod
    def start(cls, config):
        import tempfile

        from databook.execute import EXECUTION_LOG

        if os.environ.get(EXECUTION_LOG):
            return  # set by whoever started pytest: theirs to read
        handle, name = tempfile.mkstemp(prefix="notebook-executions-", suffix=".log")
        os.close(handle)
        os.environ[EXECUTION_LOG] = name
        config.stash[cls.KEY] = Path(name)
        config.pluginmanager.register(cls(), "book-execution-count")

    @staticmethod
    def counts(config) -> dict[str, int]:
        counts: dict[str, int] = {}
        for name in config.stash[_ExecutionCount.KEY].read_text(encoding="utf-8").split():
            counts[name] = counts.get(name, 0) + 1
        return counts

    @_pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        over = {n: c for n, c in self.counts(session.config).items() if c > MAX_EXECUTIONS}
        if over and exitstatus == _pytest.ExitCode.OK:
            session.exitstatus = _pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter, config):
        counts = self.counts(config)
        terminalreporter.write_sep("-", "notebook executions in this test run")
        terminalreporter.write_line(", ".join(f"{n} {c}" for n, c in sorted(counts.items())) or "none")
        over = sorted(n for n, c in counts.items() if c > MAX_EXECUTIONS)
        if over:
            terminalreporter.write_line(f"FAILED: executed more than {MAX_EXECUTIONS} times: {', '.join(over)} "
                                        "(read the build's outputs, or execute once for several checks)",
                                        red=True)

    def pytest_unconfigure(self, config):
        config.stash[self.KEY].unlink(missing_ok=True)
