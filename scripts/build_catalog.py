#!/usr/bin/env python3
"""Build ortk's bundled model catalog (toolkit/catalog/bundled.json) from a raw
`GET /api/v1/models` response. Reproducible: the same response gives the same bytes
(tests/test_catalog_build.py rebuilds it and compares).

    python scripts/build_catalog.py ../shared/reference/openrouter-models-2026-06-16.json
    make catalog                      # the same, with the reference snapshot

The catalog's date is the one in the response's file name, else the creation date of
its newest model.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.catalog.build import build_bundled  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("response", type=Path, help="a saved GET /api/v1/models response")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "toolkit" / "catalog" / "bundled.json"
    )
    args = parser.parse_args()
    data = build_bundled(args.response)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
