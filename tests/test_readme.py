"""The README's library examples run as doctests: what it shows is what ortk does."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- integrations:start -->", "<!-- integrations:end -->"
FENCE = re.compile(r"^```(?P<info>[\w-]*)[^\n]*\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def section() -> tuple[str, int]:
    """The README's integrations section and the line it starts on."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END)
    return text[start:end], text.count("\n", 0, start) + 1


def python_blocks() -> list[tuple[int, str]]:
    text, first_line = section()
    return [
        (first_line + text.count("\n", 0, match.start("body")), match["body"])
        for match in FENCE.finditer(text)
        if match["info"] in ("python", "pycon")
    ]


def test_the_section_has_library_examples() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 4
    code = "".join(body for _, body in blocks)
    for name in ("validate_request", "check_request", "PayloadError", "lint_paths", "httpx_hook"):
        assert f"toolkit.{name}" in code, name


def test_python_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``python`` block of the section, in order, in one namespace, from the root."""
    pytest.importorskip("httpx")
    pytest.importorskip("openai")
    monkeypatch.chdir(ROOT)
    # The client example must be refused before it is sent; if it were not, it would hit
    # a proxy that refuses the connection instead of the network.
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)

    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
    globs: dict[str, object] = {}
    report: list[str] = []
    for line, body in python_blocks():
        assert ">>> " in body, f"README.md:{line}: a python block without a >>> prompt"
        test = parser.get_doctest(body, globs, f"README.md:{line}", "README.md", line - 1)
        runner.run(test, out=report.append, clear_globs=False)
        globs.update(test.globs)  # a DocTest works on a copy: carry names to the next block
    summary = runner.summarize(verbose=False)
    assert summary.attempted > 0
    assert summary.failed == 0, "".join(report)
