"""HAR 1.2 files (browser devtools, proxies): each `POST .../chat/completions` entry a payload.

A HAR file is JSON; it is loaded by the JSON loader and its `log.entries` read by
`toolkit.loading.recording` (`postData.text`, `content.text`, base64 when `encoding`
says so).
"""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.loading import cassette, recording
from toolkit.loading.payload import FileProblem, InteractionPayload, Payload


def interactions(payload: Payload) -> Iterator[InteractionPayload | FileProblem]:
    return cassette.interactions(payload, recording.har_interactions)


def load(file: str, path: str) -> Iterator[InteractionPayload | FileProblem]:
    """A file read as HAR whatever its content (`--kind har`, or a `.har` file)."""
    from toolkit.loading import json

    for item in json.load(file, path):
        yield from interactions(item) if isinstance(item, Payload) else (item,)
