"""`ortk generate`: reproducible models, a staleness check, a clear word without the tool."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toolkit import codegen

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    for folder in ("schema", "generated"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def test_committed_models_are_up_to_date(run_cli) -> None:
    result = run_cli("generate", "--check")
    assert result.exit_code == 0, result
    assert "up to date" in result.stdout


def test_check_fails_with_a_diff_when_schema_changed(
    project_copy: Path, monkeypatch, run_cli
) -> None:
    schema = project_copy / "schema" / "request.schema.json"
    schema.write_text(schema.read_text().replace("Sampling temperature", "Heat of sampling", 1))
    monkeypatch.setattr(codegen, "project_root", lambda: project_copy)
    result = run_cli("generate", "--check")
    assert result.exit_code == 1, result
    assert "+++ generated/request_schema.py (from schema/)" in result.stdout
    assert "Heat of sampling" in result.stdout
    assert "generated/ is stale" in result.stderr


def test_generate_is_byte_for_byte_reproducible(project_copy: Path) -> None:
    before = {p.name: p.read_bytes() for p in (project_copy / "generated").glob("*.py")}
    shutil.rmtree(project_copy / "generated")
    (project_copy / "generated").mkdir()
    codegen.run(root=project_copy)
    after = {p.name: p.read_bytes() for p in (project_copy / "generated").glob("*.py")}
    assert after == before
    assert codegen.run(check=True, root=project_copy) == ""


def test_missing_generator_says_how_to_get_it(monkeypatch, run_cli) -> None:
    real_find_spec = codegen.importlib.util.find_spec
    monkeypatch.setattr(
        codegen.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "datamodel_code_generator" else real_find_spec(name, *a),
    )
    result = run_cli("generate")
    assert result.exit_code == 2
    assert "pip install 'ortk[codegen]'" in result.stderr
