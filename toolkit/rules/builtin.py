"""Documentation of the codes reported by loading (ORT0xx) and the schema check (ORT1xx).

These codes have no rule function: loading and the schema module report them.
Each text follows the same sections as a rule docstring.
"""

from __future__ import annotations

BUILTIN_DOCS: dict[str, str] = {
    "ORT001": """
## What it does
Reports a path that cannot be read: missing, unreadable, a directory loop, or not a
regular file (a FIFO or a device).

## Why is this bad?
A payload that cannot be read is not checked; a CI job must not pass because of it.

## Example
```
ortk lint requests/missing.json
```

Use instead: pass paths that exist and are readable regular files.
""",
    "ORT002": """
## What it does
Reports a file that is not valid UTF-8 (for example UTF-16, or Latin-1 bytes).

## Why is this bad?
JSON exchanged between systems must be UTF-8 (RFC 8259); the API rejects other encodings.

## Example
A file saved as UTF-16 by an editor or by PowerShell's `>` redirection.

Use instead: save the file as UTF-8 (a byte-order mark is accepted).
""",
    "ORT003": """
## What it does
Reports a JSON or YAML syntax error, at its line and column.

## Why is this bad?
The API answers a body that does not parse with HTTP 400.

## Example
```json
{"messages": [{"role": "user", "content": "hi"}],}
```

Use instead:
```json
{"messages": [{"role": "user", "content": "hi"}]}
```
""",
    "ORT004": """
## What it does
Reports an empty file, or a JSONL/YAML file with no records.

## Why is this bad?
An empty body is not a request; usually a generator failed to write it.

## Example
A zero-byte `request.json`.

Use instead: a JSON object with at least `messages`.
""",
    "ORT005": """
## What it does
Reports a key that appears twice in the same JSON or YAML object.

## Why is this bad?
Parsers keep one of the two values (usually the last) without a word: the request
does something other than what one of the lines says.

## Example
```json
{"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "hi"}],
 "model": "openai/gpt-4o-mini"}
```

Use instead: keep one of the keys.
""",
    "ORT006": """
## What it does
Reports a payload whose top level is not a JSON object (an array, a string, ...).

## Why is this bad?
Every chat-completions body, response and chunk is an object.

## Example
```json
[{"role": "user", "content": "hi"}]
```

Use instead:
```json
{"messages": [{"role": "user", "content": "hi"}]}
```
""",
    "ORT007": """
## What it does
Reports `NaN`, `Infinity`, numbers too large for a double (`1e400`) and integers with
thousands of digits.

## Why is this bad?
They are not JSON: Python's `json.dumps` writes `NaN` happily, but the API rejects it.

## Example
```json
{"messages": [{"role": "user", "content": "hi"}], "temperature": NaN}
```

Use instead: a finite number, or leave the parameter out.
""",
    "ORT008": """
## What it does
Reports a payload whose kind (request, response, stream chunk, error) cannot be told
from its content under `--kind auto`.

## Why is this bad?
Without a kind there is no schema to check it against.

## Example
```json
{"model": "openai/gpt-4o"}
```

Use instead: add `messages` (a request) or pass `--kind request`.
""",
    "ORT009": """
## What it does
Reports a document nested more than 128 levels deep: it cannot be a payload.

## Why is this bad?
Real requests nest a few dozen levels at most; thousands of levels are a generator bug
or a hostile file, and parsers (the API's included) refuse them.

## Example
`[[[[[[...]]]]]]`, 100,000 levels deep.

Use instead: a flat request.
""",
    "ORT010": """
## What it does
Reports YAML that has no JSON equivalent: non-string keys, tags such as `!!binary`,
`!!set` or Python object tags, recursive aliases, and documents of more than 250,000
values, counted with their aliases expanded ("billion laughs").

## Why is this bad?
A payload is sent as JSON; such YAML cannot be, and alias bombs exhaust memory.

## Example
```yaml
messages: !!python/object:os.system ["echo hi"]
```

Use instead: plain mappings, sequences, strings, numbers, booleans and null.
""",
    "ORT011": """
## What it does
Reports a suppression that matched nothing: a `per-file-ignores` entry that applies to
a linted file but hid no finding, or baseline entries whose findings are gone.

## Why is this bad?
A stale suppression hides the next, unrelated problem at the same place, and nobody
remembers why it is there.

## Example
```toml
[tool.ortk.per-file-ignores]
"requests/*.json" = ["ORT210@/max_tokens"]   # max_tokens was renamed long ago
```

Use instead: remove the entry (or rewrite the baseline with `--write-baseline`).
""",
    "ORT101": """
## What it does
Reports a key the schema does not know, with the key you probably meant, or what the
key is when ortk knows it (an older OpenRouter field, another API's field, an SDK
argument serialized by mistake). A near-certain misspelling of a top-level request
key is ORT111, an error; in a response or a stream chunk the key is "not in the
schema" (the API sent it).

## Why is this bad?
At the top level of a request the API ignores unknown keys silently: a misspelled
`temprature` sends the request at the default temperature, and nothing tells you. Inside
`provider` an unknown key is an error instead (ORT110).

## Example
```json
{"messages": [{"role": "user", "content": "hi"}], "temp": 0.2}
```

Use instead:
```json
{"messages": [{"role": "user", "content": "hi"}], "temperature": 0.2}
```
""",
    "ORT102": """
## What it does
Reports a required key that is missing, at the object that should hold it.

## Why is this bad?
The API rejects the payload with HTTP 400.

## Example
```json
{"messages": [{"role": "user"}]}
```

Use instead:
```json
{"messages": [{"role": "user", "content": "What is 6 * 7?"}]}
```
""",
    "ORT103": """
## What it does
Reports a value of the wrong JSON type.

## Why is this bad?
The API rejects the payload, or worse, coerces the value to something you did not mean.

## Example
```json
{"messages": [{"role": "user", "content": "hi"}], "temperature": "0.2"}
```

Use instead:
```json
{"messages": [{"role": "user", "content": "hi"}], "temperature": 0.2}
```
""",
    "ORT104": """
## What it does
Reports a value outside the allowed set (an enum or a discriminator such as a
message `role`, a content part `type` or a plugin `id`), with the closest allowed value.

## Why is this bad?
The API rejects unknown values.

## Example
```json
{"messages": [{"role": "robot", "content": "hi"}]}
```

Use instead:
```json
{"messages": [{"role": "user", "content": "hi"}]}
```
""",
    "ORT105": """
## What it does
Reports a number outside its documented range (temperature 0 to 2, top_p 0 to 1,
penalties -2 to 2, top_logprobs 0 to 20, ...).

## Why is this bad?
Depending on the provider the API rejects the request or clamps the value silently.

## Example
```json
{"messages": [{"role": "user", "content": "hi"}], "temperature": 2.5}
```

Use instead:
```json
{"messages": [{"role": "user", "content": "hi"}], "temperature": 1.5}
```
""",
    "ORT106": """
## What it does
Reports a string that is too long or too short (session_id up to 256 characters,
metadata keys up to 64 and values up to 512, function names up to 64, ...).

## Why is this bad?
The API rejects the request.

## Example
```json
{"messages": [{"role": "user", "content": "hi"}], "metadata": {"note": "<600 characters>"}}
```

Use instead: shorten the value, or keep the long text elsewhere and send a reference.
""",
    "ORT107": """
## What it does
Reports a string that does not match its pattern, such as a function or json_schema
name with spaces.

## Why is this bad?
The API (or the provider behind it) rejects names outside `[a-zA-Z0-9_-]`.

## Example
```json
{
  "messages": [{"role": "user", "content": "Weather in Paris?"}],
  "tools": [{"type": "function", "function": {"name": "get weather"}}]
}
```

Use instead:
```json
{
  "messages": [{"role": "user", "content": "Weather in Paris?"}],
  "tools": [{"type": "function", "function": {"name": "get_weather"}}]
}
```
""",
    "ORT108": """
## What it does
Reports an array or object with too many or too few entries (at most 4 stop sequences,
at most 16 metadata pairs, at least one message, ...).

## Why is this bad?
The API rejects the request.

## Example
```json
{"messages": [{"role": "user", "content": "hi"}], "stop": ["a", "b", "c", "d", "e"]}
```

Use instead:
```json
{"messages": [{"role": "user", "content": "hi"}], "stop": ["a", "b", "c", "d"]}
```
""",
    "ORT110": """
## What it does
Reports a key inside `provider` that the API does not know, with the key you probably
meant.

## Why is this bad?
Unlike the top level, `provider` is checked strictly: the API rejects the request with
HTTP 400 (live: `Unrecognized key(s) in object: 'Require_Parameters'`).

## Example
```json
{"messages": [{"role": "user", "content": "hi"}], "provider": {"Require_Parameters": true}}
```

Use instead:
```json
{"messages": [{"role": "user", "content": "hi"}], "provider": {"require_parameters": true}}
```
""",
    "ORT109": """
## What it does
Reports any other schema violation (uniqueness, `not`, ...), with the engine's message.

## Why is this bad?
The payload does not match what the API accepts.

## Example
A value that matches none of the shapes the schema allows.

Use instead: the shape described by `ortk schema request`.
""",
    "ORT111": """
## What it does
Reports an unknown top-level key in a request that is almost certainly a misspelling
of a known one: the same letters in another case or with other separators
(`maxTokens`), or a spelling at least 85% similar (`temprature`). Other unknown keys
stay ORT101 warnings; inside `provider` every unknown key is ORT110.

## Why is this bad?
The live API ignores unknown top-level keys, so the request succeeds while the
parameter you meant does nothing: a `temprature` of 0 samples at the default
temperature, and CI stays green. That is why this is an error by default while a
merely unknown key (a newer field, a provider's extension) is a warning. Responses and
stream chunks never get it: what they hold, the API sent. Lower it with
`[tool.ortk.severity] ORT111 = "warning"`.

## Example
```json
{"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "hi"}], "temprature": 0}
```

Use instead:
```json
{"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "hi"}], "temperature": 0}
```
""",
}
