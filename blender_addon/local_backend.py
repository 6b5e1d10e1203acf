"""The backend process Start Local Backend runs on this computer; unregister stops it.

Its log goes next to the connection file it is told to write. Starts are counted: a backend that keeps
exiting is not restarted more than `RESTART_LIMIT` times within `RESTART_WINDOW_S`.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
import subprocess
import time
from pathlib import Path

from . import props
from .vendored import network

RESTART_LIMIT = 3            # starts allowed within RESTART_WINDOW_S
RESTART_WINDOW_S = 120.0


@dataclasses.dataclass
class LocalBackend:
    process: subprocess.Popen
    log_path: Path
    command: list[str]


@dataclasses.dataclass
class Launched:
    """What this add-on started: the backend (at most one at a time) and when it started them."""

    backend: LocalBackend | None = None
    start_times: list[float] = dataclasses.field(default_factory=list)


LAUNCHED = Launched()


def running() -> bool:
    return LAUNCHED.backend is not None and LAUNCHED.backend.process.poll() is None


def start(context=None) -> LocalBackend:
    """Launch the backend command from the preferences, logging to a file next to the connection file."""
    if running():
        raise RuntimeError(f"the local backend is already running (pid {LAUNCHED.backend.process.pid})")
    now = time.monotonic()
    LAUNCHED.start_times = [t for t in LAUNCHED.start_times if now - t < RESTART_WINDOW_S] + [now]
    if len(LAUNCHED.start_times) > RESTART_LIMIT:
        log = LAUNCHED.backend.log_path if LAUNCHED.backend else "its log"
        raise RuntimeError(f"the local backend exited {RESTART_LIMIT} times within {RESTART_WINDOW_S:g} s; "
                           f"read {log} and fix the cause before starting it again")
    _, connection, _, _ = network()
    p = props.addon_preferences(context)
    command = shlex.split(p.backend_command if p is not None else "mvportrait serve")
    if not command:
        raise RuntimeError("the backend command in the add-on preferences is empty; set it to `mvportrait serve`")
    conn_file = props.connection_file(context) or str(connection.default_connection_file())
    if "--connection-file" not in command:
        command += ["--connection-file", conn_file]
    log_path = Path(conn_file).parent / "blender-backend.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "ab")
    try:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, env=dict(os.environ))
    except FileNotFoundError:
        raise RuntimeError(f"cannot run {command[0]!r}: install the MVPortrait backend (pip install mvportrait) "
                           f"or put the full path of its command in the add-on preferences") from None
    finally:
        log.close()
    LAUNCHED.backend = LocalBackend(process, log_path, command)
    return LAUNCHED.backend


def stop(timeout: float = 10.0) -> None:
    backend = LAUNCHED.backend
    if backend is None:
        return
    if backend.process.poll() is None:
        backend.process.terminate()
        try:
            backend.process.wait(timeout)
        except subprocess.TimeoutExpired:
            backend.process.kill()
            backend.process.wait(5)
    LAUNCHED.backend = None
