"""Headers every answer carries: no sniffing of content types, no framing of the pages (a
visitor's page inside another site), no referrer leaking a path, and no caching of what was
read with a token (personal data must not stay in a shared phone's or proxy's cache).

Every HTML answer also carries a Content-Security-Policy: the phone pages that of
``maps.page_policy`` (only the project's own inline scripts run), the /docs page (Swagger UI,
served from the package) one that lets its inline start-up script run but loads nothing from
elsewhere."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from maps.page_policy import PHONE_PAGE_POLICY

_ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)
_STATIC_PREFIX = "/static/"
_DOCS_PREFIXES = ("/docs", "/redoc")
_DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        cacheable = path.startswith(_STATIC_PREFIX)
        policy = (_DOCS_POLICY if path.startswith(_DOCS_PREFIXES) else PHONE_PAGE_POLICY).encode()

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in _ALWAYS if name not in present]
                if not cacheable and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                if _is_html(headers) and b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", policy))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(
        name.lower() == b"content-type" and value.startswith(b"text/html")
        for name, value in headers
    )
