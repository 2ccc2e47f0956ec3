"""The base classes of the generated models (`toolkit.models`): how they read, dump and warn.

`ortk generate` makes every generated model a `PayloadModel`, or a `ClosedModel` where the
schema closes the object (`additionalProperties: false`), and marks with `NON_NULL` the
optional fields whose schema does not admit null. Together they give what users of
openai-python expect:

- An absent optional field reads as `None` (`if chunk.usage:` works) and stays absent in
  the dump; a field set to `None` on purpose (where the schema allows null) is dumped as
  `null`. An explicit `null` where the schema does not allow it is refused, as by the API.
- The default `model_dump()` / `model_dump_json()` is the wire format: keys by alias
  (`schema`, not `schema_`), absent fields left out, the `role`/`type` discriminators in.
  Both spellings of an aliased field are accepted when building or parsing.
- An unknown key is kept (the linter calls it a warning, ORT101, not an error) but never
  sent silently: dumping it raises an `UnknownFieldWarning` naming the key and the
  likely spelling (pyright flags `ChatRequest(temprature=...)` before it runs).
"""

from __future__ import annotations

import warnings
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from pydantic_core import core_schema

__all__ = ["NON_NULL", "ClosedModel", "PayloadModel", "UnknownFieldWarning"]


class UnknownFieldWarning(UserWarning):
    """A model got a key its schema does not define (ORT101): it is kept and sent as is."""


class _NonNull:
    """Validates `X | None` as `X`: null is refused in pydantic-core (no Python call per
    value) with pydantic's own message, and the model's JSON Schema says what the source
    schema says. Defaults are not validated, so absent still reads None."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        members = tuple(a for a in get_args(source) if a is not type(None))
        if not members:
            return handler(source)
        return handler(members[0] if len(members) == 1 else Union[members])  # noqa: UP007

    def __repr__(self) -> str:
        return "NON_NULL"


def _is_none(value: Any) -> bool:
    return value is None


# A field's None is then its absence, so it is never serialized (the serializer of `X`
# would warn about it); one `Annotated` item carries both halves.
NON_NULL = Field(exclude_if=_is_none)
NON_NULL.metadata.append(_NonNull())
"""Marks an optional field that defaults to None but whose schema does not admit null."""


class PayloadModel(BaseModel):
    """Base of every generated model; the object may hold keys the schema does not list."""

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

    @model_serializer(mode="wrap")
    def _wire_format(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _without_absent_fields(self, handler(self))


def _without_absent_fields(model: BaseModel, data: dict[str, Any]) -> dict[str, Any]:
    """Leave out the optional fields nobody set: absent in, absent out."""
    for name, alias in _optional_fields(type(model)):
        if name not in model.__pydantic_fields_set__:
            data.pop(alias, None)
            data.pop(name, None)
    return data


@cache
def _optional_fields(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(name, alias) of the optional fields: absent from the payload unless set. The one
    exception is a discriminator (`role: Literal["user"] = "user"`), which is always sent."""
    return tuple(
        (name, field.alias or name)
        for name, field in cls.model_fields.items()
        if not field.is_required() and not _is_discriminator(field.annotation, field.default)
    )


def _is_discriminator(annotation: Any, default: Any) -> bool:
    return get_origin(annotation) is Literal and get_args(annotation) == (default,)


class ClosedModel(PayloadModel):
    """Base of the models whose schema lists every key (`additionalProperties: false`).

    An unknown key is kept, and it warns when it is sent (dumped), not when it is parsed:
    a key kept from a payload that is only read costs nothing, and a branch pydantic tries
    and drops while it picks the member of a union never warns.
    """

    @model_serializer(mode="wrap")
    def _wire_format(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = _without_absent_fields(self, handler(self))
        if self.__pydantic_extra__:
            for key in self.__pydantic_extra__:
                if key in data:
                    _warn_unknown(type(self), key)
        return data


def _warn_unknown(cls: type[BaseModel], key: str) -> None:
    from toolkit.validation.suggest import closest

    names = [spelling for name, f in cls.model_fields.items() for spelling in (name, f.alias)]
    guess = closest(key, [n for n in names if n])
    hint = f" (did you mean {guess!r}?)" if guess else ""
    # live 400 `Unrecognized key(s) in object: ...` inside `provider`; elsewhere unknown
    fate = (
        "the API rejects unknown keys there (ORT110)"
        if cls.__name__ == "ProviderPreferences"
        else "ortk reports it (ORT101)"
    )
    warnings.warn(
        f"{cls.__name__} has no field {key!r}{hint}: it is sent as is, and {fate}",
        UnknownFieldWarning,
        stacklevel=4,
    )
