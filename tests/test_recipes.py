"""The README's CI, pre-commit and editor recipes, run as written against `examples/`.

Every shell command of the integrations section (``sh`` blocks, GitHub Actions ``run:``
steps, GitLab ``script:`` lines) runs in a directory whose ``payloads/`` is a copy of
`examples/` (one invalid payload: exit 1) or of its valid files only (exit 0), with
``ortk`` on the PATH; whatever it prints or writes must parse in its format.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import toolkit
from toolkit.kinds import detect_kind

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
START, END = "<!-- integrations:start -->", "<!-- integrations:end -->"
FENCE = re.compile(r"^```(?P<info>[\w-]*)[^\n]*\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
ANNOTATION = re.compile(r"^::(error|warning|notice) file=[^,:]+(,line=\d+,col=\d+)?,title=ORT\d+::")
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def blocks(*infos: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    text = text[text.index(START) : text.index(END)]
    return [m["body"] for m in FENCE.finditer(text) if m["info"] in infos]


def yaml_blocks(kind: str) -> list[dict[str, Any]]:
    """The section's YAML blocks of one kind: github, gitlab or pre-commit."""
    found = []
    for body in blocks("yaml", "yml"):
        document = yaml.safe_load(body)
        assert isinstance(document, dict), body
        if "jobs" in document:
            found_kind = "github"
        elif "repos" in document:
            found_kind = "pre-commit"
        else:
            found_kind = "gitlab"
        if found_kind == kind:
            found.append(document)
    return found


def shell_lines(script: str) -> list[str]:
    """Commands of a script: one a line, continuation lines joined, comments dropped."""
    lines, pending = [], ""
    for raw in script.splitlines():
        line = pending + raw.strip()
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        pending = ""
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@dataclass(frozen=True)
class Command:
    recipe: str
    line: str


def recipe_commands() -> list[Command]:
    commands = []
    for number, workflow in enumerate(yaml_blocks("github"), 1):
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "run" in step:
                    commands += [Command(f"github{number}", c) for c in shell_lines(step["run"])]
    for number, pipeline in enumerate(yaml_blocks("gitlab"), 1):
        for job in pipeline.values():
            if isinstance(job, dict) and "script" in job:
                for entry in job["script"]:
                    commands += [Command(f"gitlab{number}", c) for c in shell_lines(entry)]
    for number, script in enumerate(blocks("sh", "bash", "shell"), 1):
        commands += [Command(f"sh{number}", c) for c in shell_lines(script)]
    return commands


COMMANDS = recipe_commands()
INSTALLS = [c for c in COMMANDS if re.match(r"(python3? -m )?pip install ", c.line)]
RUNNABLE = [c for c in COMMANDS if c not in INSTALLS]


def test_recipes_are_there() -> None:
    assert len(yaml_blocks("github")) >= 2
    assert len(yaml_blocks("gitlab")) >= 1
    assert len(yaml_blocks("pre-commit")) == 1
    formats = {m[1] for c in RUNNABLE if (m := re.search(r"--format[ =](\w+)", c.line))}
    assert {"github", "sarif", "gitlab"} <= formats
    assert any(c.line.startswith("ortk schema ") for c in RUNNABLE)


@pytest.mark.parametrize("command", INSTALLS, ids=lambda c: f"{c.recipe}: {c.line}")
def test_installs_pin_this_version(command: Command) -> None:
    assert command.line.split("pip install ", 1)[1].split() == [f"ortk=={toolkit.__version__}"]


# --- running the commands -------------------------------------------------------------------


def has_errors(path: Path) -> bool:
    return toolkit.lint_paths([str(path)]).has_errors


@pytest.fixture(params=["examples", "clean"])
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """`payloads/` = examples/ (with its invalid payload), or only its valid files."""
    payloads = tmp_path / "payloads"
    payloads.mkdir()
    for path in sorted(EXAMPLES.iterdir()):
        if path.is_file() and (request.param == "examples" or not has_errors(path)):
            shutil.copy2(path, payloads / path.name)
    assert any(payloads.iterdir())
    bin_dir = tmp_path / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "ortk"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m toolkit "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return tmp_path


def run(command: str, workspace: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{workspace / '.bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def expected_exit(command: str, dirty: bool) -> int:
    if command.startswith("ortk lint"):
        return 1 if dirty and "--exit-zero" not in command else 0
    return 0


def output_of(command: str, result: subprocess.CompletedProcess[str], workspace: Path) -> str:
    redirect = re.search(r">\s*(\S+)\s*$", command)
    if redirect:
        assert result.stdout == ""
        return (workspace / redirect[1]).read_text(encoding="utf-8")
    return result.stdout


@pytest.mark.parametrize("command", RUNNABLE, ids=lambda c: f"{c.recipe}: {c.line}")
def test_recipe_command(command: Command, workspace: Path) -> None:
    dirty = has_errors(workspace / "payloads")
    (workspace / ".ortk").mkdir(exist_ok=True)  # in case the editor recipe's mkdir is elsewhere
    result = run(command.line, workspace)
    assert result.returncode == expected_exit(command.line, dirty), result.stdout + result.stderr
    output = output_of(command.line, result, workspace)
    words = command.line.split()
    if words[:2] == ["ortk", "lint"]:
        fmt = re.search(r"--format[ =](\w+)", command.line)
        CHECKS[fmt[1] if fmt else "text"](output, dirty)
    elif words[:2] == ["ortk", "schema"]:
        check_schema(output)


# --- what each format must look like ----------------------------------------------------------


def check_text(output: str, dirty: bool) -> None:
    last = output.splitlines()[-1]
    assert last.startswith(("Found ", "All checks passed"))
    assert (last.startswith("Found ") and not last.startswith("Found 0 errors")) is dirty


def check_json(output: str, dirty: bool) -> None:
    document = json.loads(output)
    assert (document["summary"]["errors"] > 0) is dirty
    assert document["files_checked"] > 0


def check_github(output: str, dirty: bool) -> None:
    lines = output.splitlines()
    for line in lines:
        assert ANNOTATION.match(line), line
    assert any(line.startswith("::error ") for line in lines) is dirty


def check_sarif(output: str, dirty: bool) -> None:
    document = json.loads(output)
    assert document["version"] == "2.1.0"
    [sarif_run] = document["runs"]
    assert sarif_run["tool"]["driver"]["name"] == "ortk"
    levels = [result["level"] for result in sarif_run["results"]]
    assert ("error" in levels) is dirty
    for result in sarif_run["results"]:
        [location] = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"].startswith("payloads/")


def check_gitlab(output: str, dirty: bool) -> None:
    issues = json.loads(output)
    assert isinstance(issues, list)
    assert bool(issues) is dirty
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert re.fullmatch(r"ORT\d{3}", issue["check_name"])
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue["location"]["path"].startswith("payloads/")
        assert isinstance(issue["location"]["lines"]["begin"], int)
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)


def check_junit(output: str, dirty: bool) -> None:
    root = ET.fromstring(output)
    assert root.tag in ("testsuites", "testsuite")
    failures = root.iter("failure")
    assert any(True for _ in failures) is dirty


def check_schema(output: str) -> None:
    import jsonschema

    document = json.loads(output)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


CHECKS = {
    "text": check_text,
    "json": check_json,
    "github": check_github,
    "sarif": check_sarif,
    "gitlab": check_gitlab,
    "junit": check_junit,
}


def test_sarif_recipe_output_validates_against_the_sarif_schema(
    reference: Path, tmp_path: Path
) -> None:
    import jsonschema

    schema = json.loads((reference / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    [command] = [c for c in RUNNABLE if "--format sarif" in c.line]
    shutil.copytree(EXAMPLES, tmp_path / "payloads")
    bin_dir = tmp_path / ".bin"
    bin_dir.mkdir()
    (bin_dir / "ortk").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m toolkit "$@"\n')
    (bin_dir / "ortk").chmod(0o755)
    result = run(command.line, tmp_path)
    assert result.returncode == 1, result.stderr
    document = json.loads(output_of(command.line, result, tmp_path))
    jsonschema.validators.validator_for(schema)(schema).validate(document)
    assert document["runs"][0]["results"]


# --- how the recipes fit together -------------------------------------------------------------


def written_file(commands: list[str], flag: str) -> str:
    [command] = [c for c in commands if f"--format {flag}" in c]
    match = re.search(r">\s*(\S+)\s*$", command)
    assert match, command
    return match[1]


def test_github_sarif_upload_reads_what_the_lint_step_writes() -> None:
    [workflow] = [
        w
        for w in yaml_blocks("github")
        if any(
            "upload-sarif" in s.get("uses", "") for job in w["jobs"].values() for s in job["steps"]
        )
    ]
    [job] = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    runs = [line for step in job["steps"] if "run" in step for line in shell_lines(step["run"])]
    [upload] = [s for s in job["steps"] if "upload-sarif" in s.get("uses", "")]
    assert upload["with"]["sarif_file"] == written_file(runs, "sarif")
    assert "failure()" in upload["if"] or "always()" in upload["if"]  # runs when lint fails


def test_gitlab_reports_are_what_the_script_writes() -> None:
    [pipeline] = yaml_blocks("gitlab")
    [job] = [j for j in pipeline.values() if isinstance(j, dict) and "script" in j]
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"
    assert reports["codequality"] == written_file(job["script"], "gitlab")
    if "junit" in reports:
        assert reports["junit"] == written_file(job["script"], "junit")
    # the job fails on an error: its last command is a lint without --exit-zero
    assert job["script"][-1].startswith("ortk lint") and "--exit-zero" not in job["script"][-1]


def test_pre_commit_recipe_names_real_hooks() -> None:
    [config] = yaml_blocks("pre-commit")
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    ids = {hook["id"] for hook in manifest}
    [repo] = config["repos"]
    assert repo["rev"] == f"v{toolkit.__version__}"
    assert {hook["id"] for hook in repo["hooks"]} <= ids


def editor_schema_files() -> list[str]:
    return [
        written_file([c.line.replace("ortk schema", "--format schema")], "schema")
        for c in RUNNABLE
        if c.line.startswith("ortk schema ")
    ]


def test_vscode_settings_point_at_the_written_schemas() -> None:
    written = {f"./{path}" for path in editor_schema_files()}
    [settings] = [json.loads(body) for body in blocks("json") if "json.schemas" in body]
    urls = {entry["url"] for entry in settings["json.schemas"]}
    assert urls and urls <= written
    assert set(settings.get("yaml.schemas", {})) <= written
    for entry in settings["json.schemas"]:
        assert all(pattern.endswith(".json") for pattern in entry["fileMatch"])


def test_payload_example_with_schema_key_is_a_request() -> None:
    [example] = [json.loads(body) for body in blocks("json") if '"$schema"' in body]
    assert example["$schema"].endswith("request.schema.json")
    payload = {key: value for key, value in example.items() if key != "$schema"}
    assert toolkit.validate_request(payload) == []


def test_payload_with_schema_key_is_clean(tmp_path: Path) -> None:
    [example] = [body for body in blocks("json") if '"$schema"' in body]
    (tmp_path / "request.json").write_text(example, encoding="utf-8")
    report = toolkit.lint_paths([str(tmp_path / "request.json")])
    assert report.diagnostics == []


@pytest.mark.parametrize("kind", ["request", "response", "chunk", "error"])
def test_editor_schema_allows_a_schema_key(kind: str) -> None:
    from toolkit.validation import bundled_schema

    root = bundled_schema(kind)
    assert root.get("additionalProperties") is not False or "$schema" in root["properties"]


@pytest.mark.parametrize("kind", ["request", "response"])
def test_editor_schema_is_self_contained(kind: str, tmp_path: Path) -> None:
    """An editor resolves every $ref inside the file and agrees with ortk on the examples."""
    import jsonschema
    from referencing import Registry

    from toolkit.validation import bundled_schema

    document = json.loads(json.dumps(bundled_schema(kind)))
    # no retrieval: an editor without network access must manage with the file alone
    validator = jsonschema.Draft202012Validator(document, registry=Registry())
    for path in sorted(EXAMPLES.glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        if detect_kind(payload) != kind:
            continue
        ours = [
            d
            for d in toolkit.lint_paths([str(path)], kind=kind).diagnostics
            if d.code.startswith("ORT1")
        ]
        theirs = list(validator.iter_errors(payload))
        assert bool(ours) == bool(theirs), (path.name, ours, theirs)
