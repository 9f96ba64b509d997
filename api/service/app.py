"""The FastAPI application: routers, problem documents, the upload limit, and the state the
requests share (settings, the database's sessions, the login limiter)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from api.service import accounts
from api.service.db import make_engine, session_factory
from api.service.deps import Services
from api.service.headers import SecurityHeaders
from api.service.openapi_docs import document_problems
from api.service.pages import LEAFLET_DIR, STATIC_LEAFLET
from api.service.problems import install_problem_handlers
from api.service.routers import (
    auth,
    edits,
    elders,
    forms,
    imports,
    login,
    me,
    plans,
    profiles,
    proofs,
    record_imports,
    spot_checks,
    visitors,
    visits,
)
from api.service.settings import Settings
from api.service.uploads import UploadLimit
from planner.policy import load_policy


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service on ``settings.database_url`` (which must be migrated: ``migrate``)."""
    settings = settings or Settings()
    # The /docs page's Swagger UI served from the package, not a CDN: the service must work
    # where the internet does not reach (and a page should not load code from elsewhere).
    app = FastAPIOffline(
        title="visitplan",
        summary="Visiting-care rounds for elders: imports, weekly plans, visitors' days.",
        version="0.1.0",
        static_url="/static/docs",
    )
    engine = make_engine(settings.database_url)
    app.state.services = Services(
        settings=settings,
        sessions=session_factory(engine),
        login_limiter=accounts.limiter(settings),
        policy=load_policy(),
    )
    install_problem_handlers(app)
    document_problems(app)
    app.add_middleware(UploadLimit, limit_bytes=settings.upload_limit_bytes)
    app.add_middleware(SecurityHeaders)  # the outermost: on the upload limit's 413 too
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
    ):
        app.include_router(router)
    app.mount(STATIC_LEAFLET, StaticFiles(directory=LEAFLET_DIR), name="leaflet")
    return app
