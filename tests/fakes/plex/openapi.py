"""Validation of the fake's JSON against the community Plex OpenAPI specs, `$ref`s resolved.

`plex-api-spec-1.1.1.yaml` (OpenAPI 3.1) covers PMS and part of plex.tv; the older
`plex-api-spec-0.0.3-dereferenced.yaml` still has plex.tv's `/pins`, `/pins/{pinID}`,
`/library/metadata/{ratingKey}/children` and the Marker schema. Both are built from observed
traffic and have errors; the ones this fake hits are corrected in SPEC_ERRATA, each with
the evidence (a real PMS capture in shared/specs/fixtures or what plexapi parses), and are
never silently loosened.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from jsonschema import FormatChecker
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests import specs

SPECS = Path(os.environ.get("REEL_PLEX_SPECS", str(specs.SPECS)))
CURRENT, LEGACY = "plex-api-spec-1.1.1.yaml", "plex-api-spec-0.0.3-dereferenced.yaml"


def _drop_required(schema: dict[str, Any], name: str) -> None:
    schema["required"] = [r for r in schema["required"] if r != name]


def _stream_key(doc: dict[str, Any]) -> None:
    # 1.1.1 requires `key` on every Stream, but only sidecar (external) subtitle streams
    # have one: the real PMS streams in fixtures/plex/ha_plex_library_metadata_movie_1.xml
    # (video, audio and an embedded srt) carry none, and plexapi's MediaPartStream reads
    # `key` as optional.
    _drop_required(doc["components"]["schemas"]["Stream"], "key")


def _section_hidden(doc: dict[str, Any]) -> None:
    # 1.1.1 types a section's `hidden` as boolean, but it is Plex's three-way library
    # visibility (0 shown, 1 hidden from home, 2 hidden from home and search): 0.0.3, built
    # from captured traffic, has it as the integer enum 0/1/2, and the real capture
    # fixtures/plex/ha_plex_library_sections.xml has hidden="0" and hidden="1".
    doc["components"]["schemas"]["LibrarySection"]["properties"]["hidden"] = {
        "type": "integer",
        "enum": [0, 1, 2],
    }


# (spec file, correction) pairs; each correction documents its evidence.
SPEC_ERRATA: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    (CURRENT, _stream_key),
    (CURRENT, _section_hidden),
]


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


class PlexSpec:
    """One spec document plus validators for its operations and schemas."""

    def __init__(self, name: str) -> None:
        """Load and correct a spec (PyYAML's C loader parses the 1 MB file in ~0.5 s)."""
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        with (SPECS / name).open(encoding="utf-8") as f:
            self.doc: dict[str, Any] = yaml.load(f, Loader=loader)  # a safe loader
        for spec, fix in SPEC_ERRATA:
            if spec == name:
                fix(self.doc)
        self.urn = f"urn:plex-spec:{name}"
        resource = Resource.from_contents(self.doc, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(self.urn, resource)
        self._checker = FormatChecker()
        self._checker.checkers = dict(OAS31Validator.FORMAT_CHECKER.checkers)

    def operation(self, path: str, method: str) -> dict[str, Any]:
        """The operation object of a path template and method."""
        return self.doc["paths"][path][method.lower()]  # type: ignore[no-any-return]

    def _response_pointer(self, path: str, method: str, status: int | str) -> str:
        response = self.operation(path, method)["responses"][str(status)]
        parts = ["paths", path, method.lower(), "responses", str(status)]
        if "$ref" in response:  # a shared response under components/responses
            parts = response["$ref"].lstrip("#/").split("/")
            response = self.doc["components"]["responses"][parts[-1]]
        content = response.get("content", {})
        if "application/json" not in content:
            raise KeyError(f"{method} {path} {status} has no JSON response")
        return _pointer(*parts, "content", "application/json", "schema")

    def validate_response(
        self, path: str, method: str, instance: Any, status: int | str = 200
    ) -> None:
        """Raise ValidationError unless `instance` fits the operation's JSON response."""
        self.validate_pointer(self._response_pointer(path, method, status), instance)

    def validate_pointer(self, pointer: str, instance: Any) -> None:
        """Raise ValidationError unless `instance` fits the schema at a JSON pointer."""
        validator = OAS31Validator(
            {"$ref": f"{self.urn}#/{pointer}"}, registry=self._registry,
            format_checker=self._checker,
        )  # fmt: skip
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if errors:
            error = errors[0]
            where = "/".join(str(p) for p in error.absolute_path)
            raise ValidationError(f"{len(errors)} error(s); first at /{where}: {error.message}")

    def validate_schema(self, name: str, instance: Any) -> None:
        """Raise ValidationError unless `instance` fits components/schemas/`name`."""
        self.validate_pointer(_pointer("components", "schemas", name), instance)


@functools.cache
def current_spec() -> PlexSpec:
    """plex-api-spec 1.1.1, loaded once per process."""
    return PlexSpec(CURRENT)


@functools.cache
def legacy_spec() -> PlexSpec:
    """plex-api-spec 0.0.3 (dereferenced), loaded once per process."""
    return PlexSpec(LEGACY)
