"""The generator's imports point one way: model at the bottom, the command line at the top (issue 15).

Every import is read from the source, lazy ones inside functions included, so a deferred import
cannot hide a layer pointing up or a cycle.
"""
from __future__ import annotations

import ast
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent

#: Layers from the bottom; a module may import its own layer and those below it.
LAYERS = [
    {"config", "resources", "terms", "grammar", "fmt", "doc", "model", "interrupt"},
    {"load"},
    {"check", "sections"},
    {"charts"},
    {"writers"},
    {"manifest", "outputs", "replacement", "review", "newyear", "lock", "docxread", "editions", "writeset"},
    {"pipeline"},
    {"preview"},
    {"cli", "messages", "console", "__main__"},
]


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else module
    for rank, names in enumerate(LAYERS):
        if top in names:
            return rank
    raise AssertionError(f"{module}: no layer is given for generator.{top} in tests/test_layers.py")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, name: str, is_package: bool) -> set[str]:
    """The generator modules a file imports, wherever in the file the import stands."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("generator.")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.startswith("generator"):
                out |= {f"{base}.{a.name}" for a in node.names} | {base}
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        targets = _imports(path, name, path.name == "__init__.py")
        graph[name] = {t for t in targets if t in modules and t != name and not name.startswith(t + ".")}
    return graph


def test_every_module_has_a_layer():
    for name in _modules():
        if name != "generator":
            _layer(name)


def test_no_import_points_up_a_layer():
    upward = [f"{src} imports {dst}" for src, targets in _graph().items() if src != "generator"
              for dst in targets if dst != "generator" and _layer(dst) > _layer(src)]
    assert upward == []


def test_no_modules_import_each_other_round_in_a_circle():
    graph = _graph()
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(" -> ".join([*path[path.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_the_layer_test_sees_lazy_and_relative_imports(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from generator.writers import pdf\nfrom . import fmt\n")
    assert _imports(source, "generator.model.mod", False) >= {"generator.writers.pdf", "generator.model.fmt"}
