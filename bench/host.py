"""What the results were measured on: the machine, the versions, the source, and where
the README's copy of the tables goes."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

from corpus import PY, ROOT
from timing import output

README = ROOT / "README.md"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, AttributeError):
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "load": load(),
        "os": platform.platform(),
    }


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def versions(timer: str) -> str:
    probe = (
        "import importlib.metadata as m,sys\n"
        "print(' '.join(f'{n}=={m.version(n)}' for n in sys.argv[1:]))"
    )
    project = output([str(PY), "-c", probe, "ortk", "jsonschema-rs", "jiter", "pydantic", "orjson"])
    alternatives = output([str(PY), "-c", probe, "jsonschema", "check-jsonschema"])
    python = output([str(PY), "-c", "import platform; print(platform.python_version())"])
    hyperfine = output(["hyperfine", "--version"]) if timer == "hyperfine" else "internal timer"
    return f"Python {python}; {project}; {alternatives}; {hyperfine}"


def git_state() -> str:
    head = output(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT) or "?"
    dirty = output(
        ["git", "status", "--porcelain", "--", "toolkit", "schema", "generated"], cwd=ROOT
    )
    return head + (" + uncommitted changes in toolkit/schema/generated" if dirty else " (clean)")


def update_readme(facts: list[str], tables: str) -> bool:
    """Put this run's facts and tables between the README's bench markers, so the numbers
    there always come from `make bench`."""
    text = README.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        return False
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    demoted = re.sub(r"(?m)^### ", "#### ", tables).strip()
    body = "\n".join([*facts, "", demoted])
    README.write_text(f"{head}{README_START}\n{body}\n{README_END}{tail}", encoding="utf-8")
    return True
