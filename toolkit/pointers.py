"""RFC 6901 JSON Pointers: spelling one, reading one, and saying one in a message."""

from __future__ import annotations

from collections.abc import Iterable


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def to_pointer(parts: Iterable[str | int]) -> str:
    """RFC 6901 pointer for a path of keys and indices; the root is ``""``."""
    return "".join("/" + escape_token(part) for part in parts)


def split_pointer(pointer: str) -> list[str]:
    return [unescape_token(token) for token in pointer.split("/")[1:]] if pointer else []


def display_path(pointer: str) -> str:
    """The pointer as a person reads it in a message: ``messages[2].role``."""
    text = ""
    for token in split_pointer(pointer):
        if token.isdigit():
            text += f"[{token}]"
        elif token.isidentifier() or token.replace("-", "_").isidentifier():
            text += f".{token}" if text else token
        else:
            text += f"[{token!r}]"
    return text or "the payload"
