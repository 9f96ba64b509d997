"""Request bodies within their limits: refused with 413 while they stream in, never read whole.

``BodyLimit`` is an ASGI middleware in front of every route, before any login is checked: an
import may send a file up to the upload limit, every other request a small JSON body. A
``Content-Length`` over the limit is refused before a byte is read, and a body that streams past
it (chunked, or lying about its length) is cut off at the limit and answered 413 (whatever the
route would have said of a body cut short). ``saved_upload`` then puts the file on disk under
its own suffix (CSV or XLSX), where the planner's readers take it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath

from fastapi import UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.service.problems import ProblemError, problem_response

MULTIPART_OVERHEAD_BYTES = 64 * 1024
"""Room for the multipart headers and boundaries around a file of the limit's size."""
UPLOAD_PREFIX = "/imports"


class BodyTooLargeError(Exception):
    pass


def too_large(limit: int) -> ProblemError:
    return ProblemError(
        413, f"the upload is larger than the limit of {limit / 1024 / 1024:g} MB: split the table"
    )


def body_too_large(limit: int) -> ProblemError:
    return ProblemError(
        413, f"the request body is larger than the limit of {limit / 1024:g} KB for this path"
    )


class BodyLimit:
    def __init__(self, app: ASGIApp, *, upload_limit_bytes: int, body_limit_bytes: int) -> None:
        self.app = app
        self.upload_limit = upload_limit_bytes
        self.body_limit = body_limit_bytes

    def _limit(self, scope: Scope) -> tuple[int, ProblemError]:
        if str(scope.get("path", "")).startswith(UPLOAD_PREFIX):
            return self.upload_limit + MULTIPART_OVERHEAD_BYTES, too_large(self.upload_limit)
        return self.body_limit, body_too_large(self.body_limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, refusal = self._limit(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(refusal, scope, receive, send)
            return
        seen = 0
        exceeded = False
        started = False

        async def counted() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded = True
                    raise BodyTooLargeError
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                # The route caught the cut-off body (a form parser answers 400): say why.
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await _refuse(refusal, scope, receive, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched_send)
        except BodyTooLargeError:
            if not started:
                await _refuse(refusal, scope, receive, send)


async def _refuse(error: ProblemError, scope: Scope, receive: Receive, send: Send) -> None:
    response = problem_response(error.status, error.detail, headers={"Connection": "close"})
    await response(scope, receive, send)


@contextmanager
def saved_upload(upload: UploadFile, limit_bytes: int) -> Iterator[tuple[Path, str]]:
    """The upload as a file on disk with its suffix, and the name messages call it by."""
    name = PurePath(upload.filename or "upload.csv").name or "upload.csv"
    suffix = PurePath(name).suffix.casefold()
    if upload.size is not None and upload.size > limit_bytes:
        raise too_large(limit_bytes)
    with tempfile.TemporaryDirectory(prefix="visitplan-upload-") as folder:
        path = Path(folder) / f"table{suffix}"
        with path.open("wb") as target:
            shutil.copyfileobj(upload.file, target)
        if path.stat().st_size > limit_bytes:
            raise too_large(limit_bytes)
        yield path, name
