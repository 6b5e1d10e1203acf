"""Server settings: where to listen, where to keep jobs, security, timing and hard limits."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from protocols.connection import config_dir
from protocols.messages import Limits

STORE_ENV = "MVPORTRAIT_STORE"
DEFAULT_SPOOL_LIMIT_BYTES = 20 * 2 ** 30


def default_store_dir() -> Path:
    """$MVPORTRAIT_STORE, else $XDG_DATA_HOME/mvportrait/server (~/.local/share/...)."""
    override = os.environ.get(STORE_ENV)
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mvportrait" / "server"


@dataclasses.dataclass(frozen=True)
class ServerSettings:
    """`address` is the bind address (127.0.0.1 keeps the server on this machine; 0.0.0.0 opens it
    to the network). `port` None reuses the connection file's port, or picks a free one on first
    start. `advertise` is the host name clients should dial when `address` is a wildcard.

    With `curve`, traffic is encrypted and only clients whose public key appears in
    `artists_file` (JSON `{"artist name": "Z85 public key"}`) may connect; each key is an artist.

    `engines` limits the engines offered to these names (None: every installed engine).
    `rebuild_store` indexes the spool's job folders the database does not know (see rebuild.py).
    `spool_limit_bytes` keeps the rendered images under that size, least recently used out first
    (None: no limit; see retention.py).
    """

    store_dir: Path = dataclasses.field(default_factory=default_store_dir)
    connection_file: Path = dataclasses.field(default_factory=lambda: config_dir() / "connection.json")
    address: str = "127.0.0.1"
    port: int | None = None
    advertise: str | None = None
    curve: bool = False
    artists_file: Path | None = None
    workers: int = 1
    max_active_jobs: int = 4
    heartbeat_s: float = 1.0
    client_timeout_s: float = 10.0
    progress_interval_s: float = 0.5
    max_clock_skew_s: float = 600.0
    engines: tuple[str, ...] | None = None
    limits: Limits = dataclasses.field(default_factory=Limits)
    # Rebuild the job index from the spool's job files at start (after a lost or damaged jobs.sqlite).
    rebuild_store: bool = False
    spool_limit_bytes: int | None = DEFAULT_SPOOL_LIMIT_BYTES
    spool_trim_interval_s: float = 60.0
    # Render on a Ray cluster (backend.cluster.settings.ClusterSettings); None: local worker threads.
    cluster: object | None = None

    def __post_init__(self):
        object.__setattr__(self, "store_dir", Path(self.store_dir))
        object.__setattr__(self, "connection_file", Path(self.connection_file))
        if self.artists_file is not None:
            object.__setattr__(self, "artists_file", Path(self.artists_file))
        if self.curve and self.artists_file is None:
            raise ValueError("CURVE needs an artists file (JSON: artist name → Z85 public key) to know "
                             "who may connect")
        if self.port is not None and not 1 <= self.port <= 65535:
            raise ValueError(f"port must be in [1, 65535], got {self.port}")
        if self.workers < 1 or self.max_active_jobs < self.workers:
            raise ValueError("workers must be ≥ 1 and max_active_jobs ≥ workers")
        if self.spool_limit_bytes is not None and self.spool_limit_bytes <= 0:
            raise ValueError(f"spool_limit_bytes must be positive or None (no limit), got {self.spool_limit_bytes}")
        if not 0 < self.heartbeat_s < self.client_timeout_s:
            raise ValueError("heartbeat_s must be positive and below client_timeout_s")

    @property
    def server_keypair_file(self) -> Path:
        return self.connection_file.with_name(self.connection_file.stem + ".server-curve.json")
