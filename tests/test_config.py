"""`[tool.ortk]` in pyproject.toml: selection, severities, per-file ignores, include/exclude."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.config import Config, ConfigError, load_config, parse_table

BAD = {"messages": [{"role": "user", "content": "hi"}], "temperature": 9, "custom_tag": 1}


def project(tmp_path: Path, config: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n{config}\n")
    (tmp_path / "requests").mkdir()
    (tmp_path / "requests" / "a.json").write_text(json.dumps(BAD))
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "b.json").write_text(json.dumps(BAD))
    return tmp_path


def test_a_pyproject_without_our_table_is_not_parsed(tmp_path: Path, monkeypatch, run_cli) -> None:
    """Another project's pyproject.toml is its business, even when it is not valid TOML."""
    root = project(tmp_path, "[tool.black\n")
    monkeypatch.chdir(root)
    assert load_config() == Config()  # (and the search goes on above it)
    result = run_cli("lint", "requests/a.json")
    assert result.exit_code == 1 and "ORT105" in result.stdout, result


@pytest.mark.parametrize(
    "config",
    [
        "[tool.black\n",  # not even TOML
        'dependencies = ["ortk>=0.1"]  # ortk named, but no table of ours',
        "[tool.ortkx]\nignore = 1",
    ],
)
def test_the_toml_parser_runs_only_for_a_table_of_ours(tmp_path: Path, config: str) -> None:
    """Reading TOML costs ortk ~4 ms of start-up, so other projects' files are not parsed."""
    import subprocess
    import sys

    root = project(tmp_path, config)
    probe = "import sys, toolkit.config as c; c.load_config(); print('tomllib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.parametrize(
    "config",
    [
        '[tool.ortk]\nignore = ["ORT105"]',
        '[tool."ortk"]\nignore = ["ORT105"]',
        '[tool]\nortk = {ignore = ["ORT105"]}',
        '[tool]\nortk.ignore = ["ORT105"]',
        'tool.ortk.ignore = ["ORT105"]',
    ],
)
def test_every_spelling_of_our_table_is_read(tmp_path: Path, config: str) -> None:
    if config.startswith("tool."):  # (a dotted key belongs before any table header)
        (tmp_path / "pyproject.toml").write_text(config + "\n")
    else:
        project(tmp_path, config)
    assert not load_config(start=tmp_path).enabled("ORT105")


def test_defaults_select_everything() -> None:
    config = Config()
    assert config.enabled("ORT001") and config.enabled("ORT105")


def test_more_specific_prefix_wins() -> None:
    config = parse_table({"select": ["ORT1"], "ignore": ["ORT10"]})
    assert not config.enabled("ORT105")
    config = parse_table({"select": ["ORT105"], "ignore": ["ORT1"]})
    assert config.enabled("ORT105") and not config.enabled("ORT101")


def test_nearest_pyproject_is_used(tmp_path: Path, monkeypatch, run_cli) -> None:
    root = project(
        tmp_path, '[tool.ortk]\nignore = ["ORT101"]\n\n[tool.ortk.severity]\nORT105 = "warning"\n'
    )
    monkeypatch.chdir(root / "requests")
    result = run_cli("lint", "--format", "json", "a.json")
    assert result.exit_code == 0, result
    found = [(d["code"], d["severity"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [("ORT105", "warning")]


def test_per_file_ignores_and_exclude(tmp_path: Path, monkeypatch, run_cli) -> None:
    root = project(
        tmp_path,
        '[tool.ortk]\nexclude = ["legacy/*"]\n\n'
        '[tool.ortk.per-file-ignores]\n"requests/*" = ["ORT105"]\n',
    )
    monkeypatch.chdir(root)
    result = run_cli("lint", ".")
    assert result.exit_code == 0, result
    assert "legacy" not in result.stdout
    assert "ORT105" not in result.stdout and "ORT101" in result.stdout


def test_include_limits_directory_search(tmp_path: Path, monkeypatch, run_cli) -> None:
    root = project(tmp_path, '[tool.ortk]\ninclude = ["requests/*.json"]\n')
    (root / "package.json").write_text('{"name": "not a payload"}')
    monkeypatch.chdir(root)
    result = run_cli("lint", ".")
    assert "package.json" not in result.stdout
    assert "requests/a.json" in result.stdout


def test_severity_off_disables_a_code(tmp_path: Path) -> None:
    config = parse_table({"severity": {"ORT101": "off"}})
    assert not config.enabled("ORT101")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[tool.ortk]\nselekt = ["ORT1"]', "unknown key `selekt`"),
        ('[tool.ortk]\nselect = "ORT1"', "`select` in"),
        ('[tool.ortk]\nselect = ["XYZ"]', "'XYZ' is not a rule code"),
        ('[tool.ortk.severity]\nORT105 = "fatal"', "expected one of error, warning, info, off"),
        ('[tool.ortk.severity]\nORT9 = "error"', "'ORT9' is not a rule code or prefix"),
        ('[tool.ortk.per-file-ignores]\n"a/*" = "ORT1"', "must be a list of codes"),
        ("[tool.ortk\n", "is not valid TOML"),
    ],
)
def test_bad_config_is_exit_2_naming_the_key(
    tmp_path: Path, monkeypatch, run_cli, table, message
) -> None:
    root = project(tmp_path, table)
    monkeypatch.chdir(root)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_config()
    result = run_cli("lint", "requests/a.json")
    assert result.exit_code == 2, result
    assert message in result.stderr


def test_explicit_config_file(tmp_path: Path, run_cli) -> None:
    root = project(tmp_path, "")
    ortk_toml = root / "ortk.toml"
    ortk_toml.write_text('ignore = ["ORT1"]\n')
    result = run_cli("lint", "--config", str(ortk_toml), str(root / "requests" / "a.json"))
    assert result.exit_code == 0, result
    missing = run_cli("lint", "--config", str(root / "nope.toml"), str(root))
    assert missing.exit_code == 2
