"""The Content-Security-Policy of the phone pages (the visitor's day, the record form, the
login, the coordinator's dashboard): scripts from the page's own origin and the project's own
inline scripts, named by their SHA-256, nothing else. A script that found its way into a page's
markup would not run; styles may be inline (the tier badges and map markers carry their colour
in ``style``), and images and map tiles may come from any HTTPS server."""

from __future__ import annotations

import base64
import hashlib
from typing import Final

from maps import visitor_page
from maps.dashboard import DASHBOARD_SCRIPT
from maps.record_script import RECORD_SCRIPT

__all__ = ["PHONE_PAGE_POLICY", "script_hash"]


def script_hash(script: str) -> str:
    """A CSP source for an inline script: ``'sha256-...'`` of its text as the page holds it."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


_OWN_SCRIPTS: Final = (RECORD_SCRIPT, visitor_page._MAP_SCRIPT, DASHBOARD_SCRIPT)

PHONE_PAGE_POLICY: Final = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' " + " ".join(script_hash(script) for script in _OWN_SCRIPTS),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
