"""The model catalog: the bundled build is reproducible, slugs resolve as the routing
guides say, a bad catalog file is one clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.catalog import CatalogError, bundled_catalog, load_catalog, resolve
from toolkit.catalog.build import build_bundled
from toolkit.catalog.compact import catalog_date
from toolkit.catalog.load import BUNDLED

CATALOGS = Path(__file__).parent / "catalogs"
REASONING = CATALOGS / "reasoning-models.json"


def test_the_bundled_catalog_rebuilds_byte_for_byte(reference: Path) -> None:
    """`make catalog` from the reference response gives exactly the shipped file."""
    source = reference / "openrouter-models-2026-06-16.json"
    if not source.is_file():
        pytest.skip("the reference models response is not present")
    assert build_bundled(source) == BUNDLED.read_bytes()


def test_a_build_is_deterministic(tmp_path: Path) -> None:
    shuffled = json.loads(REASONING.read_text())
    shuffled["data"].reverse()
    for row in shuffled["data"]:
        row["supported_parameters"].reverse()
    copy = tmp_path / "models-2026-06-09.json"
    copy.write_text(json.dumps(shuffled))
    assert build_bundled(copy) != b""
    first = build_bundled(REASONING).split(b"\n", 1)[1]
    second = build_bundled(copy).split(b"\n", 1)[1]
    assert first == second  # (the header names the file and its hash; the models agree)


def test_the_bundled_catalog_says_its_date_and_size() -> None:
    catalog = bundled_catalog()
    assert catalog.date == "2026-06-16"
    assert len(catalog) == 337
    assert catalog.source == "bundled"
    gpt = catalog.get("openai/gpt-4o")
    assert gpt is not None and gpt.context_length == 128000 and "tools" in gpt.parameters


def test_the_date_comes_from_the_file_name_else_the_newest_model() -> None:
    response = {"data": [{"created": 1781631930}, {"created": 1700000000}]}
    assert catalog_date(response, "snapshot-2026-07-01.json") == "2026-07-01"
    assert catalog_date(response, "models.json") == "2026-06-16"
    assert catalog_date({"data": []}, None) == "unknown date"


@pytest.mark.parametrize(
    ("slug", "kind", "model", "variant", "suggestion"),
    [
        ("openai/gpt-4o", "model", "openai/gpt-4o", None, None),
        ("openai/gpt-4o:nitro", "model", "openai/gpt-4o", "nitro", None),
        ("openai/gpt-4o:floor", "model", "openai/gpt-4o", "floor", None),
        ("openai/gpt-4o:online", "model", "openai/gpt-4o", "online", None),
        ("openai/gpt-4o:exacto", "model", "openai/gpt-4o", "exacto", None),
        ("openai/gpt-oss-120b:free", "model", "openai/gpt-oss-120b:free", "free", None),
        ("openai/gpt-oss-120b:free:nitro", "model", "openai/gpt-oss-120b:free", "nitro", None),
        (
            "qwen/qwen-plus-2025-07-28:thinking",
            "model",
            "qwen/qwen-plus-2025-07-28:thinking",
            "thinking",
            None,
        ),
        ("openai/gpt-4o@preset/email", "model", "openai/gpt-4o", None, None),
        ("~anthropic/claude-opus-latest", "alias", "~anthropic/claude-opus-latest", None, None),
        ("openrouter/auto", "router", "openrouter/auto", None, None),
        ("openrouter/free", "router", "openrouter/free", None, None),
        ("openrouter/pareto-code:nitro", "router", "openrouter/pareto-code", "nitro", None),
        ("@preset/email-copywriter", "preset", None, None, None),
        # did-you-mean: a missing author prefix first, then case, a wrong author, a typo
        ("gpt-4o", "unknown", None, None, "openai/gpt-4o"),
        ("claude-sonnet-4", "unknown", None, None, "anthropic/claude-sonnet-4"),
        ("OpenAI/GPT-4o", "unknown", None, None, "openai/gpt-4o"),
        ("meta/llama-3.3-70b-instruct", "unknown", None, None, "meta-llama/llama-3.3-70b-instruct"),
        ("openai/gpt4o", "unknown", None, None, "openai/gpt-4o"),
        ("openai/gpt-4o:free", "unknown", None, "free", "openai/gpt-4o"),
        ("openai/gpt-4o:turbo", "unknown", None, None, "openai/gpt-4o"),
        ("nobody/nothing-at-all", "unknown", None, None, None),
        ("@preset/", "unknown", None, None, None),
    ],
)
def test_slugs_resolve_as_the_guides_say(
    slug: str, kind: str, model: str | None, variant: str | None, suggestion: str | None
) -> None:
    found = resolve(slug, bundled_catalog())
    assert found.kind == kind
    assert (found.model.id if found.model else None) == model
    assert found.variant == variant
    assert found.suggestion == suggestion
    if kind == "unknown":
        assert found.problem


def test_a_preset_on_a_model_keeps_both() -> None:
    found = resolve("openai/gpt-4o:nitro@preset/email", bundled_catalog())
    assert (found.kind, found.variant, found.preset) == ("model", "nitro", "email")


def test_a_raw_response_loads_with_its_reasoning_facts() -> None:
    catalog = load_catalog(REASONING)
    o3 = catalog.get("openai/o3")
    assert o3 is not None and o3.reasoning is not None
    assert o3.reasoning.mandatory and o3.reasoning.supported_efforts == ("high", "medium", "low")
    sonnet = catalog.get("anthropic/claude-sonnet-4")
    assert sonnet is not None and sonnet.reasoning is not None
    assert sonnet.reasoning.supports_max_tokens and sonnet.reasoning.supported_efforts is None


def test_a_catalog_file_is_read_once_per_process(tmp_path: Path) -> None:
    copy = tmp_path / "models.json"
    copy.write_bytes(REASONING.read_bytes())
    assert load_catalog(copy) is load_catalog(copy)
    rows = json.loads(copy.read_text())
    rows["data"] = rows["data"][:1]
    copy.write_text(json.dumps(rows))  # (a new size: read again)
    assert len(load_catalog(copy)) == 1


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"{not json", "is not valid JSON"),
        (b"[]", 'expected an object with a "data" array'),
        (b'{"data": [{"id": "x/y"}]}', 'data[0] (x/y): "canonical_slug" is a required property'),
        (b'{"data": "models"}', "data: "),
        (b'{"format": "ortk-catalog/1", "models": []}', "damaged compact catalog"),
    ],
)
def test_a_bad_catalog_file_is_one_clear_error(tmp_path: Path, content: bytes, says: str) -> None:
    bad = tmp_path / "models.json"
    bad.write_bytes(content)
    with pytest.raises(CatalogError, match=r"models\.json") as raised:
        load_catalog(bad)
    assert says in str(raised.value)


def test_a_missing_catalog_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"cannot read the model catalog .*missing\.json"):
        load_catalog(tmp_path / "missing.json")


def test_the_bundled_catalog_parses_a_record_when_asked_and_holds_the_same() -> None:
    """Each model's record is read on demand: the same ids in the same order, the same
    records, date and size as the whole file parsed at once."""
    from toolkit.catalog.load import _ModelLines

    lazy = bundled_catalog()
    whole = json.loads(BUNDLED.read_bytes())
    assert isinstance(lazy._records, _ModelLines)
    assert lazy.date == whole["date"] and lazy.source == "bundled"
    assert lazy.ids() == sorted(whole["models"]) and list(lazy._records) == list(whole["models"])
    assert len(lazy) == len(whole["models"]) and "openai/gpt-4o" in lazy
    assert {m: lazy.record(m) for m in lazy.ids()} == whole["models"]
    assert lazy.record("no/such-model") is None


@pytest.mark.parametrize(
    "text",
    [
        json.dumps({"format": "ortk-catalog/1", "date": "2026-01-01", "models": {"a/b": {}}}),
        '{"format": "ortk-catalog/1", "date": "2026-01-01", "models": {\n"a\\"b": {}\n}}\n',
        '{"format": "ortk-catalog/1", "date": "2026-01-01", "models": {\n}}\n',
        '{"format": "ortk-catalog/1", "date": 1, "models": {\n"a/b": {}\n}}\n',
        '{"format": "other", "date": "2026-01-01", "models": {\n"a/b": {}\n}}\n',
    ],
)
def test_a_catalog_laid_out_otherwise_is_read_whole(tmp_path: Path, text: str) -> None:
    from toolkit.catalog.load import _lazy_catalog

    file = tmp_path / "catalog.json"
    file.write_text(text)
    assert _lazy_catalog(file, "test") is None
    head = '{"format": "ortk-catalog/1", "date": "2026-01-01", "models": {\n'
    good = head + '"a/b": {"x":1},\n"c/d": {}\n}}\n'
    file.write_text(good)
    lazy = _lazy_catalog(file, "test")
    assert lazy is not None and lazy.ids() == ["a/b", "c/d"] and lazy.record("a/b") == {"x": 1}
    assert len(lazy) == 2 and "c/d" in lazy and lazy.record("c/d") == {}
    assert 'a/b": {"x' not in lazy and "a" not in lazy and lazy.get("b") is None
