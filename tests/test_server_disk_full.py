"""Issue 14 item 5: a full store disk fails the job with a clear message, the worker survives, the
server keeps answering (every `error` carries `reply_to`), a job that obviously will not fit is
refused at submit, and rendering resumes once space returns. The store is on a real tmpfs."""

from __future__ import annotations

import pytest

from backend.engines.debug import DebugEngine
from backend.server import Registry
from protocols.client import Client, ServerError
from protocols.messages import Error, Ping, Pong, Rejected
from tests.small_disk import fill, small_tmpfs
from tests.test_server_harness import RawPeer, frame_rows, render_request, running_server, wait_for


def test_a_full_store_disk_fails_the_job_and_the_server_recovers(tmp_path):
    with small_tmpfs(tmp_path / "disk", 4 * 2 ** 20) as disk, running_server(disk) as server, \
            Client(server.connection) as client:
        store = disk / "store"
        job = client.submit_render(render_request("big", frames=200, views=1, resolution=(512, 512),
                                                  options={"delay_ms": 40})).result(10)
        wait_for(lambda: server.store.get_job(job.job_id).done >= 2, what="two images on disk")
        frame_bytes = min((store / "spool" / "frames" / r[2][:2] / f"{r[2]}.png").stat().st_size
                          for r in frame_rows(store, job.job_id))
        assert frame_bytes > 40_000
        # Room for the database's next commits (a few 4 KiB pages), not for the next image.
        filler = fill(disk, leave_bytes=frame_bytes // 2 + 8192)
        wait_for(lambda: server.store.get_job(job.job_id).final, timeout=15, what="the job to stop")
        record = server.store.get_job(job.job_id)
        assert record.state == "failed" and "full" in record.error and str(disk) in record.error, record.error
        assert all(w.is_alive() for w in server.executor.workers)

        # Still serving: a ping is answered, and a job that cannot fit is refused at once, with reply_to.
        assert isinstance(client.ping().result(5), Pong)
        refused = client.submit_render(render_request("while full", frames=100, views=1,
                                                      resolution=(256, 256))).result(5)
        assert isinstance(refused, Rejected) and refused.code == "limit_exceeded" and refused.retryable
        assert "free" in refused.message and str(disk) in refused.message

        # Completely full: even the database cannot record the failure; the server answers all the same,
        # and the failure is recorded once there is room again.
        filler.unlink()
        second = client.submit_render(render_request("second", frames=200, views=1, resolution=(256, 256),
                                                     options={"delay_ms": 40})).result(10)
        wait_for(lambda: server.store.get_job(second.job_id).done >= 1, what="an image of the second job")
        filler = fill(disk, leave_bytes=0)
        answer = client.submit_render(render_request("no room at all", frames=2, views=1)).result(5)
        assert isinstance(answer, Rejected) and answer.retryable
        assert isinstance(client.ping().result(5), Pong)
        wait_for(lambda: not server.scheduler.active_ids(), timeout=15,
                 what="the second job to leave the workers")

        # Space comes back: the failure is on record and the next job renders, with the same worker.
        filler.unlink()
        wait_for(lambda: server.store.get_job(second.job_id).state == "failed", what="the second job's failure")
        assert "full" in server.store.get_job(second.job_id).error
        again = client.submit_render(render_request("after", frames=3, views=1)).result(5)
        wait_for(lambda: server.store.get_job(again.job_id).state == "completed", what="a job after space returned")


def test_internal_errors_carry_reply_to(tmp_path):
    class BrokenEngine(DebugEngine):
        """An engine plug-in with a bug in its option check."""

        name = "broken"

        def check_options(self, options):
            raise RuntimeError("a bug in an engine plug-in")

    registry = Registry()
    registry.register_engine("broken", BrokenEngine)
    with running_server(tmp_path, registry=registry, engines=("broken",)) as server:
        peer = RawPeer(server.connection)
        try:
            msg_id = peer.send(render_request("bug", engine="broken"))
            message, body = peer.recv()
            assert isinstance(body, Error) and body.code == "internal" and body.retryable
            assert message.header.reply_to == msg_id
            assert isinstance(peer.request(Ping()), Pong)
        finally:
            peer.close()
        with Client(server.connection) as client, pytest.raises(ServerError, match="internal"):
            client.submit_render(render_request("bug 2", engine="broken")).result(5)
