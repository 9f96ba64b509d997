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
    return request.client.host if request.client else "unknown"


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
        access_token=issue_token(found.settings, user.username),
        expires_in=found.settings.token_minutes * 60,
    )
