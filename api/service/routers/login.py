"""The pages' login: ``GET /login`` shows the form, ``POST /login`` checks it (with the same
rate limit as ``/auth/token``) and sets the token as an HttpOnly, SameSite=Strict cookie,
``POST /logout`` removes it and revokes the account's tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.service.accounts import authenticate, revoke_tokens
from api.service.deps import (
    TOKEN_COOKIE,
    ServicesDep,
    SessionDep,
    bearer,
    require_same_origin,
)
from api.service.pages import render_login_page
from api.service.problems import ProblemError
from api.service.routers.auth import client_of
from api.service.security import issue_token, token_claims
from planner.io.page_words import page_text
from planner.io.words import service_text

router = APIRouter(tags=["login"])


@router.get("/login", response_class=HTMLResponse)
def login_form(found: ServicesDep) -> HTMLResponse:
    return HTMLResponse(render_login_page(lang=found.settings.lang, action="/login"))


@router.post("/login", response_class=HTMLResponse, responses={303: {}, 401: {}, 429: {}})
def log_in(
    request: Request,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=200)],
    found: ServicesDep,
    db: SessionDep,
) -> Response:
    lang = found.settings.lang
    try:
        user = authenticate(found, db, username, password, client_of(request))
    except ProblemError as error:
        words = (
            service_text("login_too_many", lang)
            if error.status == 429
            else page_text("login_failed", lang)
        )
        page = render_login_page(lang=lang, action="/login", error=words)
        return HTMLResponse(page, status_code=error.status)
    response = RedirectResponse("/me/today", status_code=303)
    response.set_cookie(
        TOKEN_COOKIE,
        issue_token(found.settings, user.username, user.token_stamp),
        max_age=found.settings.token_minutes * 60,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout", responses={303: {}})
def log_out(
    request: Request,
    found: ServicesDep,
    db: SessionDep,
    token: Annotated[str | None, Depends(bearer)],
) -> Response:
    """Log out: the cookie is removed and every token of the account stops working (on every
    device: the account's stamp changes)."""
    if not token and request.cookies.get(TOKEN_COOKIE):
        require_same_origin(request)
    claims = token_claims(found.settings, token or request.cookies.get(TOKEN_COOKIE) or "")
    if claims is not None:
        revoke_tokens(db, claims)
        db.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(TOKEN_COOKIE, path="/")
    return response
