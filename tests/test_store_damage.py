"""Issue 14 items 4 and 6: the store is the source of truth and says so when it is hurt. A lost,
emptied or garbage jobs.sqlite stops the server with a message naming the file and the choices, and
deletes nothing; `--rebuild-store` brings the jobs back from the spool's job files; a damaged or
missing stored image is rendered again instead of being served (real server, SQLite and files)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import cv2
import numpy as np
import pytest

from backend.cli import main
from backend.server.store import StoreDamaged
from protocols.client import Client
from protocols.messages import Frame, JobStatus
from tests.test_server_harness import collect, frame_rows, render_request, running_server, wait_for


def run_job(server, key: str, frames: int = 3, views: int = 2, **options) -> str:
    with Client(server.connection) as client:
        job = client.submit_render(render_request(key, frames=frames, views=views, options=options)).result(10)
    wait_for(lambda: server.store.get_job(job.job_id).final, what=f"job {key} to finish")
    return job.job_id


def spool_files(store) -> dict[str, bytes]:
    return {p.relative_to(store).as_posix(): p.read_bytes() for p in sorted((store / "spool").rglob("*"))
            if p.is_file()}


def database_files(store):
    return [store / name for name in ("jobs.sqlite", "jobs.sqlite-wal", "jobs.sqlite-shm")]


def stream_all(server, job_id: str, timeout: float = 20.0) -> tuple[list[Frame], JobStatus]:
    with Client(server.connection) as client:
        client.subscribe(job_id)
        return collect(client, job_id, timeout)


@pytest.mark.parametrize("damage", ["missing", "emptied"])
def test_a_lost_database_stops_the_server_and_deletes_nothing(tmp_path, damage):
    store = tmp_path / "store"
    with running_server(tmp_path) as server:
        run_job(server, "keep")
    before = spool_files(store)
    for path in database_files(store):
        path.unlink(missing_ok=True)
    if damage == "emptied":
        (store / "jobs.sqlite").write_bytes(b"")
    with pytest.raises(StoreDamaged) as caught:
        with running_server(tmp_path):
            pass
    message = str(caught.value)
    assert str(store / "jobs.sqlite") in message and "1 job" in message
    assert "Restore" in message and "mvportrait serve --rebuild-store" in message and "aside" in message
    assert spool_files(store) == before  # every job's inputs and images are still there


def test_a_garbage_database_gives_a_short_message_not_a_traceback(tmp_path, capsys):
    store = tmp_path / "store"
    (store / "spool").mkdir(parents=True)
    (store / "jobs.sqlite").write_bytes(b"this is not a database " * 200)
    code = main(["serve", "--store", str(store), "--connection-file", str(tmp_path / "c.json"), "--engine", "debug",
                 "--log-level", "ERROR"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 2, err
    assert str(store / "jobs.sqlite") in err and "--rebuild-store" in err
    assert (store / "jobs.sqlite").read_bytes().startswith(b"this is not a database")


def test_rebuild_store_brings_back_jobs_their_states_and_images(tmp_path):
    store = tmp_path / "store"
    with running_server(tmp_path) as server:
        done_id = run_job(server, "done")
        with Client(server.connection) as client:
            slow = client.submit_render(render_request("slow", frames=30, views=1, resolution=(96, 96),
                                                       options={"delay_ms": 100})).result(10)
            wait_for(lambda: server.store.get_job(slow.job_id).done >= 2, what="two images of the slow job")
            client.cancel(slow.job_id).result(10)
        canceled_done = server.store.get_job(slow.job_id).done
        done_hashes = [row[3] for row in frame_rows(store, done_id)]
    (store / "jobs.sqlite").write_bytes(b"garbage " * 100)
    for path in database_files(store)[1:]:
        path.unlink(missing_ok=True)
    with running_server(tmp_path, rebuild_store=True) as server:
        done, canceled = server.store.get_job(done_id), server.store.get_job(slow.job_id)
        assert done.artist == "local" and canceled.state == "canceled" and canceled.done == canceled_done
        frames, final = stream_all(server, done_id)
        assert final.state == "completed" and [f.sha256 for f in frames] == done_hashes
        assert all(hashlib.sha256(f.image.data).hexdigest() == f.sha256 for f in frames)
        assert server.counters.get("rendered") == 0  # every image came back from the spool
    kept = list(store.glob("jobs.sqlite.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"garbage")  # moved aside, not deleted


def test_an_older_database_never_deletes_newer_jobs(tmp_path):
    store = tmp_path / "store"
    with running_server(tmp_path) as server:
        run_job(server, "first")
        with sqlite3.connect(store / "jobs.sqlite") as db, sqlite3.connect(tmp_path / "backup.sqlite") as backup:
            db.backup(backup)
        second = run_job(server, "second")
    for path in database_files(store):
        path.unlink(missing_ok=True)
    shutil.copy(tmp_path / "backup.sqlite", store / "jobs.sqlite")  # a restored backup from before "second"
    with running_server(tmp_path) as server:
        assert server.store.get_job(second) is None
    assert (store / "spool" / "jobs" / second / "request.json").is_file()  # not deleted
    with running_server(tmp_path, rebuild_store=True) as server:
        assert server.store.get_job(second).state == "completed"


def frame_file(store: Path, row: tuple) -> Path:
    return store / "spool" / "frames" / row[2][:2] / f"{row[2]}.png"


def test_damaged_or_missing_stored_images_are_rendered_again(tmp_path):
    store = tmp_path / "store"
    with running_server(tmp_path) as server:
        job_id = run_job(server, "damaged")
        rows = frame_rows(store, job_id)
        truncated, deleted = frame_file(store, rows[1]), frame_file(store, rows[2])
        truncated.write_bytes(truncated.read_bytes()[:40])
        deleted.unlink()
        rendered = server.counters.get("rendered")
        frames, final = stream_all(server, job_id)
        assert final.state == "completed" and [f.index for f in frames] == list(range(6))
        for frame in frames:
            assert frame.state == "done" and hashlib.sha256(frame.image.data).hexdigest() == frame.sha256
            assert cv2.imdecode(np.frombuffer(frame.image.data, np.uint8), cv2.IMREAD_COLOR) is not None
        assert server.counters.get("rendered") == rendered + 2
        assert hashlib.sha256(truncated.read_bytes()).hexdigest() == frames[1].sha256  # the spool is whole again


def test_a_damaged_cached_image_is_never_reused(tmp_path):
    store = tmp_path / "store"
    with running_server(tmp_path) as server:
        first = run_job(server, "first")
        damaged = frame_file(store, frame_rows(store, first)[3])
        damaged.write_bytes(damaged.read_bytes()[:-20])
        again = run_job(server, "same inputs, another key")
        rows = {row[0]: row for row in frame_rows(store, again)}
        for index, row in rows.items():
            data = frame_file(store, row).read_bytes()
            assert hashlib.sha256(data).hexdigest() == row[3], index
        with sqlite3.connect(store / "jobs.sqlite") as db:
            cached = dict(db.execute("SELECT idx, cached FROM frames WHERE job_id = ?", (again,)).fetchall())
        assert cached[3] == 0 and sum(cached.values()) == 5
