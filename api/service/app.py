"""The FastAPI application: routers, problem documents, the upload limit, and the state the
requests share (settings, the database's sessions, the login limiter)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from api.service import accounts
from api.service.admission import Admission
from api.service.db import POOL_TIMEOUT_S, REQUESTS_AT_ONCE, make_engine, session_factory
from api.service.deps import Services
from api.service.headers import SecurityHeaders
from api.service.openapi_docs import document_problems
from api.service.pages import LEAFLET_DIR, STATIC_LEAFLET
from api.service.problems import install_problem_handlers
from api.service.routers import (
    auth,
    away,
    edits,
    elders,
    followups,
    forms,
    imports,
    login,
    me,
    plans,
    profiles,
    proofs,
    record_imports,
    reports,
    spot_checks,
    surges,
    visitors,
    visits,
)
from api.service.settings import Settings
from api.service.uploads import BodyLimit
from planner.policy import load_policy


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service on ``settings.database_url`` (which must be migrated: ``migrate``)."""
    settings = settings or Settings()
    # The /docs page's Swagger UI served from the package, not a CDN: the service must work
    # where the internet does not reach (and a page should not load code from elsewhere).
    engine = make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()  # the pool's connections closed when the app stops, not when collected

    app = FastAPIOffline(
        title="visitplan",
        summary="Visiting-care rounds for elders: imports, weekly plans, visitors' days.",
        version="0.1.0",
        static_url="/static/docs",
        lifespan=lifespan,
    )
    app.state.services = Services(
        settings=settings,
        sessions=session_factory(engine),
        login_limiter=accounts.limiter(settings),
        policy=load_policy(),
    )
    install_problem_handlers(app)
    document_problems(app)
    # Inside the body limit (a refused body waits for no turn): a connection per request.
    app.add_middleware(Admission, at_once=REQUESTS_AT_ONCE, wait_s=3 * POOL_TIMEOUT_S)
    app.add_middleware(
        BodyLimit,
        upload_limit_bytes=settings.upload_limit_bytes,
        body_limit_bytes=settings.body_limit_bytes,
    )
    app.add_middleware(SecurityHeaders)  # the outermost: on the body limit's 413 too
    for router in (
        auth.router,
        imports.router,
        record_imports.router,
        proofs.router,
        spot_checks.router,
        plans.router,
        edits.router,
        visitors.router,
        elders.router,
        forms.router,
        profiles.router,
        visits.router,
        login.router,
        me.router,
        away.router,
        followups.router,
        surges.router,
        reports.router,
    ):
        app.include_router(router)
    app.mount(STATIC_LEAFLET, StaticFiles(directory=LEAFLET_DIR), name="leaflet")
    return app
