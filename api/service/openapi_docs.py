"""The OpenAPI schema as the service answers: every error is an RFC 9457 problem document.

FastAPI documents its own ``HTTPValidationError`` (``application/json``) for a 422; the service
sends ``application/problem+json`` for every refusal (``problems.py``). A client generated from
the schema, and schemathesis, must read what is really sent, so the schema is rewritten once:
the 422s and a ``default`` answer (every other refusal: 401, 403, 404, 409, 412, 413, 428, 429)
point to one ``Problem`` schema.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.service.problems import PROBLEM_JSON

_PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem document.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "For bad input: one item per problem (file, row, column, message) "
            "or per invalid field (location, message).",
            "items": {"type": "object"},
        },
    },
}
_PROBLEM_ANSWER: dict[str, Any] = {
    "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
}
_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options"})


def document_problems(app: FastAPI) -> None:
    """Make ``app.openapi()`` describe its error answers as problem documents."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = _with_problems(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _with_problems(schema: dict[str, Any]) -> dict[str, Any]:
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = _PROBLEM_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in _HTTP_METHODS:
                continue
            answers = operation.setdefault("responses", {})
            if "422" in answers:
                answers["422"] = {"description": "Bad input", **_PROBLEM_ANSWER}
            answers.setdefault("default", {"description": "A refusal", **_PROBLEM_ANSWER})
    return schema
