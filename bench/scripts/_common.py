"""Shared by the minimal scripts: the payload files named (directories recursed)."""

import os
import sys


def payload_files(args: list[str]) -> list[str]:
    found = []
    for arg in args:
        if os.path.isdir(arg):
            for directory, dirnames, filenames in os.walk(arg):
                dirnames.sort()
                found += [
                    os.path.join(directory, f) for f in sorted(filenames) if f.endswith(".json")
                ]
        else:
            found.append(arg)
    return found


def done(files: int, invalid: int) -> None:
    sys.stdout.write(f"{files} files, {invalid} invalid\n")
