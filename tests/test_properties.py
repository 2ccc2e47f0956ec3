"""Property tests: loading and positions hold for generated documents, not only for examples.

Documents are serialized by a small writer that puts random whitespace (spaces, tabs,
LF, CRLF) between tokens and records where it wrote each value and key, so a test
knows the exact line:column ortk must report.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import pytest
from helpers import pointers
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from toolkit import api, loading
from toolkit.diagnostics import Diagnostic
from toolkit.loading import FileProblem, Payload
from toolkit.loading import json as json_loading
from toolkit.loading.files import decode
from toolkit.pointers import escape_token, split_pointer
from toolkit.positions import json as positions
from toolkit.positions.json_raw import locate_json_raw

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WHITESPACE = ("", "", " ", "  ", "\t", "\n", "\r\n", "\n    ", "\r\n\t", " \n ")
LOADING_CODES = {f"ORT{n:03d}" for n in range(1, 11)}

# --- generated JSON ---------------------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)
json_objects = st.dictionaries(st.text(max_size=8), json_values, max_size=6)


@dataclass
class Written:
    """A serialized document and where each pointer's value (and member key) starts."""

    text: str = ""
    values: dict[str, int] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    defect: int | None = None  # offset of the injected defect
    defect_pointer: str = ""


@dataclass
class Defect:
    kind: str  # "duplicate" | "literal" | "comma" | ""
    pointer: str = ""  # where: the object, the scalar or the container
    literal: str = "NaN"
    trailing: bool = True  # comma: before the closing bracket, else after the opening one


class Writer:
    def __init__(self, rng: Random, defect: Defect | None = None) -> None:
        self.rng = rng
        self.parts: list[str] = []
        self.size = 0
        self.out = Written()
        self.defect = defect or Defect("")

    def put(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def space(self) -> None:
        self.put(self.rng.choice(WHITESPACE))

    def scalar(self, value: Any) -> str:
        if isinstance(value, float) and self.rng.random() < 0.3:
            return repr(value)  # '1e+16', '-0.0', '5e-324': all valid JSON
        return json.dumps(value, ensure_ascii=self.rng.random() < 0.5)

    def write(self, value: Any, pointer: str = "") -> None:
        self.out.values[pointer] = self.size
        defect = self.defect
        if defect.kind == "literal" and defect.pointer == pointer:
            self.out.defect, self.out.defect_pointer = self.size, pointer
            self.put(defect.literal)
            return
        if isinstance(value, dict | list):
            is_object = isinstance(value, dict)
            self.put("{" if is_object else "[")
            comma_here = defect.kind == "comma" and defect.pointer == pointer
            if comma_here and not defect.trailing:
                self.space()
                self.out.defect = self.size
                self.put(",")
            items = list(value.items()) if is_object else list(enumerate(value))
            for index, (key, item) in enumerate(items):
                self.space()
                if index:
                    self.put(",")
                    self.space()
                child = f"{pointer}/{escape_token(key)}"
                if is_object:
                    self.out.keys[child] = self.size
                    self.put(self.scalar(key))
                    self.space()
                    self.put(":")
                    self.space()
                self.write(item, child)
            if is_object and defect.kind == "duplicate" and defect.pointer == pointer and items:
                key, item = self.rng.choice(items)
                self.space()
                self.put(",")
                self.space()
                self.out.defect = self.size
                self.out.defect_pointer = f"{pointer}/{escape_token(key)}"
                self.put(self.scalar(key) + ":")
                self.space()
                self.put(json.dumps(item))
            if comma_here and defect.trailing:
                self.space()
                self.out.defect = self.size
                self.put(",")
            self.space()
            self.put("}" if is_object else "]")
        else:
            self.put(self.scalar(value))

    def document(self, value: Any) -> Written:
        self.space()
        self.write(value)
        self.space()
        self.out.text = "".join(self.parts)
        return self.out


def offset_of(text: str, line: int, column: int) -> int:
    """The character offset of a 1-based line:column (lines end at LF, as ortk counts)."""
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


def lint_text(workdir: Path, text: str, suffix: str = ".json") -> list[Diagnostic]:
    path = workdir / f"doc{suffix}"
    path.write_text(text, encoding="utf-8", newline="")
    return api.lint_paths([str(path)]).diagnostics


# --- the scanner agrees with json.loads -------------------------------------------------------


@SETTINGS
@given(value=json_values, rng=st.randoms(use_true_random=False))
def test_scan_json_agrees_with_json_loads(value: Any, rng: Random) -> None:
    written = Writer(rng).document(value)
    parsed = json.loads(written.text)
    scan = positions.scan_json(written.text)
    decoder = json.JSONDecoder()
    assert not scan.duplicates and not scan.bad_numbers
    for pointer, item in pointers(parsed):
        offset = scan.source.values[pointer]
        assert offset == written.values[pointer]
        decoded, _ = decoder.raw_decode(written.text, offset)
        assert decoded == item or (item != item and decoded != decoded)
        if pointer in written.keys:  # a member of an object: its key is mapped too
            key_offset = scan.source.keys[pointer]
            assert key_offset == written.keys[pointer]
            assert decoder.raw_decode(written.text, key_offset)[0] == split_pointer(pointer)[-1]
    assert set(scan.source.keys) == set(written.keys)


@SETTINGS
@given(value=json_values, rng=st.randoms(use_true_random=False), data=st.data())
def test_locate_json_agrees_with_scan_json(value: Any, rng: Random, data: st.DataObject) -> None:
    """The targeted locator (used for findings) maps what the full scan maps, on its paths."""
    written = Writer(rng).document(value)
    everything = [pointer for pointer, _ in pointers(json.loads(written.text))]
    asked = data.draw(st.lists(st.sampled_from(everything), max_size=5))
    missing = [f"{pointer}/absent" for pointer in asked[:1]]  # a member that isn't there
    located = positions.locate_json(written.text, asked + missing)
    # guided by the parsed value: unique keys found by a text search, walks cut short
    guided = locate_json_raw(written.text.encode(), asked + missing, json.loads(written.text))
    full = positions.scan_json(written.text).source
    for pointer in asked + missing:
        assert located.locate(pointer) == full.locate(pointer)
        assert located.locate(pointer, at_key=True) == full.locate(pointer, at_key=True)
        assert guided.locate(pointer) == full.locate(pointer)
        assert guided.locate(pointer, at_key=True) == full.locate(pointer, at_key=True)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": {"k": 1}, "\\u006b": 2}',  # the same key spelled with an escape elsewhere
        '{"a": "\\"k\\": 1", "k": 2}',  # the key's spelling inside a string
        '{"a": ["k"], "k": 2}',  # the key's spelling as a value
        '{"m": [{"x": 1}, {"k": {"k": 3}}], "k": [0, {"j": 1}]}',
        '{"a": 1, "k": {"k": 2}}',  # first after the brace, the same key nested below
        '{"x": {"k": 1}, "k": 2}',  # the last key of the top level
        '{"x": {"k": 1}, "k": 2, "y": [1]}',  # neither first, last nor unique
        '{"x": {"\\u006b": 1}, "k": 2}',  # another spelling before the last one
        '{"x": {"k": 1}, "\\u006b": 2}',  # the top level's own key spelled otherwise
        '{"\\u00e9": {"é": 1}, "é": 2}',
        '{"a\\/b": {"a/b": 1}, "a/b": 2}',
        '{\n  "a": "東京 \\"k\\": 1",\n  "m": [{"k": "é"}],\n'
        '  "k": {"z": 1, "é": [1, {"k": 2}]}\n}',
    ],
)
@pytest.mark.parametrize("first_line", [1, 7])
def test_guided_locate_json_never_takes_another_spelling_for_the_key(
    text: str, first_line: int
) -> None:
    data = json.loads(text)
    full = positions.scan_json(text, first_line).source
    for pointer, _ in pointers(data):
        for at_key in (False, True):
            guided = locate_json_raw(text.encode(), [pointer], data, first_line)
            assert guided.locate(pointer, at_key) == full.locate(pointer, at_key), pointer
    everything = [pointer for pointer, _ in pointers(data)] + ["/absent", "/k/absent"]
    guided = locate_json_raw(text.encode(), everything, data, first_line)
    for pointer in everything:
        assert guided.locate(pointer, True) == full.locate(pointer, True), pointer


# --- one injected defect, reported at its place -----------------------------------------------


def containers(value: Any) -> list[str]:
    return [p for p, v in pointers(value) if isinstance(v, dict | list)]


@SETTINGS
@given(value=json_objects, rng=st.randoms(use_true_random=False), data=st.data())
def test_duplicate_key_is_ort005_at_the_key(workdir, value, rng, data) -> None:
    objects = [p for p, v in pointers(value) if isinstance(v, dict) and v]
    if not objects:
        value = {**value, "k": 1}
        objects = [""]
    target = data.draw(st.sampled_from(objects))
    written = Writer(rng, Defect("duplicate", target)).document(value)
    diagnostics = [d for d in lint_text(workdir, written.text) if d.code == "ORT005"]
    assert written.defect is not None
    assert [(d.pointer, d.line, d.column) for d in diagnostics] == [
        (written.defect_pointer, *line_column(written.text, written.defect))
    ]


@SETTINGS
@given(
    value=json_objects,
    rng=st.randoms(use_true_random=False),
    data=st.data(),
    literal=st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-2.5E+999", "9" * 4301]),
)
def test_non_finite_number_is_ort007_at_the_number(workdir, value, rng, data, literal) -> None:
    target = data.draw(st.sampled_from([p for p, _ in pointers(value) if p] or [""]))
    if not target:
        value, target = {"x": 1}, "/x"
    written = Writer(rng, Defect("literal", target, literal)).document(value)
    diagnostics = lint_text(workdir, written.text)
    assert [(d.code, d.pointer, d.line, d.column) for d in diagnostics] == [
        ("ORT007", target, *line_column(written.text, written.defect or 0))
    ]


@SETTINGS
@given(value=json_objects, rng=st.randoms(use_true_random=False), data=st.data())
def test_truncation_is_ort003(workdir, value, rng, data) -> None:
    written = Writer(rng).document(value)
    end = written.text.rindex("}")  # any cut before the last brace leaves the object open
    cut = data.draw(st.integers(min_value=0, max_value=end))
    text = written.text[:cut]
    diagnostics = lint_text(workdir, text)
    expected = "ORT004" if not text.strip() else "ORT003"
    assert [d.code for d in diagnostics] == [expected]
    if expected == "ORT003":
        [d] = diagnostics
        assert d.line is not None and d.column is not None
        assert 0 <= offset_of(text, d.line, d.column) <= len(text)


@SETTINGS
@given(
    value=json_objects,
    rng=st.randoms(use_true_random=False),
    data=st.data(),
    trailing=st.booleans(),
)
def test_stray_comma_is_ort003_at_the_comma(workdir, value, rng, data, trailing) -> None:
    target = data.draw(st.sampled_from(containers(value)))
    written = Writer(rng, Defect("comma", target, trailing=trailing)).document(value)
    diagnostics = lint_text(workdir, written.text)
    assert [d.code for d in diagnostics] == ["ORT003"]
    [d] = diagnostics
    comma = written.defect
    assert comma is not None and d.line is not None and d.column is not None
    # json reports the comma itself, or the token after it where a value was expected
    after = comma + 1
    while written.text[after] in " \t\r\n":
        after += 1
    assert offset_of(written.text, d.line, d.column) in (comma, after)


# --- positions of every finding in request-like documents --------------------------------------

texts = st.text(max_size=6)
numbers = st.integers(-5, 10**6) | st.floats(-3, 3, allow_nan=False)
messages = st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "assistant", "system", "tool", "developer", "usr", 7])},
    optional={
        "content": texts
        | numbers
        | st.none()
        | st.lists(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["text", "image_url", "bogus"])},
                optional={"text": texts | numbers},
            ),
            max_size=2,
        ),
        "name": texts,
        "tool_call_id": texts,
        "contnet": texts,
        "tool_calls": st.lists(
            st.fixed_dictionaries(
                {
                    "id": texts,
                    "type": st.just("function"),
                    "function": st.fixed_dictionaries({"name": texts, "arguments": texts}),
                }
            ),
            max_size=2,
        ),
    },
)
requests = st.fixed_dictionaries(
    {"messages": st.lists(messages, max_size=3)},
    optional={
        "model": texts | numbers,
        "models": st.lists(texts, max_size=3),
        "temperature": numbers | texts,
        "top_p": numbers,
        "max_tokens": numbers | texts,
        "max_completion_tokens": numbers,
        "stop": st.lists(texts, max_size=5) | texts,
        "temprature": numbers,
        "maxTokens": numbers,
        "stream": st.booleans() | numbers,
        "stream_options": st.fixed_dictionaries({}, optional={"include_usage": st.booleans()}),
        "n": numbers,
        "seed": numbers | texts,
        "tool_choice": st.sampled_from(["auto", "none", "required", "bogus"]),
        "tools": st.lists(
            st.fixed_dictionaries(
                {
                    "type": st.sampled_from(["function", "web"]),
                    "function": st.fixed_dictionaries(
                        {"name": texts}, optional={"parameters": json_objects}
                    ),
                }
            ),
            max_size=2,
        ),
        "metadata": st.dictionaries(texts, texts | numbers, max_size=3),
        "reasoning": st.fixed_dictionaries(
            {},
            optional={
                "effort": st.sampled_from(["high", "low", "none", "extreme"]),
                "max_tokens": numbers,
                "enabled": st.booleans(),
            },
        ),
        "provider": st.fixed_dictionaries(
            {},
            optional={
                "order": st.lists(texts, max_size=2),
                "only": st.lists(texts, max_size=2),
                "sort": st.sampled_from(["price", "speed"]),
            },
        ),
        "response_format": st.fixed_dictionaries(
            {"type": st.sampled_from(["json_object", "json_schema", "text", "xml"])},
            optional={
                "json_schema": st.fixed_dictionaries(
                    {"name": texts}, optional={"schema": json_objects, "strict": st.booleans()}
                )
            },
        ),
    },
)


def nearest(value: Any, pointer: str) -> tuple[str, Any]:
    """The deepest existing value on the way to `pointer`, and its pointer."""
    reached = ""
    for token in split_pointer(pointer):
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            break
        reached += "/" + escape_token(token)
    return reached, value


@SETTINGS
@given(
    request=requests,
    extra=st.dictionaries(texts, scalars, max_size=2),
    rng=st.randoms(use_true_random=False),
)
@example(request={"messages": [], "temprature": 1, "max_tokens": "x"}, extra={}, rng=Random(0))
def test_every_finding_points_at_its_value_or_key(workdir, request, extra, rng) -> None:
    document = {**extra, **request}
    written = Writer(rng).document(document)
    diagnostics = lint_text(workdir, written.text)
    decoder = json.JSONDecoder()
    for d in diagnostics:
        assert d.code not in LOADING_CODES, d
        assert d.line is not None and d.column is not None, d
        offset = offset_of(written.text, d.line, d.column)
        reached, value = nearest(document, d.pointer)
        decoded, end = decoder.raw_decode(written.text, offset)
        at_key = (
            reached == d.pointer
            and d.pointer in written.keys
            and decoded == split_pointer(d.pointer)[-1]
            and written.text[end:].lstrip(" \t\r\n").startswith(":")
            and offset == written.keys[d.pointer]
        )
        if d.code == "ORT101":  # an unknown key is shown at the key
            assert at_key, (d, written.text[offset : offset + 40])
        elif not at_key:
            assert offset == written.values[reached], (d, written.text[offset : offset + 40])
            assert decoded == value or (isinstance(value, float) and math.isclose(decoded, value))


# --- loading never raises ----------------------------------------------------------------------

YAML_TOKENS = [
    *"-:[]{}&*!|>'\"#%@`,? \n\t\r.~0123456789eEaxy<",
    "!!python/object:os.system",
    "!!binary",
    "!!set",
    "&a",
    "*a",
    "---",
    "...",
    "\ufeff",
    "\x00",
    "\u2028",
    "é",
    ".nan",
    ".inf",
    "0x" + "f" * 40,
    "9" * 5000,
    "2024-01-02",
    "<<: *a",
]
JSON_TOKENS = [
    *'{}[]:,"\\ \n\r\t0123456789.eE+-tfnaNIy',
    "true",
    "null",
    "NaN",
    "Infinity",
    "\ufeff",
    "é",
    "\\u00e9",
    "\\ud800",
    "\x00",
    "1e400",
    "9" * 5000,
    '"messages"',
]
YAMLISH = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)
JSONISH = st.lists(st.sampled_from(JSON_TOKENS), max_size=60).map("".join)


def load_all(workdir: Path, raw: bytes, syntax: str) -> list[Payload | FileProblem]:
    path = workdir / f"input.{syntax}"
    path.write_bytes(raw)
    items = list(loading.load(str(path)))
    for item in items:
        assert isinstance(item, Payload | FileProblem), item
        if isinstance(item, FileProblem):
            assert item.code in LOADING_CODES, item
        else:  # a payload is plain JSON, whatever the syntax
            assert isinstance(item.data, dict)
            json.dumps(item.data, allow_nan=False)
            assert all(
                isinstance(k, str) for p, v in pointers(item.data) if isinstance(v, dict) for k in v
            )
    return items


@SETTINGS
@given(raw=st.binary(max_size=200), syntax=st.sampled_from(["json", "yaml", "jsonl"]))
def test_random_bytes_load_without_raising(workdir, raw, syntax) -> None:
    load_all(workdir, raw, syntax)


@SETTINGS
@given(
    text=st.text(max_size=200) | JSONISH | YAMLISH,
    syntax=st.sampled_from(["json", "yaml", "jsonl"]),
)
def test_random_text_loads_without_raising(workdir, text, syntax) -> None:
    load_all(workdir, text.encode("utf-8", "surrogatepass"), syntax)


@SETTINGS
@given(value=json_objects, rng=st.randoms(use_true_random=False))
def test_valid_documents_load_as_themselves(workdir, value, rng) -> None:
    written = Writer(rng).document(value)
    [payload] = load_all(workdir, written.text.encode(), "json")
    assert isinstance(payload, Payload)
    assert payload.data == json.loads(written.text)
    line = written.text.replace("\r", " ").replace("\n", " ")  # one line: a JSONL record
    items = load_all(workdir, (line + "\n\n" + line + "\n").encode(), "jsonl")
    assert [(p.record, p.first_line) for p in items if isinstance(p, Payload)] == [(1, 1), (2, 3)]


# --- the fuzz target, briefly (`make fuzz` runs it for minutes) --------------------------------


def test_fuzz_target_for_a_bounded_time() -> None:
    import os

    import fuzz_target

    seconds = float(os.environ.get("FUZZ_TEST_SECONDS", "10"))
    assert fuzz_target.run_hypothesis(seconds, max_examples=40) > 0


# --- the fast parser agrees with the careful one ---------------------------------------------


def typed(value: Any) -> Any:
    """`value` with its JSON types made explicit (in Python, 1 == 1.0 == True)."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)


@SETTINGS
@given(value=json_objects, rng=st.randoms(use_true_random=False), data=st.data())
def test_the_fast_parser_accepts_only_what_the_careful_one_parses_alike(
    value: Any, rng: Random, data: st.DataObject
) -> None:
    raw = Writer(rng).document(value).text.encode("utf-8")
    position = data.draw(st.integers(0, len(raw)))
    byte = data.draw(st.sampled_from([b'"', b"\\", b",", b"{", b"]", b"0", b"e", b"\xff", b"\x00"]))
    mutated = data.draw(
        st.sampled_from(
            [
                raw[:position] + byte + raw[position + 1 :],  # replaced
                raw[:position] + byte + raw[position:],  # inserted
                raw[:position] + raw[position + 1 :],  # deleted
            ]
        )
    )
    assert json_loading.parse_clean_json(raw) is not None
    for candidate in (raw, mutated):
        fast = json_loading.parse_clean_json(candidate)
        if fast is None:
            continue  # the careful path decides
        slow, quirks = json_loading.parse_json(decode(candidate))
        assert not quirks.duplicate_keys and not quirks.bad_numbers
        assert typed(fast) == typed(slow)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a": 1, "a": 2}',  # duplicate key: ORT005
        b'{"a": {"b": 1, "b": 1}}',
        b'{"a": 1e400}',  # not a finite number: ORT007
        b'{"a": [-1e999]}',
        b'{"a": NaN}',
        b'{"a": "\\ud800"}',  # a lone surrogate the standard library accepts
        b"\xef\xbb\xbf{}",  # BOM
        b'{"a": "\xff"}',  # not UTF-8: ORT002
        b"[1, 2]",  # not an object: ORT006
        b"[" * 129 + b"]" * 129,
        b'{"a": ' + b"[" * 128 + b"]" * 128 + b"}",  # 129 levels: ORT009
        b"",
        b'{"a": 1',
    ],
)
def test_the_fast_parser_leaves_every_problem_to_the_careful_one(raw: bytes) -> None:
    assert json_loading.parse_clean_json(raw) is None


def test_the_fast_parser_takes_the_deepest_allowed_document() -> None:
    raw = b'{"a": ' + b"[" * 127 + b"]" * 127 + b"}"  # 128 levels
    assert json_loading.parse_clean_json(raw) is not None
