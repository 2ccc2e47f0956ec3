"""The bench's inputs: where everything lives, the generated corpora (made by
make_corpus.py when missing or stale), and the schema every tool validates against."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from timing import say

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = BENCH / "corpus"
JSONL_DIR = CORPUS / "jsonl"
SCRIPTS = BENCH / "scripts"
# Every tool runs from the bench venv (made by `make bench`): ortk installed from its wheel
# as users install it, with jsonschema-rs, pydantic and orjson; python-jsonschema and
# check-jsonschema beside it. One interpreter and environment for all: fair start-ups.
PY = BENCH / ".venv" / "bin" / "python"
ORTK = BENCH / ".venv" / "bin" / "ortk"
CJ = BENCH / ".venv" / "bin" / "check-jsonschema"
FLAT_SCHEMA = CORPUS / "request.schema.flat.json"
ORTK_SCHEMA = CORPUS / "request.schema.ortk-bundle.json"
ONE = CORPUS / "one.json"
MANIFEST_NAME = ".manifest.json"  # beside the files directory: <files>.manifest.json


@dataclass
class Corpus:
    """A directory of request files (`files`), the same payloads one per line (`jsonl`),
    and what make_corpus.py wrote about them (`manifest`)."""

    mix: str  # "clean" | "warnings"
    files: Path
    manifest: dict

    @property
    def jsonl(self) -> Path:
        return self.files.with_name(self.files.name + ".jsonl")

    @property
    def label(self) -> str:
        return "clean" if self.mix == "clean" else "warning-heavy"

    def describe(self) -> str:
        m = self.manifest
        return (
            f"{m['files']:,} request files, {m['bytes'] / 1e6:.1f} MB, "
            f"{len(m['invalid'])} invalid; corpus sha256 {m['sha256'][:16]}"
        )


def _stale(target: Path) -> bool:
    sources = ("make_corpus.py", "warning_mix.py", "model_fit.py")
    sources += ("../toolkit/catalog/bundled.json",)  # (the models the requests name)
    newest = max((BENCH / name).stat().st_mtime for name in sources)
    return not target.exists() or target.stat().st_mtime < newest


def _make(*args: str) -> None:
    command = [sys.executable, str(BENCH / "make_corpus.py"), *args]
    subprocess.run(command, check=True, stdout=sys.stderr)


def ensure_corpus(mix: str, files: int) -> Corpus:
    """The corpus of `mix` ("clean" or "warnings"), generated if missing or stale."""
    directory = CORPUS / ("files" if mix == "clean" else "warn-files")
    manifest_path = directory.with_name(directory.name + ".manifest.json")
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    corpus = Corpus(mix, directory, manifest)
    if _stale(manifest_path) or manifest.get("files") != files or not corpus.jsonl.exists():
        say(f"generating the {corpus.label} corpus: {files} files and their JSONL")
        _make("--files", str(files), "--mix", mix, "--out", str(directory))
        corpus.manifest = json.loads(manifest_path.read_text())
    return corpus


def ensure_memory_jsonl(sizes: list[float]) -> list[Path]:
    """The large JSONL logs of the memory rows (files of different sizes share a prefix)."""
    paths = []
    for size in sizes:
        path = JSONL_DIR / f"requests-{size:g}mb.jsonl"
        if _stale(path):
            say(f"generating {path.name}")
            _make("--jsonl", f"{size:g}", "--out", str(JSONL_DIR))
        paths.append(path)
    return paths


def pick_one(corpus: Corpus) -> Path:
    """A small clean file of the corpus, copied to one.json for the start-up rows."""
    one = next(
        n
        for n in sorted(os.listdir(corpus.files))
        if n.endswith("-simple.json") and n not in corpus.manifest["invalid"]
    )
    ONE.write_bytes((corpus.files / one).read_bytes())
    return ONE


def count_lines(path: Path) -> int:
    lines = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines
