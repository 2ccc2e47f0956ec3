"""The architecture, checked: imports point down the layers of DESIGN.md and never go round.

Every import of a `toolkit` module counts, at the top of a module or inside a function
(a lazy import is still a dependency). A cycle between two modules, or between two parts
of the package (`loading` and `positions`, say), fails; so does an import that points up.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "toolkit"

# Top-level parts of `toolkit`, lowest first; a part may import its own layer and below.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"_version", "diagnostics", "kinds", "pointers", "wording", "limits", "pretty_json"})
    | {"lazy"},
    frozenset({"schemas", "positions"}),
    frozenset(
        {"loading", "validation", "rules", "suppression", "parallel", "config", "paths"}
        | {"source_edits", "writing", "gitignore", "catalog"}
    ),
    frozenset(
        {
            "pipeline",
            "jsonl_parts",
            "checking",
            "recordings",
            "api",
            "report",
            "report_lines",
            "fixing",
            "codegen",
            "codegen_post",
        }
        | {"rules_doc", "drift", "frames"}
        | {"models", "model_base", "generated"}
    ),
    frozenset(
        {"httpx_guard", "cli", "cli_models", "entry", "lint_command", "lint_options", "output"}
        | {"__main__", "__init__"}
    ),
)
# Installed inside the package from generated/ and schema/ (see pyproject.toml).
OUTSIDE = frozenset({"generated", "schemas"})
LAYER_OF = {part: index for index, layer in enumerate(LAYERS) for part in layer}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def part_of(module: str) -> str:
    """`toolkit.loading.json` -> `loading`; the package root is `__init__`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imported_modules(module: str) -> Iterator[str]:
    """The toolkit modules `module` imports (a `from toolkit.x import name` of a submodule
    counts as that submodule)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        elif _lazy_import(node):  # `imported("toolkit.rules")` (toolkit.lazy) imports too
            names = [node.args[0].value]  # type: ignore[attr-defined]
        else:
            continue
        for name in names:
            if not name.startswith("toolkit"):
                continue
            if part_of(name) in OUTSIDE:  # mapped into the package from beside it
                yield f"toolkit.{part_of(name)}"
                continue
            while name not in MODULES:  # `from toolkit.a import name` of a name in a module
                name = name.rpartition(".")[0]
            if name != module:
                yield name


def _lazy_import(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "imported"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


GRAPH = {module: set(imported_modules(module)) for module in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_part_of_the_package_has_a_layer() -> None:
    assert {part_of(module) for module in MODULES} - {"toolkit"} <= set(LAYER_OF)


def test_no_import_cycle_between_modules() -> None:
    assert cycles(GRAPH) == []


def test_no_import_cycle_between_parts_of_the_package() -> None:
    parts: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        parts.setdefault(part_of(module), set()).update(
            part_of(t) for t in targets if part_of(t) != part_of(module)
        )
    assert cycles(parts) == []


def test_imports_point_down_the_layers() -> None:
    upward = [
        f"{module} ({LAYER_OF[part_of(module)]}) imports {target} ({LAYER_OF[part_of(target)]})"
        for module, targets in GRAPH.items()
        for target in targets
        if LAYER_OF[part_of(target)] > LAYER_OF[part_of(module)]
    ]
    assert upward == []


def test_nothing_imports_the_cli() -> None:
    assert [
        m
        for m, targets in GRAPH.items()
        if "toolkit.cli" in targets and m not in ("toolkit.__main__", "toolkit.entry")
    ] == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_cycle_finder_finds_cycles(
    graph: dict[str, set[str]], expected: list[list[str]]
) -> None:
    assert cycles(graph) == expected


def test_the_import_reader_sees_lazy_and_submodule_imports() -> None:
    """Reads `from toolkit import loading` as the submodule, and imports inside functions."""
    assert "toolkit.loading" in GRAPH["toolkit.pipeline"]
    assert "toolkit.loading.files" in GRAPH["toolkit.api"]
    assert "toolkit.fixing" in GRAPH["toolkit.lint_command"]  # imported inside a function
    assert "toolkit.rules" in GRAPH["toolkit.checking"]  # imported("toolkit.rules")


def test_no_module_is_too_long() -> None:
    """One job per module (DESIGN.md): none over 400 lines; generated code is not ours."""
    long = {
        module: lines
        for module, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
