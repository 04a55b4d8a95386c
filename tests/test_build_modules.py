"""The databook package: one module per concern and no import cycle, counting imports made inside
functions too (a cycle hidden in a function is still a cycle)."""
import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "databook"


def imports(module: Path) -> set[str]:
    """The databook modules `module` imports, wherever in the file."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("databook."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("databook."))
    return {name for name in found if (PACKAGE / f"{name}.py").exists()}


def graph() -> dict[str, set[str]]:
    return {p.stem: imports(p) - {p.stem} for p in PACKAGE.glob("*.py") if p.stem != "__main__"}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_databook():
    assert cycles(graph()) == []


def test_the_build_steps_are_modules_of_their_own():
    edges = graph()
    for step in ("cli", "layout", "cache", "execute", "stage", "render", "site", "publish", "pages",
                 "newedition"):
        assert step in edges, f"databook/{step}.py"
    # the layout and the cache keys know nothing of rendering or publishing
    assert not edges["layout"] & {"build", "execute", "stage", "render", "site", "publish", "pages"}
    assert not edges["cache"] & {"build", "execute", "stage", "render", "site", "publish", "pages"}
    # nothing but the command line imports the command line or the orchestration
    assert [m for m, e in edges.items() if "cli" in e] == []
    assert [m for m, e in edges.items() if "build" in e] == ["cli"]


def test_staging_a_tree_removes_stale_files_of_its_kind_only(tmp_path):
    """The staged catalogues (*.po) are synced; the .mo files Sphinx compiles beside them are not
    stale sources: removing them marked the English book changed at every second build."""
    from databook.stage import sync_tree

    src, dst = tmp_path / "src", tmp_path / "dst"
    (src / "chapters").mkdir(parents=True)
    (src / "chapters" / "a.po").write_text("a")
    assert sync_tree(src, dst, "*.po") == [dst / "chapters" / "a.po"]
    (dst / "chapters" / "a.mo").write_bytes(b"compiled")
    (dst / "chapters" / "gone.po").write_text("old")
    assert sync_tree(src, dst, "*.po") == [dst / "chapters" / "gone.po"]
    assert (dst / "chapters" / "a.mo").exists() and not (dst / "chapters" / "gone.po").exists()
    assert sync_tree(src, dst, "*.po") == []
