"""What a rule is, what a check knows, and which checks a payload needs.

A check takes a payload (a dict that may be anything the schema would reject, so it reads
defensively) and its `RuleContext`, and yields `Finding`s; its docstring is its
documentation (`ortk explain CODE`). The code table itself is `toolkit.rules.RULES`.
"""

from __future__ import annotations

import _thread
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from toolkit.diagnostics import Finding, Severity
from toolkit.kinds import PayloadKind

T = TypeVar("T")
_Check = TypeVar("_Check", bound=Callable[..., Any])

BUILTIN_SOURCE = "toolkit/rules/builtin.py"
_ROOT = Path(__file__).resolve().parents[2]  # the directory that holds `toolkit/`


@dataclass
class RuleContext:
    """What a check knows besides its payload; one per payload. Analyses that several
    rules share are computed once per payload here, never cached across payloads."""

    kind: str = "request"  # the payload kind (a toolkit.kinds.PayloadKind value)
    catalog: Any = None  # the model catalog, for model checks (later work)
    request: dict[str, Any] | None = None  # for pair checks: the request a response answers
    stream: Any = None  # for pair checks on a streamed response: its assembly (rules.assembly)
    # the payload was parsed from a document: JSON's types only (a caller's dict may hold a
    # tuple where JSON has an array), so what a rule found may be remembered by its text
    from_text: bool = False
    _shared: dict[Any, Any] = field(default_factory=dict, repr=False)

    def shared(
        self, analysis: Callable[[dict[str, Any], RuleContext], T], payload: dict[str, Any]
    ) -> T:
        """`analysis(payload, context)`, computed once per payload and context."""
        entry = self._shared.get(analysis)
        if entry is not None and entry[0] is payload:  # (the entry holds the payload alive)
            result: T = entry[1]
            return result
        result = analysis(payload, self)
        self._shared[analysis] = (payload, result)
        return result


Check = Callable[[dict[str, Any], RuleContext], Iterable[Finding]]
# A stream check sees one SSE event at a time and a state it shares (rules/stream.py).
StreamCheck = Callable[[Any, Any], Iterable[Finding]]


def when_present(*keys: str) -> Callable[[_Check], _Check]:
    """The top-level keys a payload needs (any one of them) for the rule to find anything.

    Most requests set few optional fields, so most rules are skipped without being
    called; a test checks that no rule ever finds something with its keys absent.
    """

    def mark(check: _Check) -> _Check:
        setattr(check, "triggers", frozenset(keys))  # noqa: B010 (a function attribute)
        return check

    return mark


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    docstring: str  # as written (`doc` is it cleaned: only explain and the docs read it)
    kinds: tuple[str, ...] = ()  # payload kinds a check runs on; () for built-in codes
    check: Check | StreamCheck | None = None
    fixable: bool = False
    # top-level keys of which a payload needs one for the check to run (empty: always runs)
    triggers: frozenset[str] = frozenset()
    # where a built-in code is implemented (a check's place is its function's module)
    source_file: str = BUILTIN_SOURCE

    @property
    def doc(self) -> str:
        """The documentation (`ortk explain CODE`), indentation removed."""
        import inspect

        return inspect.cleandoc(self.docstring)

    @property
    def source(self) -> str:
        """The module that implements the rule, relative to the repository root."""
        if self.check is None:
            return self.source_file
        module = self.check.__module__
        file = getattr(sys.modules.get(module), "__file__", None)
        if file is not None:
            path = Path(file).resolve()
            if path.is_relative_to(_ROOT):
                return path.relative_to(_ROOT).as_posix()
        return module.replace(".", "/") + ".py"

    @property
    def summary(self) -> str:
        """The first sentence of "What it does"."""
        lines = [line.strip() for line in self.doc.strip().splitlines()]
        start = lines.index("## What it does") + 1
        paragraph: list[str] = []
        for line in lines[start:]:
            if line.startswith("#") or (not line and paragraph):
                break
            if line:
                paragraph.append(line)
        text = " ".join(paragraph)
        end = text.find(". ")
        return text[: end + 1] if end >= 0 else text


def check_rule(
    code: str,
    check: Check | StreamCheck,
    kinds: tuple[str, ...],
    severity: Severity = Severity.ERROR,
    fixable: bool = False,
) -> Rule:
    """The row of a code reported by a check function (its name and docs are the function's)."""
    return Rule(
        code,
        check.__name__.replace("_", "-"),
        severity,
        check.__doc__ or "",
        kinds,
        check,
        fixable,
        getattr(check, "triggers", frozenset()),
    )


class RuleTable:
    """The rules of a code table, by code and by the payloads they can find something in.

    `later` gives the rows that no request needs (imported on first use: see
    `load_later`); until then the table holds the rules of requests only.
    """

    def __init__(
        self, rules: tuple[Rule, ...], later: Callable[[], tuple[Rule, ...]] | None = None
    ) -> None:
        self.rules = rules
        self.by_code: dict[str, Rule] = {rule.code: rule for rule in rules}
        self._later = later
        self._lock = _thread.allocate_lock()
        self._checks: dict[str, tuple[Rule, ...]] = {}
        self._runnable: dict[tuple[str, frozenset[str]], tuple[Rule, ...]] = {}

    def load_later(self) -> None:
        """Add the rows of `later`, in code order (once; the same dict `by_code` grows)."""
        with self._lock:
            if self._later is None:
                return
            more = self._later()
            if any(PayloadKind.REQUEST in rule.kinds for rule in more):
                raise ValueError("a rule of requests must be in the table from the start")
            self.rules = tuple(sorted((*self.rules, *more), key=lambda rule: rule.code))
            by_code = {rule.code: rule for rule in self.rules}
            self.by_code.clear()
            self.by_code.update(by_code)
            self._later = None

    def checks_for(self, kind: str) -> tuple[Rule, ...]:
        """The rules with a check for payloads of `kind` (computed once per kind)."""
        checks = self._checks.get(kind)
        if checks is None:
            if kind != PayloadKind.REQUEST:
                self.load_later()
            checks = self._checks[kind] = tuple(
                rule for rule in self.rules if rule.check is not None and kind in rule.kinds
            )
        return checks

    def checks_for_payload(self, kind: str, keys: frozenset[str]) -> tuple[Rule, ...]:
        """The checks of `kind` that can find something in a payload with these top-level
        keys (remembered per set of keys: a corpus has few of them)."""
        runnable = self._runnable.get((kind, keys))
        if runnable is None:
            runnable = tuple(
                rule
                for rule in self.checks_for(kind)
                if not rule.triggers or not rule.triggers.isdisjoint(keys)
            )
            if len(self._runnable) < 4096 and len(keys) <= 64:  # (bounded, whatever the input)
                self._runnable[(kind, keys)] = runnable
        return runnable
