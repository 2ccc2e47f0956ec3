"""The fast report encoder writes exactly what `json.dumps(..., ensure_ascii=False, indent=2)`
writes: on generated reports (non-ASCII, lone surrogates, control characters, floats, big
integers) and on the values where it must hand over to the standard library."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import pretty_json
from toolkit.diagnostics import Diagnostic, Fix, Report, Severity
from toolkit.report import render_gitlab, render_json, render_sarif


def stdlib(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


# Every code point class that encoders treat differently: ASCII, control characters,
# DEL, Latin-1, line/paragraph separators, BMP, astral, and lone surrogates.
texts = st.text(
    alphabet=st.characters(codec=None, categories=None)
    | st.sampled_from(["\x00", "\x1f", "\x7f", '"', "\\", "/", "\u2028", "\ud800", "\udfff"]),
    max_size=20,
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | texts
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(texts, children, max_size=4)
        | st.tuples(children, children)
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(value=values)
def test_same_bytes_as_the_standard_library(value: Any) -> None:
    assert pretty_json.dumps(value) == stdlib(value)


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(texts, texts, texts, st.none() | st.integers(1, 10**6), scalars | values),
        max_size=6,
    )
)
def test_reports_render_as_before(rows: list[tuple[str, str, str, int | None, Any]]) -> None:
    diagnostics = [
        Diagnostic(
            code="ORT210",
            severity=Severity.WARNING,
            pointer=pointer,
            message=message,
            file=file,
            record=line,
            line=line,
            column=1 if line else None,
            fix=Fix("replace", ({"op": "replace", "path": pointer, "value": value},)),
        )
        for file, pointer, message, line, value in rows
    ]
    report = Report(diagnostics)
    for render in (render_json, render_sarif, render_gitlab):
        fast = render(report)
        with pytest.MonkeyPatch.context() as patch:  # the stdlib encoder alone
            patch.setattr(pretty_json, "_plain", lambda value, write: False)
            assert fast == render(report)


def deeply_nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "value",
    [
        {"s": "\ud800 lone surrogate"},
        {1: "non-string key"},
        [2**64, -(2**63) - 1],
        [float("nan"), float("inf"), float("-inf")],
        [1e16, 5e-324, -0.0, 1.0, 0.1],
        [6.103515625e-05, 1e-07, 1.5e300],
        {"nested": [[[[]]]], "empty": {}},
        deeply_nested(300),  # past orjson's depth limit
    ],
)
def test_values_orjson_would_write_differently_or_refuse(value: Any) -> None:
    assert pretty_json.dumps(value) == stdlib(value)


def test_a_type_the_standard_library_refuses_is_still_refused() -> None:
    import datetime

    with pytest.raises(TypeError):
        pretty_json.dumps({"when": datetime.date(2026, 1, 1)})
