"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit try-repo`.

`try-repo` installs the hook from a git repository into a fresh environment (from the
package registry), so these tests need the network and take a while: `-m integration`.
It would take this checkout's last commit plus its changes to *tracked* files only, so
the tests give it a snapshot of the working tree as it is (new files included), committed
in a temporary repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "ortk tests",
    "GIT_AUTHOR_EMAIL": "tests@ortk.invalid",
    "GIT_COMMITTER_NAME": "ortk tests",
    "GIT_COMMITTER_EMAIL": "tests@ortk.invalid",
}

GOOD = '{"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}\n'
BAD = (
    "{\n"
    '  "model": "openai/gpt-4o",\n'
    '  "messages": [{"role": "user", "content": "Hi"}],\n'
    '  "temperature": 2.5\n'
    "}\n"
)


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, **GIT_IDENTITY}
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def manifest() -> list[dict[str, object]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


# --- the manifest, without the network ----------------------------------------------------


def test_manifest_is_valid() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit")
    result = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("path", "picked"),
    [
        ("payloads/chat.json", True),
        ("requests/tools.yaml", True),
        ("fixtures/response.yml", True),
        ("logs/2025-01.jsonl", True),
        ("logs/traffic.ndjson", True),
        ("package.json", False),
        ("web/package-lock.json", False),
        ("tsconfig.json", False),
        ("tsconfig.build.json", False),
        (".github/workflows/ci.yml", False),
        (".pre-commit-config.yaml", False),
        (".gitlab-ci.yml", False),
        ("docker-compose.yml", False),
        (".vscode/settings.json", False),
        (".ortk/request.schema.json", False),
        ("README.md", False),
    ],
)
def test_ortk_lint_default_files(path: str, picked: bool) -> None:
    [hook] = [h for h in manifest() if h["id"] == "ortk-lint"]
    files, exclude = re.compile(str(hook["files"])), re.compile(str(hook["exclude"]))
    assert (bool(files.search(path)) and not exclude.search(path)) is picked


def test_every_hook_runs_ortk_lint() -> None:
    for hook in manifest():
        assert hook["language"] == "python"
        assert str(hook["entry"]).split()[:2] == ["ortk", "lint"]
        assert "require_serial" not in hook  # ortk takes any list of files


# --- the real pre-commit ------------------------------------------------------------------


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree (tracked and new files, less the ignored) as one commit."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit")
    files = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    repo = tmp_path_factory.mktemp("ortk-snapshot")
    for name in filter(None, files.split("\0")):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "--no-gpg-sign", "-m", "snapshot", cwd=repo)
    return repo


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A user's repository with one good and one bad request."""
    (tmp_path / "payloads").mkdir()
    (tmp_path / "payloads" / "good.json").write_text(GOOD, encoding="utf-8")
    (tmp_path / "payloads" / "bad.json").write_text(BAD, encoding="utf-8")
    git("init", "-q", cwd=tmp_path)
    git("add", "-A", cwd=tmp_path)
    return tmp_path


def try_repo(
    snapshot: Path, project: Path, hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_IDENTITY}
    return subprocess.run(
        [*PRE_COMMIT, "try-repo", str(snapshot), hook, "--files", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.integration
def test_try_repo_fails_on_a_bad_payload_and_passes_a_good_one(
    snapshot: Path, project: Path
) -> None:
    bad = try_repo(snapshot, project, "ortk-lint", "payloads/bad.json")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "payloads/bad.json:4:18: error ORT105" in bad.stdout, bad.stdout
    assert re.search(r"ortk lint \(OpenRouter payloads\)\.+Failed", bad.stdout), bad.stdout

    good = try_repo(snapshot, project, "ortk-lint", "payloads/good.json")
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"ortk lint \(OpenRouter payloads\)\.+Passed", good.stdout), good.stdout
