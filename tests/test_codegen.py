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


# --- codegen_post: what no generator option gives, on any schema of the same shape ------------

COMMON = '''from __future__ import annotations

from typing import Annotated, Literal

from pydantic import MISSING, ConfigDict, Field, StrictStr
from toolkit.model_base import PayloadModel
from typing_extensions import TypeAliasType

Status = TypeAliasType("Status", Literal["ok", "bad"] | None)
"""
How it went.
"""
'''

REQUEST = '''from __future__ import annotations

from typing import Literal

from pydantic import MISSING, ConfigDict, Field, StrictStr
from toolkit.model_base import PayloadModel
from typing_extensions import TypeAliasType

from . import common_schema

Old = TypeAliasType("Old", Annotated[Literal["a"] | None, Field(deprecated=True)])
"""
Deprecated: use new.
"""


class Thing(PayloadModel):
    """
    A thing.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["thing"] = "thing"
    name: StrictStr | MISSING = MISSING
    """
    Its name.
    """
    note: Annotated[StrictStr | None | MISSING, Field(max_length=3)] = MISSING
    """
    A note.
    """
    status: common_schema.Status | MISSING = MISSING
    old: Old | MISSING = MISSING


class Bag(PayloadModel):
    """
    Takes any key.
    """

    model_config = ConfigDict(
        extra="allow",
    )
'''


def test_post_processing_rewrites_what_the_issue_asks() -> None:
    from toolkit import codegen_post

    out = codegen_post.transform({"common_schema": COMMON, "request_schema": REQUEST})
    request = out["request_schema"]
    assert "MISSING" not in request and "ConfigDict" not in request
    assert "class Thing(ClosedModel):" in request and "class Bag(PayloadModel):" in request
    assert "from toolkit.model_base import ClosedModel, NON_NULL, PayloadModel" in request
    assert "from typing import Annotated, Literal" in request
    # absent reads None; null refused only where the schema refuses it (through aliases)
    assert "name: Annotated[StrictStr | None, NON_NULL] = None" in request
    assert "note: Annotated[StrictStr | None, Field(max_length=3)] = None" in request
    assert "status: common_schema.Status = None" in request
    # a deprecated alias: the field carries the deprecation and the alias's docstring
    assert "old: Annotated[Old, Field(deprecated='Deprecated: use new.')] = None" in request
    assert 'Old = TypeAliasType("Old", Annotated[Literal["a"] | None])' not in request
    assert "Old = TypeAliasType('Old', Literal['a'] | None)" in request
    # fields with no description of their own are documented from what they reference
    assert 'status: common_schema.Status = None\n    """\n    How it went.\n    """' in request
    assert 'kind: Literal["thing"] = "thing"\n    """\n    Always "thing" (the default).' in (
        request.replace("'thing'", '"thing"')
    )
    compile(request, "request_schema.py", "exec")
    assert codegen_post.transform({"common_schema": COMMON, "request_schema": REQUEST}) == out
