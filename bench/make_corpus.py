#!/usr/bin/env python3
"""Deterministic benchmark corpus of OpenRouter chat-completions requests.

Standard library only, no network, a fixed seed: the same bytes on every run
(the digest printed at the end, and written beside the corpus, says so).

    python bench/make_corpus.py              # 2,000 files, about 37 MB, in bench/corpus/files
    python bench/make_corpus.py --files 200 --out /tmp/c
    python bench/make_corpus.py --mix warnings --out bench/corpus/warn-files
                                             # the warning-heavy corpus (bench/warning_mix.py)
    python bench/make_corpus.py --jsonl 300  # bench/corpus/jsonl/requests-300mb.jsonl
    python bench/make_corpus.py --check      # generate twice in memory, compare digests,
                                             # and compare with the files on disk if any

The mix (as in issue 5): simple chats, multi-turn conversations of 10-40
messages, full requests (tools, response_format, provider, plugins, reasoning),
a few large (~200 KB) ones; about 5% are invalid on purpose (temperature out of
range, a bad role, an unknown key, too many stop sequences, a wrong type, ...).
A manifest (`<out>.manifest.json`, outside the linted directory) lists which
files are invalid and why, and `<out>.jsonl` holds the same payloads, one compact line
each (the JSONL shape of the same work).

A JSONL file is a log of compact requests, one per line, from the same
generator; files of different sizes share a prefix (same seed), so a larger one
only has more records.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from model_fit import fit_model, load_catalog
from warning_mix import WarningMix

SEED = 20250505
JSONL_SEED = 20250506
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "corpus" / "files"
DEFAULT_JSONL_OUT = HERE / "corpus" / "jsonl"
INVALID_RATE = 0.05

# Shares of the file corpus, by kind; "large" is a fixed handful per 2,000 files.
MIX = {"simple": 0.38, "multi": 0.42, "full": 0.185}
LARGE_PER_2000 = 30

MODELS = [
    "openai/gpt-4o",
    "openai/gpt-4o-mini",
    "openai/gpt-4.1",
    "openai/o4-mini",
    "anthropic/claude-sonnet-4",
    "anthropic/claude-3.5-haiku",
    "google/gemini-2.5-flash",
    "google/gemini-2.5-pro",
    "meta-llama/llama-3.1-70b-instruct",
    "mistralai/mistral-large",
    "deepseek/deepseek-chat",
    "qwen/qwen-2.5-72b-instruct",
    "x-ai/grok-4.3",
    "openrouter/auto",
]
PROVIDERS = [
    "OpenAI",
    "Anthropic",
    "Google",
    "DeepInfra",
    "Together",
    "Fireworks",
    "Groq",
    "Mistral",
    "DeepSeek",
    "Azure",
    "Amazon Bedrock",
    "Cerebras",
    "deepinfra/turbo",
]
WORDS = """
the a of to and in is it that for on with as this be are by from at or an was can not we you
your our their they which will would should could may might more most some any each every
function request response model token tokens prompt context message messages user assistant
system tool tools call result value values list table report summary draft answer question data
file files path line lines error errors warning config setting settings option options price
cost latency throughput provider providers routing fallback cache stream streaming invoice
customer order orders shipping address payment refund account email support ticket weather
forecast city temperature humidity wind rain snow sunny cloudy tomorrow today week python
javascript rust go sql query index schema json yaml csv parse parser validate build test tests
deploy server client database latency memory thread process queue worker job please explain
describe compare translate summarize rewrite improve check review list write first second third
next last before after because however therefore also only just still quickly carefully clearly
briefly exactly roughly usually often never always sometimes café naïve Zürich São Paulo
München Kraków Ελλάδα Москва 東京 서울 مرحبا ✓ → — … €
""".split()  # noqa: SIM905
TOPICS = [
    "weather",
    "billing",
    "code review",
    "travel",
    "recipes",
    "SQL",
    "legal",
    "support",
    "translation",
    "math",
    "marketing",
    "data cleaning",
    "logistics",
    "HR policy",
]
FUNCTIONS = [
    (
        "get_weather",
        "Get the current weather for a location",
        {"location": ("string", "City name"), "unit": ("enum", ["celsius", "fahrenheit"])},
    ),
    (
        "search_orders",
        "Search a customer's orders",
        {
            "customer_id": ("string", "Customer id"),
            "status": ("enum", ["open", "shipped", "closed"]),
            "limit": ("integer", "Maximum results"),
        },
    ),
    (
        "create_ticket",
        "Open a support ticket",
        {
            "title": ("string", "Short title"),
            "body": ("string", "Full description"),
            "priority": ("enum", ["low", "normal", "high", "urgent"]),
        },
    ),
    ("run_sql", "Run a read-only SQL query", {"query": ("string", "SQL text")}),
    (
        "convert_currency",
        "Convert an amount between currencies",
        {
            "amount": ("number", "Amount"),
            "from": ("string", "ISO code"),
            "to": ("string", "ISO code"),
        },
    ),
    (
        "lookup_flight",
        "Find flights between two airports",
        {
            "origin": ("string", "IATA code"),
            "destination": ("string", "IATA code"),
            "date": ("string", "YYYY-MM-DD"),
        },
    ),
    (
        "send_email",
        "Send an email",
        {"to": ("string", "Address"), "subject": ("string", "Subject"), "body": ("string", "Body")},
    ),
    ("fetch_url", "Download a web page as text", {"url": ("string", "URL")}),
]


class Gen:
    """All randomness comes from one seeded `random.Random`; text from a fixed sentence pool."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.catalog = load_catalog()
        r = self.r
        self.sentences = []
        for _ in range(4000):
            words = r.choices(WORDS, k=r.randint(5, 22))
            words[0] = words[0].capitalize()
            self.sentences.append(" ".join(words) + r.choice(".......?!:"))

    # --- text -------------------------------------------------------------------------
    def text(self, min_chars: int, max_chars: int) -> str:
        r = self.r
        target = r.randint(min_chars, max_chars)
        parts: list[str] = []
        size = 0
        while size < target:
            chunk = " ".join(r.choices(self.sentences, k=r.randint(2, 6)))
            if r.random() < 0.08:
                chunk += '\n\n```python\ndef handler(event):\n    return {"ok": True}\n```'
            parts.append(chunk)
            size += len(chunk) + 2
        return "\n\n".join(parts)

    def short(self) -> str:
        return self.r.choice(self.sentences)

    # --- pieces -----------------------------------------------------------------------
    def sampling(self, request: dict) -> None:
        r = self.r
        if r.random() < 0.6:
            request["temperature"] = round(r.uniform(0, 1.5), 2)
        if r.random() < 0.25:
            request["top_p"] = round(r.uniform(0.5, 1), 2)
        if r.random() < 0.5:
            request["max_completion_tokens"] = r.choice([64, 256, 512, 1024, 2048, 4096])
        if r.random() < 0.1:
            request["seed"] = r.randint(0, 2**31)
        if r.random() < 0.15:
            request["stop"] = r.sample(
                ["\n\n", "###", "END", "</answer>", "Observation:"], r.randint(1, 4)
            )
        if r.random() < 0.1:
            request["frequency_penalty"] = round(r.uniform(-1, 1), 2)
        if r.random() < 0.2:
            request["user"] = f"user-{r.randint(1, 99999):05d}"

    def system(self) -> dict:
        return {"role": "system", "content": self.text(60, 900)}

    def user_message(self, long: bool = False) -> dict:
        r = self.r
        content: object = self.text(200, 2000) if long else self.text(20, 500)
        if r.random() < 0.08:
            content = [
                {"type": "text", "text": self.text(20, 300)},
                {
                    "type": "image_url",
                    "image_url": {
                        "url": f"https://example.com/img/{r.randint(1, 9999)}.png",
                        "detail": r.choice(["auto", "low", "high"]),
                    },
                },
            ]
        return {"role": "user", "content": content}

    def assistant_message(self) -> dict:
        return {"role": "assistant", "content": self.text(200, 3400)}

    def tool(self, spec: tuple) -> dict:
        name, description, params = spec
        properties = {}
        for key, (kind, detail) in params.items():
            if kind == "enum":
                properties[key] = {"type": "string", "enum": detail}
            else:
                properties[key] = {"type": kind, "description": detail}
        return {
            "type": "function",
            "function": {
                "name": name,
                "description": description,
                "parameters": {
                    "type": "object",
                    "properties": properties,
                    "required": [next(iter(params))],
                },
            },
        }

    def tool_exchange(self, spec: tuple, number: int) -> list[dict]:
        r = self.r
        name, _, params = spec
        call_id = f"call_{number}_{r.randint(1000, 9999)}"
        arguments = {
            key: (
                r.choice(detail)
                if kind == "enum"
                else r.randint(1, 50)
                if kind in ("integer", "number")
                else r.choice(WORDS)
            )
            for key, (kind, detail) in params.items()
        }
        return [
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": call_id,
                        "type": "function",
                        "function": {
                            "name": name,
                            "arguments": json.dumps(arguments, ensure_ascii=False),
                        },
                    }
                ],
            },
            {
                "role": "tool",
                "tool_call_id": call_id,
                "content": json.dumps({"result": self.text(40, 600)}, ensure_ascii=False),
            },
        ]

    def answer_format(self, strict: bool) -> dict:
        """Structured output; when strict, every property is required (nullable if optional)."""
        sources: dict = {"type": "array", "items": {"type": "string"}}
        if strict:
            sources["type"] = ["array", "null"]
        return {
            "type": "json_schema",
            "json_schema": {
                "name": "answer",
                "strict": strict,
                "schema": {
                    "type": "object",
                    "properties": {
                        "answer": {"type": "string"},
                        "confidence": {"type": "number"},
                        "sources": sources,
                    },
                    "required": ["answer", "confidence"] + (["sources"] if strict else []),
                    "additionalProperties": False,
                },
            },
        }

    def conversation(self, turns: int, long: bool = False) -> list[dict]:
        messages: list[dict] = []
        if self.r.random() < 0.8:
            messages.append(self.system())
        while len(messages) < turns - 1:
            messages.append(self.user_message(long))
            messages.append(self.assistant_message())
        messages.append(self.user_message(long))
        return messages

    # --- request kinds ----------------------------------------------------------------
    def simple(self) -> dict:
        r = self.r
        messages = [self.system()] if r.random() < 0.6 else []
        messages.append(self.user_message())
        request = {"model": r.choice(MODELS), "messages": messages}
        self.sampling(request)
        if r.random() < 0.1:
            request["stream"] = True
        return request

    def multi(self) -> dict:
        r = self.r
        request = {"model": r.choice(MODELS), "messages": self.conversation(r.randint(10, 40))}
        self.sampling(request)
        return request

    def full(self) -> dict:
        r = self.r
        specs = r.sample(FUNCTIONS, r.randint(1, 6))
        messages = self.conversation(r.choice([1, 2, 4, 6, 8]))
        for number, spec in enumerate(specs[: r.randint(0, len(specs))]):
            messages[-1:-1] = self.tool_exchange(spec, number)
        request: dict = {
            "model": r.choice(MODELS),
            "messages": messages,
            "tools": [self.tool(spec) for spec in specs],
        }
        request["tool_choice"] = r.choice(
            [
                "auto",
                "auto",
                "required",
                "none",
                {"type": "function", "function": {"name": specs[0][0]}},
            ]
        )
        if r.random() < 0.5:
            request["response_format"] = r.choice(
                [
                    {"type": "json_object"},
                    self.answer_format(strict=r.random() < 0.7),
                ]
            )
        provider: dict = {
            "sort": r.choice(["price", "throughput", "latency"]),
            "allow_fallbacks": r.random() < 0.8,
        }
        if r.random() < 0.5:
            provider["order"] = r.sample(PROVIDERS, r.randint(1, 4))
        if r.random() < 0.3:
            provider["data_collection"] = "deny"
        if r.random() < 0.3:
            provider["quantizations"] = r.sample(["fp8", "bf16", "fp16", "int8"], 2)
        if r.random() < 0.2:
            provider["max_price"] = {"prompt": 1, "completion": r.choice([2, 4, 8])}
        request["provider"] = provider
        plugins = []
        if r.random() < 0.5:
            plugins.append(
                {
                    "id": "web",
                    "max_results": r.randint(1, 10),
                    "engine": r.choice(["native", "exa"]),
                }
            )
        if r.random() < 0.3:
            plugins.append(
                {"id": "file-parser", "pdf": {"engine": r.choice(["mistral-ocr", "native"])}}
            )
        if r.random() < 0.3:
            plugins.append({"id": "response-healing"})
        if plugins:
            request["plugins"] = plugins
        if r.random() < 0.3:
            request["reasoning"] = {"effort": r.choice(["low", "medium", "high"])}
        if r.random() < 0.3:
            request["metadata"] = {"team": r.choice(TOPICS), "env": r.choice(["prod", "staging"])}
        if r.random() < 0.2:
            request["session_id"] = f"sess-{r.randint(0, 10**9)}"
        if r.random() < 0.2:
            request["parallel_tool_calls"] = r.random() < 0.5
        self.sampling(request)
        return request

    def large(self) -> dict:
        r = self.r
        if r.random() < 0.5:  # one pasted document
            document = self.text(180_000, 200_000)
            messages = [
                self.system(),
                {
                    "role": "user",
                    "content": f"Summarize this {r.choice(TOPICS)} document:\n\n{document}",
                },
            ]
        else:  # a very long conversation
            messages = self.conversation(r.randint(120, 160))
            while len(json.dumps(messages, ensure_ascii=False)) < 185_000:
                messages[-1:-1] = [self.user_message(), self.assistant_message()]
        request = {"model": r.choice(MODELS), "messages": messages}
        self.sampling(request)
        return request

    # --- invalid payloads -------------------------------------------------------------
    def break_it(self, request: dict) -> str:
        """Make one realistic mistake; return what it is."""
        r = self.r
        mistake = r.choice(
            [
                "temperature",
                "top_p",
                "role",
                "unknown-key",
                "stop",
                "type",
                "missing-content",
                "empty-messages",
                "function-name",
                "sort",
            ]
        )
        messages = request["messages"]
        if mistake == "temperature":
            request["temperature"] = r.choice([2.5, -0.2, 3, 10])
        elif mistake == "top_p":
            request["top_p"] = r.choice([1.5, -1, 2])
        elif mistake == "role":
            messages[r.randrange(len(messages))]["role"] = r.choice(["bot", "System", "human"])
        elif mistake == "unknown-key":
            request[r.choice(["temprature", "max_token", "top-p", "stream_option"])] = 1
        elif mistake == "stop":
            request["stop"] = ["\n\n", "###", "END", "STOP", "---", "</s>"][: r.randint(5, 6)]
        elif mistake == "type":
            request["max_completion_tokens"] = r.choice(["256", 12.5, True])
        elif mistake == "missing-content":
            messages[-1].pop("content", None)
        elif mistake == "empty-messages":
            request["messages"] = []
        elif mistake == "function-name":
            request["tools"] = [
                self.tool(("get weather", "Get the weather", {"city": ("string", "City")}))
            ]
        elif mistake == "sort":
            request["provider"] = {"sort": "cheapest"}
        return mistake

    def request(self, kind: str, broken: bool | None = None) -> tuple[dict, str | None]:
        """A request of `kind`; broken on purpose when asked (None: at the INVALID_RATE)."""
        request = getattr(self, kind)()
        fit_model(request, MODELS, self.catalog, self.r)
        if broken is None:
            broken = self.r.random() < INVALID_RATE
        return request, (self.break_it(request) if broken else None)


def kinds_for(files: int, seed: int) -> list[str]:
    large = max(1, round(files * LARGE_PER_2000 / 2000)) if files >= 20 else 0
    counts = {kind: round(files * share) for kind, share in MIX.items()}
    counts["large"] = large
    counts["simple"] += files - sum(counts.values())
    kinds = [kind for kind, n in counts.items() for _ in range(n)]
    random.Random(seed).shuffle(kinds)
    return kinds


def generate_files(
    files: int, seed: int = SEED, mix: str = "clean"
) -> Iterator[tuple[str, bytes, str, str | None]]:
    """(name, bytes, kind, mistake) for every file of the corpus, in order; with the
    "warnings" mix, the same requests plus the common mistakes of `warning_mix`."""
    gen = Gen(seed)
    warnings = WarningMix() if mix == "warnings" else None
    broken = set(random.Random(seed + 1).sample(range(files), round(files * INVALID_RATE)))
    for index, kind in enumerate(kinds_for(files, seed)):
        request, mistake = gen.request(kind, index in broken)
        if warnings is not None:
            warnings.apply(request)
        if gen.r.random() < 0.8:
            text = json.dumps(request, indent=2, ensure_ascii=False) + "\n"
        else:
            text = json.dumps(request, ensure_ascii=False, separators=(", ", ": ")) + "\n"
        yield f"{index:05d}-{kind}.json", text.encode("utf-8"), kind, mistake


def generate_jsonl(size_bytes: int, seed: int = JSONL_SEED) -> Iterator[bytes]:
    """Lines (compact requests) until `size_bytes` are reached; a bigger size extends a smaller."""
    gen = Gen(seed)
    weights = [0.45, 0.35, 0.195, 0.005]
    written = 0
    while written < size_bytes:
        kind = gen.r.choices(["simple", "multi", "full", "large"], weights)[0]
        request, _ = gen.request(kind)
        line = (json.dumps(request, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        written += len(line)
        yield line


def digest_of(entries: Iterator[tuple[str, bytes]]) -> tuple[str, int, int]:
    h = hashlib.sha256()
    count = total = 0
    for name, data in entries:
        h.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
        count += 1
        total += len(data)
    return h.hexdigest(), count, total


def write_files(out: Path, files: int, mix: str = "clean") -> dict:
    """The files, their manifest, and `<out>.jsonl`: the same payloads, one compact line
    each (both beside `out`, outside the linted directory)."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.json"):
        stale.unlink()
    h = hashlib.sha256()
    total = 0
    counts: dict[str, int] = {}
    invalid: dict[str, str] = {}
    lines = open(jsonl_path(out), "wb")  # noqa: SIM115 (closed below, after the loop)
    for name, data, kind, mistake in generate_files(files, mix=mix):
        (out / name).write_bytes(data)
        compact = json.dumps(json.loads(data), ensure_ascii=False, separators=(",", ":"))
        lines.write(compact.encode() + b"\n")
        h.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
        total += len(data)
        counts[kind] = counts.get(kind, 0) + 1
        if mistake:
            invalid[name] = mistake
    lines.close()
    manifest = {
        "seed": SEED,
        "mix": mix,
        "files": files,
        "bytes": total,
        "sha256": h.hexdigest(),
        "kinds": counts,
        "invalid": invalid,
    }
    manifest_path(out).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def manifest_path(out: Path) -> Path:
    return out.with_name(out.name + ".manifest.json")


def jsonl_path(out: Path) -> Path:
    return out.with_name(out.name + ".jsonl")


def write_jsonl(out: Path, size_mb: float) -> tuple[Path, int, int, str]:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"requests-{size_mb:g}mb.jsonl"
    h = hashlib.sha256()
    records = total = 0
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as handle:
        for line in generate_jsonl(int(size_mb * 1_000_000)):
            handle.write(line)
            h.update(line)
            records += 1
            total += len(line)
    os.replace(tmp, path)
    return path, records, total, h.hexdigest()


def check(out: Path, files: int) -> int:
    first = digest_of((n, d) for n, d, _, _ in generate_files(files))
    second = digest_of((n, d) for n, d, _, _ in generate_files(files))
    print(f"generated twice: {first[0]} and {second[0]} ({first[1]} files, {first[2]:,} bytes)")
    ok = first == second
    small = [digest_of(iter([(str(i), line)])) for i, line in enumerate(generate_jsonl(200_000))]
    again = [digest_of(iter([(str(i), line)])) for i, line in enumerate(generate_jsonl(400_000))]
    ok = ok and again[: len(small)] == small
    print(f"jsonl: a 0.4 MB stream starts with the 0.2 MB one: {again[: len(small)] == small}")
    if manifest_path(out).exists():
        manifest = json.loads(manifest_path(out).read_text())
        on_disk = digest_of((p.name, p.read_bytes()) for p in sorted(out.glob("*.json")))
        same = manifest["files"] != files or on_disk[0] == first[0]
        print(f"on disk ({out}): {on_disk[0]} -> {'same' if same else 'DIFFERENT'}")
        ok = ok and same
    print("OK: deterministic" if ok else "FAIL: not deterministic")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000, help="number of files (default 2000)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"output directory (default {DEFAULT_OUT.relative_to(HERE.parent)}"
        f" or, with --jsonl, {DEFAULT_JSONL_OUT.relative_to(HERE.parent)})",
    )
    parser.add_argument(
        "--jsonl",
        type=float,
        metavar="SIZE_MB",
        help="write one JSONL file of about SIZE_MB megabytes (10^6 bytes) instead",
    )
    parser.add_argument(
        "--mix",
        choices=["clean", "warnings"],
        default="clean",
        help="clean: 95%% clean requests; warnings: the same plus the common mistakes "
        "of bench/warning_mix.py (files only)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="generate twice in memory and compare (and with the files on disk)",
    )
    args = parser.parse_args(argv)
    if args.check:
        return check(args.out or DEFAULT_OUT, args.files)
    if args.jsonl:
        path, records, total, digest = write_jsonl(args.out or DEFAULT_JSONL_OUT, args.jsonl)
        print(f"{path}: {records:,} records, {total:,} bytes, sha256 {digest}")
        return 0
    out = args.out or DEFAULT_OUT
    manifest = write_files(out, args.files, args.mix)
    print(
        f"{out}: {manifest['files']} files, {manifest['bytes']:,} bytes, "
        f"{len(manifest['invalid'])} invalid, kinds {manifest['kinds']}"
    )
    print(f"sha256 {manifest['sha256']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
