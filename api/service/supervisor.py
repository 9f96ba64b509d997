"""The plan worker beside ``visitplan serve``: started with the server, watched, started again
should it die or hang, and stopped with the server, leaving no process behind.

The worker touches a heartbeat file while it lives (``api.service.worker``); one whose file is
older than ``hang_s`` (stopped with SIGSTOP, stuck) is killed with everything it started, and a
new one started: the plan it held is failed by the next worker, as for any worker that died.
The watch starts at the worker's first beat, so a slow start is not taken for a hang.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import uvicorn
from fastapi import FastAPI

from api.service.processes import kill_tree
from api.service.worker import HEARTBEAT_FILE

logger = logging.getLogger("visitplan.serve")
STOP_GRACE_S = 30.0
"""How long a stopped worker may take to re-queue its plan before it is killed."""


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
STARTUP_FAILURE = 3
"""serve's exit status when uvicorn could not start (as ``uvicorn.run``'s)."""


def serve_beside_worker(
    app: Callable[[], FastAPI], *, host: str, port: int, env: dict[str, str], hang_s: float
) -> None:
    """Run uvicorn and the plan worker until a stop signal; stop the worker, then return."""
    # Until uvicorn takes the signals, and after (it sends itself again the one that stopped
    # it): a stop raises here, so that the worker is always stopped before serve ends.
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, _stopped)
    worker = WorkerProcess(env, hang_s=hang_s)
    try:
        worker.start()
        # proxy_headers off: uvicorn would take X-Forwarded-For from 127.0.0.1 on trust; the
        # app reads it from VISITPLAN_TRUSTED_PROXIES only (api.service.routers.auth).
        config = uvicorn.Config(app(), host=host, port=port, log_level="info", proxy_headers=False)
        server = _Server(config, on_stop=worker.ask_to_stop)
        server.run()
        if not server.started and not server.signalled:  # the app failed to start: logged
            raise SystemExit(STARTUP_FAILURE)
    except ServeStopped:
        pass
    finally:
        for stop_signal in STOP_SIGNALS:  # a second signal must not cut the worker's stop short
            signal.signal(stop_signal, signal.SIG_IGN)
        worker.stop()


class ServeStopped(Exception):
    """A stop signal arrived outside uvicorn's own handling."""


def _stopped(_signal: int, _frame: FrameType | None) -> None:
    raise ServeStopped


class _Server(uvicorn.Server):
    """uvicorn's server, stopping the worker at the first stop signal, while uvicorn finishes
    the requests under way."""

    def __init__(self, config: uvicorn.Config, *, on_stop: Callable[[], None]) -> None:
        super().__init__(config)
        self.on_stop = on_stop
        self.signalled = False

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.signalled = True
        self.on_stop()
        super().handle_exit(sig, frame)


class WorkerProcess:
    RESTART_PAUSE_S = 2.0
    WATCH_EVERY_S = 0.5

    def __init__(self, env: dict[str, str], *, hang_s: float) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="visitplan-worker-")
        self.heartbeat_file = Path(self._folder.name) / "heartbeat"
        self.env = {**env, HEARTBEAT_FILE: str(self.heartbeat_file)}
        self.hang_s = hang_s
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        """Held while the process is replaced or stopped, so that a stop never misses one."""
        self.process: subprocess.Popen[bytes] | None = None
        self.watcher = threading.Thread(target=self._watch, name="worker-watch", daemon=True)

    def start(self) -> None:
        self.process = self._spawn()
        self.watcher.start()

    def _spawn(self) -> subprocess.Popen[bytes]:
        self.heartbeat_file.unlink(missing_ok=True)
        return subprocess.Popen([sys.executable, "-m", "api.service.worker"], env=self.env)

    def _watch(self) -> None:
        while not self.stopping.is_set():
            assert self.process is not None
            try:
                status = self.process.wait(timeout=self.WATCH_EVERY_S)
            except subprocess.TimeoutExpired:
                self._kill_if_hung(self.process)
                continue
            if self.stopping.wait(self.RESTART_PAUSE_S):
                return
            with self.lock:
                if self.stopping.is_set():
                    return
                logger.warning("the plan worker stopped (status %s); starting it again", status)
                self.process = self._spawn()

    def _kill_if_hung(self, process: subprocess.Popen[bytes]) -> None:
        try:
            silent_s = time.time() - self.heartbeat_file.stat().st_mtime
        except FileNotFoundError:  # not started yet
            return
        if silent_s > self.hang_s:
            logger.warning(
                "the plan worker (pid %s) gave no sign of life for %.0f s: killing it",
                process.pid,
                silent_s,
            )
            kill_tree(process.pid)

    def ask_to_stop(self) -> None:
        """Tell the worker to stop (it queues its plan again), and its watch not to start
        another; the worker stops while uvicorn finishes the requests under way."""
        with self.lock:
            self.stopping.set()
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                self.process.terminate()

    def stop(self) -> None:
        """Stop the worker; kill it with all it started if it takes too long."""
        self.ask_to_stop()
        if self.process is not None:
            try:
                self.process.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                kill_tree(self.process.pid)
                self.process.wait()
        self._folder.cleanup()
