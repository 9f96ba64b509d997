"""The request's dependencies: settings, a database session, and who is asking.

The token comes from ``Authorization: Bearer`` (the API) or from the HttpOnly, SameSite=Strict
cookie that ``POST /login`` sets (the pages a visitor opens on a phone).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Path, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.service.models import User, VisitorRow
from api.service.problems import ProblemError
from api.service.security import LoginLimiter, token_claims
from api.service.settings import Settings
from planner.policy import Policy

TOKEN_COOKIE = "visitplan_token"
COORDINATOR, VISITOR, AUDITOR = "coordinator", "visitor", "auditor"
ROLES = (COORDINATOR, VISITOR, AUDITOR)

bearer = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)


@dataclass(frozen=True)
class Services:
    """What the app holds for its requests (``app.state.services``)."""

    settings: Settings
    sessions: sessionmaker[Session]
    login_limiter: LoginLimiter
    policy: Policy


@dataclass(frozen=True)
class Principal:
    """The logged-in user, as the checks need them."""

    username: str
    role: str
    town: str | None
    visitor_id: str | None

    @property
    def is_coordinator(self) -> bool:
        return self.role == COORDINATOR

    @property
    def is_visitor(self) -> bool:
        return self.role == VISITOR

    @property
    def is_auditor(self) -> bool:
        return self.role == AUDITOR

    def sees_town(self, town: str | None) -> bool:
        """Coordinators of one town see that town; district coordinators and auditors all."""
        if self.is_visitor:
            return False
        return self.town is None or self.town == town


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(services)]


def session(found: ServicesDep) -> Iterator[Session]:
    with found.sessions() as opened:
        yield opened


SessionDep = Annotated[Session, Depends(session)]

UNAUTHENTICATED = ProblemError(
    401, "log in first: send a bearer token", headers={"WWW-Authenticate": "Bearer"}
)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def require_same_origin(request: Request) -> None:
    """A change sent with the login cookie must come from this site's own pages: its
    ``Origin`` (or, without one, its ``Referer``) names this host and port. A browser sends the
    cookie from a page on another port of the same host too (same-site), never a forged
    ``Origin``; bearer-token calls carry no cookie and need no such check."""
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    host = request.headers.get("host", "")
    if not host or urlsplit(source).netloc != host:
        raise ProblemError(
            403,
            "a change sent with the login cookie must come from this site's own pages (its "
            "Origin header names another site or none): reload the page and try again",
        )


REVOKED = ProblemError(
    401,
    "the token is invalid, has expired or was revoked (a logout, a new password, an account "
    "disabled or deleted): log in again",
    headers={"WWW-Authenticate": "Bearer"},
)


def current_user(
    request: Request,
    found: ServicesDep,
    db: SessionDep,
    token: Annotated[str | None, Depends(bearer)],
) -> Principal:
    if not token:
        token = request.cookies.get(TOKEN_COOKIE)
        if token and request.method not in SAFE_METHODS:
            require_same_origin(request)
    if not token:
        raise UNAUTHENTICATED
    claims = token_claims(found.settings, token)
    if claims is None:
        raise REVOKED
    user = db.scalars(select(User).where(User.username == claims.username)).first()
    if user is None or user.disabled or user.token_stamp != claims.stamp:
        raise REVOKED
    if user.role == VISITOR and (
        user.visitor_id is None or db.get(VisitorRow, user.visitor_id) is None
    ):
        raise ProblemError(
            403,
            f"visitor {user.visitor_id} is no longer in the visitors table: ask the "
            "coordinator to import you again or to remove this account",
        )
    return Principal(user.username, user.role, user.town, user.visitor_id)


CurrentUser = Annotated[Principal, Depends(current_user)]


def coordinator(user: CurrentUser) -> Principal:
    if not user.is_coordinator:
        raise ProblemError(403, f"only a coordinator may do this; you are {user.role}")
    return user


Coordinator = Annotated[Principal, Depends(coordinator)]


def reader(user: CurrentUser) -> Principal:
    """Coordinators and auditors: who reads plans of towns."""
    if user.is_visitor:
        raise ProblemError(403, "visitors read their own day at /me/today, not whole plans")
    return user


Reader = Annotated[Principal, Depends(reader)]


def visitor(user: CurrentUser) -> Principal:
    if not user.is_visitor or user.visitor_id is None:
        raise ProblemError(403, f"only a visitor may do this; you are {user.role}")
    return user


Visitor = Annotated[Principal, Depends(visitor)]

# A row id in a path: within what every database stores in an integer key (PostgreSQL's
# `integer` is 32 bits), so that a huge number is a 422 and never a driver's overflow.
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]

# An elder or visitor id in a path: as long as the database keeps them.
IdPath = Annotated[str, Path(min_length=1, max_length=64)]
