"""The wheel carries the schemas and the generated models, and nothing top-level but
`toolkit` and `ortk` (toolkit's public API under the distribution's name).

Builds the wheel (no network: the build backend comes from the dev environment),
installs it without dependencies into a fresh virtual environment that borrows
the dependencies from this one, and runs `ortk lint` from there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("ortk-*.whl")
    return built


def test_wheel_holds_schemas_and_models_under_toolkit_only(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names if not name.startswith("ortk-")}
    assert top_level == {"toolkit", "ortk"}  # `ortk`: the distribution's name, re-exporting
    assert "ortk/__init__.py" in names
    for kind in ("request", "response", "chunk", "error", "common"):
        assert f"toolkit/schemas/{kind}.schema.json" in names
        assert f"toolkit/generated/{kind}_schema.py" in names
    assert "toolkit/py.typed" in names


def test_installed_wheel_lints_an_example(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Dependencies come from this environment; the project itself only from the wheel.
    (Path(site) / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"])
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "work"
    work.mkdir()
    example = ROOT / "examples" / "invalid-request.json"
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(env_dir / "bin" / "ortk"), "lint", str(example)],
        cwd=work,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert result.returncode == 1, result.stderr
    assert "temperature is 2.5; it must be between 0 and 2" in result.stdout
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.util as u, toolkit, toolkit.models; "
            "print(toolkit.__file__); "
            "print(u.find_spec('schema'), u.find_spec('generated'))",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    ).stdout.splitlines()
    assert probe[0].startswith(str(env_dir))
    assert probe[1] == "None None"
