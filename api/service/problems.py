"""Every error as RFC 9457 ``application/problem+json``: status, title, detail, and for bad
input ``errors``, one item per problem (row, column, message) or per invalid field.

No traceback ever reaches a client: an unexpected exception is a 500 problem that says so,
and the server's log keeps the details.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from planner.io.tables import Problem

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_S = 5
"""What a 503 asks a client to wait before trying again."""
logger = logging.getLogger("visitplan.service")


class ProblemError(Exception):
    """Raised by the service's code for a refusal; rendered as a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: Sequence[dict[str, Any]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers


def not_found(what: str) -> ProblemError:
    """The one answer for what does not exist and for what is not the caller's to see."""
    return ProblemError(404, f"{what} not found")


def input_problems(problems: Sequence[Problem]) -> ProblemError:
    errors = [
        {"file": p.file, "row": p.row, "column": p.column, "message": p.message} for p in problems
    ]
    return ProblemError(
        422, f"the upload has {len(errors)} problem(s); nothing was imported", errors=errors
    )


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    errors: Sequence[dict[str, Any]] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = jsonable_encoder(list(errors))
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


_TRANSIENT = ("locked", "busy", "connection", "timeout", "terminating", "shutting down")


def _transient(error: OperationalError) -> bool:
    """Whether the database failed for now (busy, unreachable), not for good."""
    text = str(error.orig).lower()
    return error.connection_invalidated or any(word in text for word in _TRANSIENT)


def install_problem_handlers(app: FastAPI) -> None:
    async def on_problem(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ProblemError)
        return problem_response(
            error.status, error.detail, errors=error.errors, headers=error.headers
        )

    async def on_http(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        headers = dict(error.headers) if error.headers else None
        return problem_response(error.status_code, str(error.detail), headers=headers)

    async def on_validation(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        errors = [
            {"location": list(item["loc"]), "message": item["msg"]} for item in error.errors()
        ]
        return problem_response(422, "the request is not valid", errors=errors)

    async def on_data_error(_request: Request, error: Exception) -> JSONResponse:
        # What a database refuses to store (PostgreSQL: a NUL byte in text) is bad input.
        logger.warning("the database refused a value: %s", error)
        return problem_response(422, "a value holds characters the database cannot store")

    async def on_database_busy(request: Request, error: Exception) -> JSONResponse:
        # No connection in time (the pool's timeout), SQLite locked past its busy timeout,
        # PostgreSQL gone a moment: the request may succeed later, so say when to retry.
        if isinstance(error, OperationalError) and not _transient(error):
            return await on_anything(request, error)  # a missing table, say: a defect
        logger.warning("the database could not serve a request: %s", error)
        return problem_response(
            503,
            f"the database is busy: try again in {RETRY_AFTER_S} s",
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )

    async def on_anything(_request: Request, error: Exception) -> JSONResponse:
        logger.exception("internal error", exc_info=error)
        return problem_response(500, "internal error; it has been logged")

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(DataError, on_data_error)
    app.add_exception_handler(PoolTimeoutError, on_database_busy)
    app.add_exception_handler(OperationalError, on_database_busy)
    app.add_exception_handler(Exception, on_anything)
