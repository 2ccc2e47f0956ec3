"""The report's fast paths write what the one-diagnostic-at-a-time paths write, and a
diagnostic comes back from a worker process equal to what it sent.

The fast paths check a whole report at once (is every text printable? does any message
have a line break?) and, when it is so, write each line in one step; these tests feed
them the texts that make them hand over: control characters, lone surrogates, every line
break `str.splitlines` knows, non-ASCII, in every field, and fixes whose operations hold
such keys and values.
"""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import diagnostics, report
from toolkit.diagnostics import Diagnostic, Fix, Report, Severity, format_line
from toolkit.report import FORMATS
from toolkit.report_lines import fixable

HOSTILE = [
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\t",
    "\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\u2028",
    "\u2029",
    "\ud800",
    "\udcff",
    "\\",
    "é",
    "\u00a0",
    "😀",
]
texts = st.text(alphabet=st.sampled_from([*HOSTILE, "a", "/", " ", ".", "y"]), max_size=8)
plain = st.text(alphabet="abc/._ ", max_size=8)  # (most reports: nothing to escape)
some_text = plain | texts
values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.integers(-5, 5) | some_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(some_text, children, max_size=3)
    ),
    max_leaves=6,
)
fixes = st.none() | st.builds(
    Fix,
    some_text,
    st.lists(st.dictionaries(some_text, values, max_size=3), max_size=2).map(tuple),
)
files = st.none() | st.sampled_from(["", "<payload>", "<stdin>", "a.json", "b.yaml"]) | some_text
lines = st.none() | st.integers(1, 9)
diagnostic = st.builds(
    Diagnostic,
    code=st.sampled_from(["ORT101", "ORT201", "ORT210"]),
    severity=st.sampled_from(list(Severity)),
    pointer=some_text,
    message=some_text,
    file=files,
    record=lines,
    line=lines,
    column=lines,
    fix=fixes,
    part=st.none() | st.sampled_from(["request", "response"]),
    event=st.none() | st.integers(1, 3),
)
reports = st.builds(
    Report,
    diagnostics=st.lists(diagnostic, max_size=6),
    files_checked=st.integers(0, 3),
    payloads_checked=st.integers(0, 3),
    payloads_by_file=st.dictionaries(files.filter(bool), st.integers(0, 3), max_size=2),
)


def one_at_a_time(found: list[Diagnostic]) -> tuple[list[str], int]:
    """The text lines as `format_line` writes them, one diagnostic at a time."""
    return [format_line(d, fixable=fixable(d)) for d in found], sum(map(fixable, found))


@settings(max_examples=300, deadline=None)
@given(found=reports)
def test_every_format_writes_what_the_slow_paths_write(found: Report) -> None:
    fast = {name: render(found) for name, render in FORMATS.items()}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(diagnostics, "_all_printable", lambda report, operations: False)
        patch.setattr(report, "concise_lines", one_at_a_time)
        assert fast == {name: render(found) for name, render in FORMATS.items()}


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("field", ["file", "pointer", "message", "description", "key", "value"])
def test_one_hostile_character_anywhere_is_escaped_as_before(text: str, field: str) -> None:
    def make(value: str) -> Diagnostic:
        operation: dict[str, Any] = {"op": "add", "path": "/x", "value": "v"}
        if field == "key":
            operation[value] = 1
        elif field == "value":
            operation["value"] = {"nested": [value]}
        return Diagnostic(
            "ORT201",
            Severity.WARNING,
            value if field == "pointer" else "/x",
            value if field == "message" else "m",
            file=value if field == "file" else "f.json",
            line=1,
            column=1,
            fix=Fix(value if field == "description" else "d", (operation,)),
        )

    found = Report([make("ok"), make(f"a{text}b")], payloads_by_file={"f.json": 1})
    fast = {name: render(found) for name, render in FORMATS.items()}
    if diagnostics.printable(text) != text:  # never written raw
        assert not [name for name, written in fast.items() if text in written]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(diagnostics, "_all_printable", lambda report, operations: False)
        patch.setattr(report, "concise_lines", one_at_a_time)
        assert fast == {name: render(found) for name, render in FORMATS.items()}


def test_a_clean_report_is_not_copied() -> None:
    found = Report(
        [Diagnostic("ORT201", Severity.WARNING, "/max_tokens", "déprécié", file="a.json")],
        payloads_by_file={"a.json": 1},
    )
    assert diagnostics.printable_report(found) is found
    found.diagnostics.append(Diagnostic("ORT201", Severity.WARNING, "/x\x1b", "m", file="a"))
    assert diagnostics.printable_report(found) is not found


@settings(max_examples=200, deadline=None)
@given(found=st.lists(diagnostic, max_size=5))
def test_diagnostics_come_back_from_a_pickle_equal(found: list[Diagnostic]) -> None:
    again = pickle.loads(pickle.dumps(found, pickle.HIGHEST_PROTOCOL))
    assert again == found
    assert all(type(d) is Diagnostic for d in again)
    assert all(a.fix is None or type(a.fix) is Fix for a in again)


def test_a_pickled_diagnostic_is_its_fields() -> None:
    """(Not the frozen dataclass's state: a diagnostic is made again by its constructor.)"""
    d = Diagnostic("ORT201", Severity.WARNING, "/p", "m", "f.json", None, 2, 3, Fix("d", ()))
    assert d.__reduce__()[0] is Diagnostic
    assert Diagnostic(*d.__reduce__()[1]) == d
