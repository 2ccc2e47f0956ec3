"""Parameters that depend on another (ORT220-ORT225): set without the one that enables them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.diagnostics import Finding
from toolkit.rules.readers import MISSING, is_int
from toolkit.rules.registry import RuleContext, when_present


def _stream_is_off(payload: dict[str, Any]) -> bool:
    """`stream` absent or false (a `stream` of the wrong type is the schema's finding)."""
    return payload.get("stream", False) is False


@when_present("top_logprobs")
def top_logprobs_without_logprobs(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `top_logprobs` without `logprobs: true`.

    ## Why is this bad?
    `top_logprobs` sizes the log probabilities that `logprobs: true` turns on; without it
    providers reject the request (OpenAI: "logprobs must be set to true").

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Pick a color."}],
      "top_logprobs": 5
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Pick a color."}],
      "logprobs": true,
      "top_logprobs": 5
    }
    ```
    """
    if is_int(payload.get("top_logprobs")) and payload.get("logprobs") in (None, False):
        yield Finding(
            "/top_logprobs",
            "`top_logprobs` needs `logprobs: true`; set `logprobs` "
            "to true or remove `top_logprobs`",
        )


@when_present("stream_options")
def stream_options_without_stream(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `stream_options` in a request without `stream: true`.

    ## Why is this bad?
    The options only apply to a streamed response; here they do nothing, which usually
    means `stream: true` was forgotten.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o-mini",
      "messages": [{"role": "user", "content": "Count to five."}],
      "stream_options": {}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o-mini",
      "messages": [{"role": "user", "content": "Count to five."}],
      "stream": true,
      "stream_options": {}
    }
    ```
    """
    if isinstance(payload.get("stream_options"), dict) and _stream_is_off(payload):
        yield Finding(
            "/stream_options",
            "`stream_options` has no effect without `stream: "
            "true`; set `stream` to true or remove `stream_options`",
            at_key=True,
        )


@when_present("debug")
def debug_without_stream(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `debug` in a request without `stream: true`.

    ## Why is this bad?
    Debug output (`echo_upstream_body`) arrives in a chunk at the start of a stream;
    without streaming there is nowhere to put it and it is silently dropped.

    ## Example
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Hello"}],
      "debug": {"echo_upstream_body": true}
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-4o",
      "messages": [{"role": "user", "content": "Hello"}],
      "stream": true,
      "debug": {"echo_upstream_body": true}
    }
    ```

    ## References
    - https://openrouter.ai/docs/api-reference/chat/send-chat-completion-request (`debug`)
    """
    if isinstance(payload.get("debug"), dict) and _stream_is_off(payload):
        yield Finding(
            "/debug",
            "`debug` only works when streaming; set `stream` to true or remove `debug`",
            at_key=True,
        )


@when_present("image_config")
def image_config_without_image_modality(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `image_config` in a request whose `modalities` do not include `"image"`.
    A request without `modalities` counts too.

    ## Why is this bad?
    `image_config` shapes generated images, and a model generates images only when
    `modalities` asks for them: the configuration is ignored.

    ## Example
    ```json
    {
      "model": "google/gemini-2.5-flash-image",
      "messages": [{"role": "user", "content": "Draw a lighthouse at dusk."}],
      "image_config": {"aspect_ratio": "16:9"}
    }
    ```

    Use instead:
    ```json
    {
      "model": "google/gemini-2.5-flash-image",
      "messages": [{"role": "user", "content": "Draw a lighthouse at dusk."}],
      "modalities": ["image", "text"],
      "image_config": {"aspect_ratio": "16:9"}
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/overview/multimodal/image-generation
    """
    if not isinstance(payload.get("image_config"), dict):
        return
    modalities = payload.get("modalities", MISSING)
    if modalities is MISSING or (isinstance(modalities, list) and "image" not in modalities):
        yield Finding(
            "/image_config",
            "`image_config` has no effect unless `modalities` "
            'includes "image"; add it or remove `image_config`',
            at_key=True,
        )


@when_present("modalities")
def audio_output_settings(payload: dict[str, Any], context: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `"audio"` in `modalities` without the `audio` settings (voice and format)
    or without `stream: true`.

    ## Why is this bad?
    OpenRouter's audio guide: "To receive audio output, set `modalities` to
    `["text", "audio"]` and provide the `audio` configuration with your desired voice and
    format", and "Audio output requires streaming (`stream: true`)".

    ## Example
    ```json
    {
      "model": "openai/gpt-audio",
      "messages": [{"role": "user", "content": "Say hello in a friendly tone."}],
      "modalities": ["text", "audio"]
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-audio",
      "messages": [{"role": "user", "content": "Say hello in a friendly tone."}],
      "modalities": ["text", "audio"],
      "audio": {"voice": "alloy", "format": "wav"},
      "stream": true
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/overview/multimodal/audio (Requesting Audio Output)
    """
    modalities = payload.get("modalities")
    wants_audio = isinstance(modalities, list) and "audio" in modalities
    settings = payload.get("audio", MISSING)
    if wants_audio and isinstance(modalities, list):
        index = modalities.index("audio")
        if settings is MISSING:
            yield Finding(
                f"/modalities/{index}",
                'audio output needs `audio` settings: add `"audio": {"voice": ..., "format": ...}`',
            )
        if payload.get("stream") is not True:
            yield Finding(
                f"/modalities/{index}",
                "audio output requires streaming; set `stream` to true",
            )


@when_present("audio")
def audio_settings_without_audio_modality(
    payload: dict[str, Any], context: RuleContext
) -> Iterator[Finding]:
    """
    ## What it does
    Checks for `audio` settings in a request whose `modalities` do not include `"audio"`.
    A request without `modalities` counts too.

    ## Why is this bad?
    `audio` chooses the voice and format of generated audio, and a model generates audio
    only when `modalities` asks for it (OpenRouter's audio guide): the settings are unused.

    ## Example
    ```json
    {
      "model": "openai/gpt-audio",
      "messages": [{"role": "user", "content": "Say hello in a friendly tone."}],
      "audio": {"voice": "alloy", "format": "wav"},
      "stream": true
    }
    ```

    Use instead:
    ```json
    {
      "model": "openai/gpt-audio",
      "messages": [{"role": "user", "content": "Say hello in a friendly tone."}],
      "modalities": ["text", "audio"],
      "audio": {"voice": "alloy", "format": "wav"},
      "stream": true
    }
    ```

    ## References
    - https://openrouter.ai/docs/guides/overview/multimodal/audio (Requesting Audio Output)
    """
    modalities = payload.get("modalities", MISSING)
    if isinstance(payload.get("audio"), dict) and (
        modalities is MISSING or (isinstance(modalities, list) and "audio" not in modalities)
    ):
        yield Finding(
            "/audio",
            '`audio` has no effect unless `modalities` includes "audio"; add it or remove `audio`',
            at_key=True,
        )
