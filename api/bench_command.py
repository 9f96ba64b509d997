"""``visitplan bench solomon``: one Solomon VRPTW instance solved by the routing engine, as JSON
(``benchmarks/solomon.py`` runs the whole set)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer


def add_bench_command(app: typer.Typer) -> None:
    bench_app = typer.Typer(help="Benchmarks of the routing engine.", no_args_is_help=True)
    bench_app.command("solomon")(bench_solomon)
    app.add_typer(bench_app, name="bench")


def bench_solomon(
    file: Annotated[
        Path, typer.Argument(help="A Solomon VRPTW instance (the standard text format).")
    ],
    seconds: Annotated[float, typer.Option(help="Time limit of the search.")] = 10.0,
    engine: Annotated[str, typer.Option(help="hgs (PyVRP, the default) or ortools.")] = "hgs",
    seed: Annotated[int, typer.Option(help="Random seed of the search.")] = 0,
) -> None:
    """Solve one Solomon instance; print JSON with routes (customer numbers), distance, vehicles."""

    from api.cli import UserError, guarded

    def run() -> None:
        from planner.engine.solver.solomon import (
            ENGINES,
            SolomonFormatError,
            check_solution,
            read_solomon,
            route_distance,
            solve_solomon,
        )

        if engine not in ENGINES:
            raise UserError(f"--engine {engine!r}: use one of {', '.join(ENGINES)}")
        try:
            instance = read_solomon(file)
        except FileNotFoundError:
            raise UserError(f"{file}: no such file") from None
        except (SolomonFormatError, UnicodeDecodeError) as error:
            raise UserError(str(error)) from None
        started = time.perf_counter()
        routes = solve_solomon(instance, seconds=seconds, engine=engine, seed=seed)
        result = {
            "instance": instance.name,
            "engine": engine,
            "routes": routes,
            "distance": route_distance(instance, routes),
            "vehicles": len(routes),
            "seconds": round(time.perf_counter() - started, 2),
            "problems": check_solution(instance, routes),
        }
        sys.stdout.write(json.dumps(result) + "\n")

    guarded(run)
