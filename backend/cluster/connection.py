"""Joining a Ray cluster as a driver: a quick reachability check first (Ray itself retries for a long time),
then `ray.init`, with Ray's token authentication switched on when this machine has the cluster's token."""

from __future__ import annotations

import logging

import ray

from .settings import (NAMESPACE, ClusterAddress, ClusterSettings, ClusterUnavailable, check_reachable,
                       use_token_if_present)

log = logging.getLogger("mvportrait.cluster")


def _use_token_if_present() -> None:
    """After `use_token_if_present` switched token mode on, Ray's configuration, read when Ray was imported,
    must read it again."""
    if use_token_if_present():
        try:
            from ray._raylet import Config  # private, but what Ray itself calls when it turns token mode on
            Config.initialize("")
        except (ImportError, AttributeError):  # another Ray version: the operator sets RAY_AUTH_MODE=token
            log.debug("could not refresh Ray's configuration for token mode")


def _init(address: str) -> None:
    _use_token_if_present()
    # Ray's own INFO lines would go to the server's stdout, whose first line scripts read.
    ray.init(address=address, namespace=NAMESPACE, log_to_driver=False, logging_level=logging.WARNING)


def connect(settings: ClusterSettings) -> bool:
    """Connect this process to the cluster; True when it started Ray here (and so shuts it down)."""
    check_reachable(settings.address, settings.connect_timeout_s)
    if ray.is_initialized():  # an embedding process (or a test) connected already
        return False
    try:
        if settings.address.kind == "auto":
            try:
                _init("auto")
            except ConnectionError:
                log.info("no Ray cluster on this machine: starting one inside the server")
                ray.init(namespace=NAMESPACE, include_dashboard=False, log_to_driver=False,
                         logging_level=logging.WARNING)
        else:
            _init(settings.address.ray_address)
    except Exception as exc:
        raise ClusterUnavailable(f"cannot connect to the Ray cluster at {settings.address}: "
                                 f"{type(exc).__name__}: {exc}") from None
    return True


def connect_only(address: ClusterAddress, timeout_s: float = 5.0) -> None:
    """Join an existing cluster as a driver (never start one: status of nothing is no status)."""
    check_reachable(address, timeout_s)
    if ray.is_initialized():
        return
    try:
        _init(address.ray_address)
    except Exception as exc:
        raise ClusterUnavailable(f"cannot connect to the Ray cluster at {address}: {type(exc).__name__}: {exc}") \
            from None
