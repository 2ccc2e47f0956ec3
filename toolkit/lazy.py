"""A module imported on first use, for code that runs once per payload.

ortk imports its heavier parts (the rules, the model catalog, the position finders)
only when a run needs them, so that `import toolkit` and `ortk --version` stay cheap.
An import statement inside a function that runs for every payload costs 1-1.5 us each
time (the import machinery runs, even for a module already loaded); `imported` is a
dictionary lookup once the module is there.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType


def imported(name: str) -> ModuleType:
    """The module `name`, imported if it is not yet."""
    module = sys.modules.get(name)
    return module if module is not None else importlib.import_module(name)
