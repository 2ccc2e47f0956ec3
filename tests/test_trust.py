"""A linter people trust in CI and pre-commit (issue 18), each point through the real CLI:
it never passes silently, it says what fails, and it behaves like ruff where users
expect it to."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import assert_sane, lint_json, write

GOOD = {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
# an error (ORT105), a warning (ORT210, fixable)
BAD = {**GOOD, "temperature": 3, "max_tokens": 100}
LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info) ")


def payload(tmp_path: Path, name: str = "a.json", data: dict | None = None) -> str:
    return write(tmp_path / name, json.dumps(data or BAD, indent=2) + "\n")


# --- never pass silently -------------------------------------------------------------------


def test_nothing_linted_is_said_and_fails(run_cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_cli("lint", str(tmp_path / "empty"))
    assert_sane(result)
    assert result.exit_code == 1, result
    assert "no file was linted" in result.stderr
    allowed = run_cli("lint", "--allow-no-files", str(tmp_path / "empty"))
    assert allowed.exit_code == 0 and "no file was linted" in allowed.stderr, allowed


def test_an_include_that_matches_nothing_fails(run_cli, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.ortk]\ninclude = ["requests/*.json"]\n')
    payload(tmp_path, "other/a.json")
    monkeypatch.chdir(tmp_path)
    result = run_cli("lint")
    assert result.exit_code == 1 and "no file was linted" in result.stderr, result


def test_a_near_certain_typo_is_an_error_and_an_unknown_key_a_warning(run_cli, tmp_path) -> None:
    typo = payload(tmp_path, "typo.json", {**GOOD, "temprature": 0})
    report = lint_json(run_cli, typo)
    assert [(d["code"], d["severity"]) for d in report["diagnostics"]] == [("ORT111", "error")]
    assert report["exit_code"] == 1
    unknown = payload(tmp_path, "unknown.json", {**GOOD, "custom_tag": 1})
    report = lint_json(run_cli, unknown)
    assert [(d["code"], d["severity"]) for d in report["diagnostics"]] == [("ORT101", "warning")]
    assert report["exit_code"] == 0


def test_fail_on_warning(run_cli, tmp_path: Path) -> None:
    path = payload(tmp_path, data={**GOOD, "max_tokens": 100})  # a warning only
    assert run_cli("lint", path).exit_code == 0
    assert run_cli("lint", "--fail-on", "warning", path).exit_code == 1
    assert run_cli("lint", "--fail-on", "error", path).exit_code == 0


def test_severity_overrides_take_a_prefix(run_cli, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.ortk.severity]\nORT1 = "error"\nORT101 = "info"\n')
    payload(tmp_path, data={**GOOD, "custom_tag": 1, "stop": 7})
    monkeypatch.chdir(tmp_path)
    report = lint_json(run_cli, "a.json")
    severities = {d["code"]: d["severity"] for d in report["diagnostics"]}
    assert severities == {"ORT101": "info", "ORT103": "error"}  # the more specific wins


# --- say what fails ------------------------------------------------------------------------


def test_text_lines_name_the_severity_and_the_summary_counts_infos(
    run_cli, tmp_path: Path, monkeypatch
) -> None:
    write(tmp_path / "ortk.toml", '[severity]\nORT214 = "info"\n')
    payload(tmp_path, data={**BAD, "max_tokens": 5})
    monkeypatch.chdir(tmp_path)
    result = run_cli("lint", "a.json")
    lines = result.stdout.splitlines()
    found = [LINE.match(line) for line in lines[:-2]]
    assert all(found), result
    assert [m["sev"] for m in found if m] == ["error", "warning", "info"]
    assert lines[-2] == "Found 1 error, 1 warning and 1 info in 1 file (1 payload)."


def test_full_output_shows_a_code_frame_with_a_caret(run_cli, tmp_path: Path) -> None:
    path = payload(tmp_path)
    result = run_cli("lint", "--output-format", "full", path)
    frame = result.stdout.splitlines()[1:4]
    assert frame[1].endswith('"temperature": 3,'), result
    assert frame[2].rstrip().endswith("^") and frame[2].index("^") == frame[1].index("3,")
    concise = run_cli("lint", "--output-format", "concise", path)
    assert "^" not in concise.stdout and " | " not in concise.stdout


def test_a_long_jsonl_line_gets_a_window_not_the_whole_line(run_cli, tmp_path: Path) -> None:
    record = {**GOOD, "messages": [{"role": "user", "content": "x" * 5000}], "temperature": 3}
    path = write(tmp_path / "log.jsonl", json.dumps(record) + "\n")
    result = run_cli("lint", "--format", "full", path)
    shown, caret = result.stdout.splitlines()[2:4]
    assert len(shown) < 200 and shown.split("| ", 1)[1].startswith("...")
    assert shown[caret.index("^")] == "3", result


def test_fixable_findings_are_marked_and_counted(run_cli, tmp_path: Path) -> None:
    result = run_cli("lint", payload(tmp_path))
    assert "warning ORT210 [*] " in result.stdout
    assert "error ORT105 temperature" in result.stdout  # no mark: no fix
    assert result.stdout.endswith("[*] 1 fixable with `ortk lint --fix`.\n")


def test_diff_previews_the_fix_and_writes_nothing(run_cli, tmp_path: Path) -> None:
    path = payload(tmp_path)
    before = Path(path).read_text()
    result = run_cli("lint", "--diff", path)
    assert result.exit_code == 1, result
    assert '-  "max_tokens": 100' in result.stdout
    assert '+  "max_completion_tokens": 100' in result.stdout
    assert Path(path).read_text() == before


def test_fix_says_fixed_and_remaining_and_can_fail_on_a_fix(run_cli, tmp_path: Path) -> None:
    path = payload(tmp_path, data={**GOOD, "max_tokens": 100, "temperature": 3})
    result = run_cli("lint", "--fix", path)
    assert "Found 2 problems (1 fixed, 1 remaining)" in result.stdout, result
    only_fixable = payload(tmp_path, "b.json", {**GOOD, "max_tokens": 100})
    assert run_cli("lint", "--fix", "--exit-non-zero-on-fix", only_fixable).exit_code == 1
    assert run_cli("lint", "--fix", "--exit-non-zero-on-fix", only_fixable).exit_code == 0


def test_output_file_and_several_reports_in_one_run(run_cli, tmp_path: Path) -> None:
    path = payload(tmp_path)
    out = tmp_path / "out"
    result = run_cli(
        "lint",
        "--output-file",
        str(out / "report.txt"),
        "--output",
        f"gitlab:{out / 'gl.json'}",
        "--output",
        f"junit:{out / 'junit.xml'}",
        path,
    )
    assert result.exit_code == 1 and result.stdout == "", result
    assert "error ORT105" in (out / "report.txt").read_text()
    assert json.loads((out / "gl.json").read_text())[0]["check_name"] == "ORT105"
    assert "<testsuites" in (out / "junit.xml").read_text()
    bad = run_cli("lint", "--output", "yaml:x", path)
    assert bad.exit_code == 2 and "FORMAT:PATH" in bad.stderr


def test_color_auto_always_never_and_the_environment(run_cli, tmp_path, monkeypatch) -> None:
    path = payload(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert "\x1b[" not in run_cli("lint", path).stdout  # not a terminal
    assert "\x1b[" in run_cli("lint", "--color", "always", path).stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run_cli("lint", path).stdout
    assert "\x1b[" not in run_cli("lint", "--color", "never", path).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli("lint", path).stdout


def test_short_version_flag(run_cli) -> None:
    result = run_cli("-V")
    assert result.exit_code == 0 and result.stdout.startswith("ortk, version ")


def test_show_settings_and_show_files(run_cli, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.ortk]\nignore = ["ORT214"]\n')
    payload(tmp_path, "requests/a.json")
    write(tmp_path / "package.json", "{}")
    monkeypatch.chdir(tmp_path)
    settings = run_cli("lint", "--show-settings", "--select", "ORT2")
    assert settings.exit_code == 0
    assert re.search(r"config file\s+.*pyproject\.toml", settings.stdout), settings
    assert re.search(r"ignore\s+ORT214", settings.stdout)
    assert "select=ORT2" in settings.stdout
    files = run_cli("lint", "--show-files")
    assert files.stdout.splitlines() == [str(Path("requests") / "a.json")], files


# --- behave like ruff ----------------------------------------------------------------------


def test_config_search_passes_a_pyproject_of_another_tool(run_cli, tmp_path, monkeypatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.ortk]\nignore = ["ORT105"]\n')
    write(tmp_path / "sub" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    payload(tmp_path, "sub/a.json")
    monkeypatch.chdir(tmp_path / "sub")
    codes = [d["code"] for d in lint_json(run_cli, "a.json")["diagnostics"]]
    assert "ORT105" not in codes and "ORT210" in codes


@pytest.mark.parametrize("name", ["ortk.toml", ".ortk.toml"])
def test_ortk_toml_is_found(run_cli, tmp_path: Path, monkeypatch, name: str) -> None:
    write(tmp_path / name, 'ignore = ["ORT105"]\n')
    write(tmp_path / "pyproject.toml", '[tool.ortk]\nignore = ["ORT210"]\n')  # ortk.toml wins
    payload(tmp_path)
    monkeypatch.chdir(tmp_path)
    codes = [d["code"] for d in lint_json(run_cli, "a.json")["diagnostics"]]
    assert codes == ["ORT210"]


def test_select_on_the_command_line_wins_over_the_config_ignore(
    run_cli, tmp_path: Path, monkeypatch
) -> None:
    write(tmp_path / "pyproject.toml", '[tool.ortk]\nignore = ["ORT105", "ORT210"]\n')
    payload(tmp_path)
    monkeypatch.chdir(tmp_path)

    def codes(*options: str) -> list[str]:
        return [d["code"] for d in lint_json(run_cli, *options, "a.json")["diagnostics"]]

    assert codes() == []
    assert codes("--select", "ORT105") == ["ORT105"]
    assert codes("--extend-select", "ORT210") == ["ORT210"]
    assert codes("--select", "ORT", "--ignore", "ORT1") == ["ORT210"]


def test_force_exclude_applies_exclude_to_named_files(run_cli, tmp_path, monkeypatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.ortk]\nexclude = ["legacy/*"]\n')
    payload(tmp_path, "legacy/old.json")
    monkeypatch.chdir(tmp_path)
    assert run_cli("lint", "legacy/old.json").exit_code == 1  # named: linted
    forced = run_cli("lint", "--force-exclude", "--allow-no-files", "legacy/old.json")
    assert forced.exit_code == 0 and "no file was linted" in forced.stderr, forced


def test_directory_walks_respect_gitignore_and_skip_tool_files(run_cli, tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "build/\n*.tmp.json\n!keep.tmp.json\n")
    payload(tmp_path, "build/out.json")
    payload(tmp_path, "x.tmp.json")
    payload(tmp_path, "keep.tmp.json")
    payload(tmp_path, "requests/a.json")
    write(tmp_path / "package.json", '{"name": "web", "version": "1.0.0"}')
    write(tmp_path / "tsconfig.json", '{"compilerOptions": {}}')
    monkeypatch.chdir(tmp_path)
    files = {d["file"] for d in lint_json(run_cli, ".")["diagnostics"]}
    assert files == {str(Path("keep.tmp.json")), str(Path("requests/a.json"))}
    everything = run_cli("lint", "--no-respect-gitignore", "--show-files", ".")
    assert "build/out.json" in everything.stdout.replace("\\", "/")


def test_unused_suppressions_only_for_files_of_this_run(run_cli, tmp_path, monkeypatch) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.ortk.per-file-ignores]\n"*.json" = ["ORT105"]\n',
    )
    payload(tmp_path, "a.json")
    clean = payload(tmp_path, "b.json", GOOD)
    monkeypatch.chdir(tmp_path)
    assert run_cli("lint", "--write-baseline", "base.json", ".").exit_code == 0
    # pre-commit names only the changed file: a.json's entries are neither used nor stale
    result = run_cli("lint", "--baseline", "base.json", clean)
    assert "ORT011" not in result.stdout, result
    assert result.exit_code == 0
    # a run over the whole project still finds an entry that suppresses nothing
    write(tmp_path / "a.json", json.dumps(GOOD))
    assert "ORT011" in run_cli("lint", "--baseline", "base.json", ".").stdout


@pytest.mark.parametrize(
    ("name", "text", "record"),
    [
        (
            "req.yaml",
            "model: openai/gpt-4o\nmessages:\n  - role: user\n    content: hi\ntemperature: 3\n",
            1,
        ),
        ("logs/r.jsonl", json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "temperature": 3}), 2),
    ],
)
def test_stdin_filename_picks_the_syntax_and_the_name(run_cli, name, text, record) -> None:
    report = lint_json(run_cli, "--stdin-filename", name, input=text)
    [d] = report["diagnostics"]
    assert (d["file"], d["code"], d["record"]) == (name, "ORT105", record)


def test_no_paths_lints_the_configured_include(run_cli, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.ortk]\ninclude = ["requests/*.json"]\n')
    payload(tmp_path, "requests/a.json")
    payload(tmp_path, "fixtures/other.json")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # from below the project, as ruff does
    report = lint_json(run_cli)
    assert {Path(d["file"]).name for d in report["diagnostics"]} == {"a.json"}
    assert report["files_checked"] == 1
