"""What `ortk generate` changes in datamodel-code-generator's output, and why.

The generator's options get most of the way (Literal values, discriminated union aliases,
docstrings, discriminator defaults, one base class); three things no option gives:

1. Absent reads as None. `--use-missing-sentinel` marks an optional field `X | MISSING`
   and a nullable one `X | None | MISSING`; pydantic's MISSING is truthy, so
   `if chunk.usage:` breaks. Both become `X | None = None`; the non-nullable ones carry
   `NON_NULL`, so an explicit null is refused exactly where the schema refuses it.
2. Closed objects warn about unknown keys. The generator writes `extra="forbid"` where the
   schema says `additionalProperties: false` and `extra="allow"` where it says true; the
   first become `ClosedModel`s (keep the key, raise `UnknownFieldWarning`), the rest
   plain `PayloadModel`s. The config itself lives in the base classes.
3. Every field documents itself. A field that only references a definition takes the
   docstring of that definition; a deprecated field's runtime warning says what to use
   instead (its schema description).

The edits are made on the source text at the positions `ast` gives, so the rest of the
generator's formatting is kept; the output is a function of the input alone.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

BASE = "PayloadModel"
CLOSED = "ClosedModel"
MARKER = "NON_NULL"
BASE_MODULE = "toolkit.model_base"


@dataclass
class _Module:
    """One generated module: its text, its tree, and what other modules may look up in it."""

    name: str
    source: str
    tree: ast.Module
    aliases: dict[str, ast.expr] = field(default_factory=dict)
    docstrings: dict[str, str] = field(default_factory=dict)
    deprecated: set[str] = field(default_factory=set)


def transform(sources: dict[str, str]) -> dict[str, str]:
    """Module name (`request_schema`) -> generated source, rewritten as the docstring says."""
    modules = {name: _read(name, text) for name, text in sources.items()}
    return {name: _rewrite(module, modules) for name, module in modules.items()}


def _read(name: str, source: str) -> _Module:
    module = _Module(name, source, ast.parse(source))
    body = module.tree.body
    for index, node in enumerate(body):
        target: str | None
        if isinstance(node, ast.ClassDef):
            target, doc = node.name, ast.get_docstring(node, clean=True)
        elif (target := _alias_target(node)) is not None:
            assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
            module.aliases[target] = node.value.args[1]
            doc = _docstring_after(body, index)
            if any(k.arg == "deprecated" for k in _field_keywords(node.value.args[1])):
                module.deprecated.add(target)
        else:
            continue
        if doc:
            module.docstrings[target] = doc
    return module


def _alias_target(node: ast.stmt) -> str | None:
    """`Name = TypeAliasType("Name", ...)`: the alias name."""
    if (
        isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "TypeAliasType"
        and isinstance(node.targets[0], ast.Name)
    ):
        return node.targets[0].id
    return None


def _docstring_after(body: list[ast.stmt], index: int) -> str | None:
    if index + 1 < len(body):
        following = body[index + 1]
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            return following.value.value.strip()
    return None


# --- rewriting ---------------------------------------------------------------------------


def _rewrite(module: _Module, modules: dict[str, _Module]) -> str:
    lines = module.source.encode().splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    edits: list[tuple[int, int, str]] = []

    def span(node: Any, whole_lines: bool = False) -> tuple[int, int]:
        if whole_lines:
            return starts[node.lineno - 1], starts[node.end_lineno]
        return (
            starts[node.lineno - 1] + node.col_offset,
            starts[node.end_lineno - 1] + node.end_col_offset,
        )

    used: set[str] = set()
    for node in module.tree.body:
        if isinstance(node, ast.ClassDef) and any(_is_name(b, BASE) for b in node.bases):
            edits.extend(_rewrite_class(node, module, modules, span, used))
        elif _alias_target(node) in module.deprecated:
            # pydantic ignores (and warns about) `deprecated` on a type alias: the fields
            # that use the alias carry it instead (see _rewrite_field)
            assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
            node.value.args[1] = _without_deprecated(node.value.args[1])
            edits.append((*span(node), ast.unparse(node)))
    if any("Annotated[" in replacement for _, _, replacement in edits):
        used.add("Annotated")
    for node in module.tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "pydantic":
            # (MISSING is gone, and so is every model_config: the base classes hold it)
            node.names = [a for a in node.names if a.name not in ("MISSING", "ConfigDict")]
            edits.append((*span(node), ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom) and node.module == BASE_MODULE:
            node.names = [ast.alias(n) for n in sorted(used - {"Annotated"})]
            edits.append((*span(node), ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom) and node.module == "typing" and "Annotated" in used:
            names = {a.name for a in node.names} | {"Annotated"}
            node.names = [ast.alias(n) for n in sorted(names)]
            edits.append((*span(node), ast.unparse(node)))
    text = module.source.encode()
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement.encode() + text[end:]
    return text.decode()


def _rewrite_class(
    node: ast.ClassDef,
    module: _Module,
    modules: dict[str, _Module],
    span: Any,
    used: set[str],
) -> Iterator[tuple[int, int, str]]:
    for index, statement in enumerate(node.body):
        if _is_config(statement):
            assert isinstance(statement, ast.Assign)
            if _config_extra(statement) == "forbid":
                base = next(b for b in node.bases if _is_name(b, BASE))
                used.add(CLOSED)
                yield (*span(base), CLOSED)
            else:
                used.add(BASE)
            yield (*span(statement, whole_lines=True), "")
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            rewritten = _rewrite_field(statement, node.body, index, module, modules, used)
            if rewritten is not None:
                yield (*span(statement), rewritten)


def _rewrite_field(
    statement: ast.AnnAssign,
    body: list[ast.stmt],
    index: int,
    module: _Module,
    modules: dict[str, _Module],
    used: set[str],
) -> str | None:
    annotation = statement.annotation
    docstring = _docstring_after(body, index)
    const = _const_value(annotation)
    changed = False
    if isinstance(statement.value, ast.Name) and statement.value.id == "MISSING":
        annotation = _absent_reads_none(annotation, module, modules, used)
        statement.value = ast.Constant(None)
        changed = True
    for keyword in _field_keywords(annotation):
        if keyword.arg == "deprecated" and docstring:
            keyword.value = ast.Constant(docstring)
            changed = True
    referenced = _referenced(annotation, module, modules)
    if referenced is not None and referenced[1] in referenced[0].deprecated:
        message = referenced[0].docstrings.get(referenced[1], "deprecated")
        annotation = _annotated(annotation, [_field_call(deprecated=message)])
        changed = True
    suffix = ""
    if docstring is None:
        inherited = referenced and referenced[0].docstrings.get(referenced[1])
        if const is not None and statement.value is not None:
            # a discriminator or constant the schema does not describe: say what it holds
            fixed = json.dumps(const)
            required = not (
                isinstance(statement.value, ast.Constant) and statement.value.value is None
            )
            inherited = f"Always {fixed} (the default)." if required else f"{fixed} when present."
        if inherited:
            text = inherited.replace("\\", "\\\\").replace('"""', '\\"""')
            suffix = '\n    """\n    ' + text.replace("\n", "\n    ") + '\n    """'
    if not changed and not suffix:
        return None
    statement.annotation = annotation
    return ast.unparse(statement) + suffix


def _const_value(annotation: ast.expr) -> str | None:
    """The one value of `Literal["x"]` (alone, or beside None or MISSING), else None."""
    if _is_annotated(annotation):
        assert isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Tuple)
        annotation = annotation.slice.elts[0]
    members = [
        m
        for m in _union_members(annotation)
        if not (_is_name(m, "MISSING") or (isinstance(m, ast.Constant) and m.value is None))
    ]
    if len(members) == 1 and isinstance(members[0], ast.Subscript):
        literal = members[0]
        if _is_name(literal.value, "Literal") and isinstance(literal.slice, ast.Constant):
            return str(literal.slice.value)
    return None


def _absent_reads_none(
    annotation: ast.expr, module: _Module, modules: dict[str, _Module], used: set[str]
) -> ast.expr:
    """`X | MISSING` -> `Annotated[X | None, NON_NULL]`; `X | None | MISSING` -> `X | None`."""
    inner, metadata = annotation, []
    if _is_annotated(annotation):
        assert isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Tuple)
        inner, *metadata = annotation.slice.elts
    members = [m for m in _union_members(inner) if not _is_name(m, "MISSING")]
    if any(_admits_none(m, module, modules) for m in members):
        kept = _union(members)
        if not metadata:
            return kept
        return _annotated(kept, metadata)
    used.add(MARKER)
    return _annotated(_union([*members, ast.Constant(None)]), [*metadata, ast.Name(MARKER)])


def _admits_none(node: ast.expr, module: _Module, modules: dict[str, _Module]) -> bool:
    """Whether the type `node` accepts None (following the aliases of the generated modules)."""
    if isinstance(node, ast.Constant):
        return node.value is None
    if isinstance(node, ast.BinOp):
        return _admits_none(node.left, module, modules) or _admits_none(node.right, module, modules)
    if isinstance(node, ast.Subscript):
        if _is_annotated(node):
            assert isinstance(node.slice, ast.Tuple)
            return _admits_none(node.slice.elts[0], module, modules)
        if _is_name(node.value, "Literal"):
            values = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return any(isinstance(v, ast.Constant) and v.value is None for v in values)
        return _is_name(node.value, "Optional")
    target = _lookup(node, module, modules)
    if target is not None:
        owner, name = target
        if name in owner.aliases:
            return _admits_none(owner.aliases[name], owner, modules)
    return False


def _referenced(
    annotation: ast.expr, module: _Module, modules: dict[str, _Module]
) -> tuple[_Module, str] | None:
    """The one definition (module, name) the field's type names besides None, if one."""
    inner = annotation
    if _is_annotated(inner):
        assert isinstance(inner, ast.Subscript) and isinstance(inner.slice, ast.Tuple)
        inner = inner.slice.elts[0]
    named = [
        m
        for m in _union_members(inner)
        if not (isinstance(m, ast.Constant) or _is_name(m, "MISSING"))
    ]
    if len(named) != 1:
        return None
    return _lookup(named[0], module, modules)


def _lookup(
    node: ast.expr, module: _Module, modules: dict[str, _Module]
) -> tuple[_Module, str] | None:
    """`Name` or `other_module.Name` -> (the generated module defining it, the name)."""
    if isinstance(node, ast.Name):
        return module, node.id
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
    ):
        return modules[node.value.id], node.attr
    return None


# --- small AST helpers -----------------------------------------------------------------------


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _is_annotated(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Subscript)
        and _is_name(node.value, "Annotated")
        and isinstance(node.slice, ast.Tuple)
    )


def _union_members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_union_members(node.left), *_union_members(node.right)]
    return [node]


def _union(members: list[ast.expr]) -> ast.expr:
    result = members[0]
    for member in members[1:]:
        result = ast.BinOp(result, ast.BitOr(), member)
    return result


def _annotated(inner: ast.expr, metadata: list[ast.expr]) -> ast.expr:
    if _is_annotated(inner):  # Annotated[Annotated[X, a], b] is Annotated[X, a, b]
        assert isinstance(inner, ast.Subscript) and isinstance(inner.slice, ast.Tuple)
        metadata = [*inner.slice.elts[1:], *metadata]
        inner = inner.slice.elts[0]
    return ast.Subscript(ast.Name("Annotated"), ast.Tuple([inner, *metadata]))


def _field_call(**keywords: str) -> ast.Call:
    return ast.Call(
        ast.Name("Field"), [], [ast.keyword(k, ast.Constant(v)) for k, v in keywords.items()]
    )


def _without_deprecated(annotation: ast.expr) -> ast.expr:
    """`Annotated[X, Field(deprecated=True, ...)]` without the `deprecated`."""
    assert isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Tuple)
    inner, *metadata = annotation.slice.elts
    kept: list[ast.expr] = []
    for meta in metadata:
        if isinstance(meta, ast.Call) and _is_name(meta.func, "Field"):
            meta.keywords = [k for k in meta.keywords if k.arg != "deprecated"]
            if not meta.keywords and not meta.args:
                continue
        kept.append(meta)
    return ast.Subscript(ast.Name("Annotated"), ast.Tuple([inner, *kept])) if kept else inner


def _field_keywords(annotation: ast.expr) -> list[ast.keyword]:
    if not _is_annotated(annotation):
        return []
    assert isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Tuple)
    return [
        keyword
        for meta in annotation.slice.elts[1:]
        if isinstance(meta, ast.Call) and _is_name(meta.func, "Field")
        for keyword in meta.keywords
    ]


def _is_config(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Assign)
        and _is_name(statement.targets[0], "model_config")
        and isinstance(statement.value, ast.Call)
    )


def _config_extra(statement: ast.Assign) -> str | None:
    assert isinstance(statement.value, ast.Call)
    for keyword in statement.value.keywords:
        if keyword.arg == "extra" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    return None
