"""What the catalog knows about one model, and the catalog itself.

A leaf of the catalog package: plain data, no I/O. The catalog keeps each model as
the compact record it was loaded from (`toolkit.catalog.compact`) and builds a
`ModelInfo` only for the models a run asks about.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

FORMAT = "ortk-catalog/1"  # the compact catalog's format tag (toolkit.catalog.compact)

# Routers pick a model per request, so a request is not checked against the router's row.
# Named in the routing guides (guides/routing/routers/: auto-router, free-router,
# pareto-router, fusion-router, body-builder); the catalog also marks router rows with a
# price of -1 ("variable"), which catches routers added after these guides.
KNOWN_ROUTERS = frozenset(
    {
        "openrouter/auto",
        "openrouter/auto-beta",
        "openrouter/free",
        "openrouter/pareto-code",
        "openrouter/fusion",
        "openrouter/fusion-flash",
        "openrouter/bodybuilder",
    }
)

# Plain classes, not dataclasses or NamedTuples: those cost a millisecond or more each to
# define, and this module is imported by every run whose requests name a model (the
# start-up budget of issue 16).


class Reasoning:
    """The catalog's `reasoning` object (OpenAPI `ModelReasoning`); absent for most rows."""

    __slots__ = ("mandatory", "supported_efforts", "supports_max_tokens")

    def __init__(
        self, mandatory: bool, supported_efforts: tuple[str, ...] | None, supports_max_tokens: bool
    ) -> None:
        self.mandatory = mandatory
        self.supported_efforts = supported_efforts  # None: every effort is accepted
        self.supports_max_tokens = supports_max_tokens

    def _key(self) -> tuple[Any, ...]:
        return (self.mandatory, self.supported_efforts, self.supports_max_tokens)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reasoning) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        efforts = ", ".join(self.supported_efforts) if self.supported_efforts else "any"
        budget = "yes" if self.supports_max_tokens else "no"
        return f"mandatory {str(self.mandatory).lower()}; efforts {efforts}; max_tokens {budget}"


class ModelInfo:
    """One model row: what the checks and `ortk models show` read."""

    __slots__ = (
        "alias_of",
        "context_length",
        "created",
        "expiration_date",
        "id",
        "input_modalities",
        "max_completion_tokens",
        "name",
        "output_modalities",
        "parameters",
        "reasoning",
        "router",
    )

    def __init__(
        self,
        id: str,
        name: str,
        context_length: int | None,
        max_completion_tokens: int | None,
        input_modalities: tuple[str, ...],
        output_modalities: tuple[str, ...],
        parameters: frozenset[str],
        reasoning: Reasoning | None,
        router: bool,
        alias_of: str | None,
        created: int | None,
        expiration_date: str | None,
    ) -> None:
        self.id = id
        self.name = name
        self.context_length = context_length
        self.max_completion_tokens = max_completion_tokens  # of the top provider
        self.input_modalities = input_modalities
        self.output_modalities = output_modalities
        self.parameters = parameters  # `supported_parameters`
        self.reasoning = reasoning
        self.router = router  # picks a model per request (openrouter/auto, ...)
        self.alias_of = alias_of  # the model a `~author/family-latest` row resolves to
        self.created = created
        self.expiration_date = expiration_date

    def __repr__(self) -> str:
        return f"ModelInfo({self.id!r})"

    @property
    def is_alias(self) -> bool:
        return self.id.startswith("~")

    def supports(self, parameter: str) -> bool:
        return parameter in self.parameters


def model_from_record(model_id: str, record: Mapping[str, Any]) -> ModelInfo:
    reasoning = record.get("reasoning")
    efforts = reasoning.get("supported_efforts") if reasoning else None
    return ModelInfo(
        id=model_id,
        name=record.get("name", model_id),
        context_length=record.get("context_length"),
        max_completion_tokens=record.get("max_completion_tokens"),
        input_modalities=tuple(record.get("input", ())),
        output_modalities=tuple(record.get("output", ())),
        parameters=frozenset(record.get("parameters", ())),
        reasoning=None
        if reasoning is None
        else Reasoning(
            mandatory=bool(reasoning.get("mandatory")),
            supported_efforts=None if efforts is None else tuple(efforts),
            supports_max_tokens=bool(reasoning.get("supports_max_tokens")),
        ),
        router=bool(record.get("router")),
        alias_of=record.get("alias_of"),
        created=record.get("created"),
        expiration_date=record.get("expiration_date"),
    )


class Catalog:
    """The models ortk checks requests against, with the date the verdicts depend on.

    `date` is an ISO date (``2026-06-16``); `source` says where the catalog came from
    (``bundled`` or a path).
    """

    __slots__ = ("_built", "_lowered", "_records", "date", "resolved", "source")

    def __init__(self, records: Mapping[str, Mapping[str, Any]], date: str, source: str) -> None:
        self._records = records
        self._built: dict[str, ModelInfo] = {}
        self._lowered: dict[str, str] | None = None
        # What each slug named so far resolved to (catalog.resolve fills it): every model
        # rule asks about the same few slugs, and an unknown one costs a did-you-mean.
        self.resolved: dict[str, Any] = {}
        self.date = date
        self.source = source

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, model_id: object) -> bool:
        return model_id in self._records

    def __iter__(self) -> Iterator[ModelInfo]:
        for model_id in sorted(self._records):
            info = self.get(model_id)
            assert info is not None
            yield info

    def ids(self) -> list[str]:
        return sorted(self._records)

    def get(self, model_id: str) -> ModelInfo | None:
        info = self._built.get(model_id)
        if info is None:
            record = self._records.get(model_id)
            if record is None:
                return None
            info = self._built[model_id] = model_from_record(model_id, record)
        return info

    def by_lowercase(self, slug: str) -> str | None:
        """The id spelled like `slug` up to case (model ids are lowercase; users are not)."""
        if self._lowered is None:
            self._lowered = {model_id.lower(): model_id for model_id in self._records}
        return self._lowered.get(slug.lower())

    def record(self, model_id: str) -> Mapping[str, Any] | None:
        return self._records.get(model_id)
