"""The server's way in: an executor on the cluster, or (with `--cluster-fallback local`) local workers when the
cluster cannot be reached. Ray is imported here, on first use, and nowhere on a server without a cluster."""

from __future__ import annotations

import logging

from backend.server.executor import Executor, LocalExecutor

from .settings import ClusterSettings, ClusterUnavailable, prepare_driver_environment

log = logging.getLogger("mvportrait.cluster")


def cluster_executor(settings: ClusterSettings, local_workers: int) -> Executor:
    try:
        prepare_driver_environment()
        try:
            from .executor import RayExecutor
        except ImportError as exc:
            raise ClusterUnavailable(f"Ray is not installed here ({exc}); install the cluster extra: "
                                     f"pip install 'mvportrait[cluster]'") from None
        return RayExecutor(settings, local_workers)
    except ClusterUnavailable as exc:
        if settings.fallback != "local":
            raise
        log.error("%s; rendering with %d local worker(s) instead (--cluster-fallback local)", exc, local_workers)
        return LocalExecutor(local_workers)
