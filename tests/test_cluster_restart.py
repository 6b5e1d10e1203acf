"""Against a Ray head started with `ray start --head`: through Ray Client (ray://HOST:PORT), and the server with --cluster and the Ray head both killed with SIGKILL mid-job, then both started again: the
job resumes from the job store, each image recorded once, the client gets every frame once and in order.
The head runs as `ray start --head --block` in a session of its own, so killing its process group takes the
GCS, the raylet and the actors down together (a machine losing power, as far as Ray can tell)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from protocols.client import SERVER_RESTARTED, Client, ConnectionEvent
from protocols.connection import ConnectionInfo
from tests.test_server_harness import REPO, Received, frame_rows, render_request, server_process, wait_for

pytest.importorskip("ray")
pytestmark = pytest.mark.slow


def free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def descendants(root: int) -> list[int]:
    """Every process under `root`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class RayHead:
    """`ray start --head` on 127.0.0.1 with every port chosen here (other Rays may run on this machine)."""

    def __init__(self):
        self.temp = tempfile.mkdtemp(prefix="mvpr-", dir="/tmp")  # Ray's socket paths must stay short
        self.ports = free_ports(7)
        self.proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.ports[0]}"

    @property
    def client_address(self) -> str:
        return f"ray://127.0.0.1:{self.ports[1]}"

    def start(self) -> None:
        gcs, client, agent, agent_grpc, metrics, env_agent, _ = self.ports
        self.proc = subprocess.Popen(
            ["ray", "start", "--head", "--block", "--node-ip-address=127.0.0.1", f"--port={gcs}", "--num-cpus=2",
             "--object-store-memory=100000000", "--include-dashboard=false", "--disable-usage-stats",
             f"--ray-client-server-port={client}", f"--dashboard-agent-listen-port={agent}",
             f"--dashboard-agent-grpc-port={agent_grpc}", f"--metrics-export-port={metrics}",
             f"--runtime-env-agent-port={env_agent}", f"--temp-dir={self.temp}"],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, "PYTHONPATH": str(REPO)})

        def listening():  # the GCS, and Ray Client's server (it comes up last)
            try:
                for port in (gcs, client):
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return True
            except OSError:
                return False

        wait_for(listening, timeout=90, interval=0.2, what="the Ray head")

    def kill(self) -> None:
        """Every process of the head at once, as a machine losing power: the GCS, the raylet and its workers
        (the actors run in sessions of their own, and would go on serving the server directly)."""
        processes = descendants(self.proc.pid)
        os.killpg(self.proc.pid, signal.SIGKILL)
        for pid in processes:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(10)

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        shutil.rmtree(self.temp, ignore_errors=True)


def drain_stderr(proc: subprocess.Popen) -> list[str]:
    """The server's stderr read as it comes (a full pipe would stop a server that logs a lost cluster)."""
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True).start()
    return lines


def test_server_and_ray_head_killed_mid_job_resume_after_restart(tmp_path):
    store, connection_file = tmp_path / "store", tmp_path / "config" / "connection.json"
    head = RayHead()
    server = None
    client = None
    try:
        head.start()
        args = ("--client-timeout", "5", "--cluster", head.address, "--cluster-chunk-seconds", "0.5")
        server = server_process(store, connection_file, *args)
        drain_stderr(server)
        info = ConnectionInfo.load(connection_file)
        client = Client(info, window=8, heartbeat_s=0.2, timeout_s=1.0, backoff_s=(0.05, 0.5))
        job = client.submit_render(render_request("crash", frames=20, views=2, options={"delay_ms": 80})).result(30)
        client.subscribe(job.job_id)

        received = Received(client)

        wait_for(lambda: received.pull(lambda: len(received.frames) >= 6),
                 timeout=90, what="six frames before the kill")
        server.send_signal(signal.SIGKILL)
        head.kill()
        server.wait()
        done_before = {row[0] for row in frame_rows(store, job.job_id)}
        assert 6 <= len(done_before) < 40

        head.start()
        server = server_process(store, connection_file, *args)
        drain_stderr(server)

        wait_for(lambda: received.pull(lambda: received.completed(job.job_id, 40)),
                 timeout=120, what="the resumed job to finish streaming")
    finally:
        if client is not None:
            client.close()
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        head.close()

    assert any(isinstance(e, ConnectionEvent) and e.state == SERVER_RESTARTED for e in received.events)
    assert [f.index for f in received.frames] == list(range(40))  # exactly once, in order, across the crash
    rows = frame_rows(store, job.job_id)
    assert [r[0] for r in rows] == list(range(40))
    sessions: dict[str, set] = {}
    for index, _, _, _, session in rows:
        sessions.setdefault(session, set()).add(index)
    first, second = sorted(sessions.values(), key=min)
    assert first == done_before and second == set(range(40)) - done_before  # nothing rendered twice


def test_ray_client_address_renders_the_same_frames_and_status_lists_the_actors(tmp_path):
    """ray://HOST:PORT: the server need not be a Ray node (chunks come back whole: Ray Client cannot stream)."""
    from tests.test_cluster import render_all
    from tests.test_server_harness import running_server
    request = render_request("client", frames=4, views=2)
    with running_server(tmp_path / "local") as local:
        expected = render_all(local, request)
    head = RayHead()
    proc = None
    try:
        head.start()
        store, connection_file = tmp_path / "store", tmp_path / "config" / "connection.json"
        proc = server_process(store, connection_file, "--cluster", head.client_address)
        drain_stderr(proc)
        info = ConnectionInfo.load(connection_file)

        class _Server:  # what render_all needs of a server
            connection = info
        assert render_all(_Server, request) == expected
        status = subprocess.run([sys.executable, "-m", "backend.cli", "cluster", "status", "--cluster",
                                 head.client_address, "--timeout", "60"], cwd=REPO, capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
        head.close()
    assert status.returncode == 0, status.stderr
    rows = [line for line in status.stdout.splitlines() if line.startswith("mvportrait-render-")]
    assert len(rows) == 2 and all(" cpu " in row for row in rows), status.stdout
    assert sum(int(row.split()[5]) for row in rows) == 8  # the job's images, rendered on the actors


def test_a_lost_cluster_falls_back_to_local_workers_when_asked(tmp_path):
    """The head killed while the server renders on it: with --cluster-fallback local the job is finished by
    local workers, every image once, and the log says why."""
    store, connection_file = tmp_path / "store", tmp_path / "config" / "connection.json"
    head = RayHead()
    server = None
    try:
        head.start()
        server = server_process(store, connection_file, "--cluster", head.address, "--cluster-fallback", "local",
                                "--cluster-lost-after", "3", "--cluster-chunk-seconds", "0.5")
        log = drain_stderr(server)
        with Client(ConnectionInfo.load(connection_file), window=8) as client:
            job = client.submit_render(render_request("lost", frames=30, views=1,
                                                      options={"delay_ms": 100})).result(30)
            wait_for(lambda: len(frame_rows(store, job.job_id)) >= 4, timeout=90, what="four images on the cluster")
            head.kill()
            status = wait_for(lambda: (lambda s: s if s.final else None)(client.status(job.job_id).result(10)),
                              timeout=120, what="the job to finish on local workers")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        head.close()
    log = "".join(log)
    assert status.state == "completed" and status.done == 30
    assert [r[0] for r in frame_rows(store, job.job_id)] == list(range(30))
    assert "is lost" in log and "rendering with 1 local worker(s) (--cluster-fallback local)" in log
