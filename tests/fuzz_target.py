"""Fuzz target: bytes -> a file -> `toolkit.api.lint_paths` (as JSON, YAML and JSONL) -> every
output format. Whatever the bytes, linting must return diagnostics with sane fields, no rule
may crash ("internal error in rule"), and rendering must succeed.

    python tests/fuzz_target.py                 # atheris if installed, else hypothesis
    python tests/fuzz_target.py --hypothesis    # hypothesis over raw and mutated bytes
    FUZZ_SECONDS=600 make fuzz                  # longer

With atheris (coverage-guided libFuzzer; `pip install atheris`), the seed corpus is every
example and fixture payload; extra arguments go to libFuzzer. Without it, hypothesis draws
random bytes, random JSON/YAML-like token soups, and seed payloads with random byte edits.
A crash prints the input; add it to tests/test_hostile.py as a regression test.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYNTAXES = ("json", "yaml", "jsonl")
SEED_SUFFIXES = (".json", ".yaml", ".yml", ".jsonl")
MAX_INPUT = 1 << 16

_workdir = Path(tempfile.mkdtemp(prefix="ortk-fuzz-"))


def seeds() -> list[bytes]:
    """Valid and invalid payloads from the repository: examples and test fixtures."""
    paths = [
        p
        for directory in (ROOT / "examples", ROOT / "tests" / "fixtures")
        if directory.is_dir()
        for p in sorted(directory.rglob("*"))
        if p.suffix in SEED_SUFFIXES and p.is_file()
    ]
    return [p.read_bytes()[:MAX_INPUT] for p in paths] or [b'{"messages": []}']


def check_one(data: bytes) -> None:
    """Lint `data` as each syntax; raise AssertionError on anything but sane diagnostics."""
    from toolkit.api import lint_paths
    from toolkit.diagnostics import Diagnostic, Severity
    from toolkit.report import FORMATS
    from toolkit.rules import BY_CODE

    for syntax in SYNTAXES:
        path = _workdir / f"input.{syntax}"
        path.write_bytes(data)
        report = lint_paths([str(path)])
        assert report.files_checked == 1, report
        for d in report.diagnostics:
            assert isinstance(d, Diagnostic), d
            assert d.code in BY_CODE, d
            assert isinstance(d.severity, Severity), d
            assert d.file == str(path), d
            assert "internal error" not in d.message, d
            for number in (d.line, d.column, d.record):
                assert number is None or (isinstance(number, int) and number >= 1), d
        for render in FORMATS.values():
            assert isinstance(render(report), str)


def run_atheris(seconds: int, extra: list[str]) -> None:
    import importlib

    import atheris  # type: ignore[import-not-found]

    with atheris.instrument_imports():
        for module in (
            "api",
            "pipeline",
            "loading.json",
            "loading.jsonl",
            "loading.yaml",
            "positions.json",
            "positions.yaml",
            "validation",
            "report",
        ):
            importlib.import_module(f"toolkit.{module}")

    corpus = Path(tempfile.mkdtemp(prefix="ortk-corpus-"))
    for index, seed in enumerate(seeds()):
        (corpus / f"seed{index:04d}").write_bytes(seed)

    def one_input(data: bytes) -> None:
        check_one(data)

    args = [sys.argv[0], f"-max_total_time={seconds}", f"-max_len={MAX_INPUT}", *extra]
    atheris.Setup([*args, str(corpus)], one_input)
    atheris.Fuzz()


def hypothesis_inputs():  # type: ignore[no-untyped-def]
    """Raw bytes, token soups, and seed payloads with random byte edits."""
    from hypothesis import strategies as st

    tokens = [
        *'{}[]:,"\\ \n\r\t-0123456789.eE+',
        "true",
        "null",
        "NaN",
        "Infinity",
        "1e400",
        "\ufeff",
        "\x00",
        "é",
        "\\u0000",
        "\\ud800",
        '"messages"',
        '"role"',
        '"user"',
        '"content"',
        "---\n",
        "- ",
        "&a ",
        "*a",
        "!!binary ",
        "!!python/object:os.system ",
        "<<: ",
        "? ",
        ".nan",
        "9" * 5000,
        "[" * 300,
        '{"a":' * 200,
    ]
    soup = (
        st.lists(st.sampled_from(tokens), max_size=80)
        .map("".join)
        .map(lambda text: text.encode("utf-8", "surrogatepass"))
    )

    @st.composite
    def mutated(draw):  # type: ignore[no-untyped-def]
        data = bytearray(draw(st.sampled_from(seeds())))
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data)))
            action = draw(st.sampled_from(["insert", "delete", "replace", "truncate", "repeat"]))
            chunk = draw(
                st.binary(min_size=1, max_size=8)
                | st.sampled_from([t.encode("utf-8", "surrogatepass") for t in tokens])
            )
            if action == "insert":
                data[at:at] = chunk
            elif action == "delete":
                del data[at : at + len(chunk)]
            elif action == "replace":
                data[at : at + len(chunk)] = chunk
            elif action == "truncate":
                del data[at:]
            else:
                data[at:at] = data[at : at + 64] * draw(st.integers(2, 50))
        return bytes(data[:MAX_INPUT])

    return st.binary(max_size=2048) | soup | mutated()


def run_hypothesis(seconds: float, max_examples: int = 100) -> int:
    """Run rounds of hypothesis until `seconds` have passed; the number of examples tried."""
    from hypothesis import HealthCheck, given, settings

    tried = 0

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=hypothesis_inputs())
    def fuzz(data: bytes) -> None:
        nonlocal tried
        tried += 1
        check_one(data)

    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        fuzz()
    return tried


def main(argv: list[str]) -> None:
    seconds = int(os.environ.get("FUZZ_SECONDS", "60"))
    use_hypothesis = "--hypothesis" in argv
    extra = [a for a in argv if a != "--hypothesis"]
    if not use_hypothesis:
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("atheris is not installed: fuzzing with hypothesis", file=sys.stderr)
            use_hypothesis = True
    if use_hypothesis:
        tried = run_hypothesis(seconds)
        print(f"fuzz: {tried} inputs x {len(SYNTAXES)} syntaxes in {seconds} s, no failure")
    else:
        run_atheris(seconds, extra)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(sys.argv[1:])
