"""vcrpy cassettes (YAML or JSON): each `POST .../chat/completions` interaction a payload.

The file is loaded by its syntax's own loader first (so a cassette gets the same checks
for bad bytes, duplicate keys, YAML tags and depth as any payload file); what makes it a
cassette is its content, a top-level `interactions` list (`toolkit.loading.recording`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from toolkit.loading import recording
from toolkit.loading.payload import FileProblem, InteractionPayload, Payload, problem

Extract = Callable[[Any], Iterator[recording.Interaction]]


def interactions(
    payload: Payload, extract: Extract = recording.cassette_interactions
) -> Iterator[InteractionPayload | FileProblem]:
    """Every interaction of a loaded recording (the pipeline lints the chat-completions
    ones and counts the others), or what keeps it from being read as one."""
    text = payload.text
    try:
        for interaction in extract(payload.data):
            yield InteractionPayload(
                file=payload.file,
                interaction=interaction,
                text=text,
                syntax=payload.syntax,
                record=interaction.record,
            )
    except recording.RecordingError as error:
        hint = "" if error.pointer else "; pass the --kind it is, or none"
        yield problem(payload.file, "ORT008", f"{error}{hint}", pointer=error.pointer)


def load(file: str, path: str) -> Iterator[InteractionPayload | FileProblem]:
    """A file read as a cassette whatever its content (`--kind cassette`): YAML by its
    suffix, JSON otherwise."""
    import os

    if os.path.splitext(path)[1].lower() in (".yaml", ".yml"):
        from toolkit.loading import yaml as syntax
    else:
        from toolkit.loading import json as syntax  # type: ignore[no-redef]
    for item in syntax.load(file, path):
        yield from interactions(item) if isinstance(item, Payload) else (item,)
