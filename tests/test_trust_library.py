"""Issue 18, continued: the library and the httpx guard take the CLI's configuration, the
messages say what the user did (and nothing the API did not), and editors complete every
discriminator value."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import lint_json, write

import toolkit
from toolkit.config import Config

GOOD = {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
RESPONSE = {
    "id": "gen-1",
    "object": "chat.completion",
    "created": 1750000000,
    "model": "openai/gpt-4o",
    "choices": [
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "x"}}
    ],
}


def messages(run_cli, tmp_path: Path, data: dict, name: str = "a.json") -> list[tuple[str, str]]:
    path = write(tmp_path / name, json.dumps(data))
    return [(d["code"], d["message"]) for d in lint_json(run_cli, path)["diagnostics"]]


# --- library and guard parity --------------------------------------------------------------


def test_validate_takes_config_select_and_ignore() -> None:
    bad = {**GOOD, "temperature": 3, "max_tokens": 100}
    assert {d.code for d in toolkit.validate_request(bad)} == {"ORT105", "ORT210"}
    assert [d.code for d in toolkit.validate_request(bad, select=["ORT2"])] == ["ORT210"]
    assert [d.code for d in toolkit.validate_request(bad, ignore=["ORT1"])] == ["ORT210"]
    config = Config(severity={"ORT105": "warning"})
    [lowered] = [d for d in toolkit.validate_request(bad, config=config) if d.code == "ORT105"]
    assert lowered.severity is toolkit.Severity.WARNING
    # a warning raised to an error makes check_* raise, as it fails `ortk lint`
    assert toolkit.check_request({**GOOD, "max_tokens": 100}).model == "openai/gpt-4o"
    with pytest.raises(toolkit.PayloadError):
        toolkit.check_request(
            {**GOOD, "max_tokens": 100}, config=Config(severity={"ORT2": "error"})
        )


def test_diagnostic_str_reads_like_a_cli_line(run_cli, tmp_path: Path) -> None:
    [in_memory] = toolkit.validate_request({**GOOD, "temperature": 3})
    assert (
        str(in_memory) == "/temperature: error ORT105 temperature is 3; it must be between 0 and 2"
    )
    path = write(tmp_path / "a.json", json.dumps({**GOOD, "temperature": 3}))
    [from_file] = toolkit.lint_paths(path).diagnostics
    assert str(from_file) + "\n" in run_cli("lint", path).stdout


def test_error_bodies_have_validate_and_check() -> None:
    body = {"error": {"code": 429, "message": "Rate limited"}}
    assert toolkit.validate_error(body) == []
    assert toolkit.check_error(body).error.code == 429
    assert [d.code for d in toolkit.validate_error({"error": {"code": "x"}})]


def test_apply_fixes_in_memory_leaves_the_input_alone() -> None:
    request = {**GOOD, "max_tokens": 100}
    fixed = toolkit.apply_fixes(request)
    assert fixed == {**GOOD, "max_completion_tokens": 100}
    assert request == {**GOOD, "max_tokens": 100}
    assert toolkit.validate_request(fixed) == []


def test_import_ortk_is_the_public_api(run_ortk) -> None:
    probe = "import ortk, toolkit; print(ortk.validate_request is toolkit.validate_request, "
    probe += "sorted(ortk.__all__) == sorted(toolkit.__all__), ortk.httpx_hook is not None)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.split() == ["True", "True", "True"], result.stderr


# --- messages ------------------------------------------------------------------------------


def test_a_response_key_is_not_in_the_schema_never_ignored(run_cli, tmp_path: Path) -> None:
    [(code, message)] = messages(run_cli, tmp_path, {**RESPONSE, "provider_extra": 1})
    assert code == "ORT101"
    assert message == "key `provider_extra` is not in the response schema"
    assert "ignores" not in message


def test_n_of_one_is_fine_and_more_is_a_finding(run_cli, tmp_path: Path) -> None:
    assert messages(run_cli, tmp_path, {**GOOD, "n": 1}) == []
    [(code, message)] = messages(run_cli, tmp_path, {**GOOD, "n": 2}, "b.json")
    assert code == "ORT101" and "greater than 1" in message


@pytest.mark.parametrize("key", ["max_token", "maxTokens", "max_tokns"])
def test_token_limit_typos_suggest_the_current_key(run_cli, tmp_path: Path, key: str) -> None:
    [(code, message)] = messages(run_cli, tmp_path, {**GOOD, key: 100})
    assert code == "ORT111"
    assert "did you mean `max_completion_tokens`?" in message


def test_enum_values_get_a_did_you_mean(run_cli, tmp_path: Path) -> None:
    data = {**GOOD, "response_format": {"type": "json"}}
    [(code, message)] = messages(run_cli, tmp_path, data)
    assert code == "ORT104"
    assert message.endswith('did you mean "json_object" or "json_schema"?')
    assert 'expected one of "text", "json_object"' in message  # values quoted as JSON


def test_yaml_11_booleans_get_a_quote_it_hint(run_cli, tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.yaml",
        "model: openai/gpt-4o\nmessages:\n  - role: user\n    content: hi\nstop: [NO]\n",
    )
    [d] = lint_json(run_cli, path)["diagnostics"]
    assert d["code"] == "ORT103"
    assert d["message"].endswith('YAML 1.1 reads a bare NO as false: quote it ("NO")')


def test_one_quoting_style_keys_in_backticks(run_cli, tmp_path: Path) -> None:
    write(tmp_path / "d.json", '{"model": "x", "model": "y", "messages": []}')
    found = lint_json(run_cli, str(tmp_path / "d.json"))["diagnostics"]
    [duplicate] = [d["message"] for d in found if d["code"] == "ORT005"]
    assert duplicate.startswith("duplicate key `model`;") and "'" not in duplicate


def test_generate_is_hidden_once_installed(run_cli, monkeypatch) -> None:
    from toolkit import cli

    assert cli.main.commands["generate"].hidden == cli._installed()
    if not cli._installed():  # a source checkout: maintainers see it
        assert "generate" in run_cli("--help").stdout


# --- editors -------------------------------------------------------------------------------


def _unions(node: object) -> list[dict]:
    found = []
    if isinstance(node, dict):
        if "discriminator" in node:
            found.append(node)
        for value in node.values():
            found.extend(_unions(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_unions(item))
    return found


@pytest.mark.parametrize("kind", ["request", "response", "chunk"])
def test_editor_schema_declares_discriminator_values_at_the_union(run_cli, kind: str) -> None:
    document = json.loads(run_cli("schema", kind).stdout)
    unions = _unions(document)
    assert unions
    for union in unions:
        name = union["discriminator"]["propertyName"]
        values = union["properties"][name]["enum"]
        assert values == list(union["discriminator"]["mapping"])
        for target in union["discriminator"]["mapping"].values():
            assert target.startswith("#/$defs/")  # resolvable inside the file


def test_a_wrong_role_lists_every_role_in_an_editor(run_cli) -> None:
    """What a JSON language service reports, by a standard validator on the same file."""
    import jsonschema

    document = json.loads(run_cli("schema", "request").stdout)
    bad = {**GOOD, "messages": [{"role": "usr", "content": "hi"}]}
    errors = list(jsonschema.Draft202012Validator(document).iter_errors(bad))
    enum_errors = [e for error in errors for e in [error, *error.context] if e.validator == "enum"]
    assert any(
        set(e.validator_value) == {"system", "user", "assistant", "tool", "developer"}
        for e in enum_errors
    ), [e.message for e in enum_errors]


def test_editor_schemas_hold_only_reachable_defs(run_cli) -> None:
    sizes = {}
    for kind in ("request", "response", "chunk", "error"):
        document = json.loads(run_cli("schema", kind).stdout)
        text = json.dumps({k: v for k, v in document.items() if k != "$defs"})
        defs = document.get("$defs", {})
        reached = {name for name in defs if f'"#/$defs/{name}"' in json.dumps(document)}
        assert set(defs) == reached, set(defs) - reached
        sizes[kind] = len(defs)
        assert "$ref" in text or not defs
    assert sizes["error"] < sizes["chunk"] < sizes["request"]  # no request types in a chunk
