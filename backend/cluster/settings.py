"""Where the Ray cluster is and how the server uses it (no Ray import here: the CLI checks these before
anything heavy is loaded)."""

from __future__ import annotations

import dataclasses
import os
import socket
from pathlib import Path

NAMESPACE = "mvportrait"
DEFAULT_CLIENT_PORT = 10001  # Ray Client's server on the head (`ray start --head` opens it)
DEFAULT_GCS_PORT = 6379


class ClusterUnavailable(RuntimeError):
    """The Ray cluster cannot be reached (or Ray is not installed); the message says what to check."""


@dataclasses.dataclass(frozen=True)
class ClusterAddress:
    """`kind`: "client" (ray://HOST:PORT, Ray Client: the server need not be a Ray node), "gcs" (HOST:PORT of
    the head's GCS: the server's machine must be a node of the cluster, `ray start --address ...`) or "auto"
    (the cluster this machine belongs to, else a Ray started by the server on this machine)."""

    kind: str
    host: str | None = None
    port: int | None = None

    @property
    def ray_address(self) -> str:
        if self.kind == "client":
            return f"ray://{self.host}:{self.port}"
        if self.kind == "gcs":
            return f"{self.host}:{self.port}"
        return "auto"

    def __str__(self) -> str:
        return self.ray_address


def parse_address(text: str) -> ClusterAddress:
    """`ray://HOST[:PORT]`, `HOST:PORT` or `auto`; ValueError with the accepted forms otherwise."""
    text = text.strip()
    if text == "auto":
        return ClusterAddress("auto")
    client = text.startswith("ray://")
    rest = text[len("ray://"):] if client else text
    host, sep, port_text = rest.rpartition(":")
    if not sep:
        host, port_text = rest, ""
    host = host.strip("[]")
    if not host or "/" in host or (not client and not port_text):
        raise ValueError(f"cluster address {text!r}: expected ray://HOST:PORT (Ray Client, port "
                         f"{DEFAULT_CLIENT_PORT} by default), HOST:PORT (the head's GCS, e.g. HOST:{DEFAULT_GCS_PORT}, "
                         f"from a machine that is a Ray node) or auto")
    try:
        port = int(port_text) if port_text else DEFAULT_CLIENT_PORT
    except ValueError:
        raise ValueError(f"cluster address {text!r}: port {port_text!r} is not a number") from None
    if not 1 <= port <= 65535:
        raise ValueError(f"cluster address {text!r}: port must be in [1, 65535]")
    return ClusterAddress("client" if client else "gcs", host, port)


def check_reachable(address: ClusterAddress, timeout_s: float) -> None:
    """A TCP connect to the head before Ray tries (Ray itself retries for a long time): ClusterUnavailable
    at once when nothing listens there."""
    if address.kind == "auto":
        return
    try:
        with socket.create_connection((address.host, address.port), timeout=timeout_s):
            pass
    except OSError as exc:
        what = "Ray Client server (ray start --head opens it on 10001)" if address.kind == "client" else \
            "head's GCS (ray start --head --port)"
        raise ClusterUnavailable(f"cannot reach the Ray cluster at {address}: {exc}; check that the {what} runs "
                                 f"there and that the port is open from this machine") from None


@dataclasses.dataclass(frozen=True)
class ClusterSettings:
    """`fallback` "local": render with local worker threads when the cluster cannot be reached at start or
    is lost later (None: refuse to start, or wait for the cluster to come back). `cpu_actors`: actors on CPU
    slots of `cpus_per_actor` each (None: none when the cluster has GPUs, else as many as its CPUs hold);
    one actor per GPU always. `chunk_seconds`: the render time a chunk of images aims at. `lost_after_s`:
    how long no actor may answer before the cluster counts as lost."""

    address: ClusterAddress
    fallback: str | None = None
    cpu_actors: int | None = None
    cpus_per_actor: float = 1.0
    gpu_actors: int | None = None
    chunk_seconds: float = 2.0
    # Chunks handed to one actor at once: the second waits at the actor, so it never idles between chunks.
    chunks_per_actor: int = 2
    max_chunk_images: int = 64
    connect_timeout_s: float = 5.0
    lost_after_s: float = 15.0

    def __post_init__(self):
        if isinstance(self.address, str):
            object.__setattr__(self, "address", parse_address(self.address))
        if self.fallback not in (None, "local"):
            raise ValueError(f"cluster fallback must be 'local' or none, got {self.fallback!r}")
        if self.cpu_actors is not None and self.cpu_actors < 0:
            raise ValueError("cpu_actors must be ≥ 0")
        if self.chunks_per_actor < 1:
            raise ValueError("chunks_per_actor must be ≥ 1")
        if self.cpus_per_actor <= 0 or self.chunk_seconds <= 0 or self.max_chunk_images < 1 or self.lost_after_s <= 0:
            raise ValueError("cpus_per_actor, chunk_seconds and lost_after_s must be positive, max_chunk_images ≥ 1")


def actor_counts(settings: ClusterSettings, resources: dict) -> tuple[int, int]:
    """(GPU actors, CPU actors) for a cluster with `resources` (ray.cluster_resources())."""
    gpus = int(resources.get("GPU", 0))
    n_gpu = gpus if settings.gpu_actors is None else min(settings.gpu_actors, gpus)
    if settings.cpu_actors is not None:
        n_cpu = settings.cpu_actors
    elif n_gpu:
        n_cpu = 0
    else:
        n_cpu = max(1, int(resources.get("CPU", 1) // settings.cpus_per_actor))
    return n_gpu, n_cpu


# How long the server's Ray driver waits for a lost head before Ray ends the whole process (Ray's default is
# 60 s): the server must outlive its cluster, to fall back to local workers or to wait for the head.
_DRIVER_GCS_PATIENCE_S = str(365 * 24 * 3600)


def prepare_driver_environment() -> None:
    """Before Ray is imported in the server (its configuration reads the environment once): the server's
    process survives a lost head, and joins with the cluster's token when this machine has it."""
    os.environ.setdefault("RAY_gcs_rpc_server_reconnect_timeout_s", _DRIVER_GCS_PATIENCE_S)
    use_token_if_present()


def use_token_if_present() -> bool:
    """Ray (2.5x and later) starts a cluster with token authentication when a token exists (~/.ray/auth_token,
    $RAY_AUTH_TOKEN or $RAY_AUTH_TOKEN_PATH), but a driver that joins an existing cluster sends its token only
    in token mode, and is refused without it. Set RAY_AUTH_MODE=token then (before Ray is imported, so that its
    configuration reads it); a RAY_AUTH_MODE the operator set is left alone. True when it was set here."""
    if "RAY_AUTH_MODE" in os.environ:
        return False
    token_path = os.environ.get("RAY_AUTH_TOKEN_PATH")
    if os.environ.get("RAY_AUTH_TOKEN") or Path(token_path or Path.home() / ".ray" / "auth_token").is_file():
        os.environ["RAY_AUTH_MODE"] = "token"
        return True
    return False
