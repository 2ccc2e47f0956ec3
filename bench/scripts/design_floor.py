"""The design floor: `ortk lint` itself with each payload's checks cut down to the schema
engine's verdict (jsonschema-rs `is_valid`). Start-up, discovery, loading (read, parse,
depth check), the worker processes and the report are ortk's own; no rule runs, and no
finding is explained, located or reported.

usage: design_floor.py [ortk lint options] PATH...

No change to ortk's code brings `ortk lint` below this on a corpus (short of changing
what it is built on: the interpreter, the parser, the schema engine). The gap between
the two is what the rules, the explanations, the positions and the findings' report cost.
"""

import contextlib
import sys

from toolkit import checking, validation
from toolkit.entry import entry


def _verdict_only(data, kind):
    # (a lone surrogate or too deep a nesting: the engine gives no verdict, as in validate)
    with contextlib.suppress(UnicodeEncodeError, ValueError):
        validation.validator(kind).is_valid(data)
    return ()


def _no_rules(*args, **kwargs):
    return iter(())


validation.validate = _verdict_only  # (checking calls both through their modules)
checking._rule_findings = _no_rules
sys.argv[0] = "ortk"
sys.argv[1:1] = ["lint"]
entry()
