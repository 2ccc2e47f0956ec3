"""`[tool.ortk]` in pyproject.toml (or `ortk.toml`/`.ortk.toml`): which codes run, how
severe they are, which files.

Modelled on ruff: `select`/`ignore` take code prefixes and the more specific one
wins; the command line's selection is a later layer that wins over the file's for
the codes it names; `[tool.ortk.severity]` overrides the severity of a code or a
prefix (the more specific wins; "off" turns it off);
`[tool.ortk.per-file-ignores]` maps file globs to ignored prefixes, each optionally
scoped to a JSON Pointer (``"ORT201@/max_tokens"``; see `toolkit.suppression`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.diagnostics import Severity


class ConfigError(Exception):
    """A bad `[tool.ortk]` table or option: a usage error (exit code 2)."""


_KEYS = ("include", "exclude", "select", "ignore", "severity", "per-file-ignores", "models")
_SEVERITIES = ("error", "warning", "info", "off")


@dataclass(frozen=True)
class Selection:
    """One layer of code selection (the command line's, over the config's): `select`
    starts afresh (None: keep what the layers below decided), `extend_select` adds,
    `ignore` removes; within a layer the most specific prefix wins, `ignore` on a tie."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def decide(self, code: str, below: bool) -> bool:
        return _decide(code, below, self.select, self.extend_select, self.ignore)


def _decide(
    code: str,
    below: bool,
    select: tuple[str, ...] | None,
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> bool:
    """One layer's decision (see `Selection`): the longest matching prefix wins."""
    chosen = -1
    for prefix in (*select, *extend_select) if select is not None else extend_select:
        if len(prefix) > chosen and code.startswith(prefix):
            chosen = len(prefix)
    ignored = -1
    for prefix in ignore:
        if len(prefix) > ignored and code.startswith(prefix):
            ignored = len(prefix)
    if ignored >= 0 and ignored >= chosen:
        return False
    if chosen >= 0:
        return True
    return False if select is not None else below


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ORT",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    source: Path | None = None  # the file it came from
    overrides: tuple[Selection, ...] = ()  # the command line's, applied over the file's
    # the model catalog (ORT4xx): None the bundled one, a path (a GET /api/v1/models
    # response, relative to the config file), False for no model checks; the library
    # also takes a loaded `toolkit.catalog.Catalog` (see `toolkit.catalog.catalog_for`)
    models: Any = None

    @property
    def root(self) -> str | None:
        """The directory path patterns are relative to: the config file's (as in ruff)."""
        return None if self.source is None else os.path.dirname(os.path.abspath(self.source))

    def enabled(self, code: str) -> bool:
        if self._severity_override(code) == "off":
            return False
        state = _decide(code, False, self.select, (), self.ignore)
        for layer in self.overrides:
            state = layer.decide(code, state)
        return state

    def severity_of(self, code: str, default: Severity) -> Severity:
        override = self._severity_override(code)
        return Severity(override) if override and override != "off" else default

    def _severity_override(self, code: str) -> str | None:
        """The severity set for `code` or for its most specific prefix (`ORT1 = "error"`)."""
        if not self.severity:
            return None
        matches = [prefix for prefix in self.severity if code.startswith(prefix)]
        return self.severity[max(matches, key=len)] if matches else None

    def with_overrides(
        self,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        extend_select: Iterable[str] = (),
    ) -> Config:
        """The command line over the config: --select starts the selection afresh (so it
        wins over the config's `ignore` for the codes it names), --extend-select adds to
        it, --ignore removes from it."""
        select, ignore, extend = tuple(select), tuple(ignore), tuple(extend_select)
        _check_codes(select, "--select")
        _check_codes(ignore, "--ignore")
        _check_codes(extend, "--extend-select")
        if not (select or ignore or extend):
            return self
        layer = Selection(select or None, extend, ignore)
        return replace(self, overrides=(*self.overrides, layer))


# In each directory, from the nearest up: the first of these that holds ortk's settings
# (as ruff looks for .ruff.toml, ruff.toml, then pyproject.toml with [tool.ruff]).
CONFIG_NAMES = (".ortk.toml", "ortk.toml", "pyproject.toml")


def find_config(start: Path) -> Path | None:
    """The nearest `.ortk.toml` or `ortk.toml`, or `pyproject.toml` *with* `[tool.ortk]`
    (a pyproject.toml of another tool's does not stop the search)."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or _has_our_table(candidate):
                return candidate
    return None


def find_pyproject(start: Path) -> Path | None:  # (the older name)
    return find_config(start)


def _has_our_table(pyproject: Path) -> bool:
    """Whether the search stops at this pyproject.toml: it has `[tool.ortk]`, or it is
    broken in a way that concerns ortk (load_config then says what is wrong with it)."""
    from toolkit.loading.files import read_bytes
    from toolkit.loading.payload import LoadProblem

    try:
        text = read_bytes(str(pyproject)).decode("utf-8")  # (a FIFO is never opened)
    except (LoadProblem, UnicodeDecodeError):
        return True
    if not _may_hold_our_table(text):
        return False
    import tomllib

    try:
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return True  # it mentions our table: load_config reports the bad TOML
    tool = document.get("tool")
    return tool is not None and (not isinstance(tool, dict) or "ortk" in tool)


def load_config(path: str | Path | None = None, start: Path | None = None) -> Config:
    """The config in `path`, else the nearest one above `start` (or cwd; see `find_config`)."""
    if path is None:
        found = find_config((start or Path.cwd()).resolve())
        if found is None:
            return Config()
        file, explicit = found, False
    else:
        file, explicit = Path(path), True
    from toolkit.loading.files import read_bytes
    from toolkit.loading.payload import LoadProblem

    try:
        text = read_bytes(str(file)).decode("utf-8")
    except LoadProblem as error:  # missing, a FIFO, a device: never opened to block
        raise ConfigError(f"cannot read {file}: {error.message}") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{file} is not valid TOML: {error}") from error
    if not explicit and file.name == "pyproject.toml" and not _may_hold_our_table(text):
        return Config(source=file)  # another project's pyproject.toml: not ours to parse
    import tomllib  # (only now: most runs find no table of ours)

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{file} is not valid TOML: {error}") from error
    except RecursionError as error:
        raise ConfigError(f"{file} is not valid TOML: nested too deeply") from error
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"`tool` in {file} must be a table ([tool.ortk]), not {tool!r:.40}")
    table = tool.get("ortk")
    if table is None:
        if file.name != "pyproject.toml":
            table = document  # a dedicated ortk.toml holds the keys at its top level
        else:
            return Config(source=file)
    return parse_table(table, file)


# `[tool.ortk]`, `[tool.ortk.severity]`, `tool.ortk.select = ...`, `[tool."ortk"]`; a
# `[tool]` table or `tool = {...}` may hold `ortk` too. Anything else that mentions ortk
# (it is a dependency, say) is not worth importing and running the TOML parser for.
_OUR_TABLE = re.compile(r"""tool\s*\.\s*["']?ortk\b|^\s*(\[\s*tool\s*\]|tool\s*=)""", re.MULTILINE)


def _may_hold_our_table(text: str) -> bool:
    return "ortk" in text and _OUR_TABLE.search(text) is not None


def parse_table(table: Any, source: Path | None = None) -> Config:
    where = f"[tool.ortk] in {source}" if source else "[tool.ortk]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    for key in table:
        if key not in _KEYS:
            raise ConfigError(f"unknown key `{key}` in {where}; expected one of {', '.join(_KEYS)}")
    select = _strings(table, "select", where) or ("ORT",)
    ignore = _strings(table, "ignore", where)
    _check_codes(select, f"`select` in {where}")
    _check_codes(ignore, f"`ignore` in {where}")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"`severity` in {where} must be a table of code = severity")
    for code, level in severity.items():
        _check_codes((code,), f"`severity` in {where}")  # a code or a prefix
        if level not in _SEVERITIES:
            raise ConfigError(
                f"severity of {code} in {where} is {level!r}; expected one of "
                f"{', '.join(_SEVERITIES)}"
            )
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"`per-file-ignores` in {where} must be a table of glob = [codes]")
    per_file_ignores = {}
    for pattern, codes in per_file.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(
                f"per-file-ignores for {pattern!r} in {where} must be a list of codes"
            )
        for selector in codes:
            code, at, pointer = selector.partition("@")
            _check_codes((code,), f"per-file-ignores for {pattern!r} in {where}")
            if at and not (pointer == "" or pointer.startswith("/")):
                raise ConfigError(
                    f"per-file-ignores for {pattern!r} in {where}: {selector!r} "
                    "needs a JSON Pointer after @, such as ORT201@/max_tokens"
                )
        per_file_ignores[pattern] = tuple(codes)
    return Config(
        select=select,
        ignore=ignore,
        severity=dict(severity),
        per_file_ignores=per_file_ignores,
        models=_models(table, source, where),
        include=_strings(table, "include", where),
        exclude=_strings(table, "exclude", where),
        source=source,
    )


def _models(table: dict[str, Any], source: Path | None, where: str) -> str | bool | None:
    """`models = "path"` (relative to the config file) or `models = false`."""
    value = table.get("models")
    if value is None or value is False:
        return value
    if not isinstance(value, str) or not value:
        raise ConfigError(
            f"`models` in {where} must be the path of a GET /api/v1/models response, or false"
        )
    return str(source.parent / value) if source is not None else value


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"`{key}` in {where} must be a list of strings")
    return tuple(value)


def _check_codes(codes: Iterable[str], where: str, exact: bool = False) -> None:
    codes = tuple(codes)
    if not codes:
        return  # (BY_CODE, every rule, imports the rules of every kind)
    from toolkit.rules import BY_CODE

    for code in codes:
        known = code in BY_CODE if exact else any(c.startswith(code) for c in BY_CODE)
        if not known:
            raise ConfigError(
                f"{where}: {code!r} is not a rule code"
                + ("" if exact else " or prefix")
                + " (see `ortk rules`)"
            )
