"""`ortk models refresh`: fetch the catalog, check it, write it atomically, say what changed.

Standard library only (urllib): refreshing must not add a runtime dependency. Every
failure (unreachable, an HTTP error, a body that is not a catalog) is a `CatalogError`
raised before anything is written, so the old snapshot stays as it was.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from toolkit.catalog.load import CatalogError, catalog_from_document, load_catalog
from toolkit.catalog.model import Catalog, ModelInfo

# `output_modalities=all`: the default list holds only text-output models (OpenAPI, GET /models)
DEFAULT_URL = "https://openrouter.ai/api/v1/models?output_modalities=all"
TIMEOUT_SECONDS = 30.0
_MAX_BYTES = 64 * 1024 * 1024


def fetch(
    url: str = DEFAULT_URL, api_key: str | None = None, timeout: float = TIMEOUT_SECONDS
) -> Any:
    """The parsed catalog at `url`. No key is needed; one is sent when given."""
    import urllib.error
    import urllib.request

    headers = {"Accept": "application/json", "User-Agent": "ortk (models refresh)"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            body = answer.read(_MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise CatalogError(
            _http_failure(url, error.code, error.headers, error.read(4096))
        ) from error
    except urllib.error.URLError as error:
        raise CatalogError(f"cannot reach {url}: {error.reason}; nothing was written") from error
    except (TimeoutError, OSError) as error:
        raise CatalogError(f"cannot reach {url}: {error}; nothing was written") from error
    if len(body) > _MAX_BYTES:
        raise CatalogError(f"{url} answered more than {_MAX_BYTES:,} bytes; nothing was written")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise CatalogError(f"{url} did not answer JSON ({error}); nothing was written") from error


def _http_failure(url: str, status: int, headers: Any, body: bytes) -> str:
    detail = _error_message(body)
    said = f' ("{detail}")' if detail else ""
    if status == 401:
        return (
            f"{url} answered 401 Unauthorized{said}: OPENROUTER_API_KEY is not a valid key "
            "(the catalog needs none: unset it to fetch without one); nothing was written"
        )
    if status == 429:
        retry = headers.get("Retry-After") if headers is not None else None
        wait = f"after {retry} s" if retry else "later"
        return f"{url} answered 429 Too Many Requests{said}: try again {wait}; nothing was written"
    return f"{url} answered HTTP {status}{said}; nothing was written"


def _error_message(body: bytes) -> str | None:
    """`error.message` of an OpenRouter error body, if it is one."""
    try:
        message = json.loads(body)["error"]["message"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    return message[:200] if isinstance(message, str) else None


def refresh(
    output: Path,
    url: str = DEFAULT_URL,
    api_key: str | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> list[str]:
    """Fetch, check and write the catalog to `output`; the lines that say what changed."""
    document = fetch(url, api_key, timeout)
    try:
        new = catalog_from_document(document, output.name, str(output))
    except CatalogError as error:
        raise CatalogError(
            f"{url} did not answer a model catalog: {error}; nothing was written"
        ) from error
    old = _previous(output)
    write_atomically(output, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())
    lines = [f"wrote {output}: {len(new)} models (catalog of {new.date})"]
    if old is None:
        lines.append("no previous snapshot to compare with")
    else:
        lines.extend(changes(old, new) or ["no model added, removed or changed"])
    return lines


def _previous(output: Path) -> Catalog | None:
    if not output.exists():
        return None
    try:
        return load_catalog(output)
    except CatalogError:
        return None  # (a damaged snapshot is replaced; nothing to compare it with)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` in one rename: a reader sees the old file or the new, never half."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_COMPARED = (
    ("context_length", "context length"),
    ("max_completion_tokens", "max completion tokens"),
    ("input_modalities", "input"),
    ("output_modalities", "output"),
    ("parameters", "parameters"),
    ("reasoning", "reasoning"),
)


def changes(old: Catalog, new: Catalog) -> list[str]:
    """Models added, removed, and whose capabilities changed, one line each kind/model."""
    old_ids, new_ids = set(old.ids()), set(new.ids())
    lines = []
    added, removed = sorted(new_ids - old_ids), sorted(old_ids - new_ids)
    if added:
        lines.append(f"added {len(added)}: {', '.join(added)}")
    if removed:
        lines.append(f"removed {len(removed)}: {', '.join(removed)}")
    for model_id in sorted(old_ids & new_ids):
        before, after = old.get(model_id), new.get(model_id)
        assert before is not None and after is not None
        what = _differences(before, after)
        if what:
            lines.append(f"changed {model_id}: {'; '.join(what)}")
    return lines


def _differences(before: ModelInfo, after: ModelInfo) -> list[str]:
    found = []
    for attribute, label in _COMPARED:
        was, now = getattr(before, attribute), getattr(after, attribute)
        if was == now:
            continue
        if isinstance(was, tuple | frozenset) and isinstance(now, tuple | frozenset):
            gained = sorted(set(now) - set(was))
            lost = sorted(set(was) - set(now))
            found.append(
                f"{label} " + " ".join([f"+{g}" for g in gained] + [f"-{x}" for x in lost])
            )
        else:
            found.append(f"{label} {was} -> {now}")
    return found
