"""``POST /auth/token``: the OAuth2 password flow, giving a bearer token that expires."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.service.accounts import authenticate
from api.service.deps import ServicesDep, SessionDep
from api.service.security import issue_token

router = APIRouter(tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    """Seconds."""


def client_of(request: Request) -> str:
    """The address the login limit counts: the peer's, or, when the peer is a proxy the
    settings trust (``VISITPLAN_TRUSTED_PROXIES``), the last address it says it forwarded for.
    A forged ``X-Forwarded-For`` from anyone else changes nothing."""
    peer = request.client.host if request.client else "unknown"
    trusted = request.app.state.services.settings.trusted_proxy_addresses
    if peer not in trusted:
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed(hops):
        if hop and hop not in trusted:
            return hop
    return peer


@router.post("/auth/token", responses={401: {}, 429: {}})
def token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    found: ServicesDep,
    db: SessionDep,
) -> Token:
    """Log in with user name and password (form fields); use the token as ``Bearer``."""
    user = authenticate(found, db, form.username, form.password, client_of(request))
    return Token(
        access_token=issue_token(found.settings, user.username, user.token_stamp),
        expires_in=found.settings.token_minutes * 60,
    )
