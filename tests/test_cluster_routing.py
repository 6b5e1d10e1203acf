"""The router on its own (no Ray): a free actor holding the job's portrait first, otherwise the least loaded."""

import pytest

from backend.cluster.routing import PORTRAITS_PER_ACTOR, ActorSlot, Router
from backend.cluster.settings import ClusterSettings, actor_counts, parse_address


def test_affinity_wins_when_the_holder_is_free_else_the_least_loaded():
    a, b, c = ActorSlot("a"), ActorSlot("b"), ActorSlot("c")
    router = Router([a, b, c])
    assert router.choose("p1") is a  # all equal: the first
    assert router.choose("p2") is b  # a is busy: least loaded
    router.done(a)
    router.done(b)
    assert router.choose("p2") is b and router.choose("p1") is a  # each portrait to its holder
    assert router.choose("p1") is c  # holder busy: a free one takes it (and holds it too)
    assert router.choose("p3") is None  # none free
    router.done(c)
    router.lost(c)
    assert not c.holds("p1") and router.choose("p1") is None  # a lost actor is out and forgot
    router.back(c)
    router.done(a)
    router.done(b)
    assert router.choose("p9") is c  # the emptiest cache takes a new portrait
    for i in range(PORTRAITS_PER_ACTOR + 1):
        router.done(c)
        router.choose(f"q{i}")
    assert len(c.portraits) <= PORTRAITS_PER_ACTOR


def test_cluster_addresses_and_actor_counts():
    assert parse_address("ray://head:10001").ray_address == "ray://head:10001"
    assert parse_address("ray://head").port == 10001
    assert parse_address("10.0.0.5:6379").kind == "gcs"
    assert parse_address("auto").kind == "auto"
    for bad in ("head", "ray://", "head:x", "head:70000"):
        with pytest.raises(ValueError):
            parse_address(bad)
    with pytest.raises(ValueError):
        ClusterSettings("auto", fallback="remote")
    assert actor_counts(ClusterSettings("auto"), {"CPU": 16.0, "GPU": 4.0}) == (4, 0)
    assert actor_counts(ClusterSettings("auto"), {"CPU": 2.0}) == (0, 2)
    assert actor_counts(ClusterSettings("auto", cpu_actors=1, cpus_per_actor=2), {"CPU": 8.0, "GPU": 1}) == (1, 1)


def test_the_actor_module_needs_neither_the_server_nor_its_transport():
    """Render machines run actors, not servers: the actor's imports stop short of zmq, SQLite and backend.server."""
    import os
    import subprocess
    import sys
    from pathlib import Path
    pytest.importorskip("ray")
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", "import sys, backend.cluster.actor; print(sorted(m for m in "
                          "('zmq', 'sqlite3', 'backend.server') if m in sys.modules))"], cwd=root, capture_output=True,
                         text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(root)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
