"""Uploads within the size limit: refused with 413 while they stream in, never read whole.

``UploadLimit`` is an ASGI middleware for the import paths: a ``Content-Length`` over the limit
is refused before a byte is read, and a body that streams past it (chunked, or lying about its
length) is cut off at the limit. ``saved_upload`` then puts the file on disk under its own
suffix (CSV or XLSX), where the planner's readers take it.
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


class BodyTooLargeError(Exception):
    pass


def too_large(limit: int) -> ProblemError:
    return ProblemError(
        413, f"the upload is larger than the limit of {limit / 1024 / 1024:g} MB: split the table"
    )


class UploadLimit:
    def __init__(self, app: ASGIApp, *, limit_bytes: int, path_prefix: str = "/imports") -> None:
        self.app = app
        self.limit = limit_bytes + MULTIPART_OVERHEAD_BYTES
        self.file_limit = limit_bytes
        self.prefix = path_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLargeError
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched_send)
        except BodyTooLargeError:
            if not started:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = too_large(self.file_limit)
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
