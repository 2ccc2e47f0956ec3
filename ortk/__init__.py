"""`import ortk`: the distribution's name for the `toolkit` package's public API.

`toolkit` stays the package (a name other projects use too, so `ortk` is the one to
import when in doubt); this module re-exports the same objects, nothing more.
"""

from __future__ import annotations

from typing import Any as _Any

import toolkit as _toolkit
from toolkit import *  # noqa: F403 (exactly toolkit.__all__)
from toolkit import __all__ as __all__
from toolkit import __version__ as __version__


def __getattr__(name: str) -> _Any:
    # the httpx hooks load on first use, as in toolkit
    return getattr(_toolkit, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
