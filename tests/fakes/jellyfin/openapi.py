"""Validation of JSON against the official Jellyfin 10.11.0 OpenAPI spec, `$ref`s resolved.

Used by the fidelity tests to hold the fake to the real schemas. Strict everywhere the spec
is (additionalProperties: false, enums, nullability, formats) with one documented
exception: the real server writes GUIDs in .NET's "N" format (32 hex digits, no dashes),
which JSON Schema's `uuid` format rejects, so `uuid` accepts that form as well.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import Any

from jsonschema import FormatChecker
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests import specs

SPEC_PATH = Path(
    os.environ.get("REEL_JELLYFIN_OPENAPI", str(specs.SPECS / "jellyfin-openapi-10.11.0.json"))
)
_URN = "urn:jellyfin-openapi-10.11.0"
_GUID = re.compile(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _is_guid(value: object) -> bool:
    return not isinstance(value, str) or _GUID.fullmatch(value) is not None


def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    checker.checkers = dict(OAS30Validator.FORMAT_CHECKER.checkers)
    checker.checks("uuid")(_is_guid)
    return checker


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


class JellyfinSpec:
    """The spec document plus validators for its operations and schemas."""

    def __init__(self, path: Path = SPEC_PATH) -> None:
        """Load the spec (about 2 MB of JSON)."""
        self.doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(self.doc, default_specification=DRAFT4)
        self._registry: Registry[Any] = Registry().with_resource(_URN, resource)
        self._checker = _format_checker()

    def _validator(self, pointer: str) -> OAS30Validator:
        return OAS30Validator(
            {"$ref": f"{_URN}#/{pointer}"}, registry=self._registry, format_checker=self._checker
        )

    def operation(self, path: str, method: str) -> dict[str, Any]:
        """The operation object of a path template (e.g. "/Items/{itemId}") and method."""
        return self.doc["paths"][path][method.lower()]  # type: ignore[no-any-return]

    def validate_response(
        self, path: str, method: str, instance: Any, status: int | str = 200
    ) -> None:
        """Raise ValidationError unless `instance` fits the operation's JSON response schema."""
        content = self.operation(path, method)["responses"][str(status)]["content"]
        pointer = _pointer(
            "paths",
            path,
            method.lower(),
            "responses",
            str(status),
            "content",
            "application/json",
            "schema",
        )
        if "application/json" not in content:
            raise KeyError(f"{method} {path} {status} has no JSON response")
        self._raise_first(self._validator(pointer), instance)

    def validate_request(self, path: str, method: str, instance: Any) -> None:
        """Raise ValidationError unless `instance` fits the operation's JSON request body."""
        pointer = _pointer(
            "paths", path, method.lower(), "requestBody", "content", "application/json", "schema"
        )
        self._raise_first(self._validator(pointer), instance)

    def validate_schema(self, name: str, instance: Any) -> None:
        """Raise ValidationError unless `instance` fits components/schemas/`name`."""
        self._raise_first(self._validator(_pointer("components", "schemas", name)), instance)

    @staticmethod
    def _raise_first(validator: OAS30Validator, instance: Any) -> None:
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if errors:
            error = errors[0]
            where = "/".join(str(p) for p in error.absolute_path)
            raise ValidationError(f"{len(errors)} error(s); first at /{where}: {error.message}")


@functools.cache
def jellyfin_spec() -> JellyfinSpec:
    """The spec, loaded once per process."""
    return JellyfinSpec()
