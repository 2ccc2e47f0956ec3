"""Broken and hostile input through the real CLI: never a traceback, never a hang.

Every case runs `python -m toolkit lint` in a subprocess with a timeout and checks
the exit code (only ever 0, 1 or 2), that no traceback escapes, and the code and
line:column of what ortk reports. Memory and time are measured on the large cases.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import Run, assert_sane, lint_json, write

VALID = {"messages": [{"role": "user", "content": "hi"}]}
MB = 1 << 20


# --- helpers ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Measured:
    exit_code: int
    stdout: str  # its last 20,000 characters
    stderr: str
    stdout_bytes: int


def in_process(run_cli: Callable[..., Run], *paths: str) -> list[tuple[str, str, str]]:
    """(file, code, message) of `ortk lint --format json PATHS` run in-process."""
    result = run_cli("lint", "--format", "json", *paths)
    assert result.exit_code == 1, result
    return [(d["file"], d["code"], d["message"]) for d in json.loads(result.stdout)["diagnostics"]]


def lint(run_ortk: Callable[..., Run], *paths: str, timeout: float = 60) -> dict[str, Any]:
    """`ortk lint --format json PATHS` in a subprocess, checked for sanity, as the parsed report."""
    return lint_json(run_ortk, *paths, timeout=timeout)


def found(report: dict[str, Any], code: str | None = None) -> list[tuple[Any, ...]]:
    """(code, record, line, column) of every diagnostic (of one code)."""
    return [
        (d["code"], d["record"], d["line"], d["column"])
        for d in report["diagnostics"]
        if code is None or d["code"] == code
    ]


def position(text: str, needle: str, occurrence: int = 0, first_line: int = 1) -> tuple[int, int]:
    """1-based line:column of the start of the n-th occurrence of `needle` in `text`."""
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + first_line
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def measure(*args: str, timeout: float = 300) -> tuple[Measured, float, int]:
    """Run `python -m toolkit ARGS` alone under a fresh parent: (run, seconds, peak RSS bytes).

    `RUSAGE_CHILDREN.ru_maxrss` is the largest of all children a process has waited
    for, so a fresh intermediate process measures exactly one run of ortk.
    """
    probe = textwrap.dedent(
        """
        import json, resource, subprocess, sys, time
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "toolkit", *sys.argv[1:]],
                                capture_output=True)
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        peak *= 1 if sys.platform == "darwin" else 1024
        json.dump({"exit": result.returncode, "elapsed": elapsed, "peak": peak,
                   "stdout": result.stdout[-20000:].decode("utf-8", "replace"),
                   "stdout_bytes": len(result.stdout),
                   "stderr": result.stderr[-20000:].decode("utf-8", "replace")}, sys.stdout)
        """
    )
    pytest.importorskip("resource")
    result = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, timeout=timeout, check=True
    )
    data = json.loads(result.stdout)
    run = Measured(data["exit"], data["stdout"], data["stderr"], data["stdout_bytes"])
    return run, data["elapsed"], data["peak"]


# --- nesting ---------------------------------------------------------------------------------

DEPTH = 100_000


@pytest.mark.parametrize(
    ("name", "text", "column"),
    [
        ("arrays.json", "[" * DEPTH + "]" * DEPTH, 129),
        ("objects.json", '{"a":' * DEPTH + "1" + "}" * DEPTH, 5 * 128 + 1),
        ("unclosed.json", "[" * DEPTH, 129),
        (
            "in-request.json",
            '{"messages": [{"role": "user", "content": "x"}], "metadata": '
            + "[" * DEPTH
            + "]" * DEPTH
            + "}",
            len('{"messages": [{"role": "user", "content": "x"}], "metadata": ') + 128,
        ),
        ("flow.yaml", "[" * DEPTH + "]" * DEPTH, None),
        ("flow-map.yaml", "{a: " * DEPTH + "1" + "}" * DEPTH, None),
        ("block.yaml", "- " * DEPTH + "x\n", None),
        ("line.jsonl", "[" * DEPTH + "]" * DEPTH + "\n", 129),
    ],
)
def test_deep_nesting_is_ort009(run_ortk, tmp_path: Path, name, text, column) -> None:
    path = write(tmp_path / name, text)
    start = time.perf_counter()
    report = lint(run_ortk, path, timeout=60)
    assert time.perf_counter() - start < 20
    assert report["exit_code"] == 1
    [(code, _, line, col)] = found(report)
    assert code == "ORT009"
    assert line == 1
    if column is not None:  # the first bracket deeper than the limit (128)
        assert col == column


@pytest.mark.parametrize("depth", [127, 128, 129, 255, 256, 300, 999, 1000, 1001])
def test_nesting_near_every_limit(run_ortk, tmp_path: Path, depth: int) -> None:
    """Around the limits of ortk (128), jsonschema-rs (~256) and CPython (~1000)."""
    inner = depth - 2  # the payload object and `metadata`'s own array are two levels
    metadata = "[" * (inner + 1) + "]" * (inner + 1)
    text = '{"messages": [{"role": "user", "content": "x"}], "metadata": ' + metadata + "}"
    json_path = write(tmp_path / "deep.json", text)
    yaml_path = write(tmp_path / "deep.yaml", text)
    report = lint(run_ortk, json_path, yaml_path)
    for file in (json_path, yaml_path):
        codes = {d["code"] for d in report["diagnostics"] if d["file"] == file}
        assert codes == ({"ORT009"} if depth > 128 else {"ORT103"}), (file, report)


def test_yaml_aliases_cannot_add_up_to_too_deep(run_ortk, tmp_path: Path) -> None:
    # each anchor is 100 levels, fine alone; through the aliases it is 300
    d = 100
    text = (
        "messages: [{role: user, content: x}]\nmetadata:\n"
        f"  a: &a {'[' * d}1{']' * d}\n  b: &b {'[' * d}*a{']' * d}\n  c: {'[' * d}*b{']' * d}\n"
    )
    report = lint(run_ortk, write(tmp_path / "a.yaml", text))
    assert [c for c, *_ in found(report)] == ["ORT009"]


# --- big values -----------------------------------------------------------------------------

BIG = 50 * MB


@pytest.fixture(scope="module")
def big_files(tmp_path_factory) -> dict[str, Path]:
    """A ~50 MB string value: in a valid request, and before a finding to locate."""
    root = tmp_path_factory.mktemp("big")
    content = "a" * BIG
    valid = '{"messages": [{"role": "user", "content": "' + content + '"}]}'
    located = '{"messages": [{"role": "user", "content": "' + content + '"}],\n "temperature": 9}'
    newlines = '{"messages": [{"role": "user", "content": "x"}],' + "\n" * BIG + '"top_p": 5}'
    yaml = f"messages:\n- role: user\n  content: {content}\ntemperature: 9\n"
    return {
        "valid": Path(write(root / "valid.json", valid)),
        "located": Path(write(root / "located.json", located)),
        "newlines": Path(write(root / "newlines.json", newlines)),
        "yaml": Path(write(root / "big.yaml", yaml)),
        "jsonl": Path(write(root / "big.jsonl", valid + "\n" + located.replace("\n", "") + "\n")),
    }


def test_50mb_string_value_is_linted(run_ortk, big_files) -> None:
    start = time.perf_counter()
    report = lint(run_ortk, str(big_files["valid"]), timeout=120)
    assert time.perf_counter() - start < 30
    assert report["exit_code"] == 0 and report["payloads_checked"] == 1, report


@pytest.mark.parametrize(
    ("name", "position"),
    [("located", (2, 17)), ("newlines", (BIG + 1, 10)), ("yaml", (4, 14)), ("jsonl", None)],
)
def test_50mb_file_with_a_finding_is_located(run_ortk, big_files, name, position) -> None:
    start = time.perf_counter()
    report = lint(run_ortk, str(big_files[name]), timeout=120)
    assert time.perf_counter() - start < 30
    [(code, record, line, column)] = found(report)
    assert code == "ORT105"
    if position:
        assert (line, column) == position
    else:  # on the second line of the JSONL file, after the 50 MB string
        around = '{"messages": [{"role": "user", "content": ""}], "temperature": '
        assert (record, line, column) == (2, 2, BIG + len(around) + 1)


def test_memory_on_a_50mb_file_is_a_small_multiple(big_files) -> None:
    size = big_files["located"].stat().st_size
    run, elapsed, peak = measure("lint", str(big_files["located"]))
    assert_sane(run)
    assert run.exit_code == 1 and "ORT105" in run.stdout, run
    print(
        f"\n50 MB string, located finding: {elapsed:.2f} s, peak {peak / MB:.0f} MB, "
        f"{peak / size:.1f}x the file"
    )
    assert peak < 12 * size + 150 * MB


def test_memory_on_50mb_of_newlines_is_a_small_multiple(big_files) -> None:
    """A list of every line start would be 50 million Python ints (gigabytes)."""
    size = big_files["newlines"].stat().st_size
    run, elapsed, peak = measure("lint", str(big_files["newlines"]))
    assert_sane(run)
    assert run.exit_code == 1 and "ORT105" in run.stdout, run
    print(f"\n50 MB of newlines: {elapsed:.2f} s, peak {peak / MB:.0f} MB, {peak / size:.1f}x")
    assert peak < 12 * size + 150 * MB


# --- numbers ---------------------------------------------------------------------------------

REQUEST = '{"messages": [{"role": "user", "content": "x"}], '


@pytest.mark.parametrize(
    ("member", "literal"),
    [
        ("seed", "9" * 10_000),
        ("seed", "-" + "9" * 10_000),
        ("temperature", "1e400"),
        ("temperature", "-1e400"),
        ("temperature", "NaN"),
        ("temperature", "Infinity"),
        ("temperature", "-Infinity"),
    ],
)
def test_numbers_json_cannot_carry_are_ort007(run_ortk, tmp_path: Path, member, literal) -> None:
    text = REQUEST + f'"{member}":\n  {literal}}}'
    report = lint(run_ortk, write(tmp_path / "n.json", text))
    assert found(report) == [("ORT007", None, 2, 3)]


def test_long_fraction_is_a_number(run_ortk, tmp_path: Path) -> None:
    text = REQUEST + '"temperature": 0.' + "5" * 10_000 + "}"
    report = lint(run_ortk, write(tmp_path / "n.json", text))
    assert report["exit_code"] == 0, report


@pytest.mark.parametrize(
    "literal", [".nan", ".NaN", ".inf", "-.inf", "1.0e+400", "9" * 10_000, "0x" + "f" * 10_000]
)
def test_yaml_numbers_json_cannot_carry_are_ort007(run_ortk, tmp_path: Path, literal) -> None:
    # .nan became null in validation; 10,000 digits crashed PyYAML's int()
    text = f"messages:\n- role: user\n  content: x\ntemperature: {literal}\n"
    report = lint(run_ortk, write(tmp_path / "n.yaml", text))
    assert found(report) == [("ORT007", 1, 4, 14)]


# --- encodings and bytes ---------------------------------------------------------------------

PAYLOAD = '{"messages": [{"role": "user", "content": "x"}]}'


@pytest.mark.parametrize(
    ("content", "code", "where"),
    [
        (b'{"messages": [{"role": "user",\n "content": "\xc3\x28"}]}', "ORT002", (2, 14)),
        (b'{"messages": "\xff"}', "ORT002", (1, 15)),
        (b"\xef\xbb\xbf" + PAYLOAD.encode(), None, None),  # a UTF-8 BOM is fine
        (PAYLOAD.encode("utf-16"), "ORT002", None),  # with a BOM
        (PAYLOAD.encode("utf-16-le"), "ORT002", None),
        (PAYLOAD.encode("utf-16-be"), "ORT002", None),
        (PAYLOAD.encode("utf-32"), "ORT002", None),
        (PAYLOAD.encode("utf-32-be"), "ORT002", None),
        ("{".encode("utf-16-le"), "ORT002", None),
        (b'{"messages": [{"role": "user", "content": "a\x00b"}]}', "ORT003", (1, 45)),
        (b"\x00" + PAYLOAD.encode(), "ORT003", (1, 1)),
        (PAYLOAD.encode() + b"\x00", "ORT003", (1, 49)),
        (b"\x00", "ORT003", (1, 1)),
        (b"\x00\x00", "ORT003", (1, 1)),
    ],
)
def test_bad_bytes_in_json(run_ortk, tmp_path: Path, content: bytes, code, where) -> None:
    report = lint(run_ortk, write(tmp_path / "b.json", content))
    if code is None:
        assert report["exit_code"] == 0, report
        return
    [(got, _, line, column)] = found(report)
    assert got == code
    if where:
        assert (line, column) == where


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b"messages:\n- role: user\n  content: a\x00b\n", (3, 13)),
        (b'messages:\n- role: user\n  content: "a\x07b"\n', (3, 14)),
        ("messages:\n- role: \u00e9\u00e9\n  content: a\x01b\n".encode(), (3, 13)),
    ],
)
def test_control_characters_in_yaml(run_ortk, tmp_path: Path, content: bytes, where) -> None:
    # libyaml's ReaderError is not a MarkedYAMLError: it used to escape as a traceback
    report = lint(run_ortk, write(tmp_path / "c.yaml", content))
    assert found(report) == [("ORT003", 1, *where)]


@pytest.mark.parametrize("suffix", [".yaml", ".jsonl"])
def test_utf16_yaml_and_jsonl(run_ortk, tmp_path: Path, suffix) -> None:
    text = (PAYLOAD + "\n") * 50 if suffix == ".jsonl" else "messages: []\n"
    for encoding in ("utf-16", "utf-16-le"):
        report = lint(run_ortk, write(tmp_path / f"u{suffix}", text.encode(encoding)))
        assert [c for c, *_ in found(report)] == ["ORT002"], report  # once, not per line


# --- line endings ----------------------------------------------------------------------------

JSON_FINDINGS = """{
  "messages": [{"role": "user", "content": "x"}],
  "temprature": 1,
  "temperature": 9,
  "messages2": "x",
  "max_tokens": "x"
}
"""
YAML_FINDINGS = """messages:
  - role: user
    content: x
temprature: 1
temperature: 9
max_tokens: x
"""


JSONL_FINDINGS = (JSON_FINDINGS.replace("\n", "") + "\n") * 3


@pytest.mark.parametrize(
    ("suffix", "text"),
    [(".json", JSON_FINDINGS), (".yaml", YAML_FINDINGS), (".jsonl", JSONL_FINDINGS)],
)
def test_crlf_positions_equal_lf_positions(run_ortk, tmp_path: Path, suffix, text) -> None:
    lf = write(tmp_path / f"lf{suffix}", text)
    crlf = write(tmp_path / f"crlf{suffix}", text.replace("\n", "\r\n"))
    report = lint(run_ortk, lf, crlf)
    by_file = {
        file: sorted(
            (d["code"], d["record"], d["line"], d["column"], d["pointer"])
            for d in report["diagnostics"]
            if d["file"] == file
        )
        for file in (lf, crlf)
    }
    assert len(by_file[lf]) >= 3
    assert by_file[lf] == by_file[crlf]
    # and both are where the value is in the text
    [temperature, *_] = [d for d in by_file[lf] if d[4] == "/temperature"]
    lines = text.split("\n")
    line = next(i for i, s in enumerate(lines, 1) if "temperature" in s)
    assert temperature[2:4] == (
        line,
        lines[line - 1].index("temperature")
        + len("temperature")
        + lines[line - 1].split("temperature", 1)[1].index("9")
        + 1,
    )


# --- truncation, duplicates, empty, non-objects ----------------------------------------------

GOOD = json.dumps(
    {
        "model": "openai/gpt-4o",
        "messages": [{"role": "user", "content": 'hé \\ "q"'}],
        "temperature": 1,
        "stop": ["a", "b"],
        "metadata": {"k": "v"},
    },
    indent=2,
)


def test_every_truncation_is_a_diagnostic(run_ortk, tmp_path: Path) -> None:
    """One run over a file cut at every byte: each is ORT002, ORT003 or ORT004."""
    raw = GOOD.encode()
    for cut in range(len(raw)):  # raw[:len(raw)] would be the whole, valid document
        write(tmp_path / f"t{cut:04d}.json", raw[:cut])
    report = lint(run_ortk, str(tmp_path))
    codes: dict[str, set[str]] = {}
    for d in report["diagnostics"]:
        codes.setdefault(Path(d["file"]).name, set()).add(d["code"])
    assert report["files_checked"] == len(raw)
    for cut in range(len(raw)):
        try:
            expected = {"ORT004"} if not raw[:cut].decode().strip() else {"ORT003"}
        except UnicodeDecodeError:  # cut inside the two bytes of "é"
            expected = {"ORT002"}
        assert codes.get(f"t{cut:04d}.json") == expected, (cut, raw[:cut])


def test_truncated_yaml_and_jsonl(run_ortk, tmp_path: Path) -> None:
    yaml = write(tmp_path / "t.yaml", 'messages: [{role: user, content: "x')
    jsonl = write(tmp_path / "t.jsonl", PAYLOAD + "\n" + PAYLOAD[:20])
    report = lint(run_ortk, yaml, jsonl)
    assert found(report) == [("ORT003", 2, 2, 16), ("ORT003", 1, 1, 36)]


def test_duplicate_keys_at_their_position(run_ortk, tmp_path: Path) -> None:
    text = (
        '{"messages": [{"role": "user",\n'
        '    "content": "x", "role": "user"}],\n'
        ' "temperature": 1,\n'
        ' "temperature": 2}'
    )
    yaml = (
        "messages:\n- role: user\n  content: x\n  role: user\n"
        "temperature: 1\nmetadata: {a: b, a: c}\n"
    )
    json_path = write(tmp_path / "d.json", text)
    yaml_path = write(tmp_path / "d.yaml", yaml)
    report = lint(run_ortk, json_path, yaml_path)
    in_json = [
        (d["line"], d["column"], d["pointer"])
        for d in report["diagnostics"]
        if d["code"] == "ORT005" and d["file"] == json_path
    ]
    assert in_json == [
        (*position(text, '"role"', 1), "/messages/0/role"),
        (*position(text, '"temperature"', 1), "/temperature"),
    ]
    in_yaml = [
        (d["line"], d["column"], d["pointer"])
        for d in report["diagnostics"]
        if d["code"] == "ORT005" and d["file"] == yaml_path
    ]
    assert in_yaml == [
        (*position(yaml, "role", 1), "/messages/0/role"),
        (*position(yaml, "a: c"), "/metadata/a"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("e.json", "", "ORT004"),
        ("w.json", " \n\t\r\n  ", "ORT004"),
        ("b.json", "\ufeff", "ORT004"),
        ("e.yaml", "", "ORT004"),
        ("w.yaml", "  \n\n", "ORT004"),
        ("c.yaml", "# only a comment\n", "ORT004"),
        ("e.jsonl", "", "ORT004"),
        ("w.jsonl", "\n  \n\r\n", "ORT004"),
        ("a.json", "[1, 2]", "ORT006"),
        ("s.json", '"a string"', "ORT006"),
        ("n.json", "null", "ORT006"),
        ("a.yaml", "- a\n- b\n", "ORT006"),
        ("s.yaml", "just text\n", "ORT006"),
        ("a.jsonl", "[1]\n", "ORT006"),
    ],
)
def test_empty_and_non_object_files(run_ortk, tmp_path: Path, name, content, code) -> None:
    report = lint(run_ortk, write(tmp_path / name, content))
    assert [c for c, *_ in found(report)] == [code]


# --- YAML ------------------------------------------------------------------------------------

LAUGHS = (
    "\n".join(
        ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        + [
            f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]"
            for a, b in zip("abcdefgh", "bcdefghi", strict=True)
        ]
    )
    + "\nmessages: [{role: user, content: x}]\n"
)  # "i" expands to 9**9 = 387,420,489 strings


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    run, elapsed, peak = measure("lint", "--format", "json", write(tmp_path / "lol.yaml", LAUGHS))
    assert_sane(run)
    print(f"\nbillion laughs: {elapsed:.2f} s, peak {peak / MB:.0f} MB")
    assert [d["code"] for d in json.loads(run.stdout)["diagnostics"]] == ["ORT010"]
    assert elapsed < 10
    assert peak < 200 * MB


def test_yaml_with_a_million_small_values_is_refused_before_composing(tmp_path: Path) -> None:
    # 3 MB of `a, ` used to take 600 MB (PyYAML nodes) and 8 s; 50 MB would take 10 GB
    text = "messages: [{role: user, content: x}]\nstop: [" + "a, " * 1_000_000 + "a]\n"
    run, elapsed, peak = measure("lint", "--format", "json", write(tmp_path / "w.yaml", text))
    assert_sane(run)
    print(f"\n1,000,000 YAML values: {elapsed:.2f} s, peak {peak / MB:.0f} MB")
    assert [(d["code"], d["line"], d["column"]) for d in json.loads(run.stdout)["diagnostics"]] == [
        ("ORT010", 1, 1)
    ]
    assert elapsed < 10
    assert peak < 200 * MB


def test_yaml_stream_of_many_documents_with_findings(run_ortk, tmp_path: Path) -> None:
    # positions re-composed the stream from the start for every document: 3,000 took 2 minutes
    document = "---\nmessages: [{role: user, content: x}]\ntemperature: 9\n"
    start = time.perf_counter()
    report = lint(run_ortk, write(tmp_path / "s.yaml", document * 3000), timeout=60)
    assert time.perf_counter() - start < 20
    assert found(report) == [("ORT105", n, 3 * n, 14) for n in range(1, 3001)]


def test_recursive_alias_is_refused(run_ortk, tmp_path: Path) -> None:
    text = "messages: &m\n  - role: user\n    content: *m\n"
    report = lint(run_ortk, write(tmp_path / "r.yaml", text))
    assert found(report) == [("ORT010", 1, 1, 11)]


@pytest.mark.parametrize(
    "template",
    [
        "messages: !!python/object/apply:os.system ['touch {marker}']\n",
        "messages: !!python/object/apply:subprocess.check_call [[touch, {marker}]]\n",
        "messages: !!python/object/new:subprocess.Popen [[touch, {marker}]]\n",
        "messages:\n- !!python/object/apply:os.system\n  args: ['touch {marker}']\n",
        "? !!python/object/apply:os.system ['touch {marker}']\n: x\nmessages: []\n",
        "messages: !!python/name:os.system\n",
        "messages: !!python/module:os\n",
    ],
)
def test_python_tags_are_refused_and_not_run(run_ortk, tmp_path: Path, template: str) -> None:
    marker = tmp_path / "pwned"
    report = lint(run_ortk, write(tmp_path / "p.yaml", template.format(marker=marker)))
    assert [c for c, *_ in found(report)] == ["ORT010"]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("messages:\n- role: user\n  content: !!binary aGVsbG8=\n", "ORT010"),
        ("messages: !!set {a, b}\n", "ORT010"),
        ("messages: !!omap [a: 1]\n", "ORT010"),
        ("messages: !custom x\n", "ORT010"),
        ("messages: []\n1: x\n", "ORT010"),
        ("messages: []\ntrue: x\n", "ORT010"),
        ("messages: []\n~: x\n", "ORT010"),
        ("messages: []\n1.5: x\n", "ORT010"),
        ("messages: []\n? [a, b]\n: x\n", "ORT010"),
        ("messages: []\n? {a: b}\n: x\n", "ORT010"),
        ("base: &b {role: user}\nmessages:\n- <<: *b\n  content: x\n", "ORT010"),
    ],
)
def test_yaml_without_a_json_equivalent(run_ortk, tmp_path: Path, text, code) -> None:
    report = lint(run_ortk, write(tmp_path / "t.yaml", text))
    assert [c for c, *_ in found(report)] == [code]
    message = report["diagnostics"][0]["message"]
    assert "Node(" not in message and len(message) < 200


def test_yaml_dates_stay_strings(run_ortk, tmp_path: Path) -> None:
    ok = (
        "messages: [{role: user, content: x}]\n"
        "metadata: {day: 2024-01-02, at: 2001-12-14t21:59:43.10-05:00}\n"
    )
    bad = "messages: [{role: user, content: x}]\nmetadata: {day: 2024-01-02, n: 5}\n2024-01-02: x\n"
    report = lint(run_ortk, write(tmp_path / "ok.yaml", ok), write(tmp_path / "bad.yaml", bad))
    assert {
        (d["file"].endswith("bad.yaml"), d["code"], d["pointer"]) for d in report["diagnostics"]
    } == {(True, "ORT103", "/metadata/n"), (True, "ORT101", "/2024-01-02")}


def test_yaml_documents_are_records(run_ortk, tmp_path: Path) -> None:
    text = (
        "messages: [{role: user, content: x}]\n"
        "---\n"
        "messages: [{role: user, content: x}]\n"
        "temperature: 9\n"
        "--- [1, 2]\n"
        "---\n"
        "messages: []\n"
        "...\n"
    )
    report = lint(run_ortk, write(tmp_path / "m.yaml", text))
    assert report["payloads_checked"] == 3
    assert sorted(found(report)) == [
        ("ORT006", 3, 5, 5),
        ("ORT105", 2, 4, 14),
        ("ORT108", 4, 7, 11),
    ]


def test_yaml_syntax_error_in_a_later_document(run_ortk, tmp_path: Path) -> None:
    text = "messages: [{role: user, content: x}]\ntemperature: 9\n---\nmessages: [\n"
    report = lint(run_ortk, write(tmp_path / "m.yaml", text))
    assert sorted(found(report)) == [("ORT003", 2, 5, 1), ("ORT105", 1, 2, 14)]


# --- JSONL -----------------------------------------------------------------------------------


def test_jsonl_records_lines_and_recovery(run_ortk, tmp_path: Path) -> None:
    lines = [
        PAYLOAD,  # 1, record 1
        "",  # 2, skipped
        REQUEST + '"temperature": 9}',  # 3, record 2
        '{"messages": [',  # 4, record 3: syntax
        "   \t",  # 5, skipped
        REQUEST + '"top_p": 9}',  # 6, record 4
        "\udcff",  # 7, record 5: invalid UTF-8 (written as a raw 0xff byte)
        "[1]",  # 8, record 6
        REQUEST + '"seed": NaN}',  # 9, record 7
        REQUEST + '"seed": 1, "seed": 2}',  # 10, record 8
        "[" * DEPTH,  # 11, record 9
        PAYLOAD,  # 12, record 10
    ]
    raw = "\n".join(lines).encode("utf-8", "surrogateescape")
    report = lint(run_ortk, write(tmp_path / "r.jsonl", raw))
    assert report["payloads_checked"] == 5  # records 1, 2, 4, 8 and 10
    assert found(report) == [
        ("ORT105", 2, 3, len(REQUEST + '"temperature": ') + 1),
        ("ORT003", 3, 4, 15),
        ("ORT105", 4, 6, len(REQUEST + '"top_p": ') + 1),
        ("ORT002", 5, 7, 1),
        ("ORT006", 6, 8, 1),
        ("ORT007", 7, 9, len(REQUEST + '"seed": ') + 1),
        ("ORT005", 8, 10, len(REQUEST + '"seed": 1, ') + 1),
        ("ORT009", 9, 11, 129),
    ]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"[" * DEPTH, "ORT009"),
        (PAYLOAD.encode("utf-16"), "ORT002"),
        (b"\xff\xfe", "ORT002"),
        (b"", "ORT004"),
        (b'{"messages": [], "temperature": NaN}', "ORT007"),
        (b'{"messages": [', "ORT003"),
    ],
)
def test_hostile_standard_input(run_ortk, content: bytes, code: str) -> None:
    run = run_ortk("lint", "--format", "json", "-", input=content, timeout=30)
    assert_sane(run)
    assert [d["code"] for d in json.loads(run.stdout)["diagnostics"]] == [code], run


# --- the file system -------------------------------------------------------------------------

BAD = json.dumps({**VALID, "temperature": 9})


def test_directory_symlink_loop_lints_each_file_once(run_ortk, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    for name in ("one.json", "a/two.json", "a/b/three.json"):
        write(tree / name, BAD)
    (tree / "a" / "b" / "loop").symlink_to("..")
    (tree / "a" / "top").symlink_to(tree)
    (tree / "self").symlink_to("self")
    report = lint(run_ortk, str(tree), timeout=30)
    files = sorted(Path(d["file"]).relative_to(tree).as_posix() for d in report["diagnostics"])
    assert files == ["a/b/three.json", "a/two.json", "one.json"]
    assert report["files_checked"] == 3


def test_unreadable_files_are_diagnostics(run_ortk, tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", BAD)
    locked = write(tmp_path / "locked.json", PAYLOAD)
    os.chmod(locked, 0)
    not_a_dir = str(tmp_path / "good.json" / "x.json")  # its parent is a file: ENOTDIR
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere.json")
    report = lint(run_ortk, not_a_dir, str(dangling), locked, good)
    by_file = {d["file"]: (d["code"], d["message"]) for d in report["diagnostics"]}
    assert by_file[good][0] == "ORT105"  # the others did not stop the run
    assert by_file[not_a_dir] == ("ORT001", f"cannot read {not_a_dir}: Not a directory")
    assert by_file[str(dangling)] == ("ORT001", f"{dangling} is a symbolic link to a missing file")
    if os.access(locked, os.R_OK):
        pytest.skip(
            "running as root: chmod 000 does not stop reading (the other paths passed; "
            "test_permission_denied_is_ort001 covers EACCES)"
        )
    assert by_file[locked] == ("ORT001", f"cannot read {locked}: Permission denied")


def test_permission_denied_is_ort001(run_cli, tmp_path: Path, monkeypatch) -> None:
    """EACCES as root too: os.open raises it for one path, in-process."""
    from toolkit.loading import files

    good = write(tmp_path / "good.json", BAD)
    locked = write(tmp_path / "locked.json", PAYLOAD)
    real_open = os.open

    def deny(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", deny)
    got = in_process(run_cli, locked, good)
    assert (locked, "ORT001", f"cannot read {locked}: Permission denied") in got
    assert [code for file, code, _ in got if file == good] == ["ORT105"]


def test_directory_that_cannot_be_listed(run_cli, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "ok" / "a.json", BAD)
    write(tmp_path / "locked" / "b.json", BAD)
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    got = in_process(run_cli, str(tmp_path))
    locked = str(tmp_path / "locked")
    assert got == [
        (locked, "ORT001", f"cannot list directory {locked}: Permission denied"),
        (str(tmp_path / "ok" / "a.json"), "ORT105", "temperature is 9; it must be between 0 and 2"),
    ]


def test_file_deleted_between_listing_and_reading(tmp_path: Path, monkeypatch) -> None:
    from toolkit import api, paths

    doomed = write(tmp_path / "a.json", BAD)
    survivor = write(tmp_path / "b.json", BAD)
    real_discover = paths.discover

    def discover(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for entry in real_discover(*args, **kwargs):
            if entry == doomed:
                os.remove(doomed)  # listed, then gone before `load` opens it
            yield entry

    monkeypatch.setattr(paths, "discover", discover)
    report = api.lint_paths([str(tmp_path)])
    got = [(d.file, d.code) for d in report.diagnostics]
    assert got == [(doomed, "ORT001"), (survivor, "ORT105")]
    assert "deleted while linting" in report.diagnostics[0].message


def test_fifo_and_devices_do_not_block(run_ortk, tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    good = write(tmp_path / "good.json", BAD)
    paths = [str(fifo), "/dev/null", "/dev/zero", str(tmp_path / "missing.json"), good]
    report = lint(run_ortk, *paths, str(tmp_path), timeout=30)  # the walk finds the FIFO too
    messages = [(d["file"], d["code"], d["message"]) for d in report["diagnostics"]]
    assert messages.count((str(fifo), "ORT001", f"{fifo} is not a regular file")) == 2
    assert ("/dev/null", "ORT001", "/dev/null is not a regular file") in messages
    assert ("/dev/zero", "ORT001", "/dev/zero is not a regular file") in messages
    missing = str(tmp_path / "missing.json")
    assert (missing, "ORT001", f"{missing} does not exist") in messages
    assert [m[1] for m in messages if m[0] == good] == ["ORT105", "ORT105"]


def test_path_replaced_by_a_fifo_after_the_check(tmp_path: Path, monkeypatch) -> None:
    """The race between `stat` and `open`: the opened file is checked again."""
    from toolkit import loading
    from toolkit.loading import files

    path = tmp_path / "a.json"
    write(path, PAYLOAD)
    real_open = os.open

    def swap(name: Any, flags: int, *args: Any) -> int:
        if str(name) == str(path):
            path.unlink()
            os.mkfifo(path)
        return real_open(name, flags, *args)

    monkeypatch.setattr(files.os, "open", swap)
    [diagnostic] = list(loading.load(str(path)))
    assert (diagnostic.code, diagnostic.message) == ("ORT001", f"{path} is not a regular file")


def test_nonexistent_paths_only(run_ortk, tmp_path: Path) -> None:
    report = lint(run_ortk, str(tmp_path / "nope.json"), str(tmp_path / "nope"), timeout=30)
    assert report["exit_code"] == 1
    assert [c for c, *_ in found(report)] == ["ORT001", "ORT001"]


# --- lint leaves files alone -----------------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    return {
        path.relative_to(root).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
            path.stat().st_mode,
        )
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def test_lint_without_fix_changes_nothing(run_ortk, tmp_path: Path) -> None:
    files = {
        "good.json": json.dumps(VALID),
        "bad.json": BAD,
        "fixable.json": json.dumps({**VALID, "max_tokens": 100}),
        "fixable.jsonl": json.dumps({**VALID, "max_tokens": 100}) + "\n" + BAD + "\n",
        "broken.json": "{",
        "dup.json": '{"messages": [], "messages": []}',
        "sub/fixable.yaml": "messages: [{role: user, content: x}]\nmax_tokens: 100\n",
        "sub/crlf.json": json.dumps({**VALID, "max_tokens": 100}, indent=1).replace("\n", "\r\n"),
        "sub/empty.json": "",
        "sub/utf16.json": json.dumps(VALID).encode("utf-16"),
        "sub/latin1.json": '{"messages": "\xe9"}'.encode("latin-1"),
    }
    for name, content in files.items():
        write(tmp_path / name, content)
    past = 1_000_000_000_123_456_789  # 2001, to the nanosecond
    for path in tmp_path.rglob("*"):
        os.utime(path, ns=(past, past))
    before = snapshot(tmp_path)
    for output_format in ("text", "json", "github"):
        run = run_ortk("lint", "--format", output_format, str(tmp_path), timeout=60)
        assert_sane(run)
        assert run.exit_code == 1
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(
        [Path(n).name for n in files] + ["sub"]
    )


# --- internal errors -------------------------------------------------------------------------


def test_a_crashing_rule_is_a_diagnostic_and_the_run_goes_on(
    run_cli, tmp_path: Path, monkeypatch
) -> None:
    from toolkit import rules

    rule = rules.BY_CODE["ORT230"]

    def boom(payload: dict[str, Any], context: Any) -> Iterator[Any]:
        yield from ()
        raise RuntimeError("boom")

    broken = dataclasses.replace(rule, check=boom, triggers=frozenset())  # runs on every payload
    real = rules.checks_for_payload
    monkeypatch.setattr(rules, "checks_for_payload", lambda kind, keys: (broken, *real(kind, keys)))
    first = write(tmp_path / "a.json", BAD)
    second = write(tmp_path / "b.json", json.dumps({**VALID, "top_p": 5}))
    crash = f"internal error in rule {rule.name}: RuntimeError: boom; please report it"
    assert sorted(
        (Path(file).name, code, message)
        for file, code, message in in_process(run_cli, first, second)
    ) == [
        ("a.json", "ORT105", "temperature is 9; it must be between 0 and 2"),
        ("a.json", "ORT230", crash),
        ("b.json", "ORT105", "top_p is 5; it must be between 0 and 1"),
        ("b.json", "ORT230", crash),
    ]

    import toolkit

    diagnostics = toolkit.validate_request({**VALID, "temperature": 9})
    assert {d.code for d in diagnostics} == {"ORT105", "ORT230"}


# --- found elsewhere: fixes needed outside the loading modules -------------------------------


def test_many_schema_errors_are_fast(run_ortk, tmp_path: Path) -> None:
    path = write(tmp_path / "wide.json", '{"messages": [' + ",".join(["1"] * 8000) + "]}")
    run = run_ortk("lint", path, timeout=8)  # ~2 s with a dict for the dedupe
    assert_sane(run)


def test_huge_unknown_key_is_shown_short(tmp_path: Path) -> None:
    key = "k" * (2 * MB)
    path = write(tmp_path / "k.json", json.dumps({**VALID, key: 1}))
    run, _, peak = measure("lint", path)
    assert_sane(run)
    assert run.stdout_bytes < 2000, run.stdout_bytes
    assert peak < 12 * 2 * MB + 150 * MB


def test_huge_enum_value_stays_in_memory_bounds(tmp_path: Path) -> None:
    size = 5 * MB
    path = write(
        tmp_path / "r.json", json.dumps({"messages": [{"role": "r" * size, "content": "x"}]})
    )
    run, _, peak = measure("lint", path)
    assert_sane(run)
    assert "ORT104" in run.stdout
    assert peak < 12 * size + 150 * MB


def test_jsonl_is_streamed_memory_does_not_grow_with_records(tmp_path: Path) -> None:
    """Six times the records, about the same peak: records are read one line at a time."""
    record = json.dumps({**VALID, "metadata": {"note": "x" * 400}}) + "\n"
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_text(record * 20_000)  # ~10 MB
    large.write_text(record * 120_000)  # ~60 MB
    small_run, _, small_peak = measure("lint", str(small))
    large_run, _, large_peak = measure("lint", str(large))
    assert small_run.exit_code == large_run.exit_code == 0
    print(f"\nJSONL peak: {small_peak / MB:.0f} MB for 10 MB, {large_peak / MB:.0f} MB for 60 MB")
    assert large_peak - small_peak < 20 * MB


@pytest.mark.parametrize(
    "stage", ["json.read_bytes", "json.parse_clean_json", "files.decode", "json.parse_json"]
)
def test_a_file_too_large_for_memory_is_ort001(tmp_path: Path, monkeypatch, stage: str) -> None:
    """Measured by hand: a 3 GB sparse file under `ulimit -v 2000000` gives this, not a
    traceback; here the MemoryError is simulated at each stage of loading."""
    import importlib

    from toolkit import api

    module, name = stage.split(".")
    loader = importlib.import_module(f"toolkit.loading.{module}")

    def exhausted(*_: object) -> None:
        raise MemoryError

    path = write(tmp_path / "huge.json", json.dumps(VALID))
    other = write(tmp_path / "next.json", json.dumps({**VALID, "top_p": 5}))
    monkeypatch.setattr(loader, name, exhausted)
    if name in ("decode", "parse_json"):  # the careful path, after the fast parser gave up
        monkeypatch.setattr("toolkit.loading.json.parse_clean_json", lambda raw: None)
    found = api.lint_paths([path]).diagnostics
    assert [(d.code, d.file) for d in found] == [("ORT001", path)]
    assert "too large to load into memory" in found[0].message
    monkeypatch.undo()
    assert [d.code for d in api.lint_paths([other]).diagnostics] == ["ORT105"]


# --- issue 12: every promise on bad input holds -------------------------------------------------

FORMATS = ("text", "json", "github", "sarif", "junit", "gitlab")
REQUEST_OK = '{"messages": [{"role": "user", "content": "x"}]'


def raw_run(
    *args: str, env: dict[str, str] | None = None, **options: Any
) -> tuple[int, bytes, str]:
    """`python -m toolkit ARGS` with its stdout as bytes: (exit code, stdout, stderr)."""
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
        **options,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert result.returncode in (0, 1, 2), stderr
    return result.returncode, result.stdout, stderr


def assert_well_formed(output_format: str, stdout: bytes) -> str:
    """The output is valid UTF-8 and, where the format is JSON or XML, parses."""
    text = stdout.decode("utf-8")  # strict: raises on anything that is not UTF-8
    if output_format in ("json", "sarif", "gitlab"):  # the strings it holds
        return "\n".join(_strings(json.loads(text)))
    if output_format == "junit":
        from xml.etree import ElementTree

        root = ElementTree.fromstring(stdout)
        return "\n".join(
            [
                *(v for e in root.iter() for v in e.attrib.values()),
                *(e.text or "" for e in root.iter()),
            ]
        )
    return text


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize(
    ("member", "code"),
    [
        ('"\\ud800x": 1', "ORT101"),  # in an unknown key
        ('"temperature": "\\ud800"', "ORT103"),  # in a value the schema rejects
        ('"stop": ["\\udfff", "\\udfff"]', "ORT253"),  # in a value a rule quotes
    ],
)
def test_lone_surrogates_are_rendered_escaped(tmp_path: Path, output_format, member, code) -> None:
    path = write(tmp_path / "s.json", REQUEST_OK + ", " + member + "}")
    for env in ({}, {"PYTHONIOENCODING": "utf-8:strict"}):
        _, stdout, _ = raw_run("lint", "--format", output_format, path, env=env)
        text = assert_well_formed(output_format, stdout)
        assert code in text
        assert "\\ud800" in text or "\\udfff" in text, text


@pytest.mark.parametrize("output_format", FORMATS)
def test_file_names_that_are_not_utf8(tmp_path: Path, output_format) -> None:
    directory = os.fsencode(tmp_path)
    name = directory + b"/bad-\xff\xfe.json"
    with open(name, "w") as handle:
        handle.write(REQUEST_OK + ', "temperature": 9}')
    renders = []
    for env in ({}, {"PYTHONIOENCODING": "utf-8:strict"}, {"LC_ALL": "C", "LANG": "C"}):
        exit_code, stdout, _ = raw_run("lint", "--format", output_format, str(tmp_path), env=env)
        assert exit_code == 1
        text = assert_well_formed(output_format, stdout)
        assert "ORT105" in text
        renders.append(text)
    assert renders[0] == renders[1] == renders[2]  # whatever the locale
    # the escape round-trips: the name as shown turns back into the bytes on disk
    assert "bad-\\udcff\\udcfe.json" in renders[0] or output_format == "sarif", renders[0]
    shown = b"bad-\\udcff\\udcfe.json".decode("unicode_escape")
    assert os.fsencode(shown) == b"bad-\xff\xfe.json"


@pytest.mark.parametrize(
    ("shell", "args"),
    [
        ("exec 1>&-; exec {python} -m toolkit lint {path}", ()),  # closed stdout
        ("exec {python} -m toolkit lint {path} >/dev/full", ()),  # full disk
        ("exec {python} -m toolkit lint --format json {path} >/dev/full", ()),
        ("exec 0<&-; exec {python} -m toolkit lint - >/dev/null", ()),  # closed stdin
        ("cd {gone} && rmdir {gone} && exec {python} -m toolkit lint {path}", ()),  # no cwd
    ],
    ids=["closed-stdout", "dev-full", "dev-full-json", "closed-stdin", "deleted-cwd"],
)
def test_odd_environments_are_one_line_and_exit_2(tmp_path: Path, shell: str, args) -> None:
    path = write(tmp_path / "a.json", REQUEST_OK + ', "temperature": 9}')
    gone = tmp_path / "gone"
    gone.mkdir()
    command = shell.format(python=sys.executable, path=path, gone=gone)
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60, check=False)
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert result.returncode == 2, (result.returncode, stderr)
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(("ortk: ", "Error: ")), stderr


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("pyproject.toml", 'tool = "ortk"\n', "tool"),
        ("pyproject.toml", "[tool]\nortk = 3\n", "must be a table"),
        ("ortk.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n", "ortk.toml"),
        ("ortk.toml", "select = [" + "[" * 5000 + "]" * 5000 + "]\n", "ortk.toml"),
    ],
)
def test_bad_config_files_are_exit_2_naming_the_file(
    run_ortk, tmp_path: Path, name: str, content: str, says: str
) -> None:
    config = write(tmp_path / name, content)
    path = write(tmp_path / "a.json", REQUEST_OK + "}")
    for args in (("--config", config), ()):
        if not args and name != "pyproject.toml":
            continue
        result = run_ortk("lint", *args, path, cwd=tmp_path)
        assert_sane(result)
        assert result.exit_code == 2, result
        assert says in result.stderr and name in result.stderr, result
        assert len([line for line in result.stderr.splitlines() if line]) <= 3, result


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[" * 100_000 + "]" * 100_000, "baseline"),
        (
            json.dumps(
                {
                    "version": 1,
                    "tool": "ortk",
                    "entries": [
                        {"file": "a.json", "record": 1, "code": "ORT105", "pointer": "/x"},
                        {"file": "a.json", "record": "1", "code": "ORT105", "pointer": "/x"},
                    ],
                }
            ),
            "record",
        ),
        (json.dumps({"version": 1, "tool": "ortk", "entries": [7]}), "baseline"),
        (json.dumps({"version": 1, "tool": "ortk", "entries": [{"file": 1}]}), "baseline"),
    ],
)
def test_bad_baselines_are_exit_2_naming_the_file(run_ortk, tmp_path: Path, content, says) -> None:
    baseline = write(tmp_path / "base.json", content)
    path = write(tmp_path / "a.json", REQUEST_OK + ', "temperature": 9}')
    result = run_ortk("lint", "--baseline", baseline, path)
    assert_sane(result)
    assert result.exit_code == 2, result
    assert "base.json" in result.stderr and says in result.stderr, result


@pytest.mark.parametrize("option", ["--config", "--baseline"])
@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
def test_config_and_baseline_must_be_regular_files(run_ortk, tmp_path: Path, option, kind) -> None:
    if kind == "fifo":
        special = tmp_path / "special"
        os.mkfifo(special)
    elif kind == "device":
        special = Path("/dev/zero")
    else:
        special = tmp_path
    path = write(tmp_path / "a.json", REQUEST_OK + "}")
    start = time.perf_counter()
    result = run_ortk("lint", option, str(special), path, timeout=30)
    assert time.perf_counter() - start < 20
    assert_sane(result)
    assert result.exit_code == 2, result
    assert str(special) in result.stderr, result


def test_write_baseline_into_a_missing_directory(run_ortk, tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", REQUEST_OK + ', "temperature": 9}')
    result = run_ortk("lint", "--write-baseline", str(tmp_path / "no" / "base.json"), path)
    assert_sane(result)
    assert result.exit_code == 2 and "base.json" in result.stderr, result


def test_write_baseline_is_atomic(tmp_path: Path, monkeypatch) -> None:
    from toolkit import fixing, suppression

    baseline = tmp_path / "base.json"
    baseline.write_text("old")

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        suppression.write_baseline(str(baseline), [])
    assert baseline.read_text() == "old"
    assert not list(tmp_path.glob(".ortk-*"))
    assert fixing.write_atomically  # the same writer as --fix


# --- --fix changes the bytes of the fix and nothing else ---------------------------------------

FIXABLE = '"max_tokens": 100'


def fix(run_ortk: Callable[..., Run], *paths: str) -> Run:
    result = run_ortk("lint", "--fix", *paths)
    assert_sane(result)
    return result


@pytest.mark.parametrize(
    "before",
    [
        # CRLF, tabs, number spellings, spacing and key order stay; only the key changes
        '{\r\n\t"messages": [{"role": "user", "content": "x"}],\r\n\t"temperature": 1.0E0,'
        '\r\n\t"max_tokens":   100 ,\r\n\t"top_p": 1.00\r\n}\r\n',
        # a BOM, an escape and no final newline
        '\ufeff{"max_tokens": 100, "messages": [{"role": "user", "content": "\\u00e9"}]}',
        # \r as JSON whitespace, U+2028 and U+0085 inside strings
        '{"messages":\r[{"role": "user", "content": "a\u2028b\u0085c"}],\r"max_tokens": 100}',
        # a lone surrogate elsewhere in the file
        '{"messages": [{"role": "user", "content": "\\ud800"}], "max_tokens": 100}',
    ],
    ids=["crlf-tabs-numbers", "bom", "odd-whitespace", "surrogate"],
)
def test_fix_edits_only_the_span(run_ortk, tmp_path: Path, before: str) -> None:
    path = write(tmp_path / "a.json", before)
    result = fix(run_ortk, path)
    after = before.replace('"max_tokens"', '"max_completion_tokens"')
    assert Path(path).read_bytes().decode() == after, result
    assert "ORT210" not in result.stdout


def test_fix_in_jsonl_keeps_every_other_byte(run_ortk, tmp_path: Path) -> None:
    lines = [
        '{"messages": [{"role": "user", "content": "a\u2028b\u0085c"}], "max_tokens": 1}\r\n',
        "\u00a0\n",  # a non-breaking space: a record (ORT003) for the linter and the fixer
        '{"messages": [{"role": "user", "content": "x"}], "max_tokens": 2}\n',
        "   \t\n",  # blank
        b'{"messages": [{"role": "user", "content": "\xff"}], "max_tokens": 3}\n',
        '{"messages":\r[{"role": "user", "content": "\\ud800"}],\t"max_tokens":  4}',
    ]
    raw = b"".join(line if isinstance(line, bytes) else line.encode() for line in lines)
    path = write(tmp_path / "a.jsonl", raw)
    before = lint(run_ortk, path)
    records = {(d["code"], d["record"], d["line"]) for d in before["diagnostics"]}
    assert ("ORT003", 2, 2) in records and ("ORT002", 4, 5) in records, records
    assert {r for c, r, _ in records if c == "ORT210"} == {1, 3, 5}
    fix(run_ortk, path)
    expected = raw.replace(b'"max_tokens": 1}', b'"max_completion_tokens": 1}')
    expected = expected.replace(b'"max_tokens": 2}', b'"max_completion_tokens": 2}')
    expected = expected.replace(b'"max_tokens":  4}', b'"max_completion_tokens":  4}')
    assert Path(path).read_bytes() == expected


@pytest.mark.parametrize(
    "blank", ["\u00a0", "\u2028", "\u0085", "\x0c", "\x0b", "\ufeff", "\r", " \r"]
)
def test_linter_and_fixer_number_records_alike(run_ortk, tmp_path: Path, blank: str) -> None:
    first = '{"messages": [{"role": "user", "content": "x"}]}\n'
    last = '{"messages": [{"role": "user", "content": "x"}], "max_tokens": 5}\n'
    path = write(tmp_path / "a.jsonl", first + blank + "\n" + last)
    report = lint(run_ortk, path)
    [fixable] = [d for d in report["diagnostics"] if d["code"] == "ORT210"]
    assert fixable["line"] == 3
    fix(run_ortk, path)
    assert Path(path).read_bytes().decode() == first + blank + "\n" + last.replace(
        "max_tokens", "max_completion_tokens"
    )


def test_fix_never_touches_a_file_with_syntax_findings(run_ortk, tmp_path: Path) -> None:
    text = '{"messages": [{"role": "user", "content": "x"}], "max_tokens": 1, "max_tokens": 2}'
    path = write(tmp_path / "a.json", text)
    result = fix(run_ortk, path)
    assert Path(path).read_text() == text
    assert "ORT005" in result.stdout and result.exit_code == 1
    assert "not fixed" in result.stderr and "ORT005" in result.stderr, result


def test_fix_writes_through_a_symlink(run_ortk, tmp_path: Path) -> None:
    target = write(tmp_path / "real" / "a.json", REQUEST_OK + ", " + FIXABLE + "}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    fix(run_ortk, str(link))
    assert link.is_symlink() and os.readlink(link) == target
    assert "max_completion_tokens" in Path(target).read_text()


def test_fix_keeps_hard_links(run_ortk, tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", REQUEST_OK + ", " + FIXABLE + "}")
    other = tmp_path / "b.json.orig"
    os.link(path, other)
    os.chmod(path, 0o604)
    fix(run_ortk, path)
    assert os.stat(path).st_ino == os.stat(other).st_ino
    assert "max_completion_tokens" in other.read_text()
    assert stat_mode(path) == 0o604


def stat_mode(path: str) -> int:
    import stat

    return stat.S_IMODE(os.stat(path).st_mode)


def test_fix_that_cannot_write_leaves_the_file(run_cli, tmp_path: Path, monkeypatch) -> None:
    """(As root, a read-only directory is writable: the refusal is simulated here.)"""
    import tempfile

    path = write(tmp_path / "a.json", REQUEST_OK + ", " + FIXABLE + "}")
    other = write(tmp_path / "b.json", REQUEST_OK + ', "top_p": 5}')

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    result = run_cli("lint", "--fix", path, other)
    assert_sane(result)
    assert Path(path).read_text() == REQUEST_OK + ", " + FIXABLE + "}"
    assert "not fixed: cannot write it: Permission denied" in result.stderr, result
    assert "ORT105" in result.stdout and "ORT210" in result.stdout
    assert result.exit_code == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_fix_in_a_directory_that_cannot_be_written(run_ortk, tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    path = write(directory / "a.json", REQUEST_OK + ", " + FIXABLE + "}")
    other = write(tmp_path / "b.json", REQUEST_OK + ', "top_p": 5}')
    os.chmod(path, 0o444)
    directory.chmod(0o555)
    try:
        result = fix(run_ortk, path, other)
        assert Path(path).read_text() == REQUEST_OK + ", " + FIXABLE + "}"
        assert "not fixed" in result.stderr and "a.json" in result.stderr, result
        assert "ORT105" in result.stdout  # the other file is still reported
        assert result.exit_code == 1
    finally:
        directory.chmod(0o755)


def test_fix_with_write_baseline_is_a_usage_error(run_ortk, tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", REQUEST_OK + ", " + FIXABLE + "}")
    result = run_ortk("lint", "--fix", "--write-baseline", str(tmp_path / "b.json"), path)
    assert_sane(result)
    assert result.exit_code == 2 and "--fix" in result.stderr, result
    assert not (tmp_path / "b.json").exists()


def test_statistics_with_a_format_is_a_usage_error(run_ortk, tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", REQUEST_OK + ', "top_p": 5}')
    result = run_ortk("lint", "--statistics", "--format", "json", path)
    assert result.exit_code == 2 and "--statistics" in result.stderr, result
    result = run_ortk("lint", "--statistics", path)
    assert result.exit_code == 1 and "ORT105" in result.stdout, result


def test_fix_that_removes_and_adds_members_keeps_the_layout(run_ortk, tmp_path: Path) -> None:
    before = (
        '{\r\n  "route": "fallback",\r\n  "messages": [{"role": "user", "content": "x"}],'
        '\r\n  "seed": 1E2\r\n}\r\n'
    )
    path = write(tmp_path / "a.json", before)
    fix(run_ortk, path)
    assert Path(path).read_bytes().decode() == (
        '{\r\n  "messages": [{"role": "user", "content": "x"}],'
        '\r\n  "seed": 1E2,\r\n  "provider": {"sort": {"partition": "model"}}\r\n}\r\n'
    )


# --- exit codes that mean what they say ----------------------------------------------------------


def test_a_thousand_warnings_are_not_an_error(run_ortk, tmp_path: Path) -> None:
    payload = {**VALID, **{f"unknown_{i}": 1 for i in range(1000)}}
    payload["stop"] = [""] * 3  # a second warning code
    report = lint(run_ortk, write(tmp_path / "w.json", json.dumps(payload)))
    assert report["exit_code"] == 0, report["summary"]
    codes = [d["code"] for d in report["diagnostics"]]
    assert {d["severity"] for d in report["diagnostics"]} == {"warning"}
    assert codes.count("ORT101") == 101  # the cap, and one line that says how many more
    [more] = [d["message"] for d in report["diagnostics"] if "more" in d["message"]]
    assert more == "and 900 more ORT101 finding(s) in this payload, not shown"


@pytest.mark.parametrize("selection", [("--select", "ORT2"), ("--ignore", "ORT0")])
def test_a_file_that_cannot_be_read_or_parsed_is_always_an_error(
    run_ortk, tmp_path: Path, selection
) -> None:
    files = [
        write(tmp_path / "syntax.json", "{"),
        write(tmp_path / "encoding.json", b'{"a": "\xff"}'),
        write(tmp_path / "empty.json", ""),
        write(tmp_path / "array.json", "[]"),
        str(tmp_path / "missing.json"),
    ]
    result = run_ortk("lint", "--format", "json", *selection, *files)
    assert_sane(result)
    assert result.exit_code == 1, result
    found_codes = sorted(d["code"] for d in json.loads(result.stdout)["diagnostics"])
    assert found_codes == ["ORT001", "ORT002", "ORT003", "ORT004", "ORT006"]
    config = write(tmp_path / "ortk.toml", '[severity]\nORT003 = "off"\n')
    result = run_ortk("lint", "--config", config, files[0])
    assert result.exit_code == 1 and "ORT003" in result.stdout, result


def test_config_patterns_are_relative_to_the_config_file(run_ortk, tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(
        project / "pyproject.toml",
        '[tool.ortk]\nexclude = ["skipped/*"]\n'
        '[tool.ortk.per-file-ignores]\n"data/quiet.json" = ["ORT105"]\n',
    )
    write(project / "data" / "quiet.json", REQUEST_OK + ', "top_p": 5}')
    write(project / "data" / "loud.json", REQUEST_OK + ', "top_p": 5}')
    write(project / "skipped" / "x.json", "{")
    runs = [
        (project, ()),
        (project / "data", ()),
        (tmp_path, ("--config", "project/pyproject.toml")),
    ]
    for cwd, config in runs:
        target = os.path.relpath(project, cwd)
        result = run_ortk("lint", "--format", "json", *config, target, cwd=cwd)
        assert_sane(result)
        files = sorted(Path(d["file"]).name for d in json.loads(result.stdout)["diagnostics"])
        assert files == ["loud.json"], (cwd, result)


def test_sarif_columns_are_code_points(run_ortk, tmp_path: Path) -> None:
    text = '{"messages": [{"role": "user", "content": "\U0001f600\U0001f600"}], "top_p": 5}'
    path = write(tmp_path / "a.json", text)
    result = run_ortk("lint", "--format", "sarif", path)
    run = json.loads(result.stdout)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    [region] = [r["locations"][0]["physicalLocation"]["region"] for r in run["results"]]
    assert region["startColumn"] == text.index("5") + 1  # characters, not UTF-16 units


@pytest.mark.parametrize("fanout", [6, 7, 8])
def test_yaml_aliases_cannot_multiply_the_work(tmp_path: Path, fanout: int) -> None:
    """A few hundred bytes whose aliases expand into a million findings: refused or capped,
    in seconds and little memory, with a bounded output."""
    lines = ["m0: &a0 {role: user, content: x, bogus: 1}"]
    for level in range(1, 6):
        lines.append(f"m{level}: &a{level} [{', '.join([f'*a{level - 1}'] * fanout)}]")
    lines.append(f"messages: [{', '.join(['*a5'] * fanout)}]")
    stream = "\n---\n".join(["\n".join(lines)] * 6)
    path = write(tmp_path / "bomb.yaml", stream)
    start = time.perf_counter()
    run, elapsed, peak = measure("lint", path)
    assert_sane(run)
    print(f"\nYAML alias bomb ({len(stream)} bytes): {elapsed:.2f} s, peak {peak / MB:.0f} MB")
    assert time.perf_counter() - start < 30
    assert peak < 700 * MB
    lines = run.stdout.splitlines()
    assert run.stdout_bytes < 200_000 and len(lines) <= 6 * 3 * 101 + 1, run.stdout[-2000:]
    if fanout > 6:  # refused before anything walks them
        assert [line.split()[1:3] for line in lines[:-1]] == [["error", "ORT010"]] * 6, run.stdout


# --- ordinary-looking files that used to be slow -------------------------------------------------


@pytest.fixture(scope="module")
def slow_cases(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("slow")
    messages = [{"role": "user", "content": "x" * 100}] * 150_000
    clean = json.dumps({"messages": messages})  # ~20 MB
    properties = {f"p{i}": {"type": "string", "description": "d" * 50} for i in range(80_000)}
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    tool["function"]["parameters"]["properties"] = properties
    schema_ok = json.dumps({"messages": messages[:1], "tools": [tool]})  # ~8 MB
    properties["p500"] = {"type": "strng"}
    return {
        "clean": write(root / "clean.json", clean),
        "duplicate": write(root / "duplicate.json", clean[:-1] + ', "messages": []}'),
        "schema-ok": write(root / "schema-ok.json", schema_ok),
        "schema-typo": write(
            root / "schema-typo.json", json.dumps(json.loads(schema_ok) | {"tools": [tool]})
        ),
        # ~560 KB of YAML: 15,000 messages, or 15,000 unknown keys (each one asks for a
        # did-you-mean; only the first 100 are shown)
        "yaml-messages": write(
            root / "messages.yaml",
            "model: openai/gpt-4o\nmessages:\n"
            + "".join(f"  - {{role: user, content: message {i:05d}}}\n" for i in range(15_000)),
        ),
        "yaml-unknown-keys": write(
            root / "unknown.yaml",
            "model: openai/gpt-4o\nmessages: [{role: user, content: hi}]\n"
            + "".join(f"unknown_key_number_{i:05d}: value {i}\n" for i in range(15_000)),
        ),
    }


@pytest.mark.parametrize(
    ("case", "clean", "code"),
    [("duplicate", "clean", "ORT005"), ("schema-typo", "schema-ok", "ORT240")],
)
def test_one_finding_in_a_large_file_costs_a_few_times_the_clean_file(
    slow_cases, case: str, clean: str, code: str
) -> None:
    clean_run, clean_time, clean_peak = measure("lint", slow_cases[clean])
    run, elapsed, peak = measure("lint", slow_cases[case])
    assert_sane(run)
    assert clean_run.exit_code == 0 and run.exit_code == 1 and code in run.stdout, run
    print(
        f"\n{case}: {elapsed:.2f} s, {peak / MB:.0f} MB; clean: {clean_time:.2f} s, "
        f"{clean_peak / MB:.0f} MB"
    )
    assert elapsed < 4 * clean_time + 1
    assert peak < 2 * clean_peak


def test_thousands_of_unknown_keys_cost_a_few_times_the_clean_file(slow_cases) -> None:
    """Findings past what is shown are counted, not explained: 15,000 unknown keys took
    6.2 s (a did-you-mean each) against 1.6 s for as many messages; now ~1 s."""
    clean_run, clean_time, clean_peak = measure("lint", slow_cases["yaml-messages"])
    run, elapsed, peak = measure("lint", slow_cases["yaml-unknown-keys"])
    assert_sane(run)
    assert clean_run.exit_code == 0 and run.exit_code == 0, run  # warnings only
    assert run.stdout.count(" ORT101 unknown key ") == 100, run.stdout[-2000:]
    print(f"\nunknown keys: {elapsed:.2f} s, {peak / MB:.0f} MB; clean: {clean_time:.2f} s")
    assert elapsed < 4 * clean_time + 1
    assert peak < 2 * clean_peak


@pytest.mark.parametrize("stage", ["parse_clean_json", "decode", "load_document"])
def test_a_jsonl_line_too_large_for_memory_is_ort001(tmp_path: Path, monkeypatch, stage) -> None:
    """The same handling as a JSON file: a record that exhausts memory is ORT001, once,
    and the next file is linted."""
    from toolkit import api
    from toolkit.loading import jsonl

    def exhausted(*_: object, **__: object) -> None:
        raise MemoryError

    path = write(tmp_path / "huge.jsonl", json.dumps(VALID) + "\n")
    other = write(tmp_path / "next.jsonl", json.dumps({**VALID, "top_p": 5}) + "\n")
    if stage != "parse_clean_json":
        monkeypatch.setattr(jsonl, "parse_clean_json", lambda raw: None)
    monkeypatch.setattr(jsonl, stage, exhausted)
    found = api.lint_paths([path, other]).diagnostics
    assert (found[0].code, found[0].file) == ("ORT001", path)
    assert "too large to load into memory" in found[0].message
    monkeypatch.undo()
    assert [d.code for d in api.lint_paths([other]).diagnostics] == ["ORT105"]
