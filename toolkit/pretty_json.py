"""`json.dumps(value, ensure_ascii=False, indent=2)`, byte for byte, at orjson's speed.

The report formats have always been written by the standard library's encoder, which
with `indent` runs in pure Python: on a report of thousands of findings that is a large
share of a run. orjson writes the same bytes for the same plain values (2-space indent,
`", "`-free line ends, `": "` after keys, the same escapes; a property test holds it to
that); for what it would write differently or refuse (non-finite floats, integers past 64
bits, lone surrogates, non-string keys, any other type), the standard library writes it.
"""

from __future__ import annotations

import json
import math
from typing import Any

_CONTAINERS = (dict, list, tuple)
_SCALARS = frozenset({str, int, bool, type(None)})


_WHOLE: Any = object()


def dumps(value: Any, check: Any = _WHOLE) -> str:
    """`value` as `json.dumps(value, ensure_ascii=False, indent=2)` writes it.

    `check`: the parts of `value` that may hold what the encoders write differently (the
    caller knows the rest of it to be exact str, int, bool and None in dicts with string
    keys and lists); by default, the whole of it.
    """
    import orjson

    if _plain(value if check is _WHOLE else check, orjson.dumps):
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
        except (TypeError, ValueError):  # (orjson.JSONEncodeError is a TypeError)
            pass  # a lone surrogate, a non-string key, an integer past 64 bits, too deep
    return json.dumps(value, ensure_ascii=False, indent=2)


def _plain(value: Any, write: Any) -> bool:
    """Whether `value` holds only the types both encoders write alike: exact str, int,
    bool, None, dict, list, tuple, and floats that `write` (orjson) spells as `repr` does
    (it writes `1e-05` as `1e-5`)."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            if _SCALARS.issuperset(map(type, item.values())):
                continue  # (a report's diagnostics are such objects: told at C speed)
            stack.extend(item.values())
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif kind is float:
            if not math.isfinite(item) or write(item) != float.__repr__(item).encode():
                return False  # (json writes NaN and Infinity; orjson writes null)
        elif kind not in _SCALARS:
            return False
    return True
