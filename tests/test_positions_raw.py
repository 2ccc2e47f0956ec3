"""The byte-search locator (`positions.json_raw`) maps what the full scan maps.

It proves where a key is from the text around it (no bracket between an object's brace
and the key; no `}` but the last one after a top-level key) or counts the objects the
parsed value says come first, and gives up where a key could be spelled another way.
These documents are built to make each of those arguments fail if it were wrong: keys
repeated in nested objects and in strings, keys spelled with escapes, arrays of objects
whose first keys repeat, text between two strings that looks like a key, a dropped
top-level `$schema`, non-ASCII text and CRLF before the place, JSONL records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from random import Random
from typing import Any

import helpers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit import loading
from toolkit.positions import json as positions
from toolkit.positions.json_raw import locate_json_raw
from toolkit.positions.source_map import SourceMap


def pointers(value: Any) -> Iterator[str]:
    return (pointer for pointer, _ in helpers.pointers(value))


def assert_same_places(text: str, data: Any, asked: list[str], first_line: int = 1) -> None:
    """Each asked pointer, alone and all together, is where the full scan says."""
    full = positions.scan_json(text, first_line).source
    raw = text.encode()
    together = locate_json_raw(raw, asked, data, first_line)
    for pointer in asked:
        alone = locate_json_raw(raw, [pointer], data, first_line)
        for at_key in (False, True):
            expected = full.locate(pointer, at_key)
            assert alone.locate(pointer, at_key) == expected, (pointer, at_key)
            assert together.locate(pointer, at_key) == expected, (pointer, at_key)


DOCUMENTS = {
    "escaped key at the top, the plain one nested": (
        '{"messages": [{"model": 1}], "\\u006dodel": "x", "tools": [{"model": 2}]}'
    ),
    "escaped key nested, the plain one at the top": (
        '{"a": {"\\u006dodel": 1}, "model": 2, "b": {"model": 3}}'
    ),
    "escaped key in a nested object after scalars": '{"a": {"x": 1, "\\u006b": {"k": 2}}}',
    "escaped slash in keys": '{"a\\/b": {"a/b": 1}, "x": {"a/b": 2, "c\\/d": [3]}, "a/c": 4}',
    "upper-case escape": '{"s": [{"K": 1}], "\\u004B": {"K": 2}}',
    "keys repeated in nested objects": json.dumps(
        {
            "model": "m",
            "messages": [
                {"role": "user", "content": [{"type": "text", "text": "type"}]},
                {"role": "assistant", "content": None, "tool_calls": [{"type": "function"}]},
            ],
            "tools": [
                {
                    "type": "function",
                    "function": {
                        "name": "function",
                        "parameters": {
                            "type": "object",
                            "properties": {
                                "type": {"type": "string"},
                                "function": {"properties": {"function": {}}},
                                "parameters": {"type": "integer"},
                            },
                        },
                    },
                },
                {"type": "function", "function": {"name": "g", "parameters": {}}},
            ],
            "tool_choice": {"type": "function", "function": {"name": "function"}},
            "type": 1,
            "function": {"type": 2},
        },
        indent=2,
    ),
    "keys written in strings": (
        '{"a": "\\"k\\": 1", "b": "{\\"k\\": [1]}", "c": ["k", "\\"k\\""], "k": {"k": "k"}}'
    ),
    "a key ending in an escaped quote, then the key": (
        '{"o": {"x\\"k": 1, "k": 2}, "y\\"k": {"k": 3}, "k": [4]}'
    ),
    "text between two strings that looks like a key": (
        '{"o": {"a": ["x", ":y"], ", ": 1, "b": "x", ":z": 2, ": ": 3}, ", ": 4}'
    ),
    "arrays of objects whose first keys repeat": json.dumps(
        {
            "m": [
                {"role": "a", "x": {"role": "b", "content": [{"role": "c"}]}},
                {"role": "d"},
                {"role": "e", "list": [{"role": 1}, {"role": 2}]},
                {"content": "no role", "role": "f"},
                {"role": "g"},
            ],
            "role": "top",
        }
    ),
    "arrays of scalars, arrays, empty containers": json.dumps(
        {
            "stop": ["a", "b,c", 'd"e\\', 1, 2.5e3, True, None, "]"],
            "nested": [[1, [2]], [], {}, [{"a": 1}], {"a": [1, {"a": 2}]}],
            "empty": {},
            "mixed": ["x", {"k": 1}, "y", {"k": 2}],
        }
    ),
    "non-ASCII text before the places": json.dumps(
        {"é": "東京 ✓ 🎉 naïve", "k": {"ü": 1, "数": ["ü", {"é": 2}]}, "z": "€"},
        ensure_ascii=False,
        indent=1,
    ),
    "non-ASCII escaped": json.dumps({"é": {"é": 1}, "k": "ü"}, ensure_ascii=True),
    "empty key, tilde and slash in keys": json.dumps(
        {"": {"": 1, "~": 2}, "a/b": {"~1": 3}, "x": {"": {"": 4}}}
    ),
    "compact, on one line": json.dumps(
        {"model": "m", "messages": [{"role": "u", "content": "é" * 50}], "max_tokens": 5},
        separators=(",", ":"),
        ensure_ascii=False,
    ),
    "spaces around colons": '{ "a" :{ "k" : 1 ,"j":2 } , "k"\t:\t[ 1 , { "k" :3 } ] }',
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("first_line", [1, 9])
def test_every_pointer_is_where_the_full_scan_says(
    name: str, newline: str, first_line: int
) -> None:
    text = DOCUMENTS[name].replace("\n", newline)
    data = json.loads(text)
    everything = list(pointers(data))
    missing = [f"{pointer}/absent" for pointer in everything[:5]] + ["/absent/deeper"]
    assert_same_places(text, data, everything + missing, first_line)


def test_a_key_between_two_strings_is_not_taken_for_the_member() -> None:
    # `", "` occurs first between the closing quote of "x" and the opening quote of
    # ":y"; followed by `:`, it looked like a key to a search that did not reject `,`.
    text = '{"o": {"a": ["x", ":y"], ", ": 1}}'
    located = locate_json_raw(text.encode(), ["/o/, "], json.loads(text))
    assert located.locate("/o/, ", at_key=True) == (1, 26)


@pytest.mark.parametrize(
    "schema", ['"https://example.com/s.json"', '{"model": {"messages": [{"model": 1}]}}']
)
def test_a_dropped_top_level_schema_is_not_taken_for_a_member(schema: str) -> None:
    """The pipeline drops a top-level `$schema` from the value: the text holds a member the
    value lacks, which may hold the keys searched for."""
    for text in (
        f'{{"$schema": {schema}, "model": "x", "messages": [{{"model": 2}}], "k": 1}}',
        f'{{"model": "x", "k": {{"model": 1}}, "$schema": {schema}}}',
        f'{{"k": [{{"model": 1}}], "$sch\\u0065ma": {schema}, "model": "x"}}',
    ):
        data = {key: value for key, value in json.loads(text).items() if key != "$schema"}
        full = positions.scan_json(text).source
        asked = [pointer for pointer in pointers(data) if pointer]
        located = locate_json_raw(text.encode(), asked, data, dropped=("$schema",))
        for pointer in asked:
            assert located.locate(pointer, True) == full.locate(pointer, True), (text, pointer)


def test_jsonl_records_are_located_on_their_own_lines(tmp_path: Path) -> None:
    records = [
        {"model": "m", "messages": [{"role": "user", "content": "é✓"}], "max_tokens": 1},
        {"messages": [{"role": "user", "content": [{"type": "text", "text": "t"}]}]},
        {"tools": [{"type": "function", "function": {"name": "f"}}], "stop": ["a", "b"]},
    ]
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path = tmp_path / "log.jsonl"
    path.write_bytes(("\r\n".join(["", lines[0], "", lines[1], lines[2]]) + "\n").encode())
    payloads = [p for p in loading.load(str(path)) if isinstance(p, loading.Payload)]
    assert [p.first_line for p in payloads] == [2, 4, 5]
    for payload, line in zip(payloads, lines, strict=True):
        asked = list(pointers(payload.data))
        full = positions.scan_json(line, payload.first_line).source
        located = loading.locate(payload, asked)
        for pointer in asked:
            assert located.locate(pointer, True) == full.locate(pointer, True), pointer
            assert located.locate(pointer) == full.locate(pointer), pointer


def test_line_columns_of_bytes_asked_in_any_order() -> None:
    """Line:column of byte offsets, worked out from whichever place is known nearest (the
    start, the end, an offset asked before), equal the characters' own."""
    rng = Random(7)
    text = "".join(rng.choice(["a", "é", "東", "🎉", "\n", "\r\n", " ", "\t"]) for _ in range(3000))
    raw = text.encode()
    starts = [len(text[:index].encode()) for index in range(len(text) + 1)]
    expected = SourceMap(text=text, first_line=4)
    for _ in range(20):
        source = SourceMap(text=raw, first_line=4)
        for index in rng.sample(range(len(text) + 1), 12):
            assert source.line_column(starts[index]) == expected.line_column(index)


# --- generated documents: few key names (so they repeat), spelled with escapes at random --

NAMES = ["model", "type", "role", "k", "a/b", "é", "", ", ", "function", 'x"k']
names = st.sampled_from(NAMES)
leaves = st.none() | st.integers(-5, 5) | st.sampled_from(NAMES) | st.text(max_size=4)
documents = st.recursive(
    leaves,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(names, children, max_size=4),
    max_leaves=30,
)


def spell_key(key: str, rng: Random) -> str:
    """`key` as a JSON string, some of its characters escaped."""
    out = []
    for char in key:
        roll = rng.random()
        if char == "/" and roll < 0.5:
            out.append("\\/")
        elif roll < 0.15:
            out.append(f"\\u{ord(char):04{rng.choice('xX')}}")
        else:
            out.append(json.dumps(char, ensure_ascii=False)[1:-1])
    return '"' + "".join(out) + '"'


def write(value: Any, rng: Random, escapes: bool) -> str:
    space = rng.choice(["", " ", "\n  ", "\r\n"])
    if isinstance(value, dict):
        members = [
            (spell_key(key, rng) if escapes else json.dumps(key, ensure_ascii=False))
            + f"{space}:{space}"
            + write(item, rng, escapes)
            for key, item in value.items()
        ]
        return "{" + space + f",{space}".join(members) + space + "}"
    if isinstance(value, list):
        return "[" + space + f",{space}".join(write(item, rng, escapes) for item in value) + "]"
    return json.dumps(value, ensure_ascii=rng.random() < 0.5)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=st.dictionaries(names, documents, min_size=1, max_size=6),
    escapes=st.booleans(),
    rng=st.randoms(use_true_random=False),
    data=st.data(),
)
def test_generated_documents_are_located_as_the_full_scan_does(
    value: dict[str, Any], escapes: bool, rng: Random, data: st.DataObject
) -> None:
    text = write(value, rng, escapes)
    parsed = json.loads(text)
    everything = list(pointers(parsed))
    asked = data.draw(st.lists(st.sampled_from(everything), max_size=6))
    assert_same_places(text, parsed, asked + [f"{p}/absent" for p in asked[:2]])
